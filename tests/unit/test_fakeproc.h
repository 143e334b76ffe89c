/* test_fakeproc.h — a fake /proc/sysvipc for the unit tests that feed the
 * readers files of their own: the calling test process gets a private
 * mount namespace with a directory bind-mounted over /proc/sysvipc, so the
 * code reads the one path it always reads (no environment knob), and
 * nothing outside the test sees it. Needs CAP_SYS_ADMIN: root, or the user
 * namespace `make test` makes for a non-root user. */
#ifndef IPCTOP_TEST_FAKEPROC_H
#define IPCTOP_TEST_FAKEPROC_H

#include <criterion/criterion.h>

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>

static inline void fake_proc_sysvipc(const char *dir)
{
	cr_assert_eq(unshare(CLONE_NEWNS), 0, "unshare(CLONE_NEWNS): %s", strerror(errno));
	cr_assert_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0, "mount / private: %s", strerror(errno));
	cr_assert_eq(mount(dir, "/proc/sysvipc", NULL, MS_BIND, NULL), 0, "bind %s on /proc/sysvipc: %s", dir,
		     strerror(errno));
}

#endif
