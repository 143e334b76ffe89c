/* test_callstream.c — unit tests of src/trace/callstream.c with a fake
 * environment (which tasks exist, in which namespace, what their memory
 * holds): the recorded workload (trace_fixture.h) gives exactly its calls
 * with the right processes, commands, ids and results although every
 * helper has ended (their namespace and name come from the new-task and
 * rename events); the helper that unshared its IPC namespace never
 * appears; the semop operations read from the caller make the V/P split;
 * pages built here check the pairing across batches (an exit read before
 * its entry), calls still blocked, exits without entry, ipctop's own
 * calls, a namespace change noticed through setns, shmdt of an unknown
 * address and pages after lost events. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "test_tracebuild.h"
#include "trace/callstream.h"
#include "trace_fixture.h"

#define OUR_NS 4026531900ULL
#define OTHER_NS 4026531901ULL

/* ---- the fake environment ---------------------------------------------------- */

struct fake_task {
	pid_t tid, tgid;
	uint64_t ns;
	const char *comm;
};

struct fake_env {
	struct fake_task tasks[8];
	size_t ntasks;
	uint64_t addr[4];          /* sembuf arrays a peek can read */
	struct sembuf ops[4];
	size_t naddr;
	int asked;                 /* task() calls */
	int peeks;                 /* peek() calls */
};

static int fake_task_cb(pid_t tid, pid_t *tgid, uint64_t *ns, char *comm, size_t len, void *ctx)
{
	struct fake_env *f = ctx;
	f->asked++;
	for (size_t i = 0; i < f->ntasks; i++)
		if (f->tasks[i].tid == tid) {
			*tgid = f->tasks[i].tgid;
			*ns = f->tasks[i].ns;
			snprintf(comm, len, "%s", f->tasks[i].comm);
			return 0;
		}
	return -1; /* gone */
}

static void fake_peek(pid_t tid, struct callstream_peek *reqs, size_t n, void *ctx)
{
	struct fake_env *f = ctx;
	(void)tid;
	f->peeks++;
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < f->naddr; i++)
			if (f->addr[i] == reqs[k].addr && reqs[k].len == sizeof(struct sembuf)) {
				memcpy(reqs[k].buf, &f->ops[i], reqs[k].len);
				reqs[k].ok = true;
			}
}

struct got {
	struct trace_call c[64];
	size_t n;
};

static void keep(const struct trace_call *c, void *ctx)
{
	struct got *g = ctx;
	cr_assert_lt(g->n, 64);
	g->c[g->n++] = *c;
}

static void setup_stream(struct callstream *cs, struct fake_env *f, pid_t self)
{
	struct tracedec d;
	struct rawpage_layout l;
	tracedec_init(&d);
	for (size_t i = 0; i < sizeof(fx_formats) / sizeof(fx_formats[0]); i++)
		cr_assert_eq(tracedec_add(&d, fx_formats[i]), 0);
	cr_assert_eq(rawpage_layout_parse(fx_header_page, &l), 0);
	const struct callstream_env env = { fake_task_cb, fake_peek, f };
	callstream_init(cs, &d, &l, &env, OUR_NS, self);
}

/* The tsops addresses of the recorded semop entries, in order. */
static void on_rec(const struct rawpage_event *re, void *ctx)
{
	struct fake_env *f = ctx;
	struct tracedec d;
	tracedec_init(&d);
	for (size_t i = 0; i < sizeof(fx_formats) / sizeof(fx_formats[0]); i++)
		tracedec_add(&d, fx_formats[i]);
	struct trace_ev ev;
	if (tracedec_decode(&d, re->ts, re->data, re->len, &ev) != 1 || ev.type != TEV_ENTER ||
	    ev.sys != TSYS_SEMTIMEDOP)
		return;
	for (size_t i = 0; i < f->naddr; i++)
		if (f->addr[i] == ev.arg[1])
			return;
	if (f->naddr < 4)
		f->addr[f->naddr++] = ev.arg[1];
}

