/* prefs.h — the settings file in the running program: read at start and
 * spread over the session (each view's layout and sort, the delay, the
 * theme, the meters, the history's length, the create form's choices),
 * the command line winning over it; gathered back and written when setup
 * closes and on quit, when something differs from what the file holds.
 * What the command line set (-d, -P, --no-color) is written only once
 * changed in setup. --no-config: nothing read or written. */
#ifndef IPCTOP_UI_PREFS_H
#define IPCTOP_UI_PREFS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "config/settings.h"

/* Reads the file (unless --no-config) and applies it to a before the
 * screen starts: a->opt's delay, projector and no_color, the layouts, the
 * sort, the history's length, the create form. A file that cannot be
 * read or is malformed is named in the status line and ignored. */
void prefs_start(struct app *a);

/* Writes the settings when they differ from the file's. Returns 0 (also
 * when nothing needed writing: *wrote false), or -1 with one line in msg. */
int prefs_save(struct app *a, bool *wrote, char *msg, size_t len);

/* The settings file's path ("" with --no-config or no home). */
const char *prefs_path(void);

/* The theme chosen in setup (or read), and setting it for the session. */
enum theme prefs_theme(void);
void prefs_set_theme(struct app *a, enum theme t);
/* The refresh delay set in setup: kept, and written even when -d set it. */
void prefs_set_delay(struct app *a, int tenths);
/* The header's meters (bits of enum meter). */
unsigned prefs_meters(void);
void prefs_set_meters(unsigned meters);

#endif
