/* timeline_pane.c — the timeline pane (t): the latest traced calls, the
 * newest at the bottom (time, pid, command, the call with its arguments
 * and result, how long it took); with the keys (the timeline mode, an
 * overlay over the view), a cursor, a pause and filters by the selected
 * call's process or object. T (tracing on/off) is offered here too. */
#define _GNU_SOURCE
#include "panes/timeline_pane.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/trace_ui.h"
#include "base/i18n.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define PANE_ROWS 8

static struct {
	bool show;     /* the pane is shown (also while it has the keys) */
	size_t cursor; /* the selected call, 0 the newest shown */
} tp;

extern const struct mode_class timeline_mode;

static bool focused(const struct app *a)
{
	return mode_top(a) == &timeline_mode;
}

bool timeline_pane_shown(void)
{
	return tp.show;
}

int timeline_pane_height(void)
{
	return tp.show ? PANE_ROWS + 1 : 0;
}

static unsigned act_trace_toggle(struct app *a, int key)
{
	(void)key;
	(void)trace_ui_toggle(a); /* the pane stays: its title says tracing is off */
	return REACT_REDRAW;
}

/* t: the pane with the keys; t again (or in a view while it is shown)
 * hides it. */
static unsigned act_timeline(struct app *a, int key)
{
	(void)key;
	if (tp.show) {
		if (focused(a))
			mode_pop(a);
		tp.show = false;
		return REACT_REDRAW;
	}
	if (!trace_ui_on())
		trace_ui_start(a);
	if (!trace_ui_on())
		return REACT_REDRAW; /* the status line says why */
	tp.show = true;
	tp.cursor = 0;
	mode_push(a, &timeline_mode);
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

/* Up/Down, Home/End: the cursor moves over the calls (0 the newest, at
 * the bottom: Up is older); moving pauses, so the rows stay put. */
static unsigned timeline_cursor(struct app *a, long delta)
{
	struct timeline *tl = trace_ui_timeline();
	size_t n = timeline_count(tl);
	if (!tl->paused) {
		tl->paused = true;
		app_message(a, false, "%s", _("timeline paused: Space resumes"));
	}
	if (n == 0)
		return REACT_REDRAW;
	long at = (long)tp.cursor - delta; /* delta < 0 is up, toward older calls */
	tp.cursor = at < 0 ? 0 : at >= (long)n ? n - 1 : (size_t)at;
	return REACT_REDRAW;
}

/* Esc: the keys go back to the view; the pane stays (t hides it). */
static unsigned timeline_close(struct app *a)
{
	mode_pop(a);
	return REACT_REDRAW;
}

static unsigned act_timeline_move(struct app *a, int key)
{
	return timeline_cursor(a, key == KEY_UP ? -1 : 1);
}

static unsigned act_timeline_back(struct app *a, int key)
{
	(void)key;
	return timeline_close(a);
}

static unsigned act_timeline_key(struct app *a, int key)
{
	struct timeline *tl = trace_ui_timeline();
	const struct trace_call *sel = timeline_get(tl, tp.cursor);
	switch (key) {
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
		 !trace_ui_on() ? _("  (tracing is off: T)") : focused(a) ? "" : _("  (t hides it)"));
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
		bool sel = focused(a) && idx == tp.cursor;
		attr_t attr = sel ? screen_attr(ROLE_SELECTED) : tracecall_errno(c) ? screen_attr(ROLE_ERROR) : A_NORMAL;
		draw_text(top + 1 + (int)r, 0, COLS, attr, true, line);
	}
	if (n == 0 && rows)
		draw_text(top + 1, 1, COLS - 1, A_NORMAL, false,
			  trace_ui_on() ? _("(no System V IPC call since tracing began)") : _("(tracing is off)"));
}

static const struct key_binding timeline_keys[] = {
	{ 'T', KG_VIEWS, act_trace_toggle, "T", N_("tracing on/off (root): OPS/S column, activity in the detail view"),
	  NULL, NULL },
	{ 't', KG_VIEWS, act_timeline, "t", N_("timeline pane of the latest calls (tracing); t again hides it"),
	  N_("Hide"), NULL },
	{ KEY_UP, 0, act_timeline_move, "Up/Down", N_("in the timeline: select a call (pauses it)"), NULL, NULL },
	{ ' ', 0, act_timeline_key, "Space", N_("in the timeline: pause or resume it"), N_("Pause"), NULL },
	{ 'p', 0, act_timeline_key, "p", N_("in the timeline: only the calls of the selected call's process"),
	  N_("Process"), NULL },
	{ 'o', 0, act_timeline_key, "o", N_("in the timeline: only the calls on the selected call's object"),
	  N_("Object"), NULL },
	{ 'a', 0, act_timeline_key, "a", N_("in the timeline: all calls again"), N_("All"), NULL },
	{ KEY_ESC, 0, act_timeline_back, "Esc", N_("in the timeline: keys back to the view (the pane stays)"), N_("Back"),
	  NULL },
};

static const struct footer_key timeline_footer[] = {
	{ ' ', NULL, NULL }, { 'p', NULL, NULL }, { 'o', NULL, NULL }, { 'a', NULL, NULL },
	{ KEY_ESC, NULL, NULL }, { 't', NULL, NULL }, { 'q', NULL, NULL }, { 0, NULL, NULL },
};

/* The timeline pane with the keys: the view above stays (drawn, refreshed,
 * and actions apply to it). */
const struct mode_class timeline_mode = {
	.name = "timeline",
	.flags = MODE_OVERLAY,
	.groups = KG_ANY | KG_ROWS | KG_VI_UP | KG_VIEWS | KG_SCREENS,
	MODE_KEYS(timeline_keys),
	.footer = timeline_footer,
	.cursor = timeline_cursor,
	.close = timeline_close,
};
