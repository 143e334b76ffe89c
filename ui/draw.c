/* draw.c — the screen frame: header lines, view tabs, status line and the
 * htop-style footer; dispatches the body to the current view. */
#define _GNU_SOURCE
#include "draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "actions.h"
#include "form.h"
#include "base/format.h"
#include "base/i18n.h"
#include "model/snapshot.h"
#include "model/sysinfo.h"

int draw_text(int y, int x, int width, attr_t attr, bool pad, const char *s)
{
	if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + width > COLS)
		width = COLS - x;
	wchar_t wbuf[512];
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t n = 0;
	/* Bytes not valid in this locale (or a character cut by a full
	 * buffer) show as '?'; the rest of the text stays readable. */
	for (const char *p = s; *p && n < 511;) {
		size_t k = mbrtowc(&wbuf[n], p, strlen(p), &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			wbuf[n] = L'?';
			k = 1;
			memset(&st, 0, sizeof(st));
		}
		n++;
		p += k;
	}
	wbuf[n] = L'\0';
	int used = 0;
	size_t fit = 0;
	for (; fit < n; fit++) {
		int w = wcwidth(wbuf[fit]);
		if (w < 0)
			wbuf[fit] = L'?', w = 1;
		if (used + w > width)
			break;
		used += w;
	}
	attrset(attr);
	mvaddnwstr(y, x, wbuf, (int)fit);
	if (pad)
		for (; used < width; used++)
			addch(' ');
	attrset(A_NORMAL);
	return used;
}

int draw_width(const char *s)
{
	wchar_t wbuf[512];
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	const char *src = s;
	size_t n = mbsrtowcs(wbuf, &src, sizeof(wbuf) / sizeof(wbuf[0]) - 1, &st);
	if (n == (size_t)-1)
		return (int)strlen(s);
	int w = 0;
	for (size_t i = 0; i < n; i++) {
		int cw = wcwidth(wbuf[i]);
		w += cw < 0 ? 1 : cw;
	}
	return w;
}

char *draw_pad(char *buf, size_t len, const char *text, int width)
{
	if (!len)
		return buf;
	buf[0] = '\0';
	return draw_padcat(buf, len, text, width);
}

char *draw_padcat(char *buf, size_t len, const char *text, int width)
{
	size_t at = strlen(buf);
	int cols = width < 0 ? -width : width;
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	/* The longest prefix of text that fits in cols screen columns. */
	size_t take = 0;
	int used = 0;
	for (const char *p = text; *p;) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, strlen(p), &st);
		int w;
		if (n == (size_t)-1 || n == (size_t)-2) {
			n = 1, w = 1;
			memset(&st, 0, sizeof(st));
		} else {
			w = wcwidth(wc);
			if (w < 0)
				w = 1;
		}
		if (used + w > cols && width != 0)
			break;
		used += w;
		p += n;
		take = (size_t)(p - text);
	}
	int spaces = width == 0 || used >= cols ? 0 : cols - used;
	if (width > 0)
		for (; spaces > 0 && at + 1 < len; spaces--)
			buf[at++] = ' ';
	if (at + take >= len)
		take = len - at - 1; /* byte cut: only if buf is too small */
	memcpy(buf + at, text, take);
	at += take;
	for (; spaces > 0 && at + 1 < len; spaces--)
		buf[at++] = ' ';
	buf[at] = '\0';
	return buf;
}

char *draw_title_line(char *buf, size_t len, const struct title_col *cols, size_t n)
{
	if (!len)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		draw_padcat(buf, len, "", cols[i].gap);
		draw_padcat(buf, len, _(cols[i].title), cols[i].width);
	}
	return buf;
}

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
	/* TRANSLATORS: used/limit of segments, queues, sets, shm bytes and
	 * semaphores (each at most 4 characters); must stay within 80 columns. */
	snprintf(line, sizeof(line), _("SHM %s/%s  MSG %s/%s  SEM %s/%s  shm %s/%s  sems %s/%s"),
		 c[0], c[1], c[2], c[3], c[4], c[5], shm_use, shm_max, c[6], c[7]);
	draw_text(1, 0, COLS, A_NORMAL, true, line);
}

