/* ops.c — owns the playground's operations: argument checks against the
 * limits, read-only enforcement, the system calls (retried on EINTR), the
 * C call text of each, and the segments attached through ops_shm_attach. */
#define _GNU_SOURCE
#include "ops/ops.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>

#include "ops/actionlog.h"
#include "base/array.h"
#include "base/errtext.h"
#include "base/format.h"
#include "base/i18n.h"
#include "model/ipclimits.h"
#include "ops/payload.h"
#include "ops/safemem.h"
#include "ops/semspec.h"
#include "base/strbuf.h"

#define SEMVMX_DEFAULT 32767
#define PAYLOAD_SHOWN 40 /* bytes of a payload shown in a call text */

#define RETRY_EINTR(var, expr)                          \
	do {                                            \
		(var) = (expr);                         \
	} while ((var) == -1 && errno == EINTR)

union semun_arg {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* A message for msgsnd/msgrcv: the type, then the bytes. */
struct msg_buf {
	long mtype;
	char mtext[];
};

union ipc_ds {
	struct shmid_ds shm;
	struct msqid_ds msg;
	struct semid_ds sem;
};

static bool read_only;

/* Segments attached by ops_shm_attach, for bounds and mode of writes. */
struct attachment {
	void *addr;
	int shmid;
	size_t size;
	bool ro;
};
static struct attachment *attached;
static size_t nattached, attached_cap;

void ops_set_read_only(bool on)
{
	read_only = on;
}

bool ops_read_only(void)
{
	return read_only;
}

bool ops_modifies(const struct op_request *req)
{
	switch (req->kind) {
	case OP_FTOK:
	case OP_MSG_PEEK:
	case OP_SHM_DETACH:
		return false;
	case OP_SHM_ATTACH:
		return !(req->flags & SHM_RDONLY);
	default:
		return true;
	}
}

static enum ipc_call call_of(enum op_kind kind)
{
	switch (kind) {
	case OP_FTOK: return CALL_FTOK;
	case OP_SHM_CREATE: return CALL_SHMGET;
	case OP_SHM_ATTACH: case OP_SHM_WRITE: case OP_SHM_FILL: return CALL_SHMAT;
	case OP_SHM_DETACH: return CALL_SHMDT;
	case OP_SHM_REMOVE: case OP_SHM_SET: return CALL_SHMCTL;
	case OP_MSG_CREATE: return CALL_MSGGET;
	case OP_MSG_SEND: return CALL_MSGSND;
	case OP_MSG_RECV: case OP_MSG_PEEK: return CALL_MSGRCV;
	case OP_MSG_REMOVE: case OP_MSG_SET: return CALL_MSGCTL;
	case OP_SEM_CREATE: return CALL_SEMGET;
	case OP_SEM_OP: return CALL_SEMOP;
	default: return CALL_SEMCTL;
	}
}

static bool is_create(enum op_kind kind)
{
	return kind == OP_SHM_CREATE || kind == OP_MSG_CREATE || kind == OP_SEM_CREATE;
}

/* ---- call texts ---------------------------------------------------- */

char *ops_format_key(int key, char *buf, size_t len)
{
	if (key == IPC_PRIVATE)
		snprintf(buf, len, "IPC_PRIVATE");
	else
		format_key(key, buf, len);
	return buf;
}

char *ops_format_getflags(bool excl, unsigned mode, char *buf, size_t len)
{
	snprintf(buf, len, "IPC_CREAT|%s0%o", excl ? "IPC_EXCL|" : "", mode & 0777u);
	return buf;
}

char *ops_format_msgflags(int flags, char *buf, size_t len)
{
	static const struct {
		int bit;
		const char *name;
	} names[] = {
		{ MSG_COPY, "MSG_COPY" },       { IPC_NOWAIT, "IPC_NOWAIT" },
		{ MSG_EXCEPT, "MSG_EXCEPT" },   { MSG_NOERROR, "MSG_NOERROR" },
	};
	struct strbuf sb;
	strbuf_init(&sb, buf, len);
	int rest = flags;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].bit) {
			strbuf_printf(&sb, "%s%s", sb.pos ? "|" : "", names[i].name);
			rest &= ~names[i].bit;
		}
	if (rest)
		strbuf_printf(&sb, "%s0%o", sb.pos ? "|" : "", (unsigned)rest);
	if (!sb.pos)
		strbuf_printf(&sb, "0");
	return buf;
}

static char *format_values(const int *v, size_t n, char *buf, size_t len)
{
	struct strbuf sb;
	strbuf_init(&sb, buf, len);
	strbuf_printf(&sb, "{");
	for (size_t i = 0; i < n && !sb.truncated; i++)
		strbuf_printf(&sb, "%s%d", i ? ", " : "", v[i]);
	strbuf_printf(&sb, "}");
	strbuf_mark_cut(&sb, "...}");
	return buf;
}

static void format_set(struct strbuf *sb, const struct ops_ipcset *s, bool queue)
{
	const char *sep = "";
	strbuf_printf(sb, "{");
	if (s->has_uid) {
		strbuf_printf(sb, "uid=%u", (unsigned)s->uid);
		sep = ", ";
	}
	if (s->has_gid) {
		strbuf_printf(sb, "%sgid=%u", sep, (unsigned)s->gid);
		sep = ", ";
	}
	if (s->has_mode) {
		strbuf_printf(sb, "%smode=0%o", sep, s->mode & 0777u);
		sep = ", ";
	}
	if (queue && s->has_qbytes)
		strbuf_printf(sb, "%smsg_qbytes=%" PRIu64, sep, s->qbytes);
	strbuf_printf(sb, "}");
}

