#!/bin/bash
# adversarial_hex.sh — issue 11, items 2 and 10, planted for real in this
# script's private IPC namespace; root's ipctop runs in tmux and the checks
# read the kernel (/proc/sysvipc/shm, the bytes through ipc_helper), the
# screen, the process table and the files ipctop writes.
#
#  2. A SHM_HUGETLB|SHM_NORESERVE segment while no huge page is free: any
#     touch of it raises SIGBUS. `a`/`A` must show "page not available"
#     (also in zh_CN), typing/`w`/`r` must fail with that message, ipctop
#     must live and detach (nattch back to 0); the list and the detail show
#     the segment as hugetlb while a process maps it (the kernel keeps the
#     flag out of the mode: the mapping's device tells), --json too.
#     Planting it needs CAP_IPC_LOCK or the vm.hugetlb_shm_group (a DBA
#     group, typically), so root's helper plants it.
# 10. A 1 TiB SHM_NORESERVE segment planted by an unprivileged user
#     (65534): offsets at full width (fffffffff0), `g` with 64-bit hex
#     (0x12345678901 refused "past the end", 0xfffffff000 accepted), a fill
#     of 8 GiB runs in a worker: keys answer within a second, the progress
#     shows, `x` cancels (worker reaped, nattch back); a fill of 8 MiB is
#     one memset in the replay: `S` writes a small program that compiles.
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
# The unprivileged user runs the helper from a directory it may enter.
PUB=$E2E_TMP/pub
mkdir -p "$PUB" && cp "$H" "$PUB/" && chmod 711 "$E2E_TMP" && chmod 755 "$PUB" "$PUB/ipc_helper"
NOBODY=(setpriv --reuid 65534 --regid 65534 --clear-groups)
CWD=$E2E_TMP/cwd # where ipctop writes ipctop-session.c
mkdir -p "$CWD"
ZH=zh_CN.UTF-8

# shm_field SHMID COLUMN — a column of /proc/sysvipc/shm (7: nattch).
shm_field() { awk -v id="$1" -v c="$2" 'NR > 1 && $2 == id { print $c }' /proc/sysvipc/shm; }
nattch_is() { [ "$(shm_field "$1" 7)" = "$2" ]; }
# alive — ipctop still runs: its pid exists and the pane's command did not end.
alive() { local p; p=$(ipctop_pid) && [ -n "$p" ] && kill -0 "$p" 2>/dev/null && [ ! -s "$E2E_TMP/exit" ]; }
hex_title() { screen | sed -n 4p; }
title_has() { hex_title | grep -qF -- "$1"; }
# hex_rows_missing — every row of the hex view reads "page not available".
hex_rows_missing() {
	local rows; rows=$(screen | sed -n '5,$p' | grep -E '^[0-9a-f]{8,} ')
	[ -n "$rows" ] && ! grep -vqF -- "-- $1 --" <<<"$rows"
}
# select_row KEY — Down until the selected row is the object with KEY.
select_row() {
	local i
	for i in 1 2 3 4 5; do
		selected_line | grep -qF -- "$1" && return 0
		keys Down; sleep 0.2
	done
	selected_line | grep -qF -- "$1"
}

# --- no free huge page ------------------------------------------------------------
# Huge pages are global, not per namespace: only when some are free does the
# host's value change (and come back at the end).
HP_SAVED=
free_huge() { awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo; }
if [ "$(free_huge)" != 0 ]; then
	HP_SAVED=$(cat /proc/sys/vm/nr_hugepages)
	echo 0 >/proc/sys/vm/nr_hugepages
	trap 'echo "$HP_SAVED" >/proc/sys/vm/nr_hugepages; e2e_cleanup' EXIT
fi
check "no huge page is free (HugePages_Free 0; nr_hugepages $(cat /proc/sys/vm/nr_hugepages)${HP_SAVED:+, was $HP_SAVED})" \
	test "$(free_huge)" = 0

# --- 2. hugetlb segment with no page ---------------------------------------------------
# 014644: SHM_NORESERVE (010000) | SHM_HUGETLB (04000) | 0644
HUGE=$("$H" shm 0x11eb0001 2097152 014644)
check "the kernel creates a 2 MiB SHM_HUGETLB|SHM_NORESERVE segment (id '$HUGE')" test -n "$HUGE"
[ -n "$HUGE" ] || exit 1
check "IPC_STAT and /proc/sysvipc/shm show perms 644 only: the kernel keeps SHM_HUGETLB out of the mode" \
	test "$(shm_field "$HUGE" 3)" = 644

IPCTOP_BIN="cd $CWD && $IPCTOP_BIN" restart 120 30 -d 5
wait_for 0x11eb0001 5
keys 1
check "the list shows the segment (view 1, selected)" wait_re "^>0x11eb0001 " 3
keys a
check "a: the hex view shows 'page not available' on every row instead of the bytes" \
	until_true 3 hex_rows_missing "page not available"
