/* snapshot.c — reads every shm/msg/sem object of the IPC namespace.
 * Primary method: the bulk reader (sysvipc_proc.c), the text of
 * /proc/sysvipc/<kind>: one read() per page of text (20 to 40 objects), no
 * system call per object. Fallbacks: *_INFO for the highest index, then
 * *_STAT_ANY per index (no permission check, Linux >= 4.17), then *_STAT
 * (skips objects we may not read). Every method hands its objects to
 * snapmerge.c, which writes them over the previous read in place and notes
 * what changed. What the text lacks is read per object, and only when
 * asked (snapfill.c): msg_qbytes (SNAP_QBYTES for all queues: then the
 * queues come from MSG_STAT_ANY, one call per queue giving every field),
 * semaphore values and wait counts. Then the pass over /proc (procscan.c):
 * attached processes, waiters, holders, deadlocks, command lines. */
#define _GNU_SOURCE
#include "model/snapshot.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "base/array.h"
#include "model/ipcstat.h"
#include "model/procscan.h"
#include "model/snapfill.h"
#include "model/snapmerge.h"
#include "model/sysvipc_proc.h"

static void fill_perm(struct ipc_object *o, const struct ipc_perm *p, int id)
{
	o->key = p->__key;
	o->id = id;
	o->mode = p->mode;
	o->uid = p->uid;
	o->gid = p->gid;
	o->cuid = p->cuid;
	o->cgid = p->cgid;
}

/* Reads the object at index idx with cmd (a *_STAT[_ANY]) into o.
 * Returns 1 when read, 0 when the slot is empty/unreadable, -1 on error. */
static int stat_one(enum ipc_kind kind, int idx, int cmd, struct ipc_object *o)
{
	union ipc_ds ds;
	memset(&ds, 0, sizeof(ds)); /* valgrind does not know *_STAT_ANY writes it */
	o->kind = kind;
	int id = ipc_ctl(kind, idx, cmd, &ds);
	if (id < 0)
		return -1;
	fill_perm(o, ipc_ds_perm(kind, &ds), id);
	if (kind == KIND_SHM) {
		o->ctime = ds.shm.shm_ctime;
		o->u.shm.size = ds.shm.shm_segsz;
		o->u.shm.nattch = ds.shm.shm_nattch;
		o->u.shm.cpid = ds.shm.shm_cpid;
		o->u.shm.lpid = ds.shm.shm_lpid;
		o->u.shm.atime = ds.shm.shm_atime;
		o->u.shm.dtime = ds.shm.shm_dtime;
		o->u.shm.dest = (o->mode & SHM_DEST) != 0;
		o->u.shm.locked = (o->mode & SHM_LOCKED) != 0;
		o->u.shm.nprocs = -1; /* hugetlb: from the maps (read_attach) */
	} else if (kind == KIND_MSG) {
		o->ctime = ds.msg.msg_ctime;
		o->u.msg.cbytes = ds.msg.__msg_cbytes;
		o->u.msg.qnum = ds.msg.msg_qnum > UINT32_MAX ? UINT32_MAX : (uint32_t)ds.msg.msg_qnum;
		o->u.msg.qbytes = ds.msg.msg_qbytes;
		o->u.msg.lspid = ds.msg.msg_lspid;
		o->u.msg.lrpid = ds.msg.msg_lrpid;
		o->u.msg.stime = ds.msg.msg_stime;
		o->u.msg.rtime = ds.msg.msg_rtime;
	} else {
		o->ctime = ds.sem.sem_ctime;
		o->u.sem.nsems = (unsigned)ds.sem.sem_nsems;
		o->u.sem.otime = ds.sem.sem_otime;
		o->u.sem.first = SEMVALS_NONE;
		o->u.sem.ncnt = o->u.sem.zcnt = -1;
	}
	return 1;
}

static int stat_cmd(enum ipc_kind kind, enum scan_method m)
{
	static const int cmds[KIND_COUNT][2] = {
		{ SHM_STAT_ANY, SHM_STAT },
		{ MSG_STAT_ANY, MSG_STAT },
		{ SEM_STAT_ANY, SEM_STAT },
	};
	return cmds[kind][m == SCAN_STAT ? 1 : 0];
}