static void format_call(const struct op_request *r, struct strbuf *sb)
{
	char a[32], b[48], big[OPS_CALL_LEN];
	switch (r->kind) {
	case OP_FTOK: {
		const char *p = r->path ? r->path : "";
		strbuf_printf(sb, "ftok(%s, %d)", payload_format(p, strlen(p), 64, big, sizeof(big)),
			      r->proj);
		break;
	}
	case OP_SHM_CREATE:
		strbuf_printf(sb, "shmget(%s, %" PRIu64 ", %s)", ops_format_key(r->key, a, sizeof(a)),
			      r->size, ops_format_getflags(r->excl, r->mode, b, sizeof(b)));
		break;
	case OP_SHM_ATTACH:
		strbuf_printf(sb, "shmat(%d, NULL, %s)", r->id, (r->flags & SHM_RDONLY) ? "SHM_RDONLY" : "0");
		break;
	case OP_SHM_DETACH:
		strbuf_printf(sb, "shmdt(%p)", r->addr);
		break;
	case OP_SHM_WRITE:
		strbuf_printf(sb, "memcpy(%p + %zu, %s, %zu)", r->addr, r->offset,
			      payload_format(r->bytes, r->nbytes, PAYLOAD_SHOWN, big, sizeof(big)),
			      r->nbytes);
		break;
	case OP_SHM_FILL:
		strbuf_printf(sb, "memset(%p + %zu, 0x%02x, %" PRIu64 ")", r->addr, r->offset,
			      (unsigned)r->value & 0xffu, r->size);
		break;
	case OP_SHM_REMOVE:
		strbuf_printf(sb, "shmctl(%d, IPC_RMID, NULL)", r->id);
		break;
	case OP_SHM_SET:
	case OP_MSG_SET:
		strbuf_printf(sb, "%s(%d, IPC_SET, ", r->kind == OP_SHM_SET ? "shmctl" : "msgctl", r->id);
		format_set(sb, &r->set, r->kind == OP_MSG_SET);
		strbuf_printf(sb, ")");
		break;
	case OP_MSG_CREATE:
		strbuf_printf(sb, "msgget(%s, %s)", ops_format_key(r->key, a, sizeof(a)),
			      ops_format_getflags(r->excl, r->mode, b, sizeof(b)));
		break;
	case OP_MSG_SEND:
		strbuf_printf(sb, "msgsnd(%d, {mtype=%ld, %s}, %zu, %s)", r->id, r->mtype,
			      payload_format(r->bytes, r->nbytes, PAYLOAD_SHOWN, big, sizeof(big)),
			      r->nbytes, ops_format_msgflags(r->flags, b, sizeof(b)));
		break;
	case OP_MSG_RECV:
	case OP_MSG_PEEK:
		strbuf_printf(sb, "msgrcv(%d, buf, %" PRIu64 ", %ld, %s)", r->id, r->size, r->mtype,
			      ops_format_msgflags(r->kind == OP_MSG_PEEK ? MSG_COPY | IPC_NOWAIT : r->flags,
						  b, sizeof(b)));
		break;
	case OP_MSG_REMOVE:
		strbuf_printf(sb, "msgctl(%d, IPC_RMID, NULL)", r->id);
		break;
	case OP_SEM_CREATE:
		strbuf_printf(sb, "semget(%s, %u, %s)", ops_format_key(r->key, a, sizeof(a)), r->nsems,
			      ops_format_getflags(r->excl, r->mode, b, sizeof(b)));
		break;
	case OP_SEM_OP:
		strbuf_printf(sb, "semop(%d, %s, %zu)", r->id,
			      semspec_format(r->sops, r->nsops, big, sizeof(big) / 2), r->nsops);
		break;
	case OP_SEM_SETVAL:
		strbuf_printf(sb, "semctl(%d, %d, SETVAL, %d)", r->id, r->semnum, r->value);
		break;
	case OP_SEM_SETALL:
		strbuf_printf(sb, "semctl(%d, 0, SETALL, %s)", r->id,
			      format_values(r->values, r->nvalues, big, sizeof(big) / 2));
		break;
	case OP_SEM_REMOVE:
		strbuf_printf(sb, "semctl(%d, 0, IPC_RMID)", r->id);
		break;
	case OP_SEM_SET:
		strbuf_printf(sb, "semctl(%d, 0, IPC_SET, ", r->id);
		format_set(sb, &r->set, false);
		strbuf_printf(sb, ")");
		break;
	default:
		strbuf_printf(sb, "?");
		break;
	}
}

char *ops_format_call(const struct op_request *req, char *buf, size_t len)
{
	struct strbuf sb;
	strbuf_init(&sb, buf, len);
	format_call(req, &sb);
	return buf;
}

/* ---- results ------------------------------------------------------- */

/* Does the request name an object by req->id? */
static bool acts_on_id(enum op_kind kind)
{
	return !is_create(kind) && kind != OP_FTOK && kind != OP_SHM_DETACH && kind != OP_SHM_WRITE &&
	       kind != OP_SHM_FILL;
}

static void result_init(struct op_result *res, const struct op_request *req)
{
	memset(res, 0, sizeof(*res));
	res->ret = -1;
	res->id = acts_on_id(req->kind) ? req->id : -1;
}

static void summary(struct op_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void summary(struct op_result *res, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->message, sizeof(res->message), fmt, ap);
	va_end(ap);
}

