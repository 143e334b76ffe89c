/* loop.c — the main loop: waits in ppoll() on the terminal, the workers'
 * and scenarios' pipes with the signal flags, then rescans on the timer,
 * re-lays out on resize, dispatches keys, and redraws once. Owns the start
 * (terminal, signals, timer) and the orderly and emergency ends. */
#define _GNU_SOURCE
#include "loop/loop.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/marks.h"
#include "app/prefs.h"
#include "app/trace_ui.h"
#include "base/errtext.h"
#include "base/i18n.h"
#include "base/ticker.h"
#include "classroom/scenario.h"
#include "loop/draw.h"
#include "loop/keys.h"
#include "loop/modes.h"
#include "ops/actionlog.h"
#include "ops/ops.h"
#include "ops/worker.h"
#include "panes/events.h"
#include "panes/panels.h"
#include "panes/timeline_pane.h"
#include "proc/names.h"
#include "proc/nsinfo.h"
#include "trace/tracefs.h"
#include "loop/signals.h"
#include "views/list_view.h"
#include "views/posix_view.h"
#include "views/scenario_ui.h"
#include "widgets/screen.h"

/* The kinds a refresh reads: what the modes on the stack show (the list's
 * view: one kind, one /proc/sysvipc file), every kind for the events pane,
 * and the kinds the last scan found waiters on (the DEADLOCK banner and
 * the waiters' holders need those objects). */
static unsigned kinds_needed(const struct app *a)
{
	unsigned k = panels_events_shown() ? KINDS_ALL : mode_snap_kinds(a);
	for (size_t i = 0; i < a->snap.waiters.count; i++)
		k |= KIND_BIT(waiters_kind(a->snap.waiters.v[i].call));
	return a->opt.kinds & k;
}

static void rescan(struct app *a)
{
	/* The events pane compares with the previous refresh: keep it (its
	 * buffers are reused by the next read) only while the pane is open, so
	 * the usual cost is one snapshot. Waiter events need every
	 * semaphore's counts: read them only then too. */
	bool diff = panels_events_shown();
	if (diff) {
		struct snapshot tmp = a->prev;
		a->prev = a->snap;
		a->snap = tmp;
	} else if (a->prev.cap) {
		snapshot_free(&a->prev);
	}
	unsigned flags = SNAP_SHMRSS | SNAP_ATTACH | SNAP_WAITERS | (diff ? SNAP_SEMWAIT | SNAP_QBYTES : 0) |
			 panels_snap_flags() | mode_snap_flags(a);
	if (snapshot_read(&a->snap, kinds_needed(a), flags) < 0 || history_apply(&a->history, &a->snap) < 0)
		snprintf(a->scan_error, sizeof(a->scan_error), _("reading IPC objects: %s"), strerror(errno));
	else if (series_record(&a->series, &a->snap) < 0)
		snprintf(a->scan_error, sizeof(a->scan_error), _("recording the history: %s"), strerror(errno));
	else
		a->scan_error[0] = '\0';
	if (diff && a->prev.cap && a->prev.kinds == a->snap.kinds)
		events_record(&a->prev, &a->snap);
	if (!list_view_note_scan(a))
		marks_prune(&a->snap);
	app_rebuild_rows(a);
	mode_refresh(a);
	panels_rescanned(a);
}

static void debug_crash_hook(void)
{
	/* Test-only: proves the crash handler restores the terminal. */
	const char *crash = getenv("IPCTOP_TEST_CRASH");
	if (crash && *crash)
		raise(SIGSEGV);
}

static void app_free(struct app *a)
{
	modes_free();
	marks_free();
	snapshot_free(&a->snap);
	snapshot_free(&a->prev);
	history_free(&a->history);
	table_model_free(&a->model);
	free(a->arranged);
	series_free(&a->series);
	names_clear();
}

