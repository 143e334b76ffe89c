/* test_watch.c — unit tests of src/export/watch.c: built snapshots with every kind
 * of change (perms, owner, nattch, removed, created, reused id, queue fill
 * up across both thresholds and down across 90%, new semaphore waiters)
 * give exactly the expected events in (type, id) order; a queue's first
 * waiter (msg-waiters, named with its command and operation), a deadlock
 * appearing and resolved, the creator's command on created and removed;
 * the JSON line of an event, field by field; real snapshots around
 * creating, changing (attach, IPC_SET, msgsnd, a blocked semop in a child
 * named as the waiter) and removing objects. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc/names.h"
#include "proc/procs.h"
#include "export/watch.h"
#include "model/history.h"

#define MAXEV 32

struct seen {
	struct watch_event ev[MAXEV];
	size_t n;
	const int *only_ids; /* if set: keep events of these ids (one per kind) only */
};

static void collect(const struct watch_event *ev, void *ctx)
{
	struct seen *s = ctx;
	if (s->only_ids && ev->id != s->only_ids[ev->type])
		return; /* another test's object (parallel runs) */
	cr_assert_lt(s->n, MAXEV, "too many events");
	s->ev[s->n++] = *ev;
}

static struct ipc_object obj(enum ipc_kind kind, int id, int key)
{
	struct ipc_object o;
	memset(&o, 0, sizeof(o));
	o.kind = kind;
	o.id = id;
	o.key = key;
	o.mode = 0600;
	if (kind == KIND_SEM)
		o.u.sem.first = SEMVALS_NONE;
	return o;
}

static void expect(const struct seen *s, size_t i, enum watch_what what, enum ipc_kind type, int id,
		   const char *details)
{
	cr_assert_lt(i, s->n, "event %zu missing", i);
	const struct watch_event *e = &s->ev[i];
	cr_assert_eq(e->what, what, "event %zu: %s, want %s", i, watch_what_name(e->what), watch_what_name(what));
	cr_assert_eq(e->type, type, "event %zu type", i);
	cr_assert_eq(e->id, id, "event %zu id", i);
	if (details)
		cr_assert_str_eq(e->details, details, "event %zu details \"%s\", want \"%s\"", i, e->details,
				 details);
}