check "... the title marks it hugetlb (ipctop's own mapping is on hugetlbfs)" until_true 3 title_has "hugetlb"
check "... ipctop is alive (no SIGBUS)" alive
check "... attached: nattch 1 in /proc/sysvipc/shm" nattch_is "$HUGE" 1
keys End
check "End: the last row 001ffff0 too, ipctop alive" \
	eval 'wait_re "^001ffff0  -- page not available --" 2 && alive'
keys PPage Home
check "PgUp, Home: still alive, still 'page not available'" \
	eval 'wait_re "^00000000  -- page not available --" 2 && alive'
keys Escape
check "Esc detaches: back to the list, nattch 0" \
	eval 'wait_re "^>0x11eb0001 " 2 && until_true 2 nattch_is "$HUGE" 0'
keys A
wait_for "0x11eb0001" 1; wait_re "rw at 0x" 2
keys 4
check "A, then typing a hex digit: 'page not available at offset 0x0', ipctop alive" \
	eval 'status_has "page not available at offset 0x0" 2 && alive'
keys Tab; keys -l x
check "... in the ASCII pane too" eval 'status_has "page not available at offset 0x0" 2 && alive'
keys Tab
keys w; wait_for "Write at offset" 2; type_field hi; keys Enter
check "w 'hi': the write fails with memcpy: Bad address (page not available ...), ipctop alive" \
	eval 'wait_re "memcpy: Bad address \(page not available at offset 0x0" 2 && alive'
keys Escape; wait_gone "Write at offset" 2
keys r; wait_for "Fill a range with one byte" 2; keys Enter
check "r (16 bytes): the fill fails with memset: Bad address (page not available ...), ipctop alive" \
	eval 'wait_re "memset: Bad address \(page not available at offset 0x0" 2 && alive'
keys Escape; wait_gone "Fill a range" 2
check "nothing was written: the segment still has no page (rss 0)" test "$(shm_field "$HUGE" 15)" = 0
keys Escape
check "Esc detaches the read-write view: nattch 0" \
	eval 'wait_re "^>0x11eb0001 " 2 && until_true 2 nattch_is "$HUGE" 0'

# While a process maps it, the list knows it is hugetlb (the mapping's device).
setsid "$H" attach "$HUGE" >"$E2E_TMP/holder.out" 2>&1 &
HOLDER=$!
until_true 3 grep -qx attached "$E2E_TMP/holder.out"
check "a holder process maps it (it never touches the bytes): nattch 1" until_true 2 nattch_is "$HUGE" 1
check "the list's STATUS column reads 'huge' (120 columns)" \
	eval 'screen | grep -m1 -E " STATUS " >/dev/null && wait_re "^>0x11eb0001 .* huge " 3'
keys Enter
check "the detail view's status reads 'huge' too" wait_re " status +huge( |$)" 2
keys Escape
check "--json lists 'hugetlb' in the segment's status" \
	eval '"$IPCTOP_BIN" --json | python3 -c "import json,sys; d=json.load(sys.stdin); s=[o for o in d[\"shm\"] if o[\"id\"]==$HUGE][0]; assert \"hugetlb\" in s[\"status\"], s"'
kill "$HOLDER"; wait "$HOLDER" 2>/dev/null
check "the holder is gone, nattch 0" until_true 2 nattch_is "$HUGE" 0
keys q
check "q: ipctop exits 0 after all this" test "$(wait_exit 5)" = 0

# zh_CN: the same rows in Chinese.
has_zh() { locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; }
has_zh || localedef -i zh_CN -f UTF-8 "$ZH" 2>/dev/null
if has_zh; then
	IPCTOP_BIN="LANG=$ZH LC_ALL=$ZH $IPCTOP_BIN" restart 80 24 -d 5
	wait_for 0x11eb0001 5; keys 1; wait_re "^>0x11eb0001 " 3; keys a
	check "zh_CN: the hex view reads '-- 页面不可用 --' on the missing rows" \
		until_true 3 hex_rows_missing "页面不可用"
	check "zh_CN: ipctop alive" alive
	keys Escape q
	wait_exit 5 >/dev/null
else
	echo "not ok - the $ZH locale is missing: install the Debian package 'locales' (see tests/e2e/i18n.sh)"
fi
"$H" rm m "$HUGE"

# --- 10. a 1 TiB segment planted by an unprivileged user ------------------------------
TIB=$("${NOBODY[@]}" "$PUB/ipc_helper" shm 0x11eb0002 1099511627776 010644)
check "user 65534 creates a 1 TiB SHM_NORESERVE segment (id '$TIB', uid $(shm_field "${TIB:--1}" 8))" \
	eval '[ -n "$TIB" ] && [ "$(shm_field "$TIB" 8)" = 65534 ]'
[ -n "$TIB" ] || exit 1
IPCTOP_BIN="cd $CWD && $IPCTOP_BIN" restart 80 24 -d 5
wait_for 0x11eb0002 5; keys 1
check "the list shows the 1 TiB segment (1.0T)" wait_re "^>0x11eb0002 .* 1\.0T " 3
keys A
check "A: the hex view of 1.0T opens" wait_re "shm $TIB rw at 0x[0-9a-f]+  1\.0T  offset 0x0 " 3
keys End
check "End: offsets have 10 digits: the last row is fffffffff0 (title: offset 0xffffffffff)" \
	eval 'wait_re "^fffffffff0  00 00" 2 && title_has "offset 0xffffffffff"'
