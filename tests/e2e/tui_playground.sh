#!/bin/bash
# tui_playground.sh — the playground in tmux at 80x24, checked against the
# kernel (ipcs, ipc_helper): the `c` form for each kind (explicit key, ftok
# key shown live, nsems + values), refused forms that keep what was typed,
# msgsnd / MSG_COPY peek / msgrcv / a blocking msgrcv completed from outside,
# attaching a segment read-write (hex and ASCII typing, write, fill) and
# read-only, removal with the question and with marks, the action log pane,
# `S`, --read-only and --log-c (the program compiles and replays in a fresh
# namespace). Semaphores and waiters: tui_playground_sem.sh.
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
CWD=$E2E_TMP/cwd # where the main run writes ipctop-session.c
mkdir -p "$CWD"

FORM="Create a System V IPC object"
# ipcs_row m|q|s KEY — the ipcs row of the object with that key.
ipcs_row() { ipcs -"$1" | awk -v k="$2" '$1 == k'; }
# list_rows — the object rows of the list (column 0: '>' selected, '*'
# marked, '+' new).
list_rows() { screen | grep -E '^[ >*+](shm +|msg +|sem +)?0x[0-9a-f]+ '; }
# home_done — after Home: the first row is selected ('>', or '*' when it is
# marked) and no other row is.
home_done() {
	local rows; rows=$(list_rows)
	head -n 1 <<<"$rows" | grep -q '^[>*]' && ! tail -n +2 <<<"$rows" | grep -q '^>'
}
# select_key KEY — moves the list selection to the row with KEY, one Down
# at a time, each time waiting for the selection to move.
select_key() {
	local before
	keys Home
	if until_true 2 home_done; then
		for _ in $(seq 12); do
			selected_line | grep -qF -- "$1" && return 0
			before=$(selected_line)
			keys Down
			until_true 1 eval '[ "$(selected_line)" != "$before" ]' || break
		done
	fi
	check "select_key $1: the row can be selected" false
}

IPCTOP_BIN="cd $CWD && $IPCTOP_BIN" restart 80 24 -d 5
check "ipctop starts on an empty namespace" wait_for "No System V IPC objects" 5

# --- create: shared memory with an explicit key ------------------------------------
keys 3 c
check "c opens the create form (kind from the Sem view: semaphore set)" \
	eval 'wait_for "$FORM" 2 && form_line kind | grep -qF "< semaphore set (semget) >"'
keys Right
check "Right on kind chooses shared memory" eval 'wait_re "^ kind +< shared memory \(shmget\) >" 2'
keys Down Right Right
check "key from: Right twice gives 'explicit key'" eval 'wait_re "^ key from +< explicit key >" 2'
keys Down; type_field 0x5eed0001; keys Down; type_field 0600; keys Down Down; type_field 8k
check "the form previews the call: shmget(0x5eed0001, 8192, IPC_CREAT|0600)" \
	wait_for "shmget(0x5eed0001, 8192, IPC_CREAT|0600)" 2
keys Enter
check "Enter closes the form" wait_gone "$FORM" 2
row=$(ipcs_row m 0x5eed0001)
check "ipcs -m: key 0x5eed0001, perms 600, 8192 bytes, nattch 0 ('$row')" \
	eval '[ "$(awk "{print \$4, \$5, \$6}" <<<"$row")" = "600 8192 0" ]'
SHM=$(awk '{print $2}' <<<"$row")
check "the new segment is selected in the list" wait_re "^>(shm +)?0x5eed0001 +$SHM " 2
check "the status line shows the C call 'shmget(0x5eed0001, 8192, IPC_CREAT|0600) = $SHM'" \
	status_has "shmget(0x5eed0001, 8192, IPC_CREAT|0600) = $SHM"

# --- create: a message queue with an ftok key -------------------------------------
FTOK=$("$H" ftok /tmp 7)
keys 4 c; wait_for "$FORM" 2
check "the form remembers the last choices: in the All view the kind made last (shared memory), key from 'explicit key', perms 0600" \
	eval 'form_line kind | grep -qF "< shared memory (shmget) >" && form_line "key from" | grep -qF "< explicit key >" &&
		form_line perms | grep -qE "^ perms +0600( |$)"'
