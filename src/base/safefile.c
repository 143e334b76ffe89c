/* safefile.c — owns the checked open of every file ipctop writes (no
 * symlink followed, no FIFO or device opened, no file with other names or
 * of another owner written, nothing emptied that its writer did not write)
 * and the whole-or-nothing append of a log record.
 *
 * Why these checks: ipctop runs as root, and its files are often named in
 * directories other users can write to (/tmp, a sticky or a user's own
 * directory). There a user can plant, before ipctop opens the name,
 *   - a symlink to any file: O_NOFOLLOW refuses it (ELOOP);
 *   - a FIFO (an open would block forever) or a device: O_NONBLOCK, and
 *     the lstat before the open refuses them unopened;
 *   - a hard link to a file of root's (with fs.protected_hardlinks=0, or to
 *     a file the user may write): st_nlink > 1 is refused;
 *   - a regular file of their own, whose contents root would then trust
 *     (a pidfile naming a process to kill) or keep writing into for them:
 *     st_uid != geteuid() is refused.
 * The same checks run again with fstat on the opened fd, so a name swapped
 * between the lstat and the open is caught before a byte is written; and
 * nothing is opened with O_TRUNC: a file is emptied only after those
 * checks, and only when its contents show that its writer wrote it
 * (safefile_rewrite's magic; the pidfile's pid, in daemonize.c). We chose
 * this over writing a temporary file and renaming it over the name because
 * a rename would silently replace whatever is there (a FIFO, a stranger's
 * file) instead of refusing it with a message, and needs the directory to
 * be writable where the file alone may be. */
#define _GNU_SOURCE
#include "base/safefile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/errtext.h"
#include "base/i18n.h"

static int fail(char *err, size_t errlen, const char *path, int e, const char *why)
{
	char call[PATH_MAX + 16];
	snprintf(call, sizeof(call), "open(\"%s\")", path);
	return errtext_fail(err, errlen, call, e, why);
}

static void close_keep_errno(int fd)
{
	int e = errno;
	close(fd); /* Linux closes the fd even when close fails: never retry */
	errno = e;
}

const char *safefile_type_name(mode_t m)
{
	if (S_ISREG(m))
		return _("a regular file");
	if (S_ISDIR(m))
		return _("a directory");
	if (S_ISLNK(m))
		return _("a symlink");
	if (S_ISFIFO(m))
		return _("a FIFO");
	if (S_ISSOCK(m))
		return _("a socket");
	if (S_ISCHR(m))
		return _("a character device");
	if (S_ISBLK(m))
		return _("a block device");
	return _("a special file");
}

/* Why st may not be written: 0 when it may, else the errno to report and
 * why set. */
static int refusal(const struct stat *st, char *why, size_t len)
{
	if (S_ISLNK(st->st_mode)) {
		snprintf(why, len, "%s", _("refusing to follow a symlink"));
		return ELOOP;
	}
	if (S_ISDIR(st->st_mode)) {
		snprintf(why, len, "%s", _("a directory, not a regular file"));
		return EISDIR;
	}
	if (!S_ISREG(st->st_mode)) {
		snprintf(why, len, _("%s, not a regular file: refusing to write to it"), safefile_type_name(st->st_mode));
		return EEXIST;
	}
	if (st->st_nlink != 1) {
		snprintf(why, len, _("it has %ju hard links, so it is also another file: refusing to write to it"),
			 (uintmax_t)st->st_nlink);
		return EEXIST;
	}
	if (st->st_uid != geteuid()) {
		snprintf(why, len, _("owned by uid %ju, not by uid %ju: refusing to write to it"),
			 (uintmax_t)st->st_uid, (uintmax_t)geteuid());
		return EEXIST;
	}
	return 0;
}

static const char *open_meaning(int e, int flags)
{
	switch (e) {
	case ELOOP: return _("refusing to follow a symlink");
	case ENXIO: return _("a FIFO or device with no reader, not a regular file");
	case ENOENT: return flags & O_CREAT ? _("its directory does not exist") : _("no such file");
	case EACCES:
	case EPERM: return _("not allowed to create or write the file there");
	case EISDIR: return _("a directory, not a regular file");
	case EROFS: return _("the file system is read-only");
	case ENOSPC: return _("no space left to create it");
	default: return _("cannot open the file for writing");
	}
}

