/* test_tracestats.c — unit tests of src/trace/tracestats.c, timeline.c and
 * idmap.c: rates per second split P/V (and send/receive), the history of
 * the last minute, p50/p99 within a bucket, the wait histogram putting a
 * 300 ms P in "<1s", the processes of the last minute (counts, last call,
 * forgetting after a minute, at most TSTATS_PROCS), the --trace summary
 * text; the timeline's order, filter and pause; the hash map against a
 * plain array through thousands of insertions and deletions; the kernel
 * buffer size chosen for a number of CPUs. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/tracemode.h"
#include "trace/idmap.h"
#include "trace/timeline.h"
#include "trace/tracer.h"
#include "trace/tracestats.h"

#define S 1000000000ULL

static struct trace_call semop_at(pid_t pid, int id, short op, uint64_t start, uint64_t dur)
{
	struct trace_call c;
	memset(&c, 0, sizeof(c));
	c.sys = TSYS_SEMTIMEDOP;
	c.tid = c.tgid = pid;
	snprintf(c.comm, sizeof(c.comm), "p%d", (int)pid);
	c.arg[0] = (uint64_t)id;
	c.arg[2] = 1;
	c.id = id;
	c.nsops = 1;
	c.sops[0] = (struct sembuf){ 0, op, 0 };
	c.start_ns = start;
	c.end_ns = start + dur;
	c.done = true;
	return c;
}

Test(tracestats, rates_split_and_history)
{
	struct tstats s;
	tstats_init(&s);
	/* Second 100: 30 P and 20 V; second 101: 5 V; second 103: 1 P. */
	for (int i = 0; i < 30; i++) {
		struct trace_call c = semop_at(1, 4, -1, 100 * S + (uint64_t)i, 0);
		cr_assert_eq(tstats_add(&s, &c), 0);
	}
	for (int i = 0; i < 20; i++) {
		struct trace_call c = semop_at(2, 4, +1, 100 * S + 500, 10);
		tstats_add(&s, &c);
	}
	for (int i = 0; i < 5; i++) {
		struct trace_call c = semop_at(2, 4, +1, 101 * S, 10);
		tstats_add(&s, &c);
	}
	struct trace_call late = semop_at(3, 4, -1, 103 * S, 10);
	tstats_add(&s, &late);
	const struct tstats_obj *o = tstats_find(&s, KIND_SEM, 4);
	cr_assert_not_null(o);
	cr_assert_null(tstats_find(&s, KIND_MSG, 4));
	cr_assert_eq(o->calls, 56);
	cr_assert_eq(o->by_op[TOP_P], 31);
	cr_assert_eq(o->by_op[TOP_V], 25);
	cr_assert_eq(tstats_rate(o, TG_A, 101 * S + 5), 30);
	cr_assert_eq(tstats_rate(o, TG_B, 101 * S + 5), 20);
	cr_assert_eq(tstats_rate(o, TG_COUNT, 102 * S), 5);
	cr_assert_eq(tstats_rate(o, TG_COUNT, 103 * S), 0);
	cr_assert_eq(tstats_rate(o, TG_A, 104 * S), 1);
	cr_assert_eq(tstats_rate(o, TG_COUNT, 200 * S), 0); /* long quiet */
	uint32_t h[5];
	cr_assert_eq(tstats_history(o, 104 * S, h, 5), 5); /* seconds 99..103 */
	uint32_t want[5] = { 0, 50, 5, 0, 1 };
	for (int i = 0; i < 5; i++)
		cr_assert_eq(h[i], want[i], "second %d", 99 + i);
	/* A minute later the old seconds are gone, not mixed in. */
	struct trace_call next = semop_at(3, 4, -1, 161 * S, 10);
	tstats_add(&s, &next);
	cr_assert_eq(tstats_history(o = tstats_find(&s, KIND_SEM, 4), 162 * S, h, 5), 5);
	uint32_t want2[5] = { 0, 0, 0, 0, 1 };
	for (int i = 0; i < 5; i++)
		cr_assert_eq(h[i], want2[i]);
	cr_assert_eq(tstats_rate(o, TG_COUNT, 161 * S), 0); /* second 160 was empty (not second 100) */
	tstats_free(&s);
}

