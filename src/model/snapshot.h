/* snapshot.h — one consistent-enough read of every SysV IPC object of the
 * current IPC namespace, with limits and usage. Plain data; no I/O after
 * snapshot_read returns (model/snapfill.h reads more for chosen objects). */
#ifndef IPCTOP_SNAPSHOT_H
#define IPCTOP_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "model/ipcobj.h"
#include "model/attach.h"
#include "model/ipclimits.h"
#include "model/waiters.h"
#include "proc/cmdtable.h"

/* How a kind was read: *_STAT_ANY per index, IPC_STAT (*_STAT) per index,
 * or the text of /proc/sysvipc/<kind> (the bulk reader). SCAN_AUTO is only
 * what snapshot_forced_method says when nothing is forced. */
enum scan_method { SCAN_STAT_ANY, SCAN_STAT, SCAN_PROC, SCAN_AUTO };

enum snapshot_flags {
	SNAP_SEMVALS = 1u << 0, /* GETALL for every set */
	SNAP_SEMWAIT = 1u << 1, /* also semncnt/semzcnt: GETNCNT/GETZCNT for the
				 * sets a task may wait on (semwait.h), 0 for the
				 * others (every set when that is not known, or with
				 * $IPCTOP_SEMWAIT=all); GETPID where one waits */
	SNAP_SHMRSS = 1u << 2,  /* rss/swap of every segment (free with the bulk
				 * reader; one read of /proc/sysvipc/shm otherwise) */
	SNAP_ATTACH = 1u << 3,  /* attached processes: /proc/PID/maps in the pass over /proc */
	SNAP_WAITERS = 1u << 4, /* blocked processes: /proc/PID/syscall in the same pass,
				 * then holders and deadlocks (waiters.h) */
	SNAP_THREADS = 1u << 5, /* waiters: every thread, not only each process's main one */
	SNAP_QBYTES = 1u << 6,  /* msg_qbytes of every queue (not in /proc/sysvipc:
				 * then the queues are read with MSG_STAT_ANY) */
	SNAP_SEMPID = 1u << 7,  /* GETPID (sempid) for every semaphore */
};

/* The command line of a segment's creator (cpid), as first seen. */
struct snapshot_creator {
	int id;
	int key;
	pid_t cpid;
	char command[CMDTABLE_LEN];
};

/* How an object of a read compares with the previous read into the same
 * struct snapshot: every field that the read itself gives (not what
 * snapshot_fill, SNAP_SEMVALS/SEMWAIT/QBYTES or SNAP_ATTACH add). */
enum obj_change { OBJ_SAME, OBJ_CHANGED, OBJ_NEW };

#define SNAP_MOVED_NONE UINT32_MAX

/* The changes a read made to the previous contents of its struct. */
struct snapshot_delta {
	uint64_t from;   /* generation the read started from (0: none, all new) */
	bool valid;      /* state[] and moved[] describe the change from `from` */
	bool changed;    /* an object came, went or changed */
	uint8_t *state;  /* [count] enum obj_change of each object */
	uint32_t *moved; /* [nprev] index now of each previous object that is
			  * OBJ_SAME, else SNAP_MOVED_NONE (gone or changed) */
	size_t nprev, state_cap, moved_cap;
};

struct snapshot {
	struct ipc_object *objs; /* shm first, then msg, then sem; each kind
				  * in the kernel's index order */
	size_t count, cap;
	size_t kind_count[KIND_COUNT];
	unsigned kinds;             /* the kinds read */
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
	uint64_t gen;          /* unique per read (never 0 after one) */
	struct snapshot_delta delta;
	unsigned flags;        /* the SNAP_* it was read with */
	size_t semsets_counted; /* sets whose GETNCNT/GETZCNT were read (SNAP_SEMWAIT) */
};

/* Reads the objects of the kinds in `kinds` (KIND_BIT set), replacing the
 * previous contents of *s in place (objects that did not change keep
 * their place when they can; s->delta says what changed from a previous
 * read of the same kinds; after other kinds every object is new). Objects that
 * vanish while reading are skipped. Returns 0, or -1 with errno when
 * nothing could be read (s stays valid and empty).
 * Per kind the primary method is the bulk reader (/proc/sysvipc/<kind>):
 * one read of text for all objects; the queues are read with MSG_STAT_ANY
 * instead when SNAP_QBYTES asks for every queue's capacity (one call per
 * queue either way, and the text would be extra). Fallbacks in order:
 * *_STAT_ANY, *_STAT, the bulk reader; a method is used when it sees every
 * object ($IPCTOP_SCAN=proc|stat_any|stat forces the first: tests). */
int snapshot_read(struct snapshot *s, unsigned kinds, unsigned flags);
/* The method $IPCTOP_SCAN forces (SCAN_PROC, SCAN_STAT_ANY, SCAN_STAT), or
 * SCAN_AUTO; snapshot_forced_name gives its name for the header, or NULL. */
enum scan_method snapshot_forced_method(void);
const char *snapshot_forced_name(void);

void snapshot_free(struct snapshot *s);

/* The objects of kind k: counted by the read when it read that kind, else
 * the *_INFO count it read (a screen showing one kind reads only that). */
size_t snapshot_kind_total(const struct snapshot *s, enum ipc_kind k);

/* The object of that kind and id, or NULL. Linear; for single lookups. */
const struct ipc_object *snapshot_find(const struct snapshot *s, enum ipc_kind kind, int id);

/* The semaphores of a set read with SNAP_SEMVALS (or filled), or NULL. */
const struct ipc_semval *snapshot_semvals(const struct snapshot *s, const struct ipc_object *o);

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
