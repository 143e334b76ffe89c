/* table.h — the list model shared by the TUI and --once: which columns each
 * view can show (its catalogue) and shows (its layout, chosen in setup), the
 * text of a cell, sorting and filtering of rows. Curses-free. */
#ifndef IPCTOP_TABLE_H
#define IPCTOP_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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
	COL_UID,    /* numeric ids: owner, group, creator, creator's group */
	COL_GID,
	COL_CUID,
	COL_CGID,
	COL_CGROUP, /* the creator's group by name (lsipc's CGROUP) */
	COL_DTIME,  /* shm detach */
	COL_RTIME,  /* msg receive */
	COL_RSS,    /* shm resident and swapped bytes (SNAP_SHMRSS) */
	COL_SWAP,
	COL_FILL,   /* msg: used bytes in % of qbytes */
	COL_COMMAND, /* shm: the creator's command line (table_cell_snap) */
	COL_TREND,  /* a sparkline of the object's history, drawn by the TUI */
	COLUMN_COUNT
};

struct column {
	enum column_id id;
	const char *title;
	int width;
	bool right;   /* right-aligned (numbers) */
	int priority; /* lower survives longer when the screen is narrow */
	bool hidden;  /* not in the view's default layout */
	int min_list; /* shown only on a list at least this wide (TREND: 99,
		       * a 100-column terminal); 0: any */
};

/* The columns of a view as laid out now (the default layout, or the one
 * table_set_layout chose), in display order; *n receives their number.
 * Titles are translated (gettext) and each width is at least the title's
 * width on screen, so a wider translation widens its column. */
const struct column *table_columns(enum view v, size_t *n);

/* Every column the view can show, the default layout's first (in its
 * order), then the others; translated like table_columns. */
const struct column *table_catalogue(enum view v, size_t *n);

/* Lays view v out with the columns ids[0..n) in that order. Each must be in
 * the view's catalogue, none twice, n at least 1. Returns 0, or -1 with
 * errno EINVAL and the layout unchanged. */
int table_set_layout(enum view v, const enum column_id *ids, size_t n);
/* The default layout's column ids (at most max); returns their number. */
size_t table_default_layout(enum view v, enum column_id *ids, size_t max);
/* The layout's column ids now (at most max); returns their number. */
size_t table_layout(enum view v, enum column_id *ids, size_t max);

/* The name of a column of view v in the settings file: its English title
 * in lower case ("nattch", "lspid", "last-op"); "?" when not in v. */
const char *table_column_name(enum view v, enum column_id c, char *buf, size_t len);
/* The column of view v with that name (case-insensitive). Returns 0, or -1
 * when v has none. */
int table_column_by_name(enum view v, const char *name, enum column_id *c);

/* The (translated) title of a column in a view ("SIZE" vs "BYTES"...),
 * from the catalogue: also for a column the layout does not show. */
const char *table_title(enum view v, enum column_id c);

/* Text of one cell. `now` decides the short time form. COL_COMMAND needs
 * the snapshot (table_cell_snap; "-" here); COL_TREND is drawn, not
 * written (""). */
void table_cell(const struct ipc_object *o, enum column_id c, time_t now, char *buf, size_t len);
/* The same for an object of snapshot s, which also knows COL_COMMAND. */
void table_cell_snap(const struct snapshot *s, const struct ipc_object *o, enum column_id c, time_t now,
		     char *buf, size_t len);

/* Which columns of the layout fit in `width` characters (one space between
 * columns): returns how many of the view's columns are shown, writing
 * their indices (into table_columns' array) in display order into `shown`.
 * A column whose min_list is above width is left out. */
size_t table_fit(enum view v, int width, size_t *shown, size_t max);

/* The same with `gap` spaces between columns and only columns of priority
 * <= max_priority (projector mode: fewer, wider-spaced columns). */
size_t table_fit_layout(enum view v, int width, int gap, int max_priority, size_t *shown, size_t max);

/* True when the filter text (case-insensitive) occurs in the object's key,
 * id, owner, perms (rwx or octal) or kind. An empty filter matches all. */
bool table_match(const struct ipc_object *o, const char *filter);

/* Fills rows with pointers to the snapshot's objects of the view that match
 * the filter, sorted by column `sort` (descending when `desc`), ties by
 * kind and id (COL_TREND does not sort: kind and id). rows must have room
 * for s->count. Returns the row count. A sort column whose values the read
 * does not give (QBYTES, FILL, NCNT, ZCNT) is first read for every object
 * of the view (snapshot_fill): sorting by what is known would put rows in
 * a wrong order. */
size_t table_rows(struct snapshot *s, enum view v, const char *filter,
		  enum column_id sort, bool desc, const struct ipc_object **rows);

/* Reads what the view's layout needs beyond the snapshot read (msg_qbytes
 * for QBYTES and FILL, the sets' wait counts for NCNT and ZCNT) for the n
 * rows given: the rows on screen. Returns 0, or -1 with errno ENOMEM. */
int table_fill_rows(struct snapshot *s, enum view v, const struct ipc_object *const *rows, size_t n);

/* The rows of one view kept up to date across reads of one snapshot: a
 * read that changed nothing costs nothing here; one that changed a few
 * objects takes those rows out and merges them back in sorted place; the
 * whole view is filtered and sorted again only when the view, filter or
 * sort changed, when many objects changed, or when the sort column is one
 * the read does not give (then every read re-sorts). Zero-initialise. */
struct table_model {
	const struct ipc_object **rows; /* the rows, pointers into the snapshot */
	size_t nrows;
	uint32_t *idx;                  /* row -> index into snapshot objs */
	size_t cap;
	uint64_t gen;                   /* snapshot generation of the rows, 0: none */
	const struct ipc_object *base;  /* snapshot objs when rows were set */
	enum view view;
	enum column_id sort;
	bool desc;
	char filter[64];
};

/* Brings m up to date with s and the view, filter and sort given (filter
 * at most 63 bytes). Returns 1 when the rows changed (order, membership,
 * or where they point), 0 when they are the same as before, -1 with errno
 * ENOMEM (m is then empty). */
int table_model_update(struct table_model *m, struct snapshot *s, enum view v, const char *filter,
		       enum column_id sort, bool desc);

void table_model_free(struct table_model *m);

/* Does view v show objects of that kind? */
bool view_has_kind(enum view v, enum ipc_kind k);

const char *view_name(enum view v); /* "Shared memory", ... */

#endif
