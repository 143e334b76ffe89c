/* callstream.c — owns the batch of decoded records, the task facts cache,
 * the entry/exit pairing per task and the shmat address map. */
#define _GNU_SOURCE
#include "trace/callstream.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"

#define NS_PER_S 1000000000ULL
#define RECHECK_NS NS_PER_S        /* task facts are asked again after 1 s */
#define FORGET_NS (10 * NS_PER_S)  /* tasks not seen for 10 s are forgotten */
/* The namespace of a task that made a new one (clone or unshare with
 * CLONE_NEWIPC) after tracing began: not the traced one, whichever it is. */
#define NS_NEW UINT64_MAX

struct cs_ev {
	struct trace_ev ev;
	uint64_t seq; /* arrival order: ties keep it (one CPU's order) */
	unsigned nsops; /* semop entries: sembufs read into sops */
	struct sembuf sops[TRACE_SOPS];
};

struct cs_task {
	pid_t tgid;
	uint64_t ns;       /* 0: unknown (ended before it could be read) */
	uint64_t checked;  /* trace clock of the last question */
	uint64_t seen;     /* trace clock of its last record */
	bool recheck;      /* it may have changed namespace: ask again */
	bool unsharing;    /* inside unshare(CLONE_NEWIPC) */
	char comm[TRACE_COMM];
};

struct cs_orphan {
	struct trace_ev ev;
	uint64_t batchno;
};

struct cs_shmaddr {
	pid_t tgid;
	uint64_t addr;
	int shmid;
};

void callstream_init(struct callstream *cs, const struct tracedec *dec, const struct rawpage_layout *layout,
		     const struct callstream_env *env, uint64_t ns, pid_t self)
{
	memset(cs, 0, sizeof(*cs));
	cs->dec = *dec;
	cs->layout = *layout;
	cs->env = *env;
	cs->ns = ns;
	cs->self = self;
	idmap_init(&cs->tasks, sizeof(struct cs_task));
	idmap_init(&cs->pending, sizeof(struct trace_call));
	idmap_init(&cs->orphans, sizeof(struct cs_orphan));
	idmap_init(&cs->shmaddrs, sizeof(struct cs_shmaddr));
}

void callstream_free(struct callstream *cs)
{
	idmap_free(&cs->tasks);
	idmap_free(&cs->pending);
	idmap_free(&cs->orphans);
	idmap_free(&cs->shmaddrs);
	free(cs->batch);
	free(cs->order);
	free(cs->reqs);
	cs->batch = NULL;
	cs->order = NULL;
	cs->reqs = NULL;
	cs->nbatch = cs->batch_cap = cs->order_cap = cs->reqs_cap = 0;
}

/* ---- reading pages --------------------------------------------------------- */

struct page_ctx {
	struct callstream *cs;
	int err;
};

static void on_record(const struct rawpage_event *re, void *ctx)
{
	struct page_ctx *pc = ctx;
	struct callstream *cs = pc->cs;
	struct trace_ev ev;
	int rc = tracedec_decode(&cs->dec, re->ts, re->data, re->len, &ev);
	if (rc < 0)
		cs->counts.bad++;
	if (rc <= 0 || (ev.tid == cs->self && ev.type <= TEV_EXIT) || pc->err)
		return;
	if (array_grow((void **)&cs->batch, &cs->batch_cap, cs->nbatch + 1, sizeof(*cs->batch)) < 0) {
		pc->err = ENOMEM;
		return;
	}
	cs->batch[cs->nbatch++] = (struct cs_ev){ .ev = ev, .seq = cs->seq++, .nsops = 0 };
}

int callstream_add_page(struct callstream *cs, const void *page, size_t len)
{
	struct page_ctx pc = { cs, 0 };
	struct rawpage_info info;
	int rc = rawpage_parse(&cs->layout, page, len, on_record, &pc, &info);
	if (info.missed) {
		cs->counts.lost_pages++;
		cs->counts.lost_events += info.nmissed;
	}
	if (rc < 0) {
		cs->counts.bad++;
		return -1;
	}
	if (pc.err) {
		errno = pc.err;
		return -1;
	}
	return 0;
}

/* ---- tasks ------------------------------------------------------------------ */

static void ask_env(struct callstream *cs, pid_t tid, struct cs_task *t, bool added, uint64_t ts)
{
	pid_t tgid;
	uint64_t ns;
	char comm[TRACE_COMM];
	if (cs->env.task(tid, &tgid, &ns, comm, sizeof(comm), cs->env.ctx) == 0) {
		t->tgid = tgid;
		t->ns = ns;
		memcpy(t->comm, comm, sizeof(comm));
	} else if (added) {
		t->tgid = tid;
		t->ns = 0;
		t->comm[0] = '\0';
	} else if (t->recheck) {
		t->ns = 0; /* it changed namespace and ended: which one is unknown */
	}
	t->recheck = false;
	t->checked = ts;
}

