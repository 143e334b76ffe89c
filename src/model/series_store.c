/* series_store.c — owns the arena the histories' records live in: an
 * object's block (opened, grown by moving it to the end, pruned, dropped)
 * and closing up the holes moving leaves (see series_store.h). */
#define _GNU_SOURCE
#include "model/series_store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define WHERE_BITS 30
#define WHERE_MASK ((1u << WHERE_BITS) - 1)
#define STORE_NONE WHERE_MASK /* no block yet */

#define HEAD_COUNT 0xffffu  /* bits 0..15: records */
#define HEAD_NVALS_SHIFT 16 /* bits 16..23: values per record */
#define HEAD_FRESH (1u << 24)

void store_start(struct series_obj *so, enum ipc_kind kind, int id, uint32_t ident, uint32_t ctime)
{
	so->id = id;
	so->ident = ident;
	so->ctime = ctime;
	so->where = (uint32_t)kind << WHERE_BITS | STORE_NONE;
}

enum ipc_kind store_kind(const struct series_obj *so)
{
	return (enum ipc_kind)(so->where >> WHERE_BITS);
}

static uint32_t block_at(const struct series_obj *so)
{
	return so->where & WHERE_MASK;
}

static void move_block(struct series_obj *so, size_t at)
{
	so->where = (so->where & ~WHERE_MASK) | (uint32_t)at;
}

static uint32_t head(const struct series *h, const struct series_obj *so)
{
	return block_at(so) == STORE_NONE ? 0 : (uint32_t)h->arena[block_at(so)];
}

static void set_head(struct series *h, const struct series_obj *so, uint32_t v)
{
	h->arena[block_at(so)] = (int32_t)v;
}

unsigned store_count(const struct series *h, const struct series_obj *so)
{
	return head(h, so) & HEAD_COUNT;
}

unsigned store_nvals(const struct series *h, const struct series_obj *so)
{
	return (head(h, so) >> HEAD_NVALS_SHIFT) & 0xffu;
}

bool store_fresh(const struct series *h, const struct series_obj *so)
{
	return head(h, so) & HEAD_FRESH;
}

static size_t extra_words(enum ipc_kind kind)
{
	return kind == KIND_MSG ? EXTRA_MSG : 0;
}

/* Records a block of count records has room for: pow2(count), at least 1. */
static size_t room(unsigned count)
{
	size_t r = 1;
	while (r < count)
		r *= 2;
	return r;
}

static size_t block_words(enum ipc_kind kind, unsigned nvals, unsigned count)
{
	return 1 + extra_words(kind) + room(count) * (1 + (size_t)nvals);
}

static size_t words_of(const struct series *h, const struct series_obj *so)
{
	return block_words(store_kind(so), store_nvals(h, so), store_count(h, so));
}

int32_t *store_extra(const struct series *h, const struct series_obj *so)
{
	return h->arena + block_at(so) + 1;
}

int32_t *store_record(const struct series *h, const struct series_obj *so, unsigned i)
{
	return h->arena + block_at(so) + 1 + extra_words(store_kind(so)) + (size_t)i * (1 + store_nvals(h, so));
}

uint32_t store_sample(const int32_t *record)
{
	return (uint32_t)record[0];
}

/* Room for words more at the arena's end. Returns where they start, or
 * STORE_NONE (ENOMEM). */
static size_t reserve(struct series *h, size_t words)
{
	if (h->arena_len + words > WHERE_MASK - 1) {
		errno = ENOMEM;
		return STORE_NONE;
	}
	if (h->arena_len + words > h->arena_cap) {
		size_t cap = h->arena_cap ? h->arena_cap * 2 : 1024;
		while (cap < h->arena_len + words)
			cap *= 2;
		int32_t *more = realloc(h->arena, cap * sizeof(*more));
		if (!more)
			return STORE_NONE;
		h->arena = more;
		h->arena_cap = cap;
	}
	size_t at = h->arena_len;
	h->arena_len += words;
	return at;
}

int store_open(struct series *h, struct series_obj *so, unsigned nvals)
{
	if (block_at(so) != STORE_NONE)
		return 0;
	size_t words = block_words(store_kind(so), nvals, 0);
	size_t at = reserve(h, words);
	if (at == STORE_NONE)
		return -1;
	memset(h->arena + at, 0, words * sizeof(int32_t));
	move_block(so, at);
	set_head(h, so, nvals << HEAD_NVALS_SHIFT | HEAD_FRESH);
	return 0;
}

