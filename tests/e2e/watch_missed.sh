#!/bin/bash
# watch_missed.sh — `--watch` never silently misses objects: with one object
# of each kind already there, one process creates and removes 50 segments,
# 20 queues and 30 sets (each with a key of its own) between two refreshes,
# then one more of each that stays:
#  * one `missed` event per kind whose count, with the churned objects a
#    refresh happened to catch (created/removed events with their keys),
#    is exactly 50, 20 and 30, between the baseline's id and the new one's;
#  * the final segment's `created` event carries its creator's command line
#    (the process still runs), queues and sets none (the kernel keeps no
#    creator pid for them);
#  * `removed` carries the object's last known fields ("object": size,
#    nattch, owner ... as --json shows them);
#  * every line is one JSON object; a second churn is reported again;
#  * the interactive view's events pane (E) shows a churn's missed line.
. "$(dirname "$0")/lib.sh"
PY=$(python3 -c 'import sys; print(sys.executable)')
T=$E2E_TMP
MY_PIDS=()
missed_cleanup() {
	local p
	for p in "${MY_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
	ipcrm --all 2>/dev/null
	e2e_cleanup
}
trap missed_cleanup EXIT

base_shm=$(ipcmk -M 4096 -p 0640 | awk '{print $NF}') && base_msg=$(ipcmk -Q | awk '{print $NF}') &&
	base_sem=$(ipcmk -S 2 | awk '{print $NF}') || { echo "not ok - the baseline objects"; exit 1; }
W=$T/watch.out
"$IPCTOP_BIN" --watch -d 5 >"$W" 2>"$T/watch.err" &
WPID=$!; MY_PIDS+=($WPID)
until_true 5 grep -q '^ipctop: watching 3 objects' "$T/watch.err" || echo "# no start line: $(cat "$T/watch.err")"

