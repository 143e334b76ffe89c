/* test_prometheus.c — unit tests of src/export/prometheus.c over real snapshots:
 * every line is a HELP/TYPE comment or a sample matching the exposition
 * syntax (checked with <regex.h>); each family has HELP then TYPE before
 * its samples, which are contiguous; every sample's first label is the IPC
 * namespace's inode; the values of our own objects (sizes, times, each
 * semaphore's value), limits and usage in bytes (pages multiplied out);
 * semaphore values and waiter counts only when read; kind selection; label
 * value escaping, invalid UTF-8 included. (promtool and node_exporter read
 * the real output in tests/e2e/exports.sh.) */
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
#include <sys/stat.h>
#include <unistd.h>

#include "base/format.h"
#include "proc/names.h"
#include "export/prometheus.h"

#define SAMPLE_RE "^[a-zA-Z_:][a-zA-Z0-9_:]*\\{namespace=\"[0-9]+\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\")*\\} -?[0-9.e+]+$"

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
static size_t check_exposition(const char *orig)
{
	char *text = strdup(orig);
	cr_assert_not_null(text);
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
		cr_assert_eq(regexec(&re, line, 0, NULL, 0), 0, "not a sample line with the namespace first: \"%s\"", line);
		size_t n = strcspn(line, "{ ");
		cr_assert_lt(n, sizeof(name));
		memcpy(name, line, n);
		name[n] = '\0';
		cr_assert(typed, "sample before HELP/TYPE: %s", line);
		cr_assert_str_eq(name, current, "sample of %s outside its family block", name);
		samples++;
	}
	regfree(&re);
	free(text);
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
	unsigned short vals[3] = { 7, 0, 32767 };
	cr_assert_eq(semctl(o.sem, 0, SETALL, vals), 0);
	return o;
}

static void destroy(const struct objs *o)
{
	cr_assert_eq(shmctl(o->shm, IPC_RMID, NULL), 0);
	cr_assert_eq(msgctl(o->msg, IPC_RMID, NULL), 0);
	cr_assert_eq(semctl(o->sem, 0, IPC_RMID), 0);
}

static const char *ns_label(void)
{
	static char ns[32];
	struct stat st;
	cr_assert_eq(stat("/proc/self/ns/ipc", &st), 0);
	snprintf(ns, sizeof(ns), "%lu", (unsigned long)st.st_ino);
	return ns;
}

/* The line of metric with our object's labels (plus `extra`, ",semnum=..."). */
static void has_obj_sample(const char *text, const char *metric, int key, int id, const char *extra, uint64_t value)
{
	char k[16], want[256];
	snprintf(want, sizeof(want), "\n%s{namespace=\"%s\",key=\"%s\",id=\"%d\",owner=\"%s\"%s} %" PRIu64 "\n",
		 metric, ns_label(), format_key(key, k, sizeof(k)), id, names_user(getuid()), extra, value);
	cr_assert_not_null(strstr(text, want), "missing: %s", want + 1);
}

static void lacks_obj_sample(const char *text, const char *metric, int id)
{
	char want[128];
	snprintf(want, sizeof(want), "\n%s{namespace=\"%s\",key=", metric, ns_label());
	for (const char *p = strstr(text, want); p; p = strstr(p + 1, want)) {
		char idl[32];
		snprintf(idl, sizeof(idl), ",id=\"%d\",", id);
		const char *eol = strchr(p + 1, '\n');
		const char *hit = strstr(p, idl);
		cr_assert(!hit || hit > eol, "unexpected sample: %.*s", (int)(eol - p - 1), p + 1);
	}
}

/* metric{namespace="..."} value */
static void has_plain(const char *text, const char *metric, uint64_t value)
{
	char want[256];
	snprintf(want, sizeof(want), "\n%s{namespace=\"%s\"} %" PRIu64 "\n", metric, ns_label(), value);
	cr_assert_not_null(strstr(text, want), "missing: %s", want + 1);
}

