/* sigflags.c — owns the flag of every signal, the flag-setting handler,
 * the mask kept for the wait and the dispositions and mask to restore. */
#define _GNU_SOURCE
#include "base/sigflags.h"

#include <errno.h>
#include <string.h>

static volatile sig_atomic_t flags[NSIG];

/* What sigflags_install and sigflags_ignore changed, in that order. */
static struct {
	int sig;
	struct sigaction old;
} saved[SIGFLAGS_MAX];
static size_t nsaved;
static sigset_t old_mask, wait_mask;
static bool masked;

static void on_signal(int sig)
{
	int e = errno;
	if (sig > 0 && sig < NSIG)
		flags[sig] = 1;
	errno = e;
}

/* sigaction(sig, sa) with the old disposition saved for restore. */
static int change(int sig, const struct sigaction *sa)
{
	if (nsaved >= SIGFLAGS_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (sigaction(sig, sa, &saved[nsaved].old) < 0)
		return -1;
	saved[nsaved++].sig = sig;
	return 0;
}

int sigflags_install(const int *sigs, size_t n)
{
	sigset_t block;
	sigemptyset(&block);
	for (size_t i = 0; i < n; i++)
		sigaddset(&block, sigs[i]);
	if (sigprocmask(SIG_BLOCK, &block, &old_mask) < 0)
		return -1;
	masked = true;
	wait_mask = old_mask;
	for (size_t i = 0; i < n; i++)
		sigdelset(&wait_mask, sigs[i]);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < n; i++) {
		if (sigs[i] > 0 && sigs[i] < NSIG)
			flags[sigs[i]] = 0;
		if (change(sigs[i], &sa) < 0)
			return -1;
	}
	return 0;
}

int sigflags_ignore(int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	return change(sig, &sa);
}

const sigset_t *sigflags_wait_mask(void)
{
	return &wait_mask;
}

bool sigflags_pending(int sig)
{
	return sig > 0 && sig < NSIG && flags[sig];
}

void sigflags_clear(int sig)
{
	if (sig > 0 && sig < NSIG)
		flags[sig] = 0;
}

bool sigflags_take(int sig)
{
	if (!sigflags_pending(sig))
		return false;
	flags[sig] = 0;
	return true;
}

void sigflags_restore(void)
{
	if (masked)
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
	masked = false;
	while (nsaved > 0) {
		nsaved--;
		sigaction(saved[nsaved].sig, &saved[nsaved].old, NULL);
	}
}