# churn N_SHM N_MSG N_SEM BASEKEY — one process, a few milliseconds; the
# last object of each kind stays, and the process sleeps on (its command
# line is the creator's of the last segment).
churn() {
	exec perl -e '
	use IPC::SysV qw(IPC_CREAT IPC_RMID);
	my ($ns, $nq, $nm, $k) = @ARGV;
	for my $i (1 .. $ns) { my $id = shmget($k + $i, 4096, IPC_CREAT | 0600) // die "shmget: $!"; shmctl($id, IPC_RMID, 0) }
	for my $i (1 .. $nq) { my $id = msgget($k + 0x1000 + $i, IPC_CREAT | 0600) // die "msgget: $!"; msgctl($id, IPC_RMID, 0) }
	for my $i (1 .. $nm) { my $id = semget($k + 0x2000 + $i, 1, IPC_CREAT | 0600) // die "semget: $!"; semctl($id, 0, IPC_RMID, 0) }
	shmget($k, 8192, IPC_CREAT | 0600) // die; msgget($k + 0x1000, IPC_CREAT | 0600) // die; semget($k + 0x2000, 1, IPC_CREAT | 0600) // die;
	$| = 1; print "done $$\n"; sleep 300' "$@"
}
churn 50 20 30 $((0x5eed0000)) >"$T/churn1" &
MY_PIDS+=($!)
until_true 5 grep -q done "$T/churn1"
C1=$(awk '{print $2}' "$T/churn1") # perl's own pid: the creator
check "the watch reports missed objects of all three kinds" until_true 5 eval '[ "$(grep -c "\"event\":\"missed\"" "$W")" -ge 3 ]'
ipcrm -m "$base_shm"
check "... and the baseline segment's removal" until_true 5 grep -q "\"event\":\"removed\",\"type\":\"shm\"" "$W"
churn 7 0 0 $((0x5eee0000)) >"$T/churn2" &
MY_PIDS+=($!)
until_true 5 grep -q done "$T/churn2"
check "a second churn is reported too" until_true 5 eval '[ "$(grep -c "\"event\":\"missed\"" "$W")" -ge 4 ]'
kill -INT $WPID; wait $WPID
check "SIGINT ends the watch with status 0" test $? -eq 0

"$PY" - "$W" "$base_shm" "$base_msg" "$base_sem" "$C1" <<'EOF'
import json, sys
out = sys.argv[1]
base = {"shm": int(sys.argv[2]), "msg": int(sys.argv[3]), "sem": int(sys.argv[4])}
creator = int(sys.argv[5])
def check(desc, ok, detail=""):
    print(("ok - " if ok else "not ok - ") + desc)
    if not ok and detail: print("#   " + str(detail)[:2000])
evs, bad = [], []
for l in open(out).read().split("\n")[:-1]:
    try: evs.append(json.loads(l))
    except ValueError as e: bad.append(l)
check("every line of --watch is one JSON object (%d lines)" % len(evs), not bad, bad)
K1, K2 = 0x5eed0000, 0x5eee0000
def key(e): return int(e["key"], 16)
churned = {"shm": (K1 + 1, K1 + 50), "msg": (K1 + 0x1001, K1 + 0x1014), "sem": (K1 + 0x2001, K1 + 0x201e)}
final = {"shm": K1, "msg": K1 + 0x1000, "sem": K1 + 0x2000}
for t, want in (("shm", 50), ("msg", 20), ("sem", 30)):
    lo, hi = churned[t]
    caught = {key(e) for e in evs if e["type"] == t and e["event"] in ("created", "removed") and lo <= key(e) <= hi}
    m = [e for e in evs if e["event"] == "missed" and e["type"] == t and key(e) == final[t]]
    n = sum(e["count"] for e in m)
    check("%s: missed %d + caught by a refresh %d = the %d created and removed" % (t, n, len(caught), want),
          n + len(caught) == want and len(m) == 1, m)
    if m:
        fin = [e for e in evs if e["event"] == "created" and e["type"] == t and key(e) == final[t]]
        check("%s: the missed event sits between the baseline's id and the final object's (after-id %s, id %s)"
              % (t, m[0]["after-id"], m[0]["id"]),
              m[0]["after-id"] == base[t] and fin and m[0]["id"] == fin[0]["id"] and
              m[0]["details"].startswith("%d " % m[0]["count"]), (m[0], fin))
c = [e for e in evs if e["event"] == "created" and e["type"] == "shm" and key(e) == final["shm"]]
check("created segment: 'command' is its creator's command line (pid %d)" % creator,
      c and c[0].get("command", "").startswith("perl -e ") and c[0]["object"]["cpid"] == creator, c)
q = [e for e in evs if e["event"] == "created" and e["type"] in ("msg", "sem")]
check("created queues and sets carry no command (no creator pid in the kernel)", q and all("command" not in e for e in q), q)
r = [e for e in evs if e["event"] == "removed" and e["type"] == "shm" and e["id"] == base["shm"]]
o = r[0].get("object", {}) if r else {}
check("removed segment: its last known fields (size 4096, perms rw-r-----, nattch 0, owner root)",
      (o.get("size"), o.get("perms"), o.get("nattch"), o.get("owner"), o.get("id")) == (4096, "rw-r-----", 0, "root", base["shm"]), r)
m2 = [e for e in evs if e["event"] == "missed" and e["type"] == "shm" and key(e) == K2]
caught2 = {key(e) for e in evs if e["type"] == "shm" and e["event"] in ("created", "removed") and K2 < key(e) <= K2 + 7}
check("second churn: missed %s + caught %d = 7" % ([e["count"] for e in m2], len(caught2)),
      sum(e["count"] for e in m2) + len(caught2) == 7, m2)
EOF

# The interactive view's events pane (E) says the same.
restart 120 30 -d 5
wait_for "ipctop" 5
keys E
check "the events pane opens" wait_for "Events:" 5
sleep 1.2 # two refreshes: the pane's baseline
churn 12 0 0 $((0x5eef0000)) >"$T/churn3" &
MY_PIDS+=($!)
until_true 5 grep -q done "$T/churn3"
check "the events pane shows the 12 missed segments" wait_for "12 segments created and removed unseen" 5
keys q
check "q quits with status 0" test "$(wait_exit 5)" = 0
