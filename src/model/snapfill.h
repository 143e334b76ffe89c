/* snapfill.h — what the text of /proc/sysvipc lacks, read per object and
 * only where it is shown: a queue's msg_qbytes, a set's semaphore values
 * and wait counts (the rows on a screen, the open detail, or every object
 * for the outputs that print them). */
#ifndef IPCTOP_SNAPFILL_H
#define IPCTOP_SNAPFILL_H

#include <stddef.h>

#include "model/ipcobj.h"

struct snapshot;

/* What snapshot_fill reads for the objects it is given. */
enum snapshot_fill_what {
	FILL_QBYTES = 1u << 0,  /* msg_qbytes of a queue */
	FILL_SEMVALS = 1u << 1, /* a set's values (GETALL) */
	FILL_SEMWAIT = 1u << 2, /* and its ncnt/zcnt (and pid where one waits) */
	FILL_SEMPID = 1u << 3,  /* and every semaphore's pid (GETPID) */
};

/* Reads what the read itself did not for the n objects (pointers into
 * s->objs; NULLs are skipped) — `what`, a set of FILL_* bits — unless they
 * already have it: msg_qbytes of queues (one MSG_STAT_ANY each, has_qbytes
 * set), values and wait counts of sets (into s->semvals, as SNAP_SEMVALS /
 * SNAP_SEMWAIT; pointers from snapshot_semvals before the call may move).
 * Cost is per object given. An object gone meanwhile, or unreadable, keeps
 * lacking it. Returns 0, or -1 with errno ENOMEM. */
int snapshot_fill(struct snapshot *s, const struct ipc_object *const *objs, size_t n, unsigned what);

/* The same for every object of the kinds in `kinds` (the semaphore pool
 * sized for all sets at once). FILL_SEMWAIT reads the counts only of the
 * sets a task may wait on (one pass over the tasks, semwait.h): the
 * others' are 0, exactly; s->semsets_counted counts the sets read. */
int snapshot_fill_all(struct snapshot *s, unsigned kinds, unsigned what);

/* Reads one set's semaphores into out[nsems] (values; with `wait_counts`
 * also ncnt/zcnt/pid of every semaphore). Returns 0 or -1 with errno
 * (EIDRM/EINVAL: gone). */
int snapshot_read_semset(int semid, unsigned nsems, struct ipc_semval *out, int wait_counts);

#endif
