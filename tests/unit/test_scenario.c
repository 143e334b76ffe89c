/* test_scenario.c — unit tests of the scenario engine (src/classroom/scenario.c,
 * its registry scenario_registry.c with the names it joins, and
 * src/classroom/scn_*.c) with real children and real objects, each test in a fresh
 * IPC namespace when allowed: every scenario starts, its objects are in a
 * snapshot_read(), its processes report and change state across collection
 * rounds, and scenario_stop leaves no process (kill(pid, 0) is ESRCH, no
 * zombie) and no object. When the process that started a scenario is
 * SIGKILLed its children die (PR_SET_PDEATHSIG, and its janitor kills
 * them) and its janitor removes the objects within 2 s; with the janitor
 * killed too the objects stay until scenario_cleanup_stale() or the next
 * start removes them; SIGTERM to the janitor stops a scenario, also when
 * pidfd_open is missing (a seccomp filter). prodcons: a P on
 * the mutex by hand stalls both; deadlock: both workers blocked (GETNCNT 1
 * on each semaphore) until a V; signals: two SIGUSR1 while blocked are
 * delivered once, two SIGRTMIN+1 twice with their values, in order;
 * homework: three non-zero rates at each payload, 64 KiB chunked on the
 * queue; chat: a message from the user is answered on mtype 4; daemon: the
 * two recipes, adopted by the launcher, no tty, cwd /; pause, speed,
 * several scenarios at once, the crash-handler stop, errors. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc/procfacts.h"
#include "proc/procinfo.h"
#include "classroom/scenario.h"
#include "model/snapshot.h"
#include "test_seccomp.h"

#define MAXP (SCENARIO_MAX_PROCS * SCENARIO_MAX_RUNNING)

static void scn_ns(void)
{
	/* A namespace of our own when we may (root); else the one `make test`
	 * made, where only our keys are looked at. */
	(void)unshare(CLONE_NEWIPC);
}

static void scn_fini(void) { scenario_stop_all(); }

TestSuite(scenario_engine, .init = scn_ns, .fini = scn_fini, .timeout = 30);
TestSuite(scenario_demo, .init = scn_ns, .fini = scn_fini, .timeout = 30);

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Polls every scenario pipe for ms, collecting and reaping. */
static void pump(long ms)
{
	long long end = now_ms() + ms;
	do {
		int fds[SCENARIO_MAX_RUNNING];
		size_t n = scenario_fds(fds, SCENARIO_MAX_RUNNING);
		struct pollfd p[SCENARIO_MAX_RUNNING];
		for (size_t i = 0; i < n; i++)
			p[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
		long long left = end - now_ms();
		int r = poll(p, n, (int)(left > 20 ? 20 : left < 0 ? 0 : left));
		cr_assert(r >= 0 || errno == EINTR, "poll: %s", strerror(errno));
		for (size_t i = 0; r > 0 && i < n; i++)
			if (p[i].revents)
				cr_assert_geq(scenario_collect(p[i].fd), 0);
		scenario_reap();
	} while (now_ms() < end);
}

typedef bool (*pred_fn)(struct scenario *s, const void *arg);

/* Pumps until pred holds (at most ms). */
static bool pump_until(struct scenario *s, pred_fn pred, const void *arg, long ms)
{
	long long end = now_ms() + ms;
	while (!pred(s, arg)) {
		if (now_ms() > end)
			return false;
		pump(20);
	}
	return true;
}

static struct scenario *start(const char *name)
{
	struct scenario *s = NULL;
	char err[256];
	cr_assert_eq(scenario_start(name, &s, err, sizeof(err)), 0, "start %s: %s", name, err);
	cr_assert_not_null(s);
	cr_assert_str_eq(scenario_name(s), name);
	cr_assert_eq(scenario_set_speed(s, SCENARIO_SPEED_MAX), 0);
	if (scenario_paused(s)) /* daemon starts paused */
		cr_assert_eq(scenario_pause(s, false), 0);
	return s;
}

static const struct scenario_proc *proc(struct scenario *s, size_t i)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	cr_assert_lt(i, n);
	return &p[i];
}

static int object_id(struct scenario *s, enum ipc_kind kind, int nth)
{
	const struct scenario_object *o;
	size_t n = scenario_objects(s, &o);
	for (size_t i = 0; i < n; i++)
		if (o[i].kind == kind && nth-- == 0)
			return o[i].id;
	cr_assert_fail("no %s object #%d in %s", kind_name(kind), nth, scenario_name(s));
	return -1;
}

static bool all_pids_known(struct scenario *s, const void *arg)
{
	(void)arg;
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	for (size_t i = 0; i < n; i++)
		if (p[i].pid <= 0)
			return false;
	return true;
}

static bool all_reported(struct scenario *s, const void *arg)
{
	(void)arg;
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	for (size_t i = 0; i < n; i++)
		if (p[i].updates == 0)
			return false;
	return true;
}

/* Processes and states as text, to compare collection rounds. */
static void fingerprint(struct scenario *s, char *buf, size_t len)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		int w = snprintf(buf + used, len - used, "%lu|%lld|%lld|%s;", p[i].updates,
				 p[i].counters[0], p[i].counters[3], p[i].state);
		if (w > 0)
			used += (size_t)w;
	}
}

static bool changed_from(struct scenario *s, const void *arg)
{
	char now[4096];
	fingerprint(s, now, sizeof(now));
	return strcmp(now, (const char *)arg) != 0;
}

static size_t pids_of(struct scenario *s, pid_t *pids)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	for (size_t i = 0; i < n; i++)
		pids[i] = p[i].pid;
	return n;
}

static size_t our_objects(void)
{
	struct snapshot snap;
	memset(&snap, 0, sizeof(snap));
	cr_assert_eq(snapshot_read(&snap, KINDS_ALL, 0), 0, "snapshot_read: %s", strerror(errno));
	size_t n = 0;
	for (size_t i = 0; i < snap.count; i++)
		if (SCENARIO_KEY_IS_OURS(snap.objs[i].key) ||
		    (snap.objs[i].kind == KIND_SHM && (snap.objs[i].mode & 01000))) /* SHM_DEST */
			n++;
	snapshot_free(&snap);
	return n;
}

/* Every object of s is in a snapshot with the key it claims. */
static void assert_objects_visible(struct scenario *s)
{
	struct snapshot snap;
	memset(&snap, 0, sizeof(snap));
	cr_assert_eq(snapshot_read(&snap, KINDS_ALL, 0), 0);
	const struct scenario_object *o;
	size_t n = scenario_objects(s, &o);
	cr_assert_geq(n, 1);
	cr_assert_eq(o[0].kind, KIND_SHM, "the control block comes first");
	for (size_t i = 0; i < n; i++) {
		const struct ipc_object *found = snapshot_find(&snap, o[i].kind, o[i].id);
		cr_assert_not_null(found, "%s %d (%s) not in the snapshot", kind_name(o[i].kind), o[i].id,
				   o[i].role);
		cr_assert_eq(found->key, o[i].key);
		cr_assert(SCENARIO_KEY_IS_OURS(found->key));
		cr_assert(scenario_owns(o[i].kind, o[i].id));
	}
	snapshot_free(&snap);
}

/* No process left (not even a zombie of ours) and no object. */
static void assert_all_gone(const pid_t *pids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cr_assert_gt(pids[i], 0);
		long long end = now_ms() + 2000;
		while (kill(pids[i], 0) == 0 && now_ms() < end)
			usleep(2000);
		errno = 0;
		cr_assert_eq(kill(pids[i], 0), -1, "pid %d is still there", (int)pids[i]);
		cr_assert_eq(errno, ESRCH);
	}
	int st;
	errno = 0;
	cr_assert_eq(waitpid(-1, &st, WNOHANG), -1, "a child is left to reap");
	cr_assert_eq(errno, ECHILD);
	cr_assert_eq(our_objects(), 0, "scenario objects are left");
}

