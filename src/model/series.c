/* series.c — owns the objects' histories: matching each snapshot's objects
 * to their histories (by kind and id, checked against what never changes),
 * recording a sample as a change record, the window and the memory budget,
 * and reading a metric back sample by sample. */
#define _GNU_SOURCE
#include "model/series.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* One object's history: records of 1 + nvals int32 each, the sample number
 * (as uint32) then the values, in sample order; a record holds from its
 * sample until the next record's. The records live in rec[first ..
 * first + count) of cap. */
struct series_obj {
	enum ipc_kind kind;
	int id, key;
	uid_t cuid;
	gid_t cgid;
	uint64_t size; /* a segment's size, a set's nsems */
	pid_t cpid;    /* a segment's creator */
	time_t ctime;
	/* a queue's fields at the last sample, for the estimate */
	uint64_t qnum;
	pid_t lspid, lrpid;
	time_t stime, rtime;
	unsigned nvals;
	int32_t *rec;
	size_t first, count, cap;
};

#define NVALS_MSG 5 /* messages, bytes, sent, received, waiters */

static size_t stride(const struct series_obj *so)
{
	return 1 + (size_t)so->nvals;
}

static size_t rec_bytes(const struct series_obj *so)
{
	return so->cap * stride(so) * sizeof(int32_t);
}

static int32_t *record_at(const struct series_obj *so, size_t i)
{
	return so->rec + (so->first + i) * stride(so);
}

static uint32_t record_sample(const int32_t *r)
{
	return (uint32_t)r[0];
}

/* Where metric m is in a record of so's kind, or -1. */
static int slot_of(const struct series_obj *so, enum series_metric m)
{
	switch (so->kind) {
	case KIND_SHM: return m == SERIES_NATTCH ? 0 : -1;
	case KIND_MSG:
		return m >= SERIES_QNUM && m <= SERIES_WAITERS ? (int)(m - SERIES_QNUM) : -1;
	default:
		if (m == SERIES_WAITERS)
			return 0;
		return m >= SERIES_SEM0 && (unsigned)(m - SERIES_SEM0) + 1 < so->nvals ? (int)(m - SERIES_SEM0) + 1 : -1;
	}
}

static int32_t clamp(uint64_t v)
{
	return v > INT32_MAX ? INT32_MAX : (int32_t)v;
}

/* ---- the window ------------------------------------------------------------ */

size_t series_samples(const struct series *h)
{
	uint32_t kept = h->next - h->since;
	return kept < h->len ? kept : h->len;
}

static uint32_t window_start(const struct series *h)
{
	return h->next - (uint32_t)series_samples(h);
}

struct timespec series_time(const struct series *h, size_t k)
{
	uint32_t t = h->next - 1 - (uint32_t)k;
	return h->times[t % h->len];
}

int series_init(struct series *h, unsigned len)
{
	memset(h, 0, sizeof(*h));
	if (len < SERIES_LEN_MIN || len > SERIES_LEN_MAX) {
		errno = EINVAL;
		return -1;
	}
	h->times = calloc(len, sizeof(*h->times));
	if (!h->times)
		return -1;
	h->len = len;
	h->budget = SERIES_BUDGET;
	return 0;
}

static void obj_free(struct series_obj *so)
{
	free(so->rec);
	so->rec = NULL;
	so->first = so->count = so->cap = 0;
}

void series_free(struct series *h)
{
	for (size_t i = 0; i < h->nobjs; i++)
		obj_free(&h->objs[i]);
	free(h->objs);
	free(h->times);
	memset(h, 0, sizeof(*h));
}

/* Drops the records wholly before sample start (one before it stays: it
 * holds at start), and gives back memory an idle object no longer needs
 * (tight: all it does not use now). */