/* ---- the recorded workload ------------------------------------------------------- */

Test(callstream, recorded_workload_gives_exactly_its_calls)
{
	struct fake_env f = { .ntasks = 1, .tasks = { { FX_SHELL_PID, FX_SHELL_PID, OUR_NS, "bash" } } };
	/* The first semop is a V, the second a P, then the IPC_NOWAIT P. */
	struct rawpage_layout l;
	struct rawpage_info info;
	cr_assert_eq(rawpage_layout_parse(fx_header_page, &l), 0);
	cr_assert_eq(rawpage_parse(&l, fx_pages, FX_PAGE_SIZE, on_rec, &f, &info), 0);
	cr_assert_geq(f.naddr, 3);
	f.ops[0] = (struct sembuf){ 0, 1, 0 };
	f.ops[1] = (struct sembuf){ 0, -1, 0 };
	f.ops[2] = (struct sembuf){ 0, -1, IPC_NOWAIT };
	struct callstream cs;
	setup_stream(&cs, &f, 1);
	struct got g = { .n = 0 };
	cr_assert_eq(callstream_add_page(&cs, fx_pages, FX_PAGE_SIZE), 0);
	callstream_flush(&cs, 0, keep, &g);
	static const struct {
		enum tsys sys;
		const char *comm, *op;
		int64_t ret;
	} want[] = {
		{ TSYS_SEMGET, "ipc_helper", "get", 0 },    { TSYS_MSGGET, "ipc_helper", "get", 0 },
		{ TSYS_SHMGET, "ipc_helper", "get", 0 },    { TSYS_SEMTIMEDOP, "trace_helper", "V", 0 },
		{ TSYS_SEMTIMEDOP, "trace_helper", "P", 0 }, { TSYS_SEMTIMEDOP, "trace_helper", "V", 0 },
		{ TSYS_SEMTIMEDOP, "trace_helper", "P", 0 }, { TSYS_SEMTIMEDOP, "trace_helper", "P", -EAGAIN },
		{ TSYS_MSGSND, "trace_helper", "send", 0 },  { TSYS_MSGRCV, "trace_helper", "recv", 16 },
		{ TSYS_SHMAT, "trace_helper", "attach", 0 }, { TSYS_SHMDT, "trace_helper", "detach", 0 },
	};
	cr_assert_eq(g.n, sizeof(want) / sizeof(want[0]));
	pid_t prev = 0;
	for (size_t i = 0; i < g.n; i++) {
		const struct trace_call *c = &g.c[i];
		cr_assert_eq(c->sys, want[i].sys, "call %zu", i);
		cr_assert_str_eq(c->comm, want[i].comm, "call %zu", i);
		cr_assert_str_eq(trace_op_name(tracecall_op(c)), want[i].op, "call %zu", i);
		if (c->sys != TSYS_SHMAT)
			cr_assert_eq(c->ret, want[i].ret, "call %zu", i);
		cr_assert_eq(c->id, 0, "call %zu", i);
		cr_assert(c->done);
		cr_assert_geq(c->end_ns, c->start_ns);
		cr_assert_neq(c->tgid, FX_SHELL_PID); /* each helper its own process */
		cr_assert_eq(c->tid, c->tgid);
		if (i > 0)
			cr_assert_geq(c->start_ns, g.c[i - 1].end_ns);
		if (i >= 3 && i <= 6) /* the four semops of `vp 0 2`: one process */
			cr_assert(i == 3 || c->tgid == prev);
		prev = c->tgid;
	}
	cr_assert_eq(g.c[0].arg[0], 0x18f1); /* semget's key */
	cr_assert_eq(g.c[11].arg[0], (uint64_t)g.c[10].ret); /* shmdt of what shmat returned */
	/* The unshared helper's semget, semop and semctl: in a new namespace,
	 * not shown. */
	cr_assert_eq(cs.counts.calls, 12);
	cr_assert_eq(cs.counts.unknown_ns, 0);
	cr_assert_eq(cs.counts.other_ns, 3);
	/* One read per task: vp, nowait and the unshared helper (not yet known
	 * to be elsewhere when its semop is read). */
	cr_assert_eq(f.peeks, 3);
	cr_assert_eq(cs.counts.unpaired, 0);
	cr_assert_eq(cs.counts.bad, 0);
	cr_assert_eq(callstream_pending(&cs, NULL, 0), 0);
	callstream_free(&cs);
}

