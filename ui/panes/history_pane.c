/* history_pane.c — owns the detail view's history section: which series
 * of the object are drawn side by side, their titles, the time each
 * sample is from, and a queue's rates marked as an estimate. */
#define _GNU_SOURCE
#include "panes/history_pane.h"

#include <stdio.h>

#include "base/format.h"
#include "base/i18n.h"
#include "model/series.h"
#include "widgets/graph.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define GRAPH_ROWS 7 /* 6 of bars and the time axis */
#define MAX_SAMPLES SERIES_LEN_MAX

int history_pane_rows(int height, int used)
{
	return height - used >= GRAPH_ROWS + 2 + 6 ? GRAPH_ROWS + 2 : 0;
}

/* One graph: its title on row y, the bars under it. */
static void draw_one(const struct app *a, const struct ipc_object *o, enum series_metric m, const char *title,
		     int y, int x, int width, int rows)
{
	static int32_t v[MAX_SAMPLES];
	static double ages[MAX_SAMPLES];
	size_t n = series_values(&a->series, o, m, v, MAX_SAMPLES);
	draw_text(y, x, width, A_BOLD, true, title);
	if (n == 0) {
		draw_text(y + 1, x + 1, width - 1, A_NORMAL, false, _("no samples yet"));
		return;
	}
	struct timespec newest = series_time(&a->series, 0);
	for (size_t i = 0; i < n; i++) {
		struct timespec t = series_time(&a->series, n - 1 - i);
		ages[i] = (double)(newest.tv_sec - t.tv_sec) + (double)(newest.tv_nsec - t.tv_nsec) / 1e9;
	}
	graph_draw(y + 1, x, rows - 1, width - 1, v, ages, n);
}

void history_pane_draw(const struct app *a, const struct ipc_object *o, size_t semnum, int y, int rows)
{
	char title[128], line[256];
	int half = COLS >= 80 ? COLS / 2 : COLS;
	snprintf(title, sizeof(title), P_(" History: the last %u sample", " History: the last %u samples",
					  (unsigned long)series_samples(&a->series)),
		 (unsigned)series_samples(&a->series));
	draw_text(y, 0, COLS, screen_attr(ROLE_TITLE), true, title);
	int gy = y + 1, grows = rows - 1;
	if (o->kind == KIND_MSG) {
		double sent, received, secs = series_rates(&a->series, o, &sent, &received);
		if (secs > 0) {
			/* TRANSLATORS: rates of a queue; "at least" because a message
			 * sent and received between two refreshes is not seen. */
			snprintf(line, sizeof(line), _(" estimate: at least %.1f msg/s sent, %.1f msg/s received (from qnum, lspid/lrpid, stime/rtime)"),
				 sent, received);
			draw_text(gy++, 0, COLS, A_NORMAL, true, line);
			grows--;
		}
		draw_one(a, o, SERIES_QNUM, _("messages"), gy, 0, half, grows);
		if (half < COLS)
			draw_one(a, o, SERIES_QBYTES, _("bytes used"), gy, half, COLS - half, grows);
	} else if (o->kind == KIND_SEM) {
		size_t k = semnum < SERIES_MAX_SEMS ? semnum : 0;
		snprintf(title, sizeof(title), _("semaphore %zu's value"), k);
		draw_one(a, o, (enum series_metric)(SERIES_SEM0 + (int)k), title, gy, 0, half, grows);
		if (half < COLS)
			draw_one(a, o, SERIES_WAITERS, _("waiting processes"), gy, half, COLS - half, grows);
	} else {
		draw_one(a, o, SERIES_NATTCH, _("attached (nattch)"), gy, 0, half, grows);
	}
}
