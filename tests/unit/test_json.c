/* test_json.c — unit tests of src/base/json.c (nesting, commas, pretty layout,
 * escaping of quotes/backslashes/control characters, 64-bit extremes) and of
 * src/export/export.c: export_json and export_text over hand-built snapshots (exact
 * rows) and over a real snapshot of objects created in a private IPC
 * namespace (structure checked by a small JSON validator, then fields by
 * exact substrings). Keys use the prefix 0x1501xxxx. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <ctype.h>
#include <inttypes.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include "export/export.h"
#include "base/json.h"
#include "model/snapshot.h"

/* Sat Nov 29 18:02:11 UTC 2025 */
#define NOW ((time_t)1764439331)

/* ---- a tiny JSON validator (RFC 8259 grammar, no semantics) ---- */

static const char *jv_value(const char *p, int depth);

static const char *jv_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *jv_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		unsigned char c = (unsigned char)*p;
		if (c == '\0' || c < 0x20)
			return NULL;
		if (c == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!isxdigit((unsigned char)p[i]))
						return NULL;
				p += 5;
				continue;
			}
			if (!strchr("\"\\/bfnrt", *p) || !*p)
				return NULL;
		}
		p++;
	}
	return p + 1;
}

static const char *jv_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (isdigit((unsigned char)*p))
			p++;
	else
		return NULL;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return NULL;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return NULL;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return p;
}

static const char *jv_container(const char *p, int depth, char open, char close)
{
	if (*p++ != open || depth > 100)
		return NULL;
	p = jv_ws(p);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (open == '{') {
			p = jv_string(p);
			if (!p)
				return NULL;
			p = jv_ws(p);
			if (*p++ != ':')
				return NULL;
			p = jv_ws(p);
		}
		p = jv_value(p, depth + 1);
		if (!p)
			return NULL;
		p = jv_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
		p = jv_ws(p);
	}
}

static const char *jv_value(const char *p, int depth)
{
	switch (*p) {
	case '{': return jv_container(p, depth, '{', '}');
	case '[': return jv_container(p, depth, '[', ']');
	case '"': return jv_string(p);
	case 't': return strncmp(p, "true", 4) ? NULL : p + 4;
	case 'f': return strncmp(p, "false", 5) ? NULL : p + 5;
	case 'n': return strncmp(p, "null", 4) ? NULL : p + 4;
	default: return jv_number(p);
	}
}

/* One JSON document followed only by whitespace. */
static bool json_valid(const char *text)
{
	const char *p = jv_value(jv_ws(text), 0);
	return p && *jv_ws(p) == '\0';
}

Test(json_validator, self_check)
{
	cr_assert(json_valid("{\"a\":[1,-2.5e3,true,false,null,\"x\\u00e9\\n\"],\"b\":{}}\n"));
	cr_assert(json_valid("[]"));
	cr_assert_not(json_valid("{\"a\":1,}"));
	cr_assert_not(json_valid("[1,,2]"));
	cr_assert_not(json_valid("[1 2]"));
	cr_assert_not(json_valid("{\"a\" 1}"));
	cr_assert_not(json_valid("\"tab\there\""));
	cr_assert_not(json_valid("\"bad \\q escape\""));
	cr_assert_not(json_valid("[01]"));
	cr_assert_not(json_valid("{} {}"));
	cr_assert_not(json_valid("{\"a\":1"));
}

/* ---- the writer ---- */

struct mem {
	char *buf;
	size_t len;
	FILE *f;
};

static void mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	cr_assert_not_null(m->f);
}

static char *mem_close(struct mem *m)
{
	cr_assert_eq(fclose(m->f), 0);
	return m->buf;
}