struct scan_result {
	size_t found;
	size_t denied; /* EACCES with *_STAT */
};

/* Scans indices 0..maxidx into the read. */
static int scan_indices(struct snapmerge *mg, enum ipc_kind kind, int maxidx, enum scan_method m,
			struct scan_result *r)
{
	int cmd = stat_cmd(kind, m);
	for (int idx = 0; idx <= maxidx; idx++) {
		struct ipc_object o;
		memset(&o, 0, sizeof(o));
		if (stat_one(kind, idx, cmd, &o) > 0) {
			if (kind == KIND_MSG)
				o.u.msg.has_qbytes = true;
			if (snapmerge_put(mg, &o) < 0)
				return -1;
			r->found++;
		} else if (errno == EACCES || errno == EPERM) {
			r->denied++;
		}
		/* EINVAL (empty slot) and EIDRM (vanished) are skipped. */
	}
	return 0;
}

static int put_object(void *ctx, const struct ipc_object *o)
{
	return snapmerge_put(ctx, o);
}

static const struct {
	const char *value;
	enum scan_method method;
} scan_names[] = { { "proc", SCAN_PROC }, { "stat_any", SCAN_STAT_ANY }, { "stat", SCAN_STAT } };

#define NMETHODS (sizeof(scan_names) / sizeof(scan_names[0]))

/* The index into scan_names of $IPCTOP_SCAN, or NMETHODS. */
static size_t forced_index(void)
{
	const char *e = getenv("IPCTOP_SCAN");
	for (size_t i = 0; e && i < NMETHODS; i++)
		if (strcmp(e, scan_names[i].value) == 0)
			return i;
	return NMETHODS;
}

enum scan_method snapshot_forced_method(void)
{
	size_t i = forced_index();
	return i < NMETHODS ? scan_names[i].method : SCAN_AUTO;
}

const char *snapshot_forced_name(void)
{
	static const char *const names[NMETHODS] = { "IPCTOP_SCAN=proc", "IPCTOP_SCAN=stat_any",
						     "IPCTOP_SCAN=stat" };
	size_t i = forced_index();
	return i < NMETHODS ? names[i] : NULL;
}

static int maxidx_of(const struct ipc_limits *l, enum ipc_kind kind)
{
	return kind == KIND_SHM ? l->shm_maxidx : kind == KIND_MSG ? l->msg_maxidx : l->sem_maxidx;
}

static uint64_t used_of(const struct ipc_limits *l, enum ipc_kind kind)
{
	return kind == KIND_SHM ? l->shm_segments : kind == KIND_MSG ? l->msg_queues : l->sem_sets;
}

/* The method tried first: the forced one, else the bulk reader, except
 * for queues whose every capacity is wanted (SNAP_QBYTES): one call per
 * queue is needed then anyway, and MSG_STAT_ANY gives every field with it
 * (the text would cost on top) — unless holes in the index range would
 * make it call much more often than there are queues. */
static size_t first_method(const struct ipc_limits *l, enum ipc_kind kind, unsigned flags)
{
	size_t forced = forced_index();
	if (forced < NMETHODS)
		return forced;
	if (kind == KIND_MSG && (flags & SNAP_QBYTES)) {
		uint64_t slots = (uint64_t)((int64_t)l->msg_maxidx + 1), used = l->msg_queues;
		if (slots <= used + used / 4 + 16)
			return 1; /* stat_any */
	}
	return 0; /* proc */
}

/* Reads the kind one way. Returns 1 when that saw every object, 0 when it
 * did not (try another way), -1 on ENOMEM. */
static int try_method(struct snapmerge *mg, const struct ipc_limits *l, enum ipc_kind kind, enum scan_method m)
{
	if (m == SCAN_PROC) {
		size_t bad;
		if (sysvipc_read(kind, put_object, mg, &bad) == 0)
			return 1;
		return errno == ENOMEM ? -1 : 0; /* missing, unreadable, unknown format */
	}
	struct scan_result r = { 0, 0 };
	if (scan_indices(mg, kind, maxidx_of(l, kind), m, &r) < 0)
		return -1;
	bool lacks_any = m == SCAN_STAT_ANY && r.found == 0 && used_of(l, kind) > 0;
	return !lacks_any && r.denied == 0;
}

