/* table.c — columns of each view, cell text, filtering and sorting. */
#define _GNU_SOURCE
#include "model/table.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "base/array.h"
#include "base/format.h"
#include "base/i18n.h"
#include "model/snapfill.h"
#include "proc/names.h"

/* Titles are N_() texts: table_columns() hands out translated copies. Each
 * view's catalogue lists its default layout first, then the columns setup
 * can add (H: hidden by default). */
#define C(id, title, w, right, prio) { id, title, w, right, prio, false, 0 }
#define H(id, title, w, right, prio) { id, title, w, right, prio, true, 0 }
/* The sparkline: in the default layouts, shown from 100 terminal columns. */
#define TREND { COL_TREND, N_("TREND"), 12, false, 1, false, 99 }
#define IDS_HIDDEN                                                                               \
	H(COL_UID, N_("UID"), 6, true, 7), H(COL_GID, N_("GID"), 6, true, 7),                    \
	H(COL_CUID, N_("CUID"), 6, true, 8), H(COL_CGID, N_("CGID"), 6, true, 8),                \
	H(COL_CGROUP, N_("CGROUP"), 8, false, 8)
static const struct column shm_cols[] = {
	C(COL_KEY, N_("KEY"), 10, false, 0),     C(COL_ID, N_("ID"), 8, true, 0),
	C(COL_OWNER, N_("OWNER"), 8, false, 1),  C(COL_PERMS, N_("PERMS"), 9, false, 1),
	C(COL_OCTAL, N_("OCT"), 4, true, 5),     C(COL_SIZE, N_("SIZE"), 7, true, 0),
	C(COL_COUNT, N_("NATTCH"), 6, true, 0),  C(COL_PROCS, N_("PROCS"), 7, true, 4),
	C(COL_STATUS, N_("STATUS"), 11, false, 4),
	C(COL_CPID, N_("CPID"), 7, true, 2),     C(COL_LPID, N_("LPID"), 7, true, 2),
	C(COL_ATIME, N_("ATTACHED"), 8, true, 6), C(COL_CTIME, N_("CHANGED"), 8, true, 3),
	C(COL_GROUP, N_("GROUP"), 8, false, 7),  C(COL_CREATOR, N_("CREATOR"), 8, false, 8),
	TREND,
	H(COL_DTIME, N_("DETACHED"), 8, true, 6), H(COL_RSS, N_("RSS"), 7, true, 5),
	H(COL_SWAP, N_("SWAP"), 7, true, 5),      H(COL_COMMAND, N_("COMMAND"), 24, false, 8),
	IDS_HIDDEN,
};
static const struct column msg_cols[] = {
	C(COL_KEY, N_("KEY"), 10, false, 0),      C(COL_ID, N_("ID"), 8, true, 0),
	C(COL_OWNER, N_("OWNER"), 8, false, 1),   C(COL_PERMS, N_("PERMS"), 9, false, 1),
	C(COL_OCTAL, N_("OCT"), 4, true, 5),      C(COL_SIZE, N_("BYTES"), 7, true, 0),
	C(COL_COUNT, N_("MSGS"), 6, true, 0),     C(COL_WAIT, N_("WAIT"), 7, true, 1),
	C(COL_QBYTES, N_("QBYTES"), 7, true, 4),
	C(COL_CPID, N_("LSPID"), 7, true, 2),     C(COL_LPID, N_("LRPID"), 7, true, 2),
	C(COL_ATIME, N_("SENT"), 8, true, 6),     C(COL_CTIME, N_("CHANGED"), 8, true, 3),
	C(COL_GROUP, N_("GROUP"), 8, false, 7),   C(COL_CREATOR, N_("CREATOR"), 8, false, 8),
	TREND,
	H(COL_FILL, N_("FILL"), 5, true, 4),      H(COL_RTIME, N_("RECEIVED"), 8, true, 6),
	IDS_HIDDEN,
};
static const struct column sem_cols[] = {
	C(COL_KEY, N_("KEY"), 10, false, 0),     C(COL_ID, N_("ID"), 8, true, 0),
	C(COL_OWNER, N_("OWNER"), 8, false, 1),  C(COL_PERMS, N_("PERMS"), 9, false, 1),
	C(COL_OCTAL, N_("OCT"), 4, true, 5),     C(COL_SIZE, N_("NSEMS"), 6, true, 0),
	C(COL_NCNT, "NCNT", 5, true, 1),         C(COL_ZCNT, "ZCNT", 5, true, 1),
	C(COL_WAIT, N_("WAIT"), 7, true, 1),
	C(COL_ATIME, N_("LAST-OP"), 8, true, 2), C(COL_CTIME, N_("CHANGED"), 8, true, 3),
	C(COL_GROUP, N_("GROUP"), 8, false, 7),  C(COL_CREATOR, N_("CREATOR"), 8, false, 8),
	TREND,
	IDS_HIDDEN,
};
static const struct column all_cols[] = {
	C(COL_KIND, N_("KIND"), 4, false, 0),    C(COL_KEY, N_("KEY"), 10, false, 0),
	C(COL_ID, N_("ID"), 8, true, 0),         C(COL_OWNER, N_("OWNER"), 8, false, 1),
	C(COL_PERMS, N_("PERMS"), 9, false, 3),  C(COL_OCTAL, N_("OCT"), 4, true, 5),
	C(COL_SIZE, N_("SIZE"), 7, true, 0),     C(COL_COUNT, N_("ATT/MSG"), 7, true, 1),
	C(COL_WAIT, N_("WAIT"), 7, true, 4),
	C(COL_CPID, N_("CPID"), 7, true, 2),     C(COL_LPID, N_("LPID"), 7, true, 2),
	C(COL_CTIME, N_("CHANGED"), 8, true, 4), C(COL_GROUP, N_("GROUP"), 8, false, 7),
	TREND,
	H(COL_CREATOR, N_("CREATOR"), 8, false, 8), H(COL_STATUS, N_("STATUS"), 11, false, 6),
	IDS_HIDDEN,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct column *english_columns(enum view v, size_t *n)
{
	switch (v) {
	case VIEW_SHM: *n = N(shm_cols); return shm_cols;
	case VIEW_MSG: *n = N(msg_cols); return msg_cols;
	case VIEW_SEM: *n = N(sem_cols); return sem_cols;
	default: *n = N(all_cols); return all_cols;
	}
}

static unsigned view_index(enum view v)
{
	return (unsigned)v < VIEW_COUNT ? (unsigned)v : VIEW_ALL;
}

/* Screen columns of s: a CJK character takes two. */
static int text_width(const char *s)
{
	wchar_t w[64];
	size_t n = mbstowcs(w, s, N(w));
	int cols = n == (size_t)-1 || n == N(w) ? -1 : wcswidth(w, n);
	return cols < 0 ? (int)strlen(s) : cols;
}

/* The layouts chosen with table_set_layout (n 0: the default). */
static struct {
	enum column_id ids[COLUMN_COUNT];
	size_t n;
	unsigned generation; /* changes with each table_set_layout */
} layouts[VIEW_COUNT];

/* The catalogue entry of column c in view v, or NULL. */
static const struct column *english_column(enum view v, enum column_id c)
{
	size_t n;
	const struct column *cols = english_columns(v, &n);
	for (size_t i = 0; i < n; i++)
		if (cols[i].id == c)
			return &cols[i];
	return NULL;
}

static struct column translated(const struct column *c)
{
	struct column t = *c;
	t.title = _(c->title);
	int w = text_width(t.title);
	if (w > t.width)
		t.width = w;
	return t;
}

const struct column *table_catalogue(enum view v, size_t *n)
{
	/* Translated copies, each column at least as wide as its title on
	 * screen (a translation may be wider than the English word). Rebuilt
	 * when the translation of the first title changes (the text domain is
	 * bound after start-up; the unit tests never bind it). */
	static struct column local[VIEW_COUNT][COLUMN_COUNT];
	static const char *probe[VIEW_COUNT];
	const struct column *cols = english_columns(v, n);
	unsigned k = view_index(v);
	const char *first = _(cols[0].title);
	if (probe[k] != first) {
		for (size_t i = 0; i < *n; i++)
			local[k][i] = translated(&cols[i]);
		probe[k] = first;
	}
	return local[k];
}

const struct column *table_columns(enum view v, size_t *n)
{
	static struct column local[VIEW_COUNT][COLUMN_COUNT];
	static size_t count[VIEW_COUNT];
	static const char *probe[VIEW_COUNT];
	static unsigned built[VIEW_COUNT];
	size_t ncat;
	const struct column *cat = table_catalogue(v, &ncat);
	unsigned k = view_index(v);
	if (probe[k] != cat[0].title || built[k] != layouts[k].generation + 1) {
		enum column_id ids[COLUMN_COUNT];
		size_t nids = table_layout(v, ids, COLUMN_COUNT);
		count[k] = 0;
		for (size_t i = 0; i < nids; i++)
			for (size_t j = 0; j < ncat; j++)
				if (cat[j].id == ids[i])
					local[k][count[k]++] = cat[j];
		probe[k] = cat[0].title;
		built[k] = layouts[k].generation + 1;
	}
	*n = count[k];
	return local[k];
}

size_t table_default_layout(enum view v, enum column_id *ids, size_t max)
{
	size_t n, k = 0;
	const struct column *cols = english_columns(v, &n);
	for (size_t i = 0; i < n && k < max; i++)
		if (!cols[i].hidden)
			ids[k++] = cols[i].id;
	return k;
}

size_t table_layout(enum view v, enum column_id *ids, size_t max)
{
	unsigned k = view_index(v);
	if (layouts[k].n == 0)
		return table_default_layout(v, ids, max);
	size_t n = layouts[k].n < max ? layouts[k].n : max;
	memcpy(ids, layouts[k].ids, n * sizeof(*ids));
	return n;
}

int table_set_layout(enum view v, const enum column_id *ids, size_t n)
{
	bool seen[COLUMN_COUNT] = { false };
	if (n == 0 || n > COLUMN_COUNT) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if ((unsigned)ids[i] >= COLUMN_COUNT || seen[ids[i]] || !english_column(v, ids[i])) {
			errno = EINVAL;
			return -1;
		}
		seen[ids[i]] = true;
	}
	unsigned k = view_index(v);
	memcpy(layouts[k].ids, ids, n * sizeof(*ids));
	layouts[k].n = n;
	layouts[k].generation++;
	return 0;
}

