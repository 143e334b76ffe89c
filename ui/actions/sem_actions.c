/* sem_actions.c — semaphore actions in the detail table of a set: V (`+`),
 * P (`-`), wait-for-zero (`0`) on the selected semaphore, the multi-op
 * semop form (`o`), SETVAL (`v`) and SETALL (`V`). An operation that may
 * block runs in a worker child, listed in the waiters panel. */
#define _GNU_SOURCE
#include "actions/sem_actions.h"

#include <stdio.h>
#include <string.h>
#include <sys/sem.h>

#include "base/i18n.h"
#include "base/parse.h"
#include "ops/ops.h"
#include "ops/semspec.h"
#include "ops/worker.h"
#include "panes/panels.h"
#include "views/form_view.h"

#define MAX_SOPS 500
#define MAX_SEMS 4096

static struct {
	int id;          /* the set the open form is about */
	unsigned nsems;
	int values[MAX_SEMS]; /* SETALL's */
} set;

static const struct ipc_object *target_set(struct app *a, const char *what)
{
	if (app_refuse_read_only(a, what))
		return NULL;
	const struct ipc_object *o = action_target_kind(a, KIND_SEM, what);
	if (o) {
		set.id = o->id;
		set.nsems = o->u.sem.nsems;
	}
	return o;
}

static bool may_block(const struct sembuf *sops, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (sops[i].sem_op <= 0 && !(sops[i].sem_flg & IPC_NOWAIT))
			return true;
	return false;
}

/* semop in place when it cannot block (only increments, or IPC_NOWAIT),
 * else in a worker whose waiting shows in semncnt/semzcnt. */
static void run_semop(struct app *a, int semid, const struct sembuf *sops, size_t n)
{
	struct op_result res;
	if (!may_block(sops, n)) {
		res = ops_semop(semid, sops, n);
		app_show_result(a, &res);
	} else if (worker_start_semop(semid, sops, n, &res) > 0) {
		const struct worker *w = worker_get(worker_count() - 1);
		app_message(a, false, _("%s: waiting in worker pid %d (w: waiters panel, x cancels)"), res.call,
			    (int)w->pid);
		panels_show_waiters();
	} else {
		app_show_result(a, &res);
	}
	ops_result_free(&res);
}

unsigned act_sem_quick(struct app *a, int key)
{
	const char *what = key == '+' ? _("V (semop +1)") : key == '-' ? _("P (semop -1)") : _("wait-for-zero (semop 0)");
	size_t semnum;
	if (!action_semnum(a, &semnum)) {
		app_message(a, true, _("%s works in the detail table of a semaphore set (press Enter on a set) or on a stage"), what);
		return REACT_REDRAW;
	}
	const struct ipc_object *o = target_set(a, what);
	if (!o)
		return REACT_REDRAW;
	struct sembuf op = { .sem_num = (unsigned short)semnum,
			     .sem_op = (short)(key == '+' ? 1 : key == '-' ? -1 : 0),
			     .sem_flg = 0 };
	run_semop(a, o->id, &op, 1);
	return REACT_RESCAN | REACT_REDRAW;
}

/* ---- semop form ------------------------------------------------------------ */

enum { O_SPEC, O_UNDO, O_NOWAIT };

struct semop_req {
	struct sembuf sops[MAX_SOPS];
	size_t n;
};

static bool build_semop(struct app *a, struct form *f, struct semop_req *sr)
{
	char why[160];
	short flags = (short)((f->fields[O_UNDO].on ? SEM_UNDO : 0) | (f->fields[O_NOWAIT].on ? IPC_NOWAIT : 0));
	size_t max_ops = a->snap.limits.semopm ? (size_t)a->snap.limits.semopm : MAX_SOPS;
	if (max_ops > MAX_SOPS)
		max_ops = MAX_SOPS;
	if (semspec_parse(f->fields[O_SPEC].text, set.nsems, max_ops, flags, sr->sops, MAX_SOPS, &sr->n, why,
			  sizeof(why)) < 0) {
		form_note(f, O_SPEC, true, "%s", why);
		return false;
	}
	form_note(f, O_SPEC, false, P_("%zu op", "%zu ops", sr->n), sr->n);
	if (f->fields[O_UNDO].on && !f->fields[O_NOWAIT].on && may_block(sr->sops, sr->n))
		form_note(f, O_UNDO, false, _("a worker runs it: undone when the worker exits"));
	else
		f->fields[O_UNDO].note[0] = '\0';
	return true;
}

static void semop_changed(struct app *a, struct form *f)
{
	struct semop_req sr;
	sr.n = 0;
	f->message[0] = '\0';
	bool ok = build_semop(a, f, &sr);
	struct op_request r = { .kind = OP_SEM_OP, .id = set.id, .sops = sr.sops, .nsops = sr.n };
	form_view_preview(f, ok ? &r : NULL);
}

static bool semop_submit(struct app *a, struct form *f)
{
	struct semop_req sr;
	if (!build_semop(a, f, &sr))
		return false;
	run_semop(a, set.id, sr.sops, sr.n);
	return true;
}

