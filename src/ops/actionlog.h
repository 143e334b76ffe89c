/* actionlog.h — the session's action log: a bounded ring of timestamped
 * lines (the exact C call and its result) for the UI, and the replayable
 * record of every action, written as a small C program (--log-c FILE).
 * ops_run() and worker_collect() add to it; the UI only reads it. */
#ifndef IPCTOP_ACTIONLOG_H
#define IPCTOP_ACTIONLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "ops/ops.h"

#define ACTIONLOG_LINES 500         /* lines kept for display */
#define ACTIONLOG_REPLAY_MAX 10000  /* actions kept for actionlog_write_c */
#define ACTIONLOG_DATA_MAX 4096     /* bytes of one shm write kept for replay */
#define ACTIONLOG_MSG_MAX 65536     /* bytes of one received message kept for display */
#define ACTIONLOG_MSG_BUDGET (4u << 20) /* bytes of received messages the ring holds */

struct actionlog_line {
	time_t when;      /* wall clock (clock_now(): honours IPCTOP_FAKE_TIME) */
	long msec;        /* milliseconds within that second */
	bool failed;      /* the call failed or was refused */
	char text[OPS_CALL_LEN];       /* the call and its result, or a note */
	char message[OPS_MESSAGE_LEN]; /* the user message (may be empty) */
	/* A message msgrcv or MSG_COPY returned: its type and bytes, kept
	 * whole for the log (the status line shows only its start). At most
	 * ACTIONLOG_MSG_MAX bytes of one message, and ACTIONLOG_MSG_BUDGET in
	 * all: past that the oldest lines' bytes are dropped (msg NULL). */
	bool has_msg;
	long mtype;
	size_t msg_len;     /* bytes received */
	unsigned char *msg; /* min(msg_len, ACTIONLOG_MSG_MAX) bytes, or NULL: dropped */
};

/* Appends the line for an executed (or refused) request and keeps it for
 * replay. The request's data is copied, a shm write's at most
 * ACTIONLOG_DATA_MAX bytes (the program says what was cut); a fill is kept
 * as its memset arguments. So no action keeps more than a few KiB. */
void actionlog_add(const struct op_request *req, const struct op_result *res);

/* Appends a line that is not a call (e.g. "worker 2 (pid 4711) cancelled"). */
void actionlog_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Lines held, at most ACTIONLOG_LINES; index 0 is the oldest held. */
size_t actionlog_count(void);
/* Line i (0 = oldest held), or NULL when out of range. Valid until the
 * next add. */
const struct actionlog_line *actionlog_get(size_t i);
/* Lines ever added (also those dropped from the ring). */
size_t actionlog_total(void);

/* "18:02:11 semop(3, {{0, -1, SEM_UNDO}}, 1) = 0"; for a received message
 * the call, then ` -> type 1, 5 bytes: "hello"` with every byte kept (as
 * payload_format writes them). Returns buf, cut to len if needed. */
char *actionlog_format_line(const struct actionlog_line *l, char *buf, size_t len);
/* A buffer size that holds actionlog_format_line(l) whole. */
size_t actionlog_line_size(const struct actionlog_line *l);

/* How every program actionlog_write_c writes begins: an existing file is
 * overwritten only when it begins so (safefile_rewrite). */
#define ACTIONLOG_C_MAGIC "/* Replay of an ipctop session: "

/* Writes the session's actions as a C program replaying them in order
 * (compiles with `cc -Wall -Werror`; each call checked with perror, exit 1
 * at the first failure). Objects created in the session are named by
 * variables set by their creating call; others by their literal id. Calls
 * that failed or were refused appear as comments only.
 * Returns 0, or -1 with errno when writing failed. */
int actionlog_write_c(FILE *out);

/* Drops everything (tests, exit). */
void actionlog_clear(void);

#endif
