/* signals.h — ipctop's signal plumbing. Handlers only set flags; the main
 * loop sleeps in ppoll() with these signals unblocked only there, so no
 * wake-up is lost. Fatal signals restore the terminal, then re-raise. */
#ifndef IPCTOP_UI_SIGNALS_H
#define IPCTOP_UI_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

enum sig_event {
	SIGEV_TICK,   /* SIGALRM: the refresh timer */
	SIGEV_RESIZE, /* SIGWINCH */
	SIGEV_CHILD,  /* SIGCHLD */
	SIGEV_QUIT,   /* SIGINT, SIGTERM, SIGHUP */
	SIGEV_STOP,   /* SIGTSTP (^Z, kill -TSTP): give the terminal back, stop */
	SIGEV_CONT,   /* SIGCONT: continued, maybe after a kill -STOP */
	SIGEV_COUNT
};

/* Blocks SIGALRM, SIGWINCH, SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGTSTP,
 * SIGCONT and installs their flag-setting handlers, plus the fatal-signal
 * handlers that call `emergency` (which must be async-signal-safe).
 * Returns 0 or -1. */
int signals_install(void (*emergency)(void));

/* The signal mask to pass to ppoll(): the startup mask, signals open. */
const sigset_t *signals_wait_mask(void);

/* Stops this process (SIGTSTP's default action) and returns 0 once it is
 * continued, with SIGEV_CONT set; at once when the kernel discards the
 * stop (an orphaned process group). The caller has restored the terminal.
 * -1 with errno if the disposition could not be changed. */
int signals_stop_self(void);

/* Returns whether the event happened since the last call, and clears it. */
bool signals_take(enum sig_event ev);

#endif
