/* sort_menu.c — F6: htop's "sort by" menu over the list. A column of the
 * view's sortable columns down the left, the current one marked and the
 * cursor on it; Up/Down move, Enter sorts by the column under the cursor
 * (the order stays; I inverts it), Esc leaves the sort as it was. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/i18n.h"
#include "widgets/screen.h"
#include "widgets/text.h"

extern const struct mode_class sort_menu_mode;

static struct {
	size_t cursor; /* index into the view's columns */
} menu;

static unsigned open_sort_menu(struct app *a, int key)
{
	(void)key;
	mode_switch(a, NULL); /* back to the list, from the detail view too */
	size_t n;
	const struct column *cols = table_columns(a->view, &n);
	menu.cursor = 0;
	for (size_t i = 0; i < n; i++)
		if (cols[i].id == a->sort[a->view])
			menu.cursor = i;
	mode_push(a, &sort_menu_mode);
	return REACT_REDRAW;
}

static unsigned menu_key(struct app *a, int key)
{
	size_t n;
	const struct column *cols = table_columns(a->view, &n);
	switch (key) {
	case KEY_UP: case 'k':
		menu.cursor = menu.cursor ? menu.cursor - 1 : 0;
		break;
	case KEY_DOWN: case 'j':
		menu.cursor = menu.cursor + 1 < n ? menu.cursor + 1 : n - 1;
		break;
	case KEY_HOME:
		menu.cursor = 0;
		break;
	case KEY_END:
		menu.cursor = n - 1;
		break;
	case '\r': case '\n': case KEY_ENTER:
		a->sort[a->view] = cols[menu.cursor].id;
		app_message(a, false, _("sorted by %s"), cols[menu.cursor].title);
		mode_pop(a);
		return REACT_REROW | REACT_REDRAW;
	case KEY_ESC: case KEY_F(6):
		mode_pop(a);
		break;
	default:
		break;
	}
	return REACT_REDRAW;
}

/* The list below, then the menu over its left edge. */
static void menu_draw(struct app *a, int top, int height)
{
	mode_draw_from(a, 1, top, height);
	size_t n;
	const struct column *cols = table_columns(a->view, &n);
	int w = draw_width(_("Sort by")) + 2;
	for (size_t i = 0; i < n; i++)
		if (draw_width(cols[i].title) + 4 > w)
			w = draw_width(cols[i].title) + 4;
	draw_text(top, 0, w, screen_attr(ROLE_TITLE) | A_BOLD, true, _("Sort by"));
	/* Scrolls when the view has more columns than the body has lines. */
	size_t rows = height > 1 ? (size_t)height - 1 : 1;
	size_t first = menu.cursor >= rows ? menu.cursor - rows + 1 : 0;
	for (size_t i = first; i < n && i - first < rows; i++) {
		char line[80];
		bool current = cols[i].id == a->sort[a->view];
		snprintf(line, sizeof(line), "%s %s", current ? (screen_utf8() ? "▶" : ">") : " ", cols[i].title);
		attr_t attr = i == menu.cursor ? screen_attr(ROLE_SELECTED) : screen_attr(ROLE_FOOTER);
		draw_text(top + 1 + (int)(i - first), 0, w, attr, true, line);
	}
}

static void menu_status(struct app *a, int y)
{
	(void)a;
	draw_text(y, 0, COLS, screen_attr(ROLE_INFO), true,
		  _("Sort by: Up/Down choose, Enter sorts (I inverts the order), Esc leaves it"));
}

static const struct key_binding sort_menu_keys[] = {
	{ KEY_F(6), KG_OBJECT, open_sort_menu, "F6", N_("sort by: a menu of the view's columns, the current one marked"),
	  N_("SortBy"), NULL },
};

const struct mode_class sort_menu_mode = {
	.name = "sort menu",
	.flags = MODE_OVERLAY | MODE_OWN_KEYS,
	MODE_KEYS(sort_menu_keys),
	.draw = menu_draw,
	.status = menu_status,
	.key = menu_key,
};
