/* ipclimits.h — system-wide IPC limits and current usage, like `ipcs -l` and
 * `ipcs -u` / `lsipc --global`. Read with IPC_INFO and *_INFO. */
#ifndef IPCTOP_IPCLIMITS_H
#define IPCTOP_IPCLIMITS_H

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

#endif
