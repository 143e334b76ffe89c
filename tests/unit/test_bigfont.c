/* test_bigfont.c — the big digits' font: 11 glyphs, each at least 5 pixels
 * tall, pairwise distinct in several pixels at every scale, their cells
 * matching their bitmaps. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/bigfont.h"

/* The bitmaps as the font's reader should see them: '#' set. */
static const char *const want[BIGFONT_GLYPHS][BIGFONT_H] = {
	{ ".##.", "#..#", "#..#", "#..#", "#..#", ".##." }, /* 0 */
	{ "..#.", ".##.", "..#.", "..#.", "..#.", ".###" }, /* 1 */
	{ ".##.", "#..#", "...#", "..#.", ".#..", "####" }, /* 2 */
	{ "###.", "...#", ".##.", "...#", "...#", "###." }, /* 3 */
	{ "#..#", "#..#", "#..#", "####", "...#", "...#" }, /* 4 */
	{ "####", "#...", "###.", "...#", "...#", "###." }, /* 5 */
	{ ".##.", "#...", "#...", "###.", "#..#", ".##." }, /* 6 */
	{ "####", "...#", "..#.", ".#..", ".#..", ".#.." }, /* 7 */
	{ ".##.", "#..#", ".##.", "#..#", "#..#", ".##." }, /* 8 */
	{ ".##.", "#..#", "#..#", ".###", "...#", ".##." }, /* 9 */
	{ "....", "....", "####", "....", "....", "...." }, /* - */
};

Test(bigfont, at_least_five_pixels_tall_eleven_glyphs)
{
	cr_assert_geq(BIGFONT_H, 5);
	cr_assert_eq(strlen(BIGFONT_CHARS), BIGFONT_GLYPHS);
	for (int g = 0; g < BIGFONT_GLYPHS; g++)
		cr_assert_eq(bigfont_glyph(BIGFONT_CHARS[g]), g);
	cr_assert_eq(bigfont_glyph('x'), -1);
	cr_assert_eq(bigfont_glyph('\0'), -1);
	cr_assert_not(bigfont_pixel(-1, 0, 0));
	cr_assert_not(bigfont_pixel(0, BIGFONT_W, 0));
	cr_assert_not(bigfont_pixel(0, 0, BIGFONT_H));
}

Test(bigfont, glyphs_match_their_bitmaps)
{
	for (int g = 0; g < BIGFONT_GLYPHS; g++)
		for (int y = 0; y < BIGFONT_H; y++)
			for (int x = 0; x < BIGFONT_W; x++)
				cr_assert_eq(bigfont_pixel(g, x, y), want[g][y][x] == '#', "glyph %c pixel (%d,%d)",
					     BIGFONT_CHARS[g], x, y);
}

/* The pixels two glyphs differ in. */
static int distance(int a, int b)
{
	int d = 0;
	for (int y = 0; y < BIGFONT_H; y++)
		for (int x = 0; x < BIGFONT_W; x++)
			d += bigfont_pixel(a, x, y) != bigfont_pixel(b, x, y);
	return d;
}

Test(bigfont, every_pair_differs_in_at_least_three_pixels)
{
	for (int a = 0; a < BIGFONT_GLYPHS; a++)
		for (int b = a + 1; b < BIGFONT_GLYPHS; b++)
			cr_assert_geq(distance(a, b), 3, "%c and %c differ in %d pixels only", BIGFONT_CHARS[a],
				      BIGFONT_CHARS[b], distance(a, b));
	/* The old font's failures: 2 and 5 no mirror images, 8 not solid. */
	for (int y = 0; y < BIGFONT_H; y++) {
		bool mirrored = true;
		for (int x = 0; x < BIGFONT_W; x++)
			mirrored &= bigfont_pixel(2, x, y) == bigfont_pixel(5, BIGFONT_W - 1 - x, y);
		if (!mirrored)
			return;
	}
	cr_assert_fail("2 is 5 mirrored");
}

/* The cells of glyph g at a scale, read back into pixels. */
static bool cells_give_pixels(int g, int scale)
{
	for (int row = 0; row < BIGFONT_ROWS * scale; row++)
		for (int col = 0; col < BIGFONT_W * scale; col++) {
			enum bigfont_cell c = bigfont_cell(g, scale, col, row);
			bool up = c == BIGFONT_UPPER || c == BIGFONT_FULL;
			bool down = c == BIGFONT_LOWER || c == BIGFONT_FULL;
			if (up != bigfont_pixel(g, col / scale, 2 * row / scale) ||
			    down != bigfont_pixel(g, col / scale, (2 * row + 1) / scale))
				return false;
		}
	return true;
}

Test(bigfont, cells_at_each_scale_are_the_bitmap_and_stay_distinct)
{
	for (int scale = 1; scale <= 4; scale++) {
		for (int g = 0; g < BIGFONT_GLYPHS; g++)
			cr_assert(cells_give_pixels(g, scale), "glyph %c at scale %d", BIGFONT_CHARS[g], scale);
		for (int a = 0; a < BIGFONT_GLYPHS; a++)
			for (int b = a + 1; b < BIGFONT_GLYPHS; b++) {
				bool same = true;
				for (int row = 0; row < BIGFONT_ROWS * scale; row++)
					for (int col = 0; col < BIGFONT_W * scale; col++)
						same &= bigfont_cell(a, scale, col, row) == bigfont_cell(b, scale, col, row);
				cr_assert_not(same, "%c and %c draw the same at scale %d", BIGFONT_CHARS[a],
					      BIGFONT_CHARS[b], scale);
			}
	}
	/* Scale 2: the glyph's top-left pixel fills a 2x2 block = 2 cols x 1 row. */
	cr_assert_eq(bigfont_cell(1, 2, 4, 0), BIGFONT_FULL);
	cr_assert_eq(bigfont_cell(1, 0, 2, 0), bigfont_cell(1, 1, 2, 0));
}

Test(bigfont, width)
{
	cr_assert_eq(bigfont_width("", 1), 0);
	cr_assert_eq(bigfont_width("7", 1), BIGFONT_W);
	cr_assert_eq(bigfont_width("12", 1), 2 * BIGFONT_W + 1);
	cr_assert_eq(bigfont_width("-12", 3), 3 * BIGFONT_W * 3 + 2 * 3);
}
