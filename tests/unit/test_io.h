/* test_io.h — pipe I/O shared by the unit tests that talk to their forked
 * children: read_full(), which retries EINTR and short reads. */
#ifndef IPCTOP_TEST_IO_H
#define IPCTOP_TEST_IO_H

#include <errno.h>
#include <stddef.h>
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

#endif
