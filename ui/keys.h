/* keys.h — the key table: which key does what in which mode. Actions change
 * the app state and return reaction flags (app.h); they never draw. The
 * help screen is generated from the same table. */
#ifndef IPCTOP_UI_KEYS_H
#define IPCTOP_UI_KEYS_H

#include <stddef.h>

#include "app.h"

/* Mode bits a binding applies to. */
#define IN_LIST (1u << UI_LIST)
#define IN_DETAIL (1u << UI_DETAIL)
#define IN_HELP (1u << UI_HELP)
#define IN_HEX (1u << UI_HEX)
#define IN_PEEK (1u << UI_PEEK)
#define IN_WAITERS (1u << UI_WAITERS)
#define IN_LIMITS (1u << UI_LIMITS)
#define IN_NS (1u << UI_NS)
#define IN_POSIX (1u << UI_POSIX)
#define IN_SCENARIOS (1u << UI_SCENARIOS)
#define IN_TIMELINE (1u << UI_TIMELINE)
#define IN_TABLES (IN_LIMITS | IN_NS | IN_POSIX | IN_SCENARIOS) /* lists outside the objects */
#define IN_VIEWS (IN_LIST | IN_DETAIL | IN_PEEK | IN_WAITERS) /* object views */
#define IN_ANY (IN_VIEWS | IN_HELP | IN_HEX | IN_TABLES | IN_TIMELINE)
/* Forms and y/N questions take every key themselves. */

struct key_binding {
	int key;
	unsigned modes;
	unsigned (*action)(struct app *a, int key);
	const char *label; /* how the key is written in help ("PgDn") */
	const char *help;  /* what it does (N_() text, translated when shown); NULL: same action as the line above */
};

/* Handles one key (from getch) in the current mode. */
unsigned keys_dispatch(struct app *a, int key);

/* The table, for the help screen. */
const struct key_binding *keys_table(size_t *n);

#endif
