/* panels.c — the two bottom panes: the waiters panel (`w`: worker children
 * blocked in semop/msgrcv/msgsnd, how long they have waited, `x` cancels)
 * and the action log (`l`: every call made, `S` saves the session as a C
 * program); and collecting a worker's result when its pipe is readable. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "ops/actionlog.h"
#include "actions.h"
#include "draw.h"
#include "events.h"
#include "base/i18n.h"
#include "base/payload.h"
#include "ops/worker.h"

#define WAITERS_ROWS 5
#define LOG_ROWS 6
#define EVENT_ROWS 6

unsigned act_toggle_waiters(struct app *a, int key)
{
	(void)key;
	if (a->mode == UI_WAITERS) {
		a->mode = a->waiters_return;
		a->show_waiters = false;
		return REACT_REDRAW;
	}
	a->show_waiters = true;
	a->waiters_return = a->mode; /* where Esc goes back to */
	a->mode = UI_WAITERS;
	if (worker_count() == 0)
		app_message(a, false, _("no waiters: a blocking semop/msgrcv/msgsnd runs in a worker listed here"));
	return REACT_REDRAW;
}

unsigned act_toggle_log(struct app *a, int key)
{
	(void)key;
	a->show_log = !a->show_log;
	return REACT_REDRAW;
}

unsigned act_toggle_events(struct app *a, int key)
{
	(void)key;
	a->show_events = !a->show_events;
	return REACT_REDRAW;
}

unsigned act_save_log_c(struct app *a, int key)
{
	(void)key;
	/* --read-only writes no file either: a sudo rule allowing only
	 * `ipctop --read-only` must not let its user create root's files. */
	if (app_refuse_read_only(a, _("saving the session as a C program")))
		return REACT_REDRAW;
	const char *path = a->opt.log_c ? a->opt.log_c : "ipctop-session.c";
	bool failed = app_write_log_c(path, a->status, sizeof(a->status)) < 0;
	a->status_error = failed;
	return REACT_REDRAW;
}

unsigned act_cancel_worker(struct app *a, int key)
{
	(void)key;
	const struct worker *w = worker_get(a->waiter_cursor);
	if (!w) {
		app_message(a, false, _("no waiter selected"));
		return REACT_REDRAW;
	}
	int id = w->id;
	pid_t pid = w->pid;
	int rc = worker_cancel(id);
	if (rc == 0)
		app_message(a, false, _("kill(%d, SIGTERM) = 0: worker %d cancelled and reaped"), (int)pid, id);
	else if (rc == 1)
		app_message(a, false, _("worker %d had already finished"), id);
	else
		app_message(a, true, _("worker %d: no such waiter"), id);
	if (a->waiter_cursor && a->waiter_cursor >= worker_count())
		a->waiter_cursor--;
	return REACT_RESCAN | REACT_REDRAW;
}

unsigned workers_collect_one(struct app *a, int fd)
{
	struct op_result res;
	struct worker info;
	if (worker_collect(fd, &res, &info) != 1)
		return REACT_NONE;
	if (res.ret >= 0 && res.data) {
		char text[128];
		payload_format(res.data, res.len, 40, text, sizeof(text));
		app_message(a, false, _("worker %d done after %ld ms: %s -> type %ld, %zu bytes: %s"), info.id,
			    worker_elapsed_ms(&info), res.call, res.mtype, res.len, text);
	} else if (res.ret >= 0) {
		app_message(a, false, _("worker %d done after %ld ms: %s"), info.id, worker_elapsed_ms(&info), res.call);
	} else {
		app_message(a, true, _("worker %d: %s"), info.id, res.message);
	}
	ops_result_free(&res);
	if (a->waiter_cursor && a->waiter_cursor >= worker_count())
		a->waiter_cursor--;
	return REACT_RESCAN | REACT_REDRAW;
}

int panels_height(const struct app *a, int body_height)
{
	int h = 0;
	if (a->show_waiters || a->mode == UI_WAITERS)
		h += WAITERS_ROWS + 1;
	if (a->show_log)
		h += LOG_ROWS + 1;
	if (a->show_events)
		h += EVENT_ROWS + 1;
	h += scenario_pane_height(a);
	/* Leave the view above at least 5 rows. */
	return h > body_height - 5 ? (body_height - 5 > 0 ? body_height - 5 : 0) : h;
}

static void draw_waiters(struct app *a, int y, int end)
{
	char line[512];
	size_t n = worker_count();
	snprintf(line, sizeof(line), P_(" Waiters: %zu worker blocked%s", " Waiters: %zu workers blocked%s", n), n,
		 a->mode == UI_WAITERS ? _("  (Up/Down select, x cancel, Esc back)") : _("  (w: focus)"));
	draw_text(y++, 0, COLS, screen_attr(ROLE_TITLE), true, line);
	if (a->waiter_cursor >= n)
		a->waiter_cursor = n ? n - 1 : 0;
	size_t first = a->waiter_cursor >= WAITERS_ROWS ? a->waiter_cursor - WAITERS_ROWS + 1 : 0;
	for (size_t i = first; i < n && y < end && i < first + WAITERS_ROWS; i++) {
		const struct worker *w = worker_get(i);
		long ms = worker_elapsed_ms(w);
		char done[16] = "";
		if (w->total)
			snprintf(done, sizeof(done), "%3u%% ", (unsigned)(worker_progress(w) * 100 / w->total));
		snprintf(line, sizeof(line), " #%-3d pid %-7d %s %-5d %5ld.%lds  %s%s", w->id, (int)w->pid,
			 w->kind == WORKER_SEMOP ? "sem" : w->kind == WORKER_FILL ? "shm" : "msg", w->objid,
			 ms / 1000, (ms / 100) % 10, done, w->desc);
		bool sel = a->mode == UI_WAITERS && i == a->waiter_cursor;
		draw_text(y++, 0, COLS, sel ? screen_attr(ROLE_SELECTED) : A_NORMAL, true, line);
	}
	if (n == 0 && y < end)
		draw_text(y, 1, COLS - 1, A_NORMAL, false, _("(none: P on a zero semaphore, or a blocking msgrcv, waits here)"));
}

static void draw_log(int y, int end)
{
	size_t n = actionlog_count();
	char line[OPS_CALL_LEN + OPS_MESSAGE_LEN + 32];
	snprintf(line, sizeof(line), _(" Action log: %zu calls  (S saves them as a C program)"), actionlog_total());
	draw_text(y++, 0, COLS, screen_attr(ROLE_TITLE), true, line);
	size_t rows = end > y ? (size_t)(end - y) : 0;
	size_t first = n > rows ? n - rows : 0;
	for (size_t i = first; i < n && y < end; i++) {
		const struct actionlog_line *l = actionlog_get(i);
		actionlog_format_line(l, line, sizeof(line));
		draw_text(y++, 0, COLS, l->failed ? screen_attr(ROLE_ERROR) : A_NORMAL, true, line);
	}
}

void panels_draw(struct app *a, int top, int height)
{
	int y = top, end = top + height;
	if (a->show_waiters || a->mode == UI_WAITERS) {
		draw_waiters(a, y, a->show_log ? y + WAITERS_ROWS + 1 : end);
		y += WAITERS_ROWS + 1;
	}
	if (a->show_log && y < end) {
		draw_log(y, a->show_events ? y + LOG_ROWS + 1 : end);
		y += LOG_ROWS + 1;
	}
	int scn = scenario_pane_height(a);
	if (a->show_events && y < end)
		events_draw(y, end - y - scn);
	if (scn)
		scenario_pane_draw(end - scn, scn);
}
