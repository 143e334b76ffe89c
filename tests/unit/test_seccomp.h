/* test_seccomp.h — makes system calls fail in this test process only (a
 * seccomp filter; criterion runs each test in its own process): how the
 * unit tests reproduce an old kernel (ENOSYS) or a strict container
 * profile (EPERM). */
#ifndef IPCTOP_TEST_SECCOMP_H
#define IPCTOP_TEST_SECCOMP_H

#include <criterion/criterion.h>

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>

/* From now on the n system calls nrs[] fail with err; the others run. */
static inline void seccomp_deny(int err, const unsigned *nrs, unsigned n)
{
	struct sock_filter filter[2 + 16 + 1];
	cr_assert_leq(n, 16u);
	unsigned k = 0;
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	for (unsigned i = 0; i < n; i++) /* a match jumps to the ERRNO return */
		filter[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nrs[i], (unsigned char)(n - i), 0);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((unsigned)err & SECCOMP_RET_DATA));
	struct sock_fprog prog = { .len = (unsigned short)k, .filter = filter };
	cr_assert_eq(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0, "%s", strerror(errno));
	cr_assert_eq(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog), 0, "%s", strerror(errno));
}

#endif
