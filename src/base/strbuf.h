/* strbuf.h — appending formatted text to a fixed caller buffer, remembering
 * whether anything was cut. Used to build call texts piece by piece. */
#ifndef IPCTOP_STRBUF_H
#define IPCTOP_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

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

/* When truncated, replaces the end with `tail` (e.g. "...") so readers see
 * the cut; needs room for tail. */
void strbuf_mark_cut(struct strbuf *sb, const char *tail);

/* For parsers: writes a printf-style reason into err (when err is not
 * NULL and errlen > 0) and returns -1, so `return strbuf_reason(...)`
 * (errtext.h: the error-text convention). */
int strbuf_reason(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
