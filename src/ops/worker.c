/* worker.c — owns the worker children: fork with PR_SET_PDEATHSIG, the
 * result record on the pipe (struct op_result then op_result.len bytes),
 * the shared page where fill workers count their progress, collection,
 * cancellation and reaping of our own pids only. */
#define _GNU_SOURCE
#include "ops/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/array.h"
#include "ops/actionlog.h"
#include "ops/opkind.h"
#include "ops/oprequest.h"
#include "proc/childproc.h"

#define CANCEL_WAIT_MS 200
#define FILL_NICE 10 /* a fill worker's nice value */

struct slot {
	struct worker w;
	bool used;       /* slot holds a worker (waiting, or done but not reaped) */
	bool done;       /* result collected or cancelled; fd closed */
	bool reaped;
	int status;      /* wait status once reaped */
	struct op_request req; /* deep copy, for the log */
	unsigned char *buf;    /* bytes read so far */
	size_t got, cap;
};

static struct slot slots[WORKER_MAX];
/* Live pids for the crash handler: set after fork, cleared when reaped. */
static volatile sig_atomic_t live_pids[WORKER_MAX];
static int next_id = 1;
/* Bytes done by the fill worker of each slot: MAP_SHARED, so the children
 * write what the parent reads. Mapped at the first fill, kept for good. */
static uint64_t *progress;

/* ---- the child --------------------------------------------------------- */

static void write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			_exit(2);
		}
		p += w;
		n -= (size_t)w;
	}
}

/* A forked child shares the parent's System V attachments, and each one
 * counts in its segment's nattch: a worker blocked in semop would show as
 * one more process attached to the segment of the hex view. Detaches all
 * of them but keep (the fill's own target). */
static void detach_inherited(const void *keep)
{
	FILE *maps = fopen("/proc/self/maps", "re");
	if (!maps)
		return; /* nattch stays one higher while this worker runs */
	char line[512];
	while (fgets(line, sizeof(line), maps)) {
		char *end;
		unsigned long start = strtoul(line, &end, 16);
		if (*end == '-' && strstr(line, " /SYSV") && (const void *)start != keep)
			(void)shmdt((const void *)start);
	}
	fclose(maps);
}

static void child_run(const struct op_request *req, int rfd, int wfd, pid_t parent)
{
	/* Signals were blocked by the parent across fork(): no handler of the
	 * UI can run here before the defaults are back. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		_exit(3);
	if (getppid() != parent)
		_exit(4); /* the parent died before prctl */
	childproc_defaults();
	setpgid(0, 0); /* away from the terminal's signals (^C, ^Z) */
	close(rfd);
	for (int i = 0; i < WORKER_MAX; i++)
		if (slots[i].used && !slots[i].done)
			close(slots[i].w.fd);
	detach_inherited(req->kind == OP_SHM_FILL ? req->addr : NULL);
	if (req->kind == OP_SHM_FILL) /* busy for long: the UI comes first */
		(void)setpriority(PRIO_PROCESS, 0, FILL_NICE);
	struct op_result res = ops_execute(req);
	unsigned char *data = res.data;
	res.data = NULL;
	write_all(wfd, &res, sizeof(res));
	if (res.len)
		write_all(wfd, data, res.len);
	free(data);
	_exit(0);
}

/* ---- starting ---------------------------------------------------------- */

static int fail_start(const struct op_request *req, struct op_result *res, int err,
		      const char *what)
{
	memset(res, 0, sizeof(*res));
	res->ret = -1;
	res->err = err;
	res->refused = true;
	res->id = req->id;
	ops_format_call(req, res->call, sizeof(res->call));
	size_t used = strlen(res->call);
	snprintf(res->call + used, sizeof(res->call) - used, " [no worker]");
	snprintf(res->message, sizeof(res->message), "worker: %s (%s)", strerror(err), what);
	actionlog_add(req, res);
	return -1;
}

static struct slot *slot_free(void)
{
	for (int i = 0; i < WORKER_MAX; i++)
		if (!slots[i].used)
			return &slots[i];
	return NULL;
}

