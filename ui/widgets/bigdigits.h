/* bigdigits.h — numbers drawn big for the room (projector mode, the
 * classroom stage): the half-block font of base/bigfont.h, 3 rows tall at
 * scale 1, scaled up where there is room; '#', '"' and '_' stand for the
 * blocks on a terminal that is not UTF-8. */
#ifndef IPCTOP_UI_BIGDIGITS_H
#define IPCTOP_UI_BIGDIGITS_H

#include <curses.h>

#include "base/bigfont.h"

#define BIG_ROWS BIGFONT_ROWS /* rows at scale 1 */

/* Rows n takes at a scale. */
int bigdigits_rows(int scale);
/* Columns n takes at a scale. */
int bigdigits_width(long n, int scale);
/* The largest scale from 1 to max at which n fits in rows x cols (1 when
 * even that does not fit). */
int bigdigits_scale(long n, int rows, int cols, int max);
/* Draws n with its top-left corner at (y, x); returns the width used. */
int bigdigits_draw(int y, int x, long n, int scale, attr_t attr);

#endif
