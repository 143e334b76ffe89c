# lib.sh — helpers for end-to-end tests that drive the real ipctop binary in
# a private tmux server. Source it; every check prints "ok - ..." or
# "not ok - ..." which tests/run.sh counts.
: "${IPCTOP_BIN:?run through tests/run.sh (make test)}"
# Each e2e script runs in an IPC namespace of its own, so objects from one
# script never show up in another.
if [ -z "${IPCTOP_E2E_NS:-}" ]; then
	export IPCTOP_E2E_NS=1
	exec unshare --ipc bash "$0" "$@"
fi
TMUX_SOCK="ipctop-e2e-$$"
SESSION=t
tm() { tmux -L "$TMUX_SOCK" "$@"; }

# start_ipctop COLS ROWS ARGS... — starts ipctop in a fresh tmux session.
# The pane stays after ipctop exits so its status and screen can be read.
start_ipctop() {
	local cols=$1 rows=$2; shift 2
	tm -f /dev/null new-session -d -s "$SESSION" -x "$cols" -y "$rows" \
		"stty -a > $E2E_TMP/stty.before; $IPCTOP_BIN $*; echo \"exit=\$?\" > $E2E_TMP/exit; stty -a > $E2E_TMP/stty.after; sleep 600"
	tm set-option -t "$SESSION" remain-on-exit on >/dev/null
}

screen() { tm capture-pane -p -t "$SESSION"; }

