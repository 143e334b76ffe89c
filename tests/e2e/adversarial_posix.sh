#!/bin/bash
# adversarial_posix.sh — the POSIX view (5) attacked for real (issue 11):
# 1. a /dev/shm semaphore file that uid 65534 truncates and regrows in a
#    tight loop for 30 s while root's ipctop lists it every 0.1 s (this
#    killed ipctop with SIGBUS: sem_open mapped it, sem_getvalue read
#    past the end); ipctop must still run, answer keys, exit 0 and restore
#    the terminal;
# 2. --ns PID of a process with its own mount namespace and /dev/shm: its
#    files are listed under a line naming the pid and mnt:[N], not the
#    caller's; d removes its file and not the caller's file of the same
#    name; --ns PATH (no process) shows ipctop's own files, says so, and
#    refuses d; N + Enter on that namespace follows the process too;
# 3. uid 65534 in its own user and mount namespace bind-mounts a root-owned
#    directory on its /dev/shm: root's ipctop --ns lists it but refuses d,
#    and the root-owned file survives;
# 4. names with CJK characters (double width), an invalid UTF-8 byte and a
#    terminal escape (an OSC title sequence): the columns after the name
#    line up by display width (python3 unicodedata.east_asian_width), a
#    too-long name is cut between characters, and no escape reaches the
#    terminal (the pane title is unchanged).
# Everything runs with a private tmpfs on /dev/shm (a mount namespace of
# this script's own), so other suites' files neither disturb nor see it.
# Needs root (setpriv, mounts); skipped otherwise.
if [ "$(id -u)" = 0 ] && [ -z "${ADV_POSIX_SHM:-}" ]; then
	export ADV_POSIX_SHM=1
	exec unshare --mount --propagation private bash -c \
		'mount -t tmpfs -o mode=1777 ipctop-adv-shm /dev/shm && exec bash "$0" "$@"' "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
if [ "$(id -u)" != 0 ] || ! $NOBODY true 2>/dev/null; then
	echo "# skip: needs root (setpriv to uid 65534, mounts)"
	exit 0
fi
build_helper truncate_race RACE
S=$$                                     # makes every name unique
VICTIM=/tmp/ipctop-adv-victim-$S         # outside $E2E_TMP (0700): uid 65534 must reach it
PIDS=()
adv_cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$VICTIM"
	find /dev/shm -maxdepth 1 -name "*$S*" -delete 2>/dev/null
	e2e_cleanup
}
trap adv_cleanup EXIT
own_mnt=$(readlink /proc/self/ns/mnt)
re() { printf '%s' "$1" | sed 's/[][\.*^$/]/\\&/g'; }   # TEXT as a literal in an ERE
# select_row TEXT — moves the cursor to the first row showing TEXT.
select_row() {
	keys Home
	for _ in $(seq 40); do selected_line | grep -qF -- "$1" && return 0; keys Down; sleep 0.1; done
	return 1
}

# --- 1. the truncation race ------------------------------------------------------------
RF=/dev/shm/sem.race-$S
restart 100 30 -d 1
check "ipctop starts" wait_for "F1Help" 5
keys 5
check "5: the line says the files are ipctop's own ($own_mnt)" wait_for " Files of ipctop's own mount namespace, $own_mnt" 3
$NOBODY "$RACE" "$RF" 30 >"$E2E_TMP/race.out" 2>&1 &
RP=$! PIDS+=("$RP")
check "uid 65534 creates $RF and starts truncating it" until_true 5 grep -q ready "$E2E_TMP/race.out"
check "... the file is the attacker's" test "$(stat -c %u "$RF")" = 65534
check "ipctop lists the racing semaphore" wait_re "^.sem +/race-$S " 5
alive_all_along=yes
for _ in $(seq 30); do
	[ -s "$E2E_TMP/exit" ] && { alive_all_along="no: $(cat "$E2E_TMP/exit")"; break; }
	sleep 1
done
wait "$RP"; race_status=$?
check "the attacker ran its 30 s ($(tail -n 1 "$E2E_TMP/race.out"), status $race_status)" \
	eval '[ $race_status = 0 ] && grep -qE "^[0-9]+ rounds$" "$E2E_TMP/race.out"'
