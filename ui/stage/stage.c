/* stage.c — owns the classroom stage mode (stage.h): which running
 * scenario it shows, its cursor (a process: k signals it, Enter steps it;
 * a semaphore: + and - act on it), the frame (the title bar, the
 * scenario's picture from stage_*.c, the timeline), its keys and footer. */
#define _GNU_SOURCE
#include "stage/stage.h"

#include <stdio.h>
#include <string.h>

#include "actions/scenario_actions.h"
#include "actions/signal_form.h"
#include "base/i18n.h"
#include "stage/pictures.h"
#include "widgets/screen.h"
#include "widgets/text.h"
#include "widgets/timeline.h"

#define TIMELINE_MIN 5 /* the head and four operations */

static struct {
	char name[32]; /* the scenario shown; when it stops, the newest running one */
	int proc, sem;
} st;

extern const struct mode_class stage_mode;

static const struct {
	const char *name;
	int (*draw)(const struct stage_view *v, int top, int height);
} pictures[] = {
	{ "prodcons", stage_prodcons }, { "chat", stage_chat },	  { "homework", stage_homework },
	{ "deadlock", stage_deadlock }, { "signals", stage_signals }, { "daemon", stage_daemon },
};

/* The scenario shown: st.name while it runs, else the newest running. */
static struct scenario *shown(void)
{
	struct scenario *all[SCENARIO_MAX_RUNNING];
	size_t n = scenario_running(all, SCENARIO_MAX_RUNNING);
	for (size_t i = 0; i < n; i++)
		if (strcmp(scenario_name(all[i]), st.name) == 0)
			return all[i];
	if (n == 0)
		return NULL;
	snprintf(st.name, sizeof(st.name), "%s", scenario_name(all[n - 1]));
	st.proc = st.sem = 0;
	return all[n - 1];
}

void stage_show(struct app *a, struct scenario *s)
{
	if (strcmp(st.name, scenario_name(s)) != 0) {
		snprintf(st.name, sizeof(st.name), "%s", scenario_name(s));
		st.proc = st.sem = 0;
	}
	mode_switch(a, &stage_mode);
}

bool stage_shown(const struct app *a)
{
	return mode_shown(a) == &stage_mode;
}

/* Big digits grow with the terminal: 3 rows at 80x24, 6 from 34 rows, 9
 * on a large screen. */
static int terminal_scale(void)
{
	return LINES >= 56 && COLS >= 150 ? 3 : LINES >= 34 ? 2 : 1;
}

static void view_of(struct app *a, struct scenario *s, struct stage_view *v)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	if (st.proc >= (int)n)
		st.proc = n ? (int)n - 1 : 0;
	*v = (struct stage_view){ a, s, st.proc, stage_find_object(s, KIND_SEM), st.sem, terminal_scale() };
}

static void draw_title(struct scenario *s, int y)
{
	char line[256], state[96];
	if (scenario_paused(s))
		snprintf(state, sizeof(state), "%s", _("PAUSED: n steps one operation"));
	else if (strcmp(scenario_name(s), "homework") == 0)
		snprintf(state, sizeof(state), "%s", _("RUNNING flat out"));
	else /* TRANSLATORS: the stage's state: the speed level and the pause between steps. */
		snprintf(state, sizeof(state), _("RUNNING  speed %d: %ld ms a step"), scenario_speed(s),
			 scenario_speed_delay_ms(scenario_speed(s)));
	/* TRANSLATORS: the stage's title bar: the scenario's name, its state. */
	snprintf(line, sizeof(line), _(" Stage: %s   %s"), scenario_name(s), state);
	draw_text(y, 0, COLS, screen_attr(ROLE_HEADER) | A_BOLD, true, line);
	char right[64];
	snprintf(right, sizeof(right), _("pgid %d "), (int)scenario_pgid(s));
	int w = draw_width(right);
	if (draw_width(line) + 2 + w <= COLS)
		draw_text(y, COLS - w, w, screen_attr(ROLE_HEADER) | A_BOLD, false, right);
}

static void stage_draw(struct app *a, int top, int height)
{
	struct scenario *s = shown();
	if (!s) {
		draw_text(top, 0, COLS, screen_attr(ROLE_HEADER) | A_BOLD, true, _(" Stage"));
		draw_text(top + 2, 2, COLS - 2, A_BOLD, false, _("No scenario runs: D opens the menu, Enter starts one."));
		return;
	}
	draw_title(s, top);
	struct stage_view v;
	view_of(a, s, &v);
	int used = 0, room = height - 1 - TIMELINE_MIN;
	for (size_t i = 0; i < sizeof(pictures) / sizeof(pictures[0]); i++)
		if (strcmp(pictures[i].name, scenario_name(s)) == 0 && room > 0)
			used = pictures[i].draw(&v, top + 1, room);
	int y = top + 1 + used;
	if (top + height - y > TIMELINE_MIN + 4) /* a blank row between, when there is room */
		y++;
	timeline_draw(s, y, top + height - y, st.proc);
}

