/* scn_daemon.c — owns the "daemon" scenario: a launcher starts one daemon
 * by each classic recipe — fork, setsid, fork (Stevens: not a session
 * leader, can never get a terminal back) and fork, setsid (daemon(3): a
 * session leader) — each then umask(0), chdir("/"), fds 0-2 on /dev/null,
 * every other fd closed, and a heartbeat V on its own semaphore. The
 * launcher reports what /proc says about them: pid, ppid, sid, pgid, tty.
 *
 * Choice: the LAUNCHER (a child of ipctop) is PR_SET_CHILD_SUBREAPER, not
 * ipctop itself. A real daemon shows ppid 1; here the orphaned daemons are
 * adopted by the launcher instead, so (1) someone of ours reaps them,
 * (2) they can die with it (each sets PR_SET_PDEATHSIG once adopted:
 * ipctop dies -> launcher dies -> daemons die) and (3) ipctop keeps its
 * own process attributes. scenario_stop kills them by pid while their
 * launcher is alive (checked in /proc), then the launcher's group. */
#define _GNU_SOURCE
#include "classroom/scenario_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
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
#include "proc/procinfo.h"

#define NDAEMONS 2
#define NOTIFY_TIMEOUT_MS 3000
#define LAUNCHER_MIN_MS 100 /* the /proc reports need not be faster */

enum { OBJ_SEMS = 1 };

struct priv {
	int semid;
};

static const char *const recipe[NDAEMONS] = { "fork-setsid-fork", "fork-setsid (daemon(3))" };

/* ---- the daemon ----------------------------------------------------------- */

static _Noreturn void daemon_main(struct scn_child *c, int r, int notify, pid_t launcher, pid_t mid)
{
	const struct priv *p = scn_priv(c->s);
	childproc_defaults(); /* the launcher's SIGCHLD block is not ours */
	/* Orphaned as soon as the intermediate process leaves: wait for it. */
	for (int i = 0; getppid() == mid; i++) {
		if (i > 2000)
			_exit(10);
		childproc_nap_ms(1);
	}
	if (getppid() != launcher)
		_exit(11); /* the launcher died: nobody would reap or kill us */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != launcher)
		_exit(12);
	if (r == 1 && setsid() < 0) /* daemon(3): setsid after the fork */
		_exit(13);
	umask(0);
	if (chdir("/") < 0)
		_exit(14);
	int nul;
	do
		nul = open("/dev/null", O_RDWR);
	while (nul < 0 && errno == EINTR);
	if (nul < 0)
		_exit(15);
	for (int fd = 0; fd < 3; fd++)
		while (nul != fd && dup2(nul, fd) < 0)
			if (errno != EINTR)
				_exit(16);
	childproc_close_others(&notify, 1); /* our report pipe too: the launcher speaks for us */
	pid_t me = getpid();
	ssize_t w;
	do
		w = write(notify, &me, sizeof(me));
	while (w < 0 && errno == EINTR);
	if (w != (ssize_t)sizeof(me))
		_exit(17);
	close(notify);
	for (;;) {
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

/* ---- the launcher ---------------------------------------------------------- */

/* Starts daemon r; returns its pid (told over a pipe once it is ready). */
static pid_t start_daemon(struct scn_child *c, int r)
{
	int np[2];
	if (pipe2(np, O_CLOEXEC) < 0)
		scn_fail(c, "pipe2", errno);
	pid_t launcher = getpid();
	pid_t mid = fork();
	if (mid < 0)
		scn_fail(c, "fork", errno);
	if (mid == 0) { /* the program a user started, that daemonizes */
		close(np[0]);
		if (r == 0 && setsid() < 0) /* Stevens: setsid between the forks */
			_exit(20);
		pid_t self = getpid();
		pid_t d = fork();
		if (d < 0)
			_exit(21);
		if (d == 0)
			daemon_main(c, r, np[1], launcher, self);
		_exit(0); /* leaves: the daemon is orphaned */
	}
	close(np[1]);
	int st;
	if (childproc_reap(mid, &st, NOTIFY_TIMEOUT_MS) != 1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		close(np[0]);
		scn_fail(c, "daemonizing (the intermediate process failed)", ECHILD);
	}
	pid_t pid = 0;
	struct pollfd pf = { np[0], POLLIN, 0 };
	int n;
	while ((n = poll(&pf, 1, NOTIFY_TIMEOUT_MS)) < 0 && errno == EINTR)
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

/* "0022" from /proc/PID/status, or "?". */
static void umask_of(pid_t pid, char *buf, size_t len)
{
	char path[64], text[4096];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	snprintf(buf, len, "?");
	if (procinfo_slurp(path, text, sizeof(text)) < 0)
		return;
	const char *at = strstr(text, "Umask:");
	if (at)
		sscanf(at + 6, " %7s", buf);
}

static void cwd_of(pid_t pid, char *buf, size_t len)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/cwd", (int)pid);
	ssize_t n = readlink(path, buf, len - 1);
	if (n < 0)
		snprintf(buf, len, "?");
	else
		buf[n] = '\0';
}

static void describe(struct scn_child *c, int r, pid_t pid)
{
	const struct priv *p = scn_priv(c->s);
	struct procinfo pi;
	if (procinfo_read(pid, &pi) < 0)
		return; /* gone: the SIGCHLD will tell */
	char um[8], cwd[64];
	umask_of(pid, um, sizeof(um));
	cwd_of(pid, cwd, sizeof(cwd));
	int beats = semctl(p->semid, r, GETVAL);
	if (beats < 0)
		scn_fail(c, "semctl(GETVAL) on the heartbeat", errno);
	long long cnt[SCENARIO_COUNTERS] = { pi.ppid, pi.sid, pi.pgid, beats };
	scn_report_as(c, 1 + r, SCENARIO_EV_STATE, pid, pi.pgid, cnt,
		      "pid %d ppid %d%s sid %d%s pgid %d tty %s cwd %s umask %s beats %d", (int)pid,
		      (int)pi.ppid, pi.ppid == getpid() ? " (launcher)" : "", (int)pi.sid,
		      pi.sid == pid ? " (leader)" : "", (int)pi.pgid,
		      pi.tty_nr ? pi.tty : "none", cwd, um, beats);
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
	pid_t d[NDAEMONS];
	for (int r = 0; r < NDAEMONS; r++) {
		d[r] = start_daemon(c, r);
		pid_t pg = getpgid(d[r]), sid = getsid(d[r]);
		if (pg < 0 || sid < 0) /* it died already: the SIGCHLD will say how */
			pg = sid = 0;
		long long cnt[SCENARIO_COUNTERS] = { getpid(), sid, pg, 0 };
		scn_report_as(c, 1 + r, SCENARIO_EV_PROC, d[r], pg, cnt, "started (%s): pid %d",
			      recipe[r], (int)d[r]);
	}
	c->counters[0] = NDAEMONS;
	scn_report(c, "subreaper of %d daemons (pids %d, %d)", NDAEMONS, (int)d[0], (int)d[1]);
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
				describe(c, r, d[r]);
		scn_report(c, "subreaper: %lld daemon(s) running, %lld reaped", c->counters[0],
			   c->counters[1]);
	}
}

