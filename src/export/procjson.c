/* procjson.c — owns the JSON of processes behind objects: attached
 * processes and the attach accounting, waiters (operation, flags, holder,
 * since), per-semaphore waiters, deadlock cycles and the scan's counts. */
#define _GNU_SOURCE
#include "export/procjson.h"

#include <stdio.h>

#include "base/format.h"

static void json_command(struct json *j, const char *name, const struct snapshot *s, pid_t pid)
{
	const char *c = snapshot_command(s, pid);
	if (c)
		json_string(j, name, c);
	else
		json_null(j, name);
}

static const char *const why_names[] = {
	[ATTACH_EXACT] = "exact", [ATTACH_UNREADABLE] = "unreadable",
	[ATTACH_OTHER_NS] = "other-namespace", [ATTACH_CHANGED] = "changed-while-scanning",
};

void procjson_attached(struct json *j, const struct snapshot *s, const struct ipc_object *o)
{
	const char *creator = snapshot_creator(s, o);
	if (creator)
		json_string(j, "command", creator);
	else
		json_null(j, "command");
	if (o->u.shm.nprocs < 0) {
		json_null(j, "attached");
	} else {
		size_t n;
		const struct attach_entry *e = attach_find(&s->attach, o->id, &n);
		json_begin_array(j, "attached");
		for (size_t i = 0; i < n; i++) {
			if (!attach_matches(&e[i], (unsigned)o->key, o->u.shm.dest))
				continue;
			json_begin_object(j, NULL);
			json_int(j, "pid", e[i].pid);
			json_command(j, "command", s, e[i].pid);
			json_string(j, "mode", attach_mode(&e[i]));
			json_uint(j, "attaches", e[i].rw + e[i].ro);
			json_begin_array(j, "modes");
			for (unsigned k = 0; k < e[i].ro; k++)
				json_string(j, NULL, "r");
			for (unsigned k = 0; k < e[i].rw; k++)
				json_string(j, NULL, "rw");
			json_end_array(j);
			json_end_object(j);
		}
		json_end_array(j);
	}
	if (!o->u.shm.nattch || !s->attach.procs) /* nothing to account for, or the maps were not read */
		return;
	struct attach_acct a;
	attach_account(&s->attach, o->id, (unsigned)o->key, o->u.shm.dest, o->u.shm.nattch, &a);
	json_begin_object(j, "attach-accounting");
	json_uint(j, "mappings", a.maps);
	json_uint(j, "nattch", o->u.shm.nattch);
	json_uint(j, "other-key", a.other_key);
	json_uint(j, "other-namespace", a.other_ns);
	json_string(j, "why", why_names[a.why]);
	json_end_object(j);
}

static void json_flags(struct json *j, int flags, bool sem)
{
	const char *names[8];
	size_t n = waiters_flag_names(flags, sem, names, 8);
	json_begin_array(j, "flags");
	for (size_t i = 0; i < n; i++)
		json_string(j, NULL, names[i]);
	json_end_array(j);
}

static void json_sem_ops(struct json *j, const struct waiter *w)
{
	if (!w->nops) {
		json_null(j, "ops");
		json_null(j, "blocking");
		return;
	}
	json_begin_array(j, "ops");
	for (unsigned i = 0; i < w->nops; i++) {
		json_begin_object(j, NULL);
		json_uint(j, "semnum", w->ops[i].num);
		json_int(j, "op", w->ops[i].op);
		json_flags(j, w->ops[i].flg, true);
		json_end_object(j);
	}
	json_end_array(j);
	if (w->blocking < 0) {
		json_null(j, "blocking");
		return;
	}
	json_int(j, "blocking", w->blocking);
	json_uint(j, "semnum", w->ops[w->blocking].num);
}

static void json_waiter(struct json *j, const struct snapshot *s, const struct waiter *w)
{
	char text[96];
	json_begin_object(j, NULL);
	json_int(j, "pid", w->pid);
	json_int(j, "tid", w->tid);
	json_command(j, "command", s, w->pid);
	json_string(j, "call", waiters_call_name(w->call));
	json_string(j, "operation", waiters_op_text(w, text, sizeof(text)));
	if (waiters_kind(w->call) == KIND_SEM) {
		json_uint(j, "nsops", w->nsops);
		json_sem_ops(j, w);
		json_bool(j, "timed", w->timed);
		if (w->holder) {
			json_begin_object(j, "holder");
			json_int(j, "pid", w->holder);
			json_command(j, "command", s, w->holder);
			json_bool(j, "inferred", 1);
			json_end_object(j);
		} else {
			json_null(j, "holder");
		}
		json_bool(j, "deadlock", w->deadlock);
	} else {
		if (w->call == WAIT_MSGRCV || w->typed)
			json_int(j, "type", w->msgtyp);
		else
			json_null(j, "type");
		json_uint(j, "size", w->msgsz);
		json_flags(j, w->msgflg, false);
	}
	json_string(j, "since", format_time_iso(w->since.tv_sec, text, sizeof(text)));
	json_int(j, "seconds", (int64_t)(s->taken.tv_sec - w->since.tv_sec));
	json_end_object(j);
}

void procjson_waiters(struct json *j, const struct snapshot *s, const struct ipc_object *o)
{
	if (!s->waiters_read) {
		json_null(j, "waiters");
		return;
	}
	size_t n;
	const struct waiter *w = waiters_find(&s->waiters, o->kind, o->id, &n);
	json_begin_array(j, "waiters");
	for (size_t i = 0; i < n; i++)
		json_waiter(j, s, &w[i]);
	json_end_array(j);
	json_bool(j, "waiters-complete", !s->waiters.unreadable && !s->waiters.hidden);
}

void procjson_semaphore(struct json *j, const struct snapshot *s, const struct ipc_object *o, unsigned semnum,
			const struct ipc_semval *v)
{
	if (!s->waiters_read)
		return;
	size_t n;
	const struct waiter *w = waiters_find(&s->waiters, KIND_SEM, o->id, &n);
	long found = 0;
	char text[96];
	json_begin_array(j, "waiters");
	for (size_t i = 0; i < n; i++) {
		if (w[i].blocking < 0 || w[i].ops[w[i].blocking].num != semnum)
			continue;
		found++;
		json_begin_object(j, NULL);
		json_int(j, "pid", w[i].pid);
		json_command(j, "command", s, w[i].pid);
		json_string(j, "operation", waiters_op_text(&w[i], text, sizeof(text)));
		json_end_object(j);
	}
	json_end_array(j);
	long kernel = (long)v->ncnt + v->zcnt;
	json_int(j, "unknown-waiters", kernel > found ? kernel - found : 0);
}

void procjson_deadlocks(struct json *j, const struct snapshot *s)
{
	if (!s->waiters_read)
		return;
	const struct wait_cycles *c = &s->waiters.deadlocks;
	json_begin_array(j, "deadlocks");
	for (size_t i = 0; i < c->count; i++) {
		size_t len;
		const struct wait_edge *e = waitgraph_cycle(c, i, &len);
		json_begin_array(j, NULL);
		for (size_t k = 0; k < len; k++) {
			json_int(j, NULL, e[k].waiter);
			json_int(j, NULL, e[k].semid);
			json_uint(j, NULL, e[k].semnum);
		}
		json_end_array(j);
	}
	json_end_array(j);
	json_begin_object(j, "waiter-scan");
	json_uint(j, "threads", s->waiters.procs);
	json_uint(j, "unreadable", s->waiters.unreadable);
	json_uint(j, "other-namespace", s->waiters.other_ns);
	json_bool(j, "hidden", s->waiters.hidden);
	json_end_object(j);
}
