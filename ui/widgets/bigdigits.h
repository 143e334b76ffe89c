/* bigdigits.h — numbers drawn 3 rows tall with block characters, for the
 * projector mode's semaphore values and queue depths. */
#ifndef IPCTOP_UI_BIGDIGITS_H
#define IPCTOP_UI_BIGDIGITS_H

#include <curses.h>

#define BIG_ROWS 3

/* Width in columns of n drawn big (digits are 3 wide plus 1 space). */
int bigdigits_width(long n);
/* Draws n with its top-left corner at (y, x); returns the width used. */
int bigdigits_draw(int y, int x, long n, attr_t attr);

#endif
