/* obj_actions.c — actions on any kind of object: the IPC_SET form (`e`),
 * and removal with confirmation (`d`, F9) of the selected or the marked
 * objects. */
#define _GNU_SOURCE
#include "actions/obj_actions.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/marks.h"
#include "base/format.h"
#include "base/i18n.h"
#include "base/parse.h"
#include "ops/ops.h"
#include "proc/names.h"
#include "views/confirm.h"
#include "views/form_view.h"
#include "views/list_view.h"

static struct {
	struct obj_ref edit;     /* the IPC_SET form's object */
	struct obj_ref removing; /* the question's object, when not the marked ones */
} st;

/* ---- IPC_SET ----------------------------------------------------------- */

enum { E_PERMS, E_UID, E_GID, E_QBYTES };

static bool build_set(struct app *a, struct form *f, struct ops_ipcset *set)
{
	const struct ipc_object *o = snapshot_find(&a->snap, st.edit.kind, st.edit.id);
	const char *why;
	bool ok = true;
	memset(set, 0, sizeof(*set));
	if (!o) {
		snprintf(f->message, sizeof(f->message), _("%s %d no longer exists"), kind_name(st.edit.kind),
			 st.edit.id);
		return false;
	}
	set->has_mode = set->has_uid = set->has_gid = true;
	if (parse_perms(f->fields[E_PERMS].text, &set->mode, &why) < 0)
		form_note(f, E_PERMS, true, "%s", why), ok = false;
	else
		form_note(f, E_PERMS, false, _("was %04o"), o->mode & 0777u);
	if (names_parse_user(f->fields[E_UID].text, &set->uid, &why) < 0)
		form_note(f, E_UID, true, "%s", why), ok = false;
	else /* TRANSLATORS: the IPC_SET form's uid note: "alice (1000); was 0" */
		form_note(f, E_UID, false, _("%s (%u); was %u"), names_user(set->uid), (unsigned)set->uid,
			  (unsigned)o->uid);
	if (names_parse_group(f->fields[E_GID].text, &set->gid, &why) < 0)
		form_note(f, E_GID, true, "%s", why), ok = false;
	else
		form_note(f, E_GID, false, _("%s (%u); was %u"), names_group(set->gid), (unsigned)set->gid,
			  (unsigned)o->gid);
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
	r.kind = kinds[st.edit.kind];
	r.id = st.edit.id;
	r.set = *set;
	return r;
}

static void edit_changed(struct app *a, struct form *f)
{
	struct ops_ipcset set;
	f->message[0] = '\0';
	bool ok = build_set(a, f, &set);
	struct op_request r = set_request(&set);
	form_view_preview(f, ok ? &r : NULL);
}

static bool edit_submit(struct app *a, struct form *f)
{
	struct ops_ipcset set;
	if (!build_set(a, f, &set))
		return false;
	struct op_request r = set_request(&set);
	struct op_result res = ops_run(&r);
	if (res.ret < 0) {
		snprintf(f->message, sizeof(f->message), "%s", res.message);
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
	st.edit = (struct obj_ref){ o->kind, o->id, true };
	char title[160], perms[8], uid[16], gid[16], qbytes[24];
	snprintf(title, sizeof(title), _(" IPC_SET on %s %d"), kind_name(o->kind), o->id);
	snprintf(perms, sizeof(perms), "%04o", o->mode & 0777u);
	snprintf(uid, sizeof(uid), "%u", (unsigned)o->uid);
	snprintf(gid, sizeof(gid), "%u", (unsigned)o->gid);
	struct form *f = form_view_new(title);
	form_add_text(f, _("perms"), perms, _("octal"));
	form_add_text(f, "uid", uid, _("a user name or uid"));
	form_add_text(f, "gid", gid, _("a group name or gid"));
	if (o->kind == KIND_MSG) {
		snprintf(qbytes, sizeof(qbytes), "%" PRIu64, o->u.msg.qbytes);
		form_add_text(f, "msg_qbytes", qbytes, _("queue capacity in bytes"));
	}
	form_view_open(a, edit_submit, edit_changed);
	return REACT_REDRAW;
}

/* ---- removal ------------------------------------------------------------ */

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
	size_t nmarks = marks_count();
	if (nmarks && list_view_shown(a)) {
		size_t len = (size_t)snprintf(text, sizeof(text), P_("Remove %zu marked object:", "Remove %zu marked objects:", nmarks),
					      nmarks);
		for (size_t i = 0; i < nmarks && len < sizeof(text); i++)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s %s %d", i ? "," : "",
						kind_name(marks_get(i).kind), marks_get(i).id);
		confirm_ask(a, text, remove_confirmed);
		return REACT_REDRAW;
	}
	const struct ipc_object *o = action_target(a);
	if (!o)
		return REACT_REDRAW;
	char d[64];
	describe(o, d, sizeof(d));
	snprintf(text, sizeof(text), _("Remove %s (IPC_RMID)?"), d);
	marks_clear(); /* from the detail view only this object is removed */
	st.removing = (struct obj_ref){ o->kind, o->id, true };
	confirm_ask(a, text, remove_confirmed);
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
	if (marks_count()) {
		for (size_t i = 0; i < marks_count(); i++) {
			ops_result_free(&last);
			last = remove_one(marks_get(i));
			if (last.ret < 0)
				failed++;
			else
				done++;
		}
		marks_clear();
	} else {
		last = remove_one(st.removing);
		done = last.ret < 0 ? 0 : 1;
		failed = 1 - done;
		if (done)
			mode_reset(a); /* the detail view of a removed object closes */
	}
	if (done + failed == 1)
		app_show_result(a, &last);
	else
		app_message(a, failed != 0, _("removed %zu, failed %zu (see the log: l)%s%s"), done, failed,
			    failed ? _("; last error: ") : "", failed ? last.message : "");
	ops_result_free(&last);
	return REACT_RESCAN | REACT_REDRAW;
}
