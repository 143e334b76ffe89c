/* names.c — uid/gid → name cache: a small open-addressing hash table per
 * kind of id, filled on first use with getpwuid_r/getgrgid_r; and typed
 * names or numbers → ids. */
#define _GNU_SOURCE
#include "proc/names.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <stdbool.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"

struct name_entry {
	unsigned id;
	char *name; /* NULL: empty slot */
	bool found; /* from passwd/group; else name is the number */
};

struct name_table {
	struct name_entry *slots;
	size_t cap, used;
};

static struct name_table users, groups;

static char *lookup(unsigned id, int is_group, bool *found_out)
{
	char buf[4096];
	char *found = NULL;
	if (is_group) {
		struct group gr, *res = NULL;
		if (getgrgid_r((gid_t)id, &gr, buf, sizeof(buf), &res) == 0 && res)
			found = res->gr_name;
	} else {
		struct passwd pw, *res = NULL;
		if (getpwuid_r((uid_t)id, &pw, buf, sizeof(buf), &res) == 0 && res)
			found = res->pw_name;
	}
	*found_out = found != NULL;
	if (found)
		return strdup(found);
	char num[16];
	snprintf(num, sizeof(num), "%u", id);
	return strdup(num);
}

static size_t slot_of(const struct name_table *t, unsigned id)
{
	size_t h = (size_t)id * 2654435761u;
	size_t i = h & (t->cap - 1);
	while (t->slots[i].name && t->slots[i].id != id)
		i = (i + 1) & (t->cap - 1);
	return i;
}

static int rehash(struct name_table *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 16;
	struct name_entry *old = t->slots;
	size_t oldcap = t->cap;
	t->slots = calloc(ncap, sizeof(*t->slots));
	if (!t->slots) {
		t->slots = old;
		return -1;
	}
	t->cap = ncap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].name)
			t->slots[slot_of(t, old[i].id)] = old[i];
	free(old);
	return 0;
}

/* The entry of id, looked up on first use; NULL without memory. */
static const struct name_entry *cached(struct name_table *t, unsigned id, int is_group)
{
	if ((t->used + 1) * 2 > t->cap && rehash(t) < 0)
		return NULL;
	size_t i = slot_of(t, id);
	if (!t->slots[i].name) {
		bool found;
		char *name = lookup(id, is_group, &found);
		if (!name)
			return NULL;
		t->slots[i].id = id;
		t->slots[i].name = name;
		t->slots[i].found = found;
		t->used++;
	}
	return &t->slots[i];
}

static const char *name_or_number(const struct name_entry *e) { return e ? e->name : "?"; }
static const char *name_or_null(const struct name_entry *e) { return e && e->found ? e->name : NULL; }

const char *names_user(uid_t uid) { return name_or_number(cached(&users, (unsigned)uid, 0)); }
const char *names_group(gid_t gid) { return name_or_number(cached(&groups, (unsigned)gid, 1)); }
const char *names_user_known(uid_t uid) { return name_or_null(cached(&users, (unsigned)uid, 0)); }
const char *names_group_known(gid_t gid) { return name_or_null(cached(&groups, (unsigned)gid, 1)); }

static void clear_table(struct name_table *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slots[i].name);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

void names_clear(void)
{
	clear_table(&users);
	clear_table(&groups);
}

/* A number 0..4294967294, or a name looked up in the group or passwd
 * database. */
static int parse_id(const char *s, int is_group, unsigned *out, const char **why)
{
	if (!s || !*s) {
		*why = is_group ? _("give a group name or a gid") : _("give a user name or a uid");
		return -1;
	}
	if (isdigit((unsigned char)s[0])) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(s, &end, 10);
		if (*end || errno || v > 4294967294ull) {
			*why = *end ? _("neither a number nor a name") : _("ids are 0..4294967294");
			return -1;
		}
		*out = (unsigned)v;
		return 0;
	}
	char buf[4096];
	if (is_group) {
		struct group gr, *res = NULL;
		if (getgrnam_r(s, &gr, buf, sizeof(buf), &res) == 0 && res) {
			*out = res->gr_gid;
			return 0;
		}
		*why = _("no such group");
	} else {
		struct passwd pw, *res = NULL;
		if (getpwnam_r(s, &pw, buf, sizeof(buf), &res) == 0 && res) {
			*out = res->pw_uid;
			return 0;
		}
		*why = _("no such user");
	}
	return -1;
}

int names_parse_user(const char *s, uid_t *out, const char **why)
{
	unsigned id;
	if (parse_id(s, 0, &id, why) < 0)
		return -1;
	*out = (uid_t)id;
	return 0;
}

int names_parse_group(const char *s, gid_t *out, const char **why)
{
	unsigned id;
	if (parse_id(s, 1, &id, why) < 0)
		return -1;
	*out = (gid_t)id;
	return 0;
}
