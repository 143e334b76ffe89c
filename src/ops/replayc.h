/* replayc.h — writing the replay program (actionlog_write_c): one kept
 * action (struct op_replay), the writer with the variables that name the
 * objects and attachments the session made (shm_3, msq_7, at_5), and the
 * C pieces every kind's emitter (opkind.h) writes with: checked calls,
 * string literals, keys. */
#ifndef IPCTOP_REPLAYC_H
#define IPCTOP_REPLAYC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "model/ipcobj.h"
#include "ops/ops.h"

/* One action kept for replay. */
struct op_replay {
	struct op_request req; /* deep copy (oprequest_copy) */
	int ret, err;
	bool refused;
	int id;      /* created or acted-on id */
	void *addr;  /* SHM_ATTACH result */
	size_t len;  /* MSG_RECV/PEEK: bytes received */
	size_t cut;  /* a write whose bytes were cut for keeping: the bytes
	                written (more than req.nbytes); else 0 */
	time_t when;
	char call[OPS_CALL_LEN];
};

/* A variable of the program: an object made in the session (kind, id) or
 * an attachment (kind KIND_COUNT, addr). */
struct replayc_var {
	enum ipc_kind kind;
	int id;
	void *addr;
	size_t n; /* the variable's number: shm_3, at_5 */
	bool live;
};

struct replayc {
	FILE *out;
	struct replayc_var *vars;
	size_t nvars, cap;
	int failed; /* allocation failed: the program is incomplete */
};

/* Records variable number n for a new object or attachment; an older one
 * with the same id (or address) is hidden. */
void replayc_var_add(struct replayc *w, enum ipc_kind kind, int id, void *addr, size_t n);
/* The live variable of (kind, id) or of the attachment at addr
 * (kind KIND_COUNT), or NULL. */
struct replayc_var *replayc_var_find(struct replayc *w, enum ipc_kind kind, int id, const void *addr);
/* The variable's name: "shm_3", "msq_3", "sem_3", "at_3" (KIND_COUNT). */
char *replayc_var_name(enum ipc_kind kind, size_t n, char *buf, size_t len);
/* The C expression for an object id: its variable or the literal. */
char *replayc_id(struct replayc *w, enum ipc_kind kind, int id, char *buf, size_t len);
/* Frees the variables. */
void replayc_free(struct replayc *w);

/* `if (cond) { perror(what); return 1; }` indented by depth tabs (1..3). */
void replayc_check(FILE *out, int depth, const char *cond, const char *what);
/* data[n] as a C string literal (payload_format uncut), malloc'd; NULL
 * when out of memory. NULL data is "". */
char *replayc_literal(const void *data, size_t n);
/* A key argument: "IPC_PRIVATE" or "(key_t)0x0000162e". */
void replayc_key(FILE *out, int key);

#endif
