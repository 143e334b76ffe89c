/* watch.c — owns the diff of two snapshots into lifecycle events (sorted
 * merge by (type, id), then the deadlock cycles of both), the event texts
 * with the waiters and commands they name, and their JSON line form. */
#define _GNU_SOURCE
#include "export/watch.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/format.h"
#include "base/json.h"
#include "export/export.h"
#include "proc/names.h"
#include "base/strbuf.h"

static const char *const what_names[WATCH_WHAT_COUNT] = {
	[WATCH_CREATED] = "created",      [WATCH_REMOVED] = "removed",
	[WATCH_PERMS] = "perms",          [WATCH_OWNER] = "owner",
	[WATCH_NATTCH] = "nattch",        [WATCH_QUEUE_FILL] = "queue-fill",
	[WATCH_SEM_WAITERS] = "sem-waiters", [WATCH_MSG_WAITERS] = "msg-waiters",
	[WATCH_DEADLOCK] = "deadlock",       [WATCH_DEADLOCK_RESOLVED] = "deadlock-resolved",
	[WATCH_MISSED] = "missed",
};

const char *watch_what_name(enum watch_what what)
{
	return (unsigned)what < WATCH_WHAT_COUNT ? what_names[what] : "?";
}

static void add_pid(struct watch_event *ev, const char *role, pid_t pid)
{
	if (pid <= 0 || ev->npids >= WATCH_MAX_PIDS)
		return;
	for (size_t i = 0; i < ev->npids; i++)
		if (ev->pids[i].pid == pid && strcmp(ev->pids[i].role, role) == 0)
			return;
	ev->pids[ev->npids++] = (struct watch_pid){ role, pid };
}

/* Starts an event about object o of snapshot s (whose pids it carries). */
static void ev_init(struct watch_event *ev, enum watch_what what, const struct snapshot *s,
		    const struct ipc_object *o, const struct timespec *when)
{
	memset(ev, 0, sizeof(*ev));
	ev->when = *when;
	ev->what = what;
	ev->type = o->kind;
	ev->key = o->key;
	ev->id = o->id;
	if (o->kind == KIND_SHM) {
		add_pid(ev, "cpid", o->u.shm.cpid);
		add_pid(ev, "lpid", o->u.shm.lpid);
	} else if (o->kind == KIND_MSG) {
		add_pid(ev, "lspid", o->u.msg.lspid);
		add_pid(ev, "lrpid", o->u.msg.lrpid);
	} else {
		const struct ipc_semval *v = snapshot_semvals(s, o);
		for (unsigned i = 0; v && i < o->u.sem.nsems; i++)
			add_pid(ev, "sempid", v[i].pid);
	}
}

static void add_waiter(struct watch_event *ev, const struct snapshot *s, const struct waiter *w)
{
	if (ev->nwaiters >= WATCH_MAX_WAITERS)
		return;
	struct watch_waiter *x = &ev->waiters[ev->nwaiters++];
	x->pid = w->pid;
	snprintf(x->command, sizeof(x->command), "%s", cmdtable_text(&s->cmds, w->pid, ""));
	waiters_op_text(w, x->operation, sizeof(x->operation));
}

/* Names the waiters the scan found on object (kind, id) of s. */
static void add_waiters(struct watch_event *ev, const struct snapshot *s, enum ipc_kind kind, int id)
{
	size_t n;
	const struct waiter *w = waiters_find(&s->waiters, kind, id, &n);
	for (size_t i = 0; i < n; i++)
		add_waiter(ev, s, &w[i]);
}

static void set_change(struct watch_event *ev, const char *label, const char *old, const char *new_)
{
	snprintf(ev->old_text, sizeof(ev->old_text), "%s", old);
	snprintf(ev->new_text, sizeof(ev->new_text), "%s", new_);
	snprintf(ev->details, sizeof(ev->details), "%s %s -> %s", label, old, new_);
}

