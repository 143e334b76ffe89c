#!/bin/bash
# watch.sh — the non-interactive watchers and exporters:
#  * `--watch -d 2`: creating, IPC_SET (perms, owner), attaching, filling a
#    queue, a blocked semop, detaching and removing objects give exactly the
#    expected JSON lines, in order, with their fields; SIGINT ends it (0);
#    SIGHUP ends a plain --watch on stdout (the terminal went away).
#  * `--log FILE` appends (what was there stays), nothing on stdout.
#  * `--foreground --pidfile`: pid in the file, SIGHUP does not end it,
#    SIGTERM does (0) and removes the pidfile.
#  * `--daemon --log --pidfile`: the starter exits 0 at once; the daemon is
#    detached (reparented, own session without terminal, not a session
#    leader, cwd /, umask 022, stdio on /dev/null); a second instance refuses
#    (exit 1, names the pid); events go to the log; after `mv log log.1`
#    SIGHUP makes it write a new log; SIGTERM ends it and removes the pidfile.
#  * `--prometheus`: every line parses strictly; values agree with ipcs, the
#    kernel's msgmnb and a blocked semop (ncnt of its semaphore); every
#    sample names the namespace; -q keeps only queue samples.
#  * `--ns PID|PATH`: --once/--json/--watch and the interactive view (tmux)
#    see the other namespace's objects and not ours; a missing pid or a non-namespace file fails with exit 1.
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
PY=$(python3 -c 'import sys; print(sys.executable)') # skips a slow pyenv shim
T=$E2E_TMP

# Every process this script starts, ended on exit (by pid, never by name).
MY_PIDS=()
DAEMON_PIDFILE=$T/d.pid
watch_cleanup() {
	local p
	[ -s "$DAEMON_PIDFILE" ] && p=$(cat "$DAEMON_PIDFILE") && [ -n "$p" ] &&
		[ "$(cat /proc/"$p"/comm 2>/dev/null)" = ipctop ] && kill -TERM "$p" 2>/dev/null
	for p in "${MY_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
	"$H" rmall 2>/dev/null
	e2e_cleanup
}
trap watch_cleanup EXIT

nlines() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }
has_lines() { [ "$(nlines "$1")" -ge "$2" ]; }
# started ERRFILE — waits for --watch's start line on its stderr.
started() { until_true 5 grep -q '^ipctop: watching ' "$1"; }
alive() { kill -0 "$1" 2>/dev/null; }
# gone PID SECONDS — waits until a process that is not our child is gone.
gone() { until_true "${2:-5}" eval "! kill -0 $1 2>/dev/null"; }

# --- --watch: one line per change, in order -------------------------------------
W=$T/watch.out WE=$T/watch.err
"$IPCTOP_BIN" --watch -d 2 >"$W" 2>"$WE" &
WPID=$!; MY_PIDS+=($WPID)
started "$WE"
check "--watch starts and says so on stderr ($(head -c 120 "$WE"))" grep -q "^ipctop: watching 0 objects" "$WE"
: >"$T/expected"
# step N EXPECTED... — after an action: waits for N lines in total, then
# records what they must be ("event type id").
n=0
step() {
	local add=$1; shift
	n=$((n + add))
	until_true 5 has_lines "$W" $n || echo "# timed out waiting for line $n ($*)"
	printf '%s\n' "$@" >>"$T/expected"
}
shm=$("$H" shm 0x77000001 4096 0600) && msg=$("$H" msg 0x77000002 0600) && sem=$("$H" sem 0x77000003 2 0600) ||
	{ echo "not ok - creating objects"; exit 1; }
step 3 "created shm $shm" "created msg $msg" "created sem $sem"
"$H" perms m "$shm" 0640 && step 1 "perms shm $shm"
"$H" owner q "$msg" 4242 4343 && step 1 "owner msg $msg"
"$H" attach "$shm" >"$T/att" &
ATT=$!; MY_PIDS+=($ATT)
step 1 "nattch shm $shm"
# 2 x 4500 bytes (msgmax is 8192): 54% of the default 16384 bytes
"$H" send "$msg" 1 4500 && "$H" send "$msg" 1 4500 && step 1 "queue-fill msg $msg"
"$H" semwait "$sem" 1 >"$T/semwait" &
SW=$!; MY_PIDS+=($SW)
step 1 "sem-waiters sem $sem"
kill -TERM $ATT; wait $ATT 2>/dev/null
step 1 "nattch shm $shm"
"$H" setall "$sem" 0 1 # the waiter takes its unit and exits: no event
wait $SW
check "the blocked semop completed once the value was raised (exit 0)" test $? -eq 0
"$H" rm m "$shm" && "$H" rm q "$msg" && "$H" rm s "$sem" && step 3 "removed shm $shm" "removed msg $msg" "removed sem $sem"
sleep 0.5 # two more refreshes: nothing else may come
kill -INT $WPID; wait $WPID
check "SIGINT ends --watch with status 0" test $? -eq 0

