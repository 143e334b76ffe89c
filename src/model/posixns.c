/* posixns.c — owns following a process's mount namespace for the POSIX
 * view: its /dev/shm and /dev/mqueue opened through /proc/PID/root, and
 * the rules for removing what is listed there. */
#define _GNU_SOURCE
#include "model/posixns.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/errtext.h"
#include "base/i18n.h"
#include "proc/procs.h"

void posixns_close(struct posixns *w)
{
	if (w->shm_fd >= 0)
		close(w->shm_fd);
	if (w->mq_fd >= 0)
		close(w->mq_fd);
	w->shm_fd = w->mq_fd = -1;
}

/* The inode of namespace `type` ("mnt", "ipc", "user") of the process
 * whose /proc directory is pfd (AT_FDCWD with "/proc/self/ns/..." for
 * ipctop): the N of "mnt:[N]". 0 with errno when unreadable. */
static uint64_t ns_inode(int pfd, const char *type)
{
	char path[32];
	snprintf(path, sizeof(path), "%sns/%s", pfd == AT_FDCWD ? "/proc/self/" : "", type);
	struct stat st;
	return fstatat(pfd, path, &st, 0) == 0 ? (uint64_t)st.st_ino : 0;
}

void posixns_own(struct posixns *w, bool foreign)
{
	posixns_close(w);
	w->pid = 0;
	w->comm[0] = w->dir[0] = w->why[0] = '\0';
	w->mnt = ns_inode(AT_FDCWD, "mnt");
	w->foreign = foreign;
	w->other_user = false;
}

/* dir (a path under root) opened O_PATH as if root were "/": no symlink
 * or ".." leads out of it. -1 with errno (EAGAIN after a racing rename). */
static int open_in_root(int root, const char *dir)
{
	struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
				.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	long fd;
	int tries = 0;
	do
		fd = syscall(SYS_openat2, root, dir, &how, sizeof(how));
	while (fd < 0 && (errno == EINTR || (errno == EAGAIN && ++tries < 5)));
	return (int)fd;
}

/* Fails posixns_follow: ipctop's own files, foreign, and the reason. */
static int not_followed(struct posixns *w, const char *call, int err, const char *meaning)
{
	posixns_own(w, true);
	errtext_format(w->why, sizeof(w->why), call, err, meaning);
	errno = err;
	return -1;
}

int posixns_follow(struct posixns *w, pid_t pid)
{
	char path[24], call[80], meaning[200];
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	int pfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0) {
		int e = errno;
		snprintf(call, sizeof(call), "open %s", path);
		snprintf(meaning, sizeof(meaning), _("no process %d"), (int)pid);
		return not_followed(w, call, e, meaning);
	}
	uint64_t ipc = ns_inode(pfd, "ipc"), mnt = ns_inode(pfd, "mnt");
	int e = errno;
	if (!ipc || !mnt) {
		close(pfd);
		snprintf(call, sizeof(call), "stat %s/ns/mnt", path);
		snprintf(meaning, sizeof(meaning), "%s",
			 _("not allowed to see the mount namespace of another user's process (run as root)"));
		return not_followed(w, call, e, meaning);
	}
	if (ipc != ns_inode(AT_FDCWD, "ipc")) {
		close(pfd);
		snprintf(meaning, sizeof(meaning), _("pid %d is no longer in the IPC namespace shown"), (int)pid);
		return not_followed(w, path, ESRCH, meaning);
	}
	int root = openat(pfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
	e = errno;
	if (root < 0) {
		close(pfd);
		snprintf(call, sizeof(call), "open %s/root", path);
		snprintf(meaning, sizeof(meaning), "%s",
			 _("not allowed to see the files of another user's process (run as root)"));
		return not_followed(w, call, e, meaning);
	}
	struct stat mine, theirs;
	bool same_root = stat("/", &mine) == 0 && fstat(root, &theirs) == 0 && mine.st_dev == theirs.st_dev &&
			 mine.st_ino == theirs.st_ino;
	if (same_root && mnt == ns_inode(AT_FDCWD, "mnt")) {
		close(root);
		close(pfd);
		posixns_own(w, false);
		return 0;
	}
	bool other_user = ns_inode(pfd, "user") != ns_inode(AT_FDCWD, "user");
	char comm[sizeof(w->comm)];
	procs_comm(pid, comm, sizeof(comm));
	close(pfd);
	int shm = open_in_root(root, "dev/shm");
	e = errno;
	if (shm < 0) {
		close(root);
		snprintf(call, sizeof(call), "openat2 %s/root/dev/shm", path);
		if (e == ENOSYS)
			snprintf(meaning, sizeof(meaning), "%s", _("Linux 5.6 or later is needed to open it safely"));
		else
			snprintf(meaning, sizeof(meaning), _("the /dev/shm of pid %d"), (int)pid);
		return not_followed(w, call, e, meaning);
	}
	int mq = open_in_root(root, "dev/mqueue"); /* -1: none (listed as not mounted) */
	close(root);
	posixns_close(w);
	w->shm_fd = shm;
	w->mq_fd = mq;
	w->pid = pid;
	snprintf(w->comm, sizeof(w->comm), "%s", comm);
	snprintf(w->dir, sizeof(w->dir), "%s/root/dev/shm", path);
	w->mnt = mnt;
	w->foreign = false;
	w->other_user = other_user;
	w->why[0] = '\0';
	return 0;
}

int posixns_list(const struct posixns *w, struct posix_list *l)
{
	return w->shm_fd < 0 ? posixipc_list(l) : posixipc_list_fd(l, w->shm_fd, w->mq_fd);
}

bool posixns_may_remove(const struct posixns *w, const struct posix_object *o, char *err, size_t errlen)
{
	/* Each reason fits an 80-column status line. */
	if (w->foreign)
		snprintf(err, errlen, _("d refused: ipctop's own files (mnt:[%llu]); --ns PID shows a process's"),
			 (unsigned long long)w->mnt);
	else if (w->other_user && o->kind != POSIX_MQ)
		snprintf(err, errlen, _("d refused: pid %d is in another user namespace; use nsenter -t %d -U -m"),
			 (int)w->pid, (int)w->pid);
	else if (o->kind == POSIX_MQ && o->other_ns)
		snprintf(err, errlen, "%s", _("d refused: this queue is another IPC namespace's; mq_unlink misses it"));
	else
		return true;
	return false;
}

int posixns_remove(const struct posixns *w, enum posix_kind kind, const char *name, char *call,
		   size_t calllen, char *err, size_t errlen)
{
	return posixipc_remove_at(w->shm_fd, w->dir, kind, name, call, calllen, err, errlen);
}