Test(callstream, another_namespace_shows_nothing)
{
	struct fake_env f = { .ntasks = 1, .tasks = { { FX_SHELL_PID, FX_SHELL_PID, OTHER_NS, "bash" } } };
	struct callstream cs;
	setup_stream(&cs, &f, 1);
	struct got g = { .n = 0 };
	cr_assert_eq(callstream_add_page(&cs, fx_pages, FX_PAGE_SIZE), 0);
	callstream_flush(&cs, 0, keep, &g);
	cr_assert_eq(g.n, 0);
	cr_assert_eq(cs.counts.other_ns, 15);
	cr_assert_eq(cs.counts.unknown_ns, 0);
	callstream_free(&cs);
}

/* ---- built pages ------------------------------------------------------------------- */

struct builder {
	struct tracedec d;
	struct page p;
};

static void start(struct builder *b, uint64_t ts)
{
	tracedec_init(&b->d);
	for (size_t i = 0; i < sizeof(fx_formats) / sizeof(fx_formats[0]); i++)
		cr_assert_eq(tracedec_add(&b->d, fx_formats[i]), 0);
	page_start(&b->p, ts);
}

static void add(struct builder *b, uint32_t delta, enum tev_type type, enum tsys sys, pid_t tid, uint64_t a0,
		uint64_t a1, uint64_t a2)
{
	unsigned char rec[64];
	uint64_t nums[3] = { a0, a1, a2 };
	size_t n = record(&b->d, type, sys, tid, nums, 3, rec);
	cr_assert_gt(n, 0);
	page_record(&b->p, delta, rec, n);
}

static void feed(struct callstream *cs, struct builder *b, uint64_t flags, struct got *g)
{
	page_commit(&b->p, flags);
	cr_assert_eq(callstream_add_page(cs, b->p.b, sizeof(b->p.b)), 0);
	callstream_flush(cs, 0, keep, g);
}

static struct fake_env two_tasks(void)
{
	struct fake_env f = { .ntasks = 2,
			      .tasks = { { 500, 500, OUR_NS, "worker" }, { 600, 600, OTHER_NS, "stranger" } } };
	return f;
}

Test(callstream, exit_read_before_its_entry_is_paired_next_batch)
{
	struct fake_env f = two_tasks();
	struct callstream cs;
	setup_stream(&cs, &f, 1);
	struct builder b;
	struct got g = { .n = 0 };
	/* Batch 1 (one CPU): the exit at 2000. */
	start(&b, 2000);
	add(&b, 0, TEV_EXIT, TSYS_MSGRCV, 500, 32, 0, 0);
	feed(&cs, &b, 0, &g);
	cr_assert_eq(g.n, 0);
	/* Batch 2 (the other CPU, read later): the entry at 1500. */
	start(&b, 1500);
	add(&b, 0, TEV_ENTER, TSYS_MSGRCV, 500, 7, 0, 64);
	feed(&cs, &b, 0, &g);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.c[0].id, 7);
	cr_assert_eq(g.c[0].ret, 32);
	cr_assert_eq(g.c[0].end_ns - g.c[0].start_ns, 500);
	cr_assert_eq(cs.counts.unpaired, 0);
	/* An exit whose entry never comes: counted after one more batch. */
	start(&b, 3000);
	add(&b, 0, TEV_EXIT, TSYS_SEMOP, 500, 0, 0, 0);
	feed(&cs, &b, 0, &g);
	start(&b, 4000);
	feed(&cs, &b, 0, &g);
	start(&b, 5000);
	feed(&cs, &b, 0, &g);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(cs.counts.unpaired, 1);
	callstream_free(&cs);
}

