/* waitgraph.c — owns finding the cycles of a wait-for graph: prune the
 * edges whose holder is not itself blocked (to a fixed point), then walk
 * from each remaining process along its first live edge until a process
 * repeats; the repeated part is a cycle, rotated to its smallest pid. */
#define _GNU_SOURCE
#include "model/waitgraph.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"

/* Edges sorted by waiter, each waiter's edges in the order given: the
 * order rides along as the tie-break. */
struct ranked {
	struct wait_edge e;
	size_t rank;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->e.waiter != y->e.waiter)
		return (x->e.waiter > y->e.waiter) - (x->e.waiter < y->e.waiter);
	return (x->rank > y->rank) - (x->rank < y->rank);
}

/* The index of the first edge of pid in v[0, n) (sorted by waiter, stable
 * order kept within one waiter), or n. */
static size_t first_of(const struct wait_edge *v, size_t n, pid_t pid)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].waiter < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].waiter == pid ? lo : n;
}

/* The first live edge of pid, or n. */
static size_t live_edge(const struct wait_edge *v, const bool *live, size_t n, pid_t pid)
{
	for (size_t i = first_of(v, n, pid); i < n && v[i].waiter == pid; i++)
		if (live[i])
			return i;
	return n;
}

/* Marks dead every edge whose holder has no live edge, until none changes:
 * what stays leads, edge by edge, from blocked process to blocked process. */
static void prune(const struct wait_edge *v, bool *live, size_t n)
{
	bool changed = true;
	while (changed) {
		changed = false;
		for (size_t i = 0; i < n; i++)
			if (live[i] && live_edge(v, live, n, v[i].holder) == n) {
				live[i] = false;
				changed = true;
			}
	}
}

/* Appends the cycle of edges v[idx[from]], ..., v[idx[to - 1]], rotated
 * to start at its smallest pid. */
static int add_cycle(struct wait_cycles *out, const struct wait_edge *v, const size_t *idx, size_t from, size_t to)
{
	size_t len = to - from, low = from;
	for (size_t i = from; i < to; i++)
		if (v[idx[i]].waiter < v[idx[low]].waiter)
			low = i;
	if (array_grow((void **)&out->edges, &out->cap, out->nedges + len, sizeof(*out->edges)) < 0 ||
	    array_grow((void **)&out->len, &out->lencap, out->count + 1, sizeof(*out->len)) < 0)
		return -1;
	for (size_t k = 0; k < len; k++)
		out->edges[out->nedges++] = v[idx[from + (low - from + k) % len]];
	out->len[out->count++] = len;
	return 0;
}

/* Walks from edge start along first live edges, noting the edges in idx;
 * state per edge: 0 not seen, 1 on this walk, 2 done. Coming back to an
 * edge of this walk closes a cycle; reaching a done one does not. */
static int walk(const struct wait_edge *v, const bool *live, size_t n, char *state, size_t start, size_t *idx,
		struct wait_cycles *out)
{
	size_t depth = 0, at = start;
	while (at < n && state[at] == 0) {
		state[at] = 1;
		idx[depth++] = at;
		at = live_edge(v, live, n, v[at].holder);
	}
	int rc = 0;
	if (at < n && state[at] == 1) {
		size_t from = 0;
		while (idx[from] != at)
			from++;
		rc = add_cycle(out, v, idx, from, depth);
	}
	for (size_t i = 0; i < depth; i++)
		state[idx[i]] = 2;
	return rc;
}

int waitgraph_cycles(const struct wait_edge *edges, size_t n, struct wait_cycles *out)
{
	out->nedges = out->count = 0;
	if (n == 0)
		return 0;
	struct ranked *r = malloc(n * sizeof(*r));
	struct wait_edge *v = malloc(n * sizeof(*v));
	size_t *idx = malloc(n * sizeof(*idx));
	bool *live = malloc(n * sizeof(*live));
	char *state = calloc(n, 1);
	int rc = -1;
	if (!r || !v || !idx || !live || !state)
		goto out;
	for (size_t i = 0; i < n; i++)
		r[i] = (struct ranked){ edges[i], i };
	qsort(r, n, sizeof(*r), cmp_ranked);
	for (size_t i = 0; i < n; i++) {
		v[i] = r[i].e;
		live[i] = v[i].holder != v[i].waiter;
	}
	prune(v, live, n);
	rc = 0;
	/* From the smallest pids on, each from a waiter's first live edge. */
	for (size_t i = 0; i < n && rc == 0; i++)
		if (live[i] && state[i] == 0 && live_edge(v, live, n, v[i].waiter) == i)
			rc = walk(v, live, n, state, i, idx, out);
out:
	if (rc < 0) {
		out->nedges = out->count = 0;
		errno = ENOMEM;
	}
	free(r);
	free(v);
	free(idx);
	free(live);
	free(state);
	return rc;
}

const struct wait_edge *waitgraph_cycle(const struct wait_cycles *c, size_t i, size_t *len)
{
	size_t at = 0;
	for (size_t k = 0; k < i; k++)
		at += c->len[k];
	*len = c->len[i];
	return &c->edges[at];
}

bool waitgraph_has(const struct wait_cycles *c, const struct wait_edge *cycle, size_t len)
{
	for (size_t i = 0, at = 0; i < c->count; at += c->len[i], i++) {
		if (c->len[i] != len)
			continue;
		size_t k = 0;
		while (k < len && c->edges[at + k].waiter == cycle[k].waiter && c->edges[at + k].holder == cycle[k].holder &&
		       c->edges[at + k].semid == cycle[k].semid && c->edges[at + k].semnum == cycle[k].semnum)
			k++;
		if (k == len)
			return true;
	}
	return false;
}

void waitgraph_free(struct wait_cycles *c)
{
	free(c->edges);
	free(c->len);
	memset(c, 0, sizeof(*c));
}