Test(tracestats, percentiles_and_wait_histogram)
{
	struct tstats s;
	tstats_init(&s);
	for (int i = 0; i < 99; i++) {
		struct trace_call c = semop_at(1, 2, -1, S, 1000); /* 1 µs */
		tstats_add(&s, &c);
	}
	struct trace_call blocked = semop_at(1, 2, -1, S, 300000000); /* 300 ms */
	tstats_add(&s, &blocked);
	struct trace_call v = semop_at(1, 2, +1, S, 50000000);       /* a V never counts as a wait */
	tstats_add(&s, &v);
	struct trace_call z = semop_at(1, 2, 0, S, 20000);            /* wait for zero: 20 µs */
	tstats_add(&s, &z);
	const struct tstats_obj *o = tstats_find(&s, KIND_SEM, 2);
	uint64_t p50 = tstats_percentile(o, 50), p99 = tstats_percentile(o, 99), p100 = tstats_percentile(o, 100);
	cr_assert(p50 >= 1000 && p50 < 1000 * 1.2, "p50 %lu", (unsigned long)p50);
	/* 102 calls: the 101st longest is the V's 50 ms. */
	cr_assert(p99 >= 50000000 && p99 < 50000000 * 1.2, "p99 %lu", (unsigned long)p99);
	cr_assert(p100 >= 300000000 && p100 < 300000000 * 1.2, "max %lu", (unsigned long)p100);
	cr_assert_eq(tstats_wait_bucket(300000000), 5);
	cr_assert_str_eq(tstats_wait_label(5, 1), "<1s");
	cr_assert_str_eq(tstats_wait_label(0, 1), "<10µs");
	cr_assert_str_eq(tstats_wait_label(7, 0), ">=10s");
	cr_assert_eq(o->wait[0], 99);
	cr_assert_eq(o->wait[5], 1);
	cr_assert_eq(o->wait[1], 1); /* the wait for zero */
	uint32_t all = 0;
	for (size_t b = 0; b < TSTATS_WAIT_BUCKETS; b++)
		all += o->wait[b];
	cr_assert_eq(all, 101);
	cr_assert_eq(tstats_wait_bucket(0), 0);
	cr_assert_eq(tstats_wait_bucket(9999), 0);
	cr_assert_eq(tstats_wait_bucket(10000), 1);
	cr_assert_eq(tstats_wait_bucket(100 * S), 7);
	tstats_free(&s);
}

Test(tracestats, processes_of_the_last_minute)
{
	struct tstats s;
	tstats_init(&s);
	for (int i = 0; i < 5; i++) {
		struct trace_call c = semop_at(10, 1, -1, 100 * S + (uint64_t)i, 1);
		tstats_add(&s, &c);
	}
	for (int i = 0; i < 3; i++) {
		struct trace_call c = semop_at(20, 1, +1, 130 * S + (uint64_t)i, 1);
		tstats_add(&s, &c);
	}
	const struct tstats_obj *o = tstats_find(&s, KIND_SEM, 1);
	const struct tstats_proc *p[4];
	uint32_t n[4];
	cr_assert_eq(tstats_procs(o, 131 * S, p, n, 4), 2);
	cr_assert_eq(p[0]->pid, 10);
	cr_assert_eq(n[0], 5);
	cr_assert_eq(p[1]->pid, 20);
	cr_assert_eq(n[1], 3);
	cr_assert_eq(p[1]->last.sops[0].sem_op, 1);
	cr_assert_eq(tstats_procs(o, 131 * S, p, n, 1), 1); /* the busiest only */
	cr_assert_eq(p[0]->pid, 10);
	/* 65 s after pid 10's calls: only pid 20 is within the minute. */
	cr_assert_eq(tstats_procs(o, 165 * S, p, n, 4), 1);
	cr_assert_eq(p[0]->pid, 20);
	cr_assert_eq(tstats_procs(o, 300 * S, p, n, 4), 0);
	/* At most TSTATS_PROCS remembered: the least recent make room. */
	for (int k = 0; k < TSTATS_PROCS + 4; k++) {
		struct trace_call c = semop_at(1000 + k, 1, -1, 200 * S + (uint64_t)k, 1);
		tstats_add(&s, &c);
	}
	o = tstats_find(&s, KIND_SEM, 1);
	cr_assert_eq(o->nprocs, TSTATS_PROCS);
	const struct tstats_proc *all[TSTATS_PROCS + 4];
	uint32_t cnt[TSTATS_PROCS + 4];
	size_t got = tstats_procs(o, 201 * S, all, cnt, TSTATS_PROCS + 4);
	cr_assert_eq(got, TSTATS_PROCS);
	for (size_t i = 0; i < got; i++)
		cr_assert_geq(all[i]->pid, 1004);
	tstats_free(&s);
}

