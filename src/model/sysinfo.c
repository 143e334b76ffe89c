/* sysinfo.c — host name and IPC namespace identity. */
#define _GNU_SOURCE
#include "model/sysinfo.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

char *sysinfo_ipc_ns(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/ns/ipc", buf, len ? len - 1 : 0);
	if (n <= 0)
		snprintf(buf, len, "ipc:?");
	else
		buf[n] = '\0';
	return buf;
}

unsigned long sysinfo_ipc_ns_inode(void)
{
	struct stat st;
	return stat("/proc/self/ns/ipc", &st) == 0 ? (unsigned long)st.st_ino : 0;
}

char *sysinfo_host(char *buf, size_t len)
{
	if (len == 0)
		return buf;
	if (gethostname(buf, len) < 0)
		snprintf(buf, len, "?");
	else
		buf[len - 1] = '\0';
	return buf;
}
