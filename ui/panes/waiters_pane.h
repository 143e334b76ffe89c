/* waiters_pane.h — the rows of the waiters panel (`w`): every process of the
 * namespace blocked on an object (the snapshot's waiter scan), ipctop's own
 * workers marked "#N" with their call; `x` cancels only those, `k` signals
 * any. Rows are numbered from 0 in the order drawn. */
#ifndef IPCTOP_UI_WAITERS_PANE_H
#define IPCTOP_UI_WAITERS_PANE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/snapshot.h"

/* How many rows: the scan's waiters, then workers it did not see. */
size_t waiters_pane_count(const struct snapshot *s);

/* Draws the title at row y and rows until end; focus: the panel has the
 * keys and *cursor's row is selected (clamped to the rows). */
void waiters_pane_draw(const struct snapshot *s, int y, int end, bool focus, size_t *cursor);

/* The pid of row `row`, or 0. */
pid_t waiters_pane_pid(const struct snapshot *s, size_t row);

/* `x` on row `row`: cancels it when it is ipctop's worker. Writes what
 * happened to msg; returns 1 (cancelled or already done), 0 (no row) or -1
 * (not a worker, or no such worker: an error to show). */
int waiters_pane_cancel(const struct snapshot *s, size_t row, char *msg, size_t len);

#endif
