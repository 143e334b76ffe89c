/* procs.c — reads /proc/PID entries for the pids shown next to objects. */
#define _GNU_SOURCE
#include "procs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int procs_comm(pid_t pid, char *buf, size_t len)
{
	char path[64];
	if (pid <= 0) {
		snprintf(buf, len, "-");
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	int fd;
	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		snprintf(buf, len, "%s", errno == ENOENT ? "[gone]" : "?");
		return -1;
	}
	ssize_t n;
	do
		n = read(fd, buf, len ? len - 1 : 0);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n <= 0) {
		snprintf(buf, len, "?");
		return -1;
	}
	buf[n] = '\0';
	char *nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return 0;
}