check "... no row is cut to 8 digits (no line starts 'fffffff0 ' or 'fffffffd ')" \
	eval '! screen | grep -qE "^(fffffff0|fffffffd) "'
keys g; wait_for "Go to offset (0..0xffffffffff)" 2
type_field 0x12345678901; keys Enter
check "g 0x12345678901 (past 1 TiB): refused, '0x12345678901 is past the end (the last offset is 0xffffffffff)'" \
	wait_for "0x12345678901 is past the end (the last offset is 0xffffffffff)" 2
type_field 0xfffffff000; keys Enter
check "g 0xfffffff000 (above 32 bits): the cursor goes there (row fffffff000)" \
	eval 'wait_gone "Go to offset" 2 && title_has "offset 0xfffffff000" && screen | grep -qE "^fffffff000  "'
keys g; wait_for "Go to offset" 2; type_field 0x123456789a; keys Enter
check "g 0x123456789a: row 1234567890" eval 'wait_re "^1234567890  00" 2 && title_has "offset 0x123456789a"'

# An 8 MiB fill: a worker (over 1 MiB), done quickly, one memset.
keys r; wait_for "Fill a range with one byte" 2
type_field 0x10; keys Down; type_field 8M; keys Down; type_field 0x41; keys Enter
check "r 8M at 0x10 with 0x41: the worker finishes (worker 1 done ... memset)" status_has "done after" 5
check "... the bytes: 0x0f untouched, 0x10..0x80000f are 41, 0x800010 untouched (read by another process)" \
	eval '[ "$("$H" shmread "$TIB" 15 3)" = 004141 ] && [ "$("$H" shmread "$TIB" $((0x80000e)) 3)" = 414100 ]'
keys r; wait_for "Fill a range with one byte" 2
type_field 0x2000000; keys Down; type_field 4k; keys Down; type_field 0x5a; keys Enter
check "r 4k (small): filled at once, 'filled 4096 bytes at 0x2000000 with 0x5a'" \
	status_has "filled 4096 bytes at 0x2000000 with 0x5a" 2

# An 8 GiB fill: in a worker, the keys still answer, x cancels.
keys r; wait_for "Fill a range with one byte" 2
type_field 0x100000000; keys Down; type_field 8G; keys Down; type_field 0x42; keys Enter
check "r 8G: the fill runs in a worker, the title shows its progress ('fill N%: x or F4 cancels')" \
	wait_re "fill [0-9]+%: x or F4 cancels" 1
FILLER=$(pgrep -P "$(ipctop_pid)" | head -n 1)
check "... the worker is a child of ipctop (pid '$FILLER') and maps the segment too (nattch 2)" \
	eval '[ -n "$FILLER" ] && nattch_is "$TIB" 2'
before=$(hex_title | grep -oE "offset 0x[0-9a-f]+")
start=$(now_ms)
keys Down
check "... Down answers within 1 s while it fills ($before -> +0x10)" \
	until_true 1 eval '[ "$(hex_title | grep -oE "offset 0x[0-9a-f]+")" = "offset 0x12345678aa" ]'
echo "# Down took $(($(now_ms) - start)) ms during the fill"
check "... and it is still filling (not done yet)" eval 'hex_title | grep -qE "fill [0-9]+%"'
keys x
check "x cancels: 'fill cancelled after N of 8589934592 bytes'" \
	eval 'status_has "fill cancelled after" 2 && status_has "of 8589934592 bytes" 1'
check "... the worker is gone (reaped) and nattch is back to 1" \
	eval 'until_true 2 gone "$FILLER" && until_true 2 nattch_is "$TIB" 1'
check "... it had started: byte 0x100000000 is 42" test "$("$H" shmread "$TIB" $((0x100000000)) 1)" = 42
check "... the title no longer shows a fill" eval '! hex_title | grep -q "fill "'
keys Escape
check "Esc detaches: nattch 0" until_true 2 nattch_is "$TIB" 0
keys l
check "the action log notes the cancel with its progress" \
	until_true 2 log_has "cancelled after"
keys S
check "S writes ipctop-session.c" eval 'status_has "as a C program to ipctop-session.c" 2 && [ -s "$CWD/ipctop-session.c" ]'
size=$(stat -c %s "$CWD/ipctop-session.c" 2>/dev/null || echo 0)
check "... it is small ($size bytes < 16 KiB: fills are memsets, not copies of the bytes)" test "$size" -lt 16384
check "... the 8 MiB fill is one memset((char *)at_N + 16, 0x41, 8388608u)" \
	grep -qE 'memset\(\(char \*\)at_[0-9]+ \+ 16, 0x41, 8388608u\);' "$CWD/ipctop-session.c"
check "... it compiles with cc -Wall -Werror" cc -Wall -Werror -o "$E2E_TMP/session" "$CWD/ipctop-session.c"
keys q
check "q: ipctop exits 0" test "$(wait_exit 5)" = 0
"$H" rm m "$TIB"
