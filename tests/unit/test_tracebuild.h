/* test_tracebuild.h — builds ring-buffer pages and event records for the
 * unit tests of src/trace/ (test_tracepage.c, test_callstream.c): a page
 * header, data records (short and long forms), time extends and stamps,
 * and records of the traced events laid out with the decoder's own field
 * offsets (which come from the recorded formats). */
#ifndef IPCTOP_TEST_TRACEBUILD_H
#define IPCTOP_TEST_TRACEBUILD_H

#include <stdint.h>
#include <string.h>

#include "trace/tracedec.h"

/* A page under construction: 16-byte header, events appended. */
struct page {
	unsigned char b[4096];
	size_t at;
};

static inline void page_start(struct page *p, uint64_t ts)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->b, &ts, 8);
	p->at = 16;
}

static inline void put32(struct page *p, uint32_t v)
{
	memcpy(p->b + p->at, &v, 4);
	p->at += 4;
}

/* A data record of n bytes (a multiple of 4) filled with byte `fill`. */
static inline void page_event(struct page *p, uint32_t delta, size_t n, unsigned char fill)
{
	if (n <= 28 * 4) {
		put32(p, (uint32_t)(n / 4) | delta << 5);
	} else {
		put32(p, delta << 5); /* type_len 0: the length word follows */
		put32(p, (uint32_t)n + 4);
	}
	memset(p->b + p->at, fill, n);
	p->at += n;
}

static inline void page_extend(struct page *p, uint64_t delta, unsigned type)
{
	put32(p, type | (uint32_t)(delta & ((1u << 27) - 1)) << 5);
	put32(p, (uint32_t)(delta >> 27));
}

static inline void page_commit(struct page *p, uint64_t flags)
{
	uint64_t c = (p->at - 16) | flags;
	memcpy(p->b + 8, &c, 8);
}

/* A record of the decoder's event of that type (and call) for task tid:
 * the first nnums arguments (entry; the others 0), ret (exit) or the
 * numbers of a task event, into rec (at least 64 bytes). Returns its size,
 * a multiple of 4. */
static inline size_t record(const struct tracedec *d, enum tev_type type, enum tsys sys, pid_t tid,
			    const uint64_t *nums, size_t nnums, unsigned char *rec)
{
	const struct tracedec_event *e = NULL;
	for (size_t i = 0; i < d->count && !e; i++)
		if (d->ev[i].type == type && (type > TEV_EXIT || d->ev[i].sys == sys))
			e = &d->ev[i];
	if (!e)
		return 0;
	memset(rec, 0, 64);
	uint16_t id = (uint16_t)e->id;
	memcpy(rec, &id, 2);
	memcpy(rec + e->pid.offset, &tid, 4);
	size_t end = 8;
	for (size_t i = 0; i < e->nf; i++) {
		if (i < nnums)
			memcpy(rec + e->f[i].offset, &nums[i], e->f[i].size);
		if (e->f[i].offset + e->f[i].size > end)
			end = e->f[i].offset + e->f[i].size;
	}
	if (e->text.size && e->text.offset + e->text.size > end)
		end = e->text.offset + e->text.size;
	return (end + 3) & ~(size_t)3;
}

/* Appends a record as an event delta ns after the previous one. */
static inline void page_record(struct page *p, uint32_t delta, const unsigned char *rec, size_t n)
{
	page_event(p, delta, n, 0);
	memcpy(p->b + p->at - n, rec, n);
}

#endif
