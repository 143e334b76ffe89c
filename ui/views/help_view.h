/* help_view.h — the help screen: lines of text to scroll through, written
 * by whoever opens it (keys.c generates them from the key tables). */
#ifndef IPCTOP_UI_HELP_VIEW_H
#define IPCTOP_UI_HELP_VIEW_H

#include <stdbool.h>

#include "app/app.h"

/* Switches to the help screen, its text the two opening lines. */
void help_view_open(struct app *a);
/* Adds a line: keys in the first column, then what they do. */
void help_view_add(const char *keys, const char *text);
/* Is the help screen on top? */
bool help_view_shown(const struct app *a);

#endif