static void describe(struct watch_event *ev, const struct ipc_object *o)
{
	char perms[16];
	format_perms(o->mode, perms, sizeof(perms));
	struct strbuf sb;
	strbuf_init(&sb, ev->details, sizeof(ev->details));
	if (o->kind == KIND_SHM)
		strbuf_printf(&sb, "size %" PRIu64 " bytes", o->u.shm.size);
	else if (o->kind == KIND_MSG)
		strbuf_printf(&sb, "%" PRIu32 " messages, %" PRIu64 " of %" PRIu64 " bytes",
			      o->u.msg.qnum, o->u.msg.cbytes, o->u.msg.qbytes);
	else
		strbuf_printf(&sb, "%u semaphores", o->u.sem.nsems);
	strbuf_printf(&sb, ", perms %s, owner %s", perms, names_user(o->uid));
	strbuf_mark_cut(&sb, "...");
}

/* msg-waiters: a queue the scan found no waiter on now has some. */
static bool msg_waiters(struct watch_event *ev, const struct snapshot *ps, const struct ipc_object *p,
			const struct snapshot *cs, const struct ipc_object *c)
{
	if (!ps->waiters_read || !cs->waiters_read || p->u.msg.wait.waiters != 0 || c->u.msg.wait.waiters <= 0)
		return false;
	add_waiters(ev, cs, KIND_MSG, c->id);
	struct strbuf sb;
	strbuf_init(&sb, ev->details, sizeof(ev->details));
	strbuf_printf(&sb, "waiters on queue:");
	for (size_t i = 0; i < ev->nwaiters; i++)
		strbuf_printf(&sb, "%s pid %d %s", i ? "," : "", (int)ev->waiters[i].pid, ev->waiters[i].operation);
	strbuf_mark_cut(&sb, "...");
	snprintf(ev->old_text, sizeof(ev->old_text), "0");
	snprintf(ev->new_text, sizeof(ev->new_text), "%d", c->u.msg.wait.waiters);
	return true;
}

/* 0 below 50%, 1 from 50%, 2 from 90% of the capacity. */
static int fill_level(const struct ipc_msg_fields *q)
{
	if (q->qbytes == 0)
		return 0;
	/* cbytes >= 90% / 50% of qbytes without multiplying: root may set
	 * msg_qbytes up to ULONG_MAX, where qbytes * 9 would wrap. */
	if (q->cbytes >= q->qbytes - q->qbytes / 10)
		return 2;
	return q->cbytes >= q->qbytes - q->qbytes / 2 ? 1 : 0;
}

static void fill_percent(const struct ipc_msg_fields *q, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRIu64 "%%", q->qbytes ? q->cbytes * 100 / q->qbytes : 0);
}

static void queue_fill(struct watch_event *ev, const struct ipc_msg_fields *a,
		       const struct ipc_msg_fields *b)
{
	int la = fill_level(a), lb = fill_level(b);
	fill_percent(a, ev->old_text, sizeof(ev->old_text));
	fill_percent(b, ev->new_text, sizeof(ev->new_text));
	int lo = la < lb ? la : lb, hi = la < lb ? lb : la;
	const char *crossed = lo == 0 && hi == 2 ? "50% and 90%" : hi == 2 ? "90%" : "50%";
	snprintf(ev->details, sizeof(ev->details), "used %s -> %s of %" PRIu64 " bytes (crossed %s %s)",
		 ev->old_text, ev->new_text, b->qbytes, crossed, lb > la ? "upward" : "downward");
}

