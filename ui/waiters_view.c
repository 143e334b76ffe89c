/* waiters_view.c — owns drawing who waits: the texts of a wait (operation,
 * holder, how long), the DEADLOCK banner, the waiter lines of the detail
 * view, and the waiters panel's rows (the scan's waiters, each matched to
 * ipctop's worker of the same pid, then workers the scan did not see). */
#define _GNU_SOURCE
#include "waiters_view.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "base/format.h"
#include "base/i18n.h"
#include "ops/worker.h"

unsigned waiters_view_flags(const struct app *a, bool diff)
{
	unsigned f = 0;
	if (diff || a->view == VIEW_SEM)
		f |= SNAP_SEMWAIT;
	if (a->show_waiters || a->mode == UI_WAITERS || a->mode == UI_DETAIL)
		f |= SNAP_THREADS;
	return f;
}

static const char *ge(void)
{
	return screen_utf8() ? "\u2265" : ">=";
}

/* The operation, translated: "P on sem 2 (needs ≥ 1)", "msgrcv type 7, 8192 B". */
static void op_text(const struct waiter *w, char *buf, size_t len)
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

static const char *command_of(const struct app *a, pid_t pid)
{
	const char *c = snapshot_command(&a->snap, pid);
	return c ? c : "?";
}

/* "pid 123 postgres: checkpointer — P on sem 2 (needs ≥ 1) for 12s, held
 * by pid 99 (inferred)  DEADLOCK", the command cut (to no less than 16
 * columns) so that the rest fits in `cols` screen columns. */
static void waiter_line(const struct app *a, const struct waiter *w, int cols, char *buf, size_t len)
{
	char op[96], dur[16], rest[256], holder[96] = "", cmd[CMDTABLE_LEN];
	op_text(w, op, sizeof(op));
	format_duration((long)(a->snap.taken.tv_sec - w->since.tv_sec), dur, sizeof(dur));
	if (w->holder) /* TRANSLATORS: the holder is a guess from the semaphore's sempid. */
		snprintf(holder, sizeof(holder), _(", held by pid %d (inferred)"), (int)w->holder);
	/* TRANSLATORS: a dash, the operation, how long, then the holder. */
	snprintf(rest, sizeof(rest), _("%s %s for %s%s%s"), screen_utf8() ? "\u2014" : "-", op, dur, holder,
		 w->deadlock ? _("  DEADLOCK") : "");
	int room = cols - draw_width(rest) - 13; /* "pid 1234567 " */
	draw_pad(cmd, sizeof(cmd), command_of(a, w->pid), -(room > 16 ? room : 16));
	size_t n = strlen(cmd);
	while (n > 0 && cmd[n - 1] == ' ')
		cmd[--n] = '\0';
	snprintf(buf, len, "pid %d %s %s", (int)w->pid, cmd, rest);
}

int deadlock_banner_draw(const struct app *a, int y)
{
	const struct wait_cycles *c = &a->snap.waiters.deadlocks;
	if (!a->snap.waiters_read || c->count == 0)
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

int waiters_sem_lines(const struct app *a, const struct ipc_object *o, const struct ipc_semval *v, unsigned semnum,
		      int y, int max)
{
	if (!a->snap.waiters_read)
		return 0;
	size_t n;
	const struct waiter *w = waiters_find(&a->snap.waiters, KIND_SEM, o->id, &n);
	int lines = 0;
	long found = 0;
	char text[512];
	for (size_t i = 0; i < n; i++) {
		if (w[i].blocking < 0 || w[i].ops[w[i].blocking].num != semnum)
			continue;
		found++;
		if (lines < max) {
			waiter_line(a, &w[i], COLS - SUB_INDENT, text, sizeof(text));
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
				 missing, a->snap.waiters.unreadable || a->snap.waiters.hidden
						  ? _("processes not readable: run as root")
						  : _("started or left since the scan"));
			sub_line(y + lines, A_NORMAL, text);
		}
		lines++;
	}
	return lines;
}

int waiters_queue_draw(const struct app *a, const struct ipc_object *o, int y, int height)
{
	size_t n = 0;
	const struct waiter *w = a->snap.waiters_read ? waiters_find(&a->snap.waiters, KIND_MSG, o->id, &n) : NULL;
	if (!n || height < 2)
		return 0;
	char text[512];
	snprintf(text, sizeof(text), P_(" %zu process waits on this queue", " %zu processes wait on this queue", n), n);
	draw_text(y, 0, COLS, screen_attr(ROLE_TITLE), true, text);
	int used = 1;
	for (size_t i = 0; i < n && used < height; i++, used++) {
		waiter_line(a, &w[i], COLS - SUB_INDENT, text, sizeof(text));
		sub_line(y + used, A_NORMAL, text);
	}
	return used;
}

/* ---- the waiters panel ---------------------------------------------------- */

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

