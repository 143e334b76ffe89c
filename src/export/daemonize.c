/* daemonize.c — owns the double fork into a daemon with a start-up report
 * back to the original process, and the flock'ed pidfile. */
#define _GNU_SOURCE
#include "export/daemonize.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/errtext.h"
#include "base/safefile.h"

static int close_once(int fd)
{
	/* Linux closes the fd even when close is interrupted: never retry. */
	int rc = close(fd);
	return rc < 0 && errno == EINTR ? 0 : rc;
}

/* Reads up to len-1 bytes from the start of fd into buf (NUL-terminated). */
static ssize_t read_start(int fd, char *buf, size_t len)
{
	ssize_t n;
	do
		n = pread(fd, buf, len - 1, 0);
	while (n < 0 && errno == EINTR);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

static pid_t parse_pid(const char *text)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno || end == text || v <= 0 || v > INT_MAX || (*end && *end != '\n'))
		return 0;
	return (pid_t)v;
}

/* text (n bytes read from the start of a file of size bytes) is all of
 * the file, and that is "<pid>\n" or "<pid>". */
static bool is_pidfile_text(const char *text, ssize_t n, off_t size)
{
	if (n <= 0 || (off_t)n != size || strlen(text) != (size_t)n)
		return false;
	const char *nl = strchr(text, '\n');
	return parse_pid(text) > 0 && (!nl || nl == text + n - 1);
}

int pidfile_acquire(struct pidfile *pf, const char *path, char *err, size_t errlen)
{
	char call[sizeof(pf->path) + 16], why[128];
	pf->fd = -1;
	if (err && errlen)
		err[0] = '\0';
	if (!path || !*path)
		return errtext_fail(err, errlen, "open", EINVAL, "the pidfile needs a name");
	if (strlen(path) >= sizeof(pf->path))
		return errtext_fail(err, errlen, "open", ENAMETOOLONG, "pidfile path too long");
	/* A holder that exits unlinks the file after we opened it: the lock we
	 * then get is on a file nobody else will see. Retry a few times. */
	for (int attempt = 0; attempt < 16; attempt++) {
		/* No symlink, FIFO, hard link or stranger's file (safefile.h);
		 * never emptied here: another holder may be running. */
		int fd = safefile_open(path, O_RDWR | O_CREAT, 0644, err, errlen);
		if (fd < 0)
			return -1;
		int rc;
		do
			rc = flock(fd, LOCK_EX | LOCK_NB);
		while (rc < 0 && errno == EINTR);
		if (rc < 0) {
			int e = errno;
			snprintf(call, sizeof(call), "flock %s", path);
			if (e == EWOULDBLOCK) {
				char text[32];
				pid_t holder = read_start(fd, text, sizeof(text)) > 0 ? parse_pid(text) : 0;
				if (holder > 0)
					snprintf(why, sizeof(why),
						 "another ipctop (pid %d) holds this pidfile: already running", (int)holder);
				else
					snprintf(why, sizeof(why), "another process holds this pidfile: already running");
			} else {
				snprintf(why, sizeof(why), "cannot lock the pidfile");
			}
			close_once(fd);
			return errtext_fail(err, errlen, call, e, why);
		}
		struct stat held, named;
		if (fstat(fd, &held) < 0) {
			int e = errno;
			close_once(fd);
			return errtext_fail(err, errlen, "fstat", e, "checking the locked pidfile");
		}
		if (lstat(path, &named) == 0 && named.st_dev == held.st_dev && named.st_ino == held.st_ino) {
			/* pidfile_write empties it: only when it is a pidfile. */
			char text[32];
			ssize_t n = read_start(fd, text, sizeof(text));
			if (n != 0 && !is_pidfile_text(text, n, held.st_size)) {
				int e = n < 0 ? errno : EEXIST;
				close_once(fd);
				snprintf(call, sizeof(call), "open(\"%s\")", path);
				return errtext_fail(err, errlen, call, e,
						   n < 0 ? "cannot read the pidfile"
							 : "it holds something other than a pid, so it is no pidfile: refusing to overwrite it");
			}
			pf->fd = fd;
			snprintf(pf->path, sizeof(pf->path), "%s", path);
			return 0;
		}
		close_once(fd); /* replaced or removed meanwhile: open the new one */
	}
	snprintf(call, sizeof(call), "open(\"%s\")", path);
	return errtext_fail(err, errlen, call, EAGAIN, "the pidfile keeps being replaced");
}

