/* scenario_ui.c — the classroom scenarios in the TUI: the `D` menu (list,
 * what each shows and what to try, start/stop/pause/speed), the scenario
 * pane at the bottom while one runs, and the main loop's hooks (report
 * pipes, reaping, stopping on quit). */
#define _GNU_SOURCE
#include "views/scenario_ui.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "actions/scenario_actions.h"
#include "actions/signal_form.h"
#include "base/i18n.h"
#include "classroom/scenario.h"
#include "stage/stage.h"
#include "widgets/screen.h"
#include "widgets/text.h"

static struct {
	size_t cursor;  /* in the menu */
	bool show_pane; /* the pane at the bottom while one runs */
} sv;

extern const struct mode_class scenario_mode;

static const struct scenario_info *selected_info(void)
{
	const struct scenario_info *list;
	size_t n = scenario_list(&list);
	return sv.cursor < n ? &list[sv.cursor] : NULL;
}

/* The running scenario of that name, or NULL. */
static struct scenario *running(const char *name)
{
	struct scenario *all[SCENARIO_MAX_RUNNING];
	size_t n = scenario_running(all, SCENARIO_MAX_RUNNING);
	for (size_t i = 0; i < n; i++)
		if (strcmp(scenario_name(all[i]), name) == 0)
			return all[i];
	return NULL;
}

/* The scenario the keys act on: the menu's selection when it runs, else
 * the first running one. */
static struct scenario *current(struct app *a)
{
	struct scenario *s = NULL;
	const struct scenario_info *info = mode_top(a) == &scenario_mode ? selected_info() : NULL;
	if (info)
		s = running(info->name);
	else if (scenario_running(&s, 1) == 0)
		s = NULL;
	if (!s)
		app_message(a, true, _("no scenario running: D opens the menu, Enter starts one"));
	return s;
}

unsigned scenario_ui_start(struct app *a, const char *name)
{
	char err[256];
	struct scenario *s;
	if (app_refuse_read_only(a, _("starting scenarios (they create objects)")))
		return REACT_REDRAW;
	if (scenario_start(name, &s, err, sizeof(err)) < 0) {
		app_message(a, true, "%s", err);
		return REACT_REDRAW;
	}
	sv.show_pane = true;
	stage_show(a, s);
	if (scenario_paused(s))
		app_message(a, false, _("scenario %s starts paused: n does one step, Space runs it"), name);
	else
		app_message(a, false, _("scenario %s started: Esc the list, G the stage again"), name);
	return REACT_RESCAN | REACT_REDRAW;
}

/* D opens the menu, and closes it. */
static unsigned act_scenarios(struct app *a, int key)
{
	(void)key;
	mode_switch(a, mode_top(a) == &scenario_mode ? NULL : &scenario_mode);
	return REACT_REDRAW;
}

static unsigned act_scenario_start(struct app *a, int key)
{
	(void)key;
	const struct scenario_info *info = selected_info();
	if (!info)
		return REACT_NONE;
	struct scenario *s = running(info->name);
	if (s) { /* its stage */
		stage_show(a, s);
		return REACT_REDRAW;
	}
	return scenario_ui_start(a, info->name);
}

static unsigned act_scenario_stop(struct app *a, int key)
{
	(void)key;
	struct scenario *s = current(a);
	return s ? scenario_do_stop(a, s) : REACT_REDRAW;
}

static unsigned act_scenario_pause(struct app *a, int key)
{
	(void)key;
	struct scenario *s = current(a);
	return s ? scenario_do_pause(a, s) : REACT_REDRAW;
}

static unsigned act_scenario_speed(struct app *a, int key)
{
	struct scenario *s = current(a);
	return s ? scenario_do_speed(a, s, key == ']' ? 1 : -1) : REACT_REDRAW;
}

static unsigned act_scenario_option(struct app *a, int key)
{
	struct scenario *s = current(a);
	if (!s)
		return REACT_REDRAW;
	return key == 'b' ? scenario_do_block(a, s) : scenario_do_payload(a, s);
}

/* One line per process: pid, role, counters, state. */
static void draw_procs(const struct scenario *s, int y, int end)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	for (size_t i = 0; i < n && y < end; i++, y++) {
		char line[400], counters[96] = "";
		size_t len = 0;
		for (int c = 0; c < SCENARIO_COUNTERS; c++)
			if (p[i].counter_names[c] && len < sizeof(counters))
				len += (size_t)snprintf(counters + len, sizeof(counters) - len, " %s %lld",
							_(p[i].counter_names[c]), p[i].counters[c]);
		char gone[32], role[64];
		snprintf(gone, sizeof(gone), "%s ", _("[gone]"));
		snprintf(line, sizeof(line), " %7d %s %s%s |%s", (int)p[i].pid, draw_pad(role, sizeof(role), _(p[i].role), -14),
			 p[i].alive ? "" : gone, p[i].state, counters);
		draw_text(y, 0, COLS, A_NORMAL, true, line);
	}
}