static void stop_ok(struct scenario *s)
{
	char err[256];
	cr_assert_eq(scenario_stop(s, err, sizeof(err)), 0, "stop: %s", err);
}

/* Start, visible objects, activity over two rounds, stop leaving nothing. */
static void lifecycle(const char *name, bool keeps_moving)
{
	struct scenario *s = start(name);
	assert_objects_visible(s);
	cr_assert(pump_until(s, all_pids_known, NULL, 4000), "%s: not every pid became known", name);
	cr_assert(pump_until(s, all_reported, NULL, 4000), "%s: not every process reported", name);
	char round1[4096];
	fingerprint(s, round1, sizeof(round1));
	if (keeps_moving)
		cr_assert(pump_until(s, changed_from, round1, 8000), "%s: nothing changed in 8 s", name);
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	for (size_t i = 0; i < n; i++) {
		cr_assert(p[i].alive, "%s: %s died: %s", name, p[i].role, p[i].state);
		cr_assert_gt(p[i].pgid, 0);
		cr_assert_neq(p[i].pid, getpid());
	}
	cr_assert_gt(scenario_event_count(s), 0);
	/* The janitor: alive, in a group of its own, not one of the procs. */
	pid_t j = scenario_janitor_pid(s);
	cr_assert_gt(j, 0);
	cr_assert_eq(getpgid(j), j);
	cr_assert_neq(j, scenario_pgid(s));
	for (size_t i = 0; i < n; i++)
		cr_assert_neq(p[i].pid, j);
	pid_t pids[MAXP];
	size_t np = pids_of(s, pids);
	pids[np++] = j;
	stop_ok(s);
	assert_all_gone(pids, np); /* the janitor too, reaped (no child left) */
}

Test(scenario_demo, prodcons_lifecycle) { lifecycle("prodcons", true); }
Test(scenario_demo, chat_lifecycle) { lifecycle("chat", true); }
Test(scenario_demo, homework_lifecycle) { lifecycle("homework", true); }
Test(scenario_demo, deadlock_lifecycle) { lifecycle("deadlock", false); }
Test(scenario_demo, signals_lifecycle) { lifecycle("signals", true); }
Test(scenario_demo, daemon_lifecycle) { lifecycle("daemon", true); }

/* ---- the parent dies --------------------------------------------------- */

static void write_all(int fd, const void *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(2);
		p = (const char *)p + w;
		n -= (size_t)w;
	}
}

/* What the middle process tells us, in one atomic write (< PIPE_BUF). */
struct starter_report {
	size_t n;
	pid_t pids[SCENARIO_MAX_PROCS];
	pid_t janitor;
	size_t nobjs;
	struct scenario_object objs[SCENARIO_MAX_OBJECTS];
};
_Static_assert(sizeof(struct starter_report) <= 4096, "one atomic pipe write");

/* Reaps every zombie that came to us (we are the subreaper); the
 * janitor's status goes to *jst when it is among them. */
static void reap_orphans(pid_t janitor, int *jst)
{
	int st;
	pid_t r;
	while ((r = waitpid(-1, &st, WNOHANG)) > 0)
		if (r == janitor)
			*jst = st;
}

/* Is object (kind, id) gone? IPC_STAT must say EINVAL or EIDRM. */
static bool object_gone(enum ipc_kind kind, int id)
{
	int r;
	if (kind == KIND_SHM) {
		struct shmid_ds ds;
		r = shmctl(id, IPC_STAT, &ds);
	} else if (kind == KIND_MSG) {
		struct msqid_ds ds;
		r = msgctl(id, IPC_STAT, &ds);
	} else {
		struct semid_ds ds;
		r = semctl(id, 0, IPC_STAT, &ds);
	}
	return r < 0 && (errno == EINVAL || errno == EIDRM);
}

/* A middle process (ipctop) starts name and tells us its pids, its
 * janitor and its objects; we SIGKILL it (and, when kill_janitor, its
 * janitor first). The children must die within 2 s (PDEATHSIG, and the
 * janitor's pidfd SIGKILL): we are their subreaper, so we reap them and
 * can tell zombies from the living (kill(pid, 0) is ESRCH once reaped).
 * Without kill_janitor the janitor must exit 0 and every object be gone
 * (IPC_STAT: EINVAL/EIDRM) within 2 s; with it the objects stay. */
