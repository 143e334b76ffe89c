/* timeline.h — the classroom stage's timeline: the scenario's newest
 * operations (events with an op), one per row under a head row naming one
 * lane per process; each operation in its process's lane, a lane drawn
 * blocked (a heavy bar, the blocked colour) in the rows where its process
 * waited in the kernel, the operation a step let through marked. */
#ifndef IPCTOP_UI_TIMELINE_H
#define IPCTOP_UI_TIMELINE_H

#include "classroom/scenario.h"

/* Draws in rows [top, top + height) (at least 2: the head and one row);
 * selected: the process the stage's cursor is on (its head reversed),
 * -1 none. */
void timeline_draw(const struct scenario *s, int top, int height, int selected);

#endif
