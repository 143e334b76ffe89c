/* test_snapmerge.c — unit tests of src/model/snapmerge.c (a read written
 * over the previous one in place, with what changed) and of the table
 * model built on it (src/model/table.c: rows kept across reads). Random
 * sequences of reads of synthetic objects — objects removed, added at new
 * or reused indices, changed, kinds left out, the size hint wrong in both
 * directions — each checked against what it must give: the array holds
 * exactly the new read, every object's state (same, changed, new) and
 * every previous object's new place are right, and the model's rows equal
 * a full filter-and-sort (table_rows) for the same view. No kernel. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/snapmerge.h"
#include "model/table.h"

#define IPCMNI 32768

/* A read: objects in kind order, each kind in index order. */
struct list {
	struct ipc_object o[600];
	size_t n;
};

static unsigned rnd(unsigned *seed, unsigned n)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 8) % n;
}

static int idx_of(const struct ipc_object *o)
{
	return o->id % IPCMNI;
}

static int cmp_kind_idx(const void *a, const void *b)
{
	const struct ipc_object *x = a, *y = b;
	if (x->kind != y->kind)
		return (x->kind > y->kind) - (x->kind < y->kind);
	return (idx_of(x) > idx_of(y)) - (idx_of(x) < idx_of(y));
}

static void random_fields(struct ipc_object *o, unsigned *seed)
{
	o->key = (int)rnd(seed, 5) - 2; /* few distinct values: ties in sorts */
	o->mode = 0600u | rnd(seed, 3) * 040u;
	o->uid = rnd(seed, 3);
	o->ctime = 1000 + rnd(seed, 4);
	if (o->kind == KIND_SHM) {
		o->u.shm.size = rnd(seed, 4) * 4096u;
		o->u.shm.nattch = rnd(seed, 2);
		o->u.shm.nprocs = -1;
	} else if (o->kind == KIND_MSG) {
		o->u.msg.cbytes = rnd(seed, 3) * 16u;
		o->u.msg.qnum = rnd(seed, 3);
	} else {
		o->u.sem.nsems = 1 + rnd(seed, 3);
		o->u.sem.first = SEMVALS_NONE;
	}
}

static bool used_idx(const struct list *l, enum ipc_kind k, int idx)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->o[i].kind == k && idx_of(&l->o[i]) == idx)
			return true;
	return false;
}

static void add_object(struct list *l, enum ipc_kind k, unsigned *seed)
{
	int idx;
	do
		idx = (int)rnd(seed, 400);
	while (used_idx(l, k, idx));
	struct ipc_object *o = &l->o[l->n++];
	memset(o, 0, sizeof(*o));
	o->kind = k;
	o->id = (int)(1 + rnd(seed, 50)) * IPCMNI + idx; /* seq 1..50 */
	random_fields(o, seed);
}

/* n random objects (of kind `only`, or of any kind when it is
 * KIND_COUNT), as a read gives them. */
static void random_list(struct list *l, int n, enum ipc_kind only, unsigned *seed)
{
	l->n = 0;
	for (int i = 0; i < n; i++)
		add_object(l, only == KIND_COUNT ? (enum ipc_kind)rnd(seed, KIND_COUNT) : only, seed);
	qsort(l->o, l->n, sizeof(l->o[0]), cmp_kind_idx);
}

/* The next read: some objects go, some change, some come. */
static void mutate(const struct list *from, struct list *to, unsigned *seed, unsigned churn)
{
	to->n = 0;
	for (size_t i = 0; i < from->n; i++) {
		if (rnd(seed, 100) < churn / 2)
			continue; /* gone */
		to->o[to->n] = from->o[i];
		if (rnd(seed, 100) < churn)
			random_fields(&to->o[to->n], seed);
		to->n++;
	}
	unsigned add = rnd(seed, churn + 1);
	for (unsigned i = 0; i < add && to->n < 500; i++)
		add_object(to, (enum ipc_kind)rnd(seed, KIND_COUNT), seed);
	qsort(to->o, to->n, sizeof(to->o[0]), cmp_kind_idx);
}

