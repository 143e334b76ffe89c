/* tree.c — owns the grouping of the list's rows for the tree (F5): by
 * running creator process, else by owner, in the order of the groups'
 * first rows, each group's rows kept in sorted order. */
#include "model/tree.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"

struct slot {
	uint64_t key;  /* (1 << 40 | pid) for a creator, uid for an owner */
	size_t pos;    /* the row's place in the sorted rows */
	size_t rank;   /* its group's first row */
	const struct ipc_object *o;
};

static int by_key_pos(const void *x, const void *y)
{
	const struct slot *a = x, *b = y;
	if (a->key != b->key)
		return (a->key > b->key) - (a->key < b->key);
	return (a->pos > b->pos) - (a->pos < b->pos);
}

static int by_rank_pos(const void *x, const void *y)
{
	const struct slot *a = x, *b = y;
	if (a->rank != b->rank)
		return (a->rank > b->rank) - (a->rank < b->rank);
	return (a->pos > b->pos) - (a->pos < b->pos);
}

#define CREATOR_BIT ((uint64_t)1 << 40)

int tree_build(struct tree *t, const struct ipc_object **rows, size_t n, bool (*alive)(pid_t pid))
{
	struct slot *s = calloc(n ? n : 1, sizeof(*s));
	if (!s)
		return -1;
	/* Keys: a segment's creator when it runs (asked once per pid), else
	 * the owner. */
	for (size_t i = 0; i < n; i++) {
		const struct ipc_object *o = rows[i];
		s[i] = (struct slot){ .key = o->uid, .pos = i, .o = o };
		if (o->kind == KIND_SHM && o->u.shm.cpid > 0)
			s[i].key = CREATOR_BIT | (uint32_t)o->u.shm.cpid;
	}
	if (n > 1)
		qsort(s, n, sizeof(*s), by_key_pos);
	size_t ngroups = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && s[j].key == s[i].key)
			j++;
		if ((s[i].key & CREATOR_BIT) && !alive((pid_t)(s[i].key & 0xffffffffu)))
			for (size_t k = i; k < j; k++)
				s[k].key = s[k].o->uid;
		i = j;
	}
	/* Creators that are gone joined their owners: group again. */
	if (n > 1)
		qsort(s, n, sizeof(*s), by_key_pos);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && s[j].key == s[i].key)
			j++;
		for (size_t k = i; k < j; k++)
			s[k].rank = s[i].pos;
		ngroups++;
		i = j;
	}
	if (array_grow((void **)&t->v, &t->cap, ngroups ? ngroups : 1, sizeof(*t->v)) < 0) {
		free(s);
		errno = ENOMEM;
		return -1;
	}
	if (n > 1)
		qsort(s, n, sizeof(*s), by_rank_pos);
	t->count = 0;
	for (size_t i = 0; i < n; i++) {
		rows[i] = s[i].o;
		if (i == 0 || s[i].rank != s[i - 1].rank) {
			bool creator = s[i].key & CREATOR_BIT;
			t->v[t->count++] = (struct tree_group){ .first = i, .count = 0,
								.pid = creator ? (pid_t)(s[i].key & 0xffffffffu) : 0,
								.uid = creator ? 0 : (uid_t)s[i].key };
		}
		t->v[t->count - 1].count++;
	}
	free(s);
	return 0;
}

const struct tree_group *tree_group_of(const struct tree *t, size_t row)
{
	size_t lo = 0, hi = t->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct tree_group *g = &t->v[mid];
		if (row < g->first)
			hi = mid;
		else if (row >= g->first + g->count)
			lo = mid + 1;
		else
			return g;
	}
	return NULL;
}

void tree_free(struct tree *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}