"$PY" - "$W" "$T/expected" "$shm" "$msg" "$sem" <<'EOF'
import json, re, sys
out, expf = sys.argv[1], sys.argv[2]
shm, msg, sem = map(int, sys.argv[3:6])
def check(desc, ok, detail=""):
    print(("ok - " if ok else "not ok - ") + desc)
    if not ok and detail: print("#   " + str(detail)[:2000])
lines = open(out).read().split("\n")
check("every line ends with a newline", lines[-1] == "", repr(lines[-1]))
evs, bad = [], []
for l in lines[:-1]:
    try: evs.append(json.loads(l))
    except ValueError as e: bad.append((l, str(e)))
check("every line of --watch is one JSON object (%d lines)" % len(evs), not bad and all(isinstance(e, dict) for e in evs), bad)
got = ["%s %s %s" % (e.get("event"), e.get("type"), e.get("id")) for e in evs]
want = open(expf).read().split("\n")[:-1]
check("the events are exactly the expected ones, in order", got == want, "got %s\n#   want %s" % (got, want))
by = {}
for e in evs: by.setdefault((e["event"], e["type"]), []).append(e)
keys = {"shm": "0x77000001", "msg": "0x77000002", "sem": "0x77000003"}
check("every event has time, epoch-ms, key, details and pids",
      all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e["time"]) and isinstance(e["epoch-ms"], int)
          and e["key"] == keys[e["type"]] and isinstance(e["details"], str) and isinstance(e["pids"], list)
          for e in evs), evs)
ms = [e["epoch-ms"] for e in evs]
check("epoch-ms never goes back", ms == sorted(ms), ms)
def one(ev, ty, i=0):
    l = by.get((ev, ty), [])
    return l[i] if len(l) > i else {}
p = one("perms", "shm")
check("perms event: rw------- -> rw-r-----", (p.get("old"), p.get("new")) == ("rw-------", "rw-r-----"), p)
o = one("owner", "msg")
check("owner event: root:root -> 4242:4343", (o.get("old"), o.get("new")) == ("root:root", "4242:4343"), o)
a, d = one("nattch", "shm"), one("nattch", "shm", 1)
check("nattch events: 0 -> 1 on attach, 1 -> 0 on detach",
      (a.get("old"), a.get("new"), d.get("old"), d.get("new")) == ("0", "1", "1", "0"), (a, d))
check("nattch event names the attaching pid as lpid",
      any(x["role"] == "lpid" for x in a.get("pids", [])), a)
q = one("queue-fill", "msg")
check("queue-fill event: 0% (or 27%) -> 54%, crossed 50% upward",
      q.get("old") in ("0%", "27%") and q.get("new") == "54%" and "crossed 50% upward" in q.get("details", ""), q)
w = one("sem-waiters", "sem")
check("sem-waiters event: 0 -> 1 waiter, on sem 1 (ncnt 1)",
      (w.get("old"), w.get("new")) == ("0", "1") and "sem 1 (ncnt 1)" in w.get("details", ""), w)
c = one("created", "shm")
check("created event describes the object", "size 4096 bytes" in c.get("details", "") and "rw-------" in c.get("details", ""), c)
EOF

"$IPCTOP_BIN" --watch -d 2 >"$T/hup.out" 2>"$T/hup.err" &
HP=$!; MY_PIDS+=($HP)
started "$T/hup.err"
kill -HUP $HP; wait $HP
check "SIGHUP ends a plain --watch on stdout (terminal hang-up) with status 0" test $? -eq 0

