#!/bin/bash
# churn.sh — ipctop at -d 1 (0.1 s) in tmux at 80x24 while a churner
# (stress_helper churn) creates, removes, IPC_SETs, attaches and detaches
# objects as fast as it can: no crash, the open detail view of an object
# removed from outside closes with "was removed", details of churning
# objects do the same, the selection stays valid, no other error text, no
# descriptor leak. Then a signal storm (SIGALRM every 1 ms from outside and
# SIGWINCH bursts from tmux resizes): still alive, a key answers within 1 s,
# the screen is intact and stable. `make stress` is the 60 s version.
# e2e: alone
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/helpers/stress_lib.sh"
CHURN_SECONDS=14 STORM_SECONDS=10

# The checks below read one capture, $s (a capture takes a while under load).
# polite_status — the status line is empty or says an object was removed
# (or, for Enter on a list emptied at that moment, that nothing is selected).
polite_status() {
	tail -n 2 <<<"$s" | head -n 1 |
		grep -qE '^ *$|^(shm|msg|sem) [0-9]+ was removed; back to the list *$|^nothing selected: the list is empty *$|^key .y. does nothing here; press \\? for help *$'
}
ERR_RE='Invalid argument|Identifier removed|No such file|Permission denied|[Ee]rror|failed|reading IPC objects'
no_error_text() { ! grep -qE "$ERR_RE" <<<"$s"; }
in_list() { grep -qE '^ KIND +KEY +ID' <<<"$s"; }

# --- the churn -------------------------------------------------------------------
X=$("$H" sem 0x5eed7001 3 0600) || { echo "not ok - creating the set"; exit 1; }
restart 80 24 -d 1
check "ipctop lists the set 0x5eed7001" wait_for 0x5eed7001 5
PID=$(ipctop_pid)
check "found the ipctop pid ($PID)" eval '[ -n "$PID" ] && grep -q ipctop /proc/$PID/cmdline'
keys Enter
check "Enter opens the set's detail" wait_for "Semaphore set $X  key 0x5eed7001" 2
until_true 1 false # ten refreshes before counting descriptors
FD0=$(fd_count "$PID")

# Niced: it still runs flat out, and the test's captures still get a turn.
nice -n 10 "$SH" churn "$CHURN_SECONDS" >"$E2E_TMP/churn.out" 2>&1 &
CHURN=$!
# Three seconds of churn with the detail open.
end=$(($(now_ms) + 3000)) samples=0 bad=
while [ "$(now_ms)" -lt "$end" ]; do
	alive "$PID" || { bad="ipctop died"; break; }
	s=$(screen)
	grep -qF "Semaphore set $X  key 0x5eed7001" <<<"$s" || bad="the detail view closed"
	no_error_text || bad="error text: $(grep -E "$ERR_RE" <<<"$s" | head -n 1)"
	samples=$((samples + 1))
	sleep 0.05
done
check "3 s of churn with the detail view open: alive, detail shown, no error text ($samples samples; ${bad:-ok})" \
	eval '[ -z "$bad" ] && [ "$samples" -ge 5 ]'
ipcrm -s "$X"
check "removing the set from outside closes the detail: 'sem $X was removed; back to the list'" \
	status_has "sem $X was removed; back to the list" 2
check "... back in the list: a title row, no detail" \
	eval 'wait_re "^ KIND +KEY +ID" 1 && ! screen | grep -qF "Semaphore set $X"'
check "... the status line has no other text" eval 's=$(screen); polite_status'

# The rest of the churn: sample the screen; every second, Enter opens the
# detail of the selected (churning) object, which must close politely (a
# new "was removed" message).
samples=0 bad= opened=0 closed=0 next_enter=$(now_ms)
while kill -0 "$CHURN" 2>/dev/null; do
	alive "$PID" || { bad="ipctop died"; break; }
	s=$(screen)
	if in_list && ! selection_ok "$s"; then
		bad="not one '>' row: $(grep -cE '^>' <<<"$s") selected"
	fi
	polite_status || bad="status: $(tail -n 2 <<<"$s" | head -n 1)"
	no_error_text || bad="error text: $(grep -E "$ERR_RE" <<<"$s" | head -n 1)"
	if [ "$(now_ms)" -ge "$next_enter" ] && in_list && grep -qE '^>(shm|msg|sem) ' <<<"$s"; then
		# The object lives for microseconds: the detail may be gone before
		# a capture sees it; its polite closing message stays.
		# A neutral message first: the same id may come back and be
		# removed again, giving the very same "was removed" text.
		keys y
		status_has "does nothing here" 1
		before=$(status_line)
		keys Enter
		opened=$((opened + 1))
		until_true 2 eval '[ "$(status_line)" != "$before" ] && status_contains "was removed; back to the list"' &&
			wait_re "^ KIND +KEY +ID" 1 && closed=$((closed + 1))
		next_enter=$(($(now_ms) + 1000))
	fi
	samples=$((samples + 1))
	[ -n "$bad" ] && break
	sleep 0.05
