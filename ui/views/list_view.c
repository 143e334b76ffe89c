/* list_view.c — the object list: column titles, rows with the selection
 * bar, new-object highlight, the TREND sparklines, scrolling, the empty
 * state; Enter, sorting, marks and the mouse; which objects are new since
 * the last refresh. */
#define _GNU_SOURCE
#include "views/list_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/marks.h"
#include "app/trace_ui.h"
#include "base/format.h"
#include "base/i18n.h"
#include "classroom/scenario.h"
#include "views/detail_view.h"
#include "views/list_tree.h"
#include "widgets/graph.h"
#include "widgets/screen.h"
#include "widgets/text.h"

static struct {
	size_t top;       /* the first visible display line (list_tree.h) */
	int top_row;      /* screen row of the first list row (for the mouse) */
	int rows;         /* how many list rows fit on screen */
	int stride;       /* screen lines per row (2 in projector mode) */
	size_t shown_cols[COLUMN_COUNT];
	size_t nshown;
	/* new objects: */
	bool *is_new;       /* parallel to snap.objs: appeared since last scan */
	size_t is_new_cap;
	uint64_t *prev_ids; /* sorted (kind, id) of the previous snapshot */
	size_t nprev, prev_cap;
	uint64_t marked_gen;   /* snapshot generation is_new was set for */
	unsigned marked_kinds; /* and the kinds it read */
	bool scanned_once;
} list;

