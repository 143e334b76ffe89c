/* test_snapshot.c — integration tests of src/model/snapshot.c and src/model/ipclimits.c
 * against the real kernel. Every test first moves into its own, empty IPC
 * namespace (unshare(CLONE_NEWIPC); criterion runs each test in its own
 * process), so counts are exact and nothing outside is touched; every object
 * created is still removed in the suite's .fini, and forked children are
 * reaped. Covers: every field of shm/msg/sem objects against IPC_STAT and
 * against /proc/sysvipc parsed with sysvipc_parse_line; SHM_DEST after
 * IPC_RMID while attached; SHM_LOCK; rss; message counters and pids;
 * semaphore values, pids and ncnt/zcnt of blocked children; the bulk
 * reader (the default), *_STAT_ANY and *_STAT giving the same objects
 * field by field (forced by $IPCTOP_SCAN; *_STAT denied falls back to
 * /proc); msg_qbytes read only when asked, by MSG_STAT_ANY for dense queue
 * index ranges; limits_read against /proc/sys/kernel; objects vanishing
 * between reads; snapshot_read_semset, snapshot_find and snapshot_semvals.
 * Keys use the prefix 0x5eedxxxx. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/ipclimits.h"
#include "model/snapfill.h"
#include "model/snapshot.h"
#include "model/sysvipc_proc.h"
#include "test_fakeproc.h"

#define ALL_FLAGS (SNAP_SEMVALS | SNAP_SEMWAIT | SNAP_SHMRSS)

union semun_arg {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* ---- fixture: private namespace, tracked objects and children ---- */

#define MAXTRACK 256
static int t_shm[MAXTRACK], t_msg[MAXTRACK], t_sem[MAXTRACK];
static size_t n_shm, n_msg, n_sem;
static void *t_addr[MAXTRACK];
static size_t n_addr;
static pid_t t_kids[8];
static size_t n_kids;
static struct snapshot snap;

static void setup(void)
{
	n_shm = n_msg = n_sem = n_addr = n_kids = 0;
	memset(&snap, 0, sizeof(snap));
	unsetenv("IPCTOP_SCAN");
	cr_assert_eq(unshare(CLONE_NEWIPC), 0, "unshare(CLONE_NEWIPC): %s", strerror(errno));
}

static void teardown(void)
{
	for (size_t i = 0; i < n_kids; i++) {
		if (t_kids[i] > 0) {
			kill(t_kids[i], SIGKILL);
			waitpid(t_kids[i], NULL, 0);
		}
	}
	for (size_t i = 0; i < n_addr; i++)
		if (t_addr[i])
			shmdt(t_addr[i]);
	for (size_t i = 0; i < n_shm; i++)
		shmctl(t_shm[i], IPC_RMID, NULL);
	for (size_t i = 0; i < n_msg; i++)
		msgctl(t_msg[i], IPC_RMID, NULL);
	for (size_t i = 0; i < n_sem; i++)
		semctl(t_sem[i], 0, IPC_RMID);
	snapshot_free(&snap);
}

TestSuite(snapshot, .init = setup, .fini = teardown);
TestSuite(limits, .init = setup, .fini = teardown);
TestSuite(snapshot_read_semset, .init = setup, .fini = teardown);
TestSuite(snapshot_find, .init = setup, .fini = teardown);

static int new_shm(int key, size_t size, int mode)
{
	int id = shmget(key, size, IPC_CREAT | IPC_EXCL | mode);
	cr_assert_geq(id, 0, "shmget(%#x): %s", key, strerror(errno));
	cr_assert_lt(n_shm, (size_t)MAXTRACK);
	t_shm[n_shm++] = id;
	return id;
}

static int new_msg(int key, int mode)
{
	int id = msgget(key, IPC_CREAT | IPC_EXCL | mode);
	cr_assert_geq(id, 0, "msgget(%#x): %s", key, strerror(errno));
	cr_assert_lt(n_msg, (size_t)MAXTRACK);
	t_msg[n_msg++] = id;
	return id;
}

static int new_sem(int key, int nsems, int mode)
{
	int id = semget(key, nsems, IPC_CREAT | IPC_EXCL | mode);
	cr_assert_geq(id, 0, "semget(%#x): %s", key, strerror(errno));
	cr_assert_lt(n_sem, (size_t)MAXTRACK);
	t_sem[n_sem++] = id;
	return id;
}

static void *attach(int shmid)
{
	void *p = shmat(shmid, NULL, 0);
	cr_assert_neq(p, (void *)-1, "shmat: %s", strerror(errno));
	cr_assert_lt(n_addr, (size_t)MAXTRACK);
	t_addr[n_addr++] = p;
	return p;
}

static void detach(void *p)
{
	cr_assert_eq(shmdt(p), 0);
	for (size_t i = 0; i < n_addr; i++)
		if (t_addr[i] == p)
			t_addr[i] = NULL;
}

static void set_all(int semid, const unsigned short *vals)
{
	union semun_arg arg = { .array = (unsigned short *)vals };
	cr_assert_eq(semctl(semid, 0, SETALL, arg), 0, "SETALL: %s", strerror(errno));
}

static void send_msg(int q, long type, size_t len)
{
	struct {
		long type;
		char text[256];
	} m;
	m.type = type;
	memset(m.text, 'm', sizeof(m.text));
	cr_assert_eq(msgsnd(q, &m, len, IPC_NOWAIT), 0, "msgsnd: %s", strerror(errno));
}

static void read_snap(unsigned kinds, unsigned flags)
{
	cr_assert_eq(snapshot_read(&snap, kinds, flags), 0, "snapshot_read: %s", strerror(errno));
}

static const struct ipc_object *must_find(enum ipc_kind kind, int id)
{
	const struct ipc_object *o = snapshot_find(&snap, kind, id);
	cr_assert_not_null(o, "%s id %d not in the snapshot", kind_name(kind), id);
	cr_assert_eq(o->kind, kind);
	cr_assert_eq(o->id, id);
	return o;
}

static void check_owner_is_me(const struct ipc_object *o)
{
	cr_assert_eq(o->uid, geteuid());
	cr_assert_eq(o->gid, getegid());
	cr_assert_eq(o->cuid, geteuid());
	cr_assert_eq(o->cgid, getegid());
}

/* Records a forked child for the teardown. */
static pid_t fork_tracked(void)
{
	fflush(NULL);
	pid_t pid = fork();
	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid > 0) {
		cr_assert_lt(n_kids, sizeof(t_kids) / sizeof(t_kids[0]));
		t_kids[n_kids++] = pid;
	}
	return pid;
}