keys Right Down Right Right
check "key from: ftok(path, proj_id) shows the path and proj_id fields" \
	eval 'wait_re "^ key from +< ftok\(path, proj_id\) >" 2 && form_line path >/dev/null && form_line proj_id >/dev/null'
keys Down; type_field /tmp; keys Down; type_field 7
check "the form shows 'key = $FTOK' (ftok(\"/tmp\", 7) computed by the helper) live" \
	eval 'wait_re "^ proj_id +7 +key = $FTOK" 2'
keys Down; type_field 0640; keys Enter
check "Enter creates the queue and closes the form" wait_gone "$FORM" 2
row=$(ipcs_row q "$FTOK")
check "ipcs -q: a queue with the ftok key $FTOK, perms 640, empty ('$row')" \
	eval '[ "$(awk "{print \$4, \$5, \$6}" <<<"$row")" = "640 0 0" ]'
MSQ=$(awk '{print $2}' <<<"$row")
check "the new queue is selected" wait_re "^>msg +$FTOK +$MSQ " 2
check "the status line shows the key as its ftok call: 'msgget(ftok(\"/tmp\", 7), IPC_CREAT|0640) = $MSQ'" \
	status_has "msgget(ftok(\"/tmp\", 7), IPC_CREAT|0640) = $MSQ"

# --- create: a semaphore set with nsems 3 and values 1 0 2 ----------------------------
keys c; wait_for "$FORM" 2
check "the form opens on the last choices: a message queue, key from ftok(\"/tmp\", 7)" \
	eval 'form_line kind | grep -qF "< message queue (msgget) >" && form_line path | grep -qE "^ path +/tmp( |$)" &&
		form_line proj_id | grep -qE "^ proj_id +7( |$)"'
keys Right Down Right Down; type_field 0x5eed0003
keys Down; type_field 0660; keys Down Down; type_field 3; keys Down; type_field "1 0 2"
check "the form shows nsems 3 and values '1 0 2'" \
	eval 'wait_re "^ values +1 0 2( |$)" 2 && form_line nsems | grep -qE "^ nsems +3( |$)"'
keys Enter
check "Enter creates the set and closes the form" wait_gone "$FORM" 2
row=$(ipcs_row s 0x5eed0003)
check "ipcs -s: key 0x5eed0003, perms 660, 3 semaphores ('$row')" \
	eval '[ "$(awk "{print \$4, \$5}" <<<"$row")" = "660 3" ]'
SEM=$(awk '{print $2}' <<<"$row")
check "semctl(GETALL) gives the values 1 0 2" eval '[ "$("$H" semvals "$SEM")" = "1 0 2" ]'
check "the new set is selected" wait_re "^>sem +0x5eed0003 +$SEM " 2
check "the status line shows 'semget(0x5eed0003, 3, IPC_CREAT|0660) = $SEM; semctl($SEM, 0, SETALL, {1, 0, 2})'" \
	status_has "semget(0x5eed0003, 3, IPC_CREAT|0660) = $SEM; semctl($SEM, 0, SETALL, {1, 0, 2}) = 0"

# --- refused forms keep what was typed ---------------------------------------------------
before=$(ipcs)
keys c; wait_for "$FORM" 2
keys Right Down Down; type_field 0x5eed0001; keys Down Down Space Down; type_field 4k
check "IPC_EXCL toggled on with Space" eval 'wait_re "^ IPC_EXCL +\[x\]" 2'
keys Enter
check "IPC_EXCL on a taken key: 'shmget: File exists (IPC_EXCL and key 0x5eed0001 is taken)'" \
	wait_for "shmget: File exists (IPC_EXCL and key 0x5eed0001 is taken)" 2
check "... the form stays open with the typed key, IPC_EXCL and size" \
	eval 'screen | grep -qF "$FORM" && form_line key | grep -qE "^ key +0x5eed0001( |$)" &&
		form_line IPC_EXCL | grep -qF "[x]" && form_line size | grep -qE "^ size +4k( |$)"'
keys Up Up; type_field 0999
check "perms 0999: an error next to the field ('not an octal number')" \
	eval 'wait_re "^ perms +0999 +not an octal number" 2 && wait_for "(fix the marked fields)" 1'
