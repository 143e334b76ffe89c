/* ops.h — the playground's operations on System V IPC objects: create,
 * attach, send, receive, peek, semop, set values, IPC_SET, IPC_RMID.
 * Each returns a struct op_result with the return value, errno, the exact
 * equivalent C call with its result, and a one-line user message.
 *
 * Every operation is also described by a struct op_request (what the
 * convenience functions build), so workers can run it in a child process
 * and the action log can replay it as C code. ops_run() and the convenience
 * functions append each action to the action log (actionlog.h). What each
 * enum op_kind means (check, call, call text, replay) is its entry in the
 * operation-kind table, opkind.h; oprequest.h keeps copies of requests.
 *
 * Read-only mode (ops_set_read_only) is enforced here: every modifying
 * operation is refused without a system call.
 *
 * Blocking: semop, msgsnd and msgrcv without IPC_NOWAIT may sleep in the
 * kernel. The UI must not call them here; it runs them with worker_start_*
 * (worker.h), which call ops_execute in a child process. */
#ifndef IPCTOP_OPS_H
#define IPCTOP_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/sem.h>
#include <sys/types.h>

#define OPS_CALL_LEN 256
#define OPS_MESSAGE_LEN 384

enum op_kind {
	OP_FTOK,       /* path, proj */
	OP_SHM_CREATE, /* key, size, mode, excl */
	OP_SHM_ATTACH, /* id, flags (SHM_RDONLY or 0) */
	OP_SHM_DETACH, /* addr */
	OP_SHM_WRITE,  /* addr, offset, bytes/nbytes */
	OP_SHM_FILL,   /* addr, offset, size = bytes to set, value = the byte
	                  (0..255), progress (may be NULL); id: the shmid, only
	                  shown (the attachment at addr is what counts) */
	OP_SHM_REMOVE, /* id */
	OP_SHM_SET,    /* id, set */
	OP_MSG_CREATE, /* key, mode, excl, size = msg_qbytes to set (0: default) */
	OP_MSG_SEND,   /* id, mtype (> 0), bytes/nbytes, flags (IPC_NOWAIT) */
	OP_MSG_RECV,   /* id, mtype = msgtyp, size = max bytes, flags (IPC_NOWAIT,
	                  MSG_EXCEPT, MSG_NOERROR) */
	OP_MSG_PEEK,   /* id, mtype = index; MSG_COPY|IPC_NOWAIT, size 0 = MSGMAX */
	OP_MSG_REMOVE, /* id */
	OP_MSG_SET,    /* id, set (qbytes too) */
	OP_SEM_CREATE, /* key, nsems, mode, excl, values/nvalues (0, 1 or nsems) */
	OP_SEM_OP,     /* id, sops/nsops (sem_flg per op: SEM_UNDO, IPC_NOWAIT) */
	OP_SEM_SETVAL, /* id, semnum, value */
	OP_SEM_SETALL, /* id, values/nvalues (must be the set's nsems) */
	OP_SEM_REMOVE, /* id */
	OP_SEM_SET,    /* id, set */
	OP_KIND_COUNT
};

/* Fields for IPC_SET; the has_ flags say which to change (the others keep
 * their current values, read with IPC_STAT first). */
struct ops_ipcset {
	bool has_uid, has_gid, has_mode, has_qbytes;
	uid_t uid;
	gid_t gid;
	unsigned mode;   /* permission bits, 0..0777 */
	uint64_t qbytes; /* msg_qbytes, queues only */
};

/* Values an IPC_SET read before and wrote. */
struct ops_ipcvals {
	uid_t uid;
	gid_t gid;
	unsigned mode;
	uint64_t qbytes; /* queues only */
};

/* One operation and its arguments. Zero-initialise, then set what the
 * kind uses (see enum op_kind). Pointers are only read during the call. */
struct op_request {
	enum op_kind kind;
	int id;                  /* object id */
	int key;                 /* *_CREATE: key_t, IPC_PRIVATE = 0 */
	unsigned mode;           /* *_CREATE: permission bits */
	bool excl;               /* *_CREATE: IPC_EXCL */
	int flags;               /* SHM_RDONLY; IPC_NOWAIT, MSG_EXCEPT, MSG_NOERROR */
	uint64_t size;           /* see enum op_kind */
	long mtype;              /* MSG_SEND mtype, MSG_RECV msgtyp, MSG_PEEK index */
	unsigned nsems;          /* SEM_CREATE */
	int semnum, value;       /* SEM_SETVAL; value: SHM_FILL's byte */
	const char *path;        /* FTOK; *_CREATE: the ftok path key came from
				  * (shown and replayed as ftok()), or NULL */
	int proj;                /* FTOK, and *_CREATE with path: 1..255 */
	void *addr;              /* SHM_DETACH, SHM_WRITE, SHM_FILL */
	size_t offset;           /* SHM_WRITE, SHM_FILL */
	const void *bytes;       /* MSG_SEND payload, SHM_WRITE data */
	size_t nbytes;
	const struct sembuf *sops; /* SEM_OP */
	size_t nsops;
	const int *values;       /* SEM_CREATE, SEM_SETALL: 0..SEMVMX each */
	size_t nvalues;
	struct ops_ipcset set;   /* *_SET */
	uint64_t *progress;      /* SHM_FILL: bytes set so far, stored as the
	                            fill goes (atomically), e.g. in memory a
	                            worker shares with the UI; or NULL */
};

