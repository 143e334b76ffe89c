/* bigdigits.c — draws numbers with the big font (base/bigfont.c) in half
 * blocks, or their ASCII stand-ins. */
#define _GNU_SOURCE
#include "widgets/bigdigits.h"

#include <stdio.h>
#include <string.h>

#include "widgets/screen.h"
#include "widgets/text.h"

#define MAX_SCALE 4

int bigdigits_rows(int scale)
{
	return BIGFONT_ROWS * (scale < 1 ? 1 : scale);
}

int bigdigits_width(long n, int scale)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%ld", n);
	return bigfont_width(buf, scale);
}

int bigdigits_scale(long n, int rows, int cols, int max)
{
	int s = max < MAX_SCALE ? max : MAX_SCALE;
	while (s > 1 && (bigdigits_rows(s) > rows || bigdigits_width(n, s) > cols))
		s--;
	return s < 1 ? 1 : s;
}

int bigdigits_draw(int y, int x, long n, int scale, attr_t attr)
{
	static const char *const utf8[] = { " ", "\u2580", "\u2584", "\u2588" };
	static const char *const ascii[] = { " ", "\"", "_", "#" };
	const char *const *cell = screen_utf8() ? utf8 : ascii;
	char text[32];
	snprintf(text, sizeof(text), "%ld", n);
	if (scale < 1 || scale > MAX_SCALE)
		scale = scale < 1 ? 1 : MAX_SCALE;
	int width = bigfont_width(text, scale);
	for (int r = 0; r < bigdigits_rows(scale); r++) {
		char row[32 * (BIGFONT_W + 1) * MAX_SCALE * 3 + 1];
		size_t used = 0;
		for (size_t i = 0; text[i]; i++) {
			int g = bigfont_glyph(text[i]);
			for (int c = 0; c < BIGFONT_W * scale + (text[i + 1] ? scale : 0); c++) {
				enum bigfont_cell k = c < BIGFONT_W * scale ? bigfont_cell(g, scale, c, r) : BIGFONT_EMPTY;
				size_t len = strlen(cell[k]);
				if (used + len < sizeof(row)) {
					memcpy(row + used, cell[k], len);
					used += len;
				}
			}
		}
		row[used] = '\0';
		draw_text(y + r, x, width, attr, false, row);
	}
	return width;
}
