/* app.c — the main loop: waits in ppoll() on the terminal with the signal
 * flags, then rescans on the timer, re-lays out on resize, dispatches keys,
 * and redraws once. Also owns the snapshot → rows bookkeeping (selection
 * follows the object; new objects are flagged for one refresh). */
#define _GNU_SOURCE
#include "app.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops/actionlog.h"
#include "base/array.h"
#include "draw.h"
#include "base/errtext.h"
#include "events.h"
#include "base/i18n.h"
#include "keys.h"
#include "proc/names.h"
#include "proc/nsinfo.h"
#include "ops/ops.h"
#include "base/safefile.h"
#include "classroom/scenario.h"
#include "screen.h"
#include "signals.h"
#include "base/ticker.h"
#include "model/snapfill.h"
#include "ops/worker.h"
#include "actions.h"

void app_message(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof(a->status), fmt, ap);
	va_end(ap);
	a->status_error = error;
}

const struct ipc_object *app_selected(const struct app *a)
{
	return a->nrows ? a->rows[a->cursor] : NULL;
}

void app_show_result(struct app *a, const struct op_result *res)
{
	if (res->ret < 0)
		app_message(a, true, "%s", res->message[0] ? res->message : res->call);
	else
		app_message(a, false, "%s", res->call);
}

bool app_form_result(struct app *a, struct op_result *res)
{
	bool ok = res->ret >= 0;
	if (ok)
		app_show_result(a, res);
	else
		snprintf(a->form.message, sizeof(a->form.message), "%s", res->message);
	ops_result_free(res);
	return ok;
}

bool app_refuse_read_only(struct app *a, const char *what)
{
	if (!a->opt.read_only)
		return false;
	app_message(a, true, _("read-only mode (--read-only): %s is disabled"), what);
	return true;
}

void app_open_form(struct app *a, bool (*submit)(struct app *), void (*changed)(struct app *))
{
	a->form_submit = submit;
	a->form_changed = changed;
	if (a->mode != UI_FORM)
		a->form_return = a->mode;
	a->mode = UI_FORM;
	if (changed)
		changed(a);
}

void app_follow(struct app *a, enum ipc_kind kind, int id)
{
	a->sel = (struct obj_ref){ kind, id, true };
	if (!view_has_kind(a->view, kind))
		a->view = (enum view)kind;
}

bool app_is_marked(const struct app *a, enum ipc_kind kind, int id)
{
	for (size_t i = 0; i < a->nmarks; i++)
		if (a->marks[i].kind == kind && a->marks[i].id == id)
			return true;
	return false;
}

