/* table.h — the list model shared by the TUI and --once: which columns each
 * view has, the text of a cell, sorting and filtering of rows. Curses-free. */
#ifndef IPCTOP_TABLE_H
#define IPCTOP_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/ipcobj.h"
#include "model/snapshot.h"

enum view { VIEW_SHM, VIEW_MSG, VIEW_SEM, VIEW_ALL, VIEW_COUNT };

enum column_id {
	COL_KIND,
	COL_KEY,
	COL_ID,
	COL_OWNER,
	COL_PERMS,
	COL_OCTAL,
	COL_SIZE,   /* shm bytes, msg used-bytes, sem nsems */
	COL_COUNT,  /* shm nattch, msg messages */
	COL_QBYTES,
	COL_STATUS, /* shm dest/locked */
	COL_CPID,   /* shm cpid, msg lspid */
	COL_LPID,   /* shm lpid, msg lrpid */
	COL_ATIME,  /* shm attach, msg send, sem otime */
	COL_CTIME,
	COL_GROUP,
	COL_CREATOR,
	COL_PROCS,  /* shm: processes mapping it (read with SNAP_ATTACH) */
	COL_NCNT,   /* sem: GETNCNT summed over the set (read with SNAP_SEMWAIT) */
	COL_ZCNT,   /* sem: GETZCNT summed */
	COL_WAIT,   /* sem, msg: waiters found and the longest wait (SNAP_WAITERS);
		     * "!" first when one is on a deadlock cycle */
	COLUMN_COUNT
};

struct column {
	enum column_id id;
	const char *title;
	int width;
	bool right;   /* right-aligned (numbers) */
	int priority; /* lower survives longer when the screen is narrow */
};

/* The columns of a view, in display order; *n receives their number.
 * Titles are translated (gettext) and each width is at least the title's
 * width on screen, so a wider translation widens its column. */
const struct column *table_columns(enum view v, size_t *n);

/* The (translated) title of a column in a view ("SIZE" vs "BYTES"...). */
const char *table_title(enum view v, enum column_id c);

/* Text of one cell. `now` decides the short time form. */
void table_cell(const struct ipc_object *o, enum column_id c, time_t now, char *buf, size_t len);

/* Which columns fit in `width` characters (one space between columns):
 * returns how many of the view's columns are shown, writing their indices
 * (into the view's column array) in display order into `shown`. */
size_t table_fit(enum view v, int width, size_t *shown, size_t max);

/* The same with `gap` spaces between columns and only columns of priority
 * <= max_priority (projector mode: fewer, wider-spaced columns). */
size_t table_fit_layout(enum view v, int width, int gap, int max_priority, size_t *shown, size_t max);

/* True when the filter text (case-insensitive) occurs in the object's key,
 * id, owner, perms (rwx or octal) or kind. An empty filter matches all. */
bool table_match(const struct ipc_object *o, const char *filter);

/* Fills rows with pointers to the snapshot's objects of the view that match
 * the filter, sorted by column `sort` (descending when `desc`), ties by
 * kind and id. rows must have room for s->count. Returns the row count. */
size_t table_rows(const struct snapshot *s, enum view v, const char *filter,
		  enum column_id sort, bool desc, const struct ipc_object **rows);

/* Does view v show objects of that kind? */
bool view_has_kind(enum view v, enum ipc_kind k);

const char *view_name(enum view v); /* "Shared memory", ... */

#endif
