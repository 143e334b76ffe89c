/* tracecall.c — owns the table of traced calls and the forms of one call:
 * operation class, C-like text, JSON. Argument texts come from one
 * function (arg_text) that both forms share. */
#define _GNU_SOURCE
#include "trace/tracecall.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <time.h>

#include "base/format.h"
#include "base/strbuf.h"
#include "ops/semspec.h"

#define A(...) { __VA_ARGS__ }
static const struct tsys_info table[TSYS_COUNT] = {
	[TSYS_SEMOP] = { "semop", KIND_SEM, CALL_SEMOP, A("semid", "tsops", "nsops"),
			 A(TARG_ID, TARG_SOPS, TARG_SIZE) },
	[TSYS_SEMTIMEDOP] = { "semtimedop", KIND_SEM, CALL_SEMOP, A("semid", "tsops", "nsops", "timeout"),
			      A(TARG_ID, TARG_SOPS, TARG_SIZE, TARG_ADDR) },
	[TSYS_SEMCTL] = { "semctl", KIND_SEM, CALL_SEMCTL, A("semid", "semnum", "cmd", "arg"),
			  A(TARG_ID, TARG_INT, TARG_CMD, TARG_SEMARG) },
	[TSYS_SEMGET] = { "semget", KIND_SEM, CALL_SEMGET, A("key", "nsems", "semflg"),
			  A(TARG_KEY, TARG_INT, TARG_GETFLG) },
	[TSYS_MSGSND] = { "msgsnd", KIND_MSG, CALL_MSGSND, A("msqid", "msgp", "msgsz", "msgflg"),
			  A(TARG_ID, TARG_BUF, TARG_SIZE, TARG_MSGFLG) },
	[TSYS_MSGRCV] = { "msgrcv", KIND_MSG, CALL_MSGRCV, A("msqid", "msgp", "msgsz", "msgtyp", "msgflg"),
			  A(TARG_ID, TARG_BUF, TARG_SIZE, TARG_LONG, TARG_MSGFLG) },
	[TSYS_MSGCTL] = { "msgctl", KIND_MSG, CALL_MSGCTL, A("msqid", "cmd", "buf"),
			  A(TARG_ID, TARG_CMD, TARG_BUF) },
	[TSYS_MSGGET] = { "msgget", KIND_MSG, CALL_MSGGET, A("key", "msgflg"), A(TARG_KEY, TARG_GETFLG) },
	[TSYS_SHMAT] = { "shmat", KIND_SHM, CALL_SHMAT, A("shmid", "shmaddr", "shmflg"),
			 A(TARG_ID, TARG_ADDR, TARG_SHMFLG) },
	[TSYS_SHMDT] = { "shmdt", KIND_SHM, CALL_SHMDT, A("shmaddr"), A(TARG_ADDR) },
	[TSYS_SHMCTL] = { "shmctl", KIND_SHM, CALL_SHMCTL, A("shmid", "cmd", "buf"),
			  A(TARG_ID, TARG_CMD, TARG_BUF) },
	[TSYS_SHMGET] = { "shmget", KIND_SHM, CALL_SHMGET, A("key", "size", "shmflg"),
			  A(TARG_KEY, TARG_SIZE, TARG_GETFLG) },
};
#undef A

const struct tsys_info *tsys_info(enum tsys s)
{
	return &table[(unsigned)s < TSYS_COUNT ? s : 0];
}

int tsys_from_event(const char *event, bool *is_exit)
{
	const char *rest;
	if (strncmp(event, "sys_enter_", 10) == 0)
		rest = event + 10, *is_exit = false;
	else if (strncmp(event, "sys_exit_", 9) == 0)
		rest = event + 9, *is_exit = true;
	else
		return -1;
	for (int s = 0; s < TSYS_COUNT; s++)
		if (strcmp(rest, table[s].name) == 0)
			return s;
	return -1;
}

enum ipc_kind tracecall_kind(const struct trace_call *c)
{
	return tsys_info(c->sys)->kind;
}

int tracecall_errno(const struct trace_call *c)
{
	return c->done && c->ret < 0 && c->ret >= -4095 ? (int)-c->ret : 0;
}

const char *tracecall_name(const struct trace_call *c)
{
	if (c->sys == TSYS_SEMTIMEDOP && c->arg[3] == 0)
		return "semop";
	return tsys_info(c->sys)->name;
}

