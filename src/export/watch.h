/* watch.h — lifecycle events between two snapshots: objects created and
 * removed (with the segment creator's command line), permissions or owner
 * changed, attach count changed, queues crossing 50% / 90% of their
 * capacity, processes starting to wait on a semaphore or a queue (named,
 * with their operations), deadlocks appearing and resolved. Also one JSON
 * line per event (for --watch logs). */
#ifndef IPCTOP_WATCH_H
#define IPCTOP_WATCH_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "export/missed.h"
#include "model/snapshot.h"
#include "model/waitgraph.h"

enum watch_what {
	WATCH_CREATED,
	WATCH_REMOVED,
	WATCH_PERMS,      /* mode & 0777 changed */
	WATCH_OWNER,      /* uid or gid changed (IPC_SET) */
	WATCH_NATTCH,     /* shm attach count changed */
	WATCH_QUEUE_FILL, /* msg used bytes crossed 50% or 90% of qbytes, up or down */
	WATCH_SEM_WAITERS, /* some semaphore's ncnt+zcnt went from 0 to > 0 */
	WATCH_MSG_WAITERS, /* a queue's waiters found went from 0 to > 0 */
	WATCH_DEADLOCK,    /* a deadlock cycle appeared (snapshots read with SNAP_WAITERS) */
	WATCH_DEADLOCK_RESOLVED, /* ... and is gone */
	WATCH_MISSED,     /* objects came and went unseen (missed.h; not from watch_diff) */
	WATCH_WHAT_COUNT
};

#define WATCH_MAX_PIDS 8
#define WATCH_MAX_WAITERS 8 /* waiters named in one event */
#define WATCH_MAX_CYCLE 16  /* edges of a deadlock cycle in one event */

struct watch_pid {
	const char *role; /* "cpid", "lpid", "lspid", "lrpid", "sempid" (static text) */
	pid_t pid;
};

struct watch_event {
	struct timespec when; /* the later snapshot's time */
	enum watch_what what;
	enum ipc_kind type;
	int key, id;
	char details[192];    /* "nattch 1 -> 2", "rw-r--r-- -> rw-------", ... */
	char old_text[32];    /* the value before and after ("" when none): */
	char new_text[32];    /*   "1"/"2", "rw-r--r--"/"rw-------", "45%"/"92%" */
	struct watch_pid pids[WATCH_MAX_PIDS]; /* the non-zero pids known */
	size_t npids;
	const struct ipc_object *obj; /* created, removed: the object, as last seen
				       * (valid during the callback); else NULL */
	char command[128];    /* created/removed segment: the creator's command line, "" unknown */
	long count;           /* missed: how many objects */
	int after_id;         /* missed: the newest id seen before them */
	struct watch_waiter {
		pid_t pid;
		char command[128];
		char operation[64]; /* waiters_op_text */
	} waiters[WATCH_MAX_WAITERS]; /* sem-waiters, msg-waiters, deadlock */
	size_t nwaiters;
	struct wait_edge cycle[WATCH_MAX_CYCLE]; /* deadlock events */
	size_t ncycle;
};

typedef void (*watch_cb)(const struct watch_event *ev, void *ctx);

/* "created", "removed", "perms", "owner", "nattch", "queue-fill",
 * "sem-waiters", "msg-waiters", "deadlock", "deadlock-resolved", "missed". */
const char *watch_what_name(enum watch_what what);

/* Calls cb for each change from prev to cur, ordered by (type, id), and per
 * object: removed, created, perms, owner, nattch, queue-fill, sem-waiters,
 * msg-waiters; then deadlock-resolved and deadlock, one per cycle. An id
 * present in both with another key counts as removed + created.
 * sem-waiters compares sets both snapshots read with SNAP_SEMWAIT (ncnt/
 * zcnt are 0 otherwise), msg-waiters and deadlocks snapshots both read with
 * SNAP_WAITERS; the waiters named are those the scan found. O((n + m)
 * log(n + m)): both sides are sorted by (type, id) and merged. Returns the
 * number of events, or -1 (ENOMEM). */
long watch_diff(const struct snapshot *prev, const struct snapshot *cur, watch_cb cb, void *ctx);

/* Fills ev with the missed event of gap g (missed.h), found at `when`. */
void watch_missed_event(struct watch_event *ev, const struct missed_gap *g, const struct timespec *when);

/* Writes ev as one JSON line:
 * {"time":"2026-11-29T18:02:11Z","epoch-ms":...,"event":"nattch","type":"shm",
 *  "key":"0x0000162e","id":3,"details":"nattch 1 -> 2","old":"1","new":"2",
 *  "pids":[{"role":"cpid","pid":1203},...]}
 * ("old"/"new" only when known), with "command" (created/removed segment,
 * when known), "waiters":[{"pid","command","operation"}] (waiter and
 * deadlock events) and "cycle":[pid, semid, semnum, ...] (deadlock
 * events); created and removed add "object" (the fields of --json, as last
 * seen); missed adds "count" and "after-id" (key and id are the first
 * object seen after the gap). Returns 0, or -1 when writing failed. */
int watch_event_json(const struct watch_event *ev, FILE *out);

#endif
