/* missed.c — owns the proof of missed objects (missed.h): per kind, the
 * cursor (newest position seen), the indices seen held since its chain
 * began, the taint of unseen objects of earlier cycles, the walk from the
 * cursor through the new objects counting the indices nobody seen could
 * have held, and the gaps held back one refresh for objects shown late. */
#define _GNU_SOURCE
#include "export/missed.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"

/* In a pass of a cycle later than seq, indices >= from may be held by an
 * object nobody saw. */
struct missed_taint {
	int seq, from;
};

/* Counted: the indices lo..hi of cycle seq not in the used set kept with
 * the gap. */
struct interval {
	int seq, lo, hi;
	size_t gap;
};

struct missed_pending {
	struct missed_gap *gaps;
	size_t ngaps, capgaps;
	struct interval *iv;
	size_t niv, capiv;
	int *used; /* the used set the intervals were counted against */
	size_t nused;
};

struct pos {
	int seq, idx, id, key;
};

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_pos(const void *a, const void *b)
{
	const struct pos *x = a, *y = b;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Sorts and drops duplicates. */
static size_t uniq(int *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_int);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || v[m - 1] != v[i])
			v[m++] = v[i];
	return m;
}

/* The first position in the sorted set u holding x or more. */
static size_t lower_bound(const int *u, size_t n, int x)
{
	size_t a = 0, b = n;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (u[m] < x)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

/* How many of lo..hi are in the sorted set u. */
static long count_in(const int *u, size_t n, int lo, int hi)
{
	return (long)(lower_bound(u, n, hi + 1) - lower_bound(u, n, lo));
}

static bool in_set(const int *u, size_t n, int x)
{
	return n && bsearch(&x, u, n, sizeof(*u), cmp_int) != NULL;
}

static void pending_free(struct missed_pending *p)
{
	if (!p)
		return;
	free(p->gaps);
	free(p->iv);
	free(p->used);
	free(p);
}

static void kind_reset(struct missed_kind *k)
{
	free(k->used);
	free(k->taint);
	pending_free(k->pending);
	memset(k, 0, sizeof(*k));
}

void missed_init(struct missed_tracker *t, const struct ipcid_layout *layout)
{
	memset(t, 0, sizeof(*t));
	t->layout = *layout;
}

void missed_free(struct missed_tracker *t)
{
	for (int k = 0; k < KIND_COUNT; k++)
		kind_reset(&t->k[k]);
}

/* The positions of the kind's objects in s (none for NULL). */
static int positions(const struct ipcid_layout *l, const struct snapshot *s, enum ipc_kind kind, struct pos **out,
		     size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!s || s->kind_count[kind] == 0)
		return 0;
	struct pos *v = malloc(s->kind_count[kind] * sizeof(*v));
	if (!v)
		return -1;
	for (size_t i = 0; i < s->count && *n < s->kind_count[kind]; i++)
		if (s->objs[i].kind == kind)
			v[(*n)++] = (struct pos){ ipcid_seq(l, s->objs[i].id), ipcid_index(l, s->objs[i].id), s->objs[i].id,
						  s->objs[i].key };
	qsort(v, *n, sizeof(*v), cmp_pos);
	*out = v;
	return 0;
}

