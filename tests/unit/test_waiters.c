/* test_waiters.c — unit tests of src/model/waiters.c, procscan.c's waiter
 * part and history.c: the /proc/PID/syscall parser and decoder, the
 * operation a semop waits on, the operation texts; then real children
 * blocked in semop P on semaphore 2, waiting for zero, in msgrcv for type 7,
 * in msgsnd on a full queue and in a second thread, found with their pids,
 * objects and operations and checked against GETNCNT/GETZCNT; a stopped
 * one is not a waiter; two children taking two semaphores in opposite
 * order are a deadlock with their holders inferred, gone after a V; the
 * waiting since of a wait is kept across snapshots. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/history.h"
#include "model/procscan.h"
#include "model/snapshot.h"
#include "model/waiters.h"
#include "proc/procinfo.h"

union semun_arg {
	int val;
	unsigned short *array;
};

/* ---- parsing and decoding ---- */

Test(waiters_parse, syscall_lines)
{
	long nr = -5;
	uint64_t a[6] = { 0 };
	cr_assert_eq(waiters_parse_syscall("220 0x1 0x7ffe732f8e60 0x1 0x0 0x0 0x7ffe732f8d77 0x7ffe732f8e58 0x7f602295a5da\n",
					   &nr, a), 1);
	cr_assert_eq(nr, 220);
	cr_assert_eq(a[0], 1);
	cr_assert_eq(a[1], 0x7ffe732f8e60);
	cr_assert_eq(a[2], 1);
	cr_assert_eq(a[3], 0);
	cr_assert_eq(waiters_parse_syscall("70 0x0 0x7f60 0x2000 0xffffffffffffffff 0x1000 0x0 0x1 0x2", &nr, a), 1,
		     "no newline; a negative msgtyp");
	cr_assert_eq((long)a[3], -1L);
	static const char *const bad[] = {
		"running\n", "-1 0x7ffe 0x7f60\n", "", "220\n", "220 0x1 0x2 0x3 0x4 0x5 0x6 0x7\n",
		"220 0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x8 0x9\n", "220 1 0x2 0x3 0x4 0x5 0x6 0x7 0x8\n",
		"220 0x 0x2 0x3 0x4 0x5 0x6 0x7 0x8\n", "220 0x10000000000000000 0x2 0x3 0x4 0x5 0x6 0x7 0x8\n",
		"99999999999999999999 0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x8\n", "220  0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x8\n",
		"220 0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x8 \n", "220 0xG 0x2 0x3 0x4 0x5 0x6 0x7 0x8\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		nr = -5;
		cr_assert_eq(waiters_parse_syscall(bad[i], &nr, a), 0, "accepted \"%s\"", bad[i]);
		cr_assert_eq(nr, -5, "nr set by \"%s\"", bad[i]);
	}
}

Test(waiters_parse, decode_by_build_numbers)
{
	struct waiter w;
	uint64_t a[6] = { 3, 0x1000, 2, 0, 0, 0 };
#ifdef SYS_semtimedop
	memset(&w, 0, sizeof(w));
	cr_assert_eq(waiters_decode(SYS_semtimedop, a, &w), 1);
	cr_assert_eq(w.call, WAIT_SEMTIMEDOP);
	cr_assert_eq(w.id, 3);
	cr_assert_eq(w.nsops, 2);
	cr_assert(!w.timed, "no timeout argument");
	a[3] = 0x7ffe0000;
	cr_assert_eq(waiters_decode(SYS_semtimedop, a, &w), 1);
	cr_assert(w.timed);
#endif
#ifdef SYS_msgrcv
	uint64_t r[6] = { 4, 0x1000, 8192, 7, 010000, 0 };
	memset(&w, 0, sizeof(w));
	cr_assert_eq(waiters_decode(SYS_msgrcv, r, &w), 1);
	cr_assert_eq(w.call, WAIT_MSGRCV);
	cr_assert_eq(w.id, 4);
	cr_assert_eq(w.msgsz, 8192);
	cr_assert_eq(w.msgtyp, 7);
	cr_assert_eq(w.msgflg, MSG_NOERROR);
#endif
#ifdef SYS_msgsnd
	uint64_t sn[6] = { 5, 0x1000, 100, IPC_NOWAIT, 0, 0 };
	memset(&w, 0, sizeof(w));
	cr_assert_eq(waiters_decode(SYS_msgsnd, sn, &w), 1);
	cr_assert_eq(w.call, WAIT_MSGSND);
	cr_assert_eq(w.msgsz, 100);
	cr_assert_eq(w.msgflg, IPC_NOWAIT);
#endif
#ifdef SYS_read
	cr_assert_eq(waiters_decode(SYS_read, a, &w), 0, "read(2) waits on no IPC object");
#endif
	uint64_t neg[6] = { 0xffffffff, 0, 1, 0, 0, 0 };
#ifdef SYS_semtimedop
	cr_assert_eq(waiters_decode(SYS_semtimedop, neg, &w), 0, "id -1 is no object");
#endif
	cr_assert_eq(waiters_decode(-1, neg, &w), 0);
}

