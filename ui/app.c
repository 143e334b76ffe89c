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

#include "draw.h"
#include "keys.h"
#include "names.h"
#include "screen.h"
#include "signals.h"

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

static uint64_t ref_code(enum ipc_kind kind, int id)
{
	return ((uint64_t)kind << 32) | (uint32_t)id;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

static void *grow_array(void *p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return p;
	size_t n = need + need / 2 + 16;
	void *q = realloc(p, n * elem);
	if (!q) {
		fputs("ipctop: out of memory\n", stderr);
		exit(1);
	}
	*cap = n;
	return q;
}

/* Flags objects not present in the previous snapshot, then remembers the
 * current ids for the next scan. The first scan flags nothing. */
static void mark_new_objects(struct app *a)
{
	const struct snapshot *s = &a->snap;
	a->is_new = grow_array(a->is_new, &a->is_new_cap, s->count + 1, sizeof(*a->is_new));
	for (size_t i = 0; i < s->count; i++) {
		uint64_t code = ref_code(s->objs[i].kind, s->objs[i].id);
		a->is_new[i] = a->scanned_once &&
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

void app_rebuild_rows(struct app *a)
{
	a->rows = grow_array(a->rows, &a->rows_cap, a->snap.count + 1, sizeof(*a->rows));
	a->nrows = table_rows(&a->snap, a->view, a->filter, a->sort[a->view], a->desc[a->view], a->rows);
	size_t keep = a->cursor;
	if (a->sel.set)
		for (size_t i = 0; i < a->nrows; i++)
			if (a->rows[i]->kind == a->sel.kind && a->rows[i]->id == a->sel.id) {
				keep = i;
				break;
			}
	app_select_row(a, keep);
}

/* Re-reads the detail view's semaphores; closes the view if its object is
 * gone. */
static void refresh_detail(struct app *a)
{
	const struct ipc_object *o = snapshot_find(&a->snap, a->detail.kind, a->detail.id);
	if (!o) {
		app_message(a, false, "%s %d was removed; back to the list", kind_name(a->detail.kind),
			    a->detail.id);
		a->mode = UI_LIST;
		return;
	}
	if (o->kind != KIND_SEM)
		return;
	a->semvals = grow_array(a->semvals, &a->semvals_cap, o->u.sem.nsems + 1, sizeof(*a->semvals));
	a->nsemvals = o->u.sem.nsems;
	a->semvals_errno = 0;
	if (snapshot_read_semset(o->id, o->u.sem.nsems, a->semvals, 1) < 0)
		a->semvals_errno = errno;
}

static void rescan(struct app *a)
{
	if (snapshot_read(&a->snap, a->opt.kinds, SNAP_SHMRSS) < 0)
		snprintf(a->scan_error, sizeof(a->scan_error), "reading IPC objects: %s", strerror(errno));
	else
		a->scan_error[0] = '\0';
	mark_new_objects(a);
	app_rebuild_rows(a);
	if (a->mode == UI_DETAIL)
		refresh_detail(a);
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
	snapshot_free(&a->snap);
	free(a->is_new);
	free(a->prev_ids);
	free(a->rows);
	free(a->semvals);
	names_clear();
}

static void emergency(void)
{
	screen_emergency_restore();
}

static void on_exit_restore(void)
{
	screen_shutdown();
}

/* Waits for input or a signal. Returns true when the terminal has input. */
static bool wait_event(void)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	int n = ppoll(&pfd, 1, NULL, signals_wait_mask());
	if (n < 0)
		return false; /* EINTR: a signal set a flag */
	if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
		return false;
	return (pfd.revents & POLLIN) != 0;
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

static bool stdin_hung_up(void)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL));
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
	if (screen_init(opt->no_color) < 0)
		return 1;
	atexit(on_exit_restore);
	if (signals_set_timer(opt->delay_tenths) < 0) {
		screen_shutdown();
		perror("ipctop: setitimer");
		return 1;
	}
	rescan(&a);
	draw_all(&a);
	debug_crash_hook();

	for (;;) {
		unsigned react = 0;
		if (wait_event())
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
		signals_take(SIGEV_CHILD);
		if (react & REACT_QUIT)
			break;
		if (react & REACT_TIMER && signals_set_timer(a.paused ? 0 : a.opt.delay_tenths) < 0)
			app_message(&a, true, "setitimer: %s", strerror(errno));
		if (react & REACT_RESCAN)
			rescan(&a);
		else if (react & REACT_REROW)
			app_rebuild_rows(&a);
		if (react)
			draw_all(&a);
	}
	signals_set_timer(0);
	screen_shutdown();
	app_free(&a);
	return 0;
}
