/* test_safefile.c — unit tests of src/base/safefile.c: a new file is created
 * with the mode asked (0600), O_CLOEXEC, blocking again; a symlink (also a
 * dangling one), a FIFO, a directory, a file with a second hard link and
 * a file of another owner are refused with one-line messages and left
 * byte-identical (the symlink's target too); O_TRUNC is refused.
 * safefile_rewrite empties only a file beginning with the magic. Appends
 * are whole or absent: a write cut short by RLIMIT_FSIZE is cut off again;
 * when that cut fails too (ftruncate denied by a seccomp filter) the next
 * record starts on a new line. Runs as root (make test): chown. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/safefile.h"
#include "test_seccomp.h"
#include "test_tmpdir.h"

static char victim[128]; /* a file that must never change */
static const char victim_text[] = "root:secret:data\n";

static void setup(void)
{
	tmpdir_make("safefile");
	snprintf(victim, sizeof(victim), "%s/victim", tmpdir);
	FILE *f = fopen(victim, "w");
	cr_assert_not_null(f);
	fputs(victim_text, f);
	cr_assert_eq(fclose(f), 0);
	umask(022);
}

static void teardown(void)
{
	tmpdir_remove();
}

TestSuite(safefile, .init = setup, .fini = teardown, .timeout = 10);

/* A path in the test's directory. */
static const char *at(const char *name)
{
	return tmpdir_at(name);
}

static char *slurp(const char *p)
{
	static char buf[4096];
	buf[0] = '\0';
	int fd = open(p, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return buf;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	return buf;
}

static void assert_victim_intact(void)
{
	cr_assert_str_eq(slurp(victim), victim_text, "the victim file changed");
}

/* safefile_open(path, O_WRONLY|O_APPEND|O_CREAT) must fail with e and the
 * message "open(\"path\"): strerror(e) (why...)". */
static void assert_refused(const char *path, int e, const char *why)
{
	char err[512], want[512];
	errno = 0;
	cr_assert_eq(safefile_open(path, O_WRONLY | O_APPEND | O_CREAT, 0600, err, sizeof(err)), -1, "%s", path);
	cr_assert_eq(errno, e, "errno %d (%s), want %d", errno, strerror(errno), e);
	snprintf(want, sizeof(want), "open(\"%s\"): %s (%s", path, strerror(e), why);
	cr_assert(strncmp(err, want, strlen(want)) == 0, "got  %s\nwant %s...", err, want);
	cr_assert_eq(err[strlen(err) - 1], ')', "%s", err);
}

Test(safefile, creates_0600_cloexec_blocking)
{
	char err[256];
	const char *p = at("new.log");
	int fd = safefile_open(p, O_WRONLY | O_APPEND | O_CREAT, 0600, err, sizeof(err));
	cr_assert_geq(fd, 0, "%s", err);
	cr_assert_str_eq(err, "");
	struct stat st;
	cr_assert_eq(fstat(fd, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0600);
	cr_assert(S_ISREG(st.st_mode));
	cr_assert_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC, "O_CLOEXEC");
	int fl = fcntl(fd, F_GETFL);
	cr_assert_eq(fl & O_NONBLOCK, 0, "O_NONBLOCK cleared again");
	cr_assert_eq(fl & O_APPEND, O_APPEND);
	cr_assert_eq(write(fd, "x\n", 2), 2);
	close(fd);
	/* Our own existing file opens again, nothing emptied. */
	fd = safefile_open(p, O_WRONLY | O_APPEND | O_CREAT, 0600, err, sizeof(err));
	cr_assert_geq(fd, 0, "%s", err);
	close(fd);
	cr_assert_str_eq(slurp(p), "x\n");
}

Test(safefile, refuses_symlinks)
{
	const char *p = at("planted");
	cr_assert_eq(symlink(victim, p), 0);
	char err[512], want[512];
	cr_assert_eq(safefile_open(p, O_WRONLY | O_APPEND | O_CREAT, 0600, err, sizeof(err)), -1);
	cr_assert_eq(errno, ELOOP);
	snprintf(want, sizeof(want), "open(\"%s\"): Too many levels of symbolic links (refusing to follow a symlink)", p);
	cr_assert_str_eq(err, want);
	assert_victim_intact();
	/* A dangling one: its target is not created. */
	const char *d = at("dangling");
	cr_assert_eq(symlink(at("target"), d), 0);
	assert_refused(d, ELOOP, "refusing to follow a symlink)");
	cr_assert_eq(access(at("target"), F_OK), -1);
	cr_assert_eq(errno, ENOENT);
}

Test(safefile, refuses_fifo_without_blocking)
{
	const char *p = at("fifo");
	cr_assert_eq(mkfifo(p, 0666), 0);
	assert_refused(p, EEXIST, "a FIFO, not a regular file: refusing to write to it)");
	/* With a reader the open itself would succeed: still refused. */
	int r = open(p, O_RDONLY | O_NONBLOCK);
	cr_assert_geq(r, 0);
	assert_refused(p, EEXIST, "a FIFO, not a regular file");
	close(r);
	struct stat st;
	cr_assert_eq(lstat(p, &st), 0);
	cr_assert(S_ISFIFO(st.st_mode), "still the FIFO");
}

Test(safefile, refuses_directory_hardlink_and_other_owner)
{
	assert_refused(tmpdir, EISDIR, "a directory, not a regular file)");
	const char *h = at("hardlink");
	cr_assert_eq(link(victim, h), 0);
	assert_refused(h, EEXIST, "it has 2 hard links, so it is also another file: refusing to write to it)");
	char err[256];
	cr_assert_eq(safefile_rewrite(h, "", 0600, err, sizeof(err)), -1, "rewrite refuses it too");
	cr_assert_eq(errno, EEXIST);
	cr_assert_eq(unlink(h), 0);
	assert_victim_intact();

	const char *o = at("theirs");
	int fd = open(o, O_WRONLY | O_CREAT | O_EXCL, 0644);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "12345\n", 6), 6);
	close(fd);
	cr_assert_eq(chown(o, 65534, 65534), 0, "%s (the unit tests run as root)", strerror(errno));
	char why[128];
	snprintf(why, sizeof(why), "owned by uid 65534, not by uid %d: refusing to write to it)", (int)geteuid());
	assert_refused(o, EEXIST, why);
	cr_assert_str_eq(slurp(o), "12345\n");
}