static void append_errno(struct strbuf *sb, int err)
{
	const char *name = errtext_errno_name(err);
	if (name)
		strbuf_printf(sb, " = -1 %s", name);
	else
		strbuf_printf(sb, " = -1 errno %d", err);
}

/* Records a failed system call: ret -1, errno, " = -1 EXXX", message. */
static void fail_call(struct op_result *res, struct strbuf *sb, enum ipc_call call, int err,
		      struct errtext_ctx *ctx)
{
	struct ipc_limits lim;
	res->ret = -1;
	res->err = err;
	append_errno(sb, err);
	/* limits_read fills what it could even when one kind failed */
	limits_read(&lim);
	ctx->lim = &lim;
	errtext_message(call, err, ctx, res->message, sizeof(res->message));
	ctx->lim = NULL;
}

static int refuse(struct op_result *res, struct strbuf *sb, enum ipc_call call, int err,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Records a call not made: " [refused]" and "<call>: <strerror> (<why>)". */
static int refuse(struct op_result *res, struct strbuf *sb, enum ipc_call call, int err,
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

void ops_result_free(struct op_result *res)
{
	free(res->data);
	res->data = NULL;
	res->len = 0;
}

/* ---- checks without the kernel ---------------------------------------- */

static uint64_t semvmx_of(const struct ipc_limits *l)
{
	return l->semvmx ? l->semvmx : SEMVMX_DEFAULT;
}

static int check_values(const int *v, size_t n, const struct ipc_limits *l,
			struct op_result *res, struct strbuf *sb)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i] < 0)
			return refuse(res, sb, CALL_SEMCTL, ERANGE, _("value %d below 0"), v[i]);
		if ((uint64_t)v[i] > semvmx_of(l))
			return refuse(res, sb, CALL_SEMCTL, ERANGE, _("value %d above SEMVMX (%" PRIu64 ")"),
				      v[i], semvmx_of(l));
	}
	return 0;
}

/* The argument checks; sb holds the call text. */
static int check_args(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	struct ipc_limits l;
	limits_read(&l); /* fields it could not read stay 0: checks skipped */
	enum ipc_call call = call_of(r->kind);
	switch (r->kind) {
	case OP_FTOK:
		if (!r->path || !*r->path)
			return refuse(res, sb, call, ENOENT, _("empty path"));
		if (r->proj < 1 || r->proj > 255)
			return refuse(res, sb, call, EINVAL, _("proj_id %d outside 1..255"), r->proj);
		return 0;
	case OP_SHM_CREATE:
		if (r->mode > 0777)
			return refuse(res, sb, call, EINVAL, _("mode 0%o above 0777"), r->mode);
		if (l.shmmin && r->size < l.shmmin)
			return refuse(res, sb, call, EINVAL, _("size %" PRIu64 " below SHMMIN (%" PRIu64 ")"),
				      r->size, l.shmmin);
		if (l.shmmax && r->size > l.shmmax)
			return refuse(res, sb, call, EINVAL, _("size %" PRIu64 " above SHMMAX (%" PRIu64 ")"),
				      r->size, l.shmmax);
		if (r->size > SIZE_MAX)
			return refuse(res, sb, call, EINVAL, _("size does not fit in size_t"));
		return 0;
	case OP_MSG_CREATE:
	case OP_SEM_CREATE:
		if (r->mode > 0777)
			return refuse(res, sb, call, EINVAL, _("mode 0%o above 0777"), r->mode);
		if (r->kind == OP_SEM_CREATE) {
			if (r->nvalues > 1 && r->nvalues != r->nsems)
				return refuse(res, sb, call, EINVAL,
					      _("%zu initial values for %u semaphores (give one for all, "
					      "or one each)"), r->nvalues, r->nsems);
			if (r->nvalues && !r->values)
				return refuse(res, sb, call, EFAULT, _("no values given"));
			return check_values(r->values, r->nvalues, &l, res, sb);
		}
		return 0;
	case OP_MSG_SEND:
		if (r->mtype < 1)
			return refuse(res, sb, call, EINVAL, _("mtype %ld: it must be > 0"), r->mtype);
		if (l.msgmax && r->nbytes > l.msgmax)
			return refuse(res, sb, call, EINVAL, _("message of %zu bytes above MSGMAX (%" PRIu64 ")"),
				      r->nbytes, l.msgmax);
		if (r->nbytes && !r->bytes)
			return refuse(res, sb, call, EFAULT, _("no payload given"));
		return 0;
	case OP_MSG_RECV:
		if (r->size > (uint64_t)INT32_MAX)
			return refuse(res, sb, call, EINVAL, _("max size %" PRIu64 " too large"), r->size);
		return 0;
	case OP_MSG_PEEK:
		if (r->mtype < 0)
			return refuse(res, sb, call, EINVAL, _("message index %ld below 0"), r->mtype);
		return 0;
	case OP_SEM_OP:
		if (r->nsops == 0 || !r->sops)
			return refuse(res, sb, call, EINVAL, _("no operations"));
		if (l.semopm && r->nsops > l.semopm)
			return refuse(res, sb, call, E2BIG, _("%zu operations, more than SEMOPM (%" PRIu64 ")"),
				      r->nsops, l.semopm);
		return 0;
	case OP_SEM_SETVAL:
		return check_values(&r->value, 1, &l, res, sb);
	case OP_SEM_SETALL:
		if (r->nvalues == 0 || !r->values)
			return refuse(res, sb, call, EINVAL, _("no values"));
		return check_values(r->values, r->nvalues, &l, res, sb);
	case OP_SHM_WRITE:
		if (r->nbytes && !r->bytes)
			return refuse(res, sb, call, EFAULT, _("no data given"));
		return 0;
	case OP_SHM_FILL:
		if (r->value < 0 || r->value > 255)
			return refuse(res, sb, call, EINVAL, _("fill byte %d is not 0..255"), r->value);
		return 0;
	case OP_SHM_SET:
	case OP_MSG_SET:
	case OP_SEM_SET:
		if (r->set.has_mode && r->set.mode > 0777)
			return refuse(res, sb, call, EINVAL, _("mode 0%o above 0777"), r->set.mode);
		return 0;
	default:
		return 0;
	}
}

