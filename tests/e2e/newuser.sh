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
restart 80 90
keys '?'
wait_for "show or close this help" 3
screen >"$E2E_TMP/help.tall"
check "help: D has its own row (no 'D Enter': Enter starts a scenario)" \
	grep -qE '^  D +classroom scenarios: ' "$E2E_TMP/help.tall"
check "help: the scenarios menu's Enter has its own text" \
	grep -qE '^  Enter +in the scenarios menu: start the selected scenario' "$E2E_TMP/help.tall"
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
