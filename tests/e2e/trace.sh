#!/bin/bash
# trace.sh — `ipctop --trace` against helper programs making known calls
# (issue 18): exactly those calls, with the right pids, ids, operations and
# results, as JSON lines; the blocked P released by a V after 300 ms in the
# "<1s" bucket of the wait histogram; the calls of a helper in another IPC
# namespace never; --ns and -s choose what is traced; the instance is gone
# after a normal end and a crash, and an instance left by SIGKILL is removed
# at the next start; without root, one line saying why and exit status 1,
# while --once and --json still work. Tracing is global kernel state: the
# checks look only at this script's namespace, processes and instances.
# (alone: another tracing ipctop would remove the instance a SIGKILLed one leaves)
# e2e: alone
. "$(dirname "$0")/lib.sh"

build_helper trace_helper TH
build_helper ipc_helper IH
TRACEFS=/sys/kernel/tracing
export LINGER_MS=300

# trace_start OUT ERR ARGS... — ipctop ARGS (--trace...) in the background
# (pid in TPID), waiting until it says it is tracing.
trace_start() {
	local out=$1 err=$2; shift 2
	"$IPCTOP_BIN" "$@" >"$out" 2>"$err" &
	TPID=$!
	until_true 15 grep -q "tracing the System V IPC calls" "$err"
}
# trace_stop — SIGINT, then its exit status in TSTATUS.
trace_stop() {
	kill -INT "$TPID"
	wait "$TPID"
	TSTATUS=$?
}
# count FILTER — JSON lines of $OUT matching the jq filter.
count() { jq -c "select($1)" "$OUT" | wc -l; }
instances_of() { ls "$TRACEFS/instances" 2>/dev/null | grep -c "^ipctop-$1-"; }
pid_of() { awk '{ print $2; exit }' "$1"; }

S=$("$IH" sem 0x18a1 1 0600)
Q=$("$IH" msg 0x18a2 0600)
M=$("$IH" shm 0x18a3 4096 0600)

# ---- the known calls ------------------------------------------------------------
OUT=$E2E_TMP/trace.jsonl ERR=$E2E_TMP/trace.err
check "--trace starts and says so on stderr" trace_start "$OUT" "$ERR" --trace
check "its instance exists while it runs" test "$(instances_of "$TPID")" = 1
"$TH" vp "$S" 5 >"$E2E_TMP/a"
"$TH" nowait "$S" >"$E2E_TMP/b"
"$TH" msg "$Q" 3 64 >"$E2E_TMP/c"
"$TH" shm "$M" 2 >"$E2E_TMP/d"
"$TH" blockp "$S" >"$E2E_TMP/e" &
BP=$!
until_true 5 grep -q waiting "$E2E_TMP/e"
"$TH" v "$S" 300 >"$E2E_TMP/f"
wait "$BP"
unshare --ipc "$TH" private 0x18ff >"$E2E_TMP/g"
sleep 0.3
trace_stop
A=$(pid_of "$E2E_TMP/a") B=$(pid_of "$E2E_TMP/b") C=$(pid_of "$E2E_TMP/c") D=$(pid_of "$E2E_TMP/d")
E=$(pid_of "$E2E_TMP/e") F=$(pid_of "$E2E_TMP/f") G=$(pid_of "$E2E_TMP/g")
check "--trace ends on SIGINT with status 0 (got $TSTATUS)" test "$TSTATUS" = 0
check "every line is one JSON object" jq -e . "$OUT" >/dev/null
check "exactly the 23 calls made (got $(wc -l <"$OUT"))" test "$(wc -l <"$OUT")" = 23
check "vp: 5 V and 5 P by its pid on set $S, all returning 0" \
	test "$(count ".pid == $A and .call == \"semop\" and .op == \"V\" and .id == $S and .ret == 0")$(count ".pid == $A and .op == \"P\" and .id == $S and .ret == 0")$(count ".pid == $A")" = 5510
