/* limits_view.c — `L`: every limit of `ipcs -l` / `lsipc --global` with
 * what is in use, a usage bar (rows at 80 % and more are marked "!" and
 * highlighted), shm pages resident/swapped like `ipcs -u`; `e` lets root
 * change a limit in /proc/sys/kernel after confirmation. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "base/format.h"
#include "base/i18n.h"
#include "base/parse.h"
#include "model/ipclimits.h"
#include "ops/actionlog.h"
#include "views/confirm.h"
#include "views/form_view.h"
#include "widgets/screen.h"
#include "widgets/text.h"

static struct {
	size_t cursor;
	int editing; /* enum limit_id: the limit the form and the question are about */
	uint64_t new_value;
} lv;

extern const struct mode_class limits_mode;

struct limit_row {
	const char *name, *what;
	uint64_t value;
	bool has_used;
	uint64_t used;
	int id; /* enum limit_id when root may change it, else -1 */
};

static size_t build_rows(const struct app *a, struct limit_row *rows)
{
	const struct ipc_limits *l = &a->snap.limits;
	uint64_t max_size = 0, max_nsems = 0;
	for (size_t i = 0; i < a->snap.count; i++) {
		const struct ipc_object *o = &a->snap.objs[i];
		if (o->kind == KIND_SHM && o->u.shm.size > max_size)
			max_size = o->u.shm.size;
		if (o->kind == KIND_SEM && o->u.sem.nsems > max_nsems)
			max_nsems = o->u.sem.nsems;
	}
	size_t n = 0;
#define ROW(nm, wh, val, hu, us, lid) rows[n++] = (struct limit_row){ nm, wh, val, hu, us, lid }
	ROW("SHMMNI", _("segments"), l->shmmni, true, l->shm_segments, LIMIT_SHMMNI);
	ROW("SHMALL", _("pages of shm in all"), l->shmall, true, l->shm_pages, LIMIT_SHMALL);
	ROW("SHMMAX", _("bytes in one segment (largest)"), l->shmmax, true, max_size, LIMIT_SHMMAX);
	ROW("SHMMIN", _("bytes, smallest segment"), l->shmmin, false, 0, -1);
	ROW("MSGMNI", _("queues"), l->msgmni, true, l->msg_queues, LIMIT_MSGMNI);
	ROW("MSGMAX", _("bytes in one message"), l->msgmax, false, 0, LIMIT_MSGMAX);
	ROW("MSGMNB", _("bytes, default queue capacity"), l->msgmnb, false, 0, LIMIT_MSGMNB);
	ROW("SEMMNI", _("semaphore sets"), l->semmni, true, l->sem_sets, LIMIT_SEMMNI);
	ROW("SEMMNS", _("semaphores in all"), l->semmns, true, l->sem_sems, LIMIT_SEMMNS);
	ROW("SEMMSL", _("semaphores in one set (largest)"), l->semmsl, true, max_nsems, LIMIT_SEMMSL);
	ROW("SEMOPM", _("ops in one semop()"), l->semopm, false, 0, LIMIT_SEMOPM);
	ROW("SEMVMX", _("largest semaphore value"), l->semvmx, false, 0, -1);
#undef ROW
	return n;
}

#define LIMIT_ROWS 12

static void number(uint64_t v, char *buf, size_t len)
{
	if (v >= (UINT64_MAX >> 12))
		snprintf(buf, len, "%s", _("unlimited"));
	else
		snprintf(buf, len, "%" PRIu64, v);
}

static void limits_draw(struct app *a, int top, int height)
{
	struct limit_row rows[LIMIT_ROWS];
	size_t n = build_rows(a, rows);
	const struct ipc_limits *l = &a->snap.limits;
	/* Laid out like the rows below. */
	static const struct title_col titles[] = {
		{ 1, -8, N_("LIMIT") }, { 1, 14, N_("VALUE") }, { 1, 13, N_("USED") }, { 1, 5, N_("USE") },
		{ 2, -12, N_("BAR") },  { 2, 0, N_("MEANING") },
	};
	char title[200];
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true,
		  draw_title_line(title, sizeof(title), titles, sizeof(titles) / sizeof(titles[0])));
	if (lv.cursor >= n)
		lv.cursor = n - 1;
	int y = top + 1;
	for (size_t i = 0; i < n && y < top + height - 2; i++, y++) {
		char val[24], used[24], pct[8] = "", bar[16] = "", line[200];
		number(rows[i].value, val, sizeof(val));
		snprintf(used, sizeof(used), "%s", "-");
		unsigned p = 0;
		if (rows[i].has_used) {
			number(rows[i].used, used, sizeof(used));
			p = rows[i].value ? (unsigned)(rows[i].used * 100 / rows[i].value) : 0;
			if (rows[i].used && p == 0 && rows[i].value < (UINT64_MAX >> 12))
				p = 0;
			snprintf(pct, sizeof(pct), "%u%%", p > 999 ? 999 : p);
			unsigned fill = p >= 100 ? 10 : p / 10;
			bar[0] = '[';
			for (unsigned k = 0; k < 10; k++)
				bar[1 + k] = k < fill ? '#' : '.';
			bar[11] = ']';
			bar[12] = '\0';
		}
		bool near = rows[i].has_used && p >= 80;
		char valcol[64], usedcol[64];
		snprintf(line, sizeof(line), "%s%-8s %s %s %5s  %-12s  %s", near ? "!" : " ", rows[i].name,
			 draw_pad(valcol, sizeof(valcol), val, 14), draw_pad(usedcol, sizeof(usedcol), used, 13), pct, bar,
			 rows[i].what);
		attr_t attr = i == lv.cursor ? screen_attr(ROLE_SELECTED) : near ? screen_attr(ROLE_ERROR) : A_NORMAL;
		draw_text(y, 0, COLS, attr, true, line);
	}
	char line[200], tot[16], rss[16], swp[16];
	format_human(l->shm_pages * l->page_size, tot, sizeof(tot));
	format_human(l->shm_rss_pages * l->page_size, rss, sizeof(rss));
	format_human(l->shm_swap_pages * l->page_size, swp, sizeof(swp));
	snprintf(line, sizeof(line), _(" shm pages: %" PRIu64 " allocated (%s), %" PRIu64 " resident (%s), %" PRIu64
		 " swapped (%s)"), l->shm_pages, tot, l->shm_rss_pages, rss, l->shm_swap_pages, swp);
	if (y < top + height)
		draw_text(y++, 0, COLS, A_BOLD, false, line);
	snprintf(line, sizeof(line), _(" messages: %" PRIu64 " in all queues, %" PRIu64 " bytes.  %s"), l->msg_messages,
		 l->msg_bytes, geteuid() == 0 ? _("e: change the limit (root)") : _("only root may change limits"));
	if (y < top + height)
		draw_text(y, 0, COLS, A_NORMAL, false, line);
}

