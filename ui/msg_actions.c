/* msg_actions.c — message queue actions: send (`s`), receive (`r`), both
 * in a worker when they may block, and the non-destructive MSG_COPY view of
 * a queue's messages (`p`). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>

#include "actions.h"
#include "draw.h"
#include "base/i18n.h"
#include "ops/ops.h"
#include "base/parse.h"
#include "base/payload.h"
#include "ops/worker.h"

#define PAYLOAD_MAX 65536

static struct obj_ref queue; /* the queue the open form is about */

static const char *const payload_modes[] = { N_("text (\\n \\t \\xHH escapes)"), N_("hex bytes"), NULL };

/* Shows a received or peeked message. */
static void show_message(struct app *a, const struct op_result *res)
{
	char text[160];
	payload_format(res->data, res->len, 48, text, sizeof(text));
	app_message(a, false, _("%s  -> type %ld, %zu bytes: %s"), res->call, res->mtype, res->len, text);
}

/* Runs req in place when it cannot block, else in a worker. */
static void run_maybe_blocking(struct app *a, const struct op_request *req, bool nowait)
{
	struct op_result res;
	if (nowait) {
		res = ops_run(req);
		if (res.ret >= 0 && req->kind == OP_MSG_RECV)
			show_message(a, &res);
		else
			app_show_result(a, &res);
	} else if (worker_start(req, &res) > 0) {
		app_message(a, false, _("%s (may block: running in worker pid %d; w shows waiters)"), res.call,
			    (int)worker_get(worker_count() - 1)->pid);
		a->show_waiters = true; /* as for a blocking semop: the waiter is visible */
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

static bool build_send(struct app *a, struct send_req *sr)
{
	struct form *f = &a->form;
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
		form_note(f, S_PAYLOAD, false, _("%zu bytes"), n);
	sr->req.kind = OP_MSG_SEND;
	sr->req.id = queue.id;
	sr->req.mtype = mtype;
	sr->req.bytes = sr->bytes;
	sr->req.nbytes = n;
	sr->req.flags = f->fields[S_NOWAIT].on ? IPC_NOWAIT : 0;
	return ok;
}

static void send_changed(struct app *a)
{
	static struct send_req sr;
	a->form.message[0] = '\0';
	if (build_send(a, &sr))
		ops_format_call(&sr.req, a->form.preview, sizeof(a->form.preview));
	else
		snprintf(a->form.preview, sizeof(a->form.preview), "%s", _("(fix the marked fields)"));
}

static bool send_submit(struct app *a)
{
	static struct send_req sr;
	if (!build_send(a, &sr))
		return false;
	struct op_result check;
	if (ops_check(&sr.req, &check) < 0) {
		snprintf(a->form.message, sizeof(a->form.message), "%s", check.message);
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
	queue = (struct obj_ref){ KIND_MSG, o->id, true };
	char title[128];
	snprintf(title, sizeof(title), _(" msgsnd to queue %d"), o->id);
	form_init(&a->form, title);
	form_add_text(&a->form, "mtype", "1", _("message type, > 0"));
	form_add_choice(&a->form, _("payload as"), payload_modes, 0);
	form_add_text(&a->form, _("payload"), "hello", _("the message bytes"));
	form_add_toggle(&a->form, "IPC_NOWAIT", true);
	app_open_form(a, send_submit, send_changed);
	return REACT_REDRAW;
}

/* ---- receive -------------------------------------------------------------- */

enum { R_MSGTYP, R_MAXSIZE, R_EXCEPT, R_NOERROR, R_NOWAIT };

static bool build_recv(struct app *a, struct op_request *r)
{
	struct form *f = &a->form;
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
	r->id = queue.id;
	r->mtype = msgtyp;
	r->size = maxsize;
	r->flags = (f->fields[R_EXCEPT].on ? MSG_EXCEPT : 0) | (f->fields[R_NOERROR].on ? MSG_NOERROR : 0) |
		   (f->fields[R_NOWAIT].on ? IPC_NOWAIT : 0);
	return ok;
}

static void recv_changed(struct app *a)
{
	struct op_request r;
	a->form.message[0] = '\0';
	if (build_recv(a, &r))
		ops_format_call(&r, a->form.preview, sizeof(a->form.preview));
	else
		snprintf(a->form.preview, sizeof(a->form.preview), "%s", _("(fix the marked fields)"));
}

static bool recv_submit(struct app *a)
{
	struct op_request r;
	if (!build_recv(a, &r))
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
	queue = (struct obj_ref){ KIND_MSG, o->id, true };
	char title[128];
	snprintf(title, sizeof(title), _(" msgrcv from queue %d"), o->id);
	form_init(&a->form, title);
	form_add_text(&a->form, "msgtyp", "0", NULL);
	form_add_text(&a->form, _("max bytes"), "8192", _("msgsz: larger messages fail unless MSG_NOERROR"));
	form_add_toggle(&a->form, "MSG_EXCEPT", false);
	form_add_toggle(&a->form, "MSG_NOERROR", false);
	form_add_toggle(&a->form, "IPC_NOWAIT", true);
	app_open_form(a, recv_submit, recv_changed);
	return REACT_REDRAW;
}

/* ---- peek (MSG_COPY) ----------------------------------------------------- */

unsigned act_peek(struct app *a, int key)
{
	(void)key;
	const struct ipc_object *o = action_target_kind(a, KIND_MSG, _("MSG_COPY peek"));
	if (!o)
		return REACT_REDRAW;
	a->detail = (struct obj_ref){ KIND_MSG, o->id, true };
	a->peek_cursor = a->peek_top = 0;
	/* Esc (close_view) goes back to the detail view only if that is
	 * where the peek came from; a stale value sent it there from the list. */
	a->waiters_return = a->mode;
	a->mode = UI_PEEK;
	/* The first message through the logged path: what the user would write. */
	if (o->u.msg.qnum) {
		struct op_result res = ops_msg_peek(o->id, 0);
		if (res.ret >= 0)
			show_message(a, &res);
		else
			app_show_result(a, &res);
		ops_result_free(&res);
	} else {
		app_message(a, false, _("queue %d is empty"), o->id);
	}
	return REACT_REDRAW;
}

void peek_view_draw(struct app *a, int top, int height)
{
	const struct ipc_object *o = snapshot_find(&a->snap, KIND_MSG, a->detail.id);
	char line[OPS_MESSAGE_LEN + 32];
	if (!o) {
		draw_text(top, 0, COLS, A_BOLD, false, _(" The queue no longer exists (Esc: back)"));
		return;
	}
	snprintf(line, sizeof(line), _(" Queue %d: %llu messages, %llu bytes (MSG_COPY: nothing is removed)"),
		 o->id, (unsigned long long)o->u.msg.qnum, (unsigned long long)o->u.msg.cbytes);
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, line);
	static const struct title_col titles[] = {
		{ 1, 5, N_("INDEX") }, { 1, 11, N_("TYPE") }, { 1, 7, N_("SIZE") }, { 2, 0, N_("TEXT / HEX") },
	};
	char title[160];
	draw_text(top + 1, 0, COLS, A_BOLD, true, draw_title_line(title, sizeof(title), titles, sizeof(titles) / sizeof(titles[0])));
	size_t rows = height > 2 ? (size_t)(height - 2) : 0;
	size_t count = (size_t)o->u.msg.qnum;
	if (a->peek_cursor >= count)
		a->peek_cursor = count ? count - 1 : 0;
	if (a->peek_cursor < a->peek_top)
		a->peek_top = a->peek_cursor;
	if (rows && a->peek_cursor >= a->peek_top + rows)
		a->peek_top = a->peek_cursor - rows + 1;
	for (size_t r = 0; r < rows && a->peek_top + r < count; r++) {
		size_t i = a->peek_top + r;
		/* Reads only the visible messages; no log line for a redraw. */
		struct op_request req = { .kind = OP_MSG_PEEK, .id = o->id, .mtype = (long)i };
		struct op_result res = ops_execute(&req);
		if (res.ret < 0) {
			snprintf(line, sizeof(line), " %5zu  %s", i, res.message);
			draw_text(top + 2 + (int)r, 0, COLS, screen_attr(ROLE_ERROR), true, line);
			ops_result_free(&res);
			if (res.err == ENOSYS)
				break;
			continue;
		}
		char text[96], hex[64];
		payload_format(res.data, res.len, 24, text, sizeof(text));
		size_t hl = 0;
		for (size_t b = 0; b < res.len && b < 8 && hl + 4 < sizeof(hex); b++)
			hl += (size_t)snprintf(hex + hl, sizeof(hex) - hl, "%02x ", res.data[b]);
		hex[hl] = '\0';
		snprintf(line, sizeof(line), " %5zu %11ld %7zu  %-28s %s", i, res.mtype, res.len, text, hex);
		attr_t attr = i == a->peek_cursor ? screen_attr(ROLE_SELECTED) : A_NORMAL;
		draw_text(top + 2 + (int)r, 0, COLS, attr, true, line);
		ops_result_free(&res);
	}
	if (count == 0)
		draw_text(top + 3, 2, COLS - 2, A_NORMAL, false, _("The queue is empty. s sends a message."));
}
