/* test_posixipc.c — unit tests of src/model/posixipc.c: a POSIX shm object
 * (8192 bytes) and a named semaphore (value 3) are listed with size, value,
 * owner and perms, removed with the exact call text, and gone; ENOENT
 * meaning; no mqueue mount gives the flag and hint; with an mqueue mount
 * (in a child's private mount namespace) a queue shows its bytes, messages
 * and attributes, and a mount of another IPC namespace is noticed.
 * The semaphore value reader (never a mapping): a real semaphore's value
 * read back after sem_post/sem_wait and with a waiter blocked on it (the
 * waiter count shares the word); a truncated or short file, a value above
 * SEM_VALUE_MAX, a symlink and a FIFO give "unknown" (without blocking);
 * a file truncated over and over while the list is read never kills the
 * reader (SIGBUS before). unlinkat removal from a directory fd: call text,
 * names with a slash, "." and ".." refused, queues still by mq_unlink. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/posixipc.h"
#include "test_io.h"

static char shm_name[64], sem_name[64];

static void names(void)
{
	snprintf(shm_name, sizeof(shm_name), "/ipctop-test-shm-%d", (int)getpid());
	snprintf(sem_name, sizeof(sem_name), "/ipctop-test-sem-%d", (int)getpid());
}

static void cleanup(void)
{
	names();
	shm_unlink(shm_name); /* errors ignored: normally already removed */
	sem_unlink(sem_name);
}

static const struct posix_object *find(const struct posix_list *l, enum posix_kind kind,
				       const char *name)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->v[i].kind == kind && strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

Test(posixipc, shm_and_semaphore, .init = names, .fini = cleanup)
{
	int fd = shm_open(shm_name, O_CREAT | O_EXCL | O_RDWR, 0600);
	cr_assert_geq(fd, 0, "shm_open: %s", strerror(errno));
	cr_assert_eq(fchmod(fd, 0640), 0);
	cr_assert_eq(ftruncate(fd, 8192), 0);
	close(fd);
	sem_t *s = sem_open(sem_name, O_CREAT | O_EXCL, 0600, 3);
	cr_assert_neq(s, SEM_FAILED, "sem_open: %s", strerror(errno));
	cr_assert_eq(sem_close(s), 0);

	struct posix_list l = { 0 };
	cr_assert_eq(posixipc_list(&l), 0, "%s", strerror(errno));
	for (size_t i = 1; i < l.count; i++)
		cr_assert(l.v[i - 1].kind < l.v[i].kind ||
			  (l.v[i - 1].kind == l.v[i].kind && strcmp(l.v[i - 1].name, l.v[i].name) < 0),
			  "sorted by kind and name");
	const struct posix_object *o = find(&l, POSIX_SHM, shm_name);
	cr_assert_not_null(o, "%s not listed", shm_name);
	cr_assert_eq(o->size, 8192u);
	cr_assert_eq(o->uid, getuid());
	cr_assert_eq(o->gid, getgid());
	cr_assert_eq(o->mode, 0640u);
	cr_assert_gt(o->mtime, 0);
	cr_assert(!o->has_value);
	o = find(&l, POSIX_SEM, sem_name);
	cr_assert_not_null(o, "%s not listed", sem_name);
	cr_assert(o->has_value);
	cr_assert_eq(o->value, 3);
	cr_assert_eq(o->mode, 0600u);
	cr_assert_null(find(&l, POSIX_SHM, sem_name), "the semaphore is not a shm object");
	cr_assert_str_eq(posixipc_kind_name(POSIX_SEM), "sem");

	char call[200], msg[200], want[200];
	cr_assert_eq(posixipc_remove(POSIX_SHM, shm_name, call, sizeof(call), msg, sizeof(msg)), 0);
	snprintf(want, sizeof(want), "shm_unlink(\"%s\") = 0", shm_name);
	cr_assert_str_eq(call, want);
	cr_assert_str_eq(msg, "");
	cr_assert_eq(posixipc_list(&l), 0);
	cr_assert_null(find(&l, POSIX_SHM, shm_name), "removed object still listed");
	cr_assert_not_null(find(&l, POSIX_SEM, sem_name));

	cr_assert_eq(posixipc_remove(POSIX_SHM, shm_name, call, sizeof(call), msg, sizeof(msg)), -1);
	cr_assert_eq(errno, ENOENT);
	snprintf(want, sizeof(want), "shm_unlink(\"%s\") = -1 ENOENT", shm_name);
	cr_assert_str_eq(call, want);
	snprintf(want, sizeof(want),
		 "shm_unlink: No such file or directory (no POSIX shared memory object %s)", shm_name);
	cr_assert_str_eq(msg, want);

	/* without the leading slash */
	cr_assert_eq(posixipc_remove(POSIX_SEM, sem_name + 1, call, sizeof(call), msg, sizeof(msg)), 0, "%s", msg);
	snprintf(want, sizeof(want), "sem_unlink(\"%s\") = 0", sem_name);
	cr_assert_str_eq(call, want);
	cr_assert_eq(posixipc_list(&l), 0);
	cr_assert_null(find(&l, POSIX_SEM, sem_name));
	posixipc_free(&l);
}

