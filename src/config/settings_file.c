/* settings_file.c — owns finding, reading and atomically writing the
 * settings file, with the ownership rules of settings_file.h. */
#define _GNU_SOURCE
#include "config/settings_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/errtext.h"
#include "base/i18n.h"
#include "base/safefile.h"
#include "base/strbuf.h"

#define SETTINGS_MAX_BYTES (64u << 10)

static int fail(char *err, size_t errlen, const char *call, const char *path, int e, const char *why)
{
	char text[PATH_MAX + 32];
	snprintf(text, sizeof(text), "%s(\"%s\")", call, path);
	return errtext_fail(err, errlen, text, e, why);
}

static void close_keep_errno(int fd)
{
	int e = errno;
	close(fd); /* Linux closes the fd even when close fails: never retry */
	errno = e;
}

int settings_path(char *buf, size_t len, char *err, size_t errlen)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;
	if (xdg && xdg[0] == '/') {
		n = snprintf(buf, len, "%s/ipctop/ipctoprc", xdg);
	} else {
		if (!home || home[0] != '/') {
			struct passwd *pw = getpwuid(geteuid());
			home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
		}
		if (!home)
			return strbuf_reason(err, errlen, "%s",
					     _("no home directory: neither $XDG_CONFIG_HOME nor $HOME is an absolute path"));
		n = snprintf(buf, len, "%s/.config/ipctop/ipctoprc", home);
	}
	if (n < 0 || (size_t)n >= len)
		return strbuf_reason(err, errlen, "%s", _("the settings file's path is too long"));
	return 0;
}

/* A symlink we may follow: ours or root's. */
static int follow_ok(const struct stat *st)
{
	return !S_ISLNK(st->st_mode) || st->st_uid == geteuid() || st->st_uid == 0;
}

/* ---- reading ------------------------------------------------------------------ */

