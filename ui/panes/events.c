/* events.c — the events pane (`E`): the lifecycle changes `--watch` prints
 * (created, removed, perms/owner, nattch, queue fill, semaphore waiters,
 * objects missed between refreshes), found by diffing each refresh against
 * the previous one, kept in a ring of the last EVENT_LINES lines. */
#define _GNU_SOURCE
#include "panes/events.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "base/i18n.h"
#include "export/missed.h"
#include "export/watch.h"
#include "model/ipcid.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define EVENT_LINES 200

static char lines[EVENT_LINES][256];
static size_t total;

static void record(const struct watch_event *ev, void *ctx)
{
	(void)ctx;
	char when[16], key[16];
	struct tm tm;
	time_t t = ev->when.tv_sec;
	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	snprintf(lines[total % EVENT_LINES], sizeof(lines[0]), "%s %-8s %s %-5d key %s  %s", when,
		 watch_what_name(ev->what), kind_name(ev->type), ev->id, format_key(ev->key, key, sizeof(key)),
		 ev->details);
	total++;
}

static void record_gap(const struct missed_gap *g, void *when)
{
	struct watch_event ev;
	watch_missed_event(&ev, g, when);
	record(&ev, NULL);
}

/* The ids of the refreshes since the pane opened (missed.h). */
static struct missed_tracker missed;
static bool tracking;
static struct timespec last_taken;

void events_record(const struct snapshot *prev, const struct snapshot *cur)
{
	watch_diff(prev, cur, record, NULL);
	if (!tracking || prev->taken.tv_sec != last_taken.tv_sec || prev->taken.tv_nsec != last_taken.tv_nsec) {
		/* the pane (re)opened: prev is the new baseline */
		struct ipcid_layout layout;
		ipcid_layout_read(&layout);
		missed_free(&missed);
		missed_init(&missed, &layout);
		tracking = missed_update(&missed, NULL, prev, KINDS_ALL, NULL, NULL) == 0;
	}
	if (tracking)
		tracking = missed_update(&missed, prev, cur, KINDS_ALL, record_gap, (void *)&cur->taken) == 0;
	last_taken = cur->taken;
}

size_t events_total(void)
{
	return total;
}

void events_draw(int top, int height)
{
	char title[160];
	snprintf(title, sizeof(title), _(" Events: %zu since start (same as --watch)"), total);
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, title);
	size_t rows = height > 1 ? (size_t)(height - 1) : 0;
	size_t held = total < EVENT_LINES ? total : EVENT_LINES;
	size_t shown = held < rows ? held : rows;
	for (size_t i = 0; i < shown; i++) {
		size_t idx = (total - shown + i) % EVENT_LINES;
		draw_text(top + 1 + (int)i, 0, COLS, A_NORMAL, true, lines[idx]);
	}
	if (total == 0 && rows)
		draw_text(top + 1, 1, COLS - 1, A_NORMAL, false, _("(no changes yet: create, attach or remove something)"));
}