const char *table_column_name(enum view v, enum column_id c, char *buf, size_t len)
{
	const struct column *col = english_column(v, c);
	snprintf(buf, len, "%s", col ? col->title : "?");
	for (char *p = buf; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return buf;
}

int table_column_by_name(enum view v, const char *name, enum column_id *c)
{
	size_t n;
	const struct column *cols = english_columns(v, &n);
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(cols[i].title, name) == 0) {
			*c = cols[i].id;
			return 0;
		}
	return -1;
}

const char *table_title(enum view v, enum column_id c)
{
	size_t n;
	const struct column *cols = table_catalogue(v, &n);
	for (size_t i = 0; i < n; i++)
		if (cols[i].id == c)
			return cols[i].title;
	return "?";
}

const char *view_name(enum view v)
{
	static const char *const names[VIEW_COUNT] = { "Shared memory", "Message queues",
						       "Semaphores", "All" };
	return (unsigned)v < VIEW_COUNT ? names[v] : "?";
}

bool view_has_kind(enum view v, enum ipc_kind k)
{
	return v == VIEW_ALL || (int)v == (int)k;
}

static void shm_status(const struct ipc_object *o, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", o->u.shm.dest ? "dest " : "", o->u.shm.locked ? "locked " : "",
		 o->u.shm.hugetlb ? "huge" : "");
	size_t n = strlen(buf);
	if (n && buf[n - 1] == ' ')
		buf[n - 1] = '\0';
	if (!*buf)
		snprintf(buf, len, "-");
}