static size_t kill_starter(const char *name, pid_t *pids, bool kill_janitor)
{
	cr_assert_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	int fds[2];
	cr_assert_eq(pipe(fds), 0);
	pid_t me = getpid();
	pid_t mid = fork();
	cr_assert_geq(mid, 0);
	if (mid == 0) {
		/* Dies with a failed test, so its janitor cleans up then. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != me)
			_exit(4);
		close(fds[0]);
		struct scenario *s;
		char err[256];
		if (scenario_start(name, &s, err, sizeof(err)) < 0)
			_exit(3);
		(void)scenario_set_speed(s, SCENARIO_SPEED_MAX);
		if (scenario_paused(s))
			(void)scenario_pause(s, false);
		long long end = now_ms() + 4000;
		while (!all_pids_known(s, NULL) && now_ms() < end)
			pump(20);
		struct starter_report rep;
		memset(&rep, 0, sizeof(rep));
		rep.n = pids_of(s, rep.pids);
		rep.janitor = scenario_janitor_pid(s);
		const struct scenario_object *o;
		rep.nobjs = scenario_objects(s, &o);
		memcpy(rep.objs, o, rep.nobjs * sizeof(*o));
		write_all(fds[1], &rep, sizeof(rep));
		for (;;)
			pause();
	}
	close(fds[1]);
	struct starter_report rep;
	struct pollfd pf = { .fd = fds[0], .events = POLLIN };
	cr_assert_eq(poll(&pf, 1, 6000), 1, "the starter did not report");
	cr_assert_eq(read(fds[0], &rep, sizeof(rep)), (ssize_t)sizeof(rep));
	close(fds[0]);
	size_t n = rep.n;
	cr_assert(n > 0 && n <= SCENARIO_MAX_PROCS);
	memcpy(pids, rep.pids, n * sizeof(pid_t));
	for (size_t i = 0; i < n; i++)
		cr_assert_gt(pids[i], 0, "%s: pid %zu unknown", name, i);
	cr_assert_gt(rep.janitor, 0, "%s: no janitor", name);
	cr_assert_eq(getpgid(rep.janitor), rep.janitor, "the janitor leads a group of its own");
	cr_assert_geq(rep.nobjs, 1);
	for (size_t k = 0; k < rep.nobjs; k++)
		cr_assert_not(object_gone(rep.objs[k].kind, rep.objs[k].id));

	/* While it lives, the same scenario cannot start here. */
	struct scenario *s2;
	char err[256];
	cr_assert_eq(scenario_start(name, &s2, err, sizeof(err)), -1);
	cr_assert_eq(errno, EEXIST);
	cr_assert(strstr(err, "already running"), "%s", err);

	if (kill_janitor)
		cr_assert_eq(kill(rep.janitor, SIGKILL), 0);
	cr_assert_eq(kill(mid, SIGKILL), 0);
	int st, jst = -1;
	cr_assert_eq(waitpid(mid, &st, 0), mid);
	/* Reap the orphans as they die; each must be gone within 2 s. */
	long long end = now_ms() + 2000;
	for (size_t i = 0; i < n; i++) {
		while (kill(pids[i], 0) == 0 && now_ms() < end) {
			reap_orphans(rep.janitor, &jst);
			usleep(2000);
		}
		cr_assert_eq(kill(pids[i], 0), -1, "%s: pid %d outlived its parent", name, (int)pids[i]);
		cr_assert_eq(errno, ESRCH);
	}
	while (kill(rep.janitor, 0) == 0 && now_ms() < end) {
		reap_orphans(rep.janitor, &jst);
		usleep(2000);
	}
	cr_assert_eq(kill(rep.janitor, 0), -1, "%s: the janitor is still there", name);
	reap_orphans(rep.janitor, &jst);
	if (kill_janitor) {
		cr_assert(WIFSIGNALED(jst) && WTERMSIG(jst) == SIGKILL, "janitor status 0x%x", jst);
		cr_assert_gt(our_objects(), 0, "without the janitor the objects stay");
		return n;
	}
	cr_assert(WIFEXITED(jst) && WEXITSTATUS(jst) == 0, "%s: janitor status 0x%x", name, jst);
	for (size_t k = 0; k < rep.nobjs; k++)
		cr_assert(object_gone(rep.objs[k].kind, rep.objs[k].id), "%s: %s %d (%s) is still there",
			  name, kind_name(rep.objs[k].kind), rep.objs[k].id, rep.objs[k].role);
	cr_assert_eq(our_objects(), 0, "%s: scenario objects are left", name);
	return n;
}

/* ipctop is SIGKILLed: its janitor kills the children and removes the
 * objects; nothing is left for the stale cleanup. */
static void parent_dies_janitor_cleans(const char *name)
{
	pid_t pids[SCENARIO_MAX_PROCS];
	kill_starter(name, pids, false);
	char msg[1024];
	cr_assert_eq(scenario_cleanup_stale(msg, sizeof(msg)), 0, "%s", msg);
}

Test(scenario_engine, parent_dies_janitor_cleans_prodcons) { parent_dies_janitor_cleans("prodcons"); }
Test(scenario_engine, parent_dies_janitor_cleans_chat) { parent_dies_janitor_cleans("chat"); }
Test(scenario_engine, parent_dies_janitor_cleans_homework) { parent_dies_janitor_cleans("homework"); }
Test(scenario_engine, parent_dies_janitor_cleans_deadlock) { parent_dies_janitor_cleans("deadlock"); }
Test(scenario_engine, parent_dies_janitor_cleans_signals) { parent_dies_janitor_cleans("signals"); }
Test(scenario_engine, parent_dies_janitor_cleans_daemon) { parent_dies_janitor_cleans("daemon"); }

/* The fallback when the janitor could not act: the stale cleanup. */
static void parent_and_janitor_die_then_cleanup(const char *name)
{
	pid_t pids[SCENARIO_MAX_PROCS];
	kill_starter(name, pids, true);
	char msg[1024];
	int removed = scenario_cleanup_stale(msg, sizeof(msg));
	cr_assert_gt(removed, 0, "nothing removed: %s", msg);
	cr_assert(strstr(msg, "removed stale"), "%s", msg);
	cr_assert_eq(our_objects(), 0);
	cr_assert_eq(scenario_cleanup_stale(msg, sizeof(msg)), 0);
}

Test(scenario_engine, parent_and_janitor_die_cleanup_chat) { parent_and_janitor_die_then_cleanup("chat"); }
Test(scenario_engine, parent_and_janitor_die_cleanup_daemon) { parent_and_janitor_die_then_cleanup("daemon"); }

Test(scenario_engine, parent_and_janitor_die_next_start_cleans)
{
	pid_t pids[SCENARIO_MAX_PROCS];
	kill_starter("prodcons", pids, true);
	/* No cleanup call: the next start finds the creator dead and cleans. */
	struct scenario *s = start("prodcons");
	cr_assert(pump_until(s, all_reported, NULL, 3000));
	stop_ok(s);
	cr_assert_eq(our_objects(), 0);
}

static bool janitor_reaped(struct scenario *s, const void *arg)
{
	(void)arg;
	return scenario_janitor_pid(s) == 0;
}

static bool someone_left(struct scenario *s, const void *arg)
{
	(void)arg;
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	for (size_t i = 0; i < n; i++)
		if (p[i].alive)
			return false;
	return true;
}

/* SIGTERM to the janitor while ipctop lives stops the scenario: children
 * killed, objects removed; scenario_reap reaps it and stop still works. */
static void janitor_sigterm_stops(void)
{
	struct scenario *s = start("deadlock");
	cr_assert(pump_until(s, all_reported, NULL, 3000));
	pid_t j = scenario_janitor_pid(s);
	cr_assert_gt(j, 0);
	int semid = object_id(s, KIND_SEM, 0);
	cr_assert_eq(kill(j, SIGTERM), 0);
	cr_assert(pump_until(s, janitor_reaped, NULL, 2000), "the janitor was not reaped");
	cr_assert(pump_until(s, someone_left, NULL, 2000), "the children outlived the janitor");
	cr_assert(object_gone(KIND_SEM, semid));
	cr_assert_eq(our_objects(), 0);
	int st = proc(s, 0)->status;
	cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "status 0x%x", st);
	pid_t pids[MAXP];
	size_t n = pids_of(s, pids);
	stop_ok(s); /* objects already gone is not an error */
	assert_all_gone(pids, n);
	cr_assert_eq(kill(j, 0), -1);
}

Test(scenario_engine, janitor_sigterm_stops_the_scenario)
{
	janitor_sigterm_stops();
}

/* pidfd_open(2) failing with ENOSYS (this process only, by a seccomp
 * filter), as before Linux 5.3: the janitor ends the children by pid. */
Test(scenario_engine, janitor_without_pidfds_kills_by_pid)
{
	seccomp_deny(ENOSYS, (const unsigned[]){ SYS_pidfd_open }, 1);
	cr_assert_eq(syscall(SYS_pidfd_open, getpid(), 0), -1);
	cr_assert_eq(errno, ENOSYS, "the filter is in place");
	janitor_sigterm_stops();
}

/* ---- prodcons ------------------------------------------------------------ */

static bool produced_at_least(struct scenario *s, const void *arg)
{
	return proc(s, 0)->counters[0] >= *(const long long *)arg &&
	       proc(s, 1)->counters[0] >= *(const long long *)arg;
}

Test(scenario_demo, prodcons_mutex_by_hand_stalls_both)
{
	struct scenario *s = start("prodcons");
	int semid = object_id(s, KIND_SEM, 0);
	/* A mutex: 1 when free, 0 while a worker holds it (they already run). */
	int mutex = semctl(semid, 2, GETVAL);
	cr_assert(mutex == 0 || mutex == 1, "mutex value %d", mutex);
	long long five = 5;
	cr_assert(pump_until(s, produced_at_least, &five, 4000));
	cr_assert_eq(proc(s, 1)->counters[3], 0, "items arrived out of order");
	/* P the mutex by hand (it is free most of the time). */
	struct sembuf p = { 2, -1, IPC_NOWAIT };
	long long end = now_ms() + 2000;
	while (semop(semid, &p, 1) < 0) {
		cr_assert_eq(errno, EAGAIN);
		cr_assert_lt(now_ms(), end, "never got the mutex");
	}
	/* Both stall: nobody moves for 400 ms, someone waits on the mutex. */
	pump(300);
	long long a = proc(s, 0)->counters[0], b = proc(s, 1)->counters[0];
	pump(400);
	cr_assert_eq(proc(s, 0)->counters[0], a, "the producer went on without the mutex");
	cr_assert_eq(proc(s, 1)->counters[0], b, "the consumer went on without the mutex");
	cr_assert_geq(semctl(semid, 2, GETNCNT), 1);
	cr_assert(strstr(proc(s, 0)->state, "waiting on") && strstr(proc(s, 1)->state, "waiting on"),
		  "%s / %s", proc(s, 0)->state, proc(s, 1)->state);
	/* V: they go on. */
	struct sembuf v = { 2, 1, 0 };
	cr_assert_eq(semop(semid, &v, 1), 0);
	long long more = a + 5;
	cr_assert(pump_until(s, produced_at_least, &more, 4000));
	cr_assert_eq(proc(s, 1)->counters[3], 0);
	pid_t pids[MAXP];
	size_t n = pids_of(s, pids);
	stop_ok(s);
	assert_all_gone(pids, n);
}

