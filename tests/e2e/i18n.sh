#!/bin/bash
# i18n.sh — gettext and the zh_CN catalogue: po/zh_CN.po is complete (every
# text the sources mark, none fuzzy) and consistent (msgfmt -c); under
# LANG=zh_CN.UTF-8 at 80x24 the header, tabs, footer, help, list, detail,
# limits and form are Chinese, nothing is cut, and columns stay aligned with
# double-width characters (display widths computed with
# unicodedata.east_asian_width); C.UTF-8 stays English; --once, --json and
# --prometheus are the same bytes in both locales.
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
ZH=zh_CN.UTF-8

# --- the catalogue ----------------------------------------------------------------
check "po/zh_CN.po passes msgfmt -c (format strings match their msgids)" msgfmt -c -o /dev/null po/zh_CN.po
stats=$(LC_ALL=C msgfmt -c --statistics -o /dev/null po/zh_CN.po 2>&1)
check "po/zh_CN.po: every message translated, none fuzzy ($stats)" \
	eval '[[ "$stats" =~ ^[0-9]+\ translated\ messages\.$ ]]'
# The same extraction as `make pot`: a text marked in the sources but not
# in the catalogue fails here.
xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kC_:1c,2 -kP_:1,2 -o "$E2E_TMP/now.pot" $(find src ui -name "*.c" | sort) 2>/dev/null
check "po/zh_CN.po translates every text marked in src/ and ui/ (msgcmp against a fresh xgettext)" \
	msgcmp po/zh_CN.po "$E2E_TMP/now.pot"

# --- the locale ---------------------------------------------------------------------
has_zh() { locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; }
if ! has_zh && [ "$(id -u)" = 0 ] && command -v localedef >/dev/null; then
	localedef -i zh_CN -f UTF-8 "$ZH" 2>/dev/null # needs the `locales` package
fi
if ! has_zh; then
	echo "not ok - the $ZH locale is missing: as root, install the Debian package 'locales' and run: localedef -i zh_CN -f UTF-8 $ZH"
	exit 1
fi
check "the catalogue is found: --help is Chinese under $ZH" \
	eval 'LANG=$ZH LC_ALL=$ZH "$IPCTOP_BIN" --help | grep -q "^用法：ipctop"'
check "--help stays English under C.UTF-8" eval '"$IPCTOP_BIN" --help | grep -q "^Usage: ipctop \[options\]"'

# --- objects ---------------------------------------------------------------------------
"$H" shm 0x1180a000 1048576 0600 >/dev/null && "$H" shm 0x1180a001 4096 0644 >/dev/null &&
	q=$("$H" msg 0x1180b000 0640) && "$H" send "$q" 1 100 && s=$("$H" sem 0x1180c000 5 0600) &&
	"$H" setall "$s" 7 0 42 32767 1 && "$H" sem 0x1180c001 2 0666 >/dev/null ||
	{ echo "not ok - creating the objects"; exit 1; }

# Both runs read live state (attachments are found in every process's maps):
# a difference that a retry makes go away was a change between the two. The
# waiter scan's counts (threads and namespaces of the whole machine, numbers,
# never text) are left out: other test scripts start and end threads.
no_scan_counts() { sed -E 's/"waiter-scan":\{[^}]*\}/"waiter-scan":{}/'; }
same_output() {
	local f=$1 try
	for try in 1 2 3 4 5; do
		LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCTOP_BIN" $f 2>&1 | no_scan_counts >"$E2E_TMP/en$f"
		LANG=$ZH LC_ALL=$ZH "$IPCTOP_BIN" $f 2>&1 | no_scan_counts >"$E2E_TMP/zh$f"
		cmp -s "$E2E_TMP/en$f" "$E2E_TMP/zh$f" && return 0
		sleep 0.2
	done
	diff "$E2E_TMP/en$f" "$E2E_TMP/zh$f" | head -n 6
	return 1
}
for f in --once --json --prometheus; do
	check "$f prints the same bytes under $ZH as under C.UTF-8 (machine-readable: English)" same_output $f
done

