/* list_view.h — the object list, the base mode: the rows of the current
 * view (app.h keeps them and the selection), which objects are new since
 * the last refresh, and the list's own keys (Enter, sort, marks). */
#ifndef IPCTOP_UI_LIST_VIEW_H
#define IPCTOP_UI_LIST_VIEW_H

#include <stdbool.h>

#include "app/app.h"

extern const struct mode_class list_mode;

/* After a rescan: flags the objects not in the previous snapshot (none
 * after the first scan, after list_view_forget_new(), or when the read was
 * of other kinds). Returns true when the read found the same objects,
 * unchanged, as the scan before (nothing to prune). */
bool list_view_note_scan(struct app *a);
/* The next scan flags nothing as new (another IPC namespace). */
void list_view_forget_new(void);
/* Rows a page moves (PgUp/PgDn): the list's visible rows less one. */
long list_view_page(void);
/* Is the list the screen shown (marks apply)? */
bool list_view_shown(const struct app *a);

#endif
