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

/* The command line of pid, as ps and lsipc's COMMAND show it: the
 * arguments of /proc/PID/cmdline joined by spaces (each NUL a space, the
 * trailing ones dropped), or its comm when the command line is empty (a
 * kernel thread, a zombie). Like comm, the bytes are kept as the process
 * wrote them (newlines, escapes: JSON escapes them, the screen shows '?');
 * a line longer than buf ends in "...". Returns 0, or -1 as procs_comm
 * ("[gone]", "[hidden]", "-"). */
int procs_command(pid_t pid, char *buf, size_t len);

/* The same from the raw bytes of a cmdline file (n bytes, NULs included)
 * into buf; `cut` says the file was longer than the n bytes given.
 * Returns the length written; 0 when there is no argument text. */
size_t procs_join_cmdline(const char *raw, size_t n, int cut, char *buf, size_t len);

#endif
