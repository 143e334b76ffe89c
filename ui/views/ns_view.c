/* ns_view.c — `N`: the distinct IPC namespaces of running processes (inode,
 * processes, object counts, an example process and its container's
 * cgroup); Enter switches ipctop to the chosen one with setns. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "base/i18n.h"
#include "ops/actionlog.h"
#include "model/nscount.h"
#include "proc/nsinfo.h"
#include "views/list_view.h"
#include "views/posix_view.h"
#include "widgets/screen.h"
#include "widgets/text.h"

static struct {
	struct nsinfo_list namespaces;
	size_t cursor;
} nv;

extern const struct mode_class ns_mode;

static void ns_free(void)
{
	nsinfo_free(&nv.namespaces);
}

/* N opens the view, and closes it. */
static unsigned act_namespaces(struct app *a, int key)
{
	(void)key;
	if (mode_top(a) == &ns_mode) {
		mode_reset(a);
		return REACT_REDRAW;
	}
	if (nsinfo_list(&nv.namespaces) < 0) {
		app_message(a, true, _("reading /proc/*/ns/ipc: %s"), strerror(errno));
		return REACT_REDRAW;
	}
	nv.cursor = 0;
	for (size_t i = 0; i < nv.namespaces.count; i++)
		if (nv.namespaces.v[i].self)
			nv.cursor = i;
	mode_switch(a, &ns_mode);
	return REACT_REDRAW;
}

static void ns_draw(struct app *a, int top, int height)
{
	/* Laid out like the rows below (an inode of 10 digits). */
	static const struct title_col titles[] = {
		{ 3, -16, N_("NAMESPACE") }, { 1, 6, N_("PROCS") }, { 1, 4, "SHM" }, { 1, 4, "MSG" },
		{ 1, 4, "SEM" },             { 2, 0, N_("EXAMPLE") },
	};
	char title[160];
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true,
		  draw_title_line(title, sizeof(title), titles, sizeof(titles) / sizeof(titles[0])));
	if (nv.cursor >= nv.namespaces.count)
		nv.cursor = nv.namespaces.count ? nv.namespaces.count - 1 : 0;
	size_t rows = height > 2 ? (size_t)(height - 2) : 1;
	size_t first = nv.cursor >= rows ? nv.cursor - rows + 1 : 0;
	for (size_t r = 0; r < rows && first + r < nv.namespaces.count; r++) {
		const struct nsinfo_entry *e = &nv.namespaces.v[first + r];
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
		bool cur = first + r == nv.cursor;
		/* '>' marks the cursor without colour, '*' the namespace shown. */
		/* The container's cgroup, when there is one, after the example. */
		snprintf(line, sizeof(line), "%c%s ipc:[%llu] %6zu %s  %d %s%s%s%s", cur ? '>' : ' ', e->self ? "*" : " ",
			 (unsigned long long)e->inode, e->nprocs, counts, (int)e->pid, e->comm, e->cgroup[0] ? "  [" : "",
			 e->cgroup, e->cgroup[0] ? "]" : "");
		attr_t attr = cur ? screen_attr(ROLE_SELECTED) : A_NORMAL;
		draw_text(top + 1 + (int)r, 0, COLS, attr, true, line);
	}
	/* Root cannot read every process either (one in another user
	 * namespace, a sandbox's init): "run as root" only helps the others. */
	char foot[320], why[160] = "";
	size_t n = nv.namespaces.unreadable;
	if (n && geteuid() == 0)
		snprintf(why, sizeof(why), P_("  (%zu process not readable, even as root)",
					      "  (%zu processes not readable, even as root)", n), n);
	else if (n)
		snprintf(why, sizeof(why), P_("  (%zu process unreadable: run as root)",
					      "  (%zu processes unreadable: run as root)", n), n);
	snprintf(foot, sizeof(foot), _(" * = shown now.  Enter: switch to it (setns)%s"), why);
	draw_text(top + height - 1, 0, COLS, A_NORMAL, false, foot);
}

static unsigned act_ns_enter(struct app *a, int key)
{
	(void)key;
	if (nv.cursor >= nv.namespaces.count)
		return REACT_NONE;
	const struct nsinfo_entry *e = &nv.namespaces.v[nv.cursor];
	char spec[32], err[256];
	snprintf(spec, sizeof(spec), "%d", (int)e->pid);
	if (nsinfo_enter(spec, err, sizeof(err)) < 0) {
		app_message(a, true, "%s", err);
		return REACT_REDRAW;
	}
	actionlog_note("setns(open(\"/proc/%d/ns/ipc\", O_RDONLY), CLONE_NEWIPC) = 0", (int)e->pid);
	app_message(a, false, _("now showing ipc:[%llu] (the namespace of pid %d, %s)"), (unsigned long long)e->inode,
		    (int)e->pid, e->comm);
	mode_reset(a);
	a->sel.set = false;
	list_view_forget_new(); /* nothing is "new" in another namespace */
	posix_view_follow(a, e->pid); /* its /dev/shm is in its mount namespace */
	return REACT_RESCAN | REACT_REDRAW;
}

static unsigned ns_cursor(struct app *a, long delta)
{
	(void)a;
	return mode_cursor_step(&nv.cursor, nv.namespaces.count, delta);
}

static const struct key_binding ns_keys[] = {
	{ 'N', KG_SCREENS, act_namespaces, "N", N_("IPC namespaces of running processes; Enter there switches"),
	  N_("Namespaces"), NULL },
	{ '\r', 0, act_ns_enter, NULL, NULL, N_("Switch"), NULL },
	{ '\n', 0, act_ns_enter, NULL, NULL, NULL, NULL },
};

static const struct footer_key ns_footer[] = {
	{ KEY_ESC, NULL, NULL }, { KEY_UP, "Up/Dn", N_("Move") }, { '\r', "Enter", NULL },
	{ 'L', NULL, NULL },     { 'q', NULL, NULL },             { 0, NULL, NULL },
};

const struct mode_class ns_mode = {
	.name = "namespaces",
	.groups = KG_TABLE_SCREEN,
	MODE_KEYS(ns_keys),
	.footer = ns_footer,
	.draw = ns_draw,
	.cursor = ns_cursor,
	.free = ns_free,
};