# --- display widths ------------------------------------------------------------------
# A python3 helper on the captured screen; a CJK character takes 2 columns.
cat >"$E2E_TMP/cols.py" <<'EOF'
import sys, unicodedata
def w(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
def tokens(line):
    """(text, first column, column after) of each blank-separated word; the
    row marker in column 0 (>, +, *, #) is not part of a cell."""
    out, col, cur, at = [], 0, "", 0
    for c in " " + line[1:] + " ":
        if c == " ":
            if cur:
                out.append((cur, at, col))
            cur = ""
        else:
            if not cur:
                at = col
            cur += c
        col += w(c)
    return out
def cells(line):
    """The character in each screen column (None: right half of a wide one)."""
    out = []
    for c in line:
        out.append(c)
        if w(c) == 2:
            out.append(None)
    return out
lines = sys.stdin.read().split("\n")
mode = sys.argv[1]
if mode == "width":    # width N: the display width of line N (0-based)
    print(w(lines[int(sys.argv[2])].rstrip()))
elif mode == "table":  # table TITLE_LINE NROWS RIGHT_TITLES...
    t, nrows, right = int(sys.argv[2]), int(sys.argv[3]), set(sys.argv[4:])
    titles = tokens(lines[t])
    bad = []
    for n in range(t + 1, t + 1 + nrows):
        row = tokens(lines[n])
        for title, ts, te in titles:
            name = title.rstrip("▲▼")
            cell = [c for c in row if c[1] < te and c[2] > ts]
            if not cell:
                continue  # an empty cell
            text, cs, ce = cell[0]
            if not (ce == te if name in right else cs == ts):
                bad.append(f"line {n}: {text!r} at {cs}..{ce}, title {title!r} at {ts}..{te}")
    print("; ".join(bad) if bad else "rows=%d" % nrows)
elif mode == "edge":   # edge FIRST LAST COL: text starts at COL on lines FIRST..LAST
    first, last, col = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    bad = []
    for n in range(first, last + 1):
        c = cells(lines[n])
        if len(c) <= col or c[col - 1] != " " or c[col] in (" ", None):
            bad.append(n)
    print("lines not starting at %d: %s" % (col, bad) if bad else "ok")
EOF
cols() { screen | python3 "$E2E_TMP/cols.py" "$@"; }
# Right-aligned (number and time) columns of the list, by their Chinese titles.
RIGHT="ID 八进制 大小 挂接数 进程数 创建PID 末次PID 挂接时间 修改时间 字节数 消息数 容量 发送PID 接收PID 发送时间 信号量数 最后操作 挂接/消息 NCNT ZCNT 等待"

# --- zh_CN: the list ----------------------------------------------------------------
export LANG=$ZH LC_ALL=$ZH
restart 80 24 -d 5
check "zh_CN: the list is drawn" wait_for "0x1180c001" 5
check "zh_CN: the footer is Chinese and complete (ends with q退出)" \
	eval 'screen | tail -n 1 | grep -qE "^F1帮助 Enter详情 F3搜索 F4过滤 F5树形 F6排序 c创建 d删除 l日志 q退出 *$"'
check "zh_CN: the footer fits in 80 columns ($(cols width 23))" eval '[ "$(cols width 23)" -le 80 ]'
check "zh_CN: the header's right end is shown whole (刷新 0.5秒)" \
	eval 'screen | head -n 1 | grep -qE "^ipctop [0-9].* 刷新 0\.5秒$"'
N='[0-9]+(\.[0-9])?[kMGTPE]?' # a count: "12", "32k", "1.0G"
check "zh_CN: the usage line is Chinese and complete ($(cols width 1) columns)" \
	eval 'screen | sed -n 2p | grep -qE "^段 $N/$N  队列 $N/$N  集合 $N/$N  内存 [^ ]+/[^ ]+  信号量 $N/$N *$" && [ "$(cols width 1)" -le 80 ]'
check "zh_CN: the tabs are Chinese and the sort/filter text still fits" \
	eval 'screen | sed -n 3p | grep -qE "^ 1 共享 2 +2 消息 1 +3 信号量 2 +4 全部 5 +5 POSIX +排序：ID ▲  过滤：- *$"'
check "zh_CN: the column titles are Chinese" eval 'screen | sed -n 4p | grep -qE "^ 类型 +键 +ID▲ +所有者 +权限 +大小 +挂接/消息"'
declare -A NROWS=([1]=2 [2]=1 [3]=2 [4]=5)
for v in 4 1 2 3; do
	keys $v; sleep 0.3
	r=$(cols table 3 "${NROWS[$v]}" $RIGHT)
	check "zh_CN: view $v: every row's cells line up with their titles, ID's right edge included ($r)" \
		eval '[[ "$r" == rows=* ]]'
done

# --- zh_CN: detail, limits, help, form ----------------------------------------------------
keys 3; sleep 0.2; keys Home Enter
check "zh_CN: the detail of a set is Chinese" wait_for "信号量集 $s  键 0x1180c000" 3
check "zh_CN: the detail labels are Chinese" eval 'screen | grep -qE "^ 所有者 +root \(uid 0\)"'
t=$(screen | grep -n "编号" | head -n 1 | cut -d: -f1)
r=$(cols table $((t - 1)) 5 编号 值 NCNT ZCNT PID)
check "zh_CN: the semaphore table lines up under 编号 值 NCNT ZCNT PID ($r)" eval '[[ "$r" == rows=5 ]]'
check "zh_CN: the semaphore values 7 0 42 32767 1 are read under 值" \
	eval '[ "$(screen | awk "/编号/ { on = 1; next } on && \$1 ~ /^[0-9]+\$/ { printf \"%s \", \$2 }")" = "7 0 42 32767 1 " ]'
keys Escape L
check "zh_CN: the limits view is Chinese" wait_for "无限制" 3
r=$(cols table 3 12 值 已用 占比)
check "zh_CN: the limits table lines up under 限制 值 已用 占比 ($r)" eval '[[ "$r" == rows=12 ]]'
keys Escape '?'
check "zh_CN: the help screen is Chinese" eval 'wait_for " 帮助 — 按键" 3 && wait_for "显示或关闭本帮助" 1'
r=$(cols edge 6 20 21)
check "zh_CN: help texts start in one column (21) after the keys ($r)" test "$r" = ok
keys Escape c # from the Sem view: the form opens on a semaphore set
check "zh_CN: the create form is Chinese" eval 'wait_for " 创建 System V IPC 对象" 3 && wait_for "< 信号量集 (semget) >" 1'
r=$(cols edge 4 8 15)
check "zh_CN: form values start in one column (15) whatever the label's width ($r)" test "$r" = ok
keys Escape
check "zh_CN: Esc cancels the form with a Chinese message" status_has "已取消" 2
keys q
check "zh_CN: ipctop exits with status 0" eval '[ "$(wait_exit 5)" = 0 ]'

# --- C.UTF-8: English as before ----------------------------------------------------------
export LANG=C.UTF-8 LC_ALL=C.UTF-8
restart 80 24 -d 5
check "C.UTF-8: the list is drawn" wait_for "0x1180c001" 5
check "C.UTF-8: the footer is English" \
	eval 'screen | tail -n 1 | grep -qE "^F1Help EnterDetail F3Search F4Filter F5Tree F6SortBy cCreate dRemove lLog qQuit *$"'
check "C.UTF-8: the header, tabs and titles are English" \
	eval 'screen | head -n 1 | grep -q "refresh 0.5s$" && screen | sed -n 3p | grep -qE "^ 1 Shm 2 +2 Msg 1 +3 Sem 2 +4 All 5 +5 POSIX +sort: ID ▲  filter: -" &&
		screen | sed -n 4p | grep -qE "^ KIND KEY +ID▲ OWNER +PERMS +SIZE ATT/MSG +CPID +LPID"'
keys '?'
check "C.UTF-8: the help is English" eval 'wait_for " Help — keys" 3 && wait_for "show or close this help" 1'
keys q
check "C.UTF-8: ipctop exits with status 0" eval '[ "$(wait_exit 5)" = 0 ]'
