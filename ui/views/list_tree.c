/* list_tree.c — owns the list's tree (F5): whether it is on, the groups of
 * the current rows (model/tree.c), the mapping between rows and display
 * lines, and the text of each group's header line. */
#define _GNU_SOURCE
#include "views/list_tree.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "model/tree.h"
#include "proc/names.h"
#include "proc/procinfo.h"
#include "proc/procs.h"
#include "widgets/screen.h"

static struct {
	bool on;
	struct tree groups; /* of a->rows, while on */
} lt;

bool list_tree_on(void)
{
	return lt.on;
}

unsigned list_tree_toggle(struct app *a, int key)
{
	(void)key;
	lt.on = !lt.on;
	app_message(a, false, "%s", lt.on ? _("tree: objects grouped by creator process, then by owner (F5: flat list)")
					  : _("flat list (F5: tree by creator process)"));
	return REACT_REROW | REACT_REDRAW;
}

void list_tree_arrange(struct app *a)
{
	lt.groups.count = 0;
	if (!lt.on)
		return;
	if (tree_build(&lt.groups, a->rows, a->nrows, procinfo_exists) < 0) {
		lt.on = false; /* the flat list, still sorted */
		app_message(a, true, _("tree: out of memory; showing the flat list"));
	}
}

size_t list_tree_lines(const struct app *a)
{
	return a->nrows + (lt.on ? lt.groups.count : 0);
}

size_t list_tree_line_of(size_t row)
{
	if (!lt.on)
		return row;
	const struct tree_group *g = tree_group_of(&lt.groups, row);
	return g ? row + (size_t)(g - lt.groups.v) + 1 : row;
}

/* How many group headers are on the display lines before `line`. */
static size_t headers_before(size_t line)
{
	size_t lo = 0, hi = lt.on ? lt.groups.count : 0; /* group i's header: line first + i */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (lt.groups.v[mid].first + mid < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t list_tree_rows_shown(const struct app *a, size_t line, size_t n, size_t *first)
{
	size_t lines = list_tree_lines(a);
	*first = 0;
	if (line >= lines)
		return 0;
	size_t end = n < lines - line ? line + n : lines;
	*first = line - headers_before(line);
	return end - headers_before(end) - *first;
}

/* A group's header: "pid 1234 (2 objects): ./producer --fast", or
 * "owner alice (uid 1000), no running creator (3 objects)". */
static void header(const struct tree_group *g, char *buf, size_t len)
{
	char count[48];
	const char *mark = screen_utf8() ? "▾" : "-";
	snprintf(count, sizeof(count), P_("%zu object", "%zu objects", g->count), g->count);
	if (g->pid) {
		char cmd[160];
		if (procs_command(g->pid, cmd, sizeof(cmd)) < 0)
			snprintf(cmd, sizeof(cmd), "?");
		snprintf(buf, len, "%s pid %d (%s): %s", mark, (int)g->pid, count, cmd);
	} else {
		/* TRANSLATORS: a tree group: the objects whose creator is not
		 * running (queues and sets never name theirs), by owner. */
		snprintf(buf, len, _("%s owner %s (uid %u), no running creator (%s)"), mark, names_user(g->uid),
			 (unsigned)g->uid, count);
	}
}

bool list_tree_at(const struct app *a, size_t line, size_t *row, char *buf, size_t len)
{
	(void)a;
	if (!lt.on || !lt.groups.count) {
		*row = line;
		return true;
	}
	/* Group i's header is on line first + i: the last group whose header
	 * is at or above the line holds it. */
	size_t lo = 0, hi = lt.groups.count;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (lt.groups.v[mid].first + mid <= line)
			lo = mid;
		else
			hi = mid;
	}
	const struct tree_group *g = &lt.groups.v[lo];
	size_t head = g->first + lo;
	if (line == head) {
		header(g, buf, len);
		return false;
	}
	*row = line - lo - 1;
	return true;
}

void list_tree_free(void)
{
	tree_free(&lt.groups);
}
