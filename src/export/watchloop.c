/* watchloop.c — owns the --watch loop: which signals it takes (their
 * flags, mask and wait are sigflags.h's) and the sigsuspend wait, the event sink (stdout, or a log opened O_APPEND and
 * reopened on SIGHUP), the order of start-up (pidfile, log, daemon,
 * baseline snapshot) and the clean end. */
#define _GNU_SOURCE
#include "export/watchloop.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "base/sigflags.h"
#include "export/daemonize.h"
#include "export/missed.h"
#include "model/history.h"
#include "model/ipcid.h"
#include "model/ipcobj.h"
#include "proc/names.h"
#include "base/safefile.h"
#include "model/snapshot.h"
#include "base/ticker.h"
#include "export/watch.h"

/* Waiter counts for sem-waiters events (GETNCNT/GETZCNT/GETPID per
 * semaphore of the sets a task may wait on: semwait.h; the sempids of the
 * events come with them), queue capacities for queue-fill events; the
 * waiter scan (one /proc/PID/syscall read per thread) names the waiters of
 * sem-waiters and msg-waiters and finds deadlocks. No SNAP_ATTACH: nattch
 * comes from IPC_STAT, and scanning every /proc/PID/maps on each refresh
 * would cost more than all the rest. */
#define WATCH_SNAP_FLAGS (SNAP_SEMWAIT | SNAP_QBYTES | SNAP_WAITERS | SNAP_THREADS)

/* SIGALRM: refresh; SIGHUP: reopen the log (or, writing to a terminal's
 * stdout, end); SIGTERM, SIGINT: end. */
static const int handled[] = { SIGALRM, SIGHUP, SIGTERM, SIGINT };

/* Blocks our signals (they are let through only inside sigsuspend) and
 * installs the flag handlers; SIGPIPE is ignored so a closed stdout is an
 * EPIPE we end on cleanly. sigflags_restore undoes it. */
static int signals_setup(void)
{
	if (sigflags_install(handled, sizeof(handled) / sizeof(handled[0])) < 0)
		return -1;
	return sigflags_ignore(SIGPIPE);
}

static bool quit_pending(void)
{
	return sigflags_pending(SIGTERM) || sigflags_pending(SIGINT);
}

/* --- messages: stderr, or syslog once we are a daemon ------------------ */