/* The waiters of a queue or set, or NULL for a segment. */
static const struct ipc_wait_info *wait_of(const struct ipc_object *o)
{
	return o->kind == KIND_SEM ? &o->u.sem.wait : o->kind == KIND_MSG ? &o->u.msg.wait : NULL;
}

/* "2 12s": waiters found and the longest wait; "!" first on a deadlock. */
static void wait_text(const struct ipc_object *o, time_t now, char *buf, size_t len)
{
	const struct ipc_wait_info *w = wait_of(o);
	char d[16];
	if (!w || w->waiters == 0)
		snprintf(buf, len, "-");
	else if (w->waiters < 0)
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%s%d %s", w->deadlock ? "!" : "", w->waiters,
			 format_duration((long)(now - w->since), d, sizeof(d)));
}

static void count_text(int n, char *buf, size_t len)
{
	if (n >= 0)
		snprintf(buf, len, "%d", n);
	else
		snprintf(buf, len, "?");
}

static void pid_text(pid_t pid, char *buf, size_t len)
{
	if (pid > 0)
		snprintf(buf, len, "%d", (int)pid);
	else
		snprintf(buf, len, "-");
}

void table_cell(const struct ipc_object *o, enum column_id c, time_t now, char *buf, size_t len)
{
	const struct ipc_shm_fields *shm = &o->u.shm;
	const struct ipc_msg_fields *msg = &o->u.msg;
	switch (c) {
	case COL_KIND: snprintf(buf, len, "%s", kind_name(o->kind)); break;
	case COL_KEY: format_key(o->key, buf, len); break;
	case COL_ID: snprintf(buf, len, "%d", o->id); break;
	case COL_OWNER: snprintf(buf, len, "%s", names_user(o->uid)); break;
	case COL_GROUP: snprintf(buf, len, "%s", names_group(o->gid)); break;
	case COL_CREATOR: snprintf(buf, len, "%s", names_user(o->cuid)); break;
	case COL_PERMS: format_perms(o->mode, buf, len); break;
	case COL_OCTAL: snprintf(buf, len, "%03o", o->mode & 0777u); break;
	case COL_SIZE:
		if (o->kind == KIND_SHM)
			format_human(shm->size, buf, len);
		else if (o->kind == KIND_MSG)
			format_human(msg->cbytes, buf, len);
		else
			snprintf(buf, len, "%u", o->u.sem.nsems);
		break;
	case COL_COUNT:
		if (o->kind == KIND_SEM)
			snprintf(buf, len, "-");
		else
			snprintf(buf, len, "%" PRIu64, o->kind == KIND_SHM ? shm->nattch : msg->qnum);
		break;
	case COL_QBYTES:
		if (o->kind == KIND_MSG && !msg->has_qbytes) /* not read (table_fill_rows) */
			snprintf(buf, len, "?");
		else if (o->kind == KIND_MSG)
			format_human(msg->qbytes, buf, len);
		else
			snprintf(buf, len, "-");
		break;
	case COL_STATUS:
		if (o->kind == KIND_SHM)
			shm_status(o, buf, len);
		else
			snprintf(buf, len, "-");
		break;
	case COL_CPID:
		pid_text(o->kind == KIND_SHM ? shm->cpid : o->kind == KIND_MSG ? msg->lspid : 0, buf, len);
		break;
	case COL_LPID:
		pid_text(o->kind == KIND_SHM ? shm->lpid : o->kind == KIND_MSG ? msg->lrpid : 0, buf, len);
		break;
	case COL_ATIME:
		format_time_short(o->kind == KIND_SHM ? shm->atime
				  : o->kind == KIND_MSG ? msg->stime
							 : o->u.sem.otime,
				  now, buf, len);
		break;
	case COL_CTIME: format_time_short(o->ctime, now, buf, len); break;
	case COL_PROCS:
		if (o->kind == KIND_SHM && o->u.shm.nprocs >= 0)
			snprintf(buf, len, "%d", o->u.shm.nprocs);
		else /* TRANSLATORS: the PROCS cell when some processes could
		      * not be read; at most 7 columns. */
			snprintf(buf, len, "%s", o->kind == KIND_SHM ? _("unknown") : "-");
		break;
	case COL_NCNT:
	case COL_ZCNT:
		if (o->kind == KIND_SEM)
			count_text(c == COL_NCNT ? o->u.sem.ncnt : o->u.sem.zcnt, buf, len);
		else
			snprintf(buf, len, "-");
		break;
	case COL_WAIT: wait_text(o, now, buf, len); break;
	case COL_UID: snprintf(buf, len, "%u", (unsigned)o->uid); break;
	case COL_GID: snprintf(buf, len, "%u", (unsigned)o->gid); break;
	case COL_CUID: snprintf(buf, len, "%u", (unsigned)o->cuid); break;
	case COL_CGID: snprintf(buf, len, "%u", (unsigned)o->cgid); break;
	case COL_CGROUP: snprintf(buf, len, "%s", names_group(o->cgid)); break;
	case COL_DTIME:
	case COL_RTIME:
		if (o->kind == (c == COL_DTIME ? KIND_SHM : KIND_MSG))
			format_time_short(c == COL_DTIME ? shm->dtime : msg->rtime, now, buf, len);
		else
			snprintf(buf, len, "-");
		break;
	case COL_RSS:
	case COL_SWAP:
		if (o->kind == KIND_SHM)
			format_human(c == COL_RSS ? shm->rss : shm->swap, buf, len);
		else
			snprintf(buf, len, "-");
		break;
	case COL_FILL:
		if (o->kind == KIND_MSG && msg->qbytes)
			snprintf(buf, len, "%" PRIu64 "%%", msg->cbytes * 100 / msg->qbytes);
		else
			snprintf(buf, len, "-");
		break;
	case COL_COMMAND: snprintf(buf, len, "-"); break;
	case COL_TREND: snprintf(buf, len, "%s", ""); break;
	default: snprintf(buf, len, "?"); break;
	}
}

