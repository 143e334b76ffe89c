/* test_sigtable.c — unit tests of src/proc/sigtable.c: names of 1..64 as kill -l
 * spells them and their round trip through sigtable_parse (with and
 * without SIG, any case, by number); parse errors; a child recording the
 * signals it gets (via a pipe, from an SA_SIGINFO handler) receives exactly
 * SIGUSR1 from kill and SIGRTMIN+1 with value 42 from sigqueue; the call
 * texts; ESRCH for a reaped pid, EPERM for an unprivileged sender, and the
 * refusal of pid 0 and bad signal numbers. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc/sigtable.h"
#include "test_io.h"

Test(sigtable_names, kill_l_spelling)
{
	static const struct {
		int sig;
		const char *name;
	} want[] = {
		{ 1, "SIGHUP" },      { 9, "SIGKILL" },      { 10, "SIGUSR1" },     { 12, "SIGUSR2" },
		{ 15, "SIGTERM" },    { 16, "SIGSTKFLT" },   { 17, "SIGCHLD" },     { 29, "SIGIO" },
		{ 30, "SIGPWR" },     { 31, "SIGSYS" },      { 32, "SIG32" },       { 33, "SIG33" },
		{ 34, "SIGRTMIN" },   { 35, "SIGRTMIN+1" },  { 49, "SIGRTMIN+15" }, { 50, "SIGRTMAX-14" },
		{ 63, "SIGRTMAX-1" }, { 64, "SIGRTMAX" },
	};
	char buf[32];
	cr_assert_eq(sigtable_max(), 64);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		cr_assert_eq(sigtable_name(want[i].sig, buf, sizeof(buf)), 0);
		cr_assert_str_eq(buf, want[i].name, "signal %d", want[i].sig);
	}
	cr_assert_eq(sigtable_name(0, buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "0");
	cr_assert_eq(sigtable_name(65, buf, sizeof(buf)), -1);
	cr_assert_str_eq(buf, "SIG?");
	cr_assert_eq(sigtable_name(-3, buf, sizeof(buf)), -1);
}

Test(sigtable_names, round_trip_1_to_64)
{
	char names[65][32];
	for (int sig = 1; sig <= 64; sig++) {
		char *n = names[sig], buf[40];
		cr_assert_eq(sigtable_name(sig, n, sizeof(names[sig])), 0);
		cr_assert_eq(strncmp(n, "SIG", 3), 0);
		cr_assert_eq(sigtable_parse(n), sig, "%s", n);
		cr_assert_eq(sigtable_parse(n + 3), sig, "%s without SIG", n);
		snprintf(buf, sizeof(buf), "%s", n);
		for (char *p = buf; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		cr_assert_eq(sigtable_parse(buf), sig, "%s", buf);
		snprintf(buf, sizeof(buf), "%d", sig);
		cr_assert_eq(sigtable_parse(buf), sig, "%s", buf);
		for (int other = 1; other < sig; other++)
			cr_assert_str_neq(names[other], n, "signals %d and %d share a name", other, sig);
	}
}

Test(sigtable_parse, forms_and_errors)
{
	cr_assert_eq(sigtable_parse("USR1"), SIGUSR1);
	cr_assert_eq(sigtable_parse("SIGUSR1"), SIGUSR1);
	cr_assert_eq(sigtable_parse("10"), 10);
	cr_assert_eq(sigtable_parse("RTMIN+3"), SIGRTMIN + 3);
	cr_assert_eq(sigtable_parse("SIGRTMAX-2"), SIGRTMAX - 2);
	cr_assert_eq(sigtable_parse("rtmin"), SIGRTMIN);
	cr_assert_eq(sigtable_parse(" term\n"), SIGTERM);
	cr_assert_eq(sigtable_parse("IOT"), SIGABRT);
	cr_assert_eq(sigtable_parse("POLL"), SIGIO);
	cr_assert_eq(sigtable_parse("SIGCLD"), SIGCHLD);
	cr_assert_eq(sigtable_parse("RTMIN+30"), 64);
	cr_assert_eq(sigtable_parse("RTMAX-30"), 34);
	const char *bad[] = { "", " ", "0", "65", "-1", "USR3", "SIG", "RTMIN+", "RTMIN+31", "RTMAX-31",
			      "RTMIN-1", "RTMAX+1", "10x", "US R1", "SIGSIGUSR1", "RTMIN+1x",
			      "99999999999999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(sigtable_parse(bad[i]), -1, "\"%s\" accepted", bad[i]);
	cr_assert_eq(sigtable_parse(NULL), -1);
}

/* ---- sending to a recording child ---- */

struct rec {
	int signo, code, value;
	pid_t from;
};

static int rec_fd = -1;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	struct rec r = { sig, si->si_code, si->si_value.sival_int, si->si_pid };
	if (write(rec_fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
		_exit(5);
}

static pid_t spawn_recorder(int *rd)
{
	int p[2];
	cr_assert_eq(pipe(p), 0);
	pid_t self = getpid();
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(p[0]);
		/* dies with the test process if an assertion ends it early */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != self)
			_exit(6);
		rec_fd = p[1];
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_signal;
		sa.sa_flags = SA_SIGINFO | SA_RESTART;
		sigemptyset(&sa.sa_mask);
		int sigs[] = { SIGUSR1, SIGUSR2, SIGRTMIN + 1 };
		for (int i = 0; i < 3; i++)
			if (sigaction(sigs[i], &sa, NULL) < 0)
				_exit(2);
		struct rec ready = { 0, 0, 0, 0 };
		if (write(p[1], &ready, sizeof(ready)) != (ssize_t)sizeof(ready))
			_exit(3);
		for (;;)
			pause();
	}
	close(p[1]);
	*rd = p[0];
	return pid;
}

