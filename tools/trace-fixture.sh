#!/bin/bash
# trace-fixture.sh OUT.h — records what the unit tests of src/trace/ parse
# (tests/unit/trace_fixture.h): this kernel's events/header_page and the
# format texts of every event tracedec.h enables, and the raw ring-buffer
# pages (per_cpu/cpu0/trace_pipe_raw) of a known workload. Run as root on a
# machine with tracefs; it uses a private instance "ipctop-fixture" and
# removes it. The workload runs on CPU 0 in a private IPC namespace and
# only its process tree is traced (set_event_pid + event-fork):
#   ipc_helper sem/msg/shm   semget, msgget, shmget (ids 0)
#   trace_helper vp 0 2      V P V P on semaphore set 0
#   trace_helper nowait 0    P with IPC_NOWAIT: EAGAIN
#   trace_helper msg 0 1 16  msgsnd 16 bytes, msgrcv
#   trace_helper shm 0 1     shmat, shmdt
#   unshare --ipc trace_helper private 0x1899   the same calls in another namespace
set -eu
out=${1:?usage: trace-fixture.sh OUT.h}
here=$(cd "$(dirname "$0")/.." && pwd)
root=/sys/kernel/tracing
mountpoint -q $root || mount -t tracefs nodev $root
inst=$root/instances/ipctop-fixture
work=$(mktemp -d /tmp/ipctop-fixture.XXXXXX)
trap 'rmdir "$inst" 2>/dev/null; rm -rf "$work"' EXIT
cc -O1 -o "$work/trace_helper" "$here/tests/e2e/helpers/trace_helper.c"
cc -O1 -o "$work/ipc_helper" "$here/tests/e2e/helpers/ipc_helper.c"
events="syscalls/sys_enter_semop syscalls/sys_exit_semop syscalls/sys_enter_semtimedop syscalls/sys_exit_semtimedop
syscalls/sys_enter_semctl syscalls/sys_exit_semctl syscalls/sys_enter_semget syscalls/sys_exit_semget
syscalls/sys_enter_msgsnd syscalls/sys_exit_msgsnd syscalls/sys_enter_msgrcv syscalls/sys_exit_msgrcv
syscalls/sys_enter_msgctl syscalls/sys_exit_msgctl syscalls/sys_enter_msgget syscalls/sys_exit_msgget
syscalls/sys_enter_shmat syscalls/sys_exit_shmat syscalls/sys_enter_shmdt syscalls/sys_exit_shmdt
syscalls/sys_enter_shmctl syscalls/sys_exit_shmctl syscalls/sys_enter_shmget syscalls/sys_exit_shmget
task/task_newtask task/task_rename syscalls/sys_enter_unshare syscalls/sys_exit_unshare syscalls/sys_enter_setns"
mkdir "$inst"
echo 0 >"$inst/tracing_on"
echo mono >"$inst/trace_clock"
for e in $events; do echo 1 >"$inst/events/$e/enable"; done
echo 1 >"$inst/options/event-fork"
# The workload waits for its pid to be in set_event_pid before starting.
mkfifo "$work/go"
taskset -c 0 unshare --ipc bash -c '
	read -r _ <"$1/go"
	export LINGER_MS=0
	"$1/ipc_helper" sem 0x18f1 1 0600 >/dev/null
	"$1/ipc_helper" msg 0x18f2 0600 >/dev/null
	"$1/ipc_helper" shm 0x18f3 4096 0600 >/dev/null
	"$1/trace_helper" vp 0 2 >/dev/null
	"$1/trace_helper" nowait 0 >/dev/null
	"$1/trace_helper" msg 0 1 16 >/dev/null
	"$1/trace_helper" shm 0 1 >/dev/null
	unshare --ipc "$1/trace_helper" private 0x1899 >/dev/null
	echo $$ >"$1/pid"' _ "$work" &
sleep 0.2
echo $! >"$inst/set_event_pid"
echo 1 >"$inst/tracing_on"
echo go >"$work/go"
wait
echo 0 >"$inst/tracing_on"
# Pages until the pipe is empty (EAGAIN ends dd with an error).
dd if="$inst/per_cpu/cpu0/trace_pipe_raw" of="$work/cpu0.raw" bs=4096 iflag=nonblock 2>/dev/null || true
python3 - "$out" "$root" "$work/cpu0.raw" "$(cat "$work/pid")" $events <<'EOF'
import sys
out, root, raw, pid, events = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
def c_string(text):
    lines = text.split('\n')
    body = []
    for i, l in enumerate(lines):
        if i == len(lines) - 1 and l == '':
            break
        esc = l.replace('\\', '\\\\').replace('"', '\\"').replace('\t', '\\t')
        body.append('\t"%s\\n"' % esc)
    return '\n'.join(body)
with open(out, 'w') as f:
    f.write('/* trace_fixture.h — recorded by tools/trace-fixture.sh on Linux %s:\n' % open('/proc/sys/kernel/osrelease').read().strip())
    f.write(' * the format texts of the events ipctop enables and raw pages of a\n')
    f.write(' * known workload (see the script). Generated: do not edit. */\n')
    f.write('#ifndef TRACE_FIXTURE_H\n#define TRACE_FIXTURE_H\n\n#include <stddef.h>\n\n')
    f.write('/* The shell that ran the workload (its children are the helpers). */\n')
    f.write('#define FX_SHELL_PID %s\n\n' % pid)
    f.write('static const char fx_header_page[] =\n%s;\n\n' % c_string(open(root + '/events/header_page').read()))
    f.write('static const char *const fx_formats[] = {\n')
    for e in events:
        f.write('%s,\n' % c_string(open('%s/events/%s/format' % (root, e)).read()))
    f.write('};\n\n')
    data = open(raw, 'rb').read()
    f.write('#define FX_PAGE_SIZE 4096\n')
    f.write('static const unsigned char fx_pages[%d] = {\n' % len(data))
    for i in range(0, len(data), 16):
        f.write('\t' + ', '.join('0x%02x' % b for b in data[i:i + 16]) + ',\n')
    f.write('};\n\n#endif\n')
EOF
echo "wrote $out ($(stat -c %s "$work/cpu0.raw") bytes of pages)"
