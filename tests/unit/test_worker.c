/* test_worker.c — unit tests of src/ops/worker.c with real children: a blocking
 * P raises semncnt and completes after a V, its result read from the pipe;
 * a msgrcv worker receives a message sent later; a msgsnd worker on a full
 * queue; EIDRM when the set is removed under a waiter; cancel kills and
 * reaps (ESRCH/ECHILD); a child killed from outside reports no result;
 * kill_all and the async variant; children die with their parent
 * (PR_SET_PDEATHSIG); read-only mode forks nothing; a fill worker sets
 * every byte through the inherited mapping and counts its progress, and a
 * cancelled one leaves a note saying how far it got. Private namespace. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ops/actionlog.h"
#include "ops/ops.h"
#include "ops/worker.h"

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int new_sem(int value)
{
	int id = semget(IPC_PRIVATE, 1, 0600);
	cr_assert_geq(id, 0);
	cr_assert_eq(semctl(id, 0, SETVAL, value), 0);
	return id;
}

/* Polls semctl(cmd) until it returns want (5 s at most). */
static void wait_count(int semid, int cmd, int want)
{
	int v = -1;
	for (int i = 0; i < 1000; i++) {
		v = semctl(semid, 0, cmd);
		if (v == want)
			return;
		nap_ms(5);
	}
	cr_assert_fail("semctl cmd %d stayed %d, wanted %d", cmd, v, want);
}

/* Waits until the worker's pipe is readable and collects its result. */
static struct op_result collect(int fd)
{
	struct op_result res;
	for (int i = 0; i < 100; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int n = poll(&p, 1, 100);
		cr_assert_geq(n, 0, "poll: %s", strerror(errno));
		if (n == 0)
			continue;
		int rc = worker_collect(fd, &res, NULL);
		cr_assert_neq(rc, -1, "worker_collect: %s", strerror(errno));
		if (rc == 1)
			return res;
	}
	cr_assert_fail("no result from the worker");
	return res;
}

static bool readable_now(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	return poll(&p, 1, 0) == 1;
}

/* Our reaping of pid is over: reaped, so waitpid has nothing, and the pid
 * does not exist any more. */
static void assert_gone(pid_t pid)
{
	for (int i = 0; i < 400 && kill(pid, 0) == 0; i++) {
		worker_reap();
		nap_ms(5);
	}
	cr_assert_eq(kill(pid, 0), -1, "pid %d still exists", (int)pid);
	cr_assert_eq(errno, ESRCH);
	int st;
	cr_assert_eq(waitpid(pid, &st, WNOHANG), -1);
	cr_assert_eq(errno, ECHILD);
}

static const struct worker *only_worker(void)
{
	cr_assert_eq(worker_count(), 1);
	const struct worker *w = worker_get(0);
	cr_assert_not_null(w);
	cr_assert_null(worker_get(1));
	return w;
}

/* Every test ends with no child left: finished ones reaped, others killed. */
static void worker_fini(void)
{
	worker_kill_all();
	cr_assert_eq(worker_count(), 0);
}

TestSuite(worker, .fini = worker_fini);

