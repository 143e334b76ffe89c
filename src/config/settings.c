/* settings.c — owns the settings' defaults and their text form: parsing an
 * ipctoprc text line by line (all or nothing) and writing one. */
#define _GNU_SOURCE
#include "config/settings.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/parse.h"
#include "base/strbuf.h"
#include "config/cli.h"
#include "model/series.h"

static const char *const theme_names[THEME_COUNT + 1] = { "normal", "projector", "monochrome", NULL }; /* parse_name */
static const char *const meter_names[METER_COUNT] = { "segments", "queues", "sets", "shm-memory", "semaphores" };
static const char *const view_names[VIEW_COUNT] = { "shm", "msg", "sem", "all" };
/* The create form's fields in the file (create.NAME), by enum create_field. */
static const char *const create_names[CF_COUNT] = { "kind",  "key_from", "path",  "proj_id", "key", "perms",
						     "excl",  "size",     "nsems", "values",  "msg_qbytes" };
static const char *const create_kinds[] = { "shm", "msg", "sem", NULL };
static const char *const create_key_froms[] = { "private", "ftok", "key", NULL };
static const char *const yes_no[] = { "yes", "no", NULL };

const char *settings_theme_name(enum theme t)
{
	return (unsigned)t < THEME_COUNT ? theme_names[t] : "?";
}

const char *settings_meter_name(enum meter m)
{
	return (unsigned)m < METER_COUNT ? meter_names[m] : "?";
}

const char *settings_view_name(enum view v)
{
	return (unsigned)v < VIEW_COUNT ? view_names[v] : "?";
}

void settings_defaults(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	s->delay_tenths = 10;
	s->theme = THEME_NORMAL;
	s->meters = METERS_ALL;
	s->history = SERIES_LEN_DEFAULT;
	for (int v = 0; v < VIEW_COUNT; v++) {
		struct view_settings *vs = &s->view[v];
		vs->ncols = table_default_layout((enum view)v, vs->cols, COLUMN_COUNT);
		vs->sort = COL_ID;
		vs->desc = false;
	}
}

/* ---- parsing ------------------------------------------------------------------ */

struct line {
	unsigned no;
	const char *key, *value; /* NUL-terminated, trimmed */
};

