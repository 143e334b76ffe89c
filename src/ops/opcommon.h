/* opcommon.h — the operation kinds that work alike on the three object
 * kinds, and the pieces their creates share: ftok; IPC_RMID and IPC_SET of
 * a segment, queue or set (one implementation, told apart by the entry's
 * call and object); the *get of a create with its replay variable;
 * IPC_STAT before a change. For the files that implement kinds
 * (opkind.h). */
#ifndef IPCTOP_OPCOMMON_H
#define IPCTOP_OPCOMMON_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/ipcstat.h"
#include "ops/opkind.h"

/* Evaluates expr into var again while it fails with EINTR. */
#define RETRY_EINTR(var, expr)                          \
	do {                                            \
		(var) = (expr);                         \
	} while ((var) == -1 && errno == EINTR)

extern const struct opkind opcommon_ftok;
extern const struct opkind opcommon_shm_remove, opcommon_msg_remove, opcommon_sem_remove;
extern const struct opkind opcommon_shm_set, opcommon_msg_set, opcommon_sem_set;

/* Refuses (EINVAL, k->call) permission bits above 0777. Returns 0 or -1. */
int opcommon_check_mode(const struct opkind *k, unsigned mode, struct op_result *res, struct strbuf *sb);

/* The *get of a create (k->object), with IPC_CREAT (and IPC_EXCL when
 * r->excl) and r->mode: returns the new id, also in res->ret and res->id,
 * with " = id" appended; or -1 with res failed. */
int opcommon_get(const struct opkind *k, const struct op_request *r, struct op_result *res,
		 struct strbuf *sb);

/* The call text of a create: `shmget(key, size, flags)`,
 * `msgget(key, flags)`, `semget(key, nsems, flags)` (the .format of the
 * three). */
void opcommon_format_get(const struct opkind *k, const struct op_request *r, struct strbuf *sb);

/* The replay of a create: `int shm_n = shmget(...)` checked, the variable
 * recorded, its name in id. Returns false, with a comment written, when a
 * follow-up call failed in the session (not replayed). */
bool opcommon_emit_get(const struct opkind *k, struct replayc *w, const struct op_replay *a, size_t n,
		       char *id, size_t idlen);

/* IPC_STAT of id before a change (call names the *ctl for the message);
 * on failure res says so, with " (IPC_STAT first)" in the call text, and
 * -1 is returned. */
int opcommon_stat(enum ipc_call call, enum ipc_kind kind, int id, union ipc_ds *ds, struct op_result *res,
		  struct strbuf *sb);

/* IPC_STAT, change the fields of s, IPC_SET; res->before/after and a
 * message saying what changed. The call text in sb already names the
 * IPC_SET call. Returns 0, or -1 with res failed. */
int opcommon_ipcset(enum ipc_call call, enum ipc_kind kind, int id, const struct ops_ipcset *s,
		    struct op_result *res, struct strbuf *sb);

/* The replay of an IPC_SET of the object named by the C expression id. */
void opcommon_emit_ipcset(struct replayc *w, enum ipc_kind kind, const char *id, const struct ops_ipcset *s);

#endif
