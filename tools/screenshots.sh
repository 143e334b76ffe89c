#!/bin/bash
# screenshots.sh IPCTOP_BIN OUT_DIR [NAME...] — renders PNG screenshots of
# ipctop's TUI into OUT_DIR (all shots, or only the NAMEs given).
#
# How: in a private IPC + UTS + PID namespace (hostname "demo", a fixed set of
# objects made by a small C helper, IPCTOP_FAKE_TIME for the clock) each shot
# starts ipctop in a private tmux server at 80x24 (or its SHOT_SIZE), types its keys, and saves
# the screen with colours (capture-pane -e). Outside the namespace, aha turns
# the ANSI text into HTML and headless Chromium renders it to a PNG the size
# of the terminal plus a small padding.
#
# What still differs between runs: the namespace inode in the header, and the
# objects' own times (ctime, last semop, ...), which the kernel stamps with
# the real clock.
#
# Used by `make screenshots` and tests/e2e/screenshots.sh.
# IPCTOP_SHOTS_KEEP=1 keeps the temporary directory (*.ans, *.html, logs).
set -euo pipefail

# --- The shots: one line each, `shot NAME KEYS...`; KEYS are tmux send-keys
# names (Enter, Down, Escape, C-f, '?' ...), typed one at a time after
# ipctop's first screen, waiting for the screen to settle after each;
# sleep:N waits N seconds instead.
shots() {
	shot list Down Down Down
	shot semaphores 3 Enter
	shot help '?'
	# P on the semaphore another process already waits on: ipctop's worker
	# blocks too (NCNT 2) and the waiters panel lists it.
	shot waiter 3 Enter Down -
	shot hex 1 A
	SHOT_ARGS=-P shot projector 3 Enter
	# The race never stops changing: let it run a few seconds, then pause
	# it (Space in the menu) so the picture holds still.
	SHOT_ARGS="--demo homework" shot homework D Down Down Space Escape
	# History (issue 16): a queue fed and drained while ipctop samples it
	# every 0.2 s, on a terminal wide enough for TREND (100 columns) and
	# tall enough for the detail view's graphs.
	SHOT_SIZE="110 24" SHOT_FEED=0x5eed0011 SHOT_ARGS="-d 2" shot trend sleep:7
	SHOT_SIZE="110 36" SHOT_FEED=0x5eed0011 SHOT_ARGS="-d 2" shot detail-graph sleep:7 2 Down Enter
	# F2 on the Msg view, OWNER hidden, sorted by BYTES descending.
	SHOT_SIZE="100 36" shot setup 2 F2 Down Down Space Home Down Down Down Down s s
	# The classroom stages in projector mode (issue 13), in English and in
	# Chinese (stage-NAME-zh). prodcons and chat pause for a still picture;
	# deadlock shows its banner after a second; signals blocks, is sent two
	# SIGUSR1 and two SIGRTMIN+1 (values 11, 22) with k, and unblocks;
	# daemon starts paused and is stepped through recipe A (five calls).
	local zh="LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8" sfx
	for sfx in "" -zh; do
		[ -z "$sfx" ] || SHOT_ENV=$zh
		SHOT_ARGS="-P --demo prodcons" shot stage-prodcons$sfx Space
		SHOT_ARGS="-P --demo deadlock" shot stage-deadlock$sfx sleep:2
		SHOT_ARGS="-P --demo chat" shot stage-chat$sfx Space
		SHOT_ARGS="-P --demo signals" shot stage-signals$sfx b k Enter y k Enter y \
			k C-u RTMIN+1 Tab 11 Enter y k C-u RTMIN+1 Tab 22 Enter y b
		SHOT_ARGS="-P --demo homework" shot stage-homework$sfx
		SHOT_ARGS="-P --demo daemon" shot stage-daemon$sfx n n n n n
		SHOT_ENV=
	done
}