check "ipctop survived the 30 s race (alive every second: $alive_all_along)" test "$alive_all_along" = yes
check "... and is still running" eval 'p=$(ipctop_pid) && [ -n "$p" ] && kill -0 "$p"'
keys 4
check "... a key works: 4 shows the SysV list" wait_for " KIND " 3
keys 5
check "... 5 redraws the POSIX view with the (now idle) file" wait_re "^.sem +/race-$S +" 3
keys q
exited_clean "after the race" 0
rm -f "$RF"

# --- 2. --ns PID: another mount namespace's /dev/shm -------------------------------------
M=ns-marker-$S
touch "/dev/shm/$M" "/dev/shm/caller-only-$S"
unshare --ipc --mount --propagation private sh -c \
	"mount -t tmpfs none /dev/shm && touch /dev/shm/$M && echo ready && exec sleep 600" >"$E2E_TMP/nsproc" 2>&1 &
NP=$! PIDS+=("$NP")
check "a process with its own IPC and mount namespace and /dev/shm runs" until_true 5 grep -q ready "$E2E_TMP/nsproc"
ns_mnt=$(readlink "/proc/$NP/ns/mnt") ns_ipc=$(readlink "/proc/$NP/ns/ipc")
restart 100 30 --ns "$NP" -d 5
keys 5
check "--ns $NP: the line names the pid and its mount namespace ($ns_mnt)" \
	wait_re "^ Files of pid $NP \(sleep\), $(re "$ns_mnt"), via /proc/$NP/root" 3
check "... its file /$M is listed" wait_re "^.shm +/$M " 2
check "... and not the caller's /caller-only-$S" eval '! screen | grep -qF "/caller-only-$S"'
check "the cursor reaches /$M " select_row "/$M "
keys d
check "d asks before unlinking /$M" wait_for "Remove POSIX shm /$M (unlink)?" 2
keys y
check "y removes it inside that namespace" until_true 3 test ! -e "/proc/$NP/root/dev/shm/$M"
check "... with unlinkat on its /dev/shm (status line)" \
	status_has "unlinkat(/proc/$NP/root/dev/shm, \"$M\", 0) = 0" 2
check "... the caller's file of the same name is untouched" test -e "/dev/shm/$M"
check "... and the list no longer shows it" wait_gone "/$M " 3
keys q
exited_clean "--ns PID" 0

# --- --ns PATH: no process to follow -------------------------------------------------------
restart 100 30 --ns "/proc/$NP/ns/ipc" -d 5
keys 5
check "--ns PATH: the line says the files are ipctop's own ($own_mnt) and d is refused" \
	wait_re "^ ipctop's own files \($(re "$own_mnt")\), not the entered namespace's: d refused" 3
check "... the caller's files are what is listed" wait_re "^.shm +/caller-only-$S " 2
check "the cursor reaches /caller-only-$S " select_row "/caller-only-$S "
keys d
check "d is refused with the reason, no question asked" \
	status_has "d refused: ipctop's own files ($own_mnt); --ns PID shows a process's" 2
check "... and the file is still there" test -e "/dev/shm/caller-only-$S"
keys q
exited_clean "--ns PATH" 0

# --- N + Enter follows the process of the namespace chosen ---------------------------------
touch "/proc/$NP/root/dev/shm/n-view-$S"
restart 100 30 -d 5
keys N
check "N lists the other namespace ($ns_ipc)" wait_for "$ns_ipc" 3
check "the cursor reaches $ns_ipc" select_row "$ns_ipc"
keys Enter
check "Enter switches to it" wait_re "^ipctop .* $(re "$ns_ipc")" 3
keys 5
check "5 then shows pid $NP's files ($ns_mnt)" wait_re "^ Files of pid $NP \(sleep\), $(re "$ns_mnt"), " 3
check "... /n-view-$S, not the caller's files" \
	eval 'wait_re "^.shm +/n-view-$S " 2 && ! screen | grep -qF "/caller-only-$S"'
keys q
exited_clean "N switch" 0

# --- 3. a root-owned directory bind-mounted on an unprivileged user's /dev/shm ------------
mkdir -m 755 "$VICTIM" && echo keep >"$VICTIM/precious" && chmod 644 "$VICTIM/precious"
$NOBODY unshare --user --map-root-user --ipc --mount sh -c \
	"mount --bind $VICTIM /dev/shm && echo ready && exec sleep 600" >"$E2E_TMP/userns" 2>&1 &
