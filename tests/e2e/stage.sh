#!/bin/bash
# stage.sh — the classroom stage (issue 13), read from the captured screen
# and checked against the kernel and /proc (each stage's layout in both
# languages at two sizes: stage_layout.sh; step mode in all six:
# stage_step.sh):
# - projector mode at 80 columns: the header a bar to the right edge, the
#   list keeping ATT/MSG, CPID and LPID;
# - the big digits: a set holding 12345, 6789 and 0 in projector mode is
#   decoded back from the half blocks with the bitmaps of src/base/bigfont.c;
#   the semaphore another process waits on is marked and names it; a set of
#   40 at 80x24 scrolls with the cursor and says which are shown;
# - on a terminal that is not UTF-8 the digits are drawn in ASCII;
# - process titles: ps -o comm shows ipctop:producer, ipctop:consumer,
#   ipctop:janitor, and the argument area (ps -o args) the role too;
# - step mode: paused, each n adds exactly one operation to the timeline;
# - deadlock: the banner within 3 s of the cycle (both workers in semop,
#   GETNCNT 1 on A and B), naming both pids; gone within 3 s of + (a V);
# - signals: blocked, two SIGUSR1 and two SIGRTMIN+1 (values 11, 22) sent
#   with k (which offers the receiver and SIGUSR1), unblocked: the table
#   says SIGUSR1 sent 2 delivered +1, SIGRTMIN+1 sent 2 delivered +2 with
#   both values, as the receiver counted them in its control block;
# - k never offers ipctop's own pid nor its janitor's (on every object of a
#   scenario, in the list and the detail); typed, the question says so;
# - the detail views name a scenario object's role and its semaphores.
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
export LANG=C.UTF-8 LC_ALL=C.UTF-8

# objects — how many objects ipcs lists.
objects() { ipcs | grep -c '^0x'; }
# --- the big digits, decoded from the screen -----------------------------------------
SEM=$("$H" sem 0x51a6e001 3 0600)
"$H" setall "$SEM" 12345 6789 0 >/dev/null
"$H" semwait "$SEM" 2 >/dev/null & # any process blocked on semaphore 2 (value 0)
WAITER=$!
until_true 3 eval '[ "$("$H" semcnt "$SEM" 2)" = "1 0" ]'
restart 80 24 -P -d 5
# Projector mode at 80 columns keeps what lessons need, and its header is a bar.
bar_width() { tm capture-pane -e -p -t "$SESSION" | head -n 1 | grep -qE $'\e\\[(7|4[0-7])m' &&
	tm capture-pane -e -p -t "$SESSION" | head -n 1 | sed 's/\x1b\[[0-9;]*m//g' | awk '{ exit length($0) != 80 }'; }
check "-P: the header is a bar (reverse or a background) to the right edge" until_true 3 bar_width
keys 4
check "-P at 80 columns, all objects: ATT/MSG, CPID and LPID stay" wait_re "KIND +KEY .*ATT/MSG +CPID +LPID" 3
keys 1
check "-P at 80 columns, segments: NATTCH, CPID and LPID stay" wait_re "NATTCH.* CPID +LPID" 3
keys 3 Enter
check "projector detail of the set (labels of its 3 semaphores)" wait_for "sem 2  ncnt 1" 3
# decode COL — the number drawn in 3 rows of half blocks under the first
# label row ("sem 0") from column COL, read with the bitmaps of bigfont.c.
decode() {
	screen | python3 -c '
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
maps = re.findall(r"\{ (\"[.#]{4}\"(?:, \"[.#]{4}\"){5}) \}, /\* (.) \*/", src)
glyphs = {tuple(x.strip("\" ") for x in bits.split(",")): ch for bits, ch in maps}
assert len(glyphs) == 11, len(glyphs)
lines = sys.stdin.read().split("\n")
top = next(i for i, l in enumerate(lines) if "sem 0" in l) + 1
col = int(sys.argv[2])
px = {" ": "..", "\u2580": "#.", "\u2584": ".#", "\u2588": "##"}
rows = [l[col:col + 24].ljust(24) for l in lines[top:top + 3]]
out = ""
x = 0
while x + 4 <= len(rows[0]) and any(r[x:x + 4].strip() for r in rows):
    bits = [""] * 6
    for r in range(3):
        for c in range(4):
            up, down = px.get(rows[r][x + c], "??")
            bits[2 * r] += up
            bits[2 * r + 1] += down
    out += glyphs.get(tuple(bits), "?")
    x += 5
print(out)' "$(dirname "$0")/../../src/base/bigfont.c" "$1"
}
semvals=$("$H" semvals "$SEM")
got="$(decode 3) $(decode 29) $(decode 55)"
check "the big digits read back as the kernel's values ($semvals): '$got'" test "$got" = "$semvals"
check "the semaphore someone waits on is marked (⊘ sem 2) and names its waiter: ipc_helper ($WAITER) waits: P" \
	eval 'screen | grep -q "⊘ sem 2  ncnt 1" && screen | grep -qF "⊘ ipc_helper ($WAITER)" && screen | grep -qE "waits: P *$"'
