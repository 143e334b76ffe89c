/* nsinfo.c — owns the /proc/PID/ns/ipc scan (grouping processes by IPC
 * namespace) and setns() into a namespace given by pid or path. */
#define _GNU_SOURCE
#include "proc/nsinfo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/array.h"
#include "base/errtext.h"
#include "base/i18n.h"
#include "proc/procinfo.h"
#include "proc/procs.h"
#include "base/safefile.h"

uint64_t nsinfo_parse_link(const char *text)
{
	static const char prefix[] = "ipc:[";
	if (strncmp(text, prefix, sizeof(prefix) - 1) != 0)
		return 0;
	const char *p = text + sizeof(prefix) - 1;
	uint64_t v = 0;
	if (*p < '0' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		uint64_t d = (uint64_t)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	return p[0] == ']' && p[1] == '\0' ? v : 0;
}

uint64_t nsinfo_of(pid_t pid)
{
	char path[64], link[64];
	if (pid > 0)
		snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/ns/ipc");
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return 0;
	link[n] = '\0';
	uint64_t ino = nsinfo_parse_link(link);
	if (!ino)
		errno = EINVAL;
	return ino;
}

char *nsinfo_parse_cgroup(const char *text, char *buf, size_t len)
{
	const char *best = NULL, *best_end = NULL;
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		const char *c1 = memchr(line, ':', (size_t)(end - line));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;
		if (c2 && end - c2 > 2) { /* a path other than "/" */
			bool v2 = c1 == line + 1 && line[0] == '0' && c2 == c1 + 1;
			if (v2 || !best)
				best = c2 + 1, best_end = end;
			if (v2)
				break;
		}
		line = *end ? end + 1 : NULL;
	}
	if (!len)
		return buf;
	buf[0] = '\0';
	if (!best)
		return buf;
	while (best_end > best && best_end[-1] == '/')
		best_end--;
	const char *name = best_end;
	while (name > best && name[-1] != '/')
		name--;
	size_t n = (size_t)(best_end - name);
	if (n >= len)
		n = len - 1;
	memcpy(buf, name, n);
	buf[n] = '\0';
	return buf;
}

struct ns_pid {
	uint64_t inode;
	pid_t pid;
	pid_t ppid;
	unsigned long long start; /* clock ticks after boot (stat field 22) */
};

/* ppid and start time from /proc/PID/stat; 0 when unreadable. */
static void read_age(struct ns_pid *p)
{
	char path[64], text[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)p->pid);
	p->ppid = 0;
	p->start = 0;
	if (procinfo_slurp(path, text, sizeof(text)) <= 0)
		return;
	const char *rp = strrchr(text, ')');
	if (!rp)
		return;
	/* After the command: state (3), ppid (4) ... starttime (22). */
	int field = 2;
	for (const char *c = rp + 1; *c; c++) {
		if (*c != ' ')
			continue;
		field++;
		if (field == 4)
			p->ppid = (pid_t)strtol(c + 1, NULL, 10);
		if (field == 22) {
			p->start = strtoull(c + 1, NULL, 10);
			return;
		}
	}
}

/* Not telling as an example: this program, its children, another
 * ipctop, a launcher. */
static bool dull(const struct ns_pid *p)
{
	pid_t me = getpid();
	if (p->pid == me || p->ppid == me)
		return true;
	char comm[64];
	if (procs_comm(p->pid, comm, sizeof(comm)) < 0)
		return true;
	return !strcmp(comm, "ipctop") || !strcmp(comm, "unshare") || !strcmp(comm, "nsenter");
}

/* The example of the namespace of pairs [i, j): see nsinfo_entry.pid. */
static pid_t example(const struct ns_pid *v, size_t i, size_t j)
{
	size_t best = i;
	bool best_dull = dull(&v[i]);
	for (size_t k = i + 1; k < j; k++) {
		bool d = dull(&v[k]);
		if (d != best_dull ? !d : v[k].start < v[best].start)
			best = k, best_dull = d;
	}
	return v[best].pid;
}

static void read_cgroup(pid_t pid, char *buf, size_t len)
{
	char path[64], text[4096];
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	if (procinfo_slurp(path, text, sizeof(text)) <= 0)
		text[0] = '\0';
	nsinfo_parse_cgroup(text, buf, len);
}

