/* tracestats.h — what the traced calls add up to, per object: calls and
 * errors by operation, calls per second over the last minute (split in
 * two groups where it matters: P and V, send and receive, attach and
 * detach), call durations (for p50/p99), for semaphore sets how long P and
 * wait-for-zero took (a histogram of exit − entry), and the processes that
 * called in the last minute with their counts and last call. Memory per
 * object is bounded. Pure functions of the calls and the times given. */
#ifndef IPCTOP_TRACESTATS_H
#define IPCTOP_TRACESTATS_H

#include <stddef.h>
#include <stdint.h>

#include "trace/idmap.h"
#include "trace/tracecall.h"

#define TSTATS_SECONDS 60    /* history of calls per second */
#define TSTATS_PROCS 16      /* processes remembered per object */
#define TSTATS_PROC_BINS 6   /* calls per process in 10-second bins: one minute */
#define TSTATS_WAIT_BUCKETS 8
#define TSTATS_HIST 160      /* durations: 4 buckets per power of two, to 2^40 ns */

/* The groups rates are split in: P, send or attach (A); V, receive or
 * detach (B); everything else (wait-for-zero, ctl, get ...). */
enum tstats_group { TG_A, TG_B, TG_OTHER, TG_COUNT };

enum tstats_group tstats_group_of(enum trace_op op);

struct tstats_proc {
	pid_t pid;                       /* the process (tgid) */
	uint32_t bins[TSTATS_PROC_BINS]; /* calls per 10-second period */
	uint64_t bin_head;               /* the period of the newest bin */
	struct trace_call last;          /* its latest call */
};

struct tstats_obj {
	enum ipc_kind kind;
	int id;                           /* -1: segments detached by address unknown */
	uint64_t calls, errors;
	uint64_t by_op[TOP_COUNT];
	uint32_t dur[TSTATS_HIST];        /* duration histogram */
	uint32_t wait[TSTATS_WAIT_BUCKETS]; /* sets: P and wait-for-zero durations */
	uint32_t sec[TSTATS_SECONDS][TG_COUNT];
	uint64_t sec_head;                /* the second of the newest slot */
	struct tstats_proc *procs;        /* up to TSTATS_PROCS */
	size_t nprocs;
	uint64_t last_ns;                 /* end of its latest call */
};

struct tstats {
	struct idmap objs; /* (kind, id) -> struct tstats_obj */
	uint64_t calls;
};

void tstats_init(struct tstats *s);
void tstats_free(struct tstats *s);
/* Forgets every object (tracing switched off). */
void tstats_clear(struct tstats *s);

/* Counts a completed call (done). Returns 0, or -1 with errno ENOMEM. */
int tstats_add(struct tstats *s, const struct trace_call *c);

const struct tstats_obj *tstats_find(const struct tstats *s, enum ipc_kind kind, int id);

/* Calls of group g (TG_COUNT: all) in the last complete second before
 * now_ns (trace clock). */
uint32_t tstats_rate(const struct tstats_obj *o, enum tstats_group g, uint64_t now_ns);

/* Calls per second (all groups) of the n complete seconds before now_ns,
 * oldest first, into out (n <= TSTATS_SECONDS). Returns n. */
size_t tstats_history(const struct tstats_obj *o, uint64_t now_ns, uint32_t *out, size_t n);

/* The duration (ns) below which pct percent of the calls took: the upper
 * end of the histogram bucket holding that call (within 19 %). 0 when
 * there were no calls. */
uint64_t tstats_percentile(const struct tstats_obj *o, double pct);

/* The wait bucket of a duration: <10µs, <100µs, <1ms, <10ms, <100ms, <1s,
 * <10s, ≥10s. */
size_t tstats_wait_bucket(uint64_t ns);
/* "<10µs", ..., ">=10s" (ASCII when utf8 is 0). */
const char *tstats_wait_label(size_t bucket, int utf8);

/* The processes that called in the last minute before now_ns, most calls
 * first: pointers into o (valid until the next tstats_add) and their call
 * counts. Returns how many (at most max). */
size_t tstats_procs(const struct tstats_obj *o, uint64_t now_ns, const struct tstats_proc **out,
		    uint32_t *counts, size_t max);

/* Every object, sorted by kind and id, at most max. Returns the count of
 * objects in all. */
size_t tstats_list(const struct tstats *s, const struct tstats_obj **out, size_t max);

#endif