Test(json_writer, compact_nesting_and_commas)
{
	struct mem m;
	struct json j;
	mem_open(&m);
	json_init(&j, m.f, 0);
	json_begin_object(&j, NULL);
	json_string(&j, "a", "x");
	json_int(&j, "n", -5);
	json_begin_array(&j, "arr");
	json_int(&j, NULL, 1);
	json_uint(&j, NULL, 2);
	json_begin_object(&j, NULL);
	json_bool(&j, "k", 1);
	json_end_object(&j);
	json_begin_array(&j, NULL);
	json_end_array(&j);
	json_end_array(&j);
	json_begin_object(&j, "e");
	json_end_object(&j);
	json_null(&j, "z");
	json_bool(&j, "f", 0);
	json_begin_array(&j, "ea");
	json_end_array(&j);
	json_end_object(&j);
	char *out = mem_close(&m);
	cr_assert_str_eq(out, "{\"a\":\"x\",\"n\":-5,\"arr\":[1,2,{\"k\":true},[]],\"e\":{},\"z\":null,"
			      "\"f\":false,\"ea\":[]}\n");
	cr_assert(json_valid(out));
	free(out);
}

Test(json_writer, pretty_layout)
{
	struct mem m;
	struct json j;
	mem_open(&m);
	json_init(&j, m.f, 1);
	json_begin_object(&j, NULL);
	json_string(&j, "a", "x");
	json_begin_array(&j, "arr");
	json_int(&j, NULL, 1);
	json_begin_object(&j, NULL);
	json_bool(&j, "k", 0);
	json_end_object(&j);
	json_end_array(&j);
	json_begin_object(&j, "e");
	json_end_object(&j);
	json_end_object(&j);
	char *out = mem_close(&m);
	cr_assert_str_eq(out, "{\n"
			      "  \"a\": \"x\",\n"
			      "  \"arr\": [\n"
			      "    1,\n"
			      "    {\n"
			      "      \"k\": false\n"
			      "    }\n"
			      "  ],\n"
			      "  \"e\": {}\n"
			      "}\n");
	cr_assert(json_valid(out));
	free(out);
}

Test(json_writer, top_level_array_and_empty_object)
{
	struct mem m;
	struct json j;
	mem_open(&m);
	json_init(&j, m.f, 0);
	json_begin_array(&j, NULL);
	json_string(&j, NULL, "");
	json_end_array(&j);
	char *out = mem_close(&m);
	cr_assert_str_eq(out, "[\"\"]\n");
	free(out);

	mem_open(&m);
	json_init(&j, m.f, 1);
	json_begin_object(&j, NULL);
	json_end_object(&j);
	out = mem_close(&m);
	cr_assert_str_eq(out, "{}\n");
	free(out);
}

Test(json_writer, deep_nesting)
{
	struct mem m;
	struct json j;
	mem_open(&m);
	json_init(&j, m.f, 0);
	enum { DEPTH = 60 };
	for (int i = 0; i < DEPTH; i++) {
		json_begin_array(&j, NULL);
		json_int(&j, NULL, i);
	}
	for (int i = 0; i < DEPTH; i++) {
		json_int(&j, NULL, -i);
		json_end_array(&j);
	}
	char *out = mem_close(&m);
	cr_assert(json_valid(out), "%s", out);
	cr_assert_eq(strncmp(out, "[0,[1,[2,", 9), 0);
	cr_assert_not_null(strstr(out, "[59,0],-1],-2]"));
	free(out);
}

Test(json_writer, integer_extremes)
{
	struct mem m;
	struct json j;
	mem_open(&m);
	json_init(&j, m.f, 0);
	json_begin_object(&j, NULL);
	json_int(&j, "min", INT64_MIN);
	json_int(&j, "max", INT64_MAX);
	json_uint(&j, "umax", UINT64_MAX);
	json_uint(&j, "zero", 0);
	json_end_object(&j);
	char *out = mem_close(&m);
	cr_assert_str_eq(out, "{\"min\":-9223372036854775808,\"max\":9223372036854775807,"
			      "\"umax\":18446744073709551615,\"zero\":0}\n");
	free(out);
}

static char *escaped(const char *s)
{
	struct mem m;
	mem_open(&m);
	json_write_escaped(m.f, s);
	return mem_close(&m);
}

