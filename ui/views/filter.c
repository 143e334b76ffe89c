/* filter.c — `/` and F4: the filter line under the list. Printable text edits the
 * filter live (the list shows only rows matching it), Enter keeps it, Esc
 * clears it; the status line is the editor. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/i18n.h"
#include "widgets/screen.h"
#include "widgets/text.h"

extern const struct mode_class filter_mode;

static unsigned start_filter(struct app *a, int key)
{
	(void)key;
	mode_switch(a, &filter_mode); /* over the list, from the detail view too */
	return REACT_REDRAW;
}

static unsigned filter_key(struct app *a, int key)
{
	size_t len = strlen(a->filter);
	switch (key) {
	case KEY_ESC:
		a->filter[0] = '\0';
		mode_pop(a);
		break;
	case '\r': case '\n': case KEY_ENTER:
		mode_pop(a);
		break;
	case KEY_BACKSPACE: case 127: case 8:
		if (len)
			a->filter[len - 1] = '\0';
		break;
	case CTRL('u'):
		a->filter[0] = '\0';
		break;
	default:
		if (key >= 32 && key < 127 && len + 1 < sizeof(a->filter)) {
			a->filter[len] = (char)key;
			a->filter[len + 1] = '\0';
		} else if (key == KEY_RESIZE || key == KEY_MOUSE) {
			return REACT_REDRAW;
		}
		break;
	}
	return REACT_REROW | REACT_REDRAW;
}

static void filter_status(struct app *a, int y)
{
	char line[128];
	snprintf(line, sizeof(line), _("Filter: %s"), a->filter);
	int used = draw_text(y, 0, COLS, A_BOLD, true, line);
	draw_text(y, used < COLS ? used : COLS - 1, 1, A_REVERSE, false, " ");
}

static const struct key_binding filter_keys[] = {
	{ '/', KG_OBJECT, start_filter, "/", N_("filter by key, id, owner or perms text"), N_("Filter"), NULL },
	{ KEY_F(4), KG_OBJECT, start_filter, "F4", NULL, NULL, NULL },
};

const struct mode_class filter_mode = {
	.name = "filter",
	.flags = MODE_OVERLAY | MODE_OWN_KEYS,
	MODE_KEYS(filter_keys),
	.status = filter_status,
	.key = filter_key,
};
