/* help_view.c — the help screen: its entries (the key list comes from the
 * key tables, keys.c), each description wrapped to the screen's width
 * under its text column, and the scroll position, which stops when the
 * last line is at the bottom. */
#define _GNU_SOURCE
#include "views/help_view.h"

#include <stdio.h>

#include "base/i18n.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define HELP_ENTRIES 200
#define KEY_COLS 18 /* the keys' column; the text starts 2 + 18 + 1 columns in */

static struct {
	struct {
		char keys[48];
		char text[320]; /* room for translated (3-byte UTF-8) text */
	} e[HELP_ENTRIES];
	int count;
	char intro[320];
	size_t top;     /* the first line shown */
	size_t max_top; /* the last draw's: the top that shows the last line at the bottom */
} help;

extern const struct mode_class help_mode;

void help_view_open(struct app *a)
{
	help.count = help.top = help.max_top = 0;
	snprintf(help.intro, sizeof(help.intro),
		 _("ipctop %s: System V IPC objects of this IPC namespace, refreshed every %d.%ds."), IPCTOP_VERSION,
		 a->opt.delay_tenths / 10, a->opt.delay_tenths % 10);
	mode_switch(a, &help_mode);
}

void help_view_add(const char *keys, const char *text)
{
	if (help.count < HELP_ENTRIES) {
		snprintf(help.e[help.count].keys, sizeof(help.e[0].keys), "%s", keys);
		snprintf(help.e[help.count].text, sizeof(help.e[0].text), "%s", text);
		help.count++;
	}
}

bool help_view_shown(const struct app *a)
{
	return mode_top(a) == &help_mode;
}

/* Lines of the help as the screen is now wide: the intro (wrapped), a blank
 * line, then each entry, its text wrapped under the text column. Calls
 * line(n, text, arg) for lines [from, to) and returns how many there are. */
static size_t help_lines(size_t from, size_t to, void (*line)(size_t n, const char *text, void *arg), void *arg)
{
	char chunk[320], out[400], keycol[64];
	size_t n = 0;
	int textw = COLS - (2 + KEY_COLS + 1);
	const char *p = help.intro;
	do {
		p = draw_wrap(p, COLS, chunk, sizeof(chunk));
		if (n >= from && n < to)
			line(n, chunk, arg);
		n++;
	} while (*p);
	n++; /* blank */
	for (int i = 0; i < help.count; i++) {
		p = help.e[i].text;
		bool first = true;
		do {
			p = draw_wrap(p, textw, chunk, sizeof(chunk));
			if (n >= from && n < to) {
				snprintf(out, sizeof(out), "  %s %s",
					 draw_pad(keycol, sizeof(keycol), first ? help.e[i].keys : "", -KEY_COLS), chunk);
				line(n, out, arg);
			}
			first = false;
			n++;
		} while (*p);
	}
	return n;
}

struct draw_at {
	int y0;
	size_t from;
};

static void draw_line(size_t n, const char *text, void *arg)
{
	const struct draw_at *d = arg;
	draw_text(d->y0 + (int)(n - d->from), 0, COLS, A_NORMAL, false, text);
}

static void help_draw(struct app *a, int top, int height)
{
	(void)a;
	size_t rows = height > 1 ? (size_t)(height - 1) : 0;
	size_t total = help_lines(0, 0, draw_line, NULL);
	help.max_top = total > rows ? total - rows : 0;
	if (help.top > help.max_top)
		help.top = help.max_top;
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, _(" Help — keys"));
	struct draw_at d = { top + 1, help.top };
	help_lines(help.top, help.top + rows, draw_line, &d);
}

/* Scrolls, from the first line to the one that shows the last line at the
 * bottom (as the last draw laid it out). */
static unsigned help_cursor(struct app *a, long delta)
{
	(void)a;
	return mode_cursor_step(&help.top, help.max_top + 1, delta);
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
