/* scenario_impl.h — the scenario engine as the scenario files (scn_*.c)
 * see it: the control block layout, the definition of a scenario, helpers
 * to create objects and spawn children (parent side), and what a child
 * uses to report, pause between steps and wait on semaphores visibly.
 * Not for the UI: it uses scenario.h. */
#ifndef IPCTOP_SCENARIO_IMPL_H
#define IPCTOP_SCENARIO_IMPL_H

#include <semaphore.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/types.h>

#include "classroom/scenario.h"

/* The control block: shm object 0 of every scenario, attached by each
 * child right after fork (not by the parent, which attaches it only for
 * the moment of a change). Lock-free atomics, so a signal handler may
 * update it too. */
#define SCN_CTL_MAGIC "ipctop-demo-v1"
#define SCN_CTL_SIGS 65
struct scn_ctl {
	char magic[16];
	_Atomic int speed;                      /* 1..9 */
	_Atomic int block;                      /* signals: 1 = block the demo signals */
	_Atomic unsigned payload;               /* homework: bytes per ping */
	_Atomic unsigned sigcount[SCN_CTL_SIGS]; /* signals: deliveries per signal number */
	/* Step mode (scenario_step): while `stepping`, a process arriving at
	 * its gate counts gate_seq up, sets at_gate and waits for a token on
	 * go; the parent posts one token per step. */
	_Atomic int stepping;
	_Atomic int at_gate[SCENARIO_MAX_PROCS];
	_Atomic unsigned gate_seq[SCENARIO_MAX_PROCS];
	sem_t go[SCENARIO_MAX_PROCS]; /* process-shared */
};

/* What a child process works with. */
struct scn_child {
	struct scenario *s; /* the parent's scenario as fork copied it: read it only */
	int idx;            /* this process in scenario_procs() */
	int fd;             /* report pipe, write end (O_NONBLOCK) */
	struct scn_ctl *ctl;
	long long counters[SCENARIO_COUNTERS]; /* sent with every report */
};

/* A child's body; it must not return (it ends with _exit). */
typedef void (*scn_main_fn)(struct scn_child *c);

/* What a scenario offers beyond speed and pause (struct scn_def.features). */
enum scn_feature {
	SCN_PAYLOAD = 1u << 0,      /* scenario_set_payload (homework) */
	SCN_SIGNAL_BLOCK = 1u << 1, /* scenario_signals_block (signals) */
	SCN_START_PAUSED = 1u << 2, /* starts paused (step mode): its first operations are
				     * the lesson (daemon's recipes) */
};

/* The role name of object number obj (its key scn_key(s, obj)), and of a
 * set's semaphores; locks: the semaphores that are locks (bit n for
 * semaphore n: held from a P to the V of the same process, so a wait on
 * one is a wait for its holder). Texts are N_(). */
struct scn_role {
	int obj;
	const char *name;
	const char *const *semnames; /* NULL-terminated, or NULL */
	unsigned locks;
};

struct scn_def {
	struct scenario_info info;
	unsigned features; /* enum scn_feature bits */
	size_t priv_size; /* bytes of zeroed private data (scn_priv), copied to children by fork */
	const struct scn_role *roles; /* its objects' names (object 0 defaults to "control block") */
	size_t nroles;
	/* Parent side: creates the objects (scn_create / scn_add_object) and
	 * forks the children (scn_spawn). On failure sets err and returns -1;
	 * the engine then kills what was spawned and removes what was made. */
	int (*setup)(struct scenario *s, char *err, size_t errlen);
	/* Optional, parent side: releases non-IPC resources of priv (pipe
	 * fds) once every child is gone, or after a failed setup. */
	void (*cleanup)(struct scenario *s);
};

/* The scenarios (scn_*.c), listed by the registry (scenario_registry.c). */
extern const struct scn_def scn_prodcons_def;
extern const struct scn_def scn_chat_def;
extern const struct scn_def scn_homework_def;
extern const struct scn_def scn_deadlock_def;
extern const struct scn_def scn_signals_def;
extern const struct scn_def scn_daemon_def;

/* ---- the engine, for the registry ---------------------------------------- */

/* scenario_start of def, the registry's scenario number `number` (its key
 * group, 1..). err is not NULL and errlen > 0. */
int scn_start(const struct scn_def *def, int number, struct scenario **out, char *err, size_t errlen);

/* scenario_cleanup_stale over the key groups 1..ngroups. */
int scn_cleanup_stale(int ngroups, char *report, size_t reportlen);

/* ---- parent side, inside setup ------------------------------------------ */

void *scn_priv(struct scenario *s);
/* The scenario's number (key group) and the key of its object i. */
int scn_number(const struct scenario *s);
int scn_key(const struct scenario *s, int i);