Test(posixipc, remove_errors)
{
	char call[300], msg[300];
	cr_assert_eq(posixipc_remove(POSIX_SEM, "/ipctop-no-such-sem", call, sizeof(call), msg, sizeof(msg)), -1);
	cr_assert_str_eq(call, "sem_unlink(\"/ipctop-no-such-sem\") = -1 ENOENT");
	cr_assert_str_eq(msg, "sem_unlink: No such file or directory (no POSIX semaphore /ipctop-no-such-sem)");
	cr_assert_eq(posixipc_remove(POSIX_MQ, "/ipctop-no-such-mq", call, sizeof(call), msg, sizeof(msg)), -1);
	cr_assert_str_eq(call, "mq_unlink(\"/ipctop-no-such-mq\") = -1 ENOENT");
	cr_assert_str_eq(msg, "mq_unlink: No such file or directory (no POSIX message queue /ipctop-no-such-mq)");
	char longname[400];
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	cr_assert_eq(posixipc_remove(POSIX_SHM, longname, call, sizeof(call), msg, sizeof(msg)), -1);
	cr_assert_eq(errno, ENAMETOOLONG);
	cr_assert_str_eq(msg, "shm_unlink: File name too long (the name is too long)");
	cr_assert_eq(posixipc_remove(POSIX_KIND_COUNT, "x", call, sizeof(call), msg, sizeof(msg)), -1);
	cr_assert_eq(errno, EINVAL);
	/* a name with a quote is shown as a valid C literal */
	posixipc_remove(POSIX_SHM, "/ipctop\"q", call, sizeof(call), NULL, 0);
	cr_assert_str_eq(call, "shm_unlink(\"/ipctop\\\"q\") = -1 ENOENT");
}

Test(posixipc, mqueue_not_mounted)
{
	char dir[] = "/tmp/ipctop-nomq.XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	struct posix_list l = { 0 };
	l.mqueue_mounted = true;
	cr_assert_eq(posixipc_list_at(&l, "/dev/shm", dir), 0);
	cr_assert(!l.mqueue_mounted, "a plain directory is not an mqueue mount");
	cr_assert_eq(posixipc_list_at(&l, "/dev/shm", "/nonexistent-ipctop"), 0);
	cr_assert(!l.mqueue_mounted);
	for (size_t i = 0; i < l.count; i++)
		cr_assert_neq(l.v[i].kind, POSIX_MQ);
	cr_assert_str_eq(POSIXIPC_MQUEUE_HINT, "mount -t mqueue none /dev/mqueue");
	posixipc_free(&l);
	cr_assert_eq(rmdir(dir), 0);
	cr_assert_eq(posixipc_list_at(&l, "/nonexistent-ipctop", dir), -1, "unreadable shm dir fails");
	posixipc_free(&l);
}