Test(worker, blocking_p_completes_after_v)
{
	int sem = new_sem(0);
	struct sembuf p = { 0, -1, 0 };
	struct op_result res;
	int id = worker_start_semop(sem, &p, 1, &res);
	cr_assert_gt(id, 0, "%s", res.message);
	const struct worker *w = only_worker();
	cr_assert_eq(w->id, id);
	cr_assert_eq(w->kind, WORKER_SEMOP);
	cr_assert_eq(w->objid, sem);
	cr_assert_gt(w->pid, 0);
	char want[96];
	snprintf(want, sizeof(want), "semop(%d, {{0, -1, 0}}, 1)", sem);
	cr_assert_str_eq(w->desc, want);
	cr_assert_eq(worker_find(id), w);
	pid_t pid = w->pid;
	int fd = w->fd;
	cr_assert_eq(getpgid(pid), pid, "a worker has its own process group");

	wait_count(sem, GETNCNT, 1);
	cr_assert(!readable_now(fd), "result before the V");
	cr_assert_geq(worker_elapsed_ms(w), 0);

	struct sembuf v = { 0, 1, 0 };
	struct op_result vr = ops_semop(sem, &v, 1);
	cr_assert_eq(vr.err, 0, "%s", vr.message);
	struct op_result got = collect(fd);
	cr_assert_eq(got.ret, 0, "%s", got.message);
	cr_assert_eq(got.err, 0);
	snprintf(want, sizeof(want), "semop(%d, {{0, -1, 0}}, 1) = 0", sem);
	cr_assert_str_eq(got.call, want);
	cr_assert_eq(worker_count(), 0);
	cr_assert_null(worker_find(id));
	cr_assert_eq(semctl(sem, 0, GETVAL), 0);
	cr_assert_eq(semctl(sem, 0, GETNCNT), 0);
	assert_gone(pid);

	/* the completed call is in the log, after the V */
	size_t n = actionlog_count();
	cr_assert_geq(n, 3);
	cr_assert_str_eq(actionlog_get(n - 1)->text, want);
	cr_assert(strstr(actionlog_get(n - 2)->text, "{{0, +1, 0}}"), "%s", actionlog_get(n - 2)->text);
	semctl(sem, 0, IPC_RMID);
}

Test(worker, cancel_kills_and_reaps)
{
	int sem = new_sem(0);
	struct sembuf p = { 0, -1, SEM_UNDO };
	struct op_result res;
	int id = worker_start_semop(sem, &p, 1, &res);
	cr_assert_gt(id, 0, "%s", res.message);
	pid_t pid = only_worker()->pid;
	wait_count(sem, GETNCNT, 1);
	cr_assert_eq(worker_cancel(id), 0);
	cr_assert_eq(kill(pid, 0), -1);
	cr_assert_eq(errno, ESRCH);
	int st;
	cr_assert_eq(waitpid(pid, &st, WNOHANG), -1);
	cr_assert_eq(errno, ECHILD);
	cr_assert_eq(worker_count(), 0);
	wait_count(sem, GETNCNT, 0);
	cr_assert_eq(semctl(sem, 0, GETVAL), 0);
	const struct actionlog_line *l = actionlog_get(actionlog_count() - 1);
	cr_assert(strstr(l->text, "cancelled"), "%s", l->text);
	cr_assert_eq(worker_cancel(id), -1);
	cr_assert_eq(errno, ESRCH);
	semctl(sem, 0, IPC_RMID);
}

/* A segment attached read-write through ops (so the fill knows it). */
static unsigned char *attached_segment(size_t size, int *shmid)
{
	*shmid = shmget(IPC_PRIVATE, size, IPC_CREAT | SHM_NORESERVE | 0600);
	cr_assert_geq(*shmid, 0, "shmget: %s", strerror(errno));
	struct op_result r = ops_shm_attach(*shmid, false);
	cr_assert_eq(r.err, 0, "%s", r.message);
	cr_assert_eq(shmctl(*shmid, IPC_RMID, NULL), 0); /* gone with the detach */
	return r.addr;
}

static size_t nattch(int shmid)
{
	struct shmid_ds ds;
	cr_assert_eq(shmctl(shmid, IPC_STAT, &ds), 0, "%s", strerror(errno));
	return (size_t)ds.shm_nattch;
}

