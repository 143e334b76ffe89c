/* settings.h — what ipctop remembers between runs (F2 setup: each view's
 * columns, sort and order, the refresh delay, the theme, the header's
 * meters, the history's length; the create form's last choices) and its
 * text form, the ipctoprc file (settings_file.h reads and writes it):
 *
 *   # comment
 *   delay=10
 *   columns.shm=key,id,owner,perms,size,nattch,trend
 *   sort.shm=id
 *
 * one `key=value` a line, spaces around both ignored. A line that is not
 * that, a value that is not valid, a text with a control character make
 * the whole text malformed; a key this version does not know is skipped
 * (a later version's) and reported. Curses-free. */
#ifndef IPCTOP_SETTINGS_H
#define IPCTOP_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/table.h"

enum theme { THEME_NORMAL, THEME_PROJECTOR, THEME_MONOCHROME, THEME_COUNT };

/* The header's meters (its second line). */
enum meter { METER_SEGMENTS, METER_QUEUES, METER_SETS, METER_SHM_MEMORY, METER_SEMAPHORES, METER_COUNT };
#define METERS_ALL ((1u << METER_COUNT) - 1)

/* The create form's fields remembered, as typed. */
enum create_field {
	CF_KIND,     /* "shm", "msg", "sem" */
	CF_KEY_FROM, /* "private", "ftok", "key" */
	CF_PATH,
	CF_PROJ,
	CF_KEY,
	CF_PERMS,
	CF_EXCL,     /* "yes", "no" */
	CF_SIZE,
	CF_NSEMS,
	CF_VALUES,
	CF_QBYTES,
	CF_COUNT
};
#define SETTINGS_TEXT_MAX 256

struct view_settings {
	enum column_id cols[COLUMN_COUNT]; /* the layout, in display order */
	size_t ncols;
	enum column_id sort;
	bool desc;
};

struct settings {
	int delay_tenths;  /* 1..36000, as -d */
	enum theme theme;
	unsigned meters;   /* bits of enum meter */
	unsigned history;  /* samples kept per object (series.h) */
	struct view_settings view[VIEW_COUNT];
	char create[CF_COUNT][SETTINGS_TEXT_MAX]; /* "": nothing remembered */
};

/* The defaults: 1 s, normal theme, every meter, 120 samples, each view's
 * default layout sorted by id ascending, no create choices. */
void settings_defaults(struct settings *s);

/* Parses the text of a settings file (len bytes, NUL bytes refused) over
 * *s. Returns 0; 1 when keys it does not know were skipped (err names the
 * first: "line 4: unknown setting 'x' (skipped)"); -1 when malformed (err:
 * "line 3: delay 'abc': not a number"), *s then unchanged. err is set on
 * 1 and -1, "" on 0. */
int settings_parse(struct settings *s, const char *text, size_t len, char *err, size_t errlen);

/* The text of s, every setting a line after a comment naming the file's
 * writer. Returns the malloc'd text (the caller frees it), or NULL
 * (ENOMEM). A create text holding a control character is left out. */
char *settings_format(const struct settings *s);

/* Do a and b write the same text? */
bool settings_equal(const struct settings *a, const struct settings *b);

/* Names for setup and the file: "normal", "projector", "monochrome";
 * "segments", "queues", "sets", "shm-memory", "semaphores"; "shm", "msg",
 * "sem", "all". */
const char *settings_theme_name(enum theme t);
const char *settings_meter_name(enum meter m);
const char *settings_view_name(enum view v);

#endif