/* ---- with an mqueue mount, in a child with its own mount namespace ---- */

static int report_fd = -1;

static void failf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0 && write(report_fd, buf, strlen(buf)) < 0)
		_exit(9);
	_exit(1);
}

#define CHECK(cond, ...) do { if (!(cond)) failf(__VA_ARGS__); } while (0)

static void mq_child(const char *dir)
{
	char name[64];
	snprintf(name, sizeof(name), "/ipctop-test-mq-%d", (int)getpid());
	CHECK(unshare(CLONE_NEWNS) == 0, "unshare(CLONE_NEWNS): %s", strerror(errno));
	CHECK(mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == 0, "mount private: %s", strerror(errno));
	CHECK(mount("none", dir, "mqueue", 0, NULL) == 0, "mount mqueue: %s", strerror(errno));
	struct mq_attr a = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_WRONLY, 0600, &a);
	CHECK(q != (mqd_t)-1, "mq_open: %s", strerror(errno));
	CHECK(mq_send(q, "0123456789", 10, 1) == 0 && mq_send(q, "abcde", 5, 1) == 0, "mq_send");
	mq_close(q);

	struct posix_list l = { 0 };
	CHECK(posixipc_list_at(&l, "/dev/shm", dir) == 0, "list: %s", strerror(errno));
	CHECK(l.mqueue_mounted, "mount not seen");
	CHECK(!l.mqueue_other_ns, "own namespace taken for another");
	const struct posix_object *o = find(&l, POSIX_MQ, name);
	CHECK(o, "queue %s not listed", name);
	CHECK(o->size == 15, "QSIZE %llu, want 15", (unsigned long long)o->size);
	CHECK(o->has_attr && o->msgs == 2 && o->maxmsg == 4 && o->msgsize == 64,
	      "attr %d msgs %ld maxmsg %ld msgsize %ld", o->has_attr, o->msgs, o->maxmsg, o->msgsize);
	CHECK(o->mode == 0600 && o->uid == getuid(), "mode %o uid %d", o->mode, (int)o->uid);

	char call[200], msg[200], want[200];
	CHECK(posixipc_remove(POSIX_MQ, name, call, sizeof(call), msg, sizeof(msg)) == 0, "remove: %s", msg);
	snprintf(want, sizeof(want), "mq_unlink(\"%s\") = 0", name);
	CHECK(strcmp(call, want) == 0, "call text \"%s\"", call);
	CHECK(posixipc_list_at(&l, "/dev/shm", dir) == 0, "list");
	CHECK(!find(&l, POSIX_MQ, name), "removed queue still listed");

	/* The mount stays with this namespace; after entering a new one, the
	 * listed queue is not the one mq_open reaches. */
	q = mq_open(name, O_CREAT | O_EXCL | O_WRONLY, 0600, &a);
	CHECK(q != (mqd_t)-1, "mq_open 2: %s", strerror(errno));
	mq_close(q);
	CHECK(unshare(CLONE_NEWIPC) == 0, "unshare(CLONE_NEWIPC): %s", strerror(errno));
	CHECK(posixipc_list_at(&l, "/dev/shm", dir) == 0, "list");
	o = find(&l, POSIX_MQ, name);
	CHECK(o && !o->has_attr && o->size == 0, "queue of the old namespace");
	CHECK(l.mqueue_other_ns, "other namespace not noticed");
	posixipc_free(&l);
	_exit(0);
}

