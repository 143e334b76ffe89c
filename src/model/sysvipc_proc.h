/* sysvipc_proc.h — parser for the lines of /proc/sysvipc/{shm,msg,sem}.
 * Used as the last-resort scan (kernels without *_STAT_ANY, and objects that
 * *_STAT may not read), and for shm rss/swap, which only that file shows. */
#ifndef IPCTOP_SYSVIPC_PROC_H
#define IPCTOP_SYSVIPC_PROC_H

#include <stdio.h>

#include "model/ipcobj.h"

/* Parses one data line of /proc/sysvipc/<kind> into *obj (zeroed first).
 * Returns 0, or -1 for a header line or a malformed line. */
int sysvipc_parse_line(enum ipc_kind kind, const char *line, struct ipc_object *obj);

/* Opens /proc/sysvipc/<kind> (always there: no environment variable points
 * root's ipctop at other files). Returns NULL with errno set on failure. */
FILE *sysvipc_open(enum ipc_kind kind);

#endif
