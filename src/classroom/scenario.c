/* scenario.c — owns the scenario engine: the
 * running ones (their slots and crash-handler pgids), their objects and control
 * block, forking their children, the report records on the pipe and their
 * collection into process states and events, speed/pause/settings, reaping,
 * stopping with verified removal, and stale-object cleanup. The scenarios
 * themselves live in scn_*.c, their list in scenario_registry.c (which
 * calls scn_start); the janitor that cleans up after a killed ipctop in
 * scenario_janitor.c. */
#define _GNU_SOURCE
#include "classroom/scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc/childproc.h"
#include "base/errtext.h"
#include "base/i18n.h"
#include "proc/procinfo.h"
#include "proc/proctitle.h"
#include "classroom/scenario_impl.h"
#include "classroom/scenario_janitor.h"
#include "classroom/scenario_track.h"
#include "model/ipcstat.h"
#include "model/snapshot.h"

#define SCN_CTL_SIZE 4096
#define TERM_GRACE_MS 200
#define FOREIGN_GRACE_MS 1000
#define PIPE_WANT (1 << 20)

/* One record on the report pipe: fixed size, far below PIPE_BUF, so every
 * write is atomic and records never interleave. */
struct scn_record {
	unsigned char idx;
	unsigned char kind;
	unsigned char op;    /* enum scenario_op */
	signed char obj;     /* the object's number, -1 none */
	int pid, pgid;
	int num;
	unsigned flags;
	long long value, aux;
	struct timespec when; /* CLOCK_MONOTONIC in the reporting process */
	long long counters[SCENARIO_COUNTERS];
	char text[SCENARIO_TEXT_LEN];
};
_Static_assert(sizeof(struct scn_record) <= 512, "a report record must stay small");

struct scenario {
	const struct scn_def *def;
	int number; /* 1-based index in the registry, the key group */
	pid_t pgid; /* 0 until the first child */
	pid_t janitor; /* our child while > 0 (scenario_janitor.h) */
	int rep_rd, rep_wr; /* rep_wr only while starting */
	int ctl_id;
	int speed;
	bool paused;
	bool block; /* signals: the receiver is told to block them */
	void *priv;
	struct scenario_proc procs[SCENARIO_MAX_PROCS];
	int reaper[SCENARIO_MAX_PROCS]; /* -1: our child; else index of its reaper */
	size_t nprocs;
	struct scenario_object objs[SCENARIO_MAX_OBJECTS];
	size_t nobjs;
	struct scenario_event events[SCENARIO_EVENTS];
	size_t ev_first, ev_count;
	unsigned long ev_total;
	struct scn_track track;
	struct timespec started;
	/* Step mode: the last process a step let through, and per process the
	 * gate arrival (gate_seq) it was given a token for. */
	int moved, step_last;
	bool step_pending[SCENARIO_MAX_PROCS];
	unsigned granted[SCENARIO_MAX_PROCS];
	unsigned char partial[sizeof(struct scn_record)];
	size_t npartial;
	int slot; /* index in running[] */
};

static struct scenario *running[SCENARIO_MAX_RUNNING];
/* For the crash handler: process groups to SIGKILL, per slot: the
 * scenario's group and up to SCENARIO_MAX_PROCS foreign groups (daemons). */
static volatile sig_atomic_t async_pgids[SCENARIO_MAX_RUNNING][1 + SCENARIO_MAX_PROCS];

/* ---- accessors ----------------------------------------------------------- */

const char *scenario_name(const struct scenario *s) { return s->def->info.name; }
const struct scenario_info *scenario_info(const struct scenario *s) { return &s->def->info; }
pid_t scenario_pgid(const struct scenario *s) { return s->pgid; }
pid_t scenario_janitor_pid(const struct scenario *s) { return s->janitor; }
void *scn_priv(struct scenario *s) { return s->priv; }
int scn_number(const struct scenario *s) { return s->number; }
int scn_key(const struct scenario *s, int i) { return SCENARIO_KEY(s->number, i); }

size_t scenario_running(struct scenario **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < SCENARIO_MAX_RUNNING; i++)
		if (running[i] && n < max)
			out[n++] = running[i];
	return n;
}

/* ---- speed ------------------------------------------------------------ */

long scenario_speed_delay_ms(int level)
{
	static const long ms[SCENARIO_SPEED_MAX] = { 2000, 1000, 500, 250, 120, 60, 25, 8, 1 };
	if (level < SCENARIO_SPEED_MIN)
		level = SCENARIO_SPEED_MIN;
	if (level > SCENARIO_SPEED_MAX)
		level = SCENARIO_SPEED_MAX;
	return ms[level - 1];
}

/* ---- objects ---------------------------------------------------------- */

static enum ipc_call get_call(enum ipc_kind kind)
{
	return kind == KIND_SHM ? CALL_SHMGET : kind == KIND_MSG ? CALL_MSGGET : CALL_SEMGET;
}

static enum ipc_call ctl_call(enum ipc_kind kind)
{
	return kind == KIND_SHM ? CALL_SHMCTL : kind == KIND_MSG ? CALL_MSGCTL : CALL_SEMCTL;
}

/* "<call>: <strerror> (<meaning>)" as everywhere in ipctop. */
static void ipc_error(char *err, size_t errlen, enum ipc_call call, int e, int key, int cmd)
{
	struct errtext_ctx ctx = ERRTEXT_CTX_INIT;
	ctx.key = key;
	ctx.has_key = key != IPC_PRIVATE;
	ctx.flags = IPC_CREAT | IPC_EXCL;
	ctx.cmd = cmd;
	errtext_message(call, e, &ctx, err, errlen);
}

int scn_add_object(struct scenario *s, enum ipc_kind kind, int id, int key, const char *role)
{
	if (s->nobjs >= SCENARIO_MAX_OBJECTS) {
		errno = ENOSPC;
		return -1;
	}
	struct scenario_object *o = &s->objs[s->nobjs++];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->id = id;
	o->key = key;
	snprintf(o->role, sizeof(o->role), "%s", role);
	/* Its names from the def's table (object 0: the control block,
	 * unless the table says more). */
	if (key == scn_key(s, 0))
		o->name = N_("control block");
	for (size_t r = 0; r < s->def->nroles; r++)
		if (key == scn_key(s, s->def->roles[r].obj)) {
			o->name = s->def->roles[r].name;
			o->semnames = s->def->roles[r].semnames;
			o->locks = s->def->roles[r].locks;
		}
	return 0;
}