Test(worker, fill_sets_the_range_and_counts)
{
	int shmid;
	size_t len = 48u << 20;
	unsigned char *p = attached_segment(len + 4096, &shmid);
	struct op_request req = { .kind = OP_SHM_FILL, .addr = p, .offset = 4096, .size = len,
				  .value = 0x33, .id = shmid };
	struct op_result res;
	int id = worker_start(&req, &res);
	cr_assert_gt(id, 0, "%s", res.message);
	const struct worker *w = only_worker();
	cr_assert_eq(w->kind, WORKER_FILL);
	cr_assert_eq(w->total, len);
	cr_assert_eq(w->objid, shmid);
	cr_assert(worker_any_progress());
	cr_assert(strstr(w->desc, "0x33, 50331648)"), "%s", w->desc);
	struct worker info;
	int fd = w->fd;
	for (int i = 0; i < 500 && !readable_now(fd); i++)
		nap_ms(10);
	cr_assert_eq(worker_collect(fd, &res, &info), 1);
	cr_assert_eq(res.err, 0, "%s", res.message);
	cr_assert_eq(worker_progress(&info), len, "the last count is the whole range");
	cr_assert_not(worker_any_progress());
	cr_assert_eq(p[4095], 0);
	cr_assert_eq(p[4096], 0x33);
	cr_assert_eq(p[4096 + len - 1], 0x33);
	assert_gone(info.pid);
	cr_assert_eq(nattch(shmid), 1u, "the child's inherited mapping went with it");
	cr_assert_eq(shmdt(p), 0);
}

Test(worker, cancelled_fill_says_how_far_it_got)
{
	int shmid;
	size_t len = (size_t)8 << 30; /* minutes of work... */
	unsigned char *p = attached_segment(len, &shmid);
	struct op_request req = { .kind = OP_SHM_FILL, .addr = p, .size = len, .value = 0x77, .id = shmid };
	struct op_result res;
	int id = worker_start(&req, &res);
	cr_assert_gt(id, 0, "%s", res.message);
	const struct worker *w = only_worker();
	pid_t pid = w->pid;
	for (int i = 0; i < 500 && worker_progress(w) == 0; i++)
		nap_ms(2);
	cr_assert_gt(worker_progress(w), 0u, "no progress after 1 s");
	cr_assert_eq(nattch(shmid), 2u, "the worker maps it too");
	cr_assert_eq(worker_cancel(id), 0, "...cancelled long before the end");
	assert_gone(pid);
	const struct actionlog_line *l = actionlog_get(actionlog_count() - 1);
	unsigned long long done = 0, total = 0;
	cr_assert_eq(sscanf(l->text, "worker %*d (pid %*d) cancelled after %llu of %llu bytes", &done, &total), 2,
		     "%s", l->text);
	cr_assert_eq(total, len);
	cr_assert(done > 0 && done < len, "%s", l->text);
	cr_assert_eq(p[0], 0x77);
	cr_assert_eq(p[done - 1], 0x77);
	cr_assert_eq(nattch(shmid), 1u);
	cr_assert_eq(shmdt(p), 0);
}

/* A worker blocked in semop does not count as attached to the segment the
 * hex view holds (a forked child inherits the attachment until it detaches
 * it); a fill worker keeps its own target and nothing else. */
Test(worker, blocked_worker_holds_no_attachment)
{
	int shmid, other;
	unsigned char *mem = attached_segment(4096, &shmid);
	unsigned char *more = attached_segment(4096, &other);
	cr_assert_eq(nattch(shmid), 1);
	int sem = new_sem(0);
	struct sembuf p = { 0, -1, 0 };
	struct op_result res;
	cr_assert_gt(worker_start_semop(sem, &p, 1, &res), 0, "%s", res.message);
	wait_count(sem, GETNCNT, 1);
	cr_assert_eq(nattch(shmid), 1, "the blocked worker still maps the segment (nattch %zu)", nattch(shmid));
	cr_assert_eq(nattch(other), 1);
	worker_kill_all();
	semctl(sem, 0, IPC_RMID);
	cr_assert_eq(ops_shm_detach(mem).err, 0);
	cr_assert_eq(ops_shm_detach(more).err, 0);
}

