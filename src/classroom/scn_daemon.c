/* scn_daemon.c — owns the "daemon" scenario: a launcher starts a program
 * twice, and each becomes a daemon by one of the course's two recipes,
 * reporting each step as it does it: A — setsid, fork (Stevens' second
 * fork: the parent exits, the daemon is no session leader and can never
 * get a terminal back), chdir("/"), umask(0), files 0-2 on /dev/null and
 * the others closed; B — umask(0), fork, the parent exits, setsid (a
 * session leader), ignore SIGCHLD and SIGHUP, chdir("/"), dup2 onto
 * /dev/null. Then each beats (V) its own semaphore. The launcher reports
 * what /proc says about them: pid, ppid, sid, pgid, tty, cwd, umask. *
 * Choice: the LAUNCHER (a child of ipctop) is PR_SET_CHILD_SUBREAPER, not
 * ipctop itself. A real daemon shows ppid 1; here the orphaned daemons are
 * adopted by the launcher instead, so (1) someone of ours reaps them,
 * (2) they can die with it (each sets PR_SET_PDEATHSIG once adopted:
 * ipctop dies -> launcher dies -> daemons die) and (3) ipctop keeps its
 * own process attributes. scenario_stop kills them by pid while their
 * launcher is alive (checked in /proc), then the launcher's group.
 * It starts paused: each step is one call of a recipe (the program's, then
 * its daemon's, on the daemon's gate) or one heartbeat. */
#define _GNU_SOURCE
#include "classroom/scenario_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc/childproc.h"
#include "base/i18n.h"
#include "proc/procfacts.h"
#include "proc/procinfo.h"

#define NDAEMONS 2
#define NOTIFY_TIMEOUT_MS 3000
#define LAUNCHER_MIN_MS 100 /* the /proc reports need not be faster */
#define WATCH_MS 100        /* the started daemons described while starting another */

enum { OBJ_SEMS = 1 };

struct priv {
	int semid;
};

static const char *const recipe[NDAEMONS] = { "setsid-fork", "umask-fork-setsid" };

/* The two recipes in the course's order (the first with Stevens' second
 * fork after setsid, so that the daemon is no session leader and can never
 * get a terminal back); SCN_OP_STEP events number them. */
static const char *const steps_a[] = {
	N_("setsid(): new session, no tty"), N_("fork(), parent exits: no leader"),
	N_("chdir(\"/\")"), N_("umask(0)"), N_("close files: 0-2 on /dev/null"), NULL,
};
static const char *const steps_b[] = {
	N_("umask(0)"), N_("fork()"), N_("the parent exits"), N_("setsid(): a new session"),
	N_("ignore SIGCHLD and SIGHUP"), N_("chdir(\"/\")"), N_("open /dev/null, dup2(fd, 0..2)"), NULL,
};
static const char *const *const recipe_steps[NDAEMONS] = { steps_a, steps_b };

/* Step num of daemon r's recipe, reported on its behalf (by the program
 * before it leaves, or by the daemon itself) with the call's text and the
 * process it leaves in the daemon's place (`who`: the stage shows it). */
