/* waiters.c — owns finding and describing the processes blocked on IPC
 * objects: the /proc/PID/syscall parser and its decoding by the build
 * architecture's SYS_* numbers, the wchan check, reading a semop's
 * operations from its memory, the operation a semop waits on, the holder
 * inference and the deadlocks (through waitgraph.c). */
#define _GNU_SOURCE
#include "model/waiters.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "base/array.h"
#include "proc/procinfo.h"

enum ipc_kind waiters_kind(enum wait_call call)
{
	return call == WAIT_SEMOP || call == WAIT_SEMTIMEDOP ? KIND_SEM : KIND_MSG;
}

const char *waiters_call_name(enum wait_call call)
{
	static const char *const names[] = { "semop", "semtimedop", "msgsnd", "msgrcv" };
	return (unsigned)call < sizeof(names) / sizeof(names[0]) ? names[call] : "?";
}

/* ---- /proc/PID/syscall -------------------------------------------------- */

/* "0x" then hex digits into *v (at most 16); the end, or NULL. */
static const char *hex_arg(const char *p, uint64_t *v)
{
	if (p[0] != '0' || p[1] != 'x')
		return NULL;
	p += 2;
	uint64_t x = 0;
	int digits = 0;
	for (;; p++, digits++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
		if (d < 0)
			break;
		if (digits == 16)
			return NULL;
		x = x << 4 | (uint64_t)d;
	}
	if (!digits)
		return NULL;
	*v = x;
	return p;
}

int waiters_parse_syscall(const char *text, long *nr, uint64_t args[6])
{
	const char *p = text;
	long n = 0;
	if (*p < '0' || *p > '9')
		return 0; /* "running", "-1 sp pc" */
	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > (LONG_MAX - (*p - '0')) / 10)
			return 0;
		n = n * 10 + (*p - '0');
	}
	uint64_t v[8];
	for (int i = 0; i < 8; i++) {
		if (*p != ' ' || !(p = hex_arg(p + 1, &v[i])))
			return 0;
	}
	if (*p == '\n')
		p++;
	if (*p)
		return 0;
	*nr = n;
	memcpy(args, v, 6 * sizeof(*args));
	return 1;
}

/* An id argument: an int >= 0 (the kernel takes the low 32 bits). */
static bool id_arg(uint64_t a, int *id)
{
	int v = (int)(uint32_t)a;
	if (v < 0)
		return false;
	*id = v;
	return true;
}

static bool is_call(long nr, long want)
{
	return want >= 0 && nr == want;
}

/* The build architecture's numbers; -1 where it has no such call (it then
 * goes through ipc(2), which this scan does not decode). */
#ifdef SYS_semop
#define NR_SEMOP SYS_semop
#else
#define NR_SEMOP -1
#endif
#ifdef SYS_semtimedop
#define NR_SEMTIMEDOP SYS_semtimedop
#else
#define NR_SEMTIMEDOP -1
#endif
#ifdef SYS_msgsnd
#define NR_MSGSND SYS_msgsnd
#else
#define NR_MSGSND -1
#endif
#ifdef SYS_msgrcv
#define NR_MSGRCV SYS_msgrcv
#else
#define NR_MSGRCV -1
#endif

int waiters_decode(long nr, const uint64_t args[6], struct waiter *w)
{
	int id;
	if (!id_arg(args[0], &id))
		return 0;
	if (is_call(nr, NR_SEMOP) || is_call(nr, NR_SEMTIMEDOP)) {
		w->call = is_call(nr, NR_SEMOP) ? WAIT_SEMOP : WAIT_SEMTIMEDOP;
		w->nsops = args[2] > UINT_MAX ? UINT_MAX : (unsigned)args[2];
		w->timed = w->call == WAIT_SEMTIMEDOP && args[3] != 0;
	} else if (is_call(nr, NR_MSGSND)) {
		w->call = WAIT_MSGSND;
		w->msgsz = args[2];
		w->msgflg = (int)(uint32_t)args[3];
	} else if (is_call(nr, NR_MSGRCV)) {
		w->call = WAIT_MSGRCV;
		w->msgsz = args[2];
		w->msgtyp = (long)args[3];
		w->msgflg = (int)(uint32_t)args[4];
	} else {
		return 0;
	}
	w->id = id;
	return 1;
}

/* ---- one thread ---------------------------------------------------------- */

/* /proc/PID/task/TID/<file>, or /proc/PID/<file> for the main thread. */
static void task_path(char *buf, size_t len, pid_t pid, pid_t tid, const char *file)
{
	if (tid == pid)
		snprintf(buf, len, "/proc/%d/%s", (int)pid, file);
	else
		snprintf(buf, len, "/proc/%d/task/%d/%s", (int)pid, (int)tid, file);
}

