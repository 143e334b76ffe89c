/* activity_view.h — the detail view's activity section while tracing is on
 * (app/trace_ui.h): calls per second, the processes of the last minute,
 * and for a semaphore set the histogram of how long P and wait-for-zero
 * waited. */
#ifndef IPCTOP_UI_ACTIVITY_VIEW_H
#define IPCTOP_UI_ACTIVITY_VIEW_H

#include "model/ipcobj.h"

/* Rows the section wants at the bottom of a body of `avail` rows (0 when
 * tracing is off). */
int activity_height(const struct ipc_object *o, int avail);
void activity_draw(const struct ipc_object *o, int top, int height);

#endif