static void slot_clear(struct slot *s)
{
	oprequest_free(&s->req);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

int worker_start(const struct op_request *req, struct op_result *res)
{
	const struct opkind *k = opkind_of(req->kind);
	if (!k || !(k->flags & OPK_WORKER))
		return fail_start(req, res, EINVAL, "only semop, msgrcv, msgsnd and fill run in workers");
	enum worker_kind kind = (enum worker_kind)req->kind;
	if (ops_check(req, res) < 0) {
		actionlog_add(req, res);
		return -1;
	}
	struct slot *s = slot_free();
	if (!s)
		return fail_start(req, res, EAGAIN, "too many workers running");
	if (kind == WORKER_FILL && !progress) {
		void *p = mmap(NULL, WORKER_MAX * sizeof(*progress), PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return fail_start(req, res, errno, "mmap of the progress page failed");
		progress = p;
	}
	if (oprequest_copy(&s->req, req) < 0)
		return fail_start(req, res, ENOMEM, "no memory for the request");
	uint64_t *done = kind == WORKER_FILL ? &progress[s - slots] : NULL;
	if (done)
		__atomic_store_n(done, 0, __ATOMIC_RELAXED);
	s->req.progress = done;
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		int err = errno;
		oprequest_free(&s->req);
		return fail_start(req, res, err, "pipe2 failed");
	}
	if (fcntl(fds[0], F_SETFL, O_NONBLOCK) < 0) {
		int err = errno;
		close(fds[0]);
		close(fds[1]);
		oprequest_free(&s->req);
		return fail_start(req, res, err, "fcntl O_NONBLOCK failed");
	}
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0)
		child_run(&s->req, fds[0], fds[1], parent);
	int err = errno;
	if (pid > 0)
		setpgid(pid, pid); /* also here, so it holds when we return */
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		oprequest_free(&s->req);
		return fail_start(req, res, err, "fork failed");
	}
	s->used = true;
	s->w.id = next_id++;
	s->w.pid = pid;
	s->w.fd = fds[0];
	s->w.kind = kind;
	s->w.objid = req->id;
	s->w.total = kind == WORKER_FILL ? req->size : 0;
	s->w.done = done;
	ops_format_call(req, s->w.desc, sizeof(s->w.desc));
	clock_gettime(CLOCK_MONOTONIC, &s->w.started);
	live_pids[s - slots] = pid;

	memset(res, 0, sizeof(*res));
	res->ret = 0;
	res->id = req->id;
	snprintf(res->call, sizeof(res->call), "%s", s->w.desc);
	snprintf(res->message, sizeof(res->message), "worker %d (pid %d) waits: %s", s->w.id,
		 (int)pid, s->w.desc);
	actionlog_note("worker %d (pid %d) started: %s", s->w.id, (int)pid, s->w.desc);
	return s->w.id;
}

int worker_start_semop(int semid, const struct sembuf *sops, size_t nsops, struct op_result *res)
{
	return worker_start(&(struct op_request){ .kind = OP_SEM_OP, .id = semid, .sops = sops,
						  .nsops = nsops },
			    res);
}

int worker_start_msgrcv(int msqid, long msgtyp, size_t maxsize, int flags, struct op_result *res)
{
	return worker_start(&(struct op_request){ .kind = OP_MSG_RECV, .id = msqid, .mtype = msgtyp,
						  .size = maxsize, .flags = flags },
			    res);
}

int worker_start_msgsnd(int msqid, long mtype, const void *bytes, size_t n, int flags,
			struct op_result *res)
{
	return worker_start(&(struct op_request){ .kind = OP_MSG_SEND, .id = msqid, .mtype = mtype,
						  .bytes = bytes, .nbytes = n, .flags = flags },
			    res);
}

/* ---- the list ------------------------------------------------------------ */

