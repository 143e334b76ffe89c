/* posixipc.h — POSIX IPC objects: shared memory objects and named
 * semaphores (files in /dev/shm, "sem.NAME" for semaphores) and message
 * queues (files in /dev/mqueue when an mqueue file system is mounted
 * there); listing and removing them with the C call as text.
 *
 * Namespaces: /dev/shm is a plain tmpfs, shared by every IPC namespace of
 * the mount namespace. Message queues belong to the IPC namespace, and an
 * mqueue mount shows the queues of the namespace it was mounted from; the
 * list notices when that differs from ours (mqueue_other_ns). */
#ifndef IPCTOP_POSIXIPC_H
#define IPCTOP_POSIXIPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define POSIXIPC_MQUEUE_HINT "mount -t mqueue none /dev/mqueue"

enum posix_kind { POSIX_SHM, POSIX_SEM, POSIX_MQ, POSIX_KIND_COUNT };

struct posix_object {
	enum posix_kind kind;
	char name[258];   /* as the *_open calls take it: "/NAME" */
	uid_t uid;
	gid_t gid;
	unsigned mode;    /* permission bits (0777) */
	time_t mtime;
	uint64_t size;    /* shm: bytes; sem: file size; mq: QSIZE, bytes queued */
	bool has_value;   /* sem: value read with sem_open + sem_getvalue */
	int value;
	bool has_attr;    /* mq: read with mq_open + mq_getattr (same queue) */
	long msgs, maxmsg, msgsize;
};

struct posix_list {
	struct posix_object *v; /* sorted by kind, then name */
	size_t count, cap;
	bool mqueue_mounted;  /* false: queues cannot be listed; see POSIXIPC_MQUEUE_HINT */
	bool mqueue_other_ns; /* the mount shows another IPC namespace's queues */
	size_t unreadable;    /* entries that could not be examined (EACCES...) */
};

/* "shm", "sem", "mq". */
const char *posixipc_kind_name(enum posix_kind kind);

/* Lists /dev/shm and /dev/mqueue into *l (zeroed or a previous result,
 * replaced). Returns 0, or -1 with errno when /dev/shm cannot be read or
 * memory runs out. */
int posixipc_list(struct posix_list *l);

/* Same over other directories (tests): semaphore values are read only when
 * shm_dir is /dev/shm (where sem_open looks); mq_dir is checked to be an
 * mqueue file system (statfs). */
int posixipc_list_at(struct posix_list *l, const char *shm_dir, const char *mq_dir);

void posixipc_free(struct posix_list *l);

/* shm_unlink / sem_unlink / mq_unlink of name ("/NAME" or "NAME"). `call`
 * gets e.g. `shm_unlink("/demo") = 0` or `sem_unlink("/x") = -1 ENOENT`;
 * `msg` is "" on success, else "<call>: <strerror> (<meaning>)". Returns 0,
 * or -1 with errno. call/msg may be NULL. */
int posixipc_remove(enum posix_kind kind, const char *name, char *call, size_t calllen, char *msg,
		    size_t msglen);

#endif
