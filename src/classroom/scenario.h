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
};

/* The processes of s (pointer valid until the next collect/reap/stop). */
size_t scenario_procs(const struct scenario *s, const struct scenario_proc **procs);

struct scenario_object {
	enum ipc_kind kind;
	int id;
	int key;
	char role[48]; /* "control block", "ring buffer (8 slots)",
			* "sems: 0 empty, 1 full, 2 mutex" */
};

/* The objects of s, so the UI can highlight them (the control block first). */
size_t scenario_objects(const struct scenario *s, const struct scenario_object **objs);

/* True when (kind, id) belongs to a running scenario. */
bool scenario_owns(enum ipc_kind kind, int id);

enum scenario_event_kind {
	SCENARIO_EV_STATE,    /* a process says what it does */
	SCENARIO_EV_SIGNAL,   /* a signal was delivered: counters = {signo,
			       * si_value, count of that signal, total} */
	SCENARIO_EV_PROC,     /* a process became known (daemons) */
	SCENARIO_EV_EXIT,     /* a child was reaped ("exited 0", "killed by SIGKILL") */
	SCENARIO_EV_ERROR,    /* a process hit an error and leaves */
};

struct scenario_event {
	struct timespec when; /* CLOCK_MONOTONIC */
	enum scenario_event_kind kind;
	int proc;             /* index into scenario_procs */
	char text[SCENARIO_TEXT_LEN];
	long long counters[SCENARIO_COUNTERS];
};

/* Events kept (at most SCENARIO_EVENTS), and event i, 0 the oldest kept.
 * scenario_events_total counts every event ever, so a reader can tell
 * which ones are new. */
size_t scenario_event_count(const struct scenario *s);
const struct scenario_event *scenario_event(const struct scenario *s, size_t i);
unsigned long scenario_events_total(const struct scenario *s);

/* Speed 1 (slow: ~2 s per step) .. 9 (~1 ms per step). Children read it
 * from the control block before every pause between steps. homework runs
 * flat out at every speed. Returns 0, or -1 (EINVAL out of range; errno of
 * shmat when the control block is gone). */
int scenario_set_speed(struct scenario *s, int level);
int scenario_speed(const struct scenario *s);
/* The pause between steps at a speed level, in milliseconds. */
long scenario_speed_delay_ms(int level);

/* Pause: SIGSTOP to the process group (and to the daemons), resume:
 * SIGCONT. The UI shows state T in /proc. Returns 0 or -1 with errno. */
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

/* Stops s: SIGCONT, the daemons killed, SIGTERM to the group then SIGKILL
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