/* Every field (not memcmp: struct copies need not copy padding). */
static bool same_object(const struct ipc_object *a, const struct ipc_object *b)
{
	if (a->kind != b->kind || a->key != b->key || a->id != b->id || a->mode != b->mode ||
	    a->uid != b->uid || a->gid != b->gid || a->cuid != b->cuid || a->cgid != b->cgid ||
	    a->ctime != b->ctime)
		return false;
	const struct ipc_shm_fields *x = &a->u.shm, *y = &b->u.shm;
	const struct ipc_msg_fields *p = &a->u.msg, *q = &b->u.msg;
	switch (a->kind) {
	case KIND_SHM:
		return x->size == y->size && x->nattch == y->nattch && x->cpid == y->cpid && x->lpid == y->lpid &&
		       x->atime == y->atime && x->dtime == y->dtime && x->rss == y->rss && x->swap == y->swap &&
		       x->nprocs == y->nprocs && x->dest == y->dest && x->locked == y->locked &&
		       x->hugetlb == y->hugetlb;
	case KIND_MSG:
		return p->cbytes == q->cbytes && p->qnum == q->qnum && p->qbytes == q->qbytes &&
		       p->has_qbytes == q->has_qbytes && p->lspid == q->lspid && p->lrpid == q->lrpid &&
		       p->stime == q->stime && p->rtime == q->rtime;
	default:
		return a->u.sem.nsems == b->u.sem.nsems && a->u.sem.otime == b->u.sem.otime &&
		       a->u.sem.first == b->u.sem.first && a->u.sem.ncnt == b->u.sem.ncnt && a->u.sem.zcnt == b->u.sem.zcnt;
	}
}

/* Writes l into s (in place of its contents) with size hint `expect`. */
static void merge_in(struct snapshot *s, const struct list *l, size_t expect)
{
	static uint64_t gen;
	struct snapmerge m;
	cr_assert_eq(snapmerge_begin(&m, s, expect), 0);
	for (size_t i = 0; i < l->n; i++)
		cr_assert_eq(snapmerge_put(&m, &l->o[i]), 0);
	snapmerge_end(&m);
	memset(s->kind_count, 0, sizeof(s->kind_count));
	for (size_t i = 0; i < s->count; i++)
		s->kind_count[s->objs[i].kind]++;
	s->gen = ++gen;
}

/* A first read of n random objects into a fresh s. */
static void first_read(struct snapshot *s, struct list *l, int n, enum ipc_kind only, unsigned seed)
{
	random_list(l, n, only, &seed);
	memset(s, 0, sizeof(*s));
	merge_in(s, l, l->n);
}

static const struct ipc_object *find(const struct list *l, const struct ipc_object *o, size_t *at)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->o[i].kind == o->kind && l->o[i].id == o->id) {
			*at = i;
			return &l->o[i];
		}
	return NULL;
}

/* s holds `now` read over `before`: content, states, moves. */
static void check_merge(const struct snapshot *s, const struct list *before, const struct list *now,
			const char *what)
{
	const struct snapshot_delta *d = &s->delta;
	cr_assert(d->valid, "%s", what);
	cr_assert_eq(s->count, now->n, "%s", what);
	cr_assert_eq(d->nprev, before->n, "%s", what);
	bool changed = before->n != now->n;
	for (size_t i = 0; i < now->n; i++) {
		cr_assert(same_object(&s->objs[i], &now->o[i]), "%s: object %zu", what, i);
		size_t j;
		const struct ipc_object *was = find(before, &now->o[i], &j);
		enum obj_change want = !was ? OBJ_NEW : same_object(was, &now->o[i]) ? OBJ_SAME : OBJ_CHANGED;
		cr_assert_eq(d->state[i], want, "%s: state of %zu (id %d): %d, not %d", what, i, now->o[i].id,
			     d->state[i], want);
		changed = changed || want != OBJ_SAME;
	}
	for (size_t j = 0; j < before->n; j++) {
		size_t i;
		const struct ipc_object *is = find(now, &before->o[j], &i);
		uint32_t want = is && same_object(is, &before->o[j]) ? (uint32_t)i : SNAP_MOVED_NONE;
		cr_assert_eq(d->moved[j], want, "%s: previous %zu moved to %u, not %u", what, j, d->moved[j], want);
		changed = changed || !is;
	}
	cr_assert_eq(d->changed, changed, "%s: changed", what);
}

