/* test_errtext.c — unit tests of src/base/errtext.c: the message format
 * "<call>: <strerror> (<meaning>)", a meaning for every errno the issue
 * names (EACCES EPERM EEXIST ENOENT EINVAL EIDRM ENOSPC ENOMEM E2BIG ERANGE
 * EFBIG EAGAIN ENOMSG EINTR EFAULT, ENOSYS for MSG_COPY), limits named with
 * their values, and errno names. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "base/errtext.h"

static const char *meaning(enum ipc_call call, int err, const struct errtext_ctx *ctx)
{
	static char buf[256];
	return errtext_meaning(call, err, ctx, buf, sizeof(buf));
}

static void assert_meaning(enum ipc_call call, int err, const struct errtext_ctx *ctx,
			   const char *part)
{
	const char *m = meaning(call, err, ctx);
	cr_assert(strstr(m, part), "%s/%s: '%s' lacks '%s'", errtext_call_name(call),
		  errtext_errno_name(err), m, part);
}

Test(errtext, message_format_from_the_issue)
{
	char buf[256];
	struct errtext_ctx c = ERRTEXT_CTX_INIT;
	c.key = 0x1234;
	c.has_key = 1;
	cr_assert_str_eq(errtext_message(CALL_SHMGET, EEXIST, &c, buf, sizeof(buf)),
			 "shmget: File exists (IPC_EXCL and key 0x00001234 is taken)");
	cr_assert_str_eq(errtext_message(CALL_MSGSND, EAGAIN, NULL, buf, sizeof(buf)),
			 "msgsnd: Resource temporarily unavailable (queue full)");
	struct errtext_ctx s = ERRTEXT_CTX_INIT;
	s.flags = IPC_NOWAIT;
	s.semop = ERRTEXT_SEM_DEC;
	cr_assert_str_eq(errtext_message(CALL_SEMOP, EAGAIN, &s, buf, sizeof(buf)),
			 "semop: Resource temporarily unavailable (IPC_NOWAIT and the value would go below 0)");
}

Test(errtext, every_named_errno_has_words)
{
	static const int errs[] = { EACCES, EPERM, EEXIST, ENOENT, EINVAL, EIDRM, ENOSPC, ENOMEM,
				    E2BIG, ERANGE, EFBIG, EAGAIN, ENOMSG, EINTR, EFAULT };
	for (int call = 0; call < CALL_COUNT; call++)
		for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
			const char *m = meaning((enum ipc_call)call, errs[i], NULL);
			cr_assert(m[0], "empty meaning");
			cr_assert_lt(strlen(m), 200);
		}
}

Test(errtext, permissions)
{
	struct errtext_ctx c = ERRTEXT_CTX_INIT;
	assert_meaning(CALL_MSGSND, EACCES, &c, "no write permission");
	assert_meaning(CALL_MSGRCV, EACCES, &c, "no read permission");
	c.flags = SHM_RDONLY;
	assert_meaning(CALL_SHMAT, EACCES, &c, "no read permission");
	c.flags = 0;
	assert_meaning(CALL_SHMAT, EACCES, &c, "try read-only");
	c.cmd = SETVAL;
	assert_meaning(CALL_SEMCTL, EACCES, &c, "alter");
	c.cmd = IPC_RMID;
	assert_meaning(CALL_SHMCTL, EPERM, &c, "owner, the creator");
	c.cmd = IPC_SET;
	assert_meaning(CALL_MSGCTL, EPERM, &c, "CAP_SYS_RESOURCE");
	c.key = 0x0b5e0001;
	c.has_key = 1;
	assert_meaning(CALL_SEMGET, EACCES, &c, "key 0x0b5e0001 exists");
}

Test(errtext, keys_and_vanished_objects)
{
	struct errtext_ctx c = ERRTEXT_CTX_INIT;
	c.key = 0x0b5e0002;
	c.has_key = 1;
	assert_meaning(CALL_MSGGET, ENOENT, &c, "no queue has key 0x0b5e0002");
	assert_meaning(CALL_SEMGET, EEXIST, &c, "IPC_EXCL and key 0x0b5e0002 is taken");
	assert_meaning(CALL_SEMOP, EIDRM, NULL, "removed while waiting");
	assert_meaning(CALL_SHMCTL, EIDRM, NULL, "the object was removed");
	assert_meaning(CALL_MSGSND, EINVAL, NULL, "removed?");
	assert_meaning(CALL_SEMCTL, EINVAL, NULL, "removed?");
	assert_meaning(CALL_FTOK, ENOENT, NULL, "path does not exist");
}

Test(errtext, limits_are_named)
{
	struct ipc_limits l;
	memset(&l, 0, sizeof(l));
	l.shmmni = 4096;
	l.shm_segments = 4096;
	l.shmall = 100;
	l.msgmni = 32000;
	l.semmni = 32000;
	l.sem_sets = 10;
	l.semmns = 1024000000;
	l.semopm = 500;
	l.shmmin = 1;
	l.shmmax = 1000;
	l.semmsl = 32000;
	struct errtext_ctx c = ERRTEXT_CTX_INIT;
	c.lim = &l;
	assert_meaning(CALL_SHMGET, ENOSPC, &c, "SHMMNI (4096 segments)");
	l.shm_segments = 3;
	assert_meaning(CALL_SHMGET, ENOSPC, &c, "SHMALL (100 pages");
	assert_meaning(CALL_MSGGET, ENOSPC, &c, "MSGMNI (32000 queues)");
	assert_meaning(CALL_SEMGET, ENOSPC, &c, "SEMMNS (1024000000 semaphores");
	l.sem_sets = 32000;
	assert_meaning(CALL_SEMGET, ENOSPC, &c, "SEMMNI (32000 sets)");
	assert_meaning(CALL_SEMOP, E2BIG, &c, "SEMOPM (500)");
	assert_meaning(CALL_SHMGET, EINVAL, &c, "SHMMIN..SHMMAX (1..1000)");
	assert_meaning(CALL_SEMGET, EINVAL, &c, "SEMMSL (32000)");
	/* without limits the names still appear */
	assert_meaning(CALL_SEMGET, ENOSPC, NULL, "SEMMNI");
	assert_meaning(CALL_MSGGET, ENOSPC, NULL, "MSGMNI");
}