static int bad(const struct line *l, char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "line 3: <reason>" into err; returns -1. */
static int bad(const struct line *l, char *err, size_t errlen, const char *fmt, ...)
{
	char why[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	/* TRANSLATORS: where the settings file is malformed: "line 3: ...". */
	return strbuf_reason(err, errlen, _("line %u: %s"), l->no, why);
}

static int index_of(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n && names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

/* The view named after the prefix of key ("columns.shm"), or -1. */
static int view_of(const char *key, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(key, prefix, n) == 0 ? index_of(view_names, VIEW_COUNT, key + n) : -1;
}

static int parse_columns(struct view_settings *vs, enum view v, const struct line *l, char *err, size_t errlen)
{
	char list[1024];
	bool seen[COLUMN_COUNT] = { false };
	size_t n = 0;
	if (snprintf(list, sizeof(list), "%s", l->value) >= (int)sizeof(list))
		return bad(l, err, errlen, "%s", _("the column list is too long"));
	char *save = NULL;
	for (char *tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		enum column_id c;
		if (table_column_by_name(v, tok, &c) < 0)
			return bad(l, err, errlen, _("the %s view has no column '%.40s'"), view_names[v], tok);
		if (seen[c])
			return bad(l, err, errlen, _("column '%.40s' twice"), tok);
		seen[c] = true;
		vs->cols[n++] = c;
	}
	if (n == 0)
		return bad(l, err, errlen, "%s", _("a view needs at least one column"));
	vs->ncols = n;
	return 0;
}

static int parse_meters(struct settings *s, const struct line *l, char *err, size_t errlen)
{
	char list[512];
	unsigned meters = 0;
	if (snprintf(list, sizeof(list), "%s", l->value) >= (int)sizeof(list))
		return bad(l, err, errlen, "%s", _("the meter list is too long"));
	char *save = NULL;
	for (char *tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		int m = index_of(meter_names, METER_COUNT, tok);
		if (m < 0)
			return bad(l, err, errlen, _("no meter '%.40s' (segments, queues, sets, shm-memory, semaphores)"),
				   tok);
		meters |= 1u << m;
	}
	s->meters = meters;
	return 0;
}

/* One of names (NULL-terminated) into *out. */
static int parse_name(const char *const *names, const struct line *l, int *out, char *err, size_t errlen)
{
	int i = index_of(names, 16, l->value);
	if (i < 0) {
		char list[128];
		struct strbuf sb;
		strbuf_init(&sb, list, sizeof(list));
		for (size_t k = 0; names[k]; k++)
			strbuf_printf(&sb, "%s%s", k ? ", " : "", names[k]);
		return bad(l, err, errlen, _("%s '%.40s': one of %s"), l->key, l->value, list);
	}
	*out = i;
	return 0;
}

static int parse_create(struct settings *s, int field, const struct line *l, char *err, size_t errlen)
{
	int i;
	const char *const *names = field == CF_KIND ? create_kinds : field == CF_KEY_FROM ? create_key_froms
				   : field == CF_EXCL ? yes_no : NULL;
	if (names && parse_name(names, l, &i, err, errlen) < 0)
		return -1;
	if (strlen(l->value) >= SETTINGS_TEXT_MAX)
		return bad(l, err, errlen, _("%s: longer than %d characters"), l->key, SETTINGS_TEXT_MAX - 1);
	snprintf(s->create[field], SETTINGS_TEXT_MAX, "%s", l->value);
	return 0;
}

/* Applies one key=value to s. Returns 0, 1 (unknown key), -1 (bad). */
static int apply(struct settings *s, const struct line *l, char *err, size_t errlen)
{
	const char *why = "";
	long n;
	int v, i;
	if (strcmp(l->key, "delay") == 0) {
		if (parse_delay(l->value, &s->delay_tenths, &why) < 0)
			return bad(l, err, errlen, _("delay '%.40s': %s"), l->value, why);
	} else if (strcmp(l->key, "theme") == 0) {
		if (parse_name(theme_names, l, &i, err, errlen) < 0)
			return -1;
		s->theme = (enum theme)i;
	} else if (strcmp(l->key, "meters") == 0) {
		return parse_meters(s, l, err, errlen);
	} else if (strcmp(l->key, "history") == 0) {
		if (parse_long(l->value, SERIES_LEN_MIN, SERIES_LEN_MAX, &n, &why) < 0)
			return bad(l, err, errlen, _("history '%.40s': samples %d..%d"), l->value, SERIES_LEN_MIN,
				   SERIES_LEN_MAX);
		s->history = (unsigned)n;
	} else if ((v = view_of(l->key, "columns.")) >= 0) {
		return parse_columns(&s->view[v], (enum view)v, l, err, errlen);
	} else if ((v = view_of(l->key, "sort.")) >= 0) {
		enum column_id c;
		if (table_column_by_name((enum view)v, l->value, &c) < 0)
			return bad(l, err, errlen, _("the %s view has no column '%.40s'"), view_names[v], l->value);
		s->view[v].sort = c;
	} else if ((v = view_of(l->key, "order.")) >= 0) {
		static const char *const orders[] = { "ascending", "descending", NULL };
		if (parse_name(orders, l, &i, err, errlen) < 0)
			return -1;
		s->view[v].desc = i == 1;
	} else if (strncmp(l->key, "create.", 7) == 0 && (i = index_of(create_names, CF_COUNT, l->key + 7)) >= 0) {
		return parse_create(s, i, l, err, errlen);
	} else {
		return 1;
	}
	return 0;
}

static char *trim(char *p, char *end)
{
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static bool has_control(const char *p)
{
	for (; *p; p++)
		if ((unsigned char)*p < 32 || *p == 127)
			return true;
	return false;
}

int settings_parse(struct settings *s, const char *text, size_t len, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (memchr(text, '\0', len))
		return strbuf_reason(err, errlen, "%s", _("a NUL byte: not a text file"));
	char *copy = malloc(len + 1);
	if (!copy)
		return strbuf_reason(err, errlen, "%s", strerror(ENOMEM));
	memcpy(copy, text, len);
	copy[len] = '\0';
	struct settings next = *s;
	char notice[256] = "";
	int rc = 0;
	struct line l = { 0, NULL, NULL };
	for (char *p = copy, *eol; rc >= 0 && *p; p = eol) {
		l.no++;
		eol = strchr(p, '\n');
		eol = eol ? (*eol = '\0', eol + 1) : p + strlen(p);
		char *line = trim(p, p + strlen(p));
		if (!*line || *line == '#')
			continue;
		char *eq = strchr(line, '=');
		if (!eq) {
			rc = bad(&l, err, errlen, _("'%.40s' is not key=value"), line);
			break;
		}
		*eq = '\0';
		l.key = trim(line, eq);
		l.value = trim(eq + 1, eq + 1 + strlen(eq + 1));
		if (has_control(l.value)) {
			rc = bad(&l, err, errlen, _("%s: a control character in the value"), l.key);
			break;
		}
		int r = apply(&next, &l, err, errlen);
		if (r < 0)
			rc = -1;
		else if (r > 0 && !notice[0]) /* TRANSLATORS: a key of a later version, say. */
			bad(&l, notice, sizeof(notice), _("unknown setting '%.40s' (skipped)"), l.key);
	}
	free(copy);
	if (rc < 0)
		return -1;
	*s = next;
	if (notice[0]) {
		if (err && errlen)
			snprintf(err, errlen, "%s", notice);
		return 1;
	}
	return 0;
}

/* ---- writing ------------------------------------------------------------------- */

static void put_columns(FILE *f, enum view v, const struct view_settings *vs)
{
	char name[32];
	fprintf(f, "columns.%s=", view_names[v]);
	for (size_t i = 0; i < vs->ncols; i++)
		fprintf(f, "%s%s", i ? "," : "", table_column_name(v, vs->cols[i], name, sizeof(name)));
	fprintf(f, "\nsort.%s=%s\norder.%s=%s\n", view_names[v], table_column_name(v, vs->sort, name, sizeof(name)),
		view_names[v], vs->desc ? "descending" : "ascending");
}

char *settings_format(const struct settings *s)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	if (!f)
		return NULL;
	fprintf(f, "# ipctop %s settings: F2 in ipctop changes them (ipctop(1), FILES)\n", IPCTOP_VERSION);
	fprintf(f, "delay=%d\ntheme=%s\nhistory=%u\nmeters=", s->delay_tenths, settings_theme_name(s->theme),
		s->history);
	for (int m = 0, k = 0; m < METER_COUNT; m++)
		if (s->meters & (1u << m))
			fprintf(f, "%s%s", k++ ? "," : "", meter_names[m]);
	fputc('\n', f);
	for (int v = 0; v < VIEW_COUNT; v++)
		put_columns(f, (enum view)v, &s->view[v]);
	for (int i = 0; i < CF_COUNT; i++)
		if (s->create[i][0] && !has_control(s->create[i]))
			fprintf(f, "create.%s=%s\n", create_names[i], s->create[i]);
	if (fclose(f) != 0) {
		free(text);
		errno = ENOMEM;
		return NULL;
	}
	return text;
}

bool settings_equal(const struct settings *a, const struct settings *b)
{
	char *x = settings_format(a), *y = settings_format(b);
	bool same = x && y && strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}
