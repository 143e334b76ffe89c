/* scenario.h — guided demos for class (`ipctop --demo NAME`, the TUI's demo
 * menu): each scenario runs REAL child processes that use REAL System V IPC
 * objects, and reports what every process is doing, so the list view shows
 * the objects change while the demo pane says why.
 *
 * Processes. Every child runs in the scenario's own process group (the
 * daemon scenario's daemons are in sessions of their own), with
 * PR_SET_PDEATHSIG(SIGKILL) so it dies when ipctop dies, and never touches
 * the terminal. Each child writes one fixed-size record per event to a
 * non-blocking pipe; the UI polls the read ends (scenario_fds) and calls
 * scenario_collect(fd) when one is readable. A child whose pipe is full
 * drops that record (the next one carries its counters again).
 *
 * Objects. A scenario creates its objects itself (cpid = ipctop) with fixed
 * keys SCENARIO_KEY(n, i) — n the scenario's number in scenario_list() (1..),
 * i = 0 for its control block — so a class can find them with ipcs. The
 * control block (i = 0) is a small shm segment holding the speed and the
 * scenario's settings; only the scenario's children keep it attached.
 * scenario_stop removes every object and checks that each is gone.
 *
 * Janitor. Each running scenario also has a janitor: one more child of
 * ipctop, in a group of its own, that is not in scenario_procs(). When
 * ipctop dies however it dies (kill -9, a crash) it gets SIGTERM
 * (PR_SET_PDEATHSIG), kills the scenario's children and removes its
 * objects within ~1 s, without ipctop's help (scenario_janitor.h).
 * scenario_stop dismisses it once the objects are gone; scenario_reap
 * reaps it should it leave early (SIGTERM to it stops the scenario). If
 * the janitor could not act (ipctop killed during scenario_start, the
 * janitor killed too), the next scenario_start of that scenario (or
 * scenario_cleanup_stale) removes the objects of any scenario whose
 * control block's creator is dead.
 *
 * Nothing here blocks for long: scenario_start forks and returns (a few
 * ms); scenario_stop and scenario_stop_all wait for the children to die
 * (a few ms here; at most ~1.2 s: 1 s for the daemons, 0.2 s before
 * SIGKILL, unless a process is stuck in the kernel).
 *
 * UI loop: poll() scenario_fds() (rebuilt every round: a pipe whose
 * writers are all gone is closed by the collect that reads its end); on
 * POLLIN or POLLHUP scenario_collect(fd); on SIGCHLD scenario_reap(); on
 * quit scenario_stop_all(); from a crash handler scenario_stop_all_async().
 * Detach any scenario segment the UI attached before stopping it. */
#ifndef IPCTOP_SCENARIO_H
#define IPCTOP_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "model/ipcobj.h"
#include "model/waitgraph.h"

#define SCENARIO_TEXT_LEN 112   /* state and event texts, NUL included */
#define SCENARIO_ROLE_LEN 32
#define SCENARIO_COUNTERS 4
#define SCENARIO_MAX_PROCS 8
#define SCENARIO_MAX_OBJECTS 8
#define SCENARIO_MAX_RUNNING 8  /* scenarios running at once */
#define SCENARIO_EVENTS 128     /* events kept per scenario (ring) */
#define SCENARIO_SPEED_MIN 1
#define SCENARIO_SPEED_MAX 9
#define SCENARIO_SPEED_DEFAULT 4

/* The key of object i of scenario number n (n = index in scenario_list()
 * plus 1): 0x5ce0NNII. Object 0 is the control block. */
#define SCENARIO_KEY_BASE 0x5ce00000
#define SCENARIO_KEY(n, i) ((int)(SCENARIO_KEY_BASE | ((unsigned)(n) << 8) | (unsigned)(i)))
#define SCENARIO_KEY_IS_OURS(key) (((unsigned)(key) & 0xffff0000u) == (unsigned)SCENARIO_KEY_BASE)

struct scenario_info {
	const char *name;    /* "prodcons" — what --demo takes */
	const char *summary; /* one line for a menu (N_() text: translate when shown) */
	const char *help;    /* several lines: objects, processes, what to try (N_()) */
};

