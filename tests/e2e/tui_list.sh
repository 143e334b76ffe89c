#!/bin/bash
# tui_list.sh — the interactive list in tmux at 80x24: the empty state,
# objects before and after start (the '+' mark), removal, views and tabs,
# sorting, selection that follows its object, the filter, help, the
# semaphore detail, pause, the mouse, resizing, and a clean exit (terminal
# restored, alternate screen left) on q, SIGTERM, SIGINT, SIGHUP and a crash.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
build_helper ipc_helper H
DELAY=5 # tenths: the refresh interval of the main run

# restart, stop_server, now_ms, wait_re, selected_line, exited_clean,
# ipctop_pid: lib.sh
# keys_on_screen — keys of the listed rows, top to bottom (any view).
keys_on_screen() {
	screen | awk '/^[ >+](shm |msg |sem )? *0x[0-9a-f]+ / { for (i = 1; i <= NF; i++) if ($i ~ /0x/) { k = $i; sub(/^[>+]/, "", k); print k; break } }' | paste -sd' ' -
}
# active_tab — the name of the highlighted tab (read from the attributes).
active_tab() {
	tm capture-pane -e -p -t "$SESSION" | sed -n 3p | grep -oE $'\e\\[[0-9;]*m [1-4] (Shm|Msg|Sem|All)' | sed 's/.* [1-4] //' | paste -sd, -
}
# click X Y — a left click (press and release) in the X10 mouse encoding.
click() {
	local x y
	x=$(printf "\\$(printf %03o $((33 + $1)))") y=$(printf "\\$(printf %03o $((33 + $2)))")
	keys -l $'\e[M '"$x$y"; keys -l $'\e[M#'"$x$y"
}

# --- empty namespace ------------------------------------------------------------
restart 80 24 -d $DELAY
check "empty namespace: 'No System V IPC objects' is shown" wait_for "No System V IPC objects" 5
check "empty namespace: the hint mentions '? for help'" wait_for "? for help" 1
check "empty namespace: the tabs count zero objects" eval 'screen | grep -qE "1 Shm 0 +2 Msg 0 +3 Sem 0 +4 All 0"'
keys q
exited_clean "q" 0

# --- objects created before the start ------------------------------------------------
declare -A ID
mk() { ID[$1]=$("$H" "${@:2}") || { echo "not ok - creating $1"; exit 1; }; }
mk A0 shm 0x7e570000 1048576 0600; mk A1 shm 0x7e570001 65536 0640
mk A2 shm 0x7e570002 4096 0644;    mk A3 shm 0x7e570003 8192 0660
mk B0 msg 0x7e571000 0600;         mk B1 msg 0x7e571001 0644
mk C0 sem 0x7e572000 5 0600;       mk C1 sem 0x7e572001 2 0666
"$H" send "${ID[B0]}" 1 100 && "$H" send "${ID[B0]}" 2 20 || echo "not ok - msgsnd"
"$H" setall "${ID[C0]}" 7 0 42 32767 1 && "$H" setall "${ID[C1]}" 3 4 || echo "not ok - setall"
declare -A KEY=([A0]=0x7e570000 [A1]=0x7e570001 [A2]=0x7e570002 [A3]=0x7e570003
	[B0]=0x7e571000 [B1]=0x7e571001 [C0]=0x7e572000 [C1]=0x7e572001)
kind_of() { case $1 in A*) echo shm;; B*) echo msg;; C*) echo sem;; esac; }

restart 80 24 -d $DELAY
check "the list is drawn" wait_for "0x7e572001" 5
missing=
for o in A0 A1 A2 A3 B0 B1 C0 C1; do
	screen | grep -qE "^[ >]$(kind_of $o) +${KEY[$o]} +${ID[$o]} " || missing="$missing $o"
done
check "objects created before the start are listed with kind, key and id (missing:${missing:- none})" test -z "$missing"
check "the tabs count 4 shm, 2 msg, 2 sem, 8 in all" eval 'screen | grep -qE "1 Shm 4 +2 Msg 2 +3 Sem 2 +4 All 8 "'
check "the header starts with 'ipctop' and shows the refresh interval" \
	eval 'screen | head -n 1 | grep -qE "^ipctop [0-9].*refresh 0\.5s"'