Test(tracestats, summary_text)
{
	struct tstats s;
	tstats_init(&s);
	struct trace_call p = semop_at(1, 3, -1, S, 300000000);
	tstats_add(&s, &p);
	struct trace_call v = semop_at(2, 3, +1, S, 2000);
	tstats_add(&s, &v);
	struct trace_call m;
	memset(&m, 0, sizeof(m));
	m.sys = TSYS_MSGSND;
	m.id = 7;
	m.ret = -11;
	m.done = true;
	m.start_ns = S;
	m.end_ns = S + 5000;
	tstats_add(&s, &m);
	struct tracer_counts counts;
	memset(&counts, 0, sizeof(counts));
	counts.cs.other_ns = 4;
	counts.kernel_lost = 2;
	struct trace_call pending = semop_at(9, 3, -1, 2 * S, 0);
	pending.done = false;
	char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	tracemode_summary(f, &s, &counts, &pending, 1, 5.0, KINDS_ALL, 4 * S);
	fclose(f);
	cr_assert_not_null(strstr(buf, "traced 5.0 s: 3 calls on 2 objects"), "%s", buf);
	cr_assert_not_null(strstr(buf, "msg           7        1       1"), "%s", buf);
	cr_assert_not_null(strstr(buf, "sem           3        2       0"), "%s", buf);
	cr_assert_not_null(strstr(buf, "P 1 V 1"), "%s", buf);
	cr_assert_not_null(strstr(buf, "on sem 3: <1s 1\n"), "%s", buf);
	cr_assert_not_null(strstr(buf, "pid 9 (p9) semop(3, {{0, -1, 0}}, 1) = ? for 2.00s"), "%s", buf);
	cr_assert_not_null(strstr(buf, "4 calls of other IPC namespaces"), "%s", buf);
	cr_assert_not_null(strstr(buf, "2 events dropped by the kernel"), "%s", buf);
	tstats_free(&s);
}

/* ---- timeline -------------------------------------------------------------------------- */

Test(timeline, newest_first_filter_and_pause)
{
	static struct timeline t;
	timeline_init(&t);
	for (int i = 0; i < TIMELINE_CAP + 10; i++) {
		struct trace_call c = semop_at(100 + i % 3, i % 2, -1, (uint64_t)i, 1);
		timeline_add(&t, &c);
	}
	cr_assert_eq(timeline_count(&t), TIMELINE_CAP);
	cr_assert_eq(timeline_get(&t, 0)->start_ns, TIMELINE_CAP + 9);
	cr_assert_eq(timeline_get(&t, TIMELINE_CAP - 1)->start_ns, 10);
	cr_assert_null(timeline_get(&t, TIMELINE_CAP));
	t.filter = (struct timeline_filter){ .by_pid = true, .pid = 101 };
	const struct trace_call *c = timeline_get(&t, 0);
	cr_assert_eq(c->tgid, 101);
	cr_assert_eq(timeline_get(&t, 1)->start_ns, c->start_ns - 3);
	t.filter = (struct timeline_filter){ .by_obj = true, .kind = KIND_SEM, .id = 1 };
	cr_assert_eq(timeline_count(&t), TIMELINE_CAP / 2);
	t.filter.kind = KIND_MSG;
	cr_assert_eq(timeline_count(&t), 0);
	t.filter = (struct timeline_filter){ .by_pid = false };
	t.paused = true;
	struct trace_call later = semop_at(7, 0, -1, 99999, 1);
	timeline_add(&t, &later);
	cr_assert_eq(timeline_get(&t, 0)->start_ns, TIMELINE_CAP + 9);
	cr_assert_eq(t.skipped, 1);
	t.paused = false;
	timeline_add(&t, &later);
	cr_assert_eq(timeline_get(&t, 0)->start_ns, 99999);
}

/* ---- idmap ----------------------------------------------------------------------------- */

Test(idmap, matches_a_plain_array)
{
	struct idmap m;
	idmap_init(&m, sizeof(int));
	enum { N = 5000 };
	static int ref[N];
	static bool in[N];
	srand(7);
	for (int step = 0; step < 40000; step++) {
		int k = rand() % N;
		uint64_t key = (uint64_t)k * 32768; /* ids of the kernel's shape: collide in low bits */
		if (rand() % 3) {
			bool added;
			int *v = idmap_put(&m, key, &added);
			cr_assert_not_null(v);
			cr_assert_eq(added, !in[k]);
			*v = step;
			ref[k] = step;
			in[k] = true;
		} else {
			idmap_del(&m, key);
			in[k] = false;
		}
		if (step % 4000 == 0)
			for (int i = 0; i < N; i++) {
				int *v = idmap_get(&m, (uint64_t)i * 32768);
				cr_assert_eq(v != NULL, in[i]);
				if (v)
					cr_assert_eq(*v, ref[i]);
			}
	}
	size_t count = 0;
	for (int i = 0; i < N; i++)
		count += in[i];
	cr_assert_eq(m.count, count);
	/* Deleting while walking visits every entry. */
	uint64_t key;
	size_t seen = 0;
	for (size_t i = 0; i < m.cap; i++)
		if (idmap_at(&m, i, &key)) {
			idmap_del(&m, key);
			seen++;
			i--;
		}
	cr_assert_eq(seen, count);
	cr_assert_eq(m.count, 0);
	idmap_free(&m);
}

Test(tracer, buffer_size_by_cpus)
{
	cr_assert_eq(tracer_buffer_kb(1), 16384);
	cr_assert_eq(tracer_buffer_kb(2), 16384);
	cr_assert_eq(tracer_buffer_kb(4), 8192);
	cr_assert_eq(tracer_buffer_kb(64), 4096);
	cr_assert_eq(tracer_buffer_kb(-1), 4096);
}