check "vp: the sembufs read from the caller ({0, +1, 0} and {0, -1, 0})" \
	test "$(count ".pid == $A and .args.sops == [{\"num\":0,\"op\":1,\"flg\":\"0\"}]")$(count ".pid == $A and .args.sops == [{\"num\":0,\"op\":-1,\"flg\":\"0\"}]")" = 55
check "nowait: one P with IPC_NOWAIT failing EAGAIN" \
	test "$(count ".pid == $B and .op == \"P\" and .ret == -1 and .error == \"EAGAIN\" and .errno == 11 and .args.sops[0].flg == \"IPC_NOWAIT\"")$(count ".pid == $B")" = 11
check "msg: 3 msgsnd of 64 bytes and 3 msgrcv returning 64 on queue $Q" \
	test "$(count ".pid == $C and .call == \"msgsnd\" and .id == $Q and .args.msgsz == 64 and .ret == 0")$(count ".pid == $C and .call == \"msgrcv\" and .id == $Q and .ret == 64")$(count ".pid == $C")" = 336
check "shm: 2 shmat and 2 shmdt, the detaches mapped to segment $M by address" \
	test "$(count ".pid == $D and .call == \"shmat\" and .id == $M and (.ret | startswith(\"0x\"))")$(count ".pid == $D and .call == \"shmdt\" and .id == $M and .ret == 0")$(count ".pid == $D")" = 224
check "the detach addresses are those shmat returned" \
	test "$(jq -r "select(.pid == $D and .call == \"shmat\") | .ret" "$OUT" | sort)" = "$(jq -r "select(.pid == $D and .call == \"shmdt\") | .args.shmaddr" "$OUT" | sort)"
check "blocked P: one call of its pid that waited 300 ms or more (and under 3 s)" \
	test "$(count ".pid == $E and .op == \"P\" and .ret == 0 and .\"duration-ns\" >= 290000000 and .\"duration-ns\" < 3000000000")$(count ".pid == $E")" = 11
check "the V that released it" test "$(count ".pid == $F and .op == \"V\" and .ret == 0")" = 1
check "the helper in another IPC namespace never appears (pid $G, key 0x000018ff)" \
	test "$(count ".pid == $G or .key == \"0x000018ff\"")" = 0
check "commands are the helper's name" test "$(count ".command != \"trace_helper\"")" = 0
check "times are ISO 8601 with microseconds; lines come as the calls return" \
	eval 'jq -e "(.time | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\\\.[0-9]{6}Z$\"))" "$OUT" >/dev/null &&
		jq -r "(.\"epoch-us\" * 1000 + .\"duration-ns\")" "$OUT" | awk "\$1 < last - 1000 { exit 1 } { last = \$1 }"'
waits=$(grep "waits of P and wait-for-zero on sem $S:" "$ERR")
check "summary: the wait histogram of set $S has the blocked P in <1s ($waits)" \
	eval '[[ "$waits" == *" <1s 1"* ]] && ! [[ "$waits" == *"<10s"* || "$waits" == *"<100ms"* ]]'
check "summary: 7 P waits counted in all" \
	test "$(echo "${waits#*:}" | awk '{ for (i = 2; i <= NF; i += 2) n += $i } END { print n }')" = 7
check "summary: the table has the set with 13 calls and 1 error" \
	grep -qE "^sem +$S +13 +1 .* P 7 V 6" "$ERR"
check "summary: what was not shown and lost is reported" \
	grep -qE "^not shown: .* calls of other IPC namespaces.*lost: [0-9]+ events dropped by the kernel" "$ERR"
check "the instance is removed at the end" test "$(instances_of "$TPID")" = 0

# ---- --ns and -s ----------------------------------------------------------------------
unshare --ipc sleep 60 &
NSP=$!
until_true 5 test "$(readlink /proc/$NSP/ns/ipc)" != "$(readlink /proc/self/ns/ipc)"
NS_S=$(nsenter --ipc="/proc/$NSP/ns/ipc" "$IH" sem 0x18b1 1 0600)
NS_Q=$(nsenter --ipc="/proc/$NSP/ns/ipc" "$IH" msg 0x18b2 0600)
OUT=$E2E_TMP/ns.jsonl
check "--ns PID -s traces that namespace" trace_start "$OUT" "$E2E_TMP/ns.err" --trace --ns "$NSP" -s
nsenter --ipc="/proc/$NSP/ns/ipc" "$TH" vp "$NS_S" 2 >"$E2E_TMP/h"
nsenter --ipc="/proc/$NSP/ns/ipc" "$TH" msg "$NS_Q" 1 8 >/dev/null
"$TH" vp "$S" 3 >"$E2E_TMP/i"
trace_stop
H=$(pid_of "$E2E_TMP/h") I=$(pid_of "$E2E_TMP/i")
check "--ns: the 4 semops made in that namespace (by nsenter then exec)" \
	test "$(count ".pid == $H and .call == \"semop\" and .id == $NS_S")" = 4