void table_cell_snap(const struct snapshot *s, const struct ipc_object *o, enum column_id c, time_t now,
		     char *buf, size_t len)
{
	const char *command = c == COL_COMMAND ? snapshot_creator(s, o) : NULL;
	if (command)
		snprintf(buf, len, "%s", command);
	else
		table_cell(o, c, now, buf, len);
}

size_t table_fit_layout(enum view v, int width, int gap, int max_priority, size_t *shown, size_t max)
{
	size_t n;
	const struct column *cols = table_columns(v, &n);
	/* Admit columns by priority while they fit, then list them in order.
	 * Stop at the first that does not fit, so that a less important narrow
	 * column never shows while a more important one is hidden. */
	bool take[COLUMN_COUNT] = { false };
	int used = 0;
	bool full = false;
	for (int prio = 0; prio <= max_priority && !full; prio++)
		for (size_t i = 0; i < n && !full; i++)
			if (cols[i].priority == prio && cols[i].min_list <= width) {
				int need = cols[i].width + (used ? gap : 0);
				if (used + need <= width) {
					take[i] = true;
					used += need;
				} else {
					full = true;
				}
			}
	size_t k = 0;
	for (size_t i = 0; i < n && k < max; i++)
		if (take[i])
			shown[k++] = i;
	return k;
}

