/* test_posixns.c — unit tests of src/model/posixns.c: following our own pid
 * gives ipctop's own files; a missing pid, or one in another IPC namespace,
 * is not followed (ipctop's own files, removal refused, the reason); a
 * child with its own mount namespace and /dev/shm is followed: its marker
 * is listed (not ours) and removed inside its namespace only; a chrooted
 * child whose dev/shm is a symlink to /etc is read inside its root, never
 * the host's /etc; a child in another user namespace is followed but shm
 * removal is refused (queues are not). */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/posixns.h"
#include "test_io.h"

static const struct posix_object *find(const struct posix_list *l, enum posix_kind kind, const char *name)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->v[i].kind == kind && strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

static uint64_t ns_of(const char *path)
{
	struct stat st;
	cr_assert_eq(stat(path, &st), 0, "%s: %s", path, strerror(errno));
	return (uint64_t)st.st_ino;
}

Test(posixns, own_pid_is_ipctops_own_files)
{
	struct posixns w = POSIXNS_INIT;
	cr_assert_eq(posixns_follow(&w, getpid()), 0, "%s", w.why);
	cr_assert_eq(w.pid, 0);
	cr_assert_eq(w.shm_fd, -1);
	cr_assert(!w.foreign && !w.other_user);
	cr_assert_eq(w.mnt, ns_of("/proc/self/ns/mnt"));
	struct posix_object o = { .kind = POSIX_SHM };
	char why[200];
	cr_assert(posixns_may_remove(&w, &o, why, sizeof(why)));
	posixns_close(&w);
}

Test(posixns, missing_pid_is_not_followed)
{
	struct posixns w = POSIXNS_INIT;
	cr_assert_eq(posixns_follow(&w, 1073741808), -1);
	cr_assert_eq(errno, ENOENT);
	cr_assert_str_eq(w.why, "open /proc/1073741808: No such file or directory (no process 1073741808)");
	cr_assert(w.foreign);
	cr_assert_eq(w.shm_fd, -1);
	struct posix_object o = { .kind = POSIX_SHM };
	char why[200], want[200];
	cr_assert(!posixns_may_remove(&w, &o, why, sizeof(why)));
	snprintf(want, sizeof(want), "d refused: ipctop's own files (mnt:[%llu]); --ns PID shows a process's",
		 (unsigned long long)ns_of("/proc/self/ns/mnt"));
	cr_assert_str_eq(why, want);
	posixns_own(&w, false);
	cr_assert(!w.foreign);
	cr_assert_str_eq(w.why, "");
	cr_assert(posixns_may_remove(&w, &o, why, sizeof(why)));
}

/* ---- children in other namespaces ---- */

enum setup { NEW_MOUNT, CHROOT_SYMLINK, NEW_USER, NEW_IPC };
static char chroot_dir[64];

/* A child set up as asked, then waiting to be killed; returns its pid once
 * it is ready (the test fails with the child's reason otherwise). */
static pid_t child(enum setup how, const char *marker)
{
	int fd;
	pid_t pid = fork_piped(&fd);
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		const char *fail = NULL;
		if (how == NEW_MOUNT) {
			char path[128];
			snprintf(path, sizeof(path), "/dev/shm/%s", marker);
			if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
			    mount("none", "/dev/shm", "tmpfs", 0, NULL) < 0)
				fail = "mount namespace";
			else if (close(open(path, O_CREAT | O_WRONLY, 0644)) < 0)
				fail = "marker";
		} else if (how == CHROOT_SYMLINK) {
			if (chroot(chroot_dir) < 0 || chdir("/") < 0)
				fail = "chroot";
		} else if (how == NEW_USER) {
			if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
				fail = "user namespace";
		} else if (unshare(CLONE_NEWIPC) < 0) {
			fail = "IPC namespace";
		}
		char msg[128];
		snprintf(msg, sizeof(msg), "%s%s: %s", fail ? "!" : "r", fail ? fail : "", fail ? strerror(errno) : "");
		if (write(fd, msg, strlen(msg)) < 0)
			_exit(1);
		close(fd);
		for (;;)
			pause();
	}
	char msg[128] = "";
	size_t n = read_full(fd, msg, sizeof(msg) - 1); /* until the child closes its end */
	close(fd);
	cr_assert(n > 0 && msg[0] == 'r', "child setup failed: %s", n > 0 ? msg + 1 : "no answer");
	return pid;
}

