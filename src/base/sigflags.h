/* sigflags.h — signal plumbing shared by the interactive view
 * (ui/signals.c) and --watch (export/watchloop.c): handlers that only set
 * a volatile sig_atomic_t flag per signal, the signals blocked everywhere
 * but inside the main loop's wait (ppoll or sigsuspend with
 * sigflags_wait_mask()), so no wake-up is lost between a look at the flags
 * and the wait, and the way back to the dispositions and mask found.
 *
 * One set of signals per process at a time: install, use, restore. */
#ifndef IPCTOP_SIGFLAGS_H
#define IPCTOP_SIGFLAGS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#define SIGFLAGS_MAX 16 /* signals installed or ignored at once */

/* Blocks the n signals of sigs and gives each a handler that only sets its
 * flag (cleared first), with SA_RESTART and every signal blocked while it
 * runs. The mask and handlers found are kept for sigflags_restore. Returns
 * 0, or -1 with errno (EINVAL: more than SIGFLAGS_MAX); what was done
 * before a failure is undone by sigflags_restore. */
int sigflags_install(const int *sigs, size_t n);

/* Ignores sig (SIG_IGN), the disposition found kept for sigflags_restore.
 * Returns 0 or -1 with errno. */
int sigflags_ignore(int sig);

/* The mask for ppoll/sigsuspend: the mask sigflags_install found, with
 * the installed signals open (also if they were blocked when we were
 * started). */
const sigset_t *sigflags_wait_mask(void);

/* Whether sig came since its flag was last cleared. */
bool sigflags_pending(int sig);
/* Clears sig's flag. */
void sigflags_clear(int sig);
/* sigflags_pending, then clears the flag. */
bool sigflags_take(int sig);

/* Back to what sigflags_install and sigflags_ignore found: the mask first,
 * while the flag handlers are still there (a signal left pending, such as
 * a last SIGALRM, must not meet a default action that terminates), then
 * the dispositions in reverse order. Safe to call after a failed or no
 * install. */
void sigflags_restore(void);

#endif