keys Enter
check "... Enter does not create: the form stays, the other fields are kept" \
	eval 'sleep 0.3; screen | grep -qF "$FORM" && form_line key | grep -qF 0x5eed0001 && form_line size | grep -qF 4k'
keys Escape
check "Esc cancels the form" wait_gone "$FORM" 2
keys c; wait_for "$FORM" 2
keys Right Down Right Right Down; type_field /nonexistent/ipctop-e2e
check "a missing ftok path: an error next to the path field" \
	wait_re "^ path +/nonexistent/ipctop-e2e +ftok: no such file or directory" 2
keys Enter
check "... Enter does not create (form open)" eval 'sleep 0.3; screen | grep -qF "$FORM"'
keys Escape; wait_gone "$FORM" 2
check "nothing was created or changed by the refused forms (ipcs unchanged)" test "$(ipcs)" = "$before"

# --- messages -------------------------------------------------------------------------
keys 2 s
check "s opens the msgsnd form with IPC_NOWAIT on" \
	eval 'wait_for "msgsnd to queue $MSQ" 2 && wait_re "^ IPC_NOWAIT +\[x\]" 1'
type_field 2; keys Down Down; type_field hello
check "the form previews msgsnd($MSQ, {mtype=2, \"hello\"}, 5, IPC_NOWAIT)" \
	wait_for "msgsnd($MSQ, {mtype=2, \"hello\"}, 5, IPC_NOWAIT)" 2
keys Enter
check "the status line shows the msgsnd call = 0" status_has "msgsnd($MSQ, {mtype=2, \"hello\"}, 5, IPC_NOWAIT) = 0"
check "msgctl(IPC_STAT): 1 message, 5 bytes" eval '[ "$("$H" qstat "$MSQ")" = "1 5" ]'
check "ipcs -q: 5 used bytes, 1 message" eval '[ "$(ipcs_row q "$FTOK" | awk "{print \$5, \$6}")" = "5 1" ]'
keys Enter; wait_for "Message queue $MSQ  key $FTOK" 2
keys p
check "p in the queue's detail view opens the peek view; Esc goes back to the detail view" \
	eval 'wait_for "Queue $MSQ: 1 message, 5 bytes" 2 && keys Escape && wait_for "Message queue $MSQ  key $FTOK" 2'
keys w; wait_for "Waiters:" 2; keys Escape; wait_gone "Waiters:" 2
keys Escape; wait_re "^>$FTOK +$MSQ " 2
keys p
check "p (MSG_COPY peek) lists the message: index 0, type 2, 5 bytes, \"hello\"" \
	eval 'wait_for "Queue $MSQ: 1 message, 5 bytes" 2 && wait_re "^ +0 +2 +5 +\"hello\"" 1'
check "the queue is unchanged after the peek (qnum 1, 5 bytes)" eval '[ "$("$H" qstat "$MSQ")" = "1 5" ]'
keys Escape
check "Esc from a peek opened in the list goes back to the list (not to the last detail view)" wait_re "^>$FTOK +$MSQ " 2
keys r
check "r opens the msgrcv form (msgtyp 0, IPC_NOWAIT on)" \
	eval 'wait_for "msgrcv from queue $MSQ" 2 && wait_re "^ msgtyp +0 " 1 && wait_re "^ IPC_NOWAIT +\[x\]" 1'
keys Enter
check "the status line shows the received message: msgrcv(...) = 5 {mtype=2, \"hello\"}" \
	status_has "msgrcv($MSQ, buf, 8192, 0, IPC_NOWAIT) = 5 {mtype=2, \"hello\"}"
check "the queue is empty afterwards (qnum 0)" eval '[ "$("$H" qstat "$MSQ")" = "0 0" ]'
keys r; wait_for "msgrcv from queue $MSQ" 2
keys Down Down Down Down Space
check "IPC_NOWAIT switched off: the preview is msgrcv($MSQ, buf, 8192, 0, 0)" \
	eval 'wait_re "^ IPC_NOWAIT +\[ \]" 2 && wait_for "msgrcv($MSQ, buf, 8192, 0, 0)" 1'