int scn_create(struct scenario *s, enum ipc_kind kind, int i, size_t size, const char *role,
	       char *err, size_t errlen)
{
	key_t key = (key_t)scn_key(s, i);
	int flags = IPC_CREAT | IPC_EXCL | 0600;
	int id;
	if (s->nobjs >= SCENARIO_MAX_OBJECTS) {
		snprintf(err, errlen, "too many objects in scenario %s", scenario_name(s));
		errno = ENOSPC;
		return -1;
	}
	if (kind == KIND_SHM)
		id = shmget(key, size, flags);
	else if (kind == KIND_SEM)
		id = semget(key, (int)size, flags);
	else
		id = msgget(key, flags);
	if (id < 0) {
		int e = errno;
		ipc_error(err, errlen, get_call(kind), e, key, -1);
		errno = e;
		return -1;
	}
	(void)scn_add_object(s, kind, id, key, role);
	return id;
}

int scn_sem_init(int semid, const unsigned short *values, size_t n, char *err, size_t errlen)
{
	unsigned short vals[16];
	if (n > 16) {
		snprintf(err, errlen, "semctl(SETALL): too many semaphores");
		errno = EINVAL;
		return -1;
	}
	memcpy(vals, values, n * sizeof(*vals));
	if (semctl(semid, 0, SETALL, vals) < 0) {
		int e = errno;
		ipc_error(err, errlen, CALL_SEMCTL, e, IPC_PRIVATE, SETALL);
		errno = e;
		return -1;
	}
	return 0;
}

#define DETACH_GRACE_MS 500

/* Is the object still there? 1 yes (*nattch set for shm), 0 gone, -1 unknown. */
static int still_there(enum ipc_kind kind, int id, unsigned long *nattch)
{
	union ipc_ds ds;
	*nattch = 0;
	if (ipc_stat(kind, id, &ds) == 0) {
		if (kind == KIND_SHM)
			*nattch = (unsigned long)ds.shm.shm_nattch;
		return 1;
	}
	return (errno == EINVAL || errno == EIDRM) ? 0 : -1;
}

/* Removes every object of s, the control block last, and checks. Returns
 * 0, or -1 with err describing the first object that stayed. */
static int remove_objects(struct scenario *s, char *err, size_t errlen)
{
	int rc = 0;
	for (size_t k = s->nobjs; k-- > 0;) {
		const struct scenario_object *o = &s->objs[k];
		if (ipc_ctl(o->kind, o->id, IPC_RMID, NULL) < 0 && errno != EINVAL && errno != EIDRM && rc == 0) {
			ipc_error(err, errlen, ctl_call(o->kind), errno, IPC_PRIVATE, IPC_RMID);
			rc = -1;
		}
		unsigned long nattch;
		int there = still_there(o->kind, o->id, &nattch);
		/* A segment goes with its last detach: processes of ours still
		 * dying (a daemon's program, killed with its launcher) detach
		 * within moments. */
		for (int t = 0; there > 0 && o->kind == KIND_SHM && t < DETACH_GRACE_MS / 10; t++) {
			childproc_nap_ms(10);
			there = still_there(o->kind, o->id, &nattch);
		}
		if (there != 0 && rc == 0) {
			if (there > 0 && o->kind == KIND_SHM)
				snprintf(err, errlen,
					 "shm %d (%s) is marked for removal but still attached by %lu "
					 "process(es): it goes when they detach",
					 o->id, o->role, nattch);
			else
				snprintf(err, errlen, "%s %d (%s) is still there after IPC_RMID",
					 kind_name(o->kind), o->id, o->role);
			rc = -1;
		}
	}
	s->nobjs = 0;
	return rc;
}

const struct scenario_object *scenario_object_find(enum ipc_kind kind, int id, struct scenario **owner)
{
	for (size_t i = 0; i < SCENARIO_MAX_RUNNING; i++)
		for (size_t k = 0; running[i] && k < running[i]->nobjs; k++)
			if (running[i]->objs[k].kind == kind && running[i]->objs[k].id == id) {
				if (owner)
					*owner = running[i];
				return &running[i]->objs[k];
			}
	return NULL;
}

bool scenario_owns(enum ipc_kind kind, int id)
{
	return scenario_object_find(kind, id, NULL) != NULL;
}

const char *scenario_sem_name(const struct scenario_object *o, unsigned num)
{
	for (unsigned i = 0; o->semnames && o->semnames[i]; i++)
		if (i == num)
			return o->semnames[i];
	return NULL;
}

size_t scenario_objects(const struct scenario *s, const struct scenario_object **objs)
{
	*objs = s->objs;
	return s->nobjs;
}

/* ---- the control block -------------------------------------------------- */

static struct scn_ctl *ctl_attach(int ctl_id)
{
	void *p = shmat(ctl_id, NULL, 0);
	return p == (void *)-1 ? NULL : p;
}

static void ctl_detach(struct scn_ctl *ctl)
{
	(void)shmdt(ctl); /* only fails for an address that is not attached */
}

/* ---- processes and events ----------------------------------------------- */

size_t scenario_procs(const struct scenario *s, const struct scenario_proc **procs)
{
	*procs = s->procs;
	return s->nprocs;
}

size_t scenario_event_count(const struct scenario *s) { return s->ev_count; }
unsigned long scenario_events_total(const struct scenario *s) { return s->ev_total; }

const struct scenario_event *scenario_event(const struct scenario *s, size_t i)
{
	if (i >= s->ev_count)
		return NULL;
	return &s->events[(s->ev_first + i) % SCENARIO_EVENTS];
}

static void now_mono(struct timespec *ts)
{
	if (clock_gettime(CLOCK_MONOTONIC, ts) < 0)
		memset(ts, 0, sizeof(*ts));
}

/* ---- what the operations tell (scenario_track.c) ------------------------ */

struct timespec scenario_started(const struct scenario *s) { return s->started; }
unsigned long scenario_ops_total(const struct scenario *s) { return s->track.ops; }
size_t scenario_op_count(const struct scenario *s) { return s->track.op_count; }
const struct scenario_event *scenario_op(const struct scenario *s, size_t i) { return track_op(&s->track, i); }

unsigned scenario_steps_done(const struct scenario *s, int proc)
{
	return proc >= 0 && proc < SCENARIO_MAX_PROCS ? s->track.steps[proc] : 0;
}
const struct scenario_slots *scenario_slots(const struct scenario *s) { return &s->track.slots; }
size_t scenario_message_count(const struct scenario *s) { return s->track.msg_count; }
unsigned long scenario_messages_total(const struct scenario *s) { return s->track.msg_total; }

const struct scenario_wait *scenario_wait_of(const struct scenario *s, int proc)
{
	static const struct scenario_wait none;
	return proc >= 0 && (size_t)proc < s->nprocs ? &s->track.wait[proc] : &none;
}

int scenario_holder(const struct scenario *s, int obj, int num)
{
	if (obj < 0 || obj >= SCENARIO_MAX_OBJECTS || num < 0 || num >= 16)
		return -1;
	return s->track.holder[obj][num] - 1;
}

