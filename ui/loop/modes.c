/* modes.c — every screen mode, registered: the help lists their keys in
 * this order (after keys.c's global keys, before its common ones), keys.c
 * finds the keys they offer other modes (the one that opens each), and
 * each frees its state at exit. A new view is a file defining its class
 * (mode.h) and one line here. */
#include "loop/modes.h"

#define EVERY_MODE(M) \
	M(posix_mode)     \
	M(limits_mode)    \
	M(setup_mode)     \
	M(ns_mode)        \
	M(scenario_mode)  \
	M(stage_mode)     \
	M(list_mode)      \
	M(filter_mode)    \
	M(search_mode)    \
	M(sort_menu_mode) \
	M(detail_mode)    \
	M(peek_mode)      \
	M(message_mode)   \
	M(hex_mode)       \
	M(waiters_mode)   \
	M(help_mode)      \
	M(form_mode)      \
	M(confirm_mode)   \
	M(timeline_mode)  \
	/* (the end: a new mode goes on a line above) */

#define DECLARE(m) extern const struct mode_class m;
EVERY_MODE(DECLARE)

#define ADDRESS(m) &(m),
static const struct mode_class *const all[] = { EVERY_MODE(ADDRESS) };

size_t modes_all(const struct mode_class *const **list)
{
	*list = all;
	return sizeof(all) / sizeof(all[0]);
}

void modes_free(void)
{
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i]->free)
			all[i]->free();
}
