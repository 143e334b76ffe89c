/* panels.c — the bottom panes: the waiters panel (`w`: every process
 * blocked in semop/msgrcv/msgsnd, its rows drawn by waiters_pane.c; `w`
 * gives it the keys: Up/Down select, `x` cancels ipctop's own workers, `k`
 * signals any waiter, Esc or `w` hides it), the
 * action log (`l`: every call made, `S` saves the session as a C program)
 * and the events pane (`E`); and collecting a worker's result when its
 * pipe is readable. */
#define _GNU_SOURCE
#include "panes/panels.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/safefile.h"
#include "ops/actionlog.h"
#include "base/payload.h"
#include "ops/worker.h"
#include "actions/signal_form.h"
#include "panes/events.h"
#include "panes/timeline_pane.h"
#include "panes/waiters_pane.h"
#include "views/scenario_ui.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define WAITERS_ROWS 5
#define LOG_ROWS 6
#define EVENT_ROWS 6

static struct {
	bool show_waiters; /* set while the waiters mode is on the stack too */
	bool show_log, show_events;
	size_t waiter; /* the waiter selected while the panel has the keys */
} pn;

extern const struct mode_class waiters_mode;

/* w: the keys go to the waiters panel (shown), and back. */
static unsigned waiters_close(struct app *a)
{
	mode_pop(a);
	pn.show_waiters = false;
	return REACT_REDRAW;
}

static unsigned act_toggle_waiters(struct app *a, int key)
{
	(void)key;
	if (mode_top(a) == &waiters_mode)
		return waiters_close(a);
	pn.show_waiters = true;
	mode_push(a, &waiters_mode);
	if (waiters_pane_count(&a->snap) == 0)
		app_message(a, false, "%s", _("no waiters: a process blocked in semop/msgrcv/msgsnd is listed here"));
	return REACT_REDRAW;
}

void panels_show_waiters(void)
{
	pn.show_waiters = true;
}

bool panels_events_shown(void)
{
	return pn.show_events;
}

unsigned panels_snap_flags(void)
{
	/* The waiters panel names the waiters of every thread. */
	return pn.show_waiters ? SNAP_THREADS : 0;
}

static unsigned act_toggle_log(struct app *a, int key)
{
	(void)a; (void)key;
	pn.show_log = !pn.show_log;
	return REACT_REDRAW;
}

static unsigned act_toggle_events(struct app *a, int key)
{
	(void)a; (void)key;
	pn.show_events = !pn.show_events;
	return REACT_REDRAW;
}

int panels_write_log_c(const char *path, char *msg, size_t len)
{
	/* Mode 0600: the program holds the messages sent. Only a program
	 * ipctop wrote is overwritten; no symlink, FIFO, hard link or other
	 * owner's file (safefile.h). */
	int fd = safefile_rewrite(path, ACTIONLOG_C_MAGIC, 0600, msg, len);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		snprintf(msg, len, _("fdopen(\"%s\"): %s (cannot write the session's C program)"), path, strerror(errno));
		close(fd);
		return -1;
	}
	int rc = actionlog_write_c(f);
	if (fclose(f) != 0 || rc < 0) {
		snprintf(msg, len, _("writing %s: %s"), path, strerror(errno));
		return -1;
	}
	snprintf(msg, len, _("wrote %zu actions as a C program to %s"), actionlog_total(), path);
	return 0;
}

static unsigned act_save_log_c(struct app *a, int key)
{
	(void)key;
	/* --read-only writes no file either: a sudo rule allowing only
	 * `ipctop --read-only` must not let its user create root's files. */
	if (app_refuse_read_only(a, _("saving the session as a C program")))
		return REACT_REDRAW;
	const char *path = a->opt.log_c ? a->opt.log_c : "ipctop-session.c";
	bool failed = panels_write_log_c(path, a->status, sizeof(a->status)) < 0;
	a->status_error = failed;
	return REACT_REDRAW;
}

static unsigned act_cancel_worker(struct app *a, int key)
{
	(void)key;
	int rc = waiters_pane_cancel(&a->snap, pn.waiter, a->status, sizeof(a->status));
	a->status_error = rc < 0;
	return rc > 0 ? REACT_RESCAN | REACT_REDRAW : REACT_REDRAW;
}

