/* actionlog.c — owns the action log: the display ring of lines, the replay
 * records of the session's requests, and the C program written from them. */
#define _GNU_SOURCE
#include "ops/actionlog.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>

#include "base/array.h"
#include "base/format.h"
#include "model/ipcobj.h"
#include "ops/payload.h"
#include "ops/semspec.h"

/* One action kept for replay. */
struct replay {
	struct op_request req; /* deep copy */
	int ret, err;
	bool refused;
	int id;      /* created or acted-on id */
	void *addr;  /* SHM_ATTACH result */
	size_t len;  /* MSG_RECV/PEEK: bytes received */
	size_t cut;  /* SHM_WRITE: bytes written when more than the
	                ACTIONLOG_DATA_MAX kept; else 0 */
	time_t when;
	char call[OPS_CALL_LEN];
};

static struct actionlog_line ring[ACTIONLOG_LINES];
static size_t ring_head; /* index of the oldest line */
static size_t ring_count;
static size_t lines_total;

static struct replay *replays;
static size_t nreplays, replay_cap;
static size_t replays_dropped;

static struct actionlog_line *ring_push(void)
{
	struct actionlog_line *l;
	if (ring_count < ACTIONLOG_LINES) {
		l = &ring[(ring_head + ring_count) % ACTIONLOG_LINES];
		ring_count++;
	} else {
		l = &ring[ring_head];
		ring_head = (ring_head + 1) % ACTIONLOG_LINES;
	}
	lines_total++;
	memset(l, 0, sizeof(*l));
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) == 0)
		l->msec = ts.tv_nsec / 1000000;
	l->when = clock_now();
	return l;
}

static void replay_push(const struct op_request *req, const struct op_result *res, time_t when)
{
	if (nreplays >= ACTIONLOG_REPLAY_MAX) {
		replays_dropped++;
		return;
	}
	if (array_grow((void **)&replays, &replay_cap, nreplays + 1, sizeof(*replays)) < 0) {
		replays_dropped++;
		return;
	}
	struct replay *r = &replays[nreplays];
	memset(r, 0, sizeof(*r));
	struct op_request kept = *req;
	kept.progress = NULL;
	if (kept.kind == OP_SHM_WRITE && kept.nbytes > ACTIONLOG_DATA_MAX) {
		r->cut = kept.nbytes;
		kept.nbytes = ACTIONLOG_DATA_MAX;
	}
	if (ops_request_copy(&r->req, &kept) < 0) {
		replays_dropped++;
		return;
	}
	r->ret = res->ret;
	r->err = res->err;
	r->refused = res->refused;
	r->id = res->id;
	r->addr = res->addr;
	r->len = res->len;
	r->when = when;
	snprintf(r->call, sizeof(r->call), "%s", res->call);
	nreplays++;
}

void actionlog_add(const struct op_request *req, const struct op_result *res)
{
	struct actionlog_line *l = ring_push();
	l->failed = res->err != 0 || res->refused;
	snprintf(l->text, sizeof(l->text), "%s", res->call);
	snprintf(l->message, sizeof(l->message), "%s", res->message);
	replay_push(req, res, l->when);
}

void actionlog_note(const char *fmt, ...)
{
	struct actionlog_line *l = ring_push();
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof(l->text), fmt, ap);
	va_end(ap);
}

size_t actionlog_count(void)
{
	return ring_count;
}

size_t actionlog_total(void)
{
	return lines_total;
}

const struct actionlog_line *actionlog_get(size_t i)
{
	if (i >= ring_count)
		return NULL;
	return &ring[(ring_head + i) % ACTIONLOG_LINES];
}

static char *clock_text(time_t t, char *buf, size_t len)
{
	struct tm tm;
	if (!localtime_r(&t, &tm) || strftime(buf, len, "%H:%M:%S", &tm) == 0)
		snprintf(buf, len, "??:??:??");
	return buf;
}

char *actionlog_format_line(const struct actionlog_line *l, char *buf, size_t len)
{
	char t[16];
	snprintf(buf, len, "%s %s", clock_text(l->when, t, sizeof(t)), l->text);
	return buf;
}

void actionlog_clear(void)
{
	for (size_t i = 0; i < nreplays; i++)
		ops_request_free(&replays[i].req);
	free(replays);
	replays = NULL;
	nreplays = replay_cap = replays_dropped = 0;
	ring_head = ring_count = lines_total = 0;
}

