/* history.c — owns carrying facts from one snapshot to the next: waiting
 * since (matched by thread, call and object) and segment creators' command
 * lines (matched by id, key and cpid; new creators read in one batch). */
#define _GNU_SOURCE
#include "model/history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "proc/cmdtable.h"

static int cmp_wait(const void *a, const void *b)
{
	const struct history_wait *x = a, *y = b;
	if (x->tid != y->tid)
		return (x->tid > y->tid) - (x->tid < y->tid);
	if (x->call != y->call)
		return (x->call > y->call) - (x->call < y->call);
	return (x->id > y->id) - (x->id < y->id);
}

static int carry_waits(struct history *h, struct waiter_table *t)
{
	for (size_t i = 0; i < t->count; i++) {
		struct waiter *w = &t->v[i];
		struct history_wait key = { w->tid, (int)w->call, w->id, { 0, 0 } };
		const struct history_wait *seen =
			h->nwaits ? bsearch(&key, h->waits, h->nwaits, sizeof(key), cmp_wait) : NULL;
		if (seen)
			w->since = seen->since;
	}
	if (array_grow((void **)&h->waits, &h->waitcap, t->count, sizeof(*h->waits)) < 0)
		return -1;
	for (size_t i = 0; i < t->count; i++)
		h->waits[i] = (struct history_wait){ t->v[i].tid, (int)t->v[i].call, t->v[i].id, t->v[i].since };
	h->nwaits = t->count;
	if (h->nwaits > 1) /* waits may be NULL when empty */
		qsort(h->waits, h->nwaits, sizeof(*h->waits), cmp_wait);
	return 0;
}

static const struct snapshot_creator *known_creator(const struct history *h, const struct ipc_object *o)
{
	return snapshot_creator_find(h->creators, h->ncreators, o);
}

static int add_creator(struct snapshot *s, const struct ipc_object *o, const char *command)
{
	if (array_grow((void **)&s->creators, &s->creatorcap, s->ncreators + 1, sizeof(*s->creators)) < 0)
		return -1;
	struct snapshot_creator *c = &s->creators[s->ncreators++];
	c->id = o->id;
	c->key = o->key;
	c->cpid = o->u.shm.cpid;
	snprintf(c->command, sizeof(c->command), "%s", command);
	return 0;
}

/* The creators of the segments new to the history are read in one batch
 * (one read per distinct pid). */
static int carry_creators(struct history *h, struct snapshot *s)
{
	s->ncreators = 0;
	size_t nnew = 0;
	pid_t *pids = malloc((s->count ? s->count : 1) * sizeof(*pids));
	if (!pids)
		return -1;
	for (size_t i = 0; i < s->count; i++) {
		const struct ipc_object *o = &s->objs[i];
		if (o->kind == KIND_SHM && o->u.shm.cpid > 0 && !known_creator(h, o))
			pids[nnew++] = o->u.shm.cpid;
	}
	struct cmd_table fresh = { 0 };
	int rc = cmdtable_build(&fresh, pids, nnew);
	free(pids);
	for (size_t i = 0; rc == 0 && i < s->count; i++) {
		const struct ipc_object *o = &s->objs[i];
		if (o->kind != KIND_SHM || o->u.shm.cpid <= 0)
			continue;
		const struct snapshot_creator *old = known_creator(h, o);
		const struct cmd_entry *e = old ? NULL : cmdtable_find(&fresh, o->u.shm.cpid);
		if (old || (e && e->readable))
			rc = add_creator(s, o, old ? old->command : e->text);
	}
	cmdtable_free(&fresh);
	if (rc < 0)
		return -1;
	/* s->objs are in index order: sort by id for the lookups */
	snapshot_creators_sort(s->creators, s->ncreators);
	if (array_grow((void **)&h->creators, &h->creatorcap, s->ncreators, sizeof(*h->creators)) < 0)
		return -1;
	if (s->ncreators) /* both may be NULL when empty */
		memcpy(h->creators, s->creators, s->ncreators * sizeof(*s->creators));
	h->ncreators = s->ncreators;
	return 0;
}

int history_apply(struct history *h, struct snapshot *s)
{
	int rc = carry_waits(h, &s->waiters);
	if (rc == 0)
		rc = carry_creators(h, s);
	snapshot_summarize_waiters(s);
	if (rc < 0)
		errno = ENOMEM;
	return rc;
}

void history_free(struct history *h)
{
	free(h->waits);
	free(h->creators);
	memset(h, 0, sizeof(*h));
}
