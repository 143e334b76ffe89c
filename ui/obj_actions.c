/* obj_actions.c — actions on any kind of object: the IPC_SET form (`e`),
 * removal with confirmation (`d`, F9) of the selected or the marked
 * objects, marks (Space, U), and the key handling of forms and y/N
 * questions. */
#define _GNU_SOURCE
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "base/array.h"
#include "base/format.h"
#include "base/i18n.h"
#include "proc/names.h"
#include "ops/ops.h"
#include "base/parse.h"

#define KEY_ESC 27

const struct ipc_object *action_target(struct app *a)
{
	const struct ipc_object *o = NULL;
	if (a->detail.set && (a->mode == UI_DETAIL || (a->mode == UI_FORM && a->form_return == UI_DETAIL) ||
			      (a->mode == UI_WAITERS && a->waiters_return == UI_DETAIL)))
		o = snapshot_find(&a->snap, a->detail.kind, a->detail.id);
	if (a->mode == UI_LIST || (a->mode == UI_FORM && a->form_return == UI_LIST) ||
	    (a->mode == UI_WAITERS && a->waiters_return == UI_LIST))
		o = app_selected(a);
	if (!o)
		app_message(a, true, _("no object selected"));
	return o;
}

const struct ipc_object *action_target_kind(struct app *a, enum ipc_kind k, const char *what)
{
	const struct ipc_object *o = action_target(a);
	if (o && o->kind != k) {
		static const char *const kinds[] = { N_("a shared memory segment"), N_("a message queue"),
						     N_("a semaphore set") };
		/* TRANSLATORS: "msgsnd needs a message queue; this is a shm" */
		app_message(a, true, _("%s needs %s; this is a %s"), what, _(kinds[k]), kind_name(o->kind));
		return NULL;
	}
	return o;
}

/* ---- forms and questions --------------------------------------------- */

unsigned form_mode_key(struct app *a, int key)
{
	switch (form_key(&a->form, key)) {
	case FORM_CANCEL:
		a->mode = a->form_return;
		app_message(a, false, _("cancelled"));
		return REACT_REDRAW;
	case FORM_SUBMIT:
		if (a->form_submit(a)) {
			if (a->mode == UI_FORM)
				a->mode = a->form_return;
			return REACT_RESCAN | REACT_REDRAW;
		}
		return REACT_RESCAN | REACT_REDRAW;
	default:
		if (a->form_changed)
			a->form_changed(a);
		return REACT_REDRAW;
	}
}

void app_ask(struct app *a, const char *text, unsigned (*on_yes)(struct app *a))
{
	snprintf(a->confirm_text, sizeof(a->confirm_text), "%s", text);
	a->confirm_return = a->mode == UI_FORM ? a->form_return : a->mode;
	a->confirm_yes = on_yes;
	a->mode = UI_CONFIRM;
}

unsigned confirm_key(struct app *a, int key)
{
	a->mode = a->confirm_return;
	if (key != 'y' && key != 'Y') {
		app_message(a, false, _("cancelled: nothing done"));
		return REACT_REDRAW;
	}
	return a->confirm_yes(a);
}

/* ---- IPC_SET ----------------------------------------------------------- */

enum { E_PERMS, E_UID, E_GID, E_QBYTES };

static struct obj_ref edit_target;

