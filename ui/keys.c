/* keys.c — key bindings and their actions for the list, detail and help
 * screens, plus the inline filter editor. */
#define _GNU_SOURCE
#include "keys.h"

#include <curses.h>
#include <string.h>

#include "actions.h"
#include "draw.h"
#include "base/i18n.h"
#include "ops/worker.h"
#include "trace_ui.h"

#define KEY_ESC 27
#define CTRL(c) ((c) & 0x1f)

static unsigned quit(struct app *a, int key)
{
	(void)a; (void)key;
	return REACT_QUIT;
}

static unsigned show_help(struct app *a, int key)
{
	(void)key;
	a->mode = a->mode == UI_HELP ? UI_LIST : UI_HELP;
	a->help_top = 0;
	return REACT_REDRAW;
}

static unsigned set_view(struct app *a, enum view v)
{
	a->view = v;
	a->mode = UI_LIST;
	return REACT_REROW | REACT_REDRAW;
}

static unsigned view_by_digit(struct app *a, int key)
{
	return set_view(a, (enum view)(key - '1'));
}

static unsigned next_view(struct app *a, int key)
{
	int step = key == KEY_BTAB ? VIEW_COUNT - 1 : 1;
	return set_view(a, (enum view)(((int)a->view + step) % VIEW_COUNT));
}

/* Cursor movement: in the list it moves the selection, in the detail view
 * the semaphore row, in help the scroll position. */
static unsigned move_cursor(struct app *a, int key)
{
	long page = a->list_rows > 1 ? a->list_rows - 1 : 1;
	long delta;
	switch (key) {
	case KEY_UP: case 'k': delta = -1; break;
	case KEY_DOWN: case 'j': delta = 1; break;
	case KEY_PPAGE: case CTRL('b'): delta = -page; break;
	case KEY_NPAGE: case CTRL('f'): delta = page; break;
	case KEY_HOME: delta = -1000000000L; break;
	default: delta = 1000000000L; break; /* End */
	}
	if (a->mode == UI_HELP) {
		long t = a->help_top + delta;
		a->help_top = t < 0 ? 0 : t > 1000 ? 1000 : (int)t;
		return REACT_REDRAW;
	}
	size_t *cur = &a->cursor;
	size_t count = a->nrows;
	if (a->mode == UI_DETAIL) {
		cur = &a->detail_cursor;
		count = a->detail.kind == KIND_SEM ? a->nsemvals : a->nprocrows;
	} else if (a->mode == UI_PEEK) {
		const struct ipc_object *q = snapshot_find(&a->snap, KIND_MSG, a->detail.id);
		cur = &a->peek_cursor;
		count = q ? (size_t)q->u.msg.qnum : 0;
	} else if (a->mode == UI_WAITERS) {
		cur = &a->waiter_cursor;
		count = worker_count();
	} else if (a->mode == UI_LIMITS) {
		cur = &a->limits_cursor;
		count = limits_view_rows();
	} else if (a->mode == UI_NS) {
		cur = &a->ns_cursor;
		count = ns_view_count();
	} else if (a->mode == UI_POSIX) {
		cur = &a->posix_cursor;
		count = posix_view_count();
	} else if (a->mode == UI_SCENARIOS) {
		cur = &a->scenario_cursor;
		count = scenario_menu_count();
	}
	if (count == 0)
		return REACT_NONE;
	long n = (long)*cur + delta;
	if (n < 0) n = 0;
	if (n >= (long)count) n = (long)count - 1;
	if (cur == &a->cursor)
		app_select_row(a, (size_t)n);
	else
		*cur = (size_t)n;
	return REACT_REDRAW;
}

static unsigned open_detail(struct app *a, int key)
{
	(void)key;
	if (!app_selected(a)) {
		app_message(a, false, "%s", _("nothing selected: the list is empty"));
		return REACT_REDRAW;
	}
	app_open_detail(a);
	return REACT_REDRAW;
}

static unsigned close_view(struct app *a, int key)
{
	switch (a->mode) {
	case UI_HEX: return act_hex_close(a, key);
	case UI_WAITERS: return act_toggle_waiters(a, key);
	case UI_PEEK:
		a->mode = a->detail.set && snapshot_find(&a->snap, KIND_MSG, a->detail.id) &&
				  a->waiters_return == UI_DETAIL ? UI_DETAIL : UI_LIST;
		return REACT_REDRAW;
	case UI_LIST:
		if (a->filter[0]) {
			a->filter[0] = '\0';
			app_message(a, false, "%s", _("filter cleared"));
			return REACT_REROW | REACT_REDRAW;
		}
		return REACT_NONE;
	default:
		a->mode = UI_LIST;
		return REACT_REDRAW;
	}
}