check "--ns: nothing from this script's namespace (pid $I)" test "$(count ".pid == $I")" = 0
check "-s: no message queue call" test "$(count ".type != \"sem\"")" = 0
kill "$NSP" 2>/dev/null
wait "$NSP" 2>/dev/null

# ---- the instance after SIGKILL and after a crash ----------------------------------------------
check "a --trace to be killed starts" trace_start /dev/null "$E2E_TMP/k.err" --trace=60
KP=$TPID
kill -KILL "$KP"
wait "$KP" 2>/dev/null
check "SIGKILL leaves its instance behind" test "$(instances_of "$KP")" = 1
"$IPCTOP_BIN" --trace=0.2 >/dev/null 2>"$E2E_TMP/next.err"
check "the next start removes it (status $?)" test "$(instances_of "$KP")" = 0
check "a --trace to be crashed starts" trace_start /dev/null "$E2E_TMP/s.err" --trace=60
SP=$TPID
kill -SEGV "$SP"
wait "$SP"
st=$?
check "SIGSEGV: it dies of the signal (status $st) and removes its instance at once" \
	eval '[ "$st" = 139 ] && [ "$(instances_of "$SP")" = 0 ]'

# ---- without root -------------------------------------------------------------------------
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
cp "$IPCTOP_BIN" "$E2E_TMP/ipctop-copy"
chmod 755 "$E2E_TMP" "$E2E_TMP/ipctop-copy"
"${NOBODY[@]}" "$E2E_TMP/ipctop-copy" --trace=1 >"$E2E_TMP/u.out" 2>"$E2E_TMP/u.err"
st=$?
check "no root: --trace exits 1 (got $st) with nothing on stdout" eval '[ "$st" = 1 ] && [ ! -s "$E2E_TMP/u.out" ]'
check "no root: one line saying why ($(head -c 160 "$E2E_TMP/u.err"))" \
	eval '[ "$(wc -l <"$E2E_TMP/u.err")" = 1 ] && grep -qE "^ipctop: tracing unavailable: .*(Permission denied|Operation not permitted) \(tracing needs root\)$" "$E2E_TMP/u.err"'
"${NOBODY[@]}" unshare -r "$E2E_TMP/ipctop-copy" --trace=1 >/dev/null 2>"$E2E_TMP/r.err"
st=$?
check "no root, unshare -r: --trace exits 1 (got $st) with the one line" \
	eval '[ "$st" = 1 ] && [ "$(wc -l <"$E2E_TMP/r.err")" = 1 ] && grep -q "^ipctop: tracing unavailable: " "$E2E_TMP/r.err"'
"${NOBODY[@]}" unshare -r "$E2E_TMP/ipctop-copy" --once >"$E2E_TMP/o.out" 2>&1
check "no root, unshare -r: --once still works (status $?)" grep -q "Shared Memory" "$E2E_TMP/o.out"
"${NOBODY[@]}" "$E2E_TMP/ipctop-copy" --json >"$E2E_TMP/j.out" 2>&1
check "no root: --json still works (status $?)" jq -e . "$E2E_TMP/j.out" >/dev/null
"$IH" rmall >/dev/null
