/* attach.h — which processes have which shm segments attached, found in one
 * pass over /proc/PID/maps (an attached segment shows as
 * "/SYSV%08x (deleted)" with the shmid as its inode). Only processes of our
 * IPC namespace count: shmids of other namespaces would collide.
 *
 * It is also the only place the kernel shows SHM_HUGETLB: shmget keeps the
 * flag out of shm_perm.mode (IPC_STAT and /proc/sysvipc/shm show 0600), but
 * a hugetlb segment's file lives on the kernel's hugetlbfs mount, so its
 * mapping has another device than the tmpfs every other segment (and every
 * memfd) lives on. A segment nobody maps cannot be told apart. */
#ifndef IPCTOP_ATTACH_H
#define IPCTOP_ATTACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* One (segment, process) pair; several mappings of the same segment by one
 * process are merged. */
struct attach_entry {
	int shmid;
	pid_t pid;
	bool writable; /* some mapping is "rw-s" (else attached SHM_RDONLY, "r--s") */
	bool hugetlb;  /* the mapping is of a SHM_HUGETLB segment (see above) */
	unsigned maps; /* its mappings (VMAs) of the segment: shm_nattch counts these */
	char comm[64]; /* /proc/PID/comm as the kernel keeps it: any byte but NUL */
};

struct attach_table {
	struct attach_entry *v; /* sorted by (shmid, pid) */
	size_t count, cap;
	size_t procs;      /* processes whose maps were read */
	size_t unreadable; /* maps we may not read (EACCES: other users, not root) */
	size_t other_ns;   /* processes skipped: their segments are of another IPC namespace */
	bool hidden;       /* /proc hides processes from us (hidepid=invisible) */
};

/* Reads /proc/<every pid>/maps once and replaces the contents of *t (which
 * must be zeroed or a previous result). Processes that exit meanwhile are
 * skipped. Returns 0, or -1 with errno (ENOMEM, /proc unreadable). */
int attach_scan(struct attach_table *t);

void attach_free(struct attach_table *t);

/* The entries of shmid (consecutive, by pid) and their number in *n, or
 * NULL with *n = 0. Binary search: O(log count). */
const struct attach_entry *attach_find(const struct attach_table *t, int shmid, size_t *n);

/* How many processes map shmid, or -1 when that is unknown: the mappings
 * found are fewer than the kernel's nattch (one per mapping) while some
 * processes could not be looked at (unreadable maps, or hidden by
 * hidepid). Fewer mappings with every process read (one attached or
 * detached between the two reads) give the processes found. */
int attach_count(const struct attach_table *t, int shmid, uint64_t nattch);

/* "rw" or "r". */
const char *attach_mode(const struct attach_entry *e);

/* Parses one line of /proc/PID/maps ("start-end perms offset dev inode
 * path", the newline optional). Returns 1 when it maps a System V segment,
 * "/SYSV%08x (deleted)" shared ("...s"), with *shmid = the inode, *writable
 * from the perms' 'w' and *dev from "major:minor" (hex); 0 for any other or
 * malformed line (outputs untouched). Safe on any NUL-terminated input. */
int attach_parse_maps_line(const char *line, int *shmid, bool *writable, dev_t *dev);

/* The device of the kernel's tmpfs that holds every segment not created
 * with SHM_HUGETLB (that of a memfd, asked once). Returns 0 with *dev, or
 * -1 with errno when it cannot be known (memfd_create refused): nothing is
 * marked hugetlb then. */
int attach_shm_dev(dev_t *dev);

#endif