static void draw_tabs(struct app *a)
{
	/* TRANSLATORS: the view tabs; keep them short (the tab line holds
	 * four tabs, " 5 POSIX " and the sort/filter text in 80 columns). */
	static const char *const tabs[VIEW_COUNT] = { N_("Shm"), N_("Msg"), N_("Sem"), N_("All") };
	move(2, 0);
	clrtoeol();
	int x = 0;
	for (int v = 0; v < VIEW_COUNT; v++) {
		char t[32];
		size_t count = 0; /* kinds not read for this view: their *_INFO count */
		for (int k = 0; k < KIND_COUNT; k++)
			if (view_has_kind((enum view)v, (enum ipc_kind)k) && (a->opt.kinds & KIND_BIT(k)))
				count += snapshot_kind_total(&a->snap, (enum ipc_kind)k);
		snprintf(t, sizeof(t), " %d %s %zu ", v + 1, _(tabs[v]), count);
		bool current = v == (int)a->view && a->mode != UI_POSIX;
		x += draw_text(2, x, COLS - x, screen_attr(current ? ROLE_TAB : ROLE_NORMAL), false, t);
		x += draw_text(2, x, COLS - x, A_NORMAL, false, " ");
	}
	x += draw_text(2, x, COLS - x, screen_attr(a->mode == UI_POSIX ? ROLE_TAB : ROLE_NORMAL), false, " 5 POSIX ");
	char info[128];
	const char *arrow = a->desc[a->view] ? (screen_utf8() ? "▼" : "v") : (screen_utf8() ? "▲" : "^");
	snprintf(info, sizeof(info), _("sort: %s %s  filter: %s"), table_title(a->view, a->sort[a->view]),
		 arrow, a->filter[0] ? a->filter : "-");
	int ilen = draw_width(info);
	if (x + 1 + ilen <= COLS)
		draw_text(2, COLS - ilen, ilen, A_NORMAL, false, info);
	else if (a->filter[0] && x + 10 < COLS) {
		snprintf(info, sizeof(info), "/%s", a->filter);
		draw_text(2, x, COLS - x, A_BOLD, false, info);
	}
}

struct footer_item {
	const char *key, *label;
};

/* Key names stay as they are; labels are N_() texts translated when drawn.
 * TRANSLATORS: footer labels follow their key ("F1Help"): keep them short,
 * the list's ten items must fit in 80 columns. */
static const struct footer_item sem_detail_keys[] = {
	{ "Esc", N_("Back") }, { "+", N_("V") }, { "-", N_("P") }, { "0", N_("Zero") }, { "o", N_("Semop") },
	{ "v", N_("SetVal") }, { "V", N_("SetAll") }, { "w", N_("Waiters") }, { "l", N_("Log") }, { "q", N_("Quit") },
	{ NULL, NULL },
};
static const struct footer_item msg_detail_keys[] = {
	{ "Esc", N_("Back") }, { "s", N_("Send") }, { "r", N_("Recv") }, { "p", N_("Peek") }, { "e", N_("Edit") },
	{ "d", N_("Remove") }, { "w", N_("Waiters") }, { "l", N_("Log") }, { "q", N_("Quit") }, { NULL, NULL },
};
static const struct footer_item shm_detail_keys[] = {
	{ "Esc", N_("Back") }, { "a", N_("Attach") }, { "A", N_("AttachRW") }, { "e", N_("Edit") },
	{ "d", N_("Remove") }, { "l", N_("Log") }, { "F1", N_("Help") }, { "q", N_("Quit") }, { NULL, NULL },
};
static const struct footer_item help_keys[] = {
	{ "Esc", N_("Back") }, { "Up/Dn", N_("Scroll") }, { "q", N_("Quit") }, { NULL, NULL },
};
static const struct footer_item hex_keys[] = {
	{ "Esc", N_("Detach") }, { "Tab", N_("Hex/ASCII") }, { "g", N_("Goto") }, { "w", N_("Write") },
	{ "r", N_("Fill") }, { "F1", N_("Help") }, { NULL, NULL },
};
static const struct footer_item hex_ascii_keys[] = {
	{ "Esc", N_("Detach") }, { "Tab", N_("Hex") }, { "F5", N_("Goto") }, { "F2", N_("Write") },
	{ "F3", N_("Fill") }, { "F1", N_("Help") }, { NULL, NULL },
};
static const struct footer_item peek_keys[] = {
	{ "Esc", N_("Back") }, { "Up/Dn", N_("Move") }, { "s", N_("Send") }, { "r", N_("Recv") },
	{ "w", N_("Waiters") }, { "q", N_("Quit") }, { NULL, NULL },
};
static const struct footer_item waiter_keys[] = {
	{ "Esc", N_("Back") }, { "Up/Dn", N_("Select") }, { "x", N_("Cancel") }, { "l", N_("Log") },
	{ "q", N_("Quit") }, { NULL, NULL },
};
static const struct footer_item form_keys[] = {
	{ "Enter", N_("Do it") }, { "Tab", N_("Next") }, { "Space", N_("Toggle") }, { "Esc", N_("Cancel") },
	{ NULL, NULL },
};
static const struct footer_item limits_keys[] = {
	{ "Esc", N_("Back") }, { "Up/Dn", N_("Move") }, { "e", N_("Change") }, { "N", N_("Namespaces") },
	{ "q", N_("Quit") }, { NULL, NULL },
};
static const struct footer_item ns_keys[] = {
	{ "Esc", N_("Back") }, { "Up/Dn", N_("Move") }, { "Enter", N_("Switch") }, { "L", N_("Limits") },
	{ "q", N_("Quit") }, { NULL, NULL },
};
static const struct footer_item posix_keys[] = {
	{ "Esc", N_("Back") }, { "Up/Dn", N_("Move") }, { "d", N_("Remove") }, { "1-4", N_("SysV") },
	{ "q", N_("Quit") }, { NULL, NULL },
};
static const struct footer_item scenario_keys[] = {
	{ "Enter", N_("Start") }, { "x", N_("Stop") }, { "Space", N_("Pause") }, { "[]", N_("Speed") },
	{ "k", N_("Signal") }, { "Esc", N_("Back") }, { "q", N_("Quit") }, { NULL, NULL },
};
static const struct footer_item confirm_keys[] = { { "y", N_("Yes") }, { "other", N_("No") }, { NULL, NULL } };
static const struct footer_item list_keys[] = {
	{ "F1", N_("Help") }, { "Enter", N_("Detail") }, { "/", N_("Filter") }, { "c", N_("Create") },
	{ "d", N_("Remove") }, { "Spc", N_("Mark") }, { "w", N_("Waiters") }, { "l", N_("Log") },
	{ "<>", N_("Sort") }, { "q", N_("Quit") }, { NULL, NULL },
};