Test(json_writer, escaping)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "\"\"" },
		{ "plain", "\"plain\"" },
		{ "q\"uote", "\"q\\\"uote\"" },
		{ "back\\slash", "\"back\\\\slash\"" },
		{ "\\\"", "\"\\\\\\\"\"" },
		{ "new\nline", "\"new\\nline\"" },
		{ "t\tab", "\"t\\tab\"" },
		{ "cr\r", "\"cr\\u000d\"" },
		{ "\x01\x1f", "\"\\u0001\\u001f\"" },
		{ "\b\f", "\"\\u0008\\u000c\"" },
		{ "del\x7f", "\"del\\u007f\"" },
		{ "caf\xc3\xa9 /", "\"caf\xc3\xa9 /\"" }, /* UTF-8 and '/' pass through */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = escaped(cases[i].in);
		cr_assert_str_eq(out, cases[i].out, "case %zu", i);
		cr_assert(json_valid(out), "case %zu: %s", i, out);
		free(out);
	}
}

Test(json_writer, names_are_escaped_too)
{
	struct mem m;
	struct json j;
	mem_open(&m);
	json_init(&j, m.f, 0);
	json_begin_object(&j, NULL);
	json_string(&j, "na\"me\n", "v\\");
	json_begin_array(&j, "a\tb");
	json_end_array(&j);
	json_end_object(&j);
	char *out = mem_close(&m);
	cr_assert_str_eq(out, "{\"na\\\"me\\n\":\"v\\\\\",\"a\\tb\":[]}\n");
	cr_assert(json_valid(out));
	free(out);
}

/* ---- exports over a hand-built snapshot ---- */

static struct ipc_object hand[4];
static struct ipc_semval hand_vals[3];
static struct snapshot hs;

static void build_hand(void)
{
	cr_assert_eq(setenv("TZ", "UTC", 1), 0);
	tzset();
	memset(hand, 0, sizeof(hand));
	hand[0] = (struct ipc_object){ .kind = KIND_SHM, .key = 0x15010001, .id = 7, .mode = 0640, .ctime = NOW };
	hand[0].u.shm = (struct ipc_shm_fields){ .size = 4096, .nattch = 1, .cpid = 10, .lpid = 11,
						 .atime = NOW, .rss = 4096 };
	hand[1] = (struct ipc_object){ .kind = KIND_SHM, .key = -1, .id = 8, .mode = 0600 | SHM_DEST | SHM_LOCKED,
				       .uid = 54321, .gid = 54321, .cuid = 54321, .cgid = 54321, .ctime = NOW };
	hand[1].u.shm = (struct ipc_shm_fields){ .size = 10000, .cpid = 12, .dest = true, .locked = true };
	hand[2] = (struct ipc_object){ .kind = KIND_MSG, .key = 0x15010002, .id = 3, .mode = 0620, .uid = 1,
				       .gid = 1, .ctime = NOW };
	hand[2].u.msg = (struct ipc_msg_fields){ .cbytes = 60, .qnum = 3, .qbytes = 16384, .has_qbytes = true,
						 .lspid = 300, .stime = NOW };
	hand[3] = (struct ipc_object){ .kind = KIND_SEM, .key = 0x15010003, .id = 4, .mode = 0444, .ctime = NOW };
	hand[3].u.sem = (struct ipc_sem_fields){ .nsems = 3, .first = 0 };
	hand_vals[0] = (struct ipc_semval){ .value = 1, .ncnt = 2, .zcnt = 0, .pid = 99 };
	hand_vals[1] = (struct ipc_semval){ .value = 0, .ncnt = 0, .zcnt = 1, .pid = 0 };
	hand_vals[2] = (struct ipc_semval){ .value = 32767 };
	memset(&hs, 0, sizeof(hs));
	hs.objs = hand;
	hs.count = hs.cap = 4;
	hs.kind_count[KIND_SHM] = 2;
	hs.kind_count[KIND_MSG] = 1;
	hs.kind_count[KIND_SEM] = 1;
	hs.semvals = hand_vals;
	hs.nsemvals = hs.semcap = 3;
	hs.taken.tv_sec = NOW;
	hs.limits.shmmax = 1234;
	hs.limits.msgmnb = 16384;
	hs.limits.sem_sets = 1;
	hs.limits.page_size = 4096;
}