keys q; wait_exit 5 >/dev/null
kill "$WAITER"; wait "$WAITER" 2>/dev/null
"$H" rm s "$SEM"

# --- a set larger than the screen: the projector detail scrolls and says so -------------
SEM=$("$H" sem 0x51a6e003 40 0600)
restart 80 24 -P -d 5
keys 3 Enter
check "a set of 40 at 80x24: the projector detail says which are shown (semaphores 0-N of 40)" \
	wait_re "semaphores 0-[0-9]+ of 40 shown: the arrows scroll" 3
for _ in $(seq 14); do keys Down; done
check "scrolled with the cursor to sem 39: it is on screen, sem 0 is not, the note says N-39 of 40" \
	until_true 3 eval 'screen | grep -qE "semaphores [1-9][0-9]*-39 of 40 shown" && screen | grep -q "> sem 39 " && ! screen | grep -qE " sem 0 "'
keys q; wait_exit 5 >/dev/null
"$H" rm s "$SEM"

# --- a terminal that is not UTF-8: the big digits in ASCII -----------------------------
export LANG=C LC_ALL=C
restart 80 24 -P -d 5 --demo prodcons
check "LANG=C: the stage's big digits drawn with # \" _ (no half blocks)" \
	eval 'wait_re "^ Stage: prodcons " 5 && [ "$(screen | sed -n 3,5p | grep -c "[#_\"]")" -eq 3 ] && ! screen | grep -q "[▀▄█]"'
keys q; wait_exit 5 >/dev/null
export LANG=C.UTF-8 LC_ALL=C.UTF-8

# --- process titles, k, step mode (prodcons) --------------------------------------------
restart 100 30 -P -d 5 --demo prodcons
wait_re "^ Stage: prodcons " 5
PID=$(ipctop_pid)
comms() { ps -o comm= --ppid "$PID" | sort | paste -sd' ' -; }
check "ps -o comm of ipctop's children: ipctop:consumer ipctop:janitor ipctop:producer ($(comms))" \
	until_true 3 eval '[ "$(comms)" = "ipctop:consumer ipctop:janitor ipctop:producer" ]'
prod=$(pgrep -P "$PID" -x ipctop:producer)
check "ps -o args of the producer starts with its role ($(ps -o args= -p "$prod"))" \
	eval 'ps -o args= -p "$prod" | grep -q "^ipctop:producer"'
# k on the list with the control block selected (created by ipctop): no pid offered.
keys Escape; wait_for "G brings the stage back" 3
keys 1; sleep 0.5
keys k
check "k on the scenario's segment (created by ipctop, pid $PID) offers no pid" \
	eval 'wait_for "Send a signal" 3 && ! form_line pid | grep -qw "$PID"'
keys -l "$PID"; keys Enter
check "typed, ipctop's pid: the question says it is ipctop itself" wait_for "This is ipctop itself" 3
keys n
check "answered n: ipctop is still running" eval 'sleep 0.5; kill -0 $PID'
# Nor its janitor's (a child of ipctop that removes the objects if ipctop
# dies): k on each of the scenario's objects, in the list and in its detail
# (with its process rows), never offers it.
jan=$(pgrep -P "$PID" -x ipctop:janitor)
keys 4
sleep 0.5
offered="" nobj=$(objects)
for _ in $(seq "$nobj"); do
	for where in list detail; do
		[ $where = detail ] && { keys Enter; sleep 0.5; }
		keys k
		wait_for "Send a signal" 3 && offered="$offered $where:$(form_line pid | awk '{ print $2 ~ /^[0-9]+$/ ? $2 : "none" }')"
		keys Escape
		[ $where = detail ] && { sleep 0.3; keys Escape; }
		sleep 0.3
	done
	keys Down
done
check "k on each of the $nobj objects, list and detail, never offers the janitor ($jan) nor ipctop:$offered" \
	eval '[ -n "$jan" ] && [ $(wc -w <<<"$offered") = $((2 * nobj)) ] && ! grep -qw -e "$jan" -e "$PID" <<<"${offered//:/ }"'
keys 1
sleep 0.5
keys k
wait_for "Send a signal" 3
keys -l "$jan"; keys Enter
check "typed, the janitor's pid: the question says it is a janitor" wait_for "This is a scenario's janitor" 3
keys n
check "answered n: the janitor is still there" eval 'sleep 0.5; kill -0 $jan'
# The scenario's objects carry their role names in the detail view too.
keys Down Enter
check "the ring buffer's detail names its role ([prodcons: ring buffer])" wait_for "[prodcons: ring buffer]" 3
keys Escape 3 Enter
check "the set's detail names its semaphores (empty, full, mutex)" \
	eval 'wait_re "empty +ncnt [0-9]+ zcnt" 3 && screen | grep -qE "full +ncnt" && screen | grep -qE "mutex +ncnt"'
