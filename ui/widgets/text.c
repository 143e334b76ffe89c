/* text.c — writing text on the screen by display columns: clipping and
 * padding of multibyte (and double-width) text, printf-style padding by
 * columns, and the title lines of fixed-layout tables. Below every view. */
#define _GNU_SOURCE
#include "widgets/text.h"

#include <string.h>
#include <wchar.h>

#include "base/i18n.h"

int draw_text(int y, int x, int width, attr_t attr, bool pad, const char *s)
{
	if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + width > COLS)
		width = COLS - x;
	wchar_t wbuf[512];
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t n = 0;
	/* Bytes not valid in this locale (or a character cut by a full
	 * buffer) show as '?'; the rest of the text stays readable. */
	for (const char *p = s; *p && n < 511;) {
		size_t k = mbrtowc(&wbuf[n], p, strlen(p), &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			wbuf[n] = L'?';
			k = 1;
			memset(&st, 0, sizeof(st));
		}
		n++;
		p += k;
	}
	wbuf[n] = L'\0';
	int used = 0;
	size_t fit = 0;
	for (; fit < n; fit++) {
		int w = wcwidth(wbuf[fit]);
		if (w < 0)
			wbuf[fit] = L'?', w = 1;
		if (used + w > width)
			break;
		used += w;
	}
	attrset(attr);
	mvaddnwstr(y, x, wbuf, (int)fit);
	if (pad)
		for (; used < width; used++)
			addch(' ');
	attrset(A_NORMAL);
	return used;
}

int draw_width(const char *s)
{
	wchar_t wbuf[512];
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	const char *src = s;
	size_t n = mbsrtowcs(wbuf, &src, sizeof(wbuf) / sizeof(wbuf[0]) - 1, &st);
	if (n == (size_t)-1)
		return (int)strlen(s);
	int w = 0;
	for (size_t i = 0; i < n; i++) {
		int cw = wcwidth(wbuf[i]);
		w += cw < 0 ? 1 : cw;
	}
	return w;
}

char *draw_pad(char *buf, size_t len, const char *text, int width)
{
	if (!len)
		return buf;
	buf[0] = '\0';
	return draw_padcat(buf, len, text, width);
}

char *draw_padcat(char *buf, size_t len, const char *text, int width)
{
	size_t at = strlen(buf);
	int cols = width < 0 ? -width : width;
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	/* The longest prefix of text that fits in cols screen columns. */
	size_t take = 0;
	int used = 0;
	for (const char *p = text; *p;) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, strlen(p), &st);
		int w;
		if (n == (size_t)-1 || n == (size_t)-2) {
			n = 1, w = 1;
			memset(&st, 0, sizeof(st));
		} else {
			w = wcwidth(wc);
			if (w < 0)
				w = 1;
		}
		if (used + w > cols && width != 0)
			break;
		used += w;
		p += n;
		take = (size_t)(p - text);
	}
	int spaces = width == 0 || used >= cols ? 0 : cols - used;
	if (width > 0)
		for (; spaces > 0 && at + 1 < len; spaces--)
			buf[at++] = ' ';
	if (at + take >= len)
		take = len - at - 1; /* byte cut: only if buf is too small */
	memcpy(buf + at, text, take);
	at += take;
	for (; spaces > 0 && at + 1 < len; spaces--)
		buf[at++] = ' ';
	buf[at] = '\0';
	return buf;
}

const char *draw_wrap(const char *s, int width, char *buf, size_t len)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t fit = 0, brk = 0; /* bytes that fit; bytes before the last fitting space */
	int used = 0;
	const char *p = s;
	while (*p) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, strlen(p), &st);
		int w;
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			n = 1, w = 1, wc = L'?';
			memset(&st, 0, sizeof(st));
		} else {
			w = wcwidth(wc);
			if (w < 0)
				w = 1;
		}
		if (used + w > width && fit > 0)
			break;
		if (wc == L' ')
			brk = (size_t)(p - s);
		used += w;
		p += n;
		fit = (size_t)(p - s);
	}
	/* All of it fits, or it breaks at a space (the one reached, else the
	 * last one taken), or within a word longer than the line. */
	size_t take = !*p || *p == ' ' || brk == 0 ? fit : brk;
	size_t copy = take < len ? take : (len ? len - 1 : 0);
	if (len) {
		memcpy(buf, s, copy);
		buf[copy] = '\0';
	}
	const char *rest = s + take;
	while (*rest == ' ')
		rest++;
	return rest;
}

char *draw_fit(char *buf, size_t len, const char *s, int width, const char *more)
{
	if (!len)
		return buf;
	if (draw_width(s) <= width) {
		snprintf(buf, len, "%s", s);
		return buf;
	}
	(void)draw_wrap(s, width - draw_width(more), buf, len);
	size_t used = strlen(buf);
	while (used && buf[used - 1] == ' ')
		buf[--used] = '\0';
	snprintf(buf + used, len - used, "%s", more);
	return buf;
}

char *draw_title_line(char *buf, size_t len, const struct title_col *cols, size_t n)
{
	if (!len)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		draw_padcat(buf, len, "", cols[i].gap);
		draw_padcat(buf, len, _(cols[i].title), cols[i].width);
	}
	return buf;
}

int draw_wrapped(int y, int x, int width, int rows, attr_t attr, const char *s)
{
	const char *p = s;
	int used = 0;
	while (*p && used < rows && width > 0) {
		while (*p == ' ')
			p++;
		/* The longest piece that fits: up to the last space within
		 * width, or cut at a character (CJK text has no spaces). */
		mbstate_t st;
		memset(&st, 0, sizeof(st));
		const char *q = p, *space = NULL;
		int w = 0;
		while (*q) {
			wchar_t wc;
			size_t n = mbrtowc(&wc, q, strlen(q), &st);
			if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
				wc = L'?';
				n = 1;
				memset(&st, 0, sizeof(st));
			}
			int cw = wcwidth(wc);
			cw = cw < 0 ? 1 : cw;
			if (w + cw > width)
				break;
			if (*q == ' ')
				space = q;
			w += cw;
			q += n;
		}
		const char *end = *q && space && space > p ? space : q;
		char line[1024];
		size_t len = (size_t)(end - p) < sizeof(line) - 1 ? (size_t)(end - p) : sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		draw_text(y + used, x, width, attr, false, line);
		used++;
		p = end;
	}
	return used;
}
