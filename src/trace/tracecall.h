/* tracecall.h — one traced System V IPC system call: the twelve calls ipctop
 * traces (their names, object kinds and argument names, as the kernel's
 * syscalls:sys_enter_* events name them), the record of one call (who,
 * when, arguments, result, the object it touched), what kind of operation
 * it was (P, V, wait-for-zero, send, receive ...), and its text and JSON
 * forms. Pure functions: no system calls. */
#ifndef IPCTOP_TRACECALL_H
#define IPCTOP_TRACECALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/sem.h>
#include <sys/types.h>

#include "base/errtext.h"
#include "base/json.h"
#include "model/ipcobj.h"

enum tsys {
	TSYS_SEMOP, TSYS_SEMTIMEDOP, TSYS_SEMCTL, TSYS_SEMGET,
	TSYS_MSGSND, TSYS_MSGRCV, TSYS_MSGCTL, TSYS_MSGGET,
	TSYS_SHMAT, TSYS_SHMDT, TSYS_SHMCTL, TSYS_SHMGET,
	TSYS_COUNT
};

#define TSYS_ARGS 5 /* msgrcv has the most */

/* How an argument is shown. */
enum targ {
	TARG_NONE,   /* no more arguments */
	TARG_ID,     /* the object id (int) */
	TARG_INT,    /* a signed int (semnum, nsems) */
	TARG_SIZE,   /* an unsigned count (msgsz, size, nsops) */
	TARG_LONG,   /* a signed long (msgtyp) */
	TARG_KEY,    /* key_t: IPC_PRIVATE or 0x%08x */
	TARG_GETFLG, /* IPC_CREAT|IPC_EXCL|0600 (and SHM_HUGETLB ...) */
	TARG_MSGFLG, /* IPC_NOWAIT|MSG_NOERROR ... */
	TARG_SHMFLG, /* SHM_RDONLY|SHM_RND ... */
	TARG_CMD,    /* a *ctl command: IPC_RMID, SETVAL ... */
	TARG_SEMARG, /* semctl's 4th argument: a value for SETVAL, else not shown */
	TARG_SOPS,   /* the struct sembuf array (read from the caller) */
	TARG_ADDR,   /* an address that matters (shmaddr, timeout): hex, NULL */
	TARG_BUF,    /* a buffer pointer: not shown ("...") */
};

struct tsys_info {
	const char *name;            /* the system call: "semtimedop" */
	enum ipc_kind kind;
	enum ipc_call call;          /* errtext's call (semop for semtimedop) */
	const char *args[TSYS_ARGS]; /* field names of the enter event, in order */
	enum targ types[TSYS_ARGS];  /* how each is shown; TARG_NONE ends */
};

/* The table entry of s (s < TSYS_COUNT). */
const struct tsys_info *tsys_info(enum tsys s);

/* The call an event name stands for: "sys_enter_semop" gives TSYS_SEMOP
 * with *is_exit false. Returns -1 for any other name. */
int tsys_from_event(const char *event, bool *is_exit);

#define TRACE_SOPS 4     /* struct sembuf read per semop (the first ones) */
#define TRACE_COMM 64    /* command name buffer (the kernel's is at most 15 bytes) */

struct trace_call {
	uint64_t start_ns, end_ns; /* trace clock (CLOCK_MONOTONIC) ns */
	pid_t tid, tgid;           /* thread and process */
	char comm[TRACE_COMM];     /* as the kernel keeps it: escape it before showing */
	enum tsys sys;
	uint64_t arg[TSYS_ARGS];   /* raw argument registers, in tsys_info order */
	int64_t ret;               /* the result; < 0 is -errno */
	bool done;                 /* false: still inside the call (blocked) */
	int id;                    /* object id; -1 unknown (shmdt of an address attached
				    * before tracing began) */
	unsigned nsops;            /* sembufs read into sops, 0: none could be read */
	struct sembuf sops[TRACE_SOPS];
};

/* What an operation does, for rates split by kind. */
enum trace_op {
	TOP_P,      /* semop with a decrement (may wait for the value) */
	TOP_V,      /* semop with increments only */
	TOP_Z,      /* semop waiting for zero (no decrement) */
	TOP_SEMOP,  /* semop whose operations could not be read */
	TOP_SEND, TOP_RECV, TOP_ATTACH, TOP_DETACH,
	TOP_CTL, TOP_GET,
	TOP_COUNT
};

enum trace_op tracecall_op(const struct trace_call *c);
/* "P", "V", "Z", "semop", "send", "recv", "attach", "detach", "ctl", "get". */
const char *trace_op_name(enum trace_op op);

/* The object kind of the call. */
enum ipc_kind tracecall_kind(const struct trace_call *c);

/* The errno of a failed call, 0 when it succeeded or is not done. */
int tracecall_errno(const struct trace_call *c);

/* The name users know the call by: "semop" for semtimedop without a
 * timeout (glibc's semop is that system call), else the system call. */
const char *tracecall_name(const struct trace_call *c);

/* "EAGAIN", "ERESTARTSYS" (interrupted, restarted), or the number as text
 * (into buf, which must hold 16 bytes). */
const char *trace_errno_name(int err, char *buf);

/* A duration for people: "850ns", "12.3µs" ("us" when utf8 is 0),
 * "4.5ms", "2.10s", "75s". Returns buf. */
char *trace_format_duration(uint64_t ns, int utf8, char *buf, size_t len);

/* C-like text of the call and its result:
 * "semop(3, {{0, -1, 0}}, 1) = 0", "msgrcv(2, 64, 0, IPC_NOWAIT) = -1 ENOMSG",
 * "shmat(5, NULL, SHM_RDONLY) = 0x7f12a000" ("= ?" while not done).
 * Pointers other than shmaddr are left out. Returns buf. */
char *tracecall_format(const struct trace_call *c, char *buf, size_t len);

/* Writes the call as one JSON object with j (a top-level object ends with
 * a newline) (its members:
 * time, epoch-us, pid, tid, command, call, syscall, type, id, key (get
 * calls), args, ret or error and errno, duration-ns). mono_to_real_ns is
 * added to the trace clock to give wall-clock time. */
void tracecall_json(const struct trace_call *c, struct json *j, int64_t mono_to_real_ns);

#endif
