/* scnnames.c — owns the names and short texts the stage gives a
 * scenario's processes, semaphores and operations (see the header). */
#define _GNU_SOURCE
#include "widgets/scnnames.h"

#include <stdio.h>

#include "base/i18n.h"
#include "proc/sigtable.h"
#include "widgets/screen.h"

const char *scnnames_role(const struct scenario *s, int proc)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	return proc >= 0 && (size_t)proc < n ? _(p[proc].role) : "?";
}

char *scnnames_proc(const struct scenario *s, int proc, bool with_pid, char *buf, size_t len)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	if (proc < 0 || (size_t)proc >= n || !with_pid || p[proc].pid <= 0)
		snprintf(buf, len, "%s", scnnames_role(s, proc));
	else /* TRANSLATORS: a scenario's process: its role and pid, "producer (pid 123)". */
		snprintf(buf, len, _("%s (pid %d)"), scnnames_role(s, proc), (int)p[proc].pid);
	return buf;
}

char *scnnames_sem(const struct scenario *s, int obj, int num, char *buf, size_t len)
{
	const struct scenario_object *o;
	size_t n = scenario_objects(s, &o);
	const char *name = obj >= 0 && (size_t)obj < n && num >= 0 ? scenario_sem_name(&o[obj], (unsigned)num) : NULL;
	if (name)
		snprintf(buf, len, "%s", _(name));
	else
		snprintf(buf, len, _("sem %d"), num);
	return buf;
}

static char *signal_name(int sig, char *buf, size_t len)
{
	if (sigtable_name(sig, buf, len) < 0)
		snprintf(buf, len, "%d", sig);
	return buf;
}

char *scnnames_wait(const struct scenario *s, const struct scenario_wait *w, char *buf, size_t len)
{
	char sem[64];
	if (w->op == SCN_OP_P_BLOCKED) /* TRANSLATORS: a P (wait) on the semaphore named %s. */
		snprintf(buf, len, _("P %s"), scnnames_sem(s, w->obj, w->num, sem, sizeof(sem)));
	else if (w->op == SCN_OP_MSGSND_BLOCKED)
		snprintf(buf, len, _("msgsnd type %d"), w->num);
	else
		snprintf(buf, len, _("msgrcv type %d"), w->num);
	return buf;
}

/* The step of proc's recipe, translated, or "step N". */
static void step_name(const struct scenario *s, const struct scenario_event *e, char *buf, size_t len)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	const char *const *r = e->proc >= 0 && (size_t)e->proc < n ? p[e->proc].recipe : NULL;
	for (int i = 0; r && r[i]; i++)
		if (i == e->num) {
			snprintf(buf, len, "%d. %s", i + 1, _(r[i]));
			return;
		}
	snprintf(buf, len, _("step %d"), e->num + 1);
}

char *scnnames_op(const struct scenario *s, const struct scenario_event *e, char *buf, size_t len)
{
	char name[64], sig[32];
	switch (e->op) {
	case SCN_OP_P:
		snprintf(buf, len, _("P %s"), scnnames_sem(s, e->obj, e->num, name, sizeof(name)));
		break;
	case SCN_OP_P_BLOCKED: /* TRANSLATORS: a P that waits: the process is blocked in semop. */
		snprintf(buf, len, _("P %s: blocked"), scnnames_sem(s, e->obj, e->num, name, sizeof(name)));
		break;
	case SCN_OP_P_WOKEN: /* TRANSLATORS: the P it waited in went through after %lld ms. */
		snprintf(buf, len, _("P %s: woken (%lld ms)"), scnnames_sem(s, e->obj, e->num, name, sizeof(name)),
			 e->value);
		break;
	case SCN_OP_V:
		snprintf(buf, len, _("V %s"), scnnames_sem(s, e->obj, e->num, name, sizeof(name)));
		break;
	case SCN_OP_PUT: /* TRANSLATORS: item number %lld written into ring slot %d. */
		snprintf(buf, len, _("put #%lld > slot %d"), e->value, e->num);
		break;
	case SCN_OP_TAKE:
		snprintf(buf, len, _("take #%lld < slot %d"), e->value, e->num);
		break;
	case SCN_OP_MSGSND:
		snprintf(buf, len, _("msgsnd type %d"), e->num);
		break;
	case SCN_OP_MSGSND_BLOCKED:
		snprintf(buf, len, _("msgsnd type %d: blocked"), e->num);
		break;
	case SCN_OP_MSGRCV_BLOCKED:
		snprintf(buf, len, _("msgrcv type %d: blocked"), e->num);
		break;
	case SCN_OP_MSGRCV:
		snprintf(buf, len, _("msgrcv type %d: got it"), e->num);
		break;
	case SCN_OP_SIGNAL:
		if (e->flags & SCN_EVF_VALUE)
			snprintf(buf, len, _("%s delivered, value %lld"), signal_name(e->num, sig, sizeof(sig)), e->value);
		else
			snprintf(buf, len, _("%s delivered"), signal_name(e->num, sig, sizeof(sig)));
		break;
	case SCN_OP_SENT:
		if (e->flags & SCN_EVF_VALUE)
			snprintf(buf, len, _("%s sent, value %lld"), signal_name(e->num, sig, sizeof(sig)), e->value);
		else
			snprintf(buf, len, _("%s sent"), signal_name(e->num, sig, sizeof(sig)));
		break;
	case SCN_OP_FORK:
		snprintf(buf, len, _("fork: pid %lld"), e->value);
		break;
	case SCN_OP_EXIT:
		snprintf(buf, len, _("exit: %s"), e->text);
		break;
	case SCN_OP_STEP:
		step_name(s, e, buf, len);
		break;
	case SCN_OP_TRIP: /* TRANSLATORS: one ping-pong round trip of %lld bytes (homework). */
		snprintf(buf, len, _("trip %lld B"), e->value);
		break;
	default:
		snprintf(buf, len, "%s", e->text);
		break;
	}
	return buf;
}

char *scnnames_time(const struct scenario *s, const struct timespec *when, char *buf, size_t len)
{
	struct timespec t0 = scenario_started(s);
	double secs = (double)(when->tv_sec - t0.tv_sec) + (double)(when->tv_nsec - t0.tv_nsec) / 1e9;
	snprintf(buf, len, "%.2f", secs < 0 ? 0.0 : secs);
	return buf;
}

const char *scnnames_mark_blocked(void) { return screen_utf8() ? "\u2298" : "X"; }
const char *scnnames_mark_moved(void) { return screen_utf8() ? "\u25b6" : ">"; }
const char *scnnames_mark_more(void) { return screen_utf8() ? "\u2026" : "~"; }
const char *scnnames_mark_lane(bool blocked)
{
	if (blocked)
		return screen_utf8() ? "\u2503" : "#";
	return screen_utf8() ? "\u2502" : "|";
}
