/* test_daemonize.c — unit tests of src/export/daemonize.c: the pidfile lock
 * refuses a second holder (in this process and from another one) with a
 * message naming the holder's pid; the file holds "<pid>\n"; release
 * removes it and frees the lock; a stale file (holder gone) is taken over;
 * a missing directory is explained; a symlink, FIFO, hard link or a file
 * holding no pid is refused and left as it was. daemonize() in a forked child: the
 * starting process exits 0 once the daemon is ready, the daemon is a
 * session leader's child in "/" with umask 022 and /dev/null as stdin,
 * stdout and stderr; a start-up error reported by the daemon makes the
 * starting process print it and exit 1. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "export/daemonize.h"

static char dir[64];
static char path[128];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/ipctop-pidtest.XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ipctop.pid", dir);
}

static void teardown(void)
{
	char p[256];
	const char *names[] = { "ipctop.pid", "report", "stderr" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
}

static char *slurp(const char *p)
{
	static char buf[4096];
	buf[0] = '\0';
	FILE *f = fopen(p, "r");
	if (!f)
		return buf;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

TestSuite(daemonize, .init = setup, .fini = teardown);

Test(daemonize, pidfile_holds_our_pid)
{
	struct pidfile pf;
	char err[256];
	umask(022);
	cr_assert_eq(pidfile_acquire(&pf, path, err, sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(err, "");
	cr_assert_eq(pidfile_write(&pf, getpid()), 0);
	char want[32];
	snprintf(want, sizeof(want), "%d\n", (int)getpid());
	cr_assert_str_eq(slurp(path), want);
	cr_assert_eq(pidfile_read(path), getpid());
	/* A shorter pid replaces the whole content (ftruncate). */
	cr_assert_eq(pidfile_write(&pf, 7), 0);
	cr_assert_str_eq(slurp(path), "7\n");
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0644);
	pidfile_release(&pf);
}