enum trace_op tracecall_op(const struct trace_call *c)
{
	switch (c->sys) {
	case TSYS_SEMOP:
	case TSYS_SEMTIMEDOP: {
		if (c->nsops == 0)
			return TOP_SEMOP;
		bool zero = false;
		for (unsigned i = 0; i < c->nsops && i < TRACE_SOPS; i++) {
			if (c->sops[i].sem_op < 0)
				return TOP_P;
			zero |= c->sops[i].sem_op == 0;
		}
		return zero ? TOP_Z : TOP_V;
	}
	case TSYS_MSGSND: return TOP_SEND;
	case TSYS_MSGRCV: return TOP_RECV;
	case TSYS_SHMAT: return TOP_ATTACH;
	case TSYS_SHMDT: return TOP_DETACH;
	case TSYS_SEMGET: case TSYS_MSGGET: case TSYS_SHMGET: return TOP_GET;
	default: return TOP_CTL;
	}
}

const char *trace_op_name(enum trace_op op)
{
	static const char *const names[TOP_COUNT] = { "P", "V", "Z", "semop", "send", "recv",
						      "attach", "detach", "ctl", "get" };
	return (unsigned)op < TOP_COUNT ? names[op] : "?";
}

const char *trace_errno_name(int err, char *buf)
{
	/* The kernel's restart codes reach the exit event when a signal
	 * interrupted the call (include/linux/errno.h). */
	switch (err) {
	case 512: return "ERESTARTSYS";
	case 513: return "ERESTARTNOINTR";
	case 514: return "ERESTARTNOHAND";
	case 516: return "ERESTART_RESTARTBLOCK";
	default: break;
	}
	const char *n = errtext_errno_name(err);
	if (n)
		return n;
	snprintf(buf, 16, "%d", err);
	return buf;
}