/* `<` and `>` move the sort to the previous/next visible column. */
static unsigned sort_column(struct app *a, int key)
{
	size_t ncols;
	const struct column *cols = table_columns(a->view, &ncols);
	size_t at = 0;
	for (size_t i = 0; i < a->nshown; i++)
		if (cols[a->shown_cols[i]].id == a->sort[a->view])
			at = i;
	if (a->nshown == 0)
		return REACT_NONE;
	if (key == '<' || key == ',')
		at = at == 0 ? a->nshown - 1 : at - 1;
	else
		at = (at + 1) % a->nshown;
	a->sort[a->view] = cols[a->shown_cols[at]].id;
	app_message(a, false, _("sorted by %s"), cols[a->shown_cols[at]].title);
	return REACT_REROW | REACT_REDRAW;
}

static unsigned invert_sort(struct app *a, int key)
{
	(void)key;
	a->desc[a->view] = !a->desc[a->view];
	return REACT_REROW | REACT_REDRAW;
}

static unsigned start_filter(struct app *a, int key)
{
	(void)key;
	a->mode = UI_LIST;
	a->editing_filter = true;
	return REACT_REDRAW;
}

static unsigned refresh_now(struct app *a, int key)
{
	(void)key;
	app_message(a, false, "%s", _("refreshed"));
	return REACT_RESCAN | REACT_REDRAW;
}

static unsigned toggle_pause(struct app *a, int key)
{
	(void)key;
	a->paused = !a->paused;
	app_message(a, false, "%s", a->paused ? _("paused: press z to resume, Space to refresh once")
						: _("resumed"));
	return REACT_TIMER | REACT_REDRAW | (a->paused ? 0 : REACT_RESCAN);
}

static unsigned toggle_projector(struct app *a, int key)
{
	(void)key;
	a->opt.projector = !a->opt.projector;
	screen_set_projector(a->opt.projector);
	clearok(curscr, TRUE);
	app_message(a, false, "%s", a->opt.projector ? _("projector mode: P returns to the normal view") : _("normal mode"));
	return REACT_REDRAW;
}

static unsigned redraw_screen(struct app *a, int key)
{
	(void)a; (void)key;
	clearok(curscr, TRUE);
	return REACT_REDRAW;
}

static unsigned on_mouse(struct app *a, int key)
{
	(void)key;
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return REACT_NONE;
	if (ev.bstate & BUTTON4_PRESSED)
		return move_cursor(a, KEY_UP);
	if (ev.bstate & BUTTON5_PRESSED)
		return move_cursor(a, KEY_DOWN);
	/* ncurses also reports the release (BUTTON1_RELEASED, not in our mask)
	 * of a click, with the next input: it is not a second click. */
	if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
		return REACT_NONE;
	if (a->mode != UI_LIST)
		return REACT_NONE;
	if (ev.y == a->list_top_row - 1) {
		enum column_id c;
		if (draw_column_at(a, ev.x, &c)) {
			if (a->sort[a->view] == c)
				a->desc[a->view] = !a->desc[a->view];
			a->sort[a->view] = c;
			return REACT_REROW | REACT_REDRAW;
		}
		return REACT_NONE;
	}
	int row = ev.y - a->list_top_row;
	if (row >= 0 && a->list_stride > 1)
		row /= a->list_stride;
	if (row < 0 || row >= a->list_rows || a->top + (size_t)row >= a->nrows)
		return REACT_NONE;
	app_select_row(a, a->top + (size_t)row);
	return REACT_REDRAW;
}

