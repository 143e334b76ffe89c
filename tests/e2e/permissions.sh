#!/bin/bash
# permissions.sh — ipctop run as nobody (uid/gid 65534, no groups) over
# objects root created: every object is listed (STAT_ANY needs no read
# permission), and each forbidden operation fails with a clear EPERM/EACCES
# message, changes nothing and crashes nothing: IPC_RMID by a non-owner
# (also on a 0666 segment), shmat read-write and read-only of a 0600
# segment, SETALL on a 0600 set, msgsnd to a 0600 queue, IPC_SET by a
# non-owner (EACCES from its IPC_STAT on a 0600 object, EPERM on a 0666 one). A 0666 segment can be attached (the control). Needs root to
# switch users (skipped otherwise, e.g. in `unshare --user --map-root-user`).
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
if [ "$(id -u)" != 0 ] || ! $NOBODY true 2>/dev/null || ! $NOBODY test -x "$IPCTOP_BIN"; then
	echo "# skip: cannot run $IPCTOP_BIN as uid 65534 here (not root, or no access)"
	exit 0
fi

# The objects, all root's: key, kind, perms.
A=$("$H" shm 0x5eed7201 4096 0600) && B=$("$H" shm 0x5eed7202 4096 0666) &&
	Q=$("$H" msg 0x5eed7203 0600) && R=$("$H" msg 0x5eed7204 0666) && S=$("$H" sem 0x5eed7205 2 0600) ||
	{ echo "not ok - creating the objects"; exit 1; }
declare -A KIND=([0x5eed7201]=shm [0x5eed7202]=shm [0x5eed7203]=msg [0x5eed7204]=msg [0x5eed7205]=sem)
declare -A ID=([0x5eed7201]=$A [0x5eed7202]=$B [0x5eed7203]=$Q [0x5eed7204]=$R [0x5eed7205]=$S)

# only KEY — filters the list down to the object with KEY (selected).
only() {
	keys Escape /; wait_for "Filter:" 2; keys -l "$1"; keys Enter
	wait_re "^>${KIND[$1]} +$1 +${ID[$1]} " 2
}
# status_says TEXT... — the status line shows every TEXT (fixed strings).
status_says() { until_true 2 status_all "$@"; }
status_all() {
	local s t; s=$(status_line)
	for t; do grep -qF -- "$t" <<<"$s" || return 1; done
}
# form_says TEXT — the open form's message line shows TEXT.
form_says() { wait_for "$1" 2; }

IPCTOP_BIN="$NOBODY $IPCTOP_BIN" restart 80 24 -d 5
check "ipctop as nobody starts" wait_for "F1Help" 5
PID=$(ipctop_pid)
check "ipctop ($PID) runs as uid 65534 and gid 65534 with no groups" \
	eval 'grep -qE "^Uid:\s+65534\s+65534" /proc/$PID/status && grep -qE "^Gid:\s+65534\s+65534" /proc/$PID/status &&
		grep -qE "^Groups:\s*$" /proc/$PID/status'
missing=
for k in "${!KIND[@]}"; do screen | grep -qE "^[ >]${KIND[$k]} +$k +${ID[$k]} +root " || missing="$missing $k"; done
check "every root object is listed, owner root, with no read permission (missing:${missing:- none})" test -z "$missing"
check "the tabs count 2 shm, 2 msg, 1 sem" eval 'screen | grep -qE "1 Shm 2 +2 Msg 2 +3 Sem 1 +4 All 5 "'
before=$(ipcs)

# --- removal by a non-owner: EPERM, for every kind, whatever the perms -------------
for k in 0x5eed7201 0x5eed7202 0x5eed7203 0x5eed7205; do
	call=$(case ${KIND[$k]} in shm) echo shmctl;; msg) echo msgctl;; sem) echo semctl;; esac)
	only "$k"
	keys d
	wait_for "(IPC_RMID)?" 2 && keys y
	check "d, y on ${KIND[$k]} $k ($(ipcs | awk -v k=$k '$1 == k { print $4 }')): '$call: Operation not permitted'" \
		status_says "$call: Operation not permitted"
	check "... the ${KIND[$k]} ${ID[$k]} still exists" eval 'ipcs | grep -qE "^$k +${ID[$k]} "'
done

# --- attaching a 0600 segment: EACCES ---------------------------------------------------
only 0x5eed7201
keys A
check "A (read-write) on the 0600 segment: 'shmat: Permission denied (...)'" status_says "shmat: Permission denied ("
keys a
check "a (read-only) on the 0600 segment: 'shmat: Permission denied'" status_says "shmat: Permission denied"
check "... no hex view opened, nothing attached (nattch 0)" \
	eval '! screen | grep -q "^ *0000000" && [ "$("$H" nattch "$A")" = 0 ]'

# --- SETALL on a 0600 set: EACCES ----------------------------------------------------------
only 0x5eed7205
keys V
wait_for "SETALL, values)" 2; type_field 5
keys Enter
check "V, 5, Enter on the 0600 set: 'semctl: Permission denied' (in the form)" form_says "semctl: Permission denied"
check "... the values are still 0 0" eval '[ "$("$H" semvals "$S")" = "0 0" ]'
keys Escape; wait_gone "SETALL, values)" 2

# --- msgsnd to a 0600 queue: EACCES --------------------------------------------------------
only 0x5eed7203
keys s
wait_for "msgsnd to queue $Q" 2 && keys Enter
check "s, Enter on the 0600 queue: 'msgsnd: Permission denied'" \
	eval 'until_true 2 eval "status_contains \"msgsnd: Permission denied\" || screen | grep -qF \"msgsnd: Permission denied\""'
check "... the queue is still empty" eval '[ "$("$H" qstat "$Q")" = "0 0" ]'
keys Escape; wait_gone "msgsnd to queue" 2

# --- IPC_SET by a non-owner: EPERM -----------------------------------------------------------
only 0x5eed7205
keys e
wait_for "IPC_SET on sem $S" 2; type_field 0666
keys Enter
# IPC_SET keeps the fields it does not change: it reads them with IPC_STAT
# first, which a 0600 set refuses (EACCES) before IPC_SET could (EPERM).
check "e, perms 0666, Enter on root's 0600 set: 'semctl: Permission denied (no read permission ...)' (IPC_STAT first)" \
	form_says "semctl: Permission denied (no read permission"
keys Escape; wait_gone "IPC_SET on sem" 2
only 0x5eed7204
keys e
wait_for "IPC_SET on msg $R" 2 && keys Enter
check "e, Enter on root's 0666 queue (readable): IPC_SET says 'msgctl: Operation not permitted'" \
	form_says "msgctl: Operation not permitted"
keys Escape; wait_gone "IPC_SET on msg" 2

check "ipcs is unchanged by all the refused operations" test "$(ipcs)" = "$before"
check "ipctop is alive" kill -0 "$PID"

# --- the control: the 0666 segment can be attached -------------------------------------------
only 0x5eed7202
keys A
check "A on the 0666 segment works: the hex view opens, nattch 1" \
	eval 'status_says "shmat($B" && until_true 2 eval "[ \"\$(\"\$H\" nattch \"\$B\")\" = 1 ]"'
keys Escape
check "Esc detaches (nattch 0)" until_true 2 eval '[ "$("$H" nattch "$B")" = 0 ]'
keys Escape q
check "q quits (exit 0)" eval '[ "$(wait_exit 5)" = 0 ]'
"$H" rmall