static const struct footer_item *footer_items(const struct app *a, enum ui_mode mode)
{
	switch (mode) {
	case UI_DETAIL: {
		const struct ipc_object *o = snapshot_find(&a->snap, a->detail.kind, a->detail.id);
		enum ipc_kind k = o ? o->kind : KIND_SHM;
		return k == KIND_SEM ? sem_detail_keys : k == KIND_MSG ? msg_detail_keys : shm_detail_keys;
	}
	case UI_HELP: return help_keys;
	case UI_HEX: return a->hex.ascii ? hex_ascii_keys : hex_keys;
	case UI_PEEK: return peek_keys;
	case UI_WAITERS: return waiter_keys;
	case UI_FORM: return form_keys;
	case UI_CONFIRM: return confirm_keys;
	case UI_LIMITS: return limits_keys;
	case UI_NS: return ns_keys;
	case UI_POSIX: return posix_keys;
	case UI_SCENARIOS: return scenario_keys;
	default: return list_keys;
	}
}

static void draw_footer(struct app *a)
{
	const struct footer_item *items = footer_items(a, a->mode);
	int y = LINES - 1, x = 0;
	move(y, 0);
	for (size_t i = 0; items[i].key; i++) {
		const char *label = _(items[i].label);
		int need = draw_width(items[i].key) + draw_width(label);
		if (x + need > COLS)
			break;
		x += draw_text(y, x, COLS - x, screen_attr(ROLE_KEY), false, items[i].key);
		x += draw_text(y, x, COLS - x, screen_attr(ROLE_FOOTER), false, label);
		if (x < COLS)
			x += draw_text(y, x, 1, screen_attr(ROLE_FOOTER), false, " ");
	}
	if (x < COLS)
		draw_text(y, x, COLS - x, screen_attr(ROLE_FOOTER), true, "");
}

static void draw_status(struct app *a)
{
	int y = LINES - 2;
	if (a->mode == UI_CONFIRM) {
		char q[600];
		/* TRANSLATORS: a yes/no question; only y answers yes. */
		snprintf(q, sizeof(q), _("%s  [y/N]"), a->confirm_text);
		draw_text(y, 0, COLS, screen_attr(ROLE_ERROR) | A_REVERSE, true, q);
		return;
	}
	if (a->editing_filter) {
		char line[128];
		snprintf(line, sizeof(line), _("Filter: %s"), a->filter);
		int used = draw_text(y, 0, COLS, A_BOLD, true, line);
		draw_text(y, used < COLS ? used : COLS - 1, 1, A_REVERSE, false, " ");
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

/* The mode whose view fills the body: forms and questions show over the
 * view they came from; a focused panel keeps the view above it. */
static enum ui_mode body_mode(const struct app *a)
{
	if (a->mode == UI_CONFIRM)
		return a->confirm_return == UI_FORM ? UI_LIST : a->confirm_return;
	if (a->mode == UI_WAITERS)
		return a->waiters_return;
	return a->mode;
}

static void draw_body(struct app *a, enum ui_mode mode, int top, int height)
{
	switch (mode) {
	case UI_DETAIL: detail_view_draw(a, top, height); break;
	case UI_HELP: help_view_draw(a, top, height); break;
	case UI_FORM: form_draw(&a->form, top, height); break;
	case UI_HEX: hex_draw(a, top, height); break;
	case UI_PEEK: peek_view_draw(a, top, height); break;
	case UI_LIMITS: limits_view_draw(a, top, height); break;
	case UI_NS: ns_view_draw(a, top, height); break;
	case UI_POSIX: posix_view_draw(a, top, height); break;
	case UI_SCENARIOS: scenario_menu_draw(a, top, height); break;
	default: list_view_draw(a, top, height); break;
	}
}

void draw_all(struct app *a)
{
	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		draw_too_small();
	} else {
		draw_header(a);
		draw_tabs(a);
		int top = 3, height = LINES - 2 - top;
		int panels = panels_height(a, height);
		draw_body(a, body_mode(a), top, height - panels);
		if (panels)
			panels_draw(a, top + height - panels, panels);
		draw_status(a);
		draw_footer(a);
	}
	wnoutrefresh(stdscr);
	doupdate();
}
