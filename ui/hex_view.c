/* hex_view.c — draws an attached segment as offset / hex / ASCII rows,
 * reading only the visible bytes straight from the mapping. */
#define _GNU_SOURCE
#include "hex_view.h"

#include <stdio.h>

#include "draw.h"

static attr_t byte_attr(const struct hexedit *h, size_t off, bool pane_ascii)
{
	attr_t a = A_NORMAL;
	if (hexedit_changed(h, off))
		a |= screen_attr(ROLE_NEW) | A_BOLD;
	if (off == h->cursor)
		a |= (pane_ascii == h->ascii) ? screen_attr(ROLE_SELECTED) : A_UNDERLINE;
	return a;
}

void hex_view_draw(struct hexedit *h, const char *title, int top, int height)
{
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, title);
	h->page_rows = height > 1 ? (size_t)(height - 1) : 1;
	hexedit_scroll(h);
	for (size_t r = 0; r < h->page_rows; r++) {
		size_t off = h->top + r * HEX_PER_ROW;
		if (off >= h->size)
			break;
		int y = top + 1 + (int)r;
		char text[24];
		snprintf(text, sizeof(text), "%08zx", off);
		draw_text(y, 0, 8, screen_attr(ROLE_HEADER), false, text);
		for (size_t i = 0; i < HEX_PER_ROW && off + i < h->size; i++) {
			uint8_t b = h->base[off + i];
			int x = 10 + (int)i * 3 + (i >= 8 ? 1 : 0);
			snprintf(text, sizeof(text), "%02x", b);
			draw_text(y, x, 2, byte_attr(h, off + i, false), false, text);
			snprintf(text, sizeof(text), "%c", b >= 32 && b < 127 ? b : '.');
			draw_text(y, 60 + (int)i, 1, byte_attr(h, off + i, true), false, text);
		}
		draw_text(y, 59, 1, A_NORMAL, false, "|");
		draw_text(y, 76, 1, A_NORMAL, false, "|");
	}
}