# wait_for TEXT [SECONDS] — waits until the screen shows TEXT (fixed string).
wait_for() {
	local text=$1 limit=${2:-5} i=0
	while [ $i -lt $((limit * 20)) ]; do
		screen | grep -qF -- "$text" && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

# wait_gone TEXT [SECONDS] — waits until TEXT is no longer on the screen.
wait_gone() {
	local text=$1 limit=${2:-5} i=0
	while [ $i -lt $((limit * 20)) ]; do
		screen | grep -qF -- "$text" || return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

keys() { tm send-keys -t "$SESSION" "$@"; }

# check DESC CMD... — runs CMD; prints ok/not ok with DESC.
check() {
	local desc=$1; shift
	if "$@"; then echo "ok - $desc"; else echo "not ok - $desc"; echo "--- screen:"; screen; fi
}

# wait_exit [SECONDS] — waits for ipctop to exit; prints its exit status.
wait_exit() {
	local limit=${1:-5} i=0
	while [ $i -lt $((limit * 20)) ]; do
		[ -s "$E2E_TMP/exit" ] && { sed 's/exit=//' "$E2E_TMP/exit"; return 0; }
		sleep 0.05; i=$((i + 1))
	done
	echo timeout
}

e2e_cleanup() {
	stop_server
	rm -rf "$E2E_TMP"
}
E2E_TMP=$(mktemp -d /tmp/ipctop-e2e.XXXXXX)
trap e2e_cleanup EXIT
# ipctop reads and writes its settings file there, never the tester's own.
export XDG_CONFIG_HOME="$E2E_TMP/config"

# build_helper NAME VAR — compiles tests/e2e/helpers/NAME.c into $E2E_TMP and
# sets VAR to the program's path; a helper that does not build fails the test.
E2E_HELPERS=$(cd "$(dirname "${BASH_SOURCE[0]}")/helpers" && pwd)
build_helper() {
	cc -O1 -Wall -Wextra -Werror -o "$E2E_TMP/$1" "$E2E_HELPERS/$1.c" ||
		{ echo "not ok - build $1"; exit 1; }
	printf -v "$2" '%s' "$E2E_TMP/$1"
}

# ---- shared by the scripts that restart ipctop several times ----------------
# stop_server — ends this script's tmux server; kill-server leaves the
# socket file behind.
stop_server() {
	local sock; sock=$(tm display-message -p '#{socket_path}' 2>/dev/null)
	tm kill-server 2>/dev/null
	[ -S "$sock" ] && rm -f "$sock"
}
# restart COLS ROWS ARGS... — ipctop in a fresh tmux server (a new socket:
# a client racing the old server's shutdown would fail).
e2e_runs=0
restart() {
	stop_server
	e2e_runs=$((e2e_runs + 1)) TMUX_SOCK="ipctop-e2e-$$-$e2e_runs"
	rm -f "$E2E_TMP/exit" "$E2E_TMP/stty.before" "$E2E_TMP/stty.after"
	start_ipctop "$@"
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# until_true SECONDS CMD... — runs CMD until it succeeds or SECONDS of
# wall-clock time pass (so negative checks last as long as they say).
until_true() {
	local end=$(($(now_ms) + $1 * 1000)); shift
	while :; do
		"$@" && return 0
		[ "$(now_ms)" -lt "$end" ] || return 1
		sleep 0.05
	done
}
screen_matches() { screen | grep -qE -- "$1"; }
# wait_re ERE [SECONDS] — waits until a screen line matches ERE.
wait_re() { until_true "${2:-5}" screen_matches "$1"; }
selected_line() { screen | grep -m1 '^>'; }
# status_line — the line above the footer (messages, questions).
status_line() { screen | tail -n 2 | head -n 1; }
status_contains() { status_line | grep -qF -- "$1"; }
# status_has TEXT [SECONDS] — waits until the status line contains TEXT.
status_has() { until_true "${2:-3}" status_contains "$1"; }
# log_has TEXT — a time-stamped line of the action log pane (l) contains TEXT.
log_has() {
	screen | sed -n '/ Action log: /,$p' | grep -E '^[0-9]{2}:[0-9]{2}:[0-9]{2} ' | grep -qF -- "$1"
}
# form_line LABEL — the form row of that field (label, value, note); labels
# are padded to 14 columns, so "key" does not match "key from".
form_line() { screen | grep -m1 -E "^ $1 {2,}"; }
# type_field TEXT — replaces the text of the focused form field (^U, then TEXT).
type_field() { keys C-u; keys -l -- "$1"; }

# ---- leaving: the terminal restored -------------------------------------------
# stty_has FILE WORD — the stty -a dump shows WORD switched on.
stty_has() { tr ' ;' '\n\n' <"$1" | grep -qx -- "$2"; }
# exited_clean WHY WANT_STATUS — ipctop exited with WANT_STATUS, the terminal
# modes are back (echo, icanon), the alternate screen was left and the
# cursor is visible.
exited_clean() {
	local why=$1 want=$2 st i=0
	st=$(wait_exit 5)
	check "$why: ipctop exits with status $want (got $st)" test "$st" = "$want"
	while [ ! -s "$E2E_TMP/stty.after" ] && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
	check "$why: echo and icanon were on before the start" \
		eval 'stty_has "$E2E_TMP/stty.before" echo && stty_has "$E2E_TMP/stty.before" icanon'
	check "$why: echo and icanon are on again after the exit" \
		eval 'stty_has "$E2E_TMP/stty.after" echo && stty_has "$E2E_TMP/stty.after" icanon'
	check "$why: the alternate screen was left (tmux alternate_on=0, no ipctop screen in the pane)" \
		eval '[ "$(tm display-message -p -t "$SESSION" "#{alternate_on}")" = 0 ] &&
			s=$(screen) && ! grep -qE "^ipctop [0-9]|F1Help|Help — keys" <<<"$s"'
	check "$why: the cursor is visible (tmux cursor_flag=1)" \
		eval '[ "$(tm display-message -p -t "$SESSION" "#{cursor_flag}")" = 1 ]'
}
# gone PID — the process is gone: not even a zombie (no /proc entry).
gone() { ! kill -0 "$1" 2>/dev/null && [ ! -e "/proc/$1" ]; }
# ipctop_pid — the pid of the pane's shell's child (ipctop, or its wrapper).
ipctop_pid() {
	local pp; pp=$(tm list-panes -t "$SESSION" -F '#{pane_pid}') && [ -n "$pp" ] && pgrep -P "$pp" | head -n 1
}

# A crash ends ipctop by SIGSEGV (status 139); under ASan (make asan) the
# sanitizer reports the SEGV and aborts instead (SIGABRT, 134).
if [ -n "${ASAN_OPTIONS:-}" ]; then
	CRASH_STATUS=134 CRASH_SIGNAL="signal 6"
else
	CRASH_STATUS=139 CRASH_SIGNAL="signal 11"
fi