TestSuite(snapmerge);

Test(snapmerge, random_reads_in_index_order)
{
	unsigned seed = 17;
	static struct list lists[2];
	for (int run = 0; run < 60; run++) {
		struct snapshot s;
		memset(&s, 0, sizeof(s));
		struct list *prev = &lists[0], *cur = &lists[1];
		prev->n = 0;
		merge_in(&s, prev, 0);
		for (int step = 0; step < 12; step++) {
			unsigned churn = step % 4 == 0 ? 0 : rnd(&seed, 3) == 0 ? 60 : 8;
			mutate(prev, cur, &seed, step == 0 ? 100 : churn);
			size_t hints[] = { 0, cur->n, cur->n / 2, cur->n * 2 + 7, prev->n };
			size_t expect = hints[rnd(&seed, 5)];
			const struct ipc_object *base = s.objs;
			merge_in(&s, cur, expect);
			char what[64];
			snprintf(what, sizeof(what), "run %d step %d churn %u hint %zu", run, step, churn, expect);
			check_merge(&s, prev, cur, what);
			if (!s.delta.changed && expect <= prev->n)
				cr_assert_eq(s.objs, base, "%s: nothing changed, nothing moved", what);
			struct list *t = prev;
			prev = cur;
			cur = t;
		}
		snapshot_free(&s);
	}
}

/* Objects in another order than the previous read's: the content is still
 * exactly the new read; an object met out of order may count as changed
 * (never as new), and every move noted is right. */
Test(snapmerge, other_order_and_kinds_left_out)
{
	static struct list a, b;
	struct snapshot s;
	first_read(&s, &a, 200, KIND_COUNT, 5);
	/* b: a's messages only, reversed */
	b.n = 0;
	for (size_t i = a.n; i-- > 0;)
		if (a.o[i].kind == KIND_MSG)
			b.o[b.n++] = a.o[i];
	merge_in(&s, &b, 0);
	cr_assert_eq(s.count, b.n);
	cr_assert(s.delta.changed);
	for (size_t i = 0; i < b.n; i++) {
		cr_assert(same_object(&s.objs[i], &b.o[i]));
		cr_assert_neq(s.delta.state[i], OBJ_NEW, "it was there before");
	}
	for (size_t j = 0; j < a.n; j++) {
		uint32_t to = s.delta.moved[j];
		if (a.o[j].kind != KIND_MSG)
			cr_assert_eq(to, SNAP_MOVED_NONE, "left out: gone");
		else if (to != SNAP_MOVED_NONE)
			cr_assert_eq(s.objs[to].id, a.o[j].id);
	}
	snapshot_free(&s);
}

Test(snapmerge, rewind_makes_delta_invalid)
{
	static struct list a;
	struct snapshot s;
	first_read(&s, &a, 50, KIND_SEM, 9);
	struct snapmerge m;
	cr_assert_eq(snapmerge_begin(&m, &s, a.n), 0);
	for (size_t i = 0; i < 20; i++)
		cr_assert_eq(snapmerge_put(&m, &a.o[i]), 0);
	snapmerge_rewind(&m, 0); /* a method gave up: another reads it all */
	cr_assert_eq(snapmerge_count(&m), 0u);
	for (size_t i = 0; i < a.n; i++)
		cr_assert_eq(snapmerge_put(&m, &a.o[i]), 0);
	snapmerge_end(&m);
	cr_assert_eq(s.count, a.n);
	for (size_t i = 0; i < a.n; i++)
		cr_assert(same_object(&s.objs[i], &a.o[i]));
	cr_assert_not(s.delta.valid, "the first 20 were met twice");
	for (size_t j = 0; j < a.n; j++)
		cr_assert(s.delta.moved[j] == SNAP_MOVED_NONE || s.objs[s.delta.moved[j]].id == a.o[j].id);
	snapshot_free(&s);
}