static bool one_at_its_gate(struct scenario *s, const void *arg)
{
	(void)arg;
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	for (size_t i = 0; i < n; i++)
		if (scenario_ready(s, (int)i))
			return true;
	return false;
}

static bool ops_reach(struct scenario *s, const void *arg)
{
	return scenario_ops_total(s) >= *(const unsigned long *)arg;
}

/* prodcons has steps: paused, its processes wait at their gates (not
 * SIGSTOPped: a step must be able to let one through); nothing moves. */
Test(scenario_engine, pause_stops_at_the_gates_and_stop_works_while_paused)
{
	struct scenario *s = start("prodcons");
	long long three = 3;
	cr_assert(pump_until(s, produced_at_least, &three, 4000));
	cr_assert_eq(scenario_pause(s, true), 0);
	cr_assert(scenario_paused(s));
	cr_assert(pump_until(s, one_at_its_gate, NULL, 5000), "nobody reached a gate");
	pump(200);
	long long a = proc(s, 0)->counters[0];
	unsigned long ops = scenario_ops_total(s);
	pump(400);
	cr_assert_eq(proc(s, 0)->counters[0], a, "moved while paused");
	cr_assert_eq(scenario_ops_total(s), ops, "an operation while paused");
	cr_assert_eq(scenario_pause(s, false), 0);
	cr_assert_not(scenario_paused(s));
	long long more = a + 3;
	cr_assert(pump_until(s, produced_at_least, &more, 4000), "did not resume");
	cr_assert_eq(scenario_pause(s, true), 0);
	pid_t pids[MAXP];
	size_t n = pids_of(s, pids);
	stop_ok(s);
	assert_all_gone(pids, n);
}

/* Step mode: each step adds exactly one operation, by the process the
 * step names, marked as stepped; steps go in turn. */
static void steps_one_op_each(const char *name, int rounds, int min_movers)
{
	struct scenario *s = start(name);
	cr_assert_eq(scenario_step(s, -1), -1, "a step while running");
	cr_assert_eq(errno, EINVAL);
	pump(300);
	cr_assert_eq(scenario_pause(s, true), 0);
	cr_assert(pump_until(s, one_at_its_gate, NULL, 5000), "nobody reached a gate");
	pump(300);
	int moved[SCENARIO_MAX_PROCS] = { 0 };
	for (int i = 0; i < rounds; i++) {
		if (!pump_until(s, one_at_its_gate, NULL, 5000))
			break; /* every process blocked in the kernel (deadlock) */
		unsigned long before = scenario_ops_total(s);
		int who = scenario_step(s, -1);
		cr_assert_geq(who, 0, "step: %s", strerror(errno));
		cr_assert_eq(scenario_moved(s), who);
		unsigned long want = before + 1;
		cr_assert(pump_until(s, ops_reach, &want, 2000), "step %d: no operation", i);
		pump(150);
		cr_assert_eq(scenario_ops_total(s), want, "step %d added %lu operations", i,
			     scenario_ops_total(s) - before);
		const struct scenario_event *e = scenario_op(s, scenario_op_count(s) - 1);
		cr_assert_eq(e->proc, who);
		cr_assert(e->flags & SCN_EVF_STEPPED, "the step's operation is not marked");
		moved[who]++;
	}
	int movers = 0;
	for (size_t i = 0; i < SCENARIO_MAX_PROCS; i++)
		movers += moved[i] > 0;
	cr_assert_geq(movers, min_movers, "steps did not go in turn");
	cr_assert_eq(scenario_pause(s, false), 0);
	stop_ok(s);
}

Test(scenario_engine, step_prodcons_one_operation_a_key) { steps_one_op_each("prodcons", 12, 2); }
Test(scenario_engine, step_chat_one_operation_a_key) { steps_one_op_each("chat", 8, 2); }
/* A round trip by each pinger in turn (the pongers echo, blocked in the kernel). */
Test(scenario_engine, step_homework_one_round_trip_a_key) { steps_one_op_each("homework", 6, 3); }

/* signals: paused, the receiver's signals stay pending; a step delivers
 * exactly one (the lowest-numbered first, a real-time one's queue one at a
 * time), whatever else is pending. */
Test(scenario_engine, step_signals_one_delivery_a_key)
{
	struct scenario *s = start("signals");
	pump(300);
	cr_assert_eq(scenario_pause(s, true), 0);
	cr_assert(pump_until(s, one_at_its_gate, NULL, 3000), "the receiver did not reach its gate");
	pid_t r = proc(s, 0)->pid;
	pump(200);
	unsigned long ops = scenario_ops_total(s);
	union sigval v;
	cr_assert_eq(kill(r, SIGUSR1), 0);
	cr_assert_eq(kill(r, SIGUSR1), 0);
	v.sival_int = 11;
	cr_assert_eq(sigqueue(r, SIGRTMIN + 1, v), 0);
	v.sival_int = 22;
	cr_assert_eq(sigqueue(r, SIGRTMIN + 1, v), 0);
	pump(300);
	cr_assert_eq(scenario_ops_total(s), ops, "a delivery while paused");
	/* SIGUSR1 (merged: once), then SIGRTMIN+1 twice with its values; the
	 * interval timer's SIGALRM (14) may come between. */
	const int want_sig[] = { SIGUSR1, SIGRTMIN + 1, SIGRTMIN + 1 };
	const long long want_val[] = { 0, 11, 22 };
	int got = 0;
	for (int i = 0; i < 8 && got < 3; i++) {
		cr_assert(pump_until(s, one_at_its_gate, NULL, 3000), "step %d: not at its gate", i);
		cr_assert_eq(scenario_step(s, -1), 0, "step: %s", strerror(errno));
		unsigned long want = ops + 1;
		cr_assert(pump_until(s, ops_reach, &want, 2000), "step %d: no delivery", i);
		pump(150);
		cr_assert_eq(scenario_ops_total(s), want, "step %d added %lu operations", i, scenario_ops_total(s) - ops);
		const struct scenario_event *e = scenario_op(s, scenario_op_count(s) - 1);
		cr_assert_eq(e->op, SCN_OP_SIGNAL);
		cr_assert(e->flags & SCN_EVF_STEPPED);
		ops = want;
		if (e->num == SIGALRM)
			continue;
		cr_assert_eq(e->num, want_sig[got], "delivery %d: signal %d", got, e->num);
		cr_assert_eq(e->value, want_val[got]);
		got++;
	}
	cr_assert_eq(got, 3, "the three deliveries did not come in 8 steps");
	struct scenario_sigmasks m;
	cr_assert_eq(scenario_sigmasks(r, &m), 0);
	cr_assert_eq((m.pending | m.shared) & (1ull << (SIGUSR1 - 1)), 0, "SIGUSR1 still pending");
	cr_assert_eq(scenario_pause(s, false), 0);
	stop_ok(s);
}

