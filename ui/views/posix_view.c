/* posix_view.c — `5`: POSIX shared memory and semaphores (/dev/shm) and
 * message queues (/dev/mqueue, when mounted) of ipctop's mount namespace or
 * of the process whose IPC namespace it entered (--ns PID, N), with a line
 * saying whose; `d` removes the selected one (shm_unlink / sem_unlink /
 * mq_unlink, unlinkat in another namespace) after confirmation, or says
 * why not. Read-only otherwise. */
#define _GNU_SOURCE
#include "views/posix_view.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "base/i18n.h"
#include "model/posixipc.h"
#include "ops/actionlog.h"
#include "proc/names.h"
#include "model/posixns.h"
#include "views/confirm.h"
#include "widgets/screen.h"
#include "widgets/text.h"

static struct {
	struct posix_list objects;
	struct posixns where; /* whose files: ipctop's or a process's mount namespace */
	bool where_set;
	size_t cursor;
	struct posix_object removing; /* what the question is about */
} pv = { .where = POSIXNS_INIT };

extern const struct mode_class posix_mode;

static void posix_free(void)
{
	posixipc_free(&pv.objects);
	posixns_close(&pv.where);
}

static void posix_refresh(struct app *a)
{
	if (!pv.where_set) { /* nothing followed yet: ipctop's own files */
		posixns_own(&pv.where, false);
		pv.where_set = true;
	}
	if (posixns_list(&pv.where, &pv.objects) < 0)
		app_message(a, true, _("reading /dev/shm: %s"), strerror(errno));
	if (pv.cursor >= pv.objects.count)
		pv.cursor = pv.objects.count ? pv.objects.count - 1 : 0;
}

void posix_view_follow(struct app *a, pid_t pid)
{
	pv.where_set = true;
	if (pid <= 0)
		posixns_own(&pv.where, pid == 0);
	else if (posixns_follow(&pv.where, pid) < 0)
		app_message(a, true, "%s", pv.where.why);
	if (mode_top(a) == &posix_mode)
		posix_refresh(a);
}

static unsigned act_posix(struct app *a, int key)
{
	(void)key;
	mode_switch(a, &posix_mode);
	posix_refresh(a);
	return REACT_REDRAW;
}

/* The line saying whose files are listed. */
static void draw_whose(int y)
{
	char line[320];
	unsigned long long mnt = (unsigned long long)pv.where.mnt;
	if (pv.where.pid)
		snprintf(line, sizeof(line), _(" Files of pid %d (%s), mnt:[%llu], via /proc/%d/root"),
			 (int)pv.where.pid, pv.where.comm, mnt, (int)pv.where.pid);
	else if (pv.where.foreign)
		snprintf(line, sizeof(line), _(" ipctop's own files (mnt:[%llu]), not the entered namespace's: d refused"),
			 mnt);
	else
		snprintf(line, sizeof(line), _(" Files of ipctop's own mount namespace, mnt:[%llu]"), mnt);
	draw_text(y, 0, COLS, pv.where.foreign ? screen_attr(ROLE_ERROR) : A_BOLD, true, line);
}