Test(posixipc, mqueue_mounted)
{
	if (getuid() != 0)
		cr_skip_test("mounting an mqueue file system needs root");
	char dir[] = "/tmp/ipctop-mq.XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	int fd;
	pid_t pid = fork_piped(&fd);
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		report_fd = fd;
		mq_child(dir);
	}
	char why[257] = "";
	read_full(fd, why, sizeof(why) - 1);
	close(fd);
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert_eq(rmdir(dir), 0, "the mount went away with the child: %s", strerror(errno));
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: %s (status %d)", why, st);
}

/* ---- the semaphore value, read from the file ---- */

static int open_dir(const char *path)
{
	int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	cr_assert_geq(fd, 0, "open %s: %s", path, strerror(errno));
	return fd;
}

static int value_of(int dir, const char *file)
{
	int v = -12345;
	cr_assert_eq(posixipc_sem_value(dir, file, &v), 0, "%s: %s", file, strerror(errno));
	return v;
}

Test(posixipc, sem_value_of_a_real_semaphore, .init = names, .fini = cleanup, .timeout = 20)
{
	sem_t *s = sem_open(sem_name, O_CREAT | O_EXCL, 0600, 5);
	cr_assert_neq(s, SEM_FAILED, "sem_open: %s", strerror(errno));
	char file[80];
	snprintf(file, sizeof(file), "sem.%s", sem_name + 1);
	int dir = open_dir("/dev/shm");
	cr_assert_eq(value_of(dir, file), 5);
	cr_assert_eq(sem_post(s), 0);
	cr_assert_eq(value_of(dir, file), 6);
	for (int i = 0; i < 6; i++)
		cr_assert_eq(sem_wait(s), 0);
	cr_assert_eq(value_of(dir, file), 0);

	/* A waiter: glibc counts it in the same word (the high half where
	 * 64-bit atomics exist, bit 0 elsewhere); the value stays 0. */
	pid_t w = fork();
	cr_assert_geq(w, 0);
	if (w == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		_exit(sem_wait(s) == 0 ? 0 : 1);
	}
	int sv = -1;
	for (int i = 0; i < 200; i++) { /* until the waiter is registered */
		unsigned char raw[sizeof(sem_t)];
		int fd = openat(dir, file, O_RDONLY);
		cr_assert_geq(fd, 0);
		cr_assert_eq(pread(fd, raw, sizeof(raw), 0), (ssize_t)sizeof(raw));
		close(fd);
		uint64_t data;
		memcpy(&data, raw, sizeof(data));
		if (data >> 32 || (data & 1))
			break;
		usleep(10000);
	}
	cr_assert_eq(sem_getvalue(s, &sv), 0);
	cr_assert_eq(sv, 0);
	cr_assert_eq(value_of(dir, file), 0, "a waiter is not a value");
	cr_assert_eq(sem_post(s), 0);
	int st;
	cr_assert_eq(waitpid(w, &st, 0), w);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	cr_assert_eq(value_of(dir, file), 0, "the waiter took the post");
	cr_assert_eq(sem_post(s), 0);
	cr_assert_eq(value_of(dir, file), 1);

	/* The list shows the same value; a truncated file is "unknown". */
	struct posix_list l = { 0 };
	cr_assert_eq(posixipc_list(&l), 0);
	const struct posix_object *o = find(&l, POSIX_SEM, sem_name);
	cr_assert(o && o->has_value && o->value == 1);
	int fd = openat(dir, file, O_RDWR);
	cr_assert_geq(fd, 0);
	cr_assert_eq(ftruncate(fd, 0), 0);
	int v = 77;
	cr_assert_eq(posixipc_sem_value(dir, file, &v), -1);
	cr_assert_eq(errno, ENODATA);
	cr_assert_eq(v, 77, "untouched on failure");
	cr_assert_eq(ftruncate(fd, (off_t)sizeof(sem_t) - 1), 0);
	cr_assert_eq(posixipc_sem_value(dir, file, &v), -1);
	cr_assert_eq(errno, ENODATA, "one byte short of a sem_t");
	close(fd);
	cr_assert_eq(posixipc_list(&l), 0);
	o = find(&l, POSIX_SEM, sem_name);
	cr_assert(o && !o->has_value, "a short file has no value");
	posixipc_free(&l);
	sem_close(s);
	close(dir);
}

