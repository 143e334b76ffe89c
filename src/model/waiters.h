/* waiters.h — the processes blocked on System V objects, by name: during
 * the one pass over /proc (procscan.h) each process's /proc/PID/syscall
 * says whether it sleeps in semop/semtimedop, msgsnd or msgrcv (the build
 * architecture's SYS_* numbers) and on which id; /proc/PID/wchan confirms
 * it is still inside that call (not stopped, not another ABI's number).
 * A semop's operations are read from its memory (process_vm_readv, where
 * ptrace access is allowed); msgrcv gives its type and size, msgsnd its
 * size (and the message's type when readable).
 *
 * Holders: the kernel never says who "holds" a semaphore. For a waiter
 * blocked in P (op < 0) on a semaphore whose value is 0, the likely holder
 * is the semaphore's sempid (the last process that changed it) when that
 * process is alive and is not the waiter itself, and some semop has
 * succeeded on the set (otime set: else every sempid is only whoever
 * initialised it with SETVAL/SETALL, which holds nothing): an inference,
 * shown as one. The wait-for graph of those edges (waitgraph.h) gives
 * deadlocks. */
#ifndef IPCTOP_WAITERS_H
#define IPCTOP_WAITERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "model/ipcobj.h"
#include "model/waitgraph.h"

enum wait_call { WAIT_SEMOP, WAIT_SEMTIMEDOP, WAIT_MSGSND, WAIT_MSGRCV };

#define WAITER_OPS 32 /* semop operations kept per waiter */

struct waiter_op {
	unsigned short num; /* sem_num */
	short op;           /* sem_op: < 0 P, 0 wait for zero, > 0 V */
	short flg;          /* sem_flg: IPC_NOWAIT, SEM_UNDO */
};

struct waiter {
	pid_t pid;           /* the process (thread group id) */
	pid_t tid;           /* the blocked thread (pid for the main thread) */
	enum wait_call call;
	int id;              /* semid or msqid */
	/* semop, semtimedop */
	unsigned nsops;      /* nsops as passed */
	unsigned nops;       /* operations read into ops (0: memory not readable) */
	struct waiter_op ops[WAITER_OPS];
	bool timed;          /* semtimedop with a timeout */
	int blocking;        /* index in ops of the one it waits on; -1 unknown */
	pid_t holder;        /* the inferred holder of that semaphore, 0 none */
	bool deadlock;       /* its wait is an edge of a deadlock cycle */
	/* msgsnd, msgrcv */
	uint64_t msgsz;      /* msgsz as passed */
	long msgtyp;         /* msgrcv: msgtyp; msgsnd: the message's mtype when typed */
	bool typed;          /* msgsnd: mtype could be read */
	int msgflg;
	/* both */
	struct timespec since; /* the first refresh that saw this wait (history.h) */
};

struct waiter_table {
	struct waiter *v;  /* sorted by (kind, id, pid, tid) */
	size_t count, cap;
	size_t procs;      /* threads whose syscall was read */
	size_t unreadable; /* threads we may not look at (EACCES, EPERM: not root) */
	size_t other_ns;   /* blocked processes of another IPC namespace, left out */
	bool hidden;       /* /proc hides processes from us (hidepid) */
	struct wait_cycles deadlocks; /* from waiters_infer */
};

/* KIND_SEM or KIND_MSG. */
enum ipc_kind waiters_kind(enum wait_call call);
/* "semop", "semtimedop", "msgsnd", "msgrcv". */
const char *waiters_call_name(enum wait_call call);

/* The pass over /proc (procscan.c) calls these: waiters_begin empties the
 * table; waiters_scan_task looks at thread tid of process pid and adds it
 * at the end when it is blocked on an IPC object (returns 0, -1 with errno
 * ENOMEM, or the errno that kept its syscall from being read: ENOENT/ESRCH
 * gone, EACCES/EPERM not allowed, counted in unreadable); waiters_end
 * sorts. `since` of new entries is `now`. */
void waiters_begin(struct waiter_table *t);
int waiters_scan_task(struct waiter_table *t, pid_t pid, pid_t tid, const struct timespec *now);
void waiters_end(struct waiter_table *t);

void waiters_free(struct waiter_table *t);

/* Parses /proc/PID/syscall: "NR ARG1 ... ARG6 SP PC" (NR decimal, the rest
 * hex). Returns 1 with *nr and args[6], 0 for "running", "-1 SP PC" (not
 * in a system call) or anything malformed. Safe on any input. */
int waiters_parse_syscall(const char *text, long *nr, uint64_t args[6]);

/* Whether system call nr (of the build architecture) with these arguments
 * waits on an IPC object: 1 with w's call, id and arguments (nsops, timed;
 * msgsz, msgtyp, msgflg) set, else 0. */
int waiters_decode(long nr, const uint64_t args[6], struct waiter *w);

/* The operation of ops[0, n) that cannot be done with the set's values
 * vals[0, nsems) — semop does them in order, all or none — or -1 when all
 * could (or one names a semaphore past nsems). */
int waiters_blocking_op(const struct waiter_op *ops, unsigned n, const struct ipc_semval *vals, unsigned nsems);

/* The semaphores (value and sempid) of set semid for waiters_infer, with
 * their number in *nsems and in *operated whether a semop ever succeeded
 * on the set (its otime); NULL when unknown. */
typedef const struct ipc_semval *(*waiters_set_fn)(void *ctx, int semid, unsigned *nsems, bool *operated);

/* For each semop waiter: the operation it waits on and its inferred holder
 * (see above), then the deadlocks (waitgraph_cycles) and the waiters on
 * them. Returns 0, or -1 with errno ENOMEM (no deadlocks then). */
int waiters_infer(struct waiter_table *t, waiters_set_fn set_of, void *ctx);

/* The waiters on object (kind, id), consecutive, and their number in *n;
 * NULL with *n = 0 when none. */
const struct waiter *waiters_find(const struct waiter_table *t, enum ipc_kind kind, int id, size_t *n);

/* The names of the flags set in a semop's sem_flg (sem true: IPC_NOWAIT,
 * SEM_UNDO) or a msgsnd/msgrcv msgflg (IPC_NOWAIT, MSG_NOERROR,
 * MSG_EXCEPT, MSG_COPY), into names[max]; returns their number. Other
 * bits are left out. */
size_t waiters_flag_names(int flags, bool sem, const char **names, size_t max);

/* The operation it waits on, untranslated, for machine output: "P sem 2
 * needs >= 1", "Z sem 0 waits for 0", "semop of 3 ops", "msgrcv type 7
 * 8192 bytes", "msgsnd 100 bytes type 3". Returns buf. */
char *waiters_op_text(const struct waiter *w, char *buf, size_t len);

#endif
