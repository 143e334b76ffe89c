/* hexedit.h — the hex editor's model over a mapped byte range (an attached
 * shm segment): cursor, hex/ASCII pane, nibble entry, the visible window
 * read through safemem (a page the kernel cannot provide is marked, never
 * touched), and "changed since the last refresh" tracking of that window.
 * Curses-free: the UI maps its keys to the HK_* codes. Never copies the
 * whole range (segments may be TiBs) and never writes it: a typed byte is
 * handed to the caller, which writes it (ops_shm_write). */
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
	HEX_NONE,        /* key not handled */
	HEX_MOVED,       /* cursor or pane changed */
	HEX_WRITE,       /* a byte to write: last_write_new at last_write_off
	                    (the caller writes it; hexedit never does) */
	HEX_READONLY,    /* a write was refused: attached read-only */
	HEX_UNAVAILABLE, /* the byte at the cursor cannot be read: its page is
	                    not available (nothing to write) */
};

/* Bytes [off, off + len) of the range; bytes[i] is meaningful when ok[i]. */
struct hexwin {
	uint8_t *bytes;
	bool *ok;
	size_t off, len, cap;
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
	struct hexwin win;    /* the visible rows, read by hexedit_load() */
	struct hexwin shadow; /* the window at the last hexedit_track() */
	int load_err;         /* errno of the last load that failed otherwise
	                         than by a missing page (ENOMEM, EPERM...), or 0 */
};

void hexedit_init(struct hexedit *h, void *base, size_t size, bool writable);
void hexedit_free(struct hexedit *h);

enum hex_result hexedit_key(struct hexedit *h, int key);

/* Moves the cursor to off (clamped to the last byte). */
void hexedit_goto(struct hexedit *h, size_t off);

/* Keeps the cursor row within [top, top + page_rows). */
void hexedit_scroll(struct hexedit *h);

/* Reads the rows [top, top + page_rows) into h->win through safemem; the
 * bytes of a page the kernel cannot provide are marked not ok. Returns 0,
 * or -1 with errno (and h->load_err) when the window could not be read at
 * all (ENOMEM, or process_vm_readv refused): every byte is then not ok. */
int hexedit_load(struct hexedit *h);

/* The byte at off as last loaded: true with *b, or false when off is
 * outside the window or its page is not available. */
bool hexedit_byte(const struct hexedit *h, size_t off, uint8_t *b);

/* Remembers the loaded window so later draws can show what changed.
 * Returns 0 or -1 (out of memory: nothing is highlighted). */
int hexedit_track(struct hexedit *h);
/* Whether the byte at off differs between the remembered and the loaded
 * window (false when either lacks it). */
bool hexedit_changed(const struct hexedit *h, size_t off);

/* Hex digits that every offset of a range of size bytes needs: 8 at least,
 * 10 for 1 TiB, up to 16. */
int hexedit_offset_digits(size_t size);

#endif
