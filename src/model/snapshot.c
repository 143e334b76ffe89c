/* snapshot.c — reads every shm/msg/sem object of the IPC namespace.
 * Primary method: *_INFO for the highest index, then *_STAT_ANY per index
 * (no permission check, Linux >= 4.17). Fallbacks: *_STAT (skips objects we
 * may not read), then parsing /proc/sysvipc/<kind>. Cost is linear in the
 * number of indices; shm rss/swap costs one read of /proc/sysvipc/shm. */
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
#include "model/semwait.h"
#include "model/sysvipc_proc.h"

union semun_arg {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static struct ipc_object *push(struct snapshot *s)
{
	if (array_grow((void **)&s->objs, &s->cap, s->count + 1, sizeof(*s->objs)) < 0)
		return NULL;
	struct ipc_object *o = &s->objs[s->count];
	memset(o, 0, sizeof(*o));
	return o;
}

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
		o->u.msg.qnum = ds.msg.msg_qnum;
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

/* Scans indices 0..maxidx. Appends to s. */
static int scan_indices(struct snapshot *s, enum ipc_kind kind, int maxidx, enum scan_method m,
			struct scan_result *r)
{
	int cmd = stat_cmd(kind, m);
	for (int idx = 0; idx <= maxidx; idx++) {
		struct ipc_object *o = push(s);
		if (!o)
			return -1;
		if (stat_one(kind, idx, cmd, o) > 0) {
			s->count++;
			r->found++;
		} else if (errno == EACCES || errno == EPERM) {
			r->denied++;
		}
		/* EINVAL (empty slot) and EIDRM (vanished) are skipped. */
	}
	return 0;
}

static int scan_proc(struct snapshot *s, enum ipc_kind kind)
{
	FILE *f = sysvipc_open(kind);
	if (!f)
		return -1;
	char *line = NULL;
	size_t len = 0;
	int rc = 0;
	while (getline(&line, &len, f) > 0) {
		struct ipc_object *o = push(s);
		if (!o) {
			rc = -1;
			break;
		}
		if (sysvipc_parse_line(kind, line, o) == 0)
			s->count++;
	}
	free(line);
	fclose(f);
	return rc;
}

enum scan_method snapshot_forced_method(void)
{
	const char *e = getenv("IPCTOP_SCAN");
	if (e && strcmp(e, "stat") == 0)
		return SCAN_STAT;
	if (e && strcmp(e, "proc") == 0)
		return SCAN_PROC;
	return SCAN_STAT_ANY;
}

static int maxidx_of(const struct ipc_limits *l, enum ipc_kind kind)
{
	return kind == KIND_SHM ? l->shm_maxidx : kind == KIND_MSG ? l->msg_maxidx : l->sem_maxidx;
}

static uint64_t used_of(const struct ipc_limits *l, enum ipc_kind kind)
{
	return kind == KIND_SHM ? l->shm_segments : kind == KIND_MSG ? l->msg_queues : l->sem_sets;
}

/* Reads one kind, choosing the first method that sees every object. */
static int read_kind(struct snapshot *s, enum ipc_kind kind)
{
	size_t start = s->count;
	enum scan_method m = snapshot_forced_method();
	int maxidx = maxidx_of(&s->limits, kind);
	while (m != SCAN_PROC) {
		struct scan_result r = { 0, 0 };
		if (scan_indices(s, kind, maxidx, m, &r) < 0)
			return -1;
		int lacks_any = (m == SCAN_STAT_ANY && r.found == 0 && used_of(&s->limits, kind) > 0);
		if (!lacks_any && r.denied == 0) {
			s->method[kind] = m;
			return 0;
		}
		s->count = start; /* retry with the next method */
		m = (m == SCAN_STAT_ANY) ? SCAN_STAT : SCAN_PROC;
	}
	s->method[kind] = SCAN_PROC;
	return scan_proc(s, kind);
}

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

/* Reads set o's semaphores into the pool, with the counts (and sempids
 * where one waits) when `counts`, every sempid when `pids`; with counts,
 * the set's ncnt/zcnt are their sums. Returns 0 (also when the set is
 * unreadable, EACCES, or vanished: first stays SEMVALS_NONE) or -1 ENOMEM. */
static int read_semvals_of(struct snapshot *s, struct ipc_object *o, bool counts, bool pids)
{
	unsigned n = o->u.sem.nsems;
	if (array_grow((void **)&s->semvals, &s->semcap, s->nsemvals + n, sizeof(*s->semvals)) < 0)
		return -1;
	struct ipc_semval *v = &s->semvals[s->nsemvals];
	if (read_semset(o->id, n, v, counts, pids) == 0) {
		o->u.sem.first = s->nsemvals;
		s->nsemvals += n;
		if (counts) {
			o->u.sem.ncnt = o->u.sem.zcnt = 0;
			for (unsigned i = 0; i < n; i++) {
				o->u.sem.ncnt += v[i].ncnt;
				o->u.sem.zcnt += v[i].zcnt;
			}
		}
	}
	return 0;
}

/* $IPCTOP_SEMWAIT: "all" reads every set's counts (the reference), "visible"
 * trusts /proc to show every task (semwait.h); else the scan decides. */
static bool semwait_knob(const char *value)
{
	const char *e = getenv("IPCTOP_SEMWAIT");
	return e && strcmp(e, value) == 0;
}

static int read_semvals(struct snapshot *s, size_t from, unsigned flags)
{
	/* Which sets can have waiters: the others' counts are 0, unread. */
	struct semwait_scan scan = { 0 };
	bool counts = (flags & SNAP_SEMWAIT) != 0;
	if (counts && !semwait_knob("all") && semwait_scan(&scan, semwait_knob("visible")) < 0)
		return -1;
	/* unscanned: scan.complete is false, and every set may have waiters */
	int rc = 0;
	for (size_t i = from; i < s->count && rc == 0; i++) {
		struct ipc_object *o = &s->objs[i];
		bool may = counts && semwait_may_wait(&scan, o->id);
		size_t before = s->nsemvals;
		rc = read_semvals_of(s, o, may, (flags & SNAP_SEMPID) != 0);
		if (s->nsemvals == before)
			continue; /* unreadable or vanished */
		s->semsets_counted += may;
		if (counts && !may)
			o->u.sem.ncnt = o->u.sem.zcnt = 0; /* nobody waits on it: exact */
	}
	semwait_free(&scan);
	return rc;
}

static int cmp_shm_id(const void *a, const void *b)
{
	int x = ((const struct ipc_object *)a)->id, y = ((const struct ipc_object *)b)->id;
	return (x > y) - (x < y);
}

/* Adds rss/swap from /proc/sysvipc/shm to the shm objects [from, to). */
static void read_shm_rss(struct snapshot *s, size_t from, size_t to)
{
	if (to == from)
		return;
	FILE *f = sysvipc_open(KIND_SHM);
	if (!f)
		return; /* rss/swap stay 0: optional information */
	qsort(&s->objs[from], to - from, sizeof(*s->objs), cmp_shm_id);
	char *line = NULL;
	size_t len = 0;
	struct ipc_object row;
	while (getline(&line, &len, f) > 0) {
		if (sysvipc_parse_line(KIND_SHM, line, &row) < 0)
			continue;
		struct ipc_object *o = bsearch(&row, &s->objs[from], to - from, sizeof(*s->objs), cmp_shm_id);
		if (o) {
			o->u.shm.rss = row.u.shm.rss;
			o->u.shm.swap = row.u.shm.swap;
		}
	}
	free(line);
	fclose(f);
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
		/* counts 0: not read (semwait.h), or it began waiting since */
		if (o && (o->u.sem.first == SEMVALS_NONE || (o->u.sem.ncnt <= 0 && o->u.sem.zcnt <= 0)))
			rc = read_semvals_of(s, o, true, false);
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
				(struct ipc_wait_info){ s->waiters_read ? 0 : -1, 0, false };
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

int snapshot_read(struct snapshot *s, unsigned kinds, unsigned flags)
{
	s->count = 0;
	s->nsemvals = 0;
	s->flags = flags;
	s->semsets_counted = 0;
	memset(s->kind_count, 0, sizeof(s->kind_count));
	clock_gettime(CLOCK_REALTIME, &s->taken);
	int limits_rc = limits_read(&s->limits);
	int saved = errno;
	for (int k = 0; k < KIND_COUNT; k++) {
		if (!(kinds & KIND_BIT(k)))
			continue;
		size_t start = s->count;
		if (read_kind(s, (enum ipc_kind)k) < 0 && errno == ENOMEM)
			return -1;
		s->kind_count[k] = s->count - start;
		if (k == KIND_SHM && (flags & SNAP_SHMRSS))
			read_shm_rss(s, start, s->count);
		if (k == KIND_SEM && (flags & (SNAP_SEMVALS | SNAP_SEMWAIT | SNAP_SEMPID)))
			if (read_semvals(s, start, flags) < 0)
				return -1;
	}
	s->ncreators = 0;
	if (read_procs(s, flags) < 0)
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
	memset(s, 0, sizeof(*s));
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
