/* help_view.h — the help screen: entries (keys, what they do) to scroll
 * through, written by whoever opens it (keys.c generates them from the key
 * tables); long texts wrap under the text column. */
#ifndef IPCTOP_UI_HELP_VIEW_H
#define IPCTOP_UI_HELP_VIEW_H

#include <stdbool.h>

#include "app/app.h"

/* Switches to the help screen, its text the two opening lines. */
void help_view_open(struct app *a);
/* Adds an entry: keys in the first column, then what they do (wrapped to
 * the screen's width when drawn). */
void help_view_add(const char *keys, const char *text);
/* Is the help screen on top? */
bool help_view_shown(const struct app *a);

#endif
