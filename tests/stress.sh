#!/bin/bash
# stress.sh IPCTOP_BIN — `make stress`: ipctop at -d 1 in tmux for
# STRESS_SECONDS (60) under everything tests/e2e/churn.sh does, at once and
# for longer: the churner (objects created, removed, IPC_SET, attached and
# detached as fast as it goes), SIGALRM every 1 ms from outside, bursts of
# SIGWINCH (tmux resizes 80x24 / 100x30 / 60x20) and keys (details of
# vanishing objects, help, the log and events panes, views). Samples
# ipctop's VmRSS and open descriptors every 5 s and fails when the RSS grows
# more than 20% over the sample after the 10 s warm-up, or the descriptors
# grow at all. Prints the samples, ok/not ok lines and "N passed, N failed".
set -u
IPCTOP_BIN=$(realpath "$1") || exit 2
export IPCTOP_BIN LANG=C.UTF-8 LC_ALL=C.UTF-8
unset TMUX
if [ "$(readlink /proc/self/ns/ipc)" = "$(readlink /proc/1/ns/ipc 2>/dev/null)" ] && [ -z "${IPCTOP_TEST_ANY_NS:-}" ]; then
	echo "stress.sh: not in a private IPC namespace (use make stress)" >&2
	exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/e2e/lib.sh"
. "$HERE/e2e/helpers/stress_lib.sh"
TOTAL=${STRESS_SECONDS:-60} STEP=5 WARMUP=10
RESULTS=$E2E_TMP/results
# Every check line also goes to RESULTS for the summary.
check() {
	local desc=$1; shift
	if "$@"; then echo "ok - $desc"; else echo "not ok - $desc"; echo "--- screen:"; screen; fi | tee -a "$RESULTS"
}

"$H" shm 0x5eed7301 65536 0640 >/dev/null && "$H" msg 0x5eed7302 0600 >/dev/null &&
	"$H" sem 0x5eed7303 4 0666 >/dev/null || { echo "not ok - creating objects"; exit 1; }
restart 80 24 -d 1
check "ipctop starts and lists the objects" wait_for 0x5eed7303 5
PID=$(ipctop_pid)
check "found the ipctop pid ($PID)" eval '[ -n "$PID" ] && grep -q ipctop /proc/$PID/cmdline'
[ -n "$PID" ] || { echo "0 passed, 1 failed"; exit 1; }

nice -n 10 "$SH" churn "$TOTAL" >"$E2E_TMP/churn.out" 2>&1 &
CHURN=$!
"$SH" storm "$PID" "$TOTAL" 1000 >"$E2E_TMP/storm.out" 2>&1 &
STORM=$!
# KEYSETS: one burst of keys per step, in turn.
KEYSETS=("Enter Escape" "? NPage Escape" "l Enter l" "E Enter E" "3 Enter Escape 4" "Tab Tab BTab BTab 4")
start=$(now_ms) step=0 dead=0 resizes=0
declare -a RSS FDS
echo "# samples (every ${STEP} s; churn, 1 ms SIGALRM, resize bursts and keys all the time)"
printf '# %6s %10s %5s\n' "t(s)" "VmRSS(kB)" "fds"
while :; do
	t=$((step * STEP))
	# Wait for the mark (the load goes on meanwhile).
	until_true "$STEP" eval '[ "$(now_ms)" -ge $((start + t * 1000)) ]'
	alive "$PID" || { dead=1; break; }
	RSS[step]=$(rss_kb "$PID") FDS[step]=$(fd_count "$PID")
	printf '# %6d %10d %5d\n' "$t" "${RSS[step]}" "${FDS[step]}"
	[ "$t" -ge "$TOTAL" ] && break
	resize_burst 2 "$PID"
	resizes=$((resizes + RESIZES)) dead=$((dead + DEAD))
	# shellcheck disable=SC2086 # a list of key names
	keys ${KEYSETS[$((step % ${#KEYSETS[@]}))]}
	step=$((step + 1))
done
wait "$CHURN"; crc=$?
wait "$STORM"; src=$?
echo "# churner: $(cat "$E2E_TMP/churn.out")"
echo "# storm: $(cat "$E2E_TMP/storm.out"), $resizes resizes"

check "ipctop was alive at every sample and resize ($((${#RSS[@]})) samples over ${TOTAL} s)" \
	eval '[ "$dead" -eq 0 ] && [ "${#RSS[@]}" -ge $((TOTAL / STEP)) ] && alive "$PID"'
base_i=$((WARMUP / STEP)) max=0
for i in "${!RSS[@]}"; do [ "$i" -gt "$base_i" ] && [ "${RSS[i]}" -gt "$max" ] && max=${RSS[i]}; done
base=${RSS[base_i]:-0}
check "VmRSS after the ${WARMUP} s warm-up grows at most 20% (at ${WARMUP} s: $base kB, later max: $max kB)" \
	eval '[ "$base" -gt 0 ] && [ $((max * 100)) -le $((base * 120)) ]'
fmax=0
for f in "${FDS[@]}"; do [ "$f" -gt "$fmax" ] && fmax=$f; done
check "open descriptors never grow (at 0 s: ${FDS[0]}, max: $fmax)" test "$fmax" -le "${FDS[0]}"
check "the churner ran without an unexpected error" test "$crc" -eq 0
check "the storm sent SIGALRM every 1 ms to the end ($(cat "$E2E_TMP/storm.out"))" \
	eval '[ "$src" -eq 0 ] && [ "$(sed -nE "s/^sent ([0-9]+) .*/\1/p" "$E2E_TMP/storm.out")" -ge $((TOTAL * 300)) ]'
keys Escape Escape
until_true 1 false
keys '?'
check "after the load a key answers within 1 s: '?' shows the help" wait_for "Help — keys" 1
keys Escape
check "at 80x24 the screen is intact: 'ipctop' first, 'Help' last" until_true 1 layout_80x24
a=$(unclocked); keys C-l
check "a full redraw (^L) draws the same screen" until_true 1 eval '[ "$(unclocked)" = "$a" ]'
keys q
check "q quits cleanly (exit 0)" eval '[ "$(wait_exit 5)" = 0 ]'
"$H" rmall
p=$(grep -c '^ok ' "$RESULTS") f=$(grep -c '^not ok ' "$RESULTS")
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