# --- --log appends ---------------------------------------------------------------
L=$T/events.log
echo '{"previous":"line"}' >"$L"
"$IPCTOP_BIN" --watch -d 2 --log "$L" >"$T/log.out" 2>"$T/log.err" &
LP=$!; MY_PIDS+=($LP)
started "$T/log.err"
check "--log: the start line names the log ($(head -c 150 "$T/log.err"))" grep -qF "to $L" "$T/log.err"
id=$("$H" msg 0x77000010 0600)
check "--log: the event is appended to the file" until_true 5 grep -q "\"event\":\"created\",\"type\":\"msg\",\"key\":\"0x77000010\",\"id\":$id," "$L"
check "--log: what was in the file stays first" test "$(head -n 1 "$L")" = '{"previous":"line"}'
check "--log: exactly 2 lines" test "$(nlines "$L")" -eq 2
kill -TERM $LP; wait $LP
check "--log: SIGTERM ends it with status 0" test $? -eq 0
check "--log: nothing on stdout" test ! -s "$T/log.out"
"$H" rm q "$id"
"$IPCTOP_BIN" --watch --log "$T/no/such/dir/x.log" >"$T/bad.out" 2>"$T/bad.err"
rc=$?
check "--log in a missing directory: exit 1 with 'open(\"...\"): No such file' ($(head -c 150 "$T/bad.err"))" \
	eval '[ $rc -eq 1 ] && grep -qF "open(\"$T/no/such/dir/x.log\"): No such file or directory (its directory does not exist)" "$T/bad.err"'

# --- --foreground --pidfile ----------------------------------------------------------
FP=$T/fg.pid
"$IPCTOP_BIN" --foreground -d 2 --pidfile "$FP" >"$T/fg.out" 2>"$T/fg.err" &
FG=$!; MY_PIDS+=($FG)
check "--foreground writes its own pid to the pidfile" until_true 5 eval '[ "$(cat "$FP" 2>/dev/null)" = "$FG" ]'
started "$T/fg.err"
kill -HUP $FG; sleep 0.5
check "--foreground: SIGHUP does not end it" alive $FG
id=$("$H" sem 0x77000011 1 0600)
check "--foreground: events still come after SIGHUP" until_true 5 grep -q "\"key\":\"0x77000011\",\"id\":$id," "$T/fg.out"
"$IPCTOP_BIN" --foreground --pidfile "$FP" >/dev/null 2>"$T/fg2.err"
rc=$?
check "--foreground: a second one on the same pidfile exits 1 ($(head -c 150 "$T/fg2.err"))" \
	eval '[ $rc -eq 1 ] && grep -q "already running" "$T/fg2.err" && grep -qF "pid $FG" "$T/fg2.err"'
kill -TERM $FG; wait $FG
check "--foreground: SIGTERM ends it with status 0" test $? -eq 0
check "--foreground: the pidfile is removed at the end" test ! -e "$FP"
"$H" rm s "$id"

# --- --daemon --------------------------------------------------------------------------
DL=$T/d.log
"$IPCTOP_BIN" --daemon -d 2 --log "$DL" --pidfile "$DAEMON_PIDFILE" >"$T/d.out" 2>"$T/d.err"
rc=$?
check "--daemon: the starting process exits 0" test $rc -eq 0
check "--daemon: and prints nothing" eval '[ ! -s "$T/d.out" ] && [ ! -s "$T/d.err" ]'
dpid=$(cat "$DAEMON_PIDFILE" 2>/dev/null)
check "--daemon: the pidfile holds a live ipctop's pid ($dpid)" \
	eval '[ -n "$dpid" ] && [ "$(cat /proc/$dpid/comm 2>/dev/null)" = ipctop ]'