static ssize_t read_all(int fd, char *buf, size_t len)
{
	size_t done = 0;
	while (done < len) {
		ssize_t n = read(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

int settings_load(struct settings *s, const char *path, char *err, size_t errlen)
{
	struct stat st;
	char why[320];
	if (err && errlen)
		err[0] = '\0';
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : fail(err, errlen, "lstat", path, errno, _("settings not read"));
	if (!follow_ok(&st)) {
		snprintf(why, sizeof(why), _("a symlink of uid %u: not followed"), (unsigned)st.st_uid);
		return fail(err, errlen, "open", path, ELOOP, why);
	}
	int fd;
	do
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return errno == ENOENT ? 0 : fail(err, errlen, "open", path, errno, _("settings not read"));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)SETTINGS_MAX_BYTES) {
		int e = errno;
		close(fd);
		if (!S_ISREG(st.st_mode))
			return fail(err, errlen, "open", path, EINVAL, _("not a regular file"));
		if (st.st_size > (off_t)SETTINGS_MAX_BYTES)
			return fail(err, errlen, "open", path, EFBIG, _("larger than 64 KiB: not a settings file"));
		return fail(err, errlen, "fstat", path, e, _("settings not read"));
	}
	char *text = malloc(SETTINGS_MAX_BYTES + 1);
	ssize_t n = text ? read_all(fd, text, SETTINGS_MAX_BYTES + 1) : -1;
	int e = errno;
	close(fd);
	if (n < 0 || (size_t)n > SETTINGS_MAX_BYTES) {
		free(text);
		return fail(err, errlen, "read", path, n < 0 ? e : EFBIG, _("settings not read"));
	}
	int rc = settings_parse(s, text, (size_t)n, why, sizeof(why));
	free(text);
	if (rc != 0 && err && errlen)
		snprintf(err, errlen, "%s: %s", path, why);
	return rc < 0 ? -1 : 1;
}

/* ---- writing ------------------------------------------------------------------- */

/* Refuses a path that goes through another user's symlink. */
static int check_links(const char *dir, char *err, size_t errlen)
{
	char prefix[PATH_MAX];
	size_t len = strlen(dir);
	if (len >= sizeof(prefix))
		return fail(err, errlen, "open", dir, ENAMETOOLONG, _("settings not saved"));
	for (size_t i = 1; i <= len; i++) {
		if (dir[i] != '/' && dir[i] != '\0')
			continue;
		memcpy(prefix, dir, i);
		prefix[i] = '\0';
		struct stat st;
		if (lstat(prefix, &st) < 0)
			return 0; /* missing from here on: made below, or refused */
		if (!follow_ok(&st)) {
			char why[160];
			snprintf(why, sizeof(why), _("a symlink of uid %u: settings not saved through it"),
				 (unsigned)st.st_uid);
			return fail(err, errlen, "open", prefix, ELOOP, why);
		}
	}
	return 0;
}

static int owned_dir(const char *dir, const struct stat *st, char *err, size_t errlen)
{
	char why[200];
	if (!S_ISDIR(st->st_mode))
		return fail(err, errlen, "open", dir, ENOTDIR, _("not a directory: settings not saved"));
	if (st->st_uid != geteuid()) {
		/* TRANSLATORS: sudo -H or sudo -i give root its own home. */
		snprintf(why, sizeof(why), _("owned by uid %u, not by uid %u: settings not saved there (sudo -H?)"),
			 (unsigned)st->st_uid, (unsigned)geteuid());
		return fail(err, errlen, "open", dir, EPERM, why);
	}
	return 0;
}

/* Makes dir (0700) when missing, its parent too, inside a directory of
 * ours; depth: how many more levels up may be made. */
static int make_dir(const char *dir, int depth, char *err, size_t errlen)
{
	struct stat st;
	if (stat(dir, &st) == 0)
		return 0;
	if (errno != ENOENT)
		return fail(err, errlen, "stat", dir, errno, _("settings not saved"));
	char parent[PATH_MAX];
	snprintf(parent, sizeof(parent), "%s", dir);
	char *slash = strrchr(parent, '/');
	if (!slash || slash == parent || depth == 0)
		return fail(err, errlen, "mkdir", dir, ENOENT, _("its parent does not exist: settings not saved"));
	*slash = '\0';
	if (make_dir(parent, depth - 1, err, errlen) < 0)
		return -1;
	if (stat(parent, &st) < 0)
		return fail(err, errlen, "stat", parent, errno, _("settings not saved"));
	if (owned_dir(parent, &st, err, errlen) < 0)
		return -1;
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return fail(err, errlen, "mkdir", dir, errno, _("settings not saved"));
	return 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	for (size_t done = 0; done < len;) {
		ssize_t n = write(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

/* Creates a temporary file next to base in dfd; its name into tmp. */
static int open_temp(int dfd, const char *base, char *tmp, size_t len)
{
	static unsigned counter;
	for (int tries = 0; tries < 100; tries++) {
		snprintf(tmp, len, ".%s.%d.%u", base, (int)getpid(), counter++);
		int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/* The file's text into a temporary file, synced, renamed over base. */
static int replace(int dfd, const char *dir, const char *base, const char *text, char *err, size_t errlen)
{
	char tmp[NAME_MAX + 1];
	int fd = open_temp(dfd, base, tmp, sizeof(tmp));
	if (fd < 0)
		return fail(err, errlen, "open", dir, errno, _("cannot create a temporary file there"));
	const char *call = "write";
	int rc = write_all(fd, text, strlen(text));
	if (rc == 0 && (rc = fsync(fd)) < 0)
		call = "fsync";
	if (rc < 0)
		close_keep_errno(fd);
	else if ((rc = close(fd)) < 0)
		call = "close";
	if (rc == 0 && (rc = renameat(dfd, tmp, dfd, base)) < 0)
		call = "rename";
	if (rc < 0) {
		int e = errno;
		unlinkat(dfd, tmp, 0);
		return fail(err, errlen, call, dir, e, _("settings not saved"));
	}
	if (fsync(dfd) < 0 && errno != EINVAL)
		return fail(err, errlen, "fsync", dir, errno, _("the directory's entry may not be on disk yet"));
	return 0;
}

int settings_save(const struct settings *s, const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	if (err && errlen)
		err[0] = '\0';
	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return fail(err, errlen, "open", path, ENAMETOOLONG, _("settings not saved"));
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir || !slash[1])
		return fail(err, errlen, "open", path, EINVAL, _("not a file in a directory"));
	*slash = '\0';
	const char *base = slash + 1;
	if (check_links(dir, err, errlen) < 0 || make_dir(dir, 2, err, errlen) < 0)
		return -1;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return fail(err, errlen, "open", dir, errno, _("settings not saved"));
	struct stat st;
	int rc = fstat(dfd, &st) < 0 ? fail(err, errlen, "fstat", dir, errno, _("settings not saved"))
				     : owned_dir(dir, &st, err, errlen);
	/* What is there now must be a regular file of ours to be replaced. */
	if (rc == 0 && fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    (!S_ISREG(st.st_mode) || st.st_uid != geteuid())) {
		char why[200];
		snprintf(why, sizeof(why), _("%s of uid %u is there: not replaced"), safefile_type_name(st.st_mode),
			 (unsigned)st.st_uid);
		rc = fail(err, errlen, "rename", path, EEXIST, why);
	}
	char *text = rc == 0 ? settings_format(s) : NULL;
	if (rc == 0 && !text)
		rc = fail(err, errlen, "write", path, ENOMEM, _("settings not saved"));
	if (rc == 0)
		rc = replace(dfd, dir, base, text, err, errlen);
	free(text);
	close_keep_errno(dfd);
	return rc;
}
