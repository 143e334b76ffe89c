/* opresult.h — filling a struct op_result as an operation goes: its start,
 * a success summary, a failed system call, a refusal without one. The
 * call text being built (res->call through a strbuf) gets the result
 * appended: " = -1 EAGAIN", " [refused]". Every message follows errtext.h's
 * convention "<call>: <strerror> (<meaning>)". */
#ifndef IPCTOP_OPRESULT_H
#define IPCTOP_OPRESULT_H

#include "base/errtext.h"
#include "base/strbuf.h"
#include "ops/ops.h"

/* A result not done yet: zeroed, ret -1, id as given (-1: none). */
void opresult_init(struct op_result *res, int id);

/* The success message, printf-style. */
void opresult_summary(struct op_result *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends " = -1 EXXX" (or " = -1 errno N") to the call text. */
void opresult_append_errno(struct strbuf *sb, int err);

/* A system call that failed with err: ret -1, res->err, " = -1 EXXX" and
 * the message from errtext_message with ctx (whose limits are read for
 * the meaning's numbers; ctx->lim is NULL again on return). */
void opresult_fail(struct op_result *res, struct strbuf *sb, enum ipc_call call, int err,
		   struct errtext_ctx *ctx);

/* The end of a call that returned rc, 0 or -1 with errno err: on failure
 * as opresult_fail, else ret 0 and " = 0" appended. Returns 0 or -1. */
int opresult_done(struct op_result *res, struct strbuf *sb, enum ipc_call call, int rc, int err,
		  struct errtext_ctx *ctx);

/* A call not made: ret -1, res->err = err, refused, " [refused]" and the
 * message "<call>: <strerror> (<why, printf-style>)". Returns -1, so that
 * a check can `return opresult_refuse(...)`. */
int opresult_refuse(struct op_result *res, struct strbuf *sb, enum ipc_call call, int err,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
