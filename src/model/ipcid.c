/* ipcid.c — owns reading the kernel's IPC id layout: the ipcmni_extend
 * boot parameter and whether the id allocator is the cyclic one. */
#define _GNU_SOURCE
#include "model/ipcid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "proc/procinfo.h"

/* Whether the kernel parameters (the words before "--") hold ipcmni_extend,
 * alone or with a value (the kernel ignores the value). */
static bool has_extend(const char *cmdline)
{
	const char *p = cmdline;
	while (*p) {
		p += strspn(p, " \t\n");
		size_t n = strcspn(p, " \t\n");
		if (n == 2 && strncmp(p, "--", 2) == 0)
			return false; /* the rest is for init */
		if ((n == 13 || (n > 13 && p[13] == '=')) && strncmp(p, "ipcmni_extend", 13) == 0)
			return true;
		p += n;
	}
	return false;
}

/* Linux >= 5.2, from "MAJOR.MINOR..." */
static bool release_is_cyclic(const char *release)
{
	char *end;
	long major = strtol(release, &end, 10);
	if (end == release || *end != '.')
		return false;
	const char *m = end + 1;
	long minor = strtol(m, &end, 10);
	if (end == m)
		return false;
	return major > 5 || (major == 5 && minor >= 2);
}

void ipcid_layout_of(const char *cmdline, const char *release, struct ipcid_layout *l)
{
	bool extend = has_extend(cmdline);
	l->shift = extend ? 24 : 15;
	l->min_cycle = extend ? 64 * 64 : 64;
	l->cyclic = release_is_cyclic(release);
}

void ipcid_layout_read(struct ipcid_layout *l)
{
	char cmdline[4096];
	struct utsname u;
	if (procinfo_slurp("/proc/cmdline", cmdline, sizeof(cmdline)) < 0)
		cmdline[0] = '\0';
	if (uname(&u) < 0)
		u.release[0] = '\0';
	ipcid_layout_of(cmdline, u.release, l);
}
