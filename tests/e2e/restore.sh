#!/bin/bash
# restore.sh — what ipctop leaves behind when it is ended by SIGINT, SIGTERM,
# SIGHUP or a crash (IPCTOP_TEST_CRASH=1) while it has children: a worker
# blocked in semop (P on a zero semaphore of the user's set) and a running
# scenario (--demo prodcons: producer, consumer, janitor). After each: the
# terminal is restored (echo, icanon, no alternate screen, cursor visible:
# exited_clean in lib.sh), every child is gone (pids recorded before; the
# wrapper `stress_helper reap` is a child subreaper, so it reaps whatever
# ipctop orphaned and logs it), the scenario's objects are removed and the
# user's set stays. tui_list.sh covers the same exits without children.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/helpers/stress_lib.sh"
USER_KEY=0x5eed7101
REAP_LOG=$E2E_TMP/reap.log PIDFILE=$E2E_TMP/ipctop.pid

# descendants PID — every descendant of PID, depth first.
descendants() {
	local c
	for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done
}
all_gone() { local p; for p in $1; do gone "$p" || return 1; done; }
# others — "KIND:ID" of every object but the user's set (ipcs -m, -s, -q).
others() {
	local k
	for k in m q s; do ipcs -"$k" | awk -v k="$k" -v u="$USER_KEY" '$1 ~ /^0x/ && $1 != u { print k ":" $2 }'; done | paste -sd' ' -
}
# start_reaped ENV ARGS... — ipctop under the reaping wrapper at 80x24;
# ENV is put before the command (e.g. IPCTOP_TEST_CRASH=1).
start_reaped() {
	local env=$1; shift
	rm -f "$REAP_LOG" "$PIDFILE"
	IPCTOP_BIN="ulimit -c 0; $env $SH reap $PIDFILE $REAP_LOG 3000 $IPCTOP_BIN" restart 80 24 "$@"
}
# reap_clean WHY MAIN_STATUS — the wrapper saw ipctop end with MAIN_STATUS
# ("exit 0", "signal 11") and no child of it outlived it by 3 s.
reap_clean() {
	local want=$2
	check "$1: the wrapper saw ipctop end with '$want' and nothing left ($(grep -v '^orphan' "$REAP_LOG" | paste -sd';' -))" \
		eval 'grep -qx "main [0-9]* $want" "$REAP_LOG" && grep -q "^all gone after" "$REAP_LOG" && ! grep -q "^left" "$REAP_LOG"'
}

SEM=$("$H" sem "$USER_KEY" 1 0600) || { echo "not ok - creating the user's set"; exit 1; }

for sig in INT TERM HUP; do
	start_reaped "" -d 5 --demo prodcons
	check "SIG$sig: ipctop starts the prodcons scenario (its stage, its objects made)" \
		eval 'wait_for "Stage: prodcons" 5 && until_true 2 eval "[ -n \"\$(others)\" ]"'
	keys Escape; wait_for "G brings the stage back" 3 # the list
	PID=$(cat "$PIDFILE" 2>/dev/null)
	check "SIG$sig: found the ipctop pid ($PID)" eval '[ -n "$PID" ] && grep -q ipctop /proc/$PID/cmdline'
	# The user's set: filter on its key, open it, P on semaphore 0 (value 0).
	keys /; wait_for "Filter:" 2; keys -l "$USER_KEY"; keys Enter
	wait_re "^>sem +$USER_KEY " 2 && keys Enter
	wait_for "Semaphore set $SEM  key $USER_KEY" 2 && keys -
	check "SIG$sig: '-' on the set's semaphore 0 (value 0) leaves a worker blocked (NCNT 1)" \
		eval 'wait_for "Waiters: 1 blocked, 1 ipctop worker" 3 && until_true 2 eval "[ \"\$(\"\$H\" semcnt \"\$SEM\" 0)\" = \"1 0\" ]"'
	worker=$(screen | sed -nE 's/^ #[0-9]+ +pid ([0-9]+) .*/\1/p' | head -n 1)
	kids=$(descendants "$PID" | paste -sd' ' -)
	objs=$(others)
	check "SIG$sig: ipctop has the worker ($worker) and the scenario's children: $kids (at least 4)" \
		eval '[ -n "$worker" ] && grep -qw "$worker" <<<"$kids" && [ "$(wc -w <<<"$kids")" -ge 4 ]'
	echo "# SIG$sig: children $kids; scenario objects $objs"
	kill -s "$sig" "$PID"
	exited_clean "SIG$sig" 0
	check "SIG$sig: every child is gone (/proc/PID) within 3 s: $kids" until_true 3 all_gone "$kids"
	reap_clean "SIG$sig" "exit 0"
	check "SIG$sig: the scenario's objects are removed ($objs; left: '$(others)')" \
		eval '[ -n "$objs" ] && [ -z "$(others)" ]'
	check "SIG$sig: the user's set stays, value 0, nobody waiting (NCNT 0)" \
		eval '[ "$("$H" semvals "$SEM")" = 0 ] && [ "$("$H" semcnt "$SEM" 0)" = "0 0" ]'
done

# The crash hook fires right after the first draw, before any key: no
# worker then, but the scenario is running. Its children are orphaned to
# the wrapper when ipctop dies; the log says what each one did.
start_reaped IPCTOP_TEST_CRASH=1 -d 5 --demo prodcons
exited_clean "crash (IPCTOP_TEST_CRASH=1, SIGSEGV)" "$CRASH_STATUS"
reap_clean "crash" "$CRASH_SIGNAL"
orphans=$(grep -c '^orphan' "$REAP_LOG")
echo "# crash: $(paste -sd';' "$REAP_LOG")"
check "crash: the scenario's children (producer, consumer, janitor) were orphaned and all ended ($orphans of 3)" \
	test "$orphans" -ge 3
check "crash: the scenario's objects are removed, the user's set stays (others: '$(others)')" \
	eval '[ -z "$(others)" ] && [ "$("$H" semvals "$SEM")" = 0 ]'

"$H" rmall
