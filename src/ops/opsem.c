/* opsem.c — owns the semaphore set kinds: their checks against SEMVMX and
 * SEMOPM, the calls, and their replay. */
#define _GNU_SOURCE
#include "ops/opsem.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "ops/opcommon.h"
#include "ops/opresult.h"
#include "ops/optext.h"
#include "ops/semspec.h"

#define SEMVMX_DEFAULT 32767

union semun_arg {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static uint64_t semvmx_of(const struct ipc_limits *l)
{
	return l->semvmx ? l->semvmx : SEMVMX_DEFAULT;
}

/* Refuses values outside 0..SEMVMX (ERANGE, as semctl would). */
static int check_values(const int *v, size_t n, const struct ipc_limits *l, struct op_result *res,
			struct strbuf *sb)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i] < 0)
			return opresult_refuse(res, sb, CALL_SEMCTL, ERANGE, _("value %d below 0"), v[i]);
		if ((uint64_t)v[i] > semvmx_of(l))
			return opresult_refuse(res, sb, CALL_SEMCTL, ERANGE,
					       _("value %d above SEMVMX (%" PRIu64 ")"), v[i], semvmx_of(l));
	}
	return 0;
}

/* SETALL with values (one value for all when one_for_all); the number of
 * values must match the set's nsems, read with IPC_STAT. res->ret is 0
 * after it. */
static int sem_setall(int id, const int *values, size_t n, bool one_for_all, struct op_result *res,
		      struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	union ipc_ds ds;
	if (opcommon_stat(CALL_SEMCTL, KIND_SEM, id, &ds, res, sb) < 0)
		return -1;
	size_t nsems = (size_t)ds.sem.sem_nsems;
	if (!one_for_all && n != nsems) {
		char vals[48], sems[48];
		snprintf(vals, sizeof(vals), P_("%zu value", "%zu values", n), n);
		snprintf(sems, sizeof(sems), P_("%zu semaphore", "%zu semaphores", nsems), nsems);
		/* TRANSLATORS: "2 values for a set of 3 semaphores". */
		return opresult_refuse(res, sb, CALL_SEMCTL, EINVAL, _("%s for a set of %s"), vals, sems);
	}
	unsigned short *v = malloc((nsems ? nsems : 1) * sizeof(*v));
	if (!v)
		return opresult_refuse(res, sb, CALL_SEMCTL, ENOMEM, _("no memory for %zu values"), nsems);
	for (size_t i = 0; i < nsems; i++)
		v[i] = (unsigned short)values[one_for_all ? 0 : i];
	union semun_arg arg = { .array = v };
	int rc;
	ctx.cmd = SETALL;
	RETRY_EINTR(rc, semctl(id, 0, SETALL, arg));
	int err = errno;
	free(v);
	return opresult_done(res, sb, CALL_SEMCTL, rc, err, &ctx);
}

/* The replay of a SETALL: nv values, or one for all nsems when nv is 1. */
static void emit_values(struct replayc *w, const char *id, const int *v, size_t nv, unsigned nsems)
{
	size_t count = nv == 1 ? nsems : nv;
	fprintf(w->out, "\t{\n\t\tunsigned short vals[] = {");
	for (size_t i = 0; i < count; i++)
		fprintf(w->out, "%s%d", i ? ", " : "", v[nv == 1 ? 0 : i]);
	fprintf(w->out, "};\n");
	char cond[96];
	snprintf(cond, sizeof(cond), "semctl(%s, 0, SETALL, (union semun){ .array = vals }) == -1", id);
	replayc_check(w->out, 2, cond, "semctl SETALL");
	fprintf(w->out, "\t}\n");
}

/* ---- create ---------------------------------------------------------------- */