size_t table_fit(enum view v, int width, size_t *shown, size_t max)
{
	return table_fit_layout(v, width, 1, 9, shown, max);
}

static bool contains_ci(const char *hay, const char *needle)
{
	return strcasestr(hay, needle) != NULL;
}

bool table_match(const struct ipc_object *o, const char *filter)
{
	if (!filter || !*filter)
		return true;
	static const enum column_id cols[] = { COL_KEY, COL_ID, COL_OWNER, COL_PERMS, COL_OCTAL, COL_KIND };
	char buf[64];
	for (size_t i = 0; i < N(cols); i++) {
		table_cell(o, cols[i], 0, buf, sizeof(buf));
		if (contains_ci(buf, filter))
			return true;
	}
	return false;
}

struct sort_ctx {
	const struct snapshot *s;
	enum column_id col;
	bool desc;
};

static uint64_t size_value(const struct ipc_object *o)
{
	return o->kind == KIND_SHM ? o->u.shm.size : o->kind == KIND_MSG ? o->u.msg.cbytes : o->u.sem.nsems;
}

static int64_t numeric_value(const struct ipc_object *o, enum column_id c)
{
	switch (c) {
	case COL_KIND: return o->kind;
	case COL_KEY: return (uint32_t)o->key;
	case COL_ID: return o->id;
	case COL_PERMS:
	case COL_OCTAL: return o->mode & 0777;
	case COL_SIZE: return (int64_t)size_value(o);
	case COL_COUNT: return o->kind == KIND_SHM ? (int64_t)o->u.shm.nattch : o->kind == KIND_MSG ? (int64_t)o->u.msg.qnum : -1;
	case COL_QBYTES: return o->kind == KIND_MSG && o->u.msg.has_qbytes ? (int64_t)o->u.msg.qbytes : -1;
	case COL_STATUS: return o->kind == KIND_SHM ? (int64_t)(o->mode & 07000) : -1;
	case COL_CPID: return o->kind == KIND_SHM ? o->u.shm.cpid : o->kind == KIND_MSG ? o->u.msg.lspid : 0;
	case COL_LPID: return o->kind == KIND_SHM ? o->u.shm.lpid : o->kind == KIND_MSG ? o->u.msg.lrpid : 0;
	case COL_ATIME: return o->kind == KIND_SHM ? o->u.shm.atime : o->kind == KIND_MSG ? o->u.msg.stime : o->u.sem.otime;
	case COL_CTIME: return o->ctime;
	case COL_PROCS: return o->kind == KIND_SHM ? o->u.shm.nprocs : -1;
	case COL_NCNT: return o->kind == KIND_SEM ? o->u.sem.ncnt : -1;
	case COL_ZCNT: return o->kind == KIND_SEM ? o->u.sem.zcnt : -1;
	case COL_WAIT: { /* the longest wait first when descending */
		const struct ipc_wait_info *w = wait_of(o);
		return w && w->waiters > 0 ? INT64_MAX / 2 - w->since : -1;
	}
	case COL_UID: return o->uid;
	case COL_GID: return o->gid;
	case COL_CUID: return o->cuid;
	case COL_CGID: return o->cgid;
	case COL_DTIME: return o->kind == KIND_SHM ? o->u.shm.dtime : -1;
	case COL_RTIME: return o->kind == KIND_MSG ? o->u.msg.rtime : -1;
	case COL_RSS: return o->kind == KIND_SHM ? (int64_t)o->u.shm.rss : -1;
	case COL_SWAP: return o->kind == KIND_SHM ? (int64_t)o->u.shm.swap : -1;
	case COL_FILL:
		return o->kind == KIND_MSG && o->u.msg.qbytes ? (int64_t)(o->u.msg.cbytes * 1000 / o->u.msg.qbytes) : -1;
	default: return 0; /* COL_TREND: kind and id */
	}
}

