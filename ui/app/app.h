/* app.h — the state every part of the interactive program shares (one
 * struct app: options, snapshots, the status line, the object list and
 * its selection, the mode stack), the reaction flags that key actions
 * return to the main loop, and the helpers every action uses. A view's
 * own state is in the view's file (mode.h). Actions change state only;
 * drawing happens once per loop turn (draw.c). */
#ifndef IPCTOP_UI_APP_H
#define IPCTOP_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/mode.h"
#include "config/cli.h"
#include "model/history.h"
#include "model/series.h"
#include "model/snapshot.h"
#include "model/table.h"

/* What an action asks the main loop to do next. */
enum reaction {
	REACT_NONE = 0,
	REACT_REDRAW = 1u << 0,  /* state changed: draw again */
	REACT_RESCAN = 1u << 1,  /* read a fresh snapshot */
	REACT_REROW = 1u << 2,   /* filter/sort/view changed: rebuild rows */
	REACT_QUIT = 1u << 3,
	REACT_TIMER = 1u << 4,   /* refresh interval or pause changed */
};

struct obj_ref {
	enum ipc_kind kind;
	int id;
	bool set;
};

struct app {
	struct options opt;
	struct snapshot snap;
	struct snapshot prev; /* the previous refresh, for the events pane */
	struct history history; /* waiting since, creators' commands across refreshes */
	struct series series;   /* each object's last samples (TREND, the detail's graphs) */
	char scan_error[160];
	bool paused;

	char status[256]; /* the status line's message */
	bool status_error;

	/* The object list: its view (tab), sort and filter, the rows of the
	 * snapshot they select, and the selection, which follows its object
	 * across refreshes. */
	enum view view;
	enum column_id sort[VIEW_COUNT];
	bool desc[VIEW_COUNT];
	char filter[64];
	struct table_model model; /* the view's rows, kept across refreshes */
	const struct ipc_object **rows; /* model.rows, or arranged */
	size_t nrows;
	const struct ipc_object **arranged; /* model.rows as the base mode's
					     * arrange hook reorders them */
	size_t arranged_cap;
	size_t cursor;
	struct obj_ref sel;

	struct mode_stack modes; /* what is on screen (mode.h) */
};

/* Shows a one-line message in the status line (error: in the error role). */
void app_message(struct app *a, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Shows an operation's result in the status line: the call, or the error
 * message. */
struct op_result;
void app_show_result(struct app *a, const struct op_result *res);
/* The same for a received or peeked message: the call and the message's
 * type, size and text. */
void app_show_message(struct app *a, const struct op_result *res);

/* Refuses an action in read-only mode with a message naming it. */
bool app_refuse_read_only(struct app *a, const char *what);

/* The selected object of the list, or NULL when the list is empty. */
const struct ipc_object *app_selected(const struct app *a);
/* Moves the list's cursor to row i (clamped) and selects its object. */
void app_select_row(struct app *a, size_t i);
/* Brings rows up to date with the snapshot (view, filter, sort: the list
 * model re-sorts only what changed), keeping the selection on the same
 * object, whose msg_qbytes (not in /proc/sysvipc) it reads for the forms.
 * A view of a kind the snapshot did not read is empty until the loop
 * reads it. */
void app_rebuild_rows(struct app *a);
/* Selects the object (kind, id) after the next rescan. */
void app_follow(struct app *a, enum ipc_kind kind, int id);

/* The object an action applies to: the one the shown view is about (the
 * detail view's object, the list's selection: its mode's target hook).
 * NULL (with a message) when there is none. */
const struct ipc_object *action_target(struct app *a);
/* Same, and refuses (message, NULL) when it is not of kind k. */
const struct ipc_object *action_target_kind(struct app *a, enum ipc_kind k, const char *what);
/* The semaphore the mode on top selects in the target set (its semnum
 * hook: the detail table's row, the stage's cell); false when none. */
bool action_semnum(const struct app *a, size_t *semnum);

/* Grows the UI's own array p (see array_grow) to need elements; out of
 * memory is fatal (exit, the terminal restored by the atexit handler). */
void *app_grow(void *p, size_t *cap, size_t need, size_t elem);

#endif
