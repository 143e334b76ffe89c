/* pictures.h — the stage's pictures, one file each (stage_*.c), and the
 * semaphore cells they share (stage_sems.c). Each draws within the rows
 * it is given and returns how many it used; the timeline gets the rest. */
#ifndef IPCTOP_UI_STAGE_PICTURES_H
#define IPCTOP_UI_STAGE_PICTURES_H

#include "app/app.h"
#include "classroom/scenario.h"

/* What a picture draws from. */
struct stage_view {
	struct app *a;
	struct scenario *s;
	int proc;  /* the process the cursor is on */
	int obj;   /* the set + and - act on (index in scenario_objects), -1 */
	int sem;   /* its semaphore they act on */
	int scale; /* the big digits' largest scale for this terminal */
};

/* The cells of set obj side by side in rows [top, top + height): each
 * semaphore's name, value, who waits on it (the processes' reports, and
 * the waiter scan for anyone else) and who holds it. Returns rows used. */
int stage_sems_draw(const struct stage_view *v, int obj, int top, int height);

/* The index in scenario_objects of the first object of kind k with a role
 * name (with semaphore names, for a set) after the control block, or -1. */
int stage_find_object(const struct scenario *s, enum ipc_kind k);

int stage_prodcons(const struct stage_view *v, int top, int height);
int stage_chat(const struct stage_view *v, int top, int height);
int stage_homework(const struct stage_view *v, int top, int height);
int stage_deadlock(const struct stage_view *v, int top, int height);
int stage_signals(const struct stage_view *v, int top, int height);
int stage_daemon(const struct stage_view *v, int top, int height);

#endif