static unsigned limits_cursor(struct app *a, long delta)
{
	(void)a;
	return mode_cursor_step(&lv.cursor, LIMIT_ROWS, delta);
}

static unsigned write_confirmed(struct app *a)
{
	char call[400], msg[400];
	int rc = limits_write(&a->snap.limits, (enum limit_id)lv.editing, lv.new_value, call, sizeof(call), msg, sizeof(msg));
	actionlog_note("%s = %s", call, rc < 0 ? "-1" : "ok");
	if (rc < 0)
		app_message(a, true, "%s", msg);
	else
		app_message(a, false, _("%s: %s is now %" PRIu64), call, limits_name((enum limit_id)lv.editing), lv.new_value);
	return REACT_RESCAN | REACT_REDRAW;
}

static bool limit_submit(struct app *a, struct form *f)
{
	const char *why;
	if (parse_size(f->fields[0].text, &lv.new_value, &why) < 0) {
		form_note(f, 0, true, "%s", why);
		return false;
	}
	char q[256];
	snprintf(q, sizeof(q), _("Set %s to %" PRIu64 " for this IPC namespace (%s)?"),
		 limits_name((enum limit_id)lv.editing), lv.new_value, limits_file((enum limit_id)lv.editing));
	confirm_ask(a, q, write_confirmed);
	return true;
}

static unsigned act_limit_edit(struct app *a, int key)
{
	(void)key;
	if (app_refuse_read_only(a, _("changing limits")))
		return REACT_REDRAW;
	struct limit_row rows[LIMIT_ROWS];
	size_t n = build_rows(a, rows);
	if (lv.cursor >= n || rows[lv.cursor].id < 0) {
		app_message(a, true, _("this limit is fixed in the kernel"));
		return REACT_REDRAW;
	}
	lv.editing = rows[lv.cursor].id;
	char title[160], val[32];
	snprintf(title, sizeof(title), _(" Change %s (now %" PRIu64 ")"), rows[lv.cursor].name,
		 rows[lv.cursor].value);
	snprintf(val, sizeof(val), "%" PRIu64, rows[lv.cursor].value);
	struct form *f = form_view_new(title);
	form_add_text(f, _("new value"), val, _("a number (k, M, G allowed)"));
	form_view_open(a, limit_submit, NULL);
	return REACT_REDRAW;
}

/* L opens the view, and closes it. */
static unsigned act_limits(struct app *a, int key)
{
	(void)key;
	lv.cursor = 0;
	mode_switch(a, mode_top(a) == &limits_mode ? NULL : &limits_mode);
	return REACT_REDRAW;
}

static const struct key_binding limits_keys[] = {
	{ 'L', KG_SCREENS, act_limits, "L", N_("limits and usage (ipcs -l, -u); e there: change one (root)"),
	  N_("Limits"), NULL },
	{ 'e', 0, act_limit_edit, NULL, NULL, N_("Change"), NULL },
};

static const struct footer_key limits_footer[] = {
	{ KEY_ESC, NULL, NULL }, { KEY_UP, "Up/Dn", N_("Move") }, { 'e', "e", NULL },
	{ 'N', NULL, NULL },     { 'q', NULL, NULL },             { 0, NULL, NULL },
};

/* The largest segment and set it shows need the segments and sets read. */
static unsigned limits_snap_kinds(const struct app *a)
{
	(void)a;
	return KINDS_ALL;
}

const struct mode_class limits_mode = {
	.name = "limits",
	.groups = KG_TABLE_SCREEN,
	MODE_KEYS(limits_keys),
	.footer = limits_footer,
	.draw = limits_draw,
	.cursor = limits_cursor,
	.snap_kinds = limits_snap_kinds,
};