/* The registry (scenario_registry.c) is the one list of scenarios: menus,
 * --help, messages and key groups all come from it. */

/* The scenarios, in menu order. Returns the count; *list gets the array. */
size_t scenario_list(const struct scenario_info **list);

/* The scenario called name, or NULL. */
const struct scenario_info *scenario_find(const char *name);

/* The names in menu order joined by sep ("prodcons, chat, ..."), cut to
 * fit buf. Returns buf. */
char *scenario_names(const char *sep, char *buf, size_t len);

struct scenario; /* opaque */

/* Starts a scenario: removes stale objects of an earlier run whose creator
 * died, creates the objects, forks the children. Returns 0 with *out set,
 * or -1 with errno and a one-line reason in err ("unknown scenario ...",
 * "prodcons is already running (key 0x5ce00100 belongs to live pid 812)",
 * "semget: ..."); nothing is left behind on failure. */
int scenario_start(const char *name, struct scenario **out, char *err, size_t errlen);

const char *scenario_name(const struct scenario *s);
const struct scenario_info *scenario_info(const struct scenario *s);
pid_t scenario_pgid(const struct scenario *s);
/* The janitor's pid, 0 when it has left. */
pid_t scenario_janitor_pid(const struct scenario *s);

/* Running scenarios (started, not stopped), oldest first. */
size_t scenario_running(struct scenario **out, size_t max);

/* Read ends of the report pipes of the running scenarios whose children
 * may still write (poll them for POLLIN). Returns how many were written to
 * fds (at most max). */
size_t scenario_fds(int *fds, size_t max);

/* Reads and applies every record waiting on fd (never blocks). Returns the
 * number of records applied (0: nothing yet), or -1 with errno EBADF when
 * fd is not one of scenario_fds(). At end of file (every writer gone) the
 * fd is closed and leaves scenario_fds(). */
int scenario_collect(int fd);

/* Reaps finished children of every running scenario, janitors included
 * (waitpid WNOHANG on our own pids only). For SIGCHLD. Returns the number
 * reaped. */
int scenario_reap(void);

struct scenario_proc {
	pid_t pid;   /* 0 while not known yet (a daemon before it reported) */
	pid_t pgid;  /* its process group */
	char role[SCENARIO_ROLE_LEN];          /* "producer", "alice", "daemon (fork-setsid-fork)" */
	char state[SCENARIO_TEXT_LEN];         /* latest: "waiting on empty (P)" */
	long long counters[SCENARIO_COUNTERS]; /* meaning in counter_names */
	const char *counter_names[SCENARIO_COUNTERS]; /* NULL: unused */
	bool alive;          /* running or not reaped yet (daemons: not seen gone) */
	int status;          /* wait status once reaped (our children only) */
	unsigned long updates; /* records received */
	struct timespec last;  /* CLOCK_MONOTONIC of the latest record */
	/* The steps of its recipe (the daemon scenario), N_() texts in order,
	 * NULL-terminated; SCN_OP_STEP events number them. NULL: none. */
	const char *const *recipe;
};

/* The processes of s (pointer valid until the next collect/reap/stop). */
size_t scenario_procs(const struct scenario *s, const struct scenario_proc **procs);

struct scenario_object {
	enum ipc_kind kind;
	int id;
	int key;
	char role[48]; /* "control block", "ring buffer (8 slots)",
			* "sems: 0 empty, 1 full, 2 mutex" */
	/* Its role name and, for a set, each semaphore's (N_() texts: translate
	 * when shown; NULL when the scenario names none): "semaphores" with
	 * "empty", "full", "mutex"; "ring buffer". */
	const char *name;
	const char *const *semnames; /* NULL-terminated */
	unsigned locks; /* bit n: semaphore n is a lock, held from a P to the V of the same process */
};

/* The objects of s, so the UI can highlight them (the control block first). */
size_t scenario_objects(const struct scenario *s, const struct scenario_object **objs);

/* True when (kind, id) belongs to a running scenario. */
bool scenario_owns(enum ipc_kind kind, int id);