UP=$! PIDS+=("$UP")
check "uid 65534 bind-mounts root's $VICTIM on its /dev/shm" until_true 5 grep -q ready "$E2E_TMP/userns"
restart 100 30 --ns "$UP" -d 5
keys 5
check "--ns: its /dev/shm (the bind mount) is listed" \
	eval 'wait_re "^ Files of pid $UP " 3 && wait_re "^.shm +/precious " 2'
check "the cursor reaches /precious " select_row "/precious "
keys d
check "d is refused: the namespace belongs to another user namespace" \
	status_has "d refused: pid $UP is in another user namespace; use nsenter -t $UP -U -m" 2
check "... no question was asked" eval '! screen | grep -qF "Remove POSIX shm /precious"'
check "... and root's file survives" test -e "$VICTIM/precious"
keys q
exited_clean "bind mount" 0

# --- 4. names: double width, invalid UTF-8, a terminal escape ------------------------------
cat >"$E2E_TMP/names.py" <<'EOF'
# names.py create|check SUFFIX — creates the test names in /dev/shm, or
# checks the captured screen (stdin): each name's cell (display columns
# 6..29) shows it with non-printables as '?', cut between characters, and
# the size column after it is where the title puts it.
import os, sys, unicodedata
mode, s = sys.argv[1], sys.argv[2]
def width(c):
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1
def cells(text):
    out = []
    for c in text:
        out += [c] + [""] * (width(c) - 1)
    return out
pre = "/x" + s + "-"
if (24 - len(pre)) % 2 == 0:
    pre += "y"   # an odd number of columns left: column 24 falls inside a CJK character
names = [("共享内存-test-" + s).encode(), pre[1:].encode() + "共享内存".encode() * 4,
         b"esc-\x1b]2;PWNED\x07-" + s.encode(), b"bad-\xff-" + s.encode(), ("ascii-" + s).encode()]
if mode == "create":
    for n in names:
        os.close(os.open(b"/dev/shm/" + n, os.O_CREAT | os.O_WRONLY, 0o644))
    sys.exit(0)
if mode == "remove":
    for n in names:
        os.unlink(b"/dev/shm/" + n)
    sys.exit(0)
def shown(raw):
    text = (b"/" + raw).decode("utf-8", "replace").replace("\ufffd", "?")
    text = "".join("?" if unicodedata.category(c) == "Cc" else c for c in text)
    out, used = "", 0
    for c in text:
        if used + width(c) > 24:
            break
        out, used = out + c, used + width(c)
    return out + " " * (24 - used)
screen = sys.stdin.read().split("\n")
title = [l for l in screen if " TYPE NAME " in l]
ok = bool(title) and "".join(cells(title[0])[31:37]) == "  SIZE"
if not ok:
    print("title line: %r" % title)
for raw in names:
    want = shown(raw)
    rows = [l for l in screen if l[1:5] == "shm " and "".join(cells(l)[6:30]) == want]
    if len(rows) != 1 or "".join(cells(rows[0])[30:37]) != "     0B":
        print("name %r: want cell %r then '     0B'; rows %r" % (raw, want, rows))
        ok = False
sys.exit(0 if ok else 1)
EOF
python3 "$E2E_TMP/names.py" create "$S" || echo "not ok - creating the names"
restart 100 40 -d 5
title_before=$(tm display-message -p -t "$SESSION" '#{pane_title}')
keys 5
check "5 lists the names" wait_for "/ascii-$S" 3
check "each name fills its 24 columns by display width (CJK double), cut between characters; SIZE lines up" \
	eval 'screen | python3 "$E2E_TMP/names.py" check "$S"'
check "the escape shows as '?' characters, not interpreted" wait_for "/esc-?]2;PWNED?-$S" 1
check "the invalid byte shows as '?'" wait_for "/bad-?-$S" 1
check "no ESC or BEL reached the pane" eval '! screen | grep -q "[[:cntrl:]]"'
check "the pane title did not change (no OSC 2 got through)" \
	eval '[ "$(tm display-message -p -t "$SESSION" "#{pane_title}")" = "$title_before" ]'
keys q
exited_clean "names" 0
python3 "$E2E_TMP/names.py" remove "$S"