Test(watch_diff, built_snapshots)
{
	struct ipc_object p[6], c[6];
	struct ipc_semval pv[2] = { { 1, 0, 0, 0 }, { 0, 0, 0, 0 } };
	struct ipc_semval cv[2] = { { 1, 0, 0, 0 }, { 0, 1, 2, 4321 } };

	p[0] = obj(KIND_SHM, 1, 0x10);
	p[0].u.shm.nattch = 1;
	p[0].u.shm.cpid = 100;
	p[0].u.shm.lpid = 101;
	p[1] = obj(KIND_SHM, 5, 0x50);
	p[1].u.shm.size = 4096;
	p[2] = obj(KIND_MSG, 2, 0x20);
	p[2].u.msg.qbytes = 1000;
	p[2].u.msg.cbytes = 400;
	p[3] = obj(KIND_MSG, 3, 0x30);
	p[3].u.msg.qbytes = 1000;
	p[3].u.msg.cbytes = 950;
	p[4] = obj(KIND_SEM, 4, 0x40);
	p[4].u.sem.nsems = 2;
	p[4].u.sem.first = 0;
	p[5] = obj(KIND_SHM, 7, 0x70);

	/* cur, deliberately not in (type, id) order */
	c[0] = p[4];
	c[1] = p[3];
	c[1].u.msg.cbytes = 600;
	c[2] = p[2];
	c[2].u.msg.cbytes = 950;
	c[2].u.msg.lspid = 200;
	c[3] = obj(KIND_SHM, 6, 0x60);
	c[3].u.shm.size = 8192;
	c[4] = p[0];
	c[4].mode = 0640 | 01000; /* SHM_DEST is not a perms change */
	c[4].uid = 1;
	c[4].u.shm.nattch = 2;
	c[4].u.shm.lpid = 102;
	c[5] = obj(KIND_SHM, 7, 0x71);
	size_t nc = 6; /* p[1] (id 5) is not in cur: removed */

	struct snapshot sp = { .objs = p, .count = 6, .semvals = pv, .nsemvals = 2 };
	struct snapshot sc = { .objs = c, .count = nc, .semvals = cv, .nsemvals = 2 };
	sp.taken.tv_sec = 1764439331;
	sc.taken.tv_sec = 1764439332;
	sc.taken.tv_nsec = 250000000;

	struct seen s = { .n = 0 };
	char owner[80];
	snprintf(owner, sizeof(owner), "owner %s:%s -> ", names_user(0), names_group(0));
	snprintf(owner + strlen(owner), sizeof(owner) - strlen(owner), "%s:", names_user(1));
	snprintf(owner + strlen(owner), sizeof(owner) - strlen(owner), "%s", names_group(0));
	char removed[80], created[80], reused[80];
	snprintf(removed, sizeof(removed), "size 4096 bytes, perms rw-------, owner %s", names_user(0));
	snprintf(created, sizeof(created), "size 8192 bytes, perms rw-------, owner %s", names_user(0));
	snprintf(reused, sizeof(reused), "size 0 bytes, perms rw-------, owner %s", names_user(0));

	cr_assert_eq(watch_diff(&sp, &sc, collect, &s), 10);
	cr_assert_eq(s.n, 10);
	expect(&s, 0, WATCH_PERMS, KIND_SHM, 1, "perms rw------- -> rw-r-----");
	cr_assert_str_eq(s.ev[0].old_text, "rw-------");
	cr_assert_str_eq(s.ev[0].new_text, "rw-r-----");
	expect(&s, 1, WATCH_OWNER, KIND_SHM, 1, owner);
	expect(&s, 2, WATCH_NATTCH, KIND_SHM, 1, "nattch 1 -> 2");
	cr_assert_eq(s.ev[2].npids, 2);
	cr_assert_str_eq(s.ev[2].pids[0].role, "cpid");
	cr_assert_eq(s.ev[2].pids[0].pid, 100);
	cr_assert_str_eq(s.ev[2].pids[1].role, "lpid");
	cr_assert_eq(s.ev[2].pids[1].pid, 102, "pids from the later snapshot");
	cr_assert_eq(s.ev[2].key, 0x10);
	cr_assert_eq(s.ev[2].when.tv_sec, 1764439332);
	expect(&s, 3, WATCH_REMOVED, KIND_SHM, 5, removed);
	expect(&s, 4, WATCH_CREATED, KIND_SHM, 6, created);
	expect(&s, 5, WATCH_REMOVED, KIND_SHM, 7, reused);
	cr_assert_eq(s.ev[5].key, 0x70);
	expect(&s, 6, WATCH_CREATED, KIND_SHM, 7, reused);
	cr_assert_eq(s.ev[6].key, 0x71);
	expect(&s, 7, WATCH_QUEUE_FILL, KIND_MSG, 2, "used 40% -> 95% of 1000 bytes (crossed 50% and 90% upward)");
	cr_assert_str_eq(s.ev[7].old_text, "40%");
	cr_assert_str_eq(s.ev[7].new_text, "95%");
	cr_assert_eq(s.ev[7].npids, 1);
	cr_assert_str_eq(s.ev[7].pids[0].role, "lspid");
	expect(&s, 8, WATCH_QUEUE_FILL, KIND_MSG, 3, "used 95% -> 60% of 1000 bytes (crossed 90% downward)");
	expect(&s, 9, WATCH_SEM_WAITERS, KIND_SEM, 4, "waiters on sem 1 (ncnt 1, zcnt 2)");
	cr_assert_str_eq(s.ev[9].old_text, "0");
	cr_assert_str_eq(s.ev[9].new_text, "3");
	cr_assert_eq(s.ev[9].npids, 1);
	cr_assert_str_eq(s.ev[9].pids[0].role, "sempid");
	cr_assert_eq(s.ev[9].pids[0].pid, 4321);

	/* the same snapshot twice: nothing; no callback is fine */
	cr_assert_eq(watch_diff(&sc, &sc, NULL, NULL), 0);
	/* no semvals on one side: waiters are not compared */
	sp.semvals = NULL;
	p[4].u.sem.first = SEMVALS_NONE;
	s.n = 0;
	cr_assert_eq(watch_diff(&sp, &sc, collect, &s), 9);
	/* empty to empty, and everything removed */
	struct snapshot empty = { 0 };
	cr_assert_eq(watch_diff(&empty, &empty, collect, &s), 0);
	s.n = 0;
	cr_assert_eq(watch_diff(&sc, &empty, collect, &s), (long)nc);
	for (size_t i = 0; i < s.n; i++)
		cr_assert_eq(s.ev[i].what, WATCH_REMOVED);
}

