/* procs.c — reads /proc/PID entries for the pids shown next to objects:
 * the command name and the command line. */
#define _GNU_SOURCE
#include "proc/procs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "proc/procinfo.h"

/* What a pid that cannot be read shows (see procs.h). */
static int unread(pid_t pid, char *buf, size_t len)
{
	snprintf(buf, len, "%s", pid <= 0 ? "-" : procinfo_exists(pid) ? "[hidden]" : "[gone]");
	return -1;
}

int procs_comm(pid_t pid, char *buf, size_t len)
{
	char path[64];
	if (pid <= 0)
		return unread(pid, buf, len);
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	ssize_t n = procinfo_slurp(path, buf, len);
	if (n <= 0)
		return unread(pid, buf, len);
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

size_t procs_join_cmdline(const char *raw, size_t n, int cut, char *buf, size_t len)
{
	static const char tail[] = "...";
	if (!len)
		return 0;
	while (n > 0 && (raw[n - 1] == '\0' || raw[n - 1] == ' '))
		n--; /* the final NUL, and a title padded by its process */
	size_t out = n < len ? n : len - 1;
	bool more = n > 0 && (cut || out < n);
	if (more && len > sizeof(tail)) /* room for the tail after some text */
		out = out + sizeof(tail) <= len ? out : len - sizeof(tail);
	for (size_t i = 0; i < out; i++)
		buf[i] = raw[i] ? raw[i] : ' ';
	buf[out] = '\0';
	if (more && len > sizeof(tail)) {
		memcpy(buf + out, tail, sizeof(tail));
		out += sizeof(tail) - 1;
	}
	return out;
}

int procs_command(pid_t pid, char *buf, size_t len)
{
	char path[64], raw[1024];
	if (pid <= 0)
		return unread(pid, buf, len);
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	int fd;
	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return unread(pid, buf, len);
	/* More than fits in buf is read: a title's padding (NULs, spaces)
	 * after the text is not a cut. A file longer than raw is. */
	size_t want = sizeof(raw), got = 0;
	ssize_t r = 0;
	while (got < want && (r = read(fd, raw + got, want - got)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (r < 0)
		return unread(pid, buf, len);
	if (procs_join_cmdline(raw, got, got == want, buf, len) > 0)
		return 0;
	return procs_comm(pid, buf, len); /* no command line: a kernel thread, a zombie */
}
