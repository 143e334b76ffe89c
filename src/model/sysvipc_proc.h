/* sysvipc_proc.h — /proc/sysvipc/{shm,msg,sem}: the bulk reader (the
 * primary way a snapshot reads the objects: one file per kind, a few large
 * read()s, no system call per object) and the parser of its lines. */
#ifndef IPCTOP_SYSVIPC_PROC_H
#define IPCTOP_SYSVIPC_PROC_H

#include "model/ipcobj.h"

/* Parses one data line of /proc/sysvipc/<kind> (NUL-terminated; trailing
 * blanks and newlines allowed) into *obj (zeroed first). Returns 0, or -1
 * for a header line or a malformed line. */
int sysvipc_parse_line(enum ipc_kind kind, const char *line, struct ipc_object *obj);

/* True when `line` is the header line this parser knows for the kind: the
 * same column names in the same order (a kernel printing other columns is
 * not read from this file). */
int sysvipc_header_ok(enum ipc_kind kind, const char *line);

/* Opens /proc/sysvipc/<kind> read-only, close-on-exec (always that path: no
 * environment variable points root's ipctop at other files). The file lists
 * the objects of the IPC namespace of the process that opens it. Returns the
 * descriptor, or -1 with errno. */
int sysvipc_open(enum ipc_kind kind);

/* Called for each object of the file, in file order (the kernel's index
 * order). Returns 0 to go on, or -1 with errno to stop the read. */
typedef int (*sysvipc_put_fn)(void *ctx, const struct ipc_object *obj);

/* Reads the whole of /proc/sysvipc/<kind>, calling put for every data line
 * that parses (*bad counts those that do not: skipped). Returns 0; or -1
 * with errno when the file cannot be opened or read (ENOENT, EACCES, ...),
 * when its header is not the known one (EPROTO: read the kind some other
 * way), or when put stopped the read. */
int sysvipc_read(enum ipc_kind kind, sysvipc_put_fn put, void *ctx, size_t *bad);

#endif
