/* scenario_janitor.c — owns the janitor process of a running scenario (see
 * the header): forking it with pidfds of the children, its wait for
 * SIGTERM and the cleanup it then does, dismissing it. */
#define _GNU_SOURCE
#include "classroom/scenario_janitor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "model/ipcstat.h"
#include "proc/childproc.h"
#include "proc/proctitle.h"

#define JANITOR_WAIT_MS 1000

/* Raw syscalls: glibc has wrappers only since 2.36. */
static int pidfd_open_pid(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0u);
#else
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

static int pidfd_kill(int fd, int sig)
{
#ifdef SYS_pidfd_send_signal
	return (int)syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0u);
#else
	(void)fd;
	(void)sig;
	errno = ENOSYS;
	return -1;
#endif
}

/* Waits until every pidfd says its process exited, at most ms. */
static void wait_exits(const int *fds, size_t n, long ms)
{
	struct pollfd p[SCENARIO_MAX_PROCS];
	long long end = childproc_now_ms() + ms;
	for (size_t i = 0; i < n; i++)
		p[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
	for (;;) {
		size_t open = 0;
		for (size_t i = 0; i < n; i++)
			if (p[i].fd >= 0 && p[i].revents)
				p[i].fd = -1; /* exited (POLLIN), or reaped and gone (POLLHUP) */
			else if (p[i].fd >= 0)
				open++;
		long long left = end - childproc_now_ms();
		if (!open || left <= 0)
			return;
		if (poll(p, n, (int)left) < 0 && errno != EINTR)
			return; /* cannot happen with valid fds; the removal goes on */
	}
}

/* Lets go of everything inherited but the pidfds: other pipes must see
 * EOF without us, and the terminal or a log on fds 1-2 is not ours. */
static void let_go(const int *fds, size_t n)
{
	childproc_close_others(fds, n);
	int nul;
	do
		nul = open("/dev/null", O_WRONLY | O_CLOEXEC);
	while (nul < 0 && errno == EINTR);
	if (nul < 0)
		return; /* keeps them: we never write anyway */
	for (int fd = 1; fd <= 2; fd++)
		while (dup2(nul, fd) < 0 && errno == EINTR)
			;
	close(nul);
}

/* The processes to end: by pidfd, or by pid where pidfd_open failed
 * (ENOSYS before Linux 5.3, and under valgrind 3.19, which lacks it). */
struct targets {
	int fds[SCENARIO_MAX_PROCS];
	size_t nfds;
	pid_t bare[SCENARIO_MAX_PROCS];
	size_t nbare;
};

static _Noreturn void janitor_main(const struct targets *t, const struct scenario_object *objs,
				   size_t nobjs)
{
	(void)proctitle_set("ipctop:janitor"); /* only a name: nothing to do when refused */
	let_go(t->fds, t->nfds);
	sigset_t term;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	while (sigwaitinfo(&term, NULL) < 0 && errno == EINTR)
		;
	for (size_t i = 0; i < t->nfds; i++)
		(void)pidfd_kill(t->fds[i], SIGKILL); /* ESRCH: it exited already */
	/* By pid: a process already reaped by ipctop could have had its pid
	 * reused, the race pidfds close; only kernels without them take it. */
	for (size_t i = 0; i < t->nbare; i++)
		(void)kill(t->bare[i], SIGKILL);
	wait_exits(t->fds, t->nfds, JANITOR_WAIT_MS);
	for (size_t k = nobjs; k-- > 0;)
		(void)ipc_ctl(objs[k].kind, objs[k].id, IPC_RMID, NULL); /* EINVAL/EIDRM: gone; else nobody to tell */
	_exit(0);
}

pid_t scenario_janitor_start(const pid_t *pids, size_t npids, const struct scenario_object *objs,
			     size_t nobjs)
{
	struct targets t = { .nfds = 0, .nbare = 0 };
	for (size_t i = 0; i < npids && i < SCENARIO_MAX_PROCS; i++) {
		if (pids[i] <= 0)
			continue;
		int fd = pidfd_open_pid(pids[i]);
		if (fd >= 0)
			t.fds[t.nfds++] = fd;
		else
			t.bare[t.nbare++] = pids[i];
	}
	pid_t pid = childproc_fork_guard(0, SIGTERM);
	if (pid == 0)
		janitor_main(&t, objs, nobjs);
	int e = errno;
	for (size_t i = 0; i < t.nfds; i++)
		close(t.fds[i]);
	errno = e;
	return pid;
}

void scenario_janitor_dismiss(pid_t pid)
{
	if (pid <= 0)
		return;
	(void)kill(pid, SIGKILL); /* our unreaped child: cannot fail */
	(void)childproc_reap(pid, NULL, -1);
}
