/* hex_view.h — drawing of the hex + ASCII view of an attached segment. */
#ifndef IPCTOP_UI_HEX_VIEW_H
#define IPCTOP_UI_HEX_VIEW_H

#include "hexedit.h"

/* Draws rows [top, top + height): a title line, then offset, 16 hex bytes
 * and their ASCII; bytes changed since the last hexedit_track() are
 * highlighted, the cursor byte is shown in both panes. */
void hex_view_draw(struct hexedit *h, const char *title, int top, int height);

#endif