/* ---- the C program ---------------------------------------------------- */

/* Objects and attachments created in the session, named by variables. */
struct var {
	enum ipc_kind kind; /* KIND_COUNT: an attach address */
	int id;
	void *addr;
	size_t n; /* the variable's number: shm_3, at_5 */
	bool live;
};

struct cwriter {
	FILE *out;
	struct var *vars;
	size_t nvars, cap;
	int failed; /* allocation failed */
};

static void var_add(struct cwriter *w, enum ipc_kind kind, int id, void *addr, size_t n)
{
	/* a new object (or attach) with the same id/address hides the old one */
	for (size_t i = 0; i < w->nvars; i++)
		if (w->vars[i].live && w->vars[i].kind == kind &&
		    (kind == KIND_COUNT ? w->vars[i].addr == addr : w->vars[i].id == id))
			w->vars[i].live = false;
	if (array_grow((void **)&w->vars, &w->cap, w->nvars + 1, sizeof(*w->vars)) < 0) {
		w->failed = 1;
		return;
	}
	w->vars[w->nvars++] = (struct var){ kind, id, addr, n, true };
}

static struct var *var_find(struct cwriter *w, enum ipc_kind kind, int id, const void *addr)
{
	for (size_t i = w->nvars; i-- > 0;)
		if (w->vars[i].live && w->vars[i].kind == kind &&
		    (kind == KIND_COUNT ? w->vars[i].addr == addr : w->vars[i].id == id))
			return &w->vars[i];
	return NULL;
}

static enum ipc_kind kind_of(enum op_kind k)
{
	switch (k) {
	case OP_SHM_CREATE: case OP_SHM_ATTACH: case OP_SHM_REMOVE: case OP_SHM_SET:
		return KIND_SHM;
	case OP_MSG_CREATE: case OP_MSG_SEND: case OP_MSG_RECV: case OP_MSG_PEEK:
	case OP_MSG_REMOVE: case OP_MSG_SET:
		return KIND_MSG;
	default:
		return KIND_SEM;
	}
}

static const char *var_prefix(enum ipc_kind k)
{
	return k == KIND_SHM ? "shm" : k == KIND_MSG ? "msq" : k == KIND_SEM ? "sem" : "at";
}

/* The C expression for an object id: its variable or the literal. */
static char *id_expr(struct cwriter *w, enum ipc_kind kind, int id, char *buf, size_t len)
{
	struct var *v = var_find(w, kind, id, NULL);
	if (v)
		snprintf(buf, len, "%s_%zu", var_prefix(kind), v->n);
	else
		snprintf(buf, len, "%d", id);
	return buf;
}

/* Call text made safe inside a comment: no comment delimiters, no
 * trigraphs, printable ASCII only. */
static void put_comment_text(FILE *out, const char *s)
{
	char prev = 0;
	for (; *s; s++) {
		char c = *s;
		if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f)
			c = '.';
		if ((prev == '*' && c == '/') || (prev == '/' && c == '*') || (prev == '?' && c == '?'))
			fputc(' ', out);
		fputc(c, out);
		prev = c;
	}
}

/* `if (cond) { perror(what); return 1; }` indented by depth tabs (1..3). */
static void put_check(FILE *out, int depth, const char *cond, const char *what)
{
	static const char tabs[] = "\t\t\t\t";
	fprintf(out, "%.*sif (%s) {\n%.*sperror(\"%s\");\n%.*sreturn 1;\n%.*s}\n", depth, tabs,
		cond, depth + 1, tabs, what, depth + 1, tabs, depth, tabs);
}

static char *literal(const void *data, size_t n)
{
	size_t size = payload_format_size(n);
	char *buf = malloc(size);
	if (buf)
		payload_format(data ? data : "", data ? n : 0, 0, buf, size);
	return buf;
}

static void put_key(FILE *out, int key)
{
	char k[32];
	ops_format_key(key, k, sizeof(k));
	fprintf(out, "%s%s", key == IPC_PRIVATE ? "" : "(key_t)", k);
}

