#!/bin/bash
# setup.sh — F2 setup, the settings file and the history, in tmux: TREND is
# laid out from 100 columns and draws a growing queue as a rising
# sparkline, kept over a visit to the Shm view; the detail view graphs the queue (labelled time axis, rates
# marked as an estimate); setup hides a column, sorts, changes the delay and
# a meter, and closing it writes $XDG_CONFIG_HOME/ipctop/ipctoprc (read
# back); a restart shows the same; -d wins over the file and is not
# written; --no-config neither reads nor writes it; a malformed file or a
# directory in its place is one line and the defaults, the file left as
# it was; a settings directory of another uid is not written into; a
# set's detail draws each semaphore's recent values in its row.
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
RC=$XDG_CONFIG_HOME/ipctop/ipctoprc

# title_line — the list's column titles.
title_line() { screen | grep -m1 -E '^ *(KIND +)?KEY +'; }
# setup_row TEXT — the index (0 the first) among setup's rows of the first
# row containing TEXT; the rows start under "columns of the view".
setup_row() {
	screen | awk -v t="$1" 'f && index($0, t) { print n; exit } f && !/^ display$/ { n++ } /columns of the view/ { f = 1; n = 0 }'
}
# setup_go TEXT — moves setup's cursor from the first row to TEXT's row.
setup_go() {
	local n; n=$(setup_row "$1")
	[ -n "$n" ] || return 1
	keys Home
	for _ in $(seq "$n"); do keys Down; done
}
# setup_last N — moves setup's cursor N rows above the last one (the rows
# end: refresh delay, theme, history, five meters).
setup_last() {
	keys End
	for _ in $(seq "$1"); do keys Up; done
}

MSQ=$("$H" msg 0x5e7a0001 0600)
restart 110 36 -d 4
check "ipctop starts with no settings file" wait_for "0x5e7a0001" 5
check "110 columns: the list lays TREND out" eval 'title_line | grep -q "TREND"'
for i in 1 2 3 4 5 6; do "$H" send "$MSQ" 1 $((i * 100)) >/dev/null; sleep 0.3; done
trend() { screen | grep -m1 '0x5e7a0001' | grep -oE '[▁▂▃▄▅▆▇█· ]{6,}$'; } # · a sample that did not read it
check "a queue that grew draws a rising sparkline ending in █ ('$(trend)')" \
	eval 'until_true 3 eval "trend | grep -qE \"[▁▂▃▄▅▆▇].*█ *\$\""'
keys 1
check "the Shm view (a refresh reads only segments) hides the queue" wait_gone "0x5e7a0001" 2
sleep 0.5
keys 4
check "back in the All view the queue's sparkline still has its rise, then · while not read: its history was kept" \
	eval 'until_true 3 eval "trend | grep -qE \"[▁▂▃▄▅▆▇][▁▂▃▄▅▆▇█]*·+[▁▂▃▄▅▆▇█]\""'
echo "# trend: '$(trend)'"

keys 2 Enter
check "the detail view graphs the queue: 'History', messages and bytes" \
	eval 'wait_for "History: the last" 3 && wait_re "^ *messages +bytes used" 1'
check "... its time axis is labelled, the newest sample 'now'" wait_re '^ +-[0-9]+s .* now' 3
check "... the rates are marked as an estimate" wait_for "estimate: at least" 3
keys Escape

# --- F2: setup ------------------------------------------------------------------------
keys F2
check "F2 opens setup on the Msg view's columns, naming the file" \
	eval 'wait_for "Setup — saved in $RC" 3 && wait_re "^ \[x\] +1 +" 1'
setup_go OWNER
keys Space
check "Space hides OWNER: it moves below the shown columns, unchecked" wait_re '^ \[ \] +OWNER' 2
setup_go "QBYTES"
keys s s
check "s twice on QBYTES: sorted descending" wait_re 'QBYTES +sorted ▼' 2
setup_last 7
keys +
check "+ on the delay: 0.5 s (from -d 4)" wait_re '^ refresh delay +0\.5 s' 2
setup_last 0
keys Space
check "Space turns the sems meter off" wait_re '^ \[ \] sems: semaphores' 2
keys Escape
check "closing setup says the file was written" status_has "settings saved in $RC" 3
check "the list has no OWNER column now" eval '! title_line | grep -q OWNER'
check "... and is sorted by QBYTES descending" wait_re 'sort: QBYTES ▼' 2
check "... the header has no sems meter" eval '! screen | head -n 3 | grep -q "sems "'
check "ipctoprc: columns.msg without owner, sort.msg=qbytes, order.msg=descending, delay=5, meters without semaphores" \
	eval 'grep -qx "columns.msg=[a-z,/-]*" "$RC" && ! grep "^columns.msg=" "$RC" | grep -q owner &&
		grep -qx "sort.msg=qbytes" "$RC" && grep -qx "order.msg=descending" "$RC" && grep -qx "delay=5" "$RC" &&
		grep -qx "meters=segments,queues,sets,shm-memory" "$RC"'
