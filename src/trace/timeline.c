/* timeline.c — the ring of the latest calls and its filter. */
#define _GNU_SOURCE
#include "trace/timeline.h"

#include <string.h>

void timeline_init(struct timeline *t)
{
	memset(t, 0, sizeof(*t));
}

bool timeline_matches(const struct timeline_filter *f, const struct trace_call *c)
{
	if (f->by_pid && c->tgid != f->pid)
		return false;
	if (f->by_obj && (tracecall_kind(c) != f->kind || c->id != f->id))
		return false;
	return true;
}

void timeline_add(struct timeline *t, const struct trace_call *c)
{
	if (t->paused) {
		t->skipped++;
		return;
	}
	if (!timeline_matches(&t->filter, c))
		return;
	t->ring[t->head] = *c;
	t->head = (t->head + 1) % TIMELINE_CAP;
	if (t->count < TIMELINE_CAP)
		t->count++;
}

const struct trace_call *timeline_get(const struct timeline *t, size_t i)
{
	for (size_t k = 0; k < t->count; k++) {
		const struct trace_call *c = &t->ring[(t->head + TIMELINE_CAP - 1 - k) % TIMELINE_CAP];
		if (!timeline_matches(&t->filter, c))
			continue;
		if (i-- == 0)
			return c;
	}
	return NULL;
}

size_t timeline_count(const struct timeline *t)
{
	size_t n = 0;
	for (size_t k = 0; k < t->count; k++)
		n += timeline_matches(&t->filter, &t->ring[k]);
	return n;
}