# --- The objects every shot sees; ids are 0, 1, 2... in creation order.
make_objects() {
	"$helper" shm 0x5eed0001 65536 0600 "hello from the ipctop screenshots"
	"$helper" shm 0x5eed0002 1048576 0640 "frame buffer"
	"$helper" shm private 4096 0600 ""
	"$helper" msg 0x5eed0010 0660 "1:hello" "2:job 42 queued" "2:job 43 queued" "1:bye"
	"$helper" msg 0x5eed0011 0600
	"$helper" sem 0x5eed0020 0660 1 0 5
	"$helper" sem 0x5eed0021 0600 1
	"$helper" sem 0x5eed0022 0644 3 3 3 3 0 0 0 0
	# Two processes keep segments attached (ATT column, attached pids), one
	# after the other so the last attach (LPID) is always the second.
	attach 0x5eed0001 0x5eed0002
	attach 0x5eed0002
	# A process blocked in semop(-1) on semaphore 1 (value 0) of 0x5eed0020.
	"$helper" semwait 0x5eed0020 1 -1 &
	wait_waiting 0x5eed0020 1
}

COLS=80 ROWS=24
FAKE_TIME=1795975200 # 2026-11-29 18:00:00 UTC
FONT_PX=16 LINE_PX=20 PAD_PX=12
DEB_PKGS=(aha perl tmux chromium fonts-dejavu-core fonts-wqy-microhei locales util-linux hostname gcc libc6-dev)
export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC

die() { echo "screenshots.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- capture --
# Runs as PID 1 of the private namespaces: everything started here dies with it.

# attach KEY... — a process that attaches the segments and stays. It says
# when it has attached through a FIFO, so that no polling (and no fork that
# polling costs) happens in between: every pid shown is the same each run.
attach() {
	local fifo=$work/attached.$1.$#
	mkfifo "$fifo" # one each: an old writer closing late would look like EOF
	"$helper" attach "$@" > "$fifo" &
	read -r _ < "$fifo" || die "could not attach $*"
}

# wait_waiting KEY SEMNUM — waits until a process sleeps on that semaphore.
wait_waiting() {
	local id
	id=$(ipcs -s | awk -v k="$(printf '0x%08x' "$1")" '$1 == k { print $2 }')
	for _ in $(seq 100); do
		ipcs -s -i "$id" | awk -v n="$2" '$1 == n && $3 >= 1 { f = 1 } END { exit !f }' && return 0
		sleep 0.05
	done
	die "nobody waits on semaphore $2 of $1"
}

# A tmux server of its own for each shot (a socket reused right after
# kill-server can still reach the old, exiting server).
tm() { tmux -S "$work/tmux-$name.sock" "$@"; }
grab() { tm capture-pane -e -p -N -t shot; }

# settle — waits until the screen has not changed for 0.3 s (at most 5 s).
settle() {
	local prev="" cur same=0 end=$((SECONDS + 3)) # a live scenario never settles
	while [ $SECONDS -lt $end ]; do
		cur=$(grab)
		if [ "$cur" = "$prev" ]; then
			same=$((same + 1)); [ $same -ge 3 ] && return 0
		else
			same=0; prev=$cur
		fi
		sleep 0.1
	done
	echo "screenshots.sh: warning: the screen kept changing" >&2
}

# shot NAME KEYS... — a fresh ipctop (with $SHOT_ARGS, in $SHOT_ENV), the keys,
# then $work/NAME.ans and $work/NAME.size ("COLUMNS ROWS": $SHOT_SIZE, else
# 80x24). Each shot has its own empty settings directory (never the user's
# ipctoprc). $SHOT_FEED KEY: the helper feeds and drains that queue meanwhile.
# A key sleep:N waits N seconds instead.
shot() {
	local name=$1 key cols rows feeder=""; shift # $name also picks tm's socket
	if [ ${#wanted[@]} -gt 0 ] && [[ " ${wanted[*]} " != *" $name "* ]]; then return 0; fi
	read -r cols rows <<<"${SHOT_SIZE:-$COLS $ROWS}"
	echo "$cols $rows" > "$work/$name.size"
	# remain-on-exit: if ipctop dies, its exit status stays on the screen.
	tm -f /dev/null start-server \; set-option -g remain-on-exit on \; \
		new-session -d -s shot -x "$cols" -y "$rows" \
		"exec env TERM=screen IPCTOP_FAKE_TIME=$FAKE_TIME XDG_CONFIG_HOME=$work/config-$name ${SHOT_ENV:-} $(printf %q "$bin") ${SHOT_ARGS:-} 2>$work/$name.stderr"
	local first='^(ipctop| Stage| 舞台)' # the list's header, or a stage's title
	for _ in $(seq 100); do
		tm capture-pane -p -t shot | grep -qE "$first" && break
		sleep 0.05
	done
	if ! tm capture-pane -p -t shot | grep -qE "$first"; then
		{ tm capture-pane -p -t shot; cat "$work/$name.stderr"; } | sed '/^$/d' >&2
		die "$name: ipctop did not start (its screen and stderr are above)"
	fi
	settle
	if [ -n "${SHOT_FEED:-}" ]; then
		"$helper" feed "$SHOT_FEED" &
		feeder=$!
	fi
	for key in "$@"; do
		case $key in
		sleep:*) sleep "${key#sleep:}" ;; # time for the picture to change (a banner)
		*) tm send-keys -t shot "$key" ;;
		esac
		settle
	done
	grab > "$work/$name.ans"
	[ -z "$feeder" ] || wait "$feeder" || die "$name: the feeder failed"
	tm kill-server
	echo "captured $name"
}

capture() {
	hostname demo
	make_objects
	shots
}

# ----------------------------------------------------------------- render --

helper_source() {
	cat <<'EOF'
/* shot helper: shm KEY SIZE PERM TEXT | msg KEY PERM [TYPE:TEXT]... | feed KEY |
 * sem KEY PERM VALUE... | attach KEY... (then sleeps) |
 * semwait KEY SEMNUM OP (a blocking semop, then sleeps) */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

static key_t key_of(const char *s)
{
	return strcmp(s, "private") == 0 ? IPC_PRIVATE : (key_t)strtoul(s, NULL, 0);
}

static int fail(const char *what)
{
	perror(what);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	const char *cmd = argv[1];
	if (strcmp(cmd, "shm") == 0 && argc == 6) {
		int id = shmget(key_of(argv[2]), strtoul(argv[3], NULL, 0),
		                IPC_CREAT | IPC_EXCL | (int)strtol(argv[4], NULL, 8));
		if (id < 0)
			return fail("shmget");
		char *p = shmat(id, NULL, 0);
		if (p == (void *)-1)
			return fail("shmat");
		strcpy(p, argv[5]);
		return shmdt(p) < 0 ? fail("shmdt") : 0;
	}
	if (strcmp(cmd, "msg") == 0 && argc >= 4) {
		int id = msgget(key_of(argv[2]), IPC_CREAT | IPC_EXCL | (int)strtol(argv[3], NULL, 8));
		if (id < 0)
			return fail("msgget");
		for (int i = 4; i < argc; i++) {
			struct { long type; char text[256]; } m;
			char *colon = strchr(argv[i], ':');
			if (!colon)
				return 2;
			m.type = strtol(argv[i], NULL, 10);
			snprintf(m.text, sizeof m.text, "%s", colon + 1);
			if (msgsnd(id, &m, strlen(m.text), IPC_NOWAIT) < 0)
				return fail("msgsnd");
		}
		return 0;
	}
	if (strcmp(cmd, "sem") == 0 && argc >= 5) {
		int n = argc - 4;
		int id = semget(key_of(argv[2]), n, IPC_CREAT | IPC_EXCL | (int)strtol(argv[3], NULL, 8));
		if (id < 0)
			return fail("semget");
		/* Values are set with one semop so the last-op time and pid are set. */
		struct sembuf ops[256];
		int nops = 0;
		for (int i = 0; i < n && nops < 256; i++) {
			short v = (short)atoi(argv[4 + i]);
			if (v > 0)
				ops[nops++] = (struct sembuf){ .sem_num = (unsigned short)i, .sem_op = v };
		}
		return nops && semop(id, ops, (size_t)nops) < 0 ? fail("semop") : 0;
	}
	if (strcmp(cmd, "feed") == 0 && argc == 3) {
		/* A queue's depth rising, falling and rising again: 20 sends, 12
		 * receives, 10 sends, one every 0.15 s. */
		int id = msgget(key_of(argv[2]), 0);
		struct { long type; char text[64]; } m = { 1, "tick" };
		for (int i = 0; id >= 0 && i < 42; i++) {
			int ok = i < 20 || i >= 32 ? msgsnd(id, &m, (size_t)(16 + i % 7 * 8), IPC_NOWAIT) == 0
						   : msgrcv(id, &m, sizeof(m.text), 0, IPC_NOWAIT) >= 0;
			if (!ok)
				return fail("feed");
			usleep(150000);
		}
		return id < 0 ? fail("msgget") : 0;
	}
	if (strcmp(cmd, "semwait") == 0 && argc == 5) {
		int id = semget(key_of(argv[2]), 0, 0);
		struct sembuf op = { .sem_num = (unsigned short)atoi(argv[3]),
		                     .sem_op = (short)atoi(argv[4]) };
		if (id < 0 || semop(id, &op, 1) < 0)
			return fail("semwait");
		for (;;)
			pause();
	}
	if (strcmp(cmd, "attach") == 0) {
		for (int i = 2; i < argc; i++) {
			int id = shmget(key_of(argv[i]), 0, 0);
			if (id < 0 || shmat(id, NULL, 0) == (void *)-1)
				return fail("attach");
		}
		printf("attached\n");
		fclose(stdout);
		for (;;)
			pause();
	}
	fprintf(stderr, "usage: see screenshots.sh\n");
	return 2;
}
EOF
}

css() {
	# A dark terminal palette (VS Code's) over aha's classes; backgrounds are
	# padded to fill the whole 20px line so coloured rows have no gaps.
	cat <<EOF
<style type="text/css">
html, body   { margin: 0; padding: 0; background: #1e1e1e; color: #d4d4d4; }
pre          { margin: 0; padding: ${PAD_PX}px; font-family: "DejaVu Sans Mono", "WenQuanYi Micro Hei Mono", monospace;
               font-size: ${FONT_PX}px; line-height: ${LINE_PX}px; font-variant-ligatures: none; }
pre span     { padding: 1px 0; }
.reset       { color: #d4d4d4; }
.bg-reset    { background-color: #1e1e1e; }
.inverted    { color: #1e1e1e; }
.bg-inverted { background-color: #d4d4d4; }
.dimgray     { color: #000000; }
.red         { color: #f14c4c; }
.green       { color: #23d18b; }
.yellow      { color: #e5e510; }
.blue        { color: #3b8eea; }
.purple      { color: #d670d6; }
.cyan        { color: #29b8db; }
.white       { color: #e5e5e5; }
.bg-black    { background-color: #000000; }
.bg-red      { background-color: #cd3131; }
.bg-green    { background-color: #0dbc79; }
.bg-yellow   { background-color: #e5e510; }
.bg-blue     { background-color: #2472c8; }
.bg-purple   { background-color: #bc3fbc; }
.bg-cyan     { background-color: #11a8cd; }
.bg-white    { background-color: #e5e5e5; }
.highlighted { filter: none; }
pre span.w   { display: inline-block; width: 2ch; padding: 0; vertical-align: top; overflow: visible; }
.highlighted.dimgray { color: #666666; }
</style>
EOF
}

chrome() {
	local profile rc=0
	profile=$(mktemp -d "$work/chrome.XXXXXX")
	timeout -k 5 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--hide-scrollbars --force-device-scale-factor=1 \
		--user-data-dir="$profile" "$@" 2>>"$work/chromium.log" || rc=$?
	rm -rf "$profile"
	return $rc
}

# cell_width — the width in px of COLS characters of the font, measured.
cell_width() {
	local line
	line=$(printf "%${COLS}s" "" | tr ' ' M)
	{ echo '<!DOCTYPE html><html><head><meta charset="utf-8">'; css
	  echo "</head><body><pre><span id=\"m\">$line</span></pre><script>"
	  echo 'document.body.setAttribute("data-w", document.getElementById("m").getBoundingClientRect().width);'
	  echo '</script></body></html>'; } > "$work/measure.html"
	chrome --dump-dom "file://$work/measure.html" | sed -n 's/.*data-w="\([0-9.]*\)".*/\1/p'
}

render() {
	local ans=$1 png=$2 name html cols rows width height
	name=$(basename "$ans" .ans)
	html="$work/$name.html"
	# The shot's size: COLS characters measure cw px.
	read -r cols rows < "$work/$name.size"
	width=$(awk -v w="$cw" -v c="$cols" -v n="$COLS" -v p=$PAD_PX \
		'BEGIN { w = w * c / n + 2 * p; printf "%d", (w == int(w)) ? w : int(w) + 1 }')
	height=$((rows * LINE_PX + 2 * PAD_PX))
	# A double-width character (CJK) takes exactly two cells, as in the
	# terminal: the fallback font's glyphs are not twice DejaVu's width, and
	# every column after them on the line would drift.
	aha --black --stylesheet --title "ipctop — $name" < "$ans" \
		| perl -CSD -pe 's/([\p{Ea=W}\p{Ea=F}])/<span class="w">$1<\/span>/g' \
		| sed "/<\/style>/r $work/style.css" > "$html"
	rm -f "$png"
	chrome --screenshot="$png" --window-size="$width,$height" "file://$html" >/dev/null
	[ -s "$png" ] || { tail -n 20 "$work/chromium.log" >&2; die "chromium wrote no $png"; }
	echo "wrote $png (${width}x${height})"
}

# wait_renders — waits for the renders in pids[]; fails if any failed.
wait_renders() {
	local p failed=0
	for p in "${pids[@]}"; do wait "$p" || failed=1; done
	pids=()
	[ $failed -eq 0 ] || die "rendering failed"
}

# ------------------------------------------------------------------- main --

if [ "${1:-}" = --capture ]; then
	shift
	bin=$1 work=$2 helper=$2/shot-helper; shift 2
	wanted=("$@")
	capture
	exit 0
fi

[ $# -ge 2 ] || die "usage: screenshots.sh IPCTOP_BIN OUT_DIR [NAME...]"
bin=$(realpath "$1") || die "no ipctop binary at $1"
[ -x "$bin" ] || die "no ipctop binary at $1"
mkdir -p "$2"
out=$(realpath "$2")
shift 2
here=$(cd "$(dirname "$0")" && pwd)

# Debian packages: installed as root, else the command to run is printed.
"$here/deps.sh" "${DEB_PKGS[@]}" ||
	die "missing packages (need: ${DEB_PKGS[*]}); see above — without chromium and aha there are no screenshots"
for c in aha tmux chromium unshare cc; do
	command -v $c >/dev/null || die "$c is not on PATH after installing ${DEB_PKGS[*]}"
done

work=$(mktemp -d /tmp/ipctop-shots.XXXXXX)
# IPCTOP_SHOTS_KEEP=1 keeps the captured ANSI text and the HTML for a look.
measuring=""
cleanup() {
	[ -z "$measuring" ] || wait "$measuring" 2>/dev/null || true
	if [ -n "${IPCTOP_SHOTS_KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
# A copy, so that a rebuild during the run does not pull the binary away;
# the copy finds the build tree's catalogues (the Chinese shots) here.
[ -d "$(dirname "$bin")/build/locale" ] && export IPCTOP_LOCALEDIR="$(dirname "$bin")/build/locale"
cp "$bin" "$work/ipctop"
bin=$work/ipctop
helper_source > "$work/shot-helper.c"
cc -std=c11 -O1 -Wall -o "$work/shot-helper" "$work/shot-helper.c" || die "cannot build the helper"

# Private namespaces; a user namespace too when not root.
ns=(unshare --ipc --uts --pid --fork --mount-proc)
[ "$(id -u)" = 0 ] || ns=(unshare --user --map-root-user --ipc --uts --pid --fork --mount-proc)
cell_width > "$work/cell-width" & # Chromium measures while the shots are taken
measuring=$!
unset TMUX
"${ns[@]}" bash "$0" --capture "$bin" "$work" "$@" || die "capture failed (namespaces: ${ns[*]})"

wait "$measuring" || true
measuring=""
cw=$(cat "$work/cell-width")
[ -n "$cw" ] || { tail -n 20 "$work/chromium.log" >&2; die "chromium could not measure the font"; }
css > "$work/style.css"
# Chromium starts slowly: render up to 4 shots at once.
pids=()
for ans in "$work"/*.ans; do
	[ -e "$ans" ] || die "no shot captured"
	render "$ans" "$out/$(basename "$ans" .ans).png" &
	pids+=($!)
	[ ${#pids[@]} -lt 4 ] || wait_renders
done
wait_renders
