/* test_tracecall.c — unit tests of src/trace/tracecall.c and tracefs.c's
 * pure parts: the operation class of each call (P, V, wait-for-zero ...),
 * the C-like text and the JSON of calls of every kind (flags, commands,
 * keys, errors, the kernel's restart codes, a hostile command name), the
 * duration texts; which instance names are stale (an ended ipctop, a pid
 * reused by another process) and that tracefs_clean_stale removes exactly
 * those from an instances directory. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/json.h"
#include "trace/tracecall.h"
#include "trace/tracefs.h"

static struct trace_call call(enum tsys sys, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, int64_t ret)
{
	struct trace_call c;
	memset(&c, 0, sizeof(c));
	c.sys = sys;
	c.arg[0] = a0;
	c.arg[1] = a1;
	c.arg[2] = a2;
	c.arg[3] = a3;
	c.ret = ret;
	c.done = true;
	c.id = (int)a0;
	c.tid = c.tgid = 4242;
	snprintf(c.comm, sizeof(c.comm), "app");
	c.start_ns = 1000;
	c.end_ns = 3500;
	return c;
}

static const char *text(const struct trace_call *c)
{
	static char buf[256];
	return tracecall_format(c, buf, sizeof(buf));
}

Test(tracecall, semop_classes_and_text)
{
	struct trace_call c = call(TSYS_SEMTIMEDOP, 3, 0x1000, 1, 0, 0);
	cr_assert_eq(tracecall_op(&c), TOP_SEMOP); /* operations not read */
	cr_assert_str_eq(text(&c), "semop(3, ?, 1) = 0");
	c.nsops = 1;
	c.sops[0] = (struct sembuf){ 0, -1, SEM_UNDO };
	cr_assert_eq(tracecall_op(&c), TOP_P);
	cr_assert_str_eq(tracecall_name(&c), "semop");
	cr_assert_str_eq(text(&c), "semop(3, {{0, -1, SEM_UNDO}}, 1) = 0");
	c.sops[0].sem_op = 2;
	cr_assert_eq(tracecall_op(&c), TOP_V);
	c.sops[0].sem_op = 0;
	cr_assert_eq(tracecall_op(&c), TOP_Z);
	/* Mixed: a decrement anywhere makes it a P. */
	c.nsops = 2;
	c.arg[2] = 2;
	c.sops[1] = (struct sembuf){ 1, -1, IPC_NOWAIT };
	cr_assert_eq(tracecall_op(&c), TOP_P);
	cr_assert_str_eq(text(&c), "semop(3, {{0, +0, SEM_UNDO}, {1, -1, IPC_NOWAIT}}, 2) = 0");
	/* More operations than read: the text says so. */
	c.arg[2] = 9;
	cr_assert_str_eq(text(&c), "semop(3, {{0, +0, SEM_UNDO}, {1, -1, IPC_NOWAIT}, ...}, 9) = 0");
	/* With a timeout it is semtimedop. */
	c = call(TSYS_SEMTIMEDOP, 3, 0x1000, 1, 0x7ffd0000, -EAGAIN);
	cr_assert_str_eq(tracecall_name(&c), "semtimedop");
	cr_assert_str_eq(text(&c), "semtimedop(3, ?, 1, 0x7ffd0000) = -1 EAGAIN");
	cr_assert_eq(tracecall_errno(&c), EAGAIN);
}

