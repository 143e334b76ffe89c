/* panels.h — the panes at the bottom of the screen (waiters, action log,
 * events, the running scenario) and the waiters panel's mode. */
#ifndef IPCTOP_UI_PANELS_H
#define IPCTOP_UI_PANELS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"

/* Shows the waiters panel (a blocking call just went to a worker) until
 * nobody waits any more; opened with w, it stays until closed. */
void panels_show_waiters(void);
/* After each rescan: hides the panel panels_show_waiters opened once the
 * last waiter (process or ipctop's worker) is gone. */
void panels_rescanned(const struct app *a);
/* Is the events pane shown (the rescan then keeps the previous snapshot)? */
bool panels_events_shown(void);
/* Extra snapshot flags (snapshot.h) the shown panes need. */
unsigned panels_snap_flags(void);

/* Rows the visible panes take at the bottom of a body of body_height rows
 * (the view above keeps at least 5). */
int panels_height(const struct app *a, int body_height);
/* Draws them in rows [top, top + height). */
void panels_draw(const struct app *a, int top, int height);

/* A worker's pipe is readable: collects its result into the status line.
 * Returns reaction flags. */
unsigned panels_collect_worker(struct app *a, int fd);

/* Writes the session's actions as a C program to path (created 0600; an
 * existing file only when it is such a program of ours: safefile_rewrite);
 * msg gets the outcome. Returns 0 or -1. */
int panels_write_log_c(const char *path, char *msg, size_t len);

#endif
