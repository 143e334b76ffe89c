/* test_hexedit.c — unit tests of src/ops/hexedit.c: the window is read through
 * safemem (a page past the end of its file, which SIGBUSes when touched, is
 * marked missing, byte by byte up to the page boundary); typing merges
 * nibbles with the byte read at that moment, hands the byte to the caller
 * and never writes; typing on a missing page says so; change tracking
 * compares two loaded windows; offsets get as many hex digits as the size
 * needs (10 for 1 TiB). */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <stdint.h>

#include "ops/hexedit.h"
#include "ops/safemem.h"
#include "test_faulty.h"

Test(hexedit, window_stops_at_a_missing_page)
{
	size_t page = safemem_page_size();
	unsigned char *p = faulty_map(3);
	struct hexedit h;
	hexedit_init(&h, p, 3 * page, true);
	h.page_rows = 4;
	hexedit_goto(&h, page - 32);
	h.top = page - 32;
	cr_assert_eq(hexedit_load(&h), 0);
	cr_assert_eq(h.win.off, page - 32);
	cr_assert_eq(h.win.len, 64u);
	uint8_t b = 0;
	for (size_t off = page - 32; off < page; off++) {
		cr_assert(hexedit_byte(&h, off, &b), "byte 0x%zx is in the file", off);
		cr_assert_eq(b, 'A');
	}
	for (size_t off = page; off < page + 32; off++)
		cr_assert_not(hexedit_byte(&h, off, &b), "byte 0x%zx is past the end of the file", off);
	cr_assert_not(hexedit_byte(&h, page - 33, &b), "outside the window");
	cr_assert_eq(h.load_err, 0);
	/* the whole view on missing pages: every byte marked, no signal */
	hexedit_goto(&h, 3 * page - 1);
	cr_assert_eq(hexedit_load(&h), 0);
	cr_assert_eq(h.win.len, 64u);
	for (size_t i = 0; i < h.win.len; i++)
		cr_assert_not(h.win.ok[i]);
	hexedit_free(&h);
	munmap(p, 3 * page);
}

Test(hexedit, typing_hands_the_byte_over_and_never_writes)
{
	size_t page = safemem_page_size();
	unsigned char *p = faulty_map(2);
	p[5] = 0x3c;
	struct hexedit h;
	hexedit_init(&h, p, 2 * page, true);
	hexedit_goto(&h, 5);
	cr_assert_eq(hexedit_key(&h, 'a'), HEX_WRITE);
	cr_assert(h.half);
	cr_assert_eq(h.last_write_off, 5u);
	cr_assert_eq(h.last_write_old, 0x3c);
	cr_assert_eq(h.last_write_new, 0xac, "high nibble typed, low kept");
	cr_assert_eq(p[5], 0x3c, "hexedit does not write");
	p[5] = 0xac; /* the caller writes it */
	cr_assert_eq(hexedit_key(&h, '7'), HEX_WRITE);
	cr_assert_eq(h.last_write_new, 0xa7);
	cr_assert_eq(h.cursor, 6u, "the cursor moves after the low nibble");
	cr_assert_not(h.half);
	cr_assert_eq(hexedit_key(&h, HK_TAB), HEX_MOVED);
	cr_assert_eq(hexedit_key(&h, 'Z'), HEX_WRITE);
	cr_assert_eq(h.last_write_new, 'Z');
	/* on the missing page */
	hexedit_goto(&h, page + 3);
	cr_assert_eq(hexedit_key(&h, 'Q'), HEX_UNAVAILABLE);
	cr_assert_eq(h.cursor, page + 3, "the cursor stays");
	cr_assert_eq(hexedit_key(&h, HK_TAB), HEX_MOVED);
	cr_assert_eq(hexedit_key(&h, 'f'), HEX_UNAVAILABLE);
	cr_assert_not(h.half);
	h.writable = false;
	cr_assert_eq(hexedit_key(&h, 'f'), HEX_READONLY);
	hexedit_free(&h);
	munmap(p, 2 * page);
}

Test(hexedit, changes_between_two_loads)
{
	unsigned char buf[256];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)i;
	struct hexedit h;
	hexedit_init(&h, buf, sizeof(buf), true);
	h.page_rows = 4;
	cr_assert_eq(hexedit_load(&h), 0);
	cr_assert_eq(hexedit_track(&h), 0);
	buf[3] = 0xee;
	buf[200] = 0xee; /* outside the window */
	cr_assert_not(hexedit_changed(&h, 3), "not loaded yet");
	cr_assert_eq(hexedit_load(&h), 0);
	cr_assert(hexedit_changed(&h, 3));
	cr_assert_not(hexedit_changed(&h, 4));
	cr_assert_not(hexedit_changed(&h, 200));
	cr_assert_not(hexedit_changed(&h, SIZE_MAX));
	cr_assert_eq(hexedit_track(&h), 0);
	cr_assert_not(hexedit_changed(&h, 3), "remembered");
	hexedit_free(&h);
}

Test(hexedit, offset_digits)
{
	cr_assert_eq(hexedit_offset_digits(0), 8);
	cr_assert_eq(hexedit_offset_digits(4096), 8);
	cr_assert_eq(hexedit_offset_digits((size_t)1 << 32), 8, "last offset 0xffffffff");
	cr_assert_eq(hexedit_offset_digits(((size_t)1 << 32) + 1), 9);
	cr_assert_eq(hexedit_offset_digits((size_t)1 << 40), 10, "1 TiB: last offset 0xffffffffff");
	cr_assert_eq(hexedit_offset_digits(((size_t)1 << 40) + 1), 11);
	cr_assert_eq(hexedit_offset_digits((size_t)1 << 47), 12);
	cr_assert_eq(hexedit_offset_digits(SIZE_MAX), 16);
}