Test(tracecall, other_calls_text)
{
	struct trace_call c = call(TSYS_SEMGET, 0x162e, 4, IPC_CREAT | IPC_EXCL | 0640, 0, 7);
	cr_assert_str_eq(text(&c), "semget(0x0000162e, 4, IPC_CREAT|IPC_EXCL|0640) = 7");
	cr_assert_eq(tracecall_op(&c), TOP_GET);
	c = call(TSYS_SEMCTL, 7, 2, SETVAL, 5, 0);
	cr_assert_str_eq(text(&c), "semctl(7, 2, SETVAL, 5) = 0");
	c = call(TSYS_SEMCTL, 7, 0, IPC_RMID | 0x100, 0, -EIDRM);
	cr_assert_str_eq(text(&c), "semctl(7, 0, IPC_RMID) = -1 EIDRM");
	c = call(TSYS_MSGSND, 2, 0x5000, 64, IPC_NOWAIT, -EAGAIN);
	cr_assert_str_eq(text(&c), "msgsnd(2, ..., 64, IPC_NOWAIT) = -1 EAGAIN");
	cr_assert_eq(tracecall_op(&c), TOP_SEND);
	c = call(TSYS_MSGRCV, 2, 0x5000, 64, (uint64_t)-3, MSG_NOERROR | 0x4000000);
	c.arg[4] = MSG_NOERROR | 0x4000000;
	c.ret = 12;
	cr_assert_str_eq(text(&c), "msgrcv(2, ..., 64, -3, MSG_NOERROR|0x4000000) = 12");
	c = call(TSYS_MSGCTL, 2, MSG_STAT_ANY, 0, 0, 0);
	cr_assert_str_eq(text(&c), "msgctl(2, MSG_STAT_ANY, ...) = 0");
	c = call(TSYS_MSGGET, IPC_PRIVATE, 0600, 0, 0, 3);
	cr_assert_str_eq(text(&c), "msgget(IPC_PRIVATE, 0600) = 3");
	c = call(TSYS_SHMAT, 5, 0, SHM_RDONLY, 0, 0x7f12a000);
	cr_assert_str_eq(text(&c), "shmat(5, NULL, SHM_RDONLY) = 0x7f12a000");
	cr_assert_eq(tracecall_op(&c), TOP_ATTACH);
	c = call(TSYS_SHMDT, 0x7f12a000, 0, 0, 0, -EINVAL);
	cr_assert_str_eq(text(&c), "shmdt(0x7f12a000) = -1 EINVAL");
	c = call(TSYS_SHMCTL, 5, 99, 0, 0, -EINVAL);
	cr_assert_str_eq(text(&c), "shmctl(5, 99, ...) = -1 EINVAL");
	c = call(TSYS_SHMGET, 0x1, 1 << 20, IPC_CREAT | SHM_HUGETLB | 0600, 0, -ENOMEM);
	cr_assert_str_eq(text(&c), "shmget(0x00000001, 1048576, IPC_CREAT|SHM_HUGETLB|0600) = -1 ENOMEM");
	/* Interrupted by a signal; still blocked. */
	c = call(TSYS_MSGRCV, 2, 0, 8, 0, -512);
	cr_assert_str_eq(text(&c), "msgrcv(2, ..., 8, 0, 0) = -1 ERESTARTSYS");
	c.done = false;
	cr_assert_str_eq(text(&c), "msgrcv(2, ..., 8, 0, 0) = ?");
	cr_assert_eq(tracecall_errno(&c), 0);
	/* A buffer too small is cut visibly. */
	char small[12];
	tracecall_format(&c, small, sizeof(small));
	cr_assert_eq(strlen(small), sizeof(small) - 1);
	cr_assert_str_eq(small + strlen(small) - 3, "...");
}

static char *json_of(const struct trace_call *c)
{
	static char buf[2048];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	cr_assert_not_null(f);
	struct json j;
	json_init(&j, f, 0);
	tracecall_json(c, &j, 1796611817000000000LL); /* 2026-12-07T02:50:17Z */
	fclose(f);
	return buf;
}

Test(tracecall, json_line)
{
	struct trace_call c = call(TSYS_SEMTIMEDOP, 3, 0x1000, 1, 0, 0);
	c.nsops = 1;
	c.sops[0] = (struct sembuf){ 0, -1, 0 };
	c.start_ns = 1234567;
	c.end_ns = c.start_ns + 2500;
	char *j = json_of(&c);
	cr_assert_str_eq(j, "{\"time\":\"2026-12-07T02:50:17.001234Z\",\"epoch-us\":1796611817001234,\"pid\":4242,"
			    "\"tid\":4242,\"command\":\"app\",\"call\":\"semop\",\"syscall\":\"semtimedop\",\"op\":\"P\","
			    "\"type\":\"sem\",\"id\":3,\"args\":{\"semid\":3,\"sops\":[{\"num\":0,\"op\":-1,\"flg\":\"0\"}],"
			    "\"nsops\":1,\"timeout\":\"NULL\"},\"ret\":0,\"duration-ns\":2500}\n");
	c = call(TSYS_MSGGET, 0x1234, IPC_CREAT | 0600, 0, 0, -EEXIST);
	c.id = -1;
	snprintf(c.comm, sizeof(c.comm), "a\"b\n\x1b[2J");
	j = json_of(&c);
	cr_assert_not_null(strstr(j, "\"command\":\"a\\\"b\\n\\u001b[2J\""), "%s", j);
	cr_assert_not_null(strstr(j, "\"id\":null,\"key\":\"0x00001234\""), "%s", j);
	cr_assert_not_null(strstr(j, "\"args\":{\"key\":\"0x00001234\",\"msgflg\":\"IPC_CREAT|0600\"}"), "%s", j);
	cr_assert_not_null(strstr(j, "\"ret\":-1,\"error\":\"EEXIST\",\"errno\":17"), "%s", j);
	c = call(TSYS_SHMAT, 5, 0, 0, 0, 0x7f12a000);
	j = json_of(&c);
	cr_assert_not_null(strstr(j, "\"ret\":\"0x7f12a000\""), "%s", j);
	c.done = false;
	j = json_of(&c);
	cr_assert_not_null(strstr(j, "\"ret\":null"), "%s", j);
}

