/* opmsg.c — owns the message queue kinds: their checks against MSGMAX,
 * the calls with a fresh message buffer, and their replay through the
 * program's one message buffer. */
#define _GNU_SOURCE
#include "ops/opmsg.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "ops/opcommon.h"
#include "ops/opresult.h"
#include "ops/optext.h"

#define PEEK_SIZE_DEFAULT 8192 /* a peek's buffer when MSGMAX is unknown */

/* A message for msgsnd/msgrcv: the type, then the bytes. */
struct msg_buf {
	long mtype;
	char mtext[];
};

/* ---- create ------------------------------------------------------------------ */

static int check_create(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
			struct op_result *res, struct strbuf *sb)
{
	(void)lim;
	return opcommon_check_mode(k, r->mode, res, sb);
}

static void exec_create(const struct opkind *k, const struct op_request *r, struct op_result *res,
			struct strbuf *sb)
{
	int id = opcommon_get(k, r, res, sb);
	if (id < 0)
		return;
	if (r->size == 0) {
		opresult_summary(res, _("message queue id %d"), id);
		return;
	}
	struct ops_ipcset s = { .has_qbytes = true, .qbytes = r->size };
	strbuf_printf(sb, "; msgctl(%d, IPC_SET, ", id);
	optext_ipcset(sb, &s, true);
	strbuf_printf(sb, ")");
	if (opcommon_ipcset(CALL_MSGCTL, KIND_MSG, id, &s, res, sb) < 0) {
		size_t used = strlen(res->message);
		snprintf(res->message + used, sizeof(res->message) - used,
			 "; queue %d was created with the default size", id);
		return;
	}
	res->ret = id;
	opresult_summary(res, _("message queue id %d, msg_qbytes %" PRIu64 " -> %" PRIu64), id,
			 res->before.qbytes, res->after.qbytes);
}

static void emit_create(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	char id[32];
	if (opcommon_emit_get(k, w, a, n, id, sizeof(id)) && a->req.size) {
		struct ops_ipcset s = { .has_qbytes = true, .qbytes = a->req.size };
		opcommon_emit_ipcset(w, KIND_MSG, id, &s);
	}
}

const struct opkind opmsg_create = {
	.call = CALL_MSGGET, .object = KIND_MSG, .flags = OPK_MODIFIES | OPK_CREATES,
	.check = check_create, .format = opcommon_format_get, .execute = exec_create, .emit = emit_create,
};

/* ---- send ---------------------------------------------------------------------- */

static int check_send(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
		      struct op_result *res, struct strbuf *sb)
{
	if (r->mtype < 1)
		return opresult_refuse(res, sb, k->call, EINVAL, _("mtype %ld: it must be > 0"), r->mtype);
	if (lim->msgmax && r->nbytes > lim->msgmax)
		return opresult_refuse(res, sb, k->call, EINVAL,
				       _("message of %zu bytes above MSGMAX (%" PRIu64 ")"), r->nbytes, lim->msgmax);
	if (r->nbytes && !r->bytes)
		return opresult_refuse(res, sb, k->call, EFAULT, _("no payload given"));
	return 0;
}

static void format_send(const struct opkind *k, const struct op_request *r, struct strbuf *sb)
{
	(void)k;
	char b[48], big[OPS_CALL_LEN];
	strbuf_printf(sb, "msgsnd(%d, {mtype=%ld, %s}, %zu, %s)", r->id, r->mtype,
		      optext_payload(r->bytes, r->nbytes, big, sizeof(big)), r->nbytes,
		      optext_msgflags(r->flags, b, sizeof(b)));
}

static void exec_send(const struct opkind *k, const struct op_request *r, struct op_result *res,
		      struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	ctx.flags = r->flags;
	struct msg_buf *m = malloc(sizeof(struct msg_buf) + r->nbytes + 1);
	if (!m) {
		opresult_refuse(res, sb, k->call, ENOMEM, _("no memory for a %zu byte message"), r->nbytes);
		return;
	}
	m->mtype = r->mtype;
	if (r->nbytes)
		memcpy(m->mtext, r->bytes, r->nbytes);
	int rc;
	RETRY_EINTR(rc, msgsnd(r->id, m, r->nbytes, r->flags));
	int err = errno;
	free(m);
	if (opresult_done(res, sb, k->call, rc, err, &ctx) < 0)
		return;
	opresult_summary(res, P_("sent %zu byte of type %ld to queue %d", "sent %zu bytes of type %ld to queue %d", r->nbytes),
			 r->nbytes, r->mtype, r->id);
}

static void emit_send(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	(void)n;
	const struct op_request *q = &a->req;
	char id[32], flags[64], cond[160];
	replayc_id(w, k->object, q->id, id, sizeof(id));
	char *lit = replayc_literal(q->bytes, q->nbytes);
	if (!lit) {
		w->failed = 1;
		return;
	}
	fprintf(w->out, "\tmsg.mtype = %ld;\n", q->mtype);
	if (q->nbytes)
		fprintf(w->out, "\tmemcpy(msg.mtext, %s, %zu);\n", lit, q->nbytes);
	snprintf(cond, sizeof(cond), "msgsnd(%s, &msg, %zu, %s) == -1", id, q->nbytes,
		 optext_msgflags(q->flags, flags, sizeof(flags)));
	replayc_check(w->out, 1, cond, "msgsnd");
	free(lit);
}

static size_t msgbuf_send(const struct op_replay *a)
{
	return a->req.nbytes;
}

