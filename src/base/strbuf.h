/* strbuf.h — appending formatted text to a fixed caller buffer, remembering
 * whether anything was cut. Used to build call texts piece by piece, and
 * the rows of --once (fixed-width fields without printf: 64 000 rows of
 * eleven conversions cost more in vfprintf than reading the objects). */
#ifndef IPCTOP_STRBUF_H
#define IPCTOP_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf {
	char *buf;
	size_t len;      /* size of buf */
	size_t pos;      /* characters written (< len when len > 0) */
	bool truncated;  /* something did not fit */
};

/* Starts an empty string in buf (len may be 0: everything is "truncated"). */
void strbuf_init(struct strbuf *sb, char *buf, size_t len);

/* Appends printf-style text; what does not fit is dropped and marked. */
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends one byte (what fits). */
void strbuf_putc(struct strbuf *sb, char c);

/* Appends s padded with spaces to `width` bytes: before it when `right`
 * (printf's %10s), after it otherwise (%-10s); a longer s is kept whole. */
void strbuf_field(struct strbuf *sb, const char *s, int width, bool right);

/* The same for v in decimal (%10d, %-10" PRIu64 "...). */
void strbuf_field_i64(struct strbuf *sb, int64_t v, int width, bool right);
void strbuf_field_u64(struct strbuf *sb, uint64_t v, int width, bool right);

/* When truncated, replaces the end with `tail` (e.g. "...") so readers see
 * the cut; needs room for tail. */
void strbuf_mark_cut(struct strbuf *sb, const char *tail);

/* For parsers: writes a printf-style reason into err (when err is not
 * NULL and errlen > 0) and returns -1, so `return strbuf_reason(...)`
 * (errtext.h: the error-text convention). */
int strbuf_reason(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