static void put_create(struct cwriter *w, const struct replay *r, size_t n)
{
	const struct op_request *q = &r->req;
	enum ipc_kind kind = kind_of(q->kind);
	char flags[48], var[32], cond[48];
	ops_format_getflags(q->excl, q->mode, flags, sizeof(flags));
	snprintf(var, sizeof(var), "%s_%zu", var_prefix(kind), n);
	fprintf(w->out, "\tint %s = %s(", var,
		kind == KIND_SHM ? "shmget" : kind == KIND_MSG ? "msgget" : "semget");
	put_key(w->out, q->key);
	if (kind == KIND_SHM)
		fprintf(w->out, ", %" PRIu64 ", %s);\n", q->size, flags);
	else if (kind == KIND_SEM)
		fprintf(w->out, ", %u, %s);\n", q->nsems, flags);
	else
		fprintf(w->out, ", %s);\n", flags);
	snprintf(cond, sizeof(cond), "%s == -1", var);
	put_check(w->out, 1, cond, kind == KIND_SHM ? "shmget" : kind == KIND_MSG ? "msgget" : "semget");
	var_add(w, kind, r->id, NULL, n);
}

static void put_setall(struct cwriter *w, const char *id, const int *v, size_t nv, unsigned nsems)
{
	size_t count = nv == 1 ? nsems : nv;
	fprintf(w->out, "\t{\n\t\tunsigned short vals[] = {");
	for (size_t i = 0; i < count; i++)
		fprintf(w->out, "%s%d", i ? ", " : "", v[nv == 1 ? 0 : i]);
	fprintf(w->out, "};\n");
	char cond[96];
	snprintf(cond, sizeof(cond), "semctl(%s, 0, SETALL, (union semun){ .array = vals }) == -1", id);
	put_check(w->out, 2, cond, "semctl SETALL");
	fprintf(w->out, "\t}\n");
}

static void put_ipcset(struct cwriter *w, enum ipc_kind kind, const char *id,
		       const struct ops_ipcset *s)
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
	put_check(w->out, 2, cond, what);
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
	put_check(w->out, 2, cond, what);
	fprintf(w->out, "\t}\n");
}

static void put_semop(struct cwriter *w, const char *id, const struct op_request *q)
{
	size_t size = q->nsops * 48 + 8;
	char *ops = malloc(size);
	if (!ops) {
		w->failed = 1;
		return;
	}
	semspec_format(q->sops, q->nsops, ops, size);
	char cond[80];
	fprintf(w->out, "\t{\n\t\tstruct sembuf sops[] = %s;\n", ops);
	snprintf(cond, sizeof(cond), "semop(%s, sops, %zu) == -1", id, q->nsops);
	put_check(w->out, 2, cond, "semop");
	fprintf(w->out, "\t}\n");
	free(ops);
}

static void put_msgsnd(struct cwriter *w, const char *id, const struct op_request *q)
{
	char flags[64], cond[160];
	char *lit = literal(q->bytes, q->nbytes);
	if (!lit) {
		w->failed = 1;
		return;
	}
	fprintf(w->out, "\tmsg.mtype = %ld;\n", q->mtype);
	if (q->nbytes)
		fprintf(w->out, "\tmemcpy(msg.mtext, %s, %zu);\n", lit, q->nbytes);
	snprintf(cond, sizeof(cond), "msgsnd(%s, &msg, %zu, %s) == -1", id, q->nbytes,
		 ops_format_msgflags(q->flags, flags, sizeof(flags)));
	put_check(w->out, 1, cond, "msgsnd");
	free(lit);
}

static void put_msgrcv(struct cwriter *w, const char *id, const struct op_request *q)
{
	char flags[64], cond[200], size[48];
	bool peek = q->kind == OP_MSG_PEEK;
	if (peek)
		snprintf(size, sizeof(size), "sizeof(msg.mtext)");
	else
		snprintf(size, sizeof(size), "%" PRIu64, q->size);
	snprintf(cond, sizeof(cond), "msgrcv(%s, &msg, %s, %ld, %s) == -1", id, size, q->mtype,
		 ops_format_msgflags(peek ? MSG_COPY | IPC_NOWAIT : q->flags, flags, sizeof(flags)));
	put_check(w->out, 1, cond, "msgrcv");
}

static void put_shm_attach(struct cwriter *w, const struct replay *r, const char *id, size_t n)
{
	char cond[48];
	fprintf(w->out, "\tvoid *at_%zu = shmat(%s, NULL, %s);\n", n, id,
		(r->req.flags & SHM_RDONLY) ? "SHM_RDONLY" : "0");
	snprintf(cond, sizeof(cond), "at_%zu == (void *)-1", n);
	put_check(w->out, 1, cond, "shmat");
	var_add(w, KIND_COUNT, -1, r->addr, n);
}