Test(scenario_engine, speed_levels)
{
	cr_assert_gt(scenario_speed_delay_ms(1), scenario_speed_delay_ms(5));
	cr_assert_gt(scenario_speed_delay_ms(5), scenario_speed_delay_ms(9));
	cr_assert_eq(scenario_speed_delay_ms(0), scenario_speed_delay_ms(1));
	struct scenario *s = start("prodcons");
	cr_assert_eq(scenario_speed(s), SCENARIO_SPEED_MAX);
	cr_assert_eq(scenario_set_speed(s, 0), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(scenario_set_speed(s, 10), -1);
	/* At speed 1 (2 s per step) the producer makes at most one more item. */
	cr_assert_eq(scenario_set_speed(s, 1), 0);
	cr_assert_eq(scenario_speed(s), 1);
	pump(300);
	long long a = proc(s, 0)->counters[0];
	pump(700);
	cr_assert_leq(proc(s, 0)->counters[0], a + 1);
	stop_ok(s);
}

/* ---- chat ---------------------------------------------------------------- */

Test(scenario_demo, chat_answers_the_user_on_mtype_4)
{
	struct scenario *s = start("chat");
	cr_assert(strstr(scenario_info(s)->help, "mtype 4"));
	int msqid = object_id(s, KIND_MSG, 0);
	cr_assert(pump_until(s, all_reported, NULL, 3000));
	struct {
		long mtype;
		char text[256];
	} m = { 2, "hello bob" };
	cr_assert_eq(msgsnd(msqid, &m, strlen(m.text), 0), 0);
	long long end = now_ms() + 3000;
	ssize_t n;
	while ((n = msgrcv(msqid, &m, sizeof(m.text) - 1, 4, IPC_NOWAIT)) < 0) {
		cr_assert_eq(errno, ENOMSG);
		cr_assert_lt(now_ms(), end, "no answer on mtype 4");
		pump(20);
	}
	m.text[n] = '\0';
	cr_assert_str_eq(m.text, "bob->you: got \"hello bob\"");
	pump(100);
	cr_assert_eq(proc(s, 1)->counters[2], 1, "bob counts one message from you");
	cr_assert_eq(proc(s, 0)->counters[2], 0);
	stop_ok(s);
}

Test(scenario_engine, object_removed_under_a_scenario)
{
	struct scenario *s = start("chat");
	cr_assert(pump_until(s, all_reported, NULL, 3000));
	cr_assert_eq(msgctl(object_id(s, KIND_MSG, 0), IPC_RMID, NULL), 0);
	cr_assert(pump_until(s, someone_left, NULL, 3000), "the children did not leave");
	bool saw_error = false;
	for (size_t i = 0; i < scenario_event_count(s); i++)
		if (scenario_event(s, i)->kind == SCENARIO_EV_ERROR &&
		    strstr(scenario_event(s, i)->text, "removed"))
			saw_error = true;
	cr_assert(saw_error, "no error event says the queue was removed");
	stop_ok(s); /* a queue already gone is not an error */
	cr_assert_eq(our_objects(), 0);
}

/* ---- deadlock -------------------------------------------------------------- */

static bool deadlocked(struct scenario *s, const void *arg)
{
	int semid = *(const int *)arg;
	(void)s;
	return semctl(semid, 0, GETNCNT) == 1 && semctl(semid, 1, GETNCNT) == 1;
}

static bool both_rounds(struct scenario *s, const void *arg)
{
	(void)arg;
	return proc(s, 0)->counters[0] >= 1 && proc(s, 1)->counters[0] >= 1;
}

Test(scenario_demo, deadlock_until_a_v)
{
	struct scenario *s = start("deadlock");
	int semid = object_id(s, KIND_SEM, 0);
	cr_assert(pump_until(s, deadlocked, &semid, 5000), "no deadlock");
	cr_assert_eq(semctl(semid, 0, GETVAL), 0);
	cr_assert_eq(semctl(semid, 1, GETVAL), 0);
	pump(400);
	cr_assert(deadlocked(s, &semid), "the deadlock went away by itself");
	cr_assert_eq(proc(s, 0)->counters[0] + proc(s, 1)->counters[0], 0);
	cr_assert(strstr(proc(s, 0)->state, "deadlock?"), "%s", proc(s, 0)->state);
	cr_assert(strstr(proc(s, 1)->state, "deadlock?"), "%s", proc(s, 1)->state);
	/* The cycle from the workers' own reports names both pids and the set. */
	struct wait_cycles c = { 0 };
	struct timespec since;
	cr_assert_eq(scenario_cycles(s, &c, &since), 1);
	size_t len;
	const struct wait_edge *e = waitgraph_cycle(&c, 0, &len);
	cr_assert_eq(len, 2);
	pid_t w1 = proc(s, 0)->pid, w2 = proc(s, 1)->pid;
	cr_assert((e[0].waiter == w1 && e[0].holder == w2) || (e[0].waiter == w2 && e[0].holder == w1));
	cr_assert_eq(e[1].waiter, e[0].holder);
	cr_assert_eq(e[1].holder, e[0].waiter);
	cr_assert_eq(e[0].semid, semid);
	cr_assert_neq(e[0].semnum, e[1].semnum);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	cr_assert_geq(now.tv_sec - since.tv_sec, 0);
	cr_assert_lt(now.tv_sec - since.tv_sec, 10, "the cycle's start is not recent");
	struct sembuf v = { 0, 1, 0 }; /* V on A */
	cr_assert_eq(semop(semid, &v, 1), 0);
	cr_assert(pump_until(s, both_rounds, NULL, 4000), "the V did not resolve it");
	cr_assert_eq(scenario_cycles(s, &c, NULL), 0, "a cycle after the V");
	waitgraph_free(&c);
	cr_assert_eq(proc(s, 0)->alive && proc(s, 1)->alive, true);
	stop_ok(s);
}

/* ---- signals --------------------------------------------------------------- */

static bool event_after(struct scenario *s, const void *arg)
{
	const char *needle = arg;
	for (size_t i = 0; i < scenario_event_count(s); i++)
		if (strstr(scenario_event(s, i)->text, needle))
			return true;
	return false;
}

struct mask_want {
	pid_t pid;
	uint64_t bits;
	int which; /* 0 blocked, 1 shared pending */
};

static bool mask_has(struct scenario *s, const void *arg)
{
	(void)s;
	const struct mask_want *w = arg;
	struct scenario_sigmasks m;
	if (scenario_sigmasks(w->pid, &m) < 0)
		return false;
	uint64_t v = w->which ? m.shared : m.blocked;
	return (v & w->bits) == w->bits;
}

/* Deliveries of sig among the events numbered >= from (scenario_events_total
 * numbering); values[] gets their si_value in order. */
static int deliveries(struct scenario *s, unsigned long from, int sig, int *values, int max)
{
	unsigned long total = scenario_events_total(s);
	size_t count = scenario_event_count(s);
	int n = 0;
	for (size_t i = 0; i < count; i++) {
		unsigned long seq = total - count + i;
		const struct scenario_event *e = scenario_event(s, i);
		if (seq < from || e->kind != SCENARIO_EV_SIGNAL || e->counters[0] != sig)
			continue;
		if (n < max)
			values[n] = (int)e->counters[1];
		n++;
	}
	return n;
}

struct want_rt {
	unsigned long from;
	int n;
};

static bool rt_arrived(struct scenario *s, const void *arg)
{
	const struct want_rt *w = arg;
	int v[8];
	return deliveries(s, w->from, SIGRTMIN + 1, v, 8) >= w->n;
}

Test(scenario_demo, signals_merge_standard_queue_realtime)
{
	struct scenario *s = start("signals");
	pid_t pid = proc(s, 0)->pid;
	cr_assert(pump_until(s, event_after, "unblocked", 3000));
	cr_assert_eq(scenario_signals_block(s, true), 0);
	cr_assert(pump_until(s, event_after, "blocked SIG", 3000), "the block was not applied");
	uint64_t usr1 = 1ull << (SIGUSR1 - 1), rt1 = 1ull << (SIGRTMIN + 1 - 1);
	struct mask_want blocked = { pid, usr1 | rt1, 0 };
	cr_assert(pump_until(s, mask_has, &blocked, 2000), "SigBlk lacks SIGUSR1/SIGRTMIN+1");

	unsigned long before = scenario_events_total(s);
	struct scenario_sigstat usr1_before, rt_before;
	scenario_sigstat(s, SIGUSR1, &usr1_before);
	scenario_sigstat(s, SIGRTMIN + 1, &rt_before);
	cr_assert_eq(kill(pid, SIGUSR1), 0);
	cr_assert(scenario_note_signal(pid, SIGUSR1, false, 0));
	cr_assert_eq(kill(pid, SIGUSR1), 0);
	cr_assert(scenario_note_signal(pid, SIGUSR1, false, 0));
	cr_assert_eq(sigqueue(pid, SIGRTMIN + 1, (union sigval){ .sival_int = 11 }), 0);
	cr_assert(scenario_note_signal(pid, SIGRTMIN + 1, true, 11));
	cr_assert_eq(sigqueue(pid, SIGRTMIN + 1, (union sigval){ .sival_int = 22 }), 0);
	cr_assert(scenario_note_signal(pid, SIGRTMIN + 1, true, 22));
	cr_assert_not(scenario_note_signal(getpid(), SIGUSR1, false, 0), "ipctop is no scenario process");
	cr_assert_eq(scenario_default_signal(pid), SIGUSR1);
	cr_assert_eq(scenario_default_signal(getpid()), SIGTERM);
	struct mask_want pending = { pid, usr1 | rt1, 1 };
	cr_assert(pump_until(s, mask_has, &pending, 2000), "ShdPnd lacks SIGUSR1/SIGRTMIN+1");
	cr_assert(pump_until(s, event_after, "pending (blocked, not delivered): SIGUSR1", 2000));
	pump(200);
	int v[8];
	cr_assert_eq(deliveries(s, before, SIGUSR1, v, 8), 0, "delivered while blocked");
	cr_assert_eq(deliveries(s, before, SIGRTMIN + 1, v, 8), 0, "delivered while blocked");

	unsigned long mark = scenario_events_total(s);
	cr_assert_eq(scenario_signals_block(s, false), 0);
	struct want_rt two = { mark, 2 };
	cr_assert(pump_until(s, rt_arrived, &two, 3000), "the real-time signals did not arrive");
	pump(200);
	cr_assert_eq(deliveries(s, mark, SIGUSR1, v, 8), 1, "two SIGUSR1 must merge into one");
	cr_assert_eq(deliveries(s, mark, SIGRTMIN + 1, v, 8), 2, "two SIGRTMIN+1 must queue");
	cr_assert_eq(v[0], 11);
	cr_assert_eq(v[1], 22);
	/* The stage's table: sent as noted, delivered as the receiver counted. */
	struct scenario_sigstat u, r;
	scenario_sigstat(s, SIGUSR1, &u);
	scenario_sigstat(s, SIGRTMIN + 1, &r);
	cr_assert_eq(u.sent, 2);
	cr_assert_eq(r.sent, 2);
	cr_assert_eq(u.delivered, usr1_before.delivered + 1, "SIGUSR1 delivered %lu, was %lu", u.delivered,
		     usr1_before.delivered);
	cr_assert_eq(r.delivered, rt_before.delivered + 2);
	cr_assert_geq(r.nvalues, 2);
	cr_assert_eq(r.values[r.nvalues - 2], 11);
	cr_assert_eq(r.values[r.nvalues - 1], 22);
	/* What the receiver recorded: the control block's sigcount[]. */
	void *ctl = shmat(object_id(s, KIND_SHM, 0), NULL, SHM_RDONLY);
	cr_assert_neq(ctl, (void *)-1, "shmat: %s", strerror(errno));
	unsigned got_usr1, got_rt;
	memcpy(&got_usr1, (char *)ctl + 28 + 4 * SIGUSR1, sizeof(got_usr1));
	memcpy(&got_rt, (char *)ctl + 28 + 4 * (SIGRTMIN + 1), sizeof(got_rt));
	cr_assert_eq(shmdt(ctl), 0);
	cr_assert_eq(got_usr1, u.delivered);
	cr_assert_eq(got_rt, r.delivered);
	struct scenario_sigmasks m;
	cr_assert_eq(scenario_sigmasks(pid, &m), 0);
	cr_assert_eq(m.shared & (usr1 | rt1), 0, "still pending after unblock");
	cr_assert_eq(m.caught & (usr1 | rt1), usr1 | rt1, "SigCgt lacks the handlers");
	cr_assert_eq(scenario_signals_block(s, true), 0);
	stop_ok(s);
}

/* ---- homework -------------------------------------------------------------- */

static bool three_rates_at(struct scenario *s, const void *arg)
{
	long long payload = *(const long long *)arg;
	for (size_t m = 0; m < 3; m++) {
		const struct scenario_proc *p = proc(s, 2 * m);
		if (p->counters[3] != payload || p->counters[1] <= 0 || p->counters[2] <= 0)
			return false;
	}
	return true;
}

Test(scenario_demo, homework_three_rates_each_payload)
{
	struct scenario *s = start("homework");
	cr_assert_eq(scenario_payload(s), 64);
	long long sizes[] = { 64, 4096, 65536 };
	for (size_t i = 0; i < 3; i++) {
		cr_assert_eq(scenario_set_payload(s, (size_t)sizes[i]), 0);
		cr_assert_eq(scenario_payload(s), (size_t)sizes[i]);
		cr_assert(pump_until(s, three_rates_at, &sizes[i], 4000), "no three rates at %lld B",
			  sizes[i]);
		/* Wait for a report made at the new size, not the last of the old. */
		pump(300);
		cr_assert(three_rates_at(s, &sizes[i]));
	}
	cr_assert(strstr(proc(s, 2)->state, "9 msgs per ping"), "%s", proc(s, 2)->state);
	cr_assert(strstr(proc(s, 0)->role, "pipe") && strstr(proc(s, 2)->role, "msg") &&
		  strstr(proc(s, 4)->role, "shm"));
	/* The racers use only idle CPU: the UI and the terminal come first. */
	for (size_t i = 0; i < 6; i++)
		cr_assert_eq(sched_getscheduler(proc(s, i)->pid), SCHED_IDLE, "%s", proc(s, i)->role);
	cr_assert_eq(scenario_set_payload(s, 0), -1);
	cr_assert_eq(scenario_set_payload(s, SCENARIO_PAYLOAD_MAX + 1), -1);
	stop_ok(s);
}

/* ---- daemon ---------------------------------------------------------------- */

static bool daemons_described(struct scenario *s, const void *arg)
{
	(void)arg;
	return strstr(proc(s, 1)->state, "beats") && strstr(proc(s, 2)->state, "beats") &&
	       proc(s, 1)->counters[3] > 0 && proc(s, 2)->counters[3] > 0;
}

static bool daemon_a_ready(struct scenario *s, const void *arg)
{
	(void)arg;
	return scenario_ready(s, 1);
}

/* The id of the scenario's first object of kind k, -1. */
static int scenario_object_id(struct scenario *s, enum ipc_kind k)
{
	const struct scenario_object *o;
	size_t n = scenario_objects(s, &o);
	for (size_t i = 0; i < n; i++)
		if (o[i].kind == k)
			return o[i].id;
	return -1;
}

Test(scenario_demo, daemon_recipes)
{
	struct scenario *s = start("daemon");
	cr_assert(pump_until(s, daemons_described, NULL, 4000));
	const struct scenario_proc *l = proc(s, 0), *a = proc(s, 1), *b = proc(s, 2);
	struct procinfo pa, pb;
	cr_assert_eq(procinfo_read(a->pid, &pa), 0);
	cr_assert_eq(procinfo_read(b->pid, &pb), 0);
	/* Adopted by the launcher (the subreaper), not by ipctop or init. */
	cr_assert_eq(pa.ppid, l->pid);
	cr_assert_eq(pb.ppid, l->pid);
	/* A: fork-setsid-fork, not a session leader; B: a session leader. */
	cr_assert_neq(pa.sid, a->pid);
	cr_assert_neq(pa.sid, getsid(0));
	cr_assert_eq(pb.sid, b->pid);
	cr_assert_eq(pb.pgid, b->pid);
	cr_assert_eq(pa.tty_nr, 0);
	cr_assert_eq(pb.tty_nr, 0);
	cr_assert(strstr(a->state, "cwd / umask 0000"), "%s", a->state);
	cr_assert(strstr(b->state, "tty none"), "%s", b->state);
	cr_assert_eq(a->pgid, pa.pgid);
	/* The daemons' fds: 0-2 on /dev/null and nothing else. */
	char path[64], link[64];
	for (int fd = 0; fd < 3; fd++) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)a->pid, fd);
		ssize_t n = readlink(path, link, sizeof(link) - 1);
		cr_assert_gt(n, 0);
		link[n] = '\0';
		cr_assert_str_eq(link, "/dev/null");
	}
	snprintf(path, sizeof(path), "/proc/%d/fd/3", (int)a->pid);
	cr_assert_eq(access(path, F_OK), -1, "the daemon kept fd 3");
	/* Pause reaches the daemons too (they are in other groups): their
	 * heartbeats stop; a step lets one beat, reported by the launcher. */
	cr_assert_eq(scenario_pause(s, true), 0);
	cr_assert(pump_until(s, daemon_a_ready, NULL, 3000), "daemon A did not reach its gate");
	int semid = scenario_object_id(s, KIND_SEM);
	int beats = semctl(semid, 0, GETVAL);
	pump(300);
	cr_assert_eq(semctl(semid, 0, GETVAL), beats, "daemon A beat while paused");
	unsigned long want = scenario_ops_total(s) + 1;
	cr_assert_eq(scenario_step(s, 1), 1, "step: %s", strerror(errno));
	cr_assert(pump_until(s, ops_reach, &want, 2000), "the beat was not reported");
	cr_assert_eq(semctl(semid, 0, GETVAL), beats + 1);
	const struct scenario_event *e = scenario_op(s, scenario_op_count(s) - 1);
	cr_assert(e->op == SCN_OP_V && e->proc == 1 && (e->flags & SCN_EVF_STEPPED));
	pid_t pids[MAXP];
	size_t n = pids_of(s, pids);
	stop_ok(s);
	assert_all_gone(pids, n);
}