Test(daemonize, second_holder_refused_in_same_process)
{
	struct pidfile a, b;
	char err[256];
	cr_assert_eq(pidfile_acquire(&a, path, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(pidfile_write(&a, getpid()), 0);
	errno = 0;
	cr_assert_eq(pidfile_acquire(&b, path, err, sizeof(err)), -1);
	cr_assert_eq(errno, EWOULDBLOCK);
	cr_assert_eq(b.fd, -1);
	char pid[64];
	snprintf(pid, sizeof(pid), "(pid %d)", (int)getpid());
	cr_assert(strstr(err, "flock ") == err, "%s", err);
	cr_assert(strstr(err, path) && strstr(err, pid) && strstr(err, "already running"), "%s", err);
	/* The refused attempt must not have truncated the holder's file. */
	cr_assert_eq(pidfile_read(path), getpid());
	pidfile_release(&a);
	cr_assert_eq(access(path, F_OK), -1, "release removes the pidfile");
	cr_assert_eq(errno, ENOENT);
	cr_assert_eq(pidfile_acquire(&b, path, err, sizeof(err)), 0, "free again after release: %s", err);
	pidfile_release(&b);
	pidfile_release(&b); /* idempotent */
}

Test(daemonize, second_holder_refused_across_processes_then_stale_taken_over)
{
	int go[2], done[2];
	cr_assert_eq(pipe(go), 0);
	cr_assert_eq(pipe(done), 0);
	pid_t child = fork();
	cr_assert_geq(child, 0);
	if (child == 0) {
		struct pidfile pf;
		char err[256], c;
		if (pidfile_acquire(&pf, path, err, sizeof(err)) < 0 || pidfile_write(&pf, getpid()) < 0)
			_exit(3);
		if (write(go[1], "x", 1) != 1)
			_exit(4);
		if (read(done[0], &c, 1) < 0)
			_exit(5);
		_exit(0); /* dies holding it: the file stays, the lock goes */
	}
	char c;
	cr_assert_eq(read(go[0], &c, 1), 1, "child took the lock");
	struct pidfile pf;
	char err[256];
	cr_assert_eq(pidfile_acquire(&pf, path, err, sizeof(err)), -1);
	char pid[64];
	snprintf(pid, sizeof(pid), "(pid %d)", (int)child);
	cr_assert(strstr(err, pid), "names the holder: %s", err);
	cr_assert_eq(write(done[1], "x", 1), 1);
	int status;
	cr_assert_eq(waitpid(child, &status, 0), child);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	cr_assert_eq(pidfile_read(path), child, "a stale pidfile stays behind a killed holder");
	cr_assert_eq(pidfile_acquire(&pf, path, err, sizeof(err)), 0, "stale file taken over: %s", err);
	cr_assert_eq(pidfile_write(&pf, getpid()), 0);
	cr_assert_eq(pidfile_read(path), getpid());
	pidfile_release(&pf);
	close(go[0]), close(go[1]), close(done[0]), close(done[1]);
}

/* What is no pidfile of ours is refused, unchanged: a symlink (to a file
 * that must not be emptied), a FIFO (no hang), a hard link, a file holding
 * something other than a pid. A stale "<pid>\n" is taken over. */
Test(daemonize, refuses_what_is_no_pidfile, .timeout = 10)
{
	struct pidfile pf;
	char err[512], victim[200], want[512];
	snprintf(victim, sizeof(victim), "%s/report", dir); /* removed by teardown */
	FILE *f = fopen(victim, "w");
	cr_assert_not_null(f);
	fputs("precious\n", f);
	fclose(f);
	cr_assert_eq(symlink(victim, path), 0);
	cr_assert_eq(pidfile_acquire(&pf, path, err, sizeof(err)), -1);
	cr_assert_eq(errno, ELOOP);
	snprintf(want, sizeof(want), "open(\"%s\"): Too many levels of symbolic links (refusing to follow a symlink)", path);
	cr_assert_str_eq(err, want);
	cr_assert_eq(pf.fd, -1);
	cr_assert_eq(pidfile_read(path), -1, "pidfile_read does not follow it either");
	cr_assert_eq(errno, ELOOP);
	cr_assert_eq(unlink(path), 0);

	cr_assert_eq(mkfifo(path, 0600), 0);
	cr_assert_eq(pidfile_acquire(&pf, path, err, sizeof(err)), -1);
	cr_assert(strstr(err, "(a FIFO, not a regular file: refusing to write to it)"), "%s", err);
	cr_assert_eq(unlink(path), 0);

	cr_assert_eq(link(victim, path), 0);
	cr_assert_eq(pidfile_acquire(&pf, path, err, sizeof(err)), -1);
	cr_assert(strstr(err, "(it has 2 hard links"), "%s", err);
	cr_assert_eq(unlink(path), 0);
	cr_assert_str_eq(slurp(victim), "precious\n");

	cr_assert_eq(rename(victim, path), 0); /* one link, ours, but no pid */
	cr_assert_eq(pidfile_acquire(&pf, path, err, sizeof(err)), -1);
	cr_assert_eq(errno, EEXIST);
	snprintf(want, sizeof(want),
		 "open(\"%s\"): File exists (it holds something other than a pid, so it is no pidfile: refusing to overwrite it)",
		 path);
	cr_assert_str_eq(err, want);
	cr_assert_str_eq(slurp(path), "precious\n");
	const char *not_pids[] = { "123\nmore\n", "123 \n", "0\n", "\n" };
	for (size_t i = 0; i < sizeof(not_pids) / sizeof(not_pids[0]); i++) {
		f = fopen(path, "w");
		fputs(not_pids[i], f);
		fclose(f);
		cr_assert_eq(pidfile_acquire(&pf, path, err, sizeof(err)), -1, "'%s' is no pid", not_pids[i]);
		cr_assert_str_eq(slurp(path), not_pids[i]);
	}
	f = fopen(path, "w");
	fputs("99999\n", f);
	fclose(f);
	cr_assert_eq(pidfile_acquire(&pf, path, err, sizeof(err)), 0, "a stale pidfile: %s", err);
	pidfile_release(&pf);
}

Test(daemonize, missing_directory_explained)
{
	struct pidfile pf;
	char err[256], p[200];
	snprintf(p, sizeof(p), "%s/no/such/dir.pid", dir);
	cr_assert_eq(pidfile_acquire(&pf, p, err, sizeof(err)), -1);
	cr_assert_eq(errno, ENOENT);
	cr_assert(strstr(err, "open(\"") == err && strstr(err, "No such file or directory") &&
		  strstr(err, "directory does not exist"), "%s", err);
	cr_assert_eq(pidfile_read(p), -1);
}

/* Runs daemonize() in a child whose stderr goes to dir/stderr; the daemon
 * writes "pid ppid sid pgid umask cwd stdin stdout stderr" to dir/report,
 * then reports `fail` (NULL: ready). Returns the child's exit status. */
static int run_daemon(const char *fail)
{
	char report[200], errpath[200];
	snprintf(report, sizeof(report), "%s/report", dir);
	snprintf(errpath, sizeof(errpath), "%s/stderr", dir);
	pid_t child = fork();
	cr_assert_geq(child, 0);
	if (child == 0) {
		if (!freopen(errpath, "w", stderr))
			_exit(9);
		int ready;
		char err[256];
		if (daemonize(&ready, err, sizeof(err)) < 0) {
			fprintf(stderr, "daemonize: %s\n", err);
			_exit(8);
		}
		/* Only the daemon gets here. */
		char cwd[PATH_MAX] = "", fds[3][PATH_MAX];
		if (!getcwd(cwd, sizeof(cwd)))
			_exit(7);
		for (int i = 0; i < 3; i++) {
			char l[32];
			snprintf(l, sizeof(l), "/proc/self/fd/%d", i);
			ssize_t n = readlink(l, fds[i], sizeof(fds[i]) - 1);
			fds[i][n > 0 ? n : 0] = '\0';
		}
		mode_t um = umask(0);
		FILE *f = fopen(report, "w");
		if (f) {
			fprintf(f, "%d %d %d %d %03o %s %s %s %s\n", (int)getpid(), (int)getppid(), (int)getsid(0),
				(int)getpgrp(), (unsigned)um, cwd, fds[0], fds[1], fds[2]);
			fclose(f);
		}
		daemonize_ready(ready, fail);
		_exit(0);
	}
	int status;
	cr_assert_eq(waitpid(child, &status, 0), child);
	cr_assert(WIFEXITED(status), "the starting process exits");
	return WEXITSTATUS(status);
}

Test(daemonize, daemon_detached_and_ready)
{
	umask(077);
	char report[200], errpath[200];
	snprintf(errpath, sizeof(errpath), "%s/stderr", dir);
	cr_assert_eq(run_daemon(NULL), 0, "exits 0 once ready; stderr: %s", slurp(errpath));
	snprintf(report, sizeof(report), "%s/report", dir);
	int pid, ppid, sid, pgid;
	unsigned um;
	char cwd[256], in[256], out[256], errf[256];
	cr_assert_eq(sscanf(slurp(report), "%d %d %d %d %o %255s %255s %255s %255s", &pid, &ppid, &sid, &pgid, &um,
			    cwd, in, out, errf),
		     9, "report: %s", slurp(report));
	cr_assert_neq(pid, getpid());
	cr_assert_neq(sid, pid, "second fork: not a session leader (cannot regain a terminal)");
	cr_assert_eq(pgid, sid, "in the new session's only process group");
	cr_assert_neq(sid, getsid(0), "left our session");
	cr_assert_eq(um, 022);
	cr_assert_str_eq(cwd, "/");
	cr_assert_str_eq(in, "/dev/null");
	cr_assert_str_eq(out, "/dev/null");
	cr_assert_str_eq(errf, "/dev/null");
	cr_assert_str_eq(slurp(errpath), "", "nothing said on success");
}

Test(daemonize, daemon_startup_error_reported_by_starter)
{
	cr_assert_eq(run_daemon("open /x: Permission denied (cannot append the events there)"), 1);
	char errpath[200];
	snprintf(errpath, sizeof(errpath), "%s/stderr", dir);
	cr_assert_str_eq(slurp(errpath), "ipctop: open /x: Permission denied (cannot append the events there)\n");
}