static bool to_syslog;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (to_syslog) {
		vsyslog(LOG_ERR, fmt, ap);
	} else {
		fputs("ipctop: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

/* --- the sink ------------------------------------------------------------ */

struct sink {
	int fd;           /* STDOUT_FILENO or the log */
	const char *path; /* the log (absolute), or NULL for stdout */
	bool failing;     /* a write failed and was reported; until one succeeds */
	bool torn;        /* the log does not end with a newline (safefile_append) */
	size_t lost;      /* events not written since failing began */
};

/* Opens (or reopens: the new file first, then the old one is closed) the
 * log: created 0600 (events name users and keys), no symlink, FIFO, hard
 * link or other owner's file (safefile_open); read-write only to see
 * whether it ends with a newline. On failure the old fd stays in use. */
static int sink_open(struct sink *s, char *err, size_t errlen)
{
	int fd = safefile_open(s->path, O_RDWR | O_APPEND | O_CREAT, 0600, err, errlen);
	if (fd < 0)
		return -1;
	if (s->fd != STDOUT_FILENO && s->fd >= 0)
		close(s->fd); /* nothing is buffered: a failure here loses nothing */
	s->fd = fd;
	s->torn = safefile_torn(fd);
	return 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

struct emit_ctx {
	struct sink *sink;
	const struct timespec *when; /* the refresh, for missed events */
	int err;        /* errno of the first failed write; then the rest are skipped */
	size_t written; /* events written */
	size_t lost;    /* events not written */
};

/* One event, one write(): with O_APPEND a line is never interleaved with
 * another writer's, and nothing waits in a buffer. To the log, a line is
 * whole or absent (safefile_append): a full disk loses events, never
 * glues half a line to the next. */
static void emit(const struct watch_event *ev, void *ctx)
{
	struct emit_ctx *c = ctx;
	if (c->err) {
		c->lost++;
		return;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m) {
		c->err = errno;
		c->lost++;
		return;
	}
	struct sink *s = c->sink;
	int rc = watch_event_json(ev, m);
	if (fclose(m) != 0 || rc < 0)
		c->err = ENOMEM;
	else if ((s->path ? safefile_append(s->fd, buf, len, &s->torn) : write_all(s->fd, buf, len)) < 0)
		c->err = errno;
	if (c->err)
		c->lost++;
	else
		c->written++;
	free(buf);
}

/* A gap the id sequence proves (missed.h), as an event. */
static void emit_gap(const struct missed_gap *g, void *ctx)
{
	struct watch_event ev;
	watch_missed_event(&ev, g, ((struct emit_ctx *)ctx)->when);
	emit(&ev, ctx);
}

/* --- the loop -------------------------------------------------------------- */

static long ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)(t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Returns the exit status when SIGTERM/SIGINT (or a hang-up) ends it. */
static int run(const struct watchloop_config *cfg, struct sink *sink, struct snapshot *prev,
	       struct snapshot *cur, struct history *hist, struct missed_tracker *missed)
{
	bool slow_said = false, read_failing = false;
	for (;;) {
		/* Our signals are blocked everywhere but here: one that came
		 * while we were reading is pending and ends the wait at once. */
		while (!sigflags_pending(SIGALRM) && !sigflags_pending(SIGHUP) && !quit_pending())
			sigsuspend(sigflags_wait_mask()); /* returns -1 EINTR after a handler */
		if (quit_pending())
			return 0;
		if (sigflags_take(SIGHUP)) {
			if (sink->path) {
				char err[PATH_MAX + 128];
				if (sink_open(sink, err, sizeof(err)) < 0)
					say("%s; still writing to the old file", err);
			} else if (!cfg->foreground) {
				return 0; /* the terminal went away */
			}
		}
		if (!sigflags_take(SIGALRM))
			continue;
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (snapshot_read(cur, cfg->kinds, WATCH_SNAP_FLAGS) < 0 || history_apply(hist, cur) < 0) {
			if (!read_failing)
				say("reading IPC objects: %s (will retry on the next refresh)", strerror(errno));
			read_failing = true;
			continue;
		}
		read_failing = false;
		long took = ms_since(&t0);
		if (took > cfg->delay_tenths * 100L && !slow_said) {
			say("reading the IPC objects took %ld ms, longer than -d %d.%ds: refreshing as often as reading allows",
			    took, cfg->delay_tenths / 10, cfg->delay_tenths % 10);
			slow_said = true;
		}
		struct emit_ctx c = { .sink = sink, .when = &cur->taken, .err = 0, .written = 0, .lost = 0 };
		if (watch_diff(prev, cur, emit, &c) < 0) {
			say("comparing snapshots: %s (will retry on the next refresh)", strerror(errno));
			continue; /* keep prev: the next diff covers both intervals */
		}
		if (missed_update(missed, prev, cur, cfg->kinds, emit_gap, &c) < 0)
			say("following the ids: %s (missed objects are proven again from the next refresh)", strerror(errno));
		struct snapshot t = *prev;
		*prev = *cur;
		*cur = t;
		if (!c.err) {
			/* Only a line written proves it works (a quiet tick does not). */
			if (sink->failing && c.written > 0) {
				say("writing events to %s works again (%zu events were lost)", sink->path, sink->lost);
				sink->failing = false;
				sink->lost = 0;
			}
		} else if (!sink->path) {
			if (c.err == EPIPE)
				return 0; /* the reader of our stdout went away */
			say("writing events to stdout: %s", strerror(c.err));
			return 1;
		} else {
			if (!sink->failing)
				say("writing events to %s: %s (events are lost until writing works again)", sink->path,
				    strerror(c.err));
			sink->failing = true;
			sink->lost += c.lost;
		}
	}
}

/* path made absolute against the current directory (a daemon leaves it
 * before SIGHUP reopens the log or the end removes the pidfile). */
static int absolute(const char *path, char *out, size_t len, char *err, size_t errlen)
{
	char cwd[PATH_MAX];
	int n;
	if (path[0] == '/') {
		n = snprintf(out, len, "%s", path);
	} else {
		if (!getcwd(cwd, sizeof(cwd))) {
			snprintf(err, errlen, "getcwd: %s (making %s an absolute path)", strerror(errno), path);
			return -1;
		}
		n = snprintf(out, len, "%s/%s", strcmp(cwd, "/") ? cwd : "", path);
	}
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "%s: %s", path, strerror(ENAMETOOLONG));
		return -1;
	}
	return 0;
}

static const char *kinds_text(unsigned kinds, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int k = 0; k < KIND_COUNT; k++)
		if (kinds & KIND_BIT(k))
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? "," : "",
				 kind_name((enum ipc_kind)k));
	return buf;
}