/* The facts of tid, asked when new, after it changed namespace, or when
 * older than RECHECK_NS. A task that cannot be read any more keeps what
 * was known: its records came before it ended. */
static const struct cs_task *task_facts(struct callstream *cs, pid_t tid, uint64_t ts)
{
	bool added;
	struct cs_task *t = idmap_put(&cs->tasks, (uint64_t)(uint32_t)tid, &added);
	if (!t)
		return NULL;
	if (added || t->recheck || ts >= t->checked + RECHECK_NS)
		ask_env(cs, tid, t, added, ts);
	t->seen = ts;
	return t;
}

void callstream_know(struct callstream *cs, pid_t tid, pid_t tgid, uint64_t ns, const char *comm, uint64_t ts)
{
	bool added;
	struct cs_task *t = idmap_put(&cs->tasks, (uint64_t)(uint32_t)tid, &added);
	if (!t)
		return;
	t->tgid = tgid;
	t->ns = ns;
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
	t->checked = t->seen = ts;
	t->recheck = false;
}

/* A task created, renamed, or changing namespace: what the kernel says is
 * the truth at that moment, before the task can end. */
static void task_event(struct callstream *cs, const struct trace_ev *ev)
{
	struct cs_task *t;
	switch (ev->type) {
	case TEV_NEWTASK: {
		const struct cs_task *parent = task_facts(cs, ev->tid, ev->ts);
		if (!parent)
			return;
		struct cs_task p = *parent; /* the put below may move it */
		pid_t child = (pid_t)ev->arg[0];
		bool thread = (ev->arg[1] & CLONE_THREAD) != 0, newipc = (ev->arg[1] & CLONE_NEWIPC) != 0;
		callstream_know(cs, child, thread ? p.tgid : child, newipc ? NS_NEW : p.ns, p.comm, ev->ts);
		return;
	}
	case TEV_RENAME:
		t = idmap_get(&cs->tasks, (uint64_t)(uint32_t)(pid_t)ev->arg[0]);
		if (t)
			snprintf(t->comm, sizeof(t->comm), "%s", ev->comm);
		return;
	case TEV_UNSHARE:
		t = idmap_get(&cs->tasks, (uint64_t)(uint32_t)ev->tid);
		if (t)
			t->unsharing = (ev->arg[0] & CLONE_NEWIPC) != 0;
		return;
	case TEV_UNSHARED:
		/* A namespace made now is never the one traced. */
		t = idmap_get(&cs->tasks, (uint64_t)(uint32_t)ev->tid);
		if (t && t->unsharing && ev->ret == 0) {
			t->ns = NS_NEW;
			t->recheck = false;
			t->checked = ev->ts;
		}
		if (t)
			t->unsharing = false;
		return;
	case TEV_SETNS:
		/* Which namespace is known only from /proc; flags 0 may enter
		 * any kind. */
		if ((ev->arg[0] & CLONE_NEWIPC) || ev->arg[0] == 0) {
			t = idmap_get(&cs->tasks, (uint64_t)(uint32_t)ev->tid);
			if (t)
				t->recheck = true;
		}
		return;
	default: return;
	}
}

/* ---- the pairing -------------------------------------------------------------- */

static uint64_t shm_key(pid_t tgid, uint64_t addr)
{
	return addr ^ ((uint64_t)(uint32_t)tgid * 0x9e3779b97f4a7c15ULL);
}

static bool is_semop_entry(const struct trace_ev *ev)
{
	return ev->type == TEV_ENTER && (ev->sys == TSYS_SEMOP || ev->sys == TSYS_SEMTIMEDOP) && ev->arg[1] &&
	       ev->arg[2];
}

