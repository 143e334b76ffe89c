/* watchloop.h — `ipctop --watch` (and --foreground, --daemon): snapshots
 * on a timer, one JSON line per lifecycle event (watch.h) between
 * consecutive snapshots, to stdout or appended to a log file; the pidfile
 * and the detaching of a daemon (daemonize.h). */
#ifndef IPCTOP_WATCHLOOP_H
#define IPCTOP_WATCHLOOP_H

#include <stdbool.h>

struct watchloop_config {
	unsigned kinds;       /* KIND_BIT set to watch */
	int delay_tenths;     /* refresh interval (> 0) */
	const char *log_path; /* append events here; NULL: stdout */
	const char *pidfile;  /* NULL: none */
	bool daemon;          /* detach first (requires log_path) */
	bool foreground;      /* a service's main process: SIGHUP never ends it */
};

/* Runs the watch until SIGTERM or SIGINT (or, for a plain --watch writing
 * to stdout, SIGHUP: the terminal went away). Order: pidfile locked (a
 * second instance fails here), log opened (O_APPEND, created 0600; a
 * planted symlink, FIFO, hard link or stranger's file is refused: see
 * safefile.h), detached if daemon (the starting process exits 0 only once
 * the daemon is ready, or prints its error and exits 1), pid written to
 * the pidfile, signals set up, the first snapshot read (the baseline: no
 * events for what exists already). Then on every SIGALRM from
 * setitimer(-d): a snapshot and its events, each line flushed. SIGHUP
 * reopens the log (logrotate moved it), with the same checks. Signals are
 * blocked except inside sigsuspend, their handlers only set flags: no
 * wake-up is lost, nothing busy-waits. When not a daemon, one line on
 * stderr says the watch started. Paths are made absolute before a daemon
 * leaves the working directory. On the end the pidfile is removed. Errors
 * before the loop: one line on stderr, returns 1. Later errors writing the
 * log are reported (stderr, or syslog for a daemon) once, and once more
 * with the number of events lost when writing works again; the loop goes
 * on, and the log holds only whole lines (a full disk cuts a half-written
 * line off again). A failed write to stdout ends it (status 1; 0 for
 * EPIPE, the reader went away). Returns the exit status: 0 or 1. */
int watchloop_main(const struct watchloop_config *cfg);

#endif