static int setup(struct scenario *s, char *err, size_t errlen)
{
	struct priv *p = scn_priv(s);
	static const char *const lnames[] = { "daemons", "reaped", NULL };
	static const char *const dnames[] = { "ppid", "sid", "pgid", "beats" };
	static const unsigned short zero[NDAEMONS] = { 0, 0 };
	p->semid = scn_create(s, KIND_SEM, OBJ_SEMS, NDAEMONS, "sems: heartbeat 0 daemon A, 1 daemon B",
			      err, errlen);
	if (p->semid < 0 || scn_sem_init(p->semid, zero, NDAEMONS, err, errlen) < 0)
		return -1;
	int l = scn_spawn(s, "launcher (subreaper)", launcher, lnames, err, errlen);
	if (l < 0 || scn_add_foreign(s, "daemon A: fork-setsid-fork", dnames, l, err, errlen) < 0 ||
	    scn_add_foreign(s, "daemon B: fork-setsid", dnames, l, err, errlen) < 0)
		return -1;
	return 0;
}

const struct scn_def scn_daemon_def = {
	.info = {
		.name = "daemon",
		.summary = N_("daemon: the two classic recipes side by side; pid, ppid, sid, tty"),
		.help = N_("A launcher starts two daemons. A: fork, setsid, fork (Stevens): not a\n"
			"session leader, so it can never get a terminal again. B: fork,\n"
			"setsid (daemon(3)): a session leader (sid = pid). Both: umask(0),\n"
			"chdir(\"/\"), fds 0-2 on /dev/null, all others closed, no tty; each\n"
			"beats its semaphore (key 0x5ce00601). A real daemon has ppid 1; here\n"
			"the launcher is PR_SET_CHILD_SUBREAPER and adopts them, so they are\n"
			"reaped and die with ipctop."),
	},
	.priv_size = sizeof(struct priv),
	.setup = setup,
};