/* ---- keys ---------------------------------------------------------------- */

static unsigned need_scenario(struct app *a, struct scenario **s)
{
	*s = shown();
	if (!*s)
		app_message(a, true, "%s", _("no scenario running: D opens the menu, Enter starts one"));
	return REACT_REDRAW;
}

/* G: the stage; in the stage, the next running scenario's. */
static unsigned act_stage(struct app *a, int key)
{
	(void)key;
	struct scenario *all[SCENARIO_MAX_RUNNING];
	size_t n = scenario_running(all, SCENARIO_MAX_RUNNING);
	struct scenario *s = shown();
	if (!s)
		return need_scenario(a, &s);
	if (stage_shown(a) && n > 1)
		for (size_t i = 0; i < n; i++)
			if (all[i] == s) {
				s = all[(i + 1) % n];
				break;
			}
	stage_show(a, s);
	return REACT_REDRAW;
}

static unsigned stage_close(struct app *a)
{
	mode_switch(a, NULL);
	app_message(a, false, "%s", _("the object list: G brings the stage back"));
	return REACT_REDRAW;
}

static unsigned act_pause(struct app *a, int key)
{
	(void)key;
	struct scenario *s;
	unsigned r = need_scenario(a, &s);
	return s ? scenario_do_pause(a, s) : r;
}

static unsigned act_step(struct app *a, int key)
{
	struct scenario *s;
	unsigned r = need_scenario(a, &s);
	return s ? scenario_do_step(a, s, key == 'n' ? -1 : st.proc) : r;
}

static unsigned act_speed(struct app *a, int key)
{
	struct scenario *s;
	unsigned r = need_scenario(a, &s);
	return s ? scenario_do_speed(a, s, key == ']' ? 1 : -1) : r;
}

static unsigned act_stop(struct app *a, int key)
{
	(void)key;
	struct scenario *s;
	unsigned r = need_scenario(a, &s);
	if (!s)
		return r;
	r = scenario_do_stop(a, s);
	if (!shown())
		mode_switch(a, NULL);
	return r;
}

static unsigned act_option(struct app *a, int key)
{
	struct scenario *s;
	unsigned r = need_scenario(a, &s);
	if (!s)
		return r;
	return key == 'b' ? scenario_do_block(a, s) : scenario_do_payload(a, s);
}

/* Left/Right: the semaphore + and - act on. */
static unsigned act_sem(struct app *a, int key)
{
	struct scenario *s = shown();
	int obj = s ? stage_find_object(s, KIND_SEM) : -1;
	if (obj < 0)
		return REACT_NONE;
	const struct scenario_object *o;
	scenario_objects(s, &o);
	const struct ipc_object *so = snapshot_find(&a->snap, KIND_SEM, o[obj].id);
	size_t sem = (size_t)st.sem;
	mode_cursor_step(&sem, so ? so->u.sem.nsems : 1, key == KEY_RIGHT ? 1 : -1);
	st.sem = (int)sem;
	return REACT_REDRAW;
}

static unsigned stage_cursor(struct app *a, long delta)
{
	(void)a;
	struct scenario *s = shown();
	const struct scenario_proc *p;
	size_t n = s ? scenario_procs(s, &p) : 0, proc = (size_t)st.proc;
	unsigned r = mode_cursor_step(&proc, n, delta);
	st.proc = (int)proc;
	return r;
}

/* The object the playground's keys act on: the set with named semaphores,
 * else the queue, else the control block. */
static const struct ipc_object *stage_target(struct app *a)
{
	struct scenario *s = shown();
	if (!s)
		return NULL;
	const struct scenario_object *o;
	size_t n = scenario_objects(s, &o);
	int i = stage_find_object(s, KIND_SEM);
	if (i < 0)
		i = stage_find_object(s, KIND_MSG);
	if (i < 0 && n)
		i = 0;
	return i >= 0 ? snapshot_find(&a->snap, o[i].kind, o[i].id) : NULL;
}

static bool stage_semnum(const struct app *a, size_t *semnum)
{
	(void)a;
	struct scenario *s = shown();
	if (!s || stage_find_object(s, KIND_SEM) < 0)
		return false;
	*semnum = (size_t)st.sem;
	return true;
}

static pid_t stage_pid(struct app *a)
{
	(void)a;
	struct scenario *s = shown();
	const struct scenario_proc *p;
	size_t n = s ? scenario_procs(s, &p) : 0;
	return st.proc >= 0 && (size_t)st.proc < n ? p[st.proc].pid : 0;
}

/* Who waits, in every thread: the waiter scan (with the wait counts). */
static unsigned stage_snap_flags(const struct app *a)
{
	(void)a;
	return SNAP_SEMWAIT | SNAP_THREADS;
}

/* The kinds of the scenario's objects: the pictures and the keys find
 * them in the snapshot (a list showing another kind reads only that). */
