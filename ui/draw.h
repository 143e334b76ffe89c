/* draw.h — drawing of the whole screen from the app state: the frame
 * (header, tabs, status line, footer) here, the list, detail and help
 * bodies in their own files. Drawing never changes the model, except the
 * scroll position and the layout facts the mouse needs. */
#ifndef IPCTOP_UI_DRAW_H
#define IPCTOP_UI_DRAW_H

#include <stdbool.h>
#include <curses.h>

#include "app.h"
#include "screen.h"
#include "text.h"

#define MIN_COLS 40
#define MIN_LINES 10

/* Draws everything and updates the terminal (only what changed is sent). */
void draw_all(struct app *a);
/* Adapts curses to the new terminal size after SIGWINCH. */
void draw_resize(void);
/* Which column title is at screen column x in the list. */
bool draw_column_at(const struct app *a, int x, enum column_id *col);

/* Bodies: draw rows [top, top + height) of the screen. */
void list_view_draw(struct app *a, int top, int height);
void detail_view_draw(struct app *a, int top, int height);
void help_view_draw(struct app *a, int top, int height);

#endif