/* Fills ev when some semaphore of the set gained waiters; returns whether. */
static bool sem_waiters(struct watch_event *ev, const struct snapshot *ps, const struct ipc_object *p,
			const struct snapshot *cs, const struct ipc_object *c)
{
	const struct ipc_semval *pv = snapshot_semvals(ps, p), *cv = snapshot_semvals(cs, c);
	if (!pv || !cv || p->u.sem.nsems != c->u.sem.nsems)
		return false;
	struct strbuf sb;
	strbuf_init(&sb, ev->details, sizeof(ev->details));
	strbuf_printf(&sb, "waiters on");
	long before = 0, after = 0;
	bool any = false;
	for (unsigned i = 0; i < c->u.sem.nsems; i++) {
		before += pv[i].ncnt + pv[i].zcnt;
		after += cv[i].ncnt + cv[i].zcnt;
		if (pv[i].ncnt + pv[i].zcnt != 0 || cv[i].ncnt + cv[i].zcnt == 0)
			continue;
		strbuf_printf(&sb, "%s sem %u (", any ? "," : "", i);
		if (cv[i].ncnt)
			strbuf_printf(&sb, "ncnt %d%s", cv[i].ncnt, cv[i].zcnt ? ", " : "");
		if (cv[i].zcnt)
			strbuf_printf(&sb, "zcnt %d", cv[i].zcnt);
		strbuf_printf(&sb, ")");
		any = true;
	}
	strbuf_mark_cut(&sb, "...");
	snprintf(ev->old_text, sizeof(ev->old_text), "%ld", before);
	snprintf(ev->new_text, sizeof(ev->new_text), "%ld", after);
	if (any)
		add_waiters(ev, cs, KIND_SEM, c->id);
	return any;
}

struct differ {
	const struct snapshot *prev, *cur;
	watch_cb cb;
	void *ctx;
	long events;
};

static void emit(struct differ *d, const struct watch_event *ev)
{
	d->events++;
	if (d->cb)
		d->cb(ev, d->ctx);
}

static void one_sided(struct differ *d, enum watch_what what, const struct snapshot *s,
		      const struct ipc_object *o)
{
	struct watch_event ev;
	ev_init(&ev, what, s, o, &d->cur->taken);
	describe(&ev, o);
	ev.obj = o;
	const char *creator = snapshot_creator(s, o); /* kept from the first sighting */
	if (creator)
		snprintf(ev.command, sizeof(ev.command), "%s", creator);
	emit(d, &ev);
}

static void changes(struct differ *d, const struct ipc_object *p, const struct ipc_object *c)
{
	struct watch_event ev;
	if ((p->mode & 0777u) != (c->mode & 0777u)) {
		char a[16], b[16];
		ev_init(&ev, WATCH_PERMS, d->cur, c, &d->cur->taken);
		set_change(&ev, "perms", format_perms(p->mode, a, sizeof(a)), format_perms(c->mode, b, sizeof(b)));
		emit(d, &ev);
	}
	if (p->uid != c->uid || p->gid != c->gid) {
		char a[32], b[32];
		/* names_* results stay valid until names_clear: copy before the next call */
		snprintf(a, sizeof(a), "%s:", names_user(p->uid));
		snprintf(a + strlen(a), sizeof(a) - strlen(a), "%s", names_group(p->gid));
		snprintf(b, sizeof(b), "%s:", names_user(c->uid));
		snprintf(b + strlen(b), sizeof(b) - strlen(b), "%s", names_group(c->gid));
		ev_init(&ev, WATCH_OWNER, d->cur, c, &d->cur->taken);
		set_change(&ev, "owner", a, b);
		emit(d, &ev);
	}
	if (c->kind == KIND_SHM && p->u.shm.nattch != c->u.shm.nattch) {
		char a[24], b[24];
		snprintf(a, sizeof(a), "%" PRIu64, p->u.shm.nattch);
		snprintf(b, sizeof(b), "%" PRIu64, c->u.shm.nattch);
		ev_init(&ev, WATCH_NATTCH, d->cur, c, &d->cur->taken);
		set_change(&ev, "nattch", a, b);
		emit(d, &ev);
	}
	if (c->kind == KIND_MSG && fill_level(&p->u.msg) != fill_level(&c->u.msg)) {
		ev_init(&ev, WATCH_QUEUE_FILL, d->cur, c, &d->cur->taken);
		queue_fill(&ev, &p->u.msg, &c->u.msg);
		emit(d, &ev);
	}
	if (c->kind == KIND_SEM) {
		ev_init(&ev, WATCH_SEM_WAITERS, d->cur, c, &d->cur->taken);
		if (sem_waiters(&ev, d->prev, p, d->cur, c))
			emit(d, &ev);
	}
	if (c->kind == KIND_MSG) {
		ev_init(&ev, WATCH_MSG_WAITERS, d->cur, c, &d->cur->taken);
		if (msg_waiters(&ev, d->prev, p, d->cur, c))
			emit(d, &ev);
	}
}

