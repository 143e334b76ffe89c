/* cmdtable.c — owns the per-snapshot pid → command line table: sorting and
 * deduplicating the pids asked for, one procs_command per pid, lookup by
 * binary search. */
#define _GNU_SOURCE
#include "proc/cmdtable.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "proc/procs.h"

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

int cmdtable_build(struct cmd_table *t, pid_t *pids, size_t n)
{
	t->count = 0;
	qsort(pids, n, sizeof(*pids), cmp_pid);
	for (size_t i = 0; i < n; i++) {
		if (pids[i] <= 0 || (i > 0 && pids[i] == pids[i - 1]))
			continue;
		if (array_grow((void **)&t->v, &t->cap, t->count + 1, sizeof(*t->v)) < 0) {
			t->count = 0;
			return -1;
		}
		struct cmd_entry *e = &t->v[t->count++];
		e->pid = pids[i];
		e->readable = procs_command(pids[i], e->text, sizeof(e->text)) == 0;
	}
	return 0;
}

const struct cmd_entry *cmdtable_find(const struct cmd_table *t, pid_t pid)
{
	struct cmd_entry key = { .pid = pid };
	return t->count ? bsearch(&key, t->v, t->count, sizeof(*t->v), cmp_pid) : NULL;
}

const char *cmdtable_text(const struct cmd_table *t, pid_t pid, const char *fallback)
{
	const struct cmd_entry *e = cmdtable_find(t, pid);
	return e ? e->text : fallback;
}

void cmdtable_free(struct cmd_table *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}