static void emergency(void)
{
	tracefs_emergency();
	worker_kill_all_async();
	scenario_stop_all_async();
	screen_emergency_restore();
}

static void on_exit_restore(void)
{
	trace_ui_stop();
	worker_kill_all();
	scenario_stop_all();
	screen_shutdown();
}

#define SCENARIO_FDS (SCENARIO_MAX_RUNNING * SCENARIO_MAX_PROCS)

/* Scenario reports can come thousands a second (homework): they are read
 * at once but redraw at most every 200 ms (the tick redraws anyway). */
static unsigned scenario_reports(int fd)
{
	static struct timespec last;
	struct timespec now;
	scenario_collect(fd);
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000;
	if (ms < 200)
		return REACT_NONE;
	last = now;
	return REACT_REDRAW;
}

/* Waits for input, a worker result or a signal. Returns true when the
 * terminal has input; collects finished workers into *react. */
static bool wait_event(struct app *a, unsigned *react)
{
	struct pollfd pfd[1 + WORKER_MAX + SCENARIO_FDS];
	int scn[SCENARIO_FDS];
	size_t n = 0;
	pfd[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	for (size_t i = 0; i < worker_count() && n < 1 + WORKER_MAX; i++)
		pfd[n++] = (struct pollfd){ .fd = worker_get(i)->fd, .events = POLLIN };
	size_t first_scn = n, nscn = scenario_fds(scn, SCENARIO_FDS);
	for (size_t i = 0; i < nscn; i++)
		pfd[n++] = (struct pollfd){ .fd = scn[i], .events = POLLIN };
	/* A fill worker's progress shows four times a second; tracing reads
	 * its buffers every 100 ms (redrawing only for new calls). */
	const struct timespec progress_tick = { 0, 250000000 };
	int ready = ppoll(pfd, (nfds_t)n, worker_any_progress() ? &progress_tick : trace_ui_timeout(),
			  signals_wait_mask());
	if (ready == 0 && worker_any_progress())
		*react |= REACT_REDRAW;
	if (ready <= 0)
		return false; /* EINTR: a signal set a flag */
	for (size_t i = 1; i < first_scn; i++)
		if (pfd[i].revents)
			*react |= panels_collect_worker(a, pfd[i].fd);
	for (size_t i = first_scn; i < n; i++)
		if (pfd[i].revents)
			*react |= scenario_reports(pfd[i].fd);
	if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		return false;
	return (pfd[0].revents & POLLIN) != 0;
}

static unsigned read_keys(struct app *a)
{
	unsigned react = 0;
	int ch;
	while ((ch = getch()) != ERR) {
		unsigned r = keys_dispatch(a, ch);
		/* The next key in the same burst must see the new rows (of a
		 * kind not read yet: read it now). */
		if ((r & REACT_REROW) && (kinds_needed(a) & ~a->snap.kinds))
			rescan(a);
		else if (r & REACT_REROW)
			app_rebuild_rows(a);
		react |= r & ~REACT_REROW;
		if (r & REACT_QUIT)
			break;
	}
	return react;
}

/* ^Z (SIGTSTP): the terminal is restored and we stop; continued (SIGCONT,
 * also after a kill -STOP that curses never saw), the terminal is taken
 * again at its current size and the screen redrawn whole. The refresh
 * timer restarts a full interval from now: a stop never leaves more than
 * one tick pending, which this rescan replaces. */
static unsigned job_control(struct app *a)
{
	bool resume = false;
	if (signals_take(SIGEV_STOP)) {
		screen_suspend();
		if (signals_stop_self() < 0) {
			char msg[sizeof(a->status)];
			errtext_format(msg, sizeof(msg), "sigaction(SIGTSTP)", errno, _("ipctop could not stop itself"));
			app_message(a, true, "%s", msg);
		}
		resume = true;
	}
	if (!signals_take(SIGEV_CONT) && !resume)
		return REACT_NONE;
	screen_resume();
	draw_resize();
	return REACT_REDRAW | REACT_TIMER | (a->paused ? 0 : REACT_RESCAN);
}

static bool stdin_hung_up(void)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL));
}

