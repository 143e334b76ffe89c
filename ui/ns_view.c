/* ns_view.c — `N`: the distinct IPC namespaces of running processes (inode,
 * processes, an example command, object counts); Enter switches ipctop to
 * the chosen one with setns. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ops/actionlog.h"
#include "actions.h"
#include "draw.h"
#include "base/i18n.h"
#include "model/nscount.h"
#include "proc/nsinfo.h"

static struct nsinfo_list namespaces;

void ns_view_free(void)
{
	nsinfo_free(&namespaces);
}

unsigned act_namespaces(struct app *a, int key)
{
	(void)key;
	if (a->mode == UI_NS) {
		a->mode = UI_LIST;
		return REACT_REDRAW;
	}
	if (nsinfo_list(&namespaces) < 0) {
		app_message(a, true, _("reading /proc/*/ns/ipc: %s"), strerror(errno));
		return REACT_REDRAW;
	}
	a->ns_cursor = 0;
	for (size_t i = 0; i < namespaces.count; i++)
		if (namespaces.v[i].self)
			a->ns_cursor = i;
	a->mode = UI_NS;
	return REACT_REDRAW;
}

void ns_view_draw(struct app *a, int top, int height)
{
	/* Laid out like the rows below (an inode of 10 digits). */
	static const struct title_col titles[] = {
		{ 3, -16, N_("NAMESPACE") }, { 1, 6, N_("PROCS") }, { 1, 4, "SHM" }, { 1, 4, "MSG" },
		{ 1, 4, "SEM" },             { 2, 0, N_("EXAMPLE") },
	};
	char title[160];
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true,
		  draw_title_line(title, sizeof(title), titles, sizeof(titles) / sizeof(titles[0])));
	if (a->ns_cursor >= namespaces.count)
		a->ns_cursor = namespaces.count ? namespaces.count - 1 : 0;
	size_t rows = height > 2 ? (size_t)(height - 2) : 1;
	size_t first = a->ns_cursor >= rows ? a->ns_cursor - rows + 1 : 0;
	for (size_t r = 0; r < rows && first + r < namespaces.count; r++) {
		const struct nsinfo_entry *e = &namespaces.v[first + r];
		struct ipc_limits lim;
		char counts[32], line[200];
		/* Visible rows only: each count forks a short child. */
		if (e->self)
			lim = a->snap.limits;
		if (e->self || nscount_read(e->pid, &lim) == 0)
			snprintf(counts, sizeof(counts), "%4llu %4llu %4llu", (unsigned long long)lim.shm_segments,
				 (unsigned long long)lim.msg_queues, (unsigned long long)lim.sem_sets);
		else
			snprintf(counts, sizeof(counts), "   ?    ?    ?");
		bool cur = first + r == a->ns_cursor;
		/* '>' marks the cursor without colour, '*' the namespace shown. */
		snprintf(line, sizeof(line), "%c%s ipc:[%llu] %6zu %s  %d %s", cur ? '>' : ' ', e->self ? "*" : " ",
			 (unsigned long long)e->inode, e->nprocs, counts, (int)e->pid, e->comm);
		attr_t attr = cur ? screen_attr(ROLE_SELECTED) : A_NORMAL;
		draw_text(top + 1 + (int)r, 0, COLS, attr, true, line);
	}
	char foot[320];
	snprintf(foot, sizeof(foot), _(" * = shown now.  Enter: switch to it (setns)%s"),
		 namespaces.unreadable ? _("  (some processes unreadable: run as root)") : "");
	draw_text(top + height - 1, 0, COLS, A_NORMAL, false, foot);
}

unsigned act_ns_enter(struct app *a, int key)
{
	(void)key;
	if (a->ns_cursor >= namespaces.count)
		return REACT_NONE;
	const struct nsinfo_entry *e = &namespaces.v[a->ns_cursor];
	char spec[32], err[256];
	snprintf(spec, sizeof(spec), "%d", (int)e->pid);
	if (nsinfo_enter(spec, err, sizeof(err)) < 0) {
		app_message(a, true, "%s", err);
		return REACT_REDRAW;
	}
	actionlog_note("setns(open(\"/proc/%d/ns/ipc\", O_RDONLY), CLONE_NEWIPC) = 0", (int)e->pid);
	app_message(a, false, _("now showing ipc:[%llu] (the namespace of pid %d, %s)"), (unsigned long long)e->inode,
		    (int)e->pid, e->comm);
	a->mode = UI_LIST;
	a->sel.set = false;
	a->scanned_once = false; /* nothing is "new" in another namespace */
	posix_view_follow(a, e->pid); /* its /dev/shm is in its mount namespace */
	return REACT_RESCAN | REACT_REDRAW;
}

size_t ns_view_count(void)
{
	return namespaces.count;
}