Test(watch_diff, queue_thresholds)
{
	struct ipc_object a = obj(KIND_MSG, 1, 1), b = a;
	struct snapshot sa = { .objs = &a, .count = 1 }, sb = { .objs = &b, .count = 1 };
	struct seen s = { .n = 0 };
	static const struct {
		uint64_t from, to;
		long events;
	} cases[] = {
		{ 0, 49, 0 }, { 49, 50, 1 }, { 50, 89, 0 }, { 89, 90, 1 }, { 90, 100, 0 },
		{ 100, 90, 0 }, { 90, 89, 1 }, { 89, 50, 0 }, { 50, 49, 1 }, { 100, 0, 1 },
	};
	a.u.msg.qbytes = b.u.msg.qbytes = 100;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a.u.msg.cbytes = cases[i].from;
		b.u.msg.cbytes = cases[i].to;
		cr_assert_eq(watch_diff(&sa, &sb, NULL, NULL), cases[i].events, "%llu -> %llu",
			     (unsigned long long)cases[i].from, (unsigned long long)cases[i].to);
	}
	a.u.msg.cbytes = 100;
	b.u.msg.cbytes = 0;
	cr_assert_eq(watch_diff(&sa, &sb, collect, &s), 1);
	cr_assert_str_eq(s.ev[0].details, "used 100% -> 0% of 100 bytes (crossed 50% and 90% downward)");
	a.u.msg.qbytes = b.u.msg.qbytes = 0; /* no capacity: never crossing */
	cr_assert_eq(watch_diff(&sa, &sb, NULL, NULL), 0);
}

/* A waiter table of one entry, and its command in the snapshot's table. */
static void one_waiter(struct snapshot *s, struct waiter *w, struct cmd_entry *cmd)
{
	s->waiters_read = true;
	s->waiters.v = w;
	s->waiters.count = s->waiters.cap = 1;
	s->cmds.v = cmd;
	s->cmds.count = s->cmds.cap = 1;
}

Test(watch_diff, msg_waiters_named)
{
	struct ipc_object a = obj(KIND_MSG, 4, 0x44), b = a;
	struct snapshot sa = { .objs = &a, .count = 1, .waiters_read = true }, sb = { .objs = &b, .count = 1 };
	struct waiter w = { .pid = 4242, .tid = 4242, .call = WAIT_MSGRCV, .id = 4, .msgtyp = 7, .msgsz = 8192, .blocking = -1 };
	struct cmd_entry cmd = { .pid = 4242, .readable = true, .text = "reader --queue 4" };
	one_waiter(&sb, &w, &cmd);
	b.u.msg.wait.waiters = 1;
	struct seen s = { .n = 0 };
	cr_assert_eq(watch_diff(&sa, &sb, collect, &s), 1);
	expect(&s, 0, WATCH_MSG_WAITERS, KIND_MSG, 4, "waiters on queue: pid 4242 msgrcv type 7, 8192 bytes");
	cr_assert_eq(s.ev[0].nwaiters, 1);
	cr_assert_eq(s.ev[0].waiters[0].pid, 4242);
	cr_assert_str_eq(s.ev[0].waiters[0].command, "reader --queue 4");
	cr_assert_str_eq(s.ev[0].waiters[0].operation, "msgrcv type 7, 8192 bytes");
	cr_assert_eq(watch_diff(&sb, &sb, NULL, NULL), 0, "still waiting: no new event");
	sa.waiters_read = false;
	a.u.msg.wait.waiters = -1;
	cr_assert_eq(watch_diff(&sa, &sb, NULL, NULL), 0, "not looked for before: nothing to compare");
}

