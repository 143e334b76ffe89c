/* procfacts.c — owns reading a process's cwd, umask and open fds from /proc. */
#define _GNU_SOURCE
#include "proc/procfacts.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "proc/procinfo.h"

/* The target of /proc/PID/<name>, or "?". Returns 0 or -1 with errno. */
static int link_of(pid_t pid, const char *name, char *buf, size_t len)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	ssize_t n = readlink(path, buf, len - 1);
	if (n < 0) {
		snprintf(buf, len, "?");
		return -1;
	}
	buf[n] = '\0';
	return 0;
}

static void umask_of(pid_t pid, char *buf, size_t len)
{
	char path[64], text[4096];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	snprintf(buf, len, "?");
	if (procinfo_slurp(path, text, sizeof(text)) < 0)
		return;
	const char *at = strstr(text, "\nUmask:");
	char word[8];
	if (at && sscanf(at + 7, " %7s", word) == 1)
		snprintf(buf, len, "%s", word);
}

static int count_fds(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

int procfacts_read(pid_t pid, struct procfacts *f)
{
	int rc = link_of(pid, "cwd", f->cwd, sizeof(f->cwd));
	int e = errno;
	umask_of(pid, f->umask, sizeof(f->umask));
	f->fds = count_fds(pid);
	(void)link_of(pid, "fd/0", f->fd0, sizeof(f->fd0));
	errno = e;
	return rc;
}
