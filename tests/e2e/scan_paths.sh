#!/bin/bash
# scan_paths.sh — issue 17: the bulk reader (/proc/sysvipc) and the system
# call readers (*_STAT_ANY, *_STAT) give the same objects. A mixed set —
# keys of both signs and IPC_PRIVATE, several perms and owners, a locked and
# a removed-but-attached segment, queues with messages and one with its own
# msg_qbytes, sets with values and a blocked waiter — is printed by
# `--once` and `--json` with IPCTOP_SCAN unset, proc, stat_any and stat: the
# outputs must be the same, and match ipcs (--json's qbytes from `ipcs -q -i`;
# --once prints the columns of ipcs, not qbytes, and makes no msgctl). After
# `--ns PID` the bulk reader lists the other namespace's objects, also when
# that process has a pid namespace and /proc of its own (pids as in ours,
# the same as MSG_STAT_ANY gives). In the
# TUI, the queue view shows each visible queue's qbytes (read per row: not
# in /proc), follows an IPC_SET of it, and sorts by it.
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
T=$E2E_TMP
# setqbytes MSQID BYTES: IPC_SET of msg_qbytes (ipc_helper has no such command)
cat >"$T/setqbytes.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <sys/msg.h>
int main(int argc, char **argv)
{
	struct msqid_ds ds;
	if (argc != 3 || msgctl(atoi(argv[1]), IPC_STAT, &ds) < 0)
		return 1;
	ds.msg_qbytes = strtoul(argv[2], NULL, 10);
	if (msgctl(atoi(argv[1]), IPC_SET, &ds) < 0) {
		perror("setqbytes: msgctl(IPC_SET)");
		return 1;
	}
	return 0;
}
EOF
cc -O1 -Wall -Werror -o "$T/setqbytes" "$T/setqbytes.c" || { echo "not ok - build setqbytes"; exit 1; }

fail_setup() { echo "not ok - setup: $*"; exit 1; }
owner=(4242 4343)
probe=$("$H" msg 0x5e170fff 0600) || fail_setup "probe queue"
"$H" owner q "$probe" 4242 4343 2>/dev/null || owner=(0 0) # a user namespace maps only root
"$H" rm q "$probe"

for i in 0 1 2 3; do
	"$H" shm $((0x5e170000 + i)) $((4096 * (i + 1))) 0640 >/dev/null || fail_setup shm
	q=$("$H" msg $((0x5e171000 + i)) 0660) || fail_setup msg
	for j in $(seq 0 "$i"); do "$H" send "$q" $((j + 1)) $((10 * j + 3)) || fail_setup send; done
	s=$("$H" sem $((0x5e172000 + i)) $((i + 2)) 0600) || fail_setup sem
	vals=(); for j in $(seq 0 $((i + 1))); do vals+=($((i * 10 + j))); done
	"$H" setall "$s" "${vals[@]}" || fail_setup setall
done
"$H" msg -1 0600 >/dev/null || fail_setup "negative key"
"$H" msg 0 0600 >/dev/null || fail_setup "private key"
own=$("$H" msg 0x5e171100 0644) || fail_setup msg
"$H" owner q "$own" "${owner[@]}" || fail_setup owner
locked=$("$H" shm 0x5e170100 8192 0600) && "$H" lock "$locked" || fail_setup lock
dest=$("$H" shm 0x5e170101 4096 0600) || fail_setup shm
"$H" attach "$dest" >"$T/att" &
ATT=$!
for _ in $(seq 100); do grep -q attached "$T/att" 2>/dev/null && break; sleep 0.05; done
"$H" rm m "$dest" || fail_setup "rm attached"
small=$("$H" msg 0x5e171200 0600) && "$T/setqbytes" "$small" 777 || fail_setup "msg_qbytes"
wsem=$("$H" sem 0x5e172100 2 0600) || fail_setup sem
"$H" semwait "$wsem" 1 >"$T/waiter" &
WAITER=$! NSPID= inner=
for _ in $(seq 100); do grep -q waiting "$T/waiter" 2>/dev/null && break; sleep 0.05; done
trap 'kill $ATT $WAITER $NSPID $inner 2>/dev/null; e2e_cleanup' EXIT
waiting() { [ "$("$H" semcnt "$wsem" 1)" = "1 0" ]; }
until_true 5 waiting || fail_setup "the waiter did not block"