TestSuite(export_hand, .init = build_hand);

static char *export(int json, const struct snapshot *s, unsigned kinds)
{
	struct mem m;
	mem_open(&m);
	int rc = json ? export_json(m.f, s, kinds) : export_text(m.f, s, kinds);
	cr_assert_eq(rc, 0);
	return mem_close(&m);
}

#define HAS(text, part) cr_assert_not_null(strstr((text), (part)), "missing [%s] in:\n%s", (part), (text))
#define LACKS(text, part) cr_assert_null(strstr((text), (part)), "unexpected [%s] in:\n%s", (part), (text))

Test(export_hand, text_rows_exact)
{
	char *t = export(0, &hs, KINDS_ALL);
	cr_assert_eq(strncmp(t, "ipctop snapshot of ipc:", 23), 0, "%s", t);
	HAS(t, "\n------ Shared Memory Segments (2) --------\n");
	HAS(t, "\n------ Message Queues (1) --------\n");
	HAS(t, "\n------ Semaphore Arrays (1) --------\n");
	HAS(t, "\nkey        shmid      owner      perms      oct         bytes nattch status         cpid    lpid ctime              \n");
	HAS(t, "\n0x15010001 7          root       rw-r-----  0640         4096      1 -                10      11 2025-11-29 18:02:11\n");
	HAS(t, "\n0xffffffff 8          54321      rw-------  0600        10000      0 dest locked      12       0 2025-11-29 18:02:11\n");
	HAS(t, "\nkey        msqid      owner      perms      oct    used-bytes messages   lspid   lrpid ctime              \n");
	HAS(t, "\n0x15010002 3          daemon     rw--w----  0620           60        3     300       0 2025-11-29 18:02:11\n");
	LACKS(t, "qbytes"); /* not in /proc/sysvipc: --once makes no call per queue */
	HAS(t, "\n0x15010003 4          root       r--r--r--  0444      3 not set             2025-11-29 18:02:11\n");
	/* Sections in kind order. */
	cr_assert_lt(strstr(t, "Shared Memory"), strstr(t, "Message Queues"));
	cr_assert_lt(strstr(t, "Message Queues"), strstr(t, "Semaphore Arrays"));
	free(t);
}

Test(export_hand, text_only_selected_kinds)
{
	char *t = export(0, &hs, KIND_BIT(KIND_MSG));
	HAS(t, "Message Queues (1)");
	HAS(t, "0x15010002");
	LACKS(t, "Shared Memory");
	LACKS(t, "Semaphore Arrays");
	LACKS(t, "0x15010001");
	free(t);
}

Test(export_hand, json_fields_exact)
{
	char *t = export(1, &hs, KINDS_ALL);
	cr_assert(json_valid(t), "%s", t);
	cr_assert_eq(strncmp(t, "{\"namespace\":\"ipc:", 18), 0, "%s", t);
	HAS(t, ",\"time\":1764439331,");
	HAS(t, "\"shm\":[{\"key\":\"0x15010001\",\"id\":7,\"owner\":\"root\",\"perms\":\"rw-r-----\","
	       "\"octal\":\"0640\",\"cuid\":0,\"cuser\":\"root\",\"cgid\":0,\"cgroup\":\"root\",\"uid\":0,"
	       "\"user\":\"root\",\"gid\":0,\"group\":\"root\",\"ctime\":\"2025-11-29T18:02:11Z\","
	       "\"size\":4096,\"nattch\":1,\"status\":[],\"attach\":\"2025-11-29T18:02:11Z\","
	       "\"detach\":null,\"cpid\":10,\"lpid\":11,\"rss\":4096,\"swap\":0,\"command\":null,\"attached\":[]}");
	HAS(t, "{\"key\":\"0xffffffff\",\"id\":8,\"owner\":\"54321\",");
	HAS(t, "\"status\":[\"dest\",\"locked\"],\"attach\":null,");
	HAS(t, "\"msg\":[{\"key\":\"0x15010002\",\"id\":3,\"owner\":\"daemon\",");
	HAS(t, "\"used-bytes\":60,\"msgs\":3,\"qbytes\":16384,\"send\":\"2025-11-29T18:02:11Z\","
	       "\"recv\":null,\"lspid\":300,\"lrpid\":0,\"waiters\":null}]");
	HAS(t, "\"sem\":[{\"key\":\"0x15010003\",\"id\":4,");
	HAS(t, "\"nsems\":3,\"otime\":null,\"semaphores\":["
	       "{\"semnum\":0,\"value\":1,\"ncount\":2,\"zcount\":0,\"pid\":99},"
	       "{\"semnum\":1,\"value\":0,\"ncount\":0,\"zcount\":1,\"pid\":0},"
	       "{\"semnum\":2,\"value\":32767,\"ncount\":0,\"zcount\":0,\"pid\":0}],\"waiters\":null}]");
	HAS(t, "\"limits\":{\"shmmax\":1234,");
	HAS(t, "\"msgmnb\":16384,");
	HAS(t, "\"usage\":{\"shm-segments\":0,");
	HAS(t, "\"sem-sets\":1,\"sem-semaphores\":0,\"page-size\":4096}}\n");
	free(t);
}