const struct opkind opmsg_send = {
	.call = CALL_MSGSND, .object = KIND_MSG, .flags = OPK_MODIFIES | OPK_BY_ID | OPK_WORKER,
	.check = check_send, .format = format_send, .execute = exec_send, .emit = emit_send,
	.msgbuf = msgbuf_send,
};

/* ---- receive, peek ----------------------------------------------------------------- */

/* Receive and peek share their code: is k the peek? */
static bool is_peek(const struct opkind *k)
{
	return k == &opmsg_peek;
}

/* The flags msgrcv gets: a peek's are always MSG_COPY|IPC_NOWAIT. */
static int recv_flags(const struct opkind *k, const struct op_request *r)
{
	return is_peek(k) ? MSG_COPY | IPC_NOWAIT : r->flags;
}

static int check_recv(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
		      struct op_result *res, struct strbuf *sb)
{
	(void)lim;
	if (r->size > (uint64_t)INT32_MAX)
		return opresult_refuse(res, sb, k->call, EINVAL, _("max size %" PRIu64 " too large"), r->size);
	return 0;
}

static int check_peek(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
		      struct op_result *res, struct strbuf *sb)
{
	(void)lim;
	if (r->mtype < 0)
		return opresult_refuse(res, sb, k->call, EINVAL, _("message index %ld below 0"), r->mtype);
	return 0;
}

static void prepare_peek(struct op_request *r, const struct ipc_limits *lim)
{
	if (r->size == 0)
		r->size = lim->msgmax ? lim->msgmax : PEEK_SIZE_DEFAULT;
}

static void format_recv(const struct opkind *k, const struct op_request *r, struct strbuf *sb)
{
	char b[48];
	strbuf_printf(sb, "msgrcv(%d, buf, %" PRIu64 ", %ld, %s)", r->id, r->size, r->mtype,
		      optext_msgflags(recv_flags(k, r), b, sizeof(b)));
}

/* msgrcv into a fresh buffer; the bytes go to res->data. */
static void exec_recv(const struct opkind *k, const struct op_request *r, struct op_result *res,
		      struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	bool peek = is_peek(k);
	int flags = recv_flags(k, r);
	ctx.flags = flags;
	size_t size = (size_t)r->size;
	struct msg_buf *m = malloc(sizeof(struct msg_buf) + size + 1);
	if (!m) {
		opresult_refuse(res, sb, k->call, ENOMEM, _("no memory for a %zu byte buffer"), size);
		return;
	}
	ssize_t n;
	RETRY_EINTR(n, msgrcv(r->id, m, size, r->mtype, flags));
	if (n < 0) {
		int err = errno;
		free(m);
		opresult_fail(res, sb, k->call, err, &ctx);
		return;
	}
	res->data = malloc((size_t)n + 1);
	if (!res->data) {
		free(m);
		opresult_refuse(res, sb, k->call, ENOMEM, _("no memory to keep the %zd byte message"), n);
		return;
	}
	memcpy(res->data, m->mtext, (size_t)n);
	res->len = (size_t)n;
	res->mtype = m->mtype;
	res->ret = (int)n;
	free(m);
	char lit[OPS_CALL_LEN];
	strbuf_printf(sb, " = %zd {mtype=%ld, %s}", n, res->mtype,
		      optext_payload(res->data, res->len, lit, sizeof(lit)));
	if (peek)
		opresult_summary(res, P_("message %ld: %zd byte of type %ld (left on the queue)",
					 "message %ld: %zd bytes of type %ld (left on the queue)", (unsigned long)n),
				 r->mtype, n, res->mtype);
	else
		opresult_summary(res, P_("received %zd byte of type %ld from queue %d",
					 "received %zd bytes of type %ld from queue %d", (unsigned long)n),
				 n, res->mtype, r->id);
}

static void emit_recv(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	(void)n;
	const struct op_request *q = &a->req;
	bool peek = is_peek(k);
	char id[32], flags[64], cond[200], size[48];
	replayc_id(w, k->object, q->id, id, sizeof(id));
	if (peek)
		snprintf(size, sizeof(size), "sizeof(msg.mtext)");
	else
		snprintf(size, sizeof(size), "%" PRIu64, q->size);
	snprintf(cond, sizeof(cond), "msgrcv(%s, &msg, %s, %ld, %s) == -1", id, size, q->mtype,
		 optext_msgflags(recv_flags(k, q), flags, sizeof(flags)));
	replayc_check(w->out, 1, cond, "msgrcv");
}

static size_t msgbuf_recv(const struct op_replay *a)
{
	return (size_t)a->req.size;
}

static size_t msgbuf_peek(const struct op_replay *a)
{
	return a->len > PEEK_SIZE_DEFAULT ? a->len : PEEK_SIZE_DEFAULT;
}

const struct opkind opmsg_recv = {
	.call = CALL_MSGRCV, .object = KIND_MSG, .flags = OPK_MODIFIES | OPK_BY_ID | OPK_WORKER,
	.check = check_recv, .format = format_recv, .execute = exec_recv, .emit = emit_recv,
	.msgbuf = msgbuf_recv,
};

const struct opkind opmsg_peek = {
	.call = CALL_MSGRCV, .object = KIND_MSG, .flags = OPK_BY_ID,
	.prepare = prepare_peek, .check = check_peek, .format = format_recv, .execute = exec_recv,
	.emit = emit_recv, .msgbuf = msgbuf_peek,
};
