/* signal_form.c — `k`: the signal chooser. Picks the pid on the detail
 * view's cursor row (or the object's creator/last pid in the list, the
 * stage's process) — never ipctop's own or a scenario's janitor —, takes a
 * signal by name or number 1..64 (SIGRTMIN+n too; SIGUSR1 by default for
 * the signals scenario's receiver, else SIGTERM) and an optional value
 * (then sigqueue instead of kill), asks for confirmation (saying when the
 * pid is ipctop itself or a janitor), sends, logs the call, and tells a
 * scenario its process got it (its stage counts what was sent). */
#define _GNU_SOURCE
#include "actions/signal_form.h"

#include <stdio.h>
#include <string.h>

#include <unistd.h>

#include "base/i18n.h"
#include "base/parse.h"
#include "classroom/scenario.h"
#include "ops/actionlog.h"
#include "proc/procinfo.h"
#include "proc/sigtable.h"
#include "views/confirm.h"
#include "views/form_view.h"

enum { K_PID, K_SIGNAL, K_VALUE };

struct signal_req {
	long pid;
	int sig;
	bool with_value;
	long value;
};

static struct signal_req pending; /* what the question is about */

static bool build(struct form *f, struct signal_req *r)
{
	const char *why;
	bool ok = true;
	for (int i = 0; i < f->nfields; i++)
		f->fields[i].note[0] = '\0', f->fields[i].note_error = false;
	if (parse_long(f->fields[K_PID].text, 1, 0x3fffffff, &r->pid, &why) < 0) {
		form_note(f, K_PID, true, _("a process id > 0 (%s)"), why);
		ok = false;
	} else {
		struct procinfo pi;
		const char *role = scenario_role_of((pid_t)r->pid, NULL);
		if (procinfo_read((pid_t)r->pid, &pi) == 0 && pi.alive && role)
			form_note(f, K_PID, false, _("%s, state %c, sid %d: the scenario's %s"), pi.comm, pi.state,
				  (int)pi.sid, _(role));
		else if (pi.alive)
			form_note(f, K_PID, false, _("%s, state %c, sid %d"), pi.comm, pi.state, (int)pi.sid);
		else if (pi.hidden)
			form_note(f, K_PID, true, _("hidden from us: another user's process (it would fail with EPERM)"));
		else
			form_note(f, K_PID, true, _("no such process (it would fail with ESRCH)"));
	}
	r->sig = sigtable_parse(f->fields[K_SIGNAL].text);
	if (r->sig < 1) {
		form_note(f, K_SIGNAL, true, _("a name (TERM, USR1, RTMIN+2) or 1..%d"), sigtable_max());
		ok = false;
	} else {
		char name[32];
		sigtable_name(r->sig, name, sizeof(name));
		form_note(f, K_SIGNAL, false, "%s = %d", name, r->sig);
	}
	r->with_value = f->fields[K_VALUE].text[0] != '\0';
	r->value = 0;
	if (r->with_value && parse_long(f->fields[K_VALUE].text, -0x7fffffffL - 1, 0x7fffffffL, &r->value, &why) < 0) {
		form_note(f, K_VALUE, true, _("an int for sigval.sival_int (%s)"), why);
		ok = false;
	} else {
		form_note(f, K_VALUE, false, "%s", r->with_value ? _("sent with sigqueue()") : _("empty: kill()"));
	}
	return ok;
}

static void changed(struct app *a, struct form *f)
{
	(void)a;
	struct signal_req r;
	f->message[0] = '\0';
	if (build(f, &r)) {
		char name[32];
		sigtable_name(r.sig, name, sizeof(name));
		if (r.with_value)
			snprintf(f->preview, sizeof(f->preview),
				 "sigqueue(%ld, %s, (union sigval){.sival_int = %ld})", r.pid, name, r.value);
		else
			snprintf(f->preview, sizeof(f->preview), "kill(%ld, %s)", r.pid, name);
	} else {
		snprintf(f->preview, sizeof(f->preview), "%s", _("(fix the marked fields)"));
	}
}

static unsigned send_confirmed(struct app *a)
{
	char call[160], msg[256];
	int rc = sigtable_send((pid_t)pending.pid, pending.sig, pending.with_value, (int)pending.value, call,
			       sizeof(call), msg, sizeof(msg));
	actionlog_note("%s", call);
	if (rc < 0) {
		app_message(a, true, "%s", msg);
	} else {
		app_message(a, false, "%s", call);
		(void)scenario_note_signal((pid_t)pending.pid, pending.sig, pending.with_value, (int)pending.value);
	}
	return REACT_RESCAN | REACT_REDRAW;
}

/* What the question adds about a pid that is not an ordinary target. */
static const char *warning_for(pid_t pid)
{
	if (pid == getpid())
		return _("  This is ipctop itself: the lesson ends.");
	if (scenario_is_janitor(pid))
		return _("  This is a scenario's janitor: it stops the scenario.");
	return "";
}

static bool submit(struct app *a, struct form *f)
{
	if (!build(f, &pending))
		return false;
	char question[400];
	snprintf(question, sizeof(question), _("Send it? %s%s"), f->preview, warning_for((pid_t)pending.pid));
	confirm_ask(a, question, send_confirmed);
	return true;
}

unsigned act_signal(struct app *a, int key)
{
	(void)key;
	if (app_refuse_read_only(a, _("sending signals")))
		return REACT_REDRAW;
	/* The process the row under the cursor names. */
	const struct mode_class *m = mode_top(a);
	pid_t pid = m->pid ? m->pid(a) : 0;
	/* Never offered: ipctop itself (the creator of the scenarios' objects,
	 * the last pid of what the user did) or a janitor. Typed, the
	 * question says what it is. */
	if (pid == getpid() || scenario_is_janitor(pid))
		pid = 0;
	char pidtext[16] = "", sigtext[32] = "TERM";
	if (pid > 0)
		snprintf(pidtext, sizeof(pidtext), "%d", (int)pid);
	if (sigtable_name(scenario_default_signal(pid), sigtext, sizeof(sigtext)) >= 0 &&
	    strncmp(sigtext, "SIG", 3) == 0)
		memmove(sigtext, sigtext + 3, strlen(sigtext + 3) + 1);
	struct form *f = form_view_new(_(" Send a signal (kill / sigqueue)"));
	form_add_text(f, "pid", pidtext, _("the process to signal"));
	form_add_text(f, _("signal"), sigtext, _("name or number 1..64"));
	form_add_text(f, _("value"), "", _("optional int: uses sigqueue"));
	f->focus = pid > 0 ? K_SIGNAL : K_PID;
	form_view_open(a, submit, changed);
	return REACT_REDRAW;
}
