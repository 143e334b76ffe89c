#!/bin/bash
# stage_layout.sh — the classroom stages' layout (issue 13), read from the
# captured screen:
# - each scenario's stage (-P --demo NAME) at 80x24 and 132x43, in English
#   and in Chinese: its title bar whole, its role names and its long labels
#   whole (not cut), the timeline's head on a line of its own, the footer on
#   the last line; and one layout check for all 24 (layout, with
#   helpers/stage_layout.py): no line too wide or cut at the right edge, no
#   timeline cell cut mid-word, the picture's labels exactly once and above
#   the timeline (no row drawn over another), the cycle's frame whole;
# - two processes waiting on one semaphore at 80x24 are both named though
#   each waiter line wraps (English, Chinese);
# - a long chat message wraps in the transcript instead of being cut.
# Alone: 24 fresh starts, homework's six processes racing flat out among them.
# e2e: alone
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
ZH=zh_CN.UTF-8
has_zh() { locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; }
if ! has_zh && [ "$(id -u)" = 0 ] && command -v localedef >/dev/null; then
	localedef -i zh_CN -f UTF-8 "$ZH" 2>/dev/null # needs the `locales` package
fi
has_zh || echo "not ok - the $ZH locale is missing (Debian package 'locales', then localedef -i zh_CN -f UTF-8 $ZH)"

has_all() { local s t; s=$(screen); for t in "$@"; do grep -qF -- "$t" <<<"$s" || { echo "# missing: $t"; return 1; }; done; }
# objects — how many objects ipcs lists.
objects() { ipcs | grep -c '^0x'; }

# --- each stage, 2 sizes, 2 languages ------------------------------------------------
# roles NAME LANG — the texts the stage must show whole: its role names and
# its longest label.
roles() {
	case "$1:$2" in
	prodcons:en) echo "empty|full|mutex|ring buffer|producer (pid|consumer (pid|slot" ;;
	prodcons:zh) echo "空位 empty|满位 full|互斥 mutex|环形缓冲区|生产者（pid|消费者（pid|槽" ;;
	deadlock:en) echo "A (sem 0)|B (sem 1)|worker 1 (pid|worker 2 (pid|breaks the cycle." ;;
	deadlock:zh) echo "A (信号量 0)|B (信号量 1)|工作进程 1（pid|工作进程 2（pid|即可打破环路。" ;;
	chat:en) echo "chat queue (msg|transcript:|alice (pid|bob (pid|carol (pid" ;;
	chat:zh) echo "聊天队列 (msg|聊天记录：|alice（pid|bob（pid|carol（pid" ;;
	signals:en) echo "receiver (pid|SIGALRM (14)|SIGUSR1 (10)|SIGRTMIN+1 (35)|SIGWINCH (28)|last values|(each, in order).|what ipctop sent." ;;
	signals:zh) echo "接收者（pid|SIGALRM (14)|SIGUSR1 (10)|SIGRTMIN+1 (35)|SIGWINCH (28)|最近的值|（逐个、按顺序）。|发送的个数。" ;;
	homework:en) echo "pipe |msg |shm |rt/s|speed does not apply" ;;
	homework:zh) echo "管道 |消息 |共享 |次往返/秒|速度不适用" ;;
	daemon:en) echo "launcher|daemon A|daemon B|the first way|the second way|A does not." ;;
	daemon:zh) echo "启动器|守护进程 A|守护进程 B|第一种方法|第二种方法|A 不是。" ;;
	esac
}
# once NAME LANG — picture labels that must be there exactly once, between
# the title bar and the timeline (a second copy, or one in the timeline,
# is a row drawn over another or a picture running into the timeline).
once() {
	case "$1:$2" in
	prodcons:en) echo "empty (sem 0)|full (sem 1)|mutex (sem 2)|ring buffer| item  | slot  " ;;
	prodcons:zh) echo "空位 empty (信号量 0)|满位 full (信号量 1)|互斥 mutex (信号量 2)|环形缓冲区| 项  | 槽  " ;;
	deadlock:en) echo "A (sem 0)|B (sem 1)|breaks the cycle." ;;
	deadlock:zh) echo "A (信号量 0)|B (信号量 1)|即可打破环路。" ;;
	chat:en) echo "chat queue (msg|transcript:|messages on it now:" ;;
	chat:zh) echo "聊天队列 (msg|聊天记录：|队列中现有消息：" ;;
	signals:en) echo "SIGALRM (14)|SIGUSR1 (10)|SIGRTMIN+1 (35)|SIGWINCH (28)|last values|what ipctop sent." ;;
	signals:zh) echo "SIGALRM (14)|SIGUSR1 (10)|SIGRTMIN+1 (35)|SIGWINCH (28)|最近的值|发送的个数。" ;;
	homework:en) echo "speed does not apply| pipe  | msg  | shm  " ;;
	homework:zh) echo "速度不适用| 管道  | 消息  | 共享  " ;;
	daemon:en) echo "the first way|the second way|A does not.|5. close files: 0-2 on /dev/null|7. open /dev/null, dup2(fd, 0..2)" ;;
	daemon:zh) echo "第一种方法|第二种方法|A 不是。|5. 关闭文件：0-2 指向 /dev/null|7. 打开 /dev/null，dup2(fd, 0..2)" ;;
	esac
}
# lanes NAME — its processes: the timeline's lanes.
lanes() { case $1 in signals) echo 1 ;; prodcons | deadlock) echo 2 ;; chat | daemon) echo 3 ;; homework) echo 6 ;; esac; }
# layout_ok NAME LANG COLS ROWS — the captured stage passes stage_layout.py
# (see there: lines within the width, nothing cut at the right edge or in a
# timeline lane, title/timeline head/footer rows in place, each label whole,
# the picture's labels once and in the picture, the cycle's frame whole);
# its faults go to $E2E_TMP/layout.
layout_ok() {
	screen | python3 "$(dirname "$0")/helpers/stage_layout.py" "$3" "$4" "$(lanes "$1")" "$(roles "$1" "$2")" \
		"$(once "$1" "$2")" >"$E2E_TMP/layout"
}
# layout NAME LANG COLS ROWS — layout_ok within 4 s, else its faults shown.
layout() { until_true 4 layout_ok "$@" || { sed 's/^/# /' "$E2E_TMP/layout"; return 1; }; }
for lang in en zh; do
	if [ $lang = zh ]; then export LANG=$ZH LC_ALL=$ZH; title="舞台："; else export LANG=C.UTF-8 LC_ALL=C.UTF-8; title="Stage: "; fi
	for size in 80x24 132x43; do
		for name in prodcons deadlock chat signals homework daemon; do
			restart "${size%x*}" "${size#*x}" -P -d 5 --demo "$name"
			IFS='|' read -ra want <<<"$(roles "$name" "$lang")"
			check "$lang $size $name: the stage opens on its own (title \"$title$name\")" wait_re "^ $title$name " 5
			check "$lang $size $name: its names and labels whole: ${want[*]}" until_true 4 has_all "${want[@]}"
			check "$lang $size $name: the layout (nothing cut, no row over another, labels once, frame whole)" \
				layout "$name" "$lang" "${size%x*}" "${size#*x}"
			check "$lang $size $name: the title bar whole (its pgid at the right edge)" \
				eval 'screen | head -n 1 | grep -qE "^ $title$name .* pgid [0-9]+ *$"'
			check "$lang $size $name: the timeline's head on a line of its own under the picture" \
				eval 'screen | grep -qE "^[0-9]+ (ops|操作) +[^ ]"'
			check "$lang $size $name: the footer on the last line" eval 'screen | tail -n 1 | grep -qE "^Esc"'
			keys q
			check "$lang $size $name: q exits 0, the scenario's objects removed" \
				eval '[ "$(wait_exit 5)" = 0 ] && until_true 3 eval "[ \$(objects) -eq 0 ]"'
		done
	done
