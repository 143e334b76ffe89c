/* strbuf.c — bounded string building (see strbuf.h). */
#include "base/strbuf.h"

#include "base/format.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void strbuf_init(struct strbuf *sb, char *buf, size_t len)
{
	sb->buf = buf;
	sb->len = len;
	sb->pos = 0;
	sb->truncated = len == 0;
	if (len)
		buf[0] = '\0';
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	if (sb->truncated || !sb->len)
		return;
	size_t room = sb->len - sb->pos;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(sb->buf + sb->pos, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->buf[sb->pos] = '\0';
		sb->truncated = true;
		return;
	}
	if ((size_t)n >= room) {
		sb->pos = sb->len - 1;
		sb->truncated = true;
		return;
	}
	sb->pos += (size_t)n;
}

/* Appends n bytes of s (what fits). */
static void append(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->truncated || !sb->len)
		return;
	size_t room = sb->len - 1 - sb->pos;
	if (n > room) {
		n = room;
		sb->truncated = true;
	}
	memcpy(sb->buf + sb->pos, s, n);
	sb->pos += n;
	sb->buf[sb->pos] = '\0';
}

void strbuf_putc(struct strbuf *sb, char c)
{
	append(sb, &c, 1);
}

static void spaces(struct strbuf *sb, size_t n)
{
	static const char blank[] = "                                ";
	while (n > 0 && !sb->truncated) {
		size_t k = n < sizeof(blank) - 1 ? n : sizeof(blank) - 1;
		append(sb, blank, k);
		n -= k;
	}
}

/* The n bytes of s padded to width (the numbers know their length: no
 * strlen for 400 000 of them in a --once of 64 000 objects). */
static void field_n(struct strbuf *sb, const char *s, size_t n, int width, bool right)
{
	size_t pad = width > 0 && (size_t)width > n ? (size_t)width - n : 0;
	if (right)
		spaces(sb, pad);
	append(sb, s, n);
	if (!right)
		spaces(sb, pad);
}

void strbuf_field(struct strbuf *sb, const char *s, int width, bool right)
{
	field_n(sb, s, strlen(s), width, right);
}

void strbuf_field_u64(struct strbuf *sb, uint64_t v, int width, bool right)
{
	char buf[FORMAT_DECIMAL_LEN];
	const char *p = format_decimal(v, false, buf);
	field_n(sb, p, (size_t)(buf + FORMAT_DECIMAL_LEN - 1 - p), width, right);
}

void strbuf_field_i64(struct strbuf *sb, int64_t v, int width, bool right)
{
	char buf[FORMAT_DECIMAL_LEN];
	const char *p = format_decimal(v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0, buf);
	field_n(sb, p, (size_t)(buf + FORMAT_DECIMAL_LEN - 1 - p), width, right);
}

void strbuf_mark_cut(struct strbuf *sb, const char *tail)
{
	size_t t = strlen(tail);
	if (!sb->truncated || sb->len <= t)
		return;
	size_t at = sb->pos < sb->len - 1 - t ? sb->pos : sb->len - 1 - t;
	memcpy(sb->buf + at, tail, t + 1);
	sb->pos = at + t;
}

int strbuf_reason(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}