static void posix_draw(struct app *a, int top, int height)
{
	(void)a;
	/* Laid out like the rows below. */
	static const struct title_col titles[] = {
		{ 1, -4, N_("TYPE") },  { 1, -24, N_("NAME") },  { 1, 6, N_("SIZE") }, { 1, 10, N_("VALUE/MSGS") },
		{ 1, -8, N_("OWNER") }, { 1, -9, N_("PERMS") }, { 1, 0, N_("MODIFIED") },
	};
	char title[200];
	draw_whose(top);
	draw_text(top + 1, 0, COLS, screen_attr(ROLE_TITLE), true,
		  draw_title_line(title, sizeof(title), titles, sizeof(titles) / sizeof(titles[0])));
	int y = top + 2;
	size_t rows = height > 4 ? (size_t)(height - 4) : 1;
	size_t first = pv.cursor >= rows ? pv.cursor - rows + 1 : 0;
	time_t now = clock_now();
	for (size_t r = 0; r < rows && first + r < pv.objects.count; r++, y++) {
		const struct posix_object *o = &pv.objects.v[first + r];
		char size[16], value[24], perms[16], when[24], line[512];
		format_human(o->size, size, sizeof(size));
		if (o->kind == POSIX_SEM && o->has_value)
			snprintf(value, sizeof(value), "%d", o->value);
		else if (o->kind == POSIX_MQ && o->has_attr)
			snprintf(value, sizeof(value), "%ld/%ld", o->msgs, o->maxmsg);
		else
			snprintf(value, sizeof(value), "-");
		bool cur = first + r == pv.cursor;
		/* Names (anyone's bytes) and user names are padded and cut by
		 * screen columns, at a character; draw_text shows what is not
		 * printable as '?'. */
		snprintf(line, sizeof(line), "%c%-4s ", cur ? '>' : ' ', posixipc_kind_name(o->kind));
		draw_padcat(line, sizeof(line), o->name, -24);
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " %6s %10s ", size, value);
		draw_padcat(line, sizeof(line), names_user(o->uid), -8);
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " %-9s %s",
			 format_perms(o->mode, perms, sizeof(perms)), format_time_short(o->mtime, now, when, sizeof(when)));
		attr_t attr = cur ? screen_attr(ROLE_SELECTED) : A_NORMAL;
		draw_text(y, 0, COLS, attr, true, line);
	}
	if (pv.objects.count == 0)
		draw_text(y++, 2, COLS - 2, A_BOLD, false, _("No POSIX shared memory, semaphores or queues."));
	char note[320];
	if (!pv.objects.mqueue_mounted)
		snprintf(note, sizeof(note), _(" Message queues: /dev/mqueue is not mounted (as root: %s)"),
			 POSIXIPC_MQUEUE_HINT);
	else
		snprintf(note, sizeof(note), _(" Queues from /dev/mqueue%s.  d: remove (unlink)"),
			 pv.objects.mqueue_other_ns ? _(" (mounted from another IPC namespace)") : "");
	draw_text(top + height - 1, 0, COLS, A_NORMAL, false, note);
}

static unsigned remove_confirmed(struct app *a)
{
	char call[300], msg[400];
	int rc = posixns_remove(&pv.where, pv.removing.kind, pv.removing.name, call, sizeof(call), msg, sizeof(msg));
	actionlog_note("%s", call);
	if (rc < 0)
		app_message(a, true, "%s", msg);
	else
		app_message(a, false, "%s", call);
	posix_refresh(a);
	return REACT_REDRAW;
}

static unsigned act_posix_remove(struct app *a, int key)
{
	(void)key;
	if (app_refuse_read_only(a, _("removing POSIX objects")))
		return REACT_REDRAW;
	if (pv.cursor >= pv.objects.count) {
		app_message(a, true, _("no POSIX object selected"));
		return REACT_REDRAW;
	}
	pv.removing = pv.objects.v[pv.cursor];
	char q[320];
	if (!posixns_may_remove(&pv.where, &pv.removing, q, sizeof(q))) {
		app_message(a, true, "%s", q);
		return REACT_REDRAW;
	}
	snprintf(q, sizeof(q), _("Remove POSIX %s %s (unlink)?"), posixipc_kind_name(pv.removing.kind), pv.removing.name);
	confirm_ask(a, q, remove_confirmed);
	return REACT_REDRAW;
}

static unsigned posix_cursor(struct app *a, long delta)
{
	(void)a;
	return mode_cursor_step(&pv.cursor, pv.objects.count, delta);
}

static const struct key_binding posix_keys[] = {
	{ '5', KG_DIGITS, act_posix, "5", N_("POSIX shared memory, semaphores and queues"), NULL, NULL },
	{ 'd', 0, act_posix_remove, NULL, NULL, N_("Remove"), NULL },
};

static const struct footer_key posix_footer[] = {
	{ KEY_ESC, NULL, NULL }, { KEY_UP, "Up/Dn", N_("Move") }, { 'd', "d", NULL },
	{ '1', "1-4", N_("SysV") }, { 'q', NULL, NULL },          { 0, NULL, NULL },
};

const struct mode_class posix_mode = {
	.name = "posix",
	.flags = MODE_TAB,
	.groups = KG_TABLE_SCREEN,
	MODE_KEYS(posix_keys),
	.footer = posix_footer,
	.draw = posix_draw,
	.cursor = posix_cursor,
	.rescanned = posix_refresh,
	.free = posix_free,
};
