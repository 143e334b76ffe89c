/* snapmerge.c — a new read written over the previous one in place. The
 * previous objects not yet met sit at the top of the array, above the new
 * ones: the new read writes below them, and a gap is made (one memmove)
 * only when it has more objects there than the previous read had. */
#include "model/snapmerge.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"

/* The fields the read gives; the ones added after it (qbytes filled,
 * semaphore values, attach counts) do not make an object "changed". */
static bool same_fields(const struct ipc_object *a, const struct ipc_object *b)
{
	if (a->kind != b->kind || a->key != b->key || a->id != b->id || a->mode != b->mode ||
	    a->uid != b->uid || a->gid != b->gid || a->cuid != b->cuid || a->cgid != b->cgid ||
	    a->ctime != b->ctime)
		return false;
	switch (a->kind) {
	case KIND_SHM: {
		const struct ipc_shm_fields *x = &a->u.shm, *y = &b->u.shm;
		return x->size == y->size && x->nattch == y->nattch && x->cpid == y->cpid &&
		       x->lpid == y->lpid && x->atime == y->atime && x->dtime == y->dtime &&
		       x->rss == y->rss && x->swap == y->swap;
	}
	case KIND_MSG: {
		const struct ipc_msg_fields *x = &a->u.msg, *y = &b->u.msg;
		return x->cbytes == y->cbytes && x->qnum == y->qnum && x->lspid == y->lspid &&
		       x->lrpid == y->lrpid && x->stime == y->stime && x->rtime == y->rtime &&
		       (!x->has_qbytes || !y->has_qbytes || x->qbytes == y->qbytes);
	}
	default:
		return a->u.sem.nsems == b->u.sem.nsems && a->u.sem.otime == b->u.sem.otime;
	}
}

static int grow_objs(struct snapshot *s, size_t need)
{
	return array_grow((void **)&s->objs, &s->cap, need, sizeof(*s->objs));
}

int snapmerge_begin(struct snapmerge *m, struct snapshot *s, size_t expect)
{
	memset(m, 0, sizeof(*m));
	m->s = s;
	m->expect = expect;
	struct snapshot_delta *d = &s->delta;
	size_t nprev = s->count;
	if (array_grow((void **)&d->moved, &d->moved_cap, nprev + 1, sizeof(*d->moved)) < 0)
		return -1;
	size_t had = s->cap, room = expect + expect / 8 + 16;
	if (expect > nprev && grow_objs(s, room) < 0)
		return -1;
	if (s->cap > had)
		array_prefault(s->objs, s->cap, had, expect, sizeof(*s->objs));
	for (size_t i = 0; i < nprev; i++)
		d->moved[i] = SNAP_MOVED_NONE;
	d->nprev = nprev;
	d->from = s->gen;
	d->valid = true;
	m->r_end = nprev;
	if (expect > nprev) { /* the previous objects go up, above the room needed */
		m->r_end = room < s->cap ? room : s->cap; /* not the whole capacity: RSS */
		m->r = m->r_end - nprev;
		memmove(&s->objs[m->r], &s->objs[0], nprev * sizeof(*s->objs));
	}
	return 0;
}

/* The previous object at r did not come again. */
static void gone(struct snapmerge *m)
{
	m->r++;
	m->prev_r++;
	m->changed = true;
}

static uint64_t code_of(enum ipc_kind kind, int id)
{
	return (((uint64_t)kind << 32) | (uint32_t)id) + 1; /* 0 marks a free slot */
}

static size_t slot_of(uint64_t code, size_t mask)
{
	return (size_t)((code * 0x9e3779b97f4a7c15ull) >> 29) & mask;
}

static int build_hash(struct snapmerge *m)
{
	size_t n = m->r_end - m->r, cap = 16;
	while (cap < 2 * n)
		cap <<= 1;
	m->hkeys = calloc(cap, sizeof(*m->hkeys));
	m->hvals = malloc(cap * sizeof(*m->hvals));
	if (!m->hkeys || !m->hvals) {
		free(m->hkeys);
		free(m->hvals);
		m->hkeys = NULL;
		m->hvals = NULL;
		return -1;
	}
	m->hmask = cap - 1;
	for (size_t p = m->r; p < m->r_end; p++) {
		uint64_t c = code_of(m->s->objs[p].kind, m->s->objs[p].id);
		size_t i = slot_of(c, m->hmask);
		while (m->hkeys[i])
			i = (i + 1) & m->hmask;
		m->hkeys[i] = c;
		m->hvals[i] = (uint32_t)(m->prev_r + (p - m->r));
	}
	return 0;
}