/* Reads one kind with the first method that sees every object. */
static int read_kind(struct snapmerge *mg, struct snapshot *s, enum ipc_kind kind, unsigned flags)
{
	size_t start = snapmerge_count(mg), first = first_method(&s->limits, kind, flags);
	for (size_t i = 0; i < NMETHODS; i++) {
		enum scan_method m = scan_names[(first + i) % NMETHODS].method;
		int rc = try_method(mg, &s->limits, kind, m);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			s->method[kind] = m;
			return 0;
		}
		snapmerge_rewind(mg, start);
	}
	/* None saw everything (no /proc/sysvipc, no *_STAT_ANY, some objects
	 * denied): what IPC_STAT may read. */
	struct scan_result r = { 0, 0 };
	s->method[kind] = SCAN_STAT;
	return scan_indices(mg, kind, maxidx_of(&s->limits, kind), SCAN_STAT, &r);
}

struct rss_merge {
	struct snapshot *s;
	const size_t *byid; /* indices of the shm objects, sorted by id */
	size_t n;
};

static int cmp_by_id(const void *a, const void *b, void *ctx)
{
	const struct ipc_object *objs = ctx;
	int x = objs[*(const size_t *)a].id, y = objs[*(const size_t *)b].id;
	return (x > y) - (x < y);
}

static int put_rss(void *ctx, const struct ipc_object *row)
{
	const struct rss_merge *m = ctx;
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->s->objs[m->byid[mid]].id < row->id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < m->n && m->s->objs[m->byid[lo]].id == row->id) {
		struct ipc_object *o = &m->s->objs[m->byid[lo]];
		o->u.shm.rss = row->u.shm.rss;
		o->u.shm.swap = row->u.shm.swap;
	}
	return 0;
}

/* Adds rss/swap from /proc/sysvipc/shm to the shm objects [from, to) read
 * by a *_STAT method (the bulk reader has them already). */
static void read_shm_rss(struct snapshot *s, size_t from, size_t to)
{
	if (to == from)
		return;
	size_t *byid = malloc((to - from) * sizeof(*byid));
	if (!byid)
		return; /* rss/swap stay 0: optional information */
	for (size_t i = from; i < to; i++)
		byid[i - from] = i;
	qsort_r(byid, to - from, sizeof(*byid), cmp_by_id, s->objs);
	struct rss_merge m = { s, byid, to - from };
	size_t bad;
	(void)sysvipc_read(KIND_SHM, put_rss, &m, &bad); /* unreadable: rss/swap stay 0 */
	free(byid);
}

/* The shm objects' attach counts from the pass over /proc: processes of
 * this namespace mapping each (key checked; -1 unknown) and the hugetlb
 * mark (only a mapping shows it: see attach.h). */
static void count_attached(struct snapshot *s, bool scanned)
{
	for (size_t i = 0; i < s->count; i++) {
		struct ipc_object *o = &s->objs[i];
		if (o->kind != KIND_SHM)
			continue;
		if (!scanned) { /* nothing attached anywhere, or the scan failed */
			o->u.shm.nprocs = o->u.shm.nattch ? -1 : 0;
			continue;
		}
		struct attach_acct acct;
		attach_account(&s->attach, o->id, (unsigned)o->key, o->u.shm.dest, o->u.shm.nattch, &acct);
		o->u.shm.nprocs = acct.procs;
		size_t n;
		const struct attach_entry *e = attach_find(&s->attach, o->id, &n);
		for (size_t k = 0; k < n; k++)
			if (attach_matches(&e[k], (unsigned)o->key, o->u.shm.dest))
				o->u.shm.hugetlb = o->u.shm.hugetlb || e[k].hugetlb;
	}
}

/* Objects of one kind sorted by id, for the lookups by id below. */
struct by_id {
	const struct ipc_object **v;
	size_t n;
};

static int cmp_obj_id(const void *a, const void *b)
{
	int x = (*(const struct ipc_object *const *)a)->id, y = (*(const struct ipc_object *const *)b)->id;
	return (x > y) - (x < y);
}

