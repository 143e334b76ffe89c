/* keys.c — the shared key tables (help, quit, tabs; moving, going back,
 * refreshing; the playground's actions on the selected object), key
 * dispatch over them and the modes' own tables, and the help screen's and
 * footers' text generated from the same tables. */
#define _GNU_SOURCE
#include "loop/keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "actions/create_form.h"
#include "actions/msg_actions.h"
#include "actions/obj_actions.h"
#include "actions/sem_actions.h"
#include "actions/signal_form.h"
#include "base/i18n.h"
#include "loop/modes.h"
#include "views/help_view.h"
#include "views/list_view.h"
#include "widgets/screen.h"

static unsigned quit(struct app *a, int key)
{
	(void)a; (void)key;
	return REACT_QUIT;
}

static unsigned show_help(struct app *a, int key);

static unsigned set_view(struct app *a, enum view v)
{
	a->view = v;
	mode_reset(a);
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

/* Up, Down, PgUp...: the top mode moves its cursor (the list's selection,
 * the detail view's row, help's scroll position...). A page is the list's
 * height. */
static unsigned move_cursor(struct app *a, int key)
{
	long page = list_view_page();
	long delta;
	switch (key) {
	case KEY_UP: case 'k': delta = -1; break;
	case KEY_DOWN: case 'j': delta = 1; break;
	case KEY_PPAGE: case CTRL('b'): delta = -page; break;
	case KEY_NPAGE: case CTRL('f'): delta = page; break;
	case KEY_HOME: delta = -1000000000L; break;
	default: delta = 1000000000L; break; /* End */
	}
	const struct mode_class *m = mode_top(a);
	return m->cursor ? m->cursor(a, delta) : REACT_NONE;
}

static unsigned close_view(struct app *a, int key)
{
	(void)key;
	const struct mode_class *m = mode_top(a);
	if (m->close)
		return m->close(a);
	mode_pop(a);
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

/* The wheel moves the cursor; a click goes to the mode (the list). */
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
	const struct mode_class *m = mode_top(a);
	return m->click ? m->click(a, ev.y, ev.x) : REACT_NONE;
}

/* First in the help: the keys that work everywhere, and the tabs. The
 * modes' tables follow (modes.c), then keys_common. */
static const struct key_binding keys_global[] = {
	{ '?', KG_ANY, show_help, "?", N_("show or close this help"), NULL, NULL },
	/* TRANSLATORS: footer labels (a binding's last text, "Help") follow
	 * their key in the footer ("F1Help"): keep them short, the list's ten
	 * items must fit in 80 columns. */
	{ KEY_F(1), KG_ANY, show_help, "F1", NULL, N_("Help"), NULL },
	{ 'h', KG_ROWS, show_help, "h", NULL, NULL, NULL },
	{ 'q', KG_ANY, quit, "q", N_("quit (detaches, cancels waiters)"), N_("Quit"), NULL },
	{ KEY_F(10), KG_ANY, quit, "F10", NULL, NULL, NULL },
	{ '\t', KG_VIEWS, next_view, "Tab", N_("next view (Shm, Msg, Sem, All; 5 is POSIX)"), NULL, NULL },
	{ KEY_BTAB, KG_VIEWS, next_view, "Shift-Tab", N_("previous view"), NULL, NULL },
	{ '1', KG_DIGITS, view_by_digit, "1", N_("shared memory segments"), NULL, NULL },
	{ '2', KG_DIGITS, view_by_digit, "2", N_("message queues"), NULL, NULL },
	{ '3', KG_DIGITS, view_by_digit, "3", N_("semaphore sets"), NULL, NULL },
	{ '4', KG_DIGITS, view_by_digit, "4", N_("all objects"), NULL, NULL },
};

/* Last in the help: moving, going back, refreshing, and the playground's
 * actions on the selected object (each shown and logged as its C call). */
static const struct key_binding keys_common[] = {
	{ KEY_UP, KG_ROWS, move_cursor, "Up/k", N_("move up (list, semaphore table, messages, waiters)"), NULL, NULL },
	{ 'k', KG_VI_UP, move_cursor, "k", NULL, NULL, NULL },
	{ KEY_DOWN, KG_ROWS, move_cursor, "Down/j", N_("move down"), NULL, NULL },
	{ 'j', KG_ROWS, move_cursor, "j", NULL, NULL, NULL },
	{ KEY_PPAGE, KG_ROWS, move_cursor, "PgUp", N_("page up"), NULL, NULL },
	{ CTRL('b'), KG_ROWS, move_cursor, "^B", NULL, NULL, NULL },
	{ KEY_NPAGE, KG_ROWS, move_cursor, "PgDn", N_("page down"), NULL, NULL },
	{ CTRL('f'), KG_ROWS, move_cursor, "^F", NULL, NULL, NULL },
	{ KEY_HOME, KG_ROWS, move_cursor, "Home", N_("first row"), NULL, NULL },
	{ KEY_END, KG_ROWS, move_cursor, "End", N_("last row"), NULL, NULL },
	{ KEY_MOUSE, KG_MOUSE, on_mouse, "click", N_("select a row; click a column title to sort by it"), NULL, NULL },
	{ KEY_ESC, KG_ANY, close_view, "Esc", N_("back (detaches in the hex view); in the list: clear the filter"),
	  N_("Back"), NULL },
	{ KEY_BACKSPACE, KG_BACK, close_view, "Backspace", NULL, NULL, NULL },
	{ KEY_LEFT, KG_BACK, close_view, "Left", NULL, NULL, NULL },
	{ ' ', KG_ROWS, refresh_now, "Space", N_("refresh now (outside the list)"), NULL, NULL },
	{ CTRL('r'), KG_ROWS, refresh_now, "^R", N_("refresh now (F5 is the list's tree, as in htop)"), NULL, NULL },
	{ 'z', KG_ANY, toggle_pause, "z", N_("pause or resume refreshing"), NULL, NULL },
	{ CTRL('l'), KG_ANY, redraw_screen, "^L", N_("redraw the screen"), NULL, NULL },
	{ 'P', KG_ROWS, toggle_projector, "P", N_("projector mode: high contrast, fewer wider columns, big digits"), NULL, NULL },
	{ 'c', KG_OBJECT, act_create, "c", N_("create a segment, queue or set (shmget/msgget/semget form)"), N_("Create"), NULL },
	{ 'e', KG_OBJECT, act_edit, "e", N_("edit perms, uid, gid, msg_qbytes (IPC_SET)"), N_("Edit"), NULL },
	{ 'd', KG_OBJECT, act_remove, "d", N_("remove the object, or all marked ones (IPC_RMID, asks first)"),
	  N_("Remove"), NULL },
	{ KEY_F(9), KG_OBJECT, act_remove, "F9", NULL, NULL, NULL },
	{ 's', KG_MESSAGES, act_send, "s", N_("send a message (msgsnd form)"), N_("Send"), NULL },
	{ 'r', KG_MESSAGES, act_receive, "r", N_("receive a message (msgrcv form)"), N_("Recv"), NULL },
	{ '+', KG_OBJECT, act_sem_quick, "+", N_("V: semop +1 on the selected semaphore (detail table)"), N_("V"), NULL },
	{ '-', KG_OBJECT, act_sem_quick, "-", N_("P: semop -1; blocks in a worker while the value is 0"), N_("P"), NULL },
	{ '0', KG_OBJECT, act_sem_quick, "0", N_("wait for zero: semop 0 (in a worker)"), N_("Zero"), NULL },
	{ 'o', KG_OBJECT, act_semop_form, "o", N_("semop form: several ops like 0-1 1+1 2=0, SEM_UNDO, IPC_NOWAIT"),
	  N_("Semop"), NULL },
	{ 'v', KG_OBJECT, act_setval, "v", N_("set one semaphore's value (SETVAL)"), N_("SetVal"), NULL },
	{ 'V', KG_OBJECT, act_setall, "V", N_("set every semaphore's value (SETALL)"), N_("SetAll"), NULL },
	{ 'k', KG_OBJECT, act_signal, "k", N_("send a signal to the process on the cursor row (kill, or sigqueue with a value)"),
	  NULL, NULL },
};

/* The i-th key table in the order of the help: keys_global, the modes'
 * (modes.c), keys_common. False past the last. */
static bool table_at(size_t i, const struct key_binding **v, size_t *n)
{
	const struct mode_class *const *modes;
	size_t nmodes = modes_all(&modes);
	if (i == 0) {
		*v = keys_global, *n = KEYMAP_LEN(keys_global);
	} else if (i <= nmodes) {
		*v = modes[i - 1]->keys, *n = modes[i - 1]->nkeys;
	} else if (i == nmodes + 1) {
		*v = keys_common, *n = KEYMAP_LEN(keys_common);
	} else {
		return false;
	}
	return true;
}

const struct key_binding *keys_lookup(const struct mode_class *m, int key)
{
	for (size_t i = 0; i < m->nkeys; i++)
		if (m->keys[i].key == key && m->keys[i].groups == 0)
			return &m->keys[i];
	const struct key_binding *v;
	size_t n;
	for (size_t i = 0; table_at(i, &v, &n); i++)
		for (size_t j = 0; j < n; j++)
			if (v[j].key == key && (v[j].groups & m->groups))
				return &v[j];
	return NULL;
}

unsigned keys_dispatch(struct app *a, int key)
{
	if (key == KEY_RESIZE)
		return REACT_REDRAW;
	const struct mode_class *m = mode_top(a);
	if ((m->flags & MODE_OWN_KEYS) || (m->takes && m->takes(a, key)))
		return m->key(a, key);
	const struct key_binding *b = keys_lookup(m, key);
	if (b && b->action)
		return b->action(a, key);
	if (m->key)
		return m->key(a, key);
	if (key >= 32 && key < 127) {
		app_message(a, false, _("key '%c' does nothing here; press ? for help"), key);
		return REACT_REDRAW;
	}
	return REACT_NONE;
}

size_t keys_footer(const struct app *a, struct footer_item *out, size_t max)
{
	const struct mode_class *m;
	for (size_t i = 0; (m = mode_at(a, i)); i++)
		if (m->footer || m->footer_for)
			break;
	if (!m)
		return 0;
	const struct footer_key *k = m->footer_for ? m->footer_for(a) : m->footer;
	size_t n = 0;
	for (; (k->key || k->name) && n < max; k++) {
		const struct key_binding *b = m->flags & MODE_OWN_KEYS ? NULL : keys_lookup(m, k->key);
		const char *name = k->name ? k->name : b ? b->name : NULL;
		const char *tag = k->tag ? k->tag : b ? b->tag : NULL;
		/* Never a key that does nothing here. */
		if (name && tag && (b || (m->flags & MODE_OWN_KEYS)))
			out[n++] = (struct footer_item){ name, _(tag) };
	}
	return n;
}

/* Every binding the help lists, in its order. */
static size_t listed(const struct key_binding **out, size_t max)
{
	const struct key_binding *v;
	size_t nv, n = 0;
	for (size_t i = 0; table_at(i, &v, &nv); i++)
		for (size_t j = 0; j < nv && n < max; j++)
			if (v[j].name)
				out[n++] = &v[j];
	return n;
}

/* The help screen: one line per binding with a text, with the names of
 * the bindings after it that have none and do the same ("? F1 h"). A
 * binding without a text that does something else gets its own line (its
 * footer label), never the text of the line above. */
static unsigned show_help(struct app *a, int key)
{
	(void)key;
	if (help_view_shown(a)) {
		mode_reset(a);
		return REACT_REDRAW;
	}
	help_view_open(a);
	const struct key_binding *t[256];
	bool merged[256] = { false };
	size_t n = listed(t, sizeof(t) / sizeof(t[0]));
	for (size_t i = 0; i < n; i++) {
		if (merged[i])
			continue;
		char keys[48], text[320];
		size_t len = (size_t)snprintf(keys, sizeof(keys), "%s", t[i]->name);
		for (size_t j = i + 1; j < n && !t[j]->help; j++) {
			if (t[j]->action != t[i]->action)
				continue;
			merged[j] = true;
			if (!strstr(keys, t[j]->name) && len + strlen(t[j]->name) + 2 < sizeof(keys))
				len += (size_t)snprintf(keys + len, sizeof(keys) - len, " %s", t[j]->name);
		}
		if (t[i]->help && t[i]->help_arg)
			snprintf(text, sizeof(text), _(t[i]->help), t[i]->help_arg());
		else
			snprintf(text, sizeof(text), "%s", t[i]->help ? _(t[i]->help) : t[i]->tag ? _(t[i]->tag) : "");
		help_view_add(keys, text);
	}
	return REACT_REDRAW;
}
