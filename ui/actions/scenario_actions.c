/* scenario_actions.c — owns the actions on a running scenario (see the
 * header): each one call of the engine and its line in the status line. */
#define _GNU_SOURCE
#include "actions/scenario_actions.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"

unsigned scenario_do_pause(struct app *a, struct scenario *s)
{
	bool pause = !scenario_paused(s);
	if (scenario_pause(s, pause) < 0) {
		app_message(a, true, "%s: %s", pause ? _("pausing") : _("resuming"), strerror(errno));
	} else {
		app_message(a, false, "%s", pause ? _("paused: each process stops before its next operation; n steps")
						 : _("running again"));
	}
	return REACT_REDRAW;
}

unsigned scenario_do_step(struct app *a, struct scenario *s, int proc)
{
	if (!scenario_paused(s)) {
		if (scenario_pause(s, true) < 0)
			app_message(a, true, "%s: %s", _("pausing"), strerror(errno));
		else
			app_message(a, false, "%s", _("paused: each process stops before its next operation; n steps"));
		return REACT_REDRAW;
	}
	int moved = scenario_step(s, proc);
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	if (moved >= 0 && (size_t)moved < n && p[moved].pid)
		app_message(a, false, _("step: %s (pid %d) does one operation"), _(p[moved].role), (int)p[moved].pid);
	else if (moved >= 0 && (size_t)moved < n) /* a daemon still on its way: its program moves */
		app_message(a, false, _("step: %s does one operation"), _(p[moved].role));
	else if (errno == EAGAIN && proc >= 0 && (size_t)proc < n)
		app_message(a, true, _("%s cannot move: it waits in the kernel (or is still on its way)"),
			    _(p[proc].role));
	else if (errno == EAGAIN && scenario_signals_blocked(s))
		app_message(a, true, "%s", _("the receiver waits, its signals blocked: pending until b unblocks them"));
	else if (errno == EAGAIN && !strcmp(scenario_name(s), "signals"))
		app_message(a, true, "%s", _("the receiver waits for a signal: k sends one (paused, the timer is stopped)"));
	else if (errno == EAGAIN)
		app_message(a, true, "%s", _("nobody can move: every process waits in the kernel (a V or a message frees one)"));
	else
		app_message(a, true, "%s: %s", _("step"), strerror(errno));
	return REACT_REDRAW;
}

unsigned scenario_do_speed(struct app *a, struct scenario *s, int delta)
{
	int level = scenario_speed(s) + delta;
	if (level < SCENARIO_SPEED_MIN || level > SCENARIO_SPEED_MAX)
		app_message(a, false, _("speed stays %d (1..9)"), scenario_speed(s));
	else if (scenario_set_speed(s, level) < 0)
		app_message(a, true, _("speed: %s"), strerror(errno));
	else
		app_message(a, false, _("%s speed %d: %ld ms a step"), scenario_name(s), level,
			    scenario_speed_delay_ms(level));
	return REACT_REDRAW;
}

unsigned scenario_do_stop(struct app *a, struct scenario *s)
{
	char err[256], name[64];
	snprintf(name, sizeof(name), "%s", scenario_name(s));
	if (scenario_stop(s, err, sizeof(err)) < 0)
		app_message(a, true, _("stopping %s: %s"), name, err);
	else
		app_message(a, false, _("scenario %s stopped: its processes killed and its objects removed"), name);
	return REACT_RESCAN | REACT_REDRAW;
}

unsigned scenario_do_block(struct app *a, struct scenario *s)
{
	bool block = !scenario_signals_blocked(s);
	if (scenario_signals_block(s, block) < 0)
		app_message(a, true, "%s: %s", _("blocking applies to the signals scenario"), strerror(errno));
	else
		app_message(a, false, _("receiver: sigprocmask(%s, {ALRM, USR1, RTMIN+1, WINCH}): %s"),
			    block ? "SIG_BLOCK" : "SIG_UNBLOCK", block ? _("stay pending") : _("are delivered"));
	return REACT_REDRAW;
}

unsigned scenario_do_payload(struct app *a, struct scenario *s)
{
	size_t now = scenario_payload(s);
	size_t next = now >= 65536 ? 64 : now >= 4096 ? 65536 : 4096;
	if (scenario_set_payload(s, next) < 0)
		app_message(a, true, "%s: %s", _("the payload applies to the homework scenario"), strerror(errno));
	else
		app_message(a, false, _("homework payload: %zu bytes"), next);
	return REACT_REDRAW;
}
