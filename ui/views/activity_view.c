/* activity_view.c — the detail view's activity section while tracing is
 * on: calls per second with the P/V (send/receive, attach/detach) split
 * and a sparkline of the last 20 seconds, the processes that called in the
 * last minute with their counts and last call, and for a semaphore set the
 * histogram of how long its P and wait-for-zero calls took. */
#define _GNU_SOURCE
#include "views/activity_view.h"

#include <stdio.h>
#include <string.h>

#include "app/trace_ui.h"
#include "base/format.h"
#include "base/i18n.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define MAX_PROCS 4
#define SPARK_SECONDS 20
#define WAIT_CELL 7 /* a bucket of the wait histogram */

static const struct tstats_obj *stats_of(const struct ipc_object *o)
{
	return trace_ui_on() ? tstats_find(trace_ui_stats(), o->kind, o->id) : NULL;
}

int activity_height(const struct ipc_object *o, int avail)
{
	if (!trace_ui_on() || avail < 4)
		return 0;
	const struct tstats_obj *s = stats_of(o);
	if (!s)
		return 1; /* the title says there is nothing yet */
	const struct tstats_proc *p[MAX_PROCS];
	uint32_t n[MAX_PROCS];
	size_t np = tstats_procs(s, trace_ui_now(), p, n, MAX_PROCS);
	/* The title, the processes' titles and rows, the wait histogram. */
	int want = 2 + (int)(np ? np : 1) + (o->kind == KIND_SEM ? 2 : 0);
	return want < avail / 2 ? want : avail / 2;
}

static void sparkline(const struct tstats_obj *s, char *buf, size_t len)
{
	static const char *const utf8[] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	static const char *const ascii[] = { " ", ".", ".", ":", ":", "=", "=", "#", "#" };
	const char *const *glyph = screen_utf8() ? utf8 : ascii;
	uint32_t h[SPARK_SECONDS], max = 0;
	tstats_history(s, trace_ui_now(), h, SPARK_SECONDS);
	for (size_t i = 0; i < SPARK_SECONDS; i++)
		if (h[i] > max)
			max = h[i];
	buf[0] = '\0';
	for (size_t i = 0; i < SPARK_SECONDS; i++) {
		/* Any call shows: the smallest non-zero second gets a bar. */
		size_t level = h[i] == 0 ? 0 : 1 + (size_t)((uint64_t)h[i] * 7 / (max ? max : 1));
		strncat(buf, glyph[level > 8 ? 8 : level], len - strlen(buf) - 1);
	}
}

static void draw_title(const struct ipc_object *o, const struct tstats_obj *s, int y)
{
	char line[320], a[8], b[8], all[8], spark[4 * SPARK_SECONDS + 1];
	static const char *const split[KIND_COUNT][2] = { { "attach", "detach" }, { "send", "recv" }, { "P", "V" } };
	unsigned long long now = trace_ui_now(), lost = trace_ui_lost();
	if (!s) {
		snprintf(line, sizeof(line), _(" Activity: no call traced yet on this object"));
	} else {
		sparkline(s, spark, sizeof(spark));
		/* TRANSLATORS: calls per second in all, then split by kind
		 * (P/V, send/recv, attach/detach: not translated), then the
		 * sparkline of the last 20 seconds; at most 80 columns. */
		snprintf(line, sizeof(line), _(" Activity: %s calls/s  %s %s/s  %s %s/s  [%s] 20 s"),
			 format_count(tstats_rate(s, TG_COUNT, now), all, sizeof(all)), split[o->kind][0],
			 format_count(tstats_rate(s, TG_A, now), a, sizeof(a)), split[o->kind][1],
			 format_count(tstats_rate(s, TG_B, now), b, sizeof(b)), spark);
	}
	if (lost) {
		size_t at = strlen(line);
		snprintf(line + at, sizeof(line) - at, _("  (%llu events lost)"), lost);
	}
	draw_text(y, 0, COLS, screen_attr(ROLE_TITLE), true, line);
}

static void draw_procs(const struct tstats_obj *s, int y, int rows)
{
	static const struct title_col titles[] = {
		{ 1, 7, "PID" }, { 1, -15, N_("COMMAND") }, { 1, 9, N_("CALLS/MIN") }, { 2, 0, N_("LAST CALL") },
	};
	char line[512];
	draw_text(y, 0, COLS, A_BOLD, true, draw_title_line(line, sizeof(line), titles, sizeof(titles) / sizeof(titles[0])));
	const struct tstats_proc *p[MAX_PROCS];
	uint32_t n[MAX_PROCS];
	unsigned long long now = trace_ui_now();
	size_t np = tstats_procs(s, now, p, n, MAX_PROCS);
	if (np == 0 && rows > 1)
		draw_text(y + 1, 1, COLS - 1, A_NORMAL, false, _("no call in the last minute"));
	for (size_t i = 0; i < np && (int)i + 1 < rows; i++) {
		char call[256], ago[16], comm[64];
		tracecall_format(&p[i]->last, call, sizeof(call));
		trace_format_duration(now > p[i]->last.end_ns ? now - p[i]->last.end_ns : 0, screen_utf8(), ago, sizeof(ago));
		snprintf(line, sizeof(line), " %7d %s %9u  %s  ", (int)p[i]->pid,
			 draw_pad(comm, sizeof(comm), p[i]->last.comm, -15), n[i], call);
		/* TRANSLATORS: how long ago the last call returned, e.g. "2.1s ago" */
		size_t at = strlen(line);
		snprintf(line + at, sizeof(line) - at, _("%s ago"), ago);
		draw_text(y + 1 + (int)i, 0, COLS, A_NORMAL, true, line);
	}
}

/* The histogram of P and wait-for-zero durations: a row of bucket labels
 * over a row of counts. */
static void draw_waits(const struct tstats_obj *s, int y)
{
	char labels[256], counts[256], cell[32];
	/* TRANSLATORS: two row titles of the wait histogram, at most 15
	 * columns each; the eight buckets follow. */
	draw_pad(labels, sizeof(labels), _(" P, Z waited:"), -15);
	draw_pad(counts, sizeof(counts), _(" calls"), -15);
	for (size_t b = 0; b < TSTATS_WAIT_BUCKETS; b++) {
		draw_padcat(labels, sizeof(labels), tstats_wait_label(b, screen_utf8()), WAIT_CELL);
		snprintf(cell, sizeof(cell), "%u", s->wait[b]);
		draw_padcat(counts, sizeof(counts), cell, WAIT_CELL);
	}
	draw_text(y, 0, COLS, A_BOLD, true, labels);
	draw_text(y + 1, 0, COLS, A_NORMAL, true, counts);
}

void activity_draw(const struct ipc_object *o, int top, int height)
{
	if (height <= 0)
		return;
	const struct tstats_obj *s = stats_of(o);
	draw_title(o, s, top);
	if (!s || height < 2)
		return;
	int waits = o->kind == KIND_SEM && height >= 5 ? 2 : 0;
	draw_procs(s, top + 1, height - 1 - waits);
	if (waits)
		draw_waits(s, top + height - 2);
}