/* Waiting workers in start order (ids grow with time). */
static struct slot *waiting_at(size_t i)
{
	struct slot *pick = NULL;
	int after = 0;
	for (size_t k = 0; k <= i; k++) {
		pick = NULL;
		for (int j = 0; j < WORKER_MAX; j++) {
			struct slot *s = &slots[j];
			if (s->used && !s->done && s->w.id > after && (!pick || s->w.id < pick->w.id))
				pick = s;
		}
		if (!pick)
			return NULL;
		after = pick->w.id;
	}
	return pick;
}

size_t worker_count(void)
{
	size_t n = 0;
	for (int i = 0; i < WORKER_MAX; i++)
		if (slots[i].used && !slots[i].done)
			n++;
	return n;
}

const struct worker *worker_get(size_t i)
{
	struct slot *s = waiting_at(i);
	return s ? &s->w : NULL;
}

static struct slot *find_id(int id)
{
	for (int i = 0; i < WORKER_MAX; i++)
		if (slots[i].used && !slots[i].done && slots[i].w.id == id)
			return &slots[i];
	return NULL;
}

const struct worker *worker_find(int id)
{
	struct slot *s = find_id(id);
	return s ? &s->w : NULL;
}

long worker_elapsed_ms(const struct worker *w)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - w->started.tv_sec) * 1000 +
	       (now.tv_nsec - w->started.tv_nsec) / 1000000;
}

uint64_t worker_progress(const struct worker *w)
{
	return w->done ? __atomic_load_n(w->done, __ATOMIC_RELAXED) : 0;
}

bool worker_any_progress(void)
{
	for (int i = 0; i < WORKER_MAX; i++)
		if (slots[i].used && !slots[i].done && slots[i].w.done)
			return true;
	return false;
}

/* ---- reaping --------------------------------------------------------------- */

