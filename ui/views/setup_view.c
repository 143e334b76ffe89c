/* setup_view.c — F2, the setup screen (as htop's): for each view (Left and
 * Right choose it) every column its catalogue has, shown ones first in
 * their order, to show, hide, move and sort by; then the refresh delay,
 * the theme, the history's length and the header's meters. Changes apply
 * at once; closing the screen writes the settings file (app/prefs.h). */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/prefs.h"
#include "base/i18n.h"
#include "model/series.h"
#include "widgets/screen.h"
#include "widgets/text.h"

extern const struct mode_class setup_mode;

/* One row of the screen: a column of the view edited, or a setting. */
enum item_kind { IT_COLUMN, IT_DELAY, IT_THEME, IT_HISTORY, IT_METER };

struct item {
	enum item_kind kind;
	int arg; /* IT_COLUMN: enum column_id; IT_METER: enum meter */
};

#define SETUP_ITEMS (COLUMN_COUNT + 4 + METER_COUNT)

static struct {
	enum view view; /* whose columns */
	size_t cursor;  /* an index into the items */
	int top;        /* the first screen line shown */
} su;

/* The view's layout now. */
static size_t layout(enum column_id *ids)
{
	return table_layout(su.view, ids, COLUMN_COUNT);
}

static bool in_layout(const enum column_id *ids, size_t n, enum column_id c)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == c)
			return true;
	return false;
}

/* The rows: the layout's columns in order, the catalogue's others, the
 * settings. Returns how many; *ncols of them are columns. */
static size_t build_items(struct item *it, size_t *ncols)
{
	enum column_id ids[COLUMN_COUNT];
	size_t nl = layout(ids), n = 0, ncat;
	const struct column *cat = table_catalogue(su.view, &ncat);
	for (size_t i = 0; i < nl; i++)
		it[n++] = (struct item){ IT_COLUMN, (int)ids[i] };
	for (size_t i = 0; i < ncat; i++)
		if (!in_layout(ids, nl, cat[i].id))
			it[n++] = (struct item){ IT_COLUMN, (int)cat[i].id };
	*ncols = n;
	it[n++] = (struct item){ IT_DELAY, 0 };
	it[n++] = (struct item){ IT_THEME, 0 };
	it[n++] = (struct item){ IT_HISTORY, 0 };
	for (int m = 0; m < METER_COUNT; m++)
		it[n++] = (struct item){ IT_METER, m };
	return n;
}

static const char *theme_label(enum theme t)
{
	static const char *const names[THEME_COUNT] = { N_("normal"), N_("projector"), N_("monochrome") };
	return _(names[t]);
}

static const char *meter_label(enum meter m)
{
	static const char *const names[METER_COUNT] = {
		N_("SHM: segments in use / SHMMNI"), N_("MSG: queues in use / MSGMNI"),
		N_("SEM: semaphore sets in use / SEMMNI"), N_("shm: shared memory in use / SHMALL"),
		N_("sems: semaphores in use / SEMMNS"),
	};
	return _(names[m]);
}

/* The narrowest list column c of the view is shown on (table.h). */
static int min_list(enum column_id c)
{
	size_t n;
	const struct column *cat = table_catalogue(su.view, &n);
	for (size_t i = 0; i < n; i++)
		if (cat[i].id == c)
			return cat[i].min_list;
	return 0;
}

/* The text of a row, without its cursor attribute. */
static void item_text(const struct app *a, const struct item *it, char *buf, size_t len)
{
	enum column_id ids[COLUMN_COUNT];
	size_t nl = layout(ids);
	char name[64];
	switch (it->kind) {
	case IT_COLUMN: {
		enum column_id c = (enum column_id)it->arg;
		size_t pos = 0;
		while (pos < nl && ids[pos] != c)
			pos++;
		char num[24] = "  ", sort[48] = "";
		if (pos < nl)
			snprintf(num, sizeof(num), "%2zu", pos + 1);
		if (a->sort[su.view] == c) /* TRANSLATORS: the setup screen's mark of the sort column */
			snprintf(sort, sizeof(sort), _("sorted %s"),
				 a->desc[su.view] ? (screen_utf8() ? "▼" : "v") : (screen_utf8() ? "▲" : "^"));
		else if (min_list(c) > COLS - 1) /* TREND on a narrow terminal */
			snprintf(sort, sizeof(sort), _("(shown from %d columns)"), min_list(c) + 1);
		snprintf(buf, len, " [%s] %s  %s  %s", pos < nl ? "x" : " ", num,
			 draw_pad(name, sizeof(name), table_title(su.view, c), -10), sort);
		break;
	}
	case IT_DELAY:
		snprintf(buf, len, _(" refresh delay   %d.%d s  (+/-)"), a->opt.delay_tenths / 10, a->opt.delay_tenths % 10);
		break;
	case IT_THEME:
		snprintf(buf, len, _(" theme           %s  (Space)"), theme_label(prefs_theme()));
		break;
	case IT_HISTORY:
		snprintf(buf, len, _(" history         %u samples per object  (+/-)"), a->series.len);
		break;
	case IT_METER:
		snprintf(buf, len, " [%s] %s", prefs_meters() & (1u << it->arg) ? "x" : " ",
			 meter_label((enum meter)it->arg));
		break;
	}
}

