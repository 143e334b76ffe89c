/* tracefs.c — owns ipctop's ftrace instance: the mount, the instance's
 * life (including the crash path and the removal of stale ones), its
 * control files and raw pipes. */
#define _GNU_SOURCE
#include "trace/tracefs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "base/errtext.h"
#include "proc/procinfo.h"
#include "trace/tracedec.h"

#ifndef TRACEFS_MAGIC
#define TRACEFS_MAGIC 0x74726163
#endif

/* What the crash path removes: set at open, cleared at close. Plain
 * storage, read by a signal handler. */
static char emergency_dir[PATH_MAX];
static int emergency_fd[TRACEFS_MAX_CPUS];
static volatile sig_atomic_t emergency_armed, emergency_nfd;

static const char *meaning_of(int err)
{
	switch (err) {
	case EACCES:
	case EPERM: return "tracing needs root";
	case ENODEV: return "this kernel has no tracefs (CONFIG_TRACING)";
	case ENOMEM: return "not enough memory for the trace buffers";
	case ENOENT: return "this kernel does not trace system calls (CONFIG_FTRACE_SYSCALLS)";
	case EBUSY: return "in use";
	default: return "setting up the trace instance";
	}
}

static int fail(char *why, size_t len, const char *call, int err)
{
	return errtext_fail(why, len, call, err, meaning_of(err));
}

static bool is_tracefs(const char *path)
{
	struct statfs sf;
	return statfs(path, &sf) == 0 && sf.f_type == TRACEFS_MAGIC;
}

