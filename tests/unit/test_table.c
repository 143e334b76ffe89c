/* test_table.c — unit tests of src/model/table.c over hand-built snapshots:
 * table_columns/table_catalogue/table_title/view_*, layouts chosen with
 * table_set_layout and the settings file's column names, table_fit at
 * 50/80/132 columns (and the priority contract at every width, TREND only
 * from 100 terminal columns), table_cell texts of every column for
 * each kind, table_match on key/id/owner/perms/octal/kind, and table_rows
 * view filtering and sorting by each column (both directions, ties broken
 * by kind then id). */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <pwd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <time.h>

#include "model/table.h"

/* Sat Nov 29 18:02:11 UTC 2025 */
#define NOW ((time_t)1764439331)
#define NOUSER 54321u /* an id with no passwd/group entry */

static void use_utc(void)
{
	cr_assert_eq(setenv("TZ", "UTC", 1), 0);
	tzset();
}

/* ---- columns ---- */

Test(table_columns, views_and_titles)
{
	size_t n;
	const struct column *cols = table_columns(VIEW_SHM, &n);
	cr_assert_eq(n, 16u);
	cr_assert_eq(cols[0].id, COL_KEY);
	cr_assert_eq(cols[1].id, COL_ID);
	cr_assert_eq(cols[15].id, COL_TREND, "the sparkline ends the default layout");
	cols = table_columns(VIEW_MSG, &n);
	cr_assert_eq(n, 16u);
	cols = table_columns(VIEW_SEM, &n);
	cr_assert_eq(n, 14u);
	cols = table_columns(VIEW_ALL, &n);
	cr_assert_eq(n, 14u);
	cr_assert_eq(cols[0].id, COL_KIND);

	cr_assert_str_eq(table_title(VIEW_SHM, COL_SIZE), "SIZE");
	cr_assert_str_eq(table_title(VIEW_MSG, COL_SIZE), "BYTES");
	cr_assert_str_eq(table_title(VIEW_SEM, COL_SIZE), "NSEMS");
	cr_assert_str_eq(table_title(VIEW_SHM, COL_COUNT), "NATTCH");
	cr_assert_str_eq(table_title(VIEW_MSG, COL_COUNT), "MSGS");
	cr_assert_str_eq(table_title(VIEW_MSG, COL_CPID), "LSPID");
	cr_assert_str_eq(table_title(VIEW_SEM, COL_ATIME), "LAST-OP");
	cr_assert_str_eq(table_title(VIEW_SHM, COL_QBYTES), "?", "shm view has no QBYTES");
	cr_assert_str_eq(table_title(VIEW_ALL, COL_KIND), "KIND");
	cr_assert_str_eq(table_title(VIEW_SHM, COL_RSS), "RSS", "a title also for a column not laid out");

	/* Every column is at least as wide as its title, ids are unique. */
	for (int v = 0; v < VIEW_COUNT; v++) {
		cols = table_catalogue((enum view)v, &n);
		bool seen[COLUMN_COUNT] = { false };
		for (size_t i = 0; i < n; i++) {
			cr_assert_geq(cols[i].width, (int)strlen(cols[i].title), "%s", cols[i].title);
			cr_assert_not(seen[cols[i].id]);
			seen[cols[i].id] = true;
		}
	}
}