check "the first row is selected at the start" eval 'selected_line | grep -qF "${KEY[A0]}"'

# --- an object created after the start; its removal ---------------------------------
t0=$(now_ms)
mk N1 shm 0x7e57000a 4096 0600
first=
for _ in $(seq 60); do first=$(screen | grep -m1 0x7e57000a) && break; sleep 0.05; done
took=$(($(now_ms) - t0))
check "a new object appears within two refresh intervals (limit 1.0s + 0.5s for tmux; took ${took} ms)" \
	test -n "$first" -a "$took" -le $((DELAY * 200 + 500))
check "the new object is marked '+' in column 0 ('${first:0:30}')" test "${first:0:1}" = "+"
check "the '+' mark is gone after the next refresh" wait_re "^ shm +0x7e57000a " 2
check "an old object is not marked '+'" eval '! screen | grep -qE "^\+.*${KEY[A1]}"'
ipcrm -m "${ID[N1]}"
check "a removed object disappears" wait_gone 0x7e57000a 2

# --- views and tabs ----------------------------------------------------------------
# view_is NAME TITLE_ERE KEYS — the tab NAME is highlighted, the column titles
# match TITLE_ERE, and exactly the objects KEYS (in this order) are listed.
view_is() {
	local name=$1 title=$2 want=$3
	wait_re "$title" 2 && [ "$(active_tab)" = "$name" ] && [ "$(keys_on_screen)" = "$want" ]
}
ALL_KEYS="${KEY[A0]} ${KEY[B0]} ${KEY[C0]} ${KEY[A1]} ${KEY[B1]} ${KEY[C1]} ${KEY[A2]} ${KEY[A3]}"
[ "${ID[A0]}${ID[A1]}${ID[A2]}${ID[A3]}${ID[B0]}${ID[B1]}${ID[C0]}${ID[C1]}" = 01230101 ] ||
	echo "# unexpected ids; the order checks assume 0..3, 0..1, 0..1"
SHM_KEYS="${KEY[A0]} ${KEY[A1]} ${KEY[A2]} ${KEY[A3]}" MSG_KEYS="${KEY[B0]} ${KEY[B1]}" SEM_KEYS="${KEY[C0]} ${KEY[C1]}"
# The sorted column title carries the direction (ID▲).
SHM_T="^ KEY +ID[▲▼]? +OWNER .*NATTCH" MSG_T="^ KEY +ID[▲▼]? +OWNER .*MSGS" SEM_T="^ KEY +ID[▲▼]? +OWNER .*NSEMS" ALL_T="^ KIND +KEY +ID[▲▼]?"
check "at the start the All tab is active with every object" view_is All "$ALL_T" "$ALL_KEYS"
keys 1; check "key 1: Shm tab, only shared memory segments" view_is Shm "$SHM_T" "$SHM_KEYS"
keys 2; check "key 2: Msg tab, only message queues" view_is Msg "$MSG_T" "$MSG_KEYS"
keys 3; check "key 3: Sem tab, only semaphore sets" view_is Sem "$SEM_T" "$SEM_KEYS"
keys 4; check "key 4: All tab, every object" view_is All "$ALL_T" "$ALL_KEYS"
keys Tab; check "Tab from All wraps to Shm" view_is Shm "$SHM_T" "$SHM_KEYS"
keys Tab; check "Tab: Msg" view_is Msg "$MSG_T" "$MSG_KEYS"
keys BTab; check "Shift-Tab: back to Shm" view_is Shm "$SHM_T" "$SHM_KEYS"
keys BTab; check "Shift-Tab from Shm wraps to All" view_is All "$ALL_T" "$ALL_KEYS"

# --- sorting (Shm view: sizes 1M, 64K, 4K, 8K; perms 600, 640, 644, 660) -----------------
keys 1
check "Shm view sorted by ID ascending at first" eval 'view_is Shm "$SHM_T" "$SHM_KEYS" && screen | grep -q "sort: ID ▲"'
keys '>' '>' '>'
check "'>' three times: the header shows 'sort: SIZE'" wait_for "sort: SIZE ▲" 2
check "sorted by SIZE ascending: 4K, 8K, 64K, 1M" \
	test "$(keys_on_screen)" = "${KEY[A2]} ${KEY[A3]} ${KEY[A1]} ${KEY[A0]}"