/* Creates object i of the scenario (IPC_CREAT | IPC_EXCL | 0600 with key
 * scn_key(s, i)): shm of `size` bytes, a sem set of `size` semaphores (all
 * 0), or a queue (size unused), and records it. Returns its id, or -1 with
 * err set ("semget(0x5ce00102, 3, IPC_CREAT|IPC_EXCL|0600): ..."). */
int scn_create(struct scenario *s, enum ipc_kind kind, int i, size_t size, const char *role,
	       char *err, size_t errlen);

/* Records an object made elsewhere (removed at stop like the others).
 * Returns 0, or -1 (ENOSPC) when the table is full. */
int scn_add_object(struct scenario *s, enum ipc_kind kind, int id, int key, const char *role);

/* Sets every semaphore of a set (SETALL). Returns 0 or -1 with err set. */
int scn_sem_init(int semid, const unsigned short *values, size_t n, char *err, size_t errlen);

/* The longest process title: the kernel keeps 15 bytes of a name (comm). */
#define SCN_TITLE_MAX 15

/* Forks a child in the scenario's process group that runs fn. role: its
 * N_() role name; title: its name in ps after "ipctop:" (SCN_TITLE_MAX in
 * all: "producer", "daemon-A"); names: the meaning of its counters (up to
 * SCENARIO_COUNTERS, NULL-terminated or NULL). Reports its start (op
 * SCN_OP_FORK). Returns its index in scenario_procs(), or -1 with err set. */
int scn_spawn(struct scenario *s, const char *role, const char *title, scn_main_fn fn,
	      const char *const *names, char *err, size_t errlen);

/* Names the calling process "ipctop:<title>" (prctl(PR_SET_NAME) and the
 * argument area ps shows, proctitle.h). */
void scn_title(const char *title);

/* Reserves a process entry for a process that a child of ours will
 * create and announce (SCENARIO_EV_PROC): it is not our child; the child
 * at index `reaper` reaps it. Returns its index, or -1 with err set. */
int scn_add_foreign(struct scenario *s, const char *role, const char *const *names, int reaper,
		    char *err, size_t errlen);

/* Gives process idx the steps of its recipe (scenario_proc.recipe). */
void scn_set_recipe(struct scenario *s, int idx, const char *const *steps);

/* ---- child side --------------------------------------------------------- */

/* Sends a state report for this process with its counters. */
void scn_report(struct scn_child *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sends a report of any kind on behalf of process idx (a launcher speaks
 * for its daemons); pid/pgid matter for SCENARIO_EV_PROC. */
void scn_report_as(struct scn_child *c, int idx, enum scenario_event_kind kind, pid_t pid,
		   pid_t pgid, const long long *counters, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* An operation as reported (scenario_event's op fields). obj is the
 * object's number (its key scn_key(s, obj)), -1 none; the engine turns it
 * into its index in scenario_objects. kind 0 means SCENARIO_EV_OP. */
struct scn_opinfo {
	enum scenario_event_kind kind;
	enum scenario_op op;
	int obj, num;
	long long value, aux;
	unsigned flags;
};

/* Reports operation op of process idx (this one, or a daemon the launcher
 * speaks for) with a text (a message's text, or what it did). */
void scn_op_report(struct scn_child *c, int idx, const struct scn_opinfo *op, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Shorthand: operation op of this process on object number obj. */
void scn_op(struct scn_child *c, enum scenario_op op, int obj, int num, long long value, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* The gate before each operation: returns at once, unless the scenario is
 * paused in step mode; then it waits until a step lets this process
 * through (for one operation) or the scenario resumes. */
void scn_gate(struct scn_child *c);

/* Reports "<what>: <strerror>" as an error and leaves with _exit(1). */
_Noreturn void scn_fail(struct scn_child *c, const char *what, int err);

/* The pause between steps at the current speed, times percent/100, at
 * least min_ms; a speed change takes effect within 50 ms. None while
 * paused in step mode: a step is one operation. */
void scn_nap(struct scn_child *c, int percent, long min_ms);

/* The current pause at the current speed, in ms. */
long scn_delay_ms(const struct scn_child *c);

/* P (wait) on semaphore num of set semid, object number obj, after the
 * gate: tries with IPC_NOWAIT first and reports SCN_OP_P when it went
 * through; else reports "waiting on <label> (P)" and SCN_OP_P_BLOCKED,
 * blocks, passes the gate again and reports SCN_OP_P_WOKEN. Returns 1
 * when it had to wait, 0 when not; failures (EIDRM: removed under us) go
 * to scn_fail. */
int scn_sem_p(struct scn_child *c, int semid, int obj, unsigned short num, const char *label);

/* V (signal) on semaphore num after the gate, reported as SCN_OP_V;
 * failures go to scn_fail. */
void scn_sem_v(struct scn_child *c, int semid, int obj, unsigned short num);

#endif