Test(safefile, refuses_o_trunc_and_explains_missing_directory)
{
	char err[256];
	cr_assert_eq(safefile_open(victim, O_WRONLY | O_TRUNC, 0600, err, sizeof(err)), -1);
	cr_assert_eq(errno, EINVAL);
	assert_victim_intact();
	assert_refused(at("no/such/x.log"), ENOENT, "its directory does not exist)");
	cr_assert_eq(safefile_open("", O_WRONLY, 0600, err, sizeof(err)), -1);
	cr_assert_eq(errno, ENOENT);
}

Test(safefile, rewrite_only_its_own_files)
{
	char err[512];
	const char *p = at("session.c");
	const char *magic = "/* MAGIC ";
	int fd = safefile_rewrite(p, magic, 0600, err, sizeof(err));
	cr_assert_geq(fd, 0, "%s", err);
	struct stat st;
	cr_assert_eq(fstat(fd, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0600);
	cr_assert_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	cr_assert_eq(write(fd, "/* MAGIC one */ a long first version\n", 37), 37);
	close(fd);
	fd = safefile_rewrite(p, magic, 0600, err, sizeof(err));
	cr_assert_geq(fd, 0, "our own file is replaced: %s", err);
	cr_assert_eq(write(fd, "/* MAGIC two */\n", 16), 16);
	close(fd);
	cr_assert_str_eq(slurp(p), "/* MAGIC two */\n", "emptied first: nothing of the longer one left");
	/* Someone else's text, even our own uid's: untouched. */
	char want[512];
	cr_assert_eq(safefile_rewrite(victim, magic, 0600, err, sizeof(err)), -1);
	cr_assert_eq(errno, EEXIST);
	snprintf(want, sizeof(want), "open(\"%s\"): File exists (it was not written by ipctop: refusing to overwrite it)",
		 victim);
	cr_assert_str_eq(err, want);
	assert_victim_intact();
	/* Shorter than the magic: not ours either. */
	const char *s = at("short");
	fd = open(s, O_WRONLY | O_CREAT, 0600);
	cr_assert_eq(write(fd, "/* M", 4), 4);
	close(fd);
	cr_assert_eq(safefile_rewrite(s, magic, 0600, err, sizeof(err)), -1);
	cr_assert_str_eq(slurp(s), "/* M");
	/* An empty file is taken. */
	const char *e = at("empty");
	close(open(e, O_WRONLY | O_CREAT, 0600));
	fd = safefile_rewrite(e, magic, 0600, err, sizeof(err));
	cr_assert_geq(fd, 0, "%s", err);
	close(fd);
	const char *l = at("link");
	cr_assert_eq(symlink(victim, l), 0);
	cr_assert_eq(safefile_rewrite(l, "", 0600, err, sizeof(err)), -1);
	cr_assert_eq(errno, ELOOP);
	assert_victim_intact();
}

static off_t size_of(const char *p)
{
	struct stat st;
	cr_assert_eq(stat(p, &st), 0);
	return st.st_size;
}

/* A 60-byte line: 59 times c ('a'..'z'), then '\n'. */
static const char *line60(char c)
{
	static char l[26][61];
	char *s = l[c - 'a'];
	memset(s, c, 59);
	s[59] = '\n';
	s[60] = '\0';
	return s;
}

static void limit_file_size(rlim_t cur)
{
	struct rlimit rl;
	cr_assert_eq(getrlimit(RLIMIT_FSIZE, &rl), 0);
	rl.rlim_cur = cur;
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0, "%s", strerror(errno));
}