static int compare_rows(const void *pa, const void *pb, void *arg)
{
	const struct sort_ctx *ctx = arg;
	const struct ipc_object *a = *(const struct ipc_object *const *)pa;
	const struct ipc_object *b = *(const struct ipc_object *const *)pb;
	int r;
	if (ctx->col == COL_OWNER || ctx->col == COL_GROUP || ctx->col == COL_CREATOR || ctx->col == COL_CGROUP) {
		bool group = ctx->col == COL_GROUP || ctx->col == COL_CGROUP;
		uid_t ua = ctx->col == COL_GROUP ? a->gid : ctx->col == COL_CGROUP ? a->cgid
			   : ctx->col == COL_OWNER ? a->uid : a->cuid;
		uid_t ub = ctx->col == COL_GROUP ? b->gid : ctx->col == COL_CGROUP ? b->cgid
			   : ctx->col == COL_OWNER ? b->uid : b->cuid;
		const char *na = group ? names_group(ua) : names_user(ua);
		r = ua == ub ? 0 : strcmp(na, group ? names_group(ub) : names_user(ub));
	} else if (ctx->col == COL_COMMAND) {
		const char *ca = snapshot_creator(ctx->s, a), *cb = snapshot_creator(ctx->s, b);
		r = strcmp(ca ? ca : "", cb ? cb : "");
	} else {
		int64_t x = numeric_value(a, ctx->col), y = numeric_value(b, ctx->col);
		r = (x > y) - (x < y);
	}
	if (r == 0)
		r = (a->kind > b->kind) - (a->kind < b->kind);
	if (r == 0)
		r = (a->id > b->id) - (a->id < b->id);
	return ctx->desc ? -r : r;
}