Test(waiters_parse, blocking_operation)
{
	struct ipc_semval v[3] = { { .value = 1 }, { .value = 0 }, { .value = 2 } };
	struct waiter_op p1[] = { { 1, -1, 0 } };
	cr_assert_eq(waiters_blocking_op(p1, 1, v, 3), 0, "P on a 0");
	struct waiter_op ok[] = { { 0, -1, 0 }, { 2, -2, 0 } };
	cr_assert_eq(waiters_blocking_op(ok, 2, v, 3), -1, "both can be done");
	struct waiter_op second[] = { { 0, -1, 0 }, { 1, -1, 0 } };
	cr_assert_eq(waiters_blocking_op(second, 2, v, 3), 1, "the second, on sem 1");
	struct waiter_op twice[] = { { 0, -1, 0 }, { 0, -1, 0 } };
	cr_assert_eq(waiters_blocking_op(twice, 2, v, 3), 1, "the first P took sem 0's only unit");
	struct waiter_op zero[] = { { 2, 0, 0 } };
	cr_assert_eq(waiters_blocking_op(zero, 1, v, 3), 0, "wait for zero on a 2");
	struct waiter_op vthenz[] = { { 1, 1, 0 }, { 1, 0, 0 } };
	cr_assert_eq(waiters_blocking_op(vthenz, 2, v, 3), 1, "V then wait for zero on the same");
	struct waiter_op past[] = { { 3, -1, 0 } };
	cr_assert_eq(waiters_blocking_op(past, 1, v, 3), -1, "no semaphore 3");
}

Test(waiters_parse, operation_texts)
{
	char buf[96];
	struct waiter w = { .call = WAIT_SEMTIMEDOP, .nsops = 1, .nops = 1, .ops = { { 2, -1, 0 } }, .blocking = 0 };
	cr_assert_str_eq(waiters_op_text(&w, buf, sizeof(buf)), "P on sem 2 (needs >= 1)");
	w.ops[0].op = 0;
	cr_assert_str_eq(waiters_op_text(&w, buf, sizeof(buf)), "wait-for-zero on sem 2");
	w = (struct waiter){ .call = WAIT_SEMOP, .nsops = 3, .nops = 3, .ops = { { 0, -1, 0 }, { 1, -2, 0 } }, .blocking = 1 };
	cr_assert_str_eq(waiters_op_text(&w, buf, sizeof(buf)), "P on sem 1 (needs >= 2), op 2 of 3");
	w = (struct waiter){ .call = WAIT_SEMOP, .nsops = 3, .blocking = -1 };
	cr_assert_str_eq(waiters_op_text(&w, buf, sizeof(buf)), "semop of 3 ops (not readable)");
	w = (struct waiter){ .call = WAIT_MSGRCV, .msgtyp = 7, .msgsz = 8192 };
	cr_assert_str_eq(waiters_op_text(&w, buf, sizeof(buf)), "msgrcv type 7, 8192 bytes");
	w = (struct waiter){ .call = WAIT_MSGSND, .msgsz = 100 };
	cr_assert_str_eq(waiters_op_text(&w, buf, sizeof(buf)), "msgsnd 100 bytes");
	w.typed = true;
	w.msgtyp = 3;
	cr_assert_str_eq(waiters_op_text(&w, buf, sizeof(buf)), "msgsnd type 3, 100 bytes");
	const char *names[8];
	cr_assert_eq(waiters_flag_names(IPC_NOWAIT | SEM_UNDO | 0x40000000, true, names, 8), 2);
	cr_assert_str_eq(names[0], "IPC_NOWAIT");
	cr_assert_str_eq(names[1], "SEM_UNDO");
	cr_assert_eq(waiters_flag_names(MSG_NOERROR | SEM_UNDO, false, names, 8), 1, "SEM_UNDO is no msg flag");
	cr_assert_str_eq(names[0], "MSG_NOERROR");
}