static int open_log(const char *p)
{
	char err[256];
	int fd = safefile_open(p, O_RDWR | O_APPEND | O_CREAT, 0600, err, sizeof(err));
	cr_assert_geq(fd, 0, "%s", err);
	return fd;
}

Test(safefile, append_whole_or_nothing)
{
	const char *p = at("events.log");
	int fd = open_log(p);
	signal(SIGXFSZ, SIG_IGN); /* a write past the limit: EFBIG, not death */
	bool torn = false;
	limit_file_size(100);
	cr_assert_eq(safefile_append(fd, line60('a'), 60, &torn), 0);
	/* 40 of the next 60 bytes fit: that part is cut off again. */
	errno = 0;
	cr_assert_eq(safefile_append(fd, line60('b'), 60, &torn), -1);
	cr_assert_eq(errno, EFBIG, "%s", strerror(errno));
	cr_assert_not(torn);
	cr_assert_eq(size_of(p), 60, "the fragment was cut off");
	limit_file_size(RLIM_INFINITY);
	cr_assert_eq(safefile_append(fd, line60('c'), 60, &torn), 0);
	char want[200] = "";
	strcat(strcat(want, line60('a')), line60('c'));
	cr_assert_str_eq(slurp(p), want);
	cr_assert_not(safefile_torn(fd));
	close(fd);
}

Test(safefile, append_after_a_failed_cut_starts_a_new_line)
{
	const char *p = at("events.log");
	int fd = open_log(p);
	signal(SIGXFSZ, SIG_IGN);
	/* ftruncate fails (EPERM), as on an append-only (chattr +a) log. */
	seccomp_deny(EPERM, (const unsigned[]){ SYS_ftruncate }, 1);
	bool torn = false;
	limit_file_size(100);
	cr_assert_eq(safefile_append(fd, line60('a'), 60, &torn), 0);
	cr_assert_eq(safefile_append(fd, line60('b'), 60, &torn), -1);
	cr_assert_eq(errno, EFBIG, "the write's errno, not the cut's: %s", strerror(errno));
	cr_assert(torn, "the fragment stayed");
	cr_assert_eq(size_of(p), 100);
	cr_assert(safefile_torn(fd), "safefile_torn sees it too");
	limit_file_size(RLIM_INFINITY);
	cr_assert_eq(safefile_append(fd, line60('c'), 60, &torn), 0);
	cr_assert_not(torn);
	char want[200] = "";
	strcat(want, line60('a'));
	memset(want + 60, 'b', 40); /* the fragment: 40 of the b line */
	want[100] = '\0';
	strcat(strcat(want, "\n"), line60('c'));
	cr_assert_str_eq(slurp(p), want, "the record after the fragment is a line of its own");
	close(fd);
}

Test(safefile, torn_reads_the_last_byte)
{
	const char *p = at("t.log");
	int fd = open_log(p);
	cr_assert_not(safefile_torn(fd), "empty");
	cr_assert_eq(write(fd, "abc", 3), 3);
	cr_assert(safefile_torn(fd), "no newline at the end");
	cr_assert_eq(write(fd, "\n", 1), 1);
	cr_assert_not(safefile_torn(fd));
	close(fd);
}

Test(safefile, type_names)
{
	cr_assert_str_eq(safefile_type_name(S_IFIFO), "a FIFO");
	cr_assert_str_eq(safefile_type_name(S_IFDIR), "a directory");
	cr_assert_str_eq(safefile_type_name(S_IFCHR), "a character device");
	cr_assert_str_eq(safefile_type_name(S_IFREG), "a regular file");
}
