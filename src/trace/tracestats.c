/* tracestats.c — owns the per-object counters: the per-second and
 * per-process rings (advanced by the calls' own times), the duration and
 * wait histograms, and the bounded list of processes. */
#define _GNU_SOURCE
#include "trace/tracestats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NS_PER_S 1000000000ULL
#define BIN_NS (10 * NS_PER_S)

enum tstats_group tstats_group_of(enum trace_op op)
{
	switch (op) {
	case TOP_P: case TOP_SEND: case TOP_ATTACH: return TG_A;
	case TOP_V: case TOP_RECV: case TOP_DETACH: return TG_B;
	default: return TG_OTHER;
	}
}

static uint64_t obj_key(enum ipc_kind kind, int id)
{
	return ((uint64_t)kind << 32) | (uint32_t)id;
}

void tstats_init(struct tstats *s)
{
	idmap_init(&s->objs, sizeof(struct tstats_obj));
	s->calls = 0;
}

void tstats_clear(struct tstats *s)
{
	uint64_t key;
	for (size_t i = 0; i < s->objs.cap; i++) {
		struct tstats_obj *o = idmap_at(&s->objs, i, &key);
		if (o)
			free(o->procs);
	}
	idmap_free(&s->objs);
	s->calls = 0;
}

void tstats_free(struct tstats *s)
{
	tstats_clear(s);
}

/* A ring of n slots of `width` counters indexed by period: moves its head
 * to period p (zeroing the periods skipped), then returns the slot of p,
 * or NULL when p is older than the ring. */
static uint32_t *ring_slot(uint32_t *ring, size_t n, size_t width, uint64_t *head, uint64_t p)
{
	if (p > *head) {
		uint64_t skip = p - *head < n ? p - *head : n;
		for (uint64_t k = 1; k <= skip; k++)
			memset(ring + ((*head + k) % n) * width, 0, width * sizeof(*ring));
		*head = p;
	}
	if (p + n <= *head)
		return NULL;
	return ring + (p % n) * width;
}

/* The slot of period p for reading, or NULL when it holds nothing. */
static const uint32_t *ring_peek(const uint32_t *ring, size_t n, size_t width, uint64_t head, uint64_t p)
{
	if (p > head || p + n <= head)
		return NULL;
	return ring + (p % n) * width;
}

static size_t dur_bucket(uint64_t d)
{
	if (d < 4)
		return (size_t)d;
	unsigned b = 63u - (unsigned)__builtin_clzll(d);
	size_t i = 4 * (size_t)(b - 1) + (size_t)((d >> (b - 2)) & 3);
	return i < TSTATS_HIST ? i : TSTATS_HIST - 1;
}

/* The largest duration of bucket i. */
static uint64_t dur_upper(size_t i)
{
	if (i < 4)
		return i;
	unsigned b = (unsigned)(i / 4) + 1;
	return ((5 + (uint64_t)(i % 4)) << (b - 2)) - 1;
}

size_t tstats_wait_bucket(uint64_t ns)
{
	uint64_t limit = 10000; /* 10 µs */
	size_t b = 0;
	while (b < TSTATS_WAIT_BUCKETS - 1 && ns >= limit) {
		limit *= 10;
		b++;
	}
	return b;
}

const char *tstats_wait_label(size_t bucket, int utf8)
{
	static const char *const u[TSTATS_WAIT_BUCKETS] = { "<10µs", "<100µs", "<1ms", "<10ms",
							    "<100ms", "<1s", "<10s", "≥10s" };
	static const char *const a[TSTATS_WAIT_BUCKETS] = { "<10us", "<100us", "<1ms", "<10ms",
							    "<100ms", "<1s", "<10s", ">=10s" };
	return bucket < TSTATS_WAIT_BUCKETS ? (utf8 ? u : a)[bucket] : "?";
}

/* The process entry of pid: found, added, or the one called least
 * recently replaced. */
static struct tstats_proc *proc_entry(struct tstats_obj *o, pid_t pid)
{
	for (size_t i = 0; i < o->nprocs; i++)
		if (o->procs[i].pid == pid)
			return &o->procs[i];
	if (!o->procs) {
		o->procs = calloc(TSTATS_PROCS, sizeof(*o->procs));
		if (!o->procs)
			return NULL;
	}
	struct tstats_proc *p;
	if (o->nprocs < TSTATS_PROCS) {
		p = &o->procs[o->nprocs++];
	} else {
		p = &o->procs[0];
		for (size_t i = 1; i < o->nprocs; i++)
			if (o->procs[i].last.end_ns < p->last.end_ns)
				p = &o->procs[i];
	}
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	return p;
}