static unsigned stage_snap_kinds(const struct app *a)
{
	(void)a;
	struct scenario *s = shown();
	const struct scenario_object *o;
	size_t n = s ? scenario_objects(s, &o) : 0;
	unsigned kinds = 0;
	for (size_t i = 0; i < n; i++)
		kinds |= KIND_BIT(o[i].kind);
	return kinds;
}

static const struct key_binding stage_keys[] = {
	{ 'G', KG_SCREENS, act_stage, "G", N_("the classroom stage of the running scenario (in the stage: the next one)"),
	  N_("Stage"), NULL },
	{ ' ', 0, act_pause, "Space",
	  N_("in the stage: pause/resume (each process stops before its next operation; n steps)"),
	  N_("Pause"), NULL },
	{ 'n', 0, act_step, "n", N_("in the stage: step: the next process in turn does one operation (pauses first)"),
	  N_("Step"), NULL },
	{ '\r', 0, act_step, "Enter", N_("in the stage: step the process on the cursor (Up/Down pick it)"), NULL, NULL },
	{ '\n', 0, act_step, "Enter", NULL, NULL, NULL },
	{ '[', 0, act_speed, "[", N_("in the stage: slower"), N_("Speed"), NULL },
	{ ']', 0, act_speed, "]", N_("in the stage: faster"), NULL, NULL },
	{ 'x', 0, act_stop, "x", N_("in the stage: stop the scenario (kills its processes, removes its objects)"),
	  N_("Stop"), NULL },
	{ 'b', 0, act_option, "b", N_("in the signals stage: block/unblock the receiver's signals (sigprocmask)"),
	  N_("Block"), NULL },
	{ 'f', 0, act_option, "f", N_("in the homework stage: payload 64 B, 4 KiB, 64 KiB"), N_("Payload"), NULL },
	{ KEY_LEFT, 0, act_sem, "Left/Right", N_("in the stage: the semaphore + and - act on"), NULL, NULL },
	{ KEY_RIGHT, 0, act_sem, "Right", NULL, NULL, NULL },
};

static const struct footer_key footer_sems[] = {
	{ KEY_ESC, NULL, N_("List") }, { ' ', "Spc", NULL }, { 'n', NULL, NULL }, { '[', "[]", NULL },
	{ '+', NULL, NULL },           { '-', NULL, NULL },  { 'k', NULL, NULL }, { 'x', NULL, NULL },
	{ 'q', NULL, NULL },           { 0, NULL, NULL },
};
static const struct footer_key footer_chat[] = {
	{ KEY_ESC, NULL, N_("List") }, { ' ', "Spc", NULL }, { 'n', NULL, NULL }, { '[', "[]", NULL },
	{ 's', NULL, NULL },           { 'r', NULL, NULL },  { 'k', NULL, NULL }, { 'x', NULL, NULL },
	{ 'q', NULL, NULL },           { 0, NULL, NULL },
};
static const struct footer_key footer_signals[] = {
	{ KEY_ESC, NULL, N_("List") }, { ' ', "Spc", NULL }, { 'n', NULL, NULL }, { 'b', NULL, NULL },
	{ 'k', NULL, NULL },           { 'x', NULL, NULL },  { 'q', NULL, NULL }, { 0, NULL, NULL },
};
static const struct footer_key footer_homework[] = {
	{ KEY_ESC, NULL, N_("List") }, { ' ', "Spc", NULL }, { 'n', NULL, NULL }, { 'f', NULL, NULL },
	{ 'k', NULL, NULL },           { 'x', NULL, NULL },  { 'q', NULL, NULL }, { 0, NULL, NULL },
};
static const struct footer_key footer_daemon[] = {
	{ KEY_ESC, NULL, N_("List") }, { ' ', "Spc", NULL }, { 'n', NULL, NULL }, { '[', "[]", NULL },
	{ 'k', NULL, NULL },           { 'x', NULL, NULL },  { 'q', NULL, NULL }, { 0, NULL, NULL },
};

static const struct footer_key *stage_footer(const struct app *a)
{
	(void)a;
	struct scenario *s = shown();
	const char *name = s ? scenario_name(s) : "";
	if (strcmp(name, "chat") == 0)
		return footer_chat;
	if (strcmp(name, "signals") == 0)
		return footer_signals;
	if (strcmp(name, "homework") == 0)
		return footer_homework;
	if (strcmp(name, "daemon") == 0)
		return footer_daemon;
	return footer_sems;
}

const struct mode_class stage_mode = {
	.name = "stage",
	.flags = MODE_FULLSCREEN,
	.groups = KG_ANY | KG_ROWS | KG_SCREENS | KG_OBJECT | KG_MESSAGES,
	MODE_KEYS(stage_keys),
	.footer_for = stage_footer,
	.draw = stage_draw,
	.cursor = stage_cursor,
	.close = stage_close,
	.target = stage_target,
	.pid = stage_pid,
	.semnum = stage_semnum,
	.snap_flags = stage_snap_flags,
	.snap_kinds = stage_snap_kinds,
};
