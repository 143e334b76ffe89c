/* snapfill.c — per-object reads of what /proc/sysvipc lacks (snapfill.h):
 * msg_qbytes by MSG_STAT_ANY of the queue's id, semaphore values by GETALL
 * and wait counts by GETNCNT/GETZCNT/GETPID, into the snapshot's pool. */
#define _GNU_SOURCE
#include "model/snapfill.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>

#include "base/array.h"
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

int snapshot_read_semset(int semid, unsigned nsems, struct ipc_semval *out, int wait_counts)
{
	memset(out, 0, nsems * sizeof(*out));
	if (sem_getall(semid, nsems, out) < 0)
		return -1;
	if (!wait_counts)
		return 0;
	for (unsigned i = 0; i < nsems; i++) {
		int n = semctl(semid, (int)i, GETNCNT);
		int z = n < 0 ? -1 : semctl(semid, (int)i, GETZCNT);
		int p = z < 0 ? -1 : semctl(semid, (int)i, GETPID);
		if (p < 0)
			return -1;
		out[i].ncnt = n;
		out[i].zcnt = z;
		out[i].pid = p;
	}
	return 0;
}

/* Reads one set's semaphores into the pool (values, and wait counts when
 * asked) unless it has them. Returns 0, or -1 with errno ENOMEM; an
 * unreadable (EACCES) or vanished set keeps what it had. */
static int fill_semset(struct snapshot *s, struct ipc_object *o, bool wait_counts)
{
	if (o->u.sem.first != SEMVALS_NONE && (o->u.sem.ncnt >= 0 || !wait_counts))
		return 0;
	unsigned n = o->u.sem.nsems;
	if (array_grow((void **)&s->semvals, &s->semcap, s->nsemvals + n, sizeof(*s->semvals)) < 0)
		return -1;
	struct ipc_semval *v = &s->semvals[s->nsemvals];
	if (snapshot_read_semset(o->id, n, v, wait_counts) == 0) {
		o->u.sem.first = s->nsemvals;
		s->nsemvals += n;
		if (wait_counts) { /* the set's sums (NCNT, ZCNT columns) */
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
	if (o->kind == KIND_SEM && (what & (FILL_SEMVALS | FILL_SEMWAIT)))
		return fill_semset(s, o, (what & FILL_SEMWAIT) != 0);
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

int snapshot_fill_all(struct snapshot *s, unsigned kinds, unsigned what)
{
	if ((kinds & KIND_BIT(KIND_SEM)) && (what & (FILL_SEMVALS | FILL_SEMWAIT)) && reserve_pool(s) < 0)
		return -1;
	for (size_t i = 0; i < s->count; i++)
		if ((kinds & KIND_BIT(s->objs[i].kind)) && fill_one(s, &s->objs[i], what) < 0)
			return -1;
	return 0;
}