/* Every field the issue names is a column of its kind's view. */
Test(table_columns, catalogue_has_every_field)
{
	static const struct {
		enum view v;
		enum column_id c;
		const char *title;
	} want[] = {
		{ VIEW_SHM, COL_CUID, "CUID" },      { VIEW_SHM, COL_CGID, "CGID" },   { VIEW_SHM, COL_UID, "UID" },
		{ VIEW_SHM, COL_GID, "GID" },        { VIEW_SHM, COL_ATIME, "ATTACHED" },
		{ VIEW_SHM, COL_DTIME, "DETACHED" }, { VIEW_SHM, COL_RSS, "RSS" },     { VIEW_SHM, COL_SWAP, "SWAP" },
		{ VIEW_SHM, COL_COMMAND, "COMMAND" }, { VIEW_SHM, COL_STATUS, "STATUS" },
		{ VIEW_MSG, COL_QBYTES, "QBYTES" },  { VIEW_MSG, COL_FILL, "FILL" },   { VIEW_MSG, COL_CPID, "LSPID" },
		{ VIEW_MSG, COL_LPID, "LRPID" },     { VIEW_MSG, COL_ATIME, "SENT" },  { VIEW_MSG, COL_RTIME, "RECEIVED" },
		{ VIEW_SEM, COL_ATIME, "LAST-OP" },  { VIEW_SEM, COL_NCNT, "NCNT" },   { VIEW_SEM, COL_ZCNT, "ZCNT" },
		{ VIEW_SEM, COL_WAIT, "WAIT" },      { VIEW_SEM, COL_CGROUP, "CGROUP" }, { VIEW_ALL, COL_TREND, "TREND" },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		cr_assert_str_eq(table_title(want[i].v, want[i].c), want[i].title);
	size_t n;
	table_catalogue(VIEW_SHM, &n);
	cr_assert_eq(n, 25u);
	table_catalogue(VIEW_MSG, &n);
	cr_assert_eq(n, 23u);
	table_catalogue(VIEW_SEM, &n);
	cr_assert_eq(n, 19u);
}

/* A layout chosen in setup: its columns in its order; bad ones refused. */
Test(table_columns, set_layout)
{
	enum column_id ids[] = { COL_RSS, COL_ID, COL_COMMAND }, got[COLUMN_COUNT];
	cr_assert_eq(table_set_layout(VIEW_SHM, ids, 3), 0);
	size_t n;
	const struct column *cols = table_columns(VIEW_SHM, &n);
	cr_assert_eq(n, 3u);
	cr_assert_eq(cols[0].id, COL_RSS);
	cr_assert_eq(cols[1].id, COL_ID);
	cr_assert_eq(cols[2].id, COL_COMMAND);
	cr_assert_eq(table_layout(VIEW_SHM, got, COLUMN_COUNT), 3u);
	cr_assert_eq(got[2], COL_COMMAND);
	table_columns(VIEW_MSG, &n);
	cr_assert_eq(n, 16u, "other views keep their layout");

	enum column_id twice[] = { COL_ID, COL_ID }, foreign[] = { COL_QBYTES }, bad[] = { COLUMN_COUNT };
	cr_assert_eq(table_set_layout(VIEW_SHM, twice, 2), -1);
	cr_assert_eq(table_set_layout(VIEW_SHM, foreign, 1), -1, "a queue's column is not the shm view's");
	cr_assert_eq(table_set_layout(VIEW_SHM, bad, 1), -1);
	cr_assert_eq(table_set_layout(VIEW_SHM, ids, 0), -1, "at least one column");
	table_columns(VIEW_SHM, &n);
	cr_assert_eq(n, 3u, "a refused layout changes nothing");

	size_t nd = table_default_layout(VIEW_SHM, got, COLUMN_COUNT);
	cr_assert_eq(table_set_layout(VIEW_SHM, got, nd), 0);
	cols = table_columns(VIEW_SHM, &n);
	cr_assert_eq(n, 16u);
	cr_assert_eq(cols[0].id, COL_KEY);
}

Test(table_columns, names_in_the_settings_file)
{
	char buf[32];
	cr_assert_str_eq(table_column_name(VIEW_SHM, COL_COUNT, buf, sizeof(buf)), "nattch");
	cr_assert_str_eq(table_column_name(VIEW_MSG, COL_COUNT, buf, sizeof(buf)), "msgs");
	cr_assert_str_eq(table_column_name(VIEW_MSG, COL_CPID, buf, sizeof(buf)), "lspid");
	cr_assert_str_eq(table_column_name(VIEW_SEM, COL_ATIME, buf, sizeof(buf)), "last-op");
	cr_assert_str_eq(table_column_name(VIEW_SHM, COL_QBYTES, buf, sizeof(buf)), "?");
	enum column_id c = COL_KIND;
	cr_assert_eq(table_column_by_name(VIEW_MSG, "LRPID", &c), 0);
	cr_assert_eq(c, COL_LPID);
	cr_assert_eq(table_column_by_name(VIEW_SEM, "trend", &c), 0);
	cr_assert_eq(c, COL_TREND);
	cr_assert_eq(table_column_by_name(VIEW_SHM, "lrpid", &c), -1);
	/* Every column's name reads back as that column. */
	for (int v = 0; v < VIEW_COUNT; v++) {
		size_t n;
		const struct column *cols = table_catalogue((enum view)v, &n);
		for (size_t i = 0; i < n; i++) {
			cr_assert_eq(table_column_by_name((enum view)v, table_column_name((enum view)v, cols[i].id, buf,
											   sizeof(buf)), &c), 0);
			cr_assert_eq(c, cols[i].id, "%s", buf);
			cr_assert_null(strpbrk(buf, ", =\n"), "a name the file can hold: %s", buf);
		}
	}
}

Test(table_columns, view_kinds_and_names)
{
	cr_assert(view_has_kind(VIEW_SHM, KIND_SHM));
	cr_assert_not(view_has_kind(VIEW_SHM, KIND_MSG));
	cr_assert(view_has_kind(VIEW_MSG, KIND_MSG));
	cr_assert_not(view_has_kind(VIEW_MSG, KIND_SEM));
	cr_assert(view_has_kind(VIEW_SEM, KIND_SEM));
	cr_assert_not(view_has_kind(VIEW_SEM, KIND_SHM));
	for (int k = 0; k < KIND_COUNT; k++)
		cr_assert(view_has_kind(VIEW_ALL, (enum ipc_kind)k));
	cr_assert_str_eq(view_name(VIEW_SHM), "Shared memory");
	cr_assert_str_eq(view_name(VIEW_MSG), "Message queues");
	cr_assert_str_eq(view_name(VIEW_SEM), "Semaphores");
	cr_assert_str_eq(view_name(VIEW_ALL), "All");
	cr_assert_str_eq(view_name(VIEW_COUNT), "?");
}

/* ---- table_fit ---- */

/* The column ids shown at `width`, as a bit set, checking they fit. */
static uint64_t fit_set(enum view v, int width, size_t *count)
{
	size_t n, shown[COLUMN_COUNT];
	const struct column *cols = table_columns(v, &n);
	size_t k = table_fit(v, width, shown, COLUMN_COUNT);
	cr_assert_leq(k, n);
	uint64_t set = 0;
	int used = 0;
	for (size_t i = 0; i < k; i++) {
		cr_assert_lt(shown[i], n);
		if (i > 0)
			cr_assert_gt(shown[i], shown[i - 1], "display order");
		used += cols[shown[i]].width + (i ? 1 : 0);
		set |= (uint64_t)1 << cols[shown[i]].id;
	}
	cr_assert(k == 0 || used <= width, "view %d width %d: columns need %d", v, width, used);
	if (count)
		*count = k;
	return set;
}

#define B(c) ((uint64_t)1 << (c))

Test(table_fit, shm_at_50_80_132)
{
	size_t k50, k80, k132;
	uint64_t s50 = fit_set(VIEW_SHM, 50, &k50);
	uint64_t s80 = fit_set(VIEW_SHM, 80, &k80);
	uint64_t s132 = fit_set(VIEW_SHM, 132, &k132);
	cr_assert_eq(s132 & s80, s80, "132 shows everything 80 shows");
	cr_assert_eq(s50, B(COL_KEY) | B(COL_ID) | B(COL_OWNER) | B(COL_SIZE) | B(COL_COUNT), "got %#lx", s50);
	cr_assert_eq(s80, B(COL_KEY) | B(COL_ID) | B(COL_OWNER) | B(COL_PERMS) | B(COL_SIZE) | B(COL_COUNT) |
				  B(COL_CPID) | B(COL_LPID) | B(COL_CTIME), "got %#lx", s80);
	cr_assert_eq(k132, 14u, "all but GROUP and CREATOR fit in 132 columns with TREND");
	cr_assert_eq(s132 & (B(COL_GROUP) | B(COL_CREATOR)), 0u);
	cr_assert_neq(s132 & B(COL_PROCS), 0u, "PROCS shows at 132");
	cr_assert_neq(s132 & B(COL_TREND), 0u, "TREND shows at 132");
	cr_assert_eq(s80 & B(COL_TREND), 0u, "TREND needs 100 columns");
	cr_assert_neq(fit_set(VIEW_SHM, 99, NULL) & B(COL_TREND), 0u, "TREND shows at 100 (a list of 99)");
	cr_assert_eq(fit_set(VIEW_SHM, 98, NULL) & B(COL_TREND), 0u);
	cr_assert_eq(s80 & B(COL_PROCS), 0u, "PROCS gives way at 80");
	cr_assert_lt(k50, k80);
	cr_assert_lt(k80, k132);
}

Test(table_fit, key_id_size_always_present)
{
	static const int widths[] = { 50, 80, 132 };
	for (int v = 0; v < VIEW_COUNT; v++)
		for (size_t w = 0; w < 3; w++) {
			uint64_t s = fit_set((enum view)v, widths[w], NULL);
			uint64_t need = B(COL_KEY) | B(COL_ID) | B(COL_SIZE);
			if (v == VIEW_ALL)
				need |= B(COL_KIND);
			cr_assert_eq(s & need, need, "view %d width %d: %#lx", v, widths[w], s);
		}
}

Test(table_fit, other_views)
{
	size_t k;
	cr_assert_eq(fit_set(VIEW_ALL, 80, &k), B(COL_KIND) | B(COL_KEY) | B(COL_ID) | B(COL_OWNER) |
							 B(COL_PERMS) | B(COL_SIZE) | B(COL_COUNT) | B(COL_CPID) |
							 B(COL_LPID));
	/* 132 columns: all of the layout but what TREND displaces */
	fit_set(VIEW_ALL, 132, &k);
	cr_assert_eq(k, 14u, "got %zu", k);
	cr_assert_eq(fit_set(VIEW_MSG, 132, &k) & B(COL_CREATOR), 0u);
	cr_assert_eq(k, 15u, "got %zu", k);
	fit_set(VIEW_SEM, 132, &k);
	cr_assert_eq(k, 14u, "got %zu", k);
	cr_assert_eq(fit_set(VIEW_SEM, 50, &k), B(COL_KEY) | B(COL_ID) | B(COL_OWNER) | B(COL_PERMS) | B(COL_SIZE));
	cr_assert_eq(fit_set(VIEW_SEM, 80, &k), B(COL_KEY) | B(COL_ID) | B(COL_OWNER) | B(COL_PERMS) | B(COL_SIZE) |
							 B(COL_NCNT) | B(COL_ZCNT) | B(COL_WAIT) | B(COL_ATIME),
		     "80 columns show who waits on a set");
	cr_assert_eq(fit_set(VIEW_MSG, 80, &k), (fit_set(VIEW_SHM, 80, NULL) & ~B(COL_CTIME)) | B(COL_WAIT),
		     "msg shows WAIT where shm shows CHANGED");
}

/* Projector mode at 80 columns (79 usable, gap 2, priorities <= 2): the
 * list keeps what lessons need — who is attached or queued (ATT/MSG), who
 * created and last used the object (CPID/LPID) — and drops PERMS first. */
Test(table_fit, projector_keeps_att_cpid_lpid)
{
	size_t n, shown[COLUMN_COUNT];
	const struct column *cols = table_columns(VIEW_ALL, &n);
	size_t k = table_fit_layout(VIEW_ALL, 79, 2, 2, shown, COLUMN_COUNT);
	unsigned set = 0;
	int used = 0;
	for (size_t i = 0; i < k; i++) {
		set |= 1u << cols[shown[i]].id;
		used += cols[shown[i]].width + (i ? 2 : 0);
	}
	cr_assert_leq(used, 79);
	cr_assert_eq(set, B(COL_KIND) | B(COL_KEY) | B(COL_ID) | B(COL_OWNER) | B(COL_SIZE) | B(COL_COUNT) |
				  B(COL_CPID) | B(COL_LPID));
	k = table_fit_layout(VIEW_SHM, 79, 2, 2, shown, COLUMN_COUNT);
	cols = table_columns(VIEW_SHM, &n);
	set = 0;
	for (size_t i = 0; i < k; i++)
		set |= 1u << cols[shown[i]].id;
	cr_assert_eq(set & (B(COL_COUNT) | B(COL_CPID) | B(COL_LPID)), B(COL_COUNT) | B(COL_CPID) | B(COL_LPID));
}

Test(table_fit, tiny_widths_and_max)
{
	size_t k;
	cr_assert_eq(fit_set(VIEW_SHM, 0, &k), 0u);
	cr_assert_eq(k, 0u);
	cr_assert_eq(fit_set(VIEW_SHM, 9, &k), 0u);
	cr_assert_eq(fit_set(VIEW_SHM, 10, &k), B(COL_KEY));
	cr_assert_eq(fit_set(VIEW_SHM, -5, &k), 0u);
	size_t shown[3] = { 99, 99, 99 };
	cr_assert_eq(table_fit(VIEW_SHM, 132, shown, 2), 2u, "at most max entries");
	cr_assert_eq(shown[0], 0u);
	cr_assert_eq(shown[1], 1u);
	cr_assert_eq(shown[2], 99u, "nothing written past max");
}

/* "lower priority survives longer": a column shown at some width is shown at
 * every larger width, and no column is shown while one of a lower priority
 * number is hidden (except one too wide for its min_list). */
Test(table_fit, priority_contract_at_every_width)
{
	for (int v = 0; v < VIEW_COUNT; v++) {
		size_t n;
		const struct column *cols = table_columns((enum view)v, &n);
		uint64_t prev = 0;
		for (int width = 0; width <= 200; width++) {
			uint64_t s = fit_set((enum view)v, width, NULL);
			/* At 99 TREND comes in and may push out a less important one. */
			if (width != 99)
				cr_assert_eq(s & prev, prev, "view %d: a column shown at width %d vanished at %d", v,
					     width - 1, width);
			for (size_t i = 0; i < n; i++)
				for (size_t j = 0; j < n; j++)
					if ((s & B(cols[i].id)) && !(s & B(cols[j].id)) && cols[j].min_list <= width)
						cr_assert_leq(cols[i].priority, cols[j].priority,
							      "view %d width %d: %s (prio %d) shown but %s (prio %d) hidden",
							      v, width, cols[i].title, cols[i].priority, cols[j].title,
							      cols[j].priority);
			prev = s;
		}
	}
}

/* ---- a hand-built snapshot ---- */

enum { OA, OB, OC, OD, OE, OF, NOBJ };

static struct ipc_object objs[NOBJ];
static struct snapshot snap;

static void build(void)
{
	memset(objs, 0, sizeof(objs));
	/* A: shm id 5, root, 0640, 4096 bytes, attached twice */
	objs[OA] = (struct ipc_object){ .kind = KIND_SHM, .key = 0x7ab10005, .id = 5, .mode = 0640,
					.ctime = NOW - 100 };
	objs[OA].u.shm = (struct ipc_shm_fields){ .size = 4096, .nattch = 2, .cpid = 100, .lpid = 200,
						  .atime = NOW - 10 };
	/* B: shm id 3, key -1, unnamed uid, removed and locked */
	objs[OB] = (struct ipc_object){ .kind = KIND_SHM, .key = -1, .id = 3, .mode = 0600 | SHM_DEST | SHM_LOCKED,
					.uid = NOUSER, .gid = NOUSER, .cuid = 1, .cgid = 1, .ctime = NOW - 50 };
	objs[OB].u.shm = (struct ipc_shm_fields){ .size = 10000, .cpid = 101, .dest = true, .locked = true };
	/* C: msg id 3, daemon, 0620, 4096 bytes in 3 messages */
	objs[OC] = (struct ipc_object){ .kind = KIND_MSG, .key = 0x7ab10010, .id = 3, .mode = 0620, .uid = 1,
					.gid = 1, .ctime = NOW - 200 };
	objs[OC].u.msg = (struct ipc_msg_fields){ .cbytes = 4096, .qnum = 3, .qbytes = 16384, .has_qbytes = true,
						  .lspid = 300, .lrpid = 301, .stime = NOW - 5, .rtime = NOW - 4 };
	/* D: msg id 1, key 0 (private), empty */
	objs[OD] = (struct ipc_object){ .kind = KIND_MSG, .key = 0, .id = 1, .mode = 0600, .ctime = NOW - 100 };
	objs[OD].u.msg = (struct ipc_msg_fields){ .qbytes = 16384, .has_qbytes = true };
	/* E: sem id 2, 3 semaphores, read-only for all */
	objs[OE] = (struct ipc_object){ .kind = KIND_SEM, .key = 0x7ab10020, .id = 2, .mode = 0444,
					.ctime = NOW - 300 };
	objs[OE].u.sem = (struct ipc_sem_fields){ .nsems = 3, .otime = NOW - 1, .first = SEMVALS_NONE };
	/* F: sem id 0, nobody, 4096 semaphores (ties with A and C on SIZE) */
	objs[OF] = (struct ipc_object){ .kind = KIND_SEM, .key = 0x7ab10021, .id = 0, .mode = 0666,
					.uid = 65534, .gid = 65534, .cuid = 65534, .ctime = NOW };
	objs[OF].u.sem = (struct ipc_sem_fields){ .nsems = 4096, .first = SEMVALS_NONE };

	memset(&snap, 0, sizeof(snap));
	snap.objs = objs;
	snap.count = snap.cap = NOBJ;
	snap.kind_count[KIND_SHM] = snap.kind_count[KIND_MSG] = snap.kind_count[KIND_SEM] = 2;
}

static void setup(void)
{
	use_utc();
	build();
	cr_assert_null(getpwuid(NOUSER), "test needs uid %u without a passwd entry", NOUSER);
}

TestSuite(table_cell, .init = setup);
TestSuite(table_match, .init = setup);
TestSuite(table_rows, .init = setup);

static const char *cell(int obj, enum column_id c)
{
	static char buf[64];
	memset(buf, 'X', sizeof(buf));
	table_cell(&objs[obj], c, NOW, buf, sizeof(buf));
	return buf;
}

Test(table_cell, shm)
{
	cr_assert_str_eq(cell(OA, COL_KIND), "shm");
	cr_assert_str_eq(cell(OA, COL_KEY), "0x7ab10005");
	cr_assert_str_eq(cell(OA, COL_ID), "5");
	cr_assert_str_eq(cell(OA, COL_OWNER), "root");
	cr_assert_str_eq(cell(OA, COL_GROUP), "root");
	cr_assert_str_eq(cell(OA, COL_CREATOR), "root");
	cr_assert_str_eq(cell(OA, COL_PERMS), "rw-r-----");
	cr_assert_str_eq(cell(OA, COL_OCTAL), "640");
	cr_assert_str_eq(cell(OA, COL_SIZE), "4.0K");
	cr_assert_str_eq(cell(OA, COL_COUNT), "2");
	cr_assert_str_eq(cell(OA, COL_QBYTES), "-");
	cr_assert_str_eq(cell(OA, COL_STATUS), "-");
	cr_assert_str_eq(cell(OA, COL_CPID), "100");
	cr_assert_str_eq(cell(OA, COL_LPID), "200");
	cr_assert_str_eq(cell(OA, COL_ATIME), "18:02:01");
	cr_assert_str_eq(cell(OA, COL_CTIME), "18:00:31");

	cr_assert_str_eq(cell(OB, COL_KEY), "0xffffffff");
	cr_assert_str_eq(cell(OB, COL_OWNER), "54321");
	cr_assert_str_eq(cell(OB, COL_GROUP), "54321");
	cr_assert_str_eq(cell(OB, COL_CREATOR), "daemon");
	cr_assert_str_eq(cell(OB, COL_PERMS), "rw-------");
	cr_assert_str_eq(cell(OB, COL_OCTAL), "600", "only the permission bits");
	cr_assert_str_eq(cell(OB, COL_SIZE), "9.8K");
	cr_assert_str_eq(cell(OB, COL_COUNT), "0");
	cr_assert_str_eq(cell(OB, COL_STATUS), "dest locked");
	cr_assert_str_eq(cell(OB, COL_LPID), "-", "pid 0 is shown as -");
	cr_assert_str_eq(cell(OB, COL_ATIME), "-", "never attached");
}

Test(table_cell, shm_status_variants)
{
	struct ipc_object o = objs[OA];
	char buf[32];
	o.u.shm.dest = true;
	table_cell(&o, COL_STATUS, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "dest");
	o.u.shm.dest = false;
	o.u.shm.hugetlb = true;
	table_cell(&o, COL_STATUS, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "huge");
	o.u.shm.locked = true;
	table_cell(&o, COL_STATUS, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "locked huge");
}

Test(table_cell, msg)
{
	cr_assert_str_eq(cell(OC, COL_KIND), "msg");
	cr_assert_str_eq(cell(OC, COL_OWNER), "daemon");
	cr_assert_str_eq(cell(OC, COL_PERMS), "rw--w----");
	cr_assert_str_eq(cell(OC, COL_OCTAL), "620");
	cr_assert_str_eq(cell(OC, COL_SIZE), "4.0K");
	cr_assert_str_eq(cell(OC, COL_COUNT), "3");
	cr_assert_str_eq(cell(OC, COL_QBYTES), "16K");
	cr_assert_str_eq(cell(OC, COL_STATUS), "-");
	cr_assert_str_eq(cell(OC, COL_CPID), "300", "CPID of a queue is the last sender");
	cr_assert_str_eq(cell(OC, COL_LPID), "301", "LPID of a queue is the last receiver");
	cr_assert_str_eq(cell(OC, COL_ATIME), "18:02:06", "ATIME of a queue is the last send");
	cr_assert_str_eq(cell(OC, COL_CTIME), "17:58:51");

	cr_assert_str_eq(cell(OD, COL_KEY), "0x00000000");
	cr_assert_str_eq(cell(OD, COL_SIZE), "0B");
	cr_assert_str_eq(cell(OD, COL_COUNT), "0");
	cr_assert_str_eq(cell(OD, COL_CPID), "-");
	cr_assert_str_eq(cell(OD, COL_ATIME), "-");
}

Test(table_cell, sem)
{
	cr_assert_str_eq(cell(OE, COL_KIND), "sem");
	cr_assert_str_eq(cell(OE, COL_PERMS), "r--r--r--");
	cr_assert_str_eq(cell(OE, COL_OCTAL), "444");
	cr_assert_str_eq(cell(OE, COL_SIZE), "3", "nsems, not bytes");
	cr_assert_str_eq(cell(OE, COL_COUNT), "-");
	cr_assert_str_eq(cell(OE, COL_QBYTES), "-");
	cr_assert_str_eq(cell(OE, COL_STATUS), "-");
	cr_assert_str_eq(cell(OE, COL_CPID), "-");
	cr_assert_str_eq(cell(OE, COL_LPID), "-");
	cr_assert_str_eq(cell(OE, COL_ATIME), "18:02:10");
	cr_assert_str_eq(cell(OE, COL_CTIME), "17:57:11");
	cr_assert_str_eq(cell(OF, COL_SIZE), "4096");
	cr_assert_str_eq(cell(OF, COL_OWNER), "nobody");
	cr_assert_str_eq(cell(OF, COL_GROUP), "nogroup");
	cr_assert_str_eq(cell(OF, COL_ATIME), "-");
}

/* NCNT/ZCNT (kernel counts, "?" not read) and WAIT (waiters found and
 * the longest wait, "!" on a deadlock, "-" none, "?" not looked for). */
Test(table_cell, who_waits)
{
	struct ipc_object o = objs[OE], q = objs[OC];
	char buf[32];
	o.u.sem.ncnt = 3;
	o.u.sem.zcnt = -1;
	table_cell(&o, COL_NCNT, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "3");
	table_cell(&o, COL_ZCNT, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "?", "not read");
	o.u.sem.wait = (struct ipc_wait_info){ .waiters = 0, .since = 0, .deadlock = false };
	table_cell(&o, COL_WAIT, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "-");
	o.u.sem.wait = (struct ipc_wait_info){ .waiters = 2, .since = NOW - 75, .deadlock = true };
	table_cell(&o, COL_WAIT, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "!2 1m15s");
	o.u.sem.wait = (struct ipc_wait_info){ .waiters = -1, .since = 0, .deadlock = false };
	table_cell(&o, COL_WAIT, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "?", "the scan did not run");
	q.u.msg.wait = (struct ipc_wait_info){ .waiters = 1, .since = NOW - 3, .deadlock = false };
	table_cell(&q, COL_WAIT, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "1 3s");
	table_cell(&q, COL_NCNT, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "-", "a queue has no semaphore counts");
	table_cell(&objs[OA], COL_WAIT, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "-", "nobody waits on a segment");
}

/* The columns setup can add: numeric ids, the creator's group, detach and
 * receive times, rss/swap, fill, the creator's command (from the
 * snapshot), and TREND (drawn, so no text). */
Test(table_cell, setup_columns)
{
	struct ipc_object a = objs[OA], c = objs[OC];
	a.uid = 7, a.gid = 8, a.cuid = 9, a.cgid = 1;
	a.u.shm.dtime = NOW - 2;
	a.u.shm.rss = 8192;
	a.u.shm.swap = 0;
	c.u.msg.rtime = NOW - 4;
	char buf[64];
	const struct {
		const struct ipc_object *o;
		enum column_id c;
		const char *want;
	} cases[] = {
		{ &a, COL_UID, "7" },       { &a, COL_GID, "8" },          { &a, COL_CUID, "9" },
		{ &a, COL_CGID, "1" },      { &a, COL_CGROUP, "daemon" },  { &a, COL_DTIME, "18:02:09" },
		{ &a, COL_RSS, "8.0K" },    { &a, COL_SWAP, "0B" },        { &a, COL_FILL, "-" },
		{ &a, COL_RTIME, "-" },     { &c, COL_RTIME, "18:02:07" }, { &c, COL_FILL, "25%" },
		{ &c, COL_DTIME, "-" },     { &c, COL_RSS, "-" },          { &a, COL_TREND, "" },
		{ &a, COL_COMMAND, "-" },   { &objs[OD], COL_FILL, "0%" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		table_cell(cases[i].o, cases[i].c, NOW, buf, sizeof(buf));
		cr_assert_str_eq(buf, cases[i].want, "case %zu", i);
	}
	struct snapshot_creator cr = { .id = objs[OA].id, .key = objs[OA].key, .cpid = objs[OA].u.shm.cpid,
				       .command = "./producer --fast" };
	struct snapshot s = snap;
	s.creators = &cr;
	s.ncreators = 1;
	table_cell_snap(&s, &objs[OA], COL_COMMAND, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "./producer --fast");
	table_cell_snap(&s, &objs[OB], COL_COMMAND, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "-", "no creator known");
	table_cell_snap(&s, &objs[OA], COL_ID, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "5", "other columns as table_cell");
}

Test(table_cell, other_day_and_truncation)
{
	struct ipc_object o = objs[OA];
	o.ctime = NOW - 86400;
	char buf[32];
	table_cell(&o, COL_CTIME, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "Nov 28");
	char small[4];
	table_cell(&o, COL_KEY, NOW, small, sizeof(small));
	cr_assert_str_eq(small, "0x7");
	table_cell(&o, COLUMN_COUNT, NOW, buf, sizeof(buf));
	cr_assert_str_eq(buf, "?");
}

/* ---- table_match ---- */

Test(table_match, empty_filter_matches_all)
{
	for (int i = 0; i < NOBJ; i++) {
		cr_assert(table_match(&objs[i], ""));
		cr_assert(table_match(&objs[i], NULL));
	}
}

Test(table_match, key)
{
	cr_assert(table_match(&objs[OA], "0x7ab10005"));
	cr_assert(table_match(&objs[OA], "7ab1"));
	cr_assert(table_match(&objs[OA], "0X7AB10005"), "case-insensitive");
	cr_assert(table_match(&objs[OB], "ffffffff"));
	cr_assert_not(table_match(&objs[OA], "0x7ab10006"));
}

Test(table_match, id)
{
	struct ipc_object o = objs[OA];
	o.id = 987654;
	cr_assert(table_match(&o, "987654"));
	cr_assert(table_match(&o, "8765"));
	cr_assert_not(table_match(&o, "987655"));
}

Test(table_match, owner)
{
	cr_assert(table_match(&objs[OA], "root"));
	cr_assert(table_match(&objs[OA], "ROOT"));
	cr_assert(table_match(&objs[OC], "daem"));
	cr_assert(table_match(&objs[OF], "nobody"));
	cr_assert(table_match(&objs[OB], "54321"), "numeric owner of an unnamed uid");
	cr_assert_not(table_match(&objs[OC], "root"));
	cr_assert_not(table_match(&objs[OA], "daemon"));
}

Test(table_match, perms_rwx_and_octal)
{
	cr_assert(table_match(&objs[OA], "rw-r-----"));
	cr_assert(table_match(&objs[OA], "RW-R"), "case-insensitive");
	cr_assert_not(table_match(&objs[OA], "rwx"));
	cr_assert(table_match(&objs[OF], "rw-rw-rw-"));
	cr_assert(table_match(&objs[OA], "640"));
	cr_assert(table_match(&objs[OE], "444"));
	cr_assert_not(table_match(&objs[OA], "644"));
	/* SHM_DEST/SHM_LOCKED are not part of the octal text. */
	cr_assert(table_match(&objs[OB], "600"));
	cr_assert_not(table_match(&objs[OB], "3600"));
}

Test(table_match, kind)
{
	cr_assert(table_match(&objs[OA], "shm"));
	cr_assert(table_match(&objs[OC], "MSG"));
	cr_assert(table_match(&objs[OE], "sem"));
	cr_assert_not(table_match(&objs[OA], "sem"));
	cr_assert_not(table_match(&objs[OA], "zzz"));
}

/* ---- table_rows ---- */

static const struct ipc_object *rows[NOBJ];

/* Rows as a string of object letters, e.g. "FDEBCA". */
static const char *order(enum view v, const char *filter, enum column_id c, bool desc)
{
	static char out[NOBJ + 1];
	size_t n = table_rows(&snap, v, filter, c, desc, rows);
	for (size_t i = 0; i < n; i++)
		out[i] = (char)('A' + (rows[i] - objs));
	out[n] = '\0';
	return out;
}

Test(table_rows, view_filtering)
{
	cr_assert_str_eq(order(VIEW_SHM, "", COL_ID, false), "BA");
	cr_assert_str_eq(order(VIEW_MSG, "", COL_ID, false), "DC");
	cr_assert_str_eq(order(VIEW_SEM, "", COL_ID, false), "FE");
	cr_assert_eq(strlen(order(VIEW_ALL, NULL, COL_ID, false)), (size_t)NOBJ);
}

Test(table_rows, text_filter_with_view)
{
	cr_assert_str_eq(order(VIEW_ALL, "7ab1", COL_ID, false), "FECA");
	cr_assert_str_eq(order(VIEW_ALL, "root", COL_ID, false), "DEA");
	cr_assert_str_eq(order(VIEW_MSG, "root", COL_ID, false), "D");
	cr_assert_str_eq(order(VIEW_SHM, "sem", COL_ID, false), "");
	cr_assert_str_eq(order(VIEW_ALL, "nothing-matches", COL_ID, false), "");
}

Test(table_rows, empty_snapshot)
{
	struct snapshot empty;
	memset(&empty, 0, sizeof(empty));
	cr_assert_eq(table_rows(&empty, VIEW_ALL, "", COL_ID, false, rows), 0u);
}

Test(table_rows, sort_each_column)
{
	static const struct {
		enum column_id col;
		const char *asc;
	} cases[] = {
		{ COL_ID, "FDEBCA" },      /* B and C share id 3: shm before msg */
		{ COL_KIND, "BADCFE" },    /* kind, then id */
		{ COL_KEY, "DACEFB" },     /* keys as unsigned: -1 is 0xffffffff, last */
		{ COL_SIZE, "DEACFB" },    /* 4096 in A (shm), C (msg), F (sem) */
		{ COL_COUNT, "FEBDAC" },   /* sems have no count: first */
		{ COL_OWNER, "BCFADE" },   /* by name: "54321" < daemon < nobody < root */
		{ COL_GROUP, "BCFADE" },   /* "54321" < daemon < nogroup < root */
		{ COL_CREATOR, "BFADCE" }, /* daemon < nobody < root (A, D, C, E) */
		{ COL_PERMS, "EBDCAF" },   /* 0444, 0600 (B, D), 0620, 0640, 0666 */
		{ COL_OCTAL, "EBDCAF" },
		{ COL_CTIME, "ECADBF" },
		{ COL_ATIME, "BDFACE" },   /* unset (0) first */
		{ COL_CPID, "DFEABC" },
		{ COL_LPID, "BDFEAC" },
		{ COL_QBYTES, "BAFEDC" },  /* non-queues first */
		{ COL_STATUS, "DCFEAB" },  /* non-shm first, then status bits */
		{ COL_UID, "ADECBF" },     /* 0 (A, D, E), 1, 54321, 65534 */
		{ COL_CGID, "ADCFEB" },    /* 0 but B */
		{ COL_TREND, "BADCFE" },   /* not sorted: kind, then id */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *want = cases[i].asc;
		char got[NOBJ + 1];
		strcpy(got, order(VIEW_ALL, "", cases[i].col, false));
		cr_assert_str_eq(got, want, "column %d ascending", cases[i].col);
		/* Descending is the exact reverse (ties included). */
		char rev[NOBJ + 1];
		size_t n = strlen(want);
		for (size_t j = 0; j < n; j++)
			rev[j] = want[n - 1 - j];
		rev[n] = '\0';
		cr_assert_str_eq(order(VIEW_ALL, "", cases[i].col, true), rev, "column %d descending",
				 cases[i].col);
	}
}

Test(table_rows, sort_within_view_and_filter)
{
	cr_assert_str_eq(order(VIEW_SHM, "", COL_SIZE, false), "AB");
	cr_assert_str_eq(order(VIEW_SHM, "", COL_SIZE, true), "BA");
	cr_assert_str_eq(order(VIEW_SEM, "", COL_SIZE, true), "FE");
	cr_assert_str_eq(order(VIEW_ALL, "7ab1", COL_SIZE, false), "EACF");
}

Test(table_rows, ties_by_kind_then_id)
{
	/* Make every object equal on SIZE: order is kind, then id. */
	for (int i = 0; i < NOBJ; i++) {
		if (objs[i].kind == KIND_SHM) objs[i].u.shm.size = 7;
		else if (objs[i].kind == KIND_MSG) objs[i].u.msg.cbytes = 7;
		else objs[i].u.sem.nsems = 7;
	}
	cr_assert_str_eq(order(VIEW_ALL, "", COL_SIZE, false), "BADCFE");
	cr_assert_str_eq(order(VIEW_ALL, "", COL_SIZE, true), "EFCDAB");
}

/* WAIT sorts by how long: descending puts the longest wait first. */
Test(table_rows, sort_by_wait)
{
	objs[OE].u.sem.wait = (struct ipc_wait_info){ .waiters = 1, .since = NOW - 10, .deadlock = false };
	objs[OF].u.sem.wait = (struct ipc_wait_info){ .waiters = 3, .since = NOW - 500, .deadlock = false };
	objs[OC].u.msg.wait = (struct ipc_wait_info){ .waiters = 1, .since = NOW - 60, .deadlock = false };
	cr_assert_str_eq(order(VIEW_ALL, "", COL_WAIT, true), "FCEDAB", "500 s, 60 s, 10 s, then nobody waiting");
	objs[OE].u.sem.ncnt = 2;
	objs[OF].u.sem.ncnt = 1;
	cr_assert_str_eq(order(VIEW_SEM, "", COL_NCNT, true), "EF");
}
