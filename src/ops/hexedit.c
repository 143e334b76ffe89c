/* hexedit.c — cursor movement, nibble/ASCII entry, the window read through
 * safemem and its change tracking, for the hex view of an attached segment. */
#include "ops/hexedit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ops/safemem.h"

void hexedit_init(struct hexedit *h, void *base, size_t size, bool writable)
{
	memset(h, 0, sizeof(*h));
	h->base = base;
	h->size = size;
	h->writable = writable;
	h->page_rows = 16;
}

static void win_free(struct hexwin *w)
{
	free(w->bytes);
	free(w->ok);
	memset(w, 0, sizeof(*w));
}

void hexedit_free(struct hexedit *h)
{
	win_free(&h->win);
	win_free(&h->shadow);
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

/* The byte at the cursor, read now (another process may have changed it
 * since the last load). */
static bool cursor_byte(const struct hexedit *h, uint8_t *b)
{
	return safemem_read(b, h->base + h->cursor, 1) == 1;
}

static enum hex_result put_byte(struct hexedit *h, uint8_t old, uint8_t value, bool advance)
{
	h->last_write_off = h->cursor;
	h->last_write_old = old;
	h->last_write_new = value;
	if (advance && h->cursor + 1 < h->size)
		h->cursor++;
	hexedit_scroll(h);
	return HEX_WRITE;
}

static enum hex_result type_key(struct hexedit *h, int key)
{
	int v = h->ascii ? (key >= 32 && key <= 126 ? 0 : -1) : hex_value(key);
	if (v < 0)
		return HEX_NONE;
	if (!h->writable)
		return HEX_READONLY;
	uint8_t old;
	if (!cursor_byte(h, &old)) {
		h->half = false;
		return HEX_UNAVAILABLE;
	}
	if (h->ascii)
		return put_byte(h, old, (uint8_t)key, true);
	if (!h->half) {
		h->half = true;
		return put_byte(h, old, (uint8_t)((v << 4) | (old & 0x0f)), false);
	}
	h->half = false;
	return put_byte(h, old, (uint8_t)((old & 0xf0) | v), true);
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

/* Room for len bytes in w. Returns 0 or -1 (ENOMEM; w keeps its buffers). */
static int win_reserve(struct hexwin *w, size_t len)
{
	if (len <= w->cap)
		return 0;
	uint8_t *b = realloc(w->bytes, len);
	if (!b)
		return -1;
	w->bytes = b;
	bool *ok = realloc(w->ok, len * sizeof(*ok));
	if (!ok)
		return -1;
	w->ok = ok;
	w->cap = len;
	return 0;
}

int hexedit_load(struct hexedit *h)
{
	size_t want = window_bytes(h->page_rows);
	size_t off = h->top;
	size_t len = off < h->size ? (h->size - off < want ? h->size - off : want) : 0;
	h->win.off = off;
	h->win.len = 0;
	if (win_reserve(&h->win, len) < 0) {
		h->load_err = ENOMEM;
		errno = ENOMEM;
		return -1;
	}
	h->win.len = len;
	size_t page = safemem_page_size();
	for (size_t i = 0; i < len;) {
		ssize_t n = safemem_read(h->win.bytes + i, h->base + off + i, len - i);
		if (n < 0) {
			h->load_err = errno;
			memset(h->win.ok, 0, len * sizeof(*h->win.ok));
			return -1;
		}
		for (size_t k = 0; k < (size_t)n; k++)
			h->win.ok[i + k] = true;
		i += (size_t)n;
		if (i == len)
			break;
		/* the page holding byte i is not available: skip to the next one */
		uintptr_t at = (uintptr_t)(h->base + off + i);
		size_t skip = page - (size_t)(at % page);
		if (skip > len - i)
			skip = len - i;
		memset(h->win.ok + i, 0, skip * sizeof(*h->win.ok));
		i += skip;
	}
	h->load_err = 0;
	return 0;
}

static bool win_byte(const struct hexwin *w, size_t off, uint8_t *b)
{
	if (off < w->off || off - w->off >= w->len || !w->ok[off - w->off])
		return false;
	*b = w->bytes[off - w->off];
	return true;
}

bool hexedit_byte(const struct hexedit *h, size_t off, uint8_t *b)
{
	return off < h->size && win_byte(&h->win, off, b);
}

int hexedit_track(struct hexedit *h)
{
	h->shadow.len = 0;
	if (win_reserve(&h->shadow, h->win.len) < 0)
		return -1;
	if (h->win.len) {
		memcpy(h->shadow.bytes, h->win.bytes, h->win.len);
		memcpy(h->shadow.ok, h->win.ok, h->win.len * sizeof(*h->win.ok));
	}
	h->shadow.off = h->win.off;
	h->shadow.len = h->win.len;
	return 0;
}

bool hexedit_changed(const struct hexedit *h, size_t off)
{
	uint8_t was, now;
	return hexedit_byte(h, off, &now) && win_byte(&h->shadow, off, &was) && was != now;
}

int hexedit_offset_digits(size_t size)
{
	int digits = 8;
	for (size_t last = size ? size - 1 : 0; digits < 16 && last >> (4 * digits); digits++)
		;
	return digits;
}
