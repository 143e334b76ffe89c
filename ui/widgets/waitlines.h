/* waitlines.h — who waits, as text on the screen, from a snapshot's waiter
 * table (model/waiters.h): the DEADLOCK banner over the body, each waiter
 * under its semaphore (or queue) in the detail view, and the pieces the
 * waiters panel reuses. Draws only; changes nothing. */
#ifndef IPCTOP_UI_WAITLINES_H
#define IPCTOP_UI_WAITLINES_H

#include <stddef.h>
#include <sys/types.h>

#include "model/snapshot.h"

/* The operation, translated: "P on sem 2 (needs ≥ 1)", "msgrcv type 7, 8192 B". */
void waitlines_op(const struct waiter *w, char *buf, size_t len);

/* The command line of pid as the snapshot knows it, or "?". */
const char *waitlines_command(const struct snapshot *s, pid_t pid);

/* The DEADLOCK banner at row y when the snapshot has a deadlock cycle;
 * returns the rows it took (0 or 1). */
int waitlines_banner(const struct snapshot *s, int y);

/* Detail view of set o: the lines under semaphore semnum (v its values and
 * counts): each waiter blocked on it, and one for those the kernel counts
 * but the scan could not name. Draws at most max of them from row y (max 0:
 * draws nothing). Returns how many lines there are (drawn or not). */
int waitlines_sem(const struct snapshot *s, const struct ipc_object *o, const struct ipc_semval *v, unsigned semnum,
		  int y, int max);

/* Detail view of queue o: a title and its waiters in rows [y, y + height).
 * Returns the rows used (0 when nobody waits). */
int waitlines_queue(const struct snapshot *s, const struct ipc_object *o, int y, int height);

#endif
