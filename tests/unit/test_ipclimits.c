/* test_ipclimits.c — unit tests of limits_write (src/model/ipclimits.c) in a
 * private IPC namespace of each test: the value lands in the real
 * per-namespace /proc/sys/kernel file (read back, and seen by IPC_INFO),
 * the four semaphore limits keep each other, the C text names the file
 * written, and no environment variable redirects the write (the removed
 * $IPCTOP_SYSCTL_DIR pointing at a planted symlink leaves its target
 * alone). */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/ipclimits.h"

static void private_ipc(void)
{
	cr_assert_eq(unshare(CLONE_NEWIPC), 0, "unshare(CLONE_NEWIPC): %s", strerror(errno));
}

TestSuite(ipclimits, .init = private_ipc);

static char *slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void write_limit(enum limit_id id, uint64_t v, char *call, size_t calllen)
{
	struct ipc_limits lim;
	char msg[256];
	cr_assert_eq(limits_read(&lim), 0);
	cr_assert_eq(limits_write(&lim, id, v, call, calllen, msg, sizeof(msg)), 0, "%s: %s", limits_name(id), msg);
}

Test(ipclimits, writes_the_namespace_sysctl)
{
	char call[256];
	cr_assert_str_eq(limits_file(LIMIT_SHMMNI), "/proc/sys/kernel/shmmni");
	write_limit(LIMIT_SHMMNI, 5000, call, sizeof(call));
	cr_assert_str_eq(slurp("/proc/sys/kernel/shmmni"), "5000\n");
	struct ipc_limits lim;
	cr_assert_eq(limits_read(&lim), 0);
	cr_assert_eq(lim.shmmni, 5000u, "IPC_INFO sees it");
	cr_assert_str_eq(call, "write(open(\"/proc/sys/kernel/shmmni\", O_WRONLY), \"5000\\n\", 5)");
}

Test(ipclimits, semaphore_limits_share_one_file)
{
	char call[256];
	cr_assert_str_eq(limits_file(LIMIT_SEMOPM), "/proc/sys/kernel/sem");
	struct ipc_limits before;
	cr_assert_eq(limits_read(&before), 0);
	write_limit(LIMIT_SEMOPM, 77, call, sizeof(call));
	char want[128];
	snprintf(want, sizeof(want), "%" PRIu64 "\t%" PRIu64 "\t77\t%" PRIu64 "\n", before.semmsl, before.semmns,
		 before.semmni);
	cr_assert_str_eq(slurp("/proc/sys/kernel/sem"), want);
	cr_assert(strstr(call, "\"/proc/sys/kernel/sem\""), "%s", call);
}

Test(ipclimits, environment_cannot_redirect_the_write)
{
	char dir[] = "/tmp/ipctop-sysctl-XXXXXX", victim[64], link[64], call[256];
	cr_assert_not_null(mkdtemp(dir));
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	snprintf(link, sizeof(link), "%s/shmmax", dir);
	FILE *f = fopen(victim, "w");
	cr_assert_not_null(f);
	fputs("precious\n", f);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(symlink(victim, link), 0);
	cr_assert_eq(setenv("IPCTOP_SYSCTL_DIR", dir, 1), 0);
	write_limit(LIMIT_SHMMAX, 123456789, call, sizeof(call));
	unsetenv("IPCTOP_SYSCTL_DIR");
	char got[32];
	snprintf(got, sizeof(got), "%s", slurp(victim));
	unlink(link);
	unlink(victim);
	rmdir(dir);
	cr_assert_str_eq(got, "precious\n", "the planted symlink's target is untouched");
	cr_assert_str_eq(slurp("/proc/sys/kernel/shmmax"), "123456789\n");
	cr_assert(strstr(call, "\"/proc/sys/kernel/shmmax\""), "%s", call);
}

static void refused(enum limit_id id, uint64_t v, int want_errno, const char *want_msg)
{
	struct ipc_limits lim;
	char call[256], msg[256];
	cr_assert_eq(limits_read(&lim), 0);
	errno = 0;
	cr_assert_eq(limits_write(&lim, id, v, call, sizeof(call), msg, sizeof(msg)), -1);
	cr_assert_eq(errno, want_errno, "%s: %s", limits_name(id), strerror(errno));
	cr_assert_str_eq(msg, want_msg);
}

Test(ipclimits, refused_values_are_reported)
{
	/* above IPCMNI (32768): EINVAL from shmmni, ERANGE from sem */
	refused(LIMIT_SHMMNI, 100000, EINVAL,
		"write(/proc/sys/kernel/shmmni): Invalid argument (the kernel refused this value)");
	refused(LIMIT_SEMMNI, 100000, ERANGE,
		"write(/proc/sys/kernel/sem): Numerical result out of range (the kernel refused this value)");
}
