/* hexdump.c — draws an attached segment as offset / hex / ASCII rows from
 * the window hexedit_load read (through safemem: a page that is not
 * available is shown as such, never touched). */
#define _GNU_SOURCE
#include "widgets/hexdump.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "widgets/screen.h"
#include "widgets/text.h"

static attr_t byte_attr(const struct hexedit *h, size_t off, bool pane_ascii)
{
	attr_t a = A_NORMAL;
	if (hexedit_changed(h, off))
		a |= screen_attr(ROLE_NEW) | A_BOLD;
	if (off == h->cursor)
		a |= (pane_ascii == h->ascii) ? screen_attr(ROLE_SELECTED) : A_UNDERLINE;
	return a;
}

/* Columns: offset (digits wide), the hex bytes from hex_x (a gap after
 * the 8th), '|', the ASCII, '|'. Beyond 10 digits the gap before the hex
 * shrinks to one space, so a 128 TiB offset still fits 80 columns. */
struct layout {
	int digits, hex_x, bar_x;
};

static struct layout layout_of(size_t size)
{
	struct layout l;
	l.digits = hexedit_offset_digits(size);
	l.hex_x = l.digits + (l.digits > 10 ? 1 : 2);
	l.bar_x = l.hex_x + HEX_PER_ROW * 3 + 1;
	return l;
}

/* A row whose bytes could not be read; the cursor keeps its mark. */
static void draw_missing_row(const struct hexedit *h, const struct layout *l, int y, size_t off)
{
	char text[96];
	snprintf(text, sizeof(text), "-- %s --", h->load_err ? strerror(h->load_err)
							      : _("page not available"));
	attr_t a = screen_attr(ROLE_ERROR);
	if (h->cursor >= off && h->cursor - off < HEX_PER_ROW)
		a |= A_REVERSE;
	draw_text(y, l->hex_x, HEX_PER_ROW * 3 + 1, a, true, text);
}

void hexdump_draw(struct hexedit *h, const char *title, int top, int height)
{
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, title);
	h->page_rows = height > 1 ? (size_t)(height - 1) : 1;
	hexedit_scroll(h);
	hexedit_load(h); /* a failure marks every byte: the rows say why */
	struct layout l = layout_of(h->size);
	for (size_t r = 0; r < h->page_rows; r++) {
		size_t off = h->top + r * HEX_PER_ROW;
		if (off >= h->size)
			break;
		int y = top + 1 + (int)r;
		char text[24];
		snprintf(text, sizeof(text), "%0*zx", l.digits, off);
		draw_text(y, 0, l.digits, screen_attr(ROLE_HEADER), false, text);
		size_t shown = 0;
		for (size_t i = 0; i < HEX_PER_ROW && off + i < h->size; i++) {
			uint8_t b = 0;
			bool ok = hexedit_byte(h, off + i, &b);
			int x = l.hex_x + (int)i * 3 + (i >= 8 ? 1 : 0);
			if (ok)
				snprintf(text, sizeof(text), "%02x", b);
			else
				snprintf(text, sizeof(text), "??");
			draw_text(y, x, 2, byte_attr(h, off + i, false), false, text);
			snprintf(text, sizeof(text), "%c", !ok ? ' ' : b >= 32 && b < 127 ? b : '.');
			draw_text(y, l.bar_x + 1 + (int)i, 1, byte_attr(h, off + i, true), false, text);
			shown += ok;
		}
		if (!shown)
			draw_missing_row(h, &l, y, off);
		draw_text(y, l.bar_x, 1, A_NORMAL, false, "|");
		draw_text(y, l.bar_x + 1 + HEX_PER_ROW, 1, A_NORMAL, false, "|");
	}
}
