/* trace_ui.c — owns the interactive view's tracer: switching it on and off,
 * reading its calls into the per-object counts and the timeline every loop
 * turn, following a namespace switch (N), and the list's OPS/S column. */
#define _GNU_SOURCE
#include "app/trace_ui.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "base/i18n.h"
#include "proc/nsinfo.h"
#include "trace/tracer.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define POLL_NS 100000000L   /* the loop wakes every 100 ms to read */
#define REDRAW_NS 250000000L /* the timeline redraws at most 4 times a second */
#define CELL_WIDTH 11        /* "P1234 V1234" */

static struct {
	bool on;
	struct tracer t;
	struct tstats stats;
	struct timeline tl;
	long long to_real;
	unsigned long long last_redraw;
	bool fresh; /* calls came since the last redraw */
} tr;

bool trace_ui_on(void)
{
	return tr.on;
}

const struct tstats *trace_ui_stats(void)
{
	return &tr.stats;
}

struct timeline *trace_ui_timeline(void)
{
	return &tr.tl;
}

unsigned long long trace_ui_now(void)
{
	return tracer_now();
}

long long trace_ui_to_real(void)
{
	return tr.to_real;
}

unsigned long long trace_ui_lost(void)
{
	if (!tr.on)
		return 0;
	struct tracer_counts c;
	tracer_counts(&tr.t, 0, &c);
	return c.kernel_lost + c.cs.lost_events + c.cs.no_exit;
}

static bool start(struct app *a)
{
	char why[512];
	if (tracer_open(&tr.t, 0, why, sizeof(why)) < 0) {
		/* The usual reason first: the line is cut at the screen's edge. */
		if (errno == EACCES || errno == EPERM)
			app_message(a, true, _("tracing unavailable, it needs root: %s"), why);
		else
			app_message(a, true, _("tracing unavailable: %s"), why);
		return false;
	}
	tstats_init(&tr.stats);
	bool paused = tr.tl.paused;
	struct timeline_filter f = tr.tl.filter;
	timeline_init(&tr.tl);
	tr.tl.paused = paused;
	tr.tl.filter = f;
	tr.to_real = tracer_mono_to_real();
	tr.on = true;
	return true;
}

void trace_ui_stop(void)
{
	if (!tr.on)
		return;
	tracer_close(&tr.t);
	tstats_free(&tr.stats);
	tr.on = false;
}

void trace_ui_start(struct app *a)
{
	if (!tr.on && start(a))
		app_message(a, false, "%s", _("tracing on: OPS/S per object, t shows the timeline, T stops"));
}

bool trace_ui_toggle(struct app *a)
{
	if (tr.on) {
		trace_ui_stop();
		app_message(a, false, "%s", _("tracing off (its instance removed)"));
	} else {
		trace_ui_start(a);
	}
	return tr.on;
}

static void on_call(const struct trace_call *c, void *ctx)
{
	(void)ctx;
	tstats_add(&tr.stats, c); /* out of memory: that call is not counted */
	timeline_add(&tr.tl, c);
	tr.fresh = true;
}

unsigned trace_ui_poll(struct app *a, bool live)
{
	if (!tr.on)
		return REACT_NONE;
	/* After N switched namespace, the calls of the new one are shown. */
	if (tracer_follow_ns(&tr.t, nsinfo_of(0))) {
		tstats_clear(&tr.stats);
		timeline_init(&tr.tl);
	}
	char why[512];
	if (tracer_drain(&tr.t, on_call, NULL, why, sizeof(why)) < 0) {
		trace_ui_stop();
		app_message(a, true, _("tracing stopped: %s"), why);
		return REACT_REDRAW;
	}
	unsigned long long now = tracer_now();
	if (!tr.fresh || !live || now < tr.last_redraw + REDRAW_NS)
		return REACT_NONE;
	tr.fresh = false;
	tr.last_redraw = now;
	return REACT_REDRAW;
}

const struct timespec *trace_ui_timeout(void)
{
	static const struct timespec poll = { 0, POLL_NS };
	return tr.on ? &poll : NULL;
}

/* ---- the OPS/S column ------------------------------------------------------- */

/* The column starts one or two spaces (projector mode) after the last
 * column that fits: room for both. */
int trace_ui_list_width(void)
{
	return tr.on ? CELL_WIDTH + 2 : 0;
}

void trace_ui_list_title(int y, int x)
{
	if (!tr.on)
		return;
	char t[32];
	/* TRANSLATORS: the title of the list column of calls per second */
	draw_text(y, x, CELL_WIDTH, screen_attr(ROLE_TITLE), true, draw_pad(t, sizeof(t), _("OPS/S"), CELL_WIDTH));
}

void trace_ui_list_cell(const struct ipc_object *o, int y, int x, attr_t attr)
{
	if (!tr.on)
		return;
	const struct tstats_obj *s = tstats_find(&tr.stats, o->kind, o->id);
	char cell[32] = "-", a[8], b[8];
	if (s) {
		unsigned long long now = tracer_now();
		uint32_t ra = tstats_rate(s, TG_A, now), rb = tstats_rate(s, TG_B, now), all = tstats_rate(s, TG_COUNT, now);
		/* The split that matters: P and V, send and receive, attach and
		 * detach; other calls (ctl, wait-for-zero) only in the total. */
		static const char names[KIND_COUNT][2] = { { 'A', 'D' }, { 'S', 'R' }, { 'P', 'V' } };
		if (ra || rb)
			snprintf(cell, sizeof(cell), "%c%s %c%s", names[o->kind][0], format_count(ra, a, sizeof(a)),
				 names[o->kind][1], format_count(rb, b, sizeof(b)));
		else if (all)
			format_count(all, cell, sizeof(cell));
		else
			snprintf(cell, sizeof(cell), "0");
	}
	char padded[48];
	draw_text(y, x, CELL_WIDTH, attr, true, draw_pad(padded, sizeof(padded), cell, CELL_WIDTH));
}
