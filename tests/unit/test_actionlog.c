/* test_actionlog.c — unit tests of src/ops/actionlog.c: the bounded ring of
 * lines (oldest dropped, totals), line format with a frozen clock, lines
 * added by ops (failed flag, message), and the generated C program: a whole
 * session (queues, sets, segments, failures, refusals, an object not
 * created in the session, payloads with comment and trigraph traps) is
 * written, compiled with `cc -Wall -Werror`, run in this namespace with
 * exit status 0, and the objects it made are checked with msgctl/semctl;
 * a worker's call is replayed where it completed (after the V that woke
 * it); a fill is one memset and a 64 KiB write keeps 4 KiB with a comment.
 * Keys 0x0b5e02xx. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ops/actionlog.h"
#include "ops/ops.h"
#include "ops/worker.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	static char buf[65536];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void ok(struct op_result r)
{
	cr_assert_eq(r.err, 0, "%s | %s", r.call, r.message);
	ops_result_free(&r);
}

Test(actionlog, ring_keeps_the_newest)
{
	actionlog_clear();
	cr_assert_eq(actionlog_count(), 0);
	cr_assert_null(actionlog_get(0));
	for (int i = 0; i < ACTIONLOG_LINES + 20; i++)
		actionlog_note("note %d", i);
	cr_assert_eq(actionlog_count(), ACTIONLOG_LINES);
	cr_assert_eq(actionlog_total(), ACTIONLOG_LINES + 20);
	cr_assert_str_eq(actionlog_get(0)->text, "note 20");
	char want[32];
	snprintf(want, sizeof(want), "note %d", ACTIONLOG_LINES + 19);
	cr_assert_str_eq(actionlog_get(ACTIONLOG_LINES - 1)->text, want);
	cr_assert_null(actionlog_get(ACTIONLOG_LINES));
	actionlog_clear();
	cr_assert_eq(actionlog_count(), 0);
	cr_assert_eq(actionlog_total(), 0);
}

Test(actionlog, line_format_with_frozen_clock)
{
	setenv("IPCTOP_FAKE_TIME", "1700000000", 1);
	setenv("TZ", "UTC", 1);
	tzset();
	actionlog_clear();
	actionlog_note("hello");
	char buf[128];
	cr_assert_str_eq(actionlog_format_line(actionlog_get(0), buf, sizeof(buf)), "22:13:20 hello");
	cr_assert(!actionlog_get(0)->failed);
	unsetenv("IPCTOP_FAKE_TIME");
}

Test(actionlog, ops_add_their_calls)
{
	actionlog_clear();
	int sem = semget(IPC_PRIVATE, 1, 0600);
	cr_assert_geq(sem, 0);
	struct sembuf p = { 0, -1, IPC_NOWAIT };
	struct op_result r = ops_semop(sem, &p, 1);
	cr_assert_eq(r.err, EAGAIN);
	cr_assert_eq(actionlog_count(), 1);
	const struct actionlog_line *l = actionlog_get(0);
	cr_assert_str_eq(l->text, r.call);
	cr_assert_str_eq(l->message, r.message);
	cr_assert(l->failed);
	r = ops_sem_setval(sem, 0, 3);
	l = actionlog_get(1);
	cr_assert_str_eq(l->text, r.call);
	cr_assert(!l->failed);
	semctl(sem, 0, IPC_RMID);
}

/* A received message is kept whole for the log (the status line shows its
 * start): msgrcv of 1000 bytes, every byte in the formatted line; a peek
 * too; a failed receive keeps nothing. */
