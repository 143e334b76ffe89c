/* waiters_view.h — who waits, on screen: the DEADLOCK banner over the body,
 * each waiter under its semaphore (or queue) in the detail view, and the
 * waiters panel `w`: every process of the namespace blocked on an object,
 * ipctop's own workers marked (x cancels only those, k signals any); plus
 * the snapshot flags these views need. Draws from the snapshot's waiter
 * table (model/waiters.h); changes nothing but its cursor. */
#ifndef IPCTOP_UI_WAITERS_VIEW_H
#define IPCTOP_UI_WAITERS_VIEW_H

#include <stdbool.h>
#include <sys/types.h>

#include "app.h"

/* Extra snapshot flags for what is shown: SNAP_SEMWAIT for the semaphore
 * list's NCNT/ZCNT (or when `diff`, the events pane), SNAP_THREADS while
 * the waiters panel or a detail view is open (every thread looked at). */
unsigned waiters_view_flags(const struct app *a, bool diff);

/* The DEADLOCK banner at row y when the snapshot has a deadlock cycle;
 * returns the rows it took (0 or 1). */
int deadlock_banner_draw(const struct app *a, int y);

/* Detail view of set o: the lines under semaphore semnum (v its values and
 * counts): each waiter blocked on it, and one for those the kernel counts
 * but the scan could not name. Draws at most max of them from row y (max 0:
 * draws nothing). Returns how many lines there are (drawn or not). */
int waiters_sem_lines(const struct app *a, const struct ipc_object *o, const struct ipc_semval *v, unsigned semnum,
		      int y, int max);

/* Detail view of queue o: a title and its waiters in rows [y, y + height).
 * Returns the rows used (0 when nobody waits). */
int waiters_queue_draw(const struct app *a, const struct ipc_object *o, int y, int height);

/* The waiters panel: rows, drawing (title at y, rows until end), the pid on
 * the cursor row (0 none), and `x`. */
size_t waiters_panel_count(const struct app *a);
void waiters_panel_draw(struct app *a, int y, int end);
pid_t waiters_panel_pid(const struct app *a);
unsigned waiters_panel_cancel(struct app *a, int key);

#endif