Test(watch_diff, deadlock_and_resolved)
{
	struct ipc_object a = obj(KIND_SEM, 6, 0x66), b = a;
	struct snapshot sa = { .objs = &a, .count = 1, .waiters_read = true };
	struct snapshot sb = { .objs = &b, .count = 1, .waiters_read = true };
	struct waiter w[2] = {
		{ .pid = 10, .tid = 10, .call = WAIT_SEMOP, .id = 6, .nsops = 1, .nops = 1, .ops = { { 1, -1, 0 } },
		  .blocking = 0, .holder = 20, .deadlock = true },
		{ .pid = 20, .tid = 20, .call = WAIT_SEMOP, .id = 6, .nsops = 1, .nops = 1, .ops = { { 0, -1, 0 } },
		  .blocking = 0, .holder = 10, .deadlock = true },
	};
	struct cmd_entry cmds[2] = { { .pid = 10, .readable = true, .text = "worker A" },
				     { .pid = 20, .readable = true, .text = "worker B" } };
	sb.waiters.v = w;
	sb.waiters.count = 2;
	sb.cmds.v = cmds;
	sb.cmds.count = 2;
	struct wait_edge e[2] = { { 10, 6, 1, 20 }, { 20, 6, 0, 10 } };
	cr_assert_eq(waitgraph_cycles(e, 2, &sb.waiters.deadlocks), 0);
	struct seen s = { .n = 0 };
	cr_assert_eq(watch_diff(&sa, &sb, collect, &s), 1);
	expect(&s, 0, WATCH_DEADLOCK, KIND_SEM, 6,
	       "pid 10 waits on sem 6 #1 held by pid 20; pid 20 waits on sem 6 #0 held by pid 10");
	cr_assert_eq(s.ev[0].key, 0x66);
	cr_assert_eq(s.ev[0].ncycle, 2);
	cr_assert_eq(s.ev[0].cycle[1].waiter, 20);
	cr_assert_eq(s.ev[0].nwaiters, 2);
	cr_assert_str_eq(s.ev[0].waiters[1].command, "worker B");
	cr_assert_str_eq(s.ev[0].waiters[1].operation, "P on sem 0 (needs >= 1)");
	s.n = 0;
	cr_assert_eq(watch_diff(&sb, &sa, collect, &s), 1);
	expect(&s, 0, WATCH_DEADLOCK_RESOLVED, KIND_SEM, 6, NULL);
	cr_assert_eq(watch_diff(&sb, &sb, NULL, NULL), 0, "the same cycle: no event");
	waitgraph_free(&sb.waiters.deadlocks);
}

Test(watch_diff, creator_command_on_created_and_removed)
{
	struct ipc_object a = obj(KIND_SHM, 9, 0x99);
	a.u.shm.cpid = 777;
	struct snapshot empty = { .count = 0 }, one = { .objs = &a, .count = 1 };
	struct snapshot_creator c = { .id = 9, .key = 0x99, .cpid = 777, .command = "postgres -D /srv/pg" };
	one.creators = &c;
	one.ncreators = 1;
	struct seen s = { .n = 0 };
	cr_assert_eq(watch_diff(&empty, &one, collect, &s), 1);
	expect(&s, 0, WATCH_CREATED, KIND_SHM, 9, NULL);
	cr_assert_str_eq(s.ev[0].command, "postgres -D /srv/pg");
	s.n = 0;
	cr_assert_eq(watch_diff(&one, &empty, collect, &s), 1);
	expect(&s, 0, WATCH_REMOVED, KIND_SHM, 9, NULL);
	cr_assert_str_eq(s.ev[0].command, "postgres -D /srv/pg", "kept from the first sighting");
	c.cpid = 778; /* another creator under the same id: not this one's */
	s.n = 0;
	cr_assert_eq(watch_diff(&one, &empty, collect, &s), 1);
	cr_assert_str_eq(s.ev[0].command, "");
}