keys Enter
check "a blocking msgrcv on the empty queue runs in a worker" status_has "msgrcv($MSQ, buf, 8192, 0, 0) (may block: running in worker pid"
wline=$(screen | grep -m1 -E "^ #[0-9]+ +pid [0-9]+ +msg +$MSQ ")
wpid=$(sed -E 's/.* pid ([0-9]+) .*/\1/' <<<"$wline")
check "the waiters panel shows it ('${wline:0:60}')" \
	eval '[ -n "$wpid" ] && grep -qF "msgrcv($MSQ, buf, 8192, 0, 0)" <<<"$wline" && wait_for "Waiters: 1 blocked, 1 ipctop worker" 1'
check "the worker $wpid is alive and still waiting after 0.5 s (queue still empty)" \
	eval 'sleep 0.5; kill -0 "$wpid" && [ "$("$H" qstat "$MSQ")" = "0 0" ]'
"$H" sendtext "$MSQ" 3 world
check "a message sent from outside completes it: the status shows the worker's msgrcv = 5 {mtype=3, \"world\"}" \
	eval 'status_has "done after" 3 && status_line | grep -qF "msgrcv($MSQ, buf, 8192, 0, 0) = 5 {mtype=3, \"world\"}"'
check "the waiter is gone: the panel its call opened closes by itself, and its process is reaped" \
	eval 'wait_gone "Waiters:" 2 && until_true 2 test ! -e "/proc/$wpid"'
check "the worker took the message: the queue is empty" eval '[ "$("$H" qstat "$MSQ")" = "0 0" ]'

# --- the action log pane ---------------------------------------------------------------
keys l
# The newest calls (a received message takes two rows: its text is kept
# whole), the peek among them; the msgsnd is older and scrolled off.
check "l shows the action log pane with the newest message calls and their results" \
	eval 'wait_for "Action log:" 2 && log_has "msgrcv($MSQ, buf, 8192, 0, MSG_COPY|IPC_NOWAIT) = 5 {mtype=2, \"hello\"}" &&
		log_has "msgrcv($MSQ, buf, 8192, 0, IPC_NOWAIT) = 5 {mtype=2, \"hello\"}" &&
		log_has "msgrcv($MSQ, buf, 8192, 0, 0) = 5 {mtype=3, \"world\"}"'
keys l
check "l again hides it" wait_gone "Action log:" 2

# --- shared memory: attach read-write, type, write, fill, detach ------------------------
keys 1; wait_re "^>0x5eed0001 " 2
keys A
check "A attaches read-write: the hex view shows 'shm $SHM rw at'" wait_for "shm $SHM rw at 0x" 2
check "... shmat($SHM, NULL, 0) is shown in the status line" status_has "shmat($SHM, NULL, 0) = 0x"
check "nattch grew to 1 while the hex view is open (IPC_STAT and ipcs)" \
	eval '[ "$("$H" nattch "$SHM")" = 1 ] && [ "$(ipcs_row m 0x5eed0001 | awk "{print \$6}")" = 1 ]'
keys 4 8 6 9
check "typing hex digits 48 69 writes the bytes (read back by another process: 4869)" \
	until_true 2 eval '[ "$("$H" shmread "$SHM" 0 2)" = 4869 ]'
keys Tab
check "Tab switches to the ASCII pane" wait_for "[ASCII]" 2
keys -l "Yo!"
check "typing text in the ASCII pane writes it (read back: 4869596f21 = \"HiYo!\")" \
	until_true 2 eval '[ "$("$H" shmread "$SHM" 0 5)" = 4869596f21 ]'
check "the hex view shows 48 69 59 6f 21 and |HiYo!" wait_re "^00000000  48 69 59 6f 21 .*\|HiYo!\.\.\." 2
keys Tab; wait_for "[HEX]" 2
keys w
check "w opens the write form at the cursor (offset 0x5)" wait_for "Write at offset 0x5" 2
type_field abc; keys Enter
check "w writes 'abc' at offset 5 (read back: 616263)" \
	until_true 2 eval '[ "$("$H" shmread "$SHM" 5 3)" = 616263 ]'
