/* series.h — the recent history of every object, sample by sample: one
 * sample per snapshot recorded (the TUI's refreshes), the last `len` kept
 * (setup's "history", default 120). Per object: a segment's nattch; a
 * queue's messages, used bytes, waiters and the messages sent and received
 * since the sample before (an estimate, see below); a set's waiters and
 * the values of its first SERIES_MAX_SEMS semaphores. The TUI draws them as
 * the TREND sparkline and the detail view's graphs.
 *
 * What is recorded is what each snapshot read: a set's values only when
 * the snapshot read them (SNAP_SEMVALS/SNAP_SEMWAIT, or for the rows it
 * fetched) or series_note_semvals() added them; waiters only when the
 * waiter scan ran. Anything not read is SERIES_UNKNOWN in that sample, never
 * a guess.
 *
 * A snapshot that did not read a kind (the list shows one kind) leaves
 * that kind's histories as they are, their values unknown in that sample.
 *
 * An object's history is keyed by kind and id and checked against what
 * never changes for one object (a 32-bit hash of its key, creator's uid
 * and gid, a segment's size and cpid, a set's nsems) and its ctime never
 * going back: an id the kernel gave again to a new object starts a new
 * history, and an object missing from a snapshot is forgotten.
 *
 * Memory: a record is stored only when some value changed, so an idle
 * object costs one record: with its 16-byte entry, 40 bytes for a set of
 * 4, 52 for a queue (series_store.h). The objects and their records
 * together are kept under a budget (SERIES_BUDGET bytes): beyond it
 * everyone's oldest quarter of samples is dropped (series_samples() says
 * how many are kept), and the window grows back sample by sample.
 * Curses-free. */
#ifndef IPCTOP_SERIES_H
#define IPCTOP_SERIES_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "model/snapshot.h"

enum series_metric {
	SERIES_NATTCH,   /* shm */
	SERIES_QNUM,     /* msg: messages on the queue */
	SERIES_QBYTES,   /* msg: bytes used by them */
	SERIES_SENT,     /* msg: messages sent since the sample before, at least */
	SERIES_RECEIVED, /* msg: messages received since then, at least */
	SERIES_WAITERS,  /* msg, sem: blocked processes (the waiter scan; for a
			  * set without it, its GETNCNT + GETZCNT) */
	SERIES_SEM0,     /* sem: semaphore i's value is SERIES_SEM0 + i */
};

#define SERIES_UNKNOWN (-1)      /* a value the sample did not read */
#define SERIES_MAX_SEMS 64       /* semaphores of a set recorded */
#define SERIES_LEN_DEFAULT 120
#define SERIES_LEN_MIN 10
#define SERIES_LEN_MAX 3600
#define SERIES_BUDGET (32u << 20) /* bytes of records, all objects together */

struct series_obj; /* one object's entry (series_store.h) */

struct series {
	unsigned len;            /* samples kept when memory allows */
	uint32_t next;           /* the number the next sample gets */
	uint32_t since;          /* the oldest sample still kept, at most: the
				  * window is [max(since, next - len), next) */
	struct series_tick {     /* ring of len, sample t at t % len: */
		struct timespec taken; /* when it was taken */
		unsigned kinds;        /* the kinds it read (KIND_BIT) */
	} *ticks;
	struct series_obj *objs; /* sorted by kind and id */
	size_t nobjs, objcap;
	int32_t *arena;          /* the objects' blocks of records (series_store.h) */
	size_t arena_len, arena_cap, holes; /* in words: used, allocated, unused inside */
	size_t bytes;            /* memory held: objects and their records */
	size_t budget;           /* SERIES_BUDGET unless a test sets it */
};

/* An empty history keeping len samples (SERIES_LEN_MIN..SERIES_LEN_MAX).
 * Returns 0, or -1 with errno (EINVAL for len, ENOMEM). */
int series_init(struct series *h, unsigned len);
void series_free(struct series *h);

/* Keeps len samples from now on (the newest ones are kept). Returns 0, or
 * -1 with errno (EINVAL, ENOMEM) and h unchanged. */
int series_set_len(struct series *h, unsigned len);

/* Records one sample of every object of s (taken at s->taken). Returns 0,
 * or -1 with errno ENOMEM (what is recorded stays consistent: an object
 * that could not be recorded lost its history). */
int series_record(struct series *h, const struct snapshot *s);

/* Adds the values of set o read after the last sample (the detail view
 * reads its set itself) to that sample, where it has none. Returns 0, or
 * -1 (ENOMEM; ENOENT: o has no history). */
int series_note_semvals(struct series *h, const struct ipc_object *o, const struct ipc_semval *v, unsigned n);

/* Samples in the window now: at most window, fewer at the start. */
size_t series_samples(const struct series *h);
/* When the k-th newest sample was taken (k 0: the last one), k <
 * series_samples(h). */
struct timespec series_time(const struct series *h, size_t k);

/* Object o's values of metric m over its last samples, oldest first, the
 * last one from the newest sample; at most max (the newest max). Samples
 * before the object was first seen are not counted. Returns how many were
 * written; 0 when o has no history or m is not one of its kind's. */
size_t series_values(const struct series *h, const struct ipc_object *o, enum series_metric m, int32_t *out,
		     size_t max);

/* The metric of o's kind the TREND column draws: nattch, messages, the
 * first semaphore's value. */
enum series_metric series_trend_metric(const struct ipc_object *o);

/* Messages per second sent and received by queue o over the samples it
 * has: lower bounds, from the change of its message count with the
 * changes of its last sender and receiver (lspid/lrpid) and of its send and
 * receive times (whole seconds): a message sent and received between two
 * samples is invisible. Returns the seconds covered, or 0 when there are
 * not two samples (nothing written). */
double series_rates(const struct series *h, const struct ipc_object *o, double *sent, double *received);

#endif