static pid_t waiters_pid(struct app *a)
{
	return waiters_pane_pid(&a->snap, pn.waiter);
}

unsigned panels_collect_worker(struct app *a, int fd)
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
	return REACT_RESCAN | REACT_REDRAW;
}

/* The waiters panel shows up to half the body when more wait (the body is
 * LINES - 5 rows: draw.c), at least WAITERS_ROWS. */
static int waiters_rows(const struct app *a)
{
	size_t n = waiters_pane_count(&a->snap);
	int most = (LINES - 5) / 2 - 1;
	return n > (size_t)WAITERS_ROWS && most > WAITERS_ROWS ? (n < (size_t)most ? (int)n : most) : WAITERS_ROWS;
}

int panels_height(const struct app *a, int body_height)
{
	int h = 0;
	if (pn.show_waiters) /* also while it has the keys */
		h += waiters_rows(a) + 1;
	if (pn.show_log)
		h += LOG_ROWS + 1;
	if (pn.show_events)
		h += EVENT_ROWS + 1;
	h += timeline_pane_height();
	h += scenario_pane_height(a);
	/* Leave the view above at least 5 rows. */
	return h > body_height - 5 ? (body_height - 5 > 0 ? body_height - 5 : 0) : h;
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

void panels_draw(const struct app *a, int top, int height)
{
	int y = top, end = top + height;
	if (pn.show_waiters) {
		int rows = waiters_rows(a);
		waiters_pane_draw(&a->snap, y, pn.show_log ? y + rows + 1 : end, mode_top(a) == &waiters_mode, &pn.waiter);
		y += rows + 1;
	}
	if (pn.show_log && y < end) {
		draw_log(y, pn.show_events ? y + LOG_ROWS + 1 : end);
		y += LOG_ROWS + 1;
	}
	int scn = scenario_pane_height(a), tl = timeline_pane_height();
	if (tl && y < end - scn) {
		timeline_pane_draw(a, y, tl < end - scn - y ? tl : end - scn - y);
		y += tl;
	}
	if (pn.show_events && y < end)
		events_draw(y, end - y - scn);
	if (scn)
		scenario_pane_draw(end - scn, scn);
}

static unsigned waiters_cursor(struct app *a, long delta)
{
	return mode_cursor_step(&pn.waiter, waiters_pane_count(&a->snap), delta);
}

static const struct key_binding panel_keys[] = {
	{ 'w', KG_VIEWS, act_toggle_waiters, "w", N_("waiters panel: every process blocked in semop/msgrcv/msgsnd"),
	  N_("Waiters"), NULL },
	{ 'x', 0, act_cancel_worker, "x", N_("in the waiters panel: cancel the selected worker (ipctop's own)"),
	  N_("Cancel"), NULL },
	{ 'k', 0, act_signal, "k", N_("in the waiters panel: send a signal to the selected waiter"), N_("Signal"), NULL },
	{ 'l', KG_VIEWS, act_toggle_log, "l", N_("action log pane: every call made and its result"), N_("Log"), NULL },
	{ 'E', KG_VIEWS, act_toggle_events, "E", N_("events pane: objects created, removed, changed (like --watch)"),
	  NULL, NULL },
	{ 'S', KG_VIEWS, act_save_log_c, "S", N_("save the session's calls as a C program (--log-c FILE, else ipctop-session.c)"),
	  NULL, NULL },
};

static const struct footer_key waiters_footer[] = {
	{ KEY_ESC, NULL, NULL }, { KEY_UP, "Up/Dn", N_("Select") }, { 'x', NULL, NULL }, { 'k', NULL, NULL },
	{ 'l', NULL, NULL },     { 'q', NULL, NULL },               { 0, NULL, NULL },
};

/* The waiters panel with the keys: the view above stays (it is drawn, and
 * actions apply to it). */
const struct mode_class waiters_mode = {
	.name = "waiters",
	.flags = MODE_OVERLAY,
	.groups = KG_ANY | KG_ROWS | KG_VIEWS | KG_SCREENS, /* not KG_VI_UP: k signals */
	MODE_KEYS(panel_keys),
	.footer = waiters_footer,
	.cursor = waiters_cursor,
	.close = waiters_close,
	.pid = waiters_pid,
};