Test(callstream, blocked_call_is_pending_until_it_returns)
{
	struct fake_env f = two_tasks();
	f.naddr = 1;
	f.addr[0] = 0x1000;
	f.ops[0] = (struct sembuf){ 2, -1, SEM_UNDO };
	struct callstream cs;
	setup_stream(&cs, &f, 1);
	struct builder b;
	struct got g = { .n = 0 };
	start(&b, 1000);
	add(&b, 0, TEV_ENTER, TSYS_SEMOP, 500, 9, 0x1000, 1);
	add(&b, 10, TEV_ENTER, TSYS_SEMOP, 600, 9, 0x1000, 1); /* another namespace */
	feed(&cs, &b, 0, &g);
	struct trace_call p[4];
	cr_assert_eq(callstream_pending(&cs, p, 4), 1);
	cr_assert_eq(p[0].tid, 500);
	cr_assert_not(p[0].done);
	cr_assert_eq(p[0].nsops, 1);
	cr_assert_eq(tracecall_op(&p[0]), TOP_P);
	/* Released 300 ms later: the sembuf was read at the entry. */
	f.naddr = 0;
	start(&b, 1000 + 300000000ull);
	add(&b, 0, TEV_EXIT, TSYS_SEMOP, 600, 0, 0, 0);
	add(&b, 5, TEV_EXIT, TSYS_SEMOP, 500, 0, 0, 0);
	feed(&cs, &b, 0, &g);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.c[0].end_ns - g.c[0].start_ns, 300000005ull);
	cr_assert_eq(g.c[0].sops[0].sem_num, 2);
	cr_assert_eq(g.c[0].sops[0].sem_flg, SEM_UNDO);
	cr_assert_eq(g.c[0].id, 9);
	cr_assert_eq(callstream_pending(&cs, p, 4), 0);
	cr_assert_eq(cs.counts.other_ns, 1);
	callstream_free(&cs);
}

Test(callstream, own_calls_lost_pages_and_unknown_detach)
{
	struct fake_env f = two_tasks();
	f.tasks[1] = (struct fake_task){ 700, 700, OUR_NS, "ipctop" };
	struct callstream cs;
	setup_stream(&cs, &f, 700);
	struct builder b;
	struct got g = { .n = 0 };
	start(&b, 1000);
	add(&b, 0, TEV_ENTER, TSYS_SEMCTL, 700, 1, 0, 2);
	add(&b, 1, TEV_EXIT, TSYS_SEMCTL, 700, 0, 0, 0);
	add(&b, 1, TEV_ENTER, TSYS_SHMDT, 500, 0x7f0000001000ull, 0, 0);
	add(&b, 1, TEV_EXIT, TSYS_SHMDT, 500, 0, 0, 0);
	feed(&cs, &b, 1ull << 31, &g);
	cr_assert_eq(g.n, 1); /* ipctop's own semctl is not shown */
	cr_assert_eq(g.c[0].sys, TSYS_SHMDT);
	cr_assert_eq(g.c[0].id, -1);
	cr_assert_eq(cs.counts.lost_pages, 1);
	callstream_free(&cs);
}

Test(callstream, unshare_moves_the_task_out_unless_it_fails)
{
	struct fake_env f = two_tasks();
	f.ntasks = 0; /* every task gone: only the events tell */
	struct callstream cs;
	setup_stream(&cs, &f, 1);
	callstream_know(&cs, 500, 500, OUR_NS, "a", 0);
	callstream_know(&cs, 501, 501, OUR_NS, "b", 0);
	struct builder b;
	struct got g = { .n = 0 };
	start(&b, 1000);
	add(&b, 0, TEV_UNSHARE, 0, 500, CLONE_NEWIPC | CLONE_NEWNS, 0, 0);
	add(&b, 1, TEV_UNSHARED, 0, 500, 0, 0, 0);
	add(&b, 1, TEV_UNSHARE, 0, 501, CLONE_NEWIPC, 0, 0);
	add(&b, 1, TEV_UNSHARED, 0, 501, (uint64_t)-EPERM, 0, 0);
	add(&b, 1, TEV_ENTER, TSYS_MSGGET, 500, 0x77, 0, 0);
	add(&b, 1, TEV_EXIT, TSYS_MSGGET, 500, 0, 0, 0);
	add(&b, 1, TEV_ENTER, TSYS_MSGGET, 501, 0x77, 0, 0);
	add(&b, 1, TEV_EXIT, TSYS_MSGGET, 501, 0, 0, 0);
	feed(&cs, &b, 0, &g);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.c[0].tid, 501); /* its unshare failed: still ours */
	cr_assert_eq(cs.counts.other_ns, 1);
	callstream_free(&cs);
}