static bool build_set(struct app *a, struct ops_ipcset *set)
{
	struct form *f = &a->form;
	const struct ipc_object *o = snapshot_find(&a->snap, edit_target.kind, edit_target.id);
	const char *why;
	long v;
	bool ok = true;
	memset(set, 0, sizeof(*set));
	if (!o) {
		snprintf(f->message, sizeof(f->message), _("%s %d no longer exists"), kind_name(edit_target.kind),
			 edit_target.id);
		return false;
	}
	set->has_mode = set->has_uid = set->has_gid = true;
	if (parse_perms(f->fields[E_PERMS].text, &set->mode, &why) < 0)
		form_note(f, E_PERMS, true, "%s", why), ok = false;
	else
		form_note(f, E_PERMS, false, _("was %04o"), o->mode & 0777u);
	if (parse_long(f->fields[E_UID].text, 0, 0x7fffffff, &v, &why) < 0)
		form_note(f, E_UID, true, "%s", why), ok = false;
	else
		set->uid = (uid_t)v, form_note(f, E_UID, false, _("%s; was %u"), names_user((uid_t)v), (unsigned)o->uid);
	if (parse_long(f->fields[E_GID].text, 0, 0x7fffffff, &v, &why) < 0)
		form_note(f, E_GID, true, "%s", why), ok = false;
	else
		set->gid = (gid_t)v, form_note(f, E_GID, false, _("%s; was %u"), names_group((gid_t)v), (unsigned)o->gid);
	if (o->kind == KIND_MSG) {
		set->has_qbytes = true;
		if (parse_size(f->fields[E_QBYTES].text, &set->qbytes, &why) < 0)
			form_note(f, E_QBYTES, true, "%s", why), ok = false;
		else
			form_note(f, E_QBYTES, false, _("was %" PRIu64), o->u.msg.qbytes);
	}
	return ok;
}

static struct op_request set_request(const struct ops_ipcset *set)
{
	static const enum op_kind kinds[] = { OP_SHM_SET, OP_MSG_SET, OP_SEM_SET };
	struct op_request r;
	memset(&r, 0, sizeof(r));
	r.kind = kinds[edit_target.kind];
	r.id = edit_target.id;
	r.set = *set;
	return r;
}

static void edit_changed(struct app *a)
{
	struct ops_ipcset set;
	a->form.message[0] = '\0';
	if (build_set(a, &set)) {
		struct op_request r = set_request(&set);
		ops_format_call(&r, a->form.preview, sizeof(a->form.preview));
	} else {
		snprintf(a->form.preview, sizeof(a->form.preview), "%s", _("(fix the marked fields)"));
	}
}

static bool edit_submit(struct app *a)
{
	struct ops_ipcset set;
	if (!build_set(a, &set))
		return false;
	struct op_request r = set_request(&set);
	struct op_result res = ops_run(&r);
	if (res.ret < 0) {
		snprintf(a->form.message, sizeof(a->form.message), "%s", res.message);
		return false;
	}
	app_message(a, false, _("%s: perms %04o -> %04o, uid %u -> %u, gid %u -> %u"), res.call,
		    res.before.mode & 0777u, res.after.mode & 0777u, (unsigned)res.before.uid,
		    (unsigned)res.after.uid, (unsigned)res.before.gid, (unsigned)res.after.gid);
	return true;
}

unsigned act_edit(struct app *a, int key)
{
	(void)key;
	if (app_refuse_read_only(a, _("changing perms and owners (IPC_SET)")))
		return REACT_REDRAW;
	const struct ipc_object *o = action_target(a);
	if (!o)
		return REACT_REDRAW;
	edit_target = (struct obj_ref){ o->kind, o->id, true };
	char title[160], perms[8], uid[16], gid[16], qbytes[24];
	snprintf(title, sizeof(title), _(" IPC_SET on %s %d"), kind_name(o->kind), o->id);
	snprintf(perms, sizeof(perms), "%04o", o->mode & 0777u);
	snprintf(uid, sizeof(uid), "%u", (unsigned)o->uid);
	snprintf(gid, sizeof(gid), "%u", (unsigned)o->gid);
	struct form *f = &a->form;
	form_init(f, title);
	form_add_text(f, _("perms"), perms, _("octal"));
	form_add_text(f, "uid", uid, _("numeric user id"));
	form_add_text(f, "gid", gid, _("numeric group id"));
	if (o->kind == KIND_MSG) {
		snprintf(qbytes, sizeof(qbytes), "%" PRIu64, o->u.msg.qbytes);
		form_add_text(f, "msg_qbytes", qbytes, _("queue capacity in bytes"));
	}
	app_open_form(a, edit_submit, edit_changed);
	return REACT_REDRAW;
}

