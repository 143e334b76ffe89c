/* posixipc.c — owns listing POSIX shm objects, named semaphores (from the
 * /dev/shm directory) and message queues (from an mqueue mount), and their
 * removal with call texts and error meanings. */
#define _GNU_SOURCE
#include "model/posixipc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "base/array.h"
#include "base/errtext.h"
#include "base/i18n.h"
#include "base/payload.h"
#include "base/strbuf.h"

/* The mqueue file system's magic (ipc/mqueue.c; not in linux/magic.h). */
#define MQUEUE_MAGIC 0x19800202ul

static const char *const kind_names[POSIX_KIND_COUNT] = { "shm", "sem", "mq" };
static const char *const kind_words[POSIX_KIND_COUNT] = {
	N_("POSIX shared memory object"), N_("POSIX semaphore"), N_("POSIX message queue")
};
static const char *const unlink_names[POSIX_KIND_COUNT] = { "shm_unlink", "sem_unlink", "mq_unlink" };

const char *posixipc_kind_name(enum posix_kind kind)
{
	return (unsigned)kind < POSIX_KIND_COUNT ? kind_names[kind] : "?";
}

static struct posix_object *push(struct posix_list *l, enum posix_kind kind, const char *name,
				 const struct stat *st)
{
	if (array_grow((void **)&l->v, &l->cap, l->count + 1, sizeof(*l->v)) < 0)
		return NULL;
	struct posix_object *o = &l->v[l->count++];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	snprintf(o->name, sizeof(o->name), "/%s", name);
	o->uid = st->st_uid;
	o->gid = st->st_gid;
	o->mode = st->st_mode & 0777u;
	o->mtime = st->st_mtime;
	o->size = (uint64_t)st->st_size;
	return o;
}