static bool seen_by_scan(const struct app *a, pid_t pid)
{
	for (size_t i = 0; i < a->snap.waiters.count; i++)
		if (a->snap.waiters.v[i].pid == pid)
			return true;
	return false;
}

static bool panel_row(const struct app *a, size_t i, struct panel_row *r)
{
	const struct waiter_table *t = &a->snap.waiters;
	if (i < t->count) {
		*r = (struct panel_row){ &t->v[i], worker_of(t->v[i].pid) };
		return true;
	}
	i -= t->count;
	for (size_t k = 0; k < worker_count(); k++)
		if (!seen_by_scan(a, worker_get(k)->pid) && i-- == 0) {
			*r = (struct panel_row){ NULL, worker_get(k) };
			return true;
		}
	return false;
}

size_t waiters_panel_count(const struct app *a)
{
	size_t n = a->snap.waiters.count;
	for (size_t k = 0; k < worker_count(); k++)
		n += !seen_by_scan(a, worker_get(k)->pid);
	return n;
}

pid_t waiters_panel_pid(const struct app *a)
{
	struct panel_row r;
	if (!panel_row(a, a->waiter_cursor, &r))
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

static void scanned_row(const struct app *a, const struct waiter *w, char *line, size_t len)
{
	char op[96], opcol[128], dur[16];
	op_text(w, op, sizeof(op));
	format_duration((long)(a->snap.taken.tv_sec - w->since.tv_sec), dur, sizeof(dur));
	snprintf(line, len, "%s    pid %-7d %s %-6d %s %6s  %s", w->deadlock ? "!" : " ", (int)w->pid,
		 kind_name(waiters_kind(w->call)), w->id, draw_pad(opcol, sizeof(opcol), op, -28), dur,
		 command_of(a, w->pid));
}

void waiters_panel_draw(struct app *a, int y, int end)
{
	char line[600];
	size_t n = waiters_panel_count(a), workers = worker_count();
	const struct waiter_table *t = &a->snap.waiters;
	int at = snprintf(line, sizeof(line), P_(" Waiters: %zu blocked", " Waiters: %zu blocked", n), n);
	if (workers && at > 0)
		at += snprintf(line + at, sizeof(line) - (size_t)at, P_(", %zu ipctop worker", ", %zu ipctop workers", workers),
			       workers);
	if (at > 0)
		at += snprintf(line + at, sizeof(line) - (size_t)at, "%s",
			       a->mode == UI_WAITERS ? _("  (x cancel a worker, k signal, Esc back)") : _("  (w: focus)"));
	if ((t->unreadable || t->hidden) && at > 0) /* last: cut first on a narrow screen */
		snprintf(line + at, sizeof(line) - (size_t)at, "%s", _("  more may wait: some processes not readable"));
	draw_text(y++, 0, COLS, screen_attr(ROLE_TITLE), true, line);
	if (a->waiter_cursor >= n)
		a->waiter_cursor = n ? n - 1 : 0;
	size_t rows = end > y ? (size_t)(end - y) : 0;
	size_t first = rows && a->waiter_cursor >= rows ? a->waiter_cursor - rows + 1 : 0;
	for (size_t i = first; i < n && y < end; i++) {
		struct panel_row r;
		if (!panel_row(a, i, &r))
			break;
		/* ipctop's own workers: "#N" and the call they make. */
		if (r.k)
			worker_row(r.k, line, sizeof(line));
		else
			scanned_row(a, r.w, line, sizeof(line));
		bool sel = a->mode == UI_WAITERS && i == a->waiter_cursor;
		attr_t attr = sel ? screen_attr(ROLE_SELECTED) : r.w && r.w->deadlock ? screen_attr(ROLE_ERROR) : A_NORMAL;
		draw_text(y++, 0, COLS, attr, true, line);
	}
	if (n == 0 && y < end)
		draw_text(y, 1, COLS - 1, A_NORMAL, false,
			  _("(none: a process blocked in semop, msgrcv or msgsnd shows here, ipctop's own workers too)"));
}

unsigned waiters_panel_cancel(struct app *a, int key)
{
	(void)key;
	struct panel_row r;
	if (!panel_row(a, a->waiter_cursor, &r)) {
		app_message(a, false, "%s", _("no waiter selected"));
		return REACT_REDRAW;
	}
	if (!r.k) {
		app_message(a, true, _("pid %d is not one of ipctop's workers: x cancels only those (k sends a signal)"),
			    (int)(r.w ? r.w->pid : 0));
		return REACT_REDRAW;
	}
	int id = r.k->id;
	pid_t pid = r.k->pid;
	int rc = worker_cancel(id);
	if (rc == 0)
		app_message(a, false, _("kill(%d, SIGTERM) = 0: worker %d cancelled and reaped"), (int)pid, id);
	else if (rc == 1)
		app_message(a, false, _("worker %d had already finished"), id);
	else
		app_message(a, true, _("worker %d: no such waiter"), id);
	return REACT_RESCAN | REACT_REDRAW;
}