/* The screen line of item i: the columns, a heading, the settings. */
static int item_line(size_t i, size_t ncols)
{
	return (int)i + (i >= ncols ? 1 : 0);
}

static void setup_draw(struct app *a, int top, int height)
{
	struct item it[SETUP_ITEMS];
	size_t ncols, n = build_items(it, &ncols);
	char line[320];
	if (su.cursor >= n)
		su.cursor = n - 1;
	const char *path = prefs_path();
	snprintf(line, sizeof(line), path[0] ? _(" Setup — saved in %s when it closes and on quit")
				     : _(" Setup — not saved (--no-config, or no home directory)"),
		 path);
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, line);
	/* The views' tabs. */
	int x = draw_text(top + 1, 0, COLS, A_NORMAL, false, _(" columns of the view: "));
	static const char *const tabs[VIEW_COUNT] = { N_("Shm"), N_("Msg"), N_("Sem"), N_("All") };
	for (int v = 0; v < VIEW_COUNT; v++) {
		snprintf(line, sizeof(line), " %d %s ", v + 1, _(tabs[v]));
		x += draw_text(top + 1, x, COLS - x, v == (int)su.view ? screen_attr(ROLE_TAB) : A_NORMAL, false, line);
	}
	draw_text(top + 1, x, COLS - x, A_NORMAL, true, _("  (Left/Right)"));
	int body = top + 2, rows = height - 2;
	if (rows <= 0)
		return;
	int cur = item_line(su.cursor, ncols);
	if (cur < su.top)
		su.top = cur;
	if (cur >= su.top + rows)
		su.top = cur - rows + 1;
	for (size_t i = 0; i < n; i++) {
		int y = item_line(i, ncols) - su.top;
		if (i == ncols && y - 1 >= 0 && y - 1 < rows)
			draw_text(body + y - 1, 0, COLS, A_BOLD, true, _(" display"));
		if (y < 0 || y >= rows)
			continue;
		item_text(a, &it[i], line, sizeof(line));
		draw_text(body + y, 0, COLS, i == su.cursor ? screen_attr(ROLE_SELECTED) : A_NORMAL, true, line);
	}
}

static unsigned setup_cursor(struct app *a, long delta)
{
	(void)a;
	struct item it[SETUP_ITEMS];
	size_t ncols;
	return mode_cursor_step(&su.cursor, build_items(it, &ncols), delta);
}

/* The item under the cursor. */
static struct item current(void)
{
	struct item it[SETUP_ITEMS];
	size_t ncols, n = build_items(it, &ncols);
	return it[su.cursor < n ? su.cursor : n - 1];
}

/* Shows or hides the column under the cursor (the last shown one stays). */
static unsigned toggle_column(struct app *a, enum column_id c)
{
	enum column_id ids[COLUMN_COUNT];
	size_t n = layout(ids), k = 0;
	if (!in_layout(ids, n, c)) {
		ids[n++] = c;
	} else if (n == 1) {
		app_message(a, true, _("a view shows at least one column"));
		return REACT_REDRAW;
	} else {
		for (size_t i = 0; i < n; i++)
			if (ids[i] != c)
				ids[k++] = ids[i];
		n = k;
	}
	table_set_layout(su.view, ids, n); /* from the catalogue: valid */
	/* The row follows its column to where it now is. */
	struct item it[SETUP_ITEMS];
	size_t ncols, ni = build_items(it, &ncols);
	for (size_t i = 0; i < ni; i++)
		if (it[i].kind == IT_COLUMN && it[i].arg == (int)c)
			su.cursor = i;
	return REACT_REROW | REACT_REDRAW;
}

/* Space or Enter: show/hide a column, the next theme, a meter on/off. */
static unsigned act_toggle(struct app *a, int key)
{
	(void)key;
	struct item it = current();
	switch (it.kind) {
	case IT_COLUMN:
		return toggle_column(a, (enum column_id)it.arg);
	case IT_THEME:
		prefs_set_theme(a, (enum theme)((prefs_theme() + 1) % THEME_COUNT));
		return REACT_REDRAW;
	case IT_METER:
		prefs_set_meters(prefs_meters() ^ (1u << it.arg));
		return REACT_REDRAW;
	default:
		app_message(a, false, _("+ and - change this setting"));
		return REACT_REDRAW;
	}
}

/* The next delay up or down: tenths below 1 s, halves to 10 s, then 5 s. */
static int delay_step(int t, int dir)
{
	int step = t + (dir < 0 ? -1 : 0) < 10 ? 1 : t + (dir < 0 ? -1 : 0) < 100 ? 5 : 50;
	t += dir * step;
	return t < 1 ? 1 : t > 36000 ? 36000 : t;
}

/* + and -: the delay, the history's length; on a shown column, moves it
 * right (+) or left (-) in the layout. */
