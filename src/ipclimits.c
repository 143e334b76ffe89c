/* ipclimits.c — reads IPC limits (IPC_INFO) and usage (*_INFO) of the current
 * IPC namespace. */
#define _GNU_SOURCE
#include "ipclimits.h"

#include <errno.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

static int read_shm(struct ipc_limits *lim)
{
	struct shminfo info;
	struct shm_info use;
	if (shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&info) < 0)
		return -1;
	lim->shmmax = info.shmmax;
	lim->shmmin = info.shmmin;
	lim->shmall = info.shmall;
	lim->shmmni = info.shmmni;
	lim->shmseg = info.shmseg;
	int maxidx = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&use);
	if (maxidx < 0)
		return -1;
	/* The kernel returns 0, not -1, when nothing is in use. */
	lim->shm_segments = (uint64_t)use.used_ids;
	lim->shm_maxidx = use.used_ids > 0 ? maxidx : -1;
	lim->shm_pages = use.shm_tot;
	lim->shm_rss_pages = use.shm_rss;
	lim->shm_swap_pages = use.shm_swp;
	return 0;
}

static int read_msg(struct ipc_limits *lim)
{
	struct msginfo info;
	if (msgctl(0, IPC_INFO, (struct msqid_ds *)(void *)&info) < 0)
		return -1;
	lim->msgmax = (uint64_t)info.msgmax;
	lim->msgmnb = (uint64_t)info.msgmnb;
	lim->msgmni = (uint64_t)info.msgmni;
	int maxidx = msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&info);
	if (maxidx < 0)
		return -1;
	lim->msg_maxidx = info.msgpool > 0 ? maxidx : -1;
	/* For MSG_INFO the kernel reuses the fields: msgpool = queues in use,
	 * msgmap = messages in all queues, msgtql = bytes in all queues. */
	lim->msg_queues = (uint64_t)info.msgpool;
	lim->msg_messages = (uint64_t)info.msgmap;
	lim->msg_bytes = (uint64_t)info.msgtql;
	return 0;
}

static int read_sem(struct ipc_limits *lim)
{
	struct seminfo info;
	union { struct seminfo *buf; } arg = { .buf = &info };
	if (semctl(0, 0, IPC_INFO, arg) < 0)
		return -1;
	lim->semmsl = (uint64_t)info.semmsl;
	lim->semmns = (uint64_t)info.semmns;
	lim->semopm = (uint64_t)info.semopm;
	lim->semmni = (uint64_t)info.semmni;
	lim->semvmx = (uint64_t)info.semvmx;
	int maxidx = semctl(0, 0, SEM_INFO, arg);
	if (maxidx < 0)
		return -1;
	lim->sem_maxidx = info.semusz > 0 ? maxidx : -1;
	/* For SEM_INFO: semusz = sets in use, semaem = semaphores in all sets. */
	lim->sem_sets = (uint64_t)info.semusz;
	lim->sem_sems = (uint64_t)info.semaem;
	return 0;
}

int limits_read(struct ipc_limits *lim)
{
	memset(lim, 0, sizeof(*lim));
	lim->shm_maxidx = lim->msg_maxidx = lim->sem_maxidx = -1;
	long page = sysconf(_SC_PAGESIZE);
	lim->page_size = page > 0 ? (uint64_t)page : 4096;
	int rc = 0, saved = 0;
	if (read_shm(lim) < 0) { rc = -1; saved = errno; }
	if (read_msg(lim) < 0) { rc = -1; saved = errno; }
	if (read_sem(lim) < 0) { rc = -1; saved = errno; }
	if (rc < 0)
		errno = saved;
	return rc;
}