static void step(struct scn_child *c, int r, int num, pid_t who, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void step(struct scn_child *c, int r, int num, pid_t who, const char *fmt, ...)
{
	char text[SCENARIO_TEXT_LEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	const struct scn_opinfo op = { SCENARIO_EV_OP, SCN_OP_STEP, -1, num, who, 0, 0 };
	scn_op_report(c, 1 + r, &op, "%s", text);
}

/* ---- the daemon ----------------------------------------------------------- */

/* fds 0-2 on /dev/null, every other closed but notify. Returns 0 or -1. */
static int to_dev_null(int notify)
{
	int nul;
	do
		nul = open("/dev/null", O_RDWR);
	while (nul < 0 && errno == EINTR);
	if (nul < 0)
		return -1;
	for (int fd = 0; fd < 3; fd++)
		while (nul != fd && dup2(nul, fd) < 0)
			if (errno != EINTR)
				return -1;
	childproc_close_others(&notify, 1); /* our report pipe too: the launcher speaks for us */
	return 0;
}

static _Noreturn void daemon_main(struct scn_child *c, int r, int notify, pid_t launcher, pid_t mid)
{
	const struct priv *p = scn_priv(c->s);
	childproc_defaults(); /* the launcher's SIGCHLD block is not ours */
	scn_title(r == 0 ? "daemon-A" : "daemon-B");
	/* Orphaned as soon as the intermediate process leaves: wait for it
	 * (paused, it waits for its step: 2 s from the resumption). */
	for (int i = 0; getppid() == mid; i++) {
		if (atomic_load(&c->ctl->stepping))
			i = 0;
		if (i > 2000)
			_exit(10);
		childproc_nap_ms(1);
	}
	if (getppid() != launcher)
		_exit(11); /* the launcher died: nobody would reap or kill us */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != launcher)
		_exit(12);
	pid_t me = getpid();
	if (r == 1) { /* the second recipe: setsid and signals before chdir */
		scn_gate(c);
		if (setsid() < 0)
			_exit(13);
		step(c, r, 3, me, "setsid() = %d", (int)me);
		scn_gate(c);
		if (signal(SIGCHLD, SIG_IGN) == SIG_ERR || signal(SIGHUP, SIG_IGN) == SIG_ERR)
			_exit(13);
		step(c, r, 4, me, "signal(SIGCHLD, SIG_IGN), signal(SIGHUP, SIG_IGN)");
	}
	scn_gate(c);
	if (chdir("/") < 0)
		_exit(14);
	step(c, r, r == 0 ? 2 : 5, me, "chdir(\"/\") = 0");
	if (r == 0) {
		scn_gate(c);
		umask(0);
		step(c, r, 3, me, "umask(0)");
	}
	scn_gate(c);
	/* Reported first: the report pipe is one of the files it closes. */
	step(c, r, r == 0 ? 4 : 6, me, "open(\"/dev/null\"), dup2(fd, 0..2), close(3..)");
	if (to_dev_null(notify) < 0)
		_exit(15);
	ssize_t w;
	do
		w = write(notify, &me, sizeof(me));
	while (w < 0 && errno == EINTR);
	if (w != (ssize_t)sizeof(me))
		_exit(17);
	close(notify);
	for (;;) { /* the launcher reports each beat it sees (we closed our pipe) */
		scn_gate(c);
		struct sembuf beat = { (unsigned short)r, 1, 0 };
		while (semop(p->semid, &beat, 1) < 0) {
			if (errno == ERANGE) { /* SEMVMX: start again from 0 */
				if (semctl(p->semid, r, SETVAL, 0) < 0)
					_exit(18);
				continue;
			}
			if (errno != EINTR)
				_exit(19); /* the set was removed */
		}
		scn_nap(c, 100, 0);
	}
}

/* ---- the program that daemonizes ---------------------------------------------- */

/* The program the launcher started (as a user would from a shell): its
 * half of recipe r, then it leaves and the daemon is orphaned. */
static _Noreturn void program_main(struct scn_child *c, int r, int notify, pid_t launcher)
{
	scn_title(r == 0 ? "parent-A" : "parent-B");
	/* Paused it may wait long at a gate, in a session of its own (A): it
	 * dies with the launcher, so ipctop's end or a stop takes it too. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != launcher)
		_exit(22);
	c->idx = 1 + r; /* its gate is the daemon's: one step, one call of the recipe */
	pid_t self = getpid();
	scn_gate(c);
	if (r == 0) {
		if (setsid() < 0) /* Stevens: setsid between the forks */
			_exit(20);
		step(c, r, 0, self, "setsid() = %d", (int)self);
	} else {
		umask(0);
		step(c, r, 0, self, "umask(0)");
	}
	scn_gate(c);
	pid_t d = fork();
	if (d < 0)
		_exit(21);
	if (d == 0)
		daemon_main(c, r, notify, launcher, self);
	if (r == 0) {
		step(c, r, 1, d, "fork() = %d, exit(0)", (int)d);
	} else {
		step(c, r, 1, self, "fork() = %d", (int)d);
		scn_gate(c);
		step(c, r, 2, d, "exit(0)");
	}
	_exit(0); /* leaves: the daemon is orphaned */
}

/* ---- the launcher ---------------------------------------------------------- */

/* What /proc says about daemon r, and its heartbeats since the last look
 * (*beats_seen) as a V on its behalf: each beat a step lets through. */
static void describe(struct scn_child *c, int r, pid_t pid, int *beats_seen)
{
	const struct priv *p = scn_priv(c->s);
	struct procinfo pi;
	struct procfacts f;
	if (procinfo_read(pid, &pi) < 0 || procfacts_read(pid, &f) < 0)
		return; /* gone: the SIGCHLD will tell */
	int beats = semctl(p->semid, r, GETVAL);
	if (beats < 0)
		scn_fail(c, "semctl(GETVAL) on the heartbeat", errno);
	if (beats != *beats_seen) {
		const struct scn_opinfo v = { SCENARIO_EV_OP, SCN_OP_V, OBJ_SEMS, r, beats, 0, 0 };
		scn_op_report(c, 1 + r, &v, "heartbeat: V (%d)", beats);
		*beats_seen = beats;
	}
	long long cnt[SCENARIO_COUNTERS] = { pi.ppid, pi.sid, pi.pgid, beats };
	scn_report_as(c, 1 + r, SCENARIO_EV_STATE, pid, pi.pgid, cnt,
		      "pid %d ppid %d%s sid %d%s pgid %d tty %s cwd %s umask %s beats %d", (int)pid,
		      (int)pi.ppid, pi.ppid == getpid() ? " (launcher)" : "", (int)pi.sid,
		      pi.sid == pid ? " (leader)" : "", (int)pi.pgid,
		      pi.tty_nr ? pi.tty : "none", f.cwd, f.umask, beats);
}

/* The daemons the launcher has started (0: not yet, or reaped) and the
 * heartbeats it has seen of each. */
struct watch {
	pid_t d[NDAEMONS];
	int beats[NDAEMONS];
};

/* One slice of a wait while starting a daemon: the started ones are
 * described meanwhile (paused, their heartbeats are steps). Returns false
 * when the wait is over its limit (NOTIFY_TIMEOUT_MS after *deadline was
 * set; paused, the program waits for its steps: no limit). */
static bool keep_waiting(struct scn_child *c, struct watch *w, long long *deadline)
{
	for (int r = 0; r < NDAEMONS; r++)
		if (w->d[r])
			describe(c, r, w->d[r], &w->beats[r]);
	long long now = childproc_now_ms();
	if (atomic_load(&c->ctl->stepping) || !*deadline)
		*deadline = now + NOTIFY_TIMEOUT_MS;
	return now < *deadline;
}

/* Starts daemon r; returns its pid (told over a pipe once it is ready). */
static pid_t start_daemon(struct scn_child *c, int r, struct watch *w)
{
	int np[2];
	if (pipe2(np, O_CLOEXEC) < 0)
		scn_fail(c, "pipe2", errno);
	pid_t launcher = getpid();
	pid_t mid = fork();
	if (mid < 0)
		scn_fail(c, "fork", errno);
	if (mid == 0) {
		close(np[0]);
		program_main(c, r, np[1], launcher);
	}
	close(np[1]);
	int st, rc;
	long long deadline = 0;
	while ((rc = childproc_reap(mid, &st, WATCH_MS)) == 0 && keep_waiting(c, w, &deadline))
		;
	if (rc != 1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		close(np[0]);
		scn_fail(c, "daemonizing (the intermediate process failed)", ECHILD);
	}
	pid_t pid = 0;
	struct pollfd pf = { np[0], POLLIN, 0 };
	int n;
	deadline = 0;
	while ((n = poll(&pf, 1, WATCH_MS)) < 0 ? errno == EINTR : n == 0 && keep_waiting(c, w, &deadline))
		;
	ssize_t got = -1;
	if (n == 1)
		while ((got = read(np[0], &pid, sizeof(pid))) < 0 && errno == EINTR)
			;
	close(np[0]);
	if (got != (ssize_t)sizeof(pid) || pid <= 0)
		scn_fail(c, "the daemon did not report ready", n == 0 ? ETIMEDOUT : EPROTO);
	return pid;
}

static void launcher(struct scn_child *c)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		scn_fail(c, "prctl(PR_SET_CHILD_SUBREAPER)", errno);
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) < 0) /* taken by sigtimedwait */
		scn_fail(c, "sigprocmask", errno);
	struct watch seen = { { 0 }, { 0 } };
	pid_t *d = seen.d;
	for (int r = 0; r < NDAEMONS; r++) {
		d[r] = start_daemon(c, r, &seen);
		pid_t pg = getpgid(d[r]), sid = getsid(d[r]);
		if (pg < 0 || sid < 0) /* it died already: the SIGCHLD will say how */
			pg = sid = 0;
		long long cnt[SCENARIO_COUNTERS] = { getpid(), sid, pg, 0 };
		scn_report_as(c, 1 + r, SCENARIO_EV_PROC, d[r], pg, cnt, "started (%s): pid %d",
			      recipe[r], (int)d[r]);
	}
	c->counters[0] = NDAEMONS;
	scn_report(c, _("subreaper of %d daemons (pids %d, %d)"), NDAEMONS, (int)d[0], (int)d[1]);
	for (;;) {
		long ms = scn_delay_ms(c);
		if (ms < LAUNCHER_MIN_MS)
			ms = LAUNCHER_MIN_MS;
		struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
		if (sigtimedwait(&chld, NULL, &ts) < 0 && errno != EAGAIN && errno != EINTR)
			scn_fail(c, "sigtimedwait", errno);
		int st;
		pid_t w;
		while ((w = waitpid(-1, &st, WNOHANG)) > 0) {
			c->counters[1]++;
			for (int r = 0; r < NDAEMONS; r++) {
				if (w != d[r])
					continue;
				char why[48];
				childproc_status_text(st, why, sizeof(why));
				long long cnt[SCENARIO_COUNTERS] = { 0 };
				scn_report_as(c, 1 + r, SCENARIO_EV_EXIT, w, 0, cnt, "%s, reaped by the launcher", why);
				d[r] = 0;
				c->counters[0]--;
			}
		}
		if (w < 0 && errno != ECHILD && errno != EINTR)
			scn_fail(c, "waitpid", errno);
		for (int r = 0; r < NDAEMONS; r++)
			if (d[r])
				describe(c, r, d[r], &seen.beats[r]);
		scn_report(c, _("subreaper: %lld daemon(s) running, %lld reaped"), c->counters[0],
			   c->counters[1]);
	}
}