static unsigned act_change(struct app *a, int key)
{
	int dir = key == '-' || key == '[' ? -1 : 1;
	struct item it = current();
	if (it.kind == IT_DELAY) {
		prefs_set_delay(a, delay_step(a->opt.delay_tenths, dir));
		return REACT_REDRAW | REACT_TIMER;
	}
	if (it.kind == IT_HISTORY) {
		long len = (long)a->series.len + dir * (a->series.len + (dir < 0 ? 0u : 1u) > 300 ? 60 : 10);
		len = len < SERIES_LEN_MIN ? SERIES_LEN_MIN : len > SERIES_LEN_MAX ? SERIES_LEN_MAX : len;
		if (series_set_len(&a->series, (unsigned)len) < 0)
			app_message(a, true, _("out of memory for the history of %u samples"), (unsigned)len);
		return REACT_REDRAW;
	}
	if (it.kind != IT_COLUMN)
		return REACT_NONE;
	enum column_id ids[COLUMN_COUNT];
	size_t n = layout(ids), pos = 0;
	while (pos < n && ids[pos] != (enum column_id)it.arg)
		pos++;
	if (pos == n) {
		app_message(a, false, _("Space shows the column first"));
		return REACT_REDRAW;
	}
	size_t to = dir < 0 ? (pos ? pos - 1 : pos) : (pos + 1 < n ? pos + 1 : pos);
	enum column_id t = ids[to];
	ids[to] = ids[pos];
	ids[pos] = t;
	table_set_layout(su.view, ids, n);
	su.cursor = to;
	return REACT_REROW | REACT_REDRAW;
}

/* s: sort the view by the column; again: the other order. */
static unsigned act_sort(struct app *a, int key)
{
	(void)key;
	struct item it = current();
	if (it.kind != IT_COLUMN)
		return REACT_NONE;
	if (a->sort[su.view] == (enum column_id)it.arg)
		a->desc[su.view] = !a->desc[su.view];
	else
		a->sort[su.view] = (enum column_id)it.arg, a->desc[su.view] = false;
	return REACT_REROW | REACT_REDRAW;
}

static unsigned act_view(struct app *a, int key)
{
	(void)a;
	su.view = (enum view)((su.view + (key == KEY_LEFT ? VIEW_COUNT - 1 : 1)) % VIEW_COUNT);
	su.cursor = 0;
	su.top = 0;
	return REACT_REDRAW;
}

/* F2 opens setup on the view shown, and closes it. */
static unsigned act_setup(struct app *a, int key)
{
	(void)key;
	if (mode_top(a) == &setup_mode) {
		mode_switch(a, NULL);
		return REACT_REDRAW | REACT_REROW;
	}
	su.view = a->view;
	su.cursor = 0;
	su.top = 0;
	mode_switch(a, &setup_mode);
	return REACT_REDRAW;
}

/* Leaving setup writes the settings file when something changed. */
static void setup_leave(struct app *a)
{
	char msg[PATH_MAX + 256];
	bool wrote;
	if (prefs_save(a, &wrote, msg, sizeof(msg)) < 0)
		app_message(a, true, "%s", msg);
	else if (wrote)
		app_message(a, false, _("settings saved in %s"), prefs_path());
}

static const struct key_binding setup_keys[] = {
	{ KEY_F(2), KG_ANY, act_setup, "F2",
	  N_("setup: columns, sort, delay, theme, history, meters (saved in ipctoprc)"), N_("Setup"), NULL },
	{ ' ', 0, act_toggle, "Space", N_("setup: show or hide a column; next theme; a meter on or off"),
	  N_("Show"), NULL },
	{ '\r', 0, act_toggle, NULL, NULL, NULL, NULL },
	{ '+', 0, act_change, "+ -", N_("setup: move a column right or left; a longer or shorter delay or history"),
	  N_("Move"), NULL },
	{ '-', 0, act_change, NULL, NULL, NULL, NULL },
	{ '=', 0, act_change, NULL, NULL, NULL, NULL },
	{ ']', 0, act_change, NULL, NULL, NULL, NULL },
	{ '[', 0, act_change, NULL, NULL, NULL, NULL },
	{ 's', 0, act_sort, "s", N_("setup: sort the view by the column (again: the other order)"), N_("Sort"), NULL },
	{ KEY_RIGHT, 0, act_view, "Left/Right", N_("setup: the columns of the next or previous view"), N_("View"),
	  NULL },
	{ KEY_LEFT, 0, act_view, NULL, NULL, NULL, NULL },
	{ '\t', 0, act_view, NULL, NULL, NULL, NULL },
};

static const struct footer_key setup_footer[] = {
	{ KEY_ESC, NULL, NULL }, { KEY_RIGHT, "<>", NULL }, { ' ', "Spc", NULL }, { '+', "+-", NULL },
	{ 's', NULL, NULL },     { 'q', NULL, NULL },       { 0, NULL, NULL },
};

const struct mode_class setup_mode = {
	.name = "setup",
	.groups = KG_ANY | KG_ROWS | KG_VI_UP,
	MODE_KEYS(setup_keys),
	.footer = setup_footer,
	.draw = setup_draw,
	.cursor = setup_cursor,
	.leave = setup_leave,
};