static int by_id_make(struct by_id *b, const struct snapshot *s, enum ipc_kind kind)
{
	b->n = 0;
	b->v = malloc((s->count ? s->count : 1) * sizeof(*b->v));
	if (!b->v)
		return -1;
	for (size_t i = 0; i < s->count; i++)
		if (s->objs[i].kind == kind)
			b->v[b->n++] = &s->objs[i];
	qsort(b->v, b->n, sizeof(*b->v), cmp_obj_id);
	return 0;
}

static struct ipc_object *by_id_find(const struct by_id *b, int id)
{
	struct ipc_object key = { .id = id }, *kp = &key;
	const struct ipc_object **f = bsearch(&kp, b->v, b->n, sizeof(*b->v), cmp_obj_id);
	return f ? (struct ipc_object *)*f : NULL;
}

struct set_lookup {
	const struct snapshot *s;
	const struct by_id *sets;
};

static const struct ipc_semval *set_of(void *ctx, int semid, unsigned *nsems, bool *operated)
{
	const struct set_lookup *l = ctx;
	const struct ipc_object *o = by_id_find(l->sets, semid);
	const struct ipc_semval *v = o ? snapshot_semvals(l->s, o) : NULL;
	*nsems = v ? o->u.sem.nsems : 0;
	*operated = v && o->u.sem.otime != 0;
	return v;
}

/* Holders and deadlocks need the values and sempids of the sets waited
 * on: read those (with their counts) when the snapshot has not. */
static int infer_holders(struct snapshot *s)
{
	struct by_id sets;
	if (by_id_make(&sets, s, KIND_SEM) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < s->waiters.count && rc == 0; i++) {
		const struct waiter *w = &s->waiters.v[i];
		struct ipc_object *o = waiters_kind(w->call) == KIND_SEM ? by_id_find(&sets, w->id) : NULL;
		if (o && o->u.sem.ncnt <= 0 && o->u.sem.zcnt <= 0)
			o->u.sem.ncnt = o->u.sem.zcnt = -1; /* 0: not read (semwait.h), or it began waiting since */
		if (o)
			rc = snapshot_fill(s, (const struct ipc_object *const *)&o, 1, FILL_SEMWAIT);
	}
	struct set_lookup l = { s, &sets };
	if (rc == 0)
		rc = waiters_infer(&s->waiters, set_of, &l);
	free(sets.v);
	return rc;
}

void snapshot_summarize_waiters(struct snapshot *s)
{
	for (size_t i = 0; i < s->count; i++) {
		struct ipc_object *o = &s->objs[i];
		if (o->kind != KIND_SHM)
			*(o->kind == KIND_SEM ? &o->u.sem.wait : &o->u.msg.wait) =
				(struct ipc_wait_info){ .waiters = s->waiters_read ? 0 : -1, .since = 0, .deadlock = false };
	}
	struct by_id objs[KIND_COUNT] = { { NULL, 0 }, { NULL, 0 }, { NULL, 0 } };
	if (!s->waiters.count || by_id_make(&objs[KIND_MSG], s, KIND_MSG) < 0 || by_id_make(&objs[KIND_SEM], s, KIND_SEM) < 0) {
		free(objs[KIND_MSG].v);
		return;
	}
	for (size_t i = 0; i < s->waiters.count; i++) {
		const struct waiter *w = &s->waiters.v[i];
		enum ipc_kind k = waiters_kind(w->call);
		struct ipc_object *o = by_id_find(&objs[k], w->id);
		if (!o)
			continue; /* created after the objects were read */
		struct ipc_wait_info *wi = k == KIND_SEM ? &o->u.sem.wait : &o->u.msg.wait;
		if (wi->waiters == 0 || w->since.tv_sec < wi->since)
			wi->since = w->since.tv_sec;
		wi->waiters++;
		wi->deadlock = wi->deadlock || w->deadlock;
	}
	free(objs[KIND_MSG].v);
	free(objs[KIND_SEM].v);
}