static void obj_prune(struct series_obj *so, uint32_t start, bool tight)
{
	/* sample numbers wrap: a <= b when b is less than 2^31 samples after a */
	while (so->count >= 2 && start - record_sample(record_at(so, 1)) < 0x80000000u)
		so->first++, so->count--;
	if ((so->cap > 4 && so->count * 4 <= so->cap) || (tight && so->count < so->cap)) {
		size_t st = stride(so), cap = tight ? so->count : so->count * 2 > 2 ? so->count * 2 : 2;
		memmove(so->rec, record_at(so, 0), so->count * st * sizeof(int32_t));
		so->first = 0;
		int32_t *smaller = realloc(so->rec, cap * st * sizeof(int32_t));
		if (smaller) {
			so->rec = smaller;
			so->cap = cap;
		}
	}
}

static size_t total_bytes(const struct series *h)
{
	size_t b = h->objcap * sizeof(*h->objs) + h->len * sizeof(*h->times);
	for (size_t i = 0; i < h->nobjs; i++)
		b += rec_bytes(&h->objs[i]);
	return b;
}

static void prune_all(struct series *h, bool tight)
{
	uint32_t start = window_start(h);
	for (size_t i = 0; i < h->nobjs; i++)
		obj_prune(&h->objs[i], start, tight);
	h->bytes = total_bytes(h);
}

int series_set_len(struct series *h, unsigned len)
{
	if (len < SERIES_LEN_MIN || len > SERIES_LEN_MAX) {
		errno = EINVAL;
		return -1;
	}
	struct timespec *times = calloc(len, sizeof(*times));
	if (!times)
		return -1;
	size_t kept = series_samples(h);
	if (kept > len)
		kept = len;
	for (size_t k = 0; k < kept; k++) {
		uint32_t t = h->next - 1 - (uint32_t)k;
		times[t % len] = h->times[t % h->len];
	}
	free(h->times);
	h->times = times;
	h->len = len;
	h->since = h->next - (uint32_t)kept;
	prune_all(h, false);
	return 0;
}

/* ---- matching objects -------------------------------------------------------- */

static int cmp_kind_id(enum ipc_kind ka, int ia, enum ipc_kind kb, int ib)
{
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return (ia > ib) - (ia < ib);
}

static int cmp_objs(const void *a, const void *b)
{
	const struct ipc_object *x = *(const struct ipc_object *const *)a, *y = *(const struct ipc_object *const *)b;
	return cmp_kind_id(x->kind, x->id, y->kind, y->id);
}

