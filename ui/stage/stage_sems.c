/* stage_sems.c — owns the stage's semaphore cells (pictures.h): a set's
 * semaphores read live (GETALL with the wait counts), each with who waits
 * on it — the scenario's processes from their own reports, anyone else
 * from the waiter scan — and who holds it. */
#define _GNU_SOURCE
#include "stage/pictures.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "model/snapfill.h"
#include "widgets/scnnames.h"
#include "widgets/screen.h"
#include "widgets/semcell.h"
#include "widgets/text.h"

#define MAX_SEMS 16
#define CELL_MIN_W 22

int stage_find_object(const struct scenario *s, enum ipc_kind k)
{
	const struct scenario_object *o;
	size_t n = scenario_objects(s, &o);
	for (size_t i = 1; i < n; i++) /* 0 is the control block */
		if (o[i].kind == k && o[i].name && (k != KIND_SEM || o[i].semnames))
			return (int)i;
	return -1;
}

/* Whether pid is one of the scenario's processes (arg). */
static bool is_ours(pid_t pid, const void *arg)
{
	const struct scenario *s = arg;
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	for (size_t i = 0; i < n; i++)
		if (p[i].pid == pid)
			return true;
	return false;
}

struct cell_text {
	char name[64], sub[32], lines[SEMCELL_LINES][SEMCELL_TEXT];
};

/* The lines under semaphore num of object obj (semid id). */
static void cell_lines(const struct stage_view *v, int obj, int id, unsigned num, struct semcell *c,
		       struct cell_text *t)
{
	const struct scenario_proc *p;
	size_t np = scenario_procs(v->s, &p);
	char who[96];
	c->nlines = 0;
	for (size_t i = 0; i < np && c->nlines < SEMCELL_LINES; i++) {
		const struct scenario_wait *w = scenario_wait_of(v->s, (int)i);
		if (!w->blocked || w->obj != obj || w->num != (int)num || w->op != SCN_OP_P_BLOCKED)
			continue;
		/* TRANSLATORS: under a semaphore: the blocked mark, who waits, the operation ("P"). */
		snprintf(t->lines[c->nlines], sizeof(t->lines[0]), _("%s %s waits: %s"), scnnames_mark_blocked(),
			 scnnames_proc(v->s, (int)i, true, who, sizeof(who)), "P");
		c->line_waits[c->nlines++] = true;
	}
	semcell_add_scanned(c, t->lines, &v->a->snap, id, num, is_ours, v->s);
	int h = scenario_holder(v->s, obj, (int)num);
	if (h >= 0 && c->nlines < SEMCELL_LINES) {
		/* TRANSLATORS: under a lock semaphore: the process holding it. */
		snprintf(t->lines[c->nlines], sizeof(t->lines[0]), _("held by %s"),
			 scnnames_proc(v->s, h, true, who, sizeof(who)));
		c->line_waits[c->nlines++] = false;
	}
	for (size_t i = 0; i < c->nlines; i++)
		c->lines[i] = t->lines[i];
}

static unsigned set_size(const struct stage_view *v, const struct scenario_object *o)
{
	const struct ipc_object *so = snapshot_find(&v->a->snap, KIND_SEM, o->id);
	if (so)
		return so->u.sem.nsems;
	unsigned n = 0;
	while (o->semnames && o->semnames[n])
		n++;
	return n;
}

int stage_sems_draw(const struct stage_view *v, int obj, int top, int height)
{
	const struct scenario_object *objs;
	size_t nobjs = scenario_objects(v->s, &objs);
	if (obj < 0 || (size_t)obj >= nobjs || height < 2)
		return 0;
	const struct scenario_object *o = &objs[obj];
	unsigned nsems = set_size(v, o);
	if (nsems > MAX_SEMS)
		nsems = MAX_SEMS;
	struct ipc_semval vals[MAX_SEMS];
	if (nsems == 0 || snapshot_read_semset(o->id, nsems, vals, 1) < 0) {
		char msg[128];
		snprintf(msg, sizeof(msg), "semctl(%d, GETALL): %s", o->id, strerror(errno));
		draw_text(top, 1, COLS - 1, screen_attr(ROLE_ERROR), false, msg);
		return 1;
	}
	struct semcell cells[MAX_SEMS];
	struct cell_text text[MAX_SEMS];
	for (unsigned i = 0; i < nsems; i++) {
		struct semcell *c = &cells[i];
		memset(c, 0, sizeof(*c));
		c->name = scnnames_sem(v->s, obj, (int)i, text[i].name, sizeof(text[i].name));
		snprintf(text[i].sub, sizeof(text[i].sub), _("sem %u"), i);
		c->sub = text[i].sub;
		c->value = vals[i].value;
		c->selected = obj == v->obj && (int)i == v->sem;
		cell_lines(v, obj, o->id, i, c, &text[i]);
		size_t named = 0;
		for (size_t k = 0; k < c->nlines; k++)
			named += c->line_waits[k];
		c->waiting = vals[i].ncnt + vals[i].zcnt > (int)named ? vals[i].ncnt + vals[i].zcnt : (int)named;
	}
	/* As big as the rows allow with the lines under them; a set wider
	 * than the screen scrolls with the selected cell, and says so. */
	int per_row = COLS / CELL_MIN_W > 0 ? COLS / CELL_MIN_W : 1;
	if ((unsigned)per_row > nsems)
		per_row = (int)nsems;
	int first = 0;
	if ((int)nsems > per_row && obj == v->obj && v->sem >= per_row)
		first = v->sem - per_row + 1;
	bool scrolls = (int)nsems > per_row;
	int room = height - (scrolls ? 1 : 0);
	int scale = v->scale;
	size_t want = 0; /* the rows of the cell with most lines (a long line takes two) */
	for (unsigned i = 0; i < nsems; i++)
		if (semcell_line_rows(&cells[i], COLS / per_row) > want)
			want = semcell_line_rows(&cells[i], COLS / per_row);
	while (scale > 1 && semcell_rows(scale, want) > room)
		scale--;
	int lines = room - semcell_rows(scale, 0);
	size_t maxlines = lines > 0 ? (size_t)lines : 0;
	if (maxlines > want)
		maxlines = want;
	int w = COLS / per_row;
	for (int i = 0; i < per_row && first + i < (int)nsems; i++)
		semcell_draw(&cells[first + i], top, i * w, w, scale, maxlines);
	int used = semcell_rows(scale, maxlines);
	if (used > room)
		used = room;
	if (scrolls) {
		char note[128];
		/* TRANSLATORS: a set wider than the screen: which cells show. */
		snprintf(note, sizeof(note), _("semaphores %d-%d of %u shown: Left/Right scroll"), first,
			 first + per_row - 1, nsems);
		draw_text(top + used, 1, COLS - 1, A_BOLD, false, note);
		used++;
	}
	return used;
}
