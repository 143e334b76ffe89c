/* detail_view.h — the detail view of one object (Enter in the list). */
#ifndef IPCTOP_UI_DETAIL_VIEW_H
#define IPCTOP_UI_DETAIL_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"

/* Opens the detail view of the list's selected object (none: nothing). */
void detail_view_open(struct app *a);
/* When the detail view is on top: true, with the semaphore number on its
 * cursor row (for +, -, 0 and the semop forms). */
bool detail_view_semnum(const struct app *a, size_t *semnum);

#endif
