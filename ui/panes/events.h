/* events.h — the TUI's events pane: lifecycle changes between refreshes. */
#ifndef IPCTOP_UI_EVENTS_H
#define IPCTOP_UI_EVENTS_H

#include <stddef.h>

#include "model/snapshot.h"

/* Records the changes from prev to cur. */
void events_record(const struct snapshot *prev, const struct snapshot *cur);
size_t events_total(void);
/* Draws the newest events that fit in rows [top, top + height). */
void events_draw(int top, int height);

#endif