static struct series_obj *find(const struct series *h, enum ipc_kind kind, int id)
{
	size_t lo = 0, hi = h->nobjs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_kind_id(h->objs[mid].kind, h->objs[mid].id, kind, id);
		if (c == 0)
			return &h->objs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static uint64_t fixed_size(const struct ipc_object *o)
{
	return o->kind == KIND_SHM ? o->u.shm.size : o->kind == KIND_SEM ? o->u.sem.nsems : 0;
}

/* Is so the history of o, and not of an earlier object with its id? */
static bool same_object(const struct series_obj *so, const struct ipc_object *o)
{
	return so->kind == o->kind && so->id == o->id && so->key == o->key && so->cuid == o->cuid &&
	       so->cgid == o->cgid && so->size == fixed_size(o) &&
	       (o->kind != KIND_SHM || so->cpid == o->u.shm.cpid) && o->ctime >= so->ctime;
}

/* o's history, or NULL. */
static struct series_obj *history_of(const struct series *h, const struct ipc_object *o)
{
	struct series_obj *so = find(h, o->kind, o->id);
	return so && same_object(so, o) ? so : NULL;
}

static void obj_start(struct series_obj *so, const struct ipc_object *o)
{
	memset(so, 0, sizeof(*so));
	so->kind = o->kind;
	so->id = o->id;
	so->key = o->key;
	so->cuid = o->cuid;
	so->cgid = o->cgid;
	so->size = fixed_size(o);
	so->cpid = o->kind == KIND_SHM ? o->u.shm.cpid : 0;
	so->nvals = o->kind == KIND_SHM ? 1
		    : o->kind == KIND_MSG ? NVALS_MSG
					   : 1 + (o->u.sem.nsems < SERIES_MAX_SEMS ? o->u.sem.nsems : SERIES_MAX_SEMS);
}

/* ---- one sample ---------------------------------------------------------------- */

static int32_t waiters_of(const struct ipc_object *o)
{
	const struct ipc_wait_info *w = o->kind == KIND_MSG ? &o->u.msg.wait : &o->u.sem.wait;
	if (w->waiters >= 0)
		return w->waiters;
	if (o->kind == KIND_SEM && o->u.sem.ncnt >= 0 && o->u.sem.zcnt >= 0)
		return o->u.sem.ncnt + o->u.sem.zcnt;
	return SERIES_UNKNOWN;
}

/* Messages sent and received between so's last sample and o, at least:
 * the count's change is sent - received; a new last sender or send time
 * means at least one send, a new last receiver or receive time at least
 * one receive. */
static void estimate(const struct series_obj *so, const struct ipc_object *o, int32_t *sent, int32_t *received)
{
	const struct ipc_msg_fields *q = &o->u.msg;
	if (so->count == 0) {
		*sent = *received = SERIES_UNKNOWN;
		return;
	}
	int64_t d = (int64_t)q->qnum - (int64_t)so->qnum;
	int64_t sent_min = d > 0 ? d : 0, recv_min = d < 0 ? -d : 0;
	if ((q->stime != so->stime || q->lspid != so->lspid) && sent_min < 1)
		sent_min = 1;
	if ((q->rtime != so->rtime || q->lrpid != so->lrpid) && recv_min < 1)
		recv_min = 1;
	int64_t recv = recv_min > sent_min - d ? recv_min : sent_min - d;
	*received = clamp((uint64_t)recv);
	*sent = clamp((uint64_t)(recv + d));
}

static void values_now(struct series_obj *so, const struct snapshot *s, const struct ipc_object *o, int32_t *v)
{
	if (o->kind == KIND_SHM) {
		v[0] = clamp(o->u.shm.nattch);
	} else if (o->kind == KIND_MSG) {
		v[0] = clamp(o->u.msg.qnum);
		v[1] = clamp(o->u.msg.cbytes);
		estimate(so, o, &v[2], &v[3]);
		v[4] = waiters_of(o);
		so->qnum = o->u.msg.qnum;
		so->lspid = o->u.msg.lspid, so->lrpid = o->u.msg.lrpid;
		so->stime = o->u.msg.stime, so->rtime = o->u.msg.rtime;
	} else {
		const struct ipc_semval *sv = snapshot_semvals(s, o);
		v[0] = waiters_of(o);
		for (unsigned i = 0; i + 1 < so->nvals; i++)
			v[1 + i] = sv ? sv[i].value : SERIES_UNKNOWN;
	}
	so->ctime = o->ctime;
}

/* Appends a record for sample t with values v. Returns 0 or -1 (ENOMEM). */
static int obj_append(struct series_obj *so, uint32_t t, const int32_t *v)
{
	size_t st = stride(so);
	if (so->first + so->count == so->cap) {
		if (so->first > 0) {
			memmove(so->rec, record_at(so, 0), so->count * st * sizeof(int32_t));
			so->first = 0;
		} else {
			size_t cap = so->cap ? so->cap * 2 : 2;
			int32_t *more = realloc(so->rec, cap * st * sizeof(int32_t));
			if (!more)
				return -1;
			so->rec = more;
			so->cap = cap;
		}
	}
	int32_t *r = record_at(so, so->count++);
	r[0] = (int32_t)t;
	memcpy(r + 1, v, so->nvals * sizeof(int32_t));
	return 0;
}

static bool same_values(const struct series_obj *so, const int32_t *r, const int32_t *v)
{
	return memcmp(r + 1, v, so->nvals * sizeof(int32_t)) == 0;
}

/* Records sample t of o into so: a record when a value changed. */
static int obj_record(struct series_obj *so, const struct snapshot *s, const struct ipc_object *o, uint32_t t)
{
	int32_t v[1 + SERIES_MAX_SEMS];
	values_now(so, s, o, v);
	if (so->count && same_values(so, record_at(so, so->count - 1), v))
		return 0;
	return obj_append(so, t, v);
}

/* The snapshot's objects sorted by kind and id (NULL with ENOMEM). */
static const struct ipc_object **sorted_objects(const struct snapshot *s)
{
	const struct ipc_object **v = malloc((s->count ? s->count : 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < s->count; i++)
		v[i] = &s->objs[i];
	if (s->count > 1)
		qsort(v, s->count, sizeof(*v), cmp_objs);
	return v;
}

/* The histories of the objects gone are freed and the others close up, in
 * place (forward: the write index never passes the read one). objs: the
 * snapshot's objects in the histories' order. */
static void drop_gone(struct series *h, const struct ipc_object *const *objs, size_t count)
{
	size_t m = 0, i = 0;
	for (size_t j = 0; j < h->nobjs; j++) {
		const struct series_obj *so = &h->objs[j];
		while (i < count && cmp_kind_id(objs[i]->kind, objs[i]->id, so->kind, so->id) < 0)
			i++;
		if (i < count && cmp_kind_id(objs[i]->kind, objs[i]->id, so->kind, so->id) == 0)
			h->objs[m++] = *so;
		else
			obj_free(&h->objs[j]);
	}
	h->nobjs = m;
}

/* Every object gets its place: the histories left move up to theirs, the
 * new objects' start, from the end (each history left is an object's, so
 * the write index never falls below the read one). No second array: at
 * 64 000 objects that would be 7.7 MB more at every refresh. */
static int place_all(struct series *h, const struct ipc_object *const *objs, size_t count)
{
	if (count > h->objcap) {
		struct series_obj *more = realloc(h->objs, count * sizeof(*more));
		if (!more)
			return -1;
		h->objs = more;
		h->objcap = count;
	}
	size_t j = h->nobjs;
	for (size_t k = count; k-- > 0;) {
		const struct ipc_object *o = objs[k];
		struct series_obj *so = &h->objs[k];
		if (j > 0 && cmp_kind_id(h->objs[j - 1].kind, h->objs[j - 1].id, o->kind, o->id) == 0) {
			*so = h->objs[--j];
			if (!same_object(so, o)) { /* another object with its id */
				obj_free(so);
				obj_start(so, o);
			}
		} else {
			obj_start(so, o);
		}
	}
	h->nobjs = count;
	if (h->objcap > 64 && count < h->objcap / 4) { /* most objects went: give the room back */
		struct series_obj *less = realloc(h->objs, (count ? count : 1) * sizeof(*less));
		if (less) {
			h->objs = less;
			h->objcap = count ? count : 1;
		}
	}
	return 0;
}

int series_record(struct series *h, const struct snapshot *s)
{
	const struct ipc_object **objs = sorted_objects(s);
	if (!objs) {
		errno = ENOMEM;
		return -1;
	}
	drop_gone(h, objs, s->count);
	if (place_all(h, objs, s->count) < 0) {
		free(objs);
		errno = ENOMEM;
		return -1; /* the histories of the objects still there are kept */
	}
	/* A sample per object; one that cannot be recorded loses its history
	 * rather than keep a wrong one. */
	size_t n = 0;
	int rc = 0;
	uint32_t t = h->next;
	for (size_t k = 0; k < h->nobjs; k++) {
		if (obj_record(&h->objs[k], s, objs[k], t) < 0) {
			obj_free(&h->objs[k]);
			rc = -1;
			continue;
		}
		h->objs[n++] = h->objs[k];
	}
	h->nobjs = n;
	free(objs);
	h->times[t % h->len] = s->taken;
	h->next = t + 1;
	prune_all(h, false);
	/* Over the budget: everyone's oldest quarter goes, until it fits or
	 * only two samples are left. */
	while (h->bytes > h->budget && series_samples(h) > 2) {
		size_t keep = series_samples(h) * 3 / 4;
		h->since = h->next - (uint32_t)(keep > 2 ? keep : 2);
		prune_all(h, true);
	}
	if (rc < 0)
		errno = ENOMEM;
	return rc;
}

int series_note_semvals(struct series *h, const struct ipc_object *o, const struct ipc_semval *v, unsigned n)
{
	struct series_obj *so = history_of(h, o);
	if (!so || so->kind != KIND_SEM || so->count == 0) {
		errno = ENOENT;
		return -1;
	}
	uint32_t t = h->next - 1;
	int32_t vals[1 + SERIES_MAX_SEMS];
	const int32_t *last = record_at(so, so->count - 1);
	memcpy(vals, last + 1, so->nvals * sizeof(int32_t));
	for (unsigned i = 0; i < n && i + 1 < so->nvals; i++)
		if (vals[1 + i] == SERIES_UNKNOWN)
			vals[1 + i] = v[i].value;
	if (record_sample(last) != t) {
		if (same_values(so, last, vals))
			return 0;
		return obj_append(so, t, vals);
	}
	/* The sample's own record: completed, or dropped when it now says
	 * what the record before it says. */
	memcpy(record_at(so, so->count - 1) + 1, vals, so->nvals * sizeof(int32_t));
	if (so->count >= 2 && same_values(so, record_at(so, so->count - 2), vals))
		so->count--;
	return 0;
}

/* ---- reading --------------------------------------------------------------------- */

size_t series_values(const struct series *h, const struct ipc_object *o, enum series_metric m, int32_t *out,
		     size_t max)
{
	const struct series_obj *so = history_of(h, o);
	int slot = so && so->count ? slot_of(so, m) : -1;
	if (slot < 0 || max == 0)
		return 0;
	/* Sample numbers are compared as distances from the first record's,
	 * which none is before (they wrap around after 2^32 samples). */
	uint32_t base = record_sample(record_at(so, 0)), from = window_start(h);
	if (from - base > h->next - base) /* the first record is in the window */
		from = base;
	if (h->next - from > max)
		from = h->next - (uint32_t)max;
	size_t n = 0, r = 0;
	for (uint32_t t = from; t != h->next; t++) {
		while (r + 1 < so->count && record_sample(record_at(so, r + 1)) - base <= t - base)
			r++;
		out[n++] = record_at(so, r)[1 + slot];
	}
	return n;
}

enum series_metric series_trend_metric(const struct ipc_object *o)
{
	return o->kind == KIND_SHM ? SERIES_NATTCH : o->kind == KIND_MSG ? SERIES_QNUM : SERIES_SEM0;
}

double series_rates(const struct series *h, const struct ipc_object *o, double *sent, double *received)
{
	int32_t s[SERIES_LEN_MAX], r[SERIES_LEN_MAX];
	size_t n = series_values(h, o, SERIES_SENT, s, SERIES_LEN_MAX);
	if (n < 2 || series_values(h, o, SERIES_RECEIVED, r, SERIES_LEN_MAX) != n)
		return 0;
	struct timespec a = series_time(h, n - 1), b = series_time(h, 0);
	double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	if (secs <= 0)
		return 0;
	double ns = 0, nr = 0;
	for (size_t i = 1; i < n; i++) { /* the first sample's counts are before the window */
		ns += s[i] > 0 ? s[i] : 0;
		nr += r[i] > 0 ? r[i] : 0;
	}
	*sent = ns / secs;
	*received = nr / secs;
	return secs;
}