check "... logged as memcpy(... + 5, \"abc\", 3)" status_has '+ 5, "abc", 3)'
keys r
check "r opens the fill form" wait_for "Fill a range with one byte" 2
type_field 0x20; keys Down; type_field 8; keys Down; type_field 0x41; keys Enter
check "r fills 8 bytes at 0x20 with 0x41 (read back: 41 x8, then 00; byte 0x1f untouched)" \
	until_true 2 eval '[ "$("$H" shmread "$SHM" 31 10)" = 00414141414141414100 ]'
check "... the status line says 'filled 8 bytes at 0x20 with 0x41'" status_has "filled 8 bytes at 0x20 with 0x41"
keys Escape
check "Esc detaches: shmdt in the status line, back to the list" \
	eval 'status_has "shmdt(0x" 2 && wait_re "^>0x5eed0001 " 2'
check "nattch is back to 0" until_true 2 eval '[ "$("$H" nattch "$SHM")" = 0 ]'
check "the bytes stay in the segment after the detach" eval '[ "$("$H" shmread "$SHM" 0 8)" = 4869596f21616263 ]'
keys a
check "a attaches read-only: the hex view shows 'shm $SHM ro at', shmat(..., SHM_RDONLY)" \
	eval 'wait_for "shm $SHM ro at 0x" 2 && status_has "shmat($SHM, NULL, SHM_RDONLY) = 0x" 1'
check "nattch is 1 again" eval '[ "$("$H" nattch "$SHM")" = 1 ]'
keys 7
check "typing a hex digit read-only is refused with the SHM_RDONLY message" status_has "attached read-only (SHM_RDONLY)" 2
check "... and the byte is unchanged (48)" eval '[ "$("$H" shmread "$SHM" 0 1)" = 48 ]'
keys Escape
check "Esc detaches the read-only view (nattch 0)" \
	eval 'wait_re "^>0x5eed0001 " 2 && until_true 2 eval "[ \"\$(\"\$H\" nattch \"\$SHM\")\" = 0 ]"'

# --- remove: the question, n keeps, y removes; marks ----------------------------------------
keys 4; select_key 0x5eed0003
keys d
check "d asks a question naming kind, key and id: 'Remove sem key 0x5eed0003 id $SEM (IPC_RMID)?  [y/N]'" \
	status_has "Remove sem key 0x5eed0003 id $SEM (IPC_RMID)?  [y/N]" 2
keys n
check "n keeps it (question gone, the set is still in ipcs)" \
	eval 'wait_gone "[y/N]" 2 && [ -n "$(ipcs_row s 0x5eed0003)" ]'
keys d; status_has "[y/N]" 2; keys y
check "d then y removes it: gone from ipcs" until_true 2 eval '[ -z "$(ipcs_row s 0x5eed0003)" ]'
check "... the status line shows semctl($SEM, 0, IPC_RMID) = 0" status_has "semctl($SEM, 0, IPC_RMID) = 0"
check "... and the list no longer shows it" wait_gone 0x5eed0003 2
select_key 0x5eed0001; keys Space
select_key "$FTOK"; keys Space
check "Space marked two objects ('*' in column 0 on the unselected one)" \
	eval 'wait_re "^\*shm +0x5eed0001 " 2 && status_has "2 marked" 1'
keys d
check "d lists both marked objects in one question" \
	eval 'status_has "Remove 2 marked objects:" 2 && status_line | grep -qE "shm $SHM" && status_line | grep -qE "msg $MSQ"'
keys y
check "y removes both: ipcs has neither" \
	until_true 2 eval '[ -z "$(ipcs_row m 0x5eed0001)$(ipcs_row q "$FTOK")" ]'
check "... the list is empty again" wait_for "No System V IPC objects" 2

# --- S: the session as a C program --------------------------------------------------------
keys S
check "S writes ipctop-session.c in the current directory" \
	eval 'status_has "as a C program to ipctop-session.c" 2 && [ -s "$CWD/ipctop-session.c" ]'
check "ipctop-session.c compiles with cc -Wall -Werror" \
	cc -Wall -Werror -o "$E2E_TMP/session1" "$CWD/ipctop-session.c"
keys q
check "q quits (exit 0)" eval '[ "$(wait_exit 5)" = 0 ]'

