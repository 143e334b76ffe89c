/* test_semwait.c — unit tests of src/model/semwait.c and its use by
 * snapshot_read: the wchan and syscall texts (this kernel's and older
 * names, running, a 32-bit syscall, no symbols); in a private PID namespace
 * with its own /proc (every task visible), a scan finds exactly the sets
 * blocked children wait on (for an increase, for zero, two on one set), a
 * snapshot reads GETNCNT/GETZCNT for those sets only and its counts equal
 * the kernel's for every semaphore; outside it, in this PID namespace, the
 * scan either vouches for every task or says why not. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/semwait.h"
#include "model/snapshot.h"

Test(semwait, texts)
{
	cr_assert(semwait_wchan_is_semop("__do_semtimedop"));
	cr_assert(semwait_wchan_is_semop("do_semtimedop\n"));
	cr_assert(semwait_wchan_is_semop("SYSC_semtimedop"));
	cr_assert_not(semwait_wchan_is_semop("do_msgrcv"));
	cr_assert(semwait_wchan_is_symbol("__do_semtimedop"));
	cr_assert(semwait_wchan_is_symbol("do_wait"));
	cr_assert_not(semwait_wchan_is_symbol("0"));
	cr_assert_not(semwait_wchan_is_symbol("ffffffff8123abcd"));
	cr_assert_not(semwait_wchan_is_symbol("0xffffffff8123abcd"));
	cr_assert_not(semwait_wchan_is_symbol(""));
	char text[128];
	snprintf(text, sizeof(text), "%d 0x1f 0x7ffe5b0c 0x1 0x0 0x7 0x10f 0x7ffddf66ccf8 0x7f4b53be65da\n",
		 (int)SYS_semtimedop);
	cr_assert_eq(semwait_syscall_semid(text), 31);
#ifdef SYS_semop
	snprintf(text, sizeof(text), "%d 0x8000 0x7ffe5b0c 0x1 0x0 0x0 0x0 0x1 0x2\n", (int)SYS_semop);
	cr_assert_eq(semwait_syscall_semid(text), 32768);
#endif
	cr_assert_eq(semwait_syscall_semid("running\n"), SEMWAIT_RUNNING);
	cr_assert_eq(semwait_syscall_semid("117 0x4 0x1 0x1 0x0 0x7ffe 0x0 0x1 0x2\n"), SEMWAIT_UNKNOWN,
		     "i386 ipc(SEMTIMEDOP): not ours to parse");
	cr_assert_eq(semwait_syscall_semid("-1 0x7ffe 0x4011\n"), SEMWAIT_UNKNOWN);
	cr_assert_eq(semwait_syscall_semid("garbage"), SEMWAIT_UNKNOWN);
}

/* A child blocked in semop(semid, {num, op}). */
static pid_t blocked(int semid, unsigned short num, short op)
{
	pid_t p = fork();
	if (p == 0) {
		struct sembuf b = { num, op, 0 };
		_exit(semop(semid, &b, 1) == 0 ? 0 : 1);
	}
	return p;
}

static void wait_count(int semid, int num, int cmd, int want)
{
	for (int i = 0; i < 400 && semctl(semid, num, cmd) != want; i++)
		usleep(5000);
}

/* Runs in pid 1 of a new PID namespace with its own /proc: returns 0 when
 * every check passed, else the number of the failed one. */
static int in_private_pid_ns(void)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 || mount("proc", "/proc", "proc", 0, NULL) < 0)
		return 100;
	int sets[10];
	for (int i = 0; i < 10; i++) {
		sets[i] = semget(IPC_PRIVATE, 3, 0600);
		if (sets[i] < 0)
			return 101;
	}
	unsigned short one[3] = { 1, 1, 1 };
	if (semctl(sets[7], 0, SETALL, one) < 0)
		return 102;
	pid_t w[4] = { blocked(sets[2], 0, -1), blocked(sets[2], 1, -1), blocked(sets[7], 2, 0), blocked(sets[9], 1, -3) };
	wait_count(sets[2], 0, GETNCNT, 1);
	wait_count(sets[2], 1, GETNCNT, 1);
	wait_count(sets[7], 2, GETZCNT, 1);
	wait_count(sets[9], 1, GETNCNT, 1);
	int rc = 0;
	struct semwait_scan sc = { 0 };
	if (semwait_scan(&sc, true) < 0 || !sc.complete)
		rc = 1;
	else if (sc.n != 3 || sc.semids[0] != sets[2] || sc.semids[1] != sets[7] || sc.semids[2] != sets[9])
		rc = 2;
	else if (semwait_may_wait(&sc, sets[0]) || !semwait_may_wait(&sc, sets[7]))
		rc = 3;
	semwait_free(&sc);
	/* without the trust, this is not the initial PID namespace */
	if (rc == 0 && (semwait_scan(&sc, false) < 0 || sc.complete || !strstr(sc.why, "not the initial PID namespace")))
		rc = 4;
	semwait_free(&sc);
	struct snapshot s = { 0 };
	if (rc == 0) {
		setenv("IPCTOP_SEMWAIT", "visible", 1);
		if (snapshot_read(&s, KIND_BIT(KIND_SEM), SNAP_SEMWAIT) < 0)
			rc = 5;
		else if (s.semsets_counted != 3)
			rc = 6;
		for (size_t i = 0; rc == 0 && i < s.count; i++) {
			const struct ipc_semval *v = snapshot_semvals(&s, &s.objs[i]);
			for (unsigned k = 0; v && k < 3; k++)
				if (v[k].ncnt != semctl(s.objs[i].id, (int)k, GETNCNT) ||
				    v[k].zcnt != semctl(s.objs[i].id, (int)k, GETZCNT) ||
				    v[k].value != semctl(s.objs[i].id, (int)k, GETVAL))
					rc = 7;
			if (!v)
				rc = 8;
		}
		unsetenv("IPCTOP_SEMWAIT");
		if (rc == 0 && (snapshot_read(&s, KIND_BIT(KIND_SEM), SNAP_SEMWAIT) < 0 || s.semsets_counted != 10))
			rc = 9; /* not trusted here: every set read */
		snapshot_free(&s);
	}
	for (int i = 0; i < 4; i++)
		kill(w[i], SIGKILL);
	for (int i = 0; i < 4; i++)
		waitpid(w[i], NULL, 0);
	for (int i = 0; i < 10; i++)
		semctl(sets[i], 0, IPC_RMID);
	return rc;
}

Test(semwait, private_pid_namespace_exact_counts)
{
	pid_t outer = fork();
	cr_assert_geq(outer, 0);
	if (outer == 0) {
		if (unshare(CLONE_NEWPID | CLONE_NEWNS) < 0)
			_exit(99);
		pid_t init = fork(); /* pid 1 of the new namespace */
		if (init == 0)
			_exit(in_private_pid_ns());
		int st;
		_exit(waitpid(init, &st, 0) == init && WIFEXITED(st) ? WEXITSTATUS(st) : 98);
	}
	int st;
	cr_assert_eq(waitpid(outer, &st, 0), outer);
	cr_assert(WIFEXITED(st));
	cr_assert_eq(WEXITSTATUS(st), 0, "check %d failed (99: unshare, 100: mounting /proc)", WEXITSTATUS(st));
}

Test(semwait, here_complete_or_says_why)
{
	struct semwait_scan sc = { 0 };
	cr_assert_eq(semwait_scan(&sc, false), 0);
	cr_assert(sc.complete || strlen(sc.why) > 10, "an incomplete scan names its reason");
	if (sc.complete)
		cr_assert_gt(sc.tasks, 1, "it saw us and more");
	semwait_free(&sc);
}