static struct rec next_rec(int fd)
{
	struct rec r;
	cr_assert_eq(read_full(fd, &r, sizeof(r)), sizeof(r), "recorder pipe closed");
	return r;
}

Test(sigtable_send, child_gets_exactly_what_was_sent)
{
	int rd;
	pid_t pid = spawn_recorder(&rd);
	struct rec r = next_rec(rd);
	cr_assert_eq(r.signo, 0, "ready record");
	char call[160], msg[160], want[160];

	cr_assert_eq(sigtable_send(pid, SIGUSR1, false, 0, call, sizeof(call), msg, sizeof(msg)), 0);
	snprintf(want, sizeof(want), "kill(%d, SIGUSR1) = 0", (int)pid);
	cr_assert_str_eq(call, want);
	cr_assert_str_eq(msg, "");
	r = next_rec(rd);
	cr_assert_eq(r.signo, SIGUSR1);
	cr_assert_eq(r.code, SI_USER);
	cr_assert_eq(r.from, getpid());

	cr_assert_eq(sigtable_send(pid, SIGRTMIN + 1, true, 42, call, sizeof(call), msg, sizeof(msg)), 0);
	snprintf(want, sizeof(want), "sigqueue(%d, SIGRTMIN+1, (union sigval){.sival_int = 42}) = 0", (int)pid);
	cr_assert_str_eq(call, want);
	cr_assert_str_eq(msg, "");
	r = next_rec(rd);
	cr_assert_eq(r.signo, SIGRTMIN + 1);
	cr_assert_eq(r.code, SI_QUEUE);
	cr_assert_eq(r.value, 42);
	cr_assert_eq(r.from, getpid());

	/* A marker: the next record must be it, so nothing else arrived. */
	cr_assert_eq(sigtable_send(pid, SIGUSR2, false, 0, NULL, 0, NULL, 0), 0);
	r = next_rec(rd);
	cr_assert_eq(r.signo, SIGUSR2);

	cr_assert_eq(sigtable_send(pid, SIGKILL, false, 0, call, sizeof(call), msg, sizeof(msg)), 0);
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	close(rd);

	/* Reaped: the pid is gone. */
	cr_assert_eq(sigtable_send(pid, SIGUSR1, false, 0, call, sizeof(call), msg, sizeof(msg)), -1);
	cr_assert_eq(errno, ESRCH);
	snprintf(want, sizeof(want), "kill(%d, SIGUSR1) = -1 ESRCH", (int)pid);
	cr_assert_str_eq(call, want);
	snprintf(want, sizeof(want), "kill: No such process (process %d is gone)", (int)pid);
	cr_assert_str_eq(msg, want);
	cr_assert_eq(sigtable_send(pid, SIGRTMIN + 2, true, 42, call, sizeof(call), msg, sizeof(msg)), -1);
	snprintf(want, sizeof(want), "sigqueue(%d, SIGRTMIN+2, (union sigval){.sival_int = 42}) = -1 ESRCH",
		 (int)pid);
	cr_assert_str_eq(call, want);
	snprintf(want, sizeof(want), "sigqueue: No such process (process %d is gone)", (int)pid);
	cr_assert_str_eq(msg, want);
}

Test(sigtable_send, eperm_from_unprivileged_sender)
{
	if (getuid() != 0)
		cr_skip_test("needs root to drop to another user");
	int p[2];
	cr_assert_eq(pipe(p), 0);
	pid_t parent = getpid();
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(p[0]);
		char out[2][160] = { "", "" };
		if (setuid(65534) < 0)
			_exit(2);
		/* signal 0: nothing is delivered even if it were allowed */
		int rc = sigtable_send(parent, 0, false, 0, out[0], sizeof(out[0]), out[1], sizeof(out[1]));
		if (rc != -1 || errno != EPERM)
			_exit(3);
		if (write(p[1], out, sizeof(out)) != (ssize_t)sizeof(out))
			_exit(4);
		_exit(0);
	}
	close(p[1]);
	char out[2][160];
	size_t got = read_full(p[0], out, sizeof(out));
	close(p[0]);
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %d", st);
	cr_assert_eq(got, sizeof(out));
	char want[160];
	snprintf(want, sizeof(want), "kill(%d, 0) = -1 EPERM", (int)parent);
	cr_assert_str_eq(out[0], want);
	cr_assert_str_eq(out[1], "kill: Operation not permitted (not allowed to signal a process of another user)");
}

Test(sigtable_send, refuses_groups_and_bad_signals)
{
	char call[160], msg[160], want[160];
	cr_assert_eq(sigtable_send(0, SIGTERM, false, 0, call, sizeof(call), msg, sizeof(msg)), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_str_eq(call, "kill(0, SIGTERM) not called");
	cr_assert_str_eq(msg, "kill: Invalid argument (refusing pid 0: it would signal a process group)");
	cr_assert_eq(sigtable_send(-1, SIGTERM, true, 1, call, sizeof(call), msg, sizeof(msg)), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(sigtable_send(getpid(), 65, false, 0, call, sizeof(call), msg, sizeof(msg)), -1);
	cr_assert_eq(errno, EINVAL);
	snprintf(want, sizeof(want), "kill(%d, 65) not called", (int)getpid());
	cr_assert_str_eq(call, want);
	cr_assert_str_eq(msg, "kill: Invalid argument (65 is not a valid signal number)");
	/* a short call buffer is cut with a visible mark */
	char tiny[12];
	cr_assert_eq(sigtable_send(getpid(), 0, false, 0, tiny, sizeof(tiny), NULL, 0), 0);
	snprintf(want, sizeof(want), "kill(%d, 0) = 0", (int)getpid());
	memcpy(want + sizeof(tiny) - 4, "...", 4);
	cr_assert_str_eq(tiny, want);
}