Test(tracecall, event_names_and_durations)
{
	bool is_exit;
	cr_assert_eq(tsys_from_event("sys_enter_semop", &is_exit), TSYS_SEMOP);
	cr_assert_not(is_exit);
	cr_assert_eq(tsys_from_event("sys_exit_shmget", &is_exit), TSYS_SHMGET);
	cr_assert(is_exit);
	cr_assert_eq(tsys_from_event("sys_enter_semopx", &is_exit), -1);
	cr_assert_eq(tsys_from_event("sched_switch", &is_exit), -1);
	char d[16];
	cr_assert_str_eq(trace_format_duration(850, 0, d, sizeof(d)), "850ns");
	cr_assert_str_eq(trace_format_duration(12345, 0, d, sizeof(d)), "12us");
	cr_assert_str_eq(trace_format_duration(1234, 1, d, sizeof(d)), "1.2µs");
	cr_assert_str_eq(trace_format_duration(4500000, 0, d, sizeof(d)), "4.5ms");
	cr_assert_str_eq(trace_format_duration(2100000000, 0, d, sizeof(d)), "2.10s");
	cr_assert_str_eq(trace_format_duration(75000000000ULL, 0, d, sizeof(d)), "75s");
	char num[16];
	cr_assert_str_eq(trace_errno_name(EIDRM, num), "EIDRM");
	cr_assert_str_eq(trace_errno_name(516, num), "ERESTART_RESTARTBLOCK");
	cr_assert_str_eq(trace_errno_name(4000, num), "4000");
}

/* ---- instance names --------------------------------------------------------------- */

/* /proc/PID/stat texts: pid 100 started at tick 555, pid 200 at 7. */
static ssize_t fake_stat(pid_t pid, char *buf, size_t len)
{
	const char *t = pid == 100 ? "100 (ipctop) S 1 100 100 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 555 1 2\n"
			: pid == 200 ? "200 (a b) c)) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 7 1 2\n"
				     : NULL;
	if (!t)
		return -1;
	snprintf(buf, len, "%s", t);
	return (ssize_t)strlen(buf);
}

Test(tracefs, stale_instance_names)
{
	cr_assert_eq(tracefs_name_is_stale("ipctop-100-555", fake_stat), 0);  /* running */
	cr_assert_eq(tracefs_name_is_stale("ipctop-100-554", fake_stat), 1);  /* pid reused */
	cr_assert_eq(tracefs_name_is_stale("ipctop-300-1", fake_stat), 1);    /* gone */
	cr_assert_eq(tracefs_name_is_stale("ipctop-200-7", fake_stat), 0);    /* odd comm */
	cr_assert_eq(tracefs_name_is_stale("ipctop-300", fake_stat), 0);      /* not ours */
	cr_assert_eq(tracefs_name_is_stale("ipctop-300-1x", fake_stat), 0);
	cr_assert_eq(tracefs_name_is_stale("ipctop--3-1", fake_stat), 0);
	cr_assert_eq(tracefs_name_is_stale("perf-300-1", fake_stat), 0);
	cr_assert_eq(tracefs_stat_start("1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20\n"), 19);
	cr_assert_eq(tracefs_stat_start("1 (x) S 1 2"), 0);
	cr_assert_eq(tracefs_stat_start("garbage"), 0);
}

Test(tracefs, clean_stale_removes_only_ended_ipctops)
{
	char root[] = "/tmp/ipctop-unit-tracefs.XXXXXX", path[256], text[1024];
	cr_assert_not_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/instances", root);
	cr_assert_eq(mkdir(path, 0700), 0);
	FILE *f = fopen("/proc/self/stat", "r");
	cr_assert_not_null(f);
	cr_assert_not_null(fgets(text, sizeof(text), f));
	fclose(f);
	unsigned long long start = tracefs_stat_start(text);
	cr_assert_gt(start, 0);
	/* A pid that cannot exist (above pid_max's ceiling). */
	const char *names[5];
	char mine[64], reused[64];
	snprintf(mine, sizeof(mine), "ipctop-%d-%llu", (int)getpid(), start);
	snprintf(reused, sizeof(reused), "ipctop-%d-%llu", (int)getpid(), start + 1);
	names[0] = mine;
	names[1] = reused;
	names[2] = "ipctop-2147483600-5";
	names[3] = "someone-else";
	names[4] = "ipctop-notours";
	for (int i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/instances/%s", root, names[i]);
		cr_assert_eq(mkdir(path, 0700), 0);
	}
	cr_assert_eq(tracefs_clean_stale(root), 2);
	bool want[5] = { true, false, false, true, true };
	for (int i = 0; i < 5; i++) {
		struct stat st;
		snprintf(path, sizeof(path), "%s/instances/%s", root, names[i]);
		cr_assert_eq(stat(path, &st) == 0, want[i], "%s", names[i]);
		if (want[i])
			rmdir(path);
	}
	snprintf(path, sizeof(path), "%s/instances", root);
	cr_assert_eq(rmdir(path), 0);
	cr_assert_eq(rmdir(root), 0);
}
