/* semcell.c — owns drawing one semaphore cell and the lines naming the
 * processes the waiter scan finds on it (see the header). */
#define _GNU_SOURCE
#include "widgets/semcell.h"

#include <stdio.h>

#include "model/waiters.h"
#include "proc/procs.h"

#include "base/i18n.h"
#include "widgets/bigdigits.h"
#include "widgets/scnnames.h"
#include "widgets/screen.h"
#include "widgets/text.h"

int semcell_rows(int scale, size_t nrows)
{
	return 1 + bigdigits_rows(scale) + (int)nrows;
}

size_t semcell_line_rows(const struct semcell *c, int w)
{
	size_t rows = 0;
	for (size_t i = 0; i < c->nlines; i++)
		rows += draw_width(c->lines[i]) > w - 1 ? 2 : 1;
	return rows;
}

void semcell_draw(const struct semcell *c, int y, int x, int w, int scale, size_t maxrows)
{
	char title[160], waits[64] = "";
	if (c->waiting > 0) /* TRANSLATORS: after a semaphore's name: how many processes wait on it. */
		snprintf(waits, sizeof(waits), P_("  %s %d waits", "  %s %d wait", c->waiting), scnnames_mark_blocked(),
			 c->waiting);
	snprintf(title, sizeof(title), "%s%s (%s)%s", c->selected ? "> " : "", c->name, c->sub, waits);
	if (draw_width(title) > w - 1) /* the name and who waits matter more than the number */
		snprintf(title, sizeof(title), "%s%s%s", c->selected ? "> " : "", c->name, waits);
	attr_t attr = c->selected ? screen_attr(ROLE_SELECTED) : c->waiting ? screen_attr(ROLE_BLOCKED) : A_BOLD;
	draw_text(y, x, w - 1, attr, true, title);
	int s = bigdigits_scale(c->value, bigdigits_rows(scale), w - 3, scale);
	bigdigits_draw(y + 1, x + 2, c->value, s, A_BOLD);
	int ly = y + 1 + bigdigits_rows(scale), end = ly + (int)maxrows;
	for (size_t i = 0; i < c->nlines && ly < end; i++) /* a long line takes two rows */
		ly += draw_wrapped(ly, x, w - 1, end - ly < 2 ? end - ly : 2,
				   c->line_waits[i] ? screen_attr(ROLE_BLOCKED) : A_NORMAL, c->lines[i]);
}

void semcell_add_scanned(struct semcell *c, char text[][SEMCELL_TEXT], const struct snapshot *snap, int semid,
			 unsigned num, bool (*skip)(pid_t pid, const void *arg), const void *arg)
{
	size_t nw = 0;
	const struct waiter *w = snap->waiters_read ? waiters_find(&snap->waiters, KIND_SEM, semid, &nw) : NULL;
	for (size_t i = 0; i < nw && c->nlines < SEMCELL_LINES; i++) {
		if (w[i].blocking < 0 || w[i].ops[w[i].blocking].num != num || (skip && skip(w[i].pid, arg)))
			continue;
		char who[96], comm[32];
		if (procs_comm(w[i].pid, comm, sizeof(comm)) < 0)
			snprintf(comm, sizeof(comm), "?"); /* gone since the scan */
		snprintf(who, sizeof(who), "%s (%d)", comm, (int)w[i].pid);
		/* TRANSLATORS: under a semaphore: the blocked mark, who waits, the operation ("P"). */
		snprintf(text[c->nlines], SEMCELL_TEXT, _("%s %s waits: %s"), scnnames_mark_blocked(), who,
			 w[i].ops[w[i].blocking].op < 0 ? "P" : "Z");
		c->lines[c->nlines] = text[c->nlines];
		c->line_waits[c->nlines++] = true;
	}
}