/* The object (kind, id) of a running scenario, that scenario in *owner
 * (when owner is not NULL); NULL when no running scenario has it. */
const struct scenario_object *scenario_object_find(enum ipc_kind kind, int id, struct scenario **owner);

/* The N_() name of semaphore num of o, or NULL. */
const char *scenario_sem_name(const struct scenario_object *o, unsigned num);

enum scenario_event_kind {
	SCENARIO_EV_STATE,    /* a process says what it does */
	SCENARIO_EV_SIGNAL,   /* a signal was delivered: counters = {signo,
			       * si_value, count of that signal, total}; op SCN_OP_SIGNAL */
	SCENARIO_EV_PROC,     /* a process started (op SCN_OP_FORK) or became known (daemons) */
	SCENARIO_EV_EXIT,     /* a child was reaped ("exited 0", "killed by SIGKILL"); op SCN_OP_EXIT */
	SCENARIO_EV_ERROR,    /* a process hit an error and leaves */
	SCENARIO_EV_OP,       /* an operation (op): the timeline's entries */
};

/* The operations processes report, each as it happens, with the object
 * (obj: index into scenario_objects), a number and a value. The timeline
 * shows every event whose op is not SCN_OP_NONE. */
enum scenario_op {
	SCN_OP_NONE,
	SCN_OP_P,              /* P on semaphore num of obj went through at once */
	SCN_OP_P_BLOCKED,      /* P on semaphore num of obj would block: waits in semop */
	SCN_OP_P_WOKEN,        /* the P it waited in went through; value: ms waited */
	SCN_OP_V,              /* V on semaphore num of obj */
	SCN_OP_PUT,            /* item `value` written into slot num of obj */
	SCN_OP_TAKE,           /* item `value` taken from slot num of obj */
	SCN_OP_MSGSND,         /* message of mtype num sent on obj (text: the message) */
	SCN_OP_MSGSND_BLOCKED, /* msgsnd of mtype num waits: the queue is full */
	SCN_OP_MSGRCV_BLOCKED, /* msgrcv of mtype num waits: no such message */
	SCN_OP_MSGRCV,         /* message of mtype num received (text); value: the
				* sender's process index, -1 someone else (you) */
	SCN_OP_SIGNAL,         /* signal num delivered; value: si_value when
				* SCN_EVF_VALUE; aux: timer overruns merged into it */
	SCN_OP_SENT,           /* signal num sent to it by ipctop (`k`); value when SCN_EVF_VALUE */
	SCN_OP_FORK,           /* the process started; value: its pid */
	SCN_OP_EXIT,           /* the process ended (text: how) */
	SCN_OP_STEP,           /* daemon recipe: step num done (text: the call) */
	SCN_OP_TRIP,           /* homework: one ping-pong round trip of `value` bytes; aux: ns */
	SCN_OP_COUNT
};

enum scenario_event_flag {
	SCN_EVF_VALUE = 1u << 0,   /* value holds a signal's si_value */
	SCN_EVF_STEPPED = 1u << 1, /* the operation a step let through (scenario_step) */
};

struct scenario_event {
	struct timespec when; /* CLOCK_MONOTONIC, taken by the process that reported it */
	enum scenario_event_kind kind;
	int proc;             /* index into scenario_procs */
	char text[SCENARIO_TEXT_LEN];
	long long counters[SCENARIO_COUNTERS];
	enum scenario_op op;  /* SCN_OP_NONE: a state report or an error */
	int obj;              /* index into scenario_objects, -1: none */
	int num;
	long long value, aux;
	unsigned flags;       /* enum scenario_event_flag */
};

/* Events kept (at most SCENARIO_EVENTS), and event i, 0 the oldest kept.
 * scenario_events_total counts every event ever, so a reader can tell
 * which ones are new. */
size_t scenario_event_count(const struct scenario *s);
const struct scenario_event *scenario_event(const struct scenario *s, size_t i);
unsigned long scenario_events_total(const struct scenario *s);

/* When s started (CLOCK_MONOTONIC): the timeline counts from there. */
struct timespec scenario_started(const struct scenario *s);

/* Operations reported so far (events with an op), including those no
 * longer kept. */