/* Steps process proc once and returns its operation: exactly one. */
static const struct scenario_event *step_once(struct scenario *s, int proc)
{
	long long end = now_ms() + 3000;
	while (!scenario_ready(s, proc) && now_ms() < end)
		pump(20);
	unsigned long want = scenario_ops_total(s) + 1;
	cr_assert_eq(scenario_step(s, proc), proc, "step %d: %s", proc, strerror(errno));
	cr_assert(pump_until(s, ops_reach, &want, 2000), "process %d: no operation", proc);
	pump(150);
	cr_assert_eq(scenario_ops_total(s), want, "one step, %lu operations", scenario_ops_total(s) - want + 1);
	const struct scenario_event *e = scenario_op(s, scenario_op_count(s) - 1);
	cr_assert_eq(e->proc, proc, "step of %d: operation of %d (%d: %s)", proc, e->proc, (int)e->op, e->text);
	cr_assert(e->flags & SCN_EVF_STEPPED);
	return e;
}

/* daemon starts paused: each step is one call of a recipe, and /proc shows
 * what it did to the process doing it (the program, then the daemon). */
Test(scenario_demo, daemon_steps_through_the_recipes)
{
	struct scenario *s = NULL;
	char err[256];
	cr_assert_eq(scenario_start("daemon", &s, err, sizeof(err)), 0, "%s", err);
	cr_assert(scenario_paused(s), "daemon does not start paused");
	pump(300);
	cr_assert_eq(scenario_ops_total(s), 1, "only the launcher's fork before a step");
	pid_t launcher = proc(s, 0)->pid;
	struct procinfo pi;
	/* A: setsid in the program: its own session and group. */
	const struct scenario_event *e = step_once(s, 1);
	cr_assert(e->op == SCN_OP_STEP && e->num == 0, "%s", e->text);
	pid_t prog = (pid_t)e->value;
	cr_assert_eq(procinfo_read(prog, &pi), 0);
	cr_assert(pi.sid == prog && pi.pgid == prog && pi.ppid == launcher);
	/* fork, the program exits: the daemon (no leader) is the launcher's. */
	e = step_once(s, 1);
	cr_assert(e->op == SCN_OP_STEP && e->num == 1, "%s", e->text);
	pid_t da = (pid_t)e->value;
	cr_assert_neq(da, prog);
	long long end = now_ms() + 2000;
	while ((procinfo_read(da, &pi) < 0 || pi.ppid != launcher) && now_ms() < end)
		usleep(5000);
	cr_assert(pi.ppid == launcher && pi.sid == prog && pi.pgid == prog, "ppid %d sid %d", (int)pi.ppid,
		  (int)pi.sid);
	struct procfacts f;
	cr_assert_eq(procfacts_read(da, &f), 0);
	cr_assert_str_neq(f.cwd, "/");
	e = step_once(s, 1); /* chdir("/") */
	cr_assert_eq(e->num, 2);
	cr_assert_eq(procfacts_read(da, &f), 0);
	cr_assert_str_eq(f.cwd, "/");
	e = step_once(s, 1); /* umask(0) */
	cr_assert_eq(e->num, 3);
	cr_assert_eq(procfacts_read(da, &f), 0);
	cr_assert_str_eq(f.umask, "0000");
	e = step_once(s, 1); /* files onto /dev/null */
	cr_assert_eq(e->num, 4);
	cr_assert_eq(scenario_steps_done(s, 1), 0x1fu);
	/* Ready: the launcher announces it (no operation). */
	end = now_ms() + 2000;
	while (proc(s, 1)->pid != da && now_ms() < end)
		pump(20);
	cr_assert_eq(proc(s, 1)->pid, da);
	/* B: umask, fork, the parent exits, then setsid in the daemon: a leader. */
	e = step_once(s, 2);
	cr_assert(e->op == SCN_OP_STEP && e->num == 0);
	e = step_once(s, 2);
	cr_assert_eq(e->num, 1);
	e = step_once(s, 2);
	cr_assert_eq(e->num, 2);
	pid_t db = (pid_t)e->value;
	e = step_once(s, 2);
	cr_assert_eq(e->num, 3);
	cr_assert_eq(procinfo_read(db, &pi), 0);
	cr_assert(pi.sid == db && pi.pgid == db && pi.ppid == launcher);
	/* Daemon A's heartbeat meanwhile: one V a step. */
	e = step_once(s, 1);
	cr_assert(e->op == SCN_OP_V && e->num == 0);
	cr_assert_eq(scenario_pause(s, false), 0);
	cr_assert(pump_until(s, all_pids_known, NULL, 3000), "daemon B not announced once running");
	pid_t pids[MAXP];
	size_t n = pids_of(s, pids);
	stop_ok(s);
	assert_all_gone(pids, n);
}