static int check_create(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
			struct op_result *res, struct strbuf *sb)
{
	if (opcommon_check_mode(k, r->mode, res, sb) < 0)
		return -1;
	if (lim->semmsl && r->nsems > lim->semmsl)
		return opresult_refuse(res, sb, k->call, EINVAL,
				       _("nsems %u is above SEMMSL (%llu semaphores a set, /proc/sys/kernel/sem)"),
				       r->nsems, (unsigned long long)lim->semmsl);
	if (r->nvalues > 1 && r->nvalues != r->nsems) {
		char vals[48], sems[48];
		snprintf(vals, sizeof(vals), P_("%zu initial value", "%zu initial values", r->nvalues), r->nvalues);
		snprintf(sems, sizeof(sems), P_("%zu semaphore", "%zu semaphores", r->nsems), (size_t)r->nsems);
		/* TRANSLATORS: "2 initial values for 3 semaphores (...)". */
		return opresult_refuse(res, sb, k->call, EINVAL, _("%s for %s (give one for all, or one each)"), vals,
				       sems);
	}
	if (r->nvalues && !r->values)
		return opresult_refuse(res, sb, k->call, EFAULT, _("no values given"));
	return check_values(r->values, r->nvalues, lim, res, sb);
}

static void exec_create(const struct opkind *k, const struct op_request *r, struct op_result *res,
			struct strbuf *sb)
{
	int id = opcommon_get(k, r, res, sb);
	if (id < 0)
		return;
	if (r->nvalues) {
		char vals[OPS_CALL_LEN / 2];
		if (r->nvalues == 1) {
			int v = r->values[0];
			if (r->nsems > 3)
				snprintf(vals, sizeof(vals), "{%d, %d, %d, ...}", v, v, v);
			else
				optext_values((int[3]){ v, v, v }, r->nsems, vals, sizeof(vals));
		} else {
			optext_values(r->values, r->nvalues, vals, sizeof(vals));
		}
		strbuf_printf(sb, "; semctl(%d, 0, SETALL, %s)", id, vals);
		if (sem_setall(id, r->values, r->nvalues, r->nvalues == 1, res, sb) < 0)
			return;
	}
	res->ret = id;
	opresult_summary(res, P_("semaphore set id %d, %u semaphore", "semaphore set id %d, %u semaphores", r->nsems),
			 id, r->nsems);
}

static void emit_create(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	char id[32];
	const struct op_request *q = &a->req;
	if (opcommon_emit_get(k, w, a, n, id, sizeof(id)) && q->nvalues)
		emit_values(w, id, q->values, q->nvalues, q->nsems);
}

const struct opkind opsem_create = {
	.call = CALL_SEMGET, .object = KIND_SEM, .flags = OPK_MODIFIES | OPK_CREATES,
	.check = check_create, .format = opcommon_format_get, .execute = exec_create, .emit = emit_create,
};

/* ---- semop ------------------------------------------------------------------ */

static int check_op(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
		    struct op_result *res, struct strbuf *sb)
{
	if (r->nsops == 0 || !r->sops)
		return opresult_refuse(res, sb, k->call, EINVAL, _("no operations"));
	if (lim->semopm && r->nsops > lim->semopm)
		return opresult_refuse(res, sb, k->call, E2BIG,
				       _("%zu operations, more than SEMOPM (%" PRIu64 ")"), r->nsops, lim->semopm);
	return 0;
}

static void format_op(const struct opkind *k, const struct op_request *r, struct strbuf *sb)
{
	(void)k;
	char big[OPS_CALL_LEN];
	strbuf_printf(sb, "semop(%d, %s, %zu)", r->id, semspec_format(r->sops, r->nsops, big, sizeof(big) / 2),
		      r->nsops);
}

static void exec_op(const struct opkind *k, const struct op_request *r, struct op_result *res,
		    struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	struct sembuf *ops = malloc(r->nsops * sizeof(*ops));
	if (!ops) {
		opresult_refuse(res, sb, k->call, ENOMEM, _("no memory for %zu operations"), r->nsops);
		return;
	}
	memcpy(ops, r->sops, r->nsops * sizeof(*ops));
	for (size_t i = 0; i < r->nsops; i++) {
		ctx.flags |= ops[i].sem_flg;
		ctx.semop |= ops[i].sem_op < 0 ? ERRTEXT_SEM_DEC : ops[i].sem_op == 0 ? ERRTEXT_SEM_ZERO : 0u;
	}
	int rc;
	RETRY_EINTR(rc, semop(r->id, ops, r->nsops));
	int err = errno;
	free(ops);
	if (opresult_done(res, sb, k->call, rc, err, &ctx) < 0)
		return;
	opresult_summary(res, P_("%zu operation on set %d done", "%zu operations on set %d done", r->nsops),
			 r->nsops, r->id);
}

