/* opcommon.c — owns ftok, IPC_RMID and IPC_SET of the three object kinds,
 * and the create and IPC_STAT pieces the kinds' files share (see the
 * header). */
#define _GNU_SOURCE
#include "ops/opcommon.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "ops/opresult.h"
#include "ops/optext.h"

/* ---- ftok ---------------------------------------------------------------- */

static int check_ftok(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
		      struct op_result *res, struct strbuf *sb)
{
	(void)lim;
	if (!r->path || !*r->path)
		return opresult_refuse(res, sb, k->call, ENOENT, _("empty path"));
	if (r->proj < 1 || r->proj > 255)
		return opresult_refuse(res, sb, k->call, EINVAL, _("proj_id %d outside 1..255"), r->proj);
	return 0;
}

static void format_ftok(const struct opkind *k, const struct op_request *r, struct strbuf *sb)
{
	(void)k;
	char call[OPS_CALL_LEN];
	strbuf_printf(sb, "%s", optext_ftok(r->path, r->proj, call, sizeof(call)));
}

static void exec_ftok(const struct opkind *k, const struct op_request *r, struct op_result *res,
		      struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	key_t key = ftok(r->path, r->proj);
	if (key == (key_t)-1) {
		opresult_fail(res, sb, k->call, errno, &ctx);
		return;
	}
	res->key = (int)key;
	res->ret = 0;
	strbuf_printf(sb, " = 0x%08x", (unsigned)key);
	opresult_summary(res, _("key 0x%08x"), (unsigned)key);
}

static void emit_ftok(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	(void)k;
	(void)n;
	const struct op_request *q = &a->req;
	char *lit = replayc_literal(q->path, q->path ? strlen(q->path) : 0);
	size_t clen = lit ? strlen(lit) + 48 : 0;
	char *c = lit ? malloc(clen) : NULL;
	if (c) {
		char proj[8];
		snprintf(c, clen, "ftok(%s, %s) == (key_t)-1", lit, optext_proj(q->proj, proj, sizeof(proj)));
		replayc_check(w->out, 1, c, "ftok");
	} else {
		w->failed = 1;
	}
	free(c);
	free(lit);
}

const struct opkind opcommon_ftok = {
	.call = CALL_FTOK, .object = KIND_COUNT, .flags = 0,
	.check = check_ftok, .format = format_ftok, .execute = exec_ftok, .emit = emit_ftok,
};

/* ---- creates ------------------------------------------------------------- */

int opcommon_check_mode(const struct opkind *k, unsigned mode, struct op_result *res, struct strbuf *sb)
{
	if (mode > 0777)
		return opresult_refuse(res, sb, k->call, EINVAL, _("mode 0%o above 0777"), mode);
	return 0;
}

int opcommon_get(const struct opkind *k, const struct op_request *r, struct op_result *res,
		 struct strbuf *sb)
{
	int flags = IPC_CREAT | (r->excl ? IPC_EXCL : 0) | (int)(r->mode & 0777u);
	int id;
	if (k->object == KIND_SHM)
		RETRY_EINTR(id, shmget(r->key, (size_t)r->size, flags));
	else if (k->object == KIND_MSG)
		RETRY_EINTR(id, msgget(r->key, flags));
	else
		RETRY_EINTR(id, semget(r->key, (int)r->nsems, flags));
	if (id < 0) {
		struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
		ctx.key = r->key;
		ctx.has_key = 1;
		ctx.flags = flags;
		opresult_fail(res, sb, k->call, errno, &ctx);
		return -1;
	}
	res->ret = res->id = id;
	strbuf_printf(sb, " = %d", id);
	return id;
}

void opcommon_format_get(const struct opkind *k, const struct op_request *r, struct strbuf *sb)
{
	char key[OPS_CALL_LEN], flags[48];
	strbuf_printf(sb, "%s(%s, ", errtext_call_name(k->call), optext_get_key(r, key, sizeof(key)));
	if (k->object == KIND_SHM)
		strbuf_printf(sb, "%" PRIu64 ", ", r->size);
	else if (k->object == KIND_SEM)
		strbuf_printf(sb, "%u, ", r->nsems);
	strbuf_printf(sb, "%s)", optext_getflags(r->excl, r->mode, flags, sizeof(flags)));
}

/* A create whose key came from ftok: `key_t keyN = ftok(...);`, checked. */
static int emit_key_ftok(struct replayc *w, const struct op_request *q, size_t n)
{
	char *lit = replayc_literal(q->path, strlen(q->path));
	if (!lit) {
		w->failed = 1;
		return -1;
	}
	char cond[32], proj[8];
	fprintf(w->out, "\tkey_t key%zu = ftok(%s, %s);\n", n, lit, optext_proj(q->proj, proj, sizeof(proj)));
	free(lit);
	snprintf(cond, sizeof(cond), "key%zu == (key_t)-1", n);
	replayc_check(w->out, 1, cond, "ftok");
	return 0;
}