/* The tracefs mount point, mounted on /sys/kernel/tracing if needed. */
static int find_root(char *root, size_t len, char *why, size_t whylen)
{
	static const char *const where[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		if (is_tracefs(where[i])) {
			snprintf(root, len, "%s", where[i]);
			return 0;
		}
	if (mount("nodev", where[0], "tracefs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return fail(why, whylen, "mount tracefs on /sys/kernel/tracing", errno);
	snprintf(root, len, "%s", where[0]);
	return 0;
}

static int path_of(char *out, size_t len, const char *dir, const char *rel)
{
	int n = snprintf(out, len, "%s/%s", dir, rel);
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* Writes text to a control file of the instance. */
static int put(const struct tracefs *t, const char *rel, const char *text, char *why, size_t whylen)
{
	char path[PATH_MAX + 128], call[PATH_MAX + 160];
	if (path_of(path, sizeof(path), t->dir, rel) < 0)
		return fail(why, whylen, rel, errno);
	snprintf(call, sizeof(call), "write %s", path);
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return fail(why, whylen, call, errno);
	size_t n = strlen(text);
	ssize_t w;
	do
		w = write(fd, text, n);
	while (w < 0 && errno == EINTR);
	int err = w < 0 ? errno : (size_t)w != n ? EIO : 0;
	close(fd);
	if (err)
		return fail(why, whylen, call, err);
	return 0;
}

/* Reads a control file of the instance (or of the root, for rel starting
 * with '/'). Returns bytes, or -1 with errno. */
static ssize_t get(const struct tracefs *t, const char *rel, char *buf, size_t len)
{
	char path[PATH_MAX + 128];
	if (path_of(path, sizeof(path), t->dir, rel) < 0)
		return -1;
	return procinfo_slurp(path, buf, len);
}

unsigned long long tracefs_stat_start(const char *stat_text)
{
	const char *p = strrchr(stat_text, ')');
	if (!p)
		return 0;
	/* After "(comm)": state is field 3, starttime field 22. */
	for (int field = 2; field < 22; field++) {
		p = strchr(p + 1, ' ');
		if (!p)
			return 0;
	}
	char *end;
	unsigned long long v = strtoull(p + 1, &end, 10);
	return end == p + 1 ? 0 : v;
}

static ssize_t read_proc_stat(pid_t pid, char *buf, size_t len)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	return procinfo_slurp(path, buf, len);
}

int tracefs_name_is_stale(const char *name, ssize_t (*read_stat)(pid_t pid, char *buf, size_t len))
{
	/* "ipctop-PID-START", both decimal: anything else is not ours and is
	 * never touched. */
	const char *p = name + strlen(TRACEFS_PREFIX);
	char *end;
	if (strncmp(name, TRACEFS_PREFIX, strlen(TRACEFS_PREFIX)) != 0 || !isdigit((unsigned char)*p))
		return 0;
	errno = 0;
	long pid = strtol(p, &end, 10);
	if (errno || *end != '-' || pid <= 0 || pid > INT_MAX || !isdigit((unsigned char)end[1]))
		return 0;
	unsigned long long start = strtoull(end + 1, &end, 10);
	if (errno || *end)
		return 0;
	char stat[1024];
	ssize_t n = read_stat((pid_t)pid, stat, sizeof(stat));
	if (n <= 0)
		return 1; /* no such process */
	return tracefs_stat_start(stat) != start;
}

int tracefs_clean_stale(const char *root)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/instances", root);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int removed = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!tracefs_name_is_stale(e->d_name, read_proc_stat))
			continue;
		char path[PATH_MAX + 256];
		if (path_of(path, sizeof(path), dir, e->d_name) == 0 && rmdir(path) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

static int open_pipes(struct tracefs *t, char *why, size_t whylen)
{
	char dir[PATH_MAX + 16];
	snprintf(dir, sizeof(dir), "%s/per_cpu", t->dir);
	for (int cpu = 0; cpu < TRACEFS_MAX_CPUS; cpu++) {
		char path[PATH_MAX + 64];
		snprintf(path, sizeof(path), "%s/cpu%d/trace_pipe_raw", dir, cpu);
		int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT)
			break; /* no more CPUs */
		if (fd < 0) {
			char call[PATH_MAX + 80];
			snprintf(call, sizeof(call), "open %s", path);
			return fail(why, whylen, call, errno);
		}
		t->fd[t->ncpu++] = fd;
		emergency_fd[cpu] = fd;
		emergency_nfd = t->ncpu;
	}
	if (t->ncpu == 0)
		return fail(why, whylen, "open per_cpu/cpu0/trace_pipe_raw", ENOENT);
	return 0;
}

/* Every event of tracedec.h on; the system calls of self filtered out
 * (ipctop's own scans would flood the buffer), not its new tasks. */
static int enable_events(const struct tracefs *t, pid_t self, char *why, size_t whylen)
{
	char filter[64];
	snprintf(filter, sizeof(filter), "common_pid != %d", (int)self);
	for (size_t i = 0; i < TRACEDEC_EVENTS; i++) {
		char ev[96], rel[160];
		tracedec_event_path(i, ev, sizeof(ev));
		snprintf(rel, sizeof(rel), "events/%s/filter", ev);
		if (strncmp(ev, "syscalls/", 9) == 0 && put(t, rel, filter, why, whylen) < 0)
			return -1;
		snprintf(rel, sizeof(rel), "events/%s/enable", ev);
		if (put(t, rel, "1", why, whylen) < 0)
			return -1;
	}
	return 0;
}

static size_t sub_buffer_size(const struct tracefs *t)
{
	char buf[32];
	long page = sysconf(_SC_PAGESIZE);
	size_t size = page > 0 ? (size_t)page : 4096;
	if (get(t, "buffer_subbuf_size_kb", buf, sizeof(buf)) > 0) {
		unsigned long kb = strtoul(buf, NULL, 10);
		if (kb > 0 && kb <= 1024)
			size = kb * 1024;
	}
	return size;
}

int tracefs_open(struct tracefs *t, size_t buffer_kb, pid_t self, char *why, size_t whylen)
{
	memset(t, 0, sizeof(*t));
	for (int i = 0; i < TRACEFS_MAX_CPUS; i++)
		t->fd[i] = -1;
	if (find_root(t->root, sizeof(t->root), why, whylen) < 0)
		return -1;
	tracefs_clean_stale(t->root);
	char stat[1024];
	unsigned long long start = read_proc_stat(getpid(), stat, sizeof(stat)) > 0 ? tracefs_stat_start(stat) : 0;
	snprintf(t->dir, sizeof(t->dir), "%s/instances/" TRACEFS_PREFIX "%d-%llu", t->root, (int)getpid(), start);
	if (mkdir(t->dir, 0700) < 0) {
		char call[PATH_MAX + 16];
		snprintf(call, sizeof(call), "mkdir %s", t->dir);
		int err = errno;
		t->dir[0] = '\0';
		return fail(why, whylen, call, err);
	}
	memcpy(emergency_dir, t->dir, sizeof(emergency_dir));
	emergency_nfd = 0;
	emergency_armed = 1;
	char kb[32];
	snprintf(kb, sizeof(kb), "%zu", buffer_kb);
	if (put(t, "tracing_on", "0", why, whylen) < 0 || put(t, "buffer_size_kb", kb, why, whylen) < 0 ||
	    put(t, "trace_clock", "mono", why, whylen) < 0 || enable_events(t, self, why, whylen) < 0 ||
	    open_pipes(t, why, whylen) < 0)
		goto undo;
	t->page_size = sub_buffer_size(t);
	int64_t lost = tracefs_lost(t);
	t->lost_base = lost > 0 ? (uint64_t)lost : 0;
	if (put(t, "tracing_on", "1", why, whylen) < 0)
		goto undo;
	return 0;
undo:;
	int err = errno;
	tracefs_close(t);
	errno = err;
	return -1;
}

int tracefs_format(const struct tracefs *t, const char *event, char *buf, size_t len, char *why, size_t whylen)
{
	char rel[160];
	if (strcmp(event, "header_page") == 0)
		snprintf(rel, sizeof(rel), "events/header_page");
	else
		snprintf(rel, sizeof(rel), "events/%s/format", event);
	ssize_t n = get(t, rel, buf, len);
	if (n <= 0) {
		char call[PATH_MAX + 200];
		snprintf(call, sizeof(call), "read %s/%s", t->dir, rel);
		return fail(why, whylen, call, n < 0 ? errno : EIO);
	}
	return 0;
}

/* The number after "label:" in a stats text, 0 when absent. */
static uint64_t stat_value(const char *text, const char *label)
{
	const char *p = strstr(text, label);
	return p ? strtoull(p + strlen(label), NULL, 10) : 0;
}

int64_t tracefs_lost(const struct tracefs *t)
{
	uint64_t sum = 0;
	for (int cpu = 0; cpu < t->ncpu; cpu++) {
		char rel[64], text[1024];
		snprintf(rel, sizeof(rel), "per_cpu/cpu%d/stats", cpu);
		if (get(t, rel, text, sizeof(text)) <= 0)
			return -1;
		/* "overrun:" alone, not "commit overrun:" (a writer's overflow,
		 * counted separately below). */
		const char *line = strstr(text, "\noverrun:");
		sum += line ? strtoull(line + 9, NULL, 10) : stat_value(text, "overrun:");
		sum += stat_value(text, "commit overrun:") + stat_value(text, "dropped events:");
	}
	return sum >= t->lost_base ? (int64_t)(sum - t->lost_base) : 0;
}

void tracefs_close(struct tracefs *t)
{
	if (t->dir[0]) {
		char why[8];
		(void)put(t, "tracing_on", "0", why, 0);
	}
	for (int i = 0; i < t->ncpu; i++)
		if (t->fd[i] >= 0)
			close(t->fd[i]);
	t->ncpu = 0;
	emergency_armed = 0;
	emergency_nfd = 0;
	if (t->dir[0]) {
		/* The kernel removes the instance with its buffers; it refuses
		 * while a file of it is open (EBUSY): ours are closed above. */
		if (rmdir(t->dir) < 0 && errno == EBUSY) {
			usleep(10000);
			(void)rmdir(t->dir);
		}
		t->dir[0] = '\0';
	}
}

void tracefs_emergency(void)
{
	if (!emergency_armed)
		return;
	emergency_armed = 0;
	for (int i = 0; i < emergency_nfd && i < TRACEFS_MAX_CPUS; i++)
		close(emergency_fd[i]);
	rmdir(emergency_dir);
}
