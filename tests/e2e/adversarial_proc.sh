#!/bin/bash
# adversarial_proc.sh — issue 11, the process side, each attack planted for
# real:
#  - job control: ^Z and `fg` in an interactive bash (the terminal is
#    restored while stopped, curses re-entered and the screen redrawn on
#    fg, keys work); `kill -STOP`, the terminal reset (`stty sane`, the
#    screen scribbled over, the window resized) and `kill -CONT` from
#    outside; `kill -TSTP` where the stop is discarded (orphaned process
#    group); a wrapper (sh -c) that stops before ipctop; the scenario's
#    children live on.
.  "$(dirname "$0")/lib.sh"
build_helper ipc_helper H

# ---- helpers ------------------------------------------------------------------
pane_tty() { tm display-message -p -t "$SESSION" '#{pane_tty}'; }
# modes_are WORD... — the pane's terminal has these stty modes (read from
# outside with stty -F, so nothing is typed into the pane).
modes_are() {
	local m w; m=$(stty -F "$(pane_tty)" -a) || return 1
	for w; do tr ' ;' '\n\n' <<<"$m" | grep -qx -- "$w" || return 1; done
}
alt_screen() { [ "$(tm display-message -p -t "$SESSION" '#{alternate_on}')" = "$1" ]; }
proc_state() { sed -n 's/^State:\s*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null; }
stopped() { [ "$(proc_state "$1")" = T ]; }
running() { local s; s=$(proc_state "$1") && [ -n "$s" ] && [ "$s" != T ] && [ "$s" != Z ]; }
# redrawn — the whole ipctop screen is there: header, tabs, footer.
redrawn() {
	local s; s=$(screen)
	grep -qE '^ipctop [0-9]' <<<"$(head -n 1 <<<"$s")" && grep -q ' 1 Shm ' <<<"$s" &&
		grep -q 'F1Help' <<<"$(tail -n 1 <<<"$s")"
}
# no_escape_echo — no echoed escape sequence (^[OB, ^[[B) on the screen and
# no "key ... does nothing" complaint from a broken keypad.
no_escape_echo() { ! screen | grep -qE '\^\[|does nothing'; }
# start_shell — an interactive bash (job control) alone in a fresh tmux
# server; its prompt is "jobsh$ ".
start_shell() {
	stop_server
	e2e_runs=$((e2e_runs + 1)) TMUX_SOCK="ipctop-e2e-$$-$e2e_runs"
	rm -f "$E2E_TMP/exit" "$E2E_TMP/stty.before" "$E2E_TMP/stty.after"
	tm -f /dev/null new-session -d -s "$SESSION" -x 80 -y 24 \
		"env PS1='jobsh\$ ' HISTFILE=/dev/null bash --norc --noprofile -i"
	wait_for 'jobsh$' 5
}
# type_line TEXT — types a command line into the pane's shell.
type_line() { keys -l -- "$1"; keys Enter; }

# Three segments, so Down has somewhere to go.
for k in 0x5eed7301 0x5eed7302 0x5eed7303; do
	"$H" shm "$k" 4096 0600 >/dev/null || { echo "not ok - creating segment $k"; exit 1; }
done
# down_moves FROM TO — the selection is on FROM; Down moves it to TO.
down_moves() {
	wait_re "^>(shm +)?$1 " 2 || return 1
	keys Down
	wait_re "^>(shm +)?$2 " 2 && no_escape_echo
}

# ---- ^Z and fg in an interactive shell ------------------------------------------
# ipctop is the shell's job itself: the exit status and the modes after it
# are read by the next command line.
start_shell
type_line "stty -a > $E2E_TMP/stty.before"
type_line "$IPCTOP_BIN -d 5 --demo prodcons"
check "job control: ipctop runs in bash -i with the prodcons scenario" wait_for "Scenario prodcons" 5
keys 1 # the Shm view: the segments in id order, the scenario's after them
PID=$(ipctop_pid)
kids=$(pgrep -P "$PID" | paste -sd' ' -)
check "job control: found ipctop ($PID) and its scenario children ($kids)" \
	eval '[ -n "$PID" ] && [ "$(wc -w <<<"$kids")" -ge 3 ]'
# shell_meanwhile TAG — ^Z: stopped, the screen and the modes given back; a
# command typed in the shell sees echo and icanon on.
stopped_by_ctrl_z() {
	keys C-z
	check "$1: ipctop is stopped (state T)" until_true 3 stopped "$PID"
	check "$1: the alternate screen was left, the cursor is visible" \
		eval 'until_true 2 alt_screen 0 && [ "$(tm display-message -p -t "$SESSION" "#{cursor_flag}")" = 1 ]'
	rm -f "$E2E_TMP/stty.stopped"
	type_line "stty -a > $E2E_TMP/stty.stopped"
	check "$1: a command run in the shell meanwhile sees echo and icanon on (stty in the pane)" \
		eval 'until_true 3 test -s "$E2E_TMP/stty.stopped" && stty_has "$E2E_TMP/stty.stopped" echo &&
			stty_has "$E2E_TMP/stty.stopped" icanon'
}
# back_by_fg TAG FROM TO — fg: the screen redrawn in curses' modes, Down
# moves the selection from FROM to TO.
back_by_fg() {
	type_line fg
	check "$1: ipctop redraws its whole screen (header, tabs, footer) in the alternate screen" \
		eval 'until_true 3 redrawn && alt_screen 1'
	check "$1: no shell text left on the screen (no 'Stopped', no prompt, no stty)" \
		eval '! screen | grep -qE "Stopped|jobsh\\$|stty"'
	check "$1: the terminal is in curses' modes again (-echo -icanon)" until_true 2 modes_are -echo -icanon
	check "$1: Down moves the selection ($2 -> $3), no ^[OB echoed" down_moves "$2" "$3"
}
stopped_by_ctrl_z "^Z"
check "^Z: the shell says 'Stopped' and prompts" eval 'wait_for "Stopped" 2 && screen | grep -q "^jobsh\\$"'
bad=
for k in $kids; do running "$k" || bad="$bad $k:$(proc_state "$k")"; done
check "^Z: the scenario's children (own process group) keep running (stopped or gone:${bad:- none})" test -z "$bad"
back_by_fg "fg" 0x5eed7301 0x5eed7302
bad=
for k in $kids; do running "$k" || bad="$bad $k:$(proc_state "$k")"; done
check "fg: the scenario's children are all still there (stopped or gone:${bad:- none})" test -z "$bad"
stopped_by_ctrl_z "^Z again"
back_by_fg "fg again" 0x5eed7302 0x5eed7303
keys q
check "q: the shell prompts again" wait_re '^jobsh\$ *$' 3
type_line "echo exit=\$? > $E2E_TMP/exit; stty -a > $E2E_TMP/stty.after"
exited_clean "q after two ^Z/fg" 0
check "the scenario's children are gone after q" \
	until_true 3 eval 'for k in $kids; do ! kill -0 "$k" 2>/dev/null || exit 1; done'

# ---- ^Z with a wrapper: sh -c ipctop ---------------------------------------------
# sh stops on the ^Z too, maybe before ipctop has given the terminal back,
# and bash takes the terminal at once: ipctop must neither fight the shell
# over the modes nor stop again after `fg` (nobody would continue it).
start_shell
type_line "sh -c '$IPCTOP_BIN -d 5'"
check "wrapper: ipctop runs under sh -c" wait_for "0x5eed7303" 5
PID=$(pgrep -P "$(ipctop_pid)")
check "wrapper: found ipctop ($PID), the selection on the first segment" \
	eval '[ -n "$PID" ] && wait_re "^>shm +0x5eed7301 " 2'
stopped_by_ctrl_z "wrapper ^Z"
back_by_fg "wrapper fg" 0x5eed7301 0x5eed7302
stopped_by_ctrl_z "wrapper ^Z again"
back_by_fg "wrapper fg again" 0x5eed7302 0x5eed7303
keys q
# (Where the prompt lands depends on who won the race: not checked.)
check "wrapper: q ends ipctop and sh" until_true 3 gone "$PID"
type_line "echo shell-is-back-\$((6 * 7))"
check "wrapper: the shell reads commands again (an echo answers)" wait_for "shell-is-back-42" 3

# ---- kill -STOP, the terminal reset behind ipctop's back, kill -CONT --------------
# ipctop is the pane's command here (no job-control shell): nobody but
# SIGCONT tells it that the terminal changed.
restart 80 24 -d 5
check "STOP/CONT: ipctop runs" wait_for "0x5eed7303" 5
PID=$(ipctop_pid)
check "STOP/CONT: the selection starts on the first segment" wait_re "^>shm +0x5eed7301 " 2
kill -STOP "$PID"
check "kill -STOP: ipctop is stopped" until_true 3 stopped "$PID"
stty -F "$(pane_tty)" sane
printf '\033[?1049l\033[?1l\033>\033[H\033[2JSCRIBBLE\r\n' >"$(pane_tty)"
tm resize-window -t "$SESSION" -x 100 -y 30
check "(the terminal was reset meanwhile: echo, icanon on, normal screen)" \
	eval 'modes_are echo icanon && alt_screen 0 && wait_for SCRIBBLE 2'
kill -CONT "$PID"
check "kill -CONT: ipctop redraws its whole screen in the alternate screen" \
	eval 'until_true 3 redrawn && alt_screen 1 && ! screen | grep -q SCRIBBLE'
check "kill -CONT: the terminal is in curses' modes again (-echo -icanon)" until_true 2 modes_are -echo -icanon
check "kill -CONT: the new size (100x30) is used: the footer line is the 30th" \
	eval '[ "$(screen | wc -l)" = 30 ] && screen | sed -n 30p | grep -q F1Help && screen | head -n 1 | grep -qE "refresh 0\.5s$"'
check "kill -CONT: Down moves the selection (0x5eed7301 -> 0x5eed7302), no ^[OB echoed" \
	down_moves 0x5eed7301 0x5eed7302
clock() { screen | head -n 1 | grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2}'; }
c1=$(clock)
check "kill -CONT: the refresh timer still ticks (the clock moves: $c1)" \
	until_true 3 eval '[ "$(clock)" != "$c1" ]'

# kill -TSTP: the pane's sh and ipctop form an orphaned process group (no
# job control: nobody could continue them), where the kernel discards the
# stop. ipctop must not stop by other means: it goes on, screen and keys
# intact.
kill -TSTP "$PID"
check "kill -TSTP in an orphaned process group: ipctop goes on (not stopped), its screen whole" \
	eval '! until_true 1 stopped "$PID" && until_true 2 redrawn && alt_screen 1 && modes_are -echo -icanon'
check "... and Down works (0x5eed7302 -> 0x5eed7303)" down_moves 0x5eed7302 0x5eed7303
keys q
exited_clean "q after STOP/CONT and TSTP/CONT" 0

"$H" rmall
