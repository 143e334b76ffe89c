/* test_procinfo.c — unit tests of src/proc/procinfo.c: our own ids against
 * getppid/getpgrp/getsid; a child in a new session (sid == pgid == its pid,
 * no terminal); a command name with spaces and parentheses set by
 * PR_SET_NAME, and one with a newline and an escape (read whole); whether
 * a pid exists (init as another user, a reaped child); zombies and reaped
 * pids; the stat parser on crafted and malformed text; tty_nr decoding. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc/procinfo.h"
#include "proc/procs.h"

Test(procinfo_read, own_process)
{
	struct procinfo pi;
	cr_assert_eq(procinfo_read(getpid(), &pi), 0, "%s", strerror(errno));
	cr_assert(pi.alive);
	cr_assert_eq(pi.pid, getpid());
	cr_assert_eq(pi.ppid, getppid());
	cr_assert_eq(pi.pgid, getpgrp());
	cr_assert_eq(pi.sid, getsid(0));
	cr_assert_eq(pi.state, 'R', "reading itself, it runs");
	char comm[64];
	cr_assert_eq(procs_comm(getpid(), comm, sizeof(comm)), 0);
	cr_assert_str_eq(pi.comm, comm);
	char tty[32];
	cr_assert_str_eq(pi.tty, procinfo_tty_name(pi.tty_nr, tty, sizeof(tty)));
}

/* A child: optional setsid and name, says 'r', exits when `hold` closes. */
static pid_t spawn(int new_session, const char *name, int *hold_w)
{
	int rd[2], hold[2];
	cr_assert_eq(pipe(rd), 0);
	cr_assert_eq(pipe(hold), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(rd[0]);
		close(hold[1]);
		if (new_session && setsid() < 0)
			_exit(2);
		if (name && prctl(PR_SET_NAME, name, 0, 0, 0) < 0)
			_exit(3);
		if (write(rd[1], "r", 1) != 1)
			_exit(4);
		char c;
		while (read(hold[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(rd[1]);
	close(hold[0]);
	char c = 0;
	ssize_t n;
	do
		n = read(rd[0], &c, 1);
	while (n < 0 && errno == EINTR);
	cr_assert_eq(n, 1, "child failed to start");
	close(rd[0]);
	*hold_w = hold[1];
	return pid;
}

/* Reads pid until it sleeps (it may still be running just after its 'r'). */
static void read_sleeping(pid_t pid, struct procinfo *pi)
{
	for (int i = 0; i < 2000; i++) {
		cr_assert_eq(procinfo_read(pid, pi), 0);
		if (pi->state == 'S')
			return;
		usleep(1000);
	}
	cr_assert_fail("pid %d never sleeps (state %c)", (int)pid, pi->state);
}

static void finish(pid_t pid, int hold)
{
	close(hold);
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %d", st);
}

Test(procinfo_read, child_in_new_session)
{
	int hold;
	pid_t pid = spawn(1, NULL, &hold);
	struct procinfo pi;
	read_sleeping(pid, &pi);
	cr_assert_eq(pi.pid, pid);
	cr_assert_eq(pi.ppid, getpid());
	cr_assert_eq(pi.sid, pid);
	cr_assert_eq(pi.pgid, pid);
	cr_assert_eq(pi.tty_nr, 0);
	cr_assert_str_eq(pi.tty, "-");
	cr_assert_eq(pi.tpgid, -1, "no terminal, no foreground group");
	finish(pid, hold);
}

Test(procinfo_read, comm_with_spaces_and_parens)
{
	int hold;
	pid_t pid = spawn(0, "a) b (c", &hold);
	struct procinfo pi;
	read_sleeping(pid, &pi);
	cr_assert_str_eq(pi.comm, "a) b (c");
	cr_assert_eq(pi.ppid, getpid());
	cr_assert_eq(pi.pgid, getpgrp());
	finish(pid, hold);
}

/* A name with a newline, an escape and a ')' (the kernel keeps 15 bytes)
 * is read whole from /proc/PID/stat and /proc/PID/comm. */
Test(procinfo_read, comm_with_newline_and_escape)
{
	static const char name[] = "a\nb\x1b[31m) x";
	int hold;
	pid_t pid = spawn(0, name, &hold);
	struct procinfo pi;
	read_sleeping(pid, &pi);
	cr_assert_str_eq(pi.comm, name);
	char comm[64];
	cr_assert_eq(procs_comm(pid, comm, sizeof(comm)), 0);
	cr_assert_str_eq(comm, name, "procs_comm cut the name: '%s'", comm);
	finish(pid, hold);
}

/* procinfo_exists: a running process, init (EPERM for another user), a
 * reaped child (ESRCH); procs_comm of a reaped child says "[gone]". */
Test(procinfo_exists, running_other_users_and_reaped)
{
	cr_assert(procinfo_exists(getpid()));
	cr_assert(procinfo_exists(1));
	cr_assert(!procinfo_exists(0));
	cr_assert(!procinfo_exists(-1));
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) /* as nobody, init is another user's: kill(1, 0) is EPERM */
		_exit(setgid(65534) == 0 && setuid(65534) == 0 && kill(1, 0) < 0 && errno == EPERM &&
		      procinfo_exists(1) ? 0 : 1);
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "as uid 65534, init does not exist (status %d)", st);
	cr_assert(!procinfo_exists(pid), "reaped child %d still exists", (int)pid);
	char comm[64];
	cr_assert_eq(procs_comm(pid, comm, sizeof(comm)), -1);
	cr_assert_str_eq(comm, "[gone]");
	struct procinfo pi;
	cr_assert_eq(procinfo_read(pid, &pi), -1);
	cr_assert(!pi.hidden);
}

Test(procinfo_read, zombie_then_gone)
{
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(0);
	struct procinfo pi;
	/* wait until it is a zombie, without reaping it */
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	cr_assert_eq(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
	cr_assert_eq(procinfo_read(pid, &pi), 0);
	cr_assert(pi.alive);
	cr_assert_eq(pi.state, 'Z');
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
	cr_assert_eq(procinfo_read(pid, &pi), -1);
	cr_assert_eq(errno, ENOENT);
	cr_assert(!pi.alive);
	cr_assert_eq(pi.pid, pid);
	cr_assert_eq(pi.state, '?');
	cr_assert_str_eq(pi.comm, "[gone]");
	cr_assert(!pi.hidden);
	cr_assert_str_eq(pi.tty, "-");
	cr_assert_eq(procinfo_read(0, &pi), -1);
	cr_assert(!pi.alive);
}

Test(procinfo_parse, crafted_lines)
{
	struct procinfo pi;
	cr_assert_eq(procinfo_parse_stat("123 (a) b (c) S 1 2 3 34817 5 4194560 0 0\n", &pi), 0);
	cr_assert_eq(pi.pid, 123);
	cr_assert_str_eq(pi.comm, "a) b (c");
	cr_assert_eq(pi.state, 'S');
	cr_assert_eq(pi.ppid, 1);
	cr_assert_eq(pi.pgid, 2);
	cr_assert_eq(pi.sid, 3);
	cr_assert_eq(pi.tty_nr, 34817);
	cr_assert_str_eq(pi.tty, "pts/1");
	cr_assert_eq(pi.tpgid, 5);
	cr_assert(pi.alive);
	cr_assert_eq(procinfo_parse_stat("7 ()) R 0 0 0 0 -1", &pi), 0);
	cr_assert_str_eq(pi.comm, ")");
	cr_assert_eq(procinfo_parse_stat("8 () Z 1 1 1 0 -1", &pi), 0);
	cr_assert_str_eq(pi.comm, "");
	cr_assert_eq(pi.state, 'Z');
	/* a name longer than the field is cut, not overflowed */
	char longline[256];
	memset(longline, 0, sizeof(longline));
	strcpy(longline, "9 (");
	memset(longline + 3, 'x', 100);
	strcat(longline, ") S 1 1 1 0 -1");
	cr_assert_eq(procinfo_parse_stat(longline, &pi), 0);
	cr_assert_eq(strlen(pi.comm), sizeof(pi.comm) - 1);

	const char *bad[] = { "", "123", "123 (abc", "abc (x) S 1 2 3 4 5", "123 (x) S 1 2",
			      "123 x) S 1 2 3 4 5", ") 1 (x S 1 2 3 4 5", "0 (x) S 1 2 3 4 5",
			      "-4 (x) S 1 2 3 4 5", "123 (x)" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(procinfo_parse_stat(bad[i], &pi), -1, "accepted \"%s\"", bad[i]);
		cr_assert(!pi.alive);
	}
}

static int enc(unsigned major, unsigned minor)
{
	return (int)((minor & 0xffu) | (major << 8) | ((minor & ~0xffu) << 12));
}

Test(procinfo_tty, names)
{
	char b[32];
	cr_assert_str_eq(procinfo_tty_name(0, b, sizeof(b)), "-");
	cr_assert_str_eq(procinfo_tty_name(enc(136, 3), b, sizeof(b)), "pts/3");
	cr_assert_str_eq(procinfo_tty_name(enc(136, 1000), b, sizeof(b)), "pts/1000");
	cr_assert_str_eq(procinfo_tty_name(enc(137, 2), b, sizeof(b)), "pts/258");
	cr_assert_str_eq(procinfo_tty_name(enc(4, 1), b, sizeof(b)), "tty1");
	cr_assert_str_eq(procinfo_tty_name(enc(4, 64), b, sizeof(b)), "ttyS0");
	cr_assert_str_eq(procinfo_tty_name(enc(5, 0), b, sizeof(b)), "tty");
	cr_assert_str_eq(procinfo_tty_name(enc(5, 1), b, sizeof(b)), "console");
	cr_assert_str_eq(procinfo_tty_name(enc(8, 1), b, sizeof(b)), "8:1");
	char small[4];
	cr_assert_str_eq(procinfo_tty_name(enc(136, 1000), small, sizeof(small)), "pts");
}

Test(procinfo_pid_of, names)
{
	cr_assert_eq(procinfo_pid_of("1"), 1);
	cr_assert_eq(procinfo_pid_of("1234"), 1234);
	cr_assert_eq(procinfo_pid_of("2147483647"), 2147483647);
	const char *bad[] = { "", "0", "007", "self", "12a", "-1", "+1", " 1", "2147483648",
			      "99999999999999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(procinfo_pid_of(bad[i]), 0, "\"%s\"", bad[i]);
	cr_assert_eq(procinfo_pid_of(NULL), 0);
}
