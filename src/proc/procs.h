/* procs.h — facts about processes behind the pids IPC objects record. */
#ifndef IPCTOP_PROCS_H
#define IPCTOP_PROCS_H

#include <stddef.h>
#include <sys/types.h>

/* The command name of pid (/proc/PID/comm, all of it: it may hold a
 * newline or an escape, only the kernel's final newline is dropped) into
 * buf. Returns 0, or -1 when the process cannot be read (buf then holds
 * "[gone]", or "[hidden]" when it exists all the same: procinfo_exists),
 * or for pid <= 0 ("-"). */
int procs_comm(pid_t pid, char *buf, size_t len);

#endif