unsigned act_semop_form(struct app *a, int key)
{
	(void)key;
	const struct ipc_object *o = target_set(a, "semop");
	if (!o)
		return REACT_REDRAW;
	char title[160], spec[32];
	size_t semnum = 0;
	action_semnum(a, &semnum);
	snprintf(title, sizeof(title), P_(" semop on set %d (%u semaphore)", " semop on set %d (%u semaphores)", o->u.sem.nsems),
		 o->id, o->u.sem.nsems);
	snprintf(spec, sizeof(spec), "%zu-1", semnum);
	struct form *f = form_view_new(title);
	form_add_text(f, _("ops"), spec, _("semnum op ...: 0-1 1+1 2=0 (=0 waits for zero)"));
	form_add_toggle(f, "SEM_UNDO", false);
	form_add_toggle(f, "IPC_NOWAIT", false);
	form_view_open(a, semop_submit, semop_changed);
	return REACT_REDRAW;
}

/* ---- SETVAL / SETALL -------------------------------------------------------- */

enum { V_SEMNUM, V_VALUE };

static bool build_setval(struct app *a, struct form *f, long *semnum, long *value)
{
	const char *why;
	bool ok = true;
	long vmx = a->snap.limits.semvmx ? (long)a->snap.limits.semvmx : 32767;
	f->fields[V_SEMNUM].note[0] = f->fields[V_VALUE].note[0] = '\0';
	if (parse_long(f->fields[V_SEMNUM].text, 0, (long)set.nsems - 1, semnum, &why) < 0)
		form_note(f, V_SEMNUM, true, "0..%u", set.nsems - 1), ok = false;
	if (parse_long(f->fields[V_VALUE].text, 0, 0x7fffffffL, value, &why) < 0)
		form_note(f, V_VALUE, true, "%s", why), ok = false;
	else if (*value > vmx)
		form_note(f, V_VALUE, true, _("above SEMVMX (%ld): semctl would fail with ERANGE"), vmx), ok = false;
	return ok;
}

static void setval_changed(struct app *a, struct form *f)
{
	long semnum = 0, value = 0;
	f->message[0] = '\0';
	bool ok = build_setval(a, f, &semnum, &value);
	struct op_request r = { .kind = OP_SEM_SETVAL, .id = set.id, .semnum = (int)semnum, .value = (int)value };
	form_view_preview(f, ok ? &r : NULL);
}

static bool setval_submit(struct app *a, struct form *f)
{
	long semnum, value;
	if (!build_setval(a, f, &semnum, &value))
		return false;
	struct op_result res = ops_sem_setval(set.id, (int)semnum, (int)value);
	return form_view_result(a, f, &res);
}

unsigned act_setval(struct app *a, int key)
{
	(void)key;
	const struct ipc_object *o = target_set(a, "SETVAL");
	if (!o)
		return REACT_REDRAW;
	char title[128], semnum[16];
	size_t n = 0;
	action_semnum(a, &n);
	snprintf(title, sizeof(title), " semctl(%d, n, SETVAL, value)", o->id);
	snprintf(semnum, sizeof(semnum), "%zu", n);
	struct form *f = form_view_new(title);
	form_add_text(f, "semnum", semnum, NULL);
	form_add_text(f, _("value"), "1", "0..SEMVMX (32767)");
	f->focus = V_VALUE;
	form_view_open(a, setval_submit, setval_changed);
	return REACT_REDRAW;
}

static bool build_setall(struct app *a, struct form *f, size_t *n)
{
	char buf[FORM_TEXT_MAX];
	const char *why;
	long vmx = a->snap.limits.semvmx ? (long)a->snap.limits.semvmx : 32767;
	snprintf(buf, sizeof(buf), "%s", f->fields[0].text);
	*n = 0;
	char *save = NULL;
	for (char *t = strtok_r(buf, " ,", &save); t; t = strtok_r(NULL, " ,", &save)) {
		long v;
		if (*n >= MAX_SEMS || parse_long(t, 0, vmx, &v, &why) < 0) {
			form_note(f, 0, true, _("'%s': values are 0..SEMVMX (%ld)"), t, vmx);
			return false;
		}
		set.values[(*n)++] = (int)v;
	}
	if (*n == 1) { /* one value for all */
		for (size_t i = 1; i < set.nsems && i < MAX_SEMS; i++)
			set.values[i] = set.values[0];
		*n = set.nsems;
	}
	if (*n != set.nsems) {
		form_note(f, 0, true, P_("give one value for all, or exactly %u value", "give one value for all, or exactly %u values",
					  set.nsems), set.nsems);
		return false;
	}
	form_note(f, 0, false, P_("%zu value", "%zu values", *n), *n);
	return true;
}

static void setall_changed(struct app *a, struct form *f)
{
	size_t n = 0;
	f->message[0] = '\0';
	bool ok = build_setall(a, f, &n);
	struct op_request r = { .kind = OP_SEM_SETALL, .id = set.id, .values = set.values, .nvalues = n };
	form_view_preview(f, ok ? &r : NULL);
}

static bool setall_submit(struct app *a, struct form *f)
{
	size_t n;
	if (!build_setall(a, f, &n))
		return false;
	struct op_result res = ops_sem_setall(set.id, set.values, n);
	return form_view_result(a, f, &res);
}

unsigned act_setall(struct app *a, int key)
{
	(void)key;
	const struct ipc_object *o = target_set(a, "SETALL");
	if (!o)
		return REACT_REDRAW;
	if (o->u.sem.nsems > MAX_SEMS) {
		app_message(a, true, _("SETALL here handles at most %d semaphores"), MAX_SEMS);
		return REACT_REDRAW;
	}
	char title[128];
	snprintf(title, sizeof(title), " semctl(%d, 0, SETALL, values)", o->id);
	struct form *f = form_view_new(title);
	form_add_text(f, _("values"), "0", _("one value for all, or one per semaphore"));
	form_view_open(a, setall_submit, setall_changed);
	return REACT_REDRAW;
}
