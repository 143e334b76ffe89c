/* keys.h — key dispatch: a key goes to the top mode's own bindings, then
 * to the shared bindings of its key groups (keymap.h), then to the mode's
 * own key handler. Actions change the app state and return reaction flags
 * (app.h); they never draw. The help screen and the footers are generated
 * from the same tables. */
#ifndef IPCTOP_UI_KEYS_H
#define IPCTOP_UI_KEYS_H

#include <stddef.h>

#include "app/app.h"

/* Handles one key (from getch) in the current mode. */
unsigned keys_dispatch(struct app *a, int key);

/* The binding of key in mode m (what keys_dispatch would run), or NULL. */
const struct key_binding *keys_lookup(const struct mode_class *m, int key);

/* The footer of the screen: the top mode's footer keys (or, when it has
 * none, those of the first mode below with one), as the key's name and
 * its translated label. Keys the mode does not bind are left out. Returns
 * how many items were written to out (at most max). */
struct footer_item {
	const char *name;
	const char *label;
};
size_t keys_footer(const struct app *a, struct footer_item *out, size_t max);

#endif