Test(actionlog, received_message_kept_whole)
{
	actionlog_clear();
	int q = msgget(IPC_PRIVATE, 0600);
	cr_assert_geq(q, 0);
	char text[1001];
	for (int i = 0; i < 1000; i++)
		text[i] = (char)('a' + i % 26);
	text[1000] = '\0';
	text[999] = 'Z';
	ok(ops_msgsnd(q, 7, text, 1000, IPC_NOWAIT));
	ok(ops_msgsnd(q, 8, "peeked", 6, IPC_NOWAIT));
	struct op_result r = ops_msgrcv(q, 7, 8192, IPC_NOWAIT);
	cr_assert_eq(r.ret, 1000, "%s", r.message);
	ops_result_free(&r);
	r = ops_msg_peek(q, 0);
	cr_assert_eq(r.ret, 6, "%s", r.message);
	ops_result_free(&r);
	r = ops_msgrcv(q, 99, 8192, IPC_NOWAIT); /* ENOMSG */
	cr_assert_eq(r.err, ENOMSG);
	ops_result_free(&r);
	cr_assert_eq(actionlog_count(), 5);
	const struct actionlog_line *l = actionlog_get(2);
	cr_assert(l->has_msg);
	cr_assert_eq(l->mtype, 7);
	cr_assert_eq(l->msg_len, 1000);
	size_t size = actionlog_line_size(l);
	char *buf = malloc(size);
	cr_assert_not_null(buf);
	actionlog_format_line(l, buf, size);
	char want[1100];
	snprintf(want, sizeof(want), " -> type 7, 1000 bytes: \"%s\"", text);
	cr_assert(strstr(buf, want), "%s", buf);
	cr_assert(strstr(buf, l->text) == buf + 9, "%s", buf); /* the call after the time */
	free(buf);
	l = actionlog_get(3);
	cr_assert(l->has_msg && l->mtype == 8 && l->msg_len == 6 && memcmp(l->msg, "peeked", 6) == 0);
	cr_assert(!actionlog_get(4)->has_msg);
	cr_assert(!actionlog_get(0)->has_msg); /* msgsnd */

	/* A one-byte message says "1 byte". */
	ok(ops_msgsnd(q, 9, "!", 1, IPC_NOWAIT));
	r = ops_msgrcv(q, 9, 8192, IPC_NOWAIT);
	cr_assert_eq(r.ret, 1, "%s", r.message);
	ops_result_free(&r);
	l = actionlog_get(actionlog_count() - 1);
	cr_assert(l->has_msg && l->msg_len == 1);
	char one[512];
	actionlog_format_line(l, one, sizeof(one));
	cr_assert(strstr(one, " -> type 9, 1 byte: \"!\""), "%s", one);
	msgctl(q, IPC_RMID, NULL);
	actionlog_clear();
}

/* Writes v into /proc/sys/kernel/NAME (this test's IPC namespace's own),
 * returning the old value in old. */
static void set_sysctl(const char *name, const char *v, char *old, size_t oldlen)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	if (old && !fgets(old, (int)oldlen, f))
		old[0] = '\0';
	fclose(f);
	f = fopen(path, "w");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs(v, f);
	cr_assert_eq(fclose(f), 0, "%s: %s", path, strerror(errno));
}

/* The ring holds at most ACTIONLOG_MSG_BUDGET bytes of messages: the
 * oldest lines' bytes go first, and say so; the newest are kept. With
 * MSGMAX raised to 64 KiB (in this namespace) so that the budget binds
 * before the ring's 500 lines do. */
Test(actionlog, message_bytes_bounded)
{
	char msgmax[32], msgmnb[32];
	set_sysctl("msgmax", "65536", msgmax, sizeof(msgmax));
	set_sysctl("msgmnb", "65536", msgmnb, sizeof(msgmnb));
	actionlog_clear();
	int q = msgget(IPC_PRIVATE, 0600);
	cr_assert_geq(q, 0);
	static char big[ACTIONLOG_MSG_MAX];
	memset(big, 'x', sizeof(big));
	size_t n = ACTIONLOG_MSG_BUDGET / sizeof(big) + 8; /* past the budget */
	for (size_t i = 0; i < n; i++) {
		struct op_result r = ops_msgsnd(q, 1, big, sizeof(big), IPC_NOWAIT);
		cr_assert_eq(r.ret, 0, "%s", r.message);
		ops_result_free(&r);
		r = ops_msgrcv(q, 0, sizeof(big), IPC_NOWAIT);
		cr_assert_eq(r.ret, (int)sizeof(big), "%s", r.message);
		ops_result_free(&r);
	}
	msgctl(q, IPC_RMID, NULL);
	set_sysctl("msgmax", msgmax, NULL, 0);
	set_sysctl("msgmnb", msgmnb, NULL, 0);
	cr_assert_eq(actionlog_count(), 2 * n);
	size_t kept = 0, dropped = 0;
	for (size_t i = 0; i < actionlog_count(); i++) {
		const struct actionlog_line *l = actionlog_get(i);
		if (l->has_msg)
			l->msg ? kept++ : dropped++;
	}
	cr_assert_eq(kept, ACTIONLOG_MSG_BUDGET / sizeof(big));
	cr_assert_eq(dropped, n - kept);
	const struct actionlog_line *first = actionlog_get(1), *last = actionlog_get(actionlog_count() - 1);
	cr_assert_null(first->msg);
	cr_assert(last->msg && last->msg_len == sizeof(big) && memcmp(last->msg, big, sizeof(big)) == 0);
	char buf[512];
	cr_assert(strstr(actionlog_format_line(first, buf, sizeof(buf)),
			 " -> type 1, 65536 bytes: (text dropped: the log keeps 4 MiB of messages)"), "%s", buf);
	actionlog_clear();
}