const struct scenario_message *scenario_message(const struct scenario *s, size_t i)
{
	if (i >= s->track.msg_count)
		return NULL;
	return &s->track.msgs[(s->track.msg_first + i) % SCENARIO_MESSAGES];
}

void scenario_sigstat(const struct scenario *s, int sig, struct scenario_sigstat *out)
{
	static const struct scenario_sigstat none;
	*out = sig > 0 && sig < TRACK_SIGS ? s->track.sig[sig] : none;
}

int scenario_cycles(const struct scenario *s, struct wait_cycles *out, struct timespec *since)
{
	struct wait_edge edges[SCENARIO_MAX_PROCS];
	struct timespec began[SCENARIO_MAX_PROCS];
	size_t n = track_edges(&s->track, s->procs, s->nprocs, s->objs, s->nobjs, edges, began, SCENARIO_MAX_PROCS);
	if (waitgraph_cycles(edges, n, out) < 0)
		return -1;
	if (since && out->count) {
		/* The first cycle closed when the latest of its waits began. */
		size_t len;
		const struct wait_edge *c = waitgraph_cycle(out, 0, &len);
		memset(since, 0, sizeof(*since));
		for (size_t k = 0; k < len; k++)
			for (size_t i = 0; i < n; i++)
				if (edges[i].waiter == c[k].waiter &&
				    (began[i].tv_sec > since->tv_sec ||
				     (began[i].tv_sec == since->tv_sec && began[i].tv_nsec > since->tv_nsec)))
					*since = began[i];
	}
	return (int)out->count;
}

/* Adds an event; op (NULL: none) and when (NULL: now) as reported. */
static void push_event(struct scenario *s, enum scenario_event_kind kind, int proc, const long long *counters,
		       const char *text, const struct scn_opinfo *op, const struct timespec *when)
{
	struct scenario_event *e;
	if (s->ev_count < SCENARIO_EVENTS) {
		e = &s->events[(s->ev_first + s->ev_count) % SCENARIO_EVENTS];
		s->ev_count++;
	} else {
		e = &s->events[s->ev_first];
		s->ev_first = (s->ev_first + 1) % SCENARIO_EVENTS;
	}
	s->ev_total++;
	if (when && (when->tv_sec || when->tv_nsec))
		e->when = *when;
	else
		now_mono(&e->when);
	e->kind = kind;
	e->proc = proc;
	snprintf(e->text, sizeof(e->text), "%s", text);
	if (counters)
		memcpy(e->counters, counters, sizeof(e->counters));
	else
		memset(e->counters, 0, sizeof(e->counters));
	e->op = op ? op->op : SCN_OP_NONE;
	e->obj = op ? op->obj : -1;
	e->num = op ? op->num : 0;
	e->value = op ? op->value : 0;
	e->aux = op ? op->aux : 0;
	e->flags = op ? op->flags : 0;
	if (e->op != SCN_OP_NONE && proc >= 0 && proc < SCENARIO_MAX_PROCS && s->step_pending[proc]) {
		e->flags |= SCN_EVF_STEPPED; /* the operation the step let through */
		s->step_pending[proc] = false;
	}
	track_apply(&s->track, e, s->objs, s->nobjs);
}

/* The index in objs of object number `number` (key scn_key(s, number)), -1. */
static int obj_index(const struct scenario *s, int number)
{
	for (size_t k = 0; number >= 0 && k < s->nobjs; k++)
		if (s->objs[k].key == scn_key(s, number))
			return (int)k;
	return -1;
}

static void set_names(struct scenario_proc *p, const char *const *names)
{
	for (size_t k = 0; k < SCENARIO_COUNTERS; k++) {
		p->counter_names[k] = names ? names[k] : NULL;
		if (!p->counter_names[k])
			break;
	}
}

static struct scenario_proc *new_proc(struct scenario *s, const char *role,
				      const char *const *names, char *err, size_t errlen)
{
	if (s->nprocs >= SCENARIO_MAX_PROCS) {
		snprintf(err, errlen, "too many processes in scenario %s", scenario_name(s));
		errno = ENOSPC;
		return NULL;
	}
	struct scenario_proc *p = &s->procs[s->nprocs];
	memset(p, 0, sizeof(*p));
	snprintf(p->role, sizeof(p->role), "%s", role);
	snprintf(p->state, sizeof(p->state), "starting");
	set_names(p, names);
	return p;
}

/* The child's side of scn_spawn: drop the parent's other ends, attach the
 * control block, run. */
static _Noreturn void child_enter(struct scenario *s, int idx, const char *title, scn_main_fn fn)
{
	scn_title(title);
	close(s->rep_rd);
	for (size_t i = 0; i < SCENARIO_MAX_RUNNING; i++)
		if (running[i] && running[i] != s && running[i]->rep_rd >= 0)
			close(running[i]->rep_rd);
	struct scn_child c;
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.idx = idx;
	c.fd = s->rep_wr;
	c.ctl = ctl_attach(s->ctl_id);
	if (!c.ctl)
		scn_fail(&c, "shmat(control block)", errno);
	fn(&c);
	_exit(0);
}

void scn_title(const char *title)
{
	char name[64];
	snprintf(name, sizeof(name), "ipctop:%s", title);
	(void)proctitle_set(name); /* only a name: nothing to do when refused */
}

int scn_spawn(struct scenario *s, const char *role, const char *title, scn_main_fn fn,
	      const char *const *names, char *err, size_t errlen)
{
	if (strlen("ipctop:") + strlen(title) > SCN_TITLE_MAX) {
		snprintf(err, errlen, "process title \"ipctop:%s\" is longer than %d bytes", title, SCN_TITLE_MAX);
		errno = ENAMETOOLONG;
		return -1;
	}
	struct scenario_proc *p = new_proc(s, role, names, err, errlen);
	if (!p)
		return -1;
	int idx = (int)s->nprocs;
	pid_t pid = childproc_fork(s->pgid);
	if (pid < 0) {
		snprintf(err, errlen, "fork (%s): %s", role, strerror(errno));
		return -1;
	}
	if (pid == 0)
		child_enter(s, idx, title, fn);
	if (!s->pgid) {
		s->pgid = pid;
		async_pgids[s->slot][0] = pid;
	}
	p->pid = pid;
	p->pgid = s->pgid;
	p->alive = true;
	s->reaper[idx] = -1;
	s->nprocs++;
	char text[SCENARIO_TEXT_LEN];
	snprintf(text, sizeof(text), "fork: pid %d", (int)pid);
	const struct scn_opinfo fork_op = { SCENARIO_EV_PROC, SCN_OP_FORK, -1, 0, pid, 0, 0 };
	push_event(s, SCENARIO_EV_PROC, idx, NULL, text, &fork_op, NULL);
	return idx;
}