static void emit_op(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	(void)n;
	const struct op_request *q = &a->req;
	char id[32], cond[80];
	replayc_id(w, k->object, q->id, id, sizeof(id));
	size_t size = q->nsops * 48 + 8;
	char *ops = malloc(size);
	if (!ops) {
		w->failed = 1;
		return;
	}
	semspec_format(q->sops, q->nsops, ops, size);
	fprintf(w->out, "\t{\n\t\tstruct sembuf sops[] = %s;\n", ops);
	snprintf(cond, sizeof(cond), "semop(%s, sops, %zu) == -1", id, q->nsops);
	replayc_check(w->out, 2, cond, "semop");
	fprintf(w->out, "\t}\n");
	free(ops);
}

const struct opkind opsem_op = {
	.call = CALL_SEMOP, .object = KIND_SEM, .flags = OPK_MODIFIES | OPK_BY_ID | OPK_WORKER,
	.check = check_op, .format = format_op, .execute = exec_op, .emit = emit_op,
};

/* ---- SETVAL, SETALL ---------------------------------------------------------- */

static int check_setval(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
			struct op_result *res, struct strbuf *sb)
{
	(void)k;
	return check_values(&r->value, 1, lim, res, sb);
}

static void format_setval(const struct opkind *k, const struct op_request *r, struct strbuf *sb)
{
	(void)k;
	strbuf_printf(sb, "semctl(%d, %d, SETVAL, %d)", r->id, r->semnum, r->value);
}

static void exec_setval(const struct opkind *k, const struct op_request *r, struct op_result *res,
			struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	union semun_arg arg = { .val = r->value };
	int rc;
	ctx.cmd = SETVAL;
	RETRY_EINTR(rc, semctl(r->id, r->semnum, SETVAL, arg));
	if (opresult_done(res, sb, k->call, rc, errno, &ctx) < 0)
		return;
	opresult_summary(res, _("semaphore %d of set %d = %d"), r->semnum, r->id, r->value);
}

static void emit_setval(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	(void)n;
	const struct op_request *q = &a->req;
	char id[32], cond[160];
	replayc_id(w, k->object, q->id, id, sizeof(id));
	snprintf(cond, sizeof(cond), "semctl(%s, %d, SETVAL, (union semun){ .val = %d }) == -1", id, q->semnum,
		 q->value);
	replayc_check(w->out, 1, cond, "semctl SETVAL");
}

const struct opkind opsem_setval = {
	.call = CALL_SEMCTL, .object = KIND_SEM, .flags = OPK_MODIFIES | OPK_BY_ID,
	.check = check_setval, .format = format_setval, .execute = exec_setval, .emit = emit_setval,
};

static int check_setall(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
			struct op_result *res, struct strbuf *sb)
{
	if (r->nvalues == 0 || !r->values)
		return opresult_refuse(res, sb, k->call, EINVAL, _("no values"));
	return check_values(r->values, r->nvalues, lim, res, sb);
}

static void format_setall(const struct opkind *k, const struct op_request *r, struct strbuf *sb)
{
	(void)k;
	char big[OPS_CALL_LEN];
	strbuf_printf(sb, "semctl(%d, 0, SETALL, %s)", r->id,
		      optext_values(r->values, r->nvalues, big, sizeof(big) / 2));
}

static void exec_setall(const struct opkind *k, const struct op_request *r, struct op_result *res,
			struct strbuf *sb)
{
	(void)k;
	if (sem_setall(r->id, r->values, r->nvalues, false, res, sb) < 0)
		return;
	opresult_summary(res, P_("%zu value of set %d set", "%zu values of set %d set", r->nvalues), r->nvalues, r->id);
}

static void emit_setall(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	(void)n;
	char id[32];
	replayc_id(w, k->object, a->req.id, id, sizeof(id));
	emit_values(w, id, a->req.values, a->req.nvalues, 0);
}

const struct opkind opsem_setall = {
	.call = CALL_SEMCTL, .object = KIND_SEM, .flags = OPK_MODIFIES | OPK_BY_ID,
	.check = check_setall, .format = format_setall, .execute = exec_setall, .emit = emit_setall,
};