/* One deadlock event for cycle e[0, len) of snapshot s: on the set of its
 * first edge, naming each waiter with its command and operation. */
static void deadlock_event(struct differ *d, enum watch_what what, const struct snapshot *s,
			   const struct wait_edge *e, size_t len)
{
	struct watch_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.when = d->cur->taken;
	ev.what = what;
	ev.type = KIND_SEM;
	ev.id = e[0].semid;
	const struct ipc_object *o = snapshot_find(s, KIND_SEM, e[0].semid);
	ev.key = o ? o->key : 0;
	struct strbuf sb;
	strbuf_init(&sb, ev.details, sizeof(ev.details));
	for (size_t k = 0; k < len; k++) {
		strbuf_printf(&sb, "%spid %d waits on sem %d #%u held by pid %d", k ? "; " : "", (int)e[k].waiter,
			      e[k].semid, e[k].semnum, (int)e[k].holder);
		if (k < WATCH_MAX_CYCLE)
			ev.cycle[ev.ncycle++] = e[k];
		size_t n;
		const struct waiter *w = waiters_find(&s->waiters, KIND_SEM, e[k].semid, &n);
		for (size_t i = 0; i < n; i++)
			if (w[i].pid == e[k].waiter && w[i].deadlock) {
				add_waiter(&ev, s, &w[i]);
				break;
			}
		add_pid(&ev, "waiter", e[k].waiter);
	}
	strbuf_mark_cut(&sb, "...");
	emit(d, &ev);
}

/* Cycles of `from` that `other` does not have, as events of kind what. */
static void deadlock_changes(struct differ *d, enum watch_what what, const struct snapshot *from,
			     const struct snapshot *other)
{
	const struct wait_cycles *c = &from->waiters.deadlocks;
	for (size_t i = 0; i < c->count; i++) {
		size_t len;
		const struct wait_edge *e = waitgraph_cycle(c, i, &len);
		if (!waitgraph_has(&other->waiters.deadlocks, e, len))
			deadlock_event(d, what, from, e, len);
	}
}

