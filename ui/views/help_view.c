/* help_view.c — the help screen: its lines (the key list comes from the
 * key tables, keys.c) and the scroll position. */
#define _GNU_SOURCE
#include "views/help_view.h"

#include <stdio.h>

#include "base/i18n.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define HELP_LINES 160

static struct {
	char lines[HELP_LINES][320]; /* every binding fits; room for translated (3-byte UTF-8) text */
	int count;
	int top;
} help;

extern const struct mode_class help_mode;

void help_view_open(struct app *a)
{
	help.count = help.top = 0;
	snprintf(help.lines[help.count++], sizeof(help.lines[0]),
		 _("ipctop %s: System V IPC objects of this IPC namespace, refreshed every %d.%ds."), IPCTOP_VERSION,
		 a->opt.delay_tenths / 10, a->opt.delay_tenths % 10);
	snprintf(help.lines[help.count++], sizeof(help.lines[0]), "%s", "");
	mode_switch(a, &help_mode);
}

void help_view_add(const char *keys, const char *text)
{
	char keycol[64];
	if (help.count < HELP_LINES)
		snprintf(help.lines[help.count++], sizeof(help.lines[0]), "  %s %s",
			 draw_pad(keycol, sizeof(keycol), keys, -18), text);
}

bool help_view_shown(const struct app *a)
{
	return mode_top(a) == &help_mode;
}

static void help_draw(struct app *a, int top, int height)
{
	(void)a;
	if (help.top > help.count - 1)
		help.top = help.count - 1 > 0 ? help.count - 1 : 0;
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, _(" Help — keys"));
	for (int r = 0; r + 1 < height && help.top + r < help.count; r++)
		draw_text(top + 1 + r, 0, COLS, A_NORMAL, false, help.lines[help.top + r]);
}

/* Scrolls; the draw keeps at least the last line on screen. */
static unsigned help_cursor(struct app *a, long delta)
{
	(void)a;
	long t = help.top + delta;
	help.top = t < 0 ? 0 : t > 1000 ? 1000 : (int)t;
	return REACT_REDRAW;
}

static const struct footer_key help_footer[] = {
	{ KEY_ESC, NULL, NULL }, { KEY_UP, "Up/Dn", N_("Scroll") }, { 'q', NULL, NULL }, { 0, NULL, NULL },
};

const struct mode_class help_mode = {
	.name = "help",
	.groups = KG_ANY | KG_ROWS | KG_VI_UP | KG_BACK | KG_MOUSE,
	.footer = help_footer,
	.draw = help_draw,
	.cursor = help_cursor,
};
