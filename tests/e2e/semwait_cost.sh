#!/bin/bash
# semwait_cost.sh — the wait counts of --prometheus and --json are exact and
# cheap (src/model/semwait.h). In a private PID namespace with its own /proc
# (every task visible: IPCTOP_SEMWAIT=visible), with 300 sets of 4
# semaphores and blocked semops on three of them (for an increase, for zero):
#  * --prometheus and --json print the same values, ncnt, zcnt and pids as
#    with IPCTOP_SEMWAIT=all, which reads GETNCNT/GETZCNT of every semaphore,
#    and the same as the kernel (semctl per semaphore, from the helper);
#  * strace counts the semctl calls: GETNCNT/GETZCNT only for the three sets,
#    against 2 x 1200 with IPCTOP_SEMWAIT=all;
# and in this PID namespace, where ipctop cannot vouch for every task, the
# default reads every set (its output equals the IPCTOP_SEMWAIT=all one).
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
T=$E2E_TMP
command -v strace >/dev/null || { echo "not ok - strace is not installed (Debian package strace)"; exit 1; }

unshare --pid --fork --mount-proc bash -s "$IPCTOP_BIN" "$H" "$T" <<'EOF'
BIN=$1 H=$2 T=$3
perl -e 'use IPC::SysV qw(IPC_PRIVATE); for (1 .. 300) { defined semget(IPC_PRIVATE, 4, 0600) or die "semget: $!" }' || exit 1
ids=$(ipcs -s | awk '/^0x/ {print $2}')
set -- $ids
a=${10} b=${150} c=${299}
"$H" setall "$b" 1 1 1 1
"$H" semwait "$a" 0 >/dev/null &
"$H" semwait "$a" 3 >/dev/null &
"$H" semwait "$c" 2 >/dev/null &
perl -e 'use IPC::SysV; semop($ARGV[0], pack("s!3", 1, 0, 0)) or die' "$b" &
for i in $(seq 100); do
	[ "$("$H" semcnt "$a" 0)$("$H" semcnt "$a" 3)$("$H" semcnt "$c" 2)$("$H" semcnt "$b" 1)" = "1 01 01 00 1" ] && break
	sleep 0.05
done
echo "$a $b $c" >"$T/ids"
for id in $a $b $c; do for k in 0 1 2 3; do echo "$id $k $("$H" semcnt "$id" $k)"; done; done >"$T/kernel"
IPCTOP_SEMWAIT=visible "$BIN" --prometheus >"$T/visible.prom"
IPCTOP_SEMWAIT=all "$BIN" --prometheus >"$T/all.prom"
IPCTOP_SEMWAIT=visible "$BIN" --json -s >"$T/visible.json"
IPCTOP_SEMWAIT=all "$BIN" --json -s >"$T/all.json"
# (under make asan: LeakSanitizer cannot run under ptrace)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
IPCTOP_SEMWAIT=visible strace -f -qq -e trace=semctl -o "$T/visible.strace" "$BIN" --prometheus >/dev/null
IPCTOP_SEMWAIT=all strace -f -qq -e trace=semctl -o "$T/all.strace" "$BIN" --prometheus >/dev/null
kill $(jobs -p) 2>/dev/null
wait
ipcrm --all=sem
EOF
# and here, in the test's PID namespace (not the initial one when the
# suite runs in a container; pid 1 may be unreadable): the default.
"$H" sem 0x5e3a0001 4 0600 >/dev/null
IPCTOP_SEMWAIT=all "$IPCTOP_BIN" --prometheus >"$T/here.all"
"$IPCTOP_BIN" --prometheus >"$T/here.default"

same_samples() { diff <(grep -v '^ipctop_snapshot_timestamp_seconds' "$1") <(grep -v '^ipctop_snapshot_timestamp_seconds' "$2") >/dev/null; }
check "visible scan: --prometheus equals the every-set reading" same_samples "$T/visible.prom" "$T/all.prom"
# (A waiter's "since" is when this run first saw it: the two runs may be a
# second apart.)
check "visible scan: --json -s equals the every-set reading" \
	diff <(jq -S '.sem | del(.[].waiters[]?.since)' "$T/visible.json") <(jq -S '.sem | del(.[].waiters[]?.since)' "$T/all.json")
read -r a b c <"$T/ids"
ok=1
while read -r id k n z; do
	grep -q "^ipctop_sem_ncnt{.*,id=\"$id\",.*,semnum=\"$k\"} $n\$" "$T/visible.prom" &&
		grep -q "^ipctop_sem_zcnt{.*,id=\"$id\",.*,semnum=\"$k\"} $z\$" "$T/visible.prom" || { ok=0; echo "# $id $k: $n $z"; }
done <"$T/kernel"
check "the counts are the kernel's: ncnt 1 on set $a sems 0 and 3 and set $c sem 2, zcnt 1 on set $b sem 1" \
	eval '[ $ok = 1 ] && [ "$(grep -c "^ipctop_sem_ncnt{.*} 1$" "$T/visible.prom")" = 3 ] && [ "$(grep -c "^ipctop_sem_zcnt{.*} 1$" "$T/visible.prom")" = 1 ]'
vn=$(grep -c 'GETNCNT' "$T/visible.strace") an=$(grep -c 'GETNCNT' "$T/all.strace")
vz=$(grep -c 'GETZCNT' "$T/visible.strace") az=$(grep -c 'GETZCNT' "$T/all.strace")
vt=$(grep -c 'semctl(' "$T/visible.strace") at=$(grep -c 'semctl(' "$T/all.strace")
check "semctl calls: GETNCNT $vn and GETZCNT $vz with the scan (3 sets x 4), $an and $az for every set (1200)" \
	eval '[ $vn = 12 ] && [ $vz = 12 ] && [ $an = 1200 ] && [ $az = 1200 ]'
check "semctl calls in all: $vt with the scan, $at without" test "$vt" -lt $((at / 3))
check "the default in this PID namespace equals the every-set reading" same_samples "$T/here.default" "$T/here.all"
