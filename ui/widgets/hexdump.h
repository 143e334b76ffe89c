/* hexdump.h — drawing of the hex + ASCII view of an attached segment. */
#ifndef IPCTOP_UI_HEXDUMP_H
#define IPCTOP_UI_HEXDUMP_H

#include "ops/hexedit.h"

/* Draws rows [top, top + height): a title line, then offset (as many hex
 * digits as the segment needs), 16 hex bytes and their ASCII. The window is
 * read with hexedit_load first: a row whose page the kernel cannot provide
 * reads "page not available", never touching it. Bytes changed since the
 * last hexedit_track() are highlighted, the cursor byte is shown in both
 * panes. */
void hexdump_draw(struct hexedit *h, const char *title, int top, int height);

#endif