/* Batch indices by task, then arrival (qsort_r: arg is the batch). */
static int cmp_by_task(const void *x, const void *y, void *arg)
{
	const struct cs_ev *base = arg;
	const struct cs_ev *a = &base[*(const size_t *)x], *b = &base[*(const size_t *)y];
	if (a->ev.tid != b->ev.tid)
		return a->ev.tid < b->ev.tid ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Reads the sembufs of the batch's semop entries, one env call per task:
 * they are read while the batch is new, as close to the call as can be.
 * Tasks known to be of another namespace are skipped. */
static void read_sops(struct callstream *cs)
{
	size_t n = 0;
	for (size_t i = 0; i < cs->nbatch; i++) {
		const struct trace_ev *ev = &cs->batch[i].ev;
		if (!is_semop_entry(ev))
			continue;
		const struct cs_task *t = idmap_get(&cs->tasks, (uint64_t)(uint32_t)ev->tid);
		if (t && t->ns != cs->ns)
			continue;
		if (array_grow((void **)&cs->order, &cs->order_cap, n + 1, sizeof(*cs->order)) < 0)
			return; /* without memory the operations stay unread ("?") */
		cs->order[n++] = i;
	}
	if (n == 0 || array_grow((void **)&cs->reqs, &cs->reqs_cap, n, sizeof(*cs->reqs)) < 0)
		return;
	qsort_r(cs->order, n, sizeof(*cs->order), cmp_by_task, cs->batch);
	for (size_t k = 0; k < n; k++) {
		struct cs_ev *e = &cs->batch[cs->order[k]];
		uint64_t nsops = e->ev.arg[2] < TRACE_SOPS ? e->ev.arg[2] : TRACE_SOPS;
		cs->reqs[k] = (struct callstream_peek){ e->ev.arg[1], e->sops, (size_t)nsops * sizeof(e->sops[0]), false };
	}
	for (size_t k = 0, first = 0; k <= n; k++) {
		if (k < n && cs->batch[cs->order[k]].ev.tid == cs->batch[cs->order[first]].ev.tid)
			continue;
		cs->env.peek(cs->batch[cs->order[first]].ev.tid, cs->reqs + first, k - first, cs->env.ctx);
		first = k;
	}
	for (size_t k = 0; k < n; k++)
		if (cs->reqs[k].ok)
			cs->batch[cs->order[k]].nsops = (unsigned)(cs->reqs[k].len / sizeof(struct sembuf));
}

static void start_call(const struct cs_ev *e, const struct cs_task *t, struct trace_call *c)
{
	const struct trace_ev *ev = &e->ev;
	memset(c, 0, sizeof(*c));
	c->start_ns = c->end_ns = ev->ts;
	c->tid = ev->tid;
	c->tgid = t->tgid;
	memcpy(c->comm, t->comm, sizeof(c->comm));
	c->sys = ev->sys;
	memcpy(c->arg, ev->arg, sizeof(c->arg));
	c->id = -1;
	c->nsops = e->nsops;
	memcpy(c->sops, e->sops, sizeof(c->sops));
}

/* The object of a finished call; remembers what shmat returned. */
static void resolve_object(struct callstream *cs, struct trace_call *c)
{
	const struct tsys_info *t = tsys_info(c->sys);
	bool ok = c->ret >= 0 || (c->sys == TSYS_SHMAT && c->ret < -4095);
	if (t->types[0] == TARG_ID) {
		c->id = (int)c->arg[0];
	} else if (t->types[0] == TARG_KEY) {
		c->id = ok ? (int)c->ret : -1;
	} else if (c->sys == TSYS_SHMDT) {
		uint64_t k = shm_key(c->tgid, c->arg[0]);
		const struct cs_shmaddr *m = idmap_get(&cs->shmaddrs, k);
		if (m && m->tgid == c->tgid && m->addr == c->arg[0]) {
			c->id = m->shmid;
			if (ok)
				idmap_del(&cs->shmaddrs, k);
		}
	}
	if (c->sys == TSYS_SHMAT && ok) {
		bool added;
		struct cs_shmaddr *m = idmap_put(&cs->shmaddrs, shm_key(c->tgid, (uint64_t)c->ret), &added);
		if (m)
			*m = (struct cs_shmaddr){ c->tgid, (uint64_t)c->ret, c->id };
	}
}

static void finish_call(struct callstream *cs, struct trace_call *c, const struct trace_ev *exit_ev,
			void (*cb)(const struct trace_call *, void *), void *ctx)
{
	c->end_ns = exit_ev->ts;
	c->ret = exit_ev->ret;
	c->done = true;
	resolve_object(cs, c);
	cs->counts.calls++;
	cb(c, ctx);
}

static void on_entry(struct callstream *cs, const struct cs_ev *e, const struct cs_task *t,
		     void (*cb)(const struct trace_call *, void *), void *ctx)
{
	const struct trace_ev *ev = &e->ev;
	uint64_t key = (uint64_t)(uint32_t)ev->tid;
	struct trace_call c;
	start_call(e, t, &c);
	/* Its exit may have come in the batch before (read from another
	 * CPU's buffer first). */
	struct cs_orphan *o = idmap_get(&cs->orphans, key);
	if (o && o->ev.sys == ev->sys && o->ev.ts >= ev->ts) {
		struct trace_ev exit_ev = o->ev;
		idmap_del(&cs->orphans, key);
		finish_call(cs, &c, &exit_ev, cb, ctx);
		return;
	}
	bool added;
	struct trace_call *p = idmap_put(&cs->pending, key, &added);
	if (!p)
		return;
	if (!added)
		cs->counts.no_exit++;
	*p = c;
}

static void on_leave(struct callstream *cs, const struct trace_ev *ev,
		    void (*cb)(const struct trace_call *, void *), void *ctx)
{
	uint64_t key = (uint64_t)(uint32_t)ev->tid;
	struct trace_call *p = idmap_get(&cs->pending, key);
	if (p && p->sys == ev->sys && p->start_ns <= ev->ts) {
		struct trace_call c = *p;
		idmap_del(&cs->pending, key);
		finish_call(cs, &c, ev, cb, ctx);
		return;
	}
	bool added;
	struct cs_orphan *o = idmap_put(&cs->orphans, key, &added);
	if (!o)
		return;
	if (!added)
		cs->counts.unpaired++;
	*o = (struct cs_orphan){ *ev, cs->batchno };
}

static int cmp_ev(const void *x, const void *y)
{
	const struct cs_ev *a = x, *b = y;
	if (a->ev.ts != b->ev.ts)
		return a->ev.ts < b->ev.ts ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Forgets ended tasks not seen for FORGET_NS, pending calls of tasks that
 * are gone (their exit was lost) and shmat addresses of ended processes. */
static void prune(struct callstream *cs, uint64_t now)
{
	uint64_t key;
	pid_t tgid;
	uint64_t ns;
	char comm[TRACE_COMM];
	for (size_t i = 0; i < cs->tasks.cap; i++) {
		struct cs_task *t = idmap_at(&cs->tasks, i, &key);
		if (t && t->seen + FORGET_NS < now && !idmap_get(&cs->pending, key) &&
		    cs->env.task((pid_t)key, &tgid, &ns, comm, sizeof(comm), cs->env.ctx) < 0) {
			idmap_del(&cs->tasks, key);
			i--; /* a later entry may have moved here */
		}
	}
	for (size_t i = 0; i < cs->pending.cap; i++) {
		struct trace_call *c = idmap_at(&cs->pending, i, &key);
		if (c && cs->env.task(c->tid, &tgid, &ns, comm, sizeof(comm), cs->env.ctx) < 0) {
			idmap_del(&cs->pending, key);
			cs->counts.no_exit++;
			i--;
		}
	}
	for (size_t i = 0; i < cs->shmaddrs.cap; i++) {
		struct cs_shmaddr *m = idmap_at(&cs->shmaddrs, i, &key);
		if (m && cs->env.task(m->tgid, &tgid, &ns, comm, sizeof(comm), cs->env.ctx) < 0) {
			idmap_del(&cs->shmaddrs, key);
			i--;
		}
	}
}

void callstream_flush(struct callstream *cs, uint64_t now_ns,
		      void (*cb)(const struct trace_call *c, void *ctx), void *ctx)
{
	if (cs->nbatch) /* the batch is NULL until the first record */
		qsort(cs->batch, cs->nbatch, sizeof(*cs->batch), cmp_ev);
	read_sops(cs);
	for (size_t i = 0; i < cs->nbatch; i++) {
		const struct trace_ev *ev = &cs->batch[i].ev;
		if (ev->type != TEV_ENTER && ev->type != TEV_EXIT) {
			task_event(cs, ev);
			continue;
		}
		const struct cs_task *t = task_facts(cs, ev->tid, ev->ts);
		if (!t || t->ns == 0 || t->ns != cs->ns) {
			if (ev->type == TEV_EXIT && (!t || t->ns == 0))
				cs->counts.unknown_ns++;
			else if (ev->type == TEV_EXIT)
				cs->counts.other_ns++;
			continue;
		}
		if (ev->type == TEV_EXIT)
			on_leave(cs, ev, cb, ctx);
		else
			on_entry(cs, &cs->batch[i], t, cb, ctx);
	}
	cs->nbatch = 0;
	/* Exits that waited a whole batch for their entry: it never came. */
	uint64_t key;
	for (size_t i = 0; i < cs->orphans.cap; i++) {
		struct cs_orphan *o = idmap_at(&cs->orphans, i, &key);
		if (o && o->batchno < cs->batchno) {
			idmap_del(&cs->orphans, key);
			cs->counts.unpaired++;
			i--;
		}
	}
	cs->batchno++;
	if (now_ns >= cs->last_prune + FORGET_NS) {
		prune(cs, now_ns);
		cs->last_prune = now_ns;
	}
}

size_t callstream_pending(const struct callstream *cs, struct trace_call *out, size_t max)
{
	size_t n = 0;
	uint64_t key;
	for (size_t i = 0; i < cs->pending.cap; i++) {
		const struct trace_call *c = idmap_at(&cs->pending, i, &key);
		if (!c)
			continue;
		if (n < max)
			out[n] = *c;
		n++;
	}
	return n;
}