unsigned long scenario_ops_total(const struct scenario *s);
/* The operations kept apart from the other events (at most
 * SCENARIO_EVENTS, so state reports never push them out), and operation
 * i, 0 the oldest kept: the timeline. */
size_t scenario_op_count(const struct scenario *s);
const struct scenario_event *scenario_op(const struct scenario *s, size_t i);
/* The steps of proc's recipe done so far (bit n: step n reported). */
unsigned scenario_steps_done(const struct scenario *s, int proc);

/* ---- what the operations tell (scenario_track.c keeps it) ------------ */

/* Whether process proc waits in the kernel, on what and since when (from
 * its own reports: a *_BLOCKED operation until the next operation). */
struct scenario_wait {
	bool blocked;
	enum scenario_op op; /* SCN_OP_P_BLOCKED, SCN_OP_MSGSND_BLOCKED, SCN_OP_MSGRCV_BLOCKED */
	int obj, num;
	struct timespec since;
};
const struct scenario_wait *scenario_wait_of(const struct scenario *s, int proc);

/* The process holding lock semaphore num of object obj (a P went through
 * and the same process has not done its V), or -1. */
int scenario_holder(const struct scenario *s, int obj, int num);

/* The wait-for cycles among the scenario's processes (each waits on a
 * lock another holds), from their reports: *out as waitgraph_cycles fills
 * it (pids, semids); *since (may be NULL) gets when the first cycle
 * closed: the latest of its waits began then. Returns the number of
 * cycles, or -1 with errno ENOMEM. */
int scenario_cycles(const struct scenario *s, struct wait_cycles *out, struct timespec *since);

/* The slots of the scenario's buffer (prodcons' ring), from PUT and TAKE. */
#define SCENARIO_SLOTS 16
struct scenario_slots {
	int n;                           /* slots seen in use (the ring's size when known) */
	bool full[SCENARIO_SLOTS];
	long long item[SCENARIO_SLOTS];  /* the item in a full slot */
	int in, out;                     /* next slot to write, to take */
	unsigned long puts, takes;
};
const struct scenario_slots *scenario_slots(const struct scenario *s);

/* The last messages sent or received (chat's transcript), oldest first. */
#define SCENARIO_MESSAGES 48
struct scenario_message {
	struct timespec when;
	int from;   /* process index; -1: someone else (you) */
	long mtype; /* the type it was sent with (the addressee) */
	char text[SCENARIO_TEXT_LEN];
};
size_t scenario_message_count(const struct scenario *s);
const struct scenario_message *scenario_message(const struct scenario *s, size_t i);
unsigned long scenario_messages_total(const struct scenario *s);

/* Signal sig (1..64) to the scenario's processes: sent by ipctop
 * (scenario_note_signal), delivered (as the receiving handler counted
 * them), timer expirations merged (si_overrun), the last si_value. */
#define SCENARIO_SIGVALUES 4
struct scenario_sigstat {
	unsigned long sent, delivered, overruns;
	int values[SCENARIO_SIGVALUES]; /* the last si_values delivered, oldest first */
	unsigned nvalues;
};
void scenario_sigstat(const struct scenario *s, int sig, struct scenario_sigstat *out);

/* ipctop sent sig to pid (with value when queued): when pid is a process
 * of a running scenario, its counts and timeline show it. Returns true
 * then. */
bool scenario_note_signal(pid_t pid, int sig, bool queued, int value);

/* The role of pid in a running scenario (N_() text) and, when s is not
 * NULL, that scenario; NULL when it is none of theirs. */
const char *scenario_role_of(pid_t pid, struct scenario **s);

/* Whether pid is a janitor of a running scenario. */
bool scenario_is_janitor(pid_t pid);

/* The signal `k` offers for pid: SIGUSR1 for a receiver of the signals
 * scenario, SIGTERM otherwise. */
int scenario_default_signal(pid_t pid);

/* ---- step mode ------------------------------------------------------ */

