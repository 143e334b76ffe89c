#!/bin/bash
# adversarial_files.sh — issue 11, items 3, 6 and 11a: the files root's
# ipctop writes, attacked for real.
#  * In a sticky world-writable directory (like /tmp, and
#    fs.protected_symlinks=0 here) uid 65534 plants, at the name root's
#    ipctop is told to write, a symlink to a root-only file, a FIFO, a hard
#    link to that file, or a file of its own. For each of --pidfile, --log
#    (first open, and the reopen on SIGHUP after a rotation), --log-c and
#    the S key, ipctop refuses with one clear line and no hang, and the
#    victim and the plant stay byte-identical (content, size, mtime).
#  * The normal cases still work: a fresh log, C program (S, --log-c) is
#    created mode 0600 (the pidfile 0644), the log and pidfile fds are
#    O_CLOEXEC (/proc/PID/fdinfo); S replaces its own earlier program but no
#    other file; a pidfile holding no pid is not emptied; --read-only writes
#    no file (S refused, --log-c with it a usage error).
#  * Disk full: --watch --log on a 64 KiB tmpfs (in this script's own mount
#    namespace) that fills up and is freed again: every line of the log is
#    valid JSON, the events after the freeing are all there, and stderr
#    says once that events are lost and once that writing works again.
#  * --ns PATH on a FIFO: exits 1 at once, saying it is no namespace.
# Everything runs in private IPC and mount namespaces.
if [ -z "${IPCTOP_ADV_FILES_MNT:-}" ]; then
	export IPCTOP_ADV_FILES_MNT=1
	exec unshare --mount --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
PY=$(python3 -c 'import sys; print(sys.executable)')
T=$E2E_TMP

# A sticky world-writable directory, as /tmp; the victim in a directory of
# root's, as /etc/shadow.
PLANT=$(mktemp -d /tmp/ipctop-adv-plant.XXXXXX) && chmod 1777 "$PLANT"
VDIR=$(mktemp -d /tmp/ipctop-adv-victim.XXXXXX) && chmod 0711 "$VDIR"
VICTIM=$VDIR/shadow
printf 'root:$6$not-really-a-hash:19000:0:99999:7:::\n' >"$VICTIM"
chmod 0600 "$VICTIM"
MY_PIDS=()
adv_cleanup() {
	local p
	for p in "${MY_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	"$H" rmall 2>/dev/null
	rm -rf "$PLANT" "$VDIR"
	e2e_cleanup
}
trap adv_cleanup EXIT

nobody() { setpriv --reuid 65534 --regid 65534 --clear-groups "$@"; }
# With fs.protected_hardlinks=1 (as here) uid 65534 may not link a file it
# cannot read and write: root makes the link for it then (the state is the
# same as after the attack on a machine with protected_hardlinks=0).
if [ "$(cat /proc/sys/fs/protected_hardlinks 2>/dev/null)" = 1 ]; then
	echo "# fs.protected_hardlinks=1: the hard links are made by root on uid 65534's behalf"
fi