/* Stopped while paused in the middle of recipe A (the program in a session
 * of its own, waiting at its gate): nothing is left behind. */
Test(scenario_demo, daemon_stopped_mid_recipe_leaves_nothing)
{
	struct scenario *s = NULL;
	char err[256];
	cr_assert_eq(scenario_start("daemon", &s, err, sizeof(err)), 0, "%s", err);
	const struct scenario_event *e = step_once(s, 1); /* setsid */
	pid_t prog = (pid_t)e->value, launcher = proc(s, 0)->pid;
	struct procinfo pi;
	cr_assert(procinfo_read(prog, &pi) == 0 && pi.sid == prog);
	stop_ok(s);
	long long end = now_ms() + 2000;
	while ((kill(prog, 0) == 0 || kill(launcher, 0) == 0) && now_ms() < end)
		usleep(5000);
	cr_assert_neq(kill(prog, 0), 0, "the program (pid %d) survived the stop", (int)prog);
	cr_assert_neq(kill(launcher, 0), 0);
}

/* ---- several at once, crash handler, errors ---------------------------------- */

Test(scenario_engine, two_at_once_then_stop_all)
{
	struct scenario *a = start("chat"), *b = start("deadlock");
	struct scenario *list[SCENARIO_MAX_RUNNING];
	cr_assert_eq(scenario_running(list, SCENARIO_MAX_RUNNING), 2);
	int fds[SCENARIO_MAX_RUNNING];
	cr_assert_eq(scenario_fds(fds, SCENARIO_MAX_RUNNING), 2);
	cr_assert(pump_until(a, all_reported, NULL, 3000));
	cr_assert(pump_until(b, all_reported, NULL, 3000));
	cr_assert_neq(scenario_pgid(a), scenario_pgid(b));
	pid_t pids[MAXP];
	size_t n = pids_of(a, pids);
	n += pids_of(b, pids + n);
	scenario_stop_all();
	cr_assert_eq(scenario_running(list, SCENARIO_MAX_RUNNING), 0);
	cr_assert_eq(scenario_fds(fds, SCENARIO_MAX_RUNNING), 0);
	assert_all_gone(pids, n);
	scenario_stop_all(); /* idempotent */
}

