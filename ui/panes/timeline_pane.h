/* timeline_pane.h — the timeline pane (t) of traced calls (app/trace_ui.h),
 * and its mode: with the keys it has a cursor, a pause and filters by the
 * selected call's process or object; Esc gives the keys back, t hides it. */
#ifndef IPCTOP_UI_TIMELINE_PANE_H
#define IPCTOP_UI_TIMELINE_PANE_H

#include <stdbool.h>

#include "app/app.h"

/* Is the pane shown (with the keys or not)? */
bool timeline_pane_shown(void);
/* Rows it takes at the bottom of the body (0 when hidden). */
int timeline_pane_height(void);
void timeline_pane_draw(const struct app *a, int top, int height);

#endif