/* waitpid WNOHANG on the slot's pid. Returns true once reaped. */
static bool try_reap(struct slot *s)
{
	if (s->reaped)
		return true;
	int st;
	pid_t r;
	do
		r = waitpid(s->w.pid, &st, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return false;
	s->reaped = true;
	s->status = r > 0 ? st : 0; /* ECHILD: reaped elsewhere */
	live_pids[s - slots] = 0;
	return true;
}

/* After SIGTERM: waits up to CANCEL_WAIT_MS, then SIGKILL and waits. */
static void stop_and_reap(struct slot *s)
{
	for (int i = 0; i < CANCEL_WAIT_MS / 2 && !try_reap(s); i++)
		nanosleep(&(struct timespec){ 0, 2000000 }, NULL);
	if (s->reaped)
		return;
	kill(s->w.pid, SIGKILL);
	int st;
	pid_t r;
	do
		r = waitpid(s->w.pid, &st, 0);
	while (r < 0 && errno == EINTR);
	s->reaped = true;
	s->status = r > 0 ? st : 0;
	live_pids[s - slots] = 0;
}

int worker_reap(void)
{
	int n = 0;
	for (int i = 0; i < WORKER_MAX; i++) {
		struct slot *s = &slots[i];
		if (!s->used || s->reaped)
			continue;
		if (try_reap(s)) {
			n++;
			if (s->done)
				slot_clear(s);
		}
	}
	return n;
}

/* ---- collecting ---------------------------------------------------------- */

/* Reads what is available. Returns 1 at EOF or error, 0 on EAGAIN. */
static int read_some(struct slot *s)
{
	for (;;) {
		if (array_grow((void **)&s->buf, &s->cap, s->got + 4096, 1) < 0)
			return 1;
		ssize_t n = read(s->w.fd, s->buf + s->got, s->cap - s->got);
		if (n > 0) {
			s->got += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		return 1; /* EOF or error */
	}
}

/* Has the whole record arrived? */
static bool record_complete(const struct slot *s)
{
	if (s->got < sizeof(struct op_result))
		return false;
	struct op_result hdr;
	memcpy(&hdr, s->buf, sizeof(hdr));
	return s->got - sizeof(hdr) >= hdr.len;
}

static void describe_death(const struct slot *s, char *buf, size_t len)
{
	if (!s->reaped)
		snprintf(buf, len, "still exiting");
	else if (WIFSIGNALED(s->status))
		snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(s->status),
			 strsignal(WTERMSIG(s->status)));
	else if (WIFEXITED(s->status))
		snprintf(buf, len, "exit status %d", WEXITSTATUS(s->status));
	else
		snprintf(buf, len, "status 0x%x", (unsigned)s->status);
}

/* Turns the buffer into *res (or a "no result" failure). */
static void build_result(struct slot *s, struct op_result *res)
{
	if (record_complete(s)) {
		memcpy(res, s->buf, sizeof(*res));
		res->data = NULL;
		res->addr = NULL;
		if (res->len) {
			res->data = malloc(res->len);
			if (res->data)
				memcpy(res->data, s->buf + sizeof(*res), res->len);
			else
				res->len = 0;
		}
		return;
	}
	char how[96];
	try_reap(s);
	describe_death(s, how, sizeof(how));
	memset(res, 0, sizeof(*res));
	res->ret = -1;
	res->err = ECHILD;
	res->id = s->w.objid;
	snprintf(res->call, sizeof(res->call), "%s", s->w.desc);
	size_t used = strlen(res->call);
	snprintf(res->call + used, sizeof(res->call) - used, " [no result]");
	snprintf(res->message, sizeof(res->message),
		 "worker %d (pid %d) ended without a result (%s)", s->w.id, (int)s->w.pid, how);
}

/* The worker is finished with: close its fd, leave the list; the slot is
 * freed once reaped. */
static void finish(struct slot *s)
{
	close(s->w.fd);
	s->w.fd = -1;
	s->done = true;
	free(s->buf);
	s->buf = NULL;
	s->got = s->cap = 0;
	if (try_reap(s))
		slot_clear(s);
}

int worker_collect(int fd, struct op_result *res, struct worker *info)
{
	struct slot *s = NULL;
	for (int i = 0; i < WORKER_MAX && !s; i++)
		if (slots[i].used && !slots[i].done && slots[i].w.fd == fd)
			s = &slots[i];
	if (!s) {
		errno = EBADF;
		return -1;
	}
	if (read_some(s) == 0 && !record_complete(s))
		return 0;
	build_result(s, res);
	actionlog_add(&s->req, res);
	if (info)
		*info = s->w;
	finish(s);
	return 1;
}

int worker_cancel(int id)
{
	struct slot *s = find_id(id);
	if (!s) {
		errno = ESRCH;
		return -1;
	}
	if (!s->reaped)
		kill(s->w.pid, SIGTERM);
	stop_and_reap(s);
	read_some(s);
	int rc = 0;
	if (record_complete(s)) {
		/* it finished before the signal: its effect happened */
		struct op_result res;
		build_result(s, &res);
		actionlog_add(&s->req, &res);
		ops_result_free(&res);
		actionlog_note("worker %d (pid %d) had finished before it was cancelled", s->w.id,
			       (int)s->w.pid);
		rc = 1;
	} else if (s->w.done) {
		actionlog_note("worker %d (pid %d) cancelled after %" PRIu64 " of %" PRIu64 " bytes: %s",
			       s->w.id, (int)s->w.pid, worker_progress(&s->w), s->w.total, s->w.desc);
	} else {
		actionlog_note("worker %d (pid %d) cancelled: %s", s->w.id, (int)s->w.pid, s->w.desc);
	}
	finish(s);
	return rc;
}

void worker_kill_all(void)
{
	for (int i = 0; i < WORKER_MAX; i++)
		if (slots[i].used && !slots[i].reaped)
			kill(slots[i].w.pid, SIGTERM);
	for (int i = 0; i < WORKER_MAX; i++) {
		struct slot *s = &slots[i];
		if (!s->used)
			continue;
		stop_and_reap(s);
		if (!s->done)
			close(s->w.fd);
		slot_clear(s);
	}
}

void worker_kill_all_async(void)
{
	for (int i = 0; i < WORKER_MAX; i++) {
		pid_t pid = (pid_t)live_pids[i];
		if (pid > 0)
			kill(pid, SIGKILL);
	}
}
