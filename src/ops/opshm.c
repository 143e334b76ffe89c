/* opshm.c — owns the shared memory kinds and the segments attached through
 * ops_shm_attach (for the bounds and mode of writes). Writes and fills go
 * through safemem: a page the kernel cannot provide fails with EFAULT. */
#define _GNU_SOURCE
#include "ops/opshm.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/array.h"
#include "base/i18n.h"
#include "ops/opcommon.h"
#include "ops/opresult.h"
#include "ops/optext.h"
#include "ops/safemem.h"

/* Segments attached by ops_shm_attach, for bounds and mode of writes. */
struct attachment {
	void *addr;
	int shmid;
	size_t size;
	bool ro;
};
static struct attachment *attached;
static size_t nattached, attached_cap;

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

/* ---- create ----------------------------------------------------------------- */

static int check_create(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
			struct op_result *res, struct strbuf *sb)
{
	if (opcommon_check_mode(k, r->mode, res, sb) < 0)
		return -1;
	if (lim->shmmin && r->size < lim->shmmin)
		return opresult_refuse(res, sb, k->call, EINVAL, _("size %" PRIu64 " below SHMMIN (%" PRIu64 ")"),
				       r->size, lim->shmmin);
	if (lim->shmmax && r->size > lim->shmmax)
		return opresult_refuse(res, sb, k->call, EINVAL, _("size %" PRIu64 " above SHMMAX (%" PRIu64 ")"),
				       r->size, lim->shmmax);
	if (r->size > SIZE_MAX)
		return opresult_refuse(res, sb, k->call, EINVAL, _("size does not fit in size_t"));
	return 0;
}

static void exec_create(const struct opkind *k, const struct op_request *r, struct op_result *res,
			struct strbuf *sb)
{
	int id = opcommon_get(k, r, res, sb);
	if (id >= 0)
		opresult_summary(res, _("shared memory id %d, %" PRIu64 " bytes"), id, r->size);
}

static void emit_create(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	char id[32];
	(void)opcommon_emit_get(k, w, a, n, id, sizeof(id));
}

const struct opkind opshm_create = {
	.call = CALL_SHMGET, .object = KIND_SHM, .flags = OPK_MODIFIES | OPK_CREATES,
	.check = check_create, .format = opcommon_format_get, .execute = exec_create, .emit = emit_create,
};

/* ---- attach, detach ----------------------------------------------------------- */

static bool attach_modifies(const struct op_request *r)
{
	return !(r->flags & SHM_RDONLY);
}

static void format_attach(const struct opkind *k, const struct op_request *r, struct strbuf *sb)
{
	(void)k;
	strbuf_printf(sb, "shmat(%d, NULL, %s)", r->id, (r->flags & SHM_RDONLY) ? "SHM_RDONLY" : "0");
}

static void exec_attach(const struct opkind *k, const struct op_request *r, struct op_result *res,
			struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	bool ro = (r->flags & SHM_RDONLY) != 0;
	ctx.flags = ro ? SHM_RDONLY : 0;
	void *addr;
	do
		addr = shmat(r->id, NULL, ro ? SHM_RDONLY : 0);
	while (addr == (void *)-1 && errno == EINTR);
	if (addr == (void *)-1) {
		opresult_fail(res, sb, k->call, errno, &ctx);
		return;
	}
	union ipc_ds ds;
	res->size = ipc_stat(KIND_SHM, r->id, &ds) == 0 ? ds.shm.shm_segsz : 0;
	res->addr = addr;
	res->ret = 0;
	attachment_add(addr, r->id, res->size, ro);
	strbuf_printf(sb, " = %p", addr);
	opresult_summary(res, P_("attached segment %d at %p, %s, %zu byte", "attached segment %d at %p, %s, %zu bytes",
				 res->size), r->id, addr, ro ? _("read-only") : _("read-write"), res->size);
}

