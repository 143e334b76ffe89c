/* nscount.c — forks a child that enters another IPC namespace, reads its
 * usage with the *_INFO calls and reports it over a pipe. */
#define _GNU_SOURCE
#include "model/nscount.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct nscount_reply {
	int err;
	struct ipc_limits lim;
};

static void child(pid_t pid, int fd)
{
	struct nscount_reply r;
	char path[64];
	memset(&r, 0, sizeof(r));
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)pid);
	int ns = open(path, O_RDONLY | O_CLOEXEC);
	if (ns < 0)
		r.err = errno == ENOENT ? ESRCH : errno;
	else if (setns(ns, CLONE_NEWIPC) < 0)
		r.err = errno;
	else if (limits_read(&r.lim) < 0)
		r.err = errno;
	ssize_t n = write(fd, &r, sizeof(r));
	_exit(n == (ssize_t)sizeof(r) ? 0 : 1);
}

int nscount_read(pid_t pid, struct ipc_limits *out)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid_t c = fork();
	if (c < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		errno = e;
		return -1;
	}
	if (c == 0) {
		close(fds[0]);
		child(pid, fds[1]);
	}
	close(fds[1]);
	struct nscount_reply r;
	size_t got = 0;
	while (got < sizeof(r)) {
		ssize_t n = read(fds[0], (char *)&r + got, sizeof(r) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fds[0]);
	while (waitpid(c, NULL, 0) < 0 && errno == EINTR)
		;
	if (got != sizeof(r)) {
		errno = EIO;
		return -1;
	}
	if (r.err) {
		errno = r.err;
		return -1;
	}
	*out = r.lim;
	return 0;
}
