/* posixipc.h — POSIX IPC objects: shared memory objects and named
 * semaphores (files in /dev/shm, "sem.NAME" for semaphores) and message
 * queues (files in /dev/mqueue when an mqueue file system is mounted
 * there); listing and removing them with the C call as text.
 *
 * Namespaces: /dev/shm is a plain tmpfs, shared by every IPC namespace of
 * the mount namespace. Message queues belong to the IPC namespace, and an
 * mqueue mount shows the queues of the namespace it was mounted from; the
 * list notices when that differs from ours (mqueue_other_ns). The *_fd
 * functions work on directories opened elsewhere (another mount
 * namespace's /dev/shm, see posixns.h).
 *
 * Safety: the files belong to whoever created them and may change at any
 * moment. Nothing here maps them (a file truncated under a mapping raises
 * SIGBUS): they are opened without following symlinks, checked to be
 * regular files on the directory's own file system, reopened for reading
 * through /proc/self/fd (so a FIFO or device swapped in is never opened
 * for reading) and read with pread(); a short read is "value unknown". */
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
	bool has_value;   /* sem: value read from the file (posixipc_sem_value) */
	int value;
	bool has_attr;    /* mq: read with mq_open + mq_getattr (same queue) */
	bool other_ns;    /* mq: mq_open does not reach this queue (another IPC
			   * namespace's mount): mq_unlink would miss it */
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

/* Same over other directories (tests); mq_dir is checked to be an mqueue
 * file system (statfs). */
int posixipc_list_at(struct posix_list *l, const char *shm_dir, const char *mq_dir);

/* Same over directories already open: shm_dirfd (a /dev/shm) and mq_dirfd
 * (a /dev/mqueue, or -1 for none). The descriptors stay open. */
int posixipc_list_fd(struct posix_list *l, int shm_dirfd, int mq_dirfd);

/* The value of a named semaphore: the file `file` ("sem.NAME") of the
 * directory dirfd, read as described at the top (never mapped). The layout
 * is glibc's struct new_sem (nptl/internaltypes.h, read by sem_getvalue):
 * with 64-bit atomics (every 64-bit port, and x32) a uint64_t at offset 0
 * whose low 32 bits are the value (the high half counts waiters); else an
 * unsigned int at offset 0 holding value << 1 (bit 0: waiters). Returns 0
 * with *value, or -1 with errno: ENODATA (shorter than a sem_t, e.g.
 * truncated meanwhile), ERANGE (above SEM_VALUE_MAX: not a glibc
 * semaphore), EINVAL (not a regular file of that file system), or open's
 * (ENOENT, ELOOP for a symlink...). */
int posixipc_sem_value(int dirfd, const char *file, int *value);

void posixipc_free(struct posix_list *l);

/* shm_unlink / sem_unlink / mq_unlink of name ("/NAME" or "NAME"). `call`
 * gets e.g. `shm_unlink("/demo") = 0` or `sem_unlink("/x") = -1 ENOENT`;
 * `err` is "" on success, else "<call>: <strerror> (<meaning>)". Returns 0,
 * or -1 with errno. call/err may be NULL. */
int posixipc_remove(enum posix_kind kind, const char *name, char *call, size_t calllen, char *err,
		    size_t errlen);

/* Same, but shm objects and semaphores are removed from the directory
 * shm_dirfd (named dir_text in the call text) with unlinkat: for another
 * mount namespace's /dev/shm. The name may not contain another slash, nor
 * be "." or ".." (EINVAL). Queues are still removed with mq_unlink (they
 * belong to the IPC namespace ipctop is in). shm_dirfd < 0: as
 * posixipc_remove. */
int posixipc_remove_at(int shm_dirfd, const char *dir_text, enum posix_kind kind, const char *name,
		       char *call, size_t calllen, char *err, size_t errlen);

#endif
