/* test_cmdline.c — unit tests of command lines (src/proc/procs.c's
 * procs_command and procs_join_cmdline, src/proc/cmdtable.c): NULs as
 * spaces, a title's trailing padding dropped, a long line cut with "...",
 * bytes kept as the process wrote them (a newline, an escape), a zombie's
 * empty command line falling back to its comm, a gone pid "[gone]", and the
 * per-snapshot table (one entry per pid, sorted, looked up). */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc/cmdtable.h"
#include "proc/procs.h"

static const char *join(const char *raw, size_t n, int cut, size_t len)
{
	static char buf[64];
	size_t out = procs_join_cmdline(raw, n, cut, buf, len);
	cr_assert_eq(out, strlen(buf));
	return buf;
}

Test(cmdline, join)
{
	cr_assert_str_eq(join("a\0b c\0\0", 7, 0, 64), "a b c");
	cr_assert_str_eq(join("postgres: checkpointer   \0\0\0", 28, 0, 64), "postgres: checkpointer",
			 "a title padded by its process");
	cr_assert_str_eq(join("", 0, 0, 64), "");
	cr_assert_str_eq(join("\0\0", 2, 0, 64), "", "only NULs: no command line");
	cr_assert_str_eq(join("abcdefghijkl", 12, 0, 8), "abcd...", "cut to fit 8 bytes with the mark");
	cr_assert_str_eq(join("abc", 3, 1, 16), "abc...", "the file went on past what was read");
	cr_assert_str_eq(join("abcdef", 6, 0, 4), "abc", "no room for the mark");
	cr_assert_str_eq(join("a\nb\x1b[31m\0x", 10, 0, 64), "a\nb\x1b[31m x", "bytes kept, escaped only on output");
}

Test(cmdline, of_a_live_process_a_zombie_and_a_gone_one)
{
	static const char name[] = "sl\neep\x1b[31m";
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		execl("/bin/sleep", name, "30", (char *)NULL);
		_exit(127);
	}
	char buf[CMDTABLE_LEN], want[64];
	snprintf(want, sizeof(want), "%s 30", name);
	for (int i = 0; i < 200 && (procs_command(pid, buf, sizeof(buf)) != 0 || strcmp(buf, want) != 0); i++)
		usleep(10000); /* until exec is done */
	cr_assert_eq(procs_command(pid, buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, want, "argv[0] and the argument, as written");
	cr_assert_eq(kill(pid, SIGKILL), 0);
	siginfo_t si;
	cr_assert_eq(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0); /* a zombie, not reaped */
	char comm[64];
	cr_assert_eq(procs_comm(pid, comm, sizeof(comm)), 0);
	cr_assert_eq(procs_command(pid, buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, comm, "a zombie has no command line: its comm (%s)", comm);
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
	cr_assert_eq(procs_command(pid, buf, sizeof(buf)), -1);
	cr_assert_str_eq(buf, "[gone]");
	cr_assert_eq(procs_command(0, buf, sizeof(buf)), -1);
	cr_assert_str_eq(buf, "-");
}

/* Empty arguments (or a title's padding) after the text are no cut, even
 * when the file is longer than the buffer. */
Test(cmdline, padding_past_the_buffer_is_no_cut)
{
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "sleep 99;:", "a", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
		      "", "", "", "", "", (char *)NULL);
		_exit(127);
	}
	char buf[20];
	for (int i = 0; i < 200 && (procs_command(pid, buf, sizeof(buf)) != 0 || strncmp(buf, "sh -c", 5) != 0); i++)
		usleep(10000);
	cr_assert_str_eq(buf, "sh -c sleep 99;: a", "18 bytes of text, then NULs past the 20 of buf");
	cr_assert_eq(kill(pid, SIGKILL), 0);
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
}

Test(cmdline, table_one_entry_per_pid)
{
	pid_t self = getpid(), parent = getppid();
	pid_t pids[] = { self, 0, parent, self, -3, self };
	struct cmd_table t = { 0 };
	cr_assert_eq(cmdtable_build(&t, pids, 6), 0);
	cr_assert_eq(t.count, 2, "self and the parent, once each");
	cr_assert_lt(t.v[0].pid, t.v[1].pid);
	const struct cmd_entry *e = cmdtable_find(&t, self);
	cr_assert_not_null(e);
	cr_assert(e->readable);
	char want[CMDTABLE_LEN];
	cr_assert_eq(procs_command(self, want, sizeof(want)), 0);
	cr_assert_str_eq(e->text, want);
	cr_assert_null(cmdtable_find(&t, 0));
	cr_assert_str_eq(cmdtable_text(&t, 1, "none"), "none", "not asked for: the fallback");
	cr_assert_eq(cmdtable_build(&t, pids, 0), 0);
	cr_assert_eq(t.count, 0, "rebuilt empty");
	cmdtable_free(&t);
	cr_assert_null(t.v);
}
