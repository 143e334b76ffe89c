/* signal_form.c — `k`: the signal chooser. Picks the pid on the detail
 * view's cursor row (or the object's creator/last pid in the list), takes a
 * signal by name or number 1..64 (SIGRTMIN+n too) and an optional value
 * (then sigqueue instead of kill), asks for confirmation, sends, and logs
 * the call. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "ops/actionlog.h"
#include "actions.h"
#include "base/i18n.h"
#include "base/parse.h"
#include "proc/procinfo.h"
#include "proc/sigtable.h"
#include "waiters_view.h"

enum { K_PID, K_SIGNAL, K_VALUE };

struct signal_req {
	long pid;
	int sig;
	bool with_value;
	long value;
};

static struct signal_req pending;

static bool build(struct app *a, struct signal_req *r)
{
	struct form *f = &a->form;
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

static void changed(struct app *a)
{
	struct signal_req r;
	a->form.message[0] = '\0';
	if (build(a, &r)) {
		char name[32];
		sigtable_name(r.sig, name, sizeof(name));
		if (r.with_value)
			snprintf(a->form.preview, sizeof(a->form.preview),
				 "sigqueue(%ld, %s, (union sigval){.sival_int = %ld})", r.pid, name, r.value);
		else
			snprintf(a->form.preview, sizeof(a->form.preview), "kill(%ld, %s)", r.pid, name);
	} else {
		snprintf(a->form.preview, sizeof(a->form.preview), "%s", _("(fix the marked fields)"));
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

static bool submit(struct app *a)
{
	if (!build(a, &pending))
		return false;
	char question[300];
	snprintf(question, sizeof(question), _("Send it? %s"), a->form.preview);
	app_ask(a, question, send_confirmed);
	return true;
}

unsigned act_signal(struct app *a, int key)
{
	(void)key;
	if (app_refuse_read_only(a, _("sending signals")))
		return REACT_REDRAW;
	pid_t pid = 0;
	if (a->mode == UI_DETAIL) {
		pid = app_detail_pid(a);
	} else if (a->mode == UI_WAITERS) {
		pid = waiters_panel_pid(a);
	} else if (a->mode == UI_SCENARIOS) {
		pid = scenario_first_pid(a);
	} else {
		const struct ipc_object *o = app_selected(a);
		if (o)
			pid = o->kind == KIND_SHM ? o->u.shm.cpid : o->kind == KIND_MSG ? o->u.msg.lspid : 0;
	}
	char pidtext[16] = "";
	if (pid > 0)
		snprintf(pidtext, sizeof(pidtext), "%d", (int)pid);
	form_init(&a->form, _(" Send a signal (kill / sigqueue)"));
	form_add_text(&a->form, "pid", pidtext, _("the process to signal"));
	form_add_text(&a->form, _("signal"), "TERM", _("name or number 1..64"));
	form_add_text(&a->form, _("value"), "", _("optional int: uses sigqueue"));
	a->form.focus = pid > 0 ? K_SIGNAL : K_PID;
	app_open_form(a, submit, changed);
	return REACT_REDRAW;
}
