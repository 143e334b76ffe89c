/* test_seccomp.h — making one system call fail in the calling process (a
 * seccomp filter), for unit tests of what the core does when the kernel
 * lacks a call or refuses it. */
#ifndef IPCTOP_TEST_SECCOMP_H
#define IPCTOP_TEST_SECCOMP_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>

/* From now on system call nr fails with err in this process (and its
 * children); every other call is allowed. Returns 0, or -1 with errno from
 * prctl. There is no way back: call it in a test's own process. */
static inline int seccomp_fail_call(unsigned nr, unsigned err)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | err),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(filter) / sizeof(filter[0]), .filter = filter };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

#endif
