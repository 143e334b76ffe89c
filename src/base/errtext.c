/* errtext.c — owns the words for (System V IPC call, errno) pairs and the
 * "<call>: <strerror> (<meaning>)" message format. Meanings are translated
 * (gettext); call and errno names never are. */
#define _GNU_SOURCE
#include "base/errtext.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "base/format.h"
#include "base/i18n.h"

static const char *const call_names[CALL_COUNT] = {
	[CALL_FTOK] = "ftok",     [CALL_SHMGET] = "shmget", [CALL_SHMAT] = "shmat",
	[CALL_SHMDT] = "shmdt",   [CALL_SHMCTL] = "shmctl", [CALL_MSGGET] = "msgget",
	[CALL_MSGSND] = "msgsnd", [CALL_MSGRCV] = "msgrcv", [CALL_MSGCTL] = "msgctl",
	[CALL_SEMGET] = "semget", [CALL_SEMOP] = "semop",   [CALL_SEMCTL] = "semctl",
};

const char *errtext_call_name(enum ipc_call call)
{
	if ((unsigned)call >= CALL_COUNT)
		return "?";
	return call_names[call];
}

#define ERRNO_NAME(e) { e, #e }
static const struct {
	int err;
	const char *name;
} errno_names[] = {
	ERRNO_NAME(EPERM),   ERRNO_NAME(ENOENT),  ERRNO_NAME(ESRCH),  ERRNO_NAME(EINTR),
	ERRNO_NAME(EIO),     ERRNO_NAME(ENXIO),   ERRNO_NAME(E2BIG),  ERRNO_NAME(EBADF),
	ERRNO_NAME(ECHILD),  ERRNO_NAME(EAGAIN),  ERRNO_NAME(ENOMEM), ERRNO_NAME(EACCES),
	ERRNO_NAME(EFAULT),  ERRNO_NAME(EBUSY),   ERRNO_NAME(EEXIST), ERRNO_NAME(ENODEV),
	ERRNO_NAME(ENOTDIR), ERRNO_NAME(EISDIR),  ERRNO_NAME(EINVAL), ERRNO_NAME(ENFILE),
	ERRNO_NAME(EMFILE),  ERRNO_NAME(EFBIG),   ERRNO_NAME(ENOSPC), ERRNO_NAME(EROFS),
	ERRNO_NAME(EPIPE),   ERRNO_NAME(EDOM),    ERRNO_NAME(ERANGE), ERRNO_NAME(ENAMETOOLONG),
	ERRNO_NAME(ENOSYS),  ERRNO_NAME(ELOOP),   ERRNO_NAME(ENOMSG), ERRNO_NAME(EIDRM),
	ERRNO_NAME(EOVERFLOW),
};

