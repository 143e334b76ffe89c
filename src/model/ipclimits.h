/* ipclimits.h — system-wide IPC limits and current usage, like `ipcs -l` and
 * `ipcs -u` / `lsipc --global`. Read with IPC_INFO and *_INFO. */
#ifndef IPCTOP_IPCLIMITS_H
#define IPCTOP_IPCLIMITS_H

#include <stddef.h>
#include <stdint.h>

struct ipc_limits {
	/* limits (IPC_INFO, same values as /proc/sys/kernel/...) */
	uint64_t shmmax, shmmin, shmall, shmmni, shmseg;
	uint64_t msgmax, msgmnb, msgmni;
	uint64_t semmsl, semmns, semopm, semmni, semvmx;
	/* usage (SHM_INFO, MSG_INFO, SEM_INFO) */
	uint64_t shm_segments, shm_pages, shm_rss_pages, shm_swap_pages;
	uint64_t msg_queues, msg_messages, msg_bytes;
	uint64_t sem_sets, sem_sems;
	/* highest index in use per kind (the *_INFO return value), -1 if none */
	int shm_maxidx, msg_maxidx, sem_maxidx;
	uint64_t page_size;
};

/* Fills *lim. Returns 0, or -1 with errno set when a call failed (the fields
 * it would have set are left 0). */
int limits_read(struct ipc_limits *lim);

/* The limits kept in /proc/sys/kernel that root may change. */
enum limit_id {
	LIMIT_SHMMAX, LIMIT_SHMALL, LIMIT_SHMMNI, LIMIT_MSGMAX, LIMIT_MSGMNB, LIMIT_MSGMNI,
	LIMIT_SEMMSL, LIMIT_SEMMNS, LIMIT_SEMOPM, LIMIT_SEMMNI, LIMIT_COUNT
};

/* "SHMMAX", ... */
const char *limits_name(enum limit_id id);
/* The file holding it: "/proc/sys/kernel/shmmax", ... (always there: the
 * per-IPC-namespace sysctl of the calling process). */
const char *limits_file(enum limit_id id);
/* The current value of a limit from *lim. */
uint64_t limits_value(const struct ipc_limits *lim, enum limit_id id);

/* Writes a new value to limits_file(id), opened O_NOFOLLOW (the four
 * semaphore limits share "sem": the others are kept from *lim). `call` gets
 * the equivalent C, `err` "" or the error ("open(/proc/sys/kernel/shmmax):
 * Permission denied (only root ...)"). Returns 0, or -1 with errno. */
int limits_write(const struct ipc_limits *lim, enum limit_id id, uint64_t value, char *call,
		 size_t calllen, char *err, size_t errlen);

#endif
