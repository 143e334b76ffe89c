/* search.c — F3: htop's search line under the list. Nothing is hidden
 * (that is the filter, F4 or /): typing jumps to the first row from the
 * cursor on whose key, id, owner, perms or kind holds the text; F3 or
 * Enter jumps to the next one, wrapping at the end; the line says when no
 * row holds it. Esc closes the line, the cursor stays where it is; Up and
 * Down close it and move. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/i18n.h"
#include "widgets/screen.h"
#include "widgets/text.h"

extern const struct mode_class search_mode;

static struct {
	char text[64];
	bool missing; /* no row holds the text */
	bool wrapped; /* the last jump went past the end to the top */
} search;

static unsigned start_search(struct app *a, int key)
{
	(void)key;
	search.text[0] = '\0';
	search.missing = search.wrapped = false;
	mode_switch(a, &search_mode); /* over the list, from the detail view too */
	return REACT_REDRAW;
}

/* Selects the first row from row `from` on (wrapping) that matches. */
static void jump_from(struct app *a, size_t from)
{
	search.missing = search.wrapped = false;
	if (!search.text[0])
		return;
	for (size_t k = 0; k < a->nrows; k++) {
		size_t i = (from + k) % a->nrows;
		if (table_match(a->rows[i], search.text)) {
			search.wrapped = i < from;
			app_select_row(a, i);
			return;
		}
	}
	search.missing = true;
}

static unsigned search_key(struct app *a, int key)
{
	size_t len = strlen(search.text);
	switch (key) {
	case KEY_ESC:
		mode_pop(a);
		break;
	case '\r': case '\n': case KEY_ENTER: case KEY_F(3):
		jump_from(a, a->cursor + 1);
		break;
	case KEY_UP: case KEY_DOWN:
		mode_pop(a);
		return mode_top(a)->cursor ? mode_top(a)->cursor(a, key == KEY_UP ? -1 : 1) : REACT_REDRAW;
	case KEY_BACKSPACE: case 127: case 8:
		if (len)
			search.text[len - 1] = '\0';
		jump_from(a, a->cursor);
		break;
	case CTRL('u'):
		search.text[0] = '\0';
		search.missing = search.wrapped = false;
		break;
	default:
		if (key >= 32 && key < 127 && len + 1 < sizeof(search.text)) {
			search.text[len] = (char)key;
			search.text[len + 1] = '\0';
			jump_from(a, a->cursor);
		}
		break;
	}
	return REACT_REDRAW;
}

static void search_status(struct app *a, int y)
{
	(void)a;
	char line[128];
	snprintf(line, sizeof(line), _("Search: %s"), search.text);
	draw_text(y, 0, COLS, A_NORMAL, true, "");
	int used = draw_text(y, 0, COLS, A_BOLD, false, line);
	used += draw_text(y, used < COLS ? used : COLS - 1, 1, A_REVERSE, false, " ");
	const char *note = search.missing ? _("  not found")
			   : search.wrapped ? _("  (from the top again)")
					    : _("  F3/Enter: next  Esc: done");
	if (used < COLS)
		draw_text(y, used, COLS - used, screen_attr(search.missing ? ROLE_ERROR : ROLE_INFO), false, note);
}

static const struct key_binding search_keys[] = {
	{ KEY_F(3), KG_OBJECT, start_search, "F3", N_("search: jump to the next row holding the text (F3/Enter: next)"),
	  N_("Search"), NULL },
};

const struct mode_class search_mode = {
	.name = "search",
	.flags = MODE_OVERLAY | MODE_OWN_KEYS,
	MODE_KEYS(search_keys),
	.status = search_status,
	.key = search_key,
};