keys I
check "'I' inverts: the header shows 'sort: SIZE ▼'" wait_for "sort: SIZE ▼" 2
check "sorted by SIZE descending: 1M, 64K, 8K, 4K" \
	test "$(keys_on_screen)" = "${KEY[A0]} ${KEY[A1]} ${KEY[A3]} ${KEY[A2]}"
keys '<'
check "'<': the header shows 'sort: PERMS'" wait_for "sort: PERMS ▼" 2
check "sorted by PERMS descending: 660, 644, 640, 600" \
	test "$(keys_on_screen)" = "${KEY[A3]} ${KEY[A2]} ${KEY[A1]} ${KEY[A0]}"
keys '<' '<' I
check "'<' twice and 'I': back to 'sort: ID ▲' in id order" \
	eval 'wait_for "sort: ID ▲" 2 && [ "$(keys_on_screen)" = "$SHM_KEYS" ]'
keys 2
check "the sort is per view: the Msg view still sorts by ID" wait_for "sort: ID ▲" 2

# --- the selection follows its object ---------------------------------------------------
keys 1 End
check "End selects the last row (${KEY[A3]})" eval 'wait_re "^>${KEY[A3]} " 2'
ipcrm -m "${ID[A0]}"
check "after removing a segment above it, the selection is still on ${KEY[A3]}" \
	eval 'wait_gone "${KEY[A0]}" 2 && selected_line | grep -qF "${KEY[A3]}"'
keys Up
check "Up selects the middle row (${KEY[A2]})" eval 'wait_re "^>${KEY[A2]} " 2'
ipcrm -m "${ID[A1]}"
check "after removing the row above it, the selection is still on ${KEY[A2]} (not on row index 1)" \
	eval 'wait_gone "${KEY[A1]}" 2 && selected_line | grep -qF "${KEY[A2]}"'
check "the next refreshes keep it there (2 intervals)" \
	eval '! wait_re "^>${KEY[A3]} " 1 && selected_line | grep -qF "${KEY[A2]}" && screen | grep -qE "^ ${KEY[A3]} "'
ALL_KEYS="${KEY[B0]} ${KEY[C0]} ${KEY[B1]} ${KEY[C1]} ${KEY[A2]} ${KEY[A3]}"

# --- the filter ------------------------------------------------------------------------
keys 4 /
check "'/' opens the filter line" wait_for "Filter:" 2
keys -l 7e5710
check "typing '7e5710' shows only the two matching queues" \
	eval 'wait_for "filter: 7e5710" 2 && [ "$(keys_on_screen)" = "$MSG_KEYS" ]'
keys Escape
check "Esc clears the filter and shows every object again" \
	eval 'wait_for "filter: -" 2 && [ "$(keys_on_screen)" = "$ALL_KEYS" ] && ! screen | grep -q "Filter:"'
keys / ; wait_for "Filter:" 2; keys -l 0x7e5720; keys Enter
check "Enter keeps the filter '0x7e5720' (only the sem sets) and closes the filter line" \
	eval 'wait_gone "Filter:" 2 && screen | grep -q "filter: 0x7e5720" && [ "$(keys_on_screen)" = "$SEM_KEYS" ]'
keys Escape
check "Esc in the list clears the kept filter" \
	eval 'wait_for "filter: -" 2 && [ "$(keys_on_screen)" = "$ALL_KEYS" ]'
keys / ; wait_for "Filter:" 2; keys -l zzzq
check "a filter matching nothing says so" wait_for 'No objects match the filter "zzzq"' 2
keys Escape; wait_for "filter: -" 2