# --- --once: no call per object (every column is in /proc/sysvipc) -----------
strace -f -qq -e trace=shmctl,msgctl,semctl -o "$T/once.strace" env -u IPCTOP_SCAN "$IPCTOP_BIN" --once >/dev/null
nq=$(($(wc -l </proc/sysvipc/msg) - 1))
calls=$(grep -c 'ctl(' "$T/once.strace") stats=$(grep -cE '_STAT|GETALL|GETNCNT|GETPID' "$T/once.strace")
check "--once with $nq queues: no *_STAT/GETALL call, only the *_INFO limits ($calls calls)" \
	eval '[ "$stats" -eq 0 ] && [ "$calls" -ge 3 ] && [ "$calls" -le 6 ]'
check "...and strace saw the limits read (the check above can fail)" grep -q 'MSG_INFO' "$T/once.strace"

# --- --once and --json by every way of reading --------------------------------
for m in default proc stat_any stat; do
	if [ $m = default ]; then env -u IPCTOP_SCAN "$IPCTOP_BIN" --once >"$T/once.$m" 2>&1
	else IPCTOP_SCAN=$m "$IPCTOP_BIN" --once >"$T/once.$m" 2>&1; fi
	check "--once exits 0 ($m)" test $? -eq 0
	if [ $m = default ]; then env -u IPCTOP_SCAN "$IPCTOP_BIN" --json >"$T/json.$m" 2>&1
	else IPCTOP_SCAN=$m "$IPCTOP_BIN" --json >"$T/json.$m" 2>&1; fi
	check "--json exits 0 ($m)" test $? -eq 0
	# Differ by run, not by way of reading: the time, a waiter's first
	# sighting (this process's read), and what the waiter scan met outside
	# the namespace (every thread of the machine's: other jobs come and go).
	sed -E 's/"time":[0-9]+,//; s/"since":"[^"]*"/"since":"-"/g; s/"(threads|other-namespace)":[0-9]+/"\1":0/g' \
		"$T/json.$m" >"$T/json.$m.cmp"
done
for m in proc stat_any stat; do
	check "--once reading by $m prints exactly what the default (bulk) read prints" \
		cmp -s "$T/once.default" "$T/once.$m"
	check "--json reading by $m prints exactly what the default read prints (every field)" \
		cmp -s "$T/json.default.cmp" "$T/json.$m.cmp"
done

python3 - "$T" "$small" "$wsem" <<'EOF'
import json, os, subprocess, sys
T, small, wsem = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def check(desc, ok, detail=""):
    print(("ok - " if ok else "not ok - ") + desc)
    if not ok and detail: print("#   " + str(detail)[:1500])
once = open(os.path.join(T, "once.default")).read()
j = json.loads(open(os.path.join(T, "json.default")).read())
jq = {o["id"]: o for o in j["msg"]}
# queues: ipcs -q for bytes/messages, ipcs -q -i for qbytes
ipcs = {}
for line in subprocess.run(["ipcs", "-q"], capture_output=True, text=True).stdout.split("\n"):
    w = line.split()
    if w and w[0].startswith("0x"): ipcs[int(w[1])] = (int(w[4]), int(w[5]))
qbytes = {}
for i in ipcs:
    out = subprocess.run(["ipcs", "-q", "-i", str(i)], capture_output=True, text=True).stdout
    for w in out.split():
        if w.startswith("qbytes="): qbytes[i] = int(w.split("=")[1])
rows = {}
sect = None
for line in once.split("\n"):
    if line.startswith("------ "): sect = line
    w = line.split()
    if sect and "Message Queues" in sect and w and w[0].startswith("0x"):
        rows[int(w[1])] = (int(w[5]), int(w[6]))
check("--once lists every queue ipcs lists (%d)" % len(ipcs), set(rows) == set(ipcs), (rows, ipcs))
bad = [i for i in ipcs if i in rows and rows[i] != ipcs[i]]
check("--once: used-bytes and messages of every queue as ipcs -q", not bad,
      [(i, rows.get(i), ipcs[i]) for i in bad])