int safefile_open(const char *path, int flags, mode_t mode, char *err, size_t errlen)
{
	char why[192];
	if (err && errlen)
		err[0] = '\0';
	if (!path || !*path)
		return fail(err, errlen, "", ENOENT, _("no file name given"));
	if ((flags & O_TRUNC) || (flags & O_ACCMODE) == O_RDONLY)
		return fail(err, errlen, path, EINVAL, "safefile_open: for writing, without O_TRUNC");
	struct stat st;
	int e;
	/* A missing file (or one we may not look at) is left to open. */
	if (lstat(path, &st) == 0 && (e = refusal(&st, why, sizeof(why))) != 0)
		return fail(err, errlen, path, e, why);
	int fd;
	do
		fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, mode);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		e = errno;
		return fail(err, errlen, path, e, open_meaning(e, flags));
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		close_keep_errno(fd);
		return fail(err, errlen, path, e, _("cannot check the opened file"));
	}
	if ((e = refusal(&st, why, sizeof(why))) != 0) {
		close_keep_errno(fd);
		return fail(err, errlen, path, e, why);
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		e = errno;
		close_keep_errno(fd);
		return fail(err, errlen, path, e, _("cannot check the opened file"));
	}
	return fd;
}

int safefile_rewrite(const char *path, const char *magic, mode_t mode, char *err, size_t errlen)
{
	int fd = safefile_open(path, O_RDWR | O_CREAT, mode, err, errlen);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close_keep_errno(fd);
		return fail(err, errlen, path, e, _("cannot check the opened file"));
	}
	if (st.st_size > 0) {
		char head[256];
		size_t want = strlen(magic);
		ssize_t got;
		if (want > sizeof(head))
			want = sizeof(head);
		do
			got = pread(fd, head, want, 0);
		while (got < 0 && errno == EINTR);
		if (got < 0) {
			int e = errno;
			close_keep_errno(fd);
			return fail(err, errlen, path, e, _("cannot read what the file holds"));
		}
		if ((size_t)got != want || memcmp(head, magic, want) != 0) {
			close_keep_errno(fd);
			return fail(err, errlen, path, EEXIST,
				    _("it was not written by ipctop: refusing to overwrite it"));
		}
	}
	int rc;
	do
		rc = ftruncate(fd, 0);
	while (rc < 0 && errno == EINTR);
	if (rc < 0) {
		int e = errno;
		close_keep_errno(fd);
		return fail(err, errlen, path, e, _("cannot empty the file"));
	}
	return fd;
}

/* Cuts the last `done` bytes written through fd off the file again. */
static int cut_back(int fd, size_t done)
{
	off_t end = lseek(fd, 0, SEEK_CUR); /* with O_APPEND: just after our bytes */
	if (end < 0 || end < (off_t)done)
		return -1;
	int rc;
	do
		rc = ftruncate(fd, end - (off_t)done);
	while (rc < 0 && errno == EINTR);
	return rc;
}

int safefile_append(int fd, const char *buf, size_t len, bool *torn)
{
	ssize_t n;
	if (*torn) {
		do
			n = write(fd, "\n", 1);
		while (n < 0 && errno == EINTR);
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -1;
		}
		*torn = false;
	}
	for (size_t done = 0; done < len;) {
		n = write(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : ENOSPC;
			if (done > 0 && cut_back(fd, done) < 0)
				*torn = true;
			errno = e;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

bool safefile_torn(int fd)
{
	struct stat st;
	char last;
	ssize_t n;
	if (fstat(fd, &st) < 0 || st.st_size == 0)
		return false;
	do
		n = pread(fd, &last, 1, st.st_size - 1);
	while (n < 0 && errno == EINTR);
	return n == 1 && last != '\n';
}