/* The function the thread sleeps in must be the IPC call's (e.g.
 * "__do_semtimedop", "do_msgrcv"): a stopped thread sleeps elsewhere
 * (do_signal_stop), and a 32-bit process's numbers mean other calls. An
 * unreadable or hidden wchan ("0") cannot say no. */
static bool wchan_agrees(pid_t pid, pid_t tid, enum ipc_kind kind)
{
	char path[96], text[128];
	task_path(path, sizeof(path), pid, tid, "wchan");
	if (procinfo_slurp(path, text, sizeof(text)) <= 0 || strcmp(text, "0") == 0)
		return true;
	return strstr(text, kind == KIND_SEM ? "sem" : "msg") != NULL;
}

static bool read_mem(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };
	return addr && process_vm_readv(pid, &local, 1, &remote, 1, 0) == (ssize_t)len;
}

/* The operations of a semop (as many as fit), or the type of a message
 * being sent; left unread (nops 0, typed false) where memory is closed. */
static void read_args(struct waiter *w, const uint64_t args[6])
{
	if (waiters_kind(w->call) == KIND_SEM) {
		struct sembuf sops[WAITER_OPS];
		unsigned n = w->nsops < WAITER_OPS ? w->nsops : WAITER_OPS;
		if (n && read_mem(w->pid, args[1], sops, n * sizeof(*sops))) {
			for (unsigned i = 0; i < n; i++)
				w->ops[i] = (struct waiter_op){ sops[i].sem_num, sops[i].sem_op, sops[i].sem_flg };
			w->nops = n;
		}
	} else if (w->call == WAIT_MSGSND) {
		long mtype = 0; /* an output: initialised for the analysers */
		if (read_mem(w->pid, args[1], &mtype, sizeof(mtype))) {
			w->msgtyp = mtype;
			w->typed = true;
		}
	}
}

void waiters_begin(struct waiter_table *t)
{
	t->count = t->procs = t->unreadable = t->other_ns = 0;
	t->hidden = false;
	t->deadlocks.nedges = t->deadlocks.count = 0;
}

int waiters_scan_task(struct waiter_table *t, pid_t pid, pid_t tid, const struct timespec *now)
{
	char path[96], text[256];
	task_path(path, sizeof(path), pid, tid, "syscall");
	if (procinfo_slurp(path, text, sizeof(text)) < 0) {
		int e = errno ? errno : EIO;
		if (e == EACCES || e == EPERM)
			t->unreadable++;
		return e;
	}
	t->procs++;
	long nr;
	uint64_t args[6];
	struct waiter w = { .pid = pid, .tid = tid, .blocking = -1, .since = *now };
	if (!waiters_parse_syscall(text, &nr, args) || !waiters_decode(nr, args, &w) ||
	    !wchan_agrees(pid, tid, waiters_kind(w.call)))
		return 0;
	read_args(&w, args);
	if (array_grow((void **)&t->v, &t->cap, t->count + 1, sizeof(*t->v)) < 0)
		return -1;
	t->v[t->count++] = w;
	return 0;
}

static int cmp_waiter(const void *a, const void *b)
{
	const struct waiter *x = a, *y = b;
	enum ipc_kind kx = waiters_kind(x->call), ky = waiters_kind(y->call);
	if (kx != ky)
		return kx < ky ? -1 : 1;
	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	if (x->pid != y->pid)
		return (x->pid > y->pid) - (x->pid < y->pid);
	return (x->tid > y->tid) - (x->tid < y->tid);
}

void waiters_end(struct waiter_table *t)
{
	if (t->count > 1) /* v may be NULL when empty */
		qsort(t->v, t->count, sizeof(*t->v), cmp_waiter);
}

void waiters_free(struct waiter_table *t)
{
	free(t->v);
	waitgraph_free(&t->deadlocks);
	memset(t, 0, sizeof(*t));
}

const struct waiter *waiters_find(const struct waiter_table *t, enum ipc_kind kind, int id, size_t *n)
{
	size_t lo = 0, hi = t->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		enum ipc_kind k = waiters_kind(t->v[mid].call);
		if (k < kind || (k == kind && t->v[mid].id < id))
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < t->count && waiters_kind(t->v[end].call) == kind && t->v[end].id == id)
		end++;
	*n = end - lo;
	return *n ? &t->v[lo] : NULL;
}

/* ---- what a semop waits on, and who holds it ------------------------------ */

int waiters_blocking_op(const struct waiter_op *ops, unsigned n, const struct ipc_semval *vals, unsigned nsems)
{
	/* semop's order: each operation sees the values the ones before it
	 * left; the first that cannot be done blocks the whole call. */
	int tmp[WAITER_OPS];
	unsigned idx[WAITER_OPS], used = 0;
	for (unsigned i = 0; i < n && i < WAITER_OPS; i++) {
		unsigned num = ops[i].num;
		if (num >= nsems)
			return -1;
		unsigned k = 0;
		while (k < used && idx[k] != num)
			k++;
		if (k == used) {
			idx[used] = num;
			tmp[used++] = vals[num].value;
		}
		if (ops[i].op == 0 ? tmp[k] != 0 : tmp[k] + ops[i].op < 0)
			return (int)i;
		tmp[k] += ops[i].op;
	}
	return -1;
}

