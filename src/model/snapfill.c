/* snapfill.c — per-object reads of what /proc/sysvipc lacks (snapfill.h):
 * msg_qbytes by MSG_STAT_ANY of the queue's id, semaphore values by GETALL
 * and wait counts by GETNCNT/GETZCNT/GETPID, into the snapshot's pool;
 * for every set at once, the counts only of the sets a task may wait on
 * (semwait.h). */
#define _GNU_SOURCE
#include "model/snapfill.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>

#include "base/array.h"
#include "model/semwait.h"
#include "model/snapshot.h"

union semun_arg {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int sem_getall(int semid, unsigned nsems, struct ipc_semval *out)
{
	unsigned short stackbuf[256];
	unsigned short *vals = nsems <= 256 ? stackbuf : calloc(nsems, sizeof(*vals));
	if (!vals)
		return -1;
	union semun_arg arg = { .array = vals };
	int rc = semctl(semid, 0, GETALL, arg);
	if (rc == 0)
		for (unsigned i = 0; i < nsems; i++)
			out[i].value = vals[i];
	if (vals != stackbuf)
		free(vals);
	return rc;
}

/* The values, and per semaphore GETNCNT/GETZCNT (counts) and GETPID: for
 * every semaphore (pids), or for those a task waits on (counts). */
static int read_semset(int semid, unsigned nsems, struct ipc_semval *out, bool counts, bool pids)
{
	memset(out, 0, nsems * sizeof(*out));
	if (sem_getall(semid, nsems, out) < 0)
		return -1;
	for (unsigned i = 0; (counts || pids) && i < nsems; i++) {
		int n = counts ? semctl(semid, (int)i, GETNCNT) : 0;
		int z = counts && n >= 0 ? semctl(semid, (int)i, GETZCNT) : 0;
		int p = n >= 0 && z >= 0 && (pids || n > 0 || z > 0) ? semctl(semid, (int)i, GETPID) : 0;
		if (n < 0 || z < 0 || p < 0)
			return -1;
		out[i].ncnt = n;
		out[i].zcnt = z;
		out[i].pid = p;
	}
	return 0;
}

int snapshot_read_semset(int semid, unsigned nsems, struct ipc_semval *out, int wait_counts)
{
	return read_semset(semid, nsems, out, wait_counts, wait_counts);
}

/* Reads one set's semaphores into the pool unless it has what is asked:
 * values, with `counts` the wait counts (and sempids where one waits;
 * the set's ncnt/zcnt become their sums), with `pids` every sempid.
 * Returns 0, or -1 with errno ENOMEM; an unreadable (EACCES) or vanished
 * set keeps what it had. */
static int fill_semset(struct snapshot *s, struct ipc_object *o, bool counts, bool pids)
{
	if (o->u.sem.first != SEMVALS_NONE && (o->u.sem.ncnt >= 0 || !counts) && !pids)
		return 0;
	unsigned n = o->u.sem.nsems;
	if (array_grow((void **)&s->semvals, &s->semcap, s->nsemvals + n, sizeof(*s->semvals)) < 0)
		return -1;
	struct ipc_semval *v = &s->semvals[s->nsemvals];
	if (read_semset(o->id, n, v, counts, pids) == 0) {
		o->u.sem.first = s->nsemvals;
		s->nsemvals += n;
		if (counts) { /* the set's sums (NCNT, ZCNT columns) */
			o->u.sem.ncnt = o->u.sem.zcnt = 0;
			for (unsigned i = 0; i < n; i++) {
				o->u.sem.ncnt += v[i].ncnt;
				o->u.sem.zcnt += v[i].zcnt;
			}
		}
	}
	return 0;
}

/* msg_qbytes of one queue unless known: MSG_STAT_ANY of its id (the kernel
 * takes the index from it and returns the id there, which tells whether
 * it is still this queue; no permission needed), IPC_STAT on kernels
 * without it. */
static void fill_qbytes(struct ipc_object *o)
{
	if (o->u.msg.has_qbytes)
		return;
	struct msqid_ds ds;
	memset(&ds, 0, sizeof(ds)); /* valgrind does not know MSG_STAT_ANY writes it */
	int id = msgctl(o->id, MSG_STAT_ANY, &ds);
	if (id != o->id && (id >= 0 || errno != EINVAL || msgctl(o->id, IPC_STAT, &ds) < 0))
		return; /* gone (another queue at its index), or unreadable */
	o->u.msg.qbytes = ds.msg_qbytes;
	o->u.msg.has_qbytes = true;
}

static int fill_one(struct snapshot *s, struct ipc_object *o, unsigned what)
{
	if (o->kind == KIND_MSG && (what & FILL_QBYTES))
		fill_qbytes(o);
	if (o->kind == KIND_SEM && (what & (FILL_SEMVALS | FILL_SEMWAIT | FILL_SEMPID)))
		return fill_semset(s, o, (what & FILL_SEMWAIT) != 0, (what & FILL_SEMPID) != 0);
	return 0;
}

int snapshot_fill(struct snapshot *s, const struct ipc_object *const *objs, size_t n, unsigned what)
{
	for (size_t i = 0; i < n; i++)
		if (objs[i] && fill_one(s, &s->objs[objs[i] - s->objs], what) < 0)
			return -1;
	return 0;
}

/* Room in the pool for every set still without values, mapped at once
 * (120 000 semaphores: 1.9 MB, see array_prefault). */
static int reserve_pool(struct snapshot *s)
{
	size_t sems = s->nsemvals, had = s->semcap;
	for (size_t i = 0; i < s->count; i++)
		if (s->objs[i].kind == KIND_SEM && s->objs[i].u.sem.first == SEMVALS_NONE)
			sems += s->objs[i].u.sem.nsems;
	if (array_grow((void **)&s->semvals, &s->semcap, sems, sizeof(*s->semvals)) < 0)
		return -1;
	if (s->semcap > had)
		array_prefault(s->semvals, s->semcap, had, sems, sizeof(*s->semvals));
	return 0;
}

/* $IPCTOP_SEMWAIT: "all" reads every set's counts (the reference), "visible"
 * trusts /proc to show every task (semwait.h); else the scan decides. */
static bool semwait_knob(const char *value)
{
	const char *e = getenv("IPCTOP_SEMWAIT");
	return e && strcmp(e, value) == 0;
}

int snapshot_fill_all(struct snapshot *s, unsigned kinds, unsigned what)
{
	bool sems = (kinds & KIND_BIT(KIND_SEM)) && (what & (FILL_SEMVALS | FILL_SEMWAIT | FILL_SEMPID));
	if (sems && reserve_pool(s) < 0)
		return -1;
	/* Which sets can have waiters: the others' counts are 0, unread. */
	struct semwait_scan scan = { 0 };
	bool counts = sems && (what & FILL_SEMWAIT);
	if (counts && !semwait_knob("all") && semwait_scan(&scan, semwait_knob("visible")) < 0)
		return -1;
	/* unscanned: scan.complete is false, and every set may have waiters */
	int rc = 0;
	for (size_t i = 0; i < s->count && rc == 0; i++) {
		struct ipc_object *o = &s->objs[i];
		if (!(kinds & KIND_BIT(o->kind)))
			continue;
		bool nobody = o->kind == KIND_SEM && counts && !semwait_may_wait(&scan, o->id);
		bool had = o->kind == KIND_SEM && o->u.sem.ncnt >= 0;
		rc = fill_one(s, o, nobody ? (what & ~(unsigned)FILL_SEMWAIT) | FILL_SEMVALS : what);
		if (o->kind != KIND_SEM || o->u.sem.first == SEMVALS_NONE)
			continue; /* not a set, or unreadable or vanished */
		if (nobody)
			o->u.sem.ncnt = o->u.sem.zcnt = 0; /* nobody waits on it: exact */
		else if (counts && !had && o->u.sem.ncnt >= 0)
			s->semsets_counted++;
	}
	semwait_free(&scan);
	return rc;
}
