/* tracedec.c — the table from event id to field layout, and decoding one
 * record with it. */
#define _GNU_SOURCE
#include "trace/tracedec.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The task events: system/event, type, numeric fields, the text field. */
static const struct {
	const char *system, *event;
	enum tev_type type;
	const char *num[2];
	const char *text;
} task_events[TRACEDEC_TASK_EVENTS] = {
	{ "task", "task_newtask", TEV_NEWTASK, { "pid", "clone_flags" }, "comm" },
	{ "task", "task_rename", TEV_RENAME, { "pid", NULL }, "newcomm" },
	{ "syscalls", "sys_enter_unshare", TEV_UNSHARE, { "unshare_flags", NULL }, NULL },
	{ "syscalls", "sys_exit_unshare", TEV_UNSHARED, { "ret", NULL }, NULL },
	{ "syscalls", "sys_enter_setns", TEV_SETNS, { "flags", NULL }, NULL },
};

const char *tracedec_event_path(size_t i, char *buf, size_t len)
{
	const size_t calls = 2 * (size_t)TSYS_COUNT; /* an entry and an exit each */
	if (i < calls)
		snprintf(buf, len, "syscalls/sys_%s_%s", i % 2 ? "exit" : "enter", tsys_info((enum tsys)(i / 2))->name);
	else if (i < TRACEDEC_EVENTS)
		snprintf(buf, len, "%s/%s", task_events[i - calls].system, task_events[i - calls].event);
	else
		snprintf(buf, len, "?");
	return buf;
}

void tracedec_init(struct tracedec *d)
{
	memset(d, 0, sizeof(*d));
}

static int fail(int err)
{
	errno = err;
	return -1;
}

static int add_field(struct tracedec_event *e, const struct evformat *f, const char *name)
{
	const struct evfield *fl = evformat_field(f, name);
	if (!fl)
		return -1;
	e->f[e->nf++] = *fl;
	return 0;
}

/* The fields of event f (type and sys known) into e. */
static int layout(const struct evformat *f, struct tracedec_event *e)
{
	if (e->type == TEV_ENTER || e->type == TEV_EXIT) {
		const struct tsys_info *t = tsys_info(e->sys);
		if (e->type == TEV_EXIT)
			return add_field(e, f, "ret");
		for (size_t i = 0; i < TSYS_ARGS && t->types[i] != TARG_NONE; i++)
			if (add_field(e, f, t->args[i]) < 0)
				return -1;
		return 0;
	}
	for (size_t k = 0; k < TRACEDEC_TASK_EVENTS; k++) {
		if (strcmp(f->name, task_events[k].event) != 0)
			continue;
		for (size_t i = 0; i < 2 && task_events[k].num[i]; i++)
			if (add_field(e, f, task_events[k].num[i]) < 0)
				return -1;
		if (task_events[k].text) {
			const struct evfield *t = evformat_field(f, task_events[k].text);
			if (!t || t->size == 0)
				return -1;
			e->text = *t;
		}
		return 0;
	}
	return -1;
}

int tracedec_add(struct tracedec *d, const char *format_text)
{
	struct evformat f;
	bool is_exit;
	if (evformat_parse(format_text, &f) < 0 || f.id < 0)
		return fail(EINVAL);
	struct tracedec_event e;
	memset(&e, 0, sizeof(e));
	e.id = f.id;
	int s = tsys_from_event(f.name, &is_exit);
	if (s >= 0) {
		e.sys = (enum tsys)s;
		e.type = is_exit ? TEV_EXIT : TEV_ENTER;
	} else {
		size_t k = 0;
		while (k < TRACEDEC_TASK_EVENTS && strcmp(f.name, task_events[k].event) != 0)
			k++;
		if (k == TRACEDEC_TASK_EVENTS)
			return fail(EINVAL);
		e.type = task_events[k].type;
	}
	for (size_t i = 0; i < d->count; i++)
		if (d->ev[i].id == f.id || (d->ev[i].type == e.type && d->ev[i].sys == e.sys))
			return fail(EEXIST);
	if (d->count >= TRACEDEC_EVENTS)
		return fail(ENOSPC);
	const struct evfield *pid = evformat_field(&f, "common_pid");
	if (!pid || layout(&f, &e) < 0)
		return fail(EINVAL);
	e.pid = *pid;
	d->ev[d->count++] = e;
	return 0;
}

int tracedec_decode(const struct tracedec *d, uint64_t ts, const void *rec, size_t len, struct trace_ev *ev)
{
	uint16_t type;
	if (len < sizeof(type))
		return -1;
	memcpy(&type, rec, sizeof(type)); /* common_type comes first in every record */
	const struct tracedec_event *e = NULL;
	for (size_t i = 0; i < d->count && !e; i++)
		if (d->ev[i].id == type)
			e = &d->ev[i];
	if (!e)
		return 0;
	memset(ev, 0, sizeof(*ev));
	uint64_t v;
	if (evformat_get(&e->pid, rec, len, &v) < 0)
		return -1;
	ev->ts = ts;
	ev->tid = (pid_t)(int64_t)v;
	ev->type = e->type;
	ev->sys = e->sys;
	for (size_t i = 0; i < e->nf; i++) {
		if (evformat_get(&e->f[i], rec, len, &v) < 0)
			return -1;
		if (e->type == TEV_EXIT || e->type == TEV_UNSHARED)
			ev->ret = (int64_t)v;
		else
			ev->arg[i] = v;
	}
	if (e->text.size) {
		if (e->text.offset > len || e->text.size > len - e->text.offset)
			return -1;
		size_t n = e->text.size < sizeof(ev->comm) ? e->text.size : sizeof(ev->comm) - 1;
		memcpy(ev->comm, (const unsigned char *)rec + e->text.offset, n);
		ev->comm[n] = '\0';
	}
	return 1;
}
