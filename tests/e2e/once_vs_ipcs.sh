#!/bin/bash
# once_vs_ipcs.sh — `ipctop --once` and `--json` against ipcs and
# /proc/sysvipc: 60 objects of all kinds with chosen keys, perms, owners,
# sizes, messages and semaphore values must show the same in every source;
# the JSON limits and usage must match /proc/sys/kernel, `ipcs -l` and
# `ipcs -u`. Then 10,000 objects: --once must list them all, and its time
# next to `ipcs -a` is printed (information, not an assertion).
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
PY=$(python3 -c 'import sys; print(sys.executable)') # skips a slow pyenv shim
T=$E2E_TMP

# Non-default limits, so that matching them proves they are read (these
# sysctls belong to the IPC namespace). Best effort: a user namespace on an
# older kernel may refuse.
{ echo 31000 >/proc/sys/kernel/msgmni && echo 12345 >/proc/sys/kernel/msgmax &&
  echo 23456 >/proc/sys/kernel/msgmnb && echo 4000 >/proc/sys/kernel/shmmni &&
  echo "31000 1000000 250 31999" >/proc/sys/kernel/sem; } 2>/dev/null ||
	echo "# could not change the IPC limits here; comparing the defaults"

# --- 60 objects of mixed kinds, recorded in expected.txt ------------------------
perms_list=(0600 0640 0644 0660 0666 0400 0604 0444 0620 0777)
owners=("0 0" "1 1" "65534 65534" "4242 4343")
# In a user namespace (make test as non-root) only root is mapped.
probe=$("$H" sem 0x5dffffff 1 0600) || { echo "not ok - creating a probe object"; exit 1; }
"$H" owner s "$probe" 4242 4343 2>/dev/null ||
	{ owners=("0 0"); echo "# uid 4242 is not mapped in this namespace: every object stays root's"; }
