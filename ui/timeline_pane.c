/* timeline_pane.c — the timeline pane (t): the latest traced calls, the
 * newest at the bottom (time, pid, command, the call with its arguments
 * and result, how long it took); with the keys (t), a cursor, a pause and
 * filters by the selected call's process or object. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "base/i18n.h"
#include "trace_ui.h"

#define KEY_ESC 27
#define PANE_ROWS 8

static struct {
	bool show;
	enum ui_mode back; /* the view shown above the focused pane */
	size_t cursor;     /* the selected call, 0 the newest shown */
} tp;

enum ui_mode timeline_return_mode(void)
{
	return tp.back;
}

int timeline_pane_height(const struct app *a)
{
	return tp.show || a->mode == UI_TIMELINE ? PANE_ROWS + 1 : 0;
}

unsigned act_timeline(struct app *a, int key)
{
	(void)key;
	if (a->mode == UI_TIMELINE || tp.show) {
		if (a->mode == UI_TIMELINE)
			a->mode = tp.back;
		tp.show = false;
		return REACT_REDRAW;
	}
	if (!trace_ui_on())
		trace_ui_start(a);
	if (!trace_ui_on())
		return REACT_REDRAW; /* the status line says why */
	tp.show = true;
	tp.back = a->mode;
	tp.cursor = 0;
	a->mode = UI_TIMELINE;
	return REACT_REDRAW;
}

static void say_filter(struct app *a)
{
	const struct timeline_filter *f = &trace_ui_timeline()->filter;
	if (f->by_pid)
		app_message(a, false, _("timeline: only the calls of process %d (a shows all)"), (int)f->pid);
	else if (f->by_obj)
		app_message(a, false, _("timeline: only the calls on %s %d (a shows all)"), kind_name(f->kind), f->id);
	else
		app_message(a, false, "%s", _("timeline: every call"));
}

unsigned act_timeline_key(struct app *a, int key)
{
	struct timeline *tl = trace_ui_timeline();
	size_t n = timeline_count(tl);
	const struct trace_call *sel = timeline_get(tl, tp.cursor);
	switch (key) {
	case KEY_ESC:
		a->mode = tp.back; /* the pane stays: t hides it */
		return REACT_REDRAW;
	case KEY_UP: case 'k': case KEY_DOWN: case 'j': case KEY_HOME: case KEY_END:
		/* Moving pauses: the rows stay where the cursor is. */
		if (!tl->paused) {
			tl->paused = true;
			app_message(a, false, "%s", _("timeline paused: Space resumes"));
		}
		if ((key == KEY_UP || key == 'k') && tp.cursor + 1 < n)
			tp.cursor++;
		else if ((key == KEY_DOWN || key == 'j') && tp.cursor > 0)
			tp.cursor--;
		else if (key == KEY_HOME && n)
			tp.cursor = n - 1;
		else if (key == KEY_END)
			tp.cursor = 0;
		return REACT_REDRAW;
	case ' ':
		tl->paused = !tl->paused;
		if (!tl->paused)
			tp.cursor = 0;
		app_message(a, false, "%s", tl->paused ? _("timeline paused: Space resumes") : _("timeline running"));
		return REACT_REDRAW;
	case 'p':
	case 'o':
		if (!sel) {
			app_message(a, false, "%s", _("no call selected"));
			return REACT_REDRAW;
		}
		tl->filter = key == 'p' ? (struct timeline_filter){ .by_pid = true, .pid = sel->tgid }
					: (struct timeline_filter){ .by_obj = true, .kind = tracecall_kind(sel), .id = sel->id };
		tp.cursor = 0;
		say_filter(a);
		return REACT_REDRAW;
	case 'a':
		memset(&tl->filter, 0, sizeof(tl->filter));
		tp.cursor = 0;
		say_filter(a);
		return REACT_REDRAW;
	default:
		return REACT_NONE;
	}
}

static void format_row(const struct trace_call *c, char *line, size_t len)
{
	char when[16], call[256], took[16], comm[64];
	long long real = (long long)c->start_ns + trace_ui_to_real();
	time_t sec = (time_t)(real / 1000000000);
	struct tm tm;
	localtime_r(&sec, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	tracecall_format(c, call, sizeof(call));
	trace_format_duration(c->end_ns - c->start_ns, screen_utf8(), took, sizeof(took));
	snprintf(line, len, "%s.%03d %7d %s %s  %s", when, (int)(real / 1000000 % 1000), (int)c->tgid,
		 draw_pad(comm, sizeof(comm), c->comm, -12), call, took);
}

static void draw_title(const struct app *a, int y)
{
	const struct timeline *tl = trace_ui_timeline();
	char line[320], what[64] = "";
	if (tl->filter.by_pid)
		snprintf(what, sizeof(what), _(", process %d"), (int)tl->filter.pid);
	else if (tl->filter.by_obj)
		snprintf(what, sizeof(what), ", %s %d", kind_name(tl->filter.kind), tl->filter.id);
	/* TRANSLATORS: the timeline pane's title: calls shown, then ", paused"
	 * and a filter when set, then a hint (the footer has the keys while
	 * the pane has them). */
	snprintf(line, sizeof(line), _(" Timeline: %zu calls%s%s%s"), timeline_count(tl),
		 tl->paused ? _(", paused") : "", what,
		 !trace_ui_on() ? _("  (tracing is off: T)") : a->mode == UI_TIMELINE ? "" : _("  (t hides it)"));
	unsigned long long lost = trace_ui_lost();
	if (lost) {
		size_t at = strlen(line);
		snprintf(line + at, sizeof(line) - at, _("  %llu events lost"), lost);
	}
	draw_text(y, 0, COLS, screen_attr(lost ? ROLE_ERROR : ROLE_TITLE), true, line);
}

void timeline_pane_draw(const struct app *a, int top, int height)
{
	if (height <= 0)
		return;
	draw_title(a, top);
	const struct timeline *tl = trace_ui_timeline();
	size_t rows = height > 1 ? (size_t)(height - 1) : 0, n = timeline_count(tl);
	if (tp.cursor >= n)
		tp.cursor = n ? n - 1 : 0;
	/* The newest at the bottom; the window keeps the cursor in view. */
	size_t base = tp.cursor >= rows ? tp.cursor - rows + 1 : 0;
	size_t shown = n - base < rows ? n - base : rows;
	for (size_t r = 0; r < shown; r++) {
		size_t idx = base + shown - 1 - r;
		const struct trace_call *c = timeline_get(tl, idx);
		if (!c)
			break;
		char line[512];
		format_row(c, line, sizeof(line));
		bool sel = a->mode == UI_TIMELINE && idx == tp.cursor;
		attr_t attr = sel ? screen_attr(ROLE_SELECTED) : tracecall_errno(c) ? screen_attr(ROLE_ERROR) : A_NORMAL;
		draw_text(top + 1 + (int)r, 0, COLS, attr, true, line);
	}
	if (n == 0 && rows)
		draw_text(top + 1, 1, COLS - 1, A_NORMAL, false,
			  trace_ui_on() ? _("(no System V IPC call since tracing began)") : _("(tracing is off)"));
}