/* ---- real children ---- */

static const struct timespec SCAN_TIME = { 1700000000, 0 };

static int new_set(int nsems, const unsigned short *vals)
{
	int id = semget(IPC_PRIVATE, nsems, IPC_CREAT | 0600);
	cr_assert_geq(id, 0, "semget: %s", strerror(errno));
	union semun_arg arg = { .array = (unsigned short *)vals };
	cr_assert_eq(semctl(id, 0, SETALL, arg), 0);
	return id;
}

static void sem_do(int semid, unsigned short num, short op)
{
	struct sembuf sb = { num, op, 0 };
	while (semop(semid, &sb, 1) < 0)
		if (errno != EINTR)
			_exit(9);
}

/* fork(), the child dying with the test process: a failed assertion ends
 * the test before its children are killed, and a stopped one would stay. */
static pid_t fork_child(void)
{
	pid_t parent = getpid(), pid = fork();
	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0 && (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent))
		_exit(7);
	return pid;
}

/* A child that does op on semaphore num (blocking), then exits 0. */
static pid_t sem_child(int semid, unsigned short num, short op)
{
	pid_t pid = fork_child();
	if (pid == 0) {
		sem_do(semid, num, op);
		_exit(0);
	}
	return pid;
}

static int kernel_waiting(int semid, int num, int cmd)
{
	return semctl(semid, num, cmd);
}

/* Waits (5 s at most) until GETNCNT or GETZCNT of the semaphore is want. */
static void await_count(int semid, int num, int cmd, int want)
{
	for (int i = 0; i < 500 && kernel_waiting(semid, num, cmd) != want; i++)
		usleep(10000);
	cr_assert_eq(kernel_waiting(semid, num, cmd), want, "the kernel's count never reached %d", want);
}

/* Waits until pid sleeps in a function whose name holds `fn`. */
static void await_wchan(pid_t pid, const char *fn)
{
	char path[64], text[128] = "";
	snprintf(path, sizeof(path), "/proc/%d/wchan", (int)pid);
	for (int i = 0; i < 500; i++) {
		if (procinfo_slurp(path, text, sizeof(text)) > 0 && strstr(text, fn))
			return;
		usleep(10000);
	}
	cr_assert_fail("pid %d never slept in %s (wchan \"%s\")", (int)pid, fn, text);
}

static void end_child(pid_t pid)
{
	kill(pid, SIGKILL);
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
}

static const struct waiter *only_waiter_on(const struct waiter_table *t, enum ipc_kind kind, int id)
{
	size_t n;
	const struct waiter *w = waiters_find(t, kind, id, &n);
	cr_assert_eq(n, 1, "%zu waiters on %s %d, want 1", n, kind_name(kind), id);
	return w;
}

Test(waiters_scan, p_on_semaphore_2_and_wait_for_zero)
{
	static const unsigned short vals[3] = { 1, 5, 0 };
	int semid = new_set(3, vals);
	pid_t p = sem_child(semid, 2, -1), z = sem_child(semid, 0, 0);
	await_count(semid, 2, GETNCNT, 1);
	await_count(semid, 0, GETZCNT, 1);
	struct waiter_table t = { 0 };
	cr_assert_eq(procscan_run(NULL, &t, PROCSCAN_WAITERS, &SCAN_TIME), 0, "procscan_run: %s", strerror(errno));
	cr_assert_gt(t.procs, 2);
	size_t n;
	const struct waiter *w = waiters_find(&t, KIND_SEM, semid, &n);
	cr_assert_eq(n, 2, "GETNCNT 1 + GETZCNT 1, found %zu", n);
	const struct waiter *wp = w[0].pid == p ? &w[0] : &w[1], *wz = w[0].pid == p ? &w[1] : &w[0];
	cr_assert_eq(wp->pid, p);
	cr_assert_eq(wp->tid, p);
	cr_assert(wp->call == WAIT_SEMOP || wp->call == WAIT_SEMTIMEDOP);
	cr_assert_eq(wp->nsops, 1);
	cr_assert_eq(wp->nops, 1, "the sembuf array was read");
	cr_assert_eq(wp->ops[0].num, 2);
	cr_assert_eq(wp->ops[0].op, -1);
	cr_assert_eq(wp->ops[0].flg, 0);
	cr_assert(!wp->timed);
	cr_assert_eq(wp->since.tv_sec, SCAN_TIME.tv_sec, "first seen now");
	cr_assert_eq(wz->pid, z);
	cr_assert_eq(wz->ops[0].num, 0);
	cr_assert_eq(wz->ops[0].op, 0);
	cr_assert_null(waiters_find(&t, KIND_MSG, semid, &n), "a semop waits on a set, not a queue");
	end_child(p);
	end_child(z);
	await_count(semid, 2, GETNCNT, 0);
	cr_assert_eq(procscan_run(NULL, &t, PROCSCAN_WAITERS, &SCAN_TIME), 0);
	cr_assert_null(waiters_find(&t, KIND_SEM, semid, &n), "gone with them");
	waiters_free(&t);
	cr_assert_eq(semctl(semid, 0, IPC_RMID), 0);
}

