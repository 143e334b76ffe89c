/* sysinfo.h — facts about where we run: host name and IPC namespace. */
#ifndef IPCTOP_SYSINFO_H
#define IPCTOP_SYSINFO_H

#include <stddef.h>

/* "ipc:[4026531839]" from /proc/self/ns/ipc, or "ipc:?" when unreadable. */
char *sysinfo_ipc_ns(char *buf, size_t len);
/* The inode number of the IPC namespace (stat /proc/self/ns/ipc), the
 * number in "ipc:[4026531839]"; 0 when unreadable. */
unsigned long sysinfo_ipc_ns_inode(void);
/* gethostname, or "?". */
char *sysinfo_host(char *buf, size_t len);

#endif
