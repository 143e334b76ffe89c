/* history_pane.h — the detail view's graphs of one object's history
 * (model/series.h): a queue's messages and bytes with its estimated rates,
 * a semaphore's value and the set's waiters, a segment's nattch. */
#ifndef IPCTOP_UI_HISTORY_PANE_H
#define IPCTOP_UI_HISTORY_PANE_H

#include <stddef.h>

#include "app/app.h"

/* The rows the graphs take in a body of `height` rows of which `used` are
 * taken: 0 when they would leave fewer than 6 to the rest. */
int history_pane_rows(int height, int used);

/* Draws o's graphs in rows [y, y + rows): semnum is the semaphore whose
 * value a set's graph shows. */
void history_pane_draw(const struct app *a, const struct ipc_object *o, size_t semnum, int y, int rows);

#endif