static void end_child(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void need_root(void)
{
	if (getuid() != 0)
		cr_skip_test("mount namespaces and chroot need root");
}

Test(posixns, follows_another_mount_namespace, .init = need_root, .timeout = 20)
{
	char marker[64], ours[96], theirs[128];
	snprintf(marker, sizeof(marker), "ipctop-posixns-%d", (int)getpid());
	snprintf(ours, sizeof(ours), "/dev/shm/%s", marker);
	cr_assert_geq(close(open(ours, O_CREAT | O_WRONLY, 0644)), 0, "our file of the same name");
	char ours_only[96];
	snprintf(ours_only, sizeof(ours_only), "/dev/shm/%s-ours", marker);
	cr_assert_geq(close(open(ours_only, O_CREAT | O_WRONLY, 0644)), 0);
	pid_t pid = child(NEW_MOUNT, marker);

	struct posixns w = POSIXNS_INIT;
	cr_assert_eq(posixns_follow(&w, pid), 0, "%s", w.why);
	cr_assert_eq(w.pid, pid);
	cr_assert_geq(w.shm_fd, 0);
	cr_assert(!w.foreign && !w.other_user);
	char nspath[64], want[64], name[80];
	snprintf(nspath, sizeof(nspath), "/proc/%d/ns/mnt", (int)pid);
	cr_assert_eq(w.mnt, ns_of(nspath));
	cr_assert_neq(w.mnt, ns_of("/proc/self/ns/mnt"));
	snprintf(want, sizeof(want), "/proc/%d/root/dev/shm", (int)pid);
	cr_assert_str_eq(w.dir, want);

	struct posix_list l = { 0 };
	cr_assert_eq(posixns_list(&w, &l), 0);
	snprintf(name, sizeof(name), "/%s", marker);
	const struct posix_object *o = find(&l, POSIX_SHM, name);
	cr_assert_not_null(o, "its marker is listed");
	snprintf(name, sizeof(name), "/%s-ours", marker);
	cr_assert_null(find(&l, POSIX_SHM, name), "our own files are not");
	char why[200], call[300], msg[300];
	cr_assert(posixns_may_remove(&w, o, why, sizeof(why)), "%s", why);
	cr_assert_eq(posixns_remove(&w, POSIX_SHM, o->name, call, sizeof(call), msg, sizeof(msg)), 0, "%s", msg);
	snprintf(theirs, sizeof(theirs), "/proc/%d/root/dev/shm/%s", (int)pid, marker);
	cr_assert_eq(access(theirs, F_OK), -1, "removed in its namespace");
	cr_assert_eq(access(ours, F_OK), 0, "ours of the same name is untouched");
	posixipc_free(&l);

	/* The directory stays open: the process exiting changes nothing. */
	end_child(pid);
	cr_assert_eq(posixns_list(&w, &l), 0);
	cr_assert_null(find(&l, POSIX_SHM, name));
	posixipc_free(&l);
	posixns_close(&w);
	unlink(ours);
	unlink(ours_only);
}

Test(posixns, a_symlink_resolves_inside_the_process_root, .init = need_root, .timeout = 20)
{
	snprintf(chroot_dir, sizeof(chroot_dir), "/tmp/ipctop-posixns.XXXXXX");
	cr_assert_not_null(mkdtemp(chroot_dir));
	char path[128];
	snprintf(path, sizeof(path), "%s/dev", chroot_dir);
	cr_assert_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/etc", chroot_dir);
	cr_assert_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/etc/inside", chroot_dir);
	cr_assert_geq(close(open(path, O_CREAT | O_WRONLY, 0644)), 0);
	snprintf(path, sizeof(path), "%s/dev/shm", chroot_dir);
	cr_assert_eq(symlink("/etc", path), 0, "dev/shm -> /etc, absolute");
	pid_t pid = child(CHROOT_SYMLINK, NULL);

	struct posixns w = POSIXNS_INIT;
	cr_assert_eq(posixns_follow(&w, pid), 0, "%s", w.why);
	cr_assert_eq(w.pid, pid, "another root is followed, even in our mount namespace");
	struct posix_list l = { 0 };
	cr_assert_eq(posixns_list(&w, &l), 0);
	cr_assert_not_null(find(&l, POSIX_SHM, "/inside"), "its /etc");
	cr_assert_null(find(&l, POSIX_SHM, "/passwd"), "not the host's /etc");
	cr_assert_eq(l.count, 1);
	posixipc_free(&l);
	posixns_close(&w);
	end_child(pid);
	const char *const rm[] = { "etc/inside", "dev/shm", "etc", "dev" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", chroot_dir, rm[i]);
		cr_assert_eq(i < 2 ? unlink(path) : rmdir(path), 0, "%s", path);
	}
	cr_assert_eq(rmdir(chroot_dir), 0);
}

Test(posixns, another_user_namespace_refuses_shm_removal, .init = need_root, .timeout = 20)
{
	pid_t pid = child(NEW_USER, NULL);
	struct posixns w = POSIXNS_INIT;
	cr_assert_eq(posixns_follow(&w, pid), 0, "%s", w.why);
	cr_assert(w.other_user);
	cr_assert(!w.foreign);
	struct posix_object shm = { .kind = POSIX_SHM }, sem = { .kind = POSIX_SEM }, mq = { .kind = POSIX_MQ };
	char why[200], want[200];
	cr_assert(!posixns_may_remove(&w, &shm, why, sizeof(why)));
	snprintf(want, sizeof(want), "d refused: pid %d is in another user namespace; use nsenter -t %d -U -m",
		 (int)pid, (int)pid);
	cr_assert_str_eq(why, want);
	cr_assert(!posixns_may_remove(&w, &sem, why, sizeof(why)));
	cr_assert(posixns_may_remove(&w, &mq, why, sizeof(why)), "a queue is removed by name in the IPC namespace");
	mq.other_ns = true;
	cr_assert(!posixns_may_remove(&w, &mq, why, sizeof(why)));
	cr_assert_str_eq(why, "d refused: this queue is another IPC namespace's; mq_unlink misses it");
	posixns_close(&w);
	end_child(pid);
}

Test(posixns, a_pid_in_another_ipc_namespace_is_not_followed, .init = need_root, .timeout = 20)
{
	pid_t pid = child(NEW_IPC, NULL);
	struct posixns w = POSIXNS_INIT;
	cr_assert_eq(posixns_follow(&w, pid), -1);
	cr_assert_eq(errno, ESRCH);
	char want[200];
	snprintf(want, sizeof(want), "/proc/%d: No such process (pid %d is no longer in the IPC namespace shown)",
		 (int)pid, (int)pid);
	cr_assert_str_eq(w.why, want);
	cr_assert(w.foreign);
	end_child(pid);
}