const char *errtext_errno_name(int err)
{
	for (size_t i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	return NULL;
}

static int is_get(enum ipc_call c)
{
	return c == CALL_SHMGET || c == CALL_MSGGET || c == CALL_SEMGET;
}

static int is_ctl(enum ipc_call c)
{
	return c == CALL_SHMCTL || c == CALL_MSGCTL || c == CALL_SEMCTL;
}

/* Calls that may sleep, so an object can vanish or a signal arrive meanwhile. */
static int may_block(enum ipc_call c)
{
	return c == CALL_MSGSND || c == CALL_MSGRCV || c == CALL_SEMOP;
}

static const char *object_word(enum ipc_call c)
{
	switch (c) {
	case CALL_SHMGET: case CALL_SHMAT: case CALL_SHMDT: case CALL_SHMCTL:
		return _("segment");
	case CALL_MSGGET: case CALL_MSGSND: case CALL_MSGRCV: case CALL_MSGCTL:
		return _("queue");
	case CALL_SEMGET: case CALL_SEMOP: case CALL_SEMCTL:
		return _("set");
	default:
		return _("object");
	}
}

static char *key_text(const struct errtext_ctx *c, char *buf, size_t len)
{
	if (!c->has_key)
		snprintf(buf, len, _("the key"));
	else if (c->key == IPC_PRIVATE)
		snprintf(buf, len, "IPC_PRIVATE");
	else {
		char k[16];
		snprintf(buf, len, _("key %s"), format_key(c->key, k, sizeof(k)));
	}
	return buf;
}

static const char *m_eacces(enum ipc_call call, const struct errtext_ctx *c)
{
	switch (call) {
	case CALL_SHMGET: case CALL_MSGGET: case CALL_SEMGET:
		return NULL; /* names the key: see meaning_keyed */
	case CALL_SHMAT:
		return (c->flags & SHM_RDONLY) ? _("no read permission on the segment")
					       : _("no read-write permission on the segment (try read-only)");
	case CALL_MSGSND:
		return _("no write permission on the queue");
	case CALL_MSGRCV:
		return _("no read permission on the queue");
	case CALL_SEMOP:
		return _("no permission on the set (changing values needs alter, waiting for zero needs read)");
	case CALL_SHMCTL: case CALL_MSGCTL: case CALL_SEMCTL:
		if (c->cmd == SETVAL || c->cmd == SETALL)
			return _("no alter permission on the set");
		return _("no read permission on the object");
	case CALL_FTOK:
		return _("a directory on the path is not searchable");
	default:
		return _("permission denied by the object's mode");
	}
}

static const char *m_eperm(enum ipc_call call, const struct errtext_ctx *c)
{
	if (call == CALL_MSGCTL && c->cmd == IPC_SET)
		return _("only the owner, the creator or a privileged user may change it, and "
		       "raising msg_qbytes above MSGMNB needs CAP_SYS_RESOURCE");
	if (is_ctl(call) && (c->cmd == IPC_SET || c->cmd == IPC_RMID))
		return c->cmd == IPC_RMID
			       ? _("only the owner, the creator or a privileged user may remove it")
			       : _("only the owner, the creator or a privileged user may change it");
	return _("operation not permitted for this user");
}

static const char *m_einval(enum ipc_call call, const struct errtext_ctx *c)
{
	switch (call) {
	case CALL_SHMGET:
		return NULL; /* names the limits: see meaning_limits */
	case CALL_SEMGET:
		return NULL;
	case CALL_MSGGET:
		return _("invalid key or flags");
	case CALL_SHMAT:
		return _("no segment with this id (removed?) or a bad address");
	case CALL_SHMDT:
		return _("no segment is attached at that address");
	case CALL_MSGSND:
		return _("no queue with this id (removed?), mtype < 1, or size above MSGMAX");
	case CALL_MSGRCV:
		if (c->flags & MSG_COPY)
			return _("no queue with this id (removed?), or MSG_COPY without IPC_NOWAIT, "
			       "with MSG_EXCEPT, or with a too small size");
		return _("no queue with this id (removed?)");
	case CALL_SEMOP:
		return _("no set with this id (removed?), or no operations");
	case CALL_MSGCTL:
		if (c->cmd == IPC_SET)
			return _("no queue with this id (removed?), or msg_qbytes of 0");
		return _("no queue with this id (removed?)");
	case CALL_SHMCTL:
		return _("no segment with this id (removed?)");
	case CALL_SEMCTL:
		if (c->cmd == SETVAL || c->cmd == GETVAL)
			return _("no set with this id (removed?), or semnum beyond the set");
		return _("no set with this id (removed?)");
	default:
		return _("invalid argument");
	}
}

static const char *m_eagain(enum ipc_call call, const struct errtext_ctx *c)
{
	switch (call) {
	case CALL_MSGSND:
		return _("queue full");
	case CALL_SEMOP:
		if (c->semop == ERRTEXT_SEM_DEC)
			return _("IPC_NOWAIT and the value would go below 0");
		if (c->semop == ERRTEXT_SEM_ZERO)
			return _("IPC_NOWAIT and the value is not 0");
		return _("IPC_NOWAIT and the operation would block");
	case CALL_MSGRCV:
		return _("no message (IPC_NOWAIT)");
	default:
		return _("the call would block");
	}
}

static const char *m_simple(enum ipc_call call, int err, const struct errtext_ctx *c)
{
	switch (err) {
	case EACCES:
		return m_eacces(call, c);
	case EPERM:
		return m_eperm(call, c);
	case EINVAL:
		return m_einval(call, c);
	case EAGAIN:
		return m_eagain(call, c);
	case EIDRM:
		return may_block(call) ? _("the object was removed while waiting")
				       : _("the object was removed");
	case ENOMEM:
		if (call == CALL_SHMGET)
			return _("not enough memory for the segment");
		if (call == CALL_SHMAT)
			return _("no room in the address space to attach the segment");
		return _("the kernel is out of memory");
	case E2BIG:
		if (call == CALL_MSGRCV)
			return _("message bigger than msgsz, use MSG_NOERROR to truncate it");
		if (call == CALL_SEMOP)
			return NULL; /* names SEMOPM */
		return _("argument too big");
	case ERANGE:
		if (call == CALL_SEMOP)
			return _("the operation would take a value above SEMVMX (32767)");
		if (call == CALL_SEMCTL)
			return _("value above SEMVMX (32767) or below 0");
		return _("value out of range");
	case EFBIG:
		if (call == CALL_SEMOP)
			return _("sem_num beyond the last semaphore of the set");
		return _("value too big");
	case ENOMSG:
		if (c->flags & MSG_COPY)
			return _("no message at that index");
		return _("IPC_NOWAIT and no message of the requested type");
	case EINTR:
		return _("interrupted by a signal while waiting");
	case EFAULT:
		return _("a bad address was passed to the kernel");
	case ENOSYS:
		if (call == CALL_MSGRCV && (c->flags & MSG_COPY))
			return _("this kernel has no MSG_COPY (built without CONFIG_CHECKPOINT_RESTORE), "
			       "peeking is not possible");
		return _("not supported by this kernel");
	case EROFS:
		return _("read-only mode (--read-only)");
	case ENOTDIR:
	case ENAMETOOLONG:
	case ELOOP:
		if (call == CALL_FTOK)
			return _("the path is not usable");
		return NULL;
	case ENOENT:
		if (call == CALL_FTOK)
			return _("the path does not exist");
		return NULL;
	default:
		return NULL;
	}
}

/* Meanings that name the key, for the *get calls. */
static int meaning_keyed(enum ipc_call call, int err, const struct errtext_ctx *c,
			 char *buf, size_t len)
{
	if (!is_get(call))
		return 0;
	char k[32];
	key_text(c, k, sizeof(k));
	switch (err) {
	case EEXIST:
		snprintf(buf, len, _("IPC_EXCL and %s is taken"), k);
		return 1;
	case ENOENT:
		snprintf(buf, len, _("no %s has %s and IPC_CREAT was not given"),
			 object_word(call), k);
		return 1;
	case EACCES:
		snprintf(buf, len, _("the %s with %s exists but its permissions deny you"),
			 object_word(call), k);
		return 1;
	default:
		return 0;
	}
}

/* Meanings that name a limit, with its value when the limits are known. */
static int meaning_limits(enum ipc_call call, int err, const struct errtext_ctx *c,
			  char *buf, size_t len)
{
	const struct ipc_limits *l = c->lim;
	if (err == ENOSPC) {
		switch (call) {
		case CALL_SHMGET:
			if (!l)
				snprintf(buf, len, _("limit reached: SHMMNI segments or SHMALL pages"));
			else if (l->shm_segments >= l->shmmni)
				snprintf(buf, len, _("limit reached: SHMMNI (%" PRIu64 " segments)"), l->shmmni);
			else
				snprintf(buf, len, _("limit reached: SHMALL (%" PRIu64 " pages in all segments)"),
					 l->shmall);
			return 1;
		case CALL_MSGGET:
			if (l)
				snprintf(buf, len, _("limit reached: MSGMNI (%" PRIu64 " queues)"), l->msgmni);
			else
				snprintf(buf, len, _("limit reached: MSGMNI queues"));
			return 1;
		case CALL_SEMGET:
			if (!l)
				snprintf(buf, len, _("limit reached: SEMMNI sets or SEMMNS semaphores"));
			else if (l->sem_sets >= l->semmni)
				snprintf(buf, len, _("limit reached: SEMMNI (%" PRIu64 " sets)"), l->semmni);
			else
				snprintf(buf, len, _("limit reached: SEMMNS (%" PRIu64 " semaphores in all sets)"),
					 l->semmns);
			return 1;
		case CALL_SEMOP:
			snprintf(buf, len, _("no memory left for the SEM_UNDO record"));
			return 1;
		default:
			return 0;
		}
	}
	if (err == EINVAL && call == CALL_SHMGET) {
		if (l)
			snprintf(buf, len, _("size outside SHMMIN..SHMMAX (%" PRIu64 "..%" PRIu64
				 "), or larger than the existing segment with this key"),
				 l->shmmin, l->shmmax);
		else
			snprintf(buf, len, _("size outside SHMMIN..SHMMAX, or larger than the "
				 "existing segment with this key"));
		return 1;
	}
	if (err == EINVAL && call == CALL_SEMGET) {
		if (l)
			snprintf(buf, len, _("nsems outside 1..SEMMSL (%" PRIu64 "), or more than the "
				 "existing set with this key has"), l->semmsl);
		else
			snprintf(buf, len, _("nsems outside 1..SEMMSL, or more than the existing set "
				 "with this key has"));
		return 1;
	}
	if (err == E2BIG && call == CALL_SEMOP) {
		if (l)
			snprintf(buf, len, _("more operations than SEMOPM (%" PRIu64 ")"), l->semopm);
		else
			snprintf(buf, len, _("more operations than SEMOPM"));
		return 1;
	}
	return 0;
}

char *errtext_meaning(enum ipc_call call, int err, const struct errtext_ctx *ctx,
		      char *buf, size_t len)
{
	static const struct errtext_ctx none = ERRTEXT_CTX_INIT;
	const struct errtext_ctx *c = ctx ? ctx : &none;
	if (!len)
		return buf;
	if (meaning_keyed(call, err, c, buf, len) || meaning_limits(call, err, c, buf, len))
		return buf;
	const char *m = m_simple(call, err, c);
	if (m)
		snprintf(buf, len, "%s", m);
	else
		snprintf(buf, len, _("unexpected error from %s"), errtext_call_name(call));
	return buf;
}

char *errtext_message(enum ipc_call call, int err, const struct errtext_ctx *ctx,
		      char *buf, size_t len)
{
	char meaning[200];
	errtext_meaning(call, err, ctx, meaning, sizeof(meaning));
	return errtext_format(buf, len, errtext_call_name(call), err, meaning);
}

char *errtext_format(char *buf, size_t len, const char *call, int err, const char *meaning)
{
	if (len)
		snprintf(buf, len, "%s: %s (%s)", call, strerror(err), meaning);
	return buf;
}

int errtext_fail(char *buf, size_t len, const char *call, int err, const char *meaning)
{
	if (buf)
		errtext_format(buf, len, call, err, meaning);
	errno = err;
	return -1;
}
