/* export.h — non-interactive outputs of a snapshot: the ipcs-like text of
 * --once and the lsipc-style JSON of --json. */
#ifndef IPCTOP_EXPORT_H
#define IPCTOP_EXPORT_H

#include <stdio.h>

#include "base/json.h"
#include "model/snapshot.h"

/* Sections per kind present in `kinds`, columns like `ipcs -a`, sizes in
 * exact bytes. Returns 0, or -1 if writing failed. */
int export_text(FILE *out, const struct snapshot *s, unsigned kinds);

/* {"namespace":..., "shm":[...], "msg":[...], "sem":[...], "limits":{...},
 * "usage":{...}}; field names are lsipc's columns in lower case. Semaphore
 * sets carry "semaphores":[{"semnum","value","ncount","zcount","pid"}];
 * segments their creator's "command" and the processes "attached"; queues
 * and sets their "waiters"; the top level the "deadlocks" (procjson.h). */
int export_json(FILE *out, const struct snapshot *s, unsigned kinds);

/* The fields of one object in --json (common and per kind, without the
 * "attached" and "semaphores" arrays), into the open JSON object of j;
 * also the "object" of --watch's created and removed events. */
void export_json_fields(struct json *j, const struct ipc_object *o);

#endif
