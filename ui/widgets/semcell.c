/* semcell.c — owns drawing one semaphore cell (see the header). */
#define _GNU_SOURCE
#include "widgets/semcell.h"

#include <stdio.h>

#include "base/i18n.h"
#include "widgets/bigdigits.h"
#include "widgets/scnnames.h"
#include "widgets/screen.h"
#include "widgets/text.h"

int semcell_rows(int scale, size_t nlines)
{
	return 1 + bigdigits_rows(scale) + (int)nlines;
}

void semcell_draw(const struct semcell *c, int y, int x, int w, int scale, size_t maxlines)
{
	char title[160], waits[64] = "";
	if (c->waiting > 0) /* TRANSLATORS: after a semaphore's name: how many processes wait on it. */
		snprintf(waits, sizeof(waits), P_("  %s %d waits", "  %s %d wait", c->waiting), scnnames_mark_blocked(),
			 c->waiting);
	snprintf(title, sizeof(title), "%s%s (%s)%s", c->selected ? "> " : "", c->name, c->sub, waits);
	attr_t attr = c->selected ? screen_attr(ROLE_SELECTED) : c->waiting ? screen_attr(ROLE_BLOCKED) : A_BOLD;
	draw_text(y, x, w - 1, attr, true, title);
	int s = bigdigits_scale(c->value, bigdigits_rows(scale), w - 3, scale);
	bigdigits_draw(y + 1, x + 2, c->value, s, A_BOLD);
	int ly = y + 1 + bigdigits_rows(scale);
	for (size_t i = 0; i < c->nlines && i < maxlines; i++)
		draw_text(ly + (int)i, x, w - 1, c->line_waits[i] ? screen_attr(ROLE_BLOCKED) : A_NORMAL, false,
			  c->lines[i]);
}
