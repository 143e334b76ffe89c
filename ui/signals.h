/* signals.h — ipctop's signal plumbing. Handlers only set flags; the main
 * loop sleeps in ppoll() with these signals unblocked only there, so no
 * wake-up is lost. Fatal signals restore the terminal, then re-raise. */
#ifndef IPCTOP_UI_SIGNALS_H
#define IPCTOP_UI_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

enum sig_event { SIGEV_TICK, SIGEV_RESIZE, SIGEV_CHILD, SIGEV_QUIT, SIGEV_COUNT };

/* Blocks SIGALRM, SIGWINCH, SIGCHLD, SIGINT, SIGTERM, SIGHUP and installs
 * their flag-setting handlers, plus the fatal-signal handlers that call
 * `emergency` (which must be async-signal-safe). Returns 0 or -1. */
int signals_install(void (*emergency)(void));

/* The signal mask to pass to ppoll(): the startup mask, signals open. */
const sigset_t *signals_wait_mask(void);


/* Returns whether the event happened since the last call, and clears it. */
bool signals_take(enum sig_event ev);

#endif