int pidfile_write(struct pidfile *pf, pid_t pid)
{
	if (pf->fd < 0) {
		errno = EBADF;
		return -1;
	}
	char text[32];
	int len = snprintf(text, sizeof(text), "%d\n", (int)pid);
	int rc;
	do
		rc = ftruncate(pf->fd, 0);
	while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return -1;
	for (size_t done = 0; done < (size_t)len;) {
		ssize_t n = pwrite(pf->fd, text + done, (size_t)len - done, (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

pid_t pidfile_read(const char *path)
{
	int fd;
	do
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return -1;
	char text[32];
	ssize_t n = read_start(fd, text, sizeof(text));
	int e = errno;
	close_once(fd);
	if (n < 0) {
		errno = e;
		return -1;
	}
	return parse_pid(text);
}

void pidfile_release(struct pidfile *pf)
{
	if (pf->fd < 0)
		return;
	struct stat held, named;
	/* Unlink while still holding the lock, and only our own file (someone
	 * may have replaced it by hand). */
	if (fstat(pf->fd, &held) == 0 && stat(pf->path, &named) == 0 && named.st_dev == held.st_dev &&
	    named.st_ino == held.st_ino)
		unlink(pf->path); /* on failure the file stays: the next start takes a stale one over */
	close_once(pf->fd);
	pf->fd = -1;
}

/* --- daemonize ------------------------------------------------------- */

/* The report protocol on the socket: 'R' (ready), or 'E' and a message. */
static void report(int fd, char tag, const char *msg)
{
	char buf[1024];
	int len = snprintf(buf, sizeof(buf), "%c%s", tag, msg ? msg : "");
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(buf))
		len = (int)sizeof(buf) - 1;
	for (size_t done = 0; done < (size_t)len;) {
		/* MSG_NOSIGNAL: the original process may be gone; no SIGPIPE. */
		ssize_t n = send(fd, buf + done, (size_t)len - done, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		done += (size_t)n;
	}
}

static _Noreturn void child_fail(int fd, const char *call, const char *why)
{
	char msg[512];
	errtext_format(msg, sizeof(msg), call, errno, why);
	report(fd, 'E', msg);
	_exit(1);
}

/* In the original process: waits for the daemon's report, then exits. */
static _Noreturn void wait_for_daemon(int fd, pid_t child)
{
	int status;
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	char msg[1024];
	size_t got = 0;
	for (;;) {
		ssize_t n = read(fd, msg + got, sizeof(msg) - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got == sizeof(msg) - 1)
			break;
	}
	msg[got] = '\0';
	if (got > 0 && msg[0] == 'R')
		_exit(0);
	if (got > 1 && msg[0] == 'E')
		fprintf(stderr, "ipctop: %s\n", msg + 1);
	else
		fprintf(stderr, "ipctop: the daemon exited during start-up without saying why\n");
	fflush(stderr); /* _exit: stdio is not flushed for us */
	_exit(1);
}

int daemonize(int *ready_fd, char *err, size_t errlen)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return errtext_fail(err, errlen, "socketpair", errno, "a channel for the daemon's start-up report");
	/* Buffered output must not be written twice, by parent and child. */
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close_once(sv[0]);
		close_once(sv[1]);
		return errtext_fail(err, errlen, "fork", e, "starting the daemon");
	}
	if (pid > 0) {
		close_once(sv[1]);
		wait_for_daemon(sv[0], pid);
	}
	close_once(sv[0]);
	int fd = sv[1];
	if (setsid() < 0)
		child_fail(fd, "setsid", "leaving the terminal's session");
	/* The session leader could acquire a controlling terminal again by
	 * opening one; its child cannot. */
	pid = fork();
	if (pid < 0)
		child_fail(fd, "fork", "the second fork of the daemon");
	if (pid > 0)
		_exit(0);
	umask(022);
	if (chdir("/") < 0)
		child_fail(fd, "chdir /", "not keeping a directory busy");
	int null;
	do
		null = open("/dev/null", O_RDWR | O_NOCTTY);
	while (null < 0 && errno == EINTR);
	if (null < 0)
		child_fail(fd, "open /dev/null", "detaching stdin, stdout and stderr");
	for (int std = 0; std <= 2; std++) {
		int rc;
		do
			rc = dup2(null, std);
		while (rc < 0 && errno == EINTR);
		if (rc < 0)
			child_fail(fd, "dup2", "detaching stdin, stdout and stderr");
	}
	if (null > 2)
		close_once(null);
	*ready_fd = fd;
	return 0;
}

void daemonize_ready(int ready_fd, const char *err)
{
	if (ready_fd < 0)
		return;
	if (err && *err)
		report(ready_fd, 'E', err);
	else
		report(ready_fd, 'R', NULL);
	close_once(ready_fd);
}
