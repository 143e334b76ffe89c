/* trace_ui.h — live tracing in the interactive view (issue 18): the T key
 * and --activity switch it on and off; while on, calls are read between
 * key presses (never blocking), counted per object (the OPS/S column, the
 * detail view's activity section: processes of the last minute, a
 * sparkline, for semaphore sets the histogram of P and wait-for-zero
 * durations) and listed in the timeline pane (t: with a cursor, a pause
 * and filters by process or object). The core is src/trace/; the ui files
 * only draw it and take the keys: app/trace_ui.c (the tracer's state, T,
 * the list column), views/activity_view.c (the detail section),
 * panes/timeline_pane.c (the pane and its mode). */
#ifndef IPCTOP_UI_TRACE_UI_H
#define IPCTOP_UI_TRACE_UI_H

#include <curses.h>
#include <stdbool.h>
#include <time.h>

#include "app/app.h"
#include "trace/timeline.h"
#include "trace/tracestats.h"

/* T: tracing on or off (returns whether it is on now). Off, and on again, everything counted is
 * forgotten; when it cannot start, the reason goes to the status line. */
bool trace_ui_toggle(struct app *a);
/* --activity: switch it on at start (a failure shows in the status line). */
void trace_ui_start(struct app *a);
/* Stops tracing and removes the instance (at exit; idempotent). */
void trace_ui_stop(void);
bool trace_ui_on(void);

/* Reads the calls made since the last time (call it every loop turn: it
 * returns at once when tracing is off). Returns REACT_REDRAW when new
 * calls came and `live` (something shows every call: the timeline pane),
 * at most four times a second. */
unsigned trace_ui_poll(struct app *a, bool live);
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

#endif
