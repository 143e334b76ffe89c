/* draw.h — drawing of the whole screen from the app state: the frame
 * (header, tabs, status line, footer) here, the body by the mode on
 * screen (mode.h), the panes by panels.c. Drawing never changes the
 * model, except the scroll positions and the layout facts the mouse
 * needs. */
#ifndef IPCTOP_UI_DRAW_H
#define IPCTOP_UI_DRAW_H

#include <stdbool.h>
#include <curses.h>

#include "app/app.h"

#define MIN_COLS 40
#define MIN_LINES 10

/* Draws everything and updates the terminal (only what changed is sent). */
void draw_all(struct app *a);
/* Adapts curses to the new terminal size after SIGWINCH. */
void draw_resize(void);

#endif
