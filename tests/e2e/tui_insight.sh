#!/bin/bash
# tui_insight.sh — the insight views in tmux at 80x24, checked against the
# kernel: attached processes and their process rows (pid, ppid, pgid, sid,
# tty) in a segment's detail; the signal chooser (k) ending a process; the
# limits view (L) against /proc/sys/kernel and changing SHMMNI as root; the
# namespaces view (N) switching to another process's IPC namespace; the
# POSIX view (5) listing and removing a /dev/shm object; the events pane (E);
# projector mode (-P) fitting 80x24 with big digits.
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H

SHM=$("$H" shm 0x1a5e0001 4096 0600) || { echo "not ok - creating the segment"; exit 1; }
SEM=$("$H" sem 0x1a5e0002 2 0600) && "$H" setall "$SEM" 7 3 || { echo "not ok - creating the set"; exit 1; }
"$H" attach "$SHM" > "$E2E_TMP/attached" &
ATTACHER=$!
until_true 5 grep -q attached "$E2E_TMP/attached"

start_ipctop 80 24 -d 2
wait_for "0x1a5e0001" 5
# --- attached processes -------------------------------------------------------
check "the list shows the segment attached once (ipcs nattch 1)" test "$("$H" nattch "$SHM")" = 1
keys 1 Enter
read -r _ _ _ ppid pgid sid _ < "/proc/$ATTACHER/stat"
check "the detail lists the attaching process with its ppid, pgid and sid (mode rw)" \
	wait_re "^ ?[> ]?attached +$ATTACHER +$ppid +$pgid +$sid .* rw " 3
# --- k: the signal chooser ------------------------------------------------------
keys k
check "k opens the signal form with the attacher's pid" wait_re "^ pid +$ATTACHER( |$)" 2
check "... and resolves the default signal (SIGTERM = 15)" wait_for "SIGTERM = 15" 2
keys Enter
check "Enter asks for confirmation naming the call" wait_for "kill($ATTACHER, SIGTERM)" 2
keys y
check "y sends it: the status shows kill(...) = 0" status_has "kill($ATTACHER, SIGTERM) = 0" 3
check "the process is gone" until_true 3 gone "$ATTACHER"
wait "$ATTACHER" 2>/dev/null
keys Escape
# --- L: limits --------------------------------------------------------------------
keys L
shmmni=$(cat /proc/sys/kernel/shmmni)
check "L shows SHMMNI with the kernel's value ($shmmni) and 1 segment in use" wait_re "SHMMNI +$shmmni +1 " 2
check "... and SEMMNS with the 2 semaphores in use" wait_re "SEMMNS +[0-9]+ +2 " 2
check "... and the shm pages line" wait_for "shm pages:" 1
keys e
check "e on SHMMNI opens a form with its value" wait_re "new value +$shmmni" 2
type_field 5000
keys Enter
check "Enter asks before writing /proc/sys/kernel" wait_for "Set SHMMNI to 5000" 2
keys y
check "y writes it: /proc/sys/kernel/shmmni is 5000 in this namespace" until_true 3 grep -qx 5000 /proc/sys/kernel/shmmni
check "... and the view shows it" wait_re "SHMMNI +5000 " 3
keys Escape
# --- 5: POSIX ----------------------------------------------------------------------
name=ipctop-e2e-$$
python3 -c "import os; fd=os.open('/dev/shm/$name', os.O_CREAT|os.O_RDWR, 0o640); os.ftruncate(fd, 8192)"
keys 5
check "5 lists the POSIX shm object with its size" wait_re "^.shm +/$name +8\.0K" 3
keys Home
for _ in $(seq 40); do selected_line | grep -qF "/$name" && break; keys Down; sleep 0.1; done
keys d
check "d asks before unlinking it" wait_for "Remove POSIX shm /$name" 2
keys y
check "y unlinks it: /dev/shm/$name is gone" until_true 3 test ! -e "/dev/shm/$name"
rm -f "/dev/shm/$name"
keys 4
# --- E: events -------------------------------------------------------------------
keys E
check "E opens the events pane" wait_for "Events:" 2
Q=$("$H" msg 0x1a5e0003 0600)
check "a queue created from outside shows as a 'created' event" wait_re "created +msg +$Q +key 0x1a5e0003" 3
keys E
# --- N: namespaces -------------------------------------------------------------------
unshare --ipc sh -c 'ipcmk -Q >/dev/null; ipcmk -Q >/dev/null; echo ready; exec sleep 60' > "$E2E_TMP/other" &
OTHER=$!
until_true 5 grep -q ready "$E2E_TMP/other"
other_ns=$(readlink "/proc/$OTHER/ns/ipc")
keys N
check "N lists the other namespace ($other_ns)" wait_for "$other_ns" 3
keys Home
for _ in $(seq 60); do selected_line | grep -qF "$other_ns" && break; keys Down; sleep 0.1; done
check "... with its 2 queues counted" eval 'selected_line | grep -qE "ipc:\[[0-9]+\] +[0-9]+ +0 +2 +0 "'
keys Enter
check "Enter switches: the header shows the other namespace" wait_re "^ipctop .* $(printf '%s' "$other_ns" | sed 's/[][]/\\&/g')" 3
check "... and its objects replace ours (2 queues, no 0x1a5e keys)" \
	eval 'wait_re "2 Msg 2 " 3 && ! screen | grep -q 0x1a5e'
kill "$OTHER"; wait "$OTHER" 2>/dev/null
keys q
check "q exits 0" test "$(wait_exit 5)" = 0

# --- projector mode ------------------------------------------------------------------
restart 80 24 -P -d 5
check "-P: the header fits 80 columns (starts with ipctop, shows the refresh)" wait_re "^ipctop .*refresh 0\.5s$" 3
check "-P: the footer is whole (ends with Quit)" eval 'screen | tail -n 1 | grep -qE "qQuit *$"'
check "-P: a blank line between rows" eval 'screen | grep -A1 -E "^.?sem +0x1a5e0002" | tail -n 1 | grep -qE "^ *$"'
keys 3 Enter
check "-P: the set's values in big digits (3 rows of half blocks)" \
	eval 'wait_for "ncnt 0 zcnt 0" 2 && [ "$(screen | grep -cE "[▀▄█]")" -ge 3 ]'
keys P
check "P switches back: the normal detail table" wait_for "SEMNUM" 2
keys q
check "q exits 0 after projector mode" test "$(wait_exit 5)" = 0
