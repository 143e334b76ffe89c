/* printable.c — replacing what a terminal would obey (control characters,
 * malformed UTF-8) in text ipctop prints but did not write. */
#include "base/printable.h"

#include <string.h>

/* The length of the well-formed UTF-8 character at p (1..4), or 0. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (n == 0 || (n == 2 && p[0] < 0xc2) || (n == 4 && p[0] > 0xf4))
		return 0; /* a continuation byte, an overlong lead, past U+10FFFF */
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((n == 3 && p[0] == 0xe0 && p[1] < 0xa0) || (n == 3 && p[0] == 0xed && p[1] >= 0xa0) ||
	    (n == 4 && p[0] == 0xf0 && p[1] < 0x90) || (n == 4 && p[0] == 0xf4 && p[1] >= 0x90))
		return 0; /* overlong, a surrogate, past U+10FFFF */
	return n;
}

static int is_control(const unsigned char *p, size_t n)
{
	return (n == 1 && (p[0] < 0x20 || p[0] == 0x7f)) || (n == 2 && p[0] == 0xc2 && p[1] < 0xa0);
}

char *printable(const char *s, char *buf, size_t len)
{
	if (!len)
		return buf;
	size_t at = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_len(p);
		if (n == 0 || is_control(p, n)) {
			if (at + 1 >= len)
				break;
			buf[at++] = '?';
			p += n ? n : 1;
			continue;
		}
		if (at + n >= len)
			break; /* cut before a character, never inside one */
		memcpy(buf + at, p, n);
		at += n;
		p += n;
	}
	buf[at] = '\0';
	return buf;
}
