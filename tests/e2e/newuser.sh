#!/bin/bash
# newuser.sh — the defects found trying ipctop as a new user (issue 16),
# each checked on the real binary in tmux: the help (no key merged into
# the row above, long texts wrapped, PgDn stops at the end), the action
# log's newest calls visible beside the scenario pane, the waiters panel
# closing by itself after a P it opened, the projector semaphore grid's
# arrows, the peek view's whole message (Enter) and s/r there, the
# received message kept whole in the log, plurals, the labelled shm memory
# meter, and the namespaces view's example process.
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H

# body_rows FIRST LAST — screen lines FIRST..LAST (1-based).
body_rows() { screen | sed -n "$1,$2p"; }
# joined — the help as one entry per line: a line indented to the text
# column (21) continues the line above.
joined() {
	python3 -c '
import re, sys
out = []
for l in sys.stdin.read().splitlines():
    if re.match(r" {21}\S", l) and out:
        out[-1] += " " + l.strip()
    else:
        out.append(l)
print("\n".join(out))'
}

# --- help: one row per key, texts wrapped, PgDn stops at the end ----------------------
restart 80 200
keys '?'
wait_for "show or close this help" 3
screen >"$E2E_TMP/help.tall"
check "help: D has its own row (no 'D Enter': Enter starts a scenario)" \
	grep -qE '^  D +classroom scenarios: ' "$E2E_TMP/help.tall"
check "help: the scenarios menu's Enter has its own text" \
	grep -qE '^  Enter +in the scenarios menu: start it and open its stage' "$E2E_TMP/help.tall"
check "help: f has its own row (no 'f k': k signals a scenario's process)" \
	grep -qE '^  f +homework scenario: payload' "$E2E_TMP/help.tall"
check "help: the scenarios menu's k has its own text" \
	grep -qE '^  k +in the scenarios menu: send a signal' "$E2E_TMP/help.tall"
check "help: every row naming keys has a text after them (column 21)" \
	eval '! grep -E "^  [^ ]" "$E2E_TMP/help.tall" | grep -vE "^.{21}[^ ]"'
check "help: keys that do the same stay on one row (? F1 h, d F9, PgDn ^F)" \
	eval 'grep -qE "^  \? F1 h +show or close" "$E2E_TMP/help.tall" &&
		grep -qE "^  d F9 +remove the object" "$E2E_TMP/help.tall" && grep -qE "^  PgDn \^F +page down" "$E2E_TMP/help.tall"'
joined <"$E2E_TMP/help.tall" >"$E2E_TMP/help.joined"
for text in "projector mode: high contrast, fewer wider columns, big digits" \
	"classroom scenarios: prodcons, chat, homework, deadlock, signals, daemon" \
	"send a signal to the process on the cursor row (kill, or sigqueue with a value)" \
	"save the session's calls as a C program (--log-c FILE, else ipctop-session.c)"; do
	check "help: '$text' is whole, wrapped under the text column" grep -qF -- "$text" "$E2E_TMP/help.joined"
done
last=$(grep -vE '^ *$' "$E2E_TMP/help.tall" | sed -n '/ Help — keys/,$p' | grep -vE '^(Esc|$)' | tail -n 1)
keys q
restart 80 24
keys '?'
wait_for "show or close this help" 3
for _ in $(seq 12); do keys NPage; done
check "help at 80x24: PgDn stops with the last line ('${last:0:40}...') on the last row" \
	eval 'until_true 2 eval "[ \"\$(body_rows 22 22)\" = \"\$last\" ]"'
before=$(screen)
keys NPage NPage
sleep 0.3
check "help: PgDn at the end changes nothing (no blank pages)" test "$(screen | sed 1d)" = "$(sed 1d <<<"$before")"
keys Home
check "help: Home goes back to the first line" wait_re "^ipctop [0-9.]+: System V IPC objects" 2
keys q

# --- the action log beside the scenario pane: the newest calls are shown ------------------
SET=$("$H" sem 0x16e00001 1 0600) || { echo "not ok - creating the set"; exit 1; }
restart 80 24 --demo prodcons
wait_for "Stage: prodcons" 5 && keys Escape # --demo opens the stage; Esc: the list
check "the prodcons scenario runs (its pane is shown)" wait_for " Scenario prodcons" 5
keys /; keys -l 16e00001; keys Enter Enter
check "the set's detail is open" wait_for "Semaphore set $SET  key 0x16e00001" 3
keys l
for v in 1 2 3 4 5 6 7 8; do
	keys v; wait_for "SETVAL, value)" 2; type_field $v; keys Enter
	status_has "semctl($SET, 0, SETVAL, $v) = 0" 3 || break
