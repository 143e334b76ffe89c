# shellcheck shell=bash
# stress_lib.sh — shared by tests/e2e/churn.sh, tests/e2e/restore.sh and
# tests/stress.sh (source it after lib.sh): builds ipc_helper and
# stress_helper ($H, $SH), reads ipctop's process state (alive, fd_count,
# rss_kb) and screen (unclocked, layout_80x24, selection_ok), and drives
# resize bursts. Not a test itself (run.sh only runs tests/e2e/*.sh).
build_helper ipc_helper H
build_helper stress_helper SH

# alive PID — the process exists and is not a zombie.
alive() { [ -r "/proc/$1/stat" ] && [ "$(sed -E 's/.*\) (.).*/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
# fd_count PID — open descriptors that stay open over 10 readings in 0.5 s
# (same number, same file): a scan holds /proc or a maps file open for a
# moment, often when SIGALRM keeps it scanning; a leaked one stays.
fd_count() {
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		ls -l "/proc/$1/fd" 2>/dev/null | awk 'NR > 1 { print $9, $11 }'
		sleep 0.05
	done | sort | uniq -c | awk '$1 == 10' | wc -l
}
# rss_kb PID — VmRSS in kB.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# unclocked — the screen with every hh:mm:ss time masked.
unclocked() { screen | sed -E 's/[0-9]{2}:[0-9]{2}:[0-9]{2}/hh:mm:ss/g'; }
# layout_80x24 — the header starts with "ipctop", the footer has "Help",
# 24 lines no wider than 80.
layout_80x24() {
	local s; s=$(screen)
	[ "$(wc -l <<<"$s")" -eq 24 ] && head -n 1 <<<"$s" | grep -q '^ipctop ' &&
		tail -n 1 <<<"$s" | grep -q 'Help' && [ "$(wc -L <<<"$s")" -le 80 ]
}
# selection_ok SCREEN — in that capture the list is empty ("No System V IPC
# objects"), or exactly one object row is selected ('>' in column 0).
selection_ok() {
	local s=$1
	grep -qF "No System V IPC objects" <<<"$s" && return 0
	[ "$(grep -cE '^>(shm|msg|sem) +0x[0-9a-f]+ ' <<<"$s")" -eq 1 ]
}
# resize_burst SECONDS PID — resizes the window 80x24 -> 100x30 -> 60x20 ...
# as fast as tmux goes for SECONDS (each resize is a SIGWINCH); counts the
# resizes in RESIZES and the times PID was found dead in DEAD.
resize_burst() {
	local end=$(($(now_ms) + $1 * 1000)) pid=$2 i=0 sizes=("80 24" "100 30" "60 20") x y
	RESIZES=0 DEAD=0
	while [ "$(now_ms)" -lt "$end" ]; do
		read -r x y <<<"${sizes[$((i % 3))]}"
		tm resize-window -t "$SESSION" -x "$x" -y "$y" && RESIZES=$((RESIZES + 1))
		alive "$pid" || DEAD=$((DEAD + 1))
		i=$((i + 1))
	done
	tm resize-window -t "$SESSION" -x 80 -y 24
}
