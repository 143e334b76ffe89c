/* scenario_registry.c — owns the list of scenarios: their menu order
 * (which is also their key group, SCENARIO_KEY), lookup by name, the names
 * for --help and messages, and starting one by name. Adding a scenario:
 * its scn_*.c with a struct scn_def, one line in defs[]. */
#define _GNU_SOURCE
#include "classroom/scenario_impl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"

static const struct scn_def *const defs[] = {
	&scn_prodcons_def, &scn_chat_def,    &scn_homework_def,
	&scn_deadlock_def, &scn_signals_def, &scn_daemon_def,
};
#define NDEFS (sizeof(defs) / sizeof(defs[0]))

static struct scenario_info infos[NDEFS];

size_t scenario_list(const struct scenario_info **list)
{
	for (size_t i = 0; i < NDEFS; i++)
		infos[i] = defs[i]->info;
	*list = infos;
	return NDEFS;
}

static int def_index(const char *name)
{
	for (size_t i = 0; name && i < NDEFS; i++)
		if (strcmp(defs[i]->info.name, name) == 0)
			return (int)i;
	return -1;
}

const struct scenario_info *scenario_find(const char *name)
{
	const struct scenario_info *list;
	scenario_list(&list);
	int i = def_index(name);
	return i < 0 ? NULL : &list[i];
}

char *scenario_names(const char *sep, char *buf, size_t len)
{
	struct strbuf sb;
	strbuf_init(&sb, buf, len);
	for (size_t i = 0; i < NDEFS; i++)
		strbuf_printf(&sb, "%s%s", i ? sep : "", defs[i]->info.name);
	return buf;
}

int scenario_start(const char *name, struct scenario **out, char *err, size_t errlen)
{
	char dummy[8];
	if (!err || !errlen) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	*out = NULL;
	int di = def_index(name);
	if (di < 0) {
		char names[128];
		snprintf(err, errlen, "unknown scenario \"%s\" (try %s)", name ? name : "",
			 scenario_names(", ", names, sizeof(names)));
		errno = ENOENT;
		return -1;
	}
	return scn_start(defs[di], di + 1, out, err, errlen);
}

int scenario_cleanup_stale(char *report, size_t reportlen)
{
	return scn_cleanup_stale((int)NDEFS, report, reportlen);
}
