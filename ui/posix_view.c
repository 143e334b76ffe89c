/* posix_view.c — `5`: POSIX shared memory and semaphores (/dev/shm) and
 * message queues (/dev/mqueue, when mounted) of ipctop's mount namespace or
 * of the process whose IPC namespace it entered (--ns PID, N), with a line
 * saying whose; `d` removes the selected one (shm_unlink / sem_unlink /
 * mq_unlink, unlinkat in another namespace) after confirmation, or says
 * why not. Read-only otherwise. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ops/actionlog.h"
#include "actions.h"
#include "draw.h"
#include "base/format.h"
#include "base/i18n.h"
#include "proc/names.h"
#include "model/posixipc.h"
#include "model/posixns.h"

static struct posix_list objects;
static struct posixns where = POSIXNS_INIT;
static bool where_set;

void posix_view_free(void)
{
	posixipc_free(&objects);
	posixns_close(&where);
}

void posix_view_follow(struct app *a, pid_t pid)
{
	where_set = true;
	if (pid <= 0)
		posixns_own(&where, pid == 0);
	else if (posixns_follow(&where, pid) < 0)
		app_message(a, true, "%s", where.why);
	if (a->mode == UI_POSIX)
		posix_view_refresh(a);
}

void posix_view_refresh(struct app *a)
{
	if (!where_set) { /* nothing followed yet: ipctop's own files */
		posixns_own(&where, false);
		where_set = true;
	}
	if (posixns_list(&where, &objects) < 0)
		app_message(a, true, _("reading /dev/shm: %s"), strerror(errno));
	if (a->posix_cursor >= objects.count)
		a->posix_cursor = objects.count ? objects.count - 1 : 0;
}

size_t posix_view_count(void)
{
	return objects.count;
}

unsigned act_posix(struct app *a, int key)
{
	(void)key;
	a->mode = UI_POSIX;
	posix_view_refresh(a);
	return REACT_REDRAW;
}

/* The line saying whose files are listed. */
static void draw_whose(int y)
{
	char line[320];
	unsigned long long mnt = (unsigned long long)where.mnt;
	if (where.pid)
		snprintf(line, sizeof(line), _(" Files of pid %d (%s), mnt:[%llu], via /proc/%d/root"),
			 (int)where.pid, where.comm, mnt, (int)where.pid);
	else if (where.foreign)
		snprintf(line, sizeof(line), _(" ipctop's own files (mnt:[%llu]), not the entered namespace's: d refused"),
			 mnt);
	else
		snprintf(line, sizeof(line), _(" Files of ipctop's own mount namespace, mnt:[%llu]"), mnt);
	draw_text(y, 0, COLS, where.foreign ? screen_attr(ROLE_ERROR) : A_BOLD, true, line);
}

void posix_view_draw(struct app *a, int top, int height)
{
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
	size_t first = a->posix_cursor >= rows ? a->posix_cursor - rows + 1 : 0;
	time_t now = clock_now();
	for (size_t r = 0; r < rows && first + r < objects.count; r++, y++) {
		const struct posix_object *o = &objects.v[first + r];
		char size[16], value[24], perms[16], when[24], line[512];
		format_human(o->size, size, sizeof(size));
		if (o->kind == POSIX_SEM && o->has_value)
			snprintf(value, sizeof(value), "%d", o->value);
		else if (o->kind == POSIX_MQ && o->has_attr)
			snprintf(value, sizeof(value), "%ld/%ld", o->msgs, o->maxmsg);
		else
			snprintf(value, sizeof(value), "-");
		bool cur = first + r == a->posix_cursor;
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
	if (objects.count == 0)
		draw_text(y++, 2, COLS - 2, A_BOLD, false, _("No POSIX shared memory, semaphores or queues."));
	char note[320];
	if (!objects.mqueue_mounted)
		snprintf(note, sizeof(note), _(" Message queues: /dev/mqueue is not mounted (as root: %s)"),
			 POSIXIPC_MQUEUE_HINT);
	else
		snprintf(note, sizeof(note), _(" Queues from /dev/mqueue%s.  d: remove (unlink)"),
			 objects.mqueue_other_ns ? _(" (mounted from another IPC namespace)") : "");
	draw_text(top + height - 1, 0, COLS, A_NORMAL, false, note);
}

static struct posix_object removing;

static unsigned remove_confirmed(struct app *a)
{
	char call[300], msg[400];
	int rc = posixns_remove(&where, removing.kind, removing.name, call, sizeof(call), msg, sizeof(msg));
	actionlog_note("%s", call);
	if (rc < 0)
		app_message(a, true, "%s", msg);
	else
		app_message(a, false, "%s", call);
	posix_view_refresh(a);
	return REACT_REDRAW;
}

unsigned act_posix_remove(struct app *a, int key)
{
	(void)key;
	if (app_refuse_read_only(a, _("removing POSIX objects")))
		return REACT_REDRAW;
	if (a->posix_cursor >= objects.count) {
		app_message(a, true, _("no POSIX object selected"));
		return REACT_REDRAW;
	}
	removing = objects.v[a->posix_cursor];
	char q[320];
	if (!posixns_may_remove(&where, &removing, q, sizeof(q))) {
		app_message(a, true, "%s", q);
		return REACT_REDRAW;
	}
	snprintf(q, sizeof(q), _("Remove POSIX %s %s (unlink)?"), posixipc_kind_name(removing.kind), removing.name);
	app_ask(a, q, remove_confirmed);
	return REACT_REDRAW;
}