char *trace_format_duration(uint64_t ns, int utf8, char *buf, size_t len)
{
	if (ns < 1000)
		snprintf(buf, len, "%" PRIu64 "ns", ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%.*f%s", ns < 10000 ? 1 : 0, (double)ns / 1e3, utf8 ? "µs" : "us");
	else if (ns < 1000000000)
		snprintf(buf, len, "%.*fms", ns < 10000000 ? 1 : 0, (double)ns / 1e6);
	else
		snprintf(buf, len, "%.*fs", ns < 10000000000ULL ? 2 : 0, (double)ns / 1e9);
	return buf;
}

/* ---- argument texts ---------------------------------------------------- */

struct flagname {
	unsigned bit;
	const char *name;
};

/* "A|B|0600": the named bits, then the rest in octal when perms, else in
 * hex; "0" for none. */
static void flags_text(unsigned v, const struct flagname *names, bool perms, char *buf, size_t len)
{
	struct strbuf sb;
	strbuf_init(&sb, buf, len);
	for (const struct flagname *f = names; f->name; f++)
		if (v & f->bit) {
			strbuf_printf(&sb, "%s%s", sb.pos ? "|" : "", f->name);
			v &= ~f->bit;
		}
	if (perms)
		strbuf_printf(&sb, "%s0%o", sb.pos ? "|" : "", v);
	else if (v || !sb.pos)
		strbuf_printf(&sb, "%s%#x", sb.pos ? "|" : "", v);
}

static const struct flagname get_flags[] = {
	{ IPC_CREAT, "IPC_CREAT" }, { IPC_EXCL, "IPC_EXCL" }, { SHM_HUGETLB, "SHM_HUGETLB" },
	{ SHM_NORESERVE, "SHM_NORESERVE" }, { 0, NULL },
};
static const struct flagname msg_flags[] = {
	{ IPC_NOWAIT, "IPC_NOWAIT" }, { MSG_NOERROR, "MSG_NOERROR" }, { MSG_EXCEPT, "MSG_EXCEPT" },
	{ MSG_COPY, "MSG_COPY" }, { 0, NULL },
};
static const struct flagname shm_flags[] = {
	{ SHM_RDONLY, "SHM_RDONLY" }, { SHM_RND, "SHM_RND" }, { SHM_REMAP, "SHM_REMAP" },
	{ SHM_EXEC, "SHM_EXEC" }, { 0, NULL },
};

/* The command of a *ctl call, without the IPC_64 bit some libcs add. */
static const char *cmd_text(enum ipc_kind kind, int cmd, char *buf, size_t len)
{
	static const char *const common[] = { "IPC_RMID", "IPC_SET", "IPC_STAT", "IPC_INFO" };
	static const char *const sem[] = { "GETPID", "GETVAL", "GETALL", "GETNCNT", "GETZCNT",
					   "SETVAL", "SETALL", "SEM_STAT", "SEM_INFO", "SEM_STAT_ANY" };
	static const char *const msg[] = { "MSG_STAT", "MSG_INFO", "MSG_STAT_ANY" };
	static const char *const shm[] = { "SHM_LOCK", "SHM_UNLOCK", "SHM_STAT", "SHM_INFO", "SHM_STAT_ANY" };
	int c = cmd & ~0x100;
	if (c >= 0 && c < 4)
		return common[c];
	const char *const *more = kind == KIND_SEM ? sem : kind == KIND_MSG ? msg : shm;
	int n = kind == KIND_SEM ? 10 : kind == KIND_MSG ? 3 : 5;
	if (c >= 11 && c < 11 + n)
		return more[c - 11];
	snprintf(buf, len, "%d", cmd);
	return buf;
}

static void sops_text(const struct trace_call *c, char *buf, size_t len)
{
	struct strbuf sb;
	strbuf_init(&sb, buf, len);
	if (c->nsops == 0) {
		strbuf_printf(&sb, "?");
		return;
	}
	strbuf_printf(&sb, "{");
	for (unsigned i = 0; i < c->nsops && i < TRACE_SOPS; i++) {
		char fl[48];
		strbuf_printf(&sb, "%s{%u, %+d, %s}", i ? ", " : "", (unsigned)c->sops[i].sem_num,
			      (int)c->sops[i].sem_op, semspec_format_flags(c->sops[i].sem_flg, fl, sizeof(fl)));
	}
	strbuf_printf(&sb, "%s}", c->arg[2] > c->nsops ? ", ..." : "");
}

static bool is_setval(const struct trace_call *c)
{
	return c->sys == TSYS_SEMCTL && ((int)c->arg[2] & ~0x100) == SETVAL;
}

/* The text of argument i; false when the argument is not shown. */
static bool arg_text(const struct trace_call *c, size_t i, char *buf, size_t len)
{
	const struct tsys_info *t = tsys_info(c->sys);
	uint64_t v = c->arg[i];
	switch (t->types[i]) {
	case TARG_ID:
	case TARG_INT: snprintf(buf, len, "%d", (int)v); return true;
	case TARG_SIZE: snprintf(buf, len, "%" PRIu64, v); return true;
	case TARG_LONG: snprintf(buf, len, "%" PRId64, (int64_t)v); return true;
	case TARG_KEY:
		if ((int)v == IPC_PRIVATE)
			snprintf(buf, len, "IPC_PRIVATE");
		else
			format_key((int)v, buf, len);
		return true;
	case TARG_GETFLG: flags_text((unsigned)v, get_flags, true, buf, len); return true;
	case TARG_MSGFLG: flags_text((unsigned)v, msg_flags, false, buf, len); return true;
	case TARG_SHMFLG: flags_text((unsigned)v, shm_flags, false, buf, len); return true;
	case TARG_CMD: {
		const char *s = cmd_text(t->kind, (int)v, buf, len);
		if (s != buf)
			snprintf(buf, len, "%s", s);
		return true;
	}
	case TARG_SEMARG:
		if (!is_setval(c))
			return false;
		snprintf(buf, len, "%d", (int)v);
		return true;
	case TARG_SOPS: sops_text(c, buf, len); return true;
	case TARG_ADDR:
		if (v == 0)
			snprintf(buf, len, "NULL");
		else
			snprintf(buf, len, "%#" PRIx64, v);
		return true;
	case TARG_BUF: snprintf(buf, len, "..."); return true;
	default: return false;
	}
}

static void result_text(const struct trace_call *c, char *buf, size_t len)
{
	char num[16];
	if (!c->done)
		snprintf(buf, len, "?");
	else if (tracecall_errno(c))
		snprintf(buf, len, "-1 %s", trace_errno_name(tracecall_errno(c), num));
	else if (c->sys == TSYS_SHMAT)
		snprintf(buf, len, "%#" PRIx64, (uint64_t)c->ret);
	else
		snprintf(buf, len, "%" PRId64, c->ret);
}

char *tracecall_format(const struct trace_call *c, char *buf, size_t len)
{
	struct strbuf sb;
	strbuf_init(&sb, buf, len);
	const struct tsys_info *t = tsys_info(c->sys);
	strbuf_printf(&sb, "%s(", tracecall_name(c));
	bool first = true;
	for (size_t i = 0; i < TSYS_ARGS && t->types[i] != TARG_NONE; i++) {
		char a[160];
		/* semop's timeout is always NULL: not shown. */
		if (c->sys == TSYS_SEMTIMEDOP && i == 3 && c->arg[3] == 0)
			continue;
		if (!arg_text(c, i, a, sizeof(a)))
			continue;
		strbuf_printf(&sb, "%s%s", first ? "" : ", ", a);
		first = false;
	}
	char r[48];
	result_text(c, r, sizeof(r));
	strbuf_printf(&sb, ") = %s", r);
	strbuf_mark_cut(&sb, "...");
	return buf;
}

/* ---- JSON ------------------------------------------------------------------ */

static void json_sops(const struct trace_call *c, struct json *j)
{
	if (c->nsops == 0) {
		json_null(j, "sops");
		return;
	}
	json_begin_array(j, "sops");
	for (unsigned i = 0; i < c->nsops && i < TRACE_SOPS; i++) {
		char fl[48];
		json_begin_object(j, NULL);
		json_uint(j, "num", c->sops[i].sem_num);
		json_int(j, "op", c->sops[i].sem_op);
		json_string(j, "flg", semspec_format_flags(c->sops[i].sem_flg, fl, sizeof(fl)));
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_args(const struct trace_call *c, struct json *j)
{
	const struct tsys_info *t = tsys_info(c->sys);
	json_begin_object(j, "args");
	for (size_t i = 0; i < TSYS_ARGS && t->types[i] != TARG_NONE; i++) {
		char a[160];
		switch (t->types[i]) {
		case TARG_ID:
		case TARG_INT: json_int(j, t->args[i], (int)c->arg[i]); break;
		case TARG_SIZE: json_uint(j, t->args[i], c->arg[i]); break;
		case TARG_LONG: json_int(j, t->args[i], (int64_t)c->arg[i]); break;
		case TARG_SOPS: json_sops(c, j); break;
		case TARG_SEMARG:
			if (is_setval(c))
				json_int(j, t->args[i], (int)c->arg[i]);
			break;
		case TARG_BUF: break; /* an address in the caller: says nothing */
		default:
			if (arg_text(c, i, a, sizeof(a)))
				json_string(j, t->args[i], a);
			break;
		}
	}
	json_end_object(j);
}

void tracecall_json(const struct trace_call *c, struct json *j, int64_t mono_to_real_ns)
{
	char buf[64], num[16];
	int64_t real = (int64_t)c->start_ns + mono_to_real_ns;
	time_t sec = (time_t)(real / 1000000000);
	json_begin_object(j, NULL);
	format_time_iso(sec, buf, sizeof(buf));
	/* "2026-12-07T02:36:01Z" with the microseconds before the Z. */
	size_t n = strlen(buf);
	if (n > 0 && buf[n - 1] == 'Z')
		snprintf(buf + n - 1, sizeof(buf) - (n - 1), ".%06dZ", (int)((real % 1000000000) / 1000));
	json_string(j, "time", buf);
	json_int(j, "epoch-us", real / 1000);
	json_int(j, "pid", c->tgid);
	json_int(j, "tid", c->tid);
	json_string(j, "command", c->comm);
	json_string(j, "call", tracecall_name(c));
	json_string(j, "syscall", tsys_info(c->sys)->name);
	json_string(j, "op", trace_op_name(tracecall_op(c)));
	json_string(j, "type", kind_name(tracecall_kind(c)));
	if (c->id >= 0)
		json_int(j, "id", c->id);
	else
		json_null(j, "id");
	if (tsys_info(c->sys)->types[0] == TARG_KEY) {
		format_key((int)c->arg[0], buf, sizeof(buf));
		json_string(j, "key", buf);
	}
	json_args(c, j);
	if (!c->done) {
		json_null(j, "ret");
	} else if (tracecall_errno(c)) {
		json_int(j, "ret", -1);
		json_string(j, "error", trace_errno_name(tracecall_errno(c), num));
		json_int(j, "errno", tracecall_errno(c));
	} else if (c->sys == TSYS_SHMAT) {
		snprintf(buf, sizeof(buf), "%#" PRIx64, (uint64_t)c->ret);
		json_string(j, "ret", buf);
	} else {
		json_int(j, "ret", c->ret);
	}
	json_uint(j, "duration-ns", c->end_ns >= c->start_ns ? c->end_ns - c->start_ns : 0);
	json_end_object(j);
}