struct field {
	enum ipc_kind kind;
	size_t off, size;
	bool counts; /* a change of it makes the object "changed" */
	const char *name;
};

#define F(k, member, c) { k, offsetof(struct ipc_object, member), sizeof(((struct ipc_object *)0)->member), c, #member }

/* Each field of the read changes the object; what is added after the read
 * (attach counts, semaphore values, a filled capacity) does not. */
Test(snapmerge, every_field_of_the_read_counts)
{
	static const struct field fields[] = {
		F(KIND_SHM, key, true), F(KIND_SHM, mode, true), F(KIND_SHM, uid, true), F(KIND_SHM, gid, true),
		F(KIND_SHM, cuid, true), F(KIND_SHM, cgid, true), F(KIND_SHM, ctime, true),
		F(KIND_SHM, u.shm.size, true), F(KIND_SHM, u.shm.nattch, true), F(KIND_SHM, u.shm.cpid, true),
		F(KIND_SHM, u.shm.lpid, true), F(KIND_SHM, u.shm.atime, true), F(KIND_SHM, u.shm.dtime, true),
		F(KIND_SHM, u.shm.rss, true), F(KIND_SHM, u.shm.swap, true), F(KIND_SHM, u.shm.nprocs, false),
		F(KIND_SHM, u.shm.hugetlb, false),
		F(KIND_MSG, mode, true), F(KIND_MSG, ctime, true), F(KIND_MSG, u.msg.cbytes, true),
		F(KIND_MSG, u.msg.qnum, true), F(KIND_MSG, u.msg.lspid, true), F(KIND_MSG, u.msg.lrpid, true),
		F(KIND_MSG, u.msg.stime, true), F(KIND_MSG, u.msg.rtime, true), F(KIND_MSG, u.msg.has_qbytes, false),
		F(KIND_SEM, key, true), F(KIND_SEM, u.sem.nsems, true), F(KIND_SEM, u.sem.otime, true),
		F(KIND_SEM, u.sem.first, false), F(KIND_SEM, u.sem.ncnt, false), F(KIND_SEM, u.sem.zcnt, false),
		F(KIND_SEM, u.sem.wait.waiters, false), F(KIND_MSG, u.msg.wait.waiters, false),
	};
	for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
		static struct list l;
		l.n = 1;
		memset(&l.o[0], 0, sizeof(l.o[0]));
		l.o[0].kind = fields[f].kind;
		l.o[0].id = 7;
		struct snapshot s;
		memset(&s, 0, sizeof(s));
		merge_in(&s, &l, 1);
		((unsigned char *)&l.o[0])[fields[f].off] ^= 1; /* lowest byte: a bool stays a bool */
		merge_in(&s, &l, 1);
		cr_assert_eq(s.delta.state[0], fields[f].counts ? OBJ_CHANGED : OBJ_SAME, "%s", fields[f].name);
		cr_assert_eq(s.delta.changed, fields[f].counts, "%s", fields[f].name);
		snapshot_free(&s);
	}
	/* msg_qbytes counts when both reads have it. */
	static struct list q;
	q.n = 1;
	memset(&q.o[0], 0, sizeof(q.o[0]));
	q.o[0].kind = KIND_MSG;
	q.o[0].u.msg.has_qbytes = true;
	q.o[0].u.msg.qbytes = 100;
	struct snapshot s;
	memset(&s, 0, sizeof(s));
	merge_in(&s, &q, 1);
	q.o[0].u.msg.qbytes = 200;
	merge_in(&s, &q, 1);
	cr_assert_eq(s.delta.state[0], OBJ_CHANGED, "qbytes read both times");
	q.o[0].u.msg.has_qbytes = false;
	q.o[0].u.msg.qbytes = 0;
	merge_in(&s, &q, 1);
	cr_assert_eq(s.delta.state[0], OBJ_SAME, "not read this time: nothing to compare");
	snapshot_free(&s);
}

/* ---- the table model ---- */