int scn_add_foreign(struct scenario *s, const char *role, const char *const *names, int reaper,
		    char *err, size_t errlen)
{
	struct scenario_proc *p = new_proc(s, role, names, err, errlen);
	if (!p)
		return -1;
	snprintf(p->state, sizeof(p->state), "not started yet");
	s->reaper[s->nprocs] = reaper;
	return (int)s->nprocs++;
}

void scn_set_recipe(struct scenario *s, int idx, const char *const *steps)
{
	if (idx >= 0 && (size_t)idx < s->nprocs)
		s->procs[idx].recipe = steps;
}

static bool is_foreign(const struct scenario *s, size_t i) { return s->reaper[i] >= 0; }

/* A foreign process (daemon) is ours while /proc says its parent is still
 * its reaper, which is alive: only then may its pid be signalled. */
static bool foreign_alive(const struct scenario *s, size_t i)
{
	const struct scenario_proc *p = &s->procs[i];
	const struct scenario_proc *r = &s->procs[s->reaper[i]];
	if (!p->pid || !p->alive || !r->alive)
		return false;
	struct procinfo pi;
	if (procinfo_read(p->pid, &pi) < 0)
		return false;
	return pi.ppid == r->pid && pi.state != 'Z' && pi.state != 'X';
}

static void mark_foreign_gone(struct scenario *s, size_t i, const char *why)
{
	struct scenario_proc *p = &s->procs[i];
	if (!p->alive)
		return;
	p->alive = false;
	async_pgids[s->slot][1 + i] = 0;
	char text[SCENARIO_TEXT_LEN];
	snprintf(text, sizeof(text), "gone (%s)", why);
	snprintf(p->state, sizeof(p->state), "%s", text);
	const struct scn_opinfo exit_op = { SCENARIO_EV_EXIT, SCN_OP_EXIT, -1, 0, 0, 0, 0 };
	push_event(s, SCENARIO_EV_EXIT, (int)i, p->counters, text, &exit_op, NULL);
}

static void apply_record(struct scenario *s, const struct scn_record *r)
{
	if (r->idx >= s->nprocs)
		return;
	struct scenario_proc *p = &s->procs[r->idx];
	enum scenario_event_kind kind = (enum scenario_event_kind)r->kind;
	char text[SCENARIO_TEXT_LEN];
	memcpy(text, r->text, sizeof(text));
	text[sizeof(text) - 1] = '\0';
	if (kind == SCENARIO_EV_PROC && is_foreign(s, r->idx) && r->pid > 0) {
		p->pid = r->pid;
		p->pgid = r->pgid;
		p->alive = true;
		async_pgids[s->slot][1 + r->idx] = r->pgid;
	}
	if (kind == SCENARIO_EV_EXIT && is_foreign(s, r->idx)) {
		mark_foreign_gone(s, r->idx, text);
		return;
	}
	if (kind != SCENARIO_EV_OP) /* an operation is the timeline's; the state says what it does */
		snprintf(p->state, sizeof(p->state), "%s", text);
	memcpy(p->counters, r->counters, sizeof(p->counters));
	p->updates++;
	now_mono(&p->last);
	const struct scn_opinfo op = { kind, r->op < SCN_OP_COUNT ? (enum scenario_op)r->op : SCN_OP_NONE,
				       obj_index(s, r->obj), r->num, r->value, r->aux, r->flags };
	push_event(s, kind, r->idx, r->counters, text, &op, &r->when);
}

static struct scenario *by_fd(int fd)
{
	for (size_t i = 0; fd >= 0 && i < SCENARIO_MAX_RUNNING; i++)
		if (running[i] && running[i]->rep_rd == fd)
			return running[i];
	return NULL;
}

size_t scenario_fds(int *fds, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < SCENARIO_MAX_RUNNING; i++)
		if (running[i] && running[i]->rep_rd >= 0 && n < max)
			fds[n++] = running[i]->rep_rd;
	return n;
}

/* Reads what is there. Returns records applied; closes the fd at EOF. */
static int drain(struct scenario *s)
{
	int applied = 0;
	unsigned char buf[sizeof(struct scn_record) * 32];
	while (s->rep_rd >= 0) {
		ssize_t n = read(s->rep_rd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0) { /* EOF: every child closed its end; or a read error */
			close(s->rep_rd);
			s->rep_rd = -1;
			break;
		}
		size_t off = 0;
		while (off < (size_t)n) {
			size_t take = sizeof(struct scn_record) - s->npartial;
			if (take > (size_t)n - off)
				take = (size_t)n - off;
			memcpy(s->partial + s->npartial, buf + off, take);
			s->npartial += take;
			off += take;
			if (s->npartial == sizeof(struct scn_record)) {
				struct scn_record r;
				memcpy(&r, s->partial, sizeof(r));
				s->npartial = 0;
				apply_record(s, &r);
				applied++;
			}
		}
	}
	return applied;
}

int scenario_collect(int fd)
{
	struct scenario *s = by_fd(fd);
	if (!s) {
		errno = EBADF;
		return -1;
	}
	return drain(s);
}

static void note_reaped(struct scenario *s, size_t i, int status)
{
	struct scenario_proc *p = &s->procs[i];
	p->alive = false;
	p->status = status;
	char text[SCENARIO_TEXT_LEN], st[48];
	childproc_status_text(status, st, sizeof(st));
	snprintf(text, sizeof(text), "%s", st);
	const struct scn_opinfo exit_op = { SCENARIO_EV_EXIT, SCN_OP_EXIT, -1, 0, 0, 0, 0 };
	push_event(s, SCENARIO_EV_EXIT, (int)i, p->counters, text, &exit_op, NULL);
	/* Its daemons lost their reaper: they die by PDEATHSIG. */
	for (size_t k = 0; k < s->nprocs; k++)
		if (is_foreign(s, k) && (size_t)s->reaper[k] == i && s->procs[k].alive &&
		    s->procs[k].pid && kill(s->procs[k].pid, 0) < 0 && errno == ESRCH)
			mark_foreign_gone(s, k, "its reaper is gone");
	bool any = false;
	for (size_t k = 0; k < s->nprocs; k++)
		if (!is_foreign(s, k) && s->procs[k].alive)
			any = true;
	if (!any)
		async_pgids[s->slot][0] = 0; /* the group is empty: never signal it again */
}

/* WNOHANG reaping of our children of s; foreign ones are checked in /proc. */
static int reap_one(struct scenario *s)
{
	int n = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		struct scenario_proc *p = &s->procs[i];
		if (!p->alive || !p->pid)
			continue;
		if (is_foreign(s, i)) {
			if (!foreign_alive(s, i))
				mark_foreign_gone(s, i, "no longer running");
			continue;
		}
		int st;
		int r = childproc_reap(p->pid, &st, 0);
		if (r == 1) {
			note_reaped(s, i, st);
			n++;
		} else if (r < 0 && errno == ECHILD) {
			note_reaped(s, i, 0); /* someone reaped it for us (waitpid(-1)) */
		}
	}
	return n;
}