Test(export_hand, json_semaphores_null_without_values)
{
	hand[3].u.sem.first = SEMVALS_NONE;
	char *t = export(1, &hs, KIND_BIT(KIND_SEM));
	cr_assert(json_valid(t), "%s", t);
	HAS(t, "\"nsems\":3,\"otime\":null,\"semaphores\":null,\"waiters\":null}");
	LACKS(t, "\"shm\":");
	LACKS(t, "\"msg\":");
	HAS(t, "\"limits\":{");
	free(t);
}

Test(export_hand, json_valid_without_objects)
{
	struct snapshot empty;
	memset(&empty, 0, sizeof(empty));
	char *t = export(1, &empty, KINDS_ALL);
	cr_assert(json_valid(t), "%s", t);
	HAS(t, "\"shm\":[],\"msg\":[],\"sem\":[],\"limits\":{");
	free(t);
	t = export(1, &empty, 0);
	cr_assert(json_valid(t), "%s", t);
	HAS(t, ",\"time\":0,\"limits\":{");
	free(t);
}

Test(export_hand, write_error_is_reported)
{
	FILE *f = fopen("/dev/full", "w");
	cr_assert_not_null(f);
	setvbuf(f, NULL, _IONBF, 0);
	cr_assert_eq(export_json(f, &hs, KINDS_ALL), -1);
	clearerr(f);
	cr_assert_eq(export_text(f, &hs, KINDS_ALL), -1);
	fclose(f);
}

/* ---- exports over a real snapshot ---- */