static const struct key_binding table[] = {
	{ '?', IN_ANY, show_help, "?", N_("show or close this help") },
	{ KEY_F(1), IN_ANY, show_help, "F1", NULL },
	{ 'h', IN_VIEWS | IN_HELP | IN_TABLES, show_help, "h", NULL },
	{ 'q', IN_ANY, quit, "q", N_("quit (detaches, cancels waiters)") },
	{ KEY_F(10), IN_ANY, quit, "F10", NULL },
	{ '\t', IN_VIEWS, next_view, "Tab", N_("next view (Shm, Msg, Sem, All; 5 is POSIX)") },
	{ KEY_BTAB, IN_VIEWS, next_view, "Shift-Tab", N_("previous view") },
	{ '1', IN_LIST | IN_DETAIL | IN_PEEK | IN_TABLES, view_by_digit, "1", N_("shared memory segments") },
	{ '2', IN_LIST | IN_DETAIL | IN_PEEK | IN_TABLES, view_by_digit, "2", N_("message queues") },
	{ '3', IN_LIST | IN_DETAIL | IN_PEEK | IN_TABLES, view_by_digit, "3", N_("semaphore sets") },
	{ '4', IN_LIST | IN_DETAIL | IN_PEEK | IN_TABLES, view_by_digit, "4", N_("all objects") },
	{ '5', IN_LIST | IN_DETAIL | IN_PEEK | IN_TABLES, act_posix, "5", N_("POSIX shared memory, semaphores and queues") },
	{ 'L', IN_VIEWS | IN_TABLES, act_limits, "L", N_("limits and usage (ipcs -l, -u); e there: change one (root)") },
	{ 'N', IN_VIEWS | IN_TABLES, act_namespaces, "N", N_("IPC namespaces of running processes; Enter there switches") },
	{ 'D', IN_VIEWS | IN_TABLES, act_scenarios, "D", N_("classroom scenarios: prodcons, chat, homework, deadlock, signals, daemon") },
	{ '\r', IN_SCENARIOS, act_scenario_start, "Enter", NULL },
	{ '\n', IN_SCENARIOS, act_scenario_start, "Enter", NULL },
	{ 'x', IN_SCENARIOS, act_scenario_stop, "x", N_("in the scenarios menu: stop the scenario (kills its processes, removes its objects)") },
	{ ' ', IN_SCENARIOS, act_scenario_pause, "Space", N_("in the scenarios menu: pause/resume it (SIGSTOP/SIGCONT to its group)") },
	{ '[', IN_VIEWS | IN_TABLES, act_scenario_speed, "[", N_("scenario slower") },
	{ ']', IN_VIEWS | IN_TABLES, act_scenario_speed, "]", N_("scenario faster") },
	{ 'b', IN_SCENARIOS, act_scenario_option, "b", N_("signals scenario: block/unblock signals in the receiver (sigprocmask)") },
	{ 'f', IN_SCENARIOS, act_scenario_option, "f", N_("homework scenario: payload 64 B, 4 KiB, 64 KiB") },
	{ 'k', IN_SCENARIOS, act_signal, "k", NULL },
	{ KEY_UP, IN_VIEWS | IN_HELP | IN_TABLES, move_cursor, "Up/k", N_("move up (list, semaphore table, messages, waiters)") },
	{ 'k', IN_HELP | IN_PEEK | IN_WAITERS | IN_TABLES, move_cursor, "k", NULL },
	{ KEY_DOWN, IN_VIEWS | IN_HELP | IN_TABLES, move_cursor, "Down/j", N_("move down") },
	{ 'j', IN_VIEWS | IN_HELP | IN_TABLES, move_cursor, "j", NULL },
	{ KEY_PPAGE, IN_VIEWS | IN_HELP | IN_TABLES, move_cursor, "PgUp", N_("page up") },
	{ CTRL('b'), IN_VIEWS | IN_HELP | IN_TABLES, move_cursor, "^B", NULL },
	{ KEY_NPAGE, IN_VIEWS | IN_HELP | IN_TABLES, move_cursor, "PgDn", N_("page down") },
	{ CTRL('f'), IN_VIEWS | IN_HELP | IN_TABLES, move_cursor, "^F", NULL },
	{ KEY_HOME, IN_VIEWS | IN_HELP | IN_TABLES, move_cursor, "Home", N_("first row") },
	{ KEY_END, IN_VIEWS | IN_HELP | IN_TABLES, move_cursor, "End", N_("last row") },
	{ KEY_MOUSE, IN_LIST | IN_DETAIL | IN_HELP, on_mouse, "click", N_("select a row; click a column title to sort by it") },
	{ '\r', IN_LIST, open_detail, "Enter", N_("details of the selected object") },
	{ '\r', IN_NS, act_ns_enter, "Enter", NULL },
	{ '\n', IN_NS, act_ns_enter, "Enter", NULL },
	{ 'e', IN_LIMITS, act_limit_edit, "e", NULL },
	{ 'd', IN_POSIX, act_posix_remove, "d", NULL },
	{ '\n', IN_LIST, open_detail, "Enter", NULL },
	{ KEY_ENTER, IN_LIST, open_detail, "Enter", NULL },
	/* tracing (trace_ui.h); the timeline's keys come before Esc's */
	{ 'T', IN_VIEWS | IN_TIMELINE, act_trace_toggle, "T", N_("tracing on/off (root): OPS/S column, activity in the detail view") },
	{ 't', IN_VIEWS | IN_TIMELINE, act_timeline, "t", N_("timeline pane of the latest calls (tracing); t again hides it") },
	{ KEY_UP, IN_TIMELINE, act_timeline_key, "Up/Down", N_("in the timeline: select a call (pauses it)") },
	{ KEY_DOWN, IN_TIMELINE, act_timeline_key, "Down", NULL },
	{ 'k', IN_TIMELINE, act_timeline_key, "k", NULL },
	{ 'j', IN_TIMELINE, act_timeline_key, "j", NULL },
	{ KEY_HOME, IN_TIMELINE, act_timeline_key, "Home", NULL },
	{ KEY_END, IN_TIMELINE, act_timeline_key, "End", NULL },
	{ ' ', IN_TIMELINE, act_timeline_key, "Space", N_("in the timeline: pause or resume it") },
	{ 'p', IN_TIMELINE, act_timeline_key, "p", N_("in the timeline: only the calls of the selected call's process") },
	{ 'o', IN_TIMELINE, act_timeline_key, "o", N_("in the timeline: only the calls on the selected call's object") },
	{ 'a', IN_TIMELINE, act_timeline_key, "a", N_("in the timeline: all calls again") },
	{ KEY_ESC, IN_TIMELINE, act_timeline_key, "Esc", N_("in the timeline: keys back to the view (the pane stays)") },
	{ KEY_ESC, IN_ANY, close_view, "Esc", N_("back (detaches in the hex view); in the list: clear the filter") },
	{ KEY_BACKSPACE, IN_DETAIL | IN_HELP | IN_PEEK | IN_TABLES, close_view, "Backspace", NULL },
	{ KEY_LEFT, IN_DETAIL | IN_HELP | IN_PEEK | IN_TABLES, close_view, "Left", NULL },
	{ '/', IN_LIST | IN_DETAIL, start_filter, "/", N_("filter by key, id, owner or perms text") },
	{ '<', IN_LIST, sort_column, "<", N_("sort by the column to the left") },
	{ ',', IN_LIST, sort_column, ",", NULL },
	{ '>', IN_LIST, sort_column, ">", N_("sort by the column to the right") },
	{ '.', IN_LIST, sort_column, ".", NULL },
	{ 'I', IN_LIST, invert_sort, "I", N_("invert the sort order") },
	{ ' ', IN_LIST, act_mark, "Space", N_("mark/unmark the object (for d) and refresh now") },
	{ ' ', IN_DETAIL | IN_HELP | IN_PEEK | IN_WAITERS | IN_LIMITS | IN_NS | IN_POSIX, refresh_now, "Space", N_("refresh now (outside the list)") },
	{ KEY_F(5), IN_VIEWS | IN_HELP | IN_TABLES, refresh_now, "F5", NULL },
	{ 'U', IN_LIST, act_unmark_all, "U", N_("clear all marks") },
	{ 'z', IN_ANY, toggle_pause, "z", N_("pause or resume refreshing") },
	{ CTRL('l'), IN_ANY, redraw_screen, "^L", N_("redraw the screen") },
	{ 'P', IN_VIEWS | IN_HELP | IN_TABLES, toggle_projector, "P", N_("projector mode: high contrast, fewer wider columns, big digits") },
	/* playground: every action is shown and logged as its C call */
	{ 'c', IN_LIST | IN_DETAIL, act_create, "c", N_("create a segment, queue or set (shmget/msgget/semget form)") },
	{ 'e', IN_LIST | IN_DETAIL, act_edit, "e", N_("edit perms, uid, gid, msg_qbytes (IPC_SET)") },
	{ 'd', IN_LIST | IN_DETAIL, act_remove, "d", N_("remove the object, or all marked ones (IPC_RMID, asks first)") },
	{ KEY_F(9), IN_LIST | IN_DETAIL, act_remove, "F9", NULL },
	{ 'a', IN_LIST | IN_DETAIL, act_attach, "a", N_("attach a segment read-only (SHM_RDONLY): hex view") },
	{ 'A', IN_LIST | IN_DETAIL, act_attach, "A", N_("attach a segment read-write: hex view, edit bytes") },
	{ 's', IN_LIST | IN_DETAIL | IN_PEEK, act_send, "s", N_("send a message (msgsnd form)") },
	{ 'r', IN_LIST | IN_DETAIL | IN_PEEK, act_receive, "r", N_("receive a message (msgrcv form)") },
	{ 'p', IN_LIST | IN_DETAIL, act_peek, "p", N_("peek at a queue's messages without removing them (MSG_COPY)") },
	{ '+', IN_LIST | IN_DETAIL, act_sem_quick, "+", N_("V: semop +1 on the selected semaphore (detail table)") },
	{ '-', IN_LIST | IN_DETAIL, act_sem_quick, "-", N_("P: semop -1; blocks in a worker while the value is 0") },
	{ '0', IN_LIST | IN_DETAIL, act_sem_quick, "0", N_("wait for zero: semop 0 (in a worker)") },
	{ 'o', IN_LIST | IN_DETAIL, act_semop_form, "o", N_("semop form: several ops like 0-1 1+1 2=0, SEM_UNDO, IPC_NOWAIT") },
	{ 'v', IN_LIST | IN_DETAIL, act_setval, "v", N_("set one semaphore's value (SETVAL)") },
	{ 'V', IN_LIST | IN_DETAIL, act_setall, "V", N_("set every semaphore's value (SETALL)") },
	{ 'k', IN_LIST | IN_DETAIL, act_signal, "k", N_("send a signal to the process on the cursor row (kill, or sigqueue with a value)") },
	{ 'w', IN_VIEWS, act_toggle_waiters, "w", N_("waiters panel: workers blocked in semop/msgrcv/msgsnd") },
	{ 'x', IN_WAITERS, act_cancel_worker, "x", N_("in the waiters panel: cancel the selected worker") },
	{ 'l', IN_VIEWS, act_toggle_log, "l", N_("action log pane: every call made and its result") },
	{ 'E', IN_VIEWS, act_toggle_events, "E", N_("events pane: objects created, removed, changed (like --watch)") },
	{ 'S', IN_VIEWS, act_save_log_c, "S", N_("save the session's calls as a C program (--log-c FILE, else ipctop-session.c)") },
	/* hex view of an attached segment */
	{ 'g', IN_HEX, act_hex_goto, "g/F5", N_("hex view: go to an offset") },
	{ KEY_F(5), IN_HEX, act_hex_goto, "F5", NULL },
	{ 'w', IN_HEX, act_hex_write, "w/F2", N_("hex view: write a string or hex bytes at the cursor") },
	{ KEY_F(2), IN_HEX, act_hex_write, "F2", NULL },
	{ 'r', IN_HEX, act_hex_fill, "r/F3", N_("hex view: fill a range with one byte") },
	{ KEY_F(3), IN_HEX, act_hex_fill, "F3", NULL },
	{ 'x', IN_HEX, act_hex_cancel_fill, "x/F4", N_("hex view: cancel the fill running in a worker") },
	{ KEY_F(4), IN_HEX, act_hex_cancel_fill, "F4", NULL },
	{ HK_TAB, IN_HEX, NULL, "Tab", N_("hex view: switch between typing hex and ASCII") },
};

