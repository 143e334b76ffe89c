/* marks.h — the objects marked in the list (Space), by kind and id, for
 * `d` to remove them all. Marks of objects that are gone are dropped at
 * each refresh. */
#ifndef IPCTOP_UI_MARKS_H
#define IPCTOP_UI_MARKS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"

/* Is (kind, id) marked? */
bool marks_has(enum ipc_kind kind, int id);
/* Marks (kind, id), or unmarks it when marked. Returns -1 (nothing
 * changed) when out of memory, else 0. */
int marks_toggle(enum ipc_kind kind, int id);
/* How many are marked, and the i-th of them. */
size_t marks_count(void);
struct obj_ref marks_get(size_t i);
void marks_clear(void);
/* Drops the marks of objects not in s (those of kinds s did not read are
 * kept). */
void marks_prune(const struct snapshot *s);
void marks_free(void);

#endif
