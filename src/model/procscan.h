/* procscan.h — the one pass over /proc per refresh: for each process its
 * maps (the segments it has attached: attach.h) and its syscall (the IPC
 * object it waits on: waiters.h), then, only for processes with either,
 * whether it is of our IPC namespace (ids of other namespaces collide),
 * and whether /proc hides processes from us. */
#ifndef IPCTOP_PROCSCAN_H
#define IPCTOP_PROCSCAN_H

#include <time.h>

#include "model/attach.h"
#include "model/waiters.h"

enum procscan_what {
	PROCSCAN_ATTACH = 1u << 0,  /* fill the attach table (reads every /proc/PID/maps) */
	PROCSCAN_WAITERS = 1u << 1, /* fill the waiter table (every /proc/PID/syscall) */
	PROCSCAN_THREADS = 1u << 2, /* waiters: also every thread of a multi-threaded process */
};

/* Replaces the contents of the tables asked for (the other one is left
 * alone and may be NULL). A process that exits meanwhile is skipped.
 * Cost: one read per process per table, plus for PROCSCAN_THREADS one
 * stat per process and one read per extra thread. New waiters' since is
 * `now`. Returns 0, or -1 with errno (ENOMEM, /proc unreadable). */
int procscan_run(struct attach_table *at, struct waiter_table *wt, unsigned what, const struct timespec *now);

#endif