Test(prometheus, real_snapshot)
{
	struct objs o = create();
	struct snapshot s = { 0 };
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_SEMVALS | SNAP_SEMWAIT | SNAP_SHMRSS | SNAP_QBYTES), 0);
	char *text = render(&s, KINDS_ALL);
	struct shmid_ds sds;
	struct msqid_ds mds;
	struct semid_ds semds;
	cr_assert_eq(shmctl(o.shm, IPC_STAT, &sds), 0);
	cr_assert_eq(msgctl(o.msg, IPC_STAT, &mds), 0);
	cr_assert_eq(semctl(o.sem, 0, IPC_STAT, &semds), 0);
	has_obj_sample(text, "ipctop_shm_size_bytes", o.key + 1, o.shm, "", 12288);
	has_obj_sample(text, "ipctop_shm_nattch", o.key + 1, o.shm, "", 0);
	has_obj_sample(text, "ipctop_shm_rss_bytes", o.key + 1, o.shm, "", 0);
	has_obj_sample(text, "ipctop_shm_swap_bytes", o.key + 1, o.shm, "", 0);
	has_obj_sample(text, "ipctop_shm_change_timestamp_seconds", o.key + 1, o.shm, "", (uint64_t)sds.shm_ctime);
	lacks_obj_sample(text, "ipctop_shm_attach_timestamp_seconds", o.shm); /* never attached */
	lacks_obj_sample(text, "ipctop_shm_detach_timestamp_seconds", o.shm);
	has_obj_sample(text, "ipctop_msg_queue_bytes", o.key + 2, o.msg, "", 17);
	has_obj_sample(text, "ipctop_msg_queue_messages", o.key + 2, o.msg, "", 2);
	has_obj_sample(text, "ipctop_msg_queue_capacity_bytes", o.key + 2, o.msg, "", mds.msg_qbytes);
	has_obj_sample(text, "ipctop_msg_send_timestamp_seconds", o.key + 2, o.msg, "", (uint64_t)mds.msg_stime);
	lacks_obj_sample(text, "ipctop_msg_receive_timestamp_seconds", o.msg);
	has_obj_sample(text, "ipctop_msg_change_timestamp_seconds", o.key + 2, o.msg, "", (uint64_t)mds.msg_ctime);
	has_obj_sample(text, "ipctop_sem_semaphores", o.key + 3, o.sem, "", 3);
	has_obj_sample(text, "ipctop_sem_change_timestamp_seconds", o.key + 3, o.sem, "", (uint64_t)semds.sem_ctime);
	lacks_obj_sample(text, "ipctop_sem_operation_timestamp_seconds", o.sem); /* SETALL is no semop */
	has_obj_sample(text, "ipctop_sem_value", o.key + 3, o.sem, ",semnum=\"0\"", 7);
	has_obj_sample(text, "ipctop_sem_value", o.key + 3, o.sem, ",semnum=\"1\"", 0);
	has_obj_sample(text, "ipctop_sem_value", o.key + 3, o.sem, ",semnum=\"2\"", 32767);
	has_obj_sample(text, "ipctop_sem_ncnt", o.key + 3, o.sem, ",semnum=\"2\"", 0);
	has_obj_sample(text, "ipctop_sem_zcnt", o.key + 3, o.sem, ",semnum=\"1\"", 0);

	has_plain(text, "ipctop_limit_shm_segments", s.limits.shmmni);
	has_plain(text, "ipctop_limit_sem_value", s.limits.semvmx);
	has_plain(text, "ipctop_limit_msg_queue_bytes", s.limits.msgmnb);
	has_plain(text, "ipctop_usage_shm_segments", s.limits.shm_segments);
	has_plain(text, "ipctop_usage_shm_bytes", s.limits.shm_pages * s.limits.page_size);
	has_plain(text, "ipctop_usage_sem_semaphores", s.limits.sem_sems);
	has_plain(text, "ipctop_snapshot_timestamp_seconds", (uint64_t)s.taken.tv_sec);
	cr_assert_geq(s.limits.shm_pages * s.limits.page_size, 12288, "our 3 pages at least");
	char line[128];
	snprintf(line, sizeof(line), "\nipctop_objects{namespace=\"%s\",type=\"msg\"} %zu\n", ns_label(),
		 s.kind_count[KIND_MSG]);
	cr_assert_not_null(strstr(text, line), "missing: %s", line + 1);
	cr_assert_eq(strncmp(text, "# HELP ipctop_info ", 19), 0);
	snprintf(line, sizeof(line), "\nipctop_info{namespace=\"%s\",host=\"", ns_label());
	cr_assert_not_null(strstr(text, line));
	cr_assert_null(strstr(text, "_count{"), "no reserved suffix");
	cr_assert_null(strstr(text, "_pages"), "no metric in pages");

	/* Every object has its size/count families; times only when set. */
	size_t times = 0, sems = 0;
	for (size_t i = 0; i < s.count; i++) {
		const struct ipc_object *x = &s.objs[i];
		times += x->ctime > 0;
		if (x->kind == KIND_SHM)
			times += (x->u.shm.atime > 0) + (x->u.shm.dtime > 0);
		else if (x->kind == KIND_MSG)
			times += (x->u.msg.stime > 0) + (x->u.msg.rtime > 0);
		else
			times += x->u.sem.otime > 0, sems += snapshot_semvals(&s, x) ? x->u.sem.nsems : 0;
	}
	size_t samples = check_exposition(text);
	/* info + time + 3 object counts + 4 per segment, 3 per queue, 1 per
	 * set, the times, 3 per semaphore, 13 limits, 9 usage figures */
	cr_assert_eq(samples, 2 + 3 + 4 * s.kind_count[KIND_SHM] + 3 * s.kind_count[KIND_MSG] +
				      s.kind_count[KIND_SEM] + times + 3 * sems + 13 + 9);
	free(text);
	snapshot_free(&s);
	destroy(&o);
}

