/* snapshot.h — one consistent-enough read of every SysV IPC object of the
 * current IPC namespace, with limits and usage. Plain data; no I/O after
 * snapshot_read returns. */
#ifndef IPCTOP_SNAPSHOT_H
#define IPCTOP_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/ipcobj.h"
#include "model/attach.h"
#include "model/ipclimits.h"
#include "model/waiters.h"
#include "proc/cmdtable.h"

enum scan_method { SCAN_STAT_ANY, SCAN_STAT, SCAN_PROC };

enum snapshot_flags {
	SNAP_SEMVALS = 1u << 0, /* GETALL for every set */
	SNAP_SEMWAIT = 1u << 1, /* also semncnt/semzcnt: GETNCNT/GETZCNT for the
				 * sets a task may wait on (semwait.h), 0 for the
				 * others (every set when that is not known, or with
				 * $IPCTOP_SEMWAIT=all); GETPID where one waits */
	SNAP_SHMRSS = 1u << 2,  /* rss/swap from /proc/sysvipc/shm (one read) */
	SNAP_ATTACH = 1u << 3,  /* attached processes: /proc/PID/maps in the pass over /proc */
	SNAP_WAITERS = 1u << 4, /* blocked processes: /proc/PID/syscall in the same pass,
				 * then holders and deadlocks (waiters.h) */
	SNAP_THREADS = 1u << 5, /* waiters: every thread, not only each process's main one */
	SNAP_SEMPID = 1u << 6,  /* GETPID (sempid) for every semaphore */
};

/* The command line of a segment's creator (cpid), as first seen. */
struct snapshot_creator {
	int id;
	int key;
	pid_t cpid;
	char command[CMDTABLE_LEN];
};

struct snapshot {
	struct ipc_object *objs; /* shm first, then msg, then sem; index order
				  * (shm by id when read with SNAP_SHMRSS) */
	size_t count, cap;
	size_t kind_count[KIND_COUNT];
	struct ipc_semval *semvals; /* pool; see ipc_sem_fields.first */
	size_t nsemvals, semcap;
	struct ipc_limits limits;
	struct attach_table attach; /* with SNAP_ATTACH: who maps which shmid */
	struct waiter_table waiters; /* with SNAP_WAITERS: who waits on what */
	bool waiters_read;          /* the waiter scan ran (else every wait.waiters is -1) */
	struct cmd_table cmds;      /* command lines of the attached, waiting and holding pids */
	struct snapshot_creator *creators; /* sorted by id; filled by history_apply */
	size_t ncreators, creatorcap;
	enum scan_method method[KIND_COUNT];
	struct timespec taken; /* CLOCK_REALTIME when the read started */
	unsigned flags;        /* the SNAP_* it was read with */
	size_t semsets_counted; /* sets whose GETNCNT/GETZCNT were read (SNAP_SEMWAIT) */
};

/* Reads the objects of the kinds in `kinds` (KIND_BIT set). The previous
 * contents of *s are freed. Objects that vanish while reading are skipped.
 * Returns 0, or -1 with errno when nothing could be read (s stays valid and
 * empty). $IPCTOP_SCAN=stat|proc forces a fallback method (tests). */
int snapshot_read(struct snapshot *s, unsigned kinds, unsigned flags);
/* The method $IPCTOP_SCAN forces (SCAN_STAT or SCAN_PROC; the header says
 * so), else SCAN_STAT_ANY: try the methods in order. */
enum scan_method snapshot_forced_method(void);

void snapshot_free(struct snapshot *s);

/* The object of that kind and id, or NULL. Linear; for single lookups. */
const struct ipc_object *snapshot_find(const struct snapshot *s, enum ipc_kind kind, int id);

/* The semaphores of a set read with SNAP_SEMVALS, or NULL. */
const struct ipc_semval *snapshot_semvals(const struct snapshot *s, const struct ipc_object *o);

/* Reads one set's semaphores into out[nsems] (values; with `wait_counts`
 * also ncnt/zcnt/pid). Returns 0 or -1 with errno (EIDRM/EINVAL: gone). */
int snapshot_read_semset(int semid, unsigned nsems, struct ipc_semval *out, int wait_counts);

/* The command line of pid from the snapshot's table (attached, waiting,
 * holding pids), or NULL when the snapshot did not read it. */
const char *snapshot_command(const struct snapshot *s, pid_t pid);

/* The command line of a segment's creator as first seen (history_apply),
 * or NULL when unknown (not a segment, creator not readable then). */
const char *snapshot_creator(const struct snapshot *s, const struct ipc_object *o);

/* Creator tables (snapshot.creators, history.h): sorting by id, and the
 * entry of segment o (same id, key and cpid), or NULL. */
void snapshot_creators_sort(struct snapshot_creator *v, size_t n);
const struct snapshot_creator *snapshot_creator_find(const struct snapshot_creator *v, size_t n,
						     const struct ipc_object *o);

/* Recomputes each queue's and set's ipc_wait_info from s->waiters (after
 * history_apply changed the waiters' since). */
void snapshot_summarize_waiters(struct snapshot *s);

#endif
