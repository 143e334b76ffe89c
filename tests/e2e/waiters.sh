#!/bin/bash
# waiters.sh — issue 14, who waits and who holds, against the kernel and the
# helpers' own pids. Small C programs (helpers/waiter_helper.c, not
# ipctop's scenarios) block in semop P on semaphore 2 of a set, wait for
# zero on semaphore 0, block in msgrcv for type 7 on an empty queue and in
# msgsnd on a full one, P in a second thread, attach one segment twice
# (read-only and read-write), and two of them take two semaphores in
# opposite order (a deadlock). Checked:
#  - --json: each waiter named with its pid, command line, object,
#    semaphore number and operation; per semaphore the waiters listed match
#    GETNCNT/GETZCNT (ipc_helper semcnt); the thread under its own tid; the
#    double attach is 2 attaches, modes r and rw, adding up to nattch; the
#    deadlock holds both pids and is gone after a V;
#  - --watch: sem-waiters and msg-waiters name the waiting pids with their
#    commands and operations, deadlock and deadlock-resolved carry the
#    cycle, created carries the segment creator's command line;
#  - the TUI (tmux 100x30): NCNT/ZCNT/WAIT in the semaphore list, the waiter
#    under its semaphore and under its queue in the detail view, the DEADLOCK
#    banner (gone after the V), every waiter in the `w` panel, "×2 r+rw";
#  - attach accounting: a process that attached segment 0 of namespace B
#    and setns()ed into ours is not counted on our segment 0 (another key
#    in its /SYSV name); from B (--ns) its nattch is explained;
#  - as uid 65534: root's waiters are "unknown" (counted, never named),
#    uid 65534's own waiter is named; in the TUI too.
.  "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
build_helper waiter_helper W
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
chmod 711 "$E2E_TMP" # uid 65534 runs the helper and ipctop from here
PIDS=()
cleanup_helpers() { [ ${#PIDS[@]} -gt 0 ] && kill "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null; }
trap 'cleanup_helpers; e2e_cleanup' EXIT

# start NAME ARGS... — runs the helper in the background; its pid in $NAME
# once it said what it is about to do.
start() {
	local name=$1; shift
	"$W" "$@" >"$E2E_TMP/$name.out" 2>&1 &
	local pid=$!
	PIDS+=("$pid")
	until_true 5 grep -q "$pid" "$E2E_TMP/$name.out" || echo "# $name did not start: $(cat "$E2E_TMP/$name.out")"
	printf -v "$name" '%s' "$pid"
}
# await_count SEMID NUM "NCNT ZCNT" — the kernel counts this (ipc_helper semcnt).
# (The arguments are expanded here: inside until_true, $1 is until_true's.)
await_count() { until_true 5 eval "[ \"\$(\"\$H\" semcnt $1 $2)\" = '$3' ]"; }
json() { "$IPCTOP_BIN" --json; }
# jqv FILTER [ARGS...] — a value of the last --json ($E2E_TMP/j.json).
jqv() { local f=$1; shift; jq -r "$@" "$f" "$E2E_TMP/j.json"; }

# ---- --watch from before anything exists ----------------------------------------
"$IPCTOP_BIN" --watch -d 2 >"$E2E_TMP/watch.log" 2>"$E2E_TMP/watch.err" &
WATCH=$!
PIDS+=("$WATCH")
until_true 5 grep -q watching "$E2E_TMP/watch.err"

# ---- the objects and the helpers ---------------------------------------------------
SET=$("$H" sem 0x5eed1401 3 0644)
"$H" setall "$SET" 1 1 0 >/dev/null
Q7=$("$H" msg 0x5eed1402 0644)
QF=$("$H" msg 0x5eed1403 0644)
"$W" fill "$QF"
start C shmhold 0x5eed1404 # a creator that stays: its command line is readable
SEG=$(head -n 1 "$E2E_TMP/C.out")
DL=$("$H" sem 0x5eed1405 2 0644)
"$H" setall "$DL" 1 1 >/dev/null
TS=$("$H" sem 0x5eed1406 1 0666) # uid 65534 waits on it too
# --watch sees every object before anybody waits on it (else the first
# sighting is "created", with no sem-waiters to compare).
seen_created() { jq -e --arg t "$1" --arg id "$2" 'select(.event == "created" and .type == $t and .id == ($id | tonumber))' \
	"$E2E_TMP/watch.log" >/dev/null; }
until_true 5 eval 'seen_created sem "$SET" && seen_created msg "$Q7" && seen_created msg "$QF" &&
	seen_created sem "$DL" && seen_created sem "$TS" && seen_created shm "$SEG"'

start P semp "$SET" 2       # P on semaphore 2 (value 0)
start Z semz "$SET" 0       # wait for zero on semaphore 0 (value 1)
start R msgrcv "$Q7" 7 8192 # type 7 on an empty queue
start S msgsnd "$QF" 3 100  # on a full queue
start T tsemp "$TS" 0       # P in a second thread
start A attach2 "$SEG"      # read-only, then read-write
start L1 lock "$DL" 0 1     # 0 then 1
start L2 lock "$DL" 1 0     # 1 then 0: deadlock
until_true 5 grep -q waiting "$E2E_TMP/L1.out"
until_true 5 grep -q waiting "$E2E_TMP/L2.out"
await_count "$SET" 2 "1 0"
await_count "$SET" 0 "0 1"
await_count "$TS" 0 "1 0"
await_count "$DL" 0 "1 0"
await_count "$DL" 1 "1 0"
check "planted: P $P, Z $Z, msgrcv $R, msgsnd $S, thread $T, attach2 $A, deadlock $L1 and $L2" \
	eval '[ -n "$P$Z$R$S$T$A$L1$L2" ] && [ "$("$H" nattch "$SEG")" = 2 ]'

# ---- --json --------------------------------------------------------------------------
json >"$E2E_TMP/j.json"
check "--json is valid JSON" jq -e . "$E2E_TMP/j.json" >/dev/null
sem_obj='.sem[] | select(.id == ($id | tonumber))'
msg_obj='.msg[] | select(.id == ($id | tonumber))'
shm_obj='.shm[] | select(.id == ($id | tonumber))'
w2=$(jqv "$sem_obj | .semaphores[2].waiters" --arg id "$SET" -c)
check "P on sem 2: named with its pid, command line and operation ($w2)" \
	eval '[ "$(jq -r ".[0].pid" <<<"$w2")" = "$P" ] &&
		[ "$(jq -r ".[0].command" <<<"$w2")" = "$W semp $SET 2" ] &&
		[ "$(jq -r ".[0].operation" <<<"$w2")" = "P on sem 2 (needs >= 1)" ]'
w0=$(jqv "$sem_obj | .semaphores[0].waiters" --arg id "$SET" -c)
check "wait for zero on sem 0: pid $Z ($w0)" \
	eval '[ "$(jq -r ".[0].pid" <<<"$w0")" = "$Z" ] && [ "$(jq -r ".[0].operation" <<<"$w0")" = "wait-for-zero on sem 0" ]'
# Every semaphore: the waiters named are the kernel's GETNCNT + GETZCNT.
per_sem_ok() {
	local id=$1 n=$2 i k named unknown
	for i in $(seq 0 $((n - 1))); do
		k=$("$H" semcnt "$id" "$i" | awk '{ print $1 + $2 }')
		named=$(jqv "$sem_obj | .semaphores[$i].waiters | length" --arg id "$id")
		unknown=$(jqv "$sem_obj | .semaphores[$i][\"unknown-waiters\"]" --arg id "$id")
		[ "$named" = "$k" ] && [ "$unknown" = 0 ] || { echo "# set $id sem $i: kernel $k, named $named, unknown $unknown"; return 1; }
	done
}
check "each semaphore's waiters named = GETNCNT + GETZCNT, none unknown (set $SET, set $DL, set $TS)" \
	eval 'per_sem_ok "$SET" 3 && per_sem_ok "$DL" 2 && per_sem_ok "$TS" 1'
wr=$(jqv "$msg_obj | .waiters[0]" --arg id "$Q7" -c)
check "msgrcv on queue $Q7: pid $R, type 7, 8192 bytes ($wr)" \
	eval '[ "$(jq -r "[.pid, .call, .type, .size, .operation] | @tsv" <<<"$wr")" = "$R	msgrcv	7	8192	msgrcv type 7, 8192 bytes" ]'
ws=$(jqv "$msg_obj | .waiters[0]" --arg id "$QF" -c)
check "msgsnd on the full queue $QF: pid $S, 100 bytes, type 3 read from its memory ($ws)" \
	eval '[ "$(jq -r "[.pid, .call, .size, .type] | @tsv" <<<"$ws")" = "$S	msgsnd	100	3" ]'
wt=$(jqv "$sem_obj | .waiters[0]" --arg id "$TS" -c)
check "the P in a second thread: pid $T under its own tid ($wt)" \
	eval '[ "$(jq -r ".pid" <<<"$wt")" = "$T" ] && [ "$(jq -r ".tid" <<<"$wt")" != "$T" ] &&
		[ -d "/proc/$T/task/$(jq -r .tid <<<"$wt")" ]'
att=$(jqv "$shm_obj | .attached" --arg id "$SEG" -c)
check "the double attach: pid $A, 2 attaches, modes r and rw, = nattch 2 ($att)" \
	eval '[ "$(jq -r "length" <<<"$att")" = 1 ] && [ "$(jq -r ".[0].pid" <<<"$att")" = "$A" ] &&
		[ "$(jq -r ".[0].attaches" <<<"$att")" = 2 ] && [ "$(jq -c ".[0].modes" <<<"$att")" = "[\"r\",\"rw\"]" ] &&
		[ "$(jqv "$shm_obj | .[\"attach-accounting\"].why" --arg id "$SEG")" = exact ]'
# A process that attached segment 0 of namespace B (kept alive by a
# sleeper), then setns()ed into ours, where segment 0 is $SEG's id too.
unshare --ipc sleep 300 &
BNS=$!
PIDS+=("$BNS")
until_true 5 eval '[ "$(readlink /proc/$BNS/ns/ipc)" != "$(readlink /proc/self/ns/ipc)" ]'
BSEG=$(nsenter --ipc="/proc/$BNS/ns/ipc" "$H" shm 0x5eed14b0 4096 0644)
nsenter --ipc="/proc/$BNS/ns/ipc" "$W" attach-setns "$BSEG" "/proc/$$/ns/ipc" >"$E2E_TMP/X.out" 2>&1 &
X=$!
PIDS+=("$X")
until_true 5 grep -q attached "$E2E_TMP/X.out"
check "planted: pid $X attached B's segment $BSEG and is now in our namespace, where $SEG is the same id" \
	eval '[ "$BSEG" = "$SEG" ] && [ "$(readlink /proc/$X/ns/ipc)" = "$(readlink /proc/self/ns/ipc)" ] &&
		grep -q "/SYSV5eed14b0" /proc/$X/maps'
json >"$E2E_TMP/j.json"
acc=$(jqv "$shm_obj | [([.attached[].pid] | join(\" \")), .[\"attach-accounting\"][\"other-key\"], .nattch] | @tsv" --arg id "$SEG")
check "our segment $SEG: only pid $A attached (not $X, whose /SYSV name has B's key), other-key 1, nattch 2 ($acc)" \
	test "$acc" = "$A	1	2"
"$IPCTOP_BIN" --ns "$BNS" --json >"$E2E_TMP/b.json"
acc=$(jq -r --arg id "$BSEG" "$shm_obj | [(.attached | length), .[\"attach-accounting\"].why, .[\"attach-accounting\"][\"other-namespace\"]] | @tsv" "$E2E_TMP/b.json")
check "B's segment from B (--ns): nobody of B attached, nattch 1 explained by another namespace's process ($acc)" \
	test "$acc" = "0	other-namespace	1"

dl=$(jqv '.deadlocks' -c)
lo=$((L1 < L2 ? L1 : L2)) hi=$((L1 < L2 ? L2 : L1))
# L1 holds 0 and waits for 1; L2 holds 1 and waits for 0.
want_dl="[[$lo,$DL,$([ "$lo" = "$L1" ] && echo 1 || echo 0),$hi,$DL,$([ "$hi" = "$L1" ] && echo 1 || echo 0)]]"
check "the deadlock: both pids, each with the semaphore it waits on ($dl, want $want_dl)" test "$dl" = "$want_dl"
check "... each waiter's holder is the other one, marked inferred" \
	eval '[ "$(jqv "$sem_obj | .waiters[] | select(.pid == $L1) | [.holder.pid, .holder.inferred, .deadlock] | @tsv" --arg id "$DL")" = "$L2	true	true" ]'

# ---- the TUI --------------------------------------------------------------------------
start_ipctop 110 36 -d 5
wait_for "ipctop" 5
check "TUI: the DEADLOCK banner names both pids" wait_re "DEADLOCK: pid $lo .* pid $hi " 3
keys 3
check "TUI: the semaphore list has NCNT, ZCNT and WAIT" wait_re "^ KEY .*NSEMS +NCNT +ZCNT +WAIT" 3
check "TUI: set $SET: NCNT 1, ZCNT 1 (the kernel's), 2 waiters for some seconds" \
	wait_re "^.0x5eed1401 +$SET .* 3 +1 +1 +2 [0-9]+s" 3
check "TUI: set $DL marked '!' (deadlock)" wait_re "^!0x5eed1405 +$DL .* !2 [0-9]+s" 3
keys Home Enter
check "TUI: the detail lists pid $P under semaphore 2 with its command and operation" \
	wait_re "↳ pid $P .*waiter_helper semp $SET 2 — P on sem 2 \(needs ≥ 1\) for [0-9]+s" 3
check "... and pid $Z under semaphore 0, waiting for zero" wait_re "↳ pid $Z .* — wait-for-zero on sem 0 for" 2
keys Escape 2
for _ in $(seq 10); do selected_line | grep -q 0x5eed1402 && break; keys Down; sleep 0.1; done
keys Enter
check "TUI: the queue's detail: pid $R, msgrcv type 7, 8192 B" wait_re "↳ pid $R .* — msgrcv type 7, 8192 B for" 3
keys Escape w
check "TUI: the w panel lists every waiter (P, Z, msgrcv, msgsnd, thread, both deadlocked)" \
	eval 'wait_for "Waiters: 7 blocked" 3 && s=$(screen) &&
		for p in $P $Z $R $S $T $L1 $L2; do grep -qE "pid $p " <<<"$s" || exit 1; done'
keys Escape 1
for _ in $(seq 10); do selected_line | grep -q 0x5eed1404 && break; keys Down; sleep 0.1; done
keys Enter
check "TUI: the segment's attacher, ×2 r+rw" wait_re "^ attached +$A .* ×2 r\+rw " 3
check "TUI: ... and only it: pid $X (B's segment under the same id) is not listed" eval '! screen | grep -qE " $X "'
keys Escape

restart 110 36 -d 5 --ns "$BNS" -m
keys Enter
check "TUI in B (--ns): processes 0, the nattch explained (+1 map from other namespaces: one, singular)" \
	wait_re "processes +0 \(\+1 map from other namespaces\)" 3
keys q
wait_exit 5 >/dev/null
restart 110 36 -d 5
wait_for "ipctop" 5

# ---- a V breaks the deadlock ---------------------------------------------------------------
"$W" semv "$DL" 0
until_true 5 grep -q "got both" "$E2E_TMP/L2.out"
json >"$E2E_TMP/j.json"
check "after a V on sem 0: --json has no deadlock any more" test "$(jqv '.deadlocks' -c)" = "[]"
check "TUI: the DEADLOCK banner is gone" wait_gone "DEADLOCK" 3
keys q
wait_exit 5 >/dev/null

# ---- --watch ------------------------------------------------------------------------------
sleep 0.5
kill "$WATCH"
wait "$WATCH" 2>/dev/null
# ev EVENT TYPE ID — the --watch lines of that event on that object.
ev() { jq -c --arg e "$1" --arg t "$2" --arg id "$3" 'select(.event == $e and .type == $t and .id == ($id | tonumber))' \
	"$E2E_TMP/watch.log"; }
e=$(ev sem-waiters sem "$SET" | head -n 1)
check "--watch: sem-waiters on set $SET names its waiters with commands and operations ($e)" \
	eval 'jq -e --arg p "$P" ".waiters[] | select(.pid == (\$p | tonumber) and .operation == \"P on sem 2 (needs >= 1)\" and (.command | test(\"semp\")))" <<<"$e" >/dev/null'
e=$(ev msg-waiters msg "$Q7" | head -n 1)
check "--watch: msg-waiters on queue $Q7 names pid $R ($e)" \
	eval 'jq -e --arg p "$R" ".waiters[0].pid == (\$p | tonumber) and .waiters[0].operation == \"msgrcv type 7, 8192 bytes\"" <<<"$e" >/dev/null'
e=$(ev deadlock sem "$DL" | head -n 1)
check "--watch: a deadlock event with the cycle ($e)" test "$(jq -c .cycle <<<"$e")" = "${want_dl:1:${#want_dl}-2}"
e=$(ev deadlock-resolved sem "$DL" | head -n 1)
check "--watch: deadlock-resolved after the V ($e)" test -n "$e"
e=$(ev created shm "$SEG" | head -n 1)
check "--watch: created carries the segment creator's command line ($e)" \
	eval '[ "$(jq -r .command <<<"$e")" = "$W shmhold 0x5eed1404" ]'

# ---- as uid 65534: unknown, never a wrong name -------------------------------------------------
if ! $NOBODY test -x "$IPCTOP_BIN" || ! $NOBODY test -x "$W"; then
	echo "not ok - cannot run ipctop and the helper as uid 65534 (need root, and both reachable)"
	exit 0
fi
$NOBODY "$W" semp "$TS" 0 >"$E2E_TMP/N.out" 2>&1 & # a waiter of uid 65534's own
N=$!
PIDS+=("$N")
until_true 5 grep -q waiting "$E2E_TMP/N.out"
await_count "$TS" 0 "2 0"
$NOBODY "$IPCTOP_BIN" --json >"$E2E_TMP/j.json" 2>"$E2E_TMP/nobody.err"
named=$(jqv '[.sem[], .msg[] | .waiters[]?.pid] | sort | join(" ")')
check "as uid 65534: only its own waiter is named (named: '$named', want $N)" test "$named" = "$N"
check "... the root waiters on set $SET are counted as unknown, as the kernel counts them" \
	eval '[ "$(jqv "$sem_obj | [.semaphores[] | .[\"unknown-waiters\"]] | join(\" \")" --arg id "$SET")" = "1 0 1" ]'
check "... on the thread's set: 1 named (its own), 1 unknown" \
	eval '[ "$(jqv "$sem_obj | .semaphores[0] | [(.waiters | length), .[\"unknown-waiters\"]] | join(\" \")" --arg id "$TS")" = "1 1" ]'
check "... and the queues say their list is incomplete" \
	test "$(jqv "$msg_obj | .[\"waiters-complete\"]" --arg id "$Q7")" = false
stop_server
e2e_runs=$((e2e_runs + 1)) TMUX_SOCK="ipctop-e2e-$$-$e2e_runs"
tm -f /dev/null new-session -d -s "$SESSION" -x 110 -y 36 "$NOBODY $IPCTOP_BIN -s -d 5; sleep 60"
wait_for "ipctop" 5
keys Home Enter
check "TUI as uid 65534: the set's root waiters are unknown, not named" \
	eval 'wait_re "more waiters? the kernel counts (is|are) unknown \(processes not readable" 3 && ! screen | grep -qE "pid ($P|$Z) "'
keys q
cleanup_helpers
"$H" rmall