Test(waiters_scan, msgrcv_type_7_and_msgsnd_on_a_full_queue)
{
	int empty = msgget(IPC_PRIVATE, IPC_CREAT | 0600), full = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	cr_assert_geq(empty, 0);
	cr_assert_geq(full, 0);
	struct msqid_ds ds;
	cr_assert_eq(msgctl(full, IPC_STAT, &ds), 0);
	ds.msg_qbytes = 64;
	cr_assert_eq(msgctl(full, IPC_SET, &ds), 0);
	struct {
		long mtype;
		char text[8192];
	} m = { 1, "x" };
	cr_assert_eq(msgsnd(full, &m, 64, IPC_NOWAIT), 0);
	pid_t r = fork_child();
	if (r == 0) {
		msgrcv(empty, &m, 8192, 7, 0);
		_exit(0);
	}
	pid_t s = fork_child();
	if (s == 0) {
		m.mtype = 3;
		msgsnd(full, &m, 10, 0);
		_exit(0);
	}
	await_wchan(r, "msgrcv");
	await_wchan(s, "msgsnd");
	struct waiter_table t = { 0 };
	cr_assert_eq(procscan_run(NULL, &t, PROCSCAN_WAITERS, &SCAN_TIME), 0);
	const struct waiter *w = only_waiter_on(&t, KIND_MSG, empty);
	cr_assert_eq(w->pid, r);
	cr_assert_eq(w->call, WAIT_MSGRCV);
	cr_assert_eq(w->msgtyp, 7);
	cr_assert_eq(w->msgsz, 8192);
	w = only_waiter_on(&t, KIND_MSG, full);
	cr_assert_eq(w->pid, s);
	cr_assert_eq(w->call, WAIT_MSGSND);
	cr_assert_eq(w->msgsz, 10);
	cr_assert(w->typed, "the message's type was read from its memory");
	cr_assert_eq(w->msgtyp, 3);
	waiters_free(&t);
	end_child(r);
	end_child(s);
	cr_assert_eq(msgctl(empty, IPC_RMID, NULL), 0);
	cr_assert_eq(msgctl(full, IPC_RMID, NULL), 0);
}

static void *thread_p(void *arg)
{
	sem_do(*(int *)arg, 0, -1);
	return NULL;
}

/* A P in a second thread: /proc/PID/syscall shows the main thread only;
 * PROCSCAN_THREADS finds it under its tid. */
Test(waiters_scan, waiter_in_a_second_thread)
{
	static const unsigned short vals[1] = { 0 };
	static int semid;
	semid = new_set(1, vals);
	pid_t pid = fork_child();
	if (pid == 0) {
		pthread_t th;
		if (pthread_create(&th, NULL, thread_p, &semid) != 0)
			_exit(3);
		for (;;)
			pause();
	}
	await_count(semid, 0, GETNCNT, 1);
	struct waiter_table t = { 0 };
	size_t n;
	cr_assert_eq(procscan_run(NULL, &t, PROCSCAN_WAITERS, &SCAN_TIME), 0);
	cr_assert_null(waiters_find(&t, KIND_SEM, semid, &n), "main threads only: not seen");
	cr_assert_eq(procscan_run(NULL, &t, PROCSCAN_WAITERS | PROCSCAN_THREADS, &SCAN_TIME), 0);
	const struct waiter *w = only_waiter_on(&t, KIND_SEM, semid);
	cr_assert_eq(w->pid, pid);
	cr_assert_neq(w->tid, pid, "the thread's own id");
	cr_assert_eq(w->ops[0].op, -1);
	waiters_free(&t);
	end_child(pid);
	cr_assert_eq(semctl(semid, 0, IPC_RMID), 0);
}