static int cmp_kind_id(const void *a, const void *b)
{
	const struct ipc_object *x = *(const struct ipc_object *const *)a;
	const struct ipc_object *y = *(const struct ipc_object *const *)b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static const struct ipc_object **sorted(const struct snapshot *s)
{
	const struct ipc_object **v = malloc((s->count ? s->count : 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < s->count; i++)
		v[i] = &s->objs[i];
	qsort(v, s->count, sizeof(*v), cmp_kind_id);
	return v;
}

long watch_diff(const struct snapshot *prev, const struct snapshot *cur, watch_cb cb, void *ctx)
{
	const struct ipc_object **pv = sorted(prev), **cv = sorted(cur);
	if (!pv || !cv) {
		free(pv);
		free(cv);
		errno = ENOMEM;
		return -1;
	}
	struct differ d = { prev, cur, cb, ctx, 0 };
	size_t i = 0, j = 0;
	while (i < prev->count || j < cur->count) {
		int c = i == prev->count ? 1 : j == cur->count ? -1 : cmp_kind_id(&pv[i], &cv[j]);
		if (c < 0) {
			one_sided(&d, WATCH_REMOVED, prev, pv[i++]);
		} else if (c > 0) {
			one_sided(&d, WATCH_CREATED, cur, cv[j++]);
		} else if (pv[i]->key != cv[j]->key) { /* the id was reused */
			one_sided(&d, WATCH_REMOVED, prev, pv[i++]);
			one_sided(&d, WATCH_CREATED, cur, cv[j++]);
		} else {
			changes(&d, pv[i++], cv[j++]);
		}
	}
	if (prev->waiters_read && cur->waiters_read) {
		deadlock_changes(&d, WATCH_DEADLOCK_RESOLVED, prev, cur);
		deadlock_changes(&d, WATCH_DEADLOCK, cur, prev);
	}
	free(pv);
	free(cv);
	return d.events;
}

void watch_missed_event(struct watch_event *ev, const struct missed_gap *g, const struct timespec *when)
{
	static const char *const nouns[KIND_COUNT][2] = {
		{ "segment", "segments" }, { "queue", "queues" }, { "set", "sets" }
	};
	memset(ev, 0, sizeof(*ev));
	ev->when = *when;
	ev->what = WATCH_MISSED;
	ev->type = g->kind;
	ev->key = g->before_key;
	ev->id = g->before_id;
	ev->count = g->count;
	ev->after_id = g->after_id;
	snprintf(ev->details, sizeof(ev->details), "%ld %s created and removed unseen between id %d and id %d",
		 g->count, nouns[g->kind][g->count != 1], g->after_id, g->before_id);
}

int watch_event_json(const struct watch_event *ev, FILE *out)
{
	char buf[40];
	struct json j;
	json_init(&j, out, 0);
	json_begin_object(&j, NULL);
	json_string(&j, "time", format_time_iso(ev->when.tv_sec, buf, sizeof(buf)));
	json_int(&j, "epoch-ms", (int64_t)ev->when.tv_sec * 1000 + ev->when.tv_nsec / 1000000);
	json_string(&j, "event", watch_what_name(ev->what));
	json_string(&j, "type", kind_name(ev->type));
	json_string(&j, "key", format_key(ev->key, buf, sizeof(buf)));
	json_int(&j, "id", ev->id);
	json_string(&j, "details", ev->details);
	if (ev->old_text[0] || ev->new_text[0]) {
		json_string(&j, "old", ev->old_text);
		json_string(&j, "new", ev->new_text);
	}
	if (ev->what == WATCH_MISSED) {
		json_int(&j, "count", ev->count);
		json_int(&j, "after-id", ev->after_id);
	}
	if (ev->obj) {
		json_begin_object(&j, "object");
		export_json_fields(&j, ev->obj);
		json_end_object(&j);
	}
	json_begin_array(&j, "pids");
	for (size_t i = 0; i < ev->npids && i < WATCH_MAX_PIDS; i++) {
		json_begin_object(&j, NULL);
		json_string(&j, "role", ev->pids[i].role);
		json_int(&j, "pid", ev->pids[i].pid);
		json_end_object(&j);
	}
	json_end_array(&j);
	if (ev->command[0])
		json_string(&j, "command", ev->command);
	if (ev->nwaiters) {
		json_begin_array(&j, "waiters");
		for (size_t i = 0; i < ev->nwaiters && i < WATCH_MAX_WAITERS; i++) {
			json_begin_object(&j, NULL);
			json_int(&j, "pid", ev->waiters[i].pid);
			json_string(&j, "command", ev->waiters[i].command);
			json_string(&j, "operation", ev->waiters[i].operation);
			json_end_object(&j);
		}
		json_end_array(&j);
	}
	if (ev->ncycle) {
		json_begin_array(&j, "cycle");
		for (size_t i = 0; i < ev->ncycle && i < WATCH_MAX_CYCLE; i++) {
			json_int(&j, NULL, ev->cycle[i].waiter);
			json_int(&j, NULL, ev->cycle[i].semid);
			json_uint(&j, NULL, ev->cycle[i].semnum);
		}
		json_end_array(&j);
	}
	json_end_object(&j);
	return ferror(out) ? -1 : 0;
}
