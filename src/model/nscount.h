/* nscount.h — object counts of another IPC namespace, read in a short-lived
 * child that enters it (setns), so the caller stays where it is. */
#ifndef IPCTOP_NSCOUNT_H
#define IPCTOP_NSCOUNT_H

#include <sys/types.h>

#include "model/ipclimits.h"

/* Fills *out with the limits and usage of pid's IPC namespace. Returns 0,
 * or -1 with errno (EPERM: not allowed to enter; ESRCH: gone). Blocks for
 * the child's lifetime (a few milliseconds). */
int nscount_read(pid_t pid, struct ipc_limits *out);

#endif
