#!/bin/bash
# fkeys.sh — htop's function keys in the list (issue 16): F3 searches
# (jumps to the next matching row, hides nothing, wraps, says "not found"),
# F4 filters (as /), F5 groups the objects by creator process then owner,
# F6 opens a sort-by menu, and refresh-now moved from F5 to ^R while the
# hex view keeps its own F-keys.
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H

# rows — the object rows of the list (their key column), in screen order.
rows() { screen | grep -oE '0x1f0000[0-9a-f]{2}'; }
selected_key() { selected_line | grep -oE '0x[0-9a-f]{8}'; }

A=$("$H" shm 0x1f000001 4096 0600) && B=$("$H" shm 0x1f000002 8192 0644) &&
	C=$("$H" shm 0x1f0000a1 16384 0600) && D=$("$H" shm 0x1f0000a2 12288 0600) ||
	{ echo "not ok - creating the segments"; exit 1; }

# --- F3: search --------------------------------------------------------------------------------
restart 80 24
wait_for 0x1f0000a2 3
keys Home F3
check "F3 opens the search line" wait_for "Search:" 2
keys -l 1f0000a
check "typing jumps to the first row holding the text (0x1f0000a1)" until_true 2 eval '[ "$(selected_key)" = 0x1f0000a1 ]'
check "... and hides nothing (all 4 segments still listed)" eval '[ "$(rows | wc -l)" = 4 ]'
keys F3
check "F3 again jumps to the next match (0x1f0000a2)" until_true 2 eval '[ "$(selected_key)" = 0x1f0000a2 ]'
keys Enter
check "Enter at the last match wraps to the first (0x1f0000a1)" until_true 2 eval '[ "$(selected_key)" = 0x1f0000a1 ]'
check "... and says it started from the top again" wait_for "(from the top again)" 1
keys -l zz
check "a text no row holds says 'not found'" wait_for "Search: 1f0000azz" 2
check "... 'not found', the cursor stays (0x1f0000a1)" eval 'wait_for "not found" 1 && [ "$(selected_key)" = 0x1f0000a1 ]'
keys Escape
check "Esc closes the search line, the cursor stays on 0x1f0000a1" \
	until_true 2 eval '! screen | grep -qF "Search:" && [ "$(selected_key)" = 0x1f0000a1 ]'

# --- F4: filter ---------------------------------------------------------------------------------
keys F4
check "F4 opens the filter line (as /)" wait_for "Filter:" 2
keys -l 1f0000a
check "the filter hides the rows that do not match (2 of 4 left)" until_true 2 eval '[ "$(rows | tr "\n" " ")" = "0x1f0000a1 0x1f0000a2 " ]'
keys Enter Escape
check "Esc clears it: 4 rows again" until_true 2 eval '[ "$(rows | wc -l)" = 4 ]'

# --- F6: the sort-by menu -----------------------------------------------------------------------
keys F6
check "F6 opens the sort-by menu" wait_re '^Sort by' 2
menu=$(screen | sed -n '5,22p' | cut -c1-12)
check "the menu marks the current sort column (ID)" grep -qE '^(▶|>) ID' <<<"$menu"
at_id=$(grep -nE '^(▶|>) ID' <<<"$menu" | cut -d: -f1)
at_size=$(grep -nE '^  SIZE' <<<"$menu" | cut -d: -f1)
check "the menu lists the view's columns (SIZE below ID)" test "${at_size:-0}" -gt "${at_id:-0}"
for _ in $(seq $((at_size - at_id))); do keys Down; done
keys Enter
check "Enter sorts by the column picked (the tab line says sort: SIZE)" wait_re 'sort: SIZE' 2
keys I
want=$(ipcs -m | awk '$1 ~ /^0x1f0000/ { print $5, $1 }' | sort -k1,1nr -k2,2 | awk '{ print $2 }' | tr '\n' ' ')
check "I inverts: the rows go by size, largest first, as ipcs says ($want)" \
	until_true 2 eval '[ "$(rows | tr "\n" " ")" = "$want" ]'
keys F6
check "F6 again: the menu marks SIZE now" until_true 2 eval 'screen | sed -n "5,22p" | grep -qE "^(▶|>) SIZE"'
keys Down Escape
check "Esc leaves the sort as it was (SIZE)" until_true 2 eval '! screen | grep -q "^Sort by" && screen | grep -q "sort: SIZE"'
keys I q

# --- F5: the tree, by creator process then owner --------------------------------------------------
# A creator that keeps running (its segment groups under it); the four
# segments above were made by helpers that have exited (owner root).
python3 -c 'import ctypes, sys, time
print(ctypes.CDLL(None).shmget(0x1f0000c1, 4096, 0o1600), flush=True)
time.sleep(120)' tree-creator-arg >"$E2E_TMP/creator.out" &
CREATOR=$!
trap 'kill "$CREATOR" 2>/dev/null; e2e_cleanup' EXIT
until_true 10 test -s "$E2E_TMP/creator.out" || { echo "not ok - the creator process made no segment"; exit 1; }
restart 100 24 --no-config # the sort chosen above was saved on q
wait_for 0x1f0000c1 3
keys F5
check "F5: the tree's header for the running creator (pid $CREATOR, 1 object, its command line)" \
	wait_re "^(▾|-) pid $CREATOR \(1 object\): .*python3 -c import ctypes" 3
check "F5: the segments whose creators exited are grouped by owner (root, 4 objects)" \
	wait_re '^(▾|-) owner root \(uid 0\), no running creator \(4 objects\)' 1
tree_text=$(screen | grep -E '^(▾|-) |0x1f0000' | sed -E 's/^(▾|-) (pid|owner).*/[\2]/; s/.*(0x1f0000..).*/\1/' | tr '\n' ' ')
check "F5: each group's rows under its header, sorted by id inside it ($tree_text)" \
	test "$tree_text" = "[owner] 0x1f000001 0x1f000002 0x1f0000a1 0x1f0000a2 [pid] 0x1f0000c1 "
check "... the creator's segment is the kernel's (cpid $CREATOR in ipcs)" \
	eval 'ipcs -mp | grep -qE "^[0-9]+ +root +$CREATOR "'
keys End
check "the cursor moves over rows, not headers (End: 0x1f0000c1)" until_true 2 eval '[ "$(selected_key)" = 0x1f0000c1 ]'
keys Up
check "Up from the group's first row goes to the row above the header (0x1f0000a2)" \
	until_true 2 eval '[ "$(selected_key)" = 0x1f0000a2 ]'
kill "$CREATOR"; wait "$CREATOR" 2>/dev/null
check "when the creator exits its segment joins its owner's group (5 objects)" \
	wait_re '^(▾|-) owner root \(uid 0\), no running creator \(5 objects\)' 4
keys F5
check "F5 again: the flat list (no headers)" until_true 2 eval '! screen | grep -qE "^(▾|-) (pid|owner) "'

# --- refresh now is ^R (F5 was it); the hex view keeps its F5 ----------------------------------------
keys z
wait_for PAUSED 2
NEW=$("$H" shm 0x1f0000d1 4096 0600)
check "paused: a new segment is not shown yet" until_true 1 eval '! screen | grep -q 0x1f0000d1'
keys C-r
check "^R refreshes now (the new segment $NEW shows while paused)" wait_for 0x1f0000d1 2
keys z F3; keys -l 1f0000d1; keys Escape a
check "the hex view opens on the segment" wait_for "shmat($NEW, NULL, SHM_RDONLY) = 0x" 3
keys F5
check "in the hex view F5 still goes to an offset" wait_for " Go to offset (0..0xfff)" 2
keys Escape Escape q
