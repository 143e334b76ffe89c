#!/bin/bash
# stage_step.sh — step mode on the classroom stage (issue 13, item 7), for
# each of the six scenarios, read from the captured screen:
# - paused (Space; daemon starts paused), each n adds exactly one operation
#   to the timeline (its head's "N ops" grows by one) and the newest row is
#   the stepped one (marked ▶); nothing moves between presses; homework
#   says its bars are the rates from before the pause;
# - signals: a step delivers one pending signal: two SIGUSR1 sent while
#   paused arrive as one delivery, two SIGRTMIN+1 as two, in steps; with
#   them blocked, n says they stay pending until b unblocks them;
# - deadlock: once the cycle holds nobody can move (n says so); a V (+)
#   frees a worker, whose next operations are then steps;
# - daemon: stepping through recipe A one call at a time, the process
#   table shows what each call did (setsid: PGID = SID = PID; fork and the
#   parent's exit: a new PID whose PPID is the launcher, SID the old one;
#   chdir: CWD /; umask: 0000; the files: 3 open), then recipe B (setsid in
#   the daemon: it leads its session) through Enter on its lane.
. "$(dirname "$0")/lib.sh"
export LANG=C.UTF-8 LC_ALL=C.UTF-8

ops() { screen | grep -oE '^[0-9]+ ops' | head -n 1 | cut -d' ' -f1; }
# newest — the timeline's last row (a time, then the lanes).
newest() { screen | grep -E '^[0-9]+\.[0-9]+ ' | tail -n 1; }
# step_ok LABEL KEY — KEY (n, or Enter: the cursor's process) adds exactly
# one operation, the newest row marked as the stepped one.
step_ok() {
	local before after
	before=$(ops)
	keys "$2"
	until_true 3 eval '[ "$(ops)" != "$before" ]'
	sleep 0.4 # room for a second operation, which must not come
	after=$(ops)
	check "$1: $2 adds exactly one operation ($before -> $after)" test "$after" = $((before + 1))
	check "$1: the newest row is the stepped one (▶): $(newest)" eval 'newest | grep -q "▶"'
}
# still LABEL — paused, nothing moves by itself.
still() {
	local before; before=$(ops)
	sleep 1.2
	check "$1: paused, no operation in 1.2 s (${before} ops)" test "$(ops)" = "$before"
}
open_paused() {
	restart 100 34 -P -d 5 --demo "$1"
	wait_re "^ Stage: $1 " 5
	sleep 0.8
	if [ "$1" != daemon ]; then keys Space; fi
	check "$1: paused (PAUSED: n steps one operation)" wait_for "PAUSED: n steps" 3
	sleep 0.5
}

# --- prodcons, chat, homework: n, a few times ------------------------------------------
for name in prodcons chat homework; do
	open_paused $name
	if [ $name = homework ]; then
		check "homework: paused, the first line says the bars are the rates from before the pause" \
			wait_for "paused: the rates are from before the pause; n: one round trip" 2
	fi
	still $name
	for i in 1 2 3 4 5; do step_ok "$name step $i" n; done
	keys q; wait_exit 5 >/dev/null
done

# --- signals: one pending signal a step -------------------------------------------------
open_paused signals
PID=$(ipctop_pid)
recv=$(pgrep -P "$PID" -x ipctop:receiver)
still signals
kill -USR1 "$recv"; kill -USR1 "$recv"
kill -s RTMIN+1 "$recv"; kill -s RTMIN+1 "$recv"
check "signals: sent while paused, they stay pending (SigPnd/ShdPnd has SIGUSR1 and SIGRTMIN+1)" \
	eval '[ $(( (0x$(awk "/^ShdPnd/ {print \$2}" /proc/$recv/status) >> 9) & 1 )) = 1 ] &&
		[ $(( (0x$(awk "/^ShdPnd/ {print \$2}" /proc/$recv/status) >> 34) & 1 )) = 1 ]'
# The lowest number first: SIGUSR1 (10), the timer's SIGALRM (14) whenever
# it is pending again, then SIGRTMIN+1 (35), one of its queue a step.
usr1=0 rt=0 n=0
while [ $n -lt 10 ] && [ $rt -lt 2 ]; do
	n=$((n + 1))
	step_ok "signals step $n" n
	case $(newest) in
	*SIGUSR1*) usr1=$((usr1 + 1)) ;;
	*SIGRTMIN+1*) rt=$((rt + 1)) ;;
	esac
done
check "signals: in $n steps SIGUSR1 delivered once (merged: $usr1), SIGRTMIN+1 twice (queued: $rt)" \
	test "$usr1 $rt" = "1 2"
check "signals: nothing of theirs pending any more (ShdPnd)" \
	eval '[ $(( (0x$(awk "/^ShdPnd/ {print \$2}" /proc/$recv/status) >> 9) & 1 )) = 0 ] &&
		[ $(( (0x$(awk "/^ShdPnd/ {print \$2}" /proc/$recv/status) >> 34) & 1 )) = 0 ]'