static void put_file(int dir, const char *name, const void *data, size_t n)
{
	int fd = openat(dir, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
	cr_assert_geq(fd, 0, "create %s: %s", name, strerror(errno));
	cr_assert_eq(write(fd, data, n), (ssize_t)n);
	close(fd);
}

Test(posixipc, sem_value_of_planted_files, .timeout = 10)
{
	char path[] = "/tmp/ipctop-semval.XXXXXX";
	cr_assert_not_null(mkdtemp(path));
	int dir = open_dir(path);
	unsigned char raw[sizeof(sem_t)];
	memset(raw, 0, sizeof(raw));
	uint64_t data = 42;
#if UINTPTR_MAX <= 0xffffffffu && !defined(__x86_64__)
	data = 42u << 1;
#endif
	memcpy(raw, &data, sizeof(data));
	put_file(dir, "sem.good", raw, sizeof(raw));
	cr_assert_eq(value_of(dir, "sem.good"), 42);
	memset(raw, 0xff, sizeof(raw));
	put_file(dir, "sem.huge", raw, sizeof(raw));
	int v;
	cr_assert_eq(posixipc_sem_value(dir, "sem.huge", &v), -1);
	cr_assert_eq(errno, ERANGE, "above SEM_VALUE_MAX: not a semaphore");
	put_file(dir, "sem.short", raw, 3);
	cr_assert_eq(posixipc_sem_value(dir, "sem.short", &v), -1);
	cr_assert_eq(errno, ENODATA);
	cr_assert_eq(symlinkat("sem.good", dir, "sem.link"), 0);
	cr_assert_eq(posixipc_sem_value(dir, "sem.link", &v), -1, "a symlink is not followed");
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(mkfifoat(dir, "sem.fifo", 0666), 0);
	cr_assert_eq(posixipc_sem_value(dir, "sem.fifo", &v), -1, "a FIFO is not opened (no writer: would block)");
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(posixipc_sem_value(dir, "sem.none", &v), -1);
	cr_assert_eq(errno, ENOENT);

	struct posix_list l = { 0 };
	cr_assert_eq(posixipc_list_at(&l, path, "/nonexistent-ipctop"), 0);
	const struct posix_object *o = find(&l, POSIX_SEM, "/good");
	cr_assert(o && o->has_value && o->value == 42, "values are read in any directory");
	o = find(&l, POSIX_SEM, "/huge");
	cr_assert(o && !o->has_value);
	cr_assert_null(find(&l, POSIX_SEM, "/link"), "symlinks are not listed");
	cr_assert_null(find(&l, POSIX_SEM, "/fifo"), "FIFOs are not listed");
	posixipc_free(&l);
	const char *const files[] = { "sem.good", "sem.huge", "sem.short", "sem.link", "sem.fifo" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		cr_assert_eq(unlinkat(dir, files[i], 0), 0);
	close(dir);
	cr_assert_eq(rmdir(path), 0);
}

/* Another process grows and shrinks a semaphore file for a second while
 * the list is read again and again: the old sem_open + sem_getvalue died
 * of SIGBUS here within milliseconds. */
Test(posixipc, truncate_race_never_kills_the_reader, .init = names, .fini = cleanup, .timeout = 30)
{
	sem_t *s = sem_open(sem_name, O_CREAT | O_EXCL, 0600, 0); /* 0 like a regrown file */
	cr_assert_neq(s, SEM_FAILED);
	sem_close(s);
	char path[96];
	snprintf(path, sizeof(path), "/dev/shm/sem.%s", sem_name + 1);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		int fd = open(path, O_RDWR | O_NOFOLLOW);
		if (fd < 0)
			_exit(1);
		for (;;)
			if (ftruncate(fd, 64) < 0 || ftruncate(fd, 0) < 0)
				_exit(2);
	}
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	size_t lists = 0, known = 0, unknown = 0;
	struct posix_list l = { 0 };
	do {
		cr_assert_eq(posixipc_list(&l), 0);
		const struct posix_object *o = find(&l, POSIX_SEM, sem_name);
		if (o && o->has_value) {
			known++;
			cr_assert_eq(o->value, 0, "a regrown file is zeros: value 0, never garbage");
		} else if (o)
			unknown++;
		lists++;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) < 1000000000L);
	posixipc_free(&l);
	cr_assert_eq(kill(pid, SIGKILL), 0);
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "the truncating child ran all along (status %d)", st);
	cr_assert_gt(unknown, 0, "%zu lists, %zu read as unknown, %zu as 0", lists, unknown, known);
}

