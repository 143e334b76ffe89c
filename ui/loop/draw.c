/* draw.c — the screen frame: header lines, view tabs, status line and the
 * htop-style footer (its keys from the key tables); the body is drawn by
 * the mode on screen, the panes below it by panels.c. */
#define _GNU_SOURCE
#include "loop/draw.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "base/format.h"
#include "app/prefs.h"
#include "base/i18n.h"
#include "base/strbuf.h"
#include "loop/keys.h"
#include "model/snapshot.h"
#include "model/sysinfo.h"
#include "panes/panels.h"
#include "widgets/screen.h"
#include "widgets/text.h"
#include "widgets/waitlines.h"

void draw_resize(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}

static void draw_header(struct app *a)
{
	char host[64], ns[48], clock[16], line[256], shm_use[16], shm_max[16];
	time_t now = clock_now();
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
	/* A test knob in effect is named beside the clock: the screen never
	 * passes a fake clock or a forced read method for the real thing. */
	const char *forced = snapshot_forced_name();
	snprintf(line, sizeof(line), "ipctop %s  %s  %s  %s%s%s%s", IPCTOP_VERSION,
		 sysinfo_host(host, sizeof(host)), sysinfo_ipc_ns(ns, sizeof(ns)), clock,
		 clock_is_fake() ? "  IPCTOP_FAKE_TIME" : "", forced ? "  " : "", forced ? forced : "");
	draw_text(0, 0, COLS, screen_attr(ROLE_HEADER), true, line);
	char right[64];
	/* TRANSLATORS: the header's right end, e.g. "refresh 1.0s"; the
	 * two %d are the seconds and tenths of the refresh interval. */
	snprintf(right, sizeof(right), _("%s%srefresh %d.%ds"), a->opt.read_only ? _("RO  ") : "",
		 a->paused ? _("PAUSED  ") : "", a->opt.delay_tenths / 10, a->opt.delay_tenths % 10);
	int rlen = draw_width(right);
	if (draw_width(line) + 2 + rlen <= COLS)
		draw_text(0, COLS - rlen, rlen, screen_attr(a->paused ? ROLE_ERROR : ROLE_HEADER), false, right);

	const struct ipc_limits *l = &a->snap.limits;
	format_human(l->shm_pages * l->page_size, shm_use, sizeof(shm_use));
	format_human(l->shmall > UINT64_MAX / l->page_size ? UINT64_MAX : l->shmall * l->page_size,
		     shm_max, sizeof(shm_max));
	/* Counts of at most 4 characters keep the line within 80 columns
	 * (semmns is 1024000000 by default): never a number cut at the edge. */
	const uint64_t counts[8] = { l->shm_segments, l->shmmni, l->msg_queues, l->msgmni,
				     l->sem_sets,     l->semmni, l->sem_sems,   l->semmns };
	char c[8][8];
	for (int i = 0; i < 8; i++)
		format_count(counts[i], c[i], sizeof(c[i]));
	/* The meters chosen in setup (F2), two spaces apart. TRANSLATORS:
	 * used/limit of segments, queues, sets, the shared memory's bytes
	 * ("shm mem", at most 5 characters each side) and semaphores (each
	 * at most 4 characters); together within 80 columns. */
	const char *meter[METER_COUNT][3] = {
		{ _("SHM %s/%s"), c[0], c[1] },      { _("MSG %s/%s"), c[2], c[3] },   { _("SEM %s/%s"), c[4], c[5] },
		{ _("shm mem %s/%s"), shm_use, shm_max }, { _("sems %s/%s"), c[6], c[7] },
	};
	struct strbuf sb;
	strbuf_init(&sb, line, sizeof(line));
	for (int m = 0; m < METER_COUNT; m++)
		if (prefs_meters() & (1u << m)) {
			strbuf_printf(&sb, "%s", sb.pos ? "  " : "");
			strbuf_printf(&sb, meter[m][0], meter[m][1], meter[m][2]);
		}
	if (prefs_meters())
		draw_text(1, 0, COLS, A_NORMAL, true, line);
}

/* The header's height: the meters' line only when some are shown. */
static int header_rows(void)
{
	return prefs_meters() ? 2 : 1;
}