static void rows_equal_full_sort(struct table_model *m, struct snapshot *s, const char *what)
{
	static const struct ipc_object *want[600];
	size_t n = table_rows(s, m->view, m->filter, m->sort, m->desc, want);
	cr_assert_eq(m->nrows, n, "%s: %zu rows, not %zu", what, m->nrows, n);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(m->rows[i], want[i], "%s: row %zu is %s %d, not %s %d", what, i,
			     kind_name(m->rows[i]->kind), m->rows[i]->id, kind_name(want[i]->kind), want[i]->id);
}

Test(snapmerge, table_model_follows_reads)
{
	unsigned seed = 23;
	static struct list lists[2];
	static const enum column_id sorts[] = { COL_ID, COL_KEY, COL_SIZE, COL_COUNT, COL_OWNER, COL_CTIME, COL_KIND };
	static const char *const filters[] = { "", "rw", "-", "3", "sem" };
	for (int run = 0; run < 30; run++) {
		struct snapshot s;
		memset(&s, 0, sizeof(s));
		struct table_model m;
		memset(&m, 0, sizeof(m));
		struct list *prev = &lists[0], *cur = &lists[1];
		prev->n = 0;
		merge_in(&s, prev, 0);
		enum view v = (enum view)rnd(&seed, VIEW_COUNT);
		enum column_id sort = sorts[rnd(&seed, 7)];
		const char *filter = filters[rnd(&seed, 5)];
		bool desc = rnd(&seed, 2);
		cr_assert_geq(table_model_update(&m, &s, v, filter, sort, desc), 0);
		for (int step = 0; step < 15; step++) {
			unsigned churn = rnd(&seed, 4) == 0 ? 0 : rnd(&seed, 4) == 0 ? 50 : 3;
			mutate(prev, cur, &seed, step == 0 ? 100 : churn);
			merge_in(&s, cur, cur->n);
			if (rnd(&seed, 5) == 0) { /* the user changed something */
				v = (enum view)rnd(&seed, VIEW_COUNT);
				sort = sorts[rnd(&seed, 7)];
				filter = filters[rnd(&seed, 5)];
				desc = rnd(&seed, 2);
			}
			char what[96];
			snprintf(what, sizeof(what), "run %d step %d view %d sort %d filter '%s'", run, step, v, sort,
				 filter);
			int rc = table_model_update(&m, &s, v, filter, sort, desc);
			cr_assert_geq(rc, 0, "%s", what);
			rows_equal_full_sort(&m, &s, what);
			/* Asked again for the same read: nothing to do. */
			cr_assert_eq(table_model_update(&m, &s, v, filter, sort, desc), 0, "%s", what);
			struct list *t = prev;
			prev = cur;
			cur = t;
		}
		table_model_free(&m);
		snapshot_free(&s);
	}
}

Test(snapmerge, table_model_unchanged_read_costs_nothing)
{
	static struct list a;
	struct snapshot s;
	first_read(&s, &a, 300, KIND_COUNT, 3);
	struct table_model m;
	memset(&m, 0, sizeof(m));
	cr_assert_eq(table_model_update(&m, &s, VIEW_ALL, "", COL_SIZE, true), 1, "first rows");
	const struct ipc_object **rows = m.rows;
	merge_in(&s, &a, a.n);
	cr_assert_not(s.delta.changed);
	cr_assert_eq(table_model_update(&m, &s, VIEW_ALL, "", COL_SIZE, true), 0, "the same objects: same rows");
	cr_assert_eq(m.rows, rows);
	rows_equal_full_sort(&m, &s, "unchanged");
	/* One object changed: rows change, and still equal a full sort. */
	a.o[17].ctime += 9;
	a.o[17].key = 12345;
	merge_in(&s, &a, a.n);
	cr_assert_eq(s.delta.state[17], OBJ_CHANGED);
	cr_assert_eq(table_model_update(&m, &s, VIEW_ALL, "", COL_SIZE, true), 1);
	rows_equal_full_sort(&m, &s, "one changed");
	cr_assert_eq(table_model_update(&m, &s, VIEW_ALL, "", COL_CTIME, false), 1, "another sort");
	rows_equal_full_sort(&m, &s, "resorted");
	table_model_free(&m);
	snapshot_free(&s);
}
