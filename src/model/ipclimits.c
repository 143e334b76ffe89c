/* ipclimits.c — reads IPC limits (IPC_INFO) and usage (*_INFO) of the current
 * IPC namespace. */
#define _GNU_SOURCE
#include "model/ipclimits.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include "base/i18n.h"

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

/* The files are fixed: nothing (no environment variable) redirects the
 * write, and the path shown is the path written. */
static const struct {
	const char *name, *file;
} limit_files[LIMIT_COUNT] = {
	{ "SHMMAX", "/proc/sys/kernel/shmmax" }, { "SHMALL", "/proc/sys/kernel/shmall" },
	{ "SHMMNI", "/proc/sys/kernel/shmmni" }, { "MSGMAX", "/proc/sys/kernel/msgmax" },
	{ "MSGMNB", "/proc/sys/kernel/msgmnb" }, { "MSGMNI", "/proc/sys/kernel/msgmni" },
	{ "SEMMSL", "/proc/sys/kernel/sem" },    { "SEMMNS", "/proc/sys/kernel/sem" },
	{ "SEMOPM", "/proc/sys/kernel/sem" },    { "SEMMNI", "/proc/sys/kernel/sem" },
};

const char *limits_name(enum limit_id id)
{
	return (unsigned)id < LIMIT_COUNT ? limit_files[id].name : "?";
}

const char *limits_file(enum limit_id id)
{
	return (unsigned)id < LIMIT_COUNT ? limit_files[id].file : "?";
}

uint64_t limits_value(const struct ipc_limits *l, enum limit_id id)
{
	switch (id) {
	case LIMIT_SHMMAX: return l->shmmax;
	case LIMIT_SHMALL: return l->shmall;
	case LIMIT_SHMMNI: return l->shmmni;
	case LIMIT_MSGMAX: return l->msgmax;
	case LIMIT_MSGMNB: return l->msgmnb;
	case LIMIT_MSGMNI: return l->msgmni;
	case LIMIT_SEMMSL: return l->semmsl;
	case LIMIT_SEMMNS: return l->semmns;
	case LIMIT_SEMOPM: return l->semopm;
	default: return l->semmni;
	}
}

int limits_write(const struct ipc_limits *lim, enum limit_id id, uint64_t value, char *call,
		 size_t calllen, char *err, size_t errlen)
{
	char text[96];
	snprintf(err, errlen, "%s", "");
	if ((unsigned)id >= LIMIT_COUNT) {
		snprintf(err, errlen, "%s", _("unknown limit"));
		errno = EINVAL;
		return -1;
	}
	if (id >= LIMIT_SEMMSL) {
		uint64_t v[4] = { lim->semmsl, lim->semmns, lim->semopm, lim->semmni };
		v[id - LIMIT_SEMMSL] = value;
		snprintf(text, sizeof(text), "%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", v[0], v[1], v[2], v[3]);
	} else {
		snprintf(text, sizeof(text), "%" PRIu64 "\n", value);
	}
	const char *path = limit_files[id].file;
	size_t len = strlen(text);
	snprintf(call, calllen, "write(open(\"%s\", O_WRONLY), \"%.*s\\n\", %zu)", path, (int)len - 1, text, len);
	int fd;
	do
		fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		int e = errno;
		snprintf(err, errlen, "open(%s): %s (%s)", path, strerror(e),
			 e == EACCES || e == EPERM || e == EROFS ? _("only root may change IPC limits") : _("cannot change the limit"));
		errno = e;
		return -1;
	}
	ssize_t n;
	do
		n = write(fd, text, len);
	while (n < 0 && errno == EINTR);
	int e = errno;
	if (close(fd) < 0 && n >= 0) {
		n = -1;
		e = errno;
	}
	if (n != (ssize_t)len) {
		snprintf(err, errlen, "write(%s): %s (%s)", path, n < 0 ? strerror(e) : _("short write"),
			 e == EINVAL || e == ERANGE ? _("the kernel refused this value") : _("the limit may be unchanged"));
		errno = n < 0 ? e : EIO;
		return -1;
	}
	return 0;
}