union semun_arg {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int real_shm = -1, real_msg = -1, real_sem = -1;
static void *real_addr;

static void real_setup(void)
{
	cr_assert_eq(setenv("TZ", "UTC", 1), 0);
	tzset();
	/* Our own empty IPC namespace: exact counts, nothing else visible. */
	cr_assert_eq(unshare(CLONE_NEWIPC), 0, "unshare(CLONE_NEWIPC): %m");
}

static void real_teardown(void)
{
	if (real_addr)
		shmdt(real_addr);
	if (real_shm >= 0)
		shmctl(real_shm, IPC_RMID, NULL);
	if (real_msg >= 0)
		msgctl(real_msg, IPC_RMID, NULL);
	if (real_sem >= 0)
		semctl(real_sem, 0, IPC_RMID);
	real_addr = NULL;
	real_shm = real_msg = real_sem = -1;
}

TestSuite(export_real, .init = real_setup, .fini = real_teardown);

static void make_real_objects(void)
{
	real_shm = shmget(0x15010001, 4096, IPC_CREAT | IPC_EXCL | 0640);
	cr_assert_geq(real_shm, 0, "shmget: %m");
	real_addr = shmat(real_shm, NULL, 0);
	cr_assert_neq(real_addr, (void *)-1, "shmat: %m");
	memset(real_addr, 1, 4096);
	real_msg = msgget(0x15010002, IPC_CREAT | IPC_EXCL | 0600);
	cr_assert_geq(real_msg, 0, "msgget: %m");
	struct {
		long type;
		char text[5];
	} m = { 1, "hello" };
	cr_assert_eq(msgsnd(real_msg, &m, 5, 0), 0, "msgsnd: %m");
	real_sem = semget(0x15010003, 2, IPC_CREAT | IPC_EXCL | 0600);
	cr_assert_geq(real_sem, 0, "semget: %m");
	unsigned short vals[2] = { 7, 0 };
	union semun_arg arg = { .array = vals };
	cr_assert_eq(semctl(real_sem, 0, SETALL, arg), 0, "SETALL: %m");
}

Test(export_real, json_of_live_objects)
{
	make_real_objects();
	struct snapshot s;
	memset(&s, 0, sizeof(s));
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_SEMVALS | SNAP_SEMWAIT | SNAP_SEMPID | SNAP_SHMRSS | SNAP_ATTACH | SNAP_QBYTES), 0);
	char *t = export(1, &s, KINDS_ALL);
	cr_assert(json_valid(t), "%s", t);

	char want[512];
	int pid = (int)getpid();
	snprintf(want, sizeof(want), "\"shm\":[{\"key\":\"0x15010001\",\"id\":%d,\"owner\":\"root\","
				     "\"perms\":\"rw-r-----\",\"octal\":\"0640\",", real_shm);
	HAS(t, want);
	snprintf(want, sizeof(want), "\"size\":4096,\"nattch\":1,\"status\":[],\"attach\":\"");
	HAS(t, want);
	snprintf(want, sizeof(want), "\"detach\":null,\"cpid\":%d,\"lpid\":%d,\"rss\":4096,\"swap\":0,"
				     "\"command\":null,\"attached\":[{\"pid\":%d,\"command\":\"", pid, pid, pid);
	HAS(t, want);
	HAS(t, "\",\"mode\":\"rw\",\"attaches\":1,\"modes\":[\"rw\"]}],\"attach-accounting\":{\"mappings\":1,"
	       "\"nattch\":1,\"other-key\":0,\"other-namespace\":0,\"why\":\"exact\"}}]");
	snprintf(want, sizeof(want), "\"msg\":[{\"key\":\"0x15010002\",\"id\":%d,", real_msg);
	HAS(t, want);
	snprintf(want, sizeof(want), "\"used-bytes\":5,\"msgs\":1,\"qbytes\":%" PRIu64 ",\"send\":\"",
		 s.limits.msgmnb);
	HAS(t, want);
	snprintf(want, sizeof(want), "\"recv\":null,\"lspid\":%d,\"lrpid\":0,\"waiters\":null}]", pid);
	HAS(t, want);
	snprintf(want, sizeof(want), "\"sem\":[{\"key\":\"0x15010003\",\"id\":%d,", real_sem);
	HAS(t, want);
	snprintf(want, sizeof(want), "\"nsems\":2,\"otime\":null,\"semaphores\":["
				     "{\"semnum\":0,\"value\":7,\"ncount\":0,\"zcount\":0,\"pid\":%d},"
				     "{\"semnum\":1,\"value\":0,\"ncount\":0,\"zcount\":0,\"pid\":%d}],\"waiters\":null}]",
		 semctl(real_sem, 0, GETPID), semctl(real_sem, 1, GETPID));
	HAS(t, want);
	HAS(t, "\"usage\":{\"shm-segments\":1,\"shm-pages\":1,");
	HAS(t, "\"msg-queues\":1,\"msg-messages\":1,\"msg-bytes\":5,\"sem-sets\":1,\"sem-semaphores\":2,");
	snprintf(want, sizeof(want), ",\"time\":%lld,", (long long)s.taken.tv_sec);
	HAS(t, want);
	free(t);
	snapshot_free(&s);
}

