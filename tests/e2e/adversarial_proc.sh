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
#  - unreadable /proc: ipctop as uid 65534, /proc plain (root's maps
#    unreadable) and mounted hidepid=2 in a private mount namespace (root's
#    processes invisible): a segment root's process holds is "unknown"
#    (JSON "attached": null, PROCS unknown), its live creator is [hidden],
#    a dead creator [gone], never a wrong name; the user's own attachment
#    is still counted.
#  - a process name with a newline and an escape (set by uid 65534 with
#    PR_SET_NAME): whole and escaped in root's --json (jq reads it), shown
#    as '?' in the TUI, no colour reaching the terminal.
.  "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
build_helper proc_helper P
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
# uid 65534 runs the helper and ipctop: the temporary directory must let it.
chmod 711 "$E2E_TMP"

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
check "job control: ipctop runs in bash -i with the prodcons scenario (its stage)" wait_for "Stage: prodcons" 5
keys Escape; wait_for "G brings the stage back" 3 # the list
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


# ---- unreadable /proc, names with control characters ------------------------------
if [ "$(id -u)" != 0 ] || ! $NOBODY test -x "$IPCTOP_BIN" || ! $NOBODY test -x "$P"; then
	echo "not ok - cannot run ipctop and the helper as uid 65534 (need root, and both reachable)"
	"$H" rmall
	exit 0
fi
"$H" rmall
EVIL=$'a\nb\e[31m'
# root's holder creates and attaches S_ROOT: its cpid and lpid, alive.
"$P" hold 0x5eed7501 rootholder >"$E2E_TMP/root.id" &
ROOT_HOLDER=$!
# S_GONE: created by a process that is gone, nobody attached.
S_GONE=$("$H" shm 0x5eed7502 4096 0666)
GONE_PID=$(awk -v id="$S_GONE" '$2 == id { print $5 }' /proc/sysvipc/shm)
# uid 65534 names itself "a<LF>b<ESC>[31m" and attaches S_EVIL.
$NOBODY "$P" hold 0x5eed7503 "$EVIL" >"$E2E_TMP/evil.id" &
EVIL_HOLDER=$!
until_true 3 eval '[ -s "$E2E_TMP/root.id" ] && [ -s "$E2E_TMP/evil.id" ]'
S_ROOT=$(cat "$E2E_TMP/root.id") S_EVIL=$(cat "$E2E_TMP/evil.id")
check "planted: root's holder ($ROOT_HOLDER) on shm $S_ROOT, a gone creator ($GONE_PID) of shm $S_GONE, uid 65534's '$(printf %q "$EVIL")' ($EVIL_HOLDER) on shm $S_EVIL" \
	eval '[ -n "$S_ROOT" ] && [ -n "$S_EVIL" ] && [ -n "$GONE_PID" ] && ! kill -0 "$GONE_PID" 2>/dev/null &&
		[ "$("$H" nattch "$S_ROOT")" = 1 ] && [ "$("$H" nattch "$S_EVIL")" = 1 ] &&
		[ "$(cat /proc/$EVIL_HOLDER/comm)" = "$EVIL" ] && grep -q "^Uid:\s*65534" /proc/$EVIL_HOLDER/status'
# The hidepid=2 /proc, in a mount namespace of its own.
cat >"$E2E_TMP/hidepid.sh" <<'EOS'
mount -t proc -o hidepid=2 proc /proc || exit 97
exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
EOS
HIDEPID="unshare --mount --propagation private sh $E2E_TMP/hidepid.sh"
check "(under hidepid=2 uid 65534 sees no root process: /proc/$ROOT_HOLDER is invisible, kill -0 says EPERM)" \
	eval '$HIDEPID sh -c "! test -e /proc/$ROOT_HOLDER && test -e /proc/$EVIL_HOLDER && ! kill -0 $ROOT_HOLDER 2>&1 | grep -q \"No such\""'

# attached SHMID — the "attached" value of that segment in the JSON on stdin.
attached() { jq -c --argjson id "$1" '.shm[] | select(.id == $id) | .attached'; }
for how in plain hidepid; do
	run=$NOBODY; [ $how = hidepid ] && run=$HIDEPID
	$run "$IPCTOP_BIN" --json >"$E2E_TMP/$how.json"
	check "--json as uid 65534, /proc $how: valid JSON (jq)" jq -e . "$E2E_TMP/$how.json" >/dev/null
	a=$(attached "$S_ROOT" <"$E2E_TMP/$how.json")
	check "--json as uid 65534, /proc $how: root's attachment unseen: \"attached\": null, not [] (got $a)" test "$a" = null
	a=$(attached "$S_GONE" <"$E2E_TMP/$how.json")
	check "--json as uid 65534, /proc $how: nattch 0: \"attached\": [] (got $a)" test "$a" = "[]"
	a=$(attached "$S_EVIL" <"$E2E_TMP/$how.json")
	check "--json as uid 65534, /proc $how: its own process is listed ($a)" \
		eval '[ "$(jq -r ".[0].pid, length" <<<"$a" | paste -sd, -)" = "$EVIL_HOLDER,1" ]'
