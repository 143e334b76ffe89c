/* errtext.h — what an errno means for one System V IPC call, in words a user
 * can act on, and the one-line message "<call>: <strerror> (<meaning>)".
 * Pure functions of their arguments: no system calls.
 *
 * The error-text convention of the core's interfaces (src/; HACKING.md
 * repeats it):
 * - A function that can fail with something to tell the user returns -1
 *   (or NULL, false) with errno set, and writes one line into the caller's
 *   buffer, passed last as `char *err, size_t errlen`:
 *   "<call>: <strerror> (<what it means here>)", built with errtext_format
 *   or, ending the function, `return errtext_fail(err, errlen, ...)`. The
 *   contract says whether err may be NULL and what it holds on success
 *   ("" or untouched). Never translated: the call and the errno text;
 *   translated (_()): the meaning.
 * - Where the user also sees the exact call, its text comes just before:
 *   `char *call, size_t calllen, char *err, size_t errlen` (sigtable_send,
 *   posixipc_remove, limits_write).
 * - Parsers of user input write their reason the same way, as `err`, with
 *   strbuf_reason ("'0x1g': 'g' is not a hex digit"): no call, no errno.
 *   Only parsers whose every reason is a fixed text (parse.h) hand it back
 *   as `const char **why` instead: nothing to size or cut, and the caller
 *   puts it into its own sentence ("-d '0': delay must be 1..36000").
 * - The playground's operations (ops.h) return a struct op_result: its
 *   message is the same one line, next to the call text, return value and
 *   errno that the action log and the UI need as well.
 * - A text that reports success (what a cleanup removed) is not an error
 *   and is not called err (scenario_cleanup_stale's report). */
#ifndef IPCTOP_ERRTEXT_H
#define IPCTOP_ERRTEXT_H

#include <stddef.h>

#include "model/ipclimits.h"

enum ipc_call {
	CALL_FTOK,
	CALL_SHMGET,
	CALL_SHMAT,
	CALL_SHMDT,
	CALL_SHMCTL,
	CALL_MSGGET,
	CALL_MSGSND,
	CALL_MSGRCV,
	CALL_MSGCTL,
	CALL_SEMGET,
	CALL_SEMOP,
	CALL_SEMCTL,
	CALL_COUNT
};

/* Which kinds of semop operations were asked (for EAGAIN / blocking). */
enum errtext_semop {
	ERRTEXT_SEM_DEC = 1u << 0,  /* some sem_op < 0 */
	ERRTEXT_SEM_ZERO = 1u << 1, /* some sem_op == 0 (wait for zero) */
};

/* What the meaning may mention. Any field may be left at its "unknown"
 * value: ERRTEXT_CTX_INIT gives those. */
struct errtext_ctx {
	int key;          /* *get: the key (EEXIST, ENOENT name it) */
	int has_key;      /* key is meaningful */
	int flags;        /* the call's flags: IPC_NOWAIT, MSG_COPY, SHM_RDONLY ... */
	int cmd;          /* *ctl: IPC_RMID, IPC_SET, SETVAL ...; -1 if none */
	unsigned semop;   /* semop: errtext_semop bits */
	const struct ipc_limits *lim; /* current limits, to name numbers; or NULL */
};
#define ERRTEXT_CTX_INIT { 0, 0, 0, -1, 0, NULL }

/* "shmget", "msgsnd", ... */
const char *errtext_call_name(enum ipc_call call);

/* "EAGAIN", "EIDRM", ...; NULL for an errno it does not know. */
const char *errtext_errno_name(int err);

/* The meaning of err for that call ("queue full", "IPC_EXCL and key
 * 0x00001234 is taken", "limit reached: SEMMNI (32000 sets)" ...), always a
 * non-empty text: a generic one for pairs it has no words for. ctx may be
 * NULL. Returns buf. */
char *errtext_meaning(enum ipc_call call, int err, const struct errtext_ctx *ctx,
		      char *buf, size_t len);

/* "<call>: <strerror(err)> (<meaning>)" for any call name (also "setns",
 * "open", "kill" ...) into buf (nothing when len is 0). Returns buf. */
char *errtext_format(char *buf, size_t len, const char *call, int err, const char *meaning);

/* errtext_format into buf when buf is not NULL, then errno = err; returns
 * -1, so that a failing function can end with `return errtext_fail(...)`. */
int errtext_fail(char *buf, size_t len, const char *call, int err, const char *meaning);

/* "<call>: <strerror> (<meaning>)", e.g.
 * "msgsnd: Resource temporarily unavailable (queue full)". Returns buf. */
char *errtext_message(enum ipc_call call, int err, const struct errtext_ctx *ctx,
		      char *buf, size_t len);

#endif
