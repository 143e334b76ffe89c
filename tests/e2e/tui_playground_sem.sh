#!/bin/bash
# tui_playground_sem.sh — semaphores in the playground, in tmux at 80x24,
# checked against the kernel (GETVAL/GETALL, GETNCNT/GETZCNT, /proc): P on a
# zero semaphore waits in a worker (waiters panel, marked as ipctop's, NCNT 1) until V releases
# it; wait-for-zero until SETVAL 0; the semop form with several ops and a
# bad spec; SETALL; SETVAL above SEMVMX refused; cancelling a waiter from
# the waiters panel; semop calls in the action log; workers killed on quit.
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H

vals() { "$H" semvals "$SEM"; }
cnt() { "$H" semcnt "$SEM" "$1"; } # "NCNT ZCNT" of one semaphore
# sem_row N VALUE NCNT ZCNT — the detail table shows that row.
sem_row() { wait_re "^ +$1 +$2 +$3 +$4 +[0-9]+ " 2; }
# waiter_pid — the pid of the first worker listed in the waiters panel.
waiter_pid() { screen | sed -nE 's/^ #[0-9]+ +pid ([0-9]+) .*/\1/p' | head -n 1; }

SEM=$("$H" sem 0x5eed0003 3 0600) && "$H" setall "$SEM" 1 0 2 || { echo "not ok - creating the set"; exit 1; }
restart 80 24 -d 5
wait_for 0x5eed0003 5
keys Enter
check "Enter on the set opens its table (values 1 0 2)" \
	eval 'wait_for "Semaphore set $SEM  key 0x5eed0003" 2 && sem_row 0 1 0 0 && sem_row 1 0 0 0 && sem_row 2 2 0 0'

# --- P on a zero semaphore waits; V releases it --------------------------------------
keys Down -
check "- (P) on semaphore 1 (value 0) starts a waiter shown in the waiters panel" \
	eval 'wait_for "Waiters: 1 blocked, 1 ipctop worker" 2 && wait_re "^ #[0-9]+ +pid [0-9]+ +sem $SEM .*semop\($SEM, \{\{1, -1, 0\}\}, 1\)" 1'
wpid=$(waiter_pid)
check "the NCNT column of semaphore 1 shows 1" sem_row 1 0 1 0
check "semctl(GETNCNT) of semaphore 1 says 1 (worker $wpid blocked in the kernel)" until_true 2 eval '[ "$(cnt 1)" = "1 0" ]'
check "ipcs -s -i $SEM shows ncount 1 for semaphore 1" \
	eval 'ipcs -s -i "$SEM" | grep -qE "^1 +0 +1 +0 +"'
keys +
check "+ (V) releases it: the status says the worker finished (semop ... = 0)" \
	eval 'status_has "done after" 3 && status_line | grep -qF "semop($SEM, {{1, -1, 0}}, 1) = 0"'
check "the waiter is gone: the panel its P opened closes by itself" wait_gone "Waiters:" 2
check "the worker process $wpid is gone (reaped, no zombie)" until_true 2 gone "$wpid"
check "NCNT back to 0 and the value is 0 (V then P): GETNCNT, GETALL and the table" \
	eval '[ "$(cnt 1)" = "0 0" ] && [ "$(vals)" = "1 0 2" ] && sem_row 1 0 0 0'

# --- wait for zero until SETVAL 0 -------------------------------------------------------
keys Up 0
check "0 (wait for zero) on semaphore 0 (value 1) waits: ZCNT 1 in the table and GETZCNT" \
	eval 'sem_row 0 1 0 1 && [ "$(cnt 0)" = "0 1" ] && wait_for "Waiters: 1 blocked, 1 ipctop worker" 1'
wpid=$(waiter_pid)
keys v
check "v opens the SETVAL form for semaphore 0" \
	eval 'wait_for "semctl($SEM, n, SETVAL, value)" 2 && wait_re "^ semnum +0( |$)" 1'
type_field 0
check "the form previews semctl($SEM, 0, SETVAL, 0)" wait_for "semctl($SEM, 0, SETVAL, 0)" 2
keys Enter
check "SETVAL 0 wakes the waiter: the status says it finished, ZCNT 0, value 0" \
	eval 'status_has "semop($SEM, {{0, 0, 0}}, 1) = 0" 3 && until_true 2 eval "[ \"\$(cnt 0)\" = \"0 0\" ]" &&
		[ "$(vals)" = "0 0 2" ] && sem_row 0 0 0 0'
check "the waiter $wpid is gone (and the panel its call opened)" eval 'wait_gone "Waiters:" 2 && until_true 2 gone "$wpid"'

# --- the semop form -----------------------------------------------------------------------
keys o
check "o opens the semop form" wait_for "semop on set $SEM (3 semaphores)" 2
type_field "0+2 1+1"
check "spec '0+2 1+1': '2 ops' and the preview semop($SEM, {{0, +2, 0}, {1, +1, 0}}, 2)" \
	eval 'wait_re "^ ops +0\+2 1\+1 +2 ops" 2 && wait_for "semop($SEM, {{0, +2, 0}, {1, +1, 0}}, 2)" 1'
keys Enter
check "Enter applies both ops (GETALL: 2 1 2)" \
	eval 'status_has "semop($SEM, {{0, +2, 0}, {1, +1, 0}}, 2) = 0" 2 && [ "$(vals)" = "2 1 2" ]'