int store_append(struct series *h, struct series_obj *so, uint32_t t, const int32_t *v)
{
	unsigned count = store_count(h, so), nvals = store_nvals(h, so);
	if (count == HEAD_COUNT) {
		errno = ENOMEM;
		return -1;
	}
	if (count + 1 > room(count)) { /* full: to the end, at twice the room */
		size_t old = words_of(h, so);
		size_t at = reserve(h, block_words(store_kind(so), nvals, count + 1));
		if (at == STORE_NONE)
			return -1;
		memcpy(h->arena + at, h->arena + block_at(so), old * sizeof(int32_t));
		h->holes += old;
		move_block(so, at);
	}
	int32_t *r = store_record(h, so, count);
	r[0] = (int32_t)t;
	memcpy(r + 1, v, nvals * sizeof(int32_t));
	set_head(h, so, head(h, so) + 1);
	return 0;
}

/* Sets so's count, the room it no longer needs becoming a hole. */
static void shrink_to(struct series *h, struct series_obj *so, unsigned count, bool fresh)
{
	size_t before = words_of(h, so);
	uint32_t hd = head(h, so) & ~(HEAD_COUNT | HEAD_FRESH);
	set_head(h, so, hd | count | (fresh ? HEAD_FRESH : 0));
	h->holes += before - words_of(h, so);
}

void store_unappend(struct series *h, struct series_obj *so)
{
	shrink_to(h, so, store_count(h, so) - 1, store_fresh(h, so));
}

void store_prune(struct series *h, struct series_obj *so, uint32_t start)
{
	unsigned count = store_count(h, so), drop = 0;
	/* sample numbers wrap: a <= b when b is less than 2^31 samples after a */
	while (count - drop >= 2 && start - store_sample(store_record(h, so, drop + 1)) < 0x80000000u)
		drop++;
	if (drop == 0)
		return;
	size_t stride = 1 + (size_t)store_nvals(h, so);
	memmove(store_record(h, so, 0), store_record(h, so, drop), (count - drop) * stride * sizeof(int32_t));
	shrink_to(h, so, count - drop, false);
}

void store_drop(struct series *h, struct series_obj *so)
{
	if (block_at(so) == STORE_NONE)
		return;
	h->holes += words_of(h, so);
	move_block(so, STORE_NONE);
}

static int by_block(const void *a, const void *b, void *objs)
{
	const struct series_obj *o = objs;
	uint32_t x = block_at(&o[*(const uint32_t *)a]), y = block_at(&o[*(const uint32_t *)b]);
	return (x > y) - (x < y);
}

/* Moves every block down over the holes, in the arena's order (each only
 * moves down, so no second arena). */
static void close_holes(struct series *h)
{
	uint32_t *order = malloc((h->nobjs ? h->nobjs : 1) * sizeof(*order));
	if (!order)
		return; /* the holes stay until next time */
	size_t n = 0;
	for (size_t i = 0; i < h->nobjs; i++)
		if (block_at(&h->objs[i]) != STORE_NONE)
			order[n++] = (uint32_t)i;
	qsort_r(order, n, sizeof(*order), by_block, h->objs);
	size_t to = 0;
	for (size_t k = 0; k < n; k++) {
		struct series_obj *so = &h->objs[order[k]];
		size_t words = words_of(h, so);
		memmove(h->arena + to, h->arena + block_at(so), words * sizeof(int32_t));
		move_block(so, to);
		to += words;
	}
	free(order);
	h->arena_len = to;
	h->holes = 0;
}

void store_compact(struct series *h, bool tight)
{
	if (h->holes && (tight || h->holes * 3 >= h->arena_len))
		close_holes(h);
	if (h->arena_cap > 1024 && (tight ? h->arena_len < h->arena_cap : h->arena_len * 4 <= h->arena_cap)) {
		size_t cap = tight ? h->arena_len : h->arena_len * 2;
		int32_t *less = realloc(h->arena, (cap ? cap : 1) * sizeof(*less));
		if (less) {
			h->arena = less;
			h->arena_cap = cap ? cap : 1;
		}
	}
}

size_t store_bytes(const struct series *h)
{
	return h->objcap * sizeof(*h->objs) + h->len * sizeof(*h->ticks) + h->arena_cap * sizeof(*h->arena);
}