ipcrm -s "$probe"
: >"$T/expected.txt"
fail_create() { echo "not ok - creating objects: $*"; exit 1; }
for i in $(seq 0 19); do
	p=${perms_list[$((i % 10))]} own=${owners[$((i % ${#owners[@]}))]}
	# shm: sizes from 1 byte to 1 MiB + 7, some IPC_PRIVATE
	key=$((0x5a000000 + i)); [ $((i % 7)) -eq 3 ] && key=0
	size=$(( (i * 7919 + 1) % 70000 + 1 )); [ $i -eq 5 ] && size=$((1048576 + 7))
	id=$("$H" shm $key $size $p) || fail_create shm $i
	"$H" owner m "$id" $own || fail_create owner
	echo "shm $id $key $p $own $size" >>"$T/expected.txt"
	# msg: 0..5 messages of 0..500 bytes
	key=$((0x5b000000 + i)); [ $((i % 7)) -eq 5 ] && key=0
	id=$("$H" msg $key $p) || fail_create msg $i
	n=$((i % 6)) bytes=0
	for j in $(seq 1 $n); do
		b=$(( (i * 37 + j * 11) % 500 )); [ $j -eq 1 ] && [ $((i % 9)) -eq 3 ] && b=0
		"$H" send "$id" $j $b || fail_create send
		bytes=$((bytes + b))
	done
	"$H" owner q "$id" $own || fail_create owner
	echo "msg $id $key $p $own $n $bytes" >>"$T/expected.txt"
	# sem: 1..9 semaphores (one with 250), keys with the high bit set
	key=$((0x5c000000 + i)); [ $((i % 5)) -eq 0 ] && key=$((0xfe000000 + i))
	nsems=$((1 + (i * 3) % 9)); [ $i -eq 7 ] && nsems=250
	id=$("$H" sem $key $nsems $p) || fail_create sem $i
	vals=()
	for j in $(seq 0 $((nsems - 1))); do vals+=($(( (i * 7 + j * 3) % 100 ))); done
	[ $i -eq 2 ] && vals[0]=32767
	"$H" setall "$id" "${vals[@]}" || fail_create setall
	"$H" owner s "$id" $own || fail_create owner
	echo "sem $id $key $p $own $nsems $(IFS=,; echo "${vals[*]}")" >>"$T/expected.txt"
done

# Two segments attached by helper processes; one of them then removed while
# attached (status dest, key 0), another locked (status locked).
att_pids=()
for n in 1 2; do
	id=$(awk -v n=$n '$1 == "shm" { if (++c == n) print $2 }' "$T/expected.txt")
	"$H" attach "$id" >"$T/att.$n" &
	att_pids+=($!)
	for _ in $(seq 100); do [ -s "$T/att.$n" ] && break; sleep 0.02; done
	grep -q attached "$T/att.$n" || fail_create "attach $id"
done
dest_id=$(awk '$1 == "shm" { if (++c == 2) print $2 }' "$T/expected.txt")
lock_id=$(awk '$1 == "shm" { if (++c == 3) print $2 }' "$T/expected.txt")
ipcrm -m "$dest_id" && "$H" lock "$lock_id" || fail_create "dest/lock"
echo "$dest_id $lock_id" >"$T/special.txt"

# --- snapshots from every source, then compare ----------------------------------
ipcs -m >"$T/ipcs_m"; ipcs -q >"$T/ipcs_q"; ipcs -s >"$T/ipcs_s"
ipcs -l >"$T/ipcs_l"; ipcs -u >"$T/ipcs_u"
for k in shm msg sem; do cat /proc/sysvipc/$k >"$T/proc_$k"; done
"$IPCTOP_BIN" --once >"$T/once.txt" 2>"$T/once.err"
check "ipctop --once exits 0" test $? -eq 0
"$IPCTOP_BIN" --json >"$T/json.txt" 2>"$T/json.err"
check "ipctop --json exits 0" test $? -eq 0

"$PY" - "$T" <<'EOF'
import calendar, json, os, sys, time
T = sys.argv[1]
def rd(name): return open(os.path.join(T, name)).read()
def check(desc, ok, detail=""):
    print(("ok - " if ok else "not ok - ") + desc)
    if not ok and detail: print("#   " + str(detail)[:2000])
def hexkey(k): return "0x%08x" % (int(k) & 0xffffffff)
def rwx(mode):
    return "".join(c if mode & (1 << (8 - i)) else "-" for i, c in enumerate("rwxrwxrwx"))
def diff(name, a, b):
    """Differences between two {id: {field: value}} tables, on the fields of b."""
    out = []
    for i in sorted(set(a) | set(b)):
        if i not in a: out.append("%s: id %s missing" % (name, i)); continue
        if i not in b: out.append("%s: id %s extra" % (name, i)); continue
        for f, v in b[i].items():
            if a[i].get(f) != v: out.append("%s id %s %s: %r != %r" % (name, i, f, a[i].get(f), v))
    return out

dest_id, lock_id = map(int, rd("special.txt").split())
# what the test created
exp = {"shm": {}, "msg": {}, "sem": {}}
semvals = {}
for line in rd("expected.txt").split("\n"):
    if not line: continue
    w = line.split()
    kind, i = w[0], int(w[1])
    e = {"key": hexkey(w[2]), "perms": int(w[3], 8), "uid": int(w[4]), "gid": int(w[5])}
    if kind == "shm": e["size"] = int(w[6])
    if kind == "msg": e["msgs"], e["bytes"] = int(w[6]), int(w[7])
    if kind == "sem":
        e["nsems"] = int(w[6]); semvals[i] = [int(v) for v in w[7].split(",")]
    exp[kind][i] = e
exp["shm"][dest_id]["key"] = hexkey(0)   # IPC_RMID while attached
total = sum(len(v) for v in exp.values())
check("the test created at least 50 objects (%d)" % total, total >= 50)

# ipcs -m / -q / -s
def owner_name(uid):
    import pwd
    try: return pwd.getpwuid(uid).pw_name
    except KeyError: return str(uid)
ipcs = {}
for kind, f in (("shm", "ipcs_m"), ("msg", "ipcs_q"), ("sem", "ipcs_s")):
    t = {}
    for line in rd(f).split("\n"):
        w = line.split()
        if not w or not w[0].startswith("0x"): continue
        r = {"key": w[0], "owner": w[2], "perms": int(w[3], 8)}
        if kind == "shm": r.update(size=int(w[4]), nattch=int(w[5]), status=" ".join(w[6:]))
        if kind == "msg": r.update(bytes=int(w[4]), msgs=int(w[5]))
        if kind == "sem": r.update(nsems=int(w[4]))
        t[int(w[1])] = r
    ipcs[kind] = t
    want = {i: dict({k: v for k, v in e.items() if k not in ("uid", "gid")}, owner=owner_name(e["uid"]))
            for i, e in exp[kind].items()}
    d = diff("ipcs " + kind, ipcs[kind], want)
    check("reference: ipcs agrees with the %d %s objects the test created" % (len(want), kind), not d, d)

# /proc/sysvipc
cols = {"shm": "key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap",
        "msg": "key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime",
        "sem": "key semid perms nsems uid gid cuid cgid otime ctime"}
proc = {}
for kind in cols:
    names = cols[kind].split()
    t = {}
    for line in rd("proc_" + kind).split("\n")[1:]:
        w = line.split()
        if not w: continue
        r = dict(zip(names, (int(x) for x in w)))
        r["key"] = hexkey(r["key"]); r["mode"] = int(w[2], 8)
        t[r[names[1]]] = r
    proc[kind] = t

# --once: parse the three sections
once = {"shm": {}, "msg": {}, "sem": {}}
sect_counts = {}
titles = {"Shared Memory Segments": "shm", "Message Queues": "msg", "Semaphore Arrays": "sem"}
kind = None
for line in rd("once.txt").split("\n"):
    if line.startswith("------ "):
        title = line[7:].split(" (")[0]
        kind = titles.get(title)
        sect_counts[kind] = int(line.split("(")[1].split(")")[0])
        continue
    w = line.split()
    if not kind or not w or not w[0].startswith("0x"): continue
    r = {"key": w[0], "owner": w[2], "rwx": w[3], "perms": int(w[4], 8)}
    if kind == "shm":
        r.update(size=int(w[5]), nattch=int(w[6]), status=" ".join(w[7:-4]), cpid=int(w[-4]), lpid=int(w[-3]))
    if kind == "msg":
        r.update(bytes=int(w[5]), msgs=int(w[6]), lspid=int(w[7]), lrpid=int(w[8]))
    if kind == "sem":
        r.update(nsems=int(w[5]))
    once[kind][int(w[1])] = r
for kind in ("shm", "msg", "sem"):
    want = {}
    for i, r in ipcs[kind].items():
        w = dict(r, rwx=rwx(r["perms"]))
        if kind == "shm": w["status"] = r["status"] or "-"
        want[i] = w
    d = diff("--once " + kind, once[kind], want)
    check("--once matches ipcs for every %s (%d): id key owner perms %s" % (kind, len(want),
          {"shm": "size nattch status", "msg": "used-bytes messages", "sem": "nsems"}[kind]), not d, d)
    check("--once %s section header count is %d" % (kind, len(want)), sect_counts.get(kind) == len(want),
          sect_counts)
    p = proc[kind]
    want = {i: {"perms": r["mode"] & 0o777} for i, r in p.items()}
    for i, r in p.items():
        if kind == "shm": want[i].update(cpid=r["cpid"], lpid=r["lpid"])
        if kind == "msg": want[i].update(lspid=r["lspid"], lrpid=r["lrpid"])
    d = diff("--once/proc " + kind, once[kind], want)
    check("--once matches /proc/sysvipc/%s (ids, perms, pids)" % kind, not d, d)
check("--once shows status 'dest' and key 0 for the removed attached segment, 'locked' for the locked one",
      once["shm"].get(dest_id, {}).get("status") == "dest" and once["shm"][dest_id]["key"] == "0x00000000"
      and once["shm"].get(lock_id, {}).get("status") == "locked", (once["shm"].get(dest_id), once["shm"].get(lock_id)))

# --json
try:
    j = json.loads(rd("json.txt")); jok = True
except ValueError as e:
    j = {}; jok = False
check("--json is valid JSON", jok)
check("--json has arrays shm, msg, sem and objects limits, usage",
      all(isinstance(j.get(k), list) for k in ("shm", "msg", "sem"))
      and all(isinstance(j.get(k), dict) for k in ("limits", "usage")), list(j))
def iso(t): return None if t is None else calendar.timegm(time.strptime(t, "%Y-%m-%dT%H:%M:%SZ"))
jt = {}
for kind in ("shm", "msg", "sem"):
    jt[kind] = {o["id"]: o for o in j.get(kind, [])}
    conv = {}
    for i, o in jt[kind].items():
        r = {"key": o["key"], "owner": o["owner"], "perms": int(o["octal"], 8)}
        if o["perms"] != rwx(r["perms"]): r["rwx-mismatch"] = o["perms"]
        if kind == "shm":
            r.update(size=o["size"], nattch=o["nattch"], status=" ".join(o["status"]))
        if kind == "msg": r.update(bytes=o["used-bytes"], msgs=o["msgs"])
        if kind == "sem": r.update(nsems=o["nsems"])
        conv[i] = r
    d = diff("--json " + kind, conv, ipcs[kind])
    check("--json matches ipcs for every %s (%d): id key owner perms sizes/counts" % (kind, len(conv)), not d, d)
    # every numeric field /proc/sysvipc has
    pconv, pwant = {}, {}
    for i, r in proc[kind].items():
        w = {"key": r["key"], "perms": r["mode"] & 0o777, "uid": r["uid"], "gid": r["gid"],
             "cuid": r["cuid"], "cgid": r["cgid"], "ctime": r["ctime"]}
        o = jt[kind].get(i, {})
        g = {"key": o.get("key"), "perms": int(o.get("octal", "-1"), 8), "uid": o.get("uid"), "gid": o.get("gid"),
             "cuid": o.get("cuid"), "cgid": o.get("cgid"), "ctime": iso(o.get("ctime"))}
        if kind == "shm":
            w.update(size=r["size"], cpid=r["cpid"], lpid=r["lpid"], nattch=r["nattch"], rss=r["rss"],
                     swap=r["swap"], atime=r["atime"] or None, dtime=r["dtime"] or None)
            g.update(size=o.get("size"), cpid=o.get("cpid"), lpid=o.get("lpid"), nattch=o.get("nattch"),
                     rss=o.get("rss"), swap=o.get("swap"), atime=iso(o.get("attach")), dtime=iso(o.get("detach")))
        if kind == "msg":
            w.update(cbytes=r["cbytes"], qnum=r["qnum"], lspid=r["lspid"], lrpid=r["lrpid"],
                     stime=r["stime"] or None, rtime=r["rtime"] or None)
            g.update(cbytes=o.get("used-bytes"), qnum=o.get("msgs"), lspid=o.get("lspid"), lrpid=o.get("lrpid"),
                     stime=iso(o.get("send")), rtime=iso(o.get("recv")))
        if kind == "sem":
            w.update(nsems=r["nsems"], otime=r["otime"] or None)
            g.update(nsems=o.get("nsems"), otime=iso(o.get("otime")))
        pwant[i], pconv[i] = w, (g if i in jt[kind] else None)
    pconv = {i: g for i, g in pconv.items() if g is not None}
    for i in jt[kind]:
        if i not in pwant: pconv[i] = {}
    d = diff("--json/proc " + kind, pconv, pwant)
    check("--json matches /proc/sysvipc/%s field by field (%d objects)" % (kind, len(pwant)), not d, d)

bad = []
for i, vals in semvals.items():
    o = jt["sem"].get(i)
    s = o.get("semaphores") if o else None
    if not isinstance(s, list) or len(s) != len(vals):
        bad.append("sem %d: semaphores %r, want %d" % (i, None if s is None else len(s), len(vals))); continue
    got = [x.get("value") for x in s]
    if got != vals: bad.append("sem %d values %r != %r" % (i, got, vals))
    if [x.get("semnum") for x in s] != list(range(len(vals))): bad.append("sem %d semnum order" % i)
check("--json: every sem set has a 'semaphores' array of nsems entries with the SETALL values (%d sets)"
      % len(semvals), not bad, bad)

# limits
lim = j.get("limits", {})
def kern(name): return [int(x) for x in open("/proc/sys/kernel/" + name).read().split()]
sem = kern("sem")
want = {"shmmax": kern("shmmax")[0], "shmall": kern("shmall")[0], "shmmni": kern("shmmni")[0],
        "msgmax": kern("msgmax")[0], "msgmnb": kern("msgmnb")[0], "msgmni": kern("msgmni")[0],
        "semmsl": sem[0], "semmns": sem[1], "semopm": sem[2], "semmni": sem[3]}
d = {k: (lim.get(k), v) for k, v in want.items() if lim.get(k) != v}
check("--json limits match /proc/sys/kernel/{shmmax,shmall,shmmni,msgmax,msgmnb,msgmni,sem}", not d, d)
ipcsl = {}
for line in rd("ipcs_l").split("\n"):
    if "=" in line:
        k, v = line.rsplit("=", 1); ipcsl[k.strip()] = int(v)
want = {"max number of segments": lim.get("shmmni"), "min seg size (bytes)": lim.get("shmmin"),
        "max seg size (kbytes)": (lim.get("shmmax") or 0) >> 10,
        "max queues system wide": lim.get("msgmni"), "max size of message (bytes)": lim.get("msgmax"),
        "default max size of queue (bytes)": lim.get("msgmnb"), "max number of arrays": lim.get("semmni"),
        "max semaphores per array": lim.get("semmsl"), "max semaphores system wide": lim.get("semmns"),
        "max ops per semop call": lim.get("semopm"), "semaphore max value": lim.get("semvmx")}
d = {k: (ipcsl.get(k), v) for k, v in want.items() if ipcsl.get(k) != v}
check("--json limits match ipcs -l (%d values)" % len(want), not d, d)

# usage
u = j.get("usage", {})
page = os.sysconf("SC_PAGESIZE")
ipcsu = {}
for line in rd("ipcs_u").split("\n"):
    w = line.replace("=", " ").split()
    if len(w) >= 3 and w[-1].isdigit(): ipcsu[" ".join(w[:-1])] = int(w[-1])
    elif len(w) >= 4 and w[-1] == "bytes": ipcsu[" ".join(w[:-2])] = int(w[-2])
want = {"shm-segments": len(proc["shm"]), "msg-queues": len(proc["msg"]), "sem-sets": len(proc["sem"]),
        "shm-pages": sum((r["size"] + page - 1) // page for r in proc["shm"].values()),
        "msg-messages": sum(r["qnum"] for r in proc["msg"].values()),
        "msg-bytes": sum(r["cbytes"] for r in proc["msg"].values()),
        "sem-semaphores": sum(r["nsems"] for r in proc["sem"].values()), "page-size": page}
d = {k: (u.get(k), v) for k, v in want.items() if u.get(k) != v}
check("--json usage matches the totals of /proc/sysvipc", not d, d)
want = {"segments allocated": u.get("shm-segments"), "pages allocated": u.get("shm-pages"),
        "allocated queues": u.get("msg-queues"), "used headers": u.get("msg-messages"),
        "used space": u.get("msg-bytes"), "used arrays": u.get("sem-sets"),
        "allocated semaphores": u.get("sem-semaphores")}
d = {k: (ipcsu.get(k), v) for k, v in want.items() if ipcsu.get(k) != v}
check("--json usage matches ipcs -u", not d, d)
EOF

# --- 10,000 objects ---------------------------------------------------------------
kill "${att_pids[@]}" 2>/dev/null; wait "${att_pids[@]}" 2>/dev/null
"$H" rmall
check "all test objects removed before the 10k run" test "$(cat /proc/sysvipc/* | wc -l)" -eq 3
"$H" mass 4000 4000 2000 4096 || { echo "not ok - creating 10,000 objects"; exit 1; }
"$IPCTOP_BIN" --once >"$T/once10k.txt"
check "--once at 10k exits 0" test $? -eq 0
# section_rows TITLE — rows listed under that section and its header count
section_rows() {
	awk -v t="$1" '/^------ / { on = index($0, "------ " t " (") == 1; if (on) { sub(/.*\(/, ""); sub(/\).*/, ""); hdr = $0 }; next }
		on && /^0x/ { n++; ids[$2]++ } END { u = 0; for (i in ids) u++; print n + 0, u, hdr + 0 }' "$T/once10k.txt"
}
for spec in "Shared Memory Segments:2000:shm" "Message Queues:4000:msg" "Semaphore Arrays:4000:sem"; do
	IFS=: read -r title want kind <<<"$spec"
	read -r rows uniq hdr <<<"$(section_rows "$title")"
	procn=$(($(wc -l <"/proc/sysvipc/$kind") - 1))
	check "--once at 10k lists all $want $kind objects (rows $rows, distinct ids $uniq, header $hdr, /proc $procn)" \
		test "$rows" -eq "$want" -a "$uniq" -eq "$want" -a "$hdr" -eq "$want" -a "$procn" -eq "$want"
done

# median_ms CMD... — median wall time of 5 runs, in milliseconds
median_ms() {
	local t=() s e
	for _ in 1 2 3 4 5; do
		s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
		t+=($(( (e - s) / 1000000 )))
	done
	printf '%s\n' "${t[@]}" | sort -n | sed -n 3p
}
once_ms=$(median_ms "$IPCTOP_BIN" --once)
ipcs_ms=$(median_ms ipcs -a)
echo "# once: $once_ms ms, ipcs -a: $ipcs_ms ms (medians of 5 runs, 10,000 objects)"

"$H" rmall
check "all 10,000 objects removed at the end" test "$(cat /proc/sysvipc/* | wc -l)" -eq 3