static void emit_attach(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	char id[32], cond[48];
	replayc_id(w, k->object, a->req.id, id, sizeof(id));
	fprintf(w->out, "\tvoid *at_%zu = shmat(%s, NULL, %s);\n", n, id,
		(a->req.flags & SHM_RDONLY) ? "SHM_RDONLY" : "0");
	snprintf(cond, sizeof(cond), "at_%zu == (void *)-1", n);
	replayc_check(w->out, 1, cond, "shmat");
	replayc_var_add(w, KIND_COUNT, -1, a->addr, n);
}

const struct opkind opshm_attach = {
	.call = CALL_SHMAT, .object = KIND_SHM, .flags = OPK_MODIFIES | OPK_BY_ID,
	.modifies = attach_modifies, .format = format_attach, .execute = exec_attach, .emit = emit_attach,
};

static void format_detach(const struct opkind *k, const struct op_request *r, struct strbuf *sb)
{
	(void)k;
	strbuf_printf(sb, "shmdt(%p)", r->addr);
}

static void exec_detach(const struct opkind *k, const struct op_request *r, struct op_result *res,
			struct strbuf *sb)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	int rc;
	RETRY_EINTR(rc, shmdt(r->addr));
	if (opresult_done(res, sb, k->call, rc, errno, &ctx) < 0)
		return;
	struct attachment *a = attachment_find(r->addr);
	res->id = a ? a->shmid : -1;
	attachment_drop(r->addr);
	opresult_summary(res, _("detached %p"), r->addr);
}

/* The attach variable of an action on an address; NULL, with a comment
 * written, when the address was not attached in this session. */
static struct replayc_var *attach_var(struct replayc *w, const struct op_replay *a)
{
	struct replayc_var *v = replayc_var_find(w, KIND_COUNT, -1, a->req.addr);
	if (!v)
		fprintf(w->out, "\t/* not attached in this session: not replayed */\n");
	return v;
}

static void emit_detach(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	(void)k;
	(void)n;
	struct replayc_var *v = attach_var(w, a);
	if (!v)
		return;
	char cond[48];
	snprintf(cond, sizeof(cond), "shmdt(at_%zu) == -1", v->n);
	v->live = false;
	replayc_check(w->out, 1, cond, "shmdt");
}

const struct opkind opshm_detach = {
	.call = CALL_SHMDT, .object = KIND_SHM, .flags = 0,
	.format = format_detach, .execute = exec_detach, .emit = emit_detach,
};

/* ---- write, fill ----------------------------------------------------------------- */

/* The attachment a write or fill at [offset, offset + n) goes to, or NULL
 * with res refused (not ours, read-only, out of bounds). */