check("--json: the queue given msg_qbytes 777 shows it", jq.get(small, {}).get("qbytes") == 777, jq.get(small))
check("--json: qbytes of every queue as ipcs -q -i", all(jq[i]["qbytes"] == qbytes[i] for i in qbytes),
      {i: (jq.get(i, {}).get("qbytes"), qbytes[i]) for i in qbytes})
js = {o["id"]: o for o in j["sem"]}
w = js.get(wsem, {}).get("semaphores") or []
check("--json: the blocked waiter counts on semaphore 1 (ncount 1)", len(w) == 2 and w[1]["ncount"] == 1, w)
check("--json: 5 sets, 8 queues, 6 segments", (len(j["sem"]), len(j["msg"]), len(j["shm"])) == (5, 8, 6),
      (len(j["sem"]), len(j["msg"]), len(j["shm"])))
EOF

# --- --ns: /proc/sysvipc opened after setns lists the other namespace ---------
unshare --ipc sh -c "\"$H\" msg 0x5e17a5a5 0600 >/dev/null && echo ready >\"$T/ns.ready\" && exec sleep 120" &
NSPID=$!
check "a process in another IPC namespace holds a queue" until_true 5 test -s "$T/ns.ready"
IPCTOP_SCAN=proc "$IPCTOP_BIN" --ns "$NSPID" --once -q >"$T/ns.once" 2>&1
check "--ns PID with the bulk reader lists the other namespace's queue" grep -q '^0x5e17a5a5 ' "$T/ns.once"
check "...and none of ours" eval '! grep -q "^0x5e171" "$T/ns.once"'
check "...under the other namespace's name" \
	grep -qF "$(readlink /proc/"$NSPID"/ns/ipc)" "$T/ns.once"
kill "$NSPID" 2>/dev/null
# The other namespace's processes in a pid namespace of their own, with
# their /proc: the file still lists the IPC namespace ipctop entered, and
# its pids are those of ipctop's pid namespace, as the system calls give.
rm -f "$T/ns.ready"
unshare --ipc --pid --fork --mount-proc sh -c \
	"q=\$(\"$H\" msg 0x5e17b6b6 0600) && \"$H\" send \$q 1 9 && echo ready >\"$T/ns.ready\" && exec sleep 120" &
NSPID=$!
check "a process in another IPC and pid namespace holds a queue" until_true 5 test -s "$T/ns.ready"
inner=$(pgrep -P "$NSPID" -x sleep || pgrep -P "$(pgrep -P "$NSPID" | head -n 1)" -x sleep)
for m in proc stat_any; do
	IPCTOP_SCAN=$m "$IPCTOP_BIN" --ns "$inner" --once -q >"$T/pidns.$m" 2>&1
done
check "--ns into another pid namespace: the queue is listed" grep -q '^0x5e17b6b6 ' "$T/pidns.proc"
check "...with the same fields (lspid in our pid namespace) as MSG_STAT_ANY gives" \
	cmp -s "$T/pidns.proc" "$T/pidns.stat_any"
check "...and its lspid is not the sender's pid inside its namespace (3)" \
	awk '$1 == "0x5e17b6b6" { found = 1; exit !($8 > 3) } END { if (!found) exit 1 }' "$T/pidns.proc"
kill "$inner" "$NSPID" 2>/dev/null

# --- TUI: qbytes of the rows on screen ------------------------------------------
start_ipctop 120 30 -d 5
wait_for "ipctop" 5
keys 2
check "queue view: the queue with msg_qbytes 777 shows 777B" wait_re "$small +.* 777B " 5
check "queue view: no queue on screen shows an unread capacity (?)" eval '! screen_matches " [?] "'
"$T/setqbytes" "$small" 2000 || echo "not ok - IPC_SET msg_qbytes 2000"
check "queue view: an IPC_SET of msg_qbytes shows at the next refresh (2.0K)" wait_re "$small +.* 2\.0K " 5
keys '>'
for _ in $(seq 1 12); do
	screen | grep -q 'QBYTES[▲▼^v]' && break
	keys '>'; sleep 0.1
done
first_row_small() { screen | awk 'NR == 5' | grep -qE "^.0x5e171200 +$small .* 2\.0K "; }
check "sort by QBYTES: the smallest capacity (2.0K) is the first row" until_true 5 first_row_small
stop_server