Test(export_real, text_of_live_objects)
{
	make_real_objects();
	struct snapshot s;
	memset(&s, 0, sizeof(s));
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_SEMVALS | SNAP_QBYTES), 0);
	char *t = export(0, &s, KINDS_ALL);
	HAS(t, "------ Shared Memory Segments (1) --------");
	HAS(t, "------ Message Queues (1) --------");
	HAS(t, "------ Semaphore Arrays (1) --------");
	char ns[64], want[256];
	ssize_t n = readlink("/proc/self/ns/ipc", ns, sizeof(ns) - 1);
	cr_assert_gt(n, 0);
	ns[n] = '\0';
	snprintf(want, sizeof(want), "ipctop snapshot of %s on ", ns);
	HAS(t, want);

	/* The shm row, field by field. */
	char *row = strstr(t, "\n0x15010001 ");
	cr_assert_not_null(row, "%s", t);
	char key[16], owner[32], perms[16], oct[8], status[16], date[16], clock[16];
	int id, cpid, lpid;
	unsigned long long bytes, nattch;
	cr_assert_eq(sscanf(row + 1, "%15s %d %31s %15s %7s %llu %llu %15s %d %d %15s %15s", key, &id, owner,
			    perms, oct, &bytes, &nattch, status, &cpid, &lpid, date, clock), 12);
	cr_assert_eq(id, real_shm);
	cr_assert_str_eq(owner, "root");
	cr_assert_str_eq(perms, "rw-r-----");
	cr_assert_str_eq(oct, "0640");
	cr_assert_eq(bytes, 4096u);
	cr_assert_eq(nattch, 1u);
	cr_assert_str_eq(status, "-");
	cr_assert_eq(cpid, (int)getpid());
	cr_assert_eq(lpid, (int)getpid());
	cr_assert_eq(strlen(date), 10u);
	cr_assert_eq(strlen(clock), 8u);

	/* The queue row. */
	row = strstr(t, "\n0x15010002 ");
	cr_assert_not_null(row, "%s", t);
	unsigned long long used, msgs;
	int lspid, lrpid;
	cr_assert_eq(sscanf(row + 1, "%15s %d %31s %15s %7s %llu %llu %d %d", key, &id, owner, perms, oct,
			    &used, &msgs, &lspid, &lrpid), 9);
	cr_assert_eq(id, real_msg);
	cr_assert_str_eq(perms, "rw-------");
	cr_assert_eq(used, 5u);
	cr_assert_eq(msgs, 1u);
	cr_assert_eq(lspid, (int)getpid());
	cr_assert_eq(lrpid, 0);
	free(t);
	t = export(1, &s, KINDS_ALL);
	snprintf(want, sizeof(want), "\"used-bytes\":5,\"msgs\":1,\"qbytes\":%llu,",
		 (unsigned long long)s.limits.msgmnb);
	HAS(t, want);

	/* Not asked for (SNAP_QBYTES), the capacity is unknown: null. */
	free(t);
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_SEMVALS), 0);
	t = export(1, &s, KINDS_ALL);
	HAS(t, "\"used-bytes\":5,\"msgs\":1,\"qbytes\":null,");
	free(t);
	t = export(0, &s, KINDS_ALL);

	/* The semaphore row: never operated on, so otime is "not set". */
	row = strstr(t, "\n0x15010003 ");
	cr_assert_not_null(row, "%s", t);
	unsigned nsems;
	char not_[8], set_[8];
	cr_assert_eq(sscanf(row + 1, "%15s %d %31s %15s %7s %u %7s %7s", key, &id, owner, perms, oct, &nsems,
			    not_, set_), 8);
	cr_assert_eq(id, real_sem);
	cr_assert_eq(nsems, 2u);
	cr_assert_str_eq(not_, "not");
	cr_assert_str_eq(set_, "set");
	free(t);
	snapshot_free(&s);
}

Test(export_real, empty_namespace)
{
	struct snapshot s;
	memset(&s, 0, sizeof(s));
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_SEMVALS), 0);
	char *t = export(1, &s, KINDS_ALL);
	cr_assert(json_valid(t), "%s", t);
	HAS(t, "\"shm\":[],\"msg\":[],\"sem\":[],");
	free(t);
	t = export(0, &s, KINDS_ALL);
	HAS(t, "------ Shared Memory Segments (0) --------");
	HAS(t, "------ Semaphore Arrays (0) --------");
	free(t);
	snapshot_free(&s);
}