done

# The TUI as uid 65534 under hidepid=2, wide enough for the PROCS column.
IPCTOP_BIN="$HIDEPID $IPCTOP_BIN" restart 132 30 -d 5 --no-color
keys 1
check "TUI, hidepid=2: the Shm view shows the three segments" wait_for 0x5eed7503 5
# procs_of KEY — the PROCS cell of that row of the Shm view (KEY ID OWNER
# PERMS OCT SIZE NATTCH PROCS: the 8th word; none of these has a space).
procs_of() { screen | awk -v key="$1" 'index($1, key) { print $8; exit }'; }
# open_detail KEY — the detail of that object (the list filtered to it).
open_detail() {
	keys Escape Escape /; wait_for "Filter:" 2; keys -l "$1"; keys Enter
	wait_re "^>$1 " 2 && keys Enter
}
check "TUI, hidepid=2: PROCS of root's segment is 'unknown' ($(procs_of 0x5eed7501)), of the gone creator's 0 ($(procs_of 0x5eed7502)), of uid 65534's 1 ($(procs_of 0x5eed7503))" \
	eval '[ "$(procs_of 0x5eed7501)" = unknown ] && [ "$(procs_of 0x5eed7502)" = 0 ] && [ "$(procs_of 0x5eed7503)" = 1 ]'
open_detail 0x5eed7501
check "TUI, hidepid=2: the detail says 'processes unknown (some not readable)'" \
	eval 'wait_for "Shared memory segment $S_ROOT" 3 && screen | grep -qE "processes +unknown \(some not readable\)"'
check "TUI, hidepid=2: its live creator and last pid ($ROOT_HOLDER) are [hidden], never [gone], never named" \
	eval 'screen | grep -qE "cpid +$ROOT_HOLDER \(\[hidden\]\)" && screen | grep -qE "lpid +$ROOT_HOLDER \(\[hidden\]\)" &&
		screen | grep -qE "^ cpid +$ROOT_HOLDER +\[hidden\]" && ! screen | grep -qE "\[gone\]|rootholder"'
open_detail 0x5eed7502
check "TUI, hidepid=2: the gone creator ($GONE_PID) of shm $S_GONE is [gone]" \
	eval 'wait_for "Shared memory segment $S_GONE" 3 && screen | grep -qE "cpid +$GONE_PID \(\[gone\]\)" && ! screen | grep -q "\[hidden\]"'
keys Escape Escape q
check "TUI, hidepid=2: q quits (exit 0)" eval '[ "$(wait_exit 5)" = 0 ]'

# Root's view of uid 65534's name.
"$IPCTOP_BIN" --json >"$E2E_TMP/root.json"
a=$(attached "$S_EVIL" <"$E2E_TMP/root.json")
check "--json as root: the name is whole and escaped (\"a\\nb\\u001b[31m\"), jq reads it back byte for byte ($a)" \
	eval 'grep -qF "\"command\":\"a\\nb\\u001b[31m\"" "$E2E_TMP/root.json" &&
		[ "$(jq -j --argjson id "$S_EVIL" ".shm[] | select(.id == \$id) | .attached[0].command" "$E2E_TMP/root.json")" = "$EVIL" ]'
a=$(attached "$S_ROOT" <"$E2E_TMP/root.json")
check "--json as root: root's holder is seen and named ($a)" \
	test "$(jq -r '.[0].command' <<<"$a")" = rootholder
restart 100 30 -d 5 --no-color
keys 1
wait_for 0x5eed7503 5
open_detail 0x5eed7503
check "TUI as root: the detail of shm $S_EVIL names its creator and attacher 'a?b?[31m' (whole, not cut at the newline)" \
	eval 'wait_for "Shared memory segment $S_EVIL" 3 && wait_re "^ attached +$EVIL_HOLDER .* a\?b\?\[31m *$" 2 &&
		screen | grep -qE "cpid +$EVIL_HOLDER \(a\?b\?\[31m\)"'
# --no-color: any foreground colour in the capture (SGR 30-38, 90-97; 39 is
# the default) came from the name.
fg_colour() { tm capture-pane -e -p -t "$SESSION" | grep -qE $'\e''\[([0-9]+;)*(3[0-8]|9[0-7])(;[0-9]+)*m'; }
check "TUI as root: no raw ESC reached the terminal (no colour in the --no-color capture)" eval '! fg_colour'
keys Escape Escape q
check "TUI as root: q quits (exit 0)" eval '[ "$(wait_exit 5)" = 0 ]'
kill "$ROOT_HOLDER" "$EVIL_HOLDER"
wait "$ROOT_HOLDER" "$EVIL_HOLDER" 2>/dev/null
"$H" rmall
