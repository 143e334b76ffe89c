/* text.h — text on the screen by display columns (multibyte and
 * double-width aware): drawing clipped and padded text, padding by columns
 * for translated texts, and title lines of fixed-layout tables. */
#ifndef IPCTOP_UI_TEXT_H
#define IPCTOP_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

/* Writes s at (y, x) clipped to `width` screen columns (multibyte aware);
 * pads with spaces up to width when pad is true. Returns columns used. */
int draw_text(int y, int x, int width, attr_t attr, bool pad, const char *s);

/* Writes s at (y, x) in at most `rows` lines of `width` columns, broken
 * at spaces (or at a character where a line has none: CJK text). Returns
 * the lines used. */
int draw_wrapped(int y, int x, int width, int rows, attr_t attr, const char *s);

/* Screen columns text takes (multibyte and double-width aware). */
int draw_width(const char *s);

/* printf's "%*s" by screen columns instead of bytes, for texts that may be
 * translated (double-width CJK): writes text into buf padded with spaces
 * to |width| columns, right-aligned when width > 0, left-aligned when
 * width < 0, and cut (at a character) when wider; width 0 copies text as
 * it is. Returns buf. draw_padcat appends to the string in buf. */
char *draw_pad(char *buf, size_t len, const char *text, int width);
char *draw_padcat(char *buf, size_t len, const char *text, int width);

/* One line of text wrapped to `width` screen columns: copies into buf the
 * longest start of s that fits, broken at the last space that lets it fit
 * (at a character when there is none: CJK text has no spaces), without
 * that space. Returns where the next line begins (the spaces skipped):
 * loop `do p = draw_wrap(p, w, buf, len); while (*p);`. Always takes at
 * least one character, so a loop ends even when width < 1. */
const char *draw_wrap(const char *s, int width, char *buf, size_t len);

/* s shortened to `width` screen columns by whole words (by characters in
 * CJK text, and within a word longer than the width), with `more` after it
 * to say so; s itself when it fits. Returns buf. */
char *draw_fit(char *buf, size_t len, const char *s, int width, const char *more);

/* A title line of a fixed-layout table: for each column, `gap` spaces then
 * the translated title (N_() text) padded as draw_pad does to `width`, so
 * the titles line up with rows printed with the same widths. */
struct title_col {
	int gap;
	int width;
	const char *title;
};
char *draw_title_line(char *buf, size_t len, const struct title_col *cols, size_t n);

#endif
