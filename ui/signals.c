/* signals.c — flag-only handlers for the timer, resize, children, quit
 * requests and job control (stop, continue); stopping ourselves for a
 * ^Z; a crash handler that restores the terminal and re-raises. */
#define _GNU_SOURCE
#include "signals.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t pending[SIGEV_COUNT];
static sigset_t wait_mask;
static void (*emergency_fn)(void);

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
static struct sigaction previous_fatal[sizeof(fatal_signals) / sizeof(fatal_signals[0])];

static void on_signal(int sig)
{
	int saved = errno;
	switch (sig) {
	case SIGALRM: pending[SIGEV_TICK] = 1; break;
	case SIGWINCH: pending[SIGEV_RESIZE] = 1; break;
	case SIGCHLD: pending[SIGEV_CHILD] = 1; break;
	case SIGTSTP: pending[SIGEV_STOP] = 1; break;
	case SIGCONT: pending[SIGEV_CONT] = 1; break;
	default: pending[SIGEV_QUIT] = 1; break;
	}
	errno = saved;
}

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
	sigset_t block;
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		sigaddset(&block, handled[i]);
	if (sigprocmask(SIG_BLOCK, &block, &wait_mask) < 0)
		return -1;
	/* Inside ppoll these are deliverable even if they were blocked when we
	 * were started. */
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		sigdelset(&wait_mask, handled[i]);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		if (sigaction(handled[i], &sa, NULL) < 0)
			return -1;

	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		if (sigaction(fatal_signals[i], &sa, &previous_fatal[i]) < 0)
			return -1;
	return 0;
}

const sigset_t *signals_wait_mask(void)
{
	return &wait_mask;
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
	pending[SIGEV_CONT] = 0;
	(void)sigprocmask(SIG_UNBLOCK, &open, &prev); /* cannot fail with a valid set */
	int rc = pending[SIGEV_CONT] ? 0 : kill(getpid(), SIGTSTP);
	int err = errno;
	(void)sigprocmask(SIG_SETMASK, &prev, NULL);
	if (sigaction(SIGTSTP, &ours, NULL) < 0)
		return -1;
	errno = err;
	return rc;
}

bool signals_take(enum sig_event ev)
{
	if (!pending[ev])
		return false;
	pending[ev] = 0;
	return true;
}