/* SHM_DETACH, SHM_WRITE and SHM_FILL name an attach variable; false when
 * unknown. */
static bool put_shm_addr_op(struct cwriter *w, const struct replay *r)
{
	const struct op_request *q = &r->req;
	struct var *v = var_find(w, KIND_COUNT, -1, q->addr);
	if (!v)
		return false;
	if (q->kind == OP_SHM_FILL) {
		fprintf(w->out, "\tmemset((char *)at_%zu + %zu, 0x%02x, %" PRIu64 "u);\n", v->n, q->offset,
			(unsigned)q->value & 0xffu, q->size);
		return true;
	}
	if (q->kind == OP_SHM_DETACH) {
		char cond[48];
		snprintf(cond, sizeof(cond), "shmdt(at_%zu) == -1", v->n);
		v->live = false;
		put_check(w->out, 1, cond, "shmdt");
		return true;
	}
	char *lit = literal(q->bytes, q->nbytes);
	if (!lit) {
		w->failed = 1;
		return true;
	}
	if (r->cut)
		fprintf(w->out, "\t/* %zu bytes were written here; only the first %zu were kept */\n", r->cut,
			q->nbytes);
	fprintf(w->out, "\tmemcpy((char *)at_%zu + %zu, %s, %zu);\n", v->n, q->offset, lit, q->nbytes);
	free(lit);
	return true;
}

static void put_rmid(struct cwriter *w, enum ipc_kind kind, int objid, const char *id)
{
	char cond[80];
	if (kind == KIND_SHM)
		snprintf(cond, sizeof(cond), "shmctl(%s, IPC_RMID, NULL) == -1", id);
	else if (kind == KIND_MSG)
		snprintf(cond, sizeof(cond), "msgctl(%s, IPC_RMID, NULL) == -1", id);
	else
		snprintf(cond, sizeof(cond), "semctl(%s, 0, IPC_RMID) == -1", id);
	put_check(w->out, 1, cond, kind == KIND_SHM ? "shmctl IPC_RMID"
			       : kind == KIND_MSG ? "msgctl IPC_RMID" : "semctl IPC_RMID");
	struct var *v = var_find(w, kind, objid, NULL);
	if (v)
		v->live = false;
}

/* The code of one successful action (or of the part that succeeded). */
static void put_action(struct cwriter *w, const struct replay *r, size_t n)
{
	const struct op_request *q = &r->req;
	enum ipc_kind kind = kind_of(q->kind);
	char id[32], cond[160];
	switch (q->kind) {
	case OP_FTOK: {
		char *lit = literal(q->path, q->path ? strlen(q->path) : 0);
		size_t clen = lit ? strlen(lit) + 48 : 0;
		char *c = lit ? malloc(clen) : NULL;
		if (c) {
			snprintf(c, clen, "ftok(%s, %d) == (key_t)-1", lit, q->proj);
			put_check(w->out, 1, c, "ftok");
		} else {
			w->failed = 1;
		}
		free(c);
		free(lit);
		return;
	}
	case OP_SHM_CREATE:
	case OP_MSG_CREATE:
	case OP_SEM_CREATE:
		put_create(w, r, n);
		id_expr(w, kind, r->id, id, sizeof(id));
		if (r->err) {
			fprintf(w->out, "\t/* the follow-up call failed in the session: not replayed */\n");
			return;
		}
		if (q->kind == OP_MSG_CREATE && q->size) {
			struct ops_ipcset s = { .has_qbytes = true, .qbytes = q->size };
			put_ipcset(w, KIND_MSG, id, &s);
		}
		if (q->kind == OP_SEM_CREATE && q->nvalues)
			put_setall(w, id, q->values, q->nvalues, q->nsems);
		return;
	case OP_SHM_DETACH:
	case OP_SHM_WRITE:
	case OP_SHM_FILL:
		if (!put_shm_addr_op(w, r))
			fprintf(w->out, "\t/* not attached in this session: not replayed */\n");
		return;
	default:
		break;
	}
	id_expr(w, kind, q->id, id, sizeof(id));
	switch (q->kind) {
	case OP_SHM_ATTACH: put_shm_attach(w, r, id, n); break;
	case OP_SHM_REMOVE:
	case OP_MSG_REMOVE:
	case OP_SEM_REMOVE: put_rmid(w, kind, q->id, id); break;
	case OP_SHM_SET:
	case OP_MSG_SET:
	case OP_SEM_SET: put_ipcset(w, kind, id, &q->set); break;
	case OP_MSG_SEND: put_msgsnd(w, id, q); break;
	case OP_MSG_RECV:
	case OP_MSG_PEEK: put_msgrcv(w, id, q); break;
	case OP_SEM_OP: put_semop(w, id, q); break;
	case OP_SEM_SETVAL:
		snprintf(cond, sizeof(cond), "semctl(%s, %d, SETVAL, (union semun){ .val = %d }) == -1",
			 id, q->semnum, q->value);
		put_check(w->out, 1, cond, "semctl SETVAL");
		break;
	case OP_SEM_SETALL: put_setall(w, id, q->values, q->nvalues, 0); break;
	default: break;
	}
}