bool opcommon_emit_get(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n,
		       char *id, size_t idlen)
{
	const struct op_request *q = &a->req;
	const char *call = errtext_call_name(k->call);
	char flags[48], var[32], cond[48];
	optext_getflags(q->excl, q->mode, flags, sizeof(flags));
	replayc_var_name(k->object, n, var, sizeof(var));
	if (q->path && emit_key_ftok(w, q, n) < 0)
		return false;
	fprintf(w->out, "\tint %s = %s(", var, call);
	if (q->path)
		fprintf(w->out, "key%zu", n);
	else
		replayc_key(w->out, q->key);
	if (k->object == KIND_SHM)
		fprintf(w->out, ", %" PRIu64 ", %s);\n", q->size, flags);
	else if (k->object == KIND_SEM)
		fprintf(w->out, ", %u, %s);\n", q->nsems, flags);
	else
		fprintf(w->out, ", %s);\n", flags);
	snprintf(cond, sizeof(cond), "%s == -1", var);
	replayc_check(w->out, 1, cond, call);
	replayc_var_add(w, k->object, a->id, NULL, n);
	replayc_id(w, k->object, a->id, id, idlen);
	if (a->err) {
		fprintf(w->out, "\t/* the follow-up call failed in the session: not replayed */\n");
		return false;
	}
	return true;
}

/* ---- IPC_STAT / IPC_SET ----------------------------------------------------- */

int opcommon_stat(enum ipc_call call, enum ipc_kind kind, int id, union ipc_ds *ds, struct op_result *res,
		  struct strbuf *sb)
{
	if (ipc_stat(kind, id, ds) == 0)
		return 0;
	int err = errno;
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	ctx.cmd = IPC_STAT;
	strbuf_printf(sb, " (IPC_STAT first)");
	opresult_fail(res, sb, call, err, &ctx);
	return -1;
}

static void ds_values(enum ipc_kind kind, union ipc_ds *ds, struct ops_ipcvals *v)
{
	struct ipc_perm *p = ipc_ds_perm(kind, ds);
	v->uid = p->uid;
	v->gid = p->gid;
	v->mode = p->mode & 0777u;
	v->qbytes = kind == KIND_MSG ? (uint64_t)ds->msg.msg_qbytes : 0;
}

static void describe_change(struct op_result *res, const struct ops_ipcset *s, bool queue)
{
	struct strbuf sb;
	strbuf_init(&sb, res->message, sizeof(res->message));
	const struct ops_ipcvals *o = &res->before, *n = &res->after;
	if (s->has_uid)
		strbuf_printf(&sb, "%suid %u -> %u", sb.pos ? ", " : "", (unsigned)o->uid, (unsigned)n->uid);
	if (s->has_gid)
		strbuf_printf(&sb, "%sgid %u -> %u", sb.pos ? ", " : "", (unsigned)o->gid, (unsigned)n->gid);
	if (s->has_mode)
		strbuf_printf(&sb, "%smode 0%03o -> 0%03o", sb.pos ? ", " : "", o->mode, n->mode);
	if (queue && s->has_qbytes)
		strbuf_printf(&sb, "%smsg_qbytes %" PRIu64 " -> %" PRIu64, sb.pos ? ", " : "", o->qbytes,
			      n->qbytes);
	if (!sb.pos)
		strbuf_printf(&sb, "nothing to change");
}

int opcommon_ipcset(enum ipc_call call, enum ipc_kind kind, int id, const struct ops_ipcset *s,
		    struct op_result *res, struct strbuf *sb)
{
	union ipc_ds ds;
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	if (opcommon_stat(call, kind, id, &ds, res, sb) < 0)
		return -1;
	ds_values(kind, &ds, &res->before);
	struct ipc_perm *p = ipc_ds_perm(kind, &ds);
	if (s->has_uid)
		p->uid = s->uid;
	if (s->has_gid)
		p->gid = s->gid;
	if (s->has_mode)
		p->mode = (unsigned short)((p->mode & ~0777u) | (s->mode & 0777u));
	if (kind == KIND_MSG && s->has_qbytes)
		ds.msg.msg_qbytes = (msglen_t)s->qbytes;
	ds_values(kind, &ds, &res->after);
	ctx.cmd = IPC_SET;
	int rc = ipc_ctl(kind, id, IPC_SET, &ds);
	if (opresult_done(res, sb, call, rc, errno, &ctx) < 0)
		return -1;
	describe_change(res, s, kind == KIND_MSG);
	return 0;
}