/* A janitor that left early (someone sent it SIGTERM: it stopped the
 * scenario's children and removed the objects). */
static int reap_janitor(struct scenario *s)
{
	if (s->janitor <= 0)
		return 0;
	int r = childproc_reap(s->janitor, NULL, 0);
	if (r == 1 || (r < 0 && errno == ECHILD))
		s->janitor = 0;
	return r == 1;
}

int scenario_reap(void)
{
	int n = 0;
	for (size_t i = 0; i < SCENARIO_MAX_RUNNING; i++)
		if (running[i])
			n += reap_one(running[i]) + reap_janitor(running[i]);
	return n;
}

/* ---- child-side reporting ----------------------------------------------- */

static void send_record(struct scn_child *c, const struct scn_record *r)
{
	for (;;) {
		ssize_t w = write(c->fd, r, sizeof(*r));
		if (w < 0 && errno == EINTR)
			continue;
		/* EAGAIN: the pipe is full, the record is dropped (the next one
		 * carries the counters again). EPIPE cannot come back: SIGPIPE
		 * kills us first, which is right when the reader is gone. */
		return;
	}
}

static void vrecord(struct scn_child *c, int idx, enum scenario_event_kind kind, pid_t pid, pid_t pgid,
		    const long long *counters, const struct scn_opinfo *op, const char *fmt, va_list ap)
{
	struct scn_record r;
	memset(&r, 0, sizeof(r));
	r.idx = (unsigned char)idx;
	r.kind = (unsigned char)kind;
	r.pid = pid;
	r.pgid = pgid;
	r.obj = -1;
	if (op) {
		r.op = (unsigned char)op->op;
		r.obj = (signed char)(op->obj >= 0 && op->obj < SCENARIO_MAX_OBJECTS ? op->obj : -1);
		r.num = op->num;
		r.flags = op->flags;
		r.value = op->value;
		r.aux = op->aux;
	}
	(void)clock_gettime(CLOCK_MONOTONIC, &r.when); /* cannot fail with this clock */
	memcpy(r.counters, counters, sizeof(r.counters));
	vsnprintf(r.text, sizeof(r.text), fmt, ap);
	send_record(c, &r);
}

void scn_report(struct scn_child *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vrecord(c, c->idx, SCENARIO_EV_STATE, 0, 0, c->counters, NULL, fmt, ap);
	va_end(ap);
}

void scn_report_as(struct scn_child *c, int idx, enum scenario_event_kind kind, pid_t pid,
		   pid_t pgid, const long long *counters, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vrecord(c, idx, kind, pid, pgid, counters, NULL, fmt, ap);
	va_end(ap);
}

void scn_op_report(struct scn_child *c, int idx, const struct scn_opinfo *op, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vrecord(c, idx, op->kind ? op->kind : SCENARIO_EV_OP, 0, 0, c->counters, op, fmt, ap);
	va_end(ap);
}

void scn_op(struct scn_child *c, enum scenario_op op, int obj, int num, long long value, const char *fmt, ...)
{
	const struct scn_opinfo info = { SCENARIO_EV_OP, op, obj, num, value, 0, 0 };
	va_list ap;
	va_start(ap, fmt);
	vrecord(c, c->idx, SCENARIO_EV_OP, 0, 0, c->counters, &info, fmt, ap);
	va_end(ap);
}

_Noreturn void scn_fail(struct scn_child *c, const char *what, int err)
{
	long long zero[SCENARIO_COUNTERS] = { 0 };
	scn_report_as(c, c->idx, SCENARIO_EV_ERROR, 0, 0, c->ctl ? c->counters : zero,
		      "%s: %s%s", what, strerror(err),
		      err == EIDRM || err == EINVAL ? " (object removed?) - leaving" : " - leaving");
	_exit(1);
}

long scn_delay_ms(const struct scn_child *c)
{
	return scenario_speed_delay_ms(atomic_load(&c->ctl->speed));
}

void scn_nap(struct scn_child *c, int percent, long min_ms)
{
	long long start = childproc_now_ms();
	while (!atomic_load(&c->ctl->stepping)) {
		long want = scn_delay_ms(c) * percent / 100;
		if (want < min_ms)
			want = min_ms;
		long long left = start + want - childproc_now_ms();
		if (left <= 0)
			return;
		childproc_nap_ms(left > 50 ? 50 : (long)left);
	}
}

void scn_gate(struct scn_child *c)
{
	struct scn_ctl *ctl = c->ctl;
	if (!atomic_load(&ctl->stepping))
		return;
	atomic_fetch_add(&ctl->gate_seq[c->idx], 1u);
	atomic_store(&ctl->at_gate[c->idx], 1);
	/* A token, or the scenario resumed (checked every 100 ms: resuming
	 * also posts a token, so usually at once). */
	while (atomic_load(&ctl->stepping)) {
		struct timespec until;
		(void)clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		if (sem_timedwait(&ctl->go[c->idx], &until) == 0)
			break;
		if (errno != ETIMEDOUT && errno != EINTR)
			scn_fail(c, "sem_timedwait (step gate)", errno);
	}
	atomic_store(&ctl->at_gate[c->idx], 0);
}