static struct attachment *writable_range(const struct opkind *k, const struct op_request *r, uint64_t n,
					 struct op_result *res, struct strbuf *sb)
{
	struct attachment *a = attachment_find(r->addr);
	if (!a) {
		opresult_refuse(res, sb, k->call, EINVAL, _("no segment attached at %p by ipctop"), r->addr);
		return NULL;
	}
	res->id = a->shmid;
	if (a->ro) {
		opresult_refuse(res, sb, k->call, EACCES, _("segment %d is attached read-only"), a->shmid);
		return NULL;
	}
	if (r->offset > a->size || n > a->size - r->offset) {
		opresult_refuse(res, sb, k->call, EINVAL,
				P_("%zu byte at offset %zu goes beyond the %zu bytes of segment %d",
				   "%zu bytes at offset %zu go beyond the %zu bytes of segment %d", n),
				(size_t)n, r->offset, a->size, a->shmid);
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
	opresult_append_errno(sb, err);
	errtext_format(res->message, sizeof(res->message), call, err, why);
}

static int check_write(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
		       struct op_result *res, struct strbuf *sb)
{
	(void)lim;
	if (r->nbytes && !r->bytes)
		return opresult_refuse(res, sb, k->call, EFAULT, _("no data given"));
	return 0;
}

static void format_write(const struct opkind *k, const struct op_request *r, struct strbuf *sb)
{
	(void)k;
	char big[OPS_CALL_LEN];
	strbuf_printf(sb, "memcpy(%p + %zu, %s, %zu)", r->addr, r->offset,
		      optext_payload(r->bytes, r->nbytes, big, sizeof(big)), r->nbytes);
}

static void exec_write(const struct opkind *k, const struct op_request *r, struct op_result *res,
		       struct strbuf *sb)
{
	struct attachment *a = writable_range(k, r, r->nbytes, res, sb);
	if (!a)
		return;
	ssize_t done = r->nbytes ? safemem_write((char *)a->addr + r->offset, r->bytes, r->nbytes) : 0;
	if (done < 0 || (size_t)done < r->nbytes) {
		fail_write(res, sb, "memcpy", r->offset, done, r->nbytes);
		return;
	}
	res->ret = 0;
	opresult_summary(res, P_("wrote %zu byte at offset %zu of segment %d", "wrote %zu bytes at offset %zu of segment %d",
				 r->nbytes), r->nbytes, r->offset, a->shmid);
}

static void emit_write(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	(void)k;
	(void)n;
	const struct op_request *q = &a->req;
	struct replayc_var *v = attach_var(w, a);
	if (!v)
		return;
	char *lit = replayc_literal(q->bytes, q->nbytes);
	if (!lit) {
		w->failed = 1;
		return;
	}
	if (a->cut)
		fprintf(w->out, "\t/* %zu bytes were written here; only the first %zu were kept */\n", a->cut,
			q->nbytes);
	fprintf(w->out, "\tmemcpy((char *)at_%zu + %zu, %s, %zu);\n", v->n, q->offset, lit, q->nbytes);
	free(lit);
}

const struct opkind opshm_write = {
	.call = CALL_SHMAT, .object = KIND_SHM, .flags = OPK_MODIFIES | OPK_CUT_DATA,
	.check = check_write, .format = format_write, .execute = exec_write, .emit = emit_write,
};

static int check_fill(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
		      struct op_result *res, struct strbuf *sb)
{
	(void)lim;
	if (r->value < 0 || r->value > 255)
		return opresult_refuse(res, sb, k->call, EINVAL, _("fill byte %d is not 0..255"), r->value);
	return 0;
}

static void format_fill(const struct opkind *k, const struct op_request *r, struct strbuf *sb)
{
	(void)k;
	strbuf_printf(sb, "memset(%p + %zu, 0x%02x, %" PRIu64 ")", r->addr, r->offset,
		      (unsigned)r->value & 0xffu, r->size);
}

static void exec_fill(const struct opkind *k, const struct op_request *r, struct op_result *res,
		      struct strbuf *sb)
{
	struct attachment *a = writable_range(k, r, r->size, res, sb);
	if (!a)
		return;
	size_t n = (size_t)r->size; /* fits: at most the segment size */
	ssize_t done = n ? safemem_fill((char *)a->addr + r->offset, (uint8_t)r->value, n, r->progress) : 0;
	if (done < 0 || (size_t)done < n) {
		fail_write(res, sb, "memset", r->offset, done, r->size);
		return;
	}
	res->ret = 0;
	opresult_summary(res, P_("filled %zu byte at 0x%zx of segment %d with 0x%02x",
				 "filled %zu bytes at 0x%zx of segment %d with 0x%02x", n),
			 n, r->offset, a->shmid, (unsigned)r->value);
}

static void emit_fill(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n)
{
	(void)k;
	(void)n;
	const struct op_request *q = &a->req;
	struct replayc_var *v = attach_var(w, a);
	if (v)
		fprintf(w->out, "\tmemset((char *)at_%zu + %zu, 0x%02x, %" PRIu64 "u);\n", v->n, q->offset,
			(unsigned)q->value & 0xffu, q->size);
}

const struct opkind opshm_fill = {
	.call = CALL_SHMAT, .object = KIND_SHM, .flags = OPK_MODIFIES | OPK_WORKER,
	.check = check_fill, .format = format_fill, .execute = exec_fill, .emit = emit_fill,
};
