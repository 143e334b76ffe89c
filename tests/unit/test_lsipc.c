/* test_lsipc.c — unit tests of src/export/lsipc.c: util-linux's human sizes
 * (values lsipc 2.38 was seen printing), the three time formats in UTC,
 * the option list of --json=lsipc, and whole tables from built snapshots
 * compared byte for byte with what lsipc's code prints for them: the
 * default shm columns (status "dest,locked", null times and command), the
 * -c/-t column order with COMMAND kept last, the names of empty tables,
 * and the limits table's rows. (tests/e2e/exports.sh diffs real output
 * with the real lsipc.) */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>

#include "export/lsipc.h"

Test(lsipc, human_sizes)
{
	static const struct {
		uint64_t v;
		const char *want;
	} cases[] = {
		{ 0, "0B" }, { 1, "1B" }, { 1023, "1023B" }, { 1024, "1K" }, { 1536, "1.5K" }, { 5000, "4.9K" },
		{ 8192, "8K" }, { 16384, "16K" }, { 1048577, "1M" }, { 1992294, "1.9M" }, { 2055208, "2M" },
		{ 1073741824ULL * 3 / 2, "1.5G" }, { UINT64_MAX, "16E" }, { UINT64_MAX - (1u << 24), "16E" },
	};
	char buf[32];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_assert_str_eq(lsipc_human_size(cases[i].v, buf, sizeof(buf)), cases[i].want, "%llu",
				 (unsigned long long)cases[i].v);
}

Test(lsipc, time_formats_utc)
{
	setenv("TZ", "UTC", 1);
	tzset();
	time_t now = 1796611391; /* 2026-12-07 02:43:11 UTC, a Monday */
	char buf[64];
	cr_assert_str_eq(lsipc_time_text(now - 60, now, LSIPC_TIME_SHORT, buf, sizeof(buf)), "02:42");
	cr_assert_str_eq(lsipc_time_text(now - 86400, now, LSIPC_TIME_SHORT, buf, sizeof(buf)), "Dec06");
	cr_assert_str_eq(lsipc_time_text(now - 340 * 86400, now, LSIPC_TIME_SHORT, buf, sizeof(buf)), "Jan01");
	cr_assert_str_eq(lsipc_time_text(now - 400 * 86400, now, LSIPC_TIME_SHORT, buf, sizeof(buf)), "2025-Nov02");
	cr_assert_str_eq(lsipc_time_text(now, now, LSIPC_TIME_FULL, buf, sizeof(buf)), "Mon Dec  7 02:43:11 2026");
	cr_assert_str_eq(lsipc_time_text(now, now, LSIPC_TIME_ISO, buf, sizeof(buf)), "2026-12-07T02:43:11+00:00");
	setenv("TZ", "IST-5:30", 1);
	tzset();
	cr_assert_str_eq(lsipc_time_text(now, now, LSIPC_TIME_ISO, buf, sizeof(buf)), "2026-12-07T08:13:11+05:30");
	unsetenv("TZ");
	tzset();
}

Test(lsipc, option_list)
{
	struct lsipc_options o = { .kind = -1 };
	char bad[32];
	cr_assert_eq(lsipc_parse_options("bytes,creator,time,numeric-perms,global,time-format=iso", &o, bad, sizeof(bad)), 0);
	cr_assert(o.bytes && o.creator && o.time && o.numeric_perms && o.global);
	cr_assert_eq(o.time_format, LSIPC_TIME_ISO);
	cr_assert_eq(o.kind, -1);
	cr_assert_eq(lsipc_parse_options("time-format=full", &o, bad, sizeof(bad)), 0);
	cr_assert_eq(o.time_format, LSIPC_TIME_FULL);
	cr_assert_eq(lsipc_parse_options("bytes,byte", &o, bad, sizeof(bad)), -1);
	cr_assert_str_eq(bad, "byte");
	cr_assert_eq(lsipc_parse_options("time-format=long", &o, bad, sizeof(bad)), -1);
	cr_assert_str_eq(bad, "time-format=long");
	cr_assert_eq(lsipc_parse_options("", &o, bad, sizeof(bad)), 0);
}

