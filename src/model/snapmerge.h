/* snapmerge.h — puts the objects of a new read in place of the previous
 * read's, in the same array (no second copy of 64 000 objects), and notes
 * in s->delta which are the same, changed or new, and where each previous
 * object went. Used by snapshot.c only; the readers hand it objects in kind
 * order (shm, msg, sem), each kind best in the kernel's index order (then
 * matching the previous read costs one comparison per object; any other
 * order is found through a hash built on the first mismatch). */
#ifndef IPCTOP_SNAPMERGE_H
#define IPCTOP_SNAPMERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/snapshot.h"

struct snapmerge {
	struct snapshot *s;
	size_t w;           /* objects of the new read: s->objs[0, w) */
	size_t r, r_end;    /* previous objects not yet met: s->objs[r, r_end) */
	size_t prev_r;      /* the previous index of s->objs[r] */
	size_t expect;      /* objects the new read should have (a hint) */
	uint64_t *hkeys;    /* (kind, id) -> previous index, built on demand */
	uint32_t *hvals;
	size_t hmask;
	bool changed;
};

/* Starts a read into s, whose current contents are the previous read.
 * `expect` (the *_INFO counts) sizes the array once. Returns 0, or -1 with
 * errno ENOMEM (s unchanged). */
int snapmerge_begin(struct snapmerge *m, struct snapshot *s, size_t expect);

/* Appends object o of the new read. Returns 0, or -1 with errno ENOMEM
 * (the read so far stays consistent: snapmerge_end still works). */
int snapmerge_put(struct snapmerge *m, const struct ipc_object *o);

/* The number of objects put so far (an index for snapmerge_rewind). */
size_t snapmerge_count(const struct snapmerge *m);

/* Drops the objects put since count was `to` (a method that had to be
 * retried another way). The previous objects they met count as gone, so
 * the delta is marked not valid. */
void snapmerge_rewind(struct snapmerge *m, size_t to);

/* Ends the read: previous objects not met are gone; s->count, s->delta. */
void snapmerge_end(struct snapmerge *m);

#endif
