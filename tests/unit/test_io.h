/* test_io.h — pipe I/O shared by the unit tests that talk to their forked
 * children: fork_piped() and read_full(), which retries EINTR and short
 * reads. */
#ifndef IPCTOP_TEST_IO_H
#define IPCTOP_TEST_IO_H

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>
#include <unistd.h>

/* Reads n bytes unless the pipe closes (or fails) first; returns the
 * count read. */
static inline size_t read_full(int fd, void *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, (char *)p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* fork() with a pipe from the child to the parent. Returns the pid (0 in
 * the child, -1 on failure); *fd is the child's write end in the child and
 * the parent's read end in the parent (the other end is closed). */
static inline pid_t fork_piped(int *fd)
{
	int p[2];
	if (pipe(p) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	close(p[pid == 0 ? 0 : 1]);
	*fd = p[pid == 0 ? 1 : 0];
	return pid;
}

#endif
