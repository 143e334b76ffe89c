/* tree.h — the list's tree (F5): rows grouped by the process that created
 * them while it runs (a segment's cpid; the kernel keeps no creator pid
 * for queues and sets), the others by owner. Curses-free. */
#ifndef IPCTOP_TREE_H
#define IPCTOP_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/ipcobj.h"

struct tree_group {
	size_t first, count; /* its rows: rows[first .. first + count) */
	pid_t pid;           /* the running creator, or 0: grouped by owner */
	uid_t uid;           /* the owner when pid is 0 */
};

struct tree {
	struct tree_group *v;
	size_t count, cap;
};

/* Reorders rows[0..n) into groups: the segments whose creator process
 * still runs (alive(cpid)), one group per creator, then every other object
 * by its owner (uid). Groups come in the order of their first row; inside
 * a group the rows keep their order (the sort applies within groups).
 * Replaces t's groups. Returns 0, or -1 with errno ENOMEM (rows and t
 * unchanged). */
int tree_build(struct tree *t, const struct ipc_object **rows, size_t n, bool (*alive)(pid_t pid));

/* The group holding row i, or NULL. */
const struct tree_group *tree_group_of(const struct tree *t, size_t row);

void tree_free(struct tree *t);

#endif