# Blocked, a step cannot deliver: n says why (not "a V or a message").
keys b
check "signals: b blocks them (the status names the sigprocmask)" status_has "SIG_BLOCK" 3
kill -USR1 "$recv"
for i in 1 2 3; do keys n; sleep 0.5; status_contains "until b unblocks them" && break; done
check "signals: blocked, n says they stay pending until b unblocks them" status_has "until b unblocks them" 2
keys b
keys q; wait_exit 5 >/dev/null

# --- deadlock: nobody can move in the cycle; a V frees one ----------------------------------
restart 100 34 -P -d 5 --demo deadlock
wait_re "^ Stage: deadlock " 5
check "deadlock: the cycle forms (DEADLOCK banner)" wait_for "DEADLOCK for" 5
keys Space
check "deadlock: paused" wait_for "PAUSED: n steps" 3
before=$(ops)
keys n
check "deadlock: in the cycle n says nobody can move, and nothing moves" \
	eval 'wait_for "nobody can move" 3 && sleep 0.5 && [ "$(ops)" = "$before" ]'
keys + # V on A: the worker waiting for A wakes, and stops at its gate
sleep 0.8
for i in 1 2 3 4; do step_ok "deadlock step $i" n; done
keys q; wait_exit 5 >/dev/null

# --- daemon: the recipes, one call a step ------------------------------------------------
restart 100 34 -P -d 5 --demo daemon
wait_re "^ Stage: daemon " 5
PID=$(ipctop_pid)
check "daemon: starts paused, and says so" eval 'wait_for "PAUSED: n steps" 3 && wait_for "starts paused" 3'
launcher=$(pgrep -P "$PID" -x ipctop:launcher)
# drow X — daemon X's row: PID PPID PGID SID TTY TPGID CWD UMASK FDS.
drow() { screen | grep -E "^ daemon $1 " | head -n 1 | awk '{ $1 = $2 = ""; print }' | tr -s ' ' | sed 's/^ //'; }
check "daemon: before a step neither daemon runs" eval 'drow A | grep -q "not started yet" && drow B | grep -q "not started yet"'
still daemon
step_ok "daemon A 1. setsid" n
read -r pid ppid pgid sid tty _ <<<"$(drow A)"
check "daemon A after setsid: the program ($pid) leads a new session and group (PGID $pgid SID $sid), PPID the launcher ($ppid), no tty ($tty)" \
	test "$pgid $sid $ppid $tty" = "$pid $pid $launcher ?"
check "daemon: the call just made is named (last call: daemon A: setsid() = $pid)" wait_for "last call: daemon A: setsid() = $pid" 2
prog=$pid
step_ok "daemon A 2. fork, the parent exits" n
until_true 2 eval '[ "$(drow A | cut -d" " -f2)" = "$launcher" ]'
read -r pid ppid pgid sid _ <<<"$(drow A)"
check "daemon A after fork+exit: a new pid ($pid, not $prog), adopted by the launcher (PPID $ppid), SID $sid still the program's: no leader" \
	eval '[ "$pid" != "$prog" ] && [ "$ppid" = "$launcher" ] && [ "$sid" = "$prog" ] && [ "$pgid" = "$prog" ]'
step_ok "daemon A 3. chdir" n
check "daemon A after chdir: CWD / ($(drow A))" eval '[ "$(drow A | cut -d" " -f7)" = / ]'
step_ok "daemon A 4. umask" n
check "daemon A after umask(0): UMASK 0000 ($(drow A))" eval '[ "$(drow A | cut -d" " -f8)" = 0000 ]'
step_ok "daemon A 5. the files" n
check "daemon A after closing the files: 3 open (0-2 on /dev/null) ($(drow A))" \
	until_true 2 eval '[ "$(drow A | cut -d" " -f9)" = 3 ]'
check "daemon A: its five steps ticked" eval '[ "$(screen | grep -c "✓ [1-5]\. ")" -ge 5 ]'
# Recipe B on its own lane: the cursor on daemon B (Down Down), Enter steps it.
keys Down Down
sleep 0.5
for s in "1. umask" "2. fork" "3. the parent exits"; do step_ok "daemon B $s" Enter; done
read -r pid ppid pgid sid _ <<<"$(drow B)"
check "daemon B before setsid: its pid ($pid) in the launcher's session (SID $sid)" \
	eval '[ "$ppid" = "$launcher" ] && [ "$sid" != "$pid" ]'
step_ok "daemon B 4. setsid" Enter
check "daemon B after setsid: it leads its session and group (PGID $pgid SID $sid = PID $pid)" \
	until_true 2 eval 'read -r pid ppid pgid sid _ <<<"$(drow B)"; [ "$pgid $sid" = "$pid $pid" ]'
# Daemon A's heartbeat is a step of its own now (n, in turn).
keys Up
sleep 0.3
step_ok "daemon A heartbeat" Enter
check "daemon A's heartbeat is a V on its semaphore" eval 'newest | grep -q "V daemon A"'
keys Space
check "daemon: Space runs it: both daemons beat" until_true 5 eval 'drow B | grep -qE "/ +0000 +3$"'
keys q
check "daemon: q exits 0, its objects removed" eval '[ "$(wait_exit 5)" = 0 ] && until_true 3 eval "[ \$(ipcs | grep -c ^0x) -eq 0 ]"'
stop_server
