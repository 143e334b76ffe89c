/* opresult.c — owns how an operation's result records success, failure
 * and refusal (see the header). */
#define _GNU_SOURCE
#include "ops/opresult.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/ipclimits.h"

void opresult_init(struct op_result *res, int id)
{
	memset(res, 0, sizeof(*res));
	res->ret = -1;
	res->id = id;
}

void opresult_summary(struct op_result *res, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->message, sizeof(res->message), fmt, ap);
	va_end(ap);
}

void opresult_append_errno(struct strbuf *sb, int err)
{
	const char *name = errtext_errno_name(err);
	if (name)
		strbuf_printf(sb, " = -1 %s", name);
	else
		strbuf_printf(sb, " = -1 errno %d", err);
}

void opresult_fail(struct op_result *res, struct strbuf *sb, enum ipc_call call, int err,
		   struct errtext_ctx *ctx)
{
	struct ipc_limits lim;
	res->ret = -1;
	res->err = err;
	opresult_append_errno(sb, err);
	/* limits_read fills what it could even when one kind failed */
	limits_read(&lim);
	ctx->lim = &lim;
	errtext_message(call, err, ctx, res->message, sizeof(res->message));
	ctx->lim = NULL;
}

int opresult_done(struct op_result *res, struct strbuf *sb, enum ipc_call call, int rc, int err,
		  struct errtext_ctx *ctx)
{
	if (rc < 0) {
		opresult_fail(res, sb, call, err, ctx);
		return -1;
	}
	res->ret = 0;
	strbuf_printf(sb, " = 0");
	return 0;
}

int opresult_refuse(struct op_result *res, struct strbuf *sb, enum ipc_call call, int err,
		    const char *fmt, ...)
{
	char why[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	res->ret = -1;
	res->err = err;
	res->refused = true;
	strbuf_printf(sb, " [refused]");
	errtext_format(res->message, sizeof(res->message), errtext_call_name(call), err, why);
	return -1;
}