Test(worker, msgrcv_receives_a_later_message)
{
	int q = msgget(IPC_PRIVATE, 0600);
	cr_assert_geq(q, 0);
	struct op_result res;
	int id = worker_start_msgrcv(q, 0, 64, 0, &res);
	cr_assert_gt(id, 0, "%s", res.message);
	const struct worker *w = only_worker();
	cr_assert_eq(w->kind, WORKER_MSGRCV);
	int fd = w->fd;
	pid_t pid = w->pid;
	nap_ms(50);
	cr_assert(!readable_now(fd), "result before any message");
	struct op_result s = ops_msgsnd(q, 9, "later", 5, 0);
	cr_assert_eq(s.err, 0, "%s", s.message);
	struct op_result got = collect(fd);
	cr_assert_eq(got.err, 0, "%s", got.message);
	cr_assert_eq(got.ret, 5);
	cr_assert_eq(got.mtype, 9);
	cr_assert_eq(got.len, 5);
	cr_assert_eq(memcmp(got.data, "later", 5), 0);
	cr_assert(strstr(got.call, "= 5 {mtype=9, \"later\"}"), "%s", got.call);
	ops_result_free(&got);
	struct msqid_ds ds;
	cr_assert_eq(msgctl(q, IPC_STAT, &ds), 0);
	cr_assert_eq(ds.msg_qnum, 0);
	assert_gone(pid);
	msgctl(q, IPC_RMID, NULL);
}

Test(worker, msgsnd_waits_for_room)
{
	int q = msgget(IPC_PRIVATE, 0600);
	cr_assert_geq(q, 0);
	struct msqid_ds ds;
	cr_assert_eq(msgctl(q, IPC_STAT, &ds), 0);
	ds.msg_qbytes = 4;
	cr_assert_eq(msgctl(q, IPC_SET, &ds), 0);
	struct { long t; char m[4]; } full = { 1, "abcd" };
	cr_assert_eq(msgsnd(q, &full, 4, 0), 0);
	struct op_result res;
	int id = worker_start_msgsnd(q, 2, "wxyz", 4, 0, &res);
	cr_assert_gt(id, 0, "%s", res.message);
	int fd = only_worker()->fd;
	nap_ms(50);
	cr_assert(!readable_now(fd), "sent into a full queue");
	struct op_result r = ops_msgrcv(q, 1, 16, IPC_NOWAIT);
	cr_assert_eq(r.err, 0, "%s", r.message);
	ops_result_free(&r);
	struct op_result got = collect(fd);
	cr_assert_eq(got.err, 0, "%s", got.message);
	cr_assert_eq(msgctl(q, IPC_STAT, &ds), 0);
	cr_assert_eq(ds.msg_qnum, 1);
	r = ops_msgrcv(q, 0, 16, IPC_NOWAIT);
	cr_assert_eq(r.mtype, 2);
	cr_assert_eq(memcmp(r.data, "wxyz", 4), 0);
	ops_result_free(&r);
	msgctl(q, IPC_RMID, NULL);
}

Test(worker, removed_set_gives_eidrm)
{
	int sem = new_sem(0);
	struct sembuf p = { 0, -1, 0 };
	struct op_result res;
	cr_assert_gt(worker_start_semop(sem, &p, 1, &res), 0, "%s", res.message);
	int fd = only_worker()->fd;
	wait_count(sem, GETNCNT, 1);
	cr_assert_eq(semctl(sem, 0, IPC_RMID), 0);
	struct op_result got = collect(fd);
	cr_assert_eq(got.ret, -1);
	cr_assert_eq(got.err, EIDRM);
	cr_assert(strstr(got.message, "semop: Identifier removed (the object was removed while waiting)"),
		  "%s", got.message);
}

Test(worker, killed_child_reports_no_result)
{
	int sem = new_sem(0);
	struct sembuf p = { 0, -1, 0 };
	struct op_result res;
	int id = worker_start_semop(sem, &p, 1, &res);
	cr_assert_gt(id, 0);
	const struct worker *w = only_worker();
	pid_t pid = w->pid;
	int fd = w->fd;
	wait_count(sem, GETNCNT, 1);
	cr_assert_eq(kill(pid, SIGKILL), 0);
	struct op_result got = collect(fd);
	cr_assert_eq(got.ret, -1);
	cr_assert_eq(got.err, ECHILD);
	cr_assert(strstr(got.message, "ended without a result"), "%s", got.message);
	cr_assert_eq(worker_count(), 0);
	assert_gone(pid);
	semctl(sem, 0, IPC_RMID);
}