/* The command lines of every pid the tables name. */
static int read_commands(struct snapshot *s)
{
	size_t n = s->attach.count + 2 * s->waiters.count;
	pid_t *pids = malloc((n ? n : 1) * sizeof(*pids));
	if (!pids)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < s->attach.count; i++)
		pids[k++] = s->attach.v[i].pid;
	for (size_t i = 0; i < s->waiters.count; i++) {
		pids[k++] = s->waiters.v[i].pid;
		pids[k++] = s->waiters.v[i].holder;
	}
	int rc = cmdtable_build(&s->cmds, pids, k);
	free(pids);
	return rc;
}

/* Whether anybody may wait: a queue exists (nothing counts its waiters),
 * or a set's GETNCNT/GETZCNT sums are not 0 or not read. Every sleeping
 * semop is counted on the semaphore it waits on: sets all read at 0 and
 * no queue mean nobody waits, and the pass over /proc can skip syscall. */
static bool may_wait(const struct snapshot *s)
{
	if (s->kind_count[KIND_MSG])
		return true;
	/* A kind this read left out may have waiters too (a view of one kind:
	 * the screen then reads the kinds waited on, see snapshot_read). */
	for (int k = KIND_MSG; k < KIND_COUNT; k++)
		if (!(s->kinds & KIND_BIT(k)) && used_of(&s->limits, (enum ipc_kind)k) > 0)
			return true;
	for (size_t i = 0; i < s->count; i++)
		if (s->objs[i].kind == KIND_SEM && (s->objs[i].u.sem.ncnt != 0 || s->objs[i].u.sem.zcnt != 0))
			return true;
	return false;
}

/* The pass over /proc: attached processes with SNAP_ATTACH (when some
 * segment is attached at all: else the maps are not read), waiters with
 * SNAP_WAITERS (when somebody may wait: may_wait), then holders, deadlocks
 * and command lines. Only ENOMEM fails; a failed scan leaves counts
 * unknown. */
static int read_procs(struct snapshot *s, unsigned flags)
{
	bool attached = false;
	for (size_t i = 0; i < s->count && !attached; i++)
		attached = s->objs[i].kind == KIND_SHM && s->objs[i].u.shm.nattch > 0;
	unsigned what = ((flags & SNAP_ATTACH) && attached ? PROCSCAN_ATTACH : 0) |
			((flags & SNAP_WAITERS) && may_wait(s) ? PROCSCAN_WAITERS : 0) |
			(flags & SNAP_THREADS ? PROCSCAN_THREADS : 0);
	attach_begin(&s->attach);
	waiters_begin(&s->waiters);
	s->cmds.count = 0;
	int rc = procscan_run(&s->attach, &s->waiters, what, &s->taken);
	if (rc < 0 && errno == ENOMEM)
		return -1;
	if (flags & SNAP_ATTACH)
		count_attached(s, rc == 0 && (what & PROCSCAN_ATTACH));
	s->waiters_read = rc == 0 && (flags & SNAP_WAITERS);
	if (s->waiters_read && (infer_holders(s) < 0 || read_commands(s) < 0))
		return -1;
	if (!s->waiters_read && rc == 0 && read_commands(s) < 0)
		return -1;
	snapshot_summarize_waiters(s);
	return 0;
}

/* What the flags ask beyond the read itself, kind by kind. */
static int read_extras(struct snapshot *s, const size_t *start, unsigned flags)
{
	size_t shm_end = start[KIND_SHM] + s->kind_count[KIND_SHM];
	if ((s->kinds & KIND_BIT(KIND_SHM)) && (flags & SNAP_SHMRSS) && s->method[KIND_SHM] != SCAN_PROC)
		read_shm_rss(s, start[KIND_SHM], shm_end);
	unsigned fill = (flags & SNAP_QBYTES ? FILL_QBYTES : 0) | (flags & SNAP_SEMVALS ? FILL_SEMVALS : 0) |
			(flags & SNAP_SEMWAIT ? FILL_SEMWAIT : 0) | (flags & SNAP_SEMPID ? FILL_SEMPID : 0);
	return fill ? snapshot_fill_all(s, KIND_BIT(KIND_MSG) | KIND_BIT(KIND_SEM), fill) : 0;
}