static void draw_tabs(struct app *a, int y)
{
	/* TRANSLATORS: the view tabs; keep them short (the tab line holds
	 * four tabs, " 5 POSIX " and the sort/filter text in 80 columns). */
	static const char *const tabs[VIEW_COUNT] = { N_("Shm"), N_("Msg"), N_("Sem"), N_("All") };
	bool own_tab = mode_shown(a)->flags & MODE_TAB; /* 5 POSIX */
	move(y, 0);
	clrtoeol();
	int x = 0;
	for (int v = 0; v < VIEW_COUNT; v++) {
		char t[32];
		size_t count = 0; /* kinds not read for this view: their *_INFO count */
		for (int k = 0; k < KIND_COUNT; k++)
			if (view_has_kind((enum view)v, (enum ipc_kind)k) && (a->opt.kinds & KIND_BIT(k)))
				count += snapshot_kind_total(&a->snap, (enum ipc_kind)k);
		snprintf(t, sizeof(t), " %d %s %zu ", v + 1, _(tabs[v]), count);
		bool current = v == (int)a->view && !own_tab;
		x += draw_text(y, x, COLS - x, screen_attr(current ? ROLE_TAB : ROLE_NORMAL), false, t);
		x += draw_text(y, x, COLS - x, A_NORMAL, false, " ");
	}
	x += draw_text(y, x, COLS - x, screen_attr(own_tab ? ROLE_TAB : ROLE_NORMAL), false, " 5 POSIX ");
	char info[128];
	const char *arrow = a->desc[a->view] ? (screen_utf8() ? "▼" : "v") : (screen_utf8() ? "▲" : "^");
	snprintf(info, sizeof(info), _("sort: %s %s  filter: %s"), table_title(a->view, a->sort[a->view]),
		 arrow, a->filter[0] ? a->filter : "-");
	int ilen = draw_width(info);
	if (x + 1 + ilen <= COLS)
		draw_text(y, COLS - ilen, ilen, A_NORMAL, false, info);
	else if (a->filter[0] && x + 10 < COLS) {
		snprintf(info, sizeof(info), "/%s", a->filter);
		draw_text(y, x, COLS - x, A_BOLD, false, info);
	}
}

/* The top mode's keys, each its name then its label ("F1Help"). */
static void draw_footer(const struct app *a)
{
	struct footer_item items[16];
	size_t n = keys_footer(a, items, sizeof(items) / sizeof(items[0]));
	int y = LINES - 1, x = 0;
	move(y, 0);
	for (size_t i = 0; i < n; i++) {
		int need = draw_width(items[i].name) + draw_width(items[i].label);
		if (x + need > COLS)
			break;
		x += draw_text(y, x, COLS - x, screen_attr(ROLE_KEY), false, items[i].name);
		x += draw_text(y, x, COLS - x, screen_attr(ROLE_FOOTER), false, items[i].label);
		if (x < COLS)
			x += draw_text(y, x, 1, screen_attr(ROLE_FOOTER), false, " ");
	}
	if (x < COLS)
		draw_text(y, x, COLS - x, screen_attr(ROLE_FOOTER), true, "");
}

/* The top mode's line (a question, the filter), else the message. */
static void draw_status(struct app *a)
{
	int y = LINES - 2;
	const struct mode_class *m = mode_top(a);
	if (m->status) {
		m->status(a, y);
		return;
	}
	const char *msg = a->scan_error[0] ? a->scan_error : a->status;
	bool err = a->scan_error[0] || a->status_error;
	draw_text(y, 0, COLS, screen_attr(err ? ROLE_ERROR : ROLE_INFO), true, msg);
}

static void draw_too_small(void)
{
	/* Two short lines: one would be cut exactly when it is shown. */
	char line[2][48];
	snprintf(line[0], sizeof(line[0]), "%s", _("terminal too small"));
	snprintf(line[1], sizeof(line[1]), _("%dx%d, need %dx%d"), COLS, LINES, MIN_COLS, MIN_LINES);
	for (int i = 0; i < 2; i++) {
		int y = LINES / 2 - 1 + i, x = (COLS - draw_width(line[i])) / 2;
		draw_text(y, x < 0 ? 0 : x, COLS, A_BOLD, false, line[i]);
	}
}

void draw_all(struct app *a)
{
	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		draw_too_small();
	} else if (mode_shown(a)->flags & MODE_FULLSCREEN) {
		int height = LINES - 2;
		int panels = panels_height(a, height);
		mode_draw_from(a, 0, 0, height - panels);
		if (panels)
			panels_draw(a, height - panels, panels);
		draw_status(a);
		draw_footer(a);
	} else {
		draw_header(a);
		draw_tabs(a, header_rows());
		int top = header_rows() + 1, height = LINES - 2 - top;
		int panels = panels_height(a, height);
		int banner = waitlines_banner(&a->snap, top);
		mode_draw_from(a, 0, top + banner, height - panels - banner);
		if (panels)
			panels_draw(a, top + height - panels, panels);
		draw_status(a);
		draw_footer(a);
	}
	wnoutrefresh(stdscr);
	doupdate();
}
