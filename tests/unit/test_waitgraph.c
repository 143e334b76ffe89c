/* test_waitgraph.c — unit tests of src/model/waitgraph.c on crafted edges:
 * no cycle in a chain, a two-process cycle rotated to its smallest pid, a
 * three-process cycle with a process waiting on it from outside (not in
 * it), self edges ignored, two disjoint cycles sorted, a process with two
 * waiting threads, waitgraph_has, and reuse of one result. */
#include <criterion/criterion.h>

#include "model/waitgraph.h"

#define E(w, id, num, h) { (pid_t)(w), (id), (num), (pid_t)(h) }

static void expect_cycle(const struct wait_cycles *c, size_t i, const struct wait_edge *want, size_t n)
{
	size_t len;
	const struct wait_edge *e = waitgraph_cycle(c, i, &len);
	cr_assert_eq(len, n, "cycle %zu has %zu edges, not %zu", i, len, n);
	for (size_t k = 0; k < n; k++) {
		cr_assert_eq(e[k].waiter, want[k].waiter, "cycle %zu edge %zu waiter %d", i, k, (int)e[k].waiter);
		cr_assert_eq(e[k].semid, want[k].semid);
		cr_assert_eq(e[k].semnum, want[k].semnum);
		cr_assert_eq(e[k].holder, want[k].holder);
	}
	cr_assert(waitgraph_has(c, want, n));
}

Test(waitgraph, chain_is_no_deadlock)
{
	struct wait_edge v[] = { E(10, 1, 0, 11), E(11, 1, 1, 12), E(12, 2, 0, 99) };
	struct wait_cycles c = { 0 };
	cr_assert_eq(waitgraph_cycles(v, 3, &c), 0);
	cr_assert_eq(c.count, 0, "12 waits on 99, who is not blocked");
	cr_assert_eq(waitgraph_cycles(v, 0, &c), 0);
	cr_assert_eq(c.count, 0);
	waitgraph_free(&c);
}

Test(waitgraph, two_processes_opposite_order)
{
	/* 20 holds sem 0, waits for sem 1; 10 holds sem 1, waits for sem 0. */
	struct wait_edge v[] = { E(20, 5, 1, 10), E(10, 5, 0, 20) };
	struct wait_cycles c = { 0 };
	cr_assert_eq(waitgraph_cycles(v, 2, &c), 0);
	cr_assert_eq(c.count, 1);
	struct wait_edge want[] = { E(10, 5, 0, 20), E(20, 5, 1, 10) };
	expect_cycle(&c, 0, want, 2);
	struct wait_edge other[] = { E(10, 5, 1, 20), E(20, 5, 1, 10) };
	cr_assert(!waitgraph_has(&c, other, 2), "another semaphore: another cycle");
	cr_assert(!waitgraph_has(&c, want, 1));
	waitgraph_free(&c);
	cr_assert_null(c.edges);
}

Test(waitgraph, cycle_with_a_waiter_outside)
{
	struct wait_edge v[] = { E(7, 3, 0, 31), E(31, 3, 1, 32), E(32, 3, 2, 33), E(33, 3, 0, 31), E(30, 3, 1, 32) };
	struct wait_cycles c = { 0 };
	cr_assert_eq(waitgraph_cycles(v, 5, &c), 0);
	cr_assert_eq(c.count, 1, "7 and 30 wait on the cycle without being in it");
	struct wait_edge want[] = { E(31, 3, 1, 32), E(32, 3, 2, 33), E(33, 3, 0, 31) };
	expect_cycle(&c, 0, want, 3);
	waitgraph_free(&c);
}

Test(waitgraph, self_edges_and_two_cycles)
{
	struct wait_edge v[] = { E(50, 9, 0, 50), E(60, 8, 0, 61), E(61, 8, 1, 60), E(41, 7, 1, 40), E(40, 7, 0, 41) };
	struct wait_cycles c = { 0 };
	cr_assert_eq(waitgraph_cycles(v, 5, &c), 0);
	cr_assert_eq(c.count, 2, "50 waiting on itself is no deadlock between processes");
	struct wait_edge first[] = { E(40, 7, 0, 41), E(41, 7, 1, 40) };
	struct wait_edge second[] = { E(60, 8, 0, 61), E(61, 8, 1, 60) };
	expect_cycle(&c, 0, first, 2);
	expect_cycle(&c, 1, second, 2);
	/* The same result reused: the old cycles are gone. */
	cr_assert_eq(waitgraph_cycles(v, 1, &c), 0);
	cr_assert_eq(c.count, 0);
	cr_assert_eq(c.nedges, 0);
	waitgraph_free(&c);
}

Test(waitgraph, threads_of_one_process)
{
	/* Process 70 has two blocked threads: one on 71 (who waits on 70),
	 * one on 72 (not blocked). The cycle through the live edge is found,
	 * whatever order the threads come in. */
	struct wait_edge a[] = { E(70, 1, 2, 72), E(70, 1, 0, 71), E(71, 1, 1, 70) };
	struct wait_cycles c = { 0 };
	cr_assert_eq(waitgraph_cycles(a, 3, &c), 0);
	cr_assert_eq(c.count, 1);
	struct wait_edge want[] = { E(70, 1, 0, 71), E(71, 1, 1, 70) };
	expect_cycle(&c, 0, want, 2);
	waitgraph_free(&c);
}