static int reap(pid_t pid)
{
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	for (size_t i = 0; i < n_kids; i++)
		if (t_kids[i] == pid)
			t_kids[i] = 0;
	cr_assert(WIFEXITED(status), "child %d did not exit normally (status %#x)", (int)pid, status);
	return WEXITSTATUS(status);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Waits up to 5 s until semctl(semid, num, cmd) returns want. */
static void wait_semctl(int semid, int num, int cmd, int want)
{
	for (int i = 0; i < 5000; i++) {
		if (semctl(semid, num, cmd) == want)
			return;
		sleep_ms(1);
	}
	cr_assert_fail("semctl(%d, %d, %d) never became %d", semid, num, cmd, want);
}

/* ---- shared memory ---- */

Test(snapshot, shm_fields)
{
	time_t before = time(NULL);
	int a = new_shm(0x5eed0001, 4096, 0640);
	int b = new_shm(0x5eed0002, 10000, 0600);
	attach(a);
	time_t after = time(NULL);
	read_snap(KINDS_ALL, ALL_FLAGS);
	cr_assert_eq(snap.method[KIND_SHM], SCAN_PROC, "the bulk reader is the primary path");
	cr_assert_eq(snap.count, 2u);
	cr_assert_eq(snap.kind_count[KIND_SHM], 2u);
	cr_assert_eq(snap.kind_count[KIND_MSG], 0u);
	cr_assert_eq(snap.kind_count[KIND_SEM], 0u);

	const struct ipc_object *o = must_find(KIND_SHM, a);
	cr_assert_eq(o->key, 0x5eed0001);
	cr_assert_eq(o->mode & 0777u, 0640u);
	cr_assert_eq(o->mode & ~0777u, 0u, "no status bits");
	check_owner_is_me(o);
	cr_assert_eq(o->u.shm.size, 4096u);
	cr_assert_eq(o->u.shm.nattch, 1u);
	cr_assert_eq(o->u.shm.cpid, getpid());
	cr_assert_eq(o->u.shm.lpid, getpid());
	cr_assert(o->u.shm.atime >= before && o->u.shm.atime <= after);
	cr_assert_eq(o->u.shm.dtime, 0);
	cr_assert(o->ctime >= before && o->ctime <= after);
	cr_assert_not(o->u.shm.dest);
	cr_assert_not(o->u.shm.locked);
	cr_assert_not(o->u.shm.hugetlb);

	o = must_find(KIND_SHM, b);
	cr_assert_eq(o->key, 0x5eed0002);
	cr_assert_eq(o->mode, 0600u);
	cr_assert_eq(o->u.shm.size, 10000u, "the requested size, not rounded to pages");
	cr_assert_eq(o->u.shm.nattch, 0u);
	cr_assert_eq(o->u.shm.cpid, getpid());
	cr_assert_eq(o->u.shm.lpid, 0);
	cr_assert_eq(o->u.shm.atime, 0);
	cr_assert_eq(o->u.shm.rss, 0u, "never touched");
	cr_assert_eq(o->u.shm.swap, 0u);

	/* Same as IPC_STAT, field by field. */
	struct shmid_ds ds;
	cr_assert_eq(shmctl(a, IPC_STAT, &ds), 0);
	o = must_find(KIND_SHM, a);
	cr_assert_eq(o->key, ds.shm_perm.__key);
	cr_assert_eq(o->mode, ds.shm_perm.mode);
	cr_assert_eq(o->ctime, ds.shm_ctime);
	cr_assert_eq(o->u.shm.atime, ds.shm_atime);
	cr_assert_eq(o->u.shm.nattch, ds.shm_nattch);
}

Test(snapshot, shm_rss_detach_and_other_pids)
{
	int a = new_shm(0x5eed0003, 3 * 4096, 0600);
	char *p = attach(a);
	read_snap(KIND_BIT(KIND_SHM), SNAP_SHMRSS);
	cr_assert_eq(must_find(KIND_SHM, a)->u.shm.rss, 0u, "attached but not touched");
	memset(p, 0x5e, 2 * 4096);
	read_snap(KIND_BIT(KIND_SHM), SNAP_SHMRSS);
	cr_assert_eq(must_find(KIND_SHM, a)->u.shm.rss, 2u * 4096, "two pages touched");
	read_snap(KIND_BIT(KIND_SHM), 0);
	cr_assert_eq(must_find(KIND_SHM, a)->u.shm.rss, 2u * 4096, "the bulk reader has rss anyway");
	cr_assert_eq(setenv("IPCTOP_SCAN", "stat_any", 1), 0);
	read_snap(KIND_BIT(KIND_SHM), 0);
	cr_assert_eq(must_find(KIND_SHM, a)->u.shm.rss, 0u, "SHM_STAT_ANY: rss only with SNAP_SHMRSS");
	read_snap(KIND_BIT(KIND_SHM), SNAP_SHMRSS);
	cr_assert_eq(must_find(KIND_SHM, a)->u.shm.rss, 2u * 4096, "SHM_STAT_ANY + SNAP_SHMRSS");
	cr_assert_eq(unsetenv("IPCTOP_SCAN"), 0);

	time_t before = time(NULL);
	detach(p);
	read_snap(KIND_BIT(KIND_SHM), 0);
	const struct ipc_object *o = must_find(KIND_SHM, a);
	cr_assert_eq(o->u.shm.nattch, 0u);
	cr_assert_geq(o->u.shm.dtime, before);
	cr_assert_eq(o->u.shm.lpid, getpid());

	/* A child attaches: lpid and nattch follow it. */
	int go[2], done[2];
	cr_assert_eq(pipe(go), 0);
	cr_assert_eq(pipe(done), 0);
	pid_t kid = fork_tracked();
	if (kid == 0) {
		void *q = shmat(a, NULL, SHM_RDONLY);
		char c = q == (void *)-1 ? 'E' : 'A';
		if (write(done[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(3);
		_exit(q == (void *)-1 ? 2 : 0);
	}
	char c;
	cr_assert_eq(read(done[0], &c, 1), 1);
	cr_assert_eq(c, 'A');
	read_snap(KIND_BIT(KIND_SHM), 0);
	o = must_find(KIND_SHM, a);
	cr_assert_eq(o->u.shm.nattch, 1u);
	cr_assert_eq(o->u.shm.lpid, kid);
	cr_assert_eq(o->u.shm.cpid, getpid());
	cr_assert_eq(write(go[1], "x", 1), 1);
	cr_assert_eq(reap(kid), 0);
	read_snap(KIND_BIT(KIND_SHM), 0);
	cr_assert_eq(must_find(KIND_SHM, a)->u.shm.nattch, 0u, "exit detaches");
	cr_assert_eq(must_find(KIND_SHM, a)->u.shm.lpid, kid, "the exit's detach");
	close(go[0]);
	close(go[1]);
	close(done[0]);
	close(done[1]);
}

Test(snapshot, shm_dest_after_rmid_while_attached)
{
	int a = new_shm(0x5eed0004, 4096, 0644);
	void *p = attach(a);
	cr_assert_eq(shmctl(a, IPC_RMID, NULL), 0);
	read_snap(KINDS_ALL, ALL_FLAGS);
	const struct ipc_object *o = must_find(KIND_SHM, a);
	cr_assert(o->u.shm.dest);
	cr_assert_neq(o->mode & SHM_DEST, 0u);
	cr_assert_eq(o->mode & 0777u, 0644u);
	cr_assert_eq(o->key, IPC_PRIVATE, "the kernel clears the key of a removed segment");
	cr_assert_eq(o->u.shm.nattch, 1u);
	/* The last detach destroys it: the next read no longer has it. */
	detach(p);
	read_snap(KINDS_ALL, ALL_FLAGS);
	cr_assert_null(snapshot_find(&snap, KIND_SHM, a));
	cr_assert_eq(snap.count, 0u);
}

Test(snapshot, shm_locked)
{
	int a = new_shm(0x5eed0005, 4096, 0600);
	cr_assert_eq(shmctl(a, SHM_LOCK, NULL), 0, "SHM_LOCK: %s", strerror(errno));
	read_snap(KIND_BIT(KIND_SHM), 0);
	const struct ipc_object *o = must_find(KIND_SHM, a);
	cr_assert(o->u.shm.locked);
	cr_assert_neq(o->mode & SHM_LOCKED, 0u);
	cr_assert_not(o->u.shm.dest);
	cr_assert_eq(shmctl(a, SHM_UNLOCK, NULL), 0);
	read_snap(KIND_BIT(KIND_SHM), 0);
	cr_assert_not(must_find(KIND_SHM, a)->u.shm.locked);
}

/* SHM_HUGETLB shows only in a mapping's device (attach.h): "huge" while a
 * process maps it, unknown (false) while nobody does. */
Test(snapshot, shm_hugetlb_while_mapped)
{
	int a = new_shm(0x5eed0006, 2u << 20, SHM_HUGETLB | SHM_NORESERVE | 0600);
	int b = new_shm(0x5eed0007, 2u << 20, 0600);
	read_snap(KIND_BIT(KIND_SHM), SNAP_SHMRSS | SNAP_ATTACH);
	cr_assert_not(must_find(KIND_SHM, a)->u.shm.hugetlb, "nobody maps it: nothing tells");
	void *p = attach(a), *q = attach(b);
	read_snap(KIND_BIT(KIND_SHM), SNAP_SHMRSS | SNAP_ATTACH);
	cr_assert(must_find(KIND_SHM, a)->u.shm.hugetlb);
	cr_assert_eq(must_find(KIND_SHM, a)->mode, 0600u, "not from the mode");
	cr_assert_not(must_find(KIND_SHM, b)->u.shm.hugetlb);
	read_snap(KIND_BIT(KIND_SHM), SNAP_SHMRSS);
	cr_assert_not(must_find(KIND_SHM, a)->u.shm.hugetlb, "without SNAP_ATTACH: unknown");
	detach(p);
	detach(q);
}

/* ---- message queues ---- */

Test(snapshot, msg_fields)
{
	struct ipc_limits lim;
	cr_assert_eq(limits_read(&lim), 0);
	time_t before = time(NULL);
	int q = new_msg(0x5eed0010, 0640);
	read_snap(KINDS_ALL, 0);
	const struct ipc_object *o = must_find(KIND_MSG, q);
	cr_assert_not(o->u.msg.has_qbytes, "not in /proc/sysvipc/msg: read only when asked");
	read_snap(KINDS_ALL, SNAP_QBYTES);
	o = must_find(KIND_MSG, q);
	cr_assert_eq(o->key, 0x5eed0010);
	cr_assert_eq(o->mode, 0640u);
	check_owner_is_me(o);
	cr_assert_eq(o->u.msg.cbytes, 0u);
	cr_assert_eq(o->u.msg.qnum, 0u);
	cr_assert(o->u.msg.has_qbytes);
	cr_assert_eq(o->u.msg.qbytes, lim.msgmnb, "a new queue gets msgmnb");
	cr_assert_eq(o->u.msg.lspid, 0);
	cr_assert_eq(o->u.msg.stime, 0);
	cr_assert_geq(o->ctime, before);

	send_msg(q, 1, 10);
	send_msg(q, 2, 20);
	send_msg(q, 3, 30);
	read_snap(KINDS_ALL, 0);
	o = must_find(KIND_MSG, q);
	cr_assert_eq(o->u.msg.cbytes, 60u);
	cr_assert_eq(o->u.msg.qnum, 3u);
	cr_assert_eq(o->u.msg.lspid, getpid());
	cr_assert_eq(o->u.msg.lrpid, 0);
	cr_assert_geq(o->u.msg.stime, before);
	cr_assert_eq(o->u.msg.rtime, 0);

	struct {
		long type;
		char text[64];
	} m;
	cr_assert_eq(msgrcv(q, &m, sizeof(m.text), 2, IPC_NOWAIT), 20);
	read_snap(KINDS_ALL, 0);
	o = must_find(KIND_MSG, q);
	cr_assert_eq(o->u.msg.cbytes, 40u);
	cr_assert_eq(o->u.msg.qnum, 2u);
	cr_assert_eq(o->u.msg.lrpid, getpid());
	cr_assert_geq(o->u.msg.rtime, before);

	/* A child sends: lspid is the child. */
	pid_t kid = fork_tracked();
	if (kid == 0) {
		struct {
			long type;
			char text[7];
		} cm = { 9, "child!" };
		_exit(msgsnd(q, &cm, 7, IPC_NOWAIT) == 0 ? 0 : 1);
	}
	cr_assert_eq(reap(kid), 0);
	cr_assert_eq(msgctl(q, IPC_SET, &(struct msqid_ds){ .msg_perm = { .uid = geteuid(), .gid = getegid(),
									   .mode = 0600 },
							   .msg_qbytes = 4096 }),
		     0, "IPC_SET: %s", strerror(errno));
	read_snap(KINDS_ALL, SNAP_QBYTES);
	o = must_find(KIND_MSG, q);
	cr_assert_eq(o->u.msg.lspid, kid);
	cr_assert_eq(o->u.msg.lrpid, getpid());
	cr_assert_eq(o->u.msg.qnum, 3u);
	cr_assert_eq(o->u.msg.cbytes, 47u);
	cr_assert_eq(o->u.msg.qbytes, 4096u, "IPC_SET changed the capacity");
	cr_assert_eq(o->mode, 0600u, "IPC_SET changed the mode");

	struct msqid_ds ds;
	cr_assert_eq(msgctl(q, IPC_STAT, &ds), 0);
	cr_assert_eq(o->ctime, ds.msg_ctime);
	cr_assert_eq(o->u.msg.stime, ds.msg_stime);
	cr_assert_eq(o->u.msg.rtime, ds.msg_rtime);
}

/* ---- semaphores ---- */

Test(snapshot, sem_values_and_pids)
{
	time_t before = time(NULL);
	int s = new_sem(0x5eed0020, 3, 0600);
	static const unsigned short vals[3] = { 1, 5, 0 };
	set_all(s, vals);
	read_snap(KINDS_ALL, SNAP_SEMVALS);
	const struct ipc_object *o = must_find(KIND_SEM, s);
	cr_assert_eq(o->key, 0x5eed0020);
	cr_assert_eq(o->mode, 0600u);
	check_owner_is_me(o);
	cr_assert_eq(o->u.sem.nsems, 3u);
	cr_assert_eq(o->u.sem.otime, 0, "no semop yet");
	cr_assert_geq(o->ctime, before);
	const struct ipc_semval *v = snapshot_semvals(&snap, o);
	cr_assert_not_null(v);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(v[i].value, vals[i], "sem %d", i);
		cr_assert_eq(v[i].ncnt, 0);
		cr_assert_eq(v[i].zcnt, 0);
		cr_assert_eq(v[i].pid, 0, "pid is only read with SNAP_SEMPID (or SNAP_SEMWAIT where a task waits)");
	}

	/* A child does a semop on sem 1: otime and that semaphore's pid. */
	pid_t kid = fork_tracked();
	if (kid == 0) {
		struct sembuf op = { 1, 2, 0 };
		_exit(semop(s, &op, 1) == 0 ? 0 : 1);
	}
	cr_assert_eq(reap(kid), 0);
	read_snap(KINDS_ALL, SNAP_SEMVALS | SNAP_SEMWAIT | SNAP_SEMPID);
	o = must_find(KIND_SEM, s);
	cr_assert_geq(o->u.sem.otime, before);
	v = snapshot_semvals(&snap, o);
	cr_assert_not_null(v);
	cr_assert_eq(v[0].value, 1);
	cr_assert_eq(v[1].value, 7);
	cr_assert_eq(v[2].value, 0);
	cr_assert_eq(v[1].pid, kid);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(v[i].pid, semctl(s, i, GETPID), "sem %d", i);
		cr_assert_eq(v[i].value, semctl(s, i, GETVAL), "sem %d", i);
	}
	struct semid_ds ds;
	union semun_arg arg = { .buf = &ds };
	cr_assert_eq(semctl(s, 0, IPC_STAT, arg), 0);
	cr_assert_eq(o->u.sem.otime, ds.sem_otime);
	cr_assert_eq(o->ctime, ds.sem_ctime);

	/* Without SNAP_SEMVALS no values are read. */
	read_snap(KINDS_ALL, 0);
	o = must_find(KIND_SEM, s);
	cr_assert_eq(o->u.sem.first, SEMVALS_NONE);
	cr_assert_null(snapshot_semvals(&snap, o));
	cr_assert_eq(snap.nsemvals, 0u);
}

Test(snapshot, sem_ncnt_and_zcnt_of_blocked_children)
{
	int s = new_sem(0x5eed0021, 2, 0600);
	static const unsigned short vals[2] = { 0, 1 };
	set_all(s, vals);

	pid_t decr = fork_tracked(); /* waits for sem 0 to become positive */
	if (decr == 0) {
		struct sembuf op = { 0, -1, 0 };
		_exit(semop(s, &op, 1) == 0 ? 0 : 1);
	}
	pid_t zero = fork_tracked(); /* waits for sem 1 to become zero */
	if (zero == 0) {
		struct sembuf op = { 1, 0, 0 };
		_exit(semop(s, &op, 1) == 0 ? 0 : 1);
	}
	wait_semctl(s, 0, GETNCNT, 1);
	wait_semctl(s, 1, GETZCNT, 1);

	read_snap(KINDS_ALL, SNAP_SEMVALS | SNAP_SEMWAIT);
	const struct ipc_semval *v = snapshot_semvals(&snap, must_find(KIND_SEM, s));
	cr_assert_not_null(v);
	cr_assert_eq(v[0].ncnt, 1);
	cr_assert_eq(v[0].zcnt, 0);
	cr_assert_eq(v[1].ncnt, 0);
	cr_assert_eq(v[1].zcnt, 1);
	cr_assert_eq(v[0].value, 0);
	cr_assert_eq(v[1].value, 1);

	/* SNAP_SEMWAIT alone also reads the values. */
	read_snap(KINDS_ALL, SNAP_SEMWAIT);
	v = snapshot_semvals(&snap, must_find(KIND_SEM, s));
	cr_assert_not_null(v);
	cr_assert_eq(v[0].ncnt, 1);
	cr_assert_eq(v[1].value, 1);

	/* Release both and reap. */
	struct sembuf up = { 0, 1, 0 };
	cr_assert_eq(semop(s, &up, 1), 0);
	union semun_arg zero_val = { .val = 0 };
	cr_assert_eq(semctl(s, 1, SETVAL, zero_val), 0);
	cr_assert_eq(reap(decr), 0);
	cr_assert_eq(reap(zero), 0);

	read_snap(KINDS_ALL, SNAP_SEMVALS | SNAP_SEMWAIT | SNAP_SEMPID);
	v = snapshot_semvals(&snap, must_find(KIND_SEM, s));
	cr_assert_not_null(v);
	cr_assert_eq(v[0].ncnt, 0);
	cr_assert_eq(v[1].zcnt, 0);
	cr_assert_eq(v[0].value, 0, "the child took the unit");
	cr_assert_eq(v[0].pid, decr, "the last semop on sem 0 was the child's");
	cr_assert_eq(v[1].pid, semctl(s, 1, GETPID));
}

/* ---- against /proc/sysvipc ---- */

/* Parses /proc/sysvipc/<kind>: every line but the header must parse. */
static size_t proc_rows(enum ipc_kind kind, struct ipc_object *rows, size_t max)
{
	int fd = sysvipc_open(kind);
	cr_assert_geq(fd, 0, "%s", strerror(errno));
	FILE *f = fdopen(fd, "r");
	cr_assert_not_null(f, "%s", strerror(errno));
	char *line = NULL;
	size_t len = 0, n = 0;
	int lineno = 0;
	while (getline(&line, &len, f) > 0) {
		lineno++;
		struct ipc_object o;
		int rc = sysvipc_parse_line(kind, line, &o);
		if (lineno == 1) {
			cr_assert_eq(rc, -1, "header accepted: %s", line);
			continue;
		}
		cr_assert_eq(rc, 0, "line %d rejected: %s", lineno, line);
		cr_assert_lt(n, max);
		rows[n++] = o;
	}
	free(line);
	fclose(f);
	return n;
}

/* Fields that /proc/sysvipc shows, compared between two reads. */
static void same_object(const struct ipc_object *a, const struct ipc_object *b, bool with_qbytes)
{
	const char *k = kind_name(a->kind);
	cr_assert_eq(a->kind, b->kind);
	cr_assert_eq(a->id, b->id);
	cr_assert_eq(a->key, b->key, "%s %d key", k, a->id);
	cr_assert_eq(a->mode, b->mode, "%s %d mode %o vs %o", k, a->id, a->mode, b->mode);
	cr_assert_eq(a->uid, b->uid);
	cr_assert_eq(a->gid, b->gid);
	cr_assert_eq(a->cuid, b->cuid);
	cr_assert_eq(a->cgid, b->cgid);
	cr_assert_eq(a->ctime, b->ctime, "%s %d ctime", k, a->id);
	switch (a->kind) {
	case KIND_SHM:
		cr_assert_eq(a->u.shm.size, b->u.shm.size);
		cr_assert_eq(a->u.shm.nattch, b->u.shm.nattch);
		cr_assert_eq(a->u.shm.cpid, b->u.shm.cpid);
		cr_assert_eq(a->u.shm.lpid, b->u.shm.lpid);
		cr_assert_eq(a->u.shm.atime, b->u.shm.atime);
		cr_assert_eq(a->u.shm.dtime, b->u.shm.dtime);
		cr_assert_eq(a->u.shm.rss, b->u.shm.rss, "shm %d rss", a->id);
		cr_assert_eq(a->u.shm.swap, b->u.shm.swap);
		cr_assert_eq(a->u.shm.dest, b->u.shm.dest);
		cr_assert_eq(a->u.shm.locked, b->u.shm.locked);
		cr_assert_eq(a->u.shm.hugetlb, b->u.shm.hugetlb);
		break;
	case KIND_MSG:
		cr_assert_eq(a->u.msg.cbytes, b->u.msg.cbytes);
		cr_assert_eq(a->u.msg.qnum, b->u.msg.qnum);
		cr_assert_eq(a->u.msg.lspid, b->u.msg.lspid);
		cr_assert_eq(a->u.msg.lrpid, b->u.msg.lrpid);
		cr_assert_eq(a->u.msg.stime, b->u.msg.stime);
		cr_assert_eq(a->u.msg.rtime, b->u.msg.rtime);
		/* /proc/sysvipc/msg has no qbytes column. */
		if (with_qbytes)
			cr_assert_eq(a->u.msg.qbytes, b->u.msg.qbytes);
		break;
	default:
		cr_assert_eq(a->u.sem.nsems, b->u.sem.nsems);
		cr_assert_eq(a->u.sem.otime, b->u.sem.otime);
		break;
	}
}

/* A mix of everything: several objects per kind, a negative key, a private
 * key, a removed-but-attached segment, messages, semaphore operations. */
static void make_population(void)
{
	int a = new_shm(0x5eed0030, 4096, 0640);
	new_shm((int)0xf5eed031u, 10000, 0600);
	new_shm(IPC_PRIVATE, 1, 0666);
	memset(attach(a), 1, 4096);
	int d = new_shm(0x5eed0033, 8192, 0600);
	attach(d);
	cr_assert_eq(shmctl(d, IPC_RMID, NULL), 0);

	int q = new_msg(0x5eed0040, 0640);
	new_msg((int)0xf5eed041u, 0600);
	send_msg(q, 1, 100);
	send_msg(q, 1, 5);

	int s = new_sem(0x5eed0050, 4, 0600);
	new_sem(IPC_PRIVATE, 1, 0444);
	static const unsigned short vals[4] = { 3, 2, 1, 0 };
	set_all(s, vals);
	struct sembuf op = { 2, 1, 0 };
	cr_assert_eq(semop(s, &op, 1), 0);
}

Test(snapshot, matches_proc_sysvipc)
{
	make_population();
	read_snap(KINDS_ALL, ALL_FLAGS);
	cr_assert_eq(snap.kind_count[KIND_SHM], 4u);
	cr_assert_eq(snap.kind_count[KIND_MSG], 2u);
	cr_assert_eq(snap.kind_count[KIND_SEM], 2u);
	for (int k = 0; k < KIND_COUNT; k++) {
		struct ipc_object rows[16];
		size_t n = proc_rows((enum ipc_kind)k, rows, 16);
		cr_assert_eq(n, snap.kind_count[k], "%s: %zu in /proc, %zu in snapshot",
			     kind_name((enum ipc_kind)k), n, snap.kind_count[k]);
		for (size_t i = 0; i < n; i++)
			same_object(must_find((enum ipc_kind)k, rows[i].id), &rows[i], false);
	}
	/* The removed segment really is marked in both. */
	size_t dest = 0;
	for (size_t i = 0; i < snap.count; i++)
		if (snap.objs[i].kind == KIND_SHM && snap.objs[i].u.shm.dest)
			dest++;
	cr_assert_eq(dest, 1u);
}

Test(snapshot, order_shm_then_msg_then_sem)
{
	/* Created in the opposite order on purpose. */
	new_sem(0x5eed0060, 1, 0600);
	new_msg(0x5eed0061, 0600);
	new_shm(0x5eed0062, 1, 0600);
	new_sem(0x5eed0063, 1, 0600);
	struct timespec t0, t1;
	clock_gettime(CLOCK_REALTIME, &t0);
	read_snap(KINDS_ALL, 0);
	clock_gettime(CLOCK_REALTIME, &t1);
	cr_assert_eq(snap.count, 4u);
	cr_assert_eq(snap.objs[0].kind, KIND_SHM);
	cr_assert_eq(snap.objs[1].kind, KIND_MSG);
	cr_assert_eq(snap.objs[2].kind, KIND_SEM);
	cr_assert_eq(snap.objs[3].kind, KIND_SEM);
	cr_assert(snap.taken.tv_sec > t0.tv_sec || (snap.taken.tv_sec == t0.tv_sec && snap.taken.tv_nsec >= t0.tv_nsec));
	cr_assert(snap.taken.tv_sec < t1.tv_sec || (snap.taken.tv_sec == t1.tv_sec && snap.taken.tv_nsec <= t1.tv_nsec));
}

Test(snapshot, kinds_subset)
{
	make_population();
	read_snap(KIND_BIT(KIND_MSG), ALL_FLAGS);
	cr_assert_eq(snap.count, 2u);
	cr_assert_eq(snap.kind_count[KIND_SHM], 0u);
	cr_assert_eq(snap.kind_count[KIND_MSG], 2u);
	cr_assert_eq(snap.kind_count[KIND_SEM], 0u);
	for (size_t i = 0; i < snap.count; i++)
		cr_assert_eq(snap.objs[i].kind, KIND_MSG);
	cr_assert_eq(snap.nsemvals, 0u);
	read_snap(KIND_BIT(KIND_SHM) | KIND_BIT(KIND_SEM), SNAP_SEMVALS);
	cr_assert_eq(snap.count, 6u);
	cr_assert_eq(snap.kind_count[KIND_MSG], 0u);
	cr_assert_eq(snap.nsemvals, 5u, "4 + 1 semaphores");
	read_snap(0, ALL_FLAGS);
	cr_assert_eq(snap.count, 0u);
}

/* ---- every method: bulk reader, *_STAT_ANY, *_STAT ---- */

/* Reads everything (every flag) with $IPCTOP_SCAN = method (NULL: unset). */
static void read_all_with(const char *method, struct snapshot *out)
{
	if (method)
		cr_assert_eq(setenv("IPCTOP_SCAN", method, 1), 0);
	else
		cr_assert_eq(unsetenv("IPCTOP_SCAN"), 0);
	memset(out, 0, sizeof(*out));
	cr_assert_eq(snapshot_read(out, KINDS_ALL, ALL_FLAGS | SNAP_QBYTES | SNAP_ATTACH), 0, "%s: %s",
		     method ? method : "default", strerror(errno));
	cr_assert_eq(unsetenv("IPCTOP_SCAN"), 0);
}

/* Every field of two reads of the same objects, semaphores included. */
static void same_reads(const struct snapshot *a, const struct snapshot *b, const char *what)
{
	cr_assert_eq(a->count, b->count, "%s: %zu vs %zu objects", what, a->count, b->count);
	for (int k = 0; k < KIND_COUNT; k++)
		cr_assert_eq(a->kind_count[k], b->kind_count[k], "%s: kind %d", what, k);
	for (size_t i = 0; i < a->count; i++) {
		const struct ipc_object *x = &a->objs[i], *y = NULL;
		for (size_t j = 0; j < b->count && !y; j++)
			if (b->objs[j].kind == x->kind && b->objs[j].id == x->id)
				y = &b->objs[j];
		cr_assert_not_null(y, "%s: %s %d missing", what, kind_name(x->kind), x->id);
		same_object(x, y, true);
		if (x->kind == KIND_MSG)
			cr_assert(x->u.msg.has_qbytes && y->u.msg.has_qbytes, "%s: qbytes of %d", what, x->id);
		if (x->kind == KIND_SHM)
			cr_assert_eq(x->u.shm.nprocs, y->u.shm.nprocs, "%s: nprocs of %d", what, x->id);
		if (x->kind != KIND_SEM)
			continue;
		const struct ipc_semval *va = snapshot_semvals(a, x), *vb = snapshot_semvals(b, y);
		cr_assert((va == NULL) == (vb == NULL), "%s: values of set %d", what, x->id);
		for (unsigned n = 0; va && n < x->u.sem.nsems; n++) {
			cr_assert_eq(va[n].value, vb[n].value, "%s: set %d sem %u", what, x->id, n);
			cr_assert_eq(va[n].ncnt, vb[n].ncnt, "%s: set %d sem %u", what, x->id, n);
			cr_assert_eq(va[n].zcnt, vb[n].zcnt, "%s: set %d sem %u", what, x->id, n);
			cr_assert_eq(va[n].pid, vb[n].pid, "%s: set %d sem %u", what, x->id, n);
		}
	}
}

/* The issue 17 comparison: the bulk reader and the system-call readers
 * give the same objects, field by field, on a mixed set: the population
 * above plus a locked segment, a queue with its own msg_qbytes and owner, a
 * set with a process blocked on it and one a child operated on. */
Test(snapshot, every_method_same_objects_field_by_field)
{
	make_population();
	int locked = new_shm(0x5eed0034, 3 * 4096, 0666);
	cr_assert_eq(shmctl(locked, SHM_LOCK, NULL), 0, "SHM_LOCK: %s", strerror(errno));
	int q = new_msg(0x5eed0042, 0620);
	struct msqid_ds mds;
	cr_assert_eq(msgctl(q, IPC_STAT, &mds), 0);
	mds.msg_qbytes = 777;
	mds.msg_perm.gid = 4343; /* a gid need not be mapped by the user namespace */
	if (msgctl(q, IPC_SET, &mds) < 0) {
		mds.msg_perm.gid = getegid();
		cr_assert_eq(msgctl(q, IPC_SET, &mds), 0, "IPC_SET: %s", strerror(errno));
	}
	send_msg(q, 7, 200);
	int w = new_sem(0x5eed0051, 3, 0640);
	pid_t waiter = fork_tracked(); /* blocks until the set is removed */
	if (waiter == 0) {
		struct sembuf op = { 1, -1, 0 };
		_exit(semop(w, &op, 1) < 0 && errno == EIDRM ? 0 : 1);
	}
	wait_semctl(w, 1, GETNCNT, 1);

	static const char *const methods[] = { NULL, "proc", "stat_any", "stat" };
	/* default: the queues by MSG_STAT_ANY because every qbytes is wanted */
	static const enum scan_method want[][KIND_COUNT] = {
		{ SCAN_PROC, SCAN_STAT_ANY, SCAN_PROC }, { SCAN_PROC, SCAN_PROC, SCAN_PROC },
		{ SCAN_STAT_ANY, SCAN_STAT_ANY, SCAN_STAT_ANY }, { SCAN_STAT, SCAN_STAT, SCAN_STAT },
	};
	struct snapshot reads[4];
	for (size_t m = 0; m < 4; m++) {
		read_all_with(methods[m], &reads[m]);
		for (int k = 0; k < KIND_COUNT; k++)
			cr_assert_eq(reads[m].method[k], want[m][k], "%s: kind %d read by %d",
				     methods[m] ? methods[m] : "default", k, reads[m].method[k]);
	}
	cr_assert_eq(reads[0].kind_count[KIND_SHM], 5u);
	cr_assert_eq(reads[0].kind_count[KIND_MSG], 3u);
	cr_assert_eq(reads[0].kind_count[KIND_SEM], 3u);
	for (size_t m = 1; m < 4; m++)
		same_reads(&reads[0], &reads[m], methods[m]);
	/* ...and the kernel agrees on what /proc/sysvipc lacks. */
	snap = reads[0];
	const struct ipc_object *o = must_find(KIND_MSG, q);
	cr_assert_eq(o->u.msg.qbytes, 777u);
	cr_assert(must_find(KIND_SHM, locked)->u.shm.locked);
	const struct ipc_semval *v = snapshot_semvals(&snap, must_find(KIND_SEM, w));
	cr_assert_not_null(v);
	cr_assert_eq(v[1].ncnt, 1, "the blocked child");
	memset(&snap, 0, sizeof(snap));
	for (size_t m = 0; m < 4; m++)
		snapshot_free(&reads[m]);
	cr_assert_eq(semctl(w, 0, IPC_RMID), 0);
	cr_assert_eq(reap(waiter), 0);
}

/* Holes in the queue index range: MSG_STAT_ANY would call once per index,
 * far more often than there are queues; the bulk reader and one call per
 * queue are cheaper then. */
Test(snapshot, qbytes_of_sparse_queues_read_per_queue)
{
	enum { N = 80 };
	int ids[N];
	for (int i = 0; i < N; i++)
		ids[i] = new_msg(0x5eed0400 + i, 0600);
	for (int i = 0; i < N - 4; i++)
		cr_assert_eq(msgctl(ids[i], IPC_RMID, NULL), 0);
	read_snap(KIND_BIT(KIND_MSG), SNAP_QBYTES);
	cr_assert_eq(snap.method[KIND_MSG], SCAN_PROC);
	cr_assert_eq(snap.count, 4u);
	for (size_t i = 0; i < snap.count; i++) {
		struct msqid_ds ds;
		cr_assert_eq(msgctl(snap.objs[i].id, IPC_STAT, &ds), 0);
		cr_assert(snap.objs[i].u.msg.has_qbytes);
		cr_assert_eq(snap.objs[i].u.msg.qbytes, ds.msg_qbytes);
	}
	/* Dense: one MSG_STAT_ANY per queue gives every field. */
	for (int i = 0; i < N; i++)
		ids[i] = new_msg(0x5eed0500 + i, 0600);
	read_snap(KIND_BIT(KIND_MSG), SNAP_QBYTES);
	cr_assert_eq(snap.method[KIND_MSG], SCAN_STAT_ANY);
	cr_assert_eq(snap.count, 4u + N);
}

Test(snapshot, scan_values_and_header_names)
{
	new_shm(0x5eed0070, 1, 0600);
	cr_assert_eq(setenv("IPCTOP_SCAN", "bogus", 1), 0);
	cr_assert_eq(snapshot_forced_method(), SCAN_AUTO);
	cr_assert_null(snapshot_forced_name());
	read_snap(KINDS_ALL, 0);
	cr_assert_eq(snap.method[KIND_SHM], SCAN_PROC, "an unknown value forces nothing");
	cr_assert_eq(snap.count, 1u);
	static const struct { const char *value; enum scan_method m; } cases[] = {
		{ "proc", SCAN_PROC }, { "stat_any", SCAN_STAT_ANY }, { "stat", SCAN_STAT } };
	for (size_t i = 0; i < 3; i++) {
		cr_assert_eq(setenv("IPCTOP_SCAN", cases[i].value, 1), 0);
		cr_assert_eq(snapshot_forced_method(), cases[i].m, "%s", cases[i].value);
		char want[32];
		snprintf(want, sizeof(want), "IPCTOP_SCAN=%s", cases[i].value);
		cr_assert_str_eq(snapshot_forced_name(), want, "the header is told");
		read_snap(KINDS_ALL, 0);
		cr_assert_eq(snap.method[KIND_SHM], cases[i].m);
		cr_assert_eq(snap.count, 1u);
	}
	cr_assert_eq(unsetenv("IPCTOP_SCAN"), 0);
	cr_assert_eq(snapshot_forced_method(), SCAN_AUTO);
}

/* What a child without CAP_IPC_OWNER saw. */
struct denied_report {
	int stat_errno;          /* errno of SHM_STAT on a mode-0 segment */
	int methods[3][KIND_COUNT];
	size_t counts[3][KIND_COUNT];
	int semvals_none_0000;   /* the mode-0 set has no values */
	int semvals_ok_0600;     /* the owner-readable set has them */
	int keys_ok;
};

static int drop_cap_ipc_owner(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	d[CAP_IPC_OWNER / 32].effective &= ~(1u << (CAP_IPC_OWNER % 32));
	return (int)syscall(SYS_capset, &h, d);
}

static void denied_child(int fd, int shm0)
{
	struct denied_report r;
	memset(&r, 0, sizeof(r));
	if (drop_cap_ipc_owner() < 0)
		_exit(10);
	struct shmid_ds ds;
	int idx = 0;
	for (; idx < 4; idx++) /* find the index of shm0 */
		if (shmctl(idx, SHM_STAT_ANY, &ds) == shm0)
			break;
	errno = 0;
	r.stat_errno = shmctl(idx, SHM_STAT, &ds) < 0 ? errno : 0;
	struct snapshot s;
	memset(&s, 0, sizeof(s));
	static const char *const scan[3] = { NULL, "stat_any", "stat" };
	for (int pass = 0; pass < 3; pass++) {
		if (scan[pass])
			setenv("IPCTOP_SCAN", scan[pass], 1);
		if (snapshot_read(&s, KINDS_ALL, SNAP_SEMVALS) < 0)
			_exit(11);
		for (int k = 0; k < KIND_COUNT; k++) {
			r.methods[pass][k] = (int)s.method[k];
			r.counts[pass][k] = s.kind_count[k];
		}
	}
	r.keys_ok = 1;
	for (size_t i = 0; i < s.count; i++) {
		const struct ipc_object *o = &s.objs[i];
		if ((unsigned)o->key >> 16 != 0x5eedu)
			r.keys_ok = 0;
		if (o->kind == KIND_SEM && (o->mode & 0777) == 0)
			r.semvals_none_0000 = snapshot_semvals(&s, o) == NULL;
		if (o->kind == KIND_SEM && (o->mode & 0777) == 0600)
			r.semvals_ok_0600 = snapshot_semvals(&s, o) != NULL;
	}
	snapshot_free(&s);
	_exit(write(fd, &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : 12);
}

Test(snapshot, stat_denied_falls_back_to_proc)
{
	int shm0 = new_shm(0x5eed0080, 4096, 0);
	new_shm(0x5eed0081, 4096, 0600);
	new_msg(0x5eed0082, 0);
	new_msg(0x5eed0083, 0600);
	new_sem(0x5eed0084, 2, 0);
	new_sem(0x5eed0085, 3, 0600);
	int fds[2];
	cr_assert_eq(pipe(fds), 0);
	pid_t kid = fork_tracked();
	if (kid == 0) {
		close(fds[0]);
		denied_child(fds[1], shm0);
	}
	close(fds[1]);
	struct denied_report r;
	ssize_t got = read(fds[0], &r, sizeof(r));
	close(fds[0]);
	cr_assert_eq(reap(kid), 0);
	cr_assert_eq(got, (ssize_t)sizeof(r));

	cr_assert_eq(r.stat_errno, EACCES, "setup: SHM_STAT of a mode-0 segment must be denied");
	for (int k = 0; k < KIND_COUNT; k++) {
		/* Default: /proc/sysvipc shows every object to anyone. */
		cr_assert_eq(r.methods[0][k], SCAN_PROC, "kind %d", k);
		cr_assert_eq(r.counts[0][k], 2u, "kind %d", k);
		/* STAT_ANY needs no permission either: both objects. */
		cr_assert_eq(r.methods[1][k], SCAN_STAT_ANY, "kind %d", k);
		cr_assert_eq(r.counts[1][k], 2u, "kind %d", k);
		/* Forced *_STAT is denied one object, so /proc is used: both seen. */
		cr_assert_eq(r.methods[2][k], SCAN_PROC, "kind %d", k);
		cr_assert_eq(r.counts[2][k], 2u, "kind %d", k);
	}
	cr_assert(r.keys_ok);
	cr_assert(r.semvals_none_0000, "GETALL is denied: no values, not zeros");
	cr_assert(r.semvals_ok_0600);
}

/* ---- limits ---- */

static uint64_t read_sysctl(const char *name)
{
	char path[128];
	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	unsigned long long v;
	cr_assert_eq(fscanf(f, "%llu", &v), 1, "%s", path);
	fclose(f);
	return v;
}

static void write_sysctl(const char *name, const char *value)
{
	char path[128];
	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs(value, f);
	cr_assert_eq(fclose(f), 0, "writing %s: %s", path, strerror(errno));
}

static void limits_match_proc(const struct ipc_limits *l)
{
	cr_assert_eq(l->shmmax, read_sysctl("shmmax"));
	cr_assert_eq(l->shmall, read_sysctl("shmall"));
	cr_assert_eq(l->shmmni, read_sysctl("shmmni"));
	cr_assert_eq(l->msgmax, read_sysctl("msgmax"));
	cr_assert_eq(l->msgmnb, read_sysctl("msgmnb"));
	cr_assert_eq(l->msgmni, read_sysctl("msgmni"));
	FILE *f = fopen("/proc/sys/kernel/sem", "r");
	cr_assert_not_null(f);
	unsigned long long msl, mns, opm, mni;
	cr_assert_eq(fscanf(f, "%llu %llu %llu %llu", &msl, &mns, &opm, &mni), 4);
	fclose(f);
	cr_assert_eq(l->semmsl, msl);
	cr_assert_eq(l->semmns, mns);
	cr_assert_eq(l->semopm, opm);
	cr_assert_eq(l->semmni, mni);
}

Test(limits, match_proc_sys_kernel)
{
	struct ipc_limits l;
	cr_assert_eq(limits_read(&l), 0, "%s", strerror(errno));
	limits_match_proc(&l);
	cr_assert_eq(l.shmmin, 1u);
	cr_assert_eq(l.semvmx, 32767u);
	cr_assert_eq(l.page_size, (uint64_t)sysconf(_SC_PAGESIZE));
}

Test(limits, follow_changed_limits)
{
	/* The limits belong to our private namespace: change them there. */
	write_sysctl("msgmnb", "32768");
	write_sysctl("shmmni", "1234");
	write_sysctl("sem", "250 32000 64 512");
	struct ipc_limits l;
	cr_assert_eq(limits_read(&l), 0);
	cr_assert_eq(l.msgmnb, 32768u);
	cr_assert_eq(l.shmmni, 1234u);
	cr_assert_eq(l.semmsl, 250u);
	cr_assert_eq(l.semopm, 64u);
	cr_assert_eq(l.semmni, 512u);
	limits_match_proc(&l);
	/* ...and a snapshot carries them. */
	int q = new_msg(0x5eed0090, 0600);
	read_snap(KINDS_ALL, SNAP_QBYTES);
	cr_assert_eq(snap.limits.msgmnb, 32768u);
	cr_assert_eq(must_find(KIND_MSG, q)->u.msg.qbytes, 32768u);
}

Test(limits, usage_counts)
{
	long page = sysconf(_SC_PAGESIZE);
	new_shm(0x5eed00a0, 4096, 0600);            /* 1 page */
	new_shm(0x5eed00a1, (size_t)page * 2 + 1, 0600); /* 3 pages */
	int q = new_msg(0x5eed00a2, 0600);
	new_msg(0x5eed00a3, 0600);
	send_msg(q, 1, 10);
	send_msg(q, 1, 20);
	new_sem(0x5eed00a4, 3, 0600);
	struct ipc_limits l;
	cr_assert_eq(limits_read(&l), 0);
	cr_assert_eq(l.shm_segments, 2u);
	cr_assert_eq(l.shm_pages, 4u); /* 1 page + 3 pages */
	cr_assert_eq(l.shm_rss_pages, 0u);
	cr_assert_eq(l.msg_queues, 2u);
	cr_assert_eq(l.msg_messages, 2u);
	cr_assert_eq(l.msg_bytes, 30u);
	cr_assert_eq(l.sem_sets, 1u);
	cr_assert_eq(l.sem_sems, 3u);
	cr_assert_eq(l.shm_maxidx, 1);
	cr_assert_eq(l.msg_maxidx, 1);
	cr_assert_eq(l.sem_maxidx, 0);
	limits_match_proc(&l);
}

Test(limits, empty_namespace)
{
	struct ipc_limits l;
	memset(&l, 0x5a, sizeof(l));
	cr_assert_eq(limits_read(&l), 0);
	cr_assert_eq(l.shm_segments, 0u);
	cr_assert_eq(l.msg_queues, 0u);
	cr_assert_eq(l.sem_sets, 0u);
	cr_assert_eq(l.shm_pages, 0u);
	cr_assert_eq(l.msg_bytes, 0u);
	cr_assert_eq(l.sem_sems, 0u);
	/* "highest index in use ..., -1 if none" */
	cr_assert_eq(l.shm_maxidx, -1);
	cr_assert_eq(l.msg_maxidx, -1);
	cr_assert_eq(l.sem_maxidx, -1);
	read_snap(KINDS_ALL, ALL_FLAGS);
	cr_assert_eq(snap.count, 0u);
	cr_assert_eq(snap.limits.shm_maxidx, -1);
}

/* ---- objects coming and going ---- */

Test(snapshot, removed_object_disappears)
{
	int a = new_shm(0x5eed00b0, 4096, 0600);
	int q = new_msg(0x5eed00b1, 0600);
	int s = new_sem(0x5eed00b2, 2, 0600);
	read_snap(KINDS_ALL, ALL_FLAGS);
	cr_assert_eq(snap.count, 3u);

	cr_assert_eq(msgctl(q, IPC_RMID, NULL), 0);
	read_snap(KINDS_ALL, ALL_FLAGS);
	cr_assert_eq(snap.count, 2u);
	cr_assert_null(snapshot_find(&snap, KIND_MSG, q));
	cr_assert_eq(snap.kind_count[KIND_MSG], 0u);
	must_find(KIND_SHM, a);
	cr_assert_not_null(snapshot_semvals(&snap, must_find(KIND_SEM, s)));

	cr_assert_eq(semctl(s, 0, IPC_RMID), 0);
	cr_assert_eq(shmctl(a, IPC_RMID, NULL), 0);
	read_snap(KINDS_ALL, ALL_FLAGS);
	cr_assert_eq(snap.count, 0u);
	cr_assert_eq(snap.nsemvals, 0u);
	for (int k = 0; k < KIND_COUNT; k++)
		cr_assert_eq(snap.kind_count[k], 0u);

	/* A new object can take the freed index: it shows with its own id. */
	int b = new_shm(0x5eed00b3, 4096, 0600);
	read_snap(KINDS_ALL, 0);
	cr_assert_eq(snap.count, 1u);
	cr_assert_neq(b, a, "ids are not reused right away");
	cr_assert_eq(must_find(KIND_SHM, b)->key, 0x5eed00b3);
}

Test(snapshot, holes_in_the_index_range)
{
	enum { N = 40 };
	int ids[N];
	for (int i = 0; i < N; i++)
		ids[i] = new_shm(0x5eed0100 + i, 64, 0600);
	for (int i = 0; i < N; i += 2)
		cr_assert_eq(shmctl(ids[i], IPC_RMID, NULL), 0);
	read_snap(KIND_BIT(KIND_SHM), SNAP_SHMRSS);
	cr_assert_eq(snap.count, (size_t)N / 2);
	for (int i = 0; i < N; i++) {
		const struct ipc_object *o = snapshot_find(&snap, KIND_SHM, ids[i]);
		if (i % 2) {
			cr_assert_not_null(o, "shm %d missing", ids[i]);
			cr_assert_eq(o->key, 0x5eed0100 + i);
		} else {
			cr_assert_null(o, "removed shm %d still there", ids[i]);
		}
	}
}

Test(snapshot, many_objects_grow_the_arrays)
{
	enum { N = 150 };
	for (int i = 0; i < N; i++)
		new_sem(0x5eed0200 + i, 3, 0600);
	read_snap(KINDS_ALL, SNAP_SEMVALS);
	cr_assert_eq(snap.count, (size_t)N);
	cr_assert_eq(snap.nsemvals, (size_t)N * 3);
	cr_assert_geq(snap.cap, snap.count);
	cr_assert_geq(snap.semcap, snap.nsemvals);
}

Test(snapshot, reuse_and_free)
{
	new_shm(0x5eed00c0, 1, 0600);
	new_sem(0x5eed00c1, 2, 0600);
	for (int i = 0; i < 5; i++) {
		read_snap(KINDS_ALL, ALL_FLAGS);
		cr_assert_eq(snap.count, 2u, "reading again replaces, never appends");
		cr_assert_eq(snap.nsemvals, 2u);
	}
	snapshot_free(&snap);
	cr_assert_null(snap.objs);
	cr_assert_null(snap.semvals);
	cr_assert_eq(snap.count, 0u);
	snapshot_free(&snap); /* twice is harmless */
}

Test(snapshot, shm_rss_merged_by_id_from_sysvipc_file)
{
	int a = new_shm(0x5eed00d0, 4096, 0600);
	int b = new_shm(0x5eed00d1, 4096, 0600);
	char dir[] = "/tmp/ipctop-snap-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof(path), "%s/shm", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f, "       key      shmid perms   size  cpid  lpid nattch   uid   gid  cuid  cgid  atime  dtime  ctime    rss   swap\n");
	fprintf(f, "0 %d 600 4096 1 1 0 0 0 0 0 0 0 1 12288 4096\n", b);
	fprintf(f, "0 %d 600 4096 1 1 0 0 0 0 0 0 0 1 8192 0\n", a);
	fprintf(f, "0 99999 600 4096 1 1 0 0 0 0 0 0 0 1 777 777\n");
	fclose(f);
	fake_proc_sysvipc(dir);
	/* The *_STAT methods take rss/swap from the file, by id. */
	cr_assert_eq(setenv("IPCTOP_SCAN", "stat_any", 1), 0);
	read_snap(KIND_BIT(KIND_SHM), SNAP_SHMRSS);
	unlink(path);
	rmdir(dir);
	cr_assert_eq(snap.count, 2u);
	cr_assert_eq(must_find(KIND_SHM, a)->u.shm.rss, 8192u);
	cr_assert_eq(must_find(KIND_SHM, a)->u.shm.swap, 0u);
	cr_assert_eq(must_find(KIND_SHM, b)->u.shm.rss, 12288u);
	cr_assert_eq(must_find(KIND_SHM, b)->u.shm.swap, 4096u);
	cr_assert_eq(must_find(KIND_SHM, a)->key, 0x5eed00d0, "only rss/swap come from the file");
}

Test(snapshot, shm_rss_when_index_order_differs_from_id_order)
{
	/* The kernel allocates indices cyclically over max(in_use * 3/2, 64)
	 * slots; after a wrap, a low index holds the newest (highest) id. */
	int first = new_shm(0x5eed0300, 4096, 0600); /* index 0 */
	for (int i = 1; i < 63; i++) {                  /* indices 1..62 */
		int tmp = shmget(IPC_PRIVATE, 1, 0600);
		cr_assert_geq(tmp, 0);
		cr_assert_eq(shmctl(tmp, IPC_RMID, NULL), 0);
	}
	int last = new_shm(0x5eed0301, 3 * 4096, 0600); /* index 63 */
	int wrapped = new_shm(0x5eed0302, 2 * 4096, 0600); /* index 1 again */
	struct shmid_ds ds;
	cr_assert_eq(shmctl(63, SHM_STAT_ANY, &ds), last, "setup: index 63");
	cr_assert_eq(shmctl(1, SHM_STAT_ANY, &ds), wrapped, "setup: the allocation wrapped to index 1");
	cr_assert_gt(wrapped, last, "setup: a higher id at a lower index");
	memset(attach(first), 1, 4096);
	memset(attach(last), 1, 3 * 4096);
	memset(attach(wrapped), 1, 2 * 4096);
	read_snap(KIND_BIT(KIND_SHM), SNAP_SHMRSS);
	cr_assert_eq(snap.count, 3u);
	cr_assert_eq(must_find(KIND_SHM, first)->u.shm.rss, 4096u);
	cr_assert_eq(must_find(KIND_SHM, last)->u.shm.rss, 3u * 4096);
	cr_assert_eq(must_find(KIND_SHM, wrapped)->u.shm.rss, 2u * 4096);
	struct ipc_object rows[4];
	size_t n = proc_rows(KIND_SHM, rows, 4);
	cr_assert_eq(n, 3u);
	for (size_t i = 0; i < n; i++)
		same_object(must_find(KIND_SHM, rows[i].id), &rows[i], false);
}

/* ---- snapshot_read_semset ---- */

Test(snapshot_read_semset, values_and_wait_counts)
{
	int s = new_sem(0x5eed00e0, 3, 0600);
	static const unsigned short vals[3] = { 4, 0, 32767 };
	set_all(s, vals);
	struct sembuf op = { 0, -1, 0 };
	cr_assert_eq(semop(s, &op, 1), 0);

	struct ipc_semval out[3];
	memset(out, 0x5a, sizeof(out));
	cr_assert_eq(snapshot_read_semset(s, 3, out, 0), 0);
	cr_assert_eq(out[0].value, 3);
	cr_assert_eq(out[1].value, 0);
	cr_assert_eq(out[2].value, 32767);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(out[i].ncnt, 0, "cleared without wait_counts");
		cr_assert_eq(out[i].zcnt, 0);
		cr_assert_eq(out[i].pid, 0);
	}
	memset(out, 0x5a, sizeof(out));
	cr_assert_eq(snapshot_read_semset(s, 3, out, 1), 0);
	cr_assert_eq(out[0].value, 3);
	cr_assert_eq(out[0].pid, getpid());
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(out[i].pid, semctl(s, i, GETPID));
		cr_assert_eq(out[i].ncnt, 0);
		cr_assert_eq(out[i].zcnt, 0);
	}
}

Test(snapshot_read_semset, large_set)
{
	enum { N = 300 }; /* more than the stack buffer of 256 */
	int s = new_sem(0x5eed00e1, N, 0600);
	unsigned short vals[N];
	for (int i = 0; i < N; i++)
		vals[i] = (unsigned short)(i * 7 % 1000);
	set_all(s, vals);
	struct ipc_semval out[N];
	cr_assert_eq(snapshot_read_semset(s, N, out, 0), 0);
	for (int i = 0; i < N; i++)
		cr_assert_eq(out[i].value, vals[i], "sem %d", i);
	read_snap(KINDS_ALL, SNAP_SEMVALS);
	const struct ipc_semval *v = snapshot_semvals(&snap, must_find(KIND_SEM, s));
	cr_assert_not_null(v);
	for (int i = 0; i < N; i++)
		cr_assert_eq(v[i].value, vals[i], "sem %d", i);
}

Test(snapshot_read_semset, gone_or_invalid)
{
	struct ipc_semval out[2];
	errno = 0;
	cr_assert_eq(snapshot_read_semset(123456, 2, out, 1), -1);
	cr_assert_eq(errno, EINVAL);
	int s = new_sem(0x5eed00e2, 2, 0600);
	cr_assert_eq(semctl(s, 0, IPC_RMID), 0);
	errno = 0;
	cr_assert_eq(snapshot_read_semset(s, 2, out, 0), -1);
	cr_assert(errno == EINVAL || errno == EIDRM, "errno %d", errno);
}

/* ---- snapshot_find / snapshot_semvals ---- */

Test(snapshot_find, kind_and_id)
{
	/* In a fresh namespace the first object of each kind has id 0. */
	int a = new_shm(0x5eed00f0, 1, 0600);
	int q = new_msg(0x5eed00f1, 0600);
	int s = new_sem(0x5eed00f2, 1, 0600);
	cr_assert_eq(a, 0);
	cr_assert_eq(q, 0);
	cr_assert_eq(s, 0);
	read_snap(KINDS_ALL, 0);
	cr_assert_eq(snapshot_find(&snap, KIND_SHM, 0)->key, 0x5eed00f0);
	cr_assert_eq(snapshot_find(&snap, KIND_MSG, 0)->key, 0x5eed00f1);
	cr_assert_eq(snapshot_find(&snap, KIND_SEM, 0)->key, 0x5eed00f2);
	cr_assert_null(snapshot_find(&snap, KIND_SHM, 1));
	cr_assert_null(snapshot_find(&snap, KIND_SEM, -1));
	cr_assert_eq(snapshot_find(&snap, KIND_MSG, 0), &snap.objs[1], "points into the snapshot");
	struct snapshot empty;
	memset(&empty, 0, sizeof(empty));
	cr_assert_null(snapshot_find(&empty, KIND_SHM, 0));
}

Test(snapshot_find, semvals_slices)
{
	int s1 = new_sem(0x5eed00f3, 2, 0600);
	int s2 = new_sem(0x5eed00f4, 3, 0600);
	int a = new_shm(0x5eed00f5, 1, 0600);
	static const unsigned short v1[2] = { 11, 12 }, v2[3] = { 21, 22, 23 };
	set_all(s1, v1);
	set_all(s2, v2);
	read_snap(KINDS_ALL, SNAP_SEMVALS);
	cr_assert_eq(snap.nsemvals, 5u);
	const struct ipc_semval *p1 = snapshot_semvals(&snap, must_find(KIND_SEM, s1));
	const struct ipc_semval *p2 = snapshot_semvals(&snap, must_find(KIND_SEM, s2));
	cr_assert(p1 && p2);
	cr_assert_eq(p1[0].value, 11);
	cr_assert_eq(p1[1].value, 12);
	cr_assert_eq(p2[0].value, 21);
	cr_assert_eq(p2[2].value, 23);
	cr_assert(p1 >= snap.semvals && p1 + 2 <= snap.semvals + snap.nsemvals);
	cr_assert(p2 >= snap.semvals && p2 + 3 <= snap.semvals + snap.nsemvals);
	cr_assert(p1 + 2 <= p2 || p2 + 3 <= p1, "slices do not overlap");
	cr_assert_null(snapshot_semvals(&snap, must_find(KIND_SHM, a)), "not a semaphore set");
}
