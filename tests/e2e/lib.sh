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
	local sock
	sock=$(tm display-message -p '#{socket_path}' 2>/dev/null)
	tm kill-server 2>/dev/null
	[ -n "$sock" ] && rm -f "$sock"
	rm -rf "$E2E_TMP"
}
E2E_TMP=$(mktemp -d /tmp/ipctop-e2e.XXXXXX)
trap e2e_cleanup EXIT