int loop_run(const struct options *opt)
{
	struct app a;
	memset(&a, 0, sizeof(a));
	a.opt = *opt;
	mode_init(&a, &list_mode);
	a.view = VIEW_ALL;
	if (opt->kinds == KIND_BIT(KIND_SHM)) a.view = VIEW_SHM;
	if (opt->kinds == KIND_BIT(KIND_MSG)) a.view = VIEW_MSG;
	if (opt->kinds == KIND_BIT(KIND_SEM)) a.view = VIEW_SEM;
	for (int v = 0; v < VIEW_COUNT; v++)
		a.sort[v] = COL_ID;
	if (series_init(&a.series, SERIES_LEN_DEFAULT) < 0) {
		perror("ipctop: history");
		return 1;
	}
	prefs_start(&a); /* the settings file, before the screen takes its theme */

	if (signals_install(emergency) < 0) {
		perror("ipctop: sigaction");
		app_free(&a);
		return 1;
	}
	ops_set_read_only(opt->read_only);
	if (screen_init(a.opt.no_color) < 0) {
		app_free(&a);
		return 1;
	}
	atexit(on_exit_restore);
	if (a.opt.projector)
		screen_set_projector(true);
	if (ticker_set(a.opt.delay_tenths) < 0) {
		screen_shutdown();
		perror("ipctop: setitimer");
		app_free(&a);
		return 1;
	}
	if (opt->demo)
		scenario_ui_start(&a, opt->demo);
	/* --ns PID: the POSIX view follows that process's mount namespace. */
	posix_view_follow(&a, opt->ns ? nsinfo_spec_pid(opt->ns) : -1);
	if (opt->activity)
		trace_ui_start(&a);
	rescan(&a);
	draw_all(&a);
	debug_crash_hook();

	for (;;) {
		unsigned react = 0;
		if (wait_event(&a, &react))
			react |= read_keys(&a);
		else if (stdin_hung_up())
			react |= REACT_QUIT;
		react |= trace_ui_poll(&a, timeline_pane_shown());
		if (signals_take(SIGEV_QUIT))
			react |= REACT_QUIT;
		if (signals_take(SIGEV_RESIZE)) {
			draw_resize();
			react |= REACT_REDRAW;
		}
		if (signals_take(SIGEV_TICK) && !a.paused)
			react |= REACT_RESCAN;
		if (signals_take(SIGEV_CHILD)) {
			worker_reap();
			scenario_reap();
		}
		if (react & REACT_QUIT)
			break;
		react |= job_control(&a);
		if (react & REACT_TIMER && ticker_set(a.paused ? 0 : a.opt.delay_tenths) < 0)
			app_message(&a, true, "setitimer: %s", strerror(errno));
		if (kinds_needed(&a) & ~a.snap.kinds) /* a view or screen showing a kind not read */
			react |= REACT_RESCAN;
		if (react & REACT_RESCAN)
			rescan(&a);
		else if (react & REACT_REROW)
			app_rebuild_rows(&a);
		if (react)
			draw_all(&a);
	}
	ticker_set(0);
	worker_kill_all();
	scenario_stop_all();
	mode_reset(&a); /* a hex view detaches */
	screen_shutdown();
	int rc = 0;
	char msg[PATH_MAX + 256];
	bool wrote;
	if (prefs_save(&a, &wrote, msg, sizeof(msg)) < 0)
		fprintf(stderr, "ipctop: %s\n", msg); /* not fatal: the session ended well */
	if (opt->log_c && panels_write_log_c(opt->log_c, a.status, sizeof(a.status)) < 0) {
		fprintf(stderr, "ipctop: %s\n", a.status);
		rc = 1;
	}
	app_free(&a);
	actionlog_clear();
	return rc;
}