done
check "the kernel has the last value (8)" test "$("$H" semvals "$SET")" = 8
check "the log pane shows the newest call (SETVAL, 8) with the scenario pane open" log_has "semctl($SET, 0, SETVAL, 8) = 0"
check "... above the scenario pane, which is drawn whole below it" \
	eval 'screen | sed -n "/SETVAL, 8) = 0/,\$p" | grep -q "^ Scenario prodcons"'

# --- the waiters panel goes away with the last waiter, unless w opened it ------------------------
keys -
check "a P the value lets through ran in a worker (value 7)" until_true 3 eval '[ "$("$H" semvals "$SET")" = 7 ]'
check "... and no waiters panel stays open at '0 blocked'" until_true 3 eval '! screen | grep -q " Waiters: "'
keys v; wait_for "SETVAL, value)" 2; type_field 0; keys Enter
status_has "SETVAL, 0) = 0" 3
keys -
check "a P on 0 blocks: the waiters panel opens with its worker" wait_re " Waiters: [01] blocked.*1 ipctop worker|#1 +pid" 3
check "... the kernel counts it (semncnt 1)" until_true 3 eval '[ "$("$H" semcnt "$SET" 0)" = "1 0" ]'
keys +
check "V lets it through: the worker is done" status_has "done after" 3
check "... and the panel closes by itself" until_true 3 eval '! screen | grep -q " Waiters: "'
keys v; wait_for "SETVAL, value)" 2; type_field 0; keys Enter
status_has "SETVAL, 0) = 0" 3
keys -
check "another P on 0 opens the panel again" wait_re "#[0-9]+ +pid" 3
keys w
check "w gives the panel the keys (the user's panel now)" wait_for "Up/DnSelect" 2
"$H" setall "$SET" 1
check "a V from outside (SETALL 1) lets the worker through" status_has "done after" 3
sleep 1.2
check "... and the panel the user took stays open, at 0 blocked" wait_for " Waiters: 0 blocked" 1
keys w
check "w closes it" until_true 2 eval '! screen | grep -q " Waiters: "'
keys q

# --- the projector's semaphore grid: the arrows move in two dimensions ---------------------
GRID=$("$H" sem 0x16e00002 6 0600) && "$H" setall "$GRID" 0 1 2 3 4 5 || { echo "not ok - creating the grid's set"; exit 1; }
restart 80 24 -P
keys /; keys -l 16e00002; keys Enter Enter
check "projector: the set's grid is shown (3 cells a row at 80 columns)" \
	wait_re "sem 0 .* sem 1 .* sem 2 " 3
cursor_on() { screen_matches "> sem $1 "; }
keys Right
check "projector grid: Right moves to sem 1" until_true 2 cursor_on 1
keys Down
check "projector grid: Down moves a row, to sem 4" until_true 2 cursor_on 4
keys Left
check "projector grid: Left moves to sem 3 (and does not leave the view)" until_true 2 cursor_on 3
keys Up
check "projector grid: Up moves back to sem 0" until_true 2 cursor_on 0
keys Left
check "projector grid: Left at the first cell stays in the grid" until_true 1 eval 'cursor_on 0 && screen_matches "Semaphore set $GRID "'
keys P Left
check "in the normal view Left still goes back to the list" wait_re "^ (KIND +)?KEY +ID" 2
keys q

# --- peek: Enter opens the whole message; s and r work there; the log keeps a receive whole --------
TEXT=$(python3 -c "print(''.join(chr(97 + i % 26) for i in range(299)) + 'Z')")
Q=$("$H" msg 0x16e00003 0600) && "$H" sendtext "$Q" 5 "$TEXT" && "$H" sendtext "$Q" 6 short ||
	{ echo "not ok - creating the queue"; exit 1; }
restart 80 30
keys /; keys -l 16e00003; keys Enter p
check "peek: the queue's title counts 2 messages, 305 bytes" wait_for " Queue $Q: 2 messages, 305 bytes" 3
check "peek: the first row shows the start of the text" wait_re '^ +0 +5 +300  "abcdefghijklmnopqrstuvw' 2
keys Enter
check "peek Enter: the message view opens on message 0 (type 5, 300 bytes)" \
	wait_for " Message 0 of queue $Q: type 5, 300 bytes" 3
got=$(screen | sed -n '/ Message 0 of queue/,/^ *$/p' | sed '1d;/^ *$/d' | tr -d ' \n')
check "peek Enter: the whole text is shown, wrapped (300 characters, ends in Z)" test "$got" = "\"$TEXT\""
keys End
check "peek Enter: every byte in hex, the last row at offset 0x120 ending in 5a (Z)" \
	wait_re '^ 000120  63 64 65 66 67 68 69 6a  6b 6c 6d 5a +\|cdefghijklmZ\|$' 1