static long long elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	now_mono(&now);
	return (long long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

int scn_sem_p(struct scn_child *c, int semid, int obj, unsigned short num, const char *label)
{
	scn_gate(c);
	struct sembuf op = { num, -1, IPC_NOWAIT };
	if (semop(semid, &op, 1) == 0) {
		scn_op(c, SCN_OP_P, obj, num, 0, "P %s", label);
		return 0;
	}
	if (errno != EAGAIN && errno != EINTR)
		scn_fail(c, "semop", errno);
	struct timespec since;
	now_mono(&since);
	scn_report(c, _("waiting on %s (P)"), label);
	scn_op(c, SCN_OP_P_BLOCKED, obj, num, 0, "P %s: blocked", label);
	op.sem_flg = 0;
	while (semop(semid, &op, 1) < 0)
		if (errno != EINTR)
			scn_fail(c, "semop", errno);
	long long waited = elapsed_ms(&since);
	scn_gate(c);
	scn_op(c, SCN_OP_P_WOKEN, obj, num, waited, "P %s: woken after %lld ms", label, waited);
	return 1;
}

void scn_sem_v(struct scn_child *c, int semid, int obj, unsigned short num)
{
	scn_gate(c);
	struct sembuf op = { num, 1, 0 };
	while (semop(semid, &op, 1) < 0)
		if (errno != EINTR)
			scn_fail(c, "semop", errno);
	scn_op(c, SCN_OP_V, obj, num, 0, "V");
}

/* ---- settings ------------------------------------------------------------ */

/* Attaches the control block for a moment and applies fn(ctl, arg). */
static int ctl_update(struct scenario *s, void (*fn)(struct scn_ctl *, long), long arg)
{
	struct scn_ctl *ctl = ctl_attach(s->ctl_id);
	if (!ctl)
		return -1;
	fn(ctl, arg);
	ctl_detach(ctl);
	return 0;
}

static void set_speed_fn(struct scn_ctl *ctl, long v) { atomic_store(&ctl->speed, (int)v); }
static void set_block_fn(struct scn_ctl *ctl, long v) { atomic_store(&ctl->block, (int)v); }
static void set_payload_fn(struct scn_ctl *ctl, long v) { atomic_store(&ctl->payload, (unsigned)v); }

int scenario_set_speed(struct scenario *s, int level)
{
	if (level < SCENARIO_SPEED_MIN || level > SCENARIO_SPEED_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (ctl_update(s, set_speed_fn, level) < 0)
		return -1;
	s->speed = level;
	return 0;
}

int scenario_speed(const struct scenario *s) { return s->speed; }

int scenario_set_payload(struct scenario *s, size_t bytes)
{
	if (!(s->def->features & SCN_PAYLOAD) || bytes < 1 || bytes > SCENARIO_PAYLOAD_MAX) {
		errno = EINVAL;
		return -1;
	}
	return ctl_update(s, set_payload_fn, (long)bytes);
}

size_t scenario_payload(const struct scenario *s)
{
	struct scn_ctl *ctl = ctl_attach(s->ctl_id);
	if (!ctl)
		return 0;
	size_t v = atomic_load(&ctl->payload);
	ctl_detach(ctl);
	return v;
}

int scenario_signals_block(struct scenario *s, bool block)
{
	if (!(s->def->features & SCN_SIGNAL_BLOCK)) {
		errno = EINVAL;
		return -1;
	}
	if (ctl_update(s, set_block_fn, block ? 1 : 0) < 0)
		return -1;
	s->block = block;
	return 0;
}

bool scenario_signals_blocked(const struct scenario *s) { return s->block; }

/* ---- signalling ------------------------------------------------------------ */

/* The running scenario with a live process pid (its index in *proc). */
static struct scenario *owner_of(pid_t pid, int *proc)
{
	for (size_t i = 0; pid > 0 && i < SCENARIO_MAX_RUNNING; i++)
		for (size_t k = 0; running[i] && k < running[i]->nprocs; k++)
			if (running[i]->procs[k].pid == pid && running[i]->procs[k].alive) {
				*proc = (int)k;
				return running[i];
			}
	return NULL;
}

const char *scenario_role_of(pid_t pid, struct scenario **s)
{
	int k;
	struct scenario *o = owner_of(pid, &k);
	if (s)
		*s = o;
	return o ? o->procs[k].role : NULL;
}

bool scenario_is_janitor(pid_t pid)
{
	for (size_t i = 0; pid > 0 && i < SCENARIO_MAX_RUNNING; i++)
		if (running[i] && running[i]->janitor == pid)
			return true;
	return false;
}

int scenario_default_signal(pid_t pid)
{
	int k;
	struct scenario *s = owner_of(pid, &k);
	return s && (s->def->features & SCN_SIGNAL_BLOCK) ? SIGUSR1 : SIGTERM;
}

bool scenario_note_signal(pid_t pid, int sig, bool queued, int value)
{
	int k;
	struct scenario *s = owner_of(pid, &k);
	if (!s)
		return false;
	char text[SCENARIO_TEXT_LEN];
	snprintf(text, sizeof(text), "%s %d from ipctop (pid %d)", queued ? "sigqueue" : "kill", sig, (int)getpid());
	const struct scn_opinfo op = { SCENARIO_EV_OP, SCN_OP_SENT, -1, sig, value, 0, queued ? SCN_EVF_VALUE : 0 };
	push_event(s, SCENARIO_EV_OP, k, NULL, text, &op, NULL);
	return true;
}

static bool group_has_ours(const struct scenario *s)
{
	for (size_t i = 0; i < s->nprocs; i++)
		if (!is_foreign(s, i) && s->procs[i].alive)
			return true;
	return false;
}

/* Signals our process group, only while one of our children is unreaped
 * (then the group id cannot belong to anyone else). */
static int group_signal(struct scenario *s, int sig)
{
	if (!s->pgid || !group_has_ours(s))
		return 0;
	if (kill(-s->pgid, sig) < 0 && errno != ESRCH)
		return -1;
	return 0;
}

static void foreign_signal(struct scenario *s, int sig)
{
	for (size_t i = 0; i < s->nprocs; i++)
		if (is_foreign(s, i) && foreign_alive(s, i))
			(void)kill(s->procs[i].pid, sig); /* ESRCH: it just went */
}

/* ---- step mode ---------------------------------------------------------- */

int scenario_moved(const struct scenario *s) { return s->moved; }

/* Closes (stepping) or opens the gates. Closing first takes back the
 * tokens left from the last opening, so that no process passes a gate
 * without a step. */
static void gates_fn(struct scn_ctl *ctl, long stepping)
{
	for (size_t i = 0; i < SCENARIO_MAX_PROCS; i++) {
		if (stepping)
			while (sem_trywait(&ctl->go[i]) == 0)
				;
		else
			(void)sem_post(&ctl->go[i]); /* EOVERFLOW only: it has tokens already */
	}
	atomic_store(&ctl->stepping, (int)stepping);
}

bool scenario_ready(const struct scenario *s, int proc)
{
	if (!s->paused || proc < 0 || (size_t)proc >= s->nprocs)
		return false;
	/* A daemon not announced yet (no pid) is stepped through the process
	 * that speaks for it while it daemonizes: its gate says so. */
	const struct scenario_proc *p = &s->procs[proc];
	if (!p->alive && !(is_foreign(s, (size_t)proc) && !p->pid))
		return false;
	struct scn_ctl *ctl = ctl_attach(s->ctl_id);
	if (!ctl)
		return false;
	/* At its gate, and not there on a token already given. */
	bool ready = atomic_load(&ctl->at_gate[proc]) && atomic_load(&ctl->gate_seq[proc]) != s->granted[proc];
	ctl_detach(ctl);
	return ready;
}

int scenario_step(struct scenario *s, int proc)
{
	if (!s->paused) {
		errno = EINVAL;
		return -1;
	}
	int pick = -1;
	size_t n = s->nprocs;
	for (size_t k = 1; k <= n && pick < 0; k++) {
		int i = proc >= 0 ? proc : (int)(((size_t)(s->step_last + 1) + k - 1) % n);
		if (scenario_ready(s, i))
			pick = i;
		if (proc >= 0)
			break;
	}
	if (pick < 0) {
		errno = EAGAIN;
		return -1;
	}
	struct scn_ctl *ctl = ctl_attach(s->ctl_id);
	if (!ctl)
		return -1;
	s->granted[pick] = atomic_load(&ctl->gate_seq[pick]);
	int rc = sem_post(&ctl->go[pick]);
	int e = errno;
	ctl_detach(ctl);
	if (rc < 0) {
		errno = e;
		return -1;
	}
	s->step_pending[pick] = true;
	s->moved = s->step_last = pick;
	return pick;
}

int scenario_pause(struct scenario *s, bool pause)
{
	if (ctl_update(s, gates_fn, pause ? 1 : 0) < 0)
		return -1;
	for (size_t i = 0; i < SCENARIO_MAX_PROCS; i++)
		s->step_pending[i] = false;
	s->paused = pause;
	return 0;
}

bool scenario_paused(const struct scenario *s) { return s->paused; }

int scenario_sigmasks(pid_t pid, struct scenario_sigmasks *m)
{
	char path[64], buf[4096];
	memset(m, 0, sizeof(*m));
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (procinfo_slurp(path, buf, sizeof(buf)) < 0)
		return -1;
	static const char *const names[] = { "SigPnd:", "ShdPnd:", "SigBlk:", "SigCgt:" };
	uint64_t *dst[] = { &m->pending, &m->shared, &m->blocked, &m->caught };
	for (size_t i = 0; i < 4; i++) {
		const char *at = strstr(buf, names[i]);
		if (!at) {
			errno = EPROTO;
			return -1;
		}
		*dst[i] = strtoull(at + strlen(names[i]), NULL, 16);
	}
	return 0;
}

/* ---- stopping ---------------------------------------------------------------- */

static void reap_all_ours(struct scenario *s, long timeout_ms)
{
	long long deadline = childproc_now_ms() + timeout_ms;
	for (size_t i = 0; i < s->nprocs; i++) {
		struct scenario_proc *p = &s->procs[i];
		if (is_foreign(s, i) || !p->alive || !p->pid)
			continue;
		long left = timeout_ms < 0 ? -1 : (long)(deadline - childproc_now_ms());
		if (timeout_ms >= 0 && left < 0)
			left = 0;
		int st;
		int r = childproc_reap(p->pid, &st, left);
		if (r == 1)
			note_reaped(s, i, st);
		else if (r < 0)
			note_reaped(s, i, 0);
	}
}

/* Kills the daemons while their reaper lives, and waits for it to reap
 * them. Returns 0, or -1 when one still shows up in /proc. */
static int stop_foreign(struct scenario *s, char *err, size_t errlen)
{
	foreign_signal(s, SIGKILL);
	long long deadline = childproc_now_ms() + FOREIGN_GRACE_MS;
	int rc = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		struct scenario_proc *p = &s->procs[i];
		if (!is_foreign(s, i) || !p->pid || !p->alive)
			continue;
		while (kill(p->pid, 0) == 0 && foreign_alive(s, i) && childproc_now_ms() < deadline)
			childproc_nap_ms(2);
		/* Killed and reaped by its reaper, or the reaper is gone */
		if (foreign_alive(s, i) && rc == 0) {
			snprintf(err, errlen, "%s (pid %d) did not die", p->role, (int)p->pid);
			rc = -1;
		}
		mark_foreign_gone(s, i, "stopped");
	}
	return rc;
}

static void unregister(struct scenario *s)
{
	if (s->slot >= 0 && running[s->slot] == s) {
		for (size_t k = 0; k < 1 + SCENARIO_MAX_PROCS; k++)
			async_pgids[s->slot][k] = 0;
		running[s->slot] = NULL;
	}
	s->slot = -1;
}

/* Everything but freeing s. Returns 0 or -1 with err. */
static int teardown(struct scenario *s, char *err, size_t errlen)
{
	int rc = 0;
	char why[256] = "";
	if (s->paused)
		(void)scenario_pause(s, false);
	if (stop_foreign(s, why, sizeof(why)) < 0)
		rc = -1;
	(void)group_signal(s, SIGTERM);
	reap_all_ours(s, TERM_GRACE_MS);
	(void)group_signal(s, SIGKILL);
	reap_all_ours(s, -1);
	if (s->rep_wr >= 0) {
		close(s->rep_wr);
		s->rep_wr = -1;
	}
	if (s->rep_rd >= 0) {
		(void)drain(s); /* the last words; EOF closes it */
		if (s->rep_rd >= 0) {
			close(s->rep_rd);
			s->rep_rd = -1;
		}
	}
	if (s->def->cleanup)
		s->def->cleanup(s);
	char rmwhy[256] = "";
	if (remove_objects(s, rmwhy, sizeof(rmwhy)) < 0) {
		if (rc == 0)
			snprintf(why, sizeof(why), "%s", rmwhy);
		rc = -1;
	}
	/* Only now: until the objects are gone it must outlive a kill -9 of us. */
	scenario_janitor_dismiss(s->janitor);
	s->janitor = 0;
	if (rc < 0 && err)
		snprintf(err, errlen, "%s", why);
	return rc;
}

static void destroy(struct scenario *s)
{
	unregister(s);
	free(s->priv);
	free(s);
}

int scenario_stop(struct scenario *s, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	int rc = teardown(s, err, errlen);
	destroy(s);
	return rc;
}

void scenario_stop_all(void)
{
	for (size_t i = 0; i < SCENARIO_MAX_RUNNING; i++)
		if (running[i])
			(void)scenario_stop(running[i], NULL, 0);
}

void scenario_stop_all_async(void)
{
	for (size_t i = 0; i < SCENARIO_MAX_RUNNING; i++)
		for (size_t k = 0; k < 1 + SCENARIO_MAX_PROCS; k++) {
			pid_t pg = (pid_t)async_pgids[i][k];
			if (pg > 0)
				(void)kill(-pg, SIGKILL);
		}
}

/* ---- stale objects ----------------------------------------------------------- */

static bool running_number(int n)
{
	for (size_t i = 0; i < SCENARIO_MAX_RUNNING; i++)
		if (running[i] && running[i]->number == n)
			return true;
	return false;
}

static bool pid_alive(pid_t pid)
{
	return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM);
}