/* Writes the log as C into dir/replay.c, compiles it, runs it. Returns
 * the program's text. */
static char *build_and_run(char *dir)
{
	cr_assert_not_null(mkdtemp(dir));
	char path[128], cmd[512];
	snprintf(path, sizeof(path), "%s/replay.c", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	cr_assert_eq(actionlog_write_c(f), 0);
	cr_assert_eq(fclose(f), 0);
	char *text = slurp(path);
	snprintf(cmd, sizeof(cmd), "cc -Wall -Werror -o %s/replay %s", dir, path);
	int rc = system(cmd);
	cr_assert_eq(rc, 0, "the program does not compile:\n%s", text);
	snprintf(cmd, sizeof(cmd), "%s/replay", dir);
	rc = system(cmd);
	cr_assert(WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "the program failed (status %d):\n%s", rc, text);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	return text;
}

Test(actionlog, c_program_replays_the_session, .timeout = 60)
{
	actionlog_clear();
	/* an object from outside the session: used by its literal id */
	int outside = msgget(IPC_PRIVATE, 0600);
	cr_assert_geq(outside, 0);

	struct op_result r = ops_msg_create(0x0b5e0201, 0640, true, 2048);
	ok(r);
	int q = r.id;
	static const char tricky[] = "end */ /* ?\?/ ?\?= \\ \"q\"\n\x01" "a\xff";
	ok(ops_msgsnd(q, 1, tricky, sizeof(tricky) - 1, IPC_NOWAIT));
	ok(ops_msgsnd(q, 2, "second", 6, IPC_NOWAIT));
	ok(ops_msg_peek(q, 1));
	ok(ops_msgrcv(q, 1, 100, IPC_NOWAIT | MSG_NOERROR));
	ok(ops_msgsnd(outside, 5, "out", 3, 0));

	int vals[] = { 1, 0 };
	r = ops_sem_create(0x0b5e0203, 2, 0600, true, vals, 2);
	ok(r);
	int s = r.id;
	struct sembuf multi[] = { { 0, -1, 0 }, { 1, 3, SEM_UNDO } };
	ok(ops_semop(s, multi, 2));
	struct sembuf nowait = { 0, -1, IPC_NOWAIT };
	r = ops_semop(s, &nowait, 1); /* fails: value 0 */
	cr_assert_eq(r.err, EAGAIN);
	r = ops_sem_setval(s, 0, 40000); /* refused */
	cr_assert(r.refused);
	ok(ops_sem_setval(s, 0, 7));
	struct ops_ipcset set = { .has_mode = true, .mode = 0640 };
	ok(ops_sem_set(s, &set));
	int all[] = { 9, 8 };
	ok(ops_sem_setall(s, all, 2));

	r = ops_shm_create(0x0b5e0204, 4096, 0600, true);
	ok(r);
	int shm = r.id;
	struct op_result at = ops_shm_attach(shm, false);
	cr_assert_eq(at.err, 0);
	ok(ops_shm_write(at.addr, 8, "xyz", 3));
	ok(ops_shm_detach(at.addr));
	ok(ops_shm_remove(shm));
	ok(ops_ftok("/tmp", 'x'));

	/* The session's objects go away so the replay can make its own. */
	cr_assert_eq(msgctl(q, IPC_RMID, NULL), 0);
	cr_assert_eq(semctl(s, 0, IPC_RMID), 0);

	char dir[] = "/tmp/ipctop-replay.XXXXXX";
	char *text = build_and_run(dir);
	cr_assert(strstr(text, "(failed: not replayed)"), "%s", text);
	cr_assert(strstr(text, "(refused: not replayed)"), "%s", text);
	char lit[64];
	snprintf(lit, sizeof(lit), "msgsnd(%d, &msg, 3, 0)", outside);
	cr_assert(strstr(text, lit), "outside queue not used by its id:\n%s", text);
	cr_assert(strstr(text, "int msq_1 = msgget((key_t)0x0b5e0201, IPC_CREAT|IPC_EXCL|0640);"),
		  "%s", text);

	int q2 = msgget(0x0b5e0201, 0);
	cr_assert_geq(q2, 0, "the program made no queue");
	struct msqid_ds mds;
	cr_assert_eq(msgctl(q2, IPC_STAT, &mds), 0);
	cr_assert_eq(mds.msg_perm.__key, 0x0b5e0201);
	cr_assert_eq(mds.msg_perm.mode & 0777, 0640);
	cr_assert_eq(mds.msg_qbytes, 2048);
	cr_assert_eq(mds.msg_qnum, 1); /* two sent, one received */
	struct { long t; char m[64]; } got;
	cr_assert_eq(msgrcv(q2, &got, sizeof(got.m), 0, IPC_NOWAIT), 6);
	cr_assert_eq(got.t, 2);
	cr_assert_eq(memcmp(got.m, "second", 6), 0);
	cr_assert_eq(msgctl(outside, IPC_STAT, &mds), 0);
	cr_assert_eq(mds.msg_qnum, 2, "session + replay messages on the outside queue");

	int s2 = semget(0x0b5e0203, 0, 0);
	cr_assert_geq(s2, 0, "the program made no set");
	struct semid_ds sds;
	cr_assert_eq(semctl(s2, 0, IPC_STAT, &sds), 0);
	cr_assert_eq(sds.sem_nsems, 2);
	cr_assert_eq(sds.sem_perm.mode & 0777, 0640);
	cr_assert_eq(semctl(s2, 0, GETVAL), 9);
	/* 8 stays after the program's exit: the SEM_UNDO +3 came before
	 * SETALL, which clears the undo values */
	cr_assert_eq(semctl(s2, 1, GETVAL), 8);

	cr_assert_eq(shmget(0x0b5e0204, 0, 0), -1, "the program did not remove its segment");
	cr_assert_eq(errno, ENOENT);

	msgctl(q2, IPC_RMID, NULL);
	msgctl(outside, IPC_RMID, NULL);
	semctl(s2, 0, IPC_RMID);
}

/* A fill is replayed as one memset, a large write keeps its first
 * ACTIONLOG_DATA_MAX bytes with a comment: the program stays small. */
Test(actionlog, fill_is_a_memset_and_big_writes_are_cut, .timeout = 60)
{
	actionlog_clear();
	struct op_result r = ops_shm_create(0x0b5e0205, 128 << 10, 0600, true);
	ok(r);
	int shm = r.id;
	struct op_result at = ops_shm_attach(shm, false);
	cr_assert_eq(at.err, 0);
	static char big[64 << 10];
	memset(big, 'w', sizeof(big));
	ok(ops_shm_write(at.addr, 0, big, sizeof(big)));
	ok(ops_shm_fill(at.addr, 64 << 10, 64 << 10, 0x5a));
	ok(ops_shm_detach(at.addr));
	/* the replay makes the segment again */
	cr_assert_eq(shmctl(shm, IPC_RMID, NULL), 0);

	char dir[] = "/tmp/ipctop-replay.XXXXXX";
	char *text = build_and_run(dir);
	cr_assert_lt(strlen(text), 24u << 10, "the program keeps at most a few KiB per action:\n%.300s", text);
	cr_assert(strstr(text, "/* 65536 bytes were written here; only the first 4096 were kept */"), "%s", text);
	cr_assert(strstr(text, "memset((char *)at_2 + 65536, 0x5a, 65536u);"), "%s", text);
	int again = shmget(0x0b5e0205, 0, 0);
	cr_assert_geq(again, 0, "the program made no segment");
	unsigned char *p = shmat(again, NULL, SHM_RDONLY);
	cr_assert_neq(p, (void *)-1);
	cr_assert_eq(p[0], 'w');
	cr_assert_eq(p[4095], 'w');
	cr_assert_eq(p[4096], 0, "the cut part is not replayed");
	cr_assert_eq(p[65535], 0);
	cr_assert_eq(p[65536], 0x5a);
	cr_assert_eq(p[(128 << 10) - 1], 0x5a);
	cr_assert_eq(shmdt(p), 0);
	cr_assert_eq(shmctl(again, IPC_RMID, NULL), 0);
}

Test(actionlog, empty_session_is_a_valid_program)
{
	actionlog_clear();
	actionlog_note("only a note");
	char dir[] = "/tmp/ipctop-replay.XXXXXX";
	char *text = build_and_run(dir);
	cr_assert(strstr(text, "int main(void)"), "%s", text);
	cr_assert(!strstr(text, "only a note"), "notes are not calls");
}

Test(actionlog, worker_calls_are_replayed_in_completion_order, .timeout = 60)
{
	actionlog_clear();
	struct op_result r = ops_sem_create(0x0b5e0202, 1, 0600, true, NULL, 0);
	ok(r);
	int s = r.id;
	/* P waits in a worker until the V: the log has the V first */
	struct sembuf v = { 0, 1, 0 }, p = { 0, -1, 0 };
	cr_assert_gt(worker_start_semop(s, &p, 1, &r), 0, "%s", r.message);
	int fd = worker_get(0)->fd;
	for (int i = 0; i < 1000 && semctl(s, 0, GETNCNT) != 1; i++)
		usleep(5000);
	cr_assert_eq(semctl(s, 0, GETNCNT), 1);
	ok(ops_semop(s, &v, 1));
	int rc = 0;
	for (int i = 0; i < 100 && rc == 0; i++) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		if (poll(&pfd, 1, 100) == 1)
			rc = worker_collect(fd, &r, NULL);
	}
	cr_assert_eq(rc, 1);
	cr_assert_eq(r.err, 0, "%s", r.message);
	ok(ops_sem_setval(s, 0, 4));
	cr_assert_eq(semctl(s, 0, IPC_RMID), 0);

	char dir[] = "/tmp/ipctop-replay.XXXXXX";
	char *text = build_and_run(dir);
	char *vpos = strstr(text, "{{0, +1, 0}}"), *ppos = strstr(text, "{{0, -1, 0}}");
	cr_assert(vpos && ppos && vpos < ppos, "V must come before P:\n%s", text);
	cr_assert(strstr(text, "semop(sem_1, sops, 1)"), "%s", text);
	int s2 = semget(0x0b5e0202, 0, 0);
	cr_assert_geq(s2, 0);
	cr_assert_eq(semctl(s2, 0, GETVAL), 4);
	semctl(s2, 0, IPC_RMID);
	worker_kill_all(); /* reaps the finished worker */
}

