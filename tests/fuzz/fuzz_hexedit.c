/* fuzz_hexedit.c — the hex editor model driven by a key sequence over a
 * small exactly-sized buffer. Header bytes: segment size, writable flag and
 * page rows. Then each byte is an action: 0xF0..0xF9 the HK_* keys, 0xE0
 * goto (offsets near the edges and SIZE_MAX), 0xE3 load + track + changed,
 * 0xE4 new page rows (up to SIZE_MAX), 0xE5 a byte changed by "another
 * process" then a load; anything else is typed, and a byte handed over
 * (HEX_WRITE) is written by the harness as the UI does. After every step:
 * cursor < size, top % 16 == 0, the cursor row visible after a move, the
 * loaded window equal to the buffer, and the buffer equal to a model that
 * only the handed-over bytes changed (hexedit itself never writes). */
#include "fuzz_common.h"
#include "ops/hexedit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t edge_value(uint8_t sel, uint8_t raw, size_t size)
{
	switch (sel % 8) {
	case 0: return 0;
	case 1: return size ? size - 1 : 0;
	case 2: return size;
	case 3: return size + 1;
	case 4: return SIZE_MAX;
	case 5: return SIZE_MAX - raw;
	case 6: return (size_t)1 << 63;
	default: return raw;
	}
}

static void check_view(const struct hexedit *h)
{
	FUZZ_ASSERT(h->top % HEX_PER_ROW == 0);
	if (h->size)
		FUZZ_ASSERT(h->cursor < h->size);
	else
		FUZZ_ASSERT(h->cursor == 0);
}

static void check_visible(const struct hexedit *h)
{
	size_t rows = h->page_rows ? h->page_rows : 1;
	size_t row = h->cursor / HEX_PER_ROW, top = h->top / HEX_PER_ROW;
	FUZZ_ASSERT(row >= top && row - top < rows);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t b0 = fuzz_byte(&data, &size), b1 = fuzz_byte(&data, &size);
	size_t segsize = b0 == 255 ? 0 : (size_t)b0 + 1;
	bool writable = b1 & 1;
	uint8_t *seg = malloc(segsize ? segsize : 1), *model = malloc(segsize ? segsize : 1);
	for (size_t i = 0; i < segsize; i++)
		seg[i] = model[i] = (uint8_t)(i * 7);
	struct hexedit h;
	hexedit_init(&h, seg, segsize, writable);
	h.page_rows = b1 >> 1;
	while (size) {
		uint8_t op = fuzz_byte(&data, &size);
		if (op >= 0xF0 && op <= 0xF9) {
			enum hex_result r = hexedit_key(&h, HK_UP + (op - 0xF0));
			FUZZ_ASSERT(r == (segsize ? HEX_MOVED : HEX_NONE));
			if (r == HEX_MOVED)
				check_visible(&h);
		} else if (op == 0xE0) {
			hexedit_goto(&h, edge_value(fuzz_byte(&data, &size), fuzz_byte(&data, &size), segsize));
			check_visible(&h);
		} else if (op == 0xE3) {
			if (hexedit_load(&h) == 0) {
				FUZZ_ASSERT(h.win.off == h.top && h.win.len <= segsize);
				FUZZ_ASSERT(h.win.len / HEX_PER_ROW <= h.page_rows);
				for (size_t i = 0; i < h.win.len; i++) {
					uint8_t b;
					FUZZ_ASSERT(hexedit_byte(&h, h.win.off + i, &b) && b == seg[h.win.off + i]);
				}
			}
			if (hexedit_track(&h) == 0)
				for (size_t i = 0; i < h.shadow.len; i++)
					FUZZ_ASSERT(!hexedit_changed(&h, h.shadow.off + i));
			FUZZ_ASSERT(!hexedit_changed(&h, SIZE_MAX));
			FUZZ_ASSERT(!hexedit_changed(&h, segsize));
		} else if (op == 0xE4) {
			/* rows on screen, up to absurd values a caller might pass */
			h.page_rows = edge_value(fuzz_byte(&data, &size), fuzz_byte(&data, &size), 64);
		} else if (op == 0xE5) {
			if (segsize) {
				size_t at = fuzz_byte(&data, &size) % segsize;
				seg[at] ^= 0x55;
				model[at] ^= 0x55;
				if (hexedit_load(&h) == 0) {
					int in_both = at >= h.shadow.off && at - h.shadow.off < h.shadow.len &&
						      at >= h.win.off && at - h.win.off < h.win.len;
					FUZZ_ASSERT(hexedit_changed(&h, at) ==
						    (in_both && h.shadow.bytes[at - h.shadow.off] != seg[at]));
				}
			}
		} else {
			size_t before = h.cursor;
			uint8_t old = segsize ? seg[before] : 0;
			enum hex_result r = hexedit_key(&h, op);
			FUZZ_ASSERT(r != HEX_UNAVAILABLE); /* heap memory is always there */
			if (r == HEX_WRITE) {
				FUZZ_ASSERT(writable && h.last_write_off == before && before < segsize);
				FUZZ_ASSERT(h.last_write_old == old);
				if (h.half) /* high nibble: the low one kept */
					FUZZ_ASSERT((h.last_write_new & 0x0f) == (old & 0x0f));
				seg[before] = model[before] = h.last_write_new;
				check_visible(&h);
			} else {
				FUZZ_ASSERT(r != HEX_READONLY || !writable);
				if (r == HEX_MOVED)
					check_visible(&h);
			}
		}
		check_view(&h);
		FUZZ_ASSERT(segsize == 0 || memcmp(seg, model, segsize) == 0);
	}
	hexedit_free(&h);
	free(seg);
	free(model);
	return 0;
}
