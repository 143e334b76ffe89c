/* bigfont.h — the big digits' font, without curses: 0-9 and '-' as 4x6
 * pixel bitmaps, drawn with half blocks (one text cell holds two pixels
 * stacked: empty, upper half, lower half, full), so a glyph is 3 rows by
 * 4 columns, and scaled by whole factors when the terminal is tall. Every
 * glyph differs from every other in several pixels (the 3x3 font it
 * replaces blurred 8, 6 and 0, and mirrored 2 and 5). The widget that
 * draws it is ui/widgets/bigdigits.c. */
#ifndef IPCTOP_BIGFONT_H
#define IPCTOP_BIGFONT_H

#include <stdbool.h>

#define BIGFONT_W 4      /* pixels wide (= columns at scale 1) */
#define BIGFONT_H 6      /* pixels tall (= 3 rows of half blocks at scale 1) */
#define BIGFONT_ROWS (BIGFONT_H / 2)
#define BIGFONT_CHARS "0123456789-" /* the glyphs, in index order */
#define BIGFONT_GLYPHS 11

/* What one text cell of a glyph shows: its upper pixel, its lower pixel,
 * both or none. */
enum bigfont_cell { BIGFONT_EMPTY, BIGFONT_UPPER, BIGFONT_LOWER, BIGFONT_FULL };

/* The index of c in BIGFONT_CHARS, or -1 when the font has no glyph for it. */
int bigfont_glyph(char c);

/* Pixel (x, y) of glyph g (0 <= x < BIGFONT_W, 0 <= y < BIGFONT_H); false
 * outside the glyph or for an unknown g. */
bool bigfont_pixel(int g, int x, int y);

/* The cell at column col and row row of glyph g drawn `scale` times as big
 * (each pixel scale x scale; col < BIGFONT_W * scale, row < BIGFONT_ROWS *
 * scale). scale < 1 counts as 1. */
enum bigfont_cell bigfont_cell(int g, int scale, int col, int row);

/* Columns text takes at a scale: each glyph BIGFONT_W * scale, and scale
 * between two glyphs. */
int bigfont_width(const char *text, int scale);

#endif