/* A create whose key came from ftok (the create form's "key from: ftok")
 * shows and replays the ftok() call, not the number it gave: the log line
 * reads `msgget(ftok("/tmp", 'k'), ...)` and the program computes its key
 * with ftok and makes the queue under that key. */
Test(actionlog, ftok_key_is_shown_and_replayed_as_ftok, .timeout = 60)
{
	actionlog_clear();
	key_t key = ftok("/tmp", 'k');
	cr_assert_neq(key, (key_t)-1);
	struct op_result r = ops_run(&(struct op_request){
		.kind = OP_MSG_CREATE, .key = key, .path = "/tmp", .proj = 'k', .mode = 0600, .excl = true });
	cr_assert_eq(r.err, 0, "%s | %s", r.call, r.message);
	char want[96];
	snprintf(want, sizeof(want), "msgget(ftok(\"/tmp\", 'k'), IPC_CREAT|IPC_EXCL|0600) = %d", r.id);
	cr_assert_str_eq(r.call, want);
	cr_assert_eq(msgctl(r.id, IPC_RMID, NULL), 0);
	ops_result_free(&r);
	char dir[] = "/tmp/ipctop-replay.XXXXXX";
	char *text = build_and_run(dir);
	cr_assert(strstr(text, "key_t key1 = ftok(\"/tmp\", 'k');"), "%s", text);
	cr_assert(strstr(text, "msgget(key1, IPC_CREAT|IPC_EXCL|0600)"), "%s", text);
	int q = msgget(key, 0);
	cr_assert_geq(q, 0, "the program made no queue under ftok's key");
	msgctl(q, IPC_RMID, NULL);
}