done
export LANG=C.UTF-8 LC_ALL=C.UTF-8

# --- two waiters on one semaphore at 80x24: the wrapped line leaves room for both --------
SEM=$("$H" sem 0x51a6e005 3 0600)
"$H" semwait "$SEM" 1 >/dev/null &
W1=$!
"$H" semwait "$SEM" 1 >/dev/null &
W2=$!
until_true 3 eval '[ "$("$H" semcnt "$SEM" 1)" = "2 0" ]'
for lang in en zh; do
	if [ $lang = zh ]; then export LANG=$ZH LC_ALL=$ZH; else export LANG=C.UTF-8 LC_ALL=C.UTF-8; fi
	restart 80 24 -P -d 5
	keys 3 Enter
	check "$lang 80x24: two processes wait on sem 1: both named under it ($W1, $W2)" \
		until_true 3 eval 'screen | grep -qF "ipc_helper ($W1)" && screen | grep -qF "ipc_helper ($W2)"'
	keys q; wait_exit 5 >/dev/null
done
export LANG=C.UTF-8 LC_ALL=C.UTF-8
kill "$W1" "$W2"; wait "$W1" "$W2" 2>/dev/null
"$H" rm s "$SEM"

# --- chat: a long message wraps in the transcript instead of being cut --------------------
restart 80 24 -P -d 5 --demo chat
wait_re "^ Stage: chat " 5
q=$(ipcs -q | awk '$1 ~ /^0x/ { print $2; exit }')
long="a long message for alice that needs more than one row of the transcript to be read whole ZEBRA-END"
"$H" sendtext "$q" 1 "$long"
# row_of TEXT — the first screen row showing TEXT.
row_of() { screen | grep -nF -- "$1" | head -n 1 | cut -d: -f1; }
check "chat at 80x24: the long message wrapped whole: it starts on one row, ZEBRA-END on a later one" \
	until_true 5 eval 'a=$(row_of "alice (1): a long message") b=$(row_of "ZEBRA-END"); [ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ]'
words() { screen | tr -s ' ' '\n' | grep -cxE 'needs|transcript|whole|ZEBRA-END'; }
check "chat at 80x24: none of its words cut at a row's end (needs, transcript, whole, ZEBRA-END all whole)" \
	eval '[ "$(words)" -ge 4 ]'
check "chat at 80x24: the stage's layout still holds" layout chat en 80 24
keys q; wait_exit 5 >/dev/null
stop_server