Test(errtext, sizes_and_values)
{
	assert_meaning(CALL_MSGRCV, E2BIG, NULL, "use MSG_NOERROR");
	assert_meaning(CALL_SEMCTL, ERANGE, NULL, "SEMVMX (32767)");
	assert_meaning(CALL_SEMOP, ERANGE, NULL, "SEMVMX");
	assert_meaning(CALL_SEMOP, EFBIG, NULL, "beyond the last semaphore");
	assert_meaning(CALL_SHMGET, ENOMEM, NULL, "memory");
	assert_meaning(CALL_SHMAT, ENOMEM, NULL, "address space");
	assert_meaning(CALL_SEMOP, EINTR, NULL, "interrupted by a signal");
	assert_meaning(CALL_MSGSND, EFAULT, NULL, "bad address");
}

Test(errtext, would_block_and_no_message)
{
	struct errtext_ctx c = ERRTEXT_CTX_INIT;
	c.semop = ERRTEXT_SEM_ZERO;
	assert_meaning(CALL_SEMOP, EAGAIN, &c, "is not 0");
	c.semop = ERRTEXT_SEM_ZERO | ERRTEXT_SEM_DEC;
	assert_meaning(CALL_SEMOP, EAGAIN, &c, "would block");
	assert_meaning(CALL_MSGRCV, ENOMSG, NULL, "no message of the requested type");
	c.flags = MSG_COPY | IPC_NOWAIT;
	assert_meaning(CALL_MSGRCV, ENOMSG, &c, "no message at that index");
	assert_meaning(CALL_MSGRCV, ENOSYS, &c, "no MSG_COPY");
}

Test(errtext, unknown_pairs_and_names)
{
	assert_meaning(CALL_SHMDT, EXDEV, NULL, "unexpected error from shmdt");
	cr_assert_str_eq(errtext_errno_name(EAGAIN), "EAGAIN");
	cr_assert_str_eq(errtext_errno_name(EIDRM), "EIDRM");
	cr_assert_null(errtext_errno_name(-5));
	cr_assert_str_eq(errtext_call_name(CALL_SEMOP), "semop");
	cr_assert_str_eq(errtext_call_name(CALL_COUNT), "?");
	char small[8];
	errtext_message(CALL_SEMOP, EAGAIN, NULL, small, sizeof(small));
	cr_assert_eq(strlen(small), 7);
}

Test(errtext, format_any_call_and_fail_sets_errno)
{
	char buf[128];
	cr_assert_str_eq(errtext_format(buf, sizeof(buf), "setns", EPERM, "needs CAP_SYS_ADMIN"),
			 "setns: Operation not permitted (needs CAP_SYS_ADMIN)");
	errtext_format(buf, 12, "open", ENOENT, "no pidfile directory");
	cr_assert_str_eq(buf, "open: No su", "cut to the buffer, still terminated");

	errno = 0;
	cr_assert_eq(errtext_fail(buf, sizeof(buf), "fork", EAGAIN, "starting the daemon"), -1);
	cr_assert_eq(errno, EAGAIN);
	cr_assert_str_eq(buf, "fork: Resource temporarily unavailable (starting the daemon)");
	errno = 0;
	cr_assert_eq(errtext_fail(NULL, 0, "fork", ENOMEM, "no buffer"), -1);
	cr_assert_eq(errno, ENOMEM, "without a buffer it still reports through errno");
}