Test(watch_json, one_line_exact_fields)
{
	struct watch_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.when.tv_sec = 1764439331;
	ev.when.tv_nsec = 123456789;
	ev.what = WATCH_NATTCH;
	ev.type = KIND_SHM;
	ev.key = 0x162e;
	ev.id = 3;
	snprintf(ev.details, sizeof(ev.details), "nattch 1 -> 2 \"quoted\"");
	snprintf(ev.old_text, sizeof(ev.old_text), "1");
	snprintf(ev.new_text, sizeof(ev.new_text), "2");
	ev.pids[0] = (struct watch_pid){ "cpid", 1203 };
	ev.pids[1] = (struct watch_pid){ "lpid", 1388 };
	ev.npids = 2;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	cr_assert_eq(watch_event_json(&ev, f), 0);
	ev.what = WATCH_CREATED;
	ev.type = KIND_MSG;
	ev.old_text[0] = ev.new_text[0] = '\0';
	ev.npids = 0;
	cr_assert_eq(watch_event_json(&ev, f), 0);
	cr_assert_eq(fclose(f), 0);
	cr_assert_str_eq(buf,
			 "{\"time\":\"2025-11-29T18:02:11Z\",\"epoch-ms\":1764439331123,\"event\":\"nattch\","
			 "\"type\":\"shm\",\"key\":\"0x0000162e\",\"id\":3,"
			 "\"details\":\"nattch 1 -> 2 \\\"quoted\\\"\",\"old\":\"1\",\"new\":\"2\","
			 "\"pids\":[{\"role\":\"cpid\",\"pid\":1203},{\"role\":\"lpid\",\"pid\":1388}]}\n"
			 "{\"time\":\"2025-11-29T18:02:11Z\",\"epoch-ms\":1764439331123,\"event\":\"created\","
			 "\"type\":\"msg\",\"key\":\"0x0000162e\",\"id\":3,"
			 "\"details\":\"nattch 1 -> 2 \\\"quoted\\\"\",\"pids\":[]}\n");
	free(buf);
	/* A deadlock event: its waiters and the cycle; a created one: the command. */
	memset(&ev, 0, sizeof(ev));
	ev.when.tv_sec = 1764439331;
	ev.what = WATCH_DEADLOCK;
	ev.type = KIND_SEM;
	ev.id = 6;
	ev.waiters[0] = (struct watch_waiter){ 10, "a\nb", "P on sem 1 (needs >= 1)" };
	ev.nwaiters = 1;
	ev.cycle[0] = (struct wait_edge){ 10, 6, 1, 20 };
	ev.cycle[1] = (struct wait_edge){ 20, 6, 0, 10 };
	ev.ncycle = 2;
	snprintf(ev.command, sizeof(ev.command), "creator");
	buf = NULL;
	f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	cr_assert_eq(watch_event_json(&ev, f), 0);
	cr_assert_eq(fclose(f), 0);
	cr_assert_str_eq(buf,
			 "{\"time\":\"2025-11-29T18:02:11Z\",\"epoch-ms\":1764439331000,\"event\":\"deadlock\","
			 "\"type\":\"sem\",\"key\":\"0x00000000\",\"id\":6,\"details\":\"\",\"pids\":[],"
			 "\"command\":\"creator\",\"waiters\":[{\"pid\":10,\"command\":\"a\\nb\","
			 "\"operation\":\"P on sem 1 (needs >= 1)\"}],\"cycle\":[10,6,1,20,6,0]}\n");
	free(buf);
	for (int w = 0; w < WATCH_WHAT_COUNT; w++)
		cr_assert_str_neq(watch_what_name((enum watch_what)w), "?");
	cr_assert_str_eq(watch_what_name(WATCH_WHAT_COUNT), "?");
}

/* ---- real snapshots ---- */