# --- --read-only ------------------------------------------------------------------------
R_SHM=$("$H" shm 0x5eed00a1 4096 0600) R_MSQ=$("$H" msg 0x5eed00a2 0600) R_SEM=$("$H" sem 0x5eed00a3 1 0600)
before=$(ipcs; "$H" qstat "$R_MSQ"; "$H" nattch "$R_SHM")
restart 80 24 -d 5 --read-only
check "--read-only: the header shows RO" eval 'wait_for 0x5eed00a3 5 && screen | head -n 1 | grep -qE " RO +refresh"'
select_key 0x5eed00a1
ro_refuses() { # KEY WHAT
	keys "$1"
	status_has "read-only mode (--read-only): $2 is disabled" 2 && ! screen | grep -qE "\[y/N\]|$FORM|msgsnd to|rw at"
}
check "--read-only: d refuses (no question)" ro_refuses d "removing objects (IPC_RMID)"
check "--read-only: c refuses (no form)" ro_refuses c "creating objects"
check "--read-only: A refuses (no hex view)" ro_refuses A "attaching read-write"
select_key 0x5eed00a2
check "--read-only: s refuses (no form)" ro_refuses s "sending messages (msgsnd)"
check "--read-only: nothing changed in ipcs (objects, nattch, queue)" \
	eval '[ "$(ipcs; "$H" qstat "$R_MSQ"; "$H" nattch "$R_SHM")" = "$before" ]'
keys q; wait_exit 5 >/dev/null
"$H" rmall

# --- --log-c FILE: the session replays in a fresh namespace -------------------------------
LOGC=$E2E_TMP/session.c
restart 80 24 -d 5 --no-config --log-c "$LOGC"
wait_for "No System V IPC objects" 5
keys c; wait_for "$FORM" 2
check "--no-config: the form starts from the defaults (the saved choices not read): key from IPC_PRIVATE" \
	eval 'form_line "key from" | grep -qF "< IPC_PRIVATE >"' 
keys Right Right Down Right Right Down; type_field 0x5eed00c1; keys Down Down Down; type_field 2
keys Down; type_field "0 1"; keys Enter
wait_re "^>sem +0x5eed00c1 " 2
keys Enter; wait_for SEMNUM 2
keys +
status_has "semop(" 2
keys Escape; wait_re "^>sem" 2
keys c; wait_for "$FORM" 2
keys Right Right Down Down; type_field 0x5eed00c2; keys Enter # from the set just made: its kind and key source
wait_re "^>msg +0x5eed00c2 " 2
keys s; wait_for "msgsnd to queue" 2
type_field 4; keys Down Down; type_field "hi there"; keys Enter
check "--log-c session: set created, V done, message sent (kernel state 1 1; 1 message of 8 bytes)" \
	eval 'status_has "msgsnd(" 2 && [ "$("$H" semvals "$(ipcs_row s 0x5eed00c1 | awk "{print \$2}")")" = "1 1" ] &&
		[ "$("$H" qstat "$(ipcs_row q 0x5eed00c2 | awk "{print \$2}")")" = "1 8" ]'
keys q
check "--log-c: ipctop exits 0 and wrote the file" eval '[ "$(wait_exit 5)" = 0 ] && [ -s "$LOGC" ]'
check "--log-c: the file compiles with cc -Wall -Werror" cc -Wall -Werror -o "$E2E_TMP/replay" "$LOGC"
out=$(unshare --ipc sh -c '"$1"; echo "rc=$?"; ipcs -s; ipcs -q; "$2" semvals 0; "$2" qstat 0' sh "$E2E_TMP/replay" "$H" 2>&1)
check "--log-c: the program runs in a fresh namespace with exit 0" grep -qx "rc=0" <<<"$out"
check "--log-c: ... and creates the set 0x5eed00c1 (2 semaphores, values 1 1 after the V)" \
	eval 'grep -qE "^0x5eed00c1 +0 +root +644 +2 *$" <<<"$out" && grep -qx "1 1" <<<"$out"'
check "--log-c: ... and the queue 0x5eed00c2 with the message (1 message, 8 bytes)" \
	eval 'grep -qE "^0x5eed00c2 +0 +root +644 +8 +1 *$" <<<"$out" && grep -qx "1 8" <<<"$out"'
[ -n "${E2E_DEBUG:-}" ] && echo "$out"
"$H" rmall
