/* procjson.h — the process parts of the native --json (export.c): who is
 * attached to a segment (each process's attaches and modes, and why their
 * sum differs from nattch), who waits on a queue or set (per object and per
 * semaphore, with commands, operations, holders) and the deadlocks. Field
 * names lower-case, lsipc-like ("command", "waiters", "deadlocks"). */
#ifndef IPCTOP_PROCJSON_H
#define IPCTOP_PROCJSON_H

#include "base/json.h"
#include "model/snapshot.h"

/* "command" (the creator's, as lsipc's COMMAND; null when unknown),
 * "attached": [{"pid","command","mode","attaches","modes"}] or null when
 * some could not be read, and "attach-accounting". Segment o only. */
void procjson_attached(struct json *j, const struct snapshot *s, const struct ipc_object *o);

/* "waiters": [...] of queue or set o (null when not looked for, and
 * "waiters-complete": false when some processes could not be read). */
void procjson_waiters(struct json *j, const struct snapshot *s, const struct ipc_object *o);

/* Inside a semaphore's object: "waiters" (the ones whose blocking
 * operation is on semaphore semnum: pid, command, operation) and
 * "unknown-waiters" (the kernel's ncount + zcount not found). */
void procjson_semaphore(struct json *j, const struct snapshot *s, const struct ipc_object *o, unsigned semnum,
			const struct ipc_semval *v);

/* Top level: "deadlocks": [[pid, semid, semnum, pid, ...], ...] and
 * "waiter-scan": {"threads", "unreadable", "other-namespace", "hidden"};
 * nothing when the snapshot was read without SNAP_WAITERS. */
void procjson_deadlocks(struct json *j, const struct snapshot *s);

#endif
