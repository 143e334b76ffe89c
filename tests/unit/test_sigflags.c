/* test_sigflags.c — unit tests of src/base/sigflags.c with real signals:
 * an installed signal is blocked (raised, it waits; its flag stays clear)
 * until the wait mask opens it in sigsuspend, which sets only its flag;
 * take clears it; a signal blocked before install is open in the wait
 * mask; restore brings back the mask and the dispositions found, and a
 * signal still pending then meets the flag handler, not its default
 * action; ignore sets SIG_IGN until restore; more than SIGFLAGS_MAX fails
 * with EINVAL. Each test runs in its own process (criterion). */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "base/sigflags.h"

static bool blocked(int sig)
{
	sigset_t now;
	cr_assert_eq(sigprocmask(SIG_BLOCK, NULL, &now), 0);
	return sigismember(&now, sig) == 1;
}

static void (*handler_of(int sig))(int)
{
	struct sigaction sa;
	cr_assert_eq(sigaction(sig, NULL, &sa), 0);
	return sa.sa_handler;
}

Test(sigflags, blocked_until_the_wait_then_flagged)
{
	static const int sigs[] = { SIGUSR1, SIGUSR2 };
	cr_assert_eq(sigflags_install(sigs, 2), 0, "%s", strerror(errno));
	cr_assert(blocked(SIGUSR1) && blocked(SIGUSR2));
	cr_assert(!sigismember(sigflags_wait_mask(), SIGUSR1));
	cr_assert(!sigflags_pending(SIGUSR1));
	raise(SIGUSR1);
	cr_assert(!sigflags_pending(SIGUSR1), "delivered while blocked");
	sigsuspend(sigflags_wait_mask());
	cr_assert(sigflags_pending(SIGUSR1));
	cr_assert(!sigflags_pending(SIGUSR2));
	cr_assert(sigflags_take(SIGUSR1));
	cr_assert(!sigflags_take(SIGUSR1), "take clears the flag");
	raise(SIGUSR2);
	sigsuspend(sigflags_wait_mask());
	cr_assert(sigflags_pending(SIGUSR2));
	sigflags_clear(SIGUSR2);
	cr_assert(!sigflags_pending(SIGUSR2));
	sigflags_restore();
}

Test(sigflags, blocked_at_start_still_open_in_the_wait)
{
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGWINCH);
	cr_assert_eq(sigprocmask(SIG_BLOCK, &block, NULL), 0);
	static const int sigs[] = { SIGUSR1 };
	cr_assert_eq(sigflags_install(sigs, 1), 0);
	cr_assert(!sigismember(sigflags_wait_mask(), SIGUSR1));
	cr_assert(sigismember(sigflags_wait_mask(), SIGWINCH), "other blocked signals stay blocked in the wait");
	sigflags_restore();
	cr_assert(blocked(SIGUSR1), "restore gives back the mask found");
}

Test(sigflags, restore_brings_back_mask_and_handlers)
{
	cr_assert_eq(handler_of(SIGALRM), SIG_DFL);
	cr_assert(!blocked(SIGALRM));
	static const int sigs[] = { SIGALRM, SIGTERM };
	cr_assert_eq(sigflags_install(sigs, 2), 0);
	cr_assert_eq(sigflags_ignore(SIGPIPE), 0);
	cr_assert_neq(handler_of(SIGALRM), SIG_DFL);
	cr_assert_eq(handler_of(SIGPIPE), SIG_IGN);
	/* A last tick left pending: at restore it must meet the flag
	 * handler (SIGALRM's default action would end this process). */
	raise(SIGALRM);
	sigflags_restore();
	cr_assert(sigflags_pending(SIGALRM));
	cr_assert_eq(handler_of(SIGALRM), SIG_DFL);
	cr_assert_eq(handler_of(SIGTERM), SIG_DFL);
	cr_assert_eq(handler_of(SIGPIPE), SIG_DFL);
	cr_assert(!blocked(SIGALRM) && !blocked(SIGTERM));
	/* Again, as a second --watch in the same process would. */
	cr_assert_eq(sigflags_install(sigs, 2), 0);
	cr_assert(!sigflags_pending(SIGALRM), "install clears the flags");
	sigflags_restore();
}

Test(sigflags, too_many_fails_with_einval)
{
	int sigs[SIGFLAGS_MAX + 1];
	for (int i = 0; i <= SIGFLAGS_MAX; i++)
		sigs[i] = SIGRTMIN + i;
	errno = 0;
	cr_assert_eq(sigflags_install(sigs, SIGFLAGS_MAX + 1), -1);
	cr_assert_eq(errno, EINVAL);
	sigflags_restore();
	for (int i = 0; i <= SIGFLAGS_MAX; i++)
		cr_assert_eq(handler_of(sigs[i]), SIG_DFL, "signal %d", sigs[i]);
	cr_assert(!blocked(sigs[0]));
}