void opcommon_emit_ipcset(struct replayc *w, enum ipc_kind kind, const char *id, const struct ops_ipcset *s)
{
	static const char *const types[] = { "shmid_ds", "msqid_ds", "semid_ds" };
	static const char *const perm[] = { "shm_perm", "msg_perm", "sem_perm" };
	static const char *const calls[] = { "shmctl", "msgctl", "semctl" };
	const char *semnum = kind == KIND_SEM ? "0, " : "";
	const char *arg = kind == KIND_SEM ? "(union semun){ .buf = &ds }" : "&ds";
	char cond[96], what[32];
	fprintf(w->out, "\t{\n\t\tstruct %s ds;\n", types[kind]);
	snprintf(cond, sizeof(cond), "%s(%s, %sIPC_STAT, %s) == -1", calls[kind], id, semnum, arg);
	snprintf(what, sizeof(what), "%s IPC_STAT", calls[kind]);
	replayc_check(w->out, 2, cond, what);
	if (s->has_uid)
		fprintf(w->out, "\t\tds.%s.uid = %u;\n", perm[kind], (unsigned)s->uid);
	if (s->has_gid)
		fprintf(w->out, "\t\tds.%s.gid = %u;\n", perm[kind], (unsigned)s->gid);
	if (s->has_mode)
		fprintf(w->out, "\t\tds.%s.mode = 0%o;\n", perm[kind], s->mode & 0777u);
	if (kind == KIND_MSG && s->has_qbytes)
		fprintf(w->out, "\t\tds.msg_qbytes = %" PRIu64 ";\n", s->qbytes);
	snprintf(cond, sizeof(cond), "%s(%s, %sIPC_SET, %s) == -1", calls[kind], id, semnum, arg);
	snprintf(what, sizeof(what), "%s IPC_SET", calls[kind]);
	replayc_check(w->out, 2, cond, what);
	fprintf(w->out, "\t}\n");
}

static int check_set(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
		     struct op_result *res, struct strbuf *sb)
{
	(void)lim;
	return r->set.has_mode ? opcommon_check_mode(k, r->set.mode, res, sb) : 0;
}

static void format_set(const struct opkind *k, const struct op_request *r, struct strbuf *sb)
{
	if (k->object == KIND_SEM)
		strbuf_printf(sb, "semctl(%d, 0, IPC_SET, ", r->id);
	else
		strbuf_printf(sb, "%s(%d, IPC_SET, ", errtext_call_name(k->call), r->id);
	optext_ipcset(sb, &r->set, k->object == KIND_MSG);
	strbuf_printf(sb, ")");
}

static void exec_set(const struct opkind *k, const struct op_request *r, struct op_result *res,
		     struct strbuf *sb)
{
	(void)opcommon_ipcset(k->call, k->object, r->id, &r->set, res, sb);
}

static void emit_set(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	(void)n;
	char id[32];
	replayc_id(w, k->object, a->req.id, id, sizeof(id));
	opcommon_emit_ipcset(w, k->object, id, &a->req.set);
}

#define SET_KIND(obj, ctl)                                                                     \
	{ .call = (ctl), .object = (obj), .flags = OPK_MODIFIES | OPK_BY_ID, .check = check_set, \
	  .format = format_set, .execute = exec_set, .emit = emit_set }
const struct opkind opcommon_shm_set = SET_KIND(KIND_SHM, CALL_SHMCTL);
const struct opkind opcommon_msg_set = SET_KIND(KIND_MSG, CALL_MSGCTL);
const struct opkind opcommon_sem_set = SET_KIND(KIND_SEM, CALL_SEMCTL);

/* ---- IPC_RMID -------------------------------------------------------------- */

static void format_rmid(const struct opkind *k, const struct op_request *r, struct strbuf *sb)
{
	if (k->object == KIND_SEM)
		strbuf_printf(sb, "semctl(%d, 0, IPC_RMID)", r->id);
	else
		strbuf_printf(sb, "%s(%d, IPC_RMID, NULL)", errtext_call_name(k->call), r->id);
}

static void exec_rmid(const struct opkind *k, const struct op_request *r, struct op_result *res,
		      struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	ctx.cmd = IPC_RMID;
	int rc = ipc_ctl(k->object, r->id, IPC_RMID, NULL);
	if (opresult_done(res, sb, k->call, rc, errno, &ctx) < 0)
		return;
	opresult_summary(res, _("removed %s id %d%s"),
			 k->object == KIND_SHM ? _("shared memory")
			 : k->object == KIND_MSG ? _("message queue") : _("semaphore set"),
			 r->id, k->object == KIND_SHM ? _(" (freed when the last process detaches)") : "");
}

static void emit_rmid(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	(void)n;
	const char *call = errtext_call_name(k->call);
	char id[32], cond[80], what[32];
	replayc_id(w, k->object, a->req.id, id, sizeof(id));
	if (k->object == KIND_SEM)
		snprintf(cond, sizeof(cond), "semctl(%s, 0, IPC_RMID) == -1", id);
	else
		snprintf(cond, sizeof(cond), "%s(%s, IPC_RMID, NULL) == -1", call, id);
	snprintf(what, sizeof(what), "%s IPC_RMID", call);
	replayc_check(w->out, 1, cond, what);
	struct replayc_var *v = replayc_var_find(w, k->object, a->req.id, NULL);
	if (v)
		v->live = false;
}

#define RMID_KIND(obj, ctl)                                                                       \
	{ .call = (ctl), .object = (obj), .flags = OPK_MODIFIES | OPK_BY_ID, .format = format_rmid, \
	  .execute = exec_rmid, .emit = emit_rmid }
const struct opkind opcommon_shm_remove = RMID_KIND(KIND_SHM, CALL_SHMCTL);
const struct opkind opcommon_msg_remove = RMID_KIND(KIND_MSG, CALL_MSGCTL);
const struct opkind opcommon_sem_remove = RMID_KIND(KIND_SEM, CALL_SEMCTL);