static void scenario_menu_draw(struct app *a, int top, int height)
{
	(void)a;
	const struct scenario_info *list;
	size_t n = scenario_list(&list);
	if (sv.cursor >= n)
		sv.cursor = n - 1;
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true,
		  _(" Scenarios: Enter start  x stop  Space pause  [ ] speed  b block (signals)  f payload"));
	int y = top + 1;
	for (size_t i = 0; i < n && y < top + height; i++, y++) {
		struct scenario *s = running(list[i].name);
		char line[400], state[64];
		draw_pad(state, sizeof(state), s ? (scenario_paused(s) ? _("PAUSED") : _("RUNNING")) : "", -9);
		snprintf(line, sizeof(line), " %-9s %s %s", list[i].name, state, _(list[i].summary));
		attr_t attr = i == sv.cursor ? screen_attr(ROLE_SELECTED) : s ? A_BOLD : A_NORMAL;
		draw_text(y, 0, COLS, attr, true, line);
	}
	y++;
	const struct scenario_info *info = &list[sv.cursor];
	char help[2048];
	snprintf(help, sizeof(help), "%s", _(info->help));
	char *save = NULL;
	for (char *l = strtok_r(help, "\n", &save); l && y < top + height; l = strtok_r(NULL, "\n", &save))
		draw_text(y++, 2, COLS - 2, A_NORMAL, false, l);
	struct scenario *s = running(info->name);
	if (s && y + 1 < top + height) {
		char line[160];
		snprintf(line, sizeof(line), _(" %s: speed %d, process group %d"), info->name, scenario_speed(s),
			 (int)scenario_pgid(s));
		draw_text(++y, 0, COLS, A_BOLD, true, line);
		draw_procs(s, y + 1, top + height);
	}
}

int scenario_pane_height(const struct app *a)
{
	struct scenario *s;
	if (!sv.show_pane || mode_top(a) == &scenario_mode || stage_shown(a) || scenario_running(&s, 1) == 0)
		return 0;
	const struct scenario_proc *p;
	return 1 + (int)scenario_procs(s, &p);
}

void scenario_pane_draw(int top, int height)
{
	struct scenario *s;
	if (scenario_running(&s, 1) == 0)
		return;
	char line[256], paused[32];
	snprintf(paused, sizeof(paused), " %s", _("PAUSED"));
	snprintf(line, sizeof(line), _(" Scenario %s%s  speed %d  (D: menu, [ ] speed)"), scenario_name(s),
		 scenario_paused(s) ? paused : "", scenario_speed(s));
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, line);
	draw_procs(s, top + 1, top + height);
}

/* k in the menu: the first process of the selected scenario. */
static pid_t scenario_pid(struct app *a)
{
	(void)a;
	const struct scenario_info *info = selected_info();
	struct scenario *s = info ? running(info->name) : NULL;
	const struct scenario_proc *p;
	return s && scenario_procs(s, &p) ? p[0].pid : 0;
}

static unsigned scenario_cursor(struct app *a, long delta)
{
	(void)a;
	const struct scenario_info *list;
	size_t count = scenario_list(&list);
	return mode_cursor_step(&sv.cursor, count, delta);
}

/* The names in the registry, for the help: "prodcons, chat, ...". */
static const char *registry_names(void)
{
	static char names[256];
	return scenario_names(C_("list separator", ", "), names, sizeof(names));
}

static const struct key_binding scenario_keys[] = {
	{ 'D', KG_SCREENS, act_scenarios, "D", N_("classroom scenarios: %s"), NULL, registry_names },
	{ '\r', 0, act_scenario_start, "Enter", N_("in the scenarios menu: start it and open its stage (its stage when it runs)"),
	  N_("Start"), NULL },
	{ '\n', 0, act_scenario_start, "Enter", NULL, NULL, NULL },
	{ 'x', 0, act_scenario_stop, "x", N_("in the scenarios menu: stop the scenario (kills its processes, removes its objects)"),
	  N_("Stop"), NULL },
	{ ' ', 0, act_scenario_pause, "Space", N_("in the scenarios menu: pause/resume it (SIGSTOP/SIGCONT to its group)"),
	  N_("Pause"), NULL },
	{ '[', KG_SCREENS, act_scenario_speed, "[", N_("scenario slower"), N_("Speed"), NULL },
	{ ']', KG_SCREENS, act_scenario_speed, "]", N_("scenario faster"), NULL, NULL },
	{ 'b', 0, act_scenario_option, "b", N_("signals scenario: block/unblock signals in the receiver (sigprocmask)"),
	  NULL, NULL },
	{ 'f', 0, act_scenario_option, "f", N_("homework scenario: payload 64 B, 4 KiB, 64 KiB"), NULL, NULL },
	{ 'k', 0, act_signal, "k", N_("in the scenarios menu: send a signal to a process of the selected scenario"),
	  N_("Signal"), NULL },
};

static const struct footer_key scenario_footer[] = {
	{ '\r', NULL, NULL }, { 'x', NULL, NULL },     { ' ', NULL, NULL }, { '[', "[]", NULL },
	{ 'k', NULL, NULL },  { KEY_ESC, NULL, NULL }, { 'q', NULL, NULL }, { 0, NULL, NULL },
};

const struct mode_class scenario_mode = {
	.name = "scenarios",
	.groups = KG_TABLE_SCREEN,
	MODE_KEYS(scenario_keys),
	.footer = scenario_footer,
	.draw = scenario_menu_draw,
	.cursor = scenario_cursor,
	.pid = scenario_pid,
};