/* ---- marks and removal ------------------------------------------------- */

unsigned act_mark(struct app *a, int key)
{
	(void)key;
	const struct ipc_object *o = app_selected(a);
	if (a->mode == UI_LIST && o) {
		size_t i;
		for (i = 0; i < a->nmarks; i++)
			if (a->marks[i].kind == o->kind && a->marks[i].id == o->id)
				break;
		if (i < a->nmarks) {
			a->marks[i] = a->marks[--a->nmarks];
		} else {
			if (array_grow((void **)&a->marks, &a->marks_cap, a->nmarks + 1, sizeof(*a->marks)) < 0) {
				app_message(a, true, _("out of memory for marks"));
				return REACT_REDRAW;
			}
			a->marks[a->nmarks++] = (struct obj_ref){ o->kind, o->id, true };
		}
		app_message(a, false, _("%zu marked (d removes them, U clears the marks)"), a->nmarks);
	}
	/* Space also refreshes now, as in top. */
	return REACT_RESCAN | REACT_REDRAW;
}

unsigned act_unmark_all(struct app *a, int key)
{
	(void)key;
	a->nmarks = 0;
	app_message(a, false, _("marks cleared"));
	return REACT_REDRAW;
}

static unsigned remove_confirmed(struct app *a);

static void describe(const struct ipc_object *o, char *buf, size_t len)
{
	char k[16];
	snprintf(buf, len, _("%s key %s id %d"), kind_name(o->kind), format_key(o->key, k, sizeof(k)), o->id);
}

unsigned act_remove(struct app *a, int key)
{
	(void)key;
	if (app_refuse_read_only(a, _("removing objects (IPC_RMID)")))
		return REACT_REDRAW;
	char text[512];
	if (a->nmarks && a->mode == UI_LIST) {
		size_t len = (size_t)snprintf(text, sizeof(text), _("Remove %zu marked objects:"), a->nmarks);
		for (size_t i = 0; i < a->nmarks && len < sizeof(text); i++)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s %s %d", i ? "," : "",
						kind_name(a->marks[i].kind), a->marks[i].id);
		app_ask(a, text, remove_confirmed);
		return REACT_REDRAW;
	}
	const struct ipc_object *o = action_target(a);
	if (!o)
		return REACT_REDRAW;
	char d[64];
	describe(o, d, sizeof(d));
	snprintf(text, sizeof(text), _("Remove %s (IPC_RMID)?"), d);
	if (a->nmarks)
		a->nmarks = 0; /* from the detail view only this object is removed */
	edit_target = (struct obj_ref){ o->kind, o->id, true };
	app_ask(a, text, remove_confirmed);
	return REACT_REDRAW;
}

static struct op_result remove_one(struct obj_ref r)
{
	if (r.kind == KIND_SHM)
		return ops_shm_remove(r.id);
	if (r.kind == KIND_MSG)
		return ops_msg_remove(r.id);
	return ops_sem_remove(r.id);
}

static unsigned remove_confirmed(struct app *a)
{
	size_t done = 0, failed = 0;
	struct op_result last;
	memset(&last, 0, sizeof(last));
	if (a->nmarks) {
		for (size_t i = 0; i < a->nmarks; i++) {
			ops_result_free(&last);
			last = remove_one(a->marks[i]);
			if (last.ret < 0)
				failed++;
			else
				done++;
		}
		a->nmarks = 0;
	} else {
		last = remove_one(edit_target);
		done = last.ret < 0 ? 0 : 1;
		failed = 1 - done;
		if (done && a->mode == UI_DETAIL)
			a->mode = UI_LIST;
	}
	if (done + failed == 1)
		app_show_result(a, &last);
	else
		app_message(a, failed != 0, _("removed %zu, failed %zu (see the log: l)%s%s"), done, failed,
			    failed ? _("; last error: ") : "", failed ? last.message : "");
	ops_result_free(&last);
	return REACT_RESCAN | REACT_REDRAW;
}
