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
	/* An example, the most telling process: the oldest (by start time)
	 * that is neither this program nor its children, nor an ipctop, nor a
	 * launcher that only made the namespace (unshare, nsenter); failing
	 * that the oldest. */
	pid_t pid;
	char comm[64];   /* that process's command name */
	char cgroup[64]; /* the last part of its cgroup path ("docker-1f2e.scope"), "" at the root */
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

/* The container's name in the text of a /proc/PID/cgroup file: the last
 * part of the cgroup v2 path ("0::/system.slice/docker-1f2e.scope" gives
 * "docker-1f2e.scope"), else of the first v1 hierarchy not at its root;
 * "" when every path is "/". Returns buf. */
char *nsinfo_parse_cgroup(const char *text, char *buf, size_t len);

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
