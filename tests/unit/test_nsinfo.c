/* test_nsinfo.c — unit tests of src/proc/nsinfo.c: the "ipc:[N]" link parser; a
 * child that unshares its IPC namespace and holds a message queue shows up
 * in nsinfo_list as its own namespace; other forked children enter it by
 * pid and by path and see the child's queue and not ours (the test process
 * itself never moves); error messages for a missing pid, a namespace file
 * of the wrong type, and an unprivileged caller. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc/nsinfo.h"
#include "model/snapshot.h"
#include "test_io.h"

/* A FIFO given as the namespace must not hang the run. */
TestSuite(nsinfo, .timeout = 30);

Test(nsinfo_parse, links)
{
	cr_assert_eq(nsinfo_parse_link("ipc:[4026531839]"), 4026531839u);
	cr_assert_eq(nsinfo_parse_link("ipc:[1]"), 1u);
	cr_assert_eq(nsinfo_parse_link("ipc:[]"), 0u);
	cr_assert_eq(nsinfo_parse_link("net:[4026531839]"), 0u);
	cr_assert_eq(nsinfo_parse_link("ipc:[12"), 0u);
	cr_assert_eq(nsinfo_parse_link("ipc:[12]x"), 0u);
	cr_assert_eq(nsinfo_parse_link("ipc:[99999999999999999999999]"), 0u);
	cr_assert_eq(nsinfo_parse_link(""), 0u);
}

static uint64_t ns_inode(pid_t pid)
{
	char path[64], link[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)pid);
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	cr_assert_gt(n, 0, "readlink %s: %s", path, strerror(errno));
	link[n] = '\0';
	return nsinfo_parse_link(link);
}

static void xwrite(int fd, const void *p, size_t n)
{
	ssize_t r;
	do
		r = write(fd, p, n);
	while (r < 0 && errno == EINTR);
	if (r != (ssize_t)n)
		_exit(3);
}