static int check(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	if ((unsigned)r->kind >= OP_KIND_COUNT)
		return refuse(res, sb, CALL_COUNT, EINVAL, _("unknown operation"));
	if (read_only && ops_modifies(r)) {
		res->ret = -1;
		res->err = EROFS;
		res->refused = true;
		snprintf(res->message, sizeof(res->message), _("read-only mode (--read-only): %s refused"),
			 res->call);
		strbuf_printf(sb, " [refused]");
		return -1;
	}
	return check_args(r, res, sb);
}

int ops_check(const struct op_request *req, struct op_result *res)
{
	struct strbuf sb;
	result_init(res, req);
	strbuf_init(&sb, res->call, sizeof(res->call));
	format_call(req, &sb);
	return check(req, res, &sb);
}

/* ---- IPC_STAT / IPC_SET over the three kinds ------------------------ */

/* shmctl/msgctl/semctl(id, cmd, ds); ds may be NULL (IPC_RMID). */
static int ds_ctl(enum ipc_call call, int id, int cmd, union ipc_ds *ds)
{
	int r;
	union semun_arg arg = { .buf = ds ? &ds->sem : NULL };
	switch (call) {
	case CALL_SHMCTL: RETRY_EINTR(r, shmctl(id, cmd, ds ? &ds->shm : NULL)); break;
	case CALL_MSGCTL: RETRY_EINTR(r, msgctl(id, cmd, ds ? &ds->msg : NULL)); break;
	default: RETRY_EINTR(r, semctl(id, 0, cmd, arg)); break;
	}
	return r;
}

static struct ipc_perm *ds_perm(enum ipc_call call, union ipc_ds *ds)
{
	switch (call) {
	case CALL_SHMCTL: return &ds->shm.shm_perm;
	case CALL_MSGCTL: return &ds->msg.msg_perm;
	default: return &ds->sem.sem_perm;
	}
}