Test(prometheus, what_was_not_read_has_no_samples_and_kinds_select)
{
	struct objs o = create();
	struct snapshot s = { 0 };
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_SEMVALS), 0);
	char *text = render(&s, KINDS_ALL);
	cr_assert_not_null(strstr(text, "# HELP ipctop_sem_ncnt "), "the family is always described");
	cr_assert_null(strstr(text, "\nipctop_sem_ncnt{"), "no waiter counts without SNAP_SEMWAIT");
	cr_assert_null(strstr(text, "\nipctop_sem_zcnt{"));
	cr_assert_null(strstr(text, "\nipctop_shm_rss_bytes{"), "no rss without SNAP_SHMRSS");
	cr_assert_null(strstr(text, "\nipctop_msg_queue_capacity_bytes{"), "no capacity without SNAP_QBYTES");
	has_obj_sample(text, "ipctop_sem_value", o.key + 3, o.sem, ",semnum=\"0\"", 7);
	check_exposition(text);
	free(text);

	cr_assert_eq(snapshot_read(&s, KINDS_ALL, 0), 0);
	text = render(&s, KINDS_ALL);
	cr_assert_null(strstr(text, "\nipctop_sem_value{"), "no values without SNAP_SEMVALS");
	check_exposition(text);
	free(text);

	text = render(&s, KIND_BIT(KIND_SHM));
	cr_assert_null(strstr(text, "ipctop_msg_"));
	cr_assert_null(strstr(text, "ipctop_sem_"));
	cr_assert_null(strstr(text, "type=\"msg\""));
	has_plain(text, "ipctop_limit_msg_queues", s.limits.msgmni); /* limits always */
	has_obj_sample(text, "ipctop_shm_size_bytes", o.key + 1, o.shm, "", 12288);
	check_exposition(text);
	free(text);

	struct snapshot empty = { 0 };
	text = render(&empty, KINDS_ALL);
	check_exposition(text);
	free(text);
	snapshot_free(&s);
	destroy(&o);
}

Test(prometheus, bytes_past_2_64_as_a_float)
{
	struct snapshot s = { 0 };
	s.limits.shmall = UINT64_MAX - (1u << 24); /* the kernel's default */
	s.limits.page_size = 4096;
	char *text = render(&s, 0);
	char want[128];
	snprintf(want, sizeof(want), "\nipctop_limit_shm_bytes{namespace=\"%s\"} 7.5557863725845604e+22\n", ns_label());
	cr_assert_not_null(strstr(text, want), "%s", text);
	check_exposition(text);
	free(text);
}

static char *escaped(const char *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	prometheus_write_label_value(f, v);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

Test(prometheus, label_escaping)
{
	char *e = escaped("a\\b\"c\nd 'e' {f}");
	cr_assert_str_eq(e, "a\\\\b\\\"c\\nd 'e' {f}");
	free(e);
	/* Latin-1 "Jérôme" (a legacy passwd entry): each bad byte as \xNN text;
	 * UTF-8 kept as it is. */
	e = escaped("J\xe9r\xf4me \xc3\xa9\xe2\x82\xac \xed\xa0\x80 \xc3");
	cr_assert_str_eq(e, "J\\\\xe9r\\\\xf4me \xc3\xa9\xe2\x82\xac \\\\xed\\\\xa0\\\\x80 \\\\xc3");
	free(e);
	char line[256];
	e = escaped("a\"b\\\xff");
	snprintf(line, sizeof(line), "m{namespace=\"1\",l=\"%s\"} 1", e);
	free(e);
	regex_t re;
	cr_assert_eq(regcomp(&re, SAMPLE_RE, REG_EXTENDED | REG_NOSUB), 0);
	cr_assert_eq(regexec(&re, line, 0, NULL, 0), 0, "escaped label is valid: %s", line);
	cr_assert_neq(regexec(&re, "m{namespace=\"1\",l=\"a\"b\"} 1", 0, NULL, 0), 0, "the regex rejects a bare quote");
	regfree(&re);
}