Test(worker, kill_all_and_async)
{
	int sem = new_sem(0);
	struct sembuf p = { 0, -1, 0 };
	pid_t pids[3];
	for (int i = 0; i < 3; i++) {
		struct op_result res;
		cr_assert_gt(worker_start_semop(sem, &p, 1, &res), 0, "%s", res.message);
		pids[i] = worker_get((size_t)i)->pid;
	}
	cr_assert_eq(worker_count(), 3);
	cr_assert_lt(worker_get(0)->id, worker_get(1)->id);
	wait_count(sem, GETNCNT, 3);
	worker_kill_all();
	cr_assert_eq(worker_count(), 0);
	for (int i = 0; i < 3; i++)
		assert_gone(pids[i]);

	struct op_result res;
	cr_assert_gt(worker_start_semop(sem, &p, 1, &res), 0);
	pid_t pid = only_worker()->pid;
	wait_count(sem, GETNCNT, 1);
	worker_kill_all_async();
	assert_gone(pid); /* reaped by worker_reap, as on SIGCHLD */
	worker_kill_all();
	semctl(sem, 0, IPC_RMID);
}

Test(worker, dies_with_its_parent)
{
	int sem = new_sem(0);
	int fds[2];
	cr_assert_eq(pipe(fds), 0);
	pid_t mid = fork();
	cr_assert_geq(mid, 0);
	if (mid == 0) {
		struct sembuf p = { 0, -1, 0 };
		struct op_result res;
		pid_t w = -1;
		if (worker_start_semop(sem, &p, 1, &res) > 0)
			w = worker_get(0)->pid;
		if (write(fds[1], &w, sizeof(w)) != sizeof(w))
			_exit(2);
		_exit(0);
	}
	pid_t w = -1;
	cr_assert_eq(read(fds[0], &w, sizeof(w)), (ssize_t)sizeof(w));
	close(fds[0]);
	close(fds[1]);
	cr_assert_gt(w, 0);
	int st;
	cr_assert_eq(waitpid(mid, &st, 0), mid);
	/* orphaned worker: killed by PR_SET_PDEATHSIG, reaped by init */
	bool gone = false;
	for (int i = 0; i < 1000 && !gone; i++) {
		char path[64], stat[256] = "";
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)w);
		FILE *f = fopen(path, "r");
		if (!f) {
			gone = true;
			break;
		}
		if (fgets(stat, sizeof(stat), f) && strstr(stat, ") Z "))
			gone = true;
		fclose(f);
		nap_ms(5);
	}
	cr_assert(gone, "worker %d outlived its parent", (int)w);
	wait_count(sem, GETNCNT, 0);
	semctl(sem, 0, IPC_RMID);
}

Test(worker, refusals_fork_nothing)
{
	int sem = new_sem(0);
	struct sembuf p = { 0, -1, 0 };
	struct op_result res;
	ops_set_read_only(true);
	cr_assert_eq(worker_start_semop(sem, &p, 1, &res), -1);
	cr_assert_eq(res.err, EROFS);
	cr_assert(strstr(res.message, "read-only mode (--read-only)"), "%s", res.message);
	cr_assert_eq(worker_start_msgrcv(0, 0, 16, 0, &res), -1);
	cr_assert_eq(res.err, EROFS);
	ops_set_read_only(false);
	cr_assert_eq(worker_count(), 0);
	cr_assert_eq(semctl(sem, 0, GETNCNT), 0);

	struct op_request q = { .kind = OP_SEM_SETVAL, .id = sem };
	cr_assert_eq(worker_start(&q, &res), -1);
	cr_assert_eq(res.err, EINVAL);
	cr_assert_eq(worker_start_msgsnd(0, 0, "x", 1, 0, &res), -1);
	cr_assert(strstr(res.message, "mtype 0"), "%s", res.message);
	cr_assert_eq(worker_count(), 0);

	struct op_result got;
	cr_assert_eq(worker_collect(12345, &got, NULL), -1);
	cr_assert_eq(errno, EBADF);
	cr_assert_eq(worker_reap(), 0);
	semctl(sem, 0, IPC_RMID);
}