static char *render(const struct snapshot *s, const struct lsipc_options *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	cr_assert_eq(lsipc_write(f, s, o), 0);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

/* One segment owned by root: dest and locked, never attached, its creator
 * (pid 0) unknown. */
static void one_segment(struct snapshot *s, struct ipc_object *o)
{
	memset(s, 0, sizeof(*s));
	memset(o, 0, sizeof(*o));
	o->kind = KIND_SHM;
	o->key = 0x1234;
	o->id = 5;
	o->mode = 0640 | SHM_DEST | SHM_LOCKED;
	o->cgid = 77;
	o->u.shm.size = 5000;
	o->u.shm.nattch = 2;
	o->u.shm.lpid = 4321;
	s->objs = o;
	s->count = 1;
	s->kind_count[KIND_SHM] = 1;
	s->taken.tv_sec = 1796611391;
}

Test(lsipc, segment_default_columns)
{
	struct snapshot s;
	struct ipc_object o;
	one_segment(&s, &o);
	struct lsipc_options opt = { .kind = KIND_SHM };
	char *t = render(&s, &opt);
	cr_assert_str_eq(t, "{\n"
			    "   \"sharedmemory\": [\n"
			    "      {\n"
			    "         \"key\": \"0x00001234\",\n"
			    "         \"id\": \"5\",\n"
			    "         \"perms\": \"rw-r-----\",\n"
			    "         \"owner\": \"root\",\n"
			    "         \"size\": \"4.9K\",\n"
			    "         \"nattch\": \"2\",\n"
			    "         \"status\": \"dest,locked\",\n"
			    "         \"ctime\": null,\n"
			    "         \"cpid\": \"0\",\n"
			    "         \"lpid\": \"4321\",\n"
			    "         \"command\": null\n"
			    "      }\n"
			    "   ]\n"
			    "}\n");
	free(t);
	/* -c -t -b -P: CUID CGID UID GID, then ATTACH DETACH before COMMAND */
	opt = (struct lsipc_options){ .kind = KIND_SHM, .creator = true, .time = true, .bytes = true, .numeric_perms = true };
	t = render(&s, &opt);
	cr_assert_not_null(strstr(t, "\"perms\": \"0640\",\n"), "%s", t);
	cr_assert_not_null(strstr(t, "\"size\": \"5000\",\n"), "%s", t);
	cr_assert_not_null(strstr(t, "\"lpid\": \"4321\",\n"
				     "         \"command\": null,\n"
				     "         \"cuid\": \"0\",\n"
				     "         \"cgid\": \"77\",\n"
				     "         \"uid\": \"0\",\n"
				     "         \"gid\": \"0\",\n"
				     "         \"attach\": null,\n"
				     "         \"detach\": null\n"), "%s", t);
	free(t);
	opt = (struct lsipc_options){ .kind = KIND_SHM, .time = true };
	t = render(&s, &opt);
	cr_assert_not_null(strstr(t, "\"lpid\": \"4321\",\n"
				     "         \"attach\": null,\n"
				     "         \"detach\": null,\n"
				     "         \"command\": null\n"), "COMMAND stays last: %s", t);
	free(t);
}

Test(lsipc, empty_tables_and_limits)
{
	struct snapshot s;
	memset(&s, 0, sizeof(s));
	struct lsipc_options opt = { .kind = KIND_SHM };
	char *t = render(&s, &opt);
	cr_assert_str_eq(t, "{\n   \"\": [\n\n   ]\n}\n");
	free(t);
	opt.kind = KIND_MSG;
	t = render(&s, &opt);
	cr_assert_str_eq(t, "{\n   \"\": [\n\n   ]\n}\n");
	free(t);
	opt.kind = KIND_SEM;
	t = render(&s, &opt);
	cr_assert_str_eq(t, "{\n   \"semaphores\": [\n\n   ]\n}\n");
	free(t);

	struct ipc_object o;
	one_segment(&s, &o);
	s.limits.msgmni = 32000;
	s.limits.msgmax = 8192;
	s.limits.msgmnb = 16384;
	s.limits.shmmni = 4096;
	s.limits.shmall = 1000;
	s.limits.shmmax = UINT64_MAX;
	s.limits.shmmin = 1;
	s.limits.page_size = 4096;
	opt = (struct lsipc_options){ .kind = -1 };
	t = render(&s, &opt);
	cr_assert_eq(strncmp(t, "{\n   \"ipclimits\": [\n      {\n         \"resource\": \"MSGMNI\",\n"
				"         \"description\": \"Number of message queues\",\n"
				"         \"limit\": \"32000\",\n         \"used\": \"0\",\n         \"use%\": \"0.00%\"\n      },{\n"
				"         \"resource\": \"MSGMAX\",\n", 197), 0, "%s", t);
	cr_assert_not_null(strstr(t, "\"resource\": \"MSGMAX\",\n         \"description\": \"Max size of message (bytes)\",\n"
				     "         \"limit\": \"8K\",\n         \"used\": \"-\",\n         \"use%\": \"-\"\n"), "%s", t);
	cr_assert_not_null(strstr(t, "\"resource\": \"SHMMNI\",\n         \"description\": \"Shared memory segments\",\n"
				     "         \"limit\": \"4096\",\n         \"used\": \"1\",\n         \"use%\": \"0.02%\"\n"), "%s", t);
	/* SHMALL: the sum of the sizes in whole pages (5000 / 4096 = 1), a number even without -b */
	cr_assert_not_null(strstr(t, "\"limit\": \"1000\",\n         \"used\": \"1\",\n         \"use%\": \"0.10%\"\n"), "%s", t);
	cr_assert_not_null(strstr(t, "\"limit\": \"16E\",\n"), "%s", t);
	cr_assert_not_null(strstr(t, "\"resource\": \"SEMVMX\",\n"), "%s", t);
	cr_assert_str_eq(t + strlen(t) - 16, "\n      }\n   ]\n}\n");
	free(t);
	/* -g -m: the segment columns (null here) before the limits ones */
	opt = (struct lsipc_options){ .kind = KIND_SHM, .global = true, .bytes = true };
	t = render(&s, &opt);
	cr_assert_eq(strncmp(t, "{\n   \"ipclimits\": [\n      {\n         \"key\": null,\n", 50), 0, "%s", t);
	cr_assert_null(strstr(t, "MSGMNI"), "-m: the segment rows only");
	cr_assert_not_null(strstr(t, "\"limit\": \"18446744073709551615\",\n"), "-b: bytes: %s", t);
	free(t);
}