static pid_t holder_of(const struct waiter *w, const struct ipc_semval *vals, bool operated)
{
	const struct waiter_op *op = &w->ops[w->blocking];
	pid_t p = vals[op->num].pid;
	if (!operated || op->op >= 0 || vals[op->num].value != 0 || p <= 0 || p == w->pid || !procinfo_exists(p))
		return 0;
	return p;
}

static bool same_edge(const struct waiter *w, const struct wait_edge *e)
{
	return w->pid == e->waiter && w->id == e->semid && w->holder == e->holder && w->blocking >= 0 &&
	       w->ops[w->blocking].num == e->semnum;
}

int waiters_infer(struct waiter_table *t, waiters_set_fn set_of, void *ctx)
{
	struct wait_edge *edges = malloc((t->count ? t->count : 1) * sizeof(*edges));
	if (!edges) {
		t->deadlocks.nedges = t->deadlocks.count = 0;
		return -1;
	}
	size_t n = 0;
	for (size_t i = 0; i < t->count; i++) {
		struct waiter *w = &t->v[i];
		w->blocking = -1;
		w->holder = 0;
		w->deadlock = false;
		unsigned nsems;
		bool operated;
		const struct ipc_semval *vals;
		if (waiters_kind(w->call) != KIND_SEM || !w->nops || !(vals = set_of(ctx, w->id, &nsems, &operated)))
			continue;
		w->blocking = waiters_blocking_op(w->ops, w->nops, vals, nsems);
		if (w->blocking < 0 || !(w->holder = holder_of(w, vals, operated)))
			continue;
		edges[n++] = (struct wait_edge){ w->pid, w->id, w->ops[w->blocking].num, w->holder };
	}
	int rc = waitgraph_cycles(edges, n, &t->deadlocks);
	free(edges);
	for (size_t c = 0; rc == 0 && c < t->deadlocks.nedges; c++)
		for (size_t i = 0; i < t->count; i++)
			t->v[i].deadlock = t->v[i].deadlock || same_edge(&t->v[i], &t->deadlocks.edges[c]);
	return rc;
}

/* ---- text ----------------------------------------------------------------- */

#ifndef MSG_EXCEPT
#define MSG_EXCEPT 020000
#endif
#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

size_t waiters_flag_names(int flags, bool sem, const char **names, size_t max)
{
	static const struct {
		int bit;
		bool sem, msg;
		const char *name;
	} known[] = {
		{ IPC_NOWAIT, true, true, "IPC_NOWAIT" }, { SEM_UNDO, true, false, "SEM_UNDO" },
		{ MSG_NOERROR, false, true, "MSG_NOERROR" }, { MSG_EXCEPT, false, true, "MSG_EXCEPT" },
		{ MSG_COPY, false, true, "MSG_COPY" },
	};
	size_t n = 0;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]) && n < max; i++)
		if ((flags & known[i].bit) && (sem ? known[i].sem : known[i].msg))
			names[n++] = known[i].name;
	return n;
}

char *waiters_op_text(const struct waiter *w, char *buf, size_t len)
{
	if (w->call == WAIT_MSGRCV) {
		snprintf(buf, len, "msgrcv type %ld, %" PRIu64 " bytes", w->msgtyp, w->msgsz);
	} else if (w->call == WAIT_MSGSND) {
		if (w->typed)
			snprintf(buf, len, "msgsnd type %ld, %" PRIu64 " bytes", w->msgtyp, w->msgsz);
		else
			snprintf(buf, len, "msgsnd %" PRIu64 " bytes", w->msgsz);
	} else if (w->blocking >= 0) {
		const struct waiter_op *op = &w->ops[w->blocking];
		int at = op->op < 0 ? snprintf(buf, len, "P on sem %u (needs >= %d)", op->num, -op->op)
				    : snprintf(buf, len, "wait-for-zero on sem %u", op->num);
		if (w->nsops > 1 && at > 0 && (size_t)at < len)
			snprintf(buf + at, len - (size_t)at, ", op %d of %u", w->blocking + 1, w->nsops);
	} else if (w->nops == 1) {
		snprintf(buf, len, "%s on sem %u", w->ops[0].op < 0 ? "P" : w->ops[0].op == 0 ? "wait-for-zero" : "V",
			 w->ops[0].num);
	} else {
		snprintf(buf, len, "%s of %u ops%s", waiters_call_name(w->call), w->nsops,
			 w->nops ? "" : " (not readable)");
	}
	return buf;
}