static uint64_t ref_code(enum ipc_kind kind, int id)
{
	return ((uint64_t)kind << 32) | (uint32_t)id;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

/* Growing the UI's own arrays: out of memory is fatal (the terminal is
 * restored by the atexit handler). */
static void *grow_array(void *p, size_t *cap, size_t need, size_t elem)
{
	if (array_grow(&p, cap, need, elem) < 0) {
		fputs(_("ipctop: out of memory\n"), stderr);
		exit(1);
	}
	return p;
}

/* Did the last read find the objects of the scan before it unchanged? */
static bool same_as_last_scan(const struct app *a)
{
	const struct snapshot_delta *d = &a->snap.delta;
	return a->scanned_once && d->valid && !d->changed && d->from == a->marked_gen &&
	       a->snap.kinds == a->marked_kinds;
}

/* Flags objects not present in the previous snapshot, then remembers the
 * current ids for the next scan. The first scan flags nothing. */
static void mark_new_objects(struct app *a, bool same)
{
	const struct snapshot *s = &a->snap;
	a->is_new = grow_array(a->is_new, &a->is_new_cap, s->count + 1, sizeof(*a->is_new));
	/* Other kinds read than last time (the view changed): not new. */
	bool other_kinds = s->kinds != a->marked_kinds;
	a->marked_gen = s->gen;
	a->marked_kinds = s->kinds;
	if (same) { /* none is new, and prev_ids still hold these ids */
		memset(a->is_new, 0, s->count * sizeof(*a->is_new));
		return;
	}
	for (size_t i = 0; i < s->count; i++) {
		uint64_t code = ref_code(s->objs[i].kind, s->objs[i].id);
		a->is_new[i] = a->scanned_once && !other_kinds &&
			       !bsearch(&code, a->prev_ids, a->nprev, sizeof(code), cmp_u64);
	}
	a->prev_ids = grow_array(a->prev_ids, &a->prev_cap, s->count + 1, sizeof(*a->prev_ids));
	for (size_t i = 0; i < s->count; i++)
		a->prev_ids[i] = ref_code(s->objs[i].kind, s->objs[i].id);
	a->nprev = s->count;
	qsort(a->prev_ids, a->nprev, sizeof(*a->prev_ids), cmp_u64);
	a->scanned_once = true;
}

void app_select_row(struct app *a, size_t i)
{
	if (a->nrows == 0) {
		a->cursor = a->top = 0;
		return;
	}
	a->cursor = i < a->nrows ? i : a->nrows - 1;
	const struct ipc_object *o = a->rows[a->cursor];
	a->sel = (struct obj_ref){ o->kind, o->id, true };
}

unsigned app_kinds_needed(const struct app *a)
{
	bool limits = a->mode == UI_LIMITS || (a->mode == UI_FORM && a->form_return == UI_LIMITS);
	if (a->view == VIEW_ALL || a->show_events || limits)
		return a->opt.kinds;
	return a->opt.kinds & KIND_BIT((enum ipc_kind)a->view);
}

/* The rows from the snapshot as it is. */
static void update_rows(struct app *a)
{
	if (table_model_update(&a->model, &a->snap, a->view, a->filter, a->sort[a->view], a->desc[a->view]) < 0) {
		fputs(_("ipctop: out of memory\n"), stderr);
		exit(1);
	}
	a->rows = a->model.rows;
	a->nrows = a->model.nrows;
	size_t keep = a->cursor;
	bool at_cursor = keep < a->nrows && a->rows[keep]->kind == a->sel.kind && a->rows[keep]->id == a->sel.id;
	if (a->sel.set && !at_cursor)
		for (size_t i = 0; i < a->nrows; i++)
			if (a->rows[i]->kind == a->sel.kind && a->rows[i]->id == a->sel.id) {
				keep = i;
				break;
			}
	app_select_row(a, keep);
	/* What /proc/sysvipc lacks (msg_qbytes) for the selected object: the
	 * detail view and the IPC_SET form show it. */
	const struct ipc_object *sel = app_selected(a);
	(void)snapshot_fill(&a->snap, &sel, 1, FILL_QBYTES);
}

static void rescan(struct app *a);

void app_rebuild_rows(struct app *a)
{
	if (app_kinds_needed(a) & ~a->snap.kinds) /* rescan updates the rows */
		rescan(a);
	else
		update_rows(a);
}

static void add_proc_row(struct app *a, const char *role, pid_t pid, const char *mode)
{
	if (pid <= 0 || a->nprocrows >= sizeof(a->procrows) / sizeof(a->procrows[0]))
		return;
	struct proc_row *r = &a->procrows[a->nprocrows++];
	r->role = role;
	r->pid = pid;
	snprintf(r->mode, sizeof(r->mode), "%s", mode);
}

/* The processes an object names: creator and last pids, and for a segment
 * every process mapping it. */
static void collect_proc_rows(struct app *a, const struct ipc_object *o)
{
	a->nprocrows = 0;
	if (o->kind == KIND_SHM) {
		size_t n;
		const struct attach_entry *e = attach_find(&a->snap.attach, o->id, &n);
		for (size_t i = 0; i < n; i++)
			add_proc_row(a, C_("process role", "attached"), e[i].pid, attach_mode(&e[i]));
		add_proc_row(a, "cpid", o->u.shm.cpid, "");
		add_proc_row(a, "lpid", o->u.shm.lpid, "");
	} else {
		add_proc_row(a, "lspid", o->u.msg.lspid, "");
		add_proc_row(a, "lrpid", o->u.msg.lrpid, "");
	}
}

pid_t app_detail_pid(const struct app *a)
{
	if (a->detail.kind == KIND_SEM)
		return a->detail_cursor < a->nsemvals ? a->semvals[a->detail_cursor].pid : 0;
	return a->detail_cursor < a->nprocrows ? a->procrows[a->detail_cursor].pid : 0;
}

/* Re-reads the detail view's semaphores; closes the view if its object is
 * gone. */
static void refresh_detail(struct app *a)
{
	const struct ipc_object *o = snapshot_find(&a->snap, a->detail.kind, a->detail.id);
	if (!o) {
		app_message(a, false, _("%s %d was removed; back to the list"), kind_name(a->detail.kind),
			    a->detail.id);
		a->mode = UI_LIST;
		return;
	}
	if (o->kind != KIND_SEM) {
		(void)snapshot_fill(&a->snap, &o, 1, FILL_QBYTES);
		collect_proc_rows(a, o);
		return;
	}
	a->nprocrows = 0;
	a->semvals = grow_array(a->semvals, &a->semvals_cap, o->u.sem.nsems + 1, sizeof(*a->semvals));
	a->nsemvals = o->u.sem.nsems;
	a->semvals_errno = 0;
	if (snapshot_read_semset(o->id, o->u.sem.nsems, a->semvals, 1) < 0)
		a->semvals_errno = errno;
}

/* Marks of objects that no longer exist are dropped (those of kinds this
 * refresh did not read are kept). */
static void prune_marks(struct app *a)
{
	size_t k = 0;
	for (size_t i = 0; i < a->nmarks; i++)
		if (!(a->snap.kinds & KIND_BIT(a->marks[i].kind)) ||
		    snapshot_find(&a->snap, a->marks[i].kind, a->marks[i].id))
			a->marks[k++] = a->marks[i];
	a->nmarks = k;
}

static void rescan(struct app *a)
{
	/* The events pane compares with the previous refresh: keep it (its
	 * buffers are reused by the next read) only while the pane is open, so
	 * the usual cost is one snapshot. Waiter events need every
	 * semaphore's counts: read them only then too. */
	bool diff = a->show_events;
	if (diff) {
		struct snapshot tmp = a->prev;
		a->prev = a->snap;
		a->snap = tmp;
	} else if (a->prev.cap) {
		snapshot_free(&a->prev);
	}
	unsigned flags = SNAP_SHMRSS | SNAP_ATTACH | (diff ? SNAP_SEMWAIT | SNAP_QBYTES : 0);
	if (snapshot_read(&a->snap, app_kinds_needed(a), flags) < 0)
		snprintf(a->scan_error, sizeof(a->scan_error), _("reading IPC objects: %s"), strerror(errno));
	else
		a->scan_error[0] = '\0';
	if (diff && a->prev.cap && a->prev.kinds == a->snap.kinds)
		events_record(&a->prev, &a->snap);
	bool same = same_as_last_scan(a);
	mark_new_objects(a, same);
	if (!same)
		prune_marks(a);
	update_rows(a);
	if (a->mode == UI_DETAIL || (a->mode == UI_FORM && a->form_return == UI_DETAIL) ||
	    (a->mode == UI_WAITERS && a->detail.set))
		refresh_detail(a);
	if (a->mode == UI_HEX)
		a->hex_retrack = true;
	if (a->mode == UI_POSIX)
		posix_view_refresh(a);
}

void app_open_detail(struct app *a)
{
	const struct ipc_object *o = app_selected(a);
	if (!o)
		return;
	a->detail = (struct obj_ref){ o->kind, o->id, true };
	a->detail_cursor = a->detail_top = 0;
	a->mode = UI_DETAIL;
	refresh_detail(a);
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
	ns_view_free();
	posix_view_free();
	free(a->marks);
	hexedit_free(&a->hex);
	snapshot_free(&a->snap);
	snapshot_free(&a->prev);
	free(a->is_new);
	free(a->prev_ids);
	table_model_free(&a->model);
	free(a->semvals);
	names_clear();
}

static void emergency(void)
{
	worker_kill_all_async();
	scenario_stop_all_async();
	screen_emergency_restore();
}

static void on_exit_restore(void)
{
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
	/* A fill worker's progress shows four times a second. */
	const struct timespec progress_tick = { 0, 250000000 };
	int ready = ppoll(pfd, (nfds_t)n, worker_any_progress() ? &progress_tick : NULL, signals_wait_mask());
	if (ready == 0)
		*react |= REACT_REDRAW;
	if (ready <= 0)
		return false; /* EINTR: a signal set a flag */
	for (size_t i = 1; i < first_scn; i++)
		if (pfd[i].revents)
			*react |= workers_collect_one(a, pfd[i].fd);
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
		/* The next key in the same burst must see the new rows. */
		if (r & REACT_REROW)
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

int app_write_log_c(const char *path, char *msg, size_t len)
{
	/* Mode 0600: the program holds the messages sent. Only a program
	 * ipctop wrote is overwritten; no symlink, FIFO, hard link or other
	 * owner's file (safefile.h). */
	int fd = safefile_rewrite(path, ACTIONLOG_C_MAGIC, 0600, msg, len);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		snprintf(msg, len, _("fdopen(\"%s\"): %s (cannot write the session's C program)"), path, strerror(errno));
		close(fd);
		return -1;
	}
	int rc = actionlog_write_c(f);
	if (fclose(f) != 0 || rc < 0) {
		snprintf(msg, len, _("writing %s: %s"), path, strerror(errno));
		return -1;
	}
	snprintf(msg, len, _("wrote %zu actions as a C program to %s"), actionlog_total(), path);
	return 0;
}

int app_run(const struct options *opt)
{
	struct app a;
	memset(&a, 0, sizeof(a));
	a.opt = *opt;
	a.view = VIEW_ALL;
	if (opt->kinds == KIND_BIT(KIND_SHM)) a.view = VIEW_SHM;
	if (opt->kinds == KIND_BIT(KIND_MSG)) a.view = VIEW_MSG;
	if (opt->kinds == KIND_BIT(KIND_SEM)) a.view = VIEW_SEM;
	for (int v = 0; v < VIEW_COUNT; v++)
		a.sort[v] = COL_ID;

	if (signals_install(emergency) < 0) {
		perror("ipctop: sigaction");
		return 1;
	}
	ops_set_read_only(opt->read_only);
	if (screen_init(opt->no_color) < 0)
		return 1;
	atexit(on_exit_restore);
	if (opt->projector)
		screen_set_projector(true);
	if (ticker_set(opt->delay_tenths) < 0) {
		screen_shutdown();
		perror("ipctop: setitimer");
		return 1;
	}
	if (opt->demo)
		scenario_start_named(&a, opt->demo);
	/* --ns PID: the POSIX view follows that process's mount namespace. */
	posix_view_follow(&a, opt->ns ? nsinfo_spec_pid(opt->ns) : -1);
	rescan(&a);
	draw_all(&a);
	debug_crash_hook();

	for (;;) {
		unsigned react = 0;
		if (wait_event(&a, &react))
			react |= read_keys(&a);
		else if (stdin_hung_up())
			react |= REACT_QUIT;
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
		if (app_kinds_needed(&a) & ~a.snap.kinds) /* a screen needing more kinds opened */
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
	if (a.mode == UI_HEX)
		hex_detach(&a);
	screen_shutdown();
	int rc = 0;
	if (opt->log_c && app_write_log_c(opt->log_c, a.status, sizeof(a.status)) < 0) {
		fprintf(stderr, "ipctop: %s\n", a.status);
		rc = 1;
	}
	app_free(&a);
	actionlog_clear();
	return rc;
}