static void reap(pid_t pid)
{
	int st;
	pid_t r;
	do
		r = waitpid(pid, &st, 0);
	while (r < 0 && errno == EINTR);
	cr_assert_eq(r, pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child %d status %d", (int)pid, st);
}

/* The namespace holder: its own IPC namespace with a queue of key `key`;
 * says 'r' when ready, exits when `hold` closes. */
static pid_t spawn_holder(int key, int *hold_w)
{
	int rd[2], hold[2];
	cr_assert_eq(pipe(rd), 0);
	cr_assert_eq(pipe(hold), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(rd[0]);
		close(hold[1]);
		if (unshare(CLONE_NEWIPC) < 0 || msgget(key, IPC_CREAT | 0600) < 0)
			_exit(2);
		xwrite(rd[1], "r", 1);
		char c;
		while (read(hold[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(rd[1]);
	close(hold[0]);
	char c = 0;
	cr_assert_eq(read_full(rd[0], &c, 1), 1u, "holder failed to set up its namespace");
	cr_assert_eq(c, 'r');
	close(rd[0]);
	*hold_w = hold[1];
	return pid;
}

struct visit {
	int rc, err;
	int seen_key[2];
	int method; /* how the queues were read */
	char msg[256];
};

/* In a forked child: nsinfo_enter(spec), then snapshot_read; reports
 * whether queues with keys[0] and keys[1] are visible. */
static struct visit visit(const char *spec, const int keys[2], uid_t as_uid)
{
	int p[2];
	cr_assert_eq(pipe(p), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(p[0]);
		struct visit v;
		memset(&v, 0, sizeof(v));
		if (as_uid && setuid(as_uid) < 0)
			_exit(4);
		v.rc = nsinfo_enter(spec, v.msg, sizeof(v.msg));
		v.err = v.rc < 0 ? errno : 0;
		struct snapshot s = { 0 };
		if (v.rc == 0 && snapshot_read(&s, KIND_BIT(KIND_MSG), 0) == 0)
			v.method = (int)s.method[KIND_MSG];
		for (size_t i = 0; i < s.count; i++)
			for (int k = 0; k < 2; k++)
				if (s.objs[i].key == keys[k])
					v.seen_key[k] = 1;
		snapshot_free(&s);
		xwrite(p[1], &v, sizeof(v));
		_exit(0);
	}
	close(p[1]);
	struct visit v;
	cr_assert_eq(read_full(p[0], &v, sizeof(v)), sizeof(v), "visitor died");
	close(p[0]);
	reap(pid);
	return v;
}

Test(nsinfo, list_and_enter_other_namespace)
{
	int keys[2] = { 0x6e500000 | (getpid() & 0xffff), 0x6e510000 | (getpid() & 0xffff) };
	int ours = msgget(keys[1], IPC_CREAT | IPC_EXCL | 0600);
	cr_assert_geq(ours, 0, "msgget: %s", strerror(errno));
	uint64_t self_ns = ns_inode(getpid());
	int hold;
	pid_t holder = spawn_holder(keys[0], &hold);
	uint64_t other_ns = ns_inode(holder);
	cr_assert_neq(other_ns, self_ns);

	struct nsinfo_list l = { 0 };
	cr_assert_eq(nsinfo_list(&l), 0, "nsinfo_list: %s", strerror(errno));
	const struct nsinfo_entry *mine = NULL, *theirs = NULL;
	for (size_t i = 0; i < l.count; i++) {
		if (i)
			cr_assert_lt(l.v[i - 1].inode, l.v[i].inode, "sorted by inode, distinct");
		if (l.v[i].inode == self_ns)
			mine = &l.v[i];
		if (l.v[i].inode == other_ns)
			theirs = &l.v[i];
	}
	cr_assert_not_null(mine);
	cr_assert(mine->self);
	cr_assert_geq(mine->nprocs, 1);
	cr_assert_not_null(theirs, "namespace of pid %d not listed", (int)holder);
	cr_assert(!theirs->self);
	cr_assert_eq(theirs->nprocs, 1);
	cr_assert_eq(theirs->pid, holder);
	cr_assert_str_neq(theirs->comm, "");
	nsinfo_free(&l);

	char spec[64];
	snprintf(spec, sizeof(spec), "%d", (int)holder);
	struct visit v = visit(spec, keys, 0);
	cr_assert_eq(v.rc, 0, "enter by pid: %s", v.msg);
	cr_assert_str_eq(v.msg, "");
	cr_assert(v.seen_key[0], "the holder's queue is visible inside its namespace");
	cr_assert_eq(v.method, SCAN_PROC, "read from /proc/sysvipc/msg, opened after setns");
	cr_assert(!v.seen_key[1], "our queue is not");

	snprintf(spec, sizeof(spec), "/proc/%d/ns/ipc", (int)holder);
	v = visit(spec, keys, 0);
	cr_assert_eq(v.rc, 0, "enter by path: %s", v.msg);
	cr_assert(v.seen_key[0] && !v.seen_key[1]);

	cr_assert_eq(ns_inode(getpid()), self_ns, "the test process stayed put");
	if (getuid() == 0) {
		snprintf(spec, sizeof(spec), "%d", (int)holder);
		v = visit(spec, keys, 65534);
		cr_assert_eq(v.rc, -1);
		cr_assert(v.err == EACCES || v.err == EPERM, "errno %d", v.err);
		char want[160];
		snprintf(want, sizeof(want), "open /proc/%d/ns/ipc: %s (not allowed", (int)holder,
			 strerror(v.err));
		cr_assert_eq(strncmp(v.msg, want, strlen(want)), 0, "got \"%s\"", v.msg);
		v = visit("/proc/self/ns/ipc", keys, 65534);
		cr_assert_eq(v.rc, -1);
		cr_assert_eq(v.err, EPERM);
		cr_assert_str_eq(v.msg, "setns: Operation not permitted (need CAP_SYS_ADMIN (run as root) to "
					"enter another IPC namespace)");
	}

	close(hold);
	reap(holder);
	cr_assert_eq(msgctl(ours, IPC_RMID, NULL), 0);
}

Test(nsinfo, enter_errors)
{
	char err[256];
	cr_assert_eq(nsinfo_enter("999999999", err, sizeof(err)), -1);
	cr_assert_eq(errno, ENOENT);
	cr_assert_str_eq(err, "open /proc/999999999/ns/ipc: No such file or directory (no process 999999999)");
	cr_assert_eq(nsinfo_enter("/nonexistent/ns", err, sizeof(err)), -1);
	cr_assert_str_eq(err, "open /nonexistent/ns: No such file or directory (no such namespace file)");
	cr_assert_eq(nsinfo_enter("/proc/self/ns/net", err, sizeof(err)), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_str_eq(err, "setns: Invalid argument (/proc/self/ns/net is not an IPC namespace)");
	/* A FIFO: refused at once (an open without O_NONBLOCK would hang). */
	char fifo[64], want[256];
	snprintf(fifo, sizeof(fifo), "/tmp/ipctop-nsfifo.%d", (int)getpid());
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	cr_assert_eq(nsinfo_enter(fifo, err, sizeof(err)), -1);
	cr_assert_eq(errno, EINVAL);
	snprintf(want, sizeof(want), "open %s: Invalid argument (%s is not an IPC namespace but a FIFO)", fifo, fifo);
	cr_assert_str_eq(err, want);
	unlink(fifo);
	cr_assert_eq(nsinfo_enter("/dev/null", err, sizeof(err)), -1);
	cr_assert_str_eq(err, "open /dev/null: Invalid argument (/dev/null is not an IPC namespace but a character device)");
	cr_assert_eq(nsinfo_enter("", err, sizeof(err)), -1);
	cr_assert_eq(errno, EINVAL);
	uint64_t before = ns_inode(getpid());
	cr_assert_eq(nsinfo_enter("/proc/self/ns/ipc", err, sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(err, "");
	cr_assert_eq(ns_inode(getpid()), before, "entering our own namespace changes nothing");
}

Test(nsinfo_parse, cgroup_names)
{
	char b[64];
	cr_assert_str_eq(nsinfo_parse_cgroup("0::/system.slice/docker-1f2e.scope\n", b, sizeof(b)), "docker-1f2e.scope");
	cr_assert_str_eq(nsinfo_parse_cgroup("0::/lxc.payload.c1/\n", b, sizeof(b)), "lxc.payload.c1");
	cr_assert_str_eq(nsinfo_parse_cgroup("0::/\n", b, sizeof(b)), "", "the root is no container");
	/* cgroup v1 (this sandbox's kind): the first hierarchy not at its root;
	 * a v2 path not at the root wins over every v1 one. */
	cr_assert_str_eq(nsinfo_parse_cgroup("9:name=systemd:/\n4:memory:/process_api/f228ffad\n1:cpu:/\n0::/\n", b,
					     sizeof(b)), "f228ffad");
	cr_assert_str_eq(nsinfo_parse_cgroup("4:memory:/docker/abc\n0::/kubepods/pod1/c2\n", b, sizeof(b)), "c2");
	cr_assert_str_eq(nsinfo_parse_cgroup("", b, sizeof(b)), "");
	cr_assert_str_eq(nsinfo_parse_cgroup("garbage without colons\n", b, sizeof(b)), "");
	cr_assert_str_eq(nsinfo_parse_cgroup("0::/a/0123456789abcdef", b, 8), "0123456", "cut to the buffer");
}

/* The namespace's example is its most telling process: not the launcher
 * that made it (here a child of ours named "unshare", the lowest pid in
 * it), but the oldest of the others (its child, not the younger grandchild). */
Test(nsinfo, example_is_the_oldest_telling_process)
{
	int rd[2], hold[2];
	cr_assert_eq(pipe(rd), 0);
	cr_assert_eq(pipe(hold), 0);
	pid_t launcher = fork();
	cr_assert_geq(launcher, 0);
	if (launcher == 0) {
		close(rd[0]);
		close(hold[1]);
		if (unshare(CLONE_NEWIPC) < 0 || prctl(PR_SET_NAME, "unshare") < 0)
			_exit(2);
		pid_t kids[2];
		for (int k = 0; k < 2; k++) {
			kids[k] = fork();
			if (kids[k] < 0)
				_exit(2);
			if (kids[k] == 0) {
				prctl(PR_SET_NAME, k ? "younger" : "telling");
				pid_t me = getpid();
				xwrite(rd[1], &me, sizeof(me));
				char c;
				while (read(hold[0], &c, 1) < 0 && errno == EINTR)
					;
				_exit(0);
			}
			usleep(20000); /* a later start time, in clock ticks */
		}
		for (int k = 0; k < 2; k++)
			while (waitpid(kids[k], NULL, 0) < 0 && errno == EINTR)
				;
		_exit(0);
	}
	close(rd[1]);
	close(hold[0]);
	pid_t kids[2];
	cr_assert_eq(read_full(rd[0], kids, sizeof(kids)), sizeof(kids), "the launcher's children did not start");
	close(rd[0]);
	uint64_t ns = ns_inode(kids[0]);
	cr_assert_eq(ns_inode(launcher), ns);

	struct nsinfo_list l = { 0 };
	cr_assert_eq(nsinfo_list(&l), 0, "nsinfo_list: %s", strerror(errno));
	const struct nsinfo_entry *e = NULL;
	for (size_t i = 0; i < l.count; i++)
		if (l.v[i].inode == ns)
			e = &l.v[i];
	cr_assert_not_null(e);
	cr_assert_eq(e->nprocs, 3);
	cr_assert_lt(launcher, kids[0], "the launcher has the lowest pid");
	cr_assert_eq(e->pid, kids[0], "example pid %d, want %d (the launcher is %d)", (int)e->pid, (int)kids[0],
		     (int)launcher);
	cr_assert_str_eq(e->comm, "telling");
	char path[64], text[4096], want[64];
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)kids[0]);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	cr_assert_str_eq(e->cgroup, nsinfo_parse_cgroup(text, want, sizeof(want)), "its cgroup as /proc says");
	nsinfo_free(&l);
	close(hold[1]);
	reap(launcher);
}
