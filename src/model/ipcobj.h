/* ipcobj.h — the plain data model of one System V IPC object (shm segment,
 * message queue or semaphore set) as read from the kernel. No behaviour. */
#ifndef IPCTOP_IPCOBJ_H
#define IPCTOP_IPCOBJ_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

enum ipc_kind { KIND_SHM, KIND_MSG, KIND_SEM, KIND_COUNT };

/* Bit set of kinds, for "read only these kinds" style options. */
#define KINDS_ALL ((1u << KIND_SHM) | (1u << KIND_MSG) | (1u << KIND_SEM))
#define KIND_BIT(k) (1u << (k))

/* One semaphore of a set: GETALL / GETNCNT / GETZCNT / GETPID. */
struct ipc_semval {
	int value;
	int ncnt;
	int zcnt;
	pid_t pid;
};

struct ipc_shm_fields {
	uint64_t size;    /* bytes */
	uint64_t nattch;
	pid_t cpid, lpid;
	time_t atime, dtime;
	uint64_t rss, swap; /* bytes, from /proc/sysvipc/shm */
	int nprocs;         /* processes of this namespace mapping it; -1 unknown
			     * (not read, or some processes could not be: attach_count) */
	bool dest, locked; /* SHM_DEST, SHM_LOCKED in the mode */
	bool hugetlb;       /* SHM_HUGETLB, known only while some process of
	                       this namespace maps it (read with SNAP_ATTACH) */
};

/* Who waits on a queue or set, from the waiter scan (SNAP_WAITERS). */
struct ipc_wait_info {
	int waiters;    /* blocked threads found on it; -1 not looked for */
	bool deadlock;  /* one of them is on a deadlock cycle */
	time_t since;   /* the longest-waiting one's first sighting, 0 none */
};

struct ipc_msg_fields {
	uint64_t cbytes;  /* bytes used by the messages on the queue */
	uint64_t qbytes;  /* capacity in bytes; valid when has_qbytes */
	time_t stime, rtime;
	uint32_t qnum;    /* messages on the queue: at most qbytes, so more
			   * than 2^32 would take a queue set larger by root and
			   * hundreds of GB of kernel memory (read clamped) */
	pid_t lspid, lrpid;
	bool has_qbytes;  /* /proc/sysvipc/msg has no such column: read per
			   * queue (SNAP_QBYTES, snapshot_fill) */
	struct ipc_wait_info wait;
};

struct ipc_sem_fields {
	unsigned nsems;
	time_t otime;
	/* Index of this set's first semaphore in snapshot.semvals, valid when
	 * the snapshot was read with SNAP_SEMVALS (or the set has waiters);
	 * SEMVALS_NONE otherwise. */
	size_t first;
	int ncnt, zcnt; /* GETNCNT, GETZCNT summed over the set; -1 not read
			 * (then the semaphores' ncnt/zcnt/pid were not read) */
	struct ipc_wait_info wait;
};
#define SEMVALS_NONE ((size_t)-1)

struct ipc_object {
	enum ipc_kind kind;
	int key; /* key_t */
	int id;
	unsigned mode; /* full ipc_perm.mode: perms plus SHM_DEST etc. */
	uid_t uid, cuid;
	gid_t gid, cgid;
	time_t ctime;
	union {
		struct ipc_shm_fields shm;
		struct ipc_msg_fields msg;
		struct ipc_sem_fields sem;
	} u;
};

/* A snapshot holds one per object: at 64 000 objects every byte here is
 * 64 kB of the TUI's memory (issue 17: under 16 MB in all). */
_Static_assert(sizeof(struct ipc_object) <= 104, "struct ipc_object grew");

const char *kind_name(enum ipc_kind kind); /* "shm", "msg", "sem" */

#endif