/* Stopped inside semop, a process no longer waits (GETNCNT 0): its syscall
 * file still names semtimedop, its wchan does not. */
Test(waiters_scan, stopped_process_is_no_waiter)
{
	static const unsigned short vals[1] = { 0 };
	int semid = new_set(1, vals);
	pid_t pid = sem_child(semid, 0, -1);
	await_count(semid, 0, GETNCNT, 1);
	cr_assert_eq(kill(pid, SIGSTOP), 0);
	await_count(semid, 0, GETNCNT, 0);
	struct waiter_table t = { 0 };
	size_t n;
	cr_assert_eq(procscan_run(NULL, &t, PROCSCAN_WAITERS, &SCAN_TIME), 0);
	cr_assert_null(waiters_find(&t, KIND_SEM, semid, &n), "a stopped process is listed");
	cr_assert_eq(kill(pid, SIGCONT), 0);
	await_count(semid, 0, GETNCNT, 1);
	cr_assert_eq(procscan_run(NULL, &t, PROCSCAN_WAITERS, &SCAN_TIME), 0);
	cr_assert_eq(only_waiter_on(&t, KIND_SEM, semid)->pid, pid, "waiting again once continued");
	waiters_free(&t);
	end_child(pid);
	cr_assert_eq(semctl(semid, 0, IPC_RMID), 0);
}

/* ---- holders, deadlocks, history (through snapshots) ---- */

/* Takes `first`, says so on fd, waits until `second` is 0 (the other one
 * holds it), takes it. */
static pid_t locker(int semid, unsigned short first, unsigned short second, int fd)
{
	pid_t pid = fork_child();
	if (pid == 0) {
		sem_do(semid, first, -1);
		if (write(fd, "h", 1) != 1)
			_exit(4);
		while (semctl(semid, second, GETVAL) != 0)
			usleep(1000);
		sem_do(semid, second, -1);
		_exit(0);
	}
	return pid;
}

static const struct ipc_object *set_of(const struct snapshot *s, int semid)
{
	const struct ipc_object *o = snapshot_find(s, KIND_SEM, semid);
	cr_assert_not_null(o);
	return o;
}

Test(waiters_deadlock, opposite_order_then_a_v)
{
	static const unsigned short vals[2] = { 1, 1 };
	int semid = new_set(2, vals);
	int p[2];
	cr_assert_eq(pipe(p), 0);
	pid_t a = locker(semid, 0, 1, p[1]), b = locker(semid, 1, 0, p[1]);
	char c;
	cr_assert_eq(read(p[0], &c, 1), 1);
	cr_assert_eq(read(p[0], &c, 1), 1);
	await_count(semid, 0, GETNCNT, 1);
	await_count(semid, 1, GETNCNT, 1);
	struct snapshot s = { 0 };
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_WAITERS), 0);
	cr_assert(s.waiters_read);
	const struct ipc_object *o = set_of(&s, semid);
	cr_assert_eq(o->u.sem.wait.waiters, 2);
	cr_assert(o->u.sem.wait.deadlock);
	cr_assert_eq(o->u.sem.ncnt, 1 + 1, "the counts of a set waited on are read");
	cr_assert_eq(s.waiters.deadlocks.count, 1, "one cycle");
	size_t len;
	const struct wait_edge *e = waitgraph_cycle(&s.waiters.deadlocks, 0, &len);
	cr_assert_eq(len, 2);
	pid_t lo = a < b ? a : b, hi = a < b ? b : a;
	cr_assert_eq(e[0].waiter, lo);
	cr_assert_eq(e[0].holder, hi);
	cr_assert_eq(e[1].waiter, hi);
	cr_assert_eq(e[1].holder, lo);
	cr_assert_eq(e[0].semid, semid);
	cr_assert_eq(e[0].semnum, lo == a ? 1u : 0u, "a waits for sem 1, b for sem 0");
	size_t n;
	const struct waiter *w = waiters_find(&s.waiters, KIND_SEM, semid, &n);
	for (size_t i = 0; i < n; i++) {
		cr_assert(w[i].deadlock);
		cr_assert_eq(w[i].holder, w[i].pid == a ? b : a, "the holder is the other one (its sempid)");
		cr_assert_not_null(snapshot_command(&s, w[i].pid), "commands of waiters are read");
		cr_assert_not_null(snapshot_command(&s, w[i].holder), "and of holders");
	}
	/* A V on sem 0: b takes it and goes; a then gets sem 1 from b. */
	struct sembuf v = { 0, 1, 0 };
	cr_assert_eq(semop(semid, &v, 1), 0);
	int st;
	cr_assert_eq(waitpid(b, &st, 0), b);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_WAITERS), 0);
	cr_assert_eq(s.waiters.deadlocks.count, 0, "resolved");
	cr_assert(!set_of(&s, semid)->u.sem.wait.deadlock);
	snapshot_free(&s);
	end_child(a);
	close(p[0]);
	close(p[1]);
	cr_assert_eq(semctl(semid, 0, IPC_RMID), 0);
}

