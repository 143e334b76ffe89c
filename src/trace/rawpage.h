/* rawpage.h — one sub-buffer of the kernel's trace ring buffer as
 * trace_pipe_raw hands it out: the page header (time stamp, commit size,
 * "events were lost" flags and count) and the events in it (32-bit header
 * with type_len and time delta, time extends, absolute stamps, padding).
 * The layout comes from events/header_page. Pure functions: every length
 * and offset is checked against the page, so a corrupt page is an error,
 * never a read out of bounds. */
#ifndef IPCTOP_RAWPAGE_H
#define IPCTOP_RAWPAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where the page header's fields are (events/header_page). */
struct rawpage_layout {
	size_t ts_off;      /* u64 time stamp of the page */
	size_t commit_off;  /* committed data bytes, with the flags below */
	size_t commit_size; /* 4 or 8 */
	size_t data_off;    /* the first event */
};

/* Parses the text of events/header_page ("field: u64 timestamp;
 * offset:0; size:8; ..."). Returns 0, or -1 (EINVAL) when a field is
 * missing or does not make sense. */
int rawpage_layout_parse(const char *text, struct rawpage_layout *l);

/* One event of a page: its time stamp (the page's plus every delta so
 * far) and its payload (the trace event's record: common_type first). */
struct rawpage_event {
	uint64_t ts;
	const unsigned char *data;
	size_t len;
};

/* What a page said about itself. */
struct rawpage_info {
	size_t events;   /* data events passed to the callback */
	bool missed;     /* the kernel lost events before this page */
	uint64_t nmissed; /* how many, when it could store the count (else 0) */
};

/* Calls cb for every data event of the page (len bytes as read) in order.
 * Padding and discarded events are skipped; time extends and absolute
 * stamps move the clock. Returns 0, or -1 (EINVAL) for a page whose
 * header or an event does not fit (the events before it were delivered). */
int rawpage_parse(const struct rawpage_layout *l, const void *page, size_t len,
		  void (*cb)(const struct rawpage_event *ev, void *ctx), void *ctx, struct rawpage_info *info);

#endif