done
check "the rest of the churn: alive, one '>' row, only polite status text ($samples samples; ${bad:-ok})" \
	eval '[ -z "$bad" ] && [ "$samples" -ge 5 ]'
# The last detail may be opened on an object the churner keeps while it
# winds down (it outlives the 2 s wait): every other one must close.
check "Enter on churning objects: each detail closed with a new 'was removed' message ($closed of $opened, at least 3, the last may stay)" \
	eval '[ "$closed" -ge 3 ] && [ "$closed" -ge $((opened - 1)) ]'
wait "$CHURN"; crc=$?
out=$(cat "$E2E_TMP/churn.out")
echo "# churner: $out"
ops=$(sed -nE 's/^ops ([0-9]+) .*/\1/p' <<<"$out")
check "the churner ran without an unexpected error and made over 100000 calls ($ops)" \
	eval '[ "$crc" -eq 0 ] && [ "${ops:-0}" -gt 100000 ]'
check "ipctop is alive after the churn" alive "$PID"
check "the churner's objects are gone: the list is empty" wait_for "No System V IPC objects" 2
FD1=$(fd_count "$PID")
check "ipctop's descriptors did not grow over the churn ($FD0 -> $FD1, allowed +2)" \
	test "$FD1" -le $((FD0 + 2))

# --- the signal storm --------------------------------------------------------------
"$H" shm 0x5eed7002 8192 0640 >/dev/null && "$H" msg 0x5eed7003 0600 >/dev/null && "$H" sem 0x5eed7004 2 0666 >/dev/null ||
	{ echo "not ok - creating objects"; exit 1; }
check "three objects for the storm are listed" wait_for 0x5eed7004 2
"$SH" storm "$PID" "$STORM_SECONDS" 1000 >"$E2E_TMP/storm.out" 2>&1 &
STORM=$!
resize_burst "$STORM_SECONDS" "$PID"
wait "$STORM"; src=$?
sent=$(sed -nE 's/^sent ([0-9]+) signals.*/\1/p' "$E2E_TMP/storm.out")
echo "# storm: $sent SIGALRM, $RESIZES resizes"
check "the storm ran: $sent SIGALRM (1 ms apart, at least 3000) and $RESIZES resizes (at least 20)" \
	eval '[ "$src" -eq 0 ] && [ "${sent:-0}" -ge 3000 ] && [ "$RESIZES" -ge 20 ]'
check "ipctop was alive all through the storm (dead in $DEAD checks) and after it" \
	eval '[ "$DEAD" -eq 0 ] && alive "$PID"'
keys '?'
check "after the storm a key answers within 1 s: '?' shows the help" wait_for "Help — keys" 1
keys Escape
check "Esc closes the help" wait_gone "Help — keys" 1
check "at 80x24 the screen is intact: 'ipctop' first, 'Help' last, the three objects listed" \
	eval 'until_true 1 layout_80x24 && [ "$(screen | grep -cE "^[ >](shm|msg|sem) +0x5eed700[234] ")" -eq 3 ]'
a=$(unclocked); sleep 0.5; b=$(unclocked)
check "two captures 0.5 s apart are identical except the clock" test "$a" = "$b"
keys C-l
check "a full redraw (^L) draws the same screen (nothing was corrupted)" \
	until_true 1 eval '[ "$(unclocked)" = "$a" ]'
"$H" shm 0x5eed7005 4096 0600 >/dev/null
check "the refresh timer still works: a new segment is listed within 1 s" wait_for 0x5eed7005 1
FD2=$(fd_count "$PID")
check "ipctop's descriptors did not grow over the storm ($FD0 -> $FD2, allowed +2)" \
	test "$FD2" -le $((FD0 + 2))
keys q
check "q still quits cleanly (exit 0)" eval '[ "$(wait_exit 5)" = 0 ]'
"$H" rmall