static unsigned view_kinds(enum view v)
{
	return v == VIEW_ALL ? KINDS_ALL : KIND_BIT((enum ipc_kind)v);
}

/* What showing or sorting by c needs read beyond the snapshot read. */
static unsigned column_fill(enum column_id c)
{
	return c == COL_QBYTES || c == COL_FILL ? FILL_QBYTES : c == COL_NCNT || c == COL_ZCNT ? FILL_SEMWAIT : 0;
}

/* Columns whose changes a read's delta does not see (filled, or from the
 * pass over /proc): a model sorted by one re-sorts on every read. */
static bool sort_outside_delta(enum column_id c)
{
	return column_fill(c) != 0 || c == COL_PROCS || c == COL_WAIT;
}

size_t table_rows(struct snapshot *s, enum view v, const char *filter,
		  enum column_id sort, bool desc, const struct ipc_object **rows)
{
	/* Out of memory leaves some sets' counts unread (-1): they sort first. */
	if (column_fill(sort))
		(void)snapshot_fill_all(s, view_kinds(v), column_fill(sort));
	size_t n = 0;
	for (size_t i = 0; i < s->count; i++) {
		const struct ipc_object *o = &s->objs[i];
		if (view_has_kind(v, o->kind) && table_match(o, filter))
			rows[n++] = o;
	}
	struct sort_ctx ctx = { s, sort, desc };
	qsort_r(rows, n, sizeof(*rows), compare_rows, &ctx);
	return n;
}

int table_fill_rows(struct snapshot *s, enum view v, const struct ipc_object *const *rows, size_t n)
{
	enum column_id ids[COLUMN_COUNT];
	size_t ncols = table_layout(v, ids, COLUMN_COUNT);
	unsigned what = 0;
	for (size_t i = 0; i < ncols; i++)
		what |= column_fill(ids[i]);
	return what ? snapshot_fill(s, rows, n, what) : 0;
}

static int model_grow(struct table_model *m, size_t need)
{
	size_t cap_rows = m->cap, cap_idx = m->cap;
	if (array_grow((void **)&m->rows, &cap_rows, need, sizeof(*m->rows)) < 0 ||
	    array_grow((void **)&m->idx, &cap_idx, need, sizeof(*m->idx)) < 0)
		return -1;
	m->cap = cap_rows < cap_idx ? cap_rows : cap_idx;
	return 0;
}

static void model_pointers(struct table_model *m, const struct snapshot *s)
{
	for (size_t i = 0; i < m->nrows; i++)
		m->rows[i] = &s->objs[m->idx[i]];
}