static int cmp_ns_pid(const void *a, const void *b)
{
	const struct ns_pid *x = a, *y = b;
	if (x->inode != y->inode)
		return (x->inode > y->inode) - (x->inode < y->inode);
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* Collects (namespace, pid) of every readable process into *out. */
static int collect(struct ns_pid **out, size_t *count, size_t *unreadable)
{
	DIR *d = opendir("/proc");
	if (!d)
		return -1;
	size_t cap = 0;
	*out = NULL;
	*count = *unreadable = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		pid_t pid = procinfo_pid_of(de->d_name);
		if (!pid)
			continue;
		uint64_t ino = nsinfo_of(pid);
		if (!ino) {
			if (errno == EACCES || errno == EPERM)
				(*unreadable)++;
			continue; /* ENOENT: exited meanwhile */
		}
		if (array_grow((void **)out, &cap, *count + 1, sizeof(**out)) < 0) {
			closedir(d);
			free(*out);
			*out = NULL;
			return -1;
		}
		struct ns_pid *p = &(*out)[(*count)++];
		*p = (struct ns_pid){ .inode = ino, .pid = pid };
		read_age(p);
	}
	closedir(d);
	return 0;
}

int nsinfo_list(struct nsinfo_list *l)
{
	l->count = l->unreadable = 0;
	uint64_t self = nsinfo_of(0);
	struct ns_pid *pairs;
	size_t n;
	if (collect(&pairs, &n, &l->unreadable) < 0)
		return -1;
	if (n > 1) /* pairs is NULL when n == 0; qsort's pointer must not be */
		qsort(pairs, n, sizeof(*pairs), cmp_ns_pid);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && pairs[j].inode == pairs[i].inode)
			j++;
		if (array_grow((void **)&l->v, &l->cap, l->count + 1, sizeof(*l->v)) < 0) {
			free(pairs);
			return -1;
		}
		struct nsinfo_entry *e = &l->v[l->count++];
		e->inode = pairs[i].inode;
		e->nprocs = j - i;
		e->pid = example(pairs, i, j);
		e->self = self && e->inode == self;
		procs_comm(e->pid, e->comm, sizeof(e->comm));
		read_cgroup(e->pid, e->cgroup, sizeof(e->cgroup));
		i = j;
	}
	free(pairs);
	return 0;
}

void nsinfo_free(struct nsinfo_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* path is of type m, which no namespace file is. */
static int refuse_type(char *err, size_t errlen, const char *call, const char *path, mode_t m)
{
	char why[PATH_MAX + 64];
	snprintf(why, sizeof(why), _("%s is not an IPC namespace but %s"), path, safefile_type_name(m));
	return errtext_fail(err, errlen, call, EINVAL, why);
}

static const char *skip_blanks(const char *spec)
{
	while (spec && (*spec == ' ' || *spec == '\t'))
		spec++;
	return spec;
}

pid_t nsinfo_spec_pid(const char *spec)
{
	return procinfo_pid_of(skip_blanks(spec));
}

int nsinfo_enter(const char *spec, char *err, size_t errlen)
{
	char path[PATH_MAX], call[PATH_MAX + 8], why[PATH_MAX + 64];
	if (err && errlen)
		err[0] = '\0';
	spec = skip_blanks(spec);
	if (!spec || !*spec)
		return errtext_fail(err, errlen, "setns", EINVAL,
				   _("give a pid or a path like /proc/PID/ns/ipc"));
	bool by_pid = nsinfo_spec_pid(spec) > 0;
	if (by_pid)
		snprintf(path, sizeof(path), "/proc/%s/ns/ipc", spec);
	else if (snprintf(path, sizeof(path), "%s", spec) >= (int)sizeof(path))
		return errtext_fail(err, errlen, "open", ENAMETOOLONG, _("path too long"));
	snprintf(call, sizeof(call), "open %s", path);

	/* A namespace file is a regular file (of nsfs). Anything else is
	 * refused before it is opened (a device may act on open), and the
	 * open never blocks (a FIFO swapped in meanwhile). */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return refuse_type(err, errlen, call, path, st.st_mode);
	int fd;
	do
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	while (fd < 0 && errno == EINTR);
	if (fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		return refuse_type(err, errlen, call, path, st.st_mode);
	}
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT && by_pid)
			snprintf(why, sizeof(why), _("no process %s"), spec);
		else if (e == ENOENT)
			snprintf(why, sizeof(why), "%s", _("no such namespace file"));
		else if (e == EACCES || e == EPERM)
			snprintf(why, sizeof(why), "%s",
				 _("not allowed to open the namespace of another user's process (run as root)"));
		else
			snprintf(why, sizeof(why), "%s", _("cannot open the namespace file"));
		return errtext_fail(err, errlen, call, e, why);
	}
	int rc = setns(fd, CLONE_NEWIPC);
	int e = errno;
	close(fd);
	if (rc < 0) {
		if (e == EPERM)
			snprintf(why, sizeof(why), "%s",
				 _("need CAP_SYS_ADMIN (run as root) to enter another IPC namespace"));
		else if (e == EINVAL)
			snprintf(why, sizeof(why), _("%s is not an IPC namespace"), path);
		else
			snprintf(why, sizeof(why), _("entering the IPC namespace of %s"), path);
		return errtext_fail(err, errlen, "setns", e, why);
	}
	return 0;
}
