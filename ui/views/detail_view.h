/* detail_view.h — the detail view of one object (Enter in the list). */
#ifndef IPCTOP_UI_DETAIL_VIEW_H
#define IPCTOP_UI_DETAIL_VIEW_H

#include "app/app.h"

/* Opens the detail view of the list's selected object (none: nothing). */
void detail_view_open(struct app *a);

#endif