Test(scenario_engine, stop_all_async_kills_every_group)
{
	cr_assert_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0); /* the daemons' orphans come here */
	struct scenario *a = start("prodcons"), *b = start("daemon");
	cr_assert(pump_until(b, all_pids_known, NULL, 4000));
	pid_t pids[MAXP];
	size_t n = pids_of(a, pids);
	n += pids_of(b, pids + n);
	pid_t ja = scenario_janitor_pid(a), jb = scenario_janitor_pid(b);
	scenario_stop_all_async();
	/* Only kill(2) happened: the processes die (zombies until reaped). */
	long long end = now_ms() + 3000;
	for (size_t i = 0; i < n; i++) {
		struct procinfo pi;
		while (procinfo_read(pids[i], &pi) == 0 && pi.state != 'Z' && now_ms() < end)
			usleep(2000);
		cr_assert(procinfo_read(pids[i], &pi) < 0 || pi.state == 'Z', "pid %d survived",
			  (int)pids[i]);
	}
	/* The janitors are spared: they act when we die. */
	struct procinfo pj;
	cr_assert(procinfo_read(ja, &pj) == 0 && pj.state != 'Z', "janitor %d died", (int)ja);
	cr_assert(procinfo_read(jb, &pj) == 0 && pj.state != 'Z', "janitor %d died", (int)jb);
	scenario_stop_all(); /* reaps ours and removes the objects */
	int st;
	end = now_ms() + 3000;
	while (now_ms() < end && waitpid(-1, &st, WNOHANG) >= 0)
		usleep(2000); /* the daemons came to us as orphans */
	assert_all_gone(pids, n);
}

Test(scenario_engine, list_and_errors)
{
	const struct scenario_info *list;
	size_t n = scenario_list(&list);
	cr_assert_eq(n, 6);
	const char *names[] = { "prodcons", "chat", "homework", "deadlock", "signals", "daemon" };
	for (size_t i = 0; i < n; i++) {
		cr_assert_str_eq(list[i].name, names[i]);
		cr_assert_gt(strlen(list[i].summary), 10);
		cr_assert_leq(strlen(list[i].summary), 80, "%s: summary too long for a menu", list[i].name);
		cr_assert_not_null(strchr(list[i].help, '\n'));
		cr_assert_eq(scenario_find(names[i]), &list[i]);
		char key[16]; /* the help names the keys of this scenario's group */
		snprintf(key, sizeof(key), "0x%08x", (unsigned)SCENARIO_KEY(i + 1, 0) >> 8 << 8);
		key[8] = '\0';
		cr_assert(strstr(list[i].help, key), "%s: help does not name keys %s..", names[i], key);
	}
	cr_assert_null(scenario_find("nope"));
	struct scenario *s;
	char err[256];
	cr_assert_eq(scenario_start("nope", &s, err, sizeof(err)), -1);
	cr_assert_eq(errno, ENOENT);
	cr_assert(strstr(err, "unknown scenario"), "%s", err);
	char all[128], cut[12];
	cr_assert_str_eq(scenario_names(", ", all, sizeof(all)), "prodcons, chat, homework, deadlock, signals, daemon");
	cr_assert(strstr(err, all), "the error names the registry's scenarios: %s", err);
	cr_assert_str_eq(scenario_names("|", cut, sizeof(cut)), "prodcons|ch", "cut to fit");
	s = start("prodcons");
	struct scenario *again;
	cr_assert_eq(scenario_start("prodcons", &again, err, sizeof(err)), -1);
	cr_assert_eq(errno, EBUSY);
	cr_assert_eq(scenario_set_payload(s, 64), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(scenario_signals_block(s, true), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(scenario_collect(-1), -1);
	cr_assert_eq(errno, EBADF);
	const struct scenario_object *o;
	cr_assert_eq(scenario_objects(s, &o), 3);
	cr_assert_eq(o[0].key, SCENARIO_KEY(1, 0));
	cr_assert_eq(o[1].key, 0x5ce00101);
	cr_assert(strstr(o[2].role, "mutex"));
	struct scenario_sigmasks m;
	cr_assert_eq(scenario_sigmasks(proc(s, 0)->pid, &m), 0);
	stop_ok(s);
	cr_assert_eq(scenario_sigmasks(999999999, &m), -1);
}

/* ---- process titles --------------------------------------------------------- */

/* Every process of every scenario names itself ipctop:<role> (comm, what
 * ps -o comm shows), and the janitor ipctop:janitor. */
Test(scenario_engine, process_titles_name_the_roles)
{
	static const char *const want[][8] = {
		{ "prodcons", "ipctop:producer", "ipctop:consumer", NULL },
		{ "deadlock", "ipctop:worker-1", "ipctop:worker-2", NULL },
		{ "chat", "ipctop:alice", "ipctop:bob", "ipctop:carol", NULL },
		{ "signals", "ipctop:receiver", NULL },
		{ "homework", "ipctop:pipeping", "ipctop:pipepong", "ipctop:msg-ping", "ipctop:msg-pong",
		  "ipctop:shm-ping", "ipctop:shm-pong", NULL },
		{ "daemon", "ipctop:launcher", "ipctop:daemon-A", "ipctop:daemon-B", NULL },
	};
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		struct scenario *s = start(want[k][0]);
		if (!strcmp(want[k][0], "daemon"))
			cr_assert(pump_until(s, daemons_described, NULL, 4000));
		for (size_t i = 1; want[k][i]; i++) {
			char path[64], comm[32] = "";
			snprintf(path, sizeof(path), "/proc/%d/comm", (int)proc(s, i - 1)->pid);
			long long end = now_ms() + 2000;
			do {
				FILE *f = fopen(path, "r");
				cr_assert_not_null(f, "%s: %s", path, strerror(errno));
				cr_assert_not_null(fgets(comm, sizeof(comm), f));
				fclose(f);
				comm[strcspn(comm, "\n")] = '\0';
			} while (strcmp(comm, want[k][i]) && now_ms() < end && usleep(10000) == 0);
			cr_assert_str_eq(comm, want[k][i], "%s process %zu", want[k][0], i - 1);
		}
		stop_ok(s);
	}
}
