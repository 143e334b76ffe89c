/* list_view.c — the object list: column titles, rows with the selection
 * bar, new-object highlight, scrolling, and the empty state. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "base/format.h"
#include "base/i18n.h"
#include "classroom/scenario.h"

/* Keeps the cursor visible and the list as full as possible. */
static void scroll_to_cursor(struct app *a, int height)
{
	size_t h = height > 0 ? (size_t)height : 1;
	if (a->cursor < a->top)
		a->top = a->cursor;
	if (a->cursor >= a->top + h)
		a->top = a->cursor - h + 1;
	if (a->nrows <= h)
		a->top = 0;
	else if (a->top + h > a->nrows)
		a->top = a->nrows - h;
}

/* Projector mode: fewer columns, two spaces between them, a blank line
 * between rows. */
static int col_gap(const struct app *a) { return a->opt.projector ? 2 : 1; }
static int row_stride(const struct app *a) { return a->opt.projector ? 2 : 1; }

static int column_x(const struct app *a, size_t k)
{
	size_t ncols;
	const struct column *cols = table_columns(a->view, &ncols);
	int x = 1;
	for (size_t i = 0; i < k; i++)
		x += cols[a->shown_cols[i]].width + col_gap(a);
	return x;
}

bool draw_column_at(const struct app *a, int x, enum column_id *col)
{
	size_t ncols;
	const struct column *cols = table_columns(a->view, &ncols);
	for (size_t k = 0; k < a->nshown; k++) {
		int left = column_x(a, k), w = cols[a->shown_cols[k]].width;
		if (x >= left && x <= left + w) {
			*col = cols[a->shown_cols[k]].id;
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

static void draw_titles(struct app *a, int y)
{
	size_t ncols;
	const struct column *cols = table_columns(a->view, &ncols);
	draw_text(y, 0, COLS, screen_attr(ROLE_TITLE), true, "");
	const char *arrow = a->desc[a->view] ? (screen_utf8() ? "▼" : "v") : (screen_utf8() ? "▲" : "^");
	for (size_t k = 0; k < a->nshown; k++) {
		const struct column *c = &cols[a->shown_cols[k]];
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
}

static void draw_empty(struct app *a, int y, int height)
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

void list_view_draw(struct app *a, int top, int height)
{
	a->nshown = table_fit_layout(a->view, COLS - 1, col_gap(a), a->opt.projector ? 1 : 9, a->shown_cols,
				     COLUMN_COUNT);
	draw_titles(a, top);
	a->list_top_row = top + 1;
	a->list_stride = row_stride(a);
	a->list_rows = (height - 1 + a->list_stride - 1) / a->list_stride;
	if (a->nrows == 0) {
		draw_empty(a, top + 1, height - 1);
		return;
	}
	scroll_to_cursor(a, a->list_rows);
	size_t ncols;
	const struct column *cols = table_columns(a->view, &ncols);
	time_t now = clock_now();
	/* What the rows on screen show beyond the snapshot read (msg_qbytes). */
	size_t shown = a->nrows - a->top < (size_t)a->list_rows ? a->nrows - a->top : (size_t)a->list_rows;
	(void)table_fill_rows(&a->snap, a->view, &a->rows[a->top], shown);
	for (int r = 0; r < a->list_rows && a->top + (size_t)r < a->nrows; r++) {
		size_t i = a->top + (size_t)r;
		const struct ipc_object *o = a->rows[i];
		bool selected = i == a->cursor;
		bool fresh = a->is_new[o - a->snap.objs];
		bool marked = app_is_marked(a, o->kind, o->id);
		attr_t attr = selected ? screen_attr(ROLE_SELECTED)
			      : marked ? screen_attr(ROLE_MARK)
			      : fresh ? screen_attr(ROLE_NEW) : A_NORMAL;
		int y = top + 1 + r * a->list_stride;
		/* Column 0 says what colour alone would not: marked, selected,
		 * new, or one of a running scenario's objects. */
		const char *sign = marked ? "*" : selected ? ">" : fresh ? "+" : scenario_owns(o->kind, o->id) ? "#" : " ";
		draw_text(y, 0, COLS, attr, true, sign);
		for (size_t k = 0; k < a->nshown; k++) {
			char cell[64];
			const struct column *c = &cols[a->shown_cols[k]];
			table_cell(o, c->id, now, cell, sizeof(cell));
			draw_cell(y, column_x(a, k), c, attr, cell);
		}
	}
}