# --- help ---------------------------------------------------------------------------
keys '?'
check "'?' shows the help" wait_for "Help — keys" 2
# Every key binding with a help text, in any key table of ui/, must be in
# the help pages: { KEY, GROUPS, ACTION, "name", N_("help"), ... } (a %s
# in a text is filled at run time: the text up to it is looked for).
helps=$(grep -rhE '^\s*\{ [^"{}]+, [^,"{}]+, [^,"{}]+, "[^"]*", N_\("[^"]+"\)' "$HERE/../../ui" |
	sed -E 's/^\s*\{ [^"{}]+, [^,"{}]+, [^,"{}]+, "[^"]*", N_\("([^"]+)"\).*/\1/; s/%.*//' | cut -c1-40)
pages=$(screen) page=$pages
for _ in $(seq 12); do # PgDn until the page stops changing (9 pages at 80x24)
	keys NPage
	end=$(($(now_ms) + 1000))
	while [ "$(screen)" = "$page" ] && [ "$(now_ms)" -lt "$end" ]; do sleep 0.05; done
	[ "$(screen)" = "$page" ] && break
	page=$(screen) pages+=$'\n'$page
done
missing=
while IFS= read -r h; do grep -qF -- "$h" <<<"$pages" || missing="$missing [$h]"; done <<<"$helps"
check "the help lists every key of the key table ($(wc -l <<<"$helps") entries; missing:${missing:- none})" \
	eval '[ -z "$missing" ] && [ "$(wc -l <<<"$helps")" -ge 20 ]'
keys Escape
check "Esc closes the help and shows the list again" \
	eval 'wait_gone "Help — keys" 2 && wait_re "$ALL_T" 1 && [ "$(keys_on_screen)" = "$ALL_KEYS" ]'

# --- semaphore detail --------------------------------------------------------------
keys 3 Home Enter
check "Enter on a semaphore set opens its detail" wait_for "Semaphore set ${ID[C0]}  key ${KEY[C0]}" 2
check "the detail shows nsems 5 and a SEMNUM table" eval 'wait_for SEMNUM 1 && screen | grep -qE "nsems +5( |$)"'
vals=$(screen | awk '/SEMNUM/ { on = 1; next } on && $1 ~ /^[0-9]+$/ { printf "%s:%s ", $1, $2 }')
check "the SEMNUM table has the SETALL values 7 0 42 32767 1 ('$vals')" test "$vals" = "0:7 1:0 2:42 3:32767 4:1 "
keys Escape
check "Esc goes back to the list" eval 'wait_re "$SEM_T" 2 && wait_gone SEMNUM 1'

# --- pause --------------------------------------------------------------------------
keys 4 z
check "'z' pauses: the header shows PAUSED" wait_for PAUSED 2
mk N2 shm 0x7e57000b 4096 0600
check "while paused a new object does not appear (for 4 refresh intervals)" eval '! wait_re 0x7e57000b 2'
keys Space
check "Space refreshes once: the new object appears, still PAUSED" \
	eval 'wait_for 0x7e57000b 2 && screen | grep -q PAUSED'
check "... marked '+' as new, and the mark stays while paused" \
	eval 'screen | grep -qE "^\+shm +0x7e57000b " && ! wait_re "^ shm +0x7e57000b " 1'
keys Space
check "the next refresh (Space) drops the '+' mark" wait_re "^ shm +0x7e57000b " 2
keys z
check "'z' again resumes: PAUSED is gone" wait_gone PAUSED 2
ipcrm -m "${ID[N2]}"; wait_gone 0x7e57000b 2

# --- mouse (X10 encoding, as tmux forwards it; ncurses sees kmous) ---------------------
y=$(screen | grep -n -m1 "${KEY[C1]}" | cut -d: -f1)
click 10 $((y - 1))
check "a click on a row selects it (${KEY[C1]})" eval 'wait_re "^>sem +${KEY[C1]} " 2'
title=$(screen | grep -n -m1 -E "$ALL_T" | cut -d: -f1)
col=$(screen | sed -n "${title}p" | grep -bo ' SIZE' | cut -d: -f1)
click $((col + 2)) $((title - 1))
check "a click on the SIZE title sorts by SIZE" wait_for "sort: SIZE ▲" 2
# ncurses hands over a click's release with the next input; it must not
# count as a second click on the title.
keys x
check "the next key after the click does not invert the sort again" \
	eval 'wait_for "key '"'x'"' does nothing" 2 && screen | grep -q "sort: SIZE ▲"'