/* Adds the indices of p[0..n) to k->used. */
static int use(struct missed_kind *k, const struct pos *p, size_t n)
{
	if (array_grow((void **)&k->used, &k->capused, k->nused + n + 1, sizeof(*k->used)) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		k->used[k->nused++] = p[i].idx;
	k->nused = uniq(k->used, k->nused);
	return 0;
}

/* ---- the walk ---- */

struct walk {
	const struct ipcid_layout *layout;
	struct missed_kind *k;
	int *ws;                   /* indices of the new objects walked so far, not in k->used */
	size_t nws, capws;
	struct missed_pending *p;  /* the gaps found now */
	struct missed_taint *made; /* taints of this chain (replace k->taint after) */
	size_t nmade, capmade;
};

static int threshold(const struct walk *w, int seq)
{
	int th = INT_MAX;
	for (size_t i = 0; i < w->k->ntaint; i++)
		if (seq > w->k->taint[i].seq && w->k->taint[i].from < th)
			th = w->k->taint[i].from;
	for (size_t i = 0; i < w->nmade; i++)
		if (seq > w->made[i].seq && w->made[i].from < th)
			th = w->made[i].from;
	return th;
}

/* Counts lo..hi of cycle seq into the last gap and taints what it counts. */
static int count_range(struct walk *w, int seq, int lo, int hi)
{
	int th = threshold(w, seq);
	if (hi >= th)
		hi = th - 1;
	if (hi < lo)
		return 0;
	long n = (long)hi - lo + 1 - count_in(w->k->used, w->k->nused, lo, hi) - count_in(w->ws, w->nws, lo, hi);
	if (n <= 0)
		return 0;
	struct missed_pending *p = w->p;
	if (array_grow((void **)&p->iv, &p->capiv, p->niv + 1, sizeof(*p->iv)) < 0 ||
	    array_grow((void **)&w->made, &w->capmade, w->nmade + 1, sizeof(*w->made)) < 0)
		return -1;
	p->iv[p->niv++] = (struct interval){ seq, lo, hi, p->ngaps - 1 };
	p->gaps[p->ngaps - 1].count += n;
	w->made[w->nmade++] = (struct missed_taint){ seq, lo };
	return 0;
}

/* The gap from the cursor to n, which becomes the cursor. */
static int step(struct walk *w, enum ipc_kind kind, const struct pos *n)
{
	struct missed_kind *k = w->k;
	struct missed_pending *p = w->p;
	if (array_grow((void **)&p->gaps, &p->capgaps, p->ngaps + 1, sizeof(*p->gaps)) < 0)
		return -1;
	p->gaps[p->ngaps++] = (struct missed_gap){ kind, 0, k->cid, n->id, n->key };
	int last = w->layout->min_cycle - 1; /* a cycle reaches at least this index */
	int rc = 0;
	if (n->seq == k->cseq) {
		rc = count_range(w, n->seq, k->cidx + 1, n->idx - 1);
	} else {
		rc = count_range(w, k->cseq, k->cidx + 1, last);
		/* whole cycles between: after two, every index is tainted */
		for (int q = k->cseq + 1; rc == 0 && q < n->seq && q <= k->cseq + 2; q++)
			rc = count_range(w, q, 0, last);
		if (rc == 0)
			rc = count_range(w, n->seq, 0, n->idx - 1);
	}
	if (p->gaps[p->ngaps - 1].count == 0)
		p->ngaps--; /* its intervals, none, stay consistent */
	/* n may hold its index in the passes after it, not before */
	if (rc == 0 && !in_set(k->used, k->nused, n->idx) && !in_set(w->ws, w->nws, n->idx)) {
		if (array_grow((void **)&w->ws, &w->capws, w->nws + 1, sizeof(*w->ws)) < 0)
			return -1;
		size_t at = lower_bound(w->ws, w->nws, n->idx);
		memmove(&w->ws[at + 1], &w->ws[at], (w->nws - at) * sizeof(*w->ws));
		w->ws[at] = n->idx;
		w->nws++;
	}
	k->cseq = n->seq;
	k->cidx = n->idx;
	k->cid = n->id;
	return rc;
}

/* Takes the objects cur shows late (created while the previous snapshot
 * was read, before the cursor) out of the held-back gaps, then reports. */
static void report(struct missed_kind *k, const struct pos *late, size_t nlate, missed_cb cb, void *ctx)
{
	struct missed_pending *p = k->pending;
	if (!p)
		return;
	for (size_t i = 0; i < nlate; i++)
		for (size_t j = 0; j < p->niv; j++) {
			const struct interval *v = &p->iv[j];
			if (v->seq == late[i].seq && late[i].idx >= v->lo && late[i].idx <= v->hi &&
			    !in_set(p->used, p->nused, late[i].idx)) {
				p->gaps[v->gap].count--;
				break;
			}
		}
	for (size_t i = 0; i < p->ngaps; i++)
		if (p->gaps[i].count > 0 && cb)
			cb(&p->gaps[i], ctx);
	pending_free(p);
	k->pending = NULL;
}

/* Sets the cursor from the newest of v (none: unknown). */
static int establish(struct missed_kind *k, const struct pos *v, size_t n, const struct pos *u, size_t nu)
{
	free(k->used);
	free(k->taint);
	k->used = NULL;
	k->taint = NULL;
	k->nused = k->capused = k->ntaint = k->captaint = 0;
	k->known = n > 0;
	if (n == 0)
		return 0;
	k->cseq = v[n - 1].seq;
	k->cidx = v[n - 1].idx;
	k->cid = v[n - 1].id;
	return use(k, u, nu);
}

static int update_kind(struct missed_tracker *t, enum ipc_kind kind, const struct snapshot *prev,
		       const struct snapshot *cur, missed_cb cb, void *ctx)
{
	struct missed_kind *k = &t->k[kind];
	struct pos *pv = NULL, *cv = NULL, *nv = NULL, *old = NULL;
	int *ids = NULL; /* prev's ids, sorted */
	size_t np, nc, nn = 0, nlate = 0;
	struct walk w = { .layout = &t->layout, .k = k };
	int rc = -1;
	if (positions(&t->layout, prev, kind, &pv, &np) < 0 || positions(&t->layout, cur, kind, &cv, &nc) < 0)
		goto out;
	/* new ones (not in prev) in position order; the late ones first */
	nv = malloc((nc ? nc : 1) * sizeof(*nv));
	old = malloc((nc ? nc : 1) * sizeof(*old));
	ids = malloc((np ? np : 1) * sizeof(*ids));
	if (!nv || !old || !ids)
		goto out;
	for (size_t i = 0; i < np; i++)
		ids[i] = pv[i].id;
	qsort(ids, np, sizeof(*ids), cmp_int);
	for (size_t i = 0; i < nc; i++)
		if (!in_set(ids, np, cv[i].id))
			nv[nn++] = cv[i];
	struct pos beyond = { k->cseq, k->cidx, 0, 0 };
	while (k->known && nlate < nn && cmp_pos(&nv[nlate], &beyond) <= 0)
		nlate++;
	report(k, nv, nlate, cb, ctx);
	if (!k->known || (nlate > 0 && nv[0].seq < k->cseq - 1)) {
		/* no cursor yet, or far behind it: seq wrapped around (or ids were
		 * forced); start over from what is there */
		rc = establish(k, nlate ? nv : cv, nlate ? nn : nc, cv, nc) < 0 || use(k, pv, np) < 0 ? -1 : 0;
		goto out;
	}
	if (nn == nlate) {
		rc = use(k, cv, nc); /* the chain goes on: the used set grows */
		goto out;
	}
	/* what cur holds but the new objects past the cursor (those are
	 * walked) */
	size_t nold = 0;
	for (size_t i = 0, j = nlate; i < nc; i++)
		if (j < nn && cv[i].id == nv[j].id)
			j++;
		else
			old[nold++] = cv[i];
	if (use(k, old, nold) < 0)
		goto out;
	w.p = calloc(1, sizeof(*w.p));
	if (!w.p)
		goto out;
	for (size_t i = nlate; i < nn; i++)
		if (step(&w, kind, &nv[i]) < 0)
			goto out;
	/* held back with the used set they were counted against */
	w.p->used = k->used;
	w.p->nused = k->nused;
	k->used = NULL;
	k->nused = k->capused = 0;
	k->pending = w.p;
	w.p = NULL;
	free(k->taint);
	k->taint = w.made;
	k->ntaint = w.nmade;
	k->captaint = w.capmade;
	w.made = NULL;
	/* the next chain's passes may meet what prev and cur held */
	rc = use(k, pv, np) < 0 || use(k, cv, nc) < 0 ? -1 : 0;
out:
	pending_free(w.p);
	free(w.made);
	free(w.ws);
	free(pv);
	free(cv);
	free(nv);
	free(old);
	free(ids);
	return rc;
}

int missed_update(struct missed_tracker *t, const struct snapshot *prev, const struct snapshot *cur, unsigned kinds,
		  missed_cb cb, void *ctx)
{
	if (!t->layout.cyclic)
		return 0;
	for (int k = 0; k < KIND_COUNT; k++) {
		if (!(kinds & KIND_BIT(k)))
			continue;
		if (update_kind(t, (enum ipc_kind)k, prev, cur, cb, ctx) < 0) {
			kind_reset(&t->k[k]);
			errno = ENOMEM;
			return -1;
		}
	}
	return 0;
}

void missed_flush(struct missed_tracker *t, missed_cb cb, void *ctx)
{
	for (int k = 0; k < KIND_COUNT; k++)
		report(&t->k[k], NULL, 0, cb, ctx);
}
