/* stage_daemon.c — owns the daemon stage's picture: ipctop, the launcher
 * and the two daemons as `ps axj` would show them (pid, ppid, pgid, sid,
 * tty, tpgid) with their cwd, umask and open fds, read from /proc now;
 * and the two recipes side by side, in the course's order, each step
 * ticked as its process reports it done. */
#define _GNU_SOURCE
#include "stage/pictures.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "proc/procfacts.h"
#include "proc/procinfo.h"
#include "widgets/scnnames.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define RECIPE_ROWS 8 /* the longer recipe: its title and 7 steps */

/* Laid out like the rows (ps's column names stay). */
static const int widths[] = { -10, 7, 7, 7, 7, -6, 6, -5, -6, 4 };
#define NCOLS (sizeof(widths) / sizeof(widths[0]))

static void row(int y, attr_t attr, const char *const cells[NCOLS])
{
	char line[512] = "";
	for (size_t i = 0; i < NCOLS; i++) {
		draw_padcat(line, sizeof(line), " ", 0);
		draw_padcat(line, sizeof(line), cells[i], widths[i]);
	}
	draw_text(y, 0, COLS, attr, true, line);
}

static void proc_row(int y, const char *role, pid_t pid)
{
	struct procinfo pi;
	struct procfacts f;
	char c[NCOLS][64];
	const char *cells[NCOLS] = { role };
	if (pid <= 0 || procinfo_read(pid, &pi) < 0 || procfacts_read(pid, &f) < 0) {
		char line[256] = ""; /* the note runs on over the columns: it is no value */
		draw_padcat(line, sizeof(line), " ", 0);
		draw_padcat(line, sizeof(line), role, widths[0]);
		draw_padcat(line, sizeof(line), "  ", 0);
		draw_padcat(line, sizeof(line), pid > 0 ? _("[gone]") : _("not started yet"), 0);
		draw_text(y, 0, COLS, A_NORMAL, true, line);
		return;
	}
	snprintf(c[1], sizeof(c[1]), "%d", (int)pid);
	snprintf(c[2], sizeof(c[2]), "%d", (int)pi.ppid);
	snprintf(c[3], sizeof(c[3]), "%d", (int)pi.pgid);
	snprintf(c[4], sizeof(c[4]), "%d", (int)pi.sid);
	snprintf(c[5], sizeof(c[5]), "%s", pi.tty_nr ? pi.tty : "?");
	snprintf(c[6], sizeof(c[6]), "%d", (int)pi.tpgid);
	snprintf(c[7], sizeof(c[7]), "%s", f.cwd);
	snprintf(c[8], sizeof(c[8]), "%s", f.umask);
	snprintf(c[9], sizeof(c[9]), "%d", f.fds);
	for (size_t i = 1; i < NCOLS; i++)
		cells[i] = c[i];
	row(y, A_BOLD, cells);
}

/* The last call of a recipe done (SCN_OP_STEP), NULL before any. */
static const struct scenario_event *last_step(const struct scenario *s)
{
	for (size_t i = scenario_op_count(s); i-- > 0;)
		if (scenario_op(s, i)->op == SCN_OP_STEP)
			return scenario_op(s, i);
	return NULL;
}

/* Who stands for daemon proc before it is announced: the process its
 * last recipe step left in its place (the program, then the daemon). */
static pid_t stand_in(const struct scenario *s, int proc)
{
	pid_t pid = 0;
	for (size_t i = 0; i < scenario_op_count(s); i++) {
		const struct scenario_event *e = scenario_op(s, i);
		if (e->op == SCN_OP_STEP && e->proc == proc)
			pid = (pid_t)e->value;
	}
	return pid;
}

/* Process proc's recipe in a column: its title and each step, ticked
 * when done. Returns the rows used. */
static int draw_recipe(const struct stage_view *v, int proc, const char *title, int y, int x, int w, int rows)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(v->s, &p);
	if (proc < 0 || (size_t)proc >= n || !p[proc].recipe || rows < 1)
		return 0;
	draw_text(y, x, w - 1, A_BOLD | A_UNDERLINE, true, title);
	unsigned done = scenario_steps_done(v->s, proc);
	int used = 1;
	for (int i = 0; p[proc].recipe[i] && used < rows; i++, used++) {
		char line[256];
		bool ok = done & (1u << i);
		snprintf(line, sizeof(line), "%s %d. %s", ok ? (screen_utf8() ? "\u2713" : "+") : " ", i + 1,
			 _(p[proc].recipe[i]));
		draw_text(y + used, x, w - 1, ok ? A_BOLD : A_NORMAL, false, line);
	}
	return used;
}

int stage_daemon(const struct stage_view *v, int top, int height)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(v->s, &p);
	const char *head[NCOLS] = { _("process"), "PID", "PPID", "PGID", "SID", "TTY", "TPGID", "CWD", "UMASK", _("FDS") };
	row(top, screen_attr(ROLE_TITLE), head);
	int y = top + 1;
	proc_row(y++, "ipctop", getpid());
	for (size_t i = 0; i < n && y < top + height; i++) {
		char role[64];
		snprintf(role, sizeof(role), "%s", scnnames_role(v->s, (int)i));
		proc_row(y++, role, p[i].pid ? p[i].pid : stand_in(v->s, (int)i));
	}
	draw_text(y++, 1, COLS - 1, A_NORMAL, false,
		  _("TTY ? and TPGID -1: no terminal. B leads its session (SID = PID); A does not."));
	const struct scenario_event *e = last_step(v->s);
	if (e && y < top + height) {
		char line[256];
		/* TRANSLATORS: the daemon stage: the recipe call just made, by whom. */
		snprintf(line, sizeof(line), _("last call: %s: %s"), scnnames_role(v->s, e->proc), e->text);
		draw_text(y++, 1, COLS - 1, A_BOLD, false, line);
	}
	if (top + height - y > RECIPE_ROWS) /* a blank row between, when both recipes still fit */
		y++;
	int w = COLS / 2, rows = top + height - y;
	char title[128];
	snprintf(title, sizeof(title), _("%s: the first way"), scnnames_role(v->s, 1));
	int a = draw_recipe(v, 1, title, y, 0, w, rows);
	snprintf(title, sizeof(title), _("%s: the second way"), scnnames_role(v->s, 2));
	int b = draw_recipe(v, 2, title, y, w, COLS - w, rows);
	return y + (a > b ? a : b) - top;
}
