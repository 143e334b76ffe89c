#!/bin/bash
# trace_tui.sh — tracing in the interactive view at 80x24 (issue 18):
# --activity starts it; the OPS/S column shows a helper's 200 semops/s as
# P100 V100; the detail view lists the processes that called with their
# counts and last call, and puts a P blocked 400 ms in "<1s"; the timeline
# pane (t) lists the calls, pauses when a row is selected, keeps only the
# selected call's process (p) or object (o), all again (a); T switches
# tracing off (column gone, instance removed); without root the status line
# says why and the view works; a crash removes the instance.
# (alone: OPS/S is checked as a rate, and tracing sees every namespace's calls)
# e2e: alone
. "$(dirname "$0")/lib.sh"

build_helper trace_helper TH
build_helper ipc_helper IH
TRACEFS=/sys/kernel/tracing
instances_of() { ls "$TRACEFS/instances" 2>/dev/null | grep -c "^ipctop-$1-"; }
pid_of() { awk '{ print $2; exit }' "$1"; }
# timeline_rows — the pane's call rows (time stamp first).
timeline_rows() { screen | sed -n '/ Timeline: /,$p' | grep -E '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} '; }
only_pid_rows() { [ -n "$(timeline_rows)" ] && ! timeline_rows | awk -v p="$1" '$2 != p { bad = 1 } END { exit !bad }'; }

S=$("$IH" sem 0x18d1 1 0600) # the busy set
W=$("$IH" sem 0x18d2 1 0600) # the set of the blocked P
Q=$("$IH" msg 0x18d3 0600)

start_ipctop 80 24 --activity
check "--activity: tracing is on at start" status_has "tracing on" 10
check "the list has an OPS/S column" wait_for "OPS/S" 5
IP=$(ipctop_pid)
check "its instance exists" test "$(instances_of "$IP")" = 1
LINGER_MS=10000 "$TH" load "$S" 200 8 >"$E2E_TMP/load" &
check "OPS/S of the busy set: about 100 P and 100 V per second" \
	wait_re "0x000018d1 .* P(9[89]|10[012]) V(9[89]|10[012]) *$" 10
"$TH" blockp "$W" >"$E2E_TMP/blocked" &
until_true 5 grep -q waiting "$E2E_TMP/blocked"
"$TH" v "$W" 400 >"$E2E_TMP/v"
LINGER_MS=8000 "$TH" msg "$Q" 3 16 >"$E2E_TMP/msg" &
until_true 5 grep -q done "$E2E_TMP/blocked"
B=$(pid_of "$E2E_TMP/blocked") V=$(pid_of "$E2E_TMP/v")

# ---- the detail view's activity ----------------------------------------------------
keys /; keys -l 18d2; keys Enter
keys Enter
check "detail of the blocked set: the activity section" wait_for " Activity: " 5
check "the blocked P's process with 1 call and its last call" \
	wait_re "^ +$B trace_helper +1  semop\\($W, \\{\\{0, -1, 0\\}\\}, 1\\) = 0" 5
check "the V's process with its call" wait_re "^ +$V trace_helper +1  semop\\($W, \\{\\{0, \\+1, 0\\}\\}, 1\\) = 0" 5
check "the wait histogram's buckets" \
	wait_re "^ P, Z waited: +<10µs +<100µs +<1ms +<10ms +<100ms +<1s +<10s +≥10s$" 5
check "... with the blocked P in <1s and nothing else" wait_re "^ calls +0 +0 +0 +0 +0 +1 +0 +0$" 5
keys Escape; keys Escape
check "back in the list" wait_gone "Activity" 5

# ---- the timeline -------------------------------------------------------------------
keys t
check "t: the timeline pane" wait_for " Timeline: " 5
check "it lists semops with the time, pid and command" \
	until_true 5 eval 'timeline_rows | grep -qE "^[0-9:.]+ +[0-9]+ trace_helper semop\\($S, \\{\\{0, [-+]1, 0\\}\\}, 1\\) = 0 +[0-9.]+(ns|µs|ms)$"'
L=$(pid_of "$E2E_TMP/load")
keys k
check "selecting a row pauses it" wait_re " Timeline: [0-9]+ calls, paused" 5
first=$(timeline_rows | head -n 1)
sleep 1.5
check "paused: the rows stay" test "$(timeline_rows | head -n 1)" = "$first"
keys p
selected_pid() { status_line | sed -nE 's/.*calls of process ([0-9]+).*/\1/p'; }
until_true 5 eval '[ -n "$(selected_pid)" ]' # the status line follows the key (slower under ASan)
sel=$(selected_pid)
check "p: only the selected call's process ($sel)" eval '[ -n "$sel" ] && wait_re " Timeline: [0-9]+ calls, paused, process $sel" 3 && only_pid_rows "$sel"'
keys a
check "a: every call again" wait_re " Timeline: [0-9]+ calls, paused$" 3
keys Space
check "Space: running again" wait_re " Timeline: [0-9]+ calls$" 6
keys Escape
check "Esc: the keys go back to the view, the pane stays" \
	eval 'wait_for "F1Help" 3 && screen | grep -q " Timeline: "'
keys t
check "t again hides it" wait_gone " Timeline: " 3

# ---- T: off ---------------------------------------------------------------------------
keys T
check "T: tracing off" status_has "tracing off" 5
check "the OPS/S column is gone" wait_gone "OPS/S" 5
check "its instance is removed" until_true 3 test "$(instances_of "$IP")" = 0
keys T
check "T again: on" status_has "tracing on" 5
check "a new instance" until_true 3 test "$(instances_of "$IP")" = 1
keys q
exited_clean "q while tracing" 0
check "the instance is removed at the exit" until_true 3 test "$(instances_of "$IP")" = 0
wait

# ---- a crash ------------------------------------------------------------------------------
alive_new() { # instances that appeared since $1 and whose ipctop is gone
	ls "$TRACEFS/instances" | sort | comm -13 "$1" - | while read -r n; do
		p=${n#ipctop-}; p=${p%%-*}
		[ -e "/proc/$p" ] || echo "$n"
	done
}
ls "$TRACEFS/instances" | sort >"$E2E_TMP/before"
IPCTOP_BIN="ulimit -c 0; IPCTOP_TEST_CRASH=1 $IPCTOP_BIN" restart 80 24 --activity
exited_clean "crash while tracing (IPCTOP_TEST_CRASH=1)" "$CRASH_STATUS"
check "the crash handler removed the instance ($(alive_new "$E2E_TMP/before"))" test -z "$(alive_new "$E2E_TMP/before")"

# ---- without root ---------------------------------------------------------------------------
cp "$IPCTOP_BIN" "$E2E_TMP/ipctop-copy"
chmod 755 "$E2E_TMP" "$E2E_TMP/ipctop-copy"
IPCTOP_BIN="setpriv --reuid=65534 --regid=65534 --clear-groups $E2E_TMP/ipctop-copy" restart 80 24 --activity
check "no root: the status line says why tracing is unavailable" \
	status_has "tracing unavailable, it needs root: mkdir $TRACEFS/instances/ipctop-" 10
check "no root: the list works" wait_for "0x000018d1" 5
keys T
check "no root: T says it again" status_has "tracing unavailable, it needs root" 5
keys q
exited_clean "no root" 0
"$IH" rmall >/dev/null