static int setup(struct scenario *s, char *err, size_t errlen)
{
	struct priv *p = scn_priv(s);
	static const char *const lnames[] = { N_("daemons"), N_("reaped"), NULL };
	static const char *const dnames[] = { "ppid", "sid", "pgid", N_("beats") };
	static const unsigned short zero[NDAEMONS] = { 0, 0 };
	p->semid = scn_create(s, KIND_SEM, OBJ_SEMS, NDAEMONS, "sems: heartbeat 0 daemon A, 1 daemon B",
			      err, errlen);
	if (p->semid < 0 || scn_sem_init(p->semid, zero, NDAEMONS, err, errlen) < 0)
		return -1;
	int l = scn_spawn(s, N_("launcher"), "launcher", launcher, lnames, err, errlen);
	if (l < 0)
		return -1;
	static const char *const roles[NDAEMONS] = { N_("daemon A"), N_("daemon B") };
	for (int r = 0; r < NDAEMONS; r++) {
		int k = scn_add_foreign(s, roles[r], dnames, l, err, errlen);
		if (k < 0)
			return -1;
		scn_set_recipe(s, k, recipe_steps[r]);
	}
	return 0;
}

static const char *const semnames[] = { N_("daemon A"), N_("daemon B"), NULL };
static const struct scn_role roles[] = {
	{ OBJ_SEMS, N_("heartbeats"), semnames, 0 },
};

const struct scn_def scn_daemon_def = {
	.info = {
		.name = "daemon",
		.summary = N_("daemon: the two classic recipes side by side; pid, ppid, sid, tty"),
		.help = N_("A launcher starts a program twice; each becomes a daemon by one of\n"
			"the two recipes. A: setsid, fork (the parent exits: no session\n"
			"leader, never a terminal again), chdir(\"/\"), umask(0), close the\n"
			"files. B: umask(0), fork, the parent exits, setsid (a session leader),\n"
			"ignore SIGCHLD and SIGHUP, chdir(\"/\"), dup2 onto /dev/null. Each\n"
			"beats its semaphore (key 0x5ce00601). A real daemon has ppid 1; here\n"
			"the launcher is PR_SET_CHILD_SUBREAPER and adopts them: they die\n"
			"with ipctop."),
	},
	.priv_size = sizeof(struct priv),
	.features = SCN_START_PAUSED,
	.roles = roles,
	.nroles = sizeof(roles) / sizeof(roles[0]),
	.setup = setup,
};
