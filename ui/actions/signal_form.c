/* signal_form.c — `k`: the signal chooser. Picks the pid on the detail
 * view's cursor row (or the object's creator/last pid in the list), takes a
 * signal by name or number 1..64 (SIGRTMIN+n too) and an optional value
 * (then sigqueue instead of kill), asks for confirmation, sends, and logs
 * the call. */
#define _GNU_SOURCE
#include "actions/signal_form.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/parse.h"
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
		if (procinfo_read((pid_t)r->pid, &pi) == 0 && pi.alive)
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
	if (rc < 0)
		app_message(a, true, "%s", msg);
	else
		app_message(a, false, "%s", call);
	return REACT_RESCAN | REACT_REDRAW;
}

static bool submit(struct app *a, struct form *f)
{
	if (!build(f, &pending))
		return false;
	char question[300];
	snprintf(question, sizeof(question), _("Send it? %s"), f->preview);
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
	char pidtext[16] = "";
	if (pid > 0)
		snprintf(pidtext, sizeof(pidtext), "%d", (int)pid);
	struct form *f = form_view_new(_(" Send a signal (kill / sigqueue)"));
	form_add_text(f, "pid", pidtext, _("the process to signal"));
	form_add_text(f, _("signal"), "TERM", _("name or number 1..64"));
	form_add_text(f, _("value"), "", _("optional int: uses sigqueue"));
	f->focus = pid > 0 ? K_SIGNAL : K_PID;
	form_view_open(a, submit, changed);
	return REACT_REDRAW;
}