keys Escape; keys G
check "G brings the stage back" wait_re "^ Stage: prodcons " 3
ops() { screen | grep -oE '^[0-9]+ ops' | head -n 1 | cut -d' ' -f1; }
keys Space
check "Space pauses at the gates (PAUSED: n steps...)" wait_for "PAUSED: n steps" 3
sleep 0.6
for i in 1 2 3 4 5 6; do
	before=$(ops)
	keys n
	until_true 2 eval '[ "$(ops)" != "$before" ]'
	sleep 0.4
	after=$(ops)
	check "step $i: n adds exactly one operation ($before -> $after)" test "$after" = $((before + 1))
done
check "the timeline marks who moved (▶)" eval 'screen | grep -q "▶"'
keys q; wait_exit 5 >/dev/null

# --- deadlock ----------------------------------------------------------------------------
restart 100 30 -P -d 5 --demo deadlock
wait_re "^ Stage: deadlock " 5
PID=$(ipctop_pid)
w1=$(pgrep -P "$PID" -x ipctop:worker-1) w2=$(pgrep -P "$PID" -x ipctop:worker-2)
dsem=$(ipcs -s | awk '$1 ~ /^0x/ { print $2; exit }') # its only set
cycle() { [ "$("$H" semcnt "$dsem" 0)" = "1 0" ] && [ "$("$H" semcnt "$dsem" 1)" = "1 0" ]; }
check "both workers ($w1, $w2) block in semop: GETNCNT 1 on A and on B" until_true 5 cycle
t0=$(now_ms)
check "the DEADLOCK banner within 3 s of the cycle" wait_for "DEADLOCK for" 3
echo "# banner after $(($(now_ms) - t0)) ms"
check "the cycle names both pids" eval 'screen | grep "waits for" | grep -q "pid $w1" && screen | grep "waits for" | grep -q "pid $w2"'
keys +
check "+ (a V on A) ends it: the banner gone within 3 s" wait_gone "DEADLOCK for" 3
keys q; wait_exit 5 >/dev/null

# --- signals --------------------------------------------------------------------------
restart 100 30 -P -d 5 --demo signals
wait_re "^ Stage: signals " 5
PID=$(ipctop_pid)
recv=$(pgrep -P "$PID" -x ipctop:receiver)
row() { screen | grep -E "^ $1 " | head -n 1 | tr -s ' '; }
keys b
check "b blocks the receiver's signals (SigBlk has SIGUSR1)" \
	until_true 3 eval '[ $(( 0x$(awk "/^SigBlk/ {print \$2}" /proc/$recv/status) >> 9 & 1 )) = 1 ]'
usr1_before=$(row 'SIGUSR1 \(10\)' | cut -d' ' -f5) rt_before=$(row 'SIGRTMIN\+1 \(35\)' | cut -d' ' -f5)
# send SIG [VALUE] — k on the stage (the receiver is the cursor's process).
send() {
	keys k
	wait_for "Send a signal" 3 || return 1
	form_line pid | grep -qw "$recv" || { echo "# pid not offered"; return 1; }
	if [ "$1" = USR1 ]; then
		form_line signal | grep -qw USR1 || { echo "# USR1 not the default"; return 1; }
	else
		keys C-u; keys -l "$1"
	fi
	[ -n "${2:-}" ] && { keys Tab; type_field "$2"; }
	keys Enter; wait_for "Send it?" 3 && keys y
	wait_gone "Send it?" 3
}
check "k offers the receiver ($recv) and SIGUSR1: sent twice" eval 'send USR1 && send USR1'
check "k sends SIGRTMIN+1 with values 11 and 22" eval 'send RTMIN+1 11 && send RTMIN+1 22'
check "pending while blocked (the SIGUSR1 row says yes)" until_true 3 eval 'row "SIGUSR1 \\(10\\)" | grep -q yes'
keys b
want_u=$((usr1_before + 1)) want_r=$((rt_before + 2))
check "unblocked: SIGUSR1 sent 2 delivered $want_u (merged), SIGRTMIN+1 sent 2 delivered $want_r, values 11 22" \
	until_true 3 eval '[ "$(row "SIGUSR1 \\(10\\)" | cut -d" " -f4,5)" = "2 $want_u" ] && row "SIGRTMIN\\+1 \\(35\\)" | grep -qE "^ SIGRTMIN\\+1 \\(35\\) 2 $want_r .* 11 22$"'
echo "# $(row 'SIGUSR1 \(10\)') / $(row 'SIGRTMIN\+1 \(35\)')"
# What the receiver counted itself: uint32 at offset 28 + 4*signo of its control block.
ctl=$(ipcs -m | awk '$1 ~ /^0x/ { print $2; exit }')
# le32 HEX — the little-endian uint32 shmread prints, in decimal.
le32() { local h=$1; echo $((16#${h:6:2}${h:4:2}${h:2:2}${h:0:2})); }
counted="$(le32 "$("$H" shmread "$ctl" $((28 + 4 * 10)) 4)") $(le32 "$("$H" shmread "$ctl" $((28 + 4 * 35)) 4)")"
check "as the receiver counted them (control block: $counted)" test "$counted" = "$want_u $want_r"
keys q; wait_exit 5 >/dev/null

stop_server
