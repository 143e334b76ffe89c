/* semwait.c — owns the pass over every task that tells which semaphore
 * sets may have waiters (semwait.h): the completeness conditions, the
 * wchan and syscall texts, the IPC namespace of a waiter. */
#define _GNU_SOURCE
#include "model/semwait.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/array.h"
#include "model/sysinfo.h"
#include "proc/procinfo.h"

/* PROC_PID_INIT_INO: the initial PID namespace's inode. */
#define INIT_PID_NS "pid:[4026531836]"

bool semwait_wchan_is_semop(const char *wchan)
{
	return strstr(wchan, "semtimedop") != NULL;
}

bool semwait_wchan_is_symbol(const char *wchan)
{
	/* "0": running (or not ours to see); "ffffffff81234567": no symbols */
	if (strncmp(wchan, "0x", 2) == 0)
		return false;
	size_t n = strcspn(wchan, "\n");
	return n > 0 && strspn(wchan, "0123456789abcdef") < n;
}

int semwait_syscall_semid(const char *text)
{
	if (strncmp(text, "running", 7) == 0)
		return SEMWAIT_RUNNING;
	char *end;
	long nr = strtol(text, &end, 10);
	if (end == text || *end != ' ')
		return SEMWAIT_UNKNOWN;
	bool semop = false;
#ifdef SYS_semtimedop
	semop = semop || nr == SYS_semtimedop;
#endif
#ifdef SYS_semop
	semop = semop || nr == SYS_semop;
#endif
	if (!semop)
		return SEMWAIT_UNKNOWN;
	const char *a = end + 1;
	unsigned long id = strtoul(a, &end, 16);
	if (end == a || (*end != ' ' && *end != '\n' && *end) || id > 0x7fffffffUL)
		return SEMWAIT_UNKNOWN;
	return (int)id;
}

/* The scan cannot vouch for every set; the first reason is kept. */
static void incomplete(struct semwait_scan *s, const char *what, const char *reason)
{
	if (s->complete)
		snprintf(s->why, sizeof(s->why), "%s: %s", what, reason);
	s->complete = false;
}

static int add(struct semwait_scan *s, int semid)
{
	if (array_grow((void **)&s->semids, &s->cap, s->n + 1, sizeof(*s->semids)) < 0)
		return -1;
	s->semids[s->n++] = semid;
	return 0;
}

/* Whether the task's process is in another IPC namespace than ours (then
 * its semid is another set's); unknown counts as ours. */
static bool other_ipc_ns(pid_t pid, unsigned long ours)
{
	char path[48];
	struct stat st;
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)pid);
	return ours && stat(path, &st) == 0 && (unsigned long)st.st_ino != ours;
}

/* One task: not waiting, waiting on a set (added), or not known. */
static int task(struct semwait_scan *s, pid_t pid, pid_t tid, unsigned long ours)
{
	char path[64], text[128];
	s->tasks++;
	for (int tries = 0; tries < 2; tries++) {
		snprintf(path, sizeof(path), "/proc/%d/task/%d/wchan", (int)pid, (int)tid);
		if (procinfo_slurp(path, text, sizeof(text)) < 0) {
			if (errno != ENOENT && errno != ESRCH)
				incomplete(s, path, strerror(errno));
			return 0; /* ENOENT: it ended */
		}
		if (semwait_wchan_is_symbol(text)) {
			if (!semwait_wchan_is_semop(text))
				return 0;
			snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", (int)pid, (int)tid);
			if (procinfo_slurp(path, text, sizeof(text)) < 0) {
				if (errno != ENOENT && errno != ESRCH)
					incomplete(s, path, strerror(errno));
				return 0;
			}
			int id = semwait_syscall_semid(text);
			if (id == SEMWAIT_UNKNOWN)
				incomplete(s, path, "not a native semop or semtimedop (a 32-bit task?)");
			return id < 0 || other_ipc_ns(pid, ours) ? 0 : add(s, id);
		}
		/* "0": running now, or not ours to see (another user's task) */
		struct procinfo pi;
		if (procinfo_read(tid, &pi) < 0 || pi.state == 'R' || pi.state == 'Z' || pi.state == 'X')
			return 0;
	}
	snprintf(path, sizeof(path), "/proc/%d/task/%d/wchan", (int)pid, (int)tid);
	incomplete(s, path, "a sleeping task whose wait is not named (not ours to see, or no kernel symbols)");
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int semwait_scan(struct semwait_scan *s, bool all_visible)
{
	s->n = 0;
	s->tasks = 0;
	s->complete = true;
	s->why[0] = '\0';
	char ns[64];
	ssize_t len = readlink("/proc/self/ns/pid", ns, sizeof(ns) - 1);
	ns[len > 0 ? len : 0] = '\0';
	if (!all_visible && strcmp(ns, INIT_PID_NS) != 0) {
		incomplete(s, len > 0 ? ns : "/proc/self/ns/pid",
			   "not the initial PID namespace (processes of other ones are not seen)");
		return 0;
	}
	unsigned long ours = sysinfo_ipc_ns_inode();
	DIR *proc = opendir("/proc");
	if (!proc) {
		incomplete(s, "/proc", strerror(errno));
		return 0;
	}
	int rc = 0;
	struct dirent *d;
	while (rc == 0 && s->complete && (d = readdir(proc))) { /* incomplete: of no use */
		pid_t pid = procinfo_pid_of(d->d_name);
		if (pid == 0)
			continue;
		char path[48];
		snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
		DIR *tasks = opendir(path);
		if (!tasks) {
			if (errno != ENOENT && errno != ESRCH)
				incomplete(s, path, strerror(errno));
			continue;
		}
		struct dirent *t;
		while (rc == 0 && s->complete && (t = readdir(tasks))) {
			pid_t tid = procinfo_pid_of(t->d_name);
			if (tid)
				rc = task(s, pid, tid, ours);
		}
		closedir(tasks);
	}
	closedir(proc);
	if (rc < 0)
		return -1;
	if (s->n > 1)
		qsort(s->semids, s->n, sizeof(*s->semids), cmp_int);
	size_t m = 0;
	for (size_t i = 0; i < s->n; i++)
		if (m == 0 || s->semids[m - 1] != s->semids[i])
			s->semids[m++] = s->semids[i];
	s->n = m;
	return 0;
}

bool semwait_may_wait(const struct semwait_scan *s, int semid)
{
	return !s->complete || (s->n && bsearch(&semid, s->semids, s->n, sizeof(*s->semids), cmp_int));
}

void semwait_free(struct semwait_scan *s)
{
	free(s->semids);
	memset(s, 0, sizeof(*s));
}
