/* procs.h — facts about processes behind the pids IPC objects record. */
#ifndef IPCTOP_PROCS_H
#define IPCTOP_PROCS_H

#include <stddef.h>
#include <sys/types.h>

/* The command name of pid (/proc/PID/comm) into buf. Returns 0, or -1 when
 * the process is gone or unreadable (buf then holds "[gone]" / "?"). */
int procs_comm(pid_t pid, char *buf, size_t len);

#endif
