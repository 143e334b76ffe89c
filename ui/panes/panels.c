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
#include <stdlib.h>
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
	/* Shown by a blocking call (panels_show_waiters), not by w: it goes
	 * away by itself when nobody waits any more. */
	bool auto_waiters;
	bool show_log, show_events;
	size_t waiter; /* the waiter selected while the panel has the keys */
} pn;

extern const struct mode_class waiters_mode;

/* w: the keys go to the waiters panel (shown), and back. */
static unsigned waiters_close(struct app *a)
{
	mode_pop(a);
	pn.show_waiters = pn.auto_waiters = false;
	return REACT_REDRAW;
}

static unsigned act_toggle_waiters(struct app *a, int key)
{
	(void)key;
	if (mode_top(a) == &waiters_mode)
		return waiters_close(a);
	pn.show_waiters = true;
	pn.auto_waiters = false; /* the user's now: it stays until w or Esc */
	mode_push(a, &waiters_mode);
	if (waiters_pane_count(&a->snap) == 0)
		app_message(a, false, "%s", _("no waiters: a process blocked in semop/msgrcv/msgsnd is listed here"));
	return REACT_REDRAW;
}

void panels_show_waiters(void)
{
	if (!pn.show_waiters)
		pn.auto_waiters = true;
	pn.show_waiters = true;
}

void panels_rescanned(const struct app *a)
{
	if (pn.auto_waiters && waiters_pane_count(&a->snap) == 0)
		pn.show_waiters = pn.auto_waiters = false;
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
	snprintf(msg, len, P_("wrote %zu action as a C program to %s", "wrote %zu actions as a C program to %s",
			      actionlog_total()), actionlog_total(), path);
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
		app_message(a, false, P_("worker %d done after %ld ms: %s -> type %ld, %zu byte: %s",
					 "worker %d done after %ld ms: %s -> type %ld, %zu bytes: %s", res.len),
			    info.id, worker_elapsed_ms(&info), res.call, res.mtype, res.len, text);
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

static int log_entry(const struct actionlog_line *l, int y, int max, bool draw);

/* The log pane grows to show its newest line whole (a received message
 * wraps over rows) up to half the body, at least LOG_ROWS. */
static int log_rows(void)
{
	size_t n = actionlog_count();
	int need = n ? log_entry(actionlog_get(n - 1), 0, LINES, false) : 0;
	int most = (LINES - 5) / 2 - 1;
	return need > LOG_ROWS && most > LOG_ROWS ? (need < most ? need : most) : LOG_ROWS;
}

int panels_height(const struct app *a, int body_height)
{
	int h = 0;
	if (pn.show_waiters) /* also while it has the keys */
		h += waiters_rows(a) + 1;
	if (pn.show_log)
		h += log_rows() + 1;
	if (pn.show_events)
		h += EVENT_ROWS + 1;
	h += timeline_pane_height();
	h += scenario_pane_height(a);
	/* Leave the view above at least 5 rows. */
	return h > body_height - 5 ? (body_height - 5 > 0 ? body_height - 5 : 0) : h;
}

#define LOG_INDENT 9 /* continued rows start under the call, after "18:02:11 " */

/* Cuts row (whole characters) so that "..." follows it within w columns. */
static void end_with_dots(char *row, int w)
{
	size_t len = strlen(row);
	while (len > 0 && draw_width(row) + 3 > w) {
		do
			len--;
		while (len > 0 && ((unsigned char)row[len] & 0xc0) == 0x80);
		row[len] = '\0';
	}
	strcat(row, "...");
}

/* Line l of the log wrapped to the screen's width (a received message's
 * text is kept whole: actionlog.h), on at most max rows from row y; a cut
 * shows as "..." on its last row. Draws only when draw is set. Returns the
 * rows it takes. */
static int log_entry(const struct actionlog_line *l, int y, int max, bool draw)
{
	size_t size = actionlog_line_size(l);
	char *text = malloc(size), row[512];
	if (!text) {
		if (draw)
			draw_text(y, 0, COLS, screen_attr(ROLE_ERROR), true, l->text);
		return 1;
	}
	actionlog_format_line(l, text, size);
	attr_t attr = l->failed ? screen_attr(ROLE_ERROR) : A_NORMAL;
	const char *p = text;
	int n = 0;
	do {
		int indent = n ? LOG_INDENT : 0, w = COLS - indent;
		p = draw_wrap(p, w, row, sizeof(row));
		if (*p && n + 1 == max) /* the last row it may take, and more follows */
			end_with_dots(row, w);
		if (draw) {
			draw_text(y + n, 0, indent, attr, true, "");
			draw_text(y + n, indent, w, attr, true, row);
		}
		n++;
	} while (*p && n < max);
	free(text);
	return n;
}

/* The title, then the newest lines that fit in rows [y + 1, end), oldest
 * first; the oldest of them shows its first rows when it does not fit
 * whole. */
static void draw_log(int y, int end)
{
	char title[160];
	snprintf(title, sizeof(title), P_(" Action log: %zu call  (S saves it as a C program)",
					  " Action log: %zu calls  (S saves them as a C program)", actionlog_total()),
		 actionlog_total());
	draw_text(y++, 0, COLS, screen_attr(ROLE_TITLE), true, title);
	int rows = end - y, used = 0, first_rows = 0;
	size_t first = actionlog_count();
	while (first > 0 && used < rows) {
		int k = log_entry(actionlog_get(--first), 0, rows, false);
		first_rows = k < rows - used ? k : rows - used;
		used += first_rows;
	}
	for (size_t i = first; i < actionlog_count() && y < end; i++)
		y += log_entry(actionlog_get(i), y, i == first ? first_rows : end - y, true);
}

/* Bottom up: the running scenario's pane takes the last rows; above it the
 * waiters panel, the log, the timeline and the events pane, each its own rows, the last
 * one shown taking what is left. No pane draws into another's rows (the
 * log counted the scenario pane's rows as its own, and its newest lines
 * were drawn over). */
void panels_draw(const struct app *a, int top, int height)
{
	int scn = scenario_pane_height(a);
	if (scn > height)
		scn = height;
	int y = top, end = top + height - scn, tl = timeline_pane_height();
	if (pn.show_waiters && y < end) {
		int stop = pn.show_log || tl || pn.show_events ? y + waiters_rows(a) + 1 : end;
		stop = stop < end ? stop : end;
		waiters_pane_draw(&a->snap, y, stop, mode_top(a) == &waiters_mode, &pn.waiter);
		y = stop;
	}
	if (pn.show_log && y < end) {
		int stop = tl || pn.show_events ? y + log_rows() + 1 : end;
		stop = stop < end ? stop : end;
		draw_log(y, stop);
		y = stop;
	}
	if (tl && y < end) {
		timeline_pane_draw(a, y, tl < end - y ? tl : end - y);
		y += tl;
	}
	if (pn.show_events && y < end)
		events_draw(y, end - y);
	if (scn)
		scenario_pane_draw(end, scn);
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
