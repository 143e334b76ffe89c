/* tracedec.h — turns the binary records of the events ipctop enables into
 * trace_ev: the syscalls:sys_enter_* and sys_exit_* events of the traced
 * calls (tracecall.h: which call, the task, the arguments or the result),
 * and the events that tell which namespace and name a task has without
 * asking /proc (a new task and its clone flags, a rename by exec or
 * prctl, unshare and its result, setns). Built from the events' format texts, so the
 * field offsets are the running kernel's. Pure functions. */
#ifndef IPCTOP_TRACEDEC_H
#define IPCTOP_TRACEDEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "trace/evformat.h"
#include "trace/tracecall.h"

enum tev_type {
	TEV_ENTER,   /* a traced call begins: sys, arg[] */
	TEV_EXIT,    /* it returns: sys, ret */
	TEV_NEWTASK, /* the task created task arg[0] with clone flags arg[1]; comm */
	TEV_RENAME,  /* task arg[0] is now called comm (exec, PR_SET_NAME) */
	TEV_UNSHARE, /* the task calls unshare(arg[0]) */
	TEV_UNSHARED,/* its unshare returns ret */
	TEV_SETNS,   /* the task calls setns(fd, arg[0]) */
};

struct trace_ev {
	uint64_t ts;             /* trace clock ns */
	pid_t tid;               /* common_pid: the thread the event is about */
	enum tev_type type;
	enum tsys sys;           /* TEV_ENTER, TEV_EXIT */
	uint64_t arg[TSYS_ARGS];
	int64_t ret;             /* TEV_EXIT */
	char comm[16];           /* TEV_NEWTASK, TEV_RENAME: NUL-terminated */
};

/* The events to enable, as "system/event": the traced calls' entries and
 * exits, then the task events. */
#define TRACEDEC_TASK_EVENTS 5
#define TRACEDEC_EVENTS (2 * TSYS_COUNT + TRACEDEC_TASK_EVENTS)
const char *tracedec_event_path(size_t i, char *buf, size_t len);

struct tracedec {
	struct tracedec_event {
		int id;           /* the event's ID */
		enum tev_type type;
		enum tsys sys;
		struct evfield pid;
		struct evfield f[TSYS_ARGS]; /* numbers, in trace_ev.arg order (exit: ret) */
		size_t nf;
		struct evfield text;         /* comm, when text.size > 0 */
	} ev[TRACEDEC_EVENTS];
	size_t count;
};

void tracedec_init(struct tracedec *d);

/* Adds the event whose format text this is. Returns 0, or -1 with errno:
 * EINVAL (malformed, not one of the events above, or a field missing),
 * EEXIST (already added), ENOSPC (full). */
int tracedec_add(struct tracedec *d, const char *format_text);

/* Decodes one record (the payload of a ring-buffer event). Returns 1 with
 * *ev filled, 0 when the record is of another event, -1 when it is too
 * short for its fields. */
int tracedec_decode(const struct tracedec *d, uint64_t ts, const void *rec, size_t len, struct trace_ev *ev);

#endif
