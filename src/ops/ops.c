/* ops.c — owns running a request: read-only mode, the checks before the
 * kernel, the call through the kind's entry in the operation-kind table
 * (opkind.h), the log entry, and the convenience wrappers. What each kind
 * means lives in its table entry. */
#define _GNU_SOURCE
#include "ops/ops.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/shm.h>

#include "base/i18n.h"
#include "base/strbuf.h"
#include "model/ipclimits.h"
#include "ops/actionlog.h"
#include "ops/opkind.h"
#include "ops/opresult.h"

static bool read_only;

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
	const struct opkind *k = opkind_of(req->kind);
	if (!k)
		return true;
	return k->modifies ? k->modifies(req) : (k->flags & OPK_MODIFIES) != 0;
}

static void format_call(const struct op_request *r, struct strbuf *sb)
{
	const struct opkind *k = opkind_of(r->kind);
	if (k)
		k->format(k, r, sb);
	else
		strbuf_printf(sb, "?");
}

char *ops_format_call(const struct op_request *req, char *buf, size_t len)
{
	struct strbuf sb;
	strbuf_init(&sb, buf, len);
	format_call(req, &sb);
	return buf;
}

void ops_result_free(struct op_result *res)
{
	free(res->data);
	res->data = NULL;
	res->len = 0;
}

/* A result for the request, its call text in res->call through sb. */
static void start(const struct op_request *r, struct op_result *res, struct strbuf *sb)
{
	const struct opkind *k = opkind_of(r->kind);
	opresult_init(res, !k || (k->flags & OPK_BY_ID) ? r->id : -1);
	strbuf_init(sb, res->call, sizeof(res->call));
	format_call(r, sb);
}

static int refuse_unknown(struct op_result *res, struct strbuf *sb)
{
	return opresult_refuse(res, sb, CALL_COUNT, EINVAL, _("unknown operation"));
}

/* Read-only mode, then the checks of k, r's entry; sb holds the call text. */
static int check(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
		 struct op_result *res, struct strbuf *sb)
{
	if (read_only && ops_modifies(r)) {
		res->ret = -1;
		res->err = EROFS;
		res->refused = true;
		snprintf(res->message, sizeof(res->message), _("read-only mode (--read-only): %s refused"),
			 res->call);
		strbuf_printf(sb, " [refused]");
		return -1;
	}
	return k->check ? k->check(k, r, lim, res, sb) : 0;
}

int ops_check(const struct op_request *req, struct op_result *res)
{
	struct strbuf sb;
	struct ipc_limits lim;
	const struct opkind *k = opkind_of(req->kind);
	limits_read(&lim); /* fields it could not read stay 0: checks skipped */
	start(req, res, &sb);
	return k ? check(k, req, &lim, res, &sb) : refuse_unknown(res, &sb);
}

struct op_result ops_execute(const struct op_request *req)
{
	struct op_result res;
	struct op_request r = *req;
	struct ipc_limits lim;
	struct strbuf sb;
	const struct opkind *k = opkind_of(r.kind);
	limits_read(&lim); /* fields it could not read stay 0: checks skipped */
	if (k && k->prepare)
		k->prepare(&r, &lim);
	start(&r, &res, &sb);
	if (!k)
		refuse_unknown(&res, &sb);
	else if (check(k, &r, &lim, &res, &sb) == 0)
		k->execute(k, &r, &res, &sb);
	strbuf_mark_cut(&sb, "...");
	return res;
}

struct op_result ops_run(const struct op_request *req)
{
	struct op_result res = ops_execute(req);
	actionlog_add(req, &res);
	return res;
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
