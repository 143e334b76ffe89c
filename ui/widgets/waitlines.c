/* waitlines.c — owns the texts of who waits, drawn from a snapshot's
 * waiter table: a wait's operation, holder and duration, the DEADLOCK
 * banner, and the waiter lines under a semaphore or a queue in the detail
 * view. */
#define _GNU_SOURCE
#include "widgets/waitlines.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "base/i18n.h"
#include "widgets/screen.h"
#include "widgets/text.h"

static const char *ge(void)
{
	return screen_utf8() ? "\u2265" : ">=";
}

/* The operation, translated: "P on sem 2 (needs ≥ 1)", "msgrcv type 7, 8192 B". */
void waitlines_op(const struct waiter *w, char *buf, size_t len)
{
	char size[32];
	if (waiters_kind(w->call) == KIND_MSG) {
		snprintf(size, sizeof(size), "%" PRIu64 " B", w->msgsz);
		if (w->call == WAIT_MSGRCV)
			snprintf(buf, len, _("msgrcv type %ld, %s"), w->msgtyp, size);
		else if (w->typed)
			snprintf(buf, len, _("msgsnd type %ld, %s"), w->msgtyp, size);
		else
			snprintf(buf, len, _("msgsnd %s"), size);
		return;
	}
	if (w->blocking < 0) {
		snprintf(buf, len, P_("semop, %u op (not readable)", "semop, %u ops (not readable)", w->nsops), w->nsops);
		return;
	}
	const struct waiter_op *op = &w->ops[w->blocking];
	if (op->op < 0) /* TRANSLATORS: %s is "≥" (or ">="), %d the units the P takes. */
		snprintf(buf, len, _("P on sem %u (needs %s %d)"), op->num, ge(), -op->op);
	else
		snprintf(buf, len, _("wait-for-zero on sem %u"), op->num);
}

const char *waitlines_command(const struct snapshot *s, pid_t pid)
{
	const char *c = snapshot_command(s, pid);
	return c ? c : "?";
}

/* "pid 123 postgres: checkpointer — P on sem 2 (needs ≥ 1) for 12s, held
 * by pid 99 (inferred)  DEADLOCK", the command cut (to no less than 16
 * columns) so that the rest fits in `cols` screen columns. */
static void waiter_line(const struct snapshot *s, const struct waiter *w, int cols, char *buf, size_t len)
{
	char op[96], dur[16], rest[256], holder[96] = "", cmd[CMDTABLE_LEN];
	waitlines_op(w, op, sizeof(op));
	format_duration((long)(s->taken.tv_sec - w->since.tv_sec), dur, sizeof(dur));
	if (w->holder) /* TRANSLATORS: the holder is a guess from the semaphore's sempid. */
		snprintf(holder, sizeof(holder), _(", held by pid %d (inferred)"), (int)w->holder);
	/* TRANSLATORS: a dash, the operation, how long, then the holder. */
	snprintf(rest, sizeof(rest), _("%s %s for %s%s%s"), screen_utf8() ? "\u2014" : "-", op, dur, holder,
		 w->deadlock ? _("  DEADLOCK") : "");
	int room = cols - draw_width(rest) - 13; /* "pid 1234567 " */
	draw_pad(cmd, sizeof(cmd), waitlines_command(s, w->pid), -(room > 16 ? room : 16));
	size_t n = strlen(cmd);
	while (n > 0 && cmd[n - 1] == ' ')
		cmd[--n] = '\0';
	snprintf(buf, len, "pid %d %s %s", (int)w->pid, cmd, rest);
}

int waitlines_banner(const struct snapshot *s, int y)
{
	const struct wait_cycles *c = &s->waiters.deadlocks;
	if (!s->waiters_read || c->count == 0)
		return 0;
	const char *arrow = screen_utf8() ? "\u2192" : "->";
	char line[512];
	size_t len;
	const struct wait_edge *e = waitgraph_cycle(c, 0, &len);
	int at = c->count > 1 ? snprintf(line, sizeof(line), _(" DEADLOCK (%zu cycles):"), c->count)
			      : snprintf(line, sizeof(line), "%s", _(" DEADLOCK:"));
	/* "pid 101 → sem 5#1 → pid 102 → sem 5#0 → pid 101": who waits on
	 * which semaphore held by whom, around the cycle. */
	for (size_t k = 0; k < len && at > 0 && (size_t)at < sizeof(line); k++)
		at += snprintf(line + at, sizeof(line) - (size_t)at, " pid %d %s sem %d#%u %s", (int)e[k].waiter, arrow,
			       e[k].semid, e[k].semnum, arrow);
	if (at > 0 && (size_t)at < sizeof(line))
		snprintf(line + at, sizeof(line) - (size_t)at, _(" pid %d  (holders inferred from sempid; V one to break it)"),
			 (int)e[0].waiter);
	draw_text(y, 0, COLS, screen_attr(ROLE_ERROR) | A_BOLD | A_REVERSE, true, line);
	return 1;
}

/* Draws text at row y of a waiter block, indented by SUB_INDENT columns. */
#define SUB_INDENT 10
static void sub_line(int y, attr_t attr, const char *text)
{
	char line[600];
	snprintf(line, sizeof(line), "        %s %s", screen_utf8() ? "\u21b3" : "->", text);
	draw_text(y, 0, COLS, attr, true, line);
}

int waitlines_sem(const struct snapshot *s, const struct ipc_object *o, const struct ipc_semval *v, unsigned semnum,
		  int y, int max)
{
	if (!s->waiters_read)
		return 0;
	size_t n;
	const struct waiter *w = waiters_find(&s->waiters, KIND_SEM, o->id, &n);
	int lines = 0;
	long found = 0;
	char text[512];
	for (size_t i = 0; i < n; i++) {
		if (w[i].blocking < 0 || w[i].ops[w[i].blocking].num != semnum)
			continue;
		found++;
		if (lines < max) {
			waiter_line(s, &w[i], COLS - SUB_INDENT, text, sizeof(text));
			sub_line(y + lines, w[i].deadlock ? screen_attr(ROLE_ERROR) : A_NORMAL, text);
		}
		lines++;
	}
	long missing = (long)v->ncnt + v->zcnt - found;
	if (missing > 0) {
		if (lines < max) {
			snprintf(text, sizeof(text),
				 P_("%ld more waiter the kernel counts is unknown (%s)",
				    "%ld more waiters the kernel counts are unknown (%s)", missing),
				 missing, s->waiters.unreadable || s->waiters.hidden
						  ? _("processes not readable: run as root")
						  : _("started or left since the scan"));
			sub_line(y + lines, A_NORMAL, text);
		}
		lines++;
	}
	return lines;
}

int waitlines_queue(const struct snapshot *s, const struct ipc_object *o, int y, int height)
{
	size_t n = 0;
	const struct waiter *w = s->waiters_read ? waiters_find(&s->waiters, KIND_MSG, o->id, &n) : NULL;
	if (!n || height < 2)
		return 0;
	char text[512];
	snprintf(text, sizeof(text), P_(" %zu process waits on this queue", " %zu processes wait on this queue", n), n);
	draw_text(y, 0, COLS, screen_attr(ROLE_TITLE), true, text);
	int used = 1;
	for (size_t i = 0; i < n && used < height; i++, used++) {
		waiter_line(s, &w[i], COLS - SUB_INDENT, text, sizeof(text));
		sub_line(y + used, A_NORMAL, text);
	}
	return used;
}