/* Every scenario pauses at its processes' gates: paused, each process
 * stops before its next operation (a P or V, a slot written or read, a
 * msgsnd or msgrcv, reporting a wait that ended, taking one pending
 * signal, one ping-pong round trip, one call of a daemon recipe, a
 * daemon's heartbeat) instead of being stopped by SIGSTOP; scenario_step
 * then lets one through, for exactly one operation. A scenario may start
 * paused (daemon: its recipes are the lesson). */

/* Lets process proc (or, proc < 0, the next one in turn after the last
 * that moved) do one operation. Returns the process's index, or -1 with
 * errno: EINVAL (not paused), EAGAIN (none is waiting at its
 * gate: every process is blocked in the kernel, or still on its way). */
int scenario_step(struct scenario *s, int proc);

/* Whether process proc waits at its gate, ready for a step. */
bool scenario_ready(const struct scenario *s, int proc);

/* The process the last step let through, -1 before any. */
int scenario_moved(const struct scenario *s);

/* Speed 1 (slow: ~2 s per step) .. 9 (~1 ms per step). Children read it
 * from the control block before every pause between steps. homework runs
 * flat out at every speed. Returns 0, or -1 (EINVAL out of range; errno of
 * shmat when the control block is gone). */
int scenario_set_speed(struct scenario *s, int level);
int scenario_speed(const struct scenario *s);
/* The pause between steps at a speed level, in milliseconds. */
long scenario_speed_delay_ms(int level);

/* Pause: the processes stop at their gates (see step mode); resume: the
 * gates open. Returns 0 or -1 with errno (of shmat: the control block is
 * gone). */
int scenario_pause(struct scenario *s, bool pause);
bool scenario_paused(const struct scenario *s);

/* homework: the payload of every ping (1 .. SCENARIO_PAYLOAD_MAX bytes;
 * the menu offers 64, 4096, 65536). Rates restart at the change.
 * EINVAL for other scenarios or sizes. */
#define SCENARIO_PAYLOAD_MAX 65536
int scenario_set_payload(struct scenario *s, size_t bytes);
size_t scenario_payload(const struct scenario *s);

/* signals: block (true) or unblock the demo signals (SIGALRM, SIGUSR1,
 * SIGRTMIN+1, SIGWINCH) in the receiving child; it applies the change
 * within ~50 ms and reports it. EINVAL for other scenarios. */
int scenario_signals_block(struct scenario *s, bool block);
/* Whether the receiver is told to block them (false for other scenarios). */
bool scenario_signals_blocked(const struct scenario *s);

/* Signal masks of any process, from /proc/PID/status. */
struct scenario_sigmasks {
	uint64_t pending;  /* SigPnd: sent to this thread */
	uint64_t shared;   /* ShdPnd: sent to the process (kill, sigqueue) */
	uint64_t blocked;  /* SigBlk */
	uint64_t caught;   /* SigCgt */
};
/* Bit (sig - 1) stands for signal sig, as the kernel prints them.
 * Returns 0, or -1 with errno (ENOENT: gone). */
int scenario_sigmasks(pid_t pid, struct scenario_sigmasks *m);

/* Stops s: the gates opened, the daemons killed, SIGTERM to the group then SIGKILL
 * after ~0.2 s, every child reaped, the pipe closed, every object removed
 * and checked gone, the janitor dismissed (SIGKILL, reaped). s is freed
 * whatever happens. Returns 0, or -1 with a
 * reason in err when an object could not be removed or is still there
 * (a segment someone else keeps attached stays until they detach). */
int scenario_stop(struct scenario *s, char *err, size_t errlen);

/* Stops every running scenario (quit, atexit). Idempotent. */
void scenario_stop_all(void);

/* Crash handler: SIGKILL to every stored process group; only kill(2). The
 * janitors are spared: when ipctop then dies they remove the objects. */
void scenario_stop_all_async(void);

/* Removes the objects of scenarios whose control block's creator is dead
 * (ipctop was killed) and whose segments nobody has attached, and objects
 * with scenario keys whose control block is missing. Returns the number of
 * objects removed, or -1 with errno when the namespace could not be read;
 * report (if not NULL) says what was removed: no error text. */
int scenario_cleanup_stale(char *report, size_t reportlen);

#endif
