/* daemonize.h — turning the process into a daemon (double fork, with the
 * original process waiting until the daemon reports it is ready) and a
 * pidfile locked for the life of its holder so that a second instance
 * refuses to start. */
#ifndef IPCTOP_DAEMONIZE_H
#define IPCTOP_DAEMONIZE_H

#include <stddef.h>
#include <sys/types.h>

struct pidfile {
	int fd;          /* -1 when not held */
	char path[4096]; /* as given to pidfile_acquire */
};

/* Opens path with safefile_open (O_CREAT, mode 0644; a symlink, FIFO, hard
 * link or file of another owner is refused) and takes an exclusive
 * flock(2) on it without waiting; a locked file that holds something other
 * than a pid is refused (EEXIST) rather than overwritten. flock, not fcntl: the lock
 * belongs to the open file description, so it survives daemonize()'s forks
 * and two holders in one process conflict too. Retries when the file was
 * removed or replaced between open and lock (a holder exiting). Returns 0,
 * or -1 with errno and err "<call>: <strerror> (<meaning>)"; when another
 * process holds it, errno is EWOULDBLOCK and err names that process's pid
 * as found in the file. pf->fd is -1 on failure. */
int pidfile_acquire(struct pidfile *pf, const char *path, char *err, size_t errlen);

/* Replaces the contents of a held pidfile with "<pid>\n". Returns 0 or -1
 * with errno. */
int pidfile_write(struct pidfile *pf, pid_t pid);

/* The pid written in the file at path (0 when empty or not a number), or -1
 * with errno when it cannot be read (ELOOP for a symlink: not followed). */
pid_t pidfile_read(const char *path);

/* Removes the file (if it is still the one we locked) and releases the
 * lock. Idempotent. */
void pidfile_release(struct pidfile *pf);

/* Detaches from the terminal: fork; setsid; fork; umask(022); chdir("/");
 * stdin, stdout and stderr on /dev/null. Returns in the daemon only, with
 * *ready_fd set to the write end of a pipe for daemonize_ready(). The
 * original process (and the intermediate child) never return: the original
 * waits until the daemon calls daemonize_ready() (or dies), then exits 0,
 * or prints the daemon's error on its stderr and exits 1. Returns -1 with
 * err set (in the original process, before anything forked) on failure. */
int daemonize(int *ready_fd, char *err, size_t errlen);

/* Tells the waiting original process that start-up finished: err NULL or
 * "" means success (it exits 0), otherwise it prints "ipctop: <err>" and
 * exits 1. Closes ready_fd. */
void daemonize_ready(int ready_fd, const char *err);

#endif
