/* marks.c — the marked objects of the list. */
#include "app/marks.h"

#include <stdlib.h>

#include "base/array.h"

static struct {
	struct obj_ref *v;
	size_t n, cap;
} marks;

bool marks_has(enum ipc_kind kind, int id)
{
	for (size_t i = 0; i < marks.n; i++)
		if (marks.v[i].kind == kind && marks.v[i].id == id)
			return true;
	return false;
}

int marks_toggle(enum ipc_kind kind, int id)
{
	for (size_t i = 0; i < marks.n; i++)
		if (marks.v[i].kind == kind && marks.v[i].id == id) {
			marks.v[i] = marks.v[--marks.n];
			return 0;
		}
	if (array_grow((void **)&marks.v, &marks.cap, marks.n + 1, sizeof(*marks.v)) < 0)
		return -1;
	marks.v[marks.n++] = (struct obj_ref){ kind, id, true };
	return 0;
}

size_t marks_count(void)
{
	return marks.n;
}

struct obj_ref marks_get(size_t i)
{
	return marks.v[i];
}

void marks_clear(void)
{
	marks.n = 0;
}

void marks_prune(const struct snapshot *s)
{
	size_t k = 0;
	for (size_t i = 0; i < marks.n; i++)
		if (!(s->kinds & KIND_BIT(marks.v[i].kind)) || snapshot_find(s, marks.v[i].kind, marks.v[i].id))
			marks.v[k++] = marks.v[i];
	marks.n = k;
}

void marks_free(void)
{
	free(marks.v);
	marks.v = NULL;
	marks.n = marks.cap = 0;
}
