/* hexedit.c — cursor movement, nibble/ASCII entry and change tracking for
 * the hex view of an attached segment. */
#include "hexedit.h"

#include <stdlib.h>
#include <string.h>

void hexedit_init(struct hexedit *h, void *base, size_t size, bool writable)
{
	memset(h, 0, sizeof(*h));
	h->base = base;
	h->size = size;
	h->writable = writable;
	h->page_rows = 16;
}

void hexedit_free(struct hexedit *h)
{
	free(h->shadow);
	h->shadow = NULL;
	h->shadow_cap = h->shadow_len = 0;
}

void hexedit_goto(struct hexedit *h, size_t off)
{
	h->cursor = h->size == 0 ? 0 : off < h->size ? off : h->size - 1;
	h->half = false;
	hexedit_scroll(h);
}

void hexedit_scroll(struct hexedit *h)
{
	size_t rows = h->page_rows ? h->page_rows : 1;
	size_t row = h->cursor / HEX_PER_ROW;
	size_t top_row = h->top / HEX_PER_ROW;
	if (row < top_row)
		top_row = row;
	else if (row - top_row >= rows) /* not top_row + rows: no overflow */
		top_row = row - rows + 1;
	h->top = top_row * HEX_PER_ROW;
}

static int hex_value(int key)
{
	if (key >= '0' && key <= '9') return key - '0';
	if (key >= 'a' && key <= 'f') return key - 'a' + 10;
	if (key >= 'A' && key <= 'F') return key - 'A' + 10;
	return -1;
}

static enum hex_result put_byte(struct hexedit *h, uint8_t value, bool advance)
{
	if (!h->writable)
		return HEX_READONLY;
	h->last_write_off = h->cursor;
	h->last_write_old = h->base[h->cursor];
	h->last_write_new = value;
	h->base[h->cursor] = value;
	if (advance && h->cursor + 1 < h->size)
		h->cursor++;
	hexedit_scroll(h);
	return HEX_WROTE;
}

static enum hex_result type_key(struct hexedit *h, int key)
{
	if (h->ascii) {
		if (key < 32 || key > 126)
			return HEX_NONE;
		return put_byte(h, (uint8_t)key, true);
	}
	int v = hex_value(key);
	if (v < 0)
		return HEX_NONE;
	if (!h->writable)
		return HEX_READONLY;
	uint8_t old = h->base[h->cursor];
	if (!h->half) {
		h->half = true;
		return put_byte(h, (uint8_t)((v << 4) | (old & 0x0f)), false);
	}
	h->half = false;
	return put_byte(h, (uint8_t)((old & 0xf0) | v), true);
}

/* Moves n bytes back or forward, stopping at the first/last byte (size > 0).
 * Unsigned and saturating: no overflow whatever the segment size. */
static void move_back(struct hexedit *h, size_t n)
{
	h->cursor = n > h->cursor ? 0 : h->cursor - n;
}

static void move_fwd(struct hexedit *h, size_t n)
{
	size_t last = h->size - 1;
	h->cursor = h->cursor >= last || n > last - h->cursor ? last : h->cursor + n;
}

/* page_rows * HEX_PER_ROW, saturated. */
static size_t window_bytes(size_t rows)
{
	return rows > SIZE_MAX / HEX_PER_ROW ? SIZE_MAX : rows * HEX_PER_ROW;
}

enum hex_result hexedit_key(struct hexedit *h, int key)
{
	if (h->size == 0)
		return HEX_NONE;
	size_t page = window_bytes(h->page_rows > 1 ? h->page_rows - 1 : 1);
	switch (key) {
	case HK_UP: move_back(h, HEX_PER_ROW); break;
	case HK_DOWN: move_fwd(h, HEX_PER_ROW); break;
	case HK_LEFT: case HK_BACKSPACE: move_back(h, 1); break;
	case HK_RIGHT: move_fwd(h, 1); break;
	case HK_PGUP: move_back(h, page); break;
	case HK_PGDN: move_fwd(h, page); break;
	case HK_HOME: h->cursor = 0; break;
	case HK_END: h->cursor = h->size - 1; break;
	case HK_TAB: h->ascii = !h->ascii; break;
	default: return type_key(h, key);
	}
	h->half = false;
	hexedit_scroll(h);
	return HEX_MOVED;
}

int hexedit_track(struct hexedit *h)
{
	size_t want = window_bytes(h->page_rows);
	size_t off = h->top;
	size_t len = off < h->size ? (h->size - off < want ? h->size - off : want) : 0;
	if (len > h->shadow_cap) {
		uint8_t *p = realloc(h->shadow, len);
		if (!p) {
			h->shadow_len = 0;
			return -1;
		}
		h->shadow = p;
		h->shadow_cap = len;
	}
	if (len)
		memcpy(h->shadow, h->base + off, len);
	h->shadow_off = off;
	h->shadow_len = len;
	return 0;
}

bool hexedit_changed(const struct hexedit *h, size_t off)
{
	if (off < h->shadow_off || off - h->shadow_off >= h->shadow_len || off >= h->size)
		return false;
	return h->shadow[off - h->shadow_off] != h->base[off];
}
