/* posixipc.c — owns listing POSIX shm objects, named semaphores (from the
 * /dev/shm directory) and message queues (from an mqueue mount), and their
 * removal with call texts and error meanings. */
#define _GNU_SOURCE
#include "posixipc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <mqueue.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "array.h"
#include "errtext.h"
#include "i18n.h"
#include "payload.h"
#include "procinfo.h"
#include "strbuf.h"

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

static void read_sem_value(struct posix_object *o)
{
	/* sem_open maps sizeof(sem_t) bytes: a shorter file would SIGBUS. */
	if (o->size < sizeof(sem_t))
		return;
	sem_t *s = sem_open(o->name, 0);
	if (s == SEM_FAILED)
		return;
	int v;
	if (sem_getvalue(s, &v) == 0) {
		o->has_value = true;
		o->value = v;
	}
	sem_close(s);
}

/* QSIZE from the queue file, and messages from mq_getattr when mq_open
 * reaches the same queue (same device and inode). */
static void read_queue(struct posix_list *l, struct posix_object *o, const char *dir,
		       const struct stat *st)
{
	char path[PATH_MAX], text[256];
	snprintf(path, sizeof(path), "%s%s", dir, o->name);
	uint64_t qsize;
	if (procinfo_slurp(path, text, sizeof(text)) >= 0 && sscanf(text, "QSIZE:%" SCNu64, &qsize) == 1)
		o->size = qsize;
	else
		o->size = 0;
	mqd_t q = mq_open(o->name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (q == (mqd_t)-1) {
		if (errno == ENOENT)
			l->mqueue_other_ns = true;
		return;
	}
	struct stat qst;
	struct mq_attr a;
	if (fstat((int)q, &qst) == 0 && (qst.st_dev != st->st_dev || qst.st_ino != st->st_ino))
		l->mqueue_other_ns = true;
	else if (mq_getattr(q, &a) == 0) {
		o->has_attr = true;
		o->msgs = a.mq_curmsgs;
		o->maxmsg = a.mq_maxmsg;
		o->msgsize = a.mq_msgsize;
	}
	mq_close(q);
}

/* Adds the regular files of dir: queues when is_mq, else shm objects and
 * "sem.NAME" semaphores. Returns 0, or -1 with errno (opendir, ENOMEM). */
static int scan_dir(struct posix_list *l, const char *dir, bool is_mq)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	bool sem_ok = !is_mq && strcmp(dir, "/dev/shm") == 0;
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
			read_queue(l, o, dir, &st);
		else if (is_sem && sem_ok)
			read_sem_value(o);
	}
	closedir(d);
	return 0;
}

static int list_mq_dir(struct posix_list *l, const char *dir)
{
	struct statfs sf;
	if (statfs(dir, &sf) < 0 || (unsigned long)sf.f_type != MQUEUE_MAGIC)
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

int posixipc_list_at(struct posix_list *l, const char *shm_dir, const char *mq_dir)
{
	l->count = l->unreadable = 0;
	l->mqueue_mounted = l->mqueue_other_ns = false;
	if (scan_dir(l, shm_dir, false) < 0 || list_mq_dir(l, mq_dir) < 0)
		return -1;
	if (l->count) /* v may still be NULL */
		qsort(l->v, l->count, sizeof(*l->v), cmp_object);
	return 0;
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

int posixipc_remove(enum posix_kind kind, const char *name, char *call, size_t calllen, char *msg,
		    size_t msglen)
{
	if (msg && msglen)
		msg[0] = '\0';
	if ((unsigned)kind >= POSIX_KIND_COUNT || !name) {
		if (call && calllen)
			call[0] = '\0';
		errno = EINVAL;
		return -1;
	}
	char full[NAME_MAX + 3], lit[1200];
	int n = snprintf(full, sizeof(full), "%s%s", name[0] == '/' ? "" : "/", name);
	bool too_long = n < 0 || (size_t)n >= sizeof(full);
	payload_format(full, strlen(full), 0, lit, sizeof(lit));

	int rc, err;
	if (too_long) {
		rc = -1;
		err = ENAMETOOLONG;
	} else {
		if (kind == POSIX_SHM)
			rc = shm_unlink(full);
		else if (kind == POSIX_SEM)
			rc = sem_unlink(full);
		else
			rc = mq_unlink(full);
		err = rc < 0 ? errno : 0;
	}

	struct strbuf sb;
	strbuf_init(&sb, call, call ? calllen : 0);
	strbuf_printf(&sb, "%s(%s)", unlink_names[kind], lit);
	if (rc == 0)
		strbuf_printf(&sb, " = 0");
	else if (errtext_errno_name(err))
		strbuf_printf(&sb, " = -1 %s", errtext_errno_name(err));
	else
		strbuf_printf(&sb, " = -1 (errno %d)", err);
	strbuf_mark_cut(&sb, "...");

	if (rc < 0) {
		if (msg && msglen) {
			char why[400];
			meaning(kind, err, full, why, sizeof(why));
			errtext_format(msg, msglen, unlink_names[kind], err, why);
		}
		errno = err;
	}
	return rc;
}