static int model_full(struct table_model *m, struct snapshot *s)
{
	if (model_grow(m, s->count + 1) < 0) {
		m->nrows = 0;
		return -1;
	}
	m->nrows = table_rows(s, m->view, m->filter, m->sort, m->desc, m->rows);
	for (size_t i = 0; i < m->nrows; i++)
		m->idx[i] = (uint32_t)(m->rows[i] - s->objs);
	return 1;
}

/* A read changed some objects: rows of objects that stayed the same keep
 * their order (moved to where the objects are now), the new and changed
 * objects of the view are sorted alone and merged in. Falls back to a full
 * sort when they are many. */
static int model_merge(struct table_model *m, struct snapshot *s)
{
	const struct snapshot_delta *d = &s->delta;
	if (model_grow(m, s->count + 1) < 0) {
		m->nrows = 0;
		return -1;
	}
	size_t add = 0, max_add = m->nrows / 4 + 256;
	for (size_t i = 0; i < s->count && add <= max_add; i++)
		if (d->state[i] != OBJ_SAME && view_has_kind(m->view, s->objs[i].kind))
			add++;
	if (add > max_add)
		return model_full(m, s);
	const struct ipc_object **extra = malloc((add + 1) * sizeof(*extra));
	if (!extra)
		return model_full(m, s);
	add = 0;
	for (size_t i = 0; i < s->count; i++)
		if (d->state[i] != OBJ_SAME && view_has_kind(m->view, s->objs[i].kind) &&
		    table_match(&s->objs[i], m->filter))
			extra[add++] = &s->objs[i];
	struct sort_ctx ctx = { s, m->sort, m->desc };
	qsort_r(extra, add, sizeof(*extra), compare_rows, &ctx);
	size_t kept = 0;
	for (size_t i = 0; i < m->nrows; i++) {
		uint32_t was = m->idx[i];
		uint32_t now = was < d->nprev ? d->moved[was] : SNAP_MOVED_NONE;
		if (now != SNAP_MOVED_NONE)
			m->idx[kept++] = now;
	}
	/* Merge idx[0, kept) and extra[0, add) into rows, then back to idx:
	 * each extra row's place found by binary search (a few compares per
	 * changed object, not one per row). */
	size_t a = 0, n = 0;
	for (size_t b = 0; b <= add; b++) {
		size_t lo = b < add ? a : kept, hi = kept; /* after the last: the rest */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const struct ipc_object *pm = &s->objs[m->idx[mid]];
			if (compare_rows(&pm, &extra[b], &ctx) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; a < lo; a++)
			m->rows[n++] = &s->objs[m->idx[a]];
		if (b < add)
			m->rows[n++] = extra[b];
	}
	free(extra);
	m->nrows = n;
	for (size_t i = 0; i < n; i++)
		m->idx[i] = (uint32_t)(m->rows[i] - s->objs);
	return 1;
}

int table_model_update(struct table_model *m, struct snapshot *s, enum view v, const char *filter,
		       enum column_id sort, bool desc)
{
	if (!filter)
		filter = "";
	bool same = m->gen != 0 && m->view == v && m->sort == sort && m->desc == desc &&
		    strcmp(m->filter, filter) == 0;
	int rc = 0;
	if (same && m->gen == s->gen) {
		/* the same read: nothing to do */
	} else if (same && s->delta.valid && s->delta.from == m->gen && !sort_outside_delta(sort)) {
		if (s->delta.changed)
			rc = model_merge(m, s);
		/* else: no object came, went or changed; each is where it was */
	} else {
		m->view = v;
		m->sort = sort;
		m->desc = desc;
		snprintf(m->filter, sizeof(m->filter), "%s", filter);
		rc = model_full(m, s);
	}
	if (rc == 0 && m->base != s->objs) { /* the array moved */
		model_pointers(m, s);
		rc = 1;
	}
	m->gen = rc < 0 ? 0 : s->gen;
	m->base = s->objs;
	return rc;
}

void table_model_free(struct table_model *m)
{
	free(m->rows);
	free(m->idx);
	memset(m, 0, sizeof(*m));
}