int snapshot_read(struct snapshot *s, unsigned kinds, unsigned flags)
{
	static uint64_t generation;
	s->nsemvals = 0;
	s->flags = flags;
	s->semsets_counted = 0;
	clock_gettime(CLOCK_REALTIME, &s->taken);
	int limits_rc = limits_read(&s->limits);
	int saved = errno;
	size_t expect = 0, start[KIND_COUNT];
	for (int k = 0; k < KIND_COUNT; k++)
		if (kinds & KIND_BIT(k))
			expect += (size_t)used_of(&s->limits, (enum ipc_kind)k);
	if (kinds != s->kinds) /* nothing to compare with: start empty (no move) */
		s->count = 0;
	struct snapmerge mg;
	if (snapmerge_begin(&mg, s, expect) < 0) { /* out of memory: empty */
		s->count = 0;
		memset(s->kind_count, 0, sizeof(s->kind_count));
		s->delta.valid = false;
		s->gen = ++generation;
		return -1;
	}
	int rc = 0;
	for (int k = 0; k < KIND_COUNT; k++) {
		start[k] = snapmerge_count(&mg);
		if (rc == 0 && (kinds & KIND_BIT(k)))
			rc = read_kind(&mg, s, (enum ipc_kind)k, flags);
		s->kind_count[k] = snapmerge_count(&mg) - start[k];
	}
	snapmerge_end(&mg);
	s->kinds = kinds;
	s->gen = ++generation;
	s->ncreators = 0;
	if (rc < 0 || read_extras(s, start, flags) < 0 || read_procs(s, flags) < 0)
		return -1;
	if (limits_rc < 0 && s->count == 0) {
		errno = saved;
		return -1;
	}
	return 0;
}

void snapshot_free(struct snapshot *s)
{
	attach_free(&s->attach);
	waiters_free(&s->waiters);
	cmdtable_free(&s->cmds);
	free(s->creators);
	free(s->objs);
	free(s->semvals);
	free(s->delta.state);
	free(s->delta.moved);
	memset(s, 0, sizeof(*s));
}

size_t snapshot_kind_total(const struct snapshot *s, enum ipc_kind k)
{
	return (s->kinds & KIND_BIT(k)) ? s->kind_count[k] : (size_t)used_of(&s->limits, k);
}

const struct ipc_object *snapshot_find(const struct snapshot *s, enum ipc_kind kind, int id)
{
	for (size_t i = 0; i < s->count; i++)
		if (s->objs[i].kind == kind && s->objs[i].id == id)
			return &s->objs[i];
	return NULL;
}

const struct ipc_semval *snapshot_semvals(const struct snapshot *s, const struct ipc_object *o)
{
	if (o->kind != KIND_SEM || o->u.sem.first == SEMVALS_NONE)
		return NULL;
	return &s->semvals[o->u.sem.first];
}

const char *snapshot_command(const struct snapshot *s, pid_t pid)
{
	return cmdtable_text(&s->cmds, pid, NULL);
}

static int cmp_creator(const void *a, const void *b)
{
	int x = ((const struct snapshot_creator *)a)->id, y = ((const struct snapshot_creator *)b)->id;
	return (x > y) - (x < y);
}

void snapshot_creators_sort(struct snapshot_creator *v, size_t n)
{
	if (n > 1) /* v may be NULL when empty */
		qsort(v, n, sizeof(*v), cmp_creator);
}

const struct snapshot_creator *snapshot_creator_find(const struct snapshot_creator *v, size_t n,
						     const struct ipc_object *o)
{
	struct snapshot_creator key = { .id = o->id };
	const struct snapshot_creator *c = o->kind == KIND_SHM && n ? bsearch(&key, v, n, sizeof(*v), cmp_creator) : NULL;
	return c && c->key == o->key && c->cpid == o->u.shm.cpid ? c : NULL;
}

const char *snapshot_creator(const struct snapshot *s, const struct ipc_object *o)
{
	const struct snapshot_creator *c = snapshot_creator_find(s->creators, s->ncreators, o);
	return c ? c->command : NULL;
}

const char *kind_name(enum ipc_kind kind)
{
	static const char *const names[KIND_COUNT] = { "shm", "msg", "sem" };
	return (unsigned)kind < KIND_COUNT ? names[kind] : "?";
}
