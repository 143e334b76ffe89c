/* app.h — the state of the interactive program (one struct app) and the
 * reaction flags that key actions return to the main loop. Actions change
 * state only; drawing happens once per loop turn in draw.c. */
#ifndef IPCTOP_UI_APP_H
#define IPCTOP_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/cli.h"
#include "form.h"
#include "ops/hexedit.h"
#include "model/snapshot.h"
#include "model/table.h"

enum ui_mode {
	UI_LIST,
	UI_DETAIL,
	UI_HELP,
	UI_FORM,    /* a form (create, send, receive, semop, set...) */
	UI_HEX,     /* hex view of an attached segment */
	UI_PEEK,    /* MSG_COPY view of a queue's messages */
	UI_CONFIRM, /* y/N question (remove) */
	UI_WAITERS, /* keys go to the waiters panel */
	UI_LIMITS,  /* limits and usage */
	UI_NS,      /* IPC namespaces of running processes */
	UI_POSIX,   /* POSIX shm, semaphores, queues */
	UI_SCENARIOS, /* the classroom scenarios menu */
	UI_MODE_COUNT
};

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
	bool *is_new;      /* parallel to snap.objs: appeared since last scan */
	size_t is_new_cap;
	uint64_t *prev_ids; /* sorted (kind, id) of the previous snapshot */
	size_t nprev, prev_cap;
	uint64_t marked_gen; /* snapshot generation is_new was set for */
	unsigned marked_kinds; /* and the kinds it read */
	bool scanned_once;
	char scan_error[160];

	enum view view;
	enum ui_mode mode;
	struct table_model model; /* the view's rows, kept across refreshes */
	const struct ipc_object **rows; /* model.rows */
	size_t nrows;
	size_t cursor, top; /* selected row and first visible row */
	struct obj_ref sel;
	enum column_id sort[VIEW_COUNT];
	bool desc[VIEW_COUNT];
	char filter[64];
	bool editing_filter;
	bool paused;

	char status[256];
	bool status_error;

	/* detail view */
	struct obj_ref detail;
	struct ipc_semval *semvals;
	size_t semvals_cap;
	unsigned nsemvals;
	int semvals_errno;
	size_t detail_cursor, detail_top;
	/* processes behind the object (cpid, lpid, attached...; not for sets,
	 * whose semaphore rows carry their pids) */
	struct proc_row {
		const char *role; /* "cpid", "lpid", "attached" (translated), "lspid", "lrpid" */
		pid_t pid;
		char mode[4];     /* attached: "r" or "rw" */
	} procrows[48];
	size_t nprocrows;
	int help_top;

	/* forms: the form, what Enter does, what every edit re-checks, and the
	 * mode to return to */
	struct form form;
	bool (*form_submit)(struct app *a);
	void (*form_changed)(struct app *a);
	enum ui_mode form_return;

	/* hex view of an attached segment */
	struct hexedit hex;
	struct obj_ref hex_obj;
	bool hex_retrack; /* remember the window after the next draw */
	int hex_fill;     /* worker id of the last fill started in a worker, 0 none */

	size_t limits_cursor, ns_cursor, posix_cursor, scenario_cursor;
	bool show_scenario; /* the scenario pane while one runs */

	/* MSG_COPY peek view */
	size_t peek_cursor, peek_top;

	/* removal confirmation and marks (by kind and id) */
	struct obj_ref *marks;
	size_t nmarks, marks_cap;
	char confirm_text[512];
	enum ui_mode confirm_return;
	unsigned (*confirm_yes)(struct app *a); /* what `y` does */

	/* bottom panels */
	bool show_waiters, show_log, show_events;
	size_t waiter_cursor;
	enum ui_mode waiters_return; /* the view shown above the focused panel */

	int list_top_row; /* screen row of the first list row (for the mouse) */
	int list_rows;    /* how many list rows fit on screen */
	int list_stride;  /* screen lines per row (2 in projector mode) */
	size_t shown_cols[COLUMN_COUNT];
	size_t nshown;
};

/* Runs the interactive program until the user quits. Returns the exit
 * status. */
int app_run(const struct options *opt);

/* Shows a one-line message in the status line (error: in the error role). */
void app_message(struct app *a, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The selected object of the list, or NULL when the list is empty. */
const struct ipc_object *app_selected(const struct app *a);

/* Rebuilds rows from the snapshot (view, filter, sort), keeping the
 * selection on the same object; reads the snapshot again first when it
 * lacks a kind the screen needs (app_kinds_needed). */
void app_rebuild_rows(struct app *a);

/* The kinds a refresh reads: the list's view's kind only (a view of one
 * kind reads one /proc/sysvipc file), or every kind when something shown
 * needs them (the All view, the limits view, the events pane). */
unsigned app_kinds_needed(const struct app *a);

/* Opens the detail view of the selected object. */
void app_open_detail(struct app *a);

/* Shows an operation's result in the status line: the call, or the error
 * message. */
struct op_result;
void app_show_result(struct app *a, const struct op_result *res);

/* Ends a form's operation: a failure stays in the open form (so nothing
 * typed is lost) and returns false; a success goes to the status line and
 * returns true. Frees res. */
bool app_form_result(struct app *a, struct op_result *res);

/* Writes the session's actions as a C program to path (created 0600; an
 * existing file only when it is such a program of ours: safefile_rewrite);
 * msg gets the outcome. Returns 0 or -1. */
int app_write_log_c(const char *path, char *msg, size_t len);

/* Opens a form built in a->form: Enter calls submit (true closes the
 * form), every edit calls changed (may be NULL). */
void app_open_form(struct app *a, bool (*submit)(struct app *), void (*changed)(struct app *));

/* Asks a y/N question in the status line; `y` calls on_yes. */
void app_ask(struct app *a, const char *text, unsigned (*on_yes)(struct app *a));

/* Refuses an action in read-only mode with a message naming it. */
bool app_refuse_read_only(struct app *a, const char *what);

/* Selects the object (kind, id) after the next rescan. */
void app_follow(struct app *a, enum ipc_kind kind, int id);

/* Is (kind, id) marked? */
bool app_is_marked(const struct app *a, enum ipc_kind kind, int id);

/* The pid on the detail view's cursor row (semaphore or process), or 0. */
pid_t app_detail_pid(const struct app *a);

/* Moves the cursor to row i (clamped) and updates the selection. */
void app_select_row(struct app *a, size_t i);

#endif
