/* strbuf.c — bounded string building (see strbuf.h). */
#include "base/strbuf.h"

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
