/* procfacts.h — what makes a process a daemon, beyond /proc/PID/stat
 * (procinfo.h): its working directory, its umask and its open file
 * descriptors, as /proc shows them. */
#ifndef IPCTOP_PROCFACTS_H
#define IPCTOP_PROCFACTS_H

#include <stddef.h>
#include <sys/types.h>

struct procfacts {
	char cwd[64];   /* "/" ; "?" when not readable */
	char umask[8];  /* "0022" (Umask: in /proc/PID/status); "?" */
	int fds;        /* entries of /proc/PID/fd; -1 when not readable */
	char fd0[32];   /* where fd 0 points ("/dev/null", "/dev/pts/3"); "?" */
};

/* Reads them; every field says "?" (or -1) for what could not be read.
 * Returns 0 when the process was there, -1 with errno when even its cwd
 * link could not be read (ENOENT: gone). */
int procfacts_read(pid_t pid, struct procfacts *f);

#endif