# plant KIND PATH — what uid 65534 puts at PATH.
plant() {
	rm -f "$2"
	case $1 in
	symlink) nobody ln -s "$VICTIM" "$2" ;;
	fifo) nobody mkfifo -m 0666 "$2" ;;
	hardlink) nobody ln "$VICTIM" "$2" 2>/dev/null || ln "$VICTIM" "$2" ;;
	theirs) nobody sh -c 'echo 4242 >"$1"' sh "$2" ;;
	esac
}
# The message of the refusal of each kind, after 'open("PATH"): '.
declare -A REASON=(
	[symlink]='Too many levels of symbolic links (refusing to follow a symlink)'
	[fifo]='File exists (a FIFO, not a regular file: refusing to write to it)'
	[hardlink]='File exists (it has 2 hard links, so it is also another file: refusing to write to it)'
	[theirs]='File exists (owned by uid 65534, not by uid 0: refusing to write to it)'
)
KINDS=(symlink fifo hardlink theirs)
# state PATH — the victim's and the plant's content, size, mtime, type,
# owner (a FIFO's content is not read: that would block).
state() {
	sha256sum <"$VICTIM"
	stat -c '%s %y %U' "$VICTIM"
	stat -c '%F %U %s %y %i' "$1"
	if [ -f "$1" ] && [ ! -L "$1" ]; then sha256sum <"$1"; fi
}
# unblock PATH — a writer blocked opening the FIFO at PATH (the unfixed
# ipctop) gets a reader, so that it can end.
unblock() { [ -p "$1" ] && timeout 2 bash -c 'exec 3<>"$1"; sleep 0.5' _ "$1"; }
# reap PID — waits up to 5 s for PID to end, else kills it (a hang).
reap() {
	until_true 5 eval "! kill -0 $1 2>/dev/null" && return 0
	kill -KILL "$1" 2>/dev/null
	return 1
}
pane() { tm capture-pane -p -J -t "$SESSION"; }
file_mode() { stat -c '%a' "$1"; }
# cloexec PID PATH — PID has PATH open with O_CLOEXEC (fdinfo flags).
cloexec() {
	local fd flags
	for fd in /proc/"$1"/fd/*; do
		[ "$(readlink "$fd")" = "$2" ] || continue
		flags=$(awk '/^flags:/ {print $2}' /proc/"$1"/fdinfo/"${fd##*/}")
		(((8#$flags & 8#2000000) != 0)) && return 0
	done
	return 1
}
started() { until_true 5 grep -q '^ipctop: watching ' "$1"; }

# --- --pidfile and --log (first open) -------------------------------------------------
# cli_case WHAT KIND OPTION — root's `ipctop --watch OPTION PATH` on a
# planted PATH; should it start watching (the unfixed one did), an event
# happens, then it is stopped: rc "hang".
cli_case() {
	local what=$1 kind=$2 opt=$3 p=$PLANT/$1-$2 before after rc=hang t0 ms pid id
	plant "$kind" "$p"
	before=$(state "$p")
	t0=$(now_ms)
	"$IPCTOP_BIN" --watch -d 1 "$opt" "$p" >"$T/cli.out" 2>"$T/cli.err" &
	pid=$!
	if until_true 4 eval "! kill -0 $pid 2>/dev/null"; then
		wait $pid
		rc=$?
	else
		id=$("$H" msg 0x7ad000ff 0600)
		sleep 0.5
		unblock "$p"
		kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
		"$H" rm q "$id"
	fi
	ms=$(($(now_ms) - t0))
	after=$(state "$p")
	check "$what, $kind planted by uid 65534: exit 1 at once (rc $rc, $ms ms) with one line 'open(\"…\"): ${REASON[$kind]}' ($(head -c 200 "$T/cli.err"))" \
		eval '[ $rc = 1 ] && [ "$(cat "$T/cli.err")" = "ipctop: open(\"$p\"): ${REASON[$kind]}" ]'
	check "$what, $kind: the victim and the plant are unchanged, nothing on stdout" \
		eval '[ "$before" = "$after" ] && [ ! -s "$T/cli.out" ]'
	rm -f "$p" # a hard link left would count in the next one's st_nlink
}
for kind in "${KINDS[@]}"; do
	cli_case pidfile "$kind" --pidfile
	cli_case log "$kind" --log
done

# A pidfile that holds something other than a pid is not emptied.
NOTPID=$PLANT/notes.pid
printf 'remember the milk\n' >"$NOTPID"
before=$(state "$NOTPID")
timeout -k 1 8 "$IPCTOP_BIN" --watch --pidfile "$NOTPID" >/dev/null 2>"$T/np.err"
rc=$?
check "pidfile of root's holding no pid: exit 1, 'it holds something other than a pid' ($(head -c 200 "$T/np.err"))" \
	eval '[ $rc = 1 ] && grep -qF "ipctop: open(\"$NOTPID\"): File exists (it holds something other than a pid, so it is no pidfile: refusing to overwrite it)" "$T/np.err"'
check "pidfile holding no pid: unchanged" test "$before" = "$(state "$NOTPID")"

# --- --log reopened on SIGHUP after a rotation ---------------------------------------------
for kind in "${KINDS[@]}"; do
	L=$PLANT/hup-$kind.log
	rm -f "$L" "$L.1"
	"$IPCTOP_BIN" --watch -d 2 --log "$L" >/dev/null 2>"$T/hup.err" &
	HP=$!; MY_PIDS+=($HP)
	started "$T/hup.err"
	id1=$("$H" msg 0x7ad00001 0600)
	until_true 5 grep -q '"key":"0x7ad00001"' "$L"
	mv "$L" "$L.1" # root's logrotate
	plant "$kind" "$L"
	before=$(state "$L")
	kill -HUP $HP
	id2=$("$H" msg 0x7ad00002 0600)
	check "SIGHUP, $kind planted after the rotation: the event goes on to the old file" \
		until_true 5 grep -q '"key":"0x7ad00002"' "$L.1"
	unblock "$L"
	check "SIGHUP, $kind: one line 'open(\"…\"): ${REASON[$kind]}; still writing to the old file' ($(tail -n 1 "$T/hup.err" | head -c 200))" \
		eval '[ "$(tail -n 1 "$T/hup.err")" = "ipctop: open(\"$L\"): ${REASON[$kind]}; still writing to the old file" ]'
	check "SIGHUP, $kind: the victim and the plant are unchanged" test "$before" = "$(state "$L")"
	kill -TERM $HP
	reap $HP
	wait $HP
	check "SIGHUP, $kind: SIGTERM still ends it with status 0" test $? = 0
	"$H" rm q "$id1"; "$H" rm q "$id2"
	rm -f "$L"
done

# --- --log-c and S (the interactive view, in tmux) -----------------------------------------
# The pane stays after ipctop exits; its last line is ipctop's stderr.
for kind in "${KINDS[@]}"; do
	p=$PLANT/logc-$kind.c
	plant "$kind" "$p"
	before=$(state "$p")
	restart 200 30 --log-c "$p"
	wait_for "No System V IPC objects" 5
	keys q
	st=$(wait_exit 5)
	[ "$st" = timeout ] && unblock "$p" && st="$st, then $(wait_exit 5)"
	check "--log-c, $kind planted by uid 65534: exit 1 ($st), 'ipctop: open(\"…\"): ${REASON[$kind]}'" \
		eval '[ "$st" = 1 ] && pane | grep -qxF "ipctop: open(\"$p\"): ${REASON[$kind]}"'
	check "--log-c, $kind: the victim and the plant are unchanged" test "$before" = "$(state "$p")"
	rm -f "$p"
done

cd "$PLANT" || exit 1 # S writes ipctop-session.c in the current directory
for kind in "${KINDS[@]}"; do
	p=$PLANT/ipctop-session.c
	plant "$kind" "$p"
	before=$(state "$p")
	restart 200 30
	wait_for "No System V IPC objects" 5
	keys S
	check "S, $kind planted by uid 65534: the status line says 'open(\"ipctop-session.c\"): ${REASON[$kind]}'" \
		status_has "open(\"ipctop-session.c\"): ${REASON[$kind]}" 3
	unblock "$p"
	check "S, $kind: the victim and the plant are unchanged" test "$before" = "$(state "$p")"
	keys q
	check "S, $kind: q still quits with status 0" test "$(wait_exit 5)" = 0
	rm -f "$p"
done

# The normal cases: a new program 0600; S again replaces our own program;
# a file that is not an ipctop program is not overwritten.
rm -f "$PLANT/ipctop-session.c"
restart 200 30
wait_for "No System V IPC objects" 5
keys S
check "S on a fresh name: written, mode 0600, an ipctop program" \
	eval 'status_has "as a C program to ipctop-session.c" 3 && [ "$(file_mode ipctop-session.c)" = 600 ] &&
		head -n 1 ipctop-session.c | grep -q "^/\* Replay of an ipctop session: "'
touch -d '2001-01-01' ipctop-session.c
keys S
check "S again: our own program is replaced" \
	eval 'until_true 3 eval "[ \"\$(stat -c %Y ipctop-session.c)\" != \"\$(date -d 2001-01-01 +%s)\" ]"'
keys q; wait_exit 5 >/dev/null
NOTES=$PLANT/notes.c
printf 'int main(void) { return 42; }\n' >"$NOTES"
before=$(state "$NOTES")
restart 200 30 --log-c "$NOTES"
wait_for "No System V IPC objects" 5
keys q
st=$(wait_exit 5)
check "--log-c on root's own file that ipctop did not write: exit 1, 'it was not written by ipctop'" \
	eval '[ "$st" = 1 ] && pane | grep -qxF "ipctop: open(\"$NOTES\"): File exists (it was not written by ipctop: refusing to overwrite it)"'
check "--log-c on a file ipctop did not write: unchanged" test "$before" = "$(state "$NOTES")"
LOGC=$PLANT/fresh.c
restart 200 30 --log-c "$LOGC"
wait_for "No System V IPC objects" 5
keys q
check "--log-c on a fresh name: exit 0, mode 0600" \
	eval '[ "$(wait_exit 5)" = 0 ] && [ "$(file_mode "$LOGC")" = 600 ]'

# --read-only writes no file.
rm -f ipctop-session.c
restart 200 30 --read-only
wait_for "No System V IPC objects" 5
keys S
check "--read-only: S is refused ('saving the session as a C program is disabled'), no file" \
	eval 'status_has "read-only mode (--read-only): saving the session as a C program is disabled" 3 && [ ! -e ipctop-session.c ]'
keys q; wait_exit 5 >/dev/null
cd / || exit 1
"$IPCTOP_BIN" --read-only --log-c "$PLANT/ro.c" </dev/null >"$T/ro.out" 2>"$T/ro.err"
rc=$?
check "--read-only --log-c: usage error (2), nothing written ($(head -c 150 "$T/ro.err"))" \
	eval '[ $rc = 2 ] && grep -q -- "--log-c writes a file and --read-only writes none" "$T/ro.err" && [ ! -e "$PLANT/ro.c" ]'

# A fresh pidfile (0644) and log (0600), held O_CLOEXEC.
FP=$PLANT/ok.pid FL=$PLANT/ok.log
"$IPCTOP_BIN" --foreground -d 2 --pidfile "$FP" --log "$FL" 2>"$T/ok.err" &
OK=$!; MY_PIDS+=($OK)
started "$T/ok.err"
check "fresh --pidfile: our pid, mode 0644 ($(file_mode "$FP"))" \
	eval '[ "$(cat "$FP")" = "$OK" ] && [ "$(file_mode "$FP")" = 644 ]'
check "fresh --log: mode 0600 ($(file_mode "$FL"))" test "$(file_mode "$FL")" = 600
check "the pidfile and the log are open O_CLOEXEC (/proc/$OK/fdinfo)" eval 'cloexec $OK "$FP" && cloexec $OK "$FL"'
kill -TERM $OK; reap $OK; wait $OK
check "fresh --pidfile/--log: SIGTERM ends it (0) and removes the pidfile" eval '[ $? = 0 ] && [ ! -e "$FP" ]'

# --- --ns on a FIFO ---------------------------------------------------------------------------
NSF=$PLANT/ns-fifo
plant fifo "$NSF"
t0=$(now_ms)
timeout -k 1 5 "$IPCTOP_BIN" --ns "$NSF" --once >"$T/ns.out" 2>"$T/ns.err"
rc=$? ms=$(($(now_ms) - t0))
unblock "$NSF"
check "--ns on a FIFO: exit 1 at once, no hang (rc $rc, $ms ms), 'is not an IPC namespace but a FIFO' ($(head -c 200 "$T/ns.err"))" \
	eval '[ $rc = 1 ] && [ $ms -lt 3000 ] && [ "$(cat "$T/ns.err")" = "ipctop: --ns $NSF: open $NSF: Invalid argument ($NSF is not an IPC namespace but a FIFO)" ] && [ ! -s "$T/ns.out" ]'

# --- disk full: the log holds whole lines only --------------------------------------------------
MNT=$T/small
mkdir "$MNT"
mount -t tmpfs -o size=64k,mode=0755 ipctop-adv-small "$MNT" || { echo "not ok - mount a 64 KiB tmpfs"; exit 1; }
FL=$MNT/events.log
"$IPCTOP_BIN" --watch -d 2 -q --log "$FL" 2>"$T/full.err" &
WP=$!; MY_PIDS+=($WP)
started "$T/full.err"
"$H" mass 5 0 0 0 >/dev/null
until_true 5 eval '[ "$(wc -l <"$FL")" -ge 5 ]'
dd if=/dev/zero of="$MNT/fill" bs=4k 2>/dev/null # until the tmpfs is full
df_free=$(df --output=avail -B1 "$MNT" | tail -n 1 | tr -d ' ')
# Events while full: the log's last page fills, the line across its end is
# cut short by the kernel (ENOSPC), the rest are refused.
for round in 1 2 3; do "$H" mass 30 0 0 0 >/dev/null; sleep 0.5; done
check "the disk filled up (free $df_free bytes) and ipctop said so once ($(grep -c 'No space left' "$T/full.err") lines)" \
	eval '[ "$(grep -c "writing events to $FL: No space left on device (events are lost until writing works again)" "$T/full.err")" = 1 ]'
rm -f "$MNT/fill"
KEYS_AFTER=()
for i in 1 2 3 4 5; do
	k=$(printf '0x7adf00%02x' $i)
	"$H" msg "$k" 0600 >/dev/null
	KEYS_AFTER+=("$k")
done
all_logged() {
	local k
	for k in "${KEYS_AFTER[@]}"; do grep -q "\"key\":\"$k\"" "$FL" || return 1; done
}
check "after freeing space the events are written again (the 5 later queues are in the log)" \
	until_true 5 all_logged
check "ipctop says once that writing works again, with the number of events lost ($(grep 'works again (' "$T/full.err" | head -c 150))" \
	eval '[ "$(grep -c "writing events to $FL works again ([1-9][0-9]* events were lost)" "$T/full.err")" = 1 ]'
kill -TERM $WP; reap $WP; wait $WP
check "disk full: SIGTERM ends it with status 0" test $? = 0
out=$("$PY" - "$FL" <<'EOF'
import json, sys
bad, n = 0, 0
with open(sys.argv[1], "rb") as f:
    data = f.read()
lines = data.split(b"\n")
if lines and lines[-1] == b"":
    lines.pop()
else:
    bad += 1  # the file does not end with a newline
for l in lines:
    n += 1
    try:
        ev = json.loads(l)
        if not isinstance(ev, dict) or "event" not in ev:
            bad += 1
    except ValueError:
        bad += 1
print(n, bad)
EOF
)
check "disk full: every one of the log's lines is a whole JSON event (lines, bad: $out)" \
	eval '[ "${out#* }" = 0 ] && [ "${out% *}" -ge 10 ]'
umount "$MNT"
"$H" rmall
