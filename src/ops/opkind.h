/* opkind.h — the operation-kind table: for each enum op_kind, everything
 * that kind means — the system call its errors are explained for, the
 * object kind it acts on, whether it changes anything (read-only mode),
 * creates an object, names its object by id, may block (a worker runs
 * it), its argument check, its C call text, the code that makes the call,
 * and the C it writes into the replay program. ops.c runs requests with
 * it, actionlog.c writes the replay program with it, worker.c asks it what
 * may run in a worker.
 *
 * Adding a kind: its value in enum op_kind (ops.h), its entry and
 * functions in the file of its object kind (opshm.c, opmsg.c, opsem.c;
 * opcommon.c for what the three share), one line in opkind.c's table. */
#ifndef IPCTOP_OPKIND_H
#define IPCTOP_OPKIND_H

#include <stdbool.h>
#include <stddef.h>

#include "base/errtext.h"
#include "base/strbuf.h"
#include "model/ipclimits.h"
#include "model/ipcobj.h"
#include "ops/ops.h"
#include "ops/replayc.h"

enum opkind_flag {
	OPK_MODIFIES = 1u << 0, /* changes something: refused in read-only mode
	                           (unless modifies() says otherwise) */
	OPK_CREATES = 1u << 1,  /* makes an object: res->id is the new id, and
	                           the replay keeps it when a follow-up failed */
	OPK_BY_ID = 1u << 2,    /* names its object by req->id (res->id starts so) */
	OPK_WORKER = 1u << 3,   /* may block or take long: may run in a worker */
	OPK_CUT_DATA = 1u << 4, /* its bytes may be cut when kept for the replay
	                           (the program says so) */
};

struct opkind {
	enum ipc_call call;   /* the call whose errno meanings explain failures */
	enum ipc_kind object; /* the kind of object; KIND_COUNT: none (ftok) */
	unsigned flags;       /* enum opkind_flag bits */
	/* Optional: whether this request changes anything, when that depends
	 * on its arguments (shmat without SHM_RDONLY). NULL: OPK_MODIFIES. */
	bool (*modifies)(const struct op_request *r);
	/* Optional: fills in what the request leaves to the limits (a peek's
	 * size 0 is MSGMAX) before it is formatted and run. */
	void (*prepare)(struct op_request *r, const struct ipc_limits *lim);
	/* Optional: the checks that need no kernel (limits read into lim; a
	 * field it could not read is 0: that check is skipped). Returns 0, or
	 * -1 with res refused (opresult_refuse). sb holds the call text. */
	int (*check)(const struct opkind *k, const struct op_request *r, const struct ipc_limits *lim,
		     struct op_result *res, struct strbuf *sb);
	/* Appends the C call without its result: `semop(3, {{0, -1, 0}}, 1)`. */
	void (*format)(const struct opkind *k, const struct op_request *r, struct strbuf *sb);
	/* Makes the call(s), retried on EINTR: fills res (opresult.h) and
	 * appends the result to the call text in sb (" = 0", " = -1 EAGAIN"). */
	void (*execute)(const struct opkind *k, const struct op_request *r, struct op_result *res,
			struct strbuf *sb);
	/* Writes the replay program's code for an action that ran (or, for a
	 * create, whose object was made); n numbers its variables. */
	void (*emit)(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n);
	/* Optional: bytes the program's message buffer needs for the action;
	 * NULL: it uses none. */
	size_t (*msgbuf)(const struct op_replay *a);
};

/* The entry of kind, or NULL for a value outside enum op_kind. */
const struct opkind *opkind_of(enum op_kind kind);

#endif
