/* procinfo.c — owns parsing /proc/PID/stat (ids, state, terminal, command),
 * the tty_nr → terminal name table, and telling a gone process from one
 * we may not see. */
#define _GNU_SOURCE
#include "proc/procinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

ssize_t procinfo_slurp(const char *path, char *buf, size_t len)
{
	if (!len) {
		errno = EINVAL;
		return -1;
	}
	int fd;
	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return -1;
	size_t got = 0;
	while (got < len - 1) {
		ssize_t n = read(fd, buf + got, len - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	return (ssize_t)got;
}

ssize_t procinfo_cmdline(pid_t pid, char *buf, size_t len)
{
	char path[32];
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	ssize_t n = procinfo_slurp(path, buf, len);
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	return n;
}

pid_t procinfo_pid_of(const char *name)
{
	if (!name || *name < '1' || *name > '9')
		return 0;
	long v = 0;
	for (const char *p = name; *p; p++) {
		if (*p < '0' || *p > '9' || v > (INT_MAX - (*p - '0')) / 10)
			return 0;
		v = v * 10 + (*p - '0');
	}
	return (pid_t)v;
}

char *procinfo_tty_name(int tty_nr, char *buf, size_t len)
{
	unsigned dev = (unsigned)tty_nr;
	unsigned major = (dev >> 8) & 0xfffu;
	unsigned minor = (dev & 0xffu) | ((dev >> 12) & 0xfff00u);
	if (dev == 0)
		snprintf(buf, len, "-");
	else if (major >= 136 && major <= 143)
		snprintf(buf, len, "pts/%u", (major - 136) * 256 + minor);
	else if (major == 4 && minor < 64)
		snprintf(buf, len, "tty%u", minor);
	else if (major == 4)
		snprintf(buf, len, "ttyS%u", minor - 64);
	else if (major == 5 && minor == 0)
		snprintf(buf, len, "tty");
	else if (major == 5 && minor == 1)
		snprintf(buf, len, "console");
	else
		snprintf(buf, len, "%u:%u", major, minor);
	return buf;
}

int procinfo_parse_stat(const char *text, struct procinfo *pi)
{
	memset(pi, 0, sizeof(*pi));
	const char *open_ = strchr(text, '(');
	const char *close_ = strrchr(text, ')');
	int pid;
	char tail;
	if (!open_ || !close_ || close_ < open_ || sscanf(text, "%d %c", &pid, &tail) != 2 ||
	    tail != '(' || pid <= 0)
		goto bad;
	char state;
	int ppid, pgid, sid, tty_nr, tpgid;
	if (sscanf(close_ + 1, " %c %d %d %d %d %d", &state, &ppid, &pgid, &sid, &tty_nr, &tpgid) != 6)
		goto bad;
	size_t n = (size_t)(close_ - open_ - 1);
	if (n >= sizeof(pi->comm))
		n = sizeof(pi->comm) - 1;
	memcpy(pi->comm, open_ + 1, n);
	pi->comm[n] = '\0';
	pi->pid = pid;
	pi->state = state;
	pi->ppid = ppid;
	pi->pgid = pgid;
	pi->sid = sid;
	pi->tty_nr = tty_nr;
	pi->tpgid = tpgid;
	procinfo_tty_name(tty_nr, pi->tty, sizeof(pi->tty));
	pi->alive = true;
	return 0;
bad:
	memset(pi, 0, sizeof(*pi));
	return -1;
}

bool procinfo_exists(pid_t pid)
{
	return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM);
}

static void set_unread(pid_t pid, bool hidden, struct procinfo *pi)
{
	memset(pi, 0, sizeof(*pi));
	pi->pid = pid;
	pi->state = '?';
	pi->hidden = hidden;
	snprintf(pi->comm, sizeof(pi->comm), "%s", hidden ? "[hidden]" : "[gone]");
	snprintf(pi->tty, sizeof(pi->tty), "-");
}

int procinfo_read(pid_t pid, struct procinfo *pi)
{
	char path[64], text[2048];
	if (pid <= 0) {
		set_unread(pid, false, pi);
		errno = ESRCH;
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (procinfo_slurp(path, text, sizeof(text)) < 0) {
		int saved = errno;
		set_unread(pid, procinfo_exists(pid), pi);
		errno = saved;
		return -1;
	}
	if (procinfo_parse_stat(text, pi) < 0) {
		set_unread(pid, false, pi);
		errno = EIO;
		return -1;
	}
	return 0;
}