check "peek Enter removed nothing (the kernel still has 2 messages, 305 bytes)" test "$("$H" qstat "$Q")" = "2 305"
keys Escape
check "Esc goes back to the peek view" wait_for " Queue $Q: 2 messages" 2
keys s
check "s in the peek view opens msgsnd for its queue (not 'no object selected')" wait_for " msgsnd to queue $Q" 2
keys Escape r
check "r in the peek view opens msgrcv for its queue" wait_for " msgrcv from queue $Q" 2
keys Enter
check "msgrcv takes the first message (300 bytes)" status_has "msgrcv($Q, " 3
check "... the kernel has 1 message, 5 bytes left" until_true 3 eval '[ "$("$H" qstat "$Q")" = "1 5" ]'
check "plural: the peek title says '1 message, 5 bytes'" wait_for " Queue $Q: 1 message, 5 bytes" 3
keys l
wait_for " Action log: " 2
logtext=$(screen | sed -n '/ Action log: /,$p' | sed '1d' | tr -d ' \n')
check "the log keeps the received message whole (all 300 characters, wrapped over the pane's rows)" \
	eval 'grep -qF -- "->type5,300bytes:\"$TEXT\"" <<<"$logtext"'
check "plural: the log's title counts '3 calls' (peek, Enter, msgrcv)" wait_for " Action log: 3 calls " 1
keys q

# --- plurals: a count of one says so --------------------------------------------------------------
ONE=$("$H" sem 0x16e00005 1 0600) || { echo "not ok - creating the one-semaphore set"; exit 1; }
restart 80 24
keys /; keys -l 16e00005; keys Enter Enter o
check "plural: the semop form on a set of one says '(1 semaphore)'" wait_for " semop on set $ONE (1 semaphore)" 3
keys q
restart 80 24
keys /; keys -l 16e00003; keys Enter Enter
# each step waits for its screen: under ASan on a loaded machine a key can
# come before the view it is meant for
check "the queue's detail view opens" wait_for " Message queue $Q  key 0x16e00003" 8
keys s
check "s opens its msgsnd form" wait_for " msgsnd to queue $Q" 8
keys Down Down
type_field x
check "plural: the msgsnd form counts '1 byte' for a one-byte payload" wait_re "^ payload +x +1 byte *$" 2
keys Enter
check "the one-byte msgsnd ran (its call on the status line)" status_has "msgsnd($Q, {mtype=1, \"x\"}, 1, IPC_NOWAIT) = 0" 3
check "... and the kernel has it (2 messages, 6 bytes)" until_true 3 eval '[ "$("$H" qstat "$Q")" = "2 6" ]'
keys q

# --- the shared-memory meter is labelled ------------------------------------------------------
SEG=$("$H" shm 0x16e00006 1048576 0600) || { echo "not ok - creating the 1 MiB segment"; exit 1; }
restart 80 24
check "header: the shared memory in use is labelled 'shm mem' (1 MiB segment: 1.0M)" \
	wait_re "^SHM 1/[0-9.kMG]+  MSG 1/[0-9.kMG]+  SEM [0-9]+/[0-9.kMG]+  shm mem 1\.0M/[0-9.]+[BKMGTPE]  sems " 3
check "... and the kernel counts the same 256 pages (shm_tot)" \
	eval '[ "$(awk "NR > 1 { p += int((\$4 + 4095) / 4096) } END { print p }" /proc/sysvipc/shm)" = 256 ]'
check "... within 80 columns" eval '[ "$(screen | sed -n 2p | sed "s/ *$//" | wc -m)" -le 80 ]'
keys q

# --- the namespaces view: the telling example, no 'run as root' for root ------------------------
restart 100 24
keys N
check "N: our namespace is listed, marked shown now" wait_re '^>?\* ipc:\[' 3
mine=$(screen | grep -E '^>?\* ipc:\[')
check "N: its example is the oldest process that is not ipctop (this script, pid $$ bash)" \
	eval 'grep -qE " $$ bash( |$)" <<<"$mine"'
check "N: not ipctop itself" eval '! grep -q " ipctop" <<<"$mine"'
cg=$(python3 -c '
import sys
best = ""
for l in open("/proc/'$$'/cgroup"):
    h, c, path = l.rstrip("\n").split(":", 2)
    if path.strip("/") and (h == "0" and c == "" or not best):
        best = path.rstrip("/").split("/")[-1]
        if h == "0": break
print(best)')
if [ -n "$cg" ]; then
	check "N: the example's container cgroup is named ([$cg], as /proc/$$/cgroup says)" eval 'grep -qF "[$cg]" <<<"$mine"'
else
	check "N: no cgroup named (/proc/$$/cgroup has only root paths)" eval '! grep -qF "[" <<<"${mine#*]}"'
fi
if [ "$(id -u)" = 0 ]; then
	check "N: as root the footer does not say 'run as root'" eval '! screen | grep -q "run as root"'
fi
keys q