/* The holder is only a guess from sempid: none when that process is gone,
 * or when the value is not 0. */
Test(waiters_deadlock, holder_only_alive_and_at_zero)
{
	static const unsigned short vals[1] = { 1 };
	int semid = new_set(1, vals);
	int p[2];
	cr_assert_eq(pipe(p), 0);
	pid_t holder = fork_child();
	if (holder == 0) {
		sem_do(semid, 0, -1);
		if (write(p[1], "h", 1) != 1)
			_exit(4);
		pause();
		_exit(0);
	}
	char c;
	cr_assert_eq(read(p[0], &c, 1), 1);
	pid_t waiter = sem_child(semid, 0, -1);
	await_count(semid, 0, GETNCNT, 1);
	struct snapshot s = { 0 };
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_WAITERS), 0);
	const struct waiter *w = only_waiter_on(&s.waiters, KIND_SEM, semid);
	cr_assert_eq(w->blocking, 0);
	cr_assert_eq(w->holder, holder, "sempid, alive, value 0: the likely holder");
	cr_assert_eq(s.waiters.deadlocks.count, 0, "the holder waits on nobody");
	end_child(holder);
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_WAITERS), 0);
	w = only_waiter_on(&s.waiters, KIND_SEM, semid);
	cr_assert_eq(w->holder, 0, "sempid's process is gone: no holder named");
	end_child(waiter);
	/* A V from here (sempid: this live process), then a P of 2 waits on
	 * a value of 1: nobody holds it at 0, so no holder is named. */
	struct sembuf v = { 0, 1, 0 };
	cr_assert_eq(semop(semid, &v, 1), 0);
	waiter = sem_child(semid, 0, -2);
	await_count(semid, 0, GETNCNT, 1);
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_WAITERS), 0);
	w = only_waiter_on(&s.waiters, KIND_SEM, semid);
	cr_assert_eq(w->blocking, 0);
	cr_assert_eq(semctl(semid, 0, GETPID), getpid());
	cr_assert_eq(w->holder, 0, "value 1, not 0: no holder named");
	snapshot_free(&s);
	end_child(waiter);
	close(p[0]);
	close(p[1]);
	cr_assert_eq(semctl(semid, 0, IPC_RMID), 0);
}

/* A set nobody ever did a semop on (otime 0): its sempids are whoever
 * initialised it with SETVAL, who holds nothing (python3-sysv-ipc sets
 * initial_value so in every process that opens the semaphore). */
