/* worker.h — blocking operations (semop, msgrcv, msgsnd without
 * IPC_NOWAIT) and long ones (a fill of a large shm range, OP_SHM_FILL) run
 * in child processes so the UI never blocks. Each worker
 * reports its struct op_result (and received bytes) over a pipe whose read
 * end the UI polls; results are appended to the action log on collection.
 *
 * Parent side contract: nothing here blocks except worker_cancel() and
 * worker_kill_all(), which wait at most ~0.2 s for a child to die after
 * SIGTERM before SIGKILL. Children die with the parent (PR_SET_PDEATHSIG),
 * run with default signal dispositions in their own process group, and
 * never touch the terminal.
 *
 * UI loop: poll() the fds of worker_get(i) for POLLIN; when one is readable
 * call worker_collect(fd); on SIGCHLD call worker_reap(); on quit call
 * worker_kill_all(); from a crash handler call worker_kill_all_async(). */
#ifndef IPCTOP_WORKER_H
#define IPCTOP_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "ops/ops.h"

#define WORKER_MAX 64

/* What a worker runs: the operation kinds that may block or take long
 * (OPK_WORKER in opkind.h), by the same values. */
enum worker_kind {
	WORKER_SEMOP = OP_SEM_OP,
	WORKER_MSGRCV = OP_MSG_RECV,
	WORKER_MSGSND = OP_MSG_SEND,
	WORKER_FILL = OP_SHM_FILL,
};

struct worker {
	int id;                  /* 1, 2, ... never reused in a session */
	pid_t pid;
	int fd;                  /* pipe read end, O_NONBLOCK|O_CLOEXEC */
	enum worker_kind kind;
	int objid;               /* semid or msqid; shmid of a fill (-1 unknown) */
	char desc[OPS_CALL_LEN]; /* the C call, e.g. `semop(3, {{0, -1, 0}}, 1)` */
	struct timespec started; /* CLOCK_MONOTONIC */
	uint64_t total;          /* WORKER_FILL: bytes to set; else 0 */
	const uint64_t *done;    /* WORKER_FILL: bytes set so far, written by
	                            the child (read it with worker_progress) */
};

/* Forks a worker running req (OP_SEM_OP, OP_MSG_RECV or OP_MSG_SEND, with
 * or without IPC_NOWAIT; OP_SHM_FILL on a segment this process attached
 * with ops_shm_attach: the child inherits the mapping, so nattch counts it
 * while it runs, and reports its progress through shared memory).
 * Returns the worker id (> 0) with res->message
 * saying it started, or -1 with *res a refusal or failure (read-only mode,
 * bad arguments as ops_check, too many workers, pipe/fork errors), which is
 * also logged. */
int worker_start(const struct op_request *req, struct op_result *res);
int worker_start_semop(int semid, const struct sembuf *sops, size_t nsops, struct op_result *res);
int worker_start_msgrcv(int msqid, long msgtyp, size_t maxsize, int flags, struct op_result *res);
int worker_start_msgsnd(int msqid, long mtype, const void *bytes, size_t n, int flags,
			struct op_result *res);

/* Workers still waiting (started, result not collected), oldest first. */
size_t worker_count(void);
const struct worker *worker_get(size_t i); /* NULL when i >= worker_count() */
const struct worker *worker_find(int id);  /* a waiting worker, or NULL */

/* Milliseconds since the worker started. */
long worker_elapsed_ms(const struct worker *w);

/* Bytes a fill worker has set so far (0 for other kinds). */
uint64_t worker_progress(const struct worker *w);

/* Whether a waiting worker reports progress (the UI then redraws while it
 * runs, not only on its result). */
bool worker_any_progress(void);

/* Reads what the worker behind fd wrote. Returns 1 when its result is
 * complete: *res is filled (free with ops_result_free), *info (if not
 * NULL) gets a copy of the worker, the result is logged, the fd is closed
 * and the worker leaves the list. A worker that died without a result gives
 * ret -1, err ECHILD and a message saying so. Returns 0 when more is to
 * come (poll again), -1 (EBADF) when fd is not a waiting worker's. */
int worker_collect(int fd, struct op_result *res, struct worker *info);

/* Cancels a waiting worker: SIGTERM to its pid, reaped (SIGKILL after
 * ~0.2 s). Returns 0 when cancelled, 1 when it had already finished (its
 * result is logged and dropped), -1 (ESRCH) for no such waiting worker.
 * A cancelled fill leaves the bytes it set; the log note says how many. */
int worker_cancel(int id);

/* Reaps finished workers without blocking (waitpid WNOHANG on each of our
 * pids only; other children are left alone). For SIGCHLD. Returns the
 * number reaped. */
int worker_reap(void);

/* Quit: SIGTERM to every worker, reap all (SIGKILL stragglers), close
 * their fds and forget them. */
void worker_kill_all(void);

/* Crash handler: SIGKILL to every live worker pid; only kill(2). */
void worker_kill_all_async(void);

#endif
