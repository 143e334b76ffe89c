/* signals.c — what the interactive view's signals mean (the events of
 * signals.h; their flags, mask and wait are the core's sigflags.h),
 * stopping ourselves for a ^Z, and a crash handler that restores the
 * terminal and re-raises. */
#define _GNU_SOURCE
#include "loop/signals.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "base/sigflags.h"

static void (*emergency_fn)(void);

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
static struct sigaction previous_fatal[sizeof(fatal_signals) / sizeof(fatal_signals[0])];

static void on_fatal(int sig)
{
	if (emergency_fn)
		emergency_fn();
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		if (fatal_signals[i] == sig)
			sigaction(sig, &previous_fatal[i], NULL);
	/* Re-raise with the previous disposition so core dumps and sanitizers
	 * still see the crash. */
	sigset_t unblock;
	sigemptyset(&unblock);
	sigaddset(&unblock, sig);
	sigprocmask(SIG_UNBLOCK, &unblock, NULL);
	raise(sig);
}

int signals_install(void (*emergency)(void))
{
	/* SIGTSTP handled here also keeps curses from installing its own
	 * handler, which would draw from inside the signal. */
	static const int handled[] = { SIGALRM, SIGWINCH, SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT };
	emergency_fn = emergency;
	if (sigflags_install(handled, sizeof(handled) / sizeof(handled[0])) < 0)
		return -1;

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigfillset(&sa.sa_mask);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		if (sigaction(fatal_signals[i], &sa, &previous_fatal[i]) < 0)
			return -1;
	return 0;
}

const sigset_t *signals_wait_mask(void)
{
	return sigflags_wait_mask();
}

int signals_stop_self(void)
{
	struct sigaction dfl, ours;
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	if (sigaction(SIGTSTP, &dfl, &ours) < 0)
		return -1;
	sigset_t open, prev;
	sigemptyset(&open);
	sigaddset(&open, SIGTSTP);
	sigaddset(&open, SIGCONT);
	/* SIGCONT open too: its handler runs (SIGEV_CONT) as we are continued,
	 * before kill() returns. A SIGCONT pending already, delivered as we
	 * open, means we were stopped and continued since the ^Z (by SIGTTOU
	 * while giving the terminal back, then `fg`): stopping again would
	 * leave us stopped with nobody to continue us. Only this process is
	 * stopped, as ncurses does: a ^Z from the terminal reached the whole
	 * group already. */
	sigflags_clear(SIGCONT);
	(void)sigprocmask(SIG_UNBLOCK, &open, &prev); /* cannot fail with a valid set */
	int rc = sigflags_pending(SIGCONT) ? 0 : kill(getpid(), SIGTSTP);
	int err = errno;
	(void)sigprocmask(SIG_SETMASK, &prev, NULL);
	if (sigaction(SIGTSTP, &ours, NULL) < 0)
		return -1;
	errno = err;
	return rc;
}

bool signals_take(enum sig_event ev)
{
	switch (ev) {
	case SIGEV_TICK: return sigflags_take(SIGALRM);
	case SIGEV_RESIZE: return sigflags_take(SIGWINCH);
	case SIGEV_CHILD: return sigflags_take(SIGCHLD);
	case SIGEV_STOP: return sigflags_take(SIGTSTP);
	case SIGEV_CONT: return sigflags_take(SIGCONT);
	default: /* all three, like one flag: a quit is a quit */
		return sigflags_take(SIGINT) | sigflags_take(SIGTERM) | sigflags_take(SIGHUP);
	}
}
