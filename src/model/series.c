/* series.c — owns the objects' histories: matching each snapshot's objects
 * to their histories (by kind and id, checked against what never changes),
 * recording a sample as a change record, the window and the memory budget,
 * and reading a metric back sample by sample. */
#define _GNU_SOURCE
#include "model/series.h"
#include "model/series_store.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define NVALS_MSG 5 /* messages, bytes, sent, received, waiters */
#define VAL_SENT 2   /* where a queue's sent and received are in a record */
#define VAL_RECEIVED 3

/* Where metric m is in a record of so's kind, or -1. */
static int slot_of(const struct series *h, const struct series_obj *so, enum series_metric m)
{
	switch (store_kind(so)) {
	case KIND_SHM: return m == SERIES_NATTCH ? 0 : -1;
	case KIND_MSG:
		return m >= SERIES_QNUM && m <= SERIES_WAITERS ? (int)(m - SERIES_QNUM) : -1;
	default:
		if (m == SERIES_WAITERS)
			return 0;
		return m >= SERIES_SEM0 && (unsigned)(m - SERIES_SEM0) + 1 < store_nvals(h, so)
			       ? (int)(m - SERIES_SEM0) + 1
			       : -1;
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
	return h->ticks[t % h->len].taken;
}

int series_init(struct series *h, unsigned len)
{
	memset(h, 0, sizeof(*h));
	if (len < SERIES_LEN_MIN || len > SERIES_LEN_MAX) {
		errno = EINVAL;
		return -1;
	}
	h->ticks = calloc(len, sizeof(*h->ticks));
	if (!h->ticks)
		return -1;
	h->len = len;
	h->budget = SERIES_BUDGET;
	return 0;
}

void series_free(struct series *h)
{
	free(h->objs);
	free(h->arena);
	free(h->ticks);
	memset(h, 0, sizeof(*h));
}

static void prune_all(struct series *h, bool tight)
{
	uint32_t start = window_start(h);
	for (size_t i = 0; i < h->nobjs; i++)
		store_prune(h, &h->objs[i], start);
	store_compact(h, tight);
	h->bytes = store_bytes(h);
}

int series_set_len(struct series *h, unsigned len)
{
	if (len < SERIES_LEN_MIN || len > SERIES_LEN_MAX) {
		errno = EINVAL;
		return -1;
	}
	struct series_tick *ticks = calloc(len, sizeof(*ticks));
	if (!ticks)
		return -1;
	size_t kept = series_samples(h);
	if (kept > len)
		kept = len;
	for (size_t k = 0; k < kept; k++) {
		uint32_t t = h->next - 1 - (uint32_t)k;
		ticks[t % len] = h->ticks[t % h->len];
	}
	free(h->ticks);
	h->ticks = ticks;
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

static int cmp_objs(const void *a, const void *b, void *objs)
{
	const struct ipc_object *x = (const struct ipc_object *)objs + *(const uint32_t *)a,
				*y = (const struct ipc_object *)objs + *(const uint32_t *)b;
	return cmp_kind_id(x->kind, x->id, y->kind, y->id);
}

/* Where o is, or goes, among the histories: -1, 0 or 1 as in strcmp. */
static int cmp_entry(const struct ipc_object *o, const struct series_obj *so)
{
	return cmp_kind_id(o->kind, o->id, store_kind(so), so->id);
}

static struct series_obj *find(const struct series *h, const struct ipc_object *o)
{
	size_t lo = 0, hi = h->nobjs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_entry(o, &h->objs[mid]);
		if (c == 0)
			return &h->objs[mid];
		if (c > 0)
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

/* One step of the 64-bit mix the identity and a queue's signs are hashed
 * with, and the 32 bits kept of it. */
static uint64_t mix(uint64_t x, uint64_t part)
{
	x = (x ^ part) * 0xbf58476d1ce4e5b9ull;
	return x ^ (x >> 31);
}

static uint32_t fold(uint64_t x)
{
	return (uint32_t)(x ^ (x >> 32));
}

#define MIX_SEED 0x9e3779b97f4a7c15ull

/* A hash of what never changes for one object: its key, creator's uid and
 * gid, a segment's size and creator, a set's nsems. Two objects given the
 * same id that differ in any of them differ here but for one chance in 2^32. */
static uint32_t ident_of(const struct ipc_object *o)
{
	const uint64_t parts[] = { (uint32_t)o->key, o->cuid, o->cgid, fixed_size(o),
				   o->kind == KIND_SHM ? (uint32_t)o->u.shm.cpid : 0 };
	uint64_t x = MIX_SEED;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		x = mix(x, parts[i]);
	return fold(x);
}

/* Is so the history of o (found by kind and id), and not of an earlier
 * object with its id? Its ctime never goes back (compared mod 2^32). */
static bool same_object(const struct series_obj *so, const struct ipc_object *o)
{
	return so->ident == ident_of(o) && (int32_t)((uint32_t)o->ctime - so->ctime) >= 0;
}

/* o's history with at least one record, or NULL. */
static struct series_obj *history_of(const struct series *h, const struct ipc_object *o)
{
	struct series_obj *so = find(h, o);
	return so && same_object(so, o) && store_count(h, so) ? so : NULL;
}

static unsigned nvals_of(const struct ipc_object *o)
{
	return o->kind == KIND_SHM ? 1
	       : o->kind == KIND_MSG ? NVALS_MSG
				    : 1 + (o->u.sem.nsems < SERIES_MAX_SEMS ? o->u.sem.nsems : SERIES_MAX_SEMS);
}

static void obj_start(struct series_obj *so, const struct ipc_object *o)
{
	store_start(so, o->kind, o->id, ident_of(o), (uint32_t)o->ctime);
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

/* What says a queue had a send (its last sender and send time) or a
 * receive since: equal words, no sign of one (but for one chance in 2^32). */
static int32_t sign_of(pid_t pid, time_t t)
{
	return (int32_t)fold(mix(mix(MIX_SEED, (uint32_t)pid), (uint64_t)t));
}

/* Messages sent and received between so's last sample and o, at least:
 * the count's change is sent - received; a new last sender or send time
 * means at least one send, a new last receiver or receive time at least
 * one receive. At the first sample, 0 and 0: series_values says unknown
 * (the block is fresh), which costs no second record. The queue's signs
 * move on to o's. */
static void estimate(const struct series *h, const struct series_obj *so, const struct ipc_object *o,
		     int32_t *sent, int32_t *received)
{
	const struct ipc_msg_fields *q = &o->u.msg;
	int32_t *signs = store_extra(h, so), send = sign_of(q->lspid, q->stime), recv = sign_of(q->lrpid, q->rtime);
	unsigned count = store_count(h, so);
	*sent = *received = 0;
	if (count) {
		int64_t d = (int64_t)clamp(q->qnum) - store_record(h, so, count - 1)[1];
		int64_t sent_min = d > 0 ? d : 0, recv_min = d < 0 ? -d : 0;
		if (send != signs[0] && sent_min < 1)
			sent_min = 1;
		if (recv != signs[1] && recv_min < 1)
			recv_min = 1;
		int64_t got = recv_min > sent_min - d ? recv_min : sent_min - d;
		*received = clamp((uint64_t)got);
		*sent = clamp((uint64_t)(got + d));
	}
	signs[0] = send;
	signs[1] = recv;
}

static void values_now(struct series *h, struct series_obj *so, const struct snapshot *s, const struct ipc_object *o,
		       int32_t *v)
{
	if (o->kind == KIND_SHM) {
		v[0] = clamp(o->u.shm.nattch);
	} else if (o->kind == KIND_MSG) {
		v[0] = clamp(o->u.msg.qnum);
		v[1] = clamp(o->u.msg.cbytes);
		estimate(h, so, o, &v[VAL_SENT], &v[VAL_RECEIVED]);
		v[4] = waiters_of(o);
	} else {
		const struct ipc_semval *sv = snapshot_semvals(s, o);
		v[0] = waiters_of(o);
		for (unsigned i = 0; i + 1 < nvals_of(o); i++)
			v[1 + i] = sv ? sv[i].value : SERIES_UNKNOWN;
	}
	so->ctime = (uint32_t)o->ctime;
}

static bool same_values(const struct series *h, const struct series_obj *so, const int32_t *r, const int32_t *v)
{
	return memcmp(r + 1, v, store_nvals(h, so) * sizeof(int32_t)) == 0;
}

/* Records sample t of o into so: a record when a value changed. Returns 0
 * or -1 (ENOMEM). */
static int obj_record(struct series *h, struct series_obj *so, const struct snapshot *s, const struct ipc_object *o,
		      uint32_t t)
{
	int32_t v[1 + SERIES_MAX_SEMS];
	if (store_open(h, so, nvals_of(o)) < 0)
		return -1;
	values_now(h, so, s, o, v);
	unsigned count = store_count(h, so);
	if (count && same_values(h, so, store_record(h, so, count - 1), v))
		return 0;
	return store_append(h, so, t, v);
}

/* The snapshot's objects by kind and id: their indexes (NULL with ENOMEM).
 * Indexes, not pointers, and no sort when /proc already listed them in
 * order: at 64 000 objects every refresh allocates this. */
static uint32_t *sorted_objects(const struct snapshot *s)
{
	uint32_t *order = malloc((s->count ? s->count : 1) * sizeof(*order));
	if (!order)
		return NULL;
	bool sorted = true;
	for (size_t i = 0; i < s->count; i++) {
		order[i] = (uint32_t)i;
		if (i && sorted && cmp_objs(&order[i - 1], &order[i], s->objs) > 0)
			sorted = false;
	}
	if (!sorted)
		qsort_r(order, s->count, sizeof(*order), cmp_objs, s->objs);
	return order;
}

static bool kind_read(const struct snapshot *s, const struct series_obj *so)
{
	return s->kinds & KIND_BIT(store_kind(so));
}

/* The histories of the objects gone, or whose id another object has now,
 * are dropped and the others close up, in place (forward: the write index
 * never passes the read one); those of the kinds s did not read stay.
 * order: the snapshot's objects in the histories' order. Returns how many
 * of the kinds not read stay. */
static size_t drop_gone(struct series *h, const struct snapshot *s, const uint32_t *order)
{
	size_t m = 0, i = 0, unread = 0;
	for (size_t j = 0; j < h->nobjs; j++) {
		struct series_obj *so = &h->objs[j];
		if (!kind_read(s, so)) {
			h->objs[m++] = *so;
			unread++;
			continue;
		}
		while (i < s->count && cmp_entry(&s->objs[order[i]], so) < 0)
			i++;
		if (i < s->count && cmp_entry(&s->objs[order[i]], so) == 0 && same_object(so, &s->objs[order[i]]))
			h->objs[m++] = *so;
		else
			store_drop(h, so);
	}
	h->nobjs = m;
	return unread;
}

/* Every object gets its place among the histories left (its own, the
 * unread kinds'), the new objects' start: merged from the end (each history
 * left keeps its place or moves up, so the write index never falls below
 * the read one). No second array: at 64 000 objects that would be 1 MB
 * more at every refresh. */
static int place_all(struct series *h, const struct snapshot *s, const uint32_t *order, size_t unread)
{
	size_t total = s->count + unread;
	if (total > h->objcap) {
		struct series_obj *more = realloc(h->objs, total * sizeof(*more));
		if (!more)
			return -1;
		h->objs = more;
		h->objcap = total;
	}
	size_t j = h->nobjs, k = s->count;
	for (size_t w = total; w-- > 0;) {
		const struct ipc_object *o = k > 0 ? &s->objs[order[k - 1]] : NULL;
		int c = !o ? -1 : j == 0 ? 1 : cmp_entry(o, &h->objs[j - 1]);
		if (c > 0) { /* a new object */
			obj_start(&h->objs[w], o);
			k--;
		} else { /* its history (c 0), or one of a kind not read */
			h->objs[w] = h->objs[--j];
			k -= c == 0;
		}
	}
	h->nobjs = total;
	if (h->objcap > 64 && total < h->objcap / 4) { /* most objects went: give the room back */
		struct series_obj *less = realloc(h->objs, (total ? total : 1) * sizeof(*less));
		if (less) {
			h->objs = less;
			h->objcap = total ? total : 1;
		}
	}
	return 0;
}

int series_record(struct series *h, const struct snapshot *s)
{
	uint32_t *order = sorted_objects(s);
	if (!order) {
		errno = ENOMEM;
		return -1;
	}
	if (place_all(h, s, order, drop_gone(h, s, order)) < 0) {
		free(order);
		errno = ENOMEM;
		return -1; /* the histories of the objects still there are kept */
	}
	/* A sample per object read (in order, they are the histories of the
	 * kinds read); one that cannot be recorded loses its history rather
	 * than keep a wrong one. */
	size_t n = 0, k = 0;
	int rc = 0;
	uint32_t t = h->next;
	for (size_t i = 0; i < h->nobjs; i++) {
		struct series_obj *so = &h->objs[i];
		/* k < s->count always: the entries of the kinds read are s's objects */
		if (kind_read(s, so) && k < s->count && obj_record(h, so, s, &s->objs[order[k++]], t) < 0) {
			store_drop(h, so);
			rc = -1;
			continue;
		}
		h->objs[n++] = *so;
	}
	h->nobjs = n;
	free(order);
	h->ticks[t % h->len] = (struct series_tick){ s->taken, s->kinds };
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
	if (!so || o->kind != KIND_SEM) {
		errno = ENOENT;
		return -1;
	}
	uint32_t t = h->next - 1;
	unsigned nvals = store_nvals(h, so), count = store_count(h, so);
	int32_t vals[1 + SERIES_MAX_SEMS];
	const int32_t *last = store_record(h, so, count - 1);
	memcpy(vals, last + 1, nvals * sizeof(int32_t));
	for (unsigned i = 0; i < n && i + 1 < nvals; i++)
		if (vals[1 + i] == SERIES_UNKNOWN)
			vals[1 + i] = v[i].value;
	if (store_sample(last) != t) {
		if (same_values(h, so, last, vals))
			return 0;
		return store_append(h, so, t, vals);
	}
	/* The sample's own record: completed, or dropped when it now says
	 * what the record before it says. */
	memcpy(store_record(h, so, count - 1) + 1, vals, nvals * sizeof(int32_t));
	if (count >= 2 && same_values(h, so, store_record(h, so, count - 2), vals))
		store_unappend(h, so);
	return 0;
}

/* ---- reading --------------------------------------------------------------------- */

size_t series_values(const struct series *h, const struct ipc_object *o, enum series_metric m, int32_t *out,
		     size_t max)
{
	const struct series_obj *so = history_of(h, o);
	int slot = so ? slot_of(h, so, m) : -1;
	if (slot < 0 || max == 0)
		return 0;
	/* Sample numbers are compared as distances from the first record's,
	 * which none is before (they wrap around after 2^32 samples). */
	unsigned count = store_count(h, so);
	uint32_t base = store_sample(store_record(h, so, 0)), from = window_start(h);
	if (from - base > h->next - base) /* the first record is in the window */
		from = base;
	if (h->next - from > max)
		from = h->next - (uint32_t)max;
	/* A queue's first sample has no sent and received to estimate. */
	bool unknown_at_base = store_fresh(h, so) && store_kind(so) == KIND_MSG &&
			       (slot == VAL_SENT || slot == VAL_RECEIVED);
	size_t n = 0;
	unsigned r = 0;
	for (uint32_t t = from; t != h->next; t++) {
		while (r + 1 < count && store_sample(store_record(h, so, r + 1)) - base <= t - base)
			r++;
		bool unread = !(h->ticks[t % h->len].kinds & KIND_BIT(store_kind(so)));
		out[n++] = unread || (unknown_at_base && t == base) ? SERIES_UNKNOWN : store_record(h, so, r)[1 + slot];
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