/* Removes stale objects of groups 1..ngroups found in snap; with name,
 * of group ngroups only, the scenario called name, whose live owner is
 * an error then (EEXIST, err says who). Returns the number removed, or -1. */
static int cleanup_groups(const struct snapshot *snap, int ngroups, const char *name, char *msg,
			  size_t msglen)
{
	int removed = 0;
	size_t used = 0;
	int n = name ? ngroups : 0;
	if (msg && msglen)
		msg[0] = '\0';
	for (int g = 1; g <= ngroups; g++) {
		if (n && g != n)
			continue;
		if (running_number(g)) {
			if (n) {
				snprintf(msg, msglen, "%s is already running here", name);
				errno = EBUSY;
				return -1;
			}
			continue;
		}
		const struct ipc_object *ctl = NULL;
		bool any = false;
		for (size_t i = 0; i < snap->count; i++) {
			const struct ipc_object *o = &snap->objs[i];
			if (o->key == SCENARIO_KEY(g, 0) && o->kind == KIND_SHM)
				ctl = o;
			if (SCENARIO_KEY_IS_OURS(o->key) && (((unsigned)o->key >> 8) & 0xffu) == (unsigned)g)
				any = true;
		}
		if (!any)
			continue;
		if (ctl && ((ctl->u.shm.cpid != getpid() && pid_alive(ctl->u.shm.cpid)) ||
			    ctl->u.shm.nattch > 0)) {
			if (n) {
				snprintf(msg, msglen,
					 "%s is already running (key 0x%08x belongs to live pid %d, "
					 "%llu attached)",
					 name, (unsigned)ctl->key, (int)ctl->u.shm.cpid,
					 (unsigned long long)ctl->u.shm.nattch);
				errno = EEXIST;
				return -1;
			}
			continue;
		}
		/* Stale: remove the group, control block last. */
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < snap->count; i++) {
				const struct ipc_object *o = &snap->objs[i];
				if (!SCENARIO_KEY_IS_OURS(o->key) ||
				    (((unsigned)o->key >> 8) & 0xffu) != (unsigned)g)
					continue;
				bool is_ctl = o == ctl;
				if (is_ctl != (pass == 1))
					continue;
				if (ipc_ctl(o->kind, o->id, IPC_RMID, NULL) < 0 && errno != EINVAL && errno != EIDRM)
					continue;
				removed++;
				if (msg && used < msglen) {
					int w = snprintf(msg + used, msglen - used, "%sremoved stale %s %d (key 0x%08x)",
							 used ? "; " : "", kind_name(o->kind), o->id, (unsigned)o->key);
					if (w > 0)
						used += (size_t)w;
				}
			}
	}
	return removed;
}

