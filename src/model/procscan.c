/* procscan.c — owns the loop over /proc: one readdir, per process the maps
 * and syscall reads (attach.c, waiters.c), the threads of multi-threaded
 * processes, the IPC namespace check of the processes found attached or
 * waiting (moved aside or dropped when of another namespace), and the
 * hidepid check shared by both tables. */
#define _GNU_SOURCE
#include "model/procscan.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "proc/nsinfo.h"
#include "proc/procinfo.h"

#define MAPS_BUF ((size_t)64 * 1024)

/* /proc/PID/task has 2 + (number of threads) links. */
static bool multi_threaded(pid_t pid)
{
	char path[48];
	struct stat st;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	return stat(path, &st) == 0 && st.st_nlink > 3;
}

/* The threads of pid other than the main one. Returns 0 or -1 ENOMEM. */
static int scan_threads(struct waiter_table *wt, pid_t pid, const struct timespec *now)
{
	char path[48];
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	DIR *d = opendir(path);
	if (!d)
		return 0; /* gone meanwhile */
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		pid_t tid = procinfo_pid_of(de->d_name);
		if (tid && tid != pid && waiters_scan_task(wt, pid, tid, now) < 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

/* What was found of pid stays only when it is of our IPC namespace: its
 * mappings go to the attach table's other list, its waits are dropped. */
static int check_namespace(struct attach_table *at, size_t a0, struct waiter_table *wt, size_t w0, pid_t pid,
			   uint64_t self)
{
	bool attached = at && at->count > a0, waits = wt && wt->count > w0;
	if (!attached && !waits)
		return 0;
	uint64_t ns = nsinfo_of(pid);
	if (ns == self)
		return 0;
	bool denied = !ns && (errno == EACCES || errno == EPERM);
	if (waits) {
		wt->count = w0;
		if (ns)
			wt->other_ns++;
		else if (denied)
			wt->unreadable++;
	}
	if (attached) {
		if (ns)
			return attach_move_other(at, a0);
		at->count = a0;
		if (denied)
			at->unreadable++;
	}
	return 0;
}

/* One process. Returns 0 or -1 (ENOMEM). */
static int scan_one(struct attach_table *at, struct waiter_table *wt, unsigned what, pid_t pid, char *buf,
		    uint64_t self, const struct timespec *now)
{
	size_t a0 = at ? at->count : 0, w0 = wt ? wt->count : 0;
	if (at && attach_scan_pid(at, pid, buf, MAPS_BUF) < 0)
		return -1;
	if (wt) {
		int r = waiters_scan_task(wt, pid, pid, now);
		if (r < 0)
			return -1;
		/* The threads of a process we may not look at, or that is gone,
		 * would only be counted unreadable once more each. */
		if (r == 0 && (what & PROCSCAN_THREADS) && multi_threaded(pid) && scan_threads(wt, pid, now) < 0)
			return -1;
	}
	return check_namespace(at, a0, wt, w0, pid, self);
}

int procscan_run(struct attach_table *at, struct waiter_table *wt, unsigned what, const struct timespec *now)
{
	if (!(what & PROCSCAN_ATTACH))
		at = NULL;
	if (!(what & PROCSCAN_WAITERS))
		wt = NULL;
	if (at)
		attach_begin(at);
	if (wt)
		waiters_begin(wt);
	if (!at && !wt)
		return 0;
	uint64_t self = nsinfo_of(0);
	if (!self)
		return -1;
	DIR *d = opendir("/proc");
	if (!d)
		return -1;
	char *buf = at ? malloc(MAPS_BUF) : NULL;
	int rc = at && !buf ? -1 : 0;
	bool saw_init = false;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		pid_t pid = procinfo_pid_of(de->d_name);
		if (!pid)
			continue;
		saw_init = saw_init || pid == 1;
		rc = scan_one(at, wt, what, pid, buf, self, now);
	}
	free(buf);
	closedir(d);
	if (rc < 0) {
		errno = ENOMEM;
		return -1;
	}
	/* init always exists: no /proc entry for it means /proc hides other
	 * users' processes from us (hidepid=invisible), and any of them may
	 * map a segment or wait unseen. */
	bool hidden = !saw_init && procinfo_exists(1);
	if (at) {
		at->hidden = hidden;
		attach_end(at);
	}
	if (wt) {
		wt->hidden = hidden;
		waiters_end(wt);
	}
	return 0;
}
