/* waitgraph.h — the wait-for graph of processes blocked on semaphores and
 * its cycles (deadlocks). An edge says: process `waiter` waits on semaphore
 * (semid, semnum), held by process `holder`. Generic: the edges may come
 * from the waiter scan (waiters.h, holders inferred from sempid) or from
 * anything else that knows who waits for whom (a classroom scenario). */
#ifndef IPCTOP_WAITGRAPH_H
#define IPCTOP_WAITGRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct wait_edge {
	pid_t waiter;
	int semid;
	unsigned semnum;
	pid_t holder;
};

struct wait_cycles {
	struct wait_edge *edges; /* every cycle's edges, one cycle after another */
	size_t nedges, cap;
	size_t *len;             /* len[i]: the number of edges of cycle i */
	size_t count, lencap;
};

/* Replaces the contents of *out (zeroed or a previous result) with the
 * cycles of the graph edges[0, n): processes each waiting for the next,
 * the last for the first. Each cycle starts at its smallest pid, its edges
 * in waiting order (edge i's holder is edge i+1's waiter); cycles are
 * sorted by that pid and share no process. A process waiting on a cycle
 * without being part of it is not in it. When a process has several
 * waiting threads (several edges), the cycle through its first edge (in
 * the order given) that leads on to blocked processes is the one found.
 * Returns 0, or -1 with errno ENOMEM (*out then empty). */
int waitgraph_cycles(const struct wait_edge *edges, size_t n, struct wait_cycles *out);

/* Cycle i of c: its first edge, and its length in *len. */
const struct wait_edge *waitgraph_cycle(const struct wait_cycles *c, size_t i, size_t *len);

/* Whether c holds a cycle with exactly these edges (same start: both are
 * normalised by waitgraph_cycles). */
bool waitgraph_has(const struct wait_cycles *c, const struct wait_edge *cycle, size_t len);

void waitgraph_free(struct wait_cycles *c);

#endif
