#!/bin/bash
# scenario_kill.sh — kill -9 of ipctop while a scenario runs (--demo
# prodcons), once running and once paused (its children waiting at their
# step gates):
# within 3 s the scenario's janitor (a child of ipctop in a group of its
# own, PR_SET_PDEATHSIG SIGTERM) has killed the producer and the consumer
# and removed the objects without ipctop's help. Checked against real
# state: every pid recorded before the kill (ipctop's children) is gone from
# /proc or a zombie waiting for init, and ipcs lists no object at all.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/helpers/stress_lib.sh" # alive

# objects — "kind:id:key" of every object ipcs lists (-m, -q, -s).
objects() {
	local k
	for k in m q s; do ipcs -"$k" | awk -v k="$k" '$1 ~ /^0x/ { print k ":" $2 ":" $1 }'; done | paste -sd' ' -
}
none_alive() { local p; for p in $1; do alive "$p" && return 1; done; return 0; }
# state PID — the state letter in /proc/PID/stat (R, S, T, Z...).
state() { sed -E 's/.*\) (.).*/\1/' "/proc/$1/stat" 2>/dev/null; }
# up PID — prodcons is running: its 3 objects exist and PID has 3 children
# (producer, consumer, janitor).
up() { [ "$(wc -w <<<"$(objects)")" -eq 3 ] && [ "$(pgrep -P "$1" | wc -l)" -eq 3 ]; }

for how in running paused; do
	restart 100 30 -d 5 --demo prodcons
	check "$how: ipctop shows the prodcons stage" wait_for "Stage: prodcons" 5
	PID=$(ipctop_pid)
	check "$how: found the ipctop pid ($PID)" eval '[ -n "$PID" ] && [ "$(cat /proc/$PID/comm)" = ipctop ]'
	check "$how: its 3 objects exist and ipctop has 3 children" until_true 3 up "$PID"
	kids=$(pgrep -P "$PID" | paste -sd' ' -)
	objs=$(objects)
	pg=$(ps -o pgid= -p "$PID" | tr -d ' ')
	own=$(for k in $kids; do [ "$(ps -o pgid= -p "$k" | tr -d ' ')" = "$k" ] && echo "$k"; done | paste -sd' ' -)
	check "$how: the children ($kids) are in groups other than ipctop's ($pg); two groups of their own ($own)" \
		eval '! ps -o pgid= -p "${kids// /,}" | grep -qw "$pg" && [ "$(wc -w <<<"$own")" -eq 2 ]'
	if [ $how = paused ]; then
		# prodcons pauses at its processes' gates (step mode), not by SIGSTOP.
		keys Space
		ops() { screen | grep -oE '^[0-9]+ ops' | cut -d' ' -f1; }
		check "paused: Space on the stage pauses it (PAUSED in its title)" wait_for "PAUSED" 3
		sleep 0.5; before=$(ops); sleep 1
		check "paused: no operation in 1 s (ops $before, then $(ops))" eval '[ -n "$before" ] && [ "$(ops)" = "$before" ]'
		check "paused: the producer and the consumer wait at their gates, not stopped (state S)" \
			eval '[ "$(for k in $kids; do state "$k"; done | grep -c T)" -eq 0 ]'
	fi
	echo "# $how: ipctop $PID, children $kids, objects $objs"
	kill -9 "$PID"
	check "$how: ipctop was killed by SIGKILL (exit 137)" test "$(wait_exit 5)" = 137
	check "$how: within 3 s no child of ipctop is left running ($kids)" until_true 3 none_alive "$kids"
	check "$how: within 3 s ipcs lists no object (before: $objs; now: '$(objects)')" \
		until_true 3 eval '[ -z "$(objects)" ]'
done
