/* rawpage.c — walks one ring-buffer sub-buffer: the page header, then event
 * headers (type_len:5, time_delta:27) with their payloads, the way the
 * kernel's ring_buffer.c writes them and libtraceevent's kbuffer reads
 * them. */
#define _GNU_SOURCE
#include "trace/rawpage.h"

#include <errno.h>
#include <string.h>

#include "trace/evformat.h"

/* type_len values beyond the data lengths (ring_buffer.h). */
#define TYPE_PADDING 29
#define TYPE_TIME_EXTEND 30
#define TYPE_TIME_STAMP 31
#define TS_SHIFT 27
#define TS_MSB (~((1ULL << 59) - 1)) /* bits an absolute stamp does not hold */
/* The commit word: data size in the low bits, flags at the top of the
 * lower 32 (ring_buffer.c: RB_MISSED_EVENTS, RB_MISSED_STORED). */
#define COMMIT_MASK ((1ULL << 27) - 1)
#define MISSED_EVENTS (1ULL << 31)
#define MISSED_STORED (1ULL << 30)

int rawpage_layout_parse(const char *text, struct rawpage_layout *l)
{
	struct evformat f;
	if (evformat_parse(text, &f) < 0)
		return -1;
	const struct evfield *ts = evformat_field(&f, "timestamp"), *commit = evformat_field(&f, "commit"),
			     *data = evformat_field(&f, "data");
	if (!ts || !commit || !data || ts->size != 8 || (commit->size != 4 && commit->size != 8) ||
	    data->offset < ts->offset + 8 || data->offset < commit->offset + commit->size) {
		errno = EINVAL;
		return -1;
	}
	l->ts_off = ts->offset;
	l->commit_off = commit->offset;
	l->commit_size = commit->size;
	l->data_off = data->offset;
	return 0;
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get_word(const unsigned char *p, size_t size)
{
	return size == 8 ? get64(p) : get32(p);
}

int rawpage_parse(const struct rawpage_layout *l, const void *page, size_t len,
		  void (*cb)(const struct rawpage_event *ev, void *ctx), void *ctx, struct rawpage_info *info)
{
	const unsigned char *p = page;
	memset(info, 0, sizeof(*info));
	if (len < l->data_off || len < l->commit_off + l->commit_size || len < l->ts_off + 8) {
		errno = EINVAL;
		return -1;
	}
	uint64_t ts = get64(p + l->ts_off);
	uint64_t commit = get_word(p + l->commit_off, l->commit_size);
	size_t size = (size_t)(commit & COMMIT_MASK);
	if (size > len - l->data_off) {
		errno = EINVAL;
		return -1;
	}
	info->missed = (commit & MISSED_EVENTS) != 0;
	if ((commit & MISSED_STORED) && l->data_off + size + l->commit_size <= len)
		info->nmissed = get_word(p + l->data_off + size, l->commit_size);
	const unsigned char *d = p + l->data_off, *end = d + size;
	while (end - d >= 4) {
		uint32_t head = get32(d);
		unsigned type = head & 0x1f;
		uint64_t delta = head >> 5;
		d += 4;
		size_t body;   /* bytes after the 4-byte header */
		size_t skip;   /* payload bytes at the start of the body that are not data */
		if (type == TYPE_PADDING) {
			if (delta == 0)
				break; /* a null event: the rest of the page is empty */
			if (end - d < 4)
				goto bad;
			body = get32(d);
			/* A discarded event keeps its time delta: later deltas
			 * count from it (libtraceevent adds it too). */
			ts += delta;
			if (body > (size_t)(end - d))
				goto bad;
			d += body;
			continue;
		}
		if (type == TYPE_TIME_EXTEND || type == TYPE_TIME_STAMP) {
			if (end - d < 4)
				goto bad;
			uint64_t v = ((uint64_t)get32(d) << TS_SHIFT) | delta;
			d += 4;
			if (type == TYPE_TIME_EXTEND) {
				ts += v;
			} else if (ts & TS_MSB) {
				uint64_t abs = v | (ts & TS_MSB);
				ts = abs < ts ? abs + (1ULL << 59) : abs;
			} else {
				ts = v;
			}
			continue;
		}
		if (type == 0) {
			/* The length word counts itself; data follows it. */
			if (end - d < 4)
				goto bad;
			body = get32(d);
			skip = 4;
			if (body < 4)
				goto bad;
		} else {
			body = (size_t)type * 4;
			skip = 0;
		}
		if (body > (size_t)(end - d))
			goto bad;
		ts += delta;
		struct rawpage_event ev = { ts, d + skip, body - skip };
		cb(&ev, ctx);
		info->events++;
		d += body;
	}
	return 0;
bad:
	errno = EINVAL;
	return -1;
}