struct op_result {
	int ret;       /* the call's return value; -1 on failure or refusal */
	int err;       /* errno of the failure, 0 on success; EROFS when refused
	                  by read-only mode */
	bool refused;  /* no system call was made (read-only, bad arguments) */
	/* the C call with its result: `semop(32769, {{0, -1, SEM_UNDO}}, 1) = 0`,
	 * `msgsnd(5, {mtype=2, "hello"}, 5, IPC_NOWAIT) = -1 EAGAIN` */
	char call[OPS_CALL_LEN];
	/* failure: `<call>: <strerror> (<meaning>)`, or "read-only mode
	 * (--read-only): ... refused"; success: a short summary */
	char message[OPS_MESSAGE_LEN];
	int id;        /* id created or acted on; -1 when none. A create whose
	                  follow-up (SETALL, msg_qbytes) failed has ret -1 and
	                  the new id here. */
	int key;       /* FTOK: the key */
	void *addr;    /* SHM_ATTACH: the attach address */
	size_t size;   /* SHM_ATTACH: the segment size */
	struct ops_ipcvals before, after; /* *_SET */
	long mtype;    /* MSG_RECV, MSG_PEEK: the message's type */
	unsigned char *data; /* MSG_RECV, MSG_PEEK: received bytes (malloc'd) */
	size_t len;    /* bytes in data */
};

/* Read-only mode: every modifying operation fails with err EROFS, refused
 * set, and no system call. Allowed then: FTOK, SHM_ATTACH read-only,
 * SHM_DETACH, MSG_PEEK. */
void ops_set_read_only(bool on);
bool ops_read_only(void);
/* Does this request change anything (refused in read-only mode)? */
bool ops_modifies(const struct op_request *req);

/* Runs the request and appends it to the action log. */
struct op_result ops_run(const struct op_request *req);
/* Runs the request without logging (for worker children). */
struct op_result ops_execute(const struct op_request *req);
/* Checks what can be checked without the kernel (read-only mode, limits
 * from ipclimits: SHMMIN/SHMMAX, MSGMAX, SEMOPM, SEMVMX, mtype > 0, ...).
 * Returns 0, or -1 with *res filled as a refusal. */
int ops_check(const struct op_request *req, struct op_result *res);
/* Frees res->data; safe on any result (also twice). */
void ops_result_free(struct op_result *res);

/* The C call text without its result, e.g. `semop(3, {{0, -1, 0}}, 1)`. */
char *ops_format_call(const struct op_request *req, char *buf, size_t len);

/* Convenience wrappers: build the request, ops_run it. */
struct op_result ops_ftok(const char *path, int proj);
struct op_result ops_shm_create(int key, uint64_t size, unsigned mode, bool excl);
struct op_result ops_shm_attach(int shmid, bool readonly);
struct op_result ops_shm_detach(void *addr);
/* Copies n bytes to addr + offset of a segment attached with
 * ops_shm_attach read-write (bounds checked against the segment size).
 * Through safemem: a page the kernel cannot provide fails the write with
 * EFAULT ("page not available"), never SIGBUS. */
struct op_result ops_shm_write(void *addr, size_t offset, const void *bytes, size_t n);
/* memset(addr + offset, byte, len) on such a segment, the same way; logged
 * as that one memset call, never as a copy of the bytes. For large ranges
 * run it in a worker (worker_start with OP_SHM_FILL): it takes ~0.4 s/GiB. */
struct op_result ops_shm_fill(void *addr, size_t offset, uint64_t len, uint8_t byte);
struct op_result ops_shm_remove(int shmid);
struct op_result ops_shm_set(int shmid, const struct ops_ipcset *set);
/* qbytes > 0: IPC_SET of msg_qbytes right after creating. */
struct op_result ops_msg_create(int key, unsigned mode, bool excl, uint64_t qbytes);
struct op_result ops_msgsnd(int msqid, long mtype, const void *bytes, size_t n, int flags);
/* msgtyp 0: first message; > 0: first of that type (with MSG_EXCEPT: first
 * not of that type); < 0: lowest type <= |msgtyp|. */
struct op_result ops_msgrcv(int msqid, long msgtyp, size_t maxsize, int flags);
/* Copy of the message at index (0 = oldest) without removing it. ENOSYS
 * means the kernel has no MSG_COPY. */
struct op_result ops_msg_peek(int msqid, long index);
struct op_result ops_msg_remove(int msqid);
struct op_result ops_msg_set(int msqid, const struct ops_ipcset *set);
/* nvalues 0: no initial values; 1: that value for all; nsems: one each.
 * Values are set with SETALL after semget. */
struct op_result ops_sem_create(int key, unsigned nsems, unsigned mode, bool excl,
				const int *values, size_t nvalues);
struct op_result ops_semop(int semid, const struct sembuf *sops, size_t nsops);
struct op_result ops_sem_setval(int semid, int semnum, int value);
struct op_result ops_sem_setall(int semid, const int *values, size_t n);
struct op_result ops_sem_remove(int semid);
struct op_result ops_sem_set(int semid, const struct ops_ipcset *set);

#endif