const struct key_binding *keys_table(size_t *n)
{
	*n = sizeof(table) / sizeof(table[0]);
	return table;
}

/* The filter line editor: printable text edits the filter live. */
static unsigned edit_filter(struct app *a, int key)
{
	size_t len = strlen(a->filter);
	switch (key) {
	case KEY_ESC:
		a->filter[0] = '\0';
		a->editing_filter = false;
		break;
	case '\r': case '\n': case KEY_ENTER:
		a->editing_filter = false;
		break;
	case KEY_BACKSPACE: case 127: case 8:
		if (len)
			a->filter[len - 1] = '\0';
		break;
	case CTRL('u'):
		a->filter[0] = '\0';
		break;
	default:
		if (key >= 32 && key < 127 && len + 1 < sizeof(a->filter)) {
			a->filter[len] = (char)key;
			a->filter[len + 1] = '\0';
		} else if (key == KEY_RESIZE || key == KEY_MOUSE) {
			return REACT_REDRAW;
		}
		break;
	}
	return REACT_REROW | REACT_REDRAW;
}

unsigned keys_dispatch(struct app *a, int key)
{
	if (key == KEY_RESIZE)
		return REACT_REDRAW;
	if (a->editing_filter)
		return edit_filter(a, key);
	if (a->mode == UI_FORM)
		return form_mode_key(a, key);
	if (a->mode == UI_CONFIRM)
		return confirm_key(a, key);
	/* In the ASCII pane of the hex view, text is data. */
	if (a->mode == UI_HEX && a->hex.ascii && key >= 32 && key < 127)
		return hex_mode_key(a, key);
	unsigned bit = 1u << a->mode;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].key == key && (table[i].modes & bit) && table[i].action)
			return table[i].action(a, key);
	if (a->mode == UI_HEX)
		return hex_mode_key(a, key);
	if (key >= 32 && key < 127) {
		app_message(a, false, _("key '%c' does nothing here; press ? for help"), key);
		return REACT_REDRAW;
	}
	return REACT_NONE;
}
