/* bigfont.c — owns the big digits' bitmaps and their cells at any scale. */
#include "base/bigfont.h"

#include <string.h>

/* Each glyph: BIGFONT_H rows of BIGFONT_W pixels, '#' set. Drawn in half
 * blocks they read (0) ▄▀▀▄ █  █ ▀▄▄▀, (1) ▄█ ,  █ , ▄█▄, (8) ▄▀▀▄ ▄▀▀▄
 * ▀▄▄▀ ... */
static const char *const bitmaps[BIGFONT_GLYPHS][BIGFONT_H] = {
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

int bigfont_glyph(char c)
{
	const char *at = c ? strchr(BIGFONT_CHARS, c) : NULL;
	return at ? (int)(at - BIGFONT_CHARS) : -1;
}

bool bigfont_pixel(int g, int x, int y)
{
	if (g < 0 || g >= BIGFONT_GLYPHS || x < 0 || x >= BIGFONT_W || y < 0 || y >= BIGFONT_H)
		return false;
	return bitmaps[g][y][x] == '#';
}

enum bigfont_cell bigfont_cell(int g, int scale, int col, int row)
{
	if (scale < 1)
		scale = 1;
	/* The cell's two pixels at this scale, mapped back to the bitmap. */
	bool up = bigfont_pixel(g, col / scale, 2 * row / scale);
	bool down = bigfont_pixel(g, col / scale, (2 * row + 1) / scale);
	return up && down ? BIGFONT_FULL : up ? BIGFONT_UPPER : down ? BIGFONT_LOWER : BIGFONT_EMPTY;
}

int bigfont_width(const char *text, int scale)
{
	if (scale < 1)
		scale = 1;
	int n = (int)strlen(text);
	return n ? n * BIGFONT_W * scale + (n - 1) * scale : 0;
}
