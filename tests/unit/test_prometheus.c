/* test_prometheus.c — unit tests of src/export/prometheus.c over real snapshots:
 * every line is a HELP/TYPE comment or a sample matching the exposition
 * syntax (checked with <regex.h>); each family has HELP then TYPE before
 * its samples, which are contiguous; the values of our own objects, limits
 * and usage; waiters only for sets read with SNAP_SEMWAIT; kind selection;
 * label value escaping. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include "base/format.h"
#include "proc/names.h"
#include "export/prometheus.h"

#define SAMPLE_RE "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? -?[0-9.e+]+$"

static char *render(const struct snapshot *s, unsigned kinds)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	cr_assert_eq(prometheus_write(f, s, kinds), 0);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

#define MAXFAM 64

/* Checks the syntax and the HELP/TYPE/contiguity rules of text; returns
 * the number of samples. */
static size_t check_exposition(char *text)
{
	regex_t re;
	cr_assert_eq(regcomp(&re, SAMPLE_RE, REG_EXTENDED | REG_NOSUB), 0);
	char fams[MAXFAM][64];
	size_t nfam = 0, samples = 0;
	char help[64] = "", current[64] = "";
	int typed = 0;
	char *save = NULL;
	cr_assert(strlen(text) > 0 && text[strlen(text) - 1] == '\n', "ends with a newline");
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64];
		if (strncmp(line, "# HELP ", 7) == 0) {
			cr_assert_eq(sscanf(line + 7, "%63s", name), 1);
			for (size_t i = 0; i < nfam; i++)
				cr_assert_str_neq(fams[i], name, "family %s described twice", name);
			cr_assert_lt(nfam, MAXFAM);
			snprintf(fams[nfam++], sizeof(fams[0]), "%s", name);
			snprintf(help, sizeof(help), "%s", name);
			cr_assert_gt(strlen(line), 8 + strlen(name), "HELP text of %s", name);
			typed = 0;
			current[0] = '\0';
			continue;
		}
		if (strncmp(line, "# TYPE ", 7) == 0) {
			char type[16];
			cr_assert_eq(sscanf(line + 7, "%63s %15s", name, type), 2);
			cr_assert_str_eq(name, help, "TYPE of %s right after its HELP", name);
			cr_assert_str_eq(type, "gauge");
			typed = 1;
			snprintf(current, sizeof(current), "%s", name);
			continue;
		}
		cr_assert_neq(line[0], '#', "unexpected comment: %s", line);
		cr_assert_eq(regexec(&re, line, 0, NULL, 0), 0, "not a sample line: \"%s\"", line);
		size_t n = strcspn(line, "{ ");
		cr_assert_lt(n, sizeof(name));
		memcpy(name, line, n);
		name[n] = '\0';
		cr_assert(typed, "sample before HELP/TYPE: %s", line);
		cr_assert_str_eq(name, current, "sample of %s outside its family block", name);
		samples++;
	}
	regfree(&re);
	return samples;
}

struct objs {
	int shm, msg, sem;
	int key;
};

static struct objs create(void)
{
	struct objs o;
	o.key = 0x70700000 | ((getpid() & 0xfff) << 4);
	o.shm = shmget(o.key + 1, 12288, IPC_CREAT | IPC_EXCL | 0600);
	o.msg = msgget(o.key + 2, IPC_CREAT | IPC_EXCL | 0600);
	o.sem = semget(o.key + 3, 3, IPC_CREAT | IPC_EXCL | 0600);
	cr_assert(o.shm >= 0 && o.msg >= 0 && o.sem >= 0, "%s", strerror(errno));
	struct {
		long mtype;
		char mtext[10];
	} m = { 1, "123456789" };
	cr_assert_eq(msgsnd(o.msg, &m, 10, IPC_NOWAIT), 0);
	cr_assert_eq(msgsnd(o.msg, &m, 7, IPC_NOWAIT), 0);
	return o;
}

static void destroy(const struct objs *o)
{
	cr_assert_eq(shmctl(o->shm, IPC_RMID, NULL), 0);
	cr_assert_eq(msgctl(o->msg, IPC_RMID, NULL), 0);
	cr_assert_eq(semctl(o->sem, 0, IPC_RMID), 0);
}

/* The line of metric with our object's labels. */
static void has_obj_sample(const char *text, const char *metric, int key, int id, uint64_t value)
{
	char k[16], want[256];
	snprintf(want, sizeof(want), "\n%s{key=\"%s\",id=\"%d\",owner=\"%s\"} %" PRIu64 "\n", metric,
		 format_key(key, k, sizeof(k)), id, names_user(getuid()), value);
	cr_assert_not_null(strstr(text, want), "missing: %s", want + 1);
}

static void has_line(const char *text, const char *line)
{
	char want[256];
	snprintf(want, sizeof(want), "\n%s\n", line);
	cr_assert_not_null(strstr(text, want), "missing: %s", line);
}