int watchloop_main(const struct watchloop_config *cfg)
{
	char err[2 * PATH_MAX + 256] = "";
	char log_abs[PATH_MAX], pid_abs[PATH_MAX];
	struct pidfile pf = { .fd = -1 };
	struct sink sink = { .fd = STDOUT_FILENO, .path = NULL, .failing = false, .torn = false, .lost = 0 };
	struct snapshot prev, cur;
	memset(&prev, 0, sizeof(prev));
	memset(&cur, 0, sizeof(cur));
	struct history hist; /* waiting since, creators' commands */
	memset(&hist, 0, sizeof(hist));
	struct ipcid_layout layout;
	struct missed_tracker missed;
	ipcid_layout_read(&layout);
	missed_init(&missed, &layout);
	int ready_fd = -1, status = 1;
	bool timer_set = false;

	if (cfg->log_path && absolute(cfg->log_path, log_abs, sizeof(log_abs), err, sizeof(err)) < 0)
		goto out;
	if (cfg->pidfile && absolute(cfg->pidfile, pid_abs, sizeof(pid_abs), err, sizeof(err)) < 0)
		goto out;
	/* Before forking, so that a second instance or a bad path is reported
	 * on the terminal with exit status 1. */
	if (cfg->pidfile && pidfile_acquire(&pf, pid_abs, err, sizeof(err)) < 0)
		goto out;
	if (cfg->log_path) {
		sink.fd = -1;
		sink.path = log_abs;
		if (sink_open(&sink, err, sizeof(err)) < 0)
			goto out;
	}
	if (cfg->daemon) {
		if (daemonize(&ready_fd, err, sizeof(err)) < 0)
			goto out;
		to_syslog = true;
		openlog("ipctop", LOG_PID, LOG_DAEMON);
	}
	if (pf.fd >= 0 && pidfile_write(&pf, getpid()) < 0) {
		snprintf(err, sizeof(err), "write %s: %s (recording our pid)", pf.path, strerror(errno));
		goto out;
	}
	if (signals_setup() < 0) {
		snprintf(err, sizeof(err), "sigaction: %s (setting up the signal handlers)", strerror(errno));
		goto out;
	}
	if (snapshot_read(&prev, cfg->kinds, WATCH_SNAP_FLAGS) < 0 || history_apply(&hist, &prev) < 0) {
		snprintf(err, sizeof(err), "reading IPC objects: %s", strerror(errno));
		goto out;
	}
	if (missed_update(&missed, NULL, &prev, cfg->kinds, NULL, NULL) < 0) { /* the baseline's ids */
		snprintf(err, sizeof(err), "following the ids: %s", strerror(errno));
		goto out;
	}
	if (ticker_set(cfg->delay_tenths) < 0) {
		snprintf(err, sizeof(err), "setitimer: %s (arming the refresh timer)", strerror(errno));
		goto out;
	}
	timer_set = true;
	if (ready_fd >= 0) {
		daemonize_ready(ready_fd, NULL);
		ready_fd = -1;
	} else {
		char kt[32];
		fprintf(stderr, "ipctop: watching %zu objects (%s) every %d.%ds; events as JSON lines to %s\n",
			prev.count, kinds_text(cfg->kinds, kt, sizeof(kt)), cfg->delay_tenths / 10,
			cfg->delay_tenths % 10, sink.path ? sink.path : "stdout");
	}
	status = run(cfg, &sink, &prev, &cur, &hist, &missed);
	/* the gaps held back for one more refresh, proven all the same */
	struct timespec end;
	clock_gettime(CLOCK_REALTIME, &end);
	struct emit_ctx last = { .sink = &sink, .when = &end, .err = 0, .written = 0, .lost = 0 };
	missed_flush(&missed, emit_gap, &last);

out:
	if (err[0]) {
		if (ready_fd >= 0)
			daemonize_ready(ready_fd, err); /* the starting process prints it */
		else
			say("%s", err);
		ready_fd = -1;
	}
	if (timer_set)
		ticker_set(0);
	sigflags_restore();
	snapshot_free(&prev);
	snapshot_free(&cur);
	history_free(&hist);
	missed_free(&missed);
	if (sink.path && sink.fd >= 0)
		close(sink.fd);
	pidfile_release(&pf);
	names_clear();
	if (to_syslog) {
		closelog();
		to_syslog = false;
	}
	return status;
}