# ancestors — pids from our parent up to 1 (a subreaper must be one of them)
ancestors() {
	local p=$$ s
	while [ "$p" -gt 1 ]; do
		s=$(cat /proc/$p/stat) || break; s=${s##*) }; set -- $s; p=$2; echo "$p"
	done
}
stat=$(cat /proc/"$dpid"/stat 2>/dev/null); stat=${stat##*) }
set -- $stat # state ppid pgrp session tty_nr ...
d_ppid=$2 d_pgrp=$3 d_sid=$4 d_tty=$5
our_sid=$(s=$(cat /proc/$$/stat); s=${s##*) }; set -- $s; echo "$4")
check "--daemon: reparented to init or a subreaper above us (ppid $d_ppid)" \
	eval '[ "$d_ppid" = 1 ] || ancestors | grep -qx "$d_ppid"'
check "--daemon: not the starting shell's child (ppid $d_ppid != $$)" test "$d_ppid" != $$
check "--daemon: in a new session (sid $d_sid, ours $our_sid) with no terminal (tty_nr $d_tty)" \
	eval '[ "$d_sid" != "$our_sid" ] && [ "$d_tty" = 0 ]'
check "--daemon: not a session leader after the second fork (sid $d_sid != pid $dpid), in its session's group" \
	eval '[ "$d_sid" != "$dpid" ] && [ "$d_pgrp" = "$d_sid" ]'
check "--daemon: cwd is /" test "$(readlink /proc/"$dpid"/cwd)" = /
check "--daemon: stdin, stdout, stderr are /dev/null" \
	eval '[ "$(readlink /proc/$dpid/fd/0)$(readlink /proc/$dpid/fd/1)$(readlink /proc/$dpid/fd/2)" = /dev/null/dev/null/dev/null ]'
check "--daemon: umask 022" grep -qE '^Umask:[[:space:]]+0022$' /proc/"$dpid"/status
"$IPCTOP_BIN" --daemon -d 2 --log "$DL" --pidfile "$DAEMON_PIDFILE" >"$T/d2.out" 2>"$T/d2.err"
rc=$?
check "--daemon: a second instance exits 1 ($(head -c 200 "$T/d2.err"))" \
	eval '[ $rc -eq 1 ] && grep -q "already running" "$T/d2.err" && grep -qF "pid $dpid" "$T/d2.err" && [ "$(wc -l <"$T/d2.err")" -eq 1 ]'
check "--daemon: the pidfile still names the first one" test "$(cat "$DAEMON_PIDFILE")" = "$dpid"
id1=$("$H" msg 0x77000020 0600)
check "--daemon: events go to the log" until_true 5 grep -q "\"key\":\"0x77000020\",\"id\":$id1," "$DL"
mv "$DL" "$DL.1"
kill -HUP "$dpid"
id2=$("$H" msg 0x77000021 0600)
check "--daemon: after mv log log.1 and SIGHUP, new events go to a new log" \
	until_true 5 grep -q "\"key\":\"0x77000021\",\"id\":$id2," "$DL"
check "--daemon: ... and not to the moved one" eval '! grep -q 0x77000021 "$DL.1" && [ "$(nlines "$DL.1")" -eq 1 ]'
check "--daemon: still alive after SIGHUP" alive "$dpid"
kill -TERM "$dpid"
check "--daemon: SIGTERM ends it" gone "$dpid" 5
check "--daemon: ... and removes the pidfile" test ! -e "$DAEMON_PIDFILE"
"$H" rm q "$id1"; "$H" rm q "$id2"
"$IPCTOP_BIN" --daemon >/dev/null 2>"$T/d3.err"
rc=$?
check "--daemon without --log: exit 2, says --log is needed" eval '[ $rc -eq 2 ] && grep -q -- "--daemon needs --log" "$T/d3.err"'

# --- --prometheus -------------------------------------------------------------------------
pshm=$("$H" shm 0x77000030 12345 0644) && pmsg=$("$H" msg 0x77000031 0600) && psem=$("$H" sem 0x77000032 3 0600) &&
	"$H" send "$pmsg" 1 100 && "$H" send "$pmsg" 2 200 && "$H" send "$pmsg" 3 300 || { echo "not ok - prometheus objects"; exit 1; }
"$H" attach "$pshm" >"$T/patt" &
MY_PIDS+=($!)
"$H" semwait "$psem" 2 >"$T/psw" &
PSW=$!; MY_PIDS+=($PSW)
until_true 5 grep -q attached "$T/patt"
until_true 5 eval '[ "$("$H" semcnt "$psem" 2)" = "1 0" ]'
"$IPCTOP_BIN" --prometheus >"$T/prom" 2>"$T/prom.err"
check "--prometheus exits 0" test $? -eq 0
"$IPCTOP_BIN" --prometheus -q >"$T/prom.q" 2>>"$T/prom.err"
check "--prometheus -q exits 0" test $? -eq 0
ipcs -m >"$T/ipcs_m"; ipcs -q >"$T/ipcs_q"; ipcs -s >"$T/ipcs_s"
"$PY" - "$T" "$pshm" "$pmsg" "$psem" "$(cat /proc/sys/kernel/msgmnb)" <<'EOF'
import os, re, sys
T = sys.argv[1]
pshm, pmsg, psem, msgmnb = map(int, sys.argv[2:6])
def check(desc, ok, detail=""):
    print(("ok - " if ok else "not ok - ") + desc)
    if not ok and detail: print("#   " + str(detail)[:2000])
NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
SAMPLE = re.compile(r"(%s)(?:\{(%s(?:,%s)*)?\})? (-?(?:[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|NaN|\+Inf|-Inf))" % (NAME, LABEL, LABEL))
HELP = re.compile(r"# HELP (%s) \S.*" % NAME)
TYPE = re.compile(r"# TYPE (%s) (counter|gauge|histogram|summary|untyped)" % NAME)
def parse(path):
    text = open(path).read()
    bad, samples, order = [], [], []
    state = {}  # family -> "help" / "type"
    if not text.endswith("\n"): bad.append("no final newline")
    for l in text.split("\n")[:-1]:
        m = HELP.fullmatch(l)
        if m:
            if m.group(1) in state: bad.append("second HELP: " + l)
            state[m.group(1)] = "help"; order.append(m.group(1)); continue
        m = TYPE.fullmatch(l)
        if m:
            if state.get(m.group(1)) != "help": bad.append("TYPE not right after HELP: " + l)
            state[m.group(1)] = "type"; continue
        m = SAMPLE.fullmatch(l)
        if m:
            if state.get(m.group(1)) != "type" or order[-1] != m.group(1):
                bad.append("sample outside its family's block: " + l)
            labels = dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
            samples.append((m.group(1), labels, float(m.group(3)))); continue
        bad.append("does not parse: " + repr(l))
    return bad, samples
bad, s = parse(os.path.join(T, "prom"))
check("--prometheus: every line is HELP, TYPE (after its HELP) or a sample in its family's block (%d samples)" % len(s), not bad and s, bad)
def val(name, **lab):
    v = [x[2] for x in s if x[0] == name and all(x[1].get(k) == str(w) for k, w in lab.items())]
    return v[0] if len(v) == 1 else ("%d matches" % len(v))
def ipcs(kind):
    rows = {}
    for l in open(os.path.join(T, "ipcs_" + kind)).read().split("\n"):
        w = l.split()
        if len(w) >= 5 and w[0].startswith("0x"): rows[int(w[1])] = w
    return rows
m, q, se = ipcs("m"), ipcs("q"), ipcs("s")
check("ipcs sees our 3 objects", pshm in m and pmsg in q and psem in se, (m, q, se))
diffs = []
for i, w in m.items():
    if val("ipctop_shm_size_bytes", id=i) != float(w[4]): diffs.append(("shm size", i, w, val("ipctop_shm_size_bytes", id=i)))
    if val("ipctop_shm_nattch", id=i) != float(w[5]): diffs.append(("shm nattch", i, w))
for i, w in q.items():
    if val("ipctop_msg_queue_bytes", id=i) != float(w[4]): diffs.append(("msg bytes", i, w))
    if val("ipctop_msg_queue_messages", id=i) != float(w[5]): diffs.append(("msg messages", i, w))
for i, w in se.items():
    if val("ipctop_sem_semaphores", id=i) != float(w[4]): diffs.append(("nsems", i, w))
check("--prometheus: sizes, nattch, queue bytes and messages, nsems agree with ipcs for every object", not diffs, diffs)
check("--prometheus: our objects' values (12345 bytes, nattch 1; 600 bytes in 3 messages; 3 semaphores)",
      (val("ipctop_shm_size_bytes", id=pshm), val("ipctop_shm_nattch", id=pshm), val("ipctop_msg_queue_bytes", id=pmsg),
       val("ipctop_msg_queue_messages", id=pmsg), val("ipctop_sem_semaphores", id=psem)) == (12345, 1, 600, 3, 3),
      [x for x in s if x[1].get("id") in (str(pshm), str(pmsg), str(psem))])
check("--prometheus: key and owner labels", val("ipctop_shm_size_bytes", id=pshm, key="0x77000030", owner="root") == 12345)
check("--prometheus: objects per type agree with ipcs",
      (val("ipctop_objects", type="shm"), val("ipctop_objects", type="msg"), val("ipctop_objects", type="sem")) == (len(m), len(q), len(se)))
check("--prometheus: queue capacity is the kernel's msgmnb (%d)" % msgmnb, val("ipctop_msg_queue_capacity_bytes", id=pmsg) == msgmnb)
check("--prometheus: the blocked semop shows as ncnt 1 on semaphore 2, none elsewhere",
      [val("ipctop_sem_ncnt", id=psem, semnum=k) for k in range(3)] == [0, 0, 1] and
      [val("ipctop_sem_zcnt", id=psem, semnum=k) for k in range(3)] == [0, 0, 0],
      [x for x in s if x[0] in ("ipctop_sem_ncnt", "ipctop_sem_zcnt") and x[1].get("id") == str(psem)])
ns = str(os.stat("/proc/self/ns/ipc").st_ino)
check("--prometheus: ipctop_info names the namespace (inode %s)" % ns,
      val("ipctop_info", namespace=ns) == 1, [x for x in s if x[0] == "ipctop_info"])
check("--prometheus: every sample carries namespace=\"%s\"" % ns, all(x[1].get("namespace") == ns for x in s),
      [x for x in s if x[1].get("namespace") != ns][:5])
bad, sq = parse(os.path.join(T, "prom.q"))
objs = [x for x in sq if x[1].get("id") is not None]
check("--prometheus -q: parses, and its object samples are all message queues",
      not bad and objs and all(x[0].startswith("ipctop_msg_") for x in objs), (bad, objs))
EOF
"$H" setall "$psem" 0 0 1; wait $PSW
"$H" rm m "$pshm"; "$H" rm q "$pmsg"; "$H" rm s "$psem"

# --- --ns ---------------------------------------------------------------------------------
ours=$("$H" msg 0x77000040 0600)
unshare --ipc sh -c "\"$H\" msg 0x7e570001 0600 >/dev/null && echo ready >\"$T/ns.ready\" && exec sleep 120" &
NSPID=$!; MY_PIDS+=($NSPID)
check "a process in another IPC namespace holds a queue" until_true 5 test -s "$T/ns.ready"
"$IPCTOP_BIN" --ns "$NSPID" --once >"$T/ns.once" 2>"$T/ns.err"
check "--ns PID --once exits 0" test $? -eq 0
check "--ns PID --once shows the other namespace's queue" grep -q 0x7e570001 "$T/ns.once"
check "--ns PID --once does not show ours" eval '! grep -q 0x77000040 "$T/ns.once"'
"$IPCTOP_BIN" --ns "/proc/$NSPID/ns/ipc" --json >"$T/ns.json" 2>>"$T/ns.err"
check "--ns /proc/PID/ns/ipc --json exits 0" test $? -eq 0
"$PY" - "$T/ns.json" "$(readlink /proc/$NSPID/ns/ipc)" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
ok = j.get("namespace") == sys.argv[2] and [o["key"] for o in j["msg"]] == ["0x7e570001"] and not j["shm"] and not j["sem"]
print(("ok - " if ok else "not ok - ") + "--ns PATH --json: the namespace is the other one and holds only its queue")
if not ok: print("#   " + json.dumps(j)[:1500])
EOF
"$IPCTOP_BIN" --ns "$NSPID" --watch -d 2 >"$T/ns.watch" 2>"$T/ns.werr" &
NW=$!; MY_PIDS+=($NW)
check "--ns PID --watch starts with the other namespace's 1 object" until_true 5 grep -q "watching 1 objects" "$T/ns.werr"
"$H" sem 0x77000041 1 0600 >/dev/null
nsenter --ipc="/proc/$NSPID/ns/ipc" "$H" sem 0x7e570002 1 0600 >/dev/null
check "--ns PID --watch reports objects created in that namespace" until_true 5 grep -q '"key":"0x7e570002"' "$T/ns.watch"
sleep 0.4
check "--ns PID --watch does not report ours" eval '! grep -q 0x77000041 "$T/ns.watch"'
kill -TERM $NW; wait $NW
restart 100 24 --ns "$NSPID"
check "--ns PID in the interactive view lists the other namespace's queue" wait_for 0x7e570001 5
check "--ns PID in the interactive view does not list ours" eval '! screen | grep -q 0x77000040'
keys q
check "--ns PID interactive: q quits with status 0" test "$(wait_exit 5)" = 0
stop_server
"$IPCTOP_BIN" --ns 999999 --once >"$T/ns.bad" 2>"$T/ns.bad.err"
rc=$?
check "--ns 999999: exit 1, one line naming the missing process ($(head -c 150 "$T/ns.bad.err"))" \
	eval '[ $rc -eq 1 ] && grep -q "^ipctop: --ns 999999: .*no process 999999" "$T/ns.bad.err" && [ "$(wc -l <"$T/ns.bad.err")" -eq 1 ] && [ ! -s "$T/ns.bad" ]'
"$IPCTOP_BIN" --ns "$T/ns.ready" --prometheus >"$T/ns.bad" 2>"$T/ns.bad.err"
rc=$?
check "--ns on a file that is no namespace: exit 1 ($(head -c 150 "$T/ns.bad.err"))" \
	eval '[ $rc -eq 1 ] && grep -q "not an IPC namespace" "$T/ns.bad.err" && [ ! -s "$T/ns.bad" ]'
kill -TERM $NSPID; wait $NSPID 2>/dev/null
"$H" rm q "$ours"