static void ds_values(enum ipc_call call, union ipc_ds *ds, struct ops_ipcvals *v)
{
	struct ipc_perm *p = ds_perm(call, ds);
	v->uid = p->uid;
	v->gid = p->gid;
	v->mode = p->mode & 0777u;
	v->qbytes = call == CALL_MSGCTL ? (uint64_t)ds->msg.msg_qbytes : 0;
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

/* IPC_STAT before a change; on failure res says so. */
static int stat_first(enum ipc_call call, int id, union ipc_ds *ds, struct op_result *res,
		      struct strbuf *sb)
{
	memset(ds, 0, sizeof(*ds));
	if (ds_ctl(call, id, IPC_STAT, ds) == 0)
		return 0;
	int err = errno;
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	ctx.cmd = IPC_STAT;
	strbuf_printf(sb, " (IPC_STAT first)");
	fail_call(res, sb, call, err, &ctx);
	return -1;
}

/* IPC_STAT, change the fields of s, IPC_SET. The call text in sb already
 * names the IPC_SET call. Returns the IPC_SET result. */
static int do_ipcset(enum ipc_call call, int id, const struct ops_ipcset *s,
		     struct op_result *res, struct strbuf *sb)
{
	union ipc_ds ds;
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	if (stat_first(call, id, &ds, res, sb) < 0)
		return -1;
	ds_values(call, &ds, &res->before);
	struct ipc_perm *p = ds_perm(call, &ds);
	if (s->has_uid)
		p->uid = s->uid;
	if (s->has_gid)
		p->gid = s->gid;
	if (s->has_mode)
		p->mode = (unsigned short)((p->mode & ~0777u) | (s->mode & 0777u));
	if (call == CALL_MSGCTL && s->has_qbytes)
		ds.msg.msg_qbytes = (msglen_t)s->qbytes;
	ds_values(call, &ds, &res->after);
	ctx.cmd = IPC_SET;
	if (ds_ctl(call, id, IPC_SET, &ds) < 0) {
		fail_call(res, sb, call, errno, &ctx);
		return -1;
	}
	res->ret = 0;
	strbuf_printf(sb, " = 0");
	describe_change(res, s, call == CALL_MSGCTL);
	return 0;
}

/* ---- shared memory ---------------------------------------------------- */

static struct attachment *attachment_find(const void *addr)
{
	for (size_t i = 0; i < nattached; i++)
		if (attached[i].addr == addr)
			return &attached[i];
	return NULL;
}

static void attachment_add(void *addr, int shmid, size_t size, bool ro)
{
	if (array_grow((void **)&attached, &attached_cap, nattached + 1, sizeof(*attached)) < 0)
		return; /* writes through it will be refused as unknown */
	attached[nattached++] = (struct attachment){ addr, shmid, size, ro };
}

static void attachment_drop(const void *addr)
{
	struct attachment *a = attachment_find(addr);
	if (a)
		*a = attached[--nattached];
}

/* The *get call of a create, with IPC_CREAT (and IPC_EXCL). Returns the
 * new id, or -1 with res filled. */
static int do_get(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	int flags = IPC_CREAT | (r->excl ? IPC_EXCL : 0) | (int)(r->mode & 0777u);
	int id;
	switch (r->kind) {
	case OP_SHM_CREATE: RETRY_EINTR(id, shmget(r->key, (size_t)r->size, flags)); break;
	case OP_MSG_CREATE: RETRY_EINTR(id, msgget(r->key, flags)); break;
	default: RETRY_EINTR(id, semget(r->key, (int)r->nsems, flags)); break;
	}
	if (id < 0) {
		struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
		ctx.key = r->key;
		ctx.has_key = 1;
		ctx.flags = flags;
		fail_call(res, sb, call_of(r->kind), errno, &ctx);
		return -1;
	}
	res->ret = res->id = id;
	strbuf_printf(sb, " = %d", id);
	return id;
}

static void exec_shm_create(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	int id = do_get(r, res, sb);
	if (id >= 0)
		summary(res, _("shared memory id %d, %" PRIu64 " bytes"), id, r->size);
}

static void exec_shm_attach(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	bool ro = (r->flags & SHM_RDONLY) != 0;
	ctx.flags = ro ? SHM_RDONLY : 0;
	void *addr;
	do
		addr = shmat(r->id, NULL, ro ? SHM_RDONLY : 0);
	while (addr == (void *)-1 && errno == EINTR);
	if (addr == (void *)-1) {
		fail_call(res, sb, CALL_SHMAT, errno, &ctx);
		return;
	}
	struct shmid_ds ds;
	int st;
	RETRY_EINTR(st, shmctl(r->id, IPC_STAT, &ds));
	res->size = st == 0 ? ds.shm_segsz : 0;
	res->addr = addr;
	res->ret = 0;
	attachment_add(addr, r->id, res->size, ro);
	strbuf_printf(sb, " = %p", addr);
	summary(res, _("attached segment %d at %p, %s, %zu bytes"), r->id, addr,
		ro ? _("read-only") : _("read-write"), res->size);
}

static void exec_shm_detach(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	int rc;
	RETRY_EINTR(rc, shmdt(r->addr));
	if (rc < 0) {
		fail_call(res, sb, CALL_SHMDT, errno, &ctx);
		return;
	}
	struct attachment *a = attachment_find(r->addr);
	res->id = a ? a->shmid : -1;
	attachment_drop(r->addr);
	res->ret = 0;
	strbuf_printf(sb, " = 0");
	summary(res, _("detached %p"), r->addr);
}

/* The attachment a write or fill at [offset, offset + n) goes to, or NULL
 * with res refused (not ours, read-only, out of bounds). */
static struct attachment *writable_range(const struct op_request *r, uint64_t n, struct op_result *res,
					 struct strbuf *sb)
{
	struct attachment *a = attachment_find(r->addr);
	if (!a) {
		refuse(res, sb, CALL_SHMAT, EINVAL, _("no segment attached at %p by ipctop"), r->addr);
		return NULL;
	}
	res->id = a->shmid;
	if (a->ro) {
		refuse(res, sb, CALL_SHMAT, EACCES, _("segment %d is attached read-only"), a->shmid);
		return NULL;
	}
	if (r->offset > a->size || n > a->size - r->offset) {
		refuse(res, sb, CALL_SHMAT, EINVAL, _("%zu bytes at offset %zu go beyond the %zu bytes "
		       "of segment %d"), (size_t)n, r->offset, a->size, a->shmid);
		return NULL;
	}
	return a;
}

/* A write or fill that stopped after done of n bytes (safemem returned
 * done < n, or -1). */
static void fail_write(struct op_result *res, struct strbuf *sb, const char *call, size_t offset,
		       ssize_t done, uint64_t n)
{
	char why[200];
	int err = done < 0 ? errno : EFAULT;
	if (done < 0)
		snprintf(why, sizeof(why), "%s", _("the copy through process_vm_writev was refused"));
	else
		snprintf(why, sizeof(why), _("page not available at offset 0x%zx: no free huge page or out of "
		         "memory; %zd of %" PRIu64 " bytes written"), offset + (size_t)done, done, n);
	res->ret = -1;
	res->err = err;
	append_errno(sb, err);
	errtext_format(res->message, sizeof(res->message), call, err, why);
}

static void exec_shm_write(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	struct attachment *a = writable_range(r, r->nbytes, res, sb);
	if (!a)
		return;
	ssize_t done = r->nbytes ? safemem_write((char *)a->addr + r->offset, r->bytes, r->nbytes) : 0;
	if (done < 0 || (size_t)done < r->nbytes) {
		fail_write(res, sb, "memcpy", r->offset, done, r->nbytes);
		return;
	}
	res->ret = 0;
	summary(res, _("wrote %zu bytes at offset %zu of segment %d"), r->nbytes, r->offset, a->shmid);
}

static void exec_shm_fill(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	struct attachment *a = writable_range(r, r->size, res, sb);
	if (!a)
		return;
	size_t n = (size_t)r->size; /* fits: at most the segment size */
	ssize_t done = n ? safemem_fill((char *)a->addr + r->offset, (uint8_t)r->value, n, r->progress) : 0;
	if (done < 0 || (size_t)done < n) {
		fail_write(res, sb, "memset", r->offset, done, r->size);
		return;
	}
	res->ret = 0;
	summary(res, _("filled %zu bytes at 0x%zx of segment %d with 0x%02x"), n, r->offset, a->shmid,
		(unsigned)r->value);
}

static void exec_rmid(const struct op_request *r, enum ipc_call call, struct op_result *res,
		      struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	ctx.cmd = IPC_RMID;
	if (ds_ctl(call, r->id, IPC_RMID, NULL) < 0) {
		fail_call(res, sb, call, errno, &ctx);
		return;
	}
	res->ret = 0;
	strbuf_printf(sb, " = 0");
	summary(res, _("removed %s id %d%s"),
		call == CALL_SHMCTL ? _("shared memory") : call == CALL_MSGCTL ? _("message queue")
									    : _("semaphore set"),
		r->id, call == CALL_SHMCTL ? _(" (freed when the last process detaches)") : "");
}

/* ---- message queues --------------------------------------------------- */

static void exec_msg_create(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	int id = do_get(r, res, sb);
	if (id < 0)
		return;
	if (r->size == 0) {
		summary(res, _("message queue id %d"), id);
		return;
	}
	struct ops_ipcset s = { .has_qbytes = true, .qbytes = r->size };
	strbuf_printf(sb, "; msgctl(%d, IPC_SET, ", id);
	format_set(sb, &s, true);
	strbuf_printf(sb, ")");
	if (do_ipcset(CALL_MSGCTL, id, &s, res, sb) < 0) {
		size_t used = strlen(res->message);
		snprintf(res->message + used, sizeof(res->message) - used,
			 "; queue %d was created with the default size", id);
		return;
	}
	res->ret = id;
	summary(res, _("message queue id %d, msg_qbytes %" PRIu64 " -> %" PRIu64), id,
		res->before.qbytes, res->after.qbytes);
}

static void exec_msg_send(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	ctx.flags = r->flags;
	struct msg_buf *m = malloc(sizeof(struct msg_buf) + r->nbytes + 1);
	if (!m) {
		refuse(res, sb, CALL_MSGSND, ENOMEM, _("no memory for a %zu byte message"), r->nbytes);
		return;
	}
	m->mtype = r->mtype;
	if (r->nbytes)
		memcpy(m->mtext, r->bytes, r->nbytes);
	int rc;
	RETRY_EINTR(rc, msgsnd(r->id, m, r->nbytes, r->flags));
	int err = errno;
	free(m);
	if (rc < 0) {
		fail_call(res, sb, CALL_MSGSND, err, &ctx);
		return;
	}
	res->ret = 0;
	strbuf_printf(sb, " = 0");
	summary(res, _("sent %zu bytes of type %ld to queue %d"), r->nbytes, r->mtype, r->id);
}

/* msgrcv into a fresh buffer; the bytes go to res->data. */
static void exec_msg_recv(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	bool peek = r->kind == OP_MSG_PEEK;
	int flags = peek ? MSG_COPY | IPC_NOWAIT : r->flags;
	ctx.flags = flags;
	size_t size = (size_t)r->size;
	struct msg_buf *m = malloc(sizeof(struct msg_buf) + size + 1);
	if (!m) {
		refuse(res, sb, CALL_MSGRCV, ENOMEM, _("no memory for a %zu byte buffer"), size);
		return;
	}
	ssize_t n;
	RETRY_EINTR(n, msgrcv(r->id, m, size, r->mtype, flags));
	if (n < 0) {
		int err = errno;
		free(m);
		fail_call(res, sb, CALL_MSGRCV, err, &ctx);
		return;
	}
	res->data = malloc((size_t)n + 1);
	if (!res->data) {
		free(m);
		refuse(res, sb, CALL_MSGRCV, ENOMEM, _("no memory to keep the %zd byte message"), n);
		return;
	}
	memcpy(res->data, m->mtext, (size_t)n);
	res->len = (size_t)n;
	res->mtype = m->mtype;
	res->ret = (int)n;
	free(m);
	char lit[OPS_CALL_LEN];
	strbuf_printf(sb, " = %zd {mtype=%ld, %s}", n, res->mtype,
		      payload_format(res->data, res->len, PAYLOAD_SHOWN, lit, sizeof(lit)));
	if (peek)
		summary(res, _("message %ld: %zd bytes of type %ld (left on the queue)"), r->mtype, n,
			res->mtype);
	else
		summary(res, _("received %zd bytes of type %ld from queue %d"), n, res->mtype, r->id);
}

/* ---- semaphores ------------------------------------------------------- */

static void exec_semop(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	struct sembuf *ops = malloc(r->nsops * sizeof(*ops));
	if (!ops) {
		refuse(res, sb, CALL_SEMOP, ENOMEM, _("no memory for %zu operations"), r->nsops);
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
	if (rc < 0) {
		fail_call(res, sb, CALL_SEMOP, err, &ctx);
		return;
	}
	res->ret = 0;
	strbuf_printf(sb, " = 0");
	summary(res, P_("%zu operation on set %d done", "%zu operations on set %d done", r->nsops), r->nsops,
		r->id);
}

static void exec_setval(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	union semun_arg arg = { .val = r->value };
	int rc;
	ctx.cmd = SETVAL;
	RETRY_EINTR(rc, semctl(r->id, r->semnum, SETVAL, arg));
	if (rc < 0) {
		fail_call(res, sb, CALL_SEMCTL, errno, &ctx);
		return;
	}
	res->ret = 0;
	strbuf_printf(sb, " = 0");
	summary(res, _("semaphore %d of set %d = %d"), r->semnum, r->id, r->value);
}

/* SETALL with values (one value for all when one_for_all); the number of
 * values must match the set's nsems, read with IPC_STAT. */
static int sem_setall(int id, const int *values, size_t n, bool one_for_all,
		      struct op_result *res, struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	union ipc_ds ds;
	if (stat_first(CALL_SEMCTL, id, &ds, res, sb) < 0)
		return -1;
	size_t nsems = (size_t)ds.sem.sem_nsems;
	if (!one_for_all && n != nsems)
		return refuse(res, sb, CALL_SEMCTL, EINVAL, _("%zu values for a set of %zu semaphores"), n,
			      nsems);
	unsigned short *v = malloc((nsems ? nsems : 1) * sizeof(*v));
	if (!v)
		return refuse(res, sb, CALL_SEMCTL, ENOMEM, _("no memory for %zu values"), nsems);
	for (size_t i = 0; i < nsems; i++)
		v[i] = (unsigned short)values[one_for_all ? 0 : i];
	union semun_arg arg = { .array = v };
	int rc;
	ctx.cmd = SETALL;
	RETRY_EINTR(rc, semctl(id, 0, SETALL, arg));
	int err = errno;
	free(v);
	if (rc < 0) {
		fail_call(res, sb, CALL_SEMCTL, err, &ctx);
		return -1;
	}
	strbuf_printf(sb, " = 0");
	return 0;
}

static void exec_sem_create(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	int id = do_get(r, res, sb);
	if (id < 0)
		return;
	if (r->nvalues) {
		char vals[OPS_CALL_LEN / 2];
		if (r->nvalues == 1) {
			int v = r->values[0];
			if (r->nsems > 3)
				snprintf(vals, sizeof(vals), "{%d, %d, %d, ...}", v, v, v);
			else
				format_values((int[3]){ v, v, v }, r->nsems, vals, sizeof(vals));
		} else {
			format_values(r->values, r->nvalues, vals, sizeof(vals));
		}
		strbuf_printf(sb, "; semctl(%d, 0, SETALL, %s)", id, vals);
		if (sem_setall(id, r->values, r->nvalues, r->nvalues == 1, res, sb) < 0)
			return;
	}
	res->ret = id;
	summary(res, P_("semaphore set id %d, %u semaphore", "semaphore set id %d, %u semaphores", r->nsems), id,
		r->nsems);
}

static void exec_setall(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	if (sem_setall(r->id, r->values, r->nvalues, false, res, sb) < 0)
		return;
	res->ret = 0;
	summary(res, _("%zu values of set %d set"), r->nvalues, r->id);
}

/* ---- entry points ------------------------------------------------------ */

static void exec_ftok(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	key_t k = ftok(r->path, r->proj);
	if (k == (key_t)-1) {
		fail_call(res, sb, CALL_FTOK, errno, &ctx);
		return;
	}
	res->key = (int)k;
	res->ret = 0;
	strbuf_printf(sb, " = 0x%08x", (unsigned)k);
	summary(res, _("key 0x%08x"), (unsigned)k);
}

static void dispatch(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	switch (r->kind) {
	case OP_FTOK: exec_ftok(r, res, sb); break;
	case OP_SHM_CREATE: exec_shm_create(r, res, sb); break;
	case OP_SHM_ATTACH: exec_shm_attach(r, res, sb); break;
	case OP_SHM_DETACH: exec_shm_detach(r, res, sb); break;
	case OP_SHM_WRITE: exec_shm_write(r, res, sb); break;
	case OP_SHM_FILL: exec_shm_fill(r, res, sb); break;
	case OP_SHM_REMOVE: exec_rmid(r, CALL_SHMCTL, res, sb); break;
	case OP_MSG_REMOVE: exec_rmid(r, CALL_MSGCTL, res, sb); break;
	case OP_SEM_REMOVE: exec_rmid(r, CALL_SEMCTL, res, sb); break;
	case OP_SHM_SET:
	case OP_MSG_SET:
	case OP_SEM_SET: do_ipcset(call_of(r->kind), r->id, &r->set, res, sb); break;
	case OP_MSG_CREATE: exec_msg_create(r, res, sb); break;
	case OP_MSG_SEND: exec_msg_send(r, res, sb); break;
	case OP_MSG_RECV:
	case OP_MSG_PEEK: exec_msg_recv(r, res, sb); break;
	case OP_SEM_CREATE: exec_sem_create(r, res, sb); break;
	case OP_SEM_OP: exec_semop(r, res, sb); break;
	case OP_SEM_SETVAL: exec_setval(r, res, sb); break;
	case OP_SEM_SETALL: exec_setall(r, res, sb); break;
	default: break;
	}
}

struct op_result ops_execute(const struct op_request *req)
{
	struct op_result res;
	struct op_request r = *req;
	if (r.kind == OP_MSG_PEEK && r.size == 0) {
		struct ipc_limits l;
		limits_read(&l);
		r.size = l.msgmax ? l.msgmax : 8192;
	}
	struct strbuf sb;
	result_init(&res, &r);
	strbuf_init(&sb, res.call, sizeof(res.call));
	format_call(&r, &sb);
	if (check(&r, &res, &sb) == 0)
		dispatch(&r, &res, &sb);
	strbuf_mark_cut(&sb, "...");
	return res;
}

struct op_result ops_run(const struct op_request *req)
{
	struct op_result res = ops_execute(req);
	actionlog_add(req, &res);
	return res;
}

/* ---- request copies ------------------------------------------------- */

static void *dup_bytes(const void *p, size_t n, bool *failed)
{
	if (!p)
		return NULL;
	void *q = malloc(n ? n : 1);
	if (!q) {
		*failed = true;
		return NULL;
	}
	memcpy(q, p, n);
	return q;
}

int ops_request_copy(struct op_request *dst, const struct op_request *src)
{
	bool failed = false;
	*dst = *src;
	dst->path = src->path ? dup_bytes(src->path, strlen(src->path) + 1, &failed) : NULL;
	dst->bytes = dup_bytes(src->bytes, src->nbytes, &failed);
	dst->sops = dup_bytes(src->sops, src->nsops * sizeof(*src->sops), &failed);
	dst->values = dup_bytes(src->values, src->nvalues * sizeof(*src->values), &failed);
	if (failed) {
		ops_request_free(dst);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void ops_request_free(struct op_request *req)
{
	free((void *)req->path);
	free((void *)req->bytes);
	free((void *)req->sops);
	free((void *)req->values);
	memset(req, 0, sizeof(*req));
}

/* ---- convenience wrappers -------------------------------------------- */

struct op_result ops_ftok(const char *path, int proj)
{
	return ops_run(&(struct op_request){ .kind = OP_FTOK, .path = path, .proj = proj });
}

struct op_result ops_shm_create(int key, uint64_t size, unsigned mode, bool excl)
{
	return ops_run(&(struct op_request){
		.kind = OP_SHM_CREATE, .key = key, .size = size, .mode = mode, .excl = excl });
}

struct op_result ops_shm_attach(int shmid, bool readonly)
{
	return ops_run(&(struct op_request){
		.kind = OP_SHM_ATTACH, .id = shmid, .flags = readonly ? SHM_RDONLY : 0 });
}

struct op_result ops_shm_detach(void *addr)
{
	return ops_run(&(struct op_request){ .kind = OP_SHM_DETACH, .addr = addr });
}

struct op_result ops_shm_write(void *addr, size_t offset, const void *bytes, size_t n)
{
	return ops_run(&(struct op_request){
		.kind = OP_SHM_WRITE, .addr = addr, .offset = offset, .bytes = bytes, .nbytes = n });
}

struct op_result ops_shm_fill(void *addr, size_t offset, uint64_t len, uint8_t byte)
{
	return ops_run(&(struct op_request){
		.kind = OP_SHM_FILL, .addr = addr, .offset = offset, .size = len, .value = byte });
}

struct op_result ops_shm_remove(int shmid)
{
	return ops_run(&(struct op_request){ .kind = OP_SHM_REMOVE, .id = shmid });
}

struct op_result ops_shm_set(int shmid, const struct ops_ipcset *set)
{
	return ops_run(&(struct op_request){ .kind = OP_SHM_SET, .id = shmid, .set = *set });
}

struct op_result ops_msg_create(int key, unsigned mode, bool excl, uint64_t qbytes)
{
	return ops_run(&(struct op_request){
		.kind = OP_MSG_CREATE, .key = key, .mode = mode, .excl = excl, .size = qbytes });
}

struct op_result ops_msgsnd(int msqid, long mtype, const void *bytes, size_t n, int flags)
{
	return ops_run(&(struct op_request){ .kind = OP_MSG_SEND, .id = msqid, .mtype = mtype,
					      .bytes = bytes, .nbytes = n, .flags = flags });
}

struct op_result ops_msgrcv(int msqid, long msgtyp, size_t maxsize, int flags)
{
	return ops_run(&(struct op_request){
		.kind = OP_MSG_RECV, .id = msqid, .mtype = msgtyp, .size = maxsize, .flags = flags });
}

struct op_result ops_msg_peek(int msqid, long index)
{
	return ops_run(&(struct op_request){ .kind = OP_MSG_PEEK, .id = msqid, .mtype = index });
}

struct op_result ops_msg_remove(int msqid)
{
	return ops_run(&(struct op_request){ .kind = OP_MSG_REMOVE, .id = msqid });
}

struct op_result ops_msg_set(int msqid, const struct ops_ipcset *set)
{
	return ops_run(&(struct op_request){ .kind = OP_MSG_SET, .id = msqid, .set = *set });
}

struct op_result ops_sem_create(int key, unsigned nsems, unsigned mode, bool excl,
				const int *values, size_t nvalues)
{
	return ops_run(&(struct op_request){ .kind = OP_SEM_CREATE, .key = key, .nsems = nsems,
					      .mode = mode, .excl = excl, .values = values,
					      .nvalues = nvalues });
}

struct op_result ops_semop(int semid, const struct sembuf *sops, size_t nsops)
{
	return ops_run(&(struct op_request){ .kind = OP_SEM_OP, .id = semid, .sops = sops,
					      .nsops = nsops });
}

struct op_result ops_sem_setval(int semid, int semnum, int value)
{
	return ops_run(&(struct op_request){
		.kind = OP_SEM_SETVAL, .id = semid, .semnum = semnum, .value = value });
}

struct op_result ops_sem_setall(int semid, const int *values, size_t n)
{
	return ops_run(&(struct op_request){
		.kind = OP_SEM_SETALL, .id = semid, .values = values, .nvalues = n });
}

struct op_result ops_sem_remove(int semid)
{
	return ops_run(&(struct op_request){ .kind = OP_SEM_REMOVE, .id = semid });
}

struct op_result ops_sem_set(int semid, const struct ops_ipcset *set)
{
	return ops_run(&(struct op_request){ .kind = OP_SEM_SET, .id = semid, .set = *set });
}