Test(posixipc, remove_from_a_directory_fd)
{
	char path[] = "/tmp/ipctop-rmat.XXXXXX";
	cr_assert_not_null(mkdtemp(path));
	int dir = open_dir(path);
	put_file(dir, "obj", "x", 1);
	put_file(dir, "sem.s", "x", 1);
	char call[300], msg[300], want[400];
	cr_assert_eq(posixipc_remove_at(dir, "/proc/1/root/dev/shm", POSIX_SHM, "/obj", call, sizeof(call), msg,
					sizeof(msg)), 0, "%s", msg);
	cr_assert_str_eq(call, "unlinkat(/proc/1/root/dev/shm, \"obj\", 0) = 0");
	cr_assert_eq(faccessat(dir, "obj", F_OK, AT_SYMLINK_NOFOLLOW), -1);
	cr_assert_eq(posixipc_remove_at(dir, "D", POSIX_SEM, "s", call, sizeof(call), msg, sizeof(msg)), 0, "%s", msg);
	cr_assert_str_eq(call, "unlinkat(D, \"sem.s\", 0) = 0");
	cr_assert_eq(faccessat(dir, "sem.s", F_OK, AT_SYMLINK_NOFOLLOW), -1);
	cr_assert_eq(posixipc_remove_at(dir, "D", POSIX_SHM, "/obj", call, sizeof(call), msg, sizeof(msg)), -1);
	cr_assert_eq(errno, ENOENT);
	cr_assert_str_eq(call, "unlinkat(D, \"obj\", 0) = -1 ENOENT");
	cr_assert_str_eq(msg, "unlinkat: No such file or directory (no POSIX shared memory object /obj)");
	/* never outside the directory */
	const char *const bad[] = { "/../x", "/a/b", "/..", "/.", "/", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(posixipc_remove_at(dir, "D", POSIX_SHM, bad[i], call, sizeof(call), msg, sizeof(msg)), -1);
		cr_assert_eq(errno, EINVAL, "%s", bad[i]);
		snprintf(want, sizeof(want), "unlinkat: Invalid argument (not a valid name: one leading slash, no other slashes)");
		cr_assert_str_eq(msg, want);
	}
	char longname[260];
	memset(longname, 'n', 253);
	longname[253] = '\0';
	cr_assert_eq(posixipc_remove_at(dir, "D", POSIX_SEM, longname, call, sizeof(call), msg, sizeof(msg)), -1);
	cr_assert_eq(errno, ENAMETOOLONG, "\"sem.\" makes it longer than NAME_MAX");
	/* a queue is the IPC namespace's: mq_unlink, not the directory */
	cr_assert_eq(posixipc_remove_at(dir, "D", POSIX_MQ, "/ipctop-no-such-mq", call, sizeof(call), msg, sizeof(msg)), -1);
	cr_assert_str_eq(call, "mq_unlink(\"/ipctop-no-such-mq\") = -1 ENOENT");
	close(dir);
	cr_assert_eq(rmdir(path), 0);
}
