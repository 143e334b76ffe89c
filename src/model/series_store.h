/* series_store.h — where the objects' histories (series.h) live, private
 * to series.c: each object is a 16-byte entry in h->objs and a block of
 * int32 words in one arena (h->arena), so that 64 000 idle objects cost
 * about 3 MB (issue 17) instead of a header and a malloc each.
 *
 * A block is a head word (its record count, values per record and the
 * "fresh" flag), for a queue EXTRA_MSG words of its own (the estimate's
 * state, series.c), then its records: the sample number and the values.
 * It has room for pow2(count) records; a full one moves to the arena's end
 * at twice the room and leaves a hole. Holes are closed up in place (no
 * second arena) once they are a third of it. Curses-free. */
#ifndef IPCTOP_SERIES_STORE_H
#define IPCTOP_SERIES_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/series.h"

struct series_obj {
	int32_t id;
	uint32_t ident; /* a hash of what never changes for one object */
	uint32_t ctime; /* its ctime's low 32 bits, which never go back */
	uint32_t where; /* kind << 30 | where its block starts (STORE_NONE: no block yet) */
};

#define EXTRA_MSG 2 /* a queue's extra words */

/* A new entry of kind, id, ident and ctime, with no block yet. */
void store_start(struct series_obj *so, enum ipc_kind kind, int id, uint32_t ident, uint32_t ctime);
enum ipc_kind store_kind(const struct series_obj *so);

/* Gives so an empty block for records of nvals values (1..255), flagged
 * fresh, when it has none. Returns 0 or -1 (ENOMEM). */
int store_open(struct series *h, struct series_obj *so, unsigned nvals);
/* Its records (0 without a block), values per record, and whether record 0
 * is from the object's first sample. */
unsigned store_count(const struct series *h, const struct series_obj *so);
unsigned store_nvals(const struct series *h, const struct series_obj *so);
bool store_fresh(const struct series *h, const struct series_obj *so);
/* Its extra words (a queue's); valid until the arena changes. */
int32_t *store_extra(const struct series *h, const struct series_obj *so);
/* Record i: the sample number, then the values; valid until the arena
 * changes (store_open, store_append, store_compact). */
int32_t *store_record(const struct series *h, const struct series_obj *so, unsigned i);
uint32_t store_sample(const int32_t *record);

/* Appends a record of sample t with so's nvals values v. Returns 0 or -1
 * (ENOMEM: so is unchanged). */
int store_append(struct series *h, struct series_obj *so, uint32_t t, const int32_t *v);
/* Drops the last record. */
void store_unappend(struct series *h, struct series_obj *so);
/* Drops the records wholly before sample start (the one before it stays:
 * it holds at start); nothing when so has fewer than 2 records or no
 * block. */
void store_prune(struct series *h, struct series_obj *so, uint32_t start);
/* Frees so's block: its records are gone. */
void store_drop(struct series *h, struct series_obj *so);

/* Closes the holes when they are a third of the arena, or always when
 * tight; tight also gives back all the room the arena does not use. */
void store_compact(struct series *h, bool tight);
/* Bytes held: entries, times and the arena. */
size_t store_bytes(const struct series *h);

#endif
