/* procs.c — reads /proc/PID entries for the pids shown next to objects. */
#define _GNU_SOURCE
#include "proc/procs.h"

#include <stdio.h>

#include "proc/procinfo.h"

int procs_comm(pid_t pid, char *buf, size_t len)
{
	char path[64];
	if (pid <= 0) {
		snprintf(buf, len, "-");
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	ssize_t n = procinfo_slurp(path, buf, len);
	if (n <= 0) {
		snprintf(buf, len, "%s", procinfo_exists(pid) ? "[hidden]" : "[gone]");
		return -1;
	}
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}