int tstats_add(struct tstats *s, const struct trace_call *c)
{
	enum ipc_kind kind = tracecall_kind(c);
	bool added;
	struct tstats_obj *o = idmap_put(&s->objs, obj_key(kind, c->id), &added);
	if (!o)
		return -1;
	if (added) {
		o->kind = kind;
		o->id = c->id;
	}
	enum trace_op op = tracecall_op(c);
	uint64_t d = c->end_ns >= c->start_ns ? c->end_ns - c->start_ns : 0;
	s->calls++;
	o->calls++;
	o->errors += tracecall_errno(c) != 0;
	o->by_op[op]++;
	o->dur[dur_bucket(d)]++;
	if (op == TOP_P || op == TOP_Z)
		o->wait[tstats_wait_bucket(d)]++;
	if (o->sec_head == 0)
		o->sec_head = c->end_ns / NS_PER_S;
	uint32_t *slot = ring_slot(&o->sec[0][0], TSTATS_SECONDS, TG_COUNT, &o->sec_head, c->end_ns / NS_PER_S);
	if (slot)
		slot[tstats_group_of(op)]++;
	if (c->end_ns > o->last_ns)
		o->last_ns = c->end_ns;
	struct tstats_proc *p = proc_entry(o, c->tgid);
	if (!p)
		return -1;
	if (p->bin_head == 0)
		p->bin_head = c->end_ns / BIN_NS;
	uint32_t *bin = ring_slot(p->bins, TSTATS_PROC_BINS, 1, &p->bin_head, c->end_ns / BIN_NS);
	if (bin)
		bin[0]++;
	if (c->end_ns >= p->last.end_ns)
		p->last = *c;
	return 0;
}

const struct tstats_obj *tstats_find(const struct tstats *s, enum ipc_kind kind, int id)
{
	return idmap_get(&s->objs, obj_key(kind, id));
}

uint32_t tstats_rate(const struct tstats_obj *o, enum tstats_group g, uint64_t now_ns)
{
	uint64_t now_s = now_ns / NS_PER_S;
	if (now_s == 0)
		return 0;
	const uint32_t *slot = ring_peek(&o->sec[0][0], TSTATS_SECONDS, TG_COUNT, o->sec_head, now_s - 1);
	if (!slot)
		return 0;
	return g == TG_COUNT ? slot[TG_A] + slot[TG_B] + slot[TG_OTHER] : slot[g];
}

size_t tstats_history(const struct tstats_obj *o, uint64_t now_ns, uint32_t *out, size_t n)
{
	uint64_t now_s = now_ns / NS_PER_S;
	if (n > TSTATS_SECONDS)
		n = TSTATS_SECONDS;
	for (size_t i = 0; i < n; i++) {
		uint64_t back = n - i;
		const uint32_t *slot = now_s >= back ? ring_peek(&o->sec[0][0], TSTATS_SECONDS, TG_COUNT,
								 o->sec_head, now_s - back)
						     : NULL;
		out[i] = slot ? slot[TG_A] + slot[TG_B] + slot[TG_OTHER] : 0;
	}
	return n;
}

uint64_t tstats_percentile(const struct tstats_obj *o, double pct)
{
	uint64_t total = 0;
	for (size_t i = 0; i < TSTATS_HIST; i++)
		total += o->dur[i];
	if (total == 0)
		return 0;
	double want = pct / 100.0 * (double)total;
	uint64_t sum = 0;
	for (size_t i = 0; i < TSTATS_HIST; i++) {
		sum += o->dur[i];
		if ((double)sum >= want && o->dur[i])
			return dur_upper(i);
	}
	return dur_upper(TSTATS_HIST - 1);
}

static uint32_t proc_count(const struct tstats_proc *p, uint64_t now_ns)
{
	uint64_t now_p = now_ns / BIN_NS;
	uint32_t sum = 0;
	for (uint64_t k = 0; k < TSTATS_PROC_BINS && k <= now_p; k++) {
		const uint32_t *bin = ring_peek(p->bins, TSTATS_PROC_BINS, 1, p->bin_head, now_p - k);
		sum += bin ? bin[0] : 0;
	}
	return sum;
}

size_t tstats_procs(const struct tstats_obj *o, uint64_t now_ns, const struct tstats_proc **out,
		    uint32_t *counts, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < o->nprocs; i++) {
		uint32_t c = proc_count(&o->procs[i], now_ns);
		if (c == 0)
			continue;
		/* Insertion by count, most first. */
		size_t at = n < max ? n : max;
		while (at > 0 && counts[at - 1] < c)
			at--;
		if (at >= max)
			continue;
		size_t last = n < max ? n : max - 1;
		for (size_t k = last; k > at; k--) {
			out[k] = out[k - 1];
			counts[k] = counts[k - 1];
		}
		out[at] = &o->procs[i];
		counts[at] = c;
		if (n < max)
			n++;
	}
	return n;
}

static int cmp_obj(const void *x, const void *y)
{
	const struct tstats_obj *a = *(const struct tstats_obj *const *)x, *b = *(const struct tstats_obj *const *)y;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	return (a->id > b->id) - (a->id < b->id);
}

size_t tstats_list(const struct tstats *s, const struct tstats_obj **out, size_t max)
{
	size_t n = 0;
	uint64_t key;
	for (size_t i = 0; i < s->objs.cap; i++) {
		const struct tstats_obj *o = idmap_at(&s->objs, i, &key);
		if (o && n < max)
			out[n++] = o;
	}
	qsort(out, n, sizeof(*out), cmp_obj);
	return s->objs.count;
}
