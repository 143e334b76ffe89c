/* nsinfo.h — the IPC namespaces that running processes are in, and
 * entering one (setns) so that later reads see its objects. */
#ifndef IPCTOP_NSINFO_H
#define IPCTOP_NSINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct nsinfo_entry {
	uint64_t inode;  /* the N of "ipc:[N]" */
	size_t nprocs;   /* processes in it (that we may look at) */
	pid_t pid;       /* an example: the lowest pid in it */
	char comm[64];   /* that process's command name */
	bool self;       /* the namespace we are in */
};

struct nsinfo_list {
	struct nsinfo_entry *v; /* sorted by inode */
	size_t count, cap;
	size_t unreadable; /* processes whose ns/ipc link we may not read */
};

/* Reads the /proc/PID/ns/ipc link of every process once and replaces the
 * contents of *l (zeroed or a previous result). Returns 0, or -1 with
 * errno (ENOMEM, /proc unreadable). */
int nsinfo_list(struct nsinfo_list *l);

void nsinfo_free(struct nsinfo_list *l);

/* The IPC namespace of pid (0: our own) as the inode of its ns/ipc link,
 * or 0 with errno when unreadable (ENOENT: gone; EACCES: not allowed). */
uint64_t nsinfo_of(pid_t pid);

/* The inode of "ipc:[N]" text (a readlink of ns/ipc), or 0 if malformed. */
uint64_t nsinfo_parse_link(const char *text);

/* The pid that spec (as nsinfo_enter takes it) names, or 0 when spec is a
 * path of a namespace file (no process known). */
pid_t nsinfo_spec_pid(const char *spec);

/* Enters the IPC namespace named by spec: a pid ("1234") or the path of a
 * namespace file ("/proc/1234/ns/ipc", a bind mount of one). Affects the
 * calling process (every later SysV and POSIX mqueue call). Returns 0 with
 * err "", or -1 with errno and err "<call>: <strerror> (<meaning>)", e.g.
 * "setns: Operation not permitted (need CAP_SYS_ADMIN (run as root) to
 * enter another IPC namespace)" or "open /proc/99/ns/ipc: No such file or
 * directory (no process 99)". */
int nsinfo_enter(const char *spec, char *err, size_t errlen);

#endif
