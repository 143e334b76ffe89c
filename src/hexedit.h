/* hexedit.h — the hex editor's model over a mapped byte range (an attached
 * shm segment): cursor, hex/ASCII pane, nibble entry, and "changed since
 * the last refresh" tracking of the visible window. Curses-free: the UI maps its keys to the HK_* codes. Never copies
 * the whole range (segments may be GiBs). */
#ifndef IPCTOP_HEXEDIT_H
#define IPCTOP_HEXEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HEX_PER_ROW 16

enum hex_key {
	HK_UP = 0x10000, HK_DOWN, HK_LEFT, HK_RIGHT, HK_PGUP, HK_PGDN, HK_HOME, HK_END,
	HK_TAB, HK_BACKSPACE,
};

enum hex_result {
	HEX_NONE,     /* key not handled */
	HEX_MOVED,    /* cursor or pane changed */
	HEX_WROTE,    /* one byte written at last_write_off */
	HEX_READONLY, /* a write was refused: attached read-only */
};

struct hexedit {
	uint8_t *base;
	size_t size;
	bool writable;
	size_t cursor;    /* byte offset */
	size_t top;       /* first shown byte, a multiple of HEX_PER_ROW */
	size_t page_rows; /* rows on screen, set by the UI */
	bool ascii;       /* typing goes to the ASCII pane */
	bool half;        /* high nibble typed, low nibble pending */
	size_t last_write_off;
	uint8_t last_write_old, last_write_new;
	uint8_t *shadow;  /* copy of the window at the last refresh */
	size_t shadow_off, shadow_len, shadow_cap;
};

void hexedit_init(struct hexedit *h, void *base, size_t size, bool writable);
void hexedit_free(struct hexedit *h);

enum hex_result hexedit_key(struct hexedit *h, int key);

/* Moves the cursor to off (clamped to the last byte). */
void hexedit_goto(struct hexedit *h, size_t off);

/* Keeps the cursor row within [top, top + page_rows). */
void hexedit_scroll(struct hexedit *h);

/* Remembers the visible window so the next draw can show what changed.
 * Returns 0 or -1 (out of memory: nothing is highlighted). */
int hexedit_track(struct hexedit *h);
/* Whether the byte at off differs from the remembered window. */
bool hexedit_changed(const struct hexedit *h, size_t off);

#endif
