/* missed.h — objects that came and went between two refreshes of --watch,
 * unseen by either, proven from the ids the kernel handed out (ipcid.h).
 *
 * Per kind, successive objects get growing (seq, index) positions, each
 * the lowest free index after the previous one (a new cycle, seq + 1, when
 * none is free below max(in_use * 3 / 2, min_cycle)). So between the newest
 * object ever seen (the cursor) and a new one, every index that no object
 * seen since could have held was handed to an object nobody saw; after a
 * wrap, at least the indices below min_cycle were passed. What is counted
 * is a lower bound: an index some seen object held is never counted, nor
 * one an unseen object of an earlier cycle may still hold (the taint).
 *
 * A gap is reported one refresh late: a snapshot is not atomic, and an
 * object created while it was read, at an index already read, shows up
 * only in the next one (it is then taken out of the gap, not counted as
 * missed). Not proven, so not counted: the objects before the first one
 * of a kind is seen (the watch has no cursor yet); kernels before 5.2
 * (another allocator). Ids forced through /proc/sys/kernel/{shm,msg,sem}_next_id
 * (checkpoint/restore) break the order and can make a count wrong. */
#ifndef IPCTOP_MISSED_H
#define IPCTOP_MISSED_H

#include <stdbool.h>
#include <stddef.h>

#include "model/ipcid.h"
#include "model/snapshot.h"

/* One gap: count objects of `kind` were created after the object after_id
 * and before the object before_id (before_key), and removed unseen. */
struct missed_gap {
	enum ipc_kind kind;
	long count;
	int after_id;
	int before_id, before_key;
};

typedef void (*missed_cb)(const struct missed_gap *g, void *ctx);

struct missed_taint;
struct missed_pending;

/* What one kind's history proves (see missed.c). */
struct missed_kind {
	bool known;              /* the cursor is set */
	int cseq, cidx, cid;     /* the newest object ever seen */
	int *used;               /* sorted indices seen held since the cursor's chain began */
	size_t nused, capused;
	struct missed_taint *taint; /* (seq, from): unseen objects of earlier cycles */
	size_t ntaint, captaint;
	struct missed_pending *pending; /* gaps found, reported at the next refresh */
};

struct missed_tracker {
	struct ipcid_layout layout;
	struct missed_kind k[KIND_COUNT];
};

/* An empty tracker for that id layout (nothing is ever reported when the
 * layout is not cyclic). */
void missed_init(struct missed_tracker *t, const struct ipcid_layout *layout);

/* Learns from cur, the refresh after prev (NULL for the first snapshot, the
 * baseline), for the kinds in `kinds`: reports through cb the gaps found
 * at the previous refresh (corrected by the objects cur shows late), and
 * keeps those found now for the next call. Returns 0, or -1 (ENOMEM: the
 * tracker starts over, as if new). */
int missed_update(struct missed_tracker *t, const struct snapshot *prev, const struct snapshot *cur, unsigned kinds,
		  missed_cb cb, void *ctx);

/* Reports the gaps still held back (the watch is ending). */
void missed_flush(struct missed_tracker *t, missed_cb cb, void *ctx);

void missed_free(struct missed_tracker *t);

#endif