/* stat of a directory entry; 0, 1 to skip it (gone, not a file), -1 (unreadable). */
static int stat_entry(DIR *d, const struct dirent *de, struct stat *st)
{
	if (de->d_name[0] == '.')
		return 1;
	if (fstatat(dirfd(d), de->d_name, st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 1 : -1;
	return S_ISREG(st->st_mode) ? 0 : 1;
}

/* Reads up to len bytes from the start of the file `name` of the directory
 * dirfd, as the top of posixipc.h says: O_PATH without following a
 * symlink, a regular file on the directory's file system, reopened through
 * /proc/self/fd, one pread. Returns the bytes read, or -1 with errno. */
static ssize_t read_entry(int dirfd, const char *name, void *buf, size_t len)
{
	struct stat dst, st;
	if (fstat(dirfd, &dst) < 0)
		return -1;
	int p = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (p < 0)
		return -1;
	int fd = -1;
	if (fstat(p, &st) == 0) {
		if (S_ISREG(st.st_mode) && st.st_dev == dst.st_dev) {
			char self[64];
			snprintf(self, sizeof(self), "/proc/self/fd/%d", p);
			fd = open(self, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		} else {
			errno = EINVAL; /* a symlink, FIFO, device, or a file mounted from elsewhere */
		}
	}
	int e = errno;
	close(p);
	if (fd < 0) {
		errno = e;
		return -1;
	}
	ssize_t n;
	do
		n = pread(fd, buf, len, 0);
	while (n < 0 && errno == EINTR);
	e = errno;
	close(fd);
	errno = e;
	return n;
}

int posixipc_sem_value(int dirfd, const char *file, int *value)
{
	unsigned char raw[sizeof(sem_t)]; /* what sem_open would map */
	ssize_t n = read_entry(dirfd, file, raw, sizeof(raw));
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(raw)) {
		errno = ENODATA;
		return -1;
	}
	uint64_t v;
#if UINTPTR_MAX > 0xffffffffu || defined(__x86_64__) /* __HAVE_64B_ATOMICS (x32 too) */
	uint64_t data;
	memcpy(&data, raw, sizeof(data));
	v = data & 0xffffffffu;
#else
	unsigned int word;
	memcpy(&word, raw, sizeof(word));
	v = word >> 1;
#endif
	if (v > SEM_VALUE_MAX) {
		errno = ERANGE;
		return -1;
	}
	*value = (int)v;
	return 0;
}

static void read_sem_value(struct posix_object *o, int dirfd, const char *file)
{
	o->has_value = posixipc_sem_value(dirfd, file, &o->value) == 0;
}

/* QSIZE from the queue file, and messages from mq_getattr when mq_open
 * reaches the same queue (same device and inode). */
static void read_queue(struct posix_list *l, struct posix_object *o, int dirfd, const char *file,
		       const struct stat *st)
{
	char text[256], *end;
	ssize_t n = read_entry(dirfd, file, text, sizeof(text) - 1);
	text[n > 0 ? n : 0] = '\0';
	o->size = 0;
	if (strncmp(text, "QSIZE:", 6) == 0) {
		errno = 0;
		unsigned long long qsize = strtoull(text + 6, &end, 10);
		if (end != text + 6 && errno == 0)
			o->size = qsize;
	}
	mqd_t q = mq_open(o->name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (q == (mqd_t)-1) {
		if (errno == ENOENT)
			l->mqueue_other_ns = o->other_ns = true;
		return;
	}
	struct stat qst;
	struct mq_attr a;
	if (fstat((int)q, &qst) == 0 && (qst.st_dev != st->st_dev || qst.st_ino != st->st_ino))
		l->mqueue_other_ns = o->other_ns = true;
	else if (mq_getattr(q, &a) == 0) {
		o->has_attr = true;
		o->msgs = a.mq_curmsgs;
		o->maxmsg = a.mq_maxmsg;
		o->msgsize = a.mq_msgsize;
	}
	mq_close(q);
}

/* Adds the regular files of the directory dir: queues when is_mq, else
 * shm objects and "sem.NAME" semaphores. Returns 0, or -1 with errno
 * (opening the directory, ENOMEM). */
static int scan_dir(struct posix_list *l, int dir, bool is_mq)
{
	int fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	DIR *d = fdopendir(fd);
	if (!d) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		int r = stat_entry(d, de, &st);
		if (r < 0)
			l->unreadable++;
		if (r != 0)
			continue;
		bool is_sem = !is_mq && strncmp(de->d_name, "sem.", 4) == 0 && de->d_name[4];
		enum posix_kind kind = is_mq ? POSIX_MQ : is_sem ? POSIX_SEM : POSIX_SHM;
		struct posix_object *o = push(l, kind, de->d_name + (is_sem ? 4 : 0), &st);
		if (!o) {
			closedir(d);
			errno = ENOMEM;
			return -1;
		}
		if (is_mq)
			read_queue(l, o, dirfd(d), de->d_name, &st);
		else if (is_sem)
			read_sem_value(o, dirfd(d), de->d_name);
	}
	closedir(d);
	return 0;
}

static int list_mq_dir(struct posix_list *l, int dir)
{
	struct statfs sf;
	if (dir < 0 || fstatfs(dir, &sf) < 0 || (unsigned long)sf.f_type != MQUEUE_MAGIC)
		return 0;
	l->mqueue_mounted = true;
	if (scan_dir(l, dir, true) == 0)
		return 0;
	if (errno == ENOMEM)
		return -1;
	l->unreadable++; /* mounted but not readable: no queues listed */
	return 0;
}

static int cmp_object(const void *a, const void *b)
{
	const struct posix_object *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->name, y->name);
}

int posixipc_list_fd(struct posix_list *l, int shm_dirfd, int mq_dirfd)
{
	l->count = l->unreadable = 0;
	l->mqueue_mounted = l->mqueue_other_ns = false;
	if (scan_dir(l, shm_dirfd, false) < 0 || list_mq_dir(l, mq_dirfd) < 0)
		return -1;
	if (l->count) /* v may still be NULL */
		qsort(l->v, l->count, sizeof(*l->v), cmp_object);
	return 0;
}

int posixipc_list_at(struct posix_list *l, const char *shm_dir, const char *mq_dir)
{
	/* O_PATH: a directory we may not read still tells its file system. */
	int shm = open(shm_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (shm < 0)
		return -1;
	int mq = open(mq_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	int rc = posixipc_list_fd(l, shm, mq);
	int e = errno;
	close(shm);
	if (mq >= 0)
		close(mq);
	errno = e;
	return rc;
}

int posixipc_list(struct posix_list *l)
{
	return posixipc_list_at(l, "/dev/shm", "/dev/mqueue");
}

void posixipc_free(struct posix_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void meaning(enum posix_kind kind, int err, const char *name, char *buf, size_t len)
{
	switch (err) {
	case ENOENT:
		snprintf(buf, len, _("no %s %s"), _(kind_words[kind]), name);
		break;
	case EACCES:
	case EPERM:
		snprintf(buf, len, _("not allowed to remove %s"), name);
		break;
	case ENAMETOOLONG:
		snprintf(buf, len, "%s", _("the name is too long"));
		break;
	case EINVAL:
		snprintf(buf, len, "%s", _("not a valid name: one leading slash, no other slashes"));
		break;
	default:
		snprintf(buf, len, _("removing %s %s"), _(kind_words[kind]), name);
		break;
	}
}

/* The file of name ("/NAME" or "NAME") in a /dev/shm directory: "NAME",
 * or "sem.NAME" for a semaphore. Returns 0, or an errno: EINVAL (empty, a
 * slash inside, "." or ".."), ENAMETOOLONG. */
static int dir_entry_of(enum posix_kind kind, const char *name, char *file, size_t len)
{
	if (name[0] == '/')
		name++;
	if (!name[0] || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return EINVAL;
	int n = snprintf(file, len, "%s%s", kind == POSIX_SEM ? "sem." : "", name);
	return n < 0 || (size_t)n >= len || (size_t)n > NAME_MAX ? ENAMETOOLONG : 0;
}

int posixipc_remove(enum posix_kind kind, const char *name, char *call, size_t calllen, char *err,
		    size_t errlen)
{
	return posixipc_remove_at(-1, NULL, kind, name, call, calllen, err, errlen);
}

int posixipc_remove_at(int shm_dirfd, const char *dir_text, enum posix_kind kind, const char *name,
		       char *call, size_t calllen, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if ((unsigned)kind >= POSIX_KIND_COUNT || !name) {
		if (call && calllen)
			call[0] = '\0';
		errno = EINVAL;
		return -1;
	}
	bool by_dir = shm_dirfd >= 0 && kind != POSIX_MQ;
	char full[NAME_MAX + 3], file[NAME_MAX + 8], lit[1200];
	int n = snprintf(full, sizeof(full), "%s%s", name[0] == '/' ? "" : "/", name);
	int e = n < 0 || (size_t)n >= sizeof(full) ? ENAMETOOLONG : 0;
	if (by_dir && !e)
		e = dir_entry_of(kind, full, file, sizeof(file));
	const char *shown = by_dir && !e ? file : full;
	payload_format(shown, strlen(shown), 0, lit, sizeof(lit));

	int rc = -1;
	if (!e) {
		if (by_dir)
			rc = unlinkat(shm_dirfd, file, 0);
		else if (kind == POSIX_SHM)
			rc = shm_unlink(full);
		else if (kind == POSIX_SEM)
			rc = sem_unlink(full);
		else
			rc = mq_unlink(full);
		e = rc < 0 ? errno : 0;
	}
	const char *fn = by_dir ? "unlinkat" : unlink_names[kind];

	struct strbuf sb;
	strbuf_init(&sb, call, call ? calllen : 0);
	if (by_dir)
		strbuf_printf(&sb, "unlinkat(%s, %s, 0)", dir_text ? dir_text : "dirfd", lit);
	else
		strbuf_printf(&sb, "%s(%s)", fn, lit);
	if (rc == 0)
		strbuf_printf(&sb, " = 0");
	else if (errtext_errno_name(e))
		strbuf_printf(&sb, " = -1 %s", errtext_errno_name(e));
	else
		strbuf_printf(&sb, " = -1 (errno %d)", e);
	strbuf_mark_cut(&sb, "...");

	if (rc < 0) {
		if (err && errlen) {
			char why[400];
			meaning(kind, e, full, why, sizeof(why));
			errtext_format(err, errlen, fn, e, why);
		}
		errno = e;
	}
	return rc;
}