/* Does the action's code run in the program? Creates whose follow-up
 * failed still create. */
static bool replayed(const struct replay *r)
{
	if (r->refused)
		return false;
	if (r->err == 0)
		return true;
	bool create = r->req.kind == OP_SHM_CREATE || r->req.kind == OP_MSG_CREATE ||
		      r->req.kind == OP_SEM_CREATE;
	return create && r->id >= 0;
}

/* Size of the message buffer: the largest message sent, received or
 * peeked; 0 when the program has no message calls. */
static size_t msgbuf_size(void)
{
	size_t size = 0;
	bool any = false;
	for (size_t i = 0; i < nreplays; i++) {
		const struct replay *r = &replays[i];
		if (!replayed(r))
			continue;
		size_t need = 0;
		switch (r->req.kind) {
		case OP_MSG_SEND: need = r->req.nbytes; break;
		case OP_MSG_RECV: need = (size_t)r->req.size; break;
		case OP_MSG_PEEK: need = r->len > 8192 ? r->len : 8192; break;
		default: continue;
		}
		any = true;
		if (need > size)
			size = need;
	}
	return any ? (size ? size : 1) : 0;
}

static void put_header(FILE *out, size_t msgsize)
{
	char date[32];
	format_time_full(clock_now(), date, sizeof(date));
	fprintf(out, ACTIONLOG_C_MAGIC "%zu action%s, written %s.\n"
		" * Build and run: cc -Wall -o replay replay.c && ./replay\n"
		" * Objects created in the session are variables; others use their\n"
		" * literal id. Calls that failed in the session are comments. */\n"
		"#define _GNU_SOURCE\n"
		"#include <stdio.h>\n#include <string.h>\n#include <sys/types.h>\n"
		"#include <sys/ipc.h>\n#include <sys/msg.h>\n#include <sys/sem.h>\n#include <sys/shm.h>\n\n"
		"union semun {\n\tint val;\n\tstruct semid_ds *buf;\n\tunsigned short *array;\n};\n\n",
		nreplays, nreplays == 1 ? "" : "s", date);
	if (msgsize)
		fprintf(out, "static struct {\n\tlong mtype;\n\tchar mtext[%zu];\n} msg;\n\n", msgsize);
	fprintf(out, "int main(void)\n{\n");
	if (replays_dropped)
		fprintf(out, "\t/* %zu later actions were not kept (limit %d) */\n", replays_dropped,
			ACTIONLOG_REPLAY_MAX);
}

int actionlog_write_c(FILE *out)
{
	struct cwriter w = { .out = out };
	put_header(out, msgbuf_size());
	for (size_t i = 0; i < nreplays; i++) {
		const struct replay *r = &replays[i];
		char t[16];
		fprintf(out, "\n\t/* %s ", clock_text(r->when, t, sizeof(t)));
		put_comment_text(out, r->call);
		if (!replayed(r))
			fprintf(out, "%s */\n", r->refused ? " (refused: not replayed)"
							   : " (failed: not replayed)");
		else {
			fprintf(out, " */\n");
			put_action(&w, r, i + 1);
		}
	}
	fprintf(out, "\treturn 0;\n}\n");
	free(w.vars);
	if (w.failed) {
		errno = ENOMEM;
		return -1;
	}
	if (ferror(out)) {
		errno = EIO;
		return -1;
	}
	return 0;
}