check "the table shows the new values" eval 'sem_row 0 2 0 0 && sem_row 1 1 0 0'
keys o; wait_for "semop on set $SEM" 2
type_field "0+2 7+1"
check "a bad spec '0+2 7+1' shows the reason next to the field (semaphore 7 out of range)" \
	wait_re "^ ops +0\+2 7\+1 +semaphore 7 out of range" 2
check "... the whole reason is readable on its own line ('ops: semaphore 7 out of range ...')" \
	wait_re "^ ops: semaphore 7 out of range.{10,}" 1
keys Enter
check "... Enter does nothing: the form stays, values unchanged (2 1 2)" \
	eval 'sleep 0.3; screen | grep -qF "semop on set $SEM" && [ "$(vals)" = "2 1 2" ]'
keys Escape; wait_gone "semop on set" 2

# --- SETALL, and SETVAL above SEMVMX -----------------------------------------------------------
keys V
check "V opens the SETALL form" wait_for "semctl($SEM, 0, SETALL, values)" 2
type_field "5 6 7"
check "the form previews semctl($SEM, 0, SETALL, {5, 6, 7})" wait_for "semctl($SEM, 0, SETALL, {5, 6, 7})" 2
keys Enter
check "SETALL sets 5 6 7 (GETALL and the table)" \
	eval 'status_has "semctl($SEM, 0, SETALL, {5, 6, 7}) = 0" 2 && [ "$(vals)" = "5 6 7" ] &&
		sem_row 0 5 0 0 && sem_row 1 6 0 0 && sem_row 2 7 0 0'
keys v; wait_for "SETVAL, value)" 2
type_field 40000
check "SETVAL 40000 is refused with the reason (above SEMVMX (32767))" \
	wait_re "^ value +40000 +above SEMVMX \(32767\)" 2
keys Enter
check "... Enter does not set it: the form stays, values unchanged (5 6 7)" \
	eval 'sleep 0.3; screen | grep -qF "SETVAL, value)" && [ "$(vals)" = "5 6 7" ]'
keys Escape; wait_gone "SETVAL, value)" 2

# --- cancel a waiter from the waiters panel ------------------------------------------------------
keys v; wait_for "SETVAL, value)" 2; type_field 0; keys Enter
until_true 2 eval '[ "$(vals)" = "0 6 7" ]'
keys -
check "P on semaphore 0 (now 0) waits again (NCNT 1)" \
	eval 'wait_for "Waiters: 1 blocked, 1 ipctop worker" 2 && until_true 2 eval "[ \"\$(cnt 0)\" = \"1 0\" ]"'
wpid=$(waiter_pid)
keys w
check "w focuses the waiters panel (its keys in the panel title and the footer)" \
	eval 'wait_for "(x cancel a worker, k signal, Esc back)" 2 && tail -n 1 <<<"$(screen)" | grep -q "xCancel"'
keys x
check "x cancels the waiter: kill($wpid, SIGTERM) ... cancelled" status_has "kill($wpid, SIGTERM) = 0" 2
check "the worker $wpid is gone (kill -0 fails, no /proc entry: no zombie)" until_true 2 gone "$wpid"
check "NCNT back to 0, the value still 0, the panel empty" \
	eval '[ "$(cnt 0)" = "0 0" ] && [ "$(vals)" = "0 6 7" ] && wait_for "Waiters: 0 blocked" 1'
keys Escape
check "Esc leaves the waiters panel (back to the set's table)" \
	eval 'wait_gone "Waiters:" 2 && screen | grep -q SEMNUM'

# --- the action log -------------------------------------------------------------------------------
keys l
check "l shows the semop/semctl calls with their results in the action log" \
	eval 'wait_for "Action log:" 2 && log_has "semop($SEM, {{0, +2, 0}, {1, +1, 0}}, 2) = 0" &&
		log_has "semctl($SEM, 0, SETALL, {5, 6, 7}) = 0" && log_has "semctl($SEM, 0, SETVAL, 0) = 0"'
check "... and the cancelled worker's semop" log_has "cancelled: semop($SEM, {{0, -1, 0}}, 1)"
[ -n "${E2E_DEBUG:-}" ] && screen
keys l; wait_gone "Action log:" 2

# --- quitting kills the waiters ------------------------------------------------------------------
keys - Down 0
check "two waiters: P on semaphore 0 and wait-for-zero on semaphore 1" \
	eval 'wait_for "Waiters: 2 blocked, 2 ipctop workers" 3 && until_true 2 eval "[ \"\$(cnt 0)\" = \"1 0\" ] && [ \"\$(cnt 1)\" = \"0 1\" ]"'
pids=$(screen | sed -nE 's/^ #[0-9]+ +pid ([0-9]+) .*/\1/p' | paste -sd' ' -)
keys q
check "q quits (exit 0)" eval '[ "$(wait_exit 5)" = 0 ]'
left=
for p in $pids; do until_true 2 gone "$p" || left="$left $p"; done
check "the waiters ($pids) are killed and reaped on quit (left:${left:- none})" \
	eval '[ -z "$left" ] && [ "$(wc -w <<<"$pids")" -eq 2 ]'
check "no one waits on the set any more (NCNT/ZCNT 0)" eval '[ "$(cnt 0)" = "0 0" ] && [ "$(cnt 1)" = "0 0" ]'
"$H" rmall