static uint64_t ref_code(enum ipc_kind kind, int id)
{
	return ((uint64_t)kind << 32) | (uint32_t)id;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

bool list_view_note_scan(struct app *a)
{
	const struct snapshot *s = &a->snap;
	const struct snapshot_delta *d = &s->delta;
	/* The read found the objects of the scan before unchanged: none is
	 * new, and prev_ids still hold these ids. */
	bool same = list.scanned_once && d->valid && !d->changed && d->from == list.marked_gen &&
		    s->kinds == list.marked_kinds;
	/* Other kinds read than last time (the view changed): none is new. */
	bool other_kinds = s->kinds != list.marked_kinds;
	list.marked_gen = s->gen;
	list.marked_kinds = s->kinds;
	list.is_new = app_grow(list.is_new, &list.is_new_cap, s->count + 1, sizeof(*list.is_new));
	if (same) {
		memset(list.is_new, 0, s->count * sizeof(*list.is_new));
		return true;
	}
	for (size_t i = 0; i < s->count; i++) {
		uint64_t code = ref_code(s->objs[i].kind, s->objs[i].id);
		list.is_new[i] = list.scanned_once && !other_kinds &&
				 !bsearch(&code, list.prev_ids, list.nprev, sizeof(code), cmp_u64);
	}
	list.prev_ids = app_grow(list.prev_ids, &list.prev_cap, s->count + 1, sizeof(*list.prev_ids));
	for (size_t i = 0; i < s->count; i++)
		list.prev_ids[i] = ref_code(s->objs[i].kind, s->objs[i].id);
	list.nprev = s->count;
	qsort(list.prev_ids, list.nprev, sizeof(*list.prev_ids), cmp_u64);
	list.scanned_once = true;
	return false;
}

void list_view_forget_new(void)
{
	list.scanned_once = false;
}

long list_view_page(void)
{
	return list.rows > 1 ? list.rows - 1 : 1;
}

bool list_view_shown(const struct app *a)
{
	return mode_shown(a) == &list_mode;
}

/* ---- drawing ------------------------------------------------------------- */

/* Keeps the cursor visible and the list as full as possible; with the
 * tree, the header of the cursor's group too when it fits. */
static void scroll_to_cursor(const struct app *a, int height)
{
	size_t h = height > 0 ? (size_t)height : 1;
	size_t at = list_tree_line_of(a->cursor), lines = list_tree_lines(a);
	size_t head = list_tree_on() && at > 0 && at == list_tree_line_of(a->cursor - 1) + 2 ? at - 1
		      : list_tree_on() && a->cursor == 0 ? 0 : at;
	if (head < list.top)
		list.top = head;
	if (at >= list.top + h)
		list.top = at - h + 1;
	if (lines <= h)
		list.top = 0;
	else if (list.top + h > lines)
		list.top = lines - h;
}

/* Projector mode: fewer columns, two spaces between them, a blank line
 * between rows. */
static int col_gap(const struct app *a) { return a->opt.projector ? 2 : 1; }
static int row_stride(const struct app *a) { return a->opt.projector ? 2 : 1; }

/* The columns of the view that fit the list's width (indices into
 * table_columns, COLUMN_COUNT room), in display order. */
static size_t fit_columns(const struct app *a, size_t *shown)
{
	return table_fit_layout(a->view, COLS - 1 - trace_ui_list_width(), col_gap(a), a->opt.projector ? 2 : 9,
				shown, COLUMN_COUNT);
}

static int column_x(const struct app *a, size_t k)
{
	size_t ncols;
	const struct column *cols = table_columns(a->view, &ncols);
	int x = 1;
	for (size_t i = 0; i < k; i++)
		x += cols[list.shown_cols[i]].width + col_gap(a);
	return x;
}

/* Which column title is at screen column x. */
static bool column_at(const struct app *a, int x, enum column_id *col)
{
	size_t ncols;
	const struct column *cols = table_columns(a->view, &ncols);
	for (size_t k = 0; k < list.nshown; k++) {
		int left = column_x(a, k), w = cols[list.shown_cols[k]].width;
		if (x >= left && x <= left + w) {
			*col = cols[list.shown_cols[k]].id;
			return true;
		}
	}
	return false;
}

static void draw_cell(int y, int x, const struct column *c, attr_t attr, const char *text)
{
	int len = draw_width(text);
	if (c->right && len < c->width) {
		draw_text(y, x, c->width - len, attr, true, "");
		draw_text(y, x + c->width - len, len, attr, false, text);
	} else {
		draw_text(y, x, c->width, attr, true, text);
	}
}

/* TREND: the object's last samples of its kind's metric (series.h). */
static void draw_trend(const struct app *a, const struct ipc_object *o, int y, int x, int width, attr_t attr)
{
	int32_t v[64];
	size_t n = series_values(&a->series, o, series_trend_metric(o), v, width < 64 ? (size_t)width : 64);
	graph_sparkline(y, x, width, attr, v, n);
}

static void draw_titles(const struct app *a, int y)
{
	size_t ncols;
	const struct column *cols = table_columns(a->view, &ncols);
	draw_text(y, 0, COLS, screen_attr(ROLE_TITLE), true, "");
	const char *arrow = a->desc[a->view] ? (screen_utf8() ? "▼" : "v") : (screen_utf8() ? "▲" : "^");
	for (size_t k = 0; k < list.nshown; k++) {
		const struct column *c = &cols[list.shown_cols[k]];
		char title[64];
		bool sorted = c->id == a->sort[a->view];
		/* The sorted column's title carries the direction when it fits. */
		if (sorted && draw_width(c->title) < c->width)
			snprintf(title, sizeof(title), "%s%s", c->title, arrow);
		else
			snprintf(title, sizeof(title), "%s", c->title);
		attr_t attr = screen_attr(ROLE_TITLE) | (sorted ? A_BOLD : 0);
		draw_cell(y, column_x(a, k), c, attr, title);
	}
	trace_ui_list_title(y, column_x(a, list.nshown));
}

static void draw_empty(const struct app *a, int y, int height)
{
	char line[256];
	if (a->filter[0])
		snprintf(line, sizeof(line), _("No objects match the filter \"%s\"."), a->filter);
	else if (a->view == VIEW_ALL)
		snprintf(line, sizeof(line), "%s", _("No System V IPC objects in this IPC namespace."));
	else
		snprintf(line, sizeof(line), "%s",
			 a->view == VIEW_SHM ? _("No shared memory segments in this IPC namespace.")
			 : a->view == VIEW_MSG ? _("No message queues in this IPC namespace.")
					       : _("No semaphore sets in this IPC namespace."));
	draw_text(y + height / 3, 2, COLS - 2, A_BOLD, false, line);
	const char *hint = a->filter[0] ? _("Press Esc to clear the filter, ? for help.")
					: _("Press c to create one (or D for a classroom scenario), ? for help.");
	draw_text(y + height / 3 + 1, 2, COLS - 2, A_NORMAL, false, hint);
}

static void list_draw(struct app *a, int top, int height)
{
	list.nshown = fit_columns(a, list.shown_cols);
	draw_titles(a, top);
	list.top_row = top + 1;
	list.stride = row_stride(a);
	list.rows = (height - 1 + list.stride - 1) / list.stride;
	if (a->nrows == 0) {
		draw_empty(a, top + 1, height - 1);
		return;
	}
	scroll_to_cursor(a, list.rows);
	size_t ncols;
	const struct column *cols = table_columns(a->view, &ncols);
	time_t now = clock_now();
	size_t lines = list_tree_lines(a);
	/* What the rows on screen show beyond the snapshot read (msg_qbytes,
	 * the sets' NCNT and ZCNT): read for those rows only. */
	size_t first, shown = list_tree_rows_shown(a, list.top, (size_t)list.rows, &first);
	(void)table_fill_rows(&a->snap, a->view, &a->rows[first], shown);
	for (int r = 0; r < list.rows && list.top + (size_t)r < lines; r++) {
		size_t i;
		char head[256];
		if (!list_tree_at(a, list.top + (size_t)r, &i, head, sizeof(head))) {
			draw_text(top + 1 + r * list.stride, 0, COLS, screen_attr(ROLE_TITLE) | A_BOLD, true, head);
			continue;
		}
		const struct ipc_object *o = a->rows[i];
		bool selected = i == a->cursor;
		bool fresh = list.is_new[o - a->snap.objs];
		bool marked = marks_has(o->kind, o->id);
		bool deadlock = o->kind == KIND_SEM && o->u.sem.wait.deadlock;
		attr_t attr = selected ? screen_attr(ROLE_SELECTED)
			      : marked ? screen_attr(ROLE_MARK)
			      : deadlock ? screen_attr(ROLE_ERROR)
			      : fresh ? screen_attr(ROLE_NEW) : A_NORMAL;
		int y = top + 1 + r * list.stride;
		/* Column 0 says what colour alone would not: marked, selected,
		 * on a deadlock, new, or one of a running scenario's objects. */
		const char *sign = marked ? "*" : selected ? ">" : deadlock ? "!" : fresh ? "+"
				   : scenario_owns(o->kind, o->id) ? "#" : " ";
		draw_text(y, 0, COLS, attr, true, sign);
		for (size_t k = 0; k < list.nshown; k++) {
			char cell[64];
			const struct column *c = &cols[list.shown_cols[k]];
			if (c->id == COL_TREND) {
				draw_trend(a, o, y, column_x(a, k), c->width, attr);
				continue;
			}
			table_cell_snap(&a->snap, o, c->id, now, cell, sizeof(cell));
			draw_cell(y, column_x(a, k), c, attr, cell);
		}
		trace_ui_list_cell(o, y, column_x(a, list.nshown), attr);
	}
}

/* ---- keys ------------------------------------------------------------------ */

static unsigned list_cursor(struct app *a, long delta)
{
	size_t at = a->cursor;
	unsigned r = mode_cursor_step(&at, a->nrows, delta);
	app_select_row(a, at);
	return r;
}

/* A click on a column title sorts by it (again: the other way); on a row
 * selects it. */
static unsigned list_click(struct app *a, int y, int x)
{
	if (y == list.top_row - 1) {
		enum column_id c;
		if (column_at(a, x, &c)) {
			if (a->sort[a->view] == c)
				a->desc[a->view] = !a->desc[a->view];
			a->sort[a->view] = c;
			return REACT_REROW | REACT_REDRAW;
		}
		return REACT_NONE;
	}
	int line = y - list.top_row;
	if (line >= 0 && list.stride > 1)
		line /= list.stride;
	size_t row;
	char head[8];
	if (line < 0 || line >= list.rows || list.top + (size_t)line >= list_tree_lines(a) ||
	    !list_tree_at(a, list.top + (size_t)line, &row, head, sizeof(head)))
		return REACT_NONE; /* below the rows, or a group's header */
	app_select_row(a, row);
	return REACT_REDRAW;
}

/* Esc clears the filter. */
static unsigned list_close(struct app *a)
{
	if (!a->filter[0])
		return REACT_NONE;
	a->filter[0] = '\0';
	app_message(a, false, "%s", _("filter cleared"));
	return REACT_REROW | REACT_REDRAW;
}

static unsigned open_detail(struct app *a, int key)
{
	(void)key;
	if (!app_selected(a)) {
		app_message(a, false, "%s", _("nothing selected: the list is empty"));
		return REACT_REDRAW;
	}
	detail_view_open(a);
	return REACT_REDRAW;
}

/* `<` and `>` move the sort to the previous/next visible column. */
static unsigned sort_column(struct app *a, int key)
{
	size_t ncols;
	const struct column *cols = table_columns(a->view, &ncols);
	size_t at = 0;
	for (size_t i = 0; i < list.nshown; i++)
		if (cols[list.shown_cols[i]].id == a->sort[a->view])
			at = i;
	if (list.nshown == 0)
		return REACT_NONE;
	if (key == '<' || key == ',')
		at = at == 0 ? list.nshown - 1 : at - 1;
	else
		at = (at + 1) % list.nshown;
	a->sort[a->view] = cols[list.shown_cols[at]].id;
	app_message(a, false, _("sorted by %s"), cols[list.shown_cols[at]].title);
	return REACT_REROW | REACT_REDRAW;
}

static unsigned invert_sort(struct app *a, int key)
{
	(void)key;
	a->desc[a->view] = !a->desc[a->view];
	return REACT_REROW | REACT_REDRAW;
}

static unsigned mark(struct app *a, int key)
{
	(void)key;
	const struct ipc_object *o = app_selected(a);
	if (o) {
		if (marks_toggle(o->kind, o->id) < 0) {
			app_message(a, true, _("out of memory for marks"));
			return REACT_REDRAW;
		}
		app_message(a, false, _("%zu marked (d removes them, U clears the marks)"), marks_count());
	}
	/* Space also refreshes now, as in top. */
	return REACT_RESCAN | REACT_REDRAW;
}

static unsigned unmark_all(struct app *a, int key)
{
	(void)key;
	marks_clear();
	app_message(a, false, _("marks cleared"));
	return REACT_REDRAW;
}

static const struct ipc_object *list_target(struct app *a)
{
	return app_selected(a);
}

/* k in the list: the creator of a segment, the last sender to a queue. */
static pid_t list_pid(struct app *a)
{
	const struct ipc_object *o = app_selected(a);
	if (!o)
		return 0;
	return o->kind == KIND_SHM ? o->u.shm.cpid : o->kind == KIND_MSG ? o->u.msg.lspid : 0;
}

static void list_free(void)
{
	free(list.is_new);
	free(list.prev_ids);
	list_tree_free();
}

static const struct key_binding list_keys[] = {
	{ '\r', 0, open_detail, "Enter", N_("details of the selected object"), N_("Detail"), NULL },
	{ '\n', 0, open_detail, "Enter", NULL, NULL, NULL },
	{ KEY_ENTER, 0, open_detail, "Enter", NULL, NULL, NULL },
	{ '<', 0, sort_column, "<", N_("sort by the column to the left"), N_("Sort"), NULL },
	{ ',', 0, sort_column, ",", NULL, NULL, NULL },
	{ '>', 0, sort_column, ">", N_("sort by the column to the right"), NULL, NULL },
	{ '.', 0, sort_column, ".", NULL, NULL, NULL },
	{ 'I', 0, invert_sort, "I", N_("invert the sort order"), NULL, NULL },
	{ KEY_F(5), 0, list_tree_toggle, "F5", N_("tree: group the objects by creator process, then by owner"), N_("Tree"),
	  NULL },
	{ ' ', 0, mark, "Space", N_("mark/unmark the object (for d) and refresh now"), N_("Mark"), NULL },
	{ 'U', 0, unmark_all, "U", N_("clear all marks"), NULL, NULL },
};

/* htop's F-keys first (F3 search, F4 filter, F5 tree, F6 sort by). */
static const struct footer_key list_footer[] = {
	{ KEY_F(1), NULL, NULL }, { '\r', NULL, NULL },          { KEY_F(3), NULL, NULL }, { KEY_F(4), NULL, N_("Filter") },
	{ KEY_F(5), NULL, NULL }, { KEY_F(6), NULL, NULL },       { 'c', NULL, NULL },      { 'd', NULL, NULL },
	{ 'l', NULL, NULL },      { 'q', NULL, NULL },            { 0, NULL, NULL },
};

/* The kinds a refresh reads for the list: its view's kind only (a view of
 * one kind reads one /proc/sysvipc file), every kind for the All view.
 * What the cells need beyond the read (msg_qbytes, the semaphore view's
 * NCNT and ZCNT) is read for the rows on screen when they are drawn, and
 * for every row of the view when a sort needs it (table_rows). */
static unsigned list_snap_kinds(const struct app *a)
{
	return a->view == VIEW_ALL ? KINDS_ALL : KIND_BIT((enum ipc_kind)a->view);
}

/* TREND draws a set's first value from its history: while TREND is on
 * screen, every set's values are read at each refresh to record them (the
 * rows off screen too: scrolling to one shows its past). */
static unsigned list_snap_flags(const struct app *a)
{
	if (!view_has_kind(a->view, KIND_SEM))
		return 0;
	size_t shown[COLUMN_COUNT], ncols;
	size_t n = fit_columns(a, shown);
	const struct column *cols = table_columns(a->view, &ncols);
	for (size_t i = 0; i < n; i++)
		if (cols[shown[i]].id == COL_TREND)
			return SNAP_SEMVALS;
	return 0;
}

const struct mode_class list_mode = {
	.name = "list",
	.groups = KG_ANY | KG_ROWS | KG_VIEWS | KG_SCREENS | KG_DIGITS | KG_MOUSE | KG_OBJECT | KG_MESSAGES,
	MODE_KEYS(list_keys),
	.footer = list_footer,
	.draw = list_draw,
	.cursor = list_cursor,
	.click = list_click,
	.close = list_close,
	.free = list_free,
	.target = list_target,
	.pid = list_pid,
	.snap_kinds = list_snap_kinds,
	.snap_flags = list_snap_flags,
	.arrange = list_tree_arrange,
};