/* The previous index of (kind, id), or SIZE_MAX. */
static size_t prev_index(struct snapmerge *m, enum ipc_kind kind, int id)
{
	if (!m->hkeys && build_hash(m) < 0) {
		m->s->delta.valid = false; /* cannot tell: every mismatch is "new" */
		return SIZE_MAX;
	}
	uint64_t c = code_of(kind, id);
	for (size_t i = slot_of(c, m->hmask); m->hkeys[i]; i = (i + 1) & m->hmask)
		if (m->hkeys[i] == c)
			return m->hvals[i];
	return SIZE_MAX;
}

/* Makes s->objs[w] free to write without losing a previous object. */
static int make_room(struct snapmerge *m)
{
	struct snapshot *s = m->s;
	if (m->r == m->r_end) { /* none left: everything above w is free */
		if (m->w >= s->cap && grow_objs(s, m->w + 1) < 0)
			return -1;
		m->r = m->r_end = s->cap;
		return 0;
	}
	if (m->w < m->r)
		return 0;
	/* More new objects than previous ones so far: move the rest up. */
	size_t left = m->r_end - m->r;
	size_t gap = m->expect > m->w + left ? m->expect - m->w - left : 0;
	gap += 16 + left / 8;
	if (grow_objs(s, m->r_end + gap) < 0)
		return -1;
	memmove(&s->objs[m->r + gap], &s->objs[m->r], left * sizeof(*s->objs));
	m->r += gap;
	m->r_end += gap;
	return 0;
}

int snapmerge_put(struct snapmerge *m, const struct ipc_object *o)
{
	struct snapshot *s = m->s;
	struct snapshot_delta *d = &s->delta;
	if (array_grow((void **)&d->state, &d->state_cap, m->w + 1, sizeof(*d->state)) < 0)
		return -1;
	while (m->r < m->r_end && s->objs[m->r].kind < o->kind)
		gone(m);
	enum obj_change state = OBJ_NEW;
	bool met = m->r < m->r_end && s->objs[m->r].kind == o->kind && s->objs[m->r].id == o->id;
	if (!met && m->r < m->r_end) {
		size_t j = prev_index(m, o->kind, o->id);
		if (j != SIZE_MAX && j >= m->prev_r) {
			while (m->prev_r < j)
				gone(m);
			met = true;
		} else if (j != SIZE_MAX) {
			state = OBJ_CHANGED; /* met before: read twice? */
		}
	}
	if (met) {
		state = same_fields(&s->objs[m->r], o) ? OBJ_SAME : OBJ_CHANGED;
		if (state == OBJ_SAME)
			d->moved[m->prev_r] = (uint32_t)m->w;
		m->r++;
		m->prev_r++;
	} else if (make_room(m) < 0) {
		return -1;
	}
	if (state != OBJ_SAME)
		m->changed = true;
	s->objs[m->w] = *o;
	d->state[m->w] = (uint8_t)state;
	m->w++;
	return 0;
}

size_t snapmerge_count(const struct snapmerge *m)
{
	return m->w;
}

void snapmerge_rewind(struct snapmerge *m, size_t to)
{
	struct snapshot_delta *d = &m->s->delta;
	for (size_t i = 0; i < d->nprev; i++)
		if (d->moved[i] != SNAP_MOVED_NONE && d->moved[i] >= to)
			d->moved[i] = SNAP_MOVED_NONE;
	if (m->w > to)
		m->changed = true;
	m->w = to;
	d->valid = false;
}

void snapmerge_end(struct snapmerge *m)
{
	struct snapshot_delta *d = &m->s->delta;
	if (m->r < m->r_end || m->w != d->nprev)
		m->changed = true;
	m->s->count = m->w;
	d->changed = m->changed;
	free(m->hkeys);
	free(m->hvals);
	m->hkeys = NULL;
	m->hvals = NULL;
}
