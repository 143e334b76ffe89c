/* childproc.c — owns the fork of helper children (signal mask across
 * fork, PR_SET_PDEATHSIG with the getppid() check, process group, stdin on
 * /dev/null), guard children that sigwait for their parent's death,
 * closing inherited fds, short EINTR-safe naps, and timed reaping of one
 * pid. */
#define _GNU_SOURCE
#include "proc/childproc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc/sigtable.h"

static void default_dispositions(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)sigaction(sig, &sa, NULL); /* EINVAL for glibc's reserved ones: fine */
}

void childproc_defaults(void)
{
	default_dispositions();
	sigset_t none;
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL); /* cannot fail with a valid set */
}

/* The child's half (every signal still blocked from the fork): dies with
 * the parent (a guard gets deathsig instead and keeps the mask), own
 * group, quiet stdin. */
static void child_setup(pid_t parent, pid_t pgid, int deathsig, bool guard)
{
	default_dispositions(); /* first: an ignored deathsig would be discarded */
	if (prctl(PR_SET_PDEATHSIG, deathsig) < 0)
		_exit(120);
	if (getppid() != parent) { /* the parent died before prctl */
		if (!guard)
			_exit(121); /* nobody would kill us */
		(void)kill(getpid(), deathsig); /* blocked: pending for the guard's sigwait */
	}
	if (!guard)
		childproc_defaults();
	if (setpgid(0, pgid) < 0 && errno != EACCES)
		_exit(122); /* EACCES: the parent already moved us (it races us on purpose) */
	int fd;
	do
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd >= 0) {
		if (fd != STDIN_FILENO) {
			while (dup2(fd, STDIN_FILENO) < 0 && errno == EINTR)
				;
			close(fd);
		}
	}
}

static pid_t fork_child(pid_t pgid, int deathsig, bool guard)
{
	sigset_t all, old;
	sigfillset(&all);
	if (sigprocmask(SIG_SETMASK, &all, &old) < 0)
		return -1;
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		child_setup(parent, pgid, deathsig, guard);
		return 0;
	}
	int err = errno;
	if (pid > 0 && setpgid(pid, pgid ? pgid : pid) < 0 && errno != EACCES) {
		/* ESRCH would mean it died already; anything else is a bad group:
		 * either way it is of no use. */
		err = errno;
		(void)kill(pid, SIGKILL);
		(void)childproc_reap(pid, NULL, -1);
		pid = -1;
	}
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0)
		errno = err;
	return pid;
}

pid_t childproc_fork(pid_t pgid) { return fork_child(pgid, SIGKILL, false); }

pid_t childproc_fork_guard(pid_t pgid, int deathsig) { return fork_child(pgid, deathsig, true); }

/* The smallest fd in keep that is >= lo, or -1. */
static int next_kept(const int *keep, size_t n, unsigned lo)
{
	int best = -1;
	for (size_t i = 0; i < n; i++)
		if (keep[i] >= 0 && (unsigned)keep[i] >= lo && (best < 0 || keep[i] < best))
			best = keep[i];
	return best;
}

void childproc_close_others(const int *keep, size_t n)
{
	for (unsigned lo = 3;;) {
		int k = next_kept(keep, n, lo);
		unsigned hi = k < 0 ? ~0u : (unsigned)k - 1;
		if ((k < 0 || (unsigned)k > lo) && close_range(lo, hi, 0) < 0)
			break; /* an old kernel: one by one below */
		if (k < 0)
			return;
		lo = (unsigned)k + 1;
	}
	long max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (int fd = 3; fd < max; fd++) {
		bool kept = false;
		for (size_t i = 0; i < n; i++)
			kept = kept || keep[i] == fd;
		if (!kept)
			(void)close(fd); /* EBADF for most: fine */
	}
}

void childproc_nap_ms(long ms)
{
	if (ms <= 0)
		return;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

long long childproc_now_ms(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return 0; /* CLOCK_MONOTONIC always exists on Linux */
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int childproc_reap(pid_t pid, int *status, long timeout_ms)
{
	long long deadline = childproc_now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		int st = 0;
		pid_t r = waitpid(pid, &st, timeout_ms < 0 ? 0 : WNOHANG);
		if (r == pid) {
			if (status)
				*status = st;
			return 1;
		}
		if (r < 0 && errno != EINTR)
			return -1;
		if (r == 0 && childproc_now_ms() >= deadline)
			return 0;
		if (r == 0)
			childproc_nap_ms(2);
	}
}

char *childproc_status_text(int status, char *buf, size_t len)
{
	if (WIFEXITED(status)) {
		snprintf(buf, len, "exited %d", WEXITSTATUS(status));
	} else if (WIFSIGNALED(status)) {
		char name[32];
		(void)sigtable_name(WTERMSIG(status), name, sizeof(name));
		snprintf(buf, len, "killed by %s", name);
	} else {
		snprintf(buf, len, "status 0x%x", (unsigned)status);
	}
	return buf;
}
