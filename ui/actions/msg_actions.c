/* msg_actions.c — message queue actions: send (`s`) and receive (`r`),
 * each in a worker when it may block. The MSG_COPY view is peek_view.c. */
#define _GNU_SOURCE
#include "actions/msg_actions.h"

#include <stdio.h>
#include <string.h>
#include <sys/msg.h>

#include "base/i18n.h"
#include "base/parse.h"
#include "ops/ops.h"
#include "base/payload.h"
#include "ops/worker.h"
#include "panes/panels.h"
#include "views/form_view.h"

#define PAYLOAD_MAX 65536

static int queue; /* the id of the queue the open form is about */

static const char *const payload_modes[] = { N_("text (\\n \\t \\xHH escapes)"), N_("hex bytes"), NULL };

/* Runs req in place when it cannot block, else in a worker. */
static void run_maybe_blocking(struct app *a, const struct op_request *req, bool nowait)
{
	struct op_result res;
	if (nowait) {
		res = ops_run(req);
		if (res.ret >= 0 && req->kind == OP_MSG_RECV)
			app_show_message(a, &res);
		else
			app_show_result(a, &res);
	} else if (worker_start(req, &res) > 0) {
		app_message(a, false, _("%s (may block: running in worker pid %d; w shows waiters)"), res.call,
			    (int)worker_get(worker_count() - 1)->pid);
		panels_show_waiters(); /* as for a blocking semop: the waiter is visible */
	} else {
		app_show_result(a, &res);
	}
	ops_result_free(&res);
}

/* ---- send ---------------------------------------------------------------- */

enum { S_MTYPE, S_MODE, S_PAYLOAD, S_NOWAIT };

struct send_req {
	struct op_request req;
	unsigned char bytes[PAYLOAD_MAX];
};

static bool build_send(struct form *f, struct send_req *sr)
{
	const char *why;
	char pwhy[128];
	long mtype;
	size_t n = 0;
	bool ok = true;
	memset(&sr->req, 0, sizeof(sr->req));
	f->fields[S_MTYPE].note[0] = f->fields[S_PAYLOAD].note[0] = '\0';
	if (parse_long(f->fields[S_MTYPE].text, 1, 0x7fffffffL, &mtype, &why) < 0)
		form_note(f, S_MTYPE, true, _("mtype must be > 0 (%s)"), why), ok = false;
	if (payload_parse(f->fields[S_PAYLOAD].text, f->fields[S_MODE].choice ? PAYLOAD_HEX : PAYLOAD_TEXT,
			  sr->bytes, sizeof(sr->bytes), &n, pwhy, sizeof(pwhy)) < 0)
		form_note(f, S_PAYLOAD, true, "%s", pwhy), ok = false;
	else
		form_note(f, S_PAYLOAD, false, P_("%zu byte", "%zu bytes", n), n);
	sr->req.kind = OP_MSG_SEND;
	sr->req.id = queue;
	sr->req.mtype = mtype;
	sr->req.bytes = sr->bytes;
	sr->req.nbytes = n;
	sr->req.flags = f->fields[S_NOWAIT].on ? IPC_NOWAIT : 0;
	return ok;
}

static void send_changed(struct app *a, struct form *f)
{
	(void)a;
	static struct send_req sr;
	f->message[0] = '\0';
	form_view_preview(f, build_send(f, &sr) ? &sr.req : NULL);
}

static bool send_submit(struct app *a, struct form *f)
{
	static struct send_req sr;
	if (!build_send(f, &sr))
		return false;
	struct op_result check;
	if (ops_check(&sr.req, &check) < 0) {
		snprintf(f->message, sizeof(f->message), "%s", check.message);
		return false;
	}
	run_maybe_blocking(a, &sr.req, sr.req.flags & IPC_NOWAIT);
	return true;
}

unsigned act_send(struct app *a, int key)
{
	(void)key;
	if (app_refuse_read_only(a, _("sending messages (msgsnd)")))
		return REACT_REDRAW;
	const struct ipc_object *o = action_target_kind(a, KIND_MSG, "msgsnd");
	if (!o)
		return REACT_REDRAW;
	queue = o->id;
	char title[128];
	snprintf(title, sizeof(title), _(" msgsnd to queue %d"), o->id);
	struct form *f = form_view_new(title);
	form_add_text(f, "mtype", "1", _("message type, > 0"));
	form_add_choice(f, _("payload as"), payload_modes, 0);
	form_add_text(f, _("payload"), "hello", _("the message bytes"));
	form_add_toggle(f, "IPC_NOWAIT", true);
	form_view_open(a, send_submit, send_changed);
	return REACT_REDRAW;
}

/* ---- receive -------------------------------------------------------------- */

enum { R_MSGTYP, R_MAXSIZE, R_EXCEPT, R_NOERROR, R_NOWAIT };

static bool build_recv(struct form *f, struct op_request *r)
{
	const char *why;
	long msgtyp;
	uint64_t maxsize = 0;
	bool ok = true;
	memset(r, 0, sizeof(*r));
	f->fields[R_MSGTYP].note[0] = f->fields[R_MAXSIZE].note[0] = '\0';
	if (parse_long(f->fields[R_MSGTYP].text, -0x7fffffffL, 0x7fffffffL, &msgtyp, &why) < 0)
		form_note(f, R_MSGTYP, true, "%s", why), ok = false;
	else
		form_note(f, R_MSGTYP, false, "%s", msgtyp == 0 ? _("0: the first message")
						  : msgtyp > 0 ? _("first of this type")
							       : _("lowest type <= |msgtyp|"));
	if (parse_size(f->fields[R_MAXSIZE].text, &maxsize, &why) < 0 || maxsize > PAYLOAD_MAX)
		form_note(f, R_MAXSIZE, true, _("bytes, at most %d"), PAYLOAD_MAX), ok = false;
	r->kind = OP_MSG_RECV;
	r->id = queue;
	r->mtype = msgtyp;
	r->size = maxsize;
	r->flags = (f->fields[R_EXCEPT].on ? MSG_EXCEPT : 0) | (f->fields[R_NOERROR].on ? MSG_NOERROR : 0) |
		   (f->fields[R_NOWAIT].on ? IPC_NOWAIT : 0);
	return ok;
}

static void recv_changed(struct app *a, struct form *f)
{
	(void)a;
	struct op_request r;
	f->message[0] = '\0';
	form_view_preview(f, build_recv(f, &r) ? &r : NULL);
}

static bool recv_submit(struct app *a, struct form *f)
{
	struct op_request r;
	if (!build_recv(f, &r))
		return false;
	run_maybe_blocking(a, &r, r.flags & IPC_NOWAIT);
	return true;
}

unsigned act_receive(struct app *a, int key)
{
	(void)key;
	if (app_refuse_read_only(a, _("receiving messages (msgrcv removes them)")))
		return REACT_REDRAW;
	const struct ipc_object *o = action_target_kind(a, KIND_MSG, "msgrcv");
	if (!o)
		return REACT_REDRAW;
	queue = o->id;
	char title[128];
	snprintf(title, sizeof(title), _(" msgrcv from queue %d"), o->id);
	struct form *f = form_view_new(title);
	form_add_text(f, "msgtyp", "0", NULL);
	form_add_text(f, _("max bytes"), "8192", _("msgsz: larger messages fail unless MSG_NOERROR"));
	form_add_toggle(f, "MSG_EXCEPT", false);
	form_add_toggle(f, "MSG_NOERROR", false);
	form_add_toggle(f, "IPC_NOWAIT", true);
	form_view_open(a, recv_submit, recv_changed);
	return REACT_REDRAW;
}
