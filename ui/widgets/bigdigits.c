/* bigdigits.c — a 3x3 block font for 0-9 and '-'. */
#define _GNU_SOURCE
#include "widgets/bigdigits.h"

#include <stdio.h>
#include <string.h>

#include "widgets/screen.h"
#include "widgets/text.h"

/* Each glyph: 3 rows of 3 cells; '#' is a full block. */
static const char *const glyphs[11][BIG_ROWS] = {
	{ "###", "# #", "###" }, { " # ", "## ", "###" }, { "## ", " # ", " ##" },
	{ "## ", " ##", "## " }, { "# #", "###", "  #" }, { " ##", " # ", "## " },
	{ "#  ", "###", "###" }, { "###", "  #", "  #" }, { "###", "###", "###" },
	{ "###", "###", "  #" }, { "   ", "###", "   " },
};

int bigdigits_width(long n)
{
	char buf[32];
	return (int)snprintf(buf, sizeof(buf), "%ld", n) * 4;
}

int bigdigits_draw(int y, int x, long n, attr_t attr)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%ld", n);
	const char *block = screen_utf8() ? "█" : "#";
	for (int i = 0; i < len; i++) {
		int g = buf[i] == '-' ? 10 : buf[i] - '0';
		for (int r = 0; r < BIG_ROWS; r++) {
			char row[32] = "";
			for (int c = 0; c < 3; c++)
				strcat(row, glyphs[g][r][c] == '#' ? block : " ");
			draw_text(y + r, x + i * 4, 3, attr, false, row);
		}
	}
	return len * 4;
}
