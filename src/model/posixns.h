/* posixns.h — whose /dev/shm and /dev/mqueue the POSIX view lists:
 * ipctop's own, or those of a process in another mount namespace (--ns PID,
 * or the namespace chosen in the N view).
 *
 * /dev/shm belongs to the mount namespace, not to the IPC namespace that
 * --ns enters. ipctop never leaves its own mount namespace (its terminal,
 * locale and log files stay where they are): it opens the other process's
 * directories through /proc/PID/root with openat2(RESOLVE_IN_ROOT), so a
 * symlink in there resolves inside that process's root, and keeps them
 * open, so the process exiting or its pid being reused changes nothing.
 * Removal then uses unlinkat on that directory (posixipc_remove_at). */
#ifndef IPCTOP_POSIXNS_H
#define IPCTOP_POSIXNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/posixipc.h"

struct posixns {
	int shm_fd;      /* that process's /dev/shm (O_PATH), -1: ipctop's own */
	int mq_fd;       /* its /dev/mqueue, -1 when it has none */
	pid_t pid;       /* whose files: 0 for ipctop's own */
	char comm[64];   /* that process's command name (as read: not sanitised) */
	char dir[48];    /* "/proc/PID/root/dev/shm" (the call texts name it) */
	uint64_t mnt;    /* N of mnt:[N], the mount namespace of the files shown */
	bool foreign;    /* ipctop is in an IPC namespace whose files it cannot
			  * show (--ns PATH, or the process could not be
			  * followed): the files shown are its own; no removal */
	bool other_user; /* the namespace belongs to another user namespace: no
			  * shm/sem removal (root's unlink would reach whatever
			  * its owner mounted there, e.g. a bind of /etc) */
	char why[320];   /* why a process is not followed ("" when it is) */
};

/* ipctop's own files, foreign as described above; closes what w held (w
 * may be uninitialised memory only the first time: use POSIXNS_INIT). */
#define POSIXNS_INIT { .shm_fd = -1, .mq_fd = -1 }
void posixns_own(struct posixns *w, bool foreign);

/* Shows the files of pid's mount namespace (ipctop's own when pid has
 * ipctop's mount namespace and root). pid must be in the IPC namespace
 * ipctop is in now (after setns): otherwise it has exited and its pid was
 * reused, or it moved. Returns 0; or -1 with errno, w as after
 * posixns_own(w, true) and w->why "<call>: <strerror> (<meaning>)". */
int posixns_follow(struct posixns *w, pid_t pid);

void posixns_close(struct posixns *w);

/* posixipc_list over w's directories. */
int posixns_list(const struct posixns *w, struct posix_list *l);

/* Whether o (listed with w) may be removed; false with the reason in err
 * (a sentence for the status line). */
bool posixns_may_remove(const struct posixns *w, const struct posix_object *o, char *err, size_t errlen);

/* posixipc_remove, or posixipc_remove_at on w's /dev/shm. */
int posixns_remove(const struct posixns *w, enum posix_kind kind, const char *name, char *call,
		   size_t calllen, char *err, size_t errlen);

#endif