Test(callstream, setns_makes_the_task_asked_again)
{
	struct fake_env f = two_tasks();
	struct callstream cs;
	setup_stream(&cs, &f, 1);
	struct builder b;
	struct got g = { .n = 0 };
	start(&b, 1000);
	add(&b, 0, TEV_ENTER, TSYS_MSGSND, 500, 3, 0, 8);
	add(&b, 1, TEV_EXIT, TSYS_MSGSND, 500, 0, 0, 0);
	add(&b, 1, TEV_SETNS, 0, 500, 0, 0, 0);
	feed(&cs, &b, 0, &g);
	cr_assert_eq(g.n, 1);
	int asked = f.asked;
	/* It entered another namespace and ended: its calls are unknown. */
	f.ntasks = 1;
	f.tasks[0] = (struct fake_task){ 600, 600, OTHER_NS, "stranger" };
	start(&b, 2000);
	add(&b, 0, TEV_ENTER, TSYS_MSGSND, 500, 3, 0, 8);
	add(&b, 1, TEV_EXIT, TSYS_MSGSND, 500, 0, 0, 0);
	feed(&cs, &b, 0, &g);
	cr_assert_gt(f.asked, asked);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(cs.counts.unknown_ns, 1);
	callstream_free(&cs);
}

Test(callstream, child_inherits_unless_clone_newipc)
{
	struct fake_env f = two_tasks();
	struct callstream cs;
	setup_stream(&cs, &f, 1);
	struct builder b;
	struct got g = { .n = 0 };
	start(&b, 1000);
	add(&b, 0, TEV_NEWTASK, 0, 500, 501, 0x1200000, 0);            /* fork */
	add(&b, 0, TEV_NEWTASK, 0, 500, 502, CLONE_NEWIPC | 0x11, 0);  /* clone(CLONE_NEWIPC) */
	add(&b, 0, TEV_NEWTASK, 0, 500, 503, CLONE_THREAD | CLONE_VM, 0);
	add(&b, 1, TEV_ENTER, TSYS_SHMGET, 501, 0x42, 4096, 0);
	add(&b, 1, TEV_EXIT, TSYS_SHMGET, 501, 5, 0, 0);
	add(&b, 1, TEV_ENTER, TSYS_SHMGET, 502, 0x42, 4096, 0);
	add(&b, 1, TEV_EXIT, TSYS_SHMGET, 502, 0, 0, 0);
	add(&b, 1, TEV_ENTER, TSYS_SHMCTL, 503, 5, 0, 0);
	add(&b, 1, TEV_EXIT, TSYS_SHMCTL, 503, 0, 0, 0);
	feed(&cs, &b, 0, &g);
	cr_assert_eq(g.n, 2);
	cr_assert_eq(g.c[0].tgid, 501);
	cr_assert_str_eq(g.c[0].comm, "worker");
	cr_assert_eq(g.c[0].id, 5); /* a get call's object is its result */
	cr_assert_eq(g.c[1].tid, 503);
	cr_assert_eq(g.c[1].tgid, 500); /* a thread of the worker */
	cr_assert_eq(cs.counts.other_ns, 1); /* 502 made a new namespace */
	cr_assert_eq(cs.counts.unknown_ns, 0);
	callstream_free(&cs);
}