union semun_arg {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static struct history hist; /* as --watch keeps one */

static void snap(struct snapshot *s)
{
	cr_assert_eq(snapshot_read(s, KINDS_ALL, SNAP_SEMVALS | SNAP_SEMWAIT | SNAP_WAITERS | SNAP_QBYTES), 0, "%s", strerror(errno));
	cr_assert_eq(history_apply(&hist, s), 0);
}

/* The events about our objects (ids[kind]) only; returns their number. */
static long diff(const struct snapshot *a, const struct snapshot *b, struct seen *s, const int ids[KIND_COUNT])
{
	s->n = 0;
	s->only_ids = ids;
	cr_assert_geq(watch_diff(a, b, collect, s), (long)s->n);
	return (long)s->n;
}

Test(watch_diff, real_lifecycle)
{
	int base = 0x77a00000 | ((getpid() & 0xfff) << 4);
	struct snapshot s0 = { 0 }, s1 = { 0 }, s2 = { 0 }, s3 = { 0 };
	struct seen ev;
	snap(&s0);
	int shm = shmget(base + 1, 4096, IPC_CREAT | IPC_EXCL | 0600);
	int msg = msgget(base + 2, IPC_CREAT | IPC_EXCL | 0600);
	int sem = semget(base + 3, 1, IPC_CREAT | IPC_EXCL | 0600);
	cr_assert(shm >= 0 && msg >= 0 && sem >= 0, "%s", strerror(errno));
	const int ids[KIND_COUNT] = { [KIND_SHM] = shm, [KIND_MSG] = msg, [KIND_SEM] = sem };
	struct msqid_ds mds;
	cr_assert_eq(msgctl(msg, IPC_STAT, &mds), 0);
	mds.msg_qbytes = 100;
	cr_assert_eq(msgctl(msg, IPC_SET, &mds), 0);
	snap(&s1);
	cr_assert_eq(diff(&s0, &s1, &ev, ids), 3);
	expect(&ev, 0, WATCH_CREATED, KIND_SHM, shm, NULL);
	cr_assert_eq(ev.ev[0].key, base + 1);
	cr_assert_eq(ev.ev[0].pids[0].pid, getpid());
	char me[CMDTABLE_LEN];
	cr_assert_eq(procs_command(getpid(), me, sizeof(me)), 0);
	cr_assert_str_eq(ev.ev[0].command, me, "the creator's command line");
	expect(&ev, 1, WATCH_CREATED, KIND_MSG, msg, NULL);
	expect(&ev, 2, WATCH_CREATED, KIND_SEM, sem, NULL);

	pid_t self = getpid();
	pid_t waiter = fork(); /* before shmat: a fork inherits attachments */
	cr_assert_geq(waiter, 0);
	if (waiter == 0) {
		/* dies with the test process if an assertion ends it early */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != self)
			_exit(2);
		struct sembuf op = { 0, -1, 0 };
		struct timespec limit = { 30, 0 };
		int r;
		do
			r = semtimedop(sem, &op, 1, &limit);
		while (r < 0 && errno == EINTR);
		_exit(r < 0 && errno == EIDRM ? 0 : 1);
	}
	void *at = shmat(shm, NULL, 0);
	cr_assert_neq(at, (void *)-1);
	struct shmid_ds sds;
	cr_assert_eq(shmctl(shm, IPC_STAT, &sds), 0);
	sds.shm_perm.mode = 0640;
	cr_assert_eq(shmctl(shm, IPC_SET, &sds), 0);
	struct {
		long mtype;
		char mtext[60];
	} m = { 1, { 0 } };
	cr_assert_eq(msgsnd(msg, &m, sizeof(m.mtext), IPC_NOWAIT), 0);
	for (int i = 0; i < 5000 && semctl(sem, 0, GETNCNT) != 1; i++)
		usleep(1000);
	cr_assert_eq(semctl(sem, 0, GETNCNT), 1, "the child never blocked");
	snap(&s2);
	cr_assert_eq(diff(&s1, &s2, &ev, ids), 4);
	expect(&ev, 0, WATCH_PERMS, KIND_SHM, shm, "perms rw------- -> rw-r-----");
	expect(&ev, 1, WATCH_NATTCH, KIND_SHM, shm, "nattch 0 -> 1");
	cr_assert_eq(ev.ev[1].npids, 2);
	cr_assert_eq(ev.ev[1].pids[1].pid, getpid(), "lpid: we attached");
	expect(&ev, 2, WATCH_QUEUE_FILL, KIND_MSG, msg, "used 0% -> 60% of 100 bytes (crossed 50% upward)");
	cr_assert_eq(ev.ev[2].pids[0].pid, getpid(), "lspid");
	expect(&ev, 3, WATCH_SEM_WAITERS, KIND_SEM, sem, "waiters on sem 0 (ncnt 1)");
	cr_assert_eq(ev.ev[3].nwaiters, 1, "the waiter named, not only counted");
	cr_assert_eq(ev.ev[3].waiters[0].pid, waiter);
	cr_assert_str_eq(ev.ev[3].waiters[0].operation, "P on sem 0 (needs >= 1)");

	cr_assert_eq(shmdt(at), 0);
	cr_assert_eq(shmctl(shm, IPC_RMID, NULL), 0);
	cr_assert_eq(msgctl(msg, IPC_RMID, NULL), 0);
	cr_assert_eq(semctl(sem, 0, IPC_RMID), 0);
	int st;
	cr_assert_eq(waitpid(waiter, &st, 0), waiter);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "waiter status %d", st);
	snap(&s3);
	cr_assert_eq(diff(&s2, &s3, &ev, ids), 3);
	expect(&ev, 0, WATCH_REMOVED, KIND_SHM, shm, NULL);
	cr_assert_str_eq(ev.ev[0].command, me, "kept from the first sighting");
	expect(&ev, 1, WATCH_REMOVED, KIND_MSG, msg, NULL);
	expect(&ev, 2, WATCH_REMOVED, KIND_SEM, sem, NULL);
	cr_assert_eq(diff(&s0, &s3, &ev, ids), 0, "back where we started");
	snapshot_free(&s0);
	snapshot_free(&s1);
	snapshot_free(&s2);
	snapshot_free(&s3);
	history_free(&hist);
}
