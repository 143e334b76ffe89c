/* waiters_pane.c — the rows of the waiters panel (`w`): every process of
 * the namespace the snapshot's waiter scan found blocked on an object, each
 * matched to ipctop's worker of the same pid, then ipctop's workers the
 * scan did not see; drawing them, the pid on a row, and cancelling a
 * worker. panels.c owns the panel's place, its keys and its cursor. */
#define _GNU_SOURCE
#include "panes/waiters_pane.h"

#include <stdio.h>

#include "base/format.h"
#include "base/i18n.h"
#include "ops/worker.h"
#include "widgets/screen.h"
#include "widgets/text.h"
#include "widgets/waitlines.h"

/* Row i of the panel: a waiter of the scan (w, with its worker when the pid
 * is one of ipctop's), or a worker the scan did not show (w NULL). */
struct panel_row {
	const struct waiter *w;
	const struct worker *k;
};

static const struct worker *worker_of(pid_t pid)
{
	for (size_t i = 0; i < worker_count(); i++)
		if (worker_get(i)->pid == pid)
			return worker_get(i);
	return NULL;
}

static bool seen_by_scan(const struct snapshot *s, pid_t pid)
{
	for (size_t i = 0; i < s->waiters.count; i++)
		if (s->waiters.v[i].pid == pid)
			return true;
	return false;
}

static bool panel_row(const struct snapshot *s, size_t i, struct panel_row *r)
{
	const struct waiter_table *t = &s->waiters;
	if (i < t->count) {
		*r = (struct panel_row){ &t->v[i], worker_of(t->v[i].pid) };
		return true;
	}
	i -= t->count;
	for (size_t k = 0; k < worker_count(); k++)
		if (!seen_by_scan(s, worker_get(k)->pid) && i-- == 0) {
			*r = (struct panel_row){ NULL, worker_get(k) };
			return true;
		}
	return false;
}

size_t waiters_pane_count(const struct snapshot *s)
{
	size_t n = s->waiters.count;
	for (size_t k = 0; k < worker_count(); k++)
		n += !seen_by_scan(s, worker_get(k)->pid);
	return n;
}

pid_t waiters_pane_pid(const struct snapshot *s, size_t row)
{
	struct panel_row r;
	if (!panel_row(s, row, &r))
		return 0;
	return r.w ? r.w->pid : r.k->pid;
}

static void worker_row(const struct worker *w, char *line, size_t len)
{
	long ms = worker_elapsed_ms(w);
	char done[16] = "";
	if (w->total)
		snprintf(done, sizeof(done), "%3u%% ", (unsigned)(worker_progress(w) * 100 / w->total));
	snprintf(line, len, " #%-3d pid %-7d %s %-5d %5ld.%lds  %s%s", w->id, (int)w->pid,
		 w->kind == WORKER_SEMOP ? "sem" : w->kind == WORKER_FILL ? "shm" : "msg", w->objid, ms / 1000,
		 (ms / 100) % 10, done, w->desc);
}

static void scanned_row(const struct snapshot *s, const struct waiter *w, char *line, size_t len)
{
	char op[96], opcol[128], dur[16];
	waitlines_op(w, op, sizeof(op));
	format_duration((long)(s->taken.tv_sec - w->since.tv_sec), dur, sizeof(dur));
	snprintf(line, len, "%s    pid %-7d %s %-6d %s %6s  %s", w->deadlock ? "!" : " ", (int)w->pid,
		 kind_name(waiters_kind(w->call)), w->id, draw_pad(opcol, sizeof(opcol), op, -28), dur,
		 waitlines_command(s, w->pid));
}

void waiters_pane_draw(const struct snapshot *s, int y, int end, bool focus, size_t *cursor)
{
	char line[600];
	size_t n = waiters_pane_count(s), workers = worker_count();
	const struct waiter_table *t = &s->waiters;
	int at = snprintf(line, sizeof(line), P_(" Waiters: %zu blocked", " Waiters: %zu blocked", n), n);
	if (workers && at > 0)
		at += snprintf(line + at, sizeof(line) - (size_t)at, P_(", %zu ipctop worker", ", %zu ipctop workers", workers),
			       workers);
	if (at > 0)
		at += snprintf(line + at, sizeof(line) - (size_t)at, "%s",
			       focus ? _("  (x cancel a worker, k signal, Esc back)") : _("  (w: focus)"));
	if ((t->unreadable || t->hidden) && at > 0) /* last: cut first on a narrow screen */
		snprintf(line + at, sizeof(line) - (size_t)at, "%s", _("  more may wait: some processes not readable"));
	draw_text(y++, 0, COLS, screen_attr(ROLE_TITLE), true, line);
	if (*cursor >= n)
		*cursor = n ? n - 1 : 0;
	size_t rows = end > y ? (size_t)(end - y) : 0;
	size_t first = rows && *cursor >= rows ? *cursor - rows + 1 : 0;
	for (size_t i = first; i < n && y < end; i++) {
		struct panel_row r;
		if (!panel_row(s, i, &r))
			break;
		/* ipctop's own workers: "#N" and the call they make. */
		if (r.k)
			worker_row(r.k, line, sizeof(line));
		else
			scanned_row(s, r.w, line, sizeof(line));
		bool sel = focus && i == *cursor;
		attr_t attr = sel ? screen_attr(ROLE_SELECTED) : r.w && r.w->deadlock ? screen_attr(ROLE_ERROR) : A_NORMAL;
		draw_text(y++, 0, COLS, attr, true, line);
	}
	if (n == 0 && y < end)
		draw_text(y, 1, COLS - 1, A_NORMAL, false,
			  _("(none: a process blocked in semop, msgrcv or msgsnd shows here, ipctop's own workers too)"));
}

int waiters_pane_cancel(const struct snapshot *s, size_t row, char *msg, size_t len)
{
	struct panel_row r;
	if (!panel_row(s, row, &r)) {
		snprintf(msg, len, "%s", _("no waiter selected"));
		return 0;
	}
	if (!r.k) {
		snprintf(msg, len, _("pid %d is not one of ipctop's workers: x cancels only those (k sends a signal)"),
			 (int)(r.w ? r.w->pid : 0));
		return -1;
	}
	int id = r.k->id;
	pid_t pid = r.k->pid;
	int rc = worker_cancel(id);
	if (rc == 0)
		snprintf(msg, len, _("kill(%d, SIGTERM) = 0: worker %d cancelled and reaped"), (int)pid, id);
	else if (rc == 1)
		snprintf(msg, len, _("worker %d had already finished"), id);
	else
		snprintf(msg, len, _("worker %d: no such waiter"), id);
	return rc < 0 ? -1 : 1;
}