int scn_cleanup_stale(int ngroups, char *report, size_t reportlen)
{
	struct snapshot snap;
	memset(&snap, 0, sizeof(snap));
	if (snapshot_read(&snap, KINDS_ALL, 0) < 0) {
		int e = errno;
		snapshot_free(&snap);
		errno = e;
		return -1;
	}
	int r = cleanup_groups(&snap, ngroups, NULL, report, reportlen);
	snapshot_free(&snap);
	return r;
}

/* ---- starting ------------------------------------------------------------------ */

static void ctl_init_fn(struct scn_ctl *ctl, long speed)
{
	memset(ctl, 0, sizeof(*ctl));
	memcpy(ctl->magic, SCN_CTL_MAGIC, sizeof(SCN_CTL_MAGIC));
	atomic_store(&ctl->speed, (int)speed);
	atomic_store(&ctl->payload, 64u);
	for (size_t i = 0; i < SCENARIO_MAX_PROCS; i++)
		(void)sem_init(&ctl->go[i], 1, 0); /* fails only for a value > SEM_VALUE_MAX */
}


static int open_pipe(struct scenario *s, char *err, size_t errlen)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0) {
		snprintf(err, errlen, "pipe2: %s", strerror(errno));
		return -1;
	}
	s->rep_rd = fds[0];
	s->rep_wr = fds[1];
	/* Room for ~7000 records; best effort (the default 64 KiB holds ~400). */
	(void)fcntl(fds[1], F_SETPIPE_SZ, PIPE_WANT);
	return 0;
}

int scn_start(const struct scn_def *def, int number, struct scenario **out, char *err, size_t errlen)
{
	err[0] = '\0';
	*out = NULL;
	int slot = -1;
	for (int i = 0; i < SCENARIO_MAX_RUNNING && slot < 0; i++)
		if (!running[i])
			slot = i;
	if (slot < 0) {
		snprintf(err, errlen, "too many scenarios running (%d)", SCENARIO_MAX_RUNNING);
		errno = EAGAIN;
		return -1;
	}
	struct snapshot snap;
	memset(&snap, 0, sizeof(snap));
	if (snapshot_read(&snap, KINDS_ALL, 0) < 0) {
		int e = errno;
		snapshot_free(&snap);
		snprintf(err, errlen, "reading the IPC objects: %s", strerror(e));
		errno = e;
		return -1;
	}
	int c = cleanup_groups(&snap, number, def->info.name, err, errlen);
	snapshot_free(&snap);
	if (c < 0)
		return -1;
	err[0] = '\0';

	struct scenario *s = calloc(1, sizeof(*s));
	if (!s || (def->priv_size && !(s->priv = calloc(1, def->priv_size)))) {
		free(s);
		snprintf(err, errlen, "out of memory");
		errno = ENOMEM;
		return -1;
	}
	s->def = def;
	s->number = number;
	s->rep_rd = s->rep_wr = -1;
	s->ctl_id = -1;
	s->speed = SCENARIO_SPEED_DEFAULT;
	s->slot = slot;
	s->moved = s->step_last = -1;
	now_mono(&s->started);
	running[slot] = s; /* registered now, so forks close the right fds */
	int e = 0;
	if (open_pipe(s, err, errlen) < 0)
		goto fail;
	s->ctl_id = scn_create(s, KIND_SHM, 0, SCN_CTL_SIZE, "control block (speed, settings)", err, errlen);
	if (s->ctl_id < 0)
		goto fail;
	if (ctl_update(s, ctl_init_fn, s->speed) < 0) {
		snprintf(err, errlen, "shmat(%d) (control block): %s", s->ctl_id, strerror(errno));
		goto fail;
	}
	if ((def->features & SCN_START_PAUSED) && scenario_pause(s, true) < 0) {
		snprintf(err, errlen, "shmat(%d) (control block): %s", s->ctl_id, strerror(errno));
		goto fail;
	}
	if (s->def->setup(s, err, errlen) < 0)
		goto fail;
	close(s->rep_wr); /* only the children write now: EOF when they are gone */
	s->rep_wr = -1;
	pid_t pids[SCENARIO_MAX_PROCS];
	size_t np = 0;
	for (size_t i = 0; i < s->nprocs; i++)
		if (!is_foreign(s, i))
			pids[np++] = s->procs[i].pid;
	s->janitor = scenario_janitor_start(pids, np, s->objs, s->nobjs);
	if (s->janitor < 0) {
		snprintf(err, errlen, "fork (janitor): %s", strerror(errno));
		s->janitor = 0;
		goto fail;
	}
	*out = s;
	return 0;
fail:
	e = errno ? errno : EIO;
	(void)teardown(s, NULL, 0);
	destroy(s);
	errno = e;
	return -1;
}
