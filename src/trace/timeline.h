/* timeline.h — the latest traced calls, newest first, for the TUI's
 * timeline pane: a bounded ring, a pause (calls made meanwhile are not
 * added: the view stays still) and a filter by process or object. Pure. */
#ifndef IPCTOP_TIMELINE_H
#define IPCTOP_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace/tracecall.h"

#define TIMELINE_CAP 512

struct timeline_filter {
	bool by_pid;
	pid_t pid;          /* the process (tgid) */
	bool by_obj;
	enum ipc_kind kind;
	int id;
};

struct timeline {
	struct trace_call ring[TIMELINE_CAP];
	size_t head;        /* where the next call goes */
	size_t count;       /* calls in the ring */
	bool paused;
	struct timeline_filter filter;
	uint64_t skipped;   /* calls not added while paused */
};

void timeline_init(struct timeline *t);

/* Does the call pass the filter (an empty filter passes everything)? */
bool timeline_matches(const struct timeline_filter *f, const struct trace_call *c);

/* Adds a call unless paused (counted in skipped) or filtered out. */
void timeline_add(struct timeline *t, const struct trace_call *c);

/* The i-th newest call in the ring that passes the filter, or NULL. */
const struct trace_call *timeline_get(const struct timeline *t, size_t i);

/* How many calls in the ring pass the filter. */
size_t timeline_count(const struct timeline *t);

#endif