check "ipctoprc is a regular file of mode 0600" eval '[ "$(stat -c %a "$RC")" = 600 ] && [ -f "$RC" ] && [ ! -L "$RC" ]'
keys q
check "q exits 0" eval '[ "$(wait_exit 5)" = 0 ]'

restart 110 36
check "restart: the file's delay (0.5s), the Msg view without OWNER, sorted by QBYTES ▼" \
	eval 'wait_for "refresh 0.5s" 5 && keys 2 && wait_re "sort: QBYTES ▼" 2 && ! title_line | grep -q OWNER'
keys q; wait_exit 5 >/dev/null
saved=$(cat "$RC")
restart 110 36 -d 3
check "-d 3 wins over the file's delay" wait_for "refresh 0.3s" 5
keys q; wait_exit 5 >/dev/null
check "... and is not written into it (delay=5 kept)" grep -qx "delay=5" "$RC"

restart 110 36 --no-config
check "--no-config: the defaults (1.0s; OWNER shown in the Msg view)" \
	eval 'wait_for "refresh 1.0s" 5 && keys 2 && wait_re "^ *KEY .*OWNER" 2'
keys F2
check "--no-config: setup says nothing is saved" wait_for "not saved (--no-config" 3
setup_last 7; keys + Escape
keys q; wait_exit 5 >/dev/null
check "--no-config: the file is unchanged after a change in setup and quit" test "$(cat "$RC")" = "$saved"

# --- bad files: one line, the defaults, the file left alone -------------------------------
printf 'delay=10\ndelay=abc\n' > "$RC"
restart 110 36
check "a malformed file: one line naming the line and the value" \
	status_has "settings ignored: $RC: line 2: delay 'abc'" 5
check "... ipctop runs on the defaults (refresh 1.0s)" wait_for "refresh 1.0s" 2
keys q
check "... exits 0 and leaves the file as it was" \
	eval '[ "$(wait_exit 5)" = 0 ] && [ "$(cat "$RC")" = "$(printf "delay=10\ndelay=abc\n")" ]'
rm -f "$RC"; mkdir "$RC"
restart 110 36
check "a directory named ipctoprc: one line, not fatal" \
	eval 'wait_for "refresh 1.0s" 5 && status_has "settings ignored: " 2 && status_contains "$RC"'
keys q; check "... exits 0" eval '[ "$(wait_exit 5)" = 0 ]'
rmdir "$RC"

# --- a settings directory of another user (sudo without -H) is not written into -------------
chown nobody "$XDG_CONFIG_HOME/ipctop"
restart 110 36
wait_for "0x5e7a0001" 5
keys F2; wait_for "Setup" 3
setup_last 7; keys + Escape
check "closing setup in another uid's directory: one line, not saved" \
	status_has "Operation not permitted (owned by uid 65534, not by uid 0" 3
keys q
check "... ipctop exits 0, no file written there" eval '[ "$(wait_exit 5)" = 0 ] && [ ! -e "$RC" ]'
chown root "$XDG_CONFIG_HOME/ipctop"

SEM=$("$H" sem 0x5e7a0002 2 0600)
restart 90 30 -d 5 # 12 samples of 0.5 s: the rise stays in the row for 6 s
check "90 columns: the default layout has no TREND" eval 'wait_for "0x5e7a0001" 5 && ! title_line | grep -q TREND'
keys F2
check "... setup says TREND is shown from 100 columns" wait_re '^ \[x\] +[0-9]+ +TREND +\(shown from 100 columns\)' 3
keys Escape 3 Enter
for v in 1 2 3 4 5 6; do "$H" setall "$SEM" "$v" 0 >/dev/null; sleep 0.3; done
semtrend() { screen | grep -m1 -E '^ +0 +6 +0 +0 +[0-9]+ ' | grep -oE '[▁▂▃▄▅▆▇█]+'; }
check "a set's detail: semaphore 0 set to 1..6 draws a rising sparkline in its row ('$(semtrend)')" \
	eval 'until_true 3 eval "semtrend | grep -qE \"[▁▂▃▄▅▆▇].*█\""'
keys q; wait_exit 5 >/dev/null
"$H" rmall