Test(prometheus, real_snapshot)
{
	struct objs o = create();
	struct snapshot s = { 0 };
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_SEMVALS | SNAP_SEMWAIT | SNAP_QBYTES), 0);
	char *text = render(&s, KINDS_ALL);
	has_obj_sample(text, "ipctop_shm_size_bytes", o.key + 1, o.shm, 12288);
	has_obj_sample(text, "ipctop_shm_nattch", o.key + 1, o.shm, 0);
	has_obj_sample(text, "ipctop_msg_queue_bytes", o.key + 2, o.msg, 17);
	has_obj_sample(text, "ipctop_msg_queue_messages", o.key + 2, o.msg, 2);
	struct msqid_ds mds;
	cr_assert_eq(msgctl(o.msg, IPC_STAT, &mds), 0);
	has_obj_sample(text, "ipctop_msg_queue_capacity_bytes", o.key + 2, o.msg, mds.msg_qbytes);
	has_obj_sample(text, "ipctop_sem_count", o.key + 3, o.sem, 3);
	has_obj_sample(text, "ipctop_sem_waiters", o.key + 3, o.sem, 0);
	char line[128];
	snprintf(line, sizeof(line), "ipctop_limit{name=\"shmmni\"} %" PRIu64, s.limits.shmmni);
	has_line(text, line);
	snprintf(line, sizeof(line), "ipctop_limit{name=\"semvmx\"} %" PRIu64, s.limits.semvmx);
	has_line(text, line);
	snprintf(line, sizeof(line), "ipctop_usage{name=\"shm_segments\"} %" PRIu64, s.limits.shm_segments);
	has_line(text, line);
	snprintf(line, sizeof(line), "ipctop_usage{name=\"sem_semaphores\"} %" PRIu64, s.limits.sem_sems);
	has_line(text, line);
	snprintf(line, sizeof(line), "ipctop_objects{type=\"msg\"} %zu", s.kind_count[KIND_MSG]);
	has_line(text, line);
	cr_assert_eq(strncmp(text, "# HELP ipctop_info ", 19), 0);
	cr_assert_not_null(strstr(text, "\nipctop_info{namespace=\"ipc:["));

	size_t samples = check_exposition(text);
	/* info + 3 object counts + 7 per-object samples per object + 13 limits + 9 usage */
	cr_assert_eq(samples, 1 + 3 + 2 * s.kind_count[KIND_SHM] + 3 * s.kind_count[KIND_MSG] +
				      2 * s.kind_count[KIND_SEM] + 13 + 9);
	free(text);
	snapshot_free(&s);
	destroy(&o);
}

Test(prometheus, waiters_need_semwait_and_kinds_select)
{
	struct objs o = create();
	struct snapshot s = { 0 };
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, 0), 0);
	char *text = render(&s, KINDS_ALL);
	cr_assert_not_null(strstr(text, "# HELP ipctop_sem_waiters "), "the family is always described");
	cr_assert_null(strstr(text, "\nipctop_sem_waiters{"), "no waiter counts without SNAP_SEMWAIT");
	cr_assert_null(strstr(text, "\nipctop_msg_queue_capacity_bytes{"), "no capacity without SNAP_QBYTES");
	check_exposition(text);
	free(text);

	text = render(&s, KIND_BIT(KIND_SHM));
	cr_assert_null(strstr(text, "ipctop_msg_"));
	cr_assert_null(strstr(text, "ipctop_sem_"));
	cr_assert_null(strstr(text, "ipctop_objects{type=\"msg\"}"));
	cr_assert_not_null(strstr(text, "ipctop_limit{name=\"msgmni\"}"), "limits always");
	has_obj_sample(text, "ipctop_shm_size_bytes", o.key + 1, o.shm, 12288);
	check_exposition(text);
	free(text);

	struct snapshot empty = { 0 };
	text = render(&empty, KINDS_ALL);
	check_exposition(text);
	free(text);
	snapshot_free(&s);
	destroy(&o);
}

Test(prometheus, label_escaping)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	fputs("m{l=\"", f);
	prometheus_write_label_value(f, "a\\b\"c\nd 'e' {f}");
	fputs("\"} 1", f);
	cr_assert_eq(fclose(f), 0);
	cr_assert_str_eq(buf, "m{l=\"a\\\\b\\\"c\\nd 'e' {f}\"} 1");
	regex_t re;
	cr_assert_eq(regcomp(&re, SAMPLE_RE, REG_EXTENDED | REG_NOSUB), 0);
	cr_assert_eq(regexec(&re, buf, 0, NULL, 0), 0, "escaped label is valid: %s", buf);
	cr_assert_neq(regexec(&re, "m{l=\"a\"b\"} 1", 0, NULL, 0), 0, "the regex rejects a bare quote");
	regfree(&re);
	free(buf);
}