Test(waiters_deadlock, no_holder_before_any_semop)
{
	static const unsigned short vals[1] = { 0 };
	int semid = new_set(1, vals);
	int p[2];
	cr_assert_eq(pipe(p), 0);
	pid_t setter = fork_child();
	if (setter == 0) {
		union semun_arg arg = { .val = 0 };
		if (semctl(semid, 0, SETVAL, arg) < 0 || write(p[1], "s", 1) != 1)
			_exit(4);
		pause();
		_exit(0);
	}
	char c;
	cr_assert_eq(read(p[0], &c, 1), 1);
	cr_assert_eq(semctl(semid, 0, GETPID), setter, "SETVAL made the setter the sempid");
	pid_t waiter = sem_child(semid, 0, -1);
	await_count(semid, 0, GETNCNT, 1);
	struct snapshot s = { 0 };
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_WAITERS), 0);
	cr_assert_eq(snapshot_find(&s, KIND_SEM, semid)->u.sem.otime, 0);
	const struct waiter *w = only_waiter_on(&s.waiters, KIND_SEM, semid);
	cr_assert_eq(w->blocking, 0);
	cr_assert_eq(w->holder, 0, "sempid %d alive at 0, but no semop ever: no holder", (int)setter);
	snapshot_free(&s);
	end_child(setter);
	end_child(waiter);
	close(p[0]);
	close(p[1]);
	cr_assert_eq(semctl(semid, 0, IPC_RMID), 0);
}

/* With the kernel's counts read (SNAP_SEMWAIT), sets all at 0 and no
 * queue: nobody can wait, the syscall pass is skipped; one waiter (or a
 * queue) and it runs. */
Test(waiters_scan, skipped_when_the_counts_say_nobody_waits)
{
	cr_assert_eq(unshare(CLONE_NEWIPC), 0, "unshare: %s", strerror(errno)); /* no other test's objects */
	static const unsigned short vals[1] = { 0 };
	int semid = new_set(1, vals);
	struct snapshot s = { 0 };
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_SEMWAIT | SNAP_WAITERS), 0);
	cr_assert(s.waiters_read, "nobody waits: known without reading a syscall file");
	cr_assert_eq(s.waiters.procs, 0, "the pass read %zu syscall files", s.waiters.procs);
	cr_assert_eq(snapshot_find(&s, KIND_SEM, semid)->u.sem.wait.waiters, 0);
	pid_t w = sem_child(semid, 0, -1);
	await_count(semid, 0, GETNCNT, 1);
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_SEMWAIT | SNAP_WAITERS), 0);
	cr_assert_gt(s.waiters.procs, 0);
	cr_assert_eq(only_waiter_on(&s.waiters, KIND_SEM, semid)->pid, w);
	end_child(w);
	await_count(semid, 0, GETNCNT, 0);
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	cr_assert_geq(q, 0);
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_SEMWAIT | SNAP_WAITERS), 0);
	cr_assert_gt(s.waiters.procs, 0, "a queue's waiters are counted nowhere: the pass runs");
	snapshot_free(&s);
	cr_assert_eq(msgctl(q, IPC_RMID, NULL), 0);
	cr_assert_eq(semctl(semid, 0, IPC_RMID), 0);
}

Test(waiters_history, since_kept_across_snapshots)
{
	static const unsigned short vals[1] = { 0 };
	int semid = new_set(1, vals);
	pid_t first = sem_child(semid, 0, -1);
	await_count(semid, 0, GETNCNT, 1);
	struct history h = { 0 };
	struct snapshot s = { 0 };
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_WAITERS), 0);
	cr_assert_eq(history_apply(&h, &s), 0);
	struct timespec seen = only_waiter_on(&s.waiters, KIND_SEM, semid)->since;
	cr_assert_eq(seen.tv_sec, s.taken.tv_sec);
	cr_assert_eq(set_of(&s, semid)->u.sem.wait.since, seen.tv_sec);
	sleep(1);
	pid_t second = sem_child(semid, 0, -1);
	await_count(semid, 0, GETNCNT, 2);
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_WAITERS), 0);
	cr_assert_eq(history_apply(&h, &s), 0);
	size_t n;
	const struct waiter *w = waiters_find(&s.waiters, KIND_SEM, semid, &n);
	cr_assert_eq(n, 2);
	for (size_t i = 0; i < n; i++) {
		if (w[i].pid == first)
			cr_assert_eq(w[i].since.tv_sec, seen.tv_sec, "the first waiter keeps its first sighting");
		else
			cr_assert_eq(w[i].since.tv_sec, s.taken.tv_sec, "the second one is new");
	}
	cr_assert_lt(seen.tv_sec, s.taken.tv_sec);
	cr_assert_eq(set_of(&s, semid)->u.sem.wait.since, seen.tv_sec, "the set's WAIT: the longest wait");
	snapshot_free(&s);
	history_free(&h);
	end_child(first);
	end_child(second);
	cr_assert_eq(semctl(semid, 0, IPC_RMID), 0);
}
