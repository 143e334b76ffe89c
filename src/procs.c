/* procs.c — reads /proc/PID entries for the pids shown next to objects. */
#define _GNU_SOURCE
#include "procs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "procinfo.h"

int procs_comm(pid_t pid, char *buf, size_t len)
{
	char path[64];
	if (pid <= 0) {
		snprintf(buf, len, "-");
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	if (procinfo_slurp(path, buf, len) <= 0) {
		snprintf(buf, len, "%s", errno == ENOENT ? "[gone]" : "?");
		return -1;
	}
	char *nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return 0;
}
