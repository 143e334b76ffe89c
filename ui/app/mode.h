/* mode.h — screen modes as data (after tmux's struct window_mode and
 * htop's PanelClass). Each mode of the screen — the object list, the
 * detail view, help, a form, a y/N question, the hex view, ... — is one
 * `const struct mode_class` in the file that owns the view, with the
 * view's state kept there. The modes on screen form a stack: the object
 * list at the bottom, a screen over it (detail, help, limits, ...), and
 * what opens over that (a hex view, a form, a question, the waiters
 * panel); closing the top one returns to the one below. A new view is one
 * file defining its class, plus its line in modes.c. */
#ifndef IPCTOP_UI_MODE_H
#define IPCTOP_UI_MODE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "app/keymap.h"

struct app;
struct ipc_object;

enum mode_flag {
	/* Opens over the mode below and works on it: actions apply to the
	 * object that one shows, and it stays refreshed (a form, a question,
	 * the waiters panel, the filter line). */
	MODE_OVERLAY = 1u << 0,
	/* Takes every key itself (`key`): forms, questions, the filter line. */
	MODE_OWN_KEYS = 1u << 1,
	/* Has its own tab in the tab line (5 POSIX), shown instead of the
	 * object view's. */
	MODE_TAB = 1u << 2,
	/* Takes the whole screen above the status line and the footer: no
	 * header, tabs or DEADLOCK banner (the classroom stage). */
	MODE_FULLSCREEN = 1u << 3,
};

/* Every hook is optional (key is needed with MODE_OWN_KEYS or takes).
 * Hooks that handle keys return reaction flags (app.h). */
struct mode_class {
	const char *name;
	unsigned flags;  /* enum mode_flag */
	unsigned groups; /* the shared key groups it takes (keymap.h) */
	/* Its own table: keys of this mode (groups 0) and the keys it offers
	 * other modes (groups set: the key that opens it). */
	const struct key_binding *keys;
	size_t nkeys;
	/* The footer's keys, in order; NULL: the footer of the mode below.
	 * footer_for, when set, gives them from the state instead. */
	const struct footer_key *footer;
	const struct footer_key *(*footer_for)(const struct app *a);
	/* Draws the body, rows [top, top + height); NULL: the mode below does. */
	void (*draw)(struct app *a, int top, int height);
	/* Draws the status line at row y (a question, the filter line); NULL:
	 * the status message. */
	void (*status)(struct app *a, int y);
	/* Keys it takes before the bindings (typing into the hex view). */
	bool (*takes)(const struct app *a, int key);
	/* Keys no binding took (every key with MODE_OWN_KEYS). */
	unsigned (*key)(struct app *a, int key);
	/* Moves its cursor by delta rows, clamped (Up, Down, PgUp, Home...). */
	unsigned (*cursor)(struct app *a, long delta);
	/* A mouse click at (y, x). */
	unsigned (*click)(struct app *a, int y, int x);
	/* Esc (and Backspace, Left where they go back); NULL: pops the mode. */
	unsigned (*close)(struct app *a);
	/* After each rescan, while it is on top or under an overlay. */
	void (*rescanned)(struct app *a);
	/* Taken off the stack (closed, or another screen replaced it): gives
	 * back what it holds (the hex view detaches). */
	void (*leave)(struct app *a);
	/* At exit: frees its state. */
	void (*free)(void);
	/* The object actions apply to while it is shown, or NULL. */
	const struct ipc_object *(*target)(struct app *a);
	/* The process the cursor's row names (k sends it a signal), or 0. */
	pid_t (*pid)(struct app *a);
	/* The base mode's: reorders a->rows right after they are rebuilt,
	 * before the selection is found in them again (the list's tree). */
	void (*arrange)(struct app *a);
	/* The semaphore of the target set that + - 0 and the forms act on;
	 * false when it shows none. */
	bool (*semnum)(const struct app *a, size_t *semnum);
	/* Extra snapshot flags (snapshot.h: SNAP_SEMWAIT, SNAP_THREADS) it
	 * needs while it is on the stack. */
	unsigned (*snap_flags)(const struct app *a);
	/* The object kinds (KIND_BIT) a refresh must read while it is on the
	 * stack; each kind read costs one /proc/sysvipc file. */
	unsigned (*snap_kinds)(const struct app *a);
};

#define MODE_KEYS(t) .keys = (t), .nkeys = KEYMAP_LEN(t)

#define MODE_DEPTH 8 /* deepest today: list, detail, peek, waiters (or hex, form) */

struct mode_stack {
	const struct mode_class *v[MODE_DEPTH]; /* v[0] the base (the list) */
	size_t n;
};

/* Starts the stack with the base mode, which is never popped. */
void mode_init(struct app *a, const struct mode_class *base);
/* The mode on top (keys go to it). */
const struct mode_class *mode_top(const struct app *a);
/* The mode i below the top (0: the top), NULL past the base. */
const struct mode_class *mode_at(const struct app *a, size_t i);
/* The mode shown: the top one that is not an overlay (the screen actions
 * apply to). */
const struct mode_class *mode_shown(const struct app *a);
/* Draws the body rows [top, top + height) with the view of the first mode
 * that has one, from the mode i below the top down (an overlay without a
 * view shows the one below it). */
void mode_draw_from(struct app *a, size_t i, int top, int height);
/* Opens m over the current mode. */
void mode_push(struct app *a, const struct mode_class *m);
/* Closes the top mode (never the base); its leave hook runs. */
void mode_pop(struct app *a);
/* Closes every mode down to the base. */
void mode_reset(struct app *a);
/* Goes to screen m: every mode closed down to the base, then m opened
 * (m NULL or the base itself: only the closing). */
void mode_switch(struct app *a, const struct mode_class *m);
/* For a mode's cursor hook: moves *cursor by delta rows, kept within
 * [0, count). Returns REACT_NONE when there are no rows, else
 * REACT_REDRAW (app.h). */
unsigned mode_cursor_step(size_t *cursor, size_t count, long delta);
/* The snap_flags of every mode on the stack, together. */
unsigned mode_snap_flags(const struct app *a);
/* The snap_kinds of every mode on the stack, together. */
unsigned mode_snap_kinds(const struct app *a);
/* Runs the rescanned hook of the top mode and, under overlays, of the modes
 * below down to the shown one. */
void mode_refresh(struct app *a);

#endif
