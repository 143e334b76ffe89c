/* trace_ui.h — live tracing in the interactive view (issue 18): the T key
 * and --activity switch it on and off; while on, calls are read between
 * key presses (never blocking), counted per object (the OPS/S column, the
 * detail view's activity section: processes of the last minute, a
 * sparkline, for semaphore sets the histogram of P and wait-for-zero
 * durations) and listed in the timeline pane (t: with a cursor, a pause
 * and filters by process or object). The core is src/trace/; these files
 * only draw it and take the keys: trace_ui.c (state, the list column),
 * activity_view.c (the detail section), timeline_pane.c (the pane). */
#ifndef IPCTOP_UI_TRACE_UI_H
#define IPCTOP_UI_TRACE_UI_H

#include <curses.h>
#include <stdbool.h>
#include <time.h>

#include "app.h"
#include "trace/timeline.h"
#include "trace/tracestats.h"

/* ---- trace_ui.c ---- */

/* T: tracing on or off. Off, and on again, everything counted is
 * forgotten; when it cannot start, the reason goes to the status line. */
unsigned act_trace_toggle(struct app *a, int key);
/* --activity: switch it on at start (a failure shows in the status line). */
void trace_ui_start(struct app *a);
/* Stops tracing and removes the instance (at exit; idempotent). */
void trace_ui_stop(void);
bool trace_ui_on(void);

/* Reads the calls made since the last time (call it every loop turn: it
 * returns at once when tracing is off). Returns REACT_REDRAW when the
 * timeline pane shows new calls (at most four times a second). */
unsigned trace_ui_poll(struct app *a);
/* The longest the main loop may sleep while tracing is on (NULL: off). */
const struct timespec *trace_ui_timeout(void);

/* What the views draw from. */
const struct tstats *trace_ui_stats(void);
struct timeline *trace_ui_timeline(void);
/* Events the kernel lost, calls not shown (unknown namespace, exits
 * without entry), since tracing was switched on. */
unsigned long long trace_ui_lost(void);
/* The trace clock now and the offset to wall-clock time (ns). */
unsigned long long trace_ui_now(void);
long long trace_ui_to_real(void);

/* The list's OPS/S column: its width (0 when tracing is off), title and
 * the cell of one object ("P12 V12", "S3 R3", "A1 D1"). */
int trace_ui_list_width(void);
void trace_ui_list_title(int y, int x);
void trace_ui_list_cell(const struct ipc_object *o, int y, int x, attr_t attr);

/* ---- activity_view.c ---- */

/* Rows the detail view's activity section wants at the bottom of a body of
 * `avail` rows (0 when tracing is off). */
int activity_height(const struct ipc_object *o, int avail);
void activity_draw(const struct ipc_object *o, int top, int height);

/* ---- timeline_pane.c ---- */

/* t: opens the timeline pane with the keys going to it, or gives them
 * back (the pane stays; t again in a view hides it). */
unsigned act_timeline(struct app *a, int key);
/* Keys while the pane has them: Up/Down, Space (pause), p and o (only the
 * selected call's process or object), a (all again), Esc. */
unsigned act_timeline_key(struct app *a, int key);
/* The mode whose view shows above the focused pane. */
enum ui_mode timeline_return_mode(void);
int timeline_pane_height(const struct app *a);
void timeline_pane_draw(const struct app *a, int top, int height);

#endif