click $((col + 2)) $((title - 1))
check "a second click on it inverts the order" wait_for "sort: SIZE ▼" 2
col=$(screen | sed -n "${title}p" | grep -bo ' ID ' | cut -d: -f1)
click $((col + 1)) $((title - 1))
check "a click on the ID title sorts by ID" wait_for "sort: ID" 2
keys I; wait_for "sort: ID ▲" 2
check "the selection stayed on ${KEY[C1]}" eval 'selected_line | grep -qF "${KEY[C1]}"'

# --- resize ---------------------------------------------------------------------------
# layout_ok COLS ROWS — the header, tab line, titles, rows and footer are intact.
layout_ok() {
	local s; s=$(screen)
	[ "$(wc -l <<<"$s")" -eq "$2" ] && head -n 1 <<<"$s" | grep -q '^ipctop ' &&
		sed -n 3p <<<"$s" | grep -qE '^ 1 Shm 2 +2 Msg 2 +3 Sem 2 +4 All 6( |$)' &&
		tail -n 1 <<<"$s" | grep -q 'F1Help' && [ "$(keys_on_screen)" = "$ALL_KEYS" ] &&
		[ "$(wc -L <<<"$s")" -le "$1" ]
}
tm resize-window -t "$SESSION" -x 132 -y 43
check "132x43: more columns (OCT, CHANGED, GROUP) are visible" wait_re "$ALL_T.*OCT.*CHANGED +GROUP" 2
check "132x43: header, tabs, rows and footer are intact" layout_ok 132 43
check "132x43: the right part of the header reaches column 132" \
	eval 'screen | head -n 1 | grep -qE "^.{120}.*refresh 0\.5s$" && [ "$(screen | head -n 1 | wc -L)" -eq 132 ]'
tm resize-window -t "$SESSION" -x 50 -y 15
check "50x15: re-laid out (fewer columns: KIND KEY ID OWNER SIZE, no CPID/LPID)" \
	eval 'wait_re "^ KIND +KEY +ID[▲▼]? +OWNER +SIZE( |$)" 2 && ! screen | grep -qE "^ KIND .*(CPID|LPID)"'
check "50x15: header first line starts with 'ipctop', footer last line has 'Help', rows intact" layout_ok 50 15
tm resize-window -t "$SESSION" -x 30 -y 8
check "30x8: 'terminal too small' is shown" wait_for "terminal too small" 2
check "30x8: the needed size is shown in full ('30x8, need 40x10')" eval 'screen | grep -qE "30x8, need [0-9]+x[0-9]+"'
check "30x8: nothing else is drawn" eval '[ "$(screen | grep -c .)" -eq 2 ]'
tm resize-window -t "$SESSION" -x 80 -y 24
check "back to 80x24: the normal layout returns" wait_re "$ALL_T +OWNER +PERMS +SIZE +ATT/MSG +CPID +LPID *$" 2
check "back to 80x24: header, tabs, rows and footer are intact" layout_ok 80 24
check "the selection survived the resizes (${KEY[C1]})" eval 'selected_line | grep -qF "${KEY[C1]}"'

# --- leaving: q, signals, crash -------------------------------------------------------
keys q
exited_clean "q after the session" 0

for sig in TERM INT HUP; do
	restart 80 24 -d $DELAY
	wait_for "F1Help" 5
	pid=$(ipctop_pid)
	check "SIG$sig: found the ipctop pid ($pid)" eval '[ -n "$pid" ] && grep -q ipctop /proc/$pid/cmdline'
	[ -n "$pid" ] && kill -s "$sig" "$pid"
	exited_clean "SIG$sig" 0
done

# Test hook: SIGSEGV right after the first draw; the crash handler must
# restore the terminal, then re-raise (status 128+11). No core file.
IPCTOP_BIN="ulimit -c 0; IPCTOP_TEST_CRASH=1 $IPCTOP_BIN" restart 80 24 -d $DELAY
exited_clean "crash (IPCTOP_TEST_CRASH=1, SIGSEGV)" "$CRASH_STATUS"

"$H" rmall
