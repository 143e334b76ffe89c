/* attach.h — which processes have which shm segments attached, found in
 * /proc/PID/maps (an attached segment shows as "/SYSV%08x (deleted)": the
 * segment's key in the name, its shmid as the inode) during the one pass
 * over /proc (procscan.h). Only processes of our IPC namespace count:
 * shmids of other namespaces collide; their mappings are kept apart to
 * explain a count that differs from nattch. A mapping counts for an object
 * only when the key in its name is the object's (a process that attached
 * in namespace B and then setns()ed into ours maps B's segment under the
 * same id).
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

/* One (segment, process, key) triple: the mappings of one process with
 * the same shmid and key are counted together. */
struct attach_entry {
	int shmid;
	unsigned key;  /* the key in the mapping's name, "/SYSV%08x" */
	pid_t pid;
	unsigned rw;   /* mappings "rw-s": attached read-write */
	unsigned ro;   /* mappings "r--s": attached SHM_RDONLY */
	bool hugetlb;  /* the mapping is of a SHM_HUGETLB segment (see above) */
};

struct attach_table {
	struct attach_entry *v; /* our namespace's processes, sorted by (shmid, pid, key) */
	size_t count, cap;
	struct attach_entry *other; /* processes of another IPC namespace, same order */
	size_t nother, othercap;
	size_t procs;      /* processes whose maps were read */
	size_t unreadable; /* maps we may not read (EACCES: other users, not root) */
	size_t other_ns;   /* processes whose mappings are of another IPC namespace */
	bool hidden;       /* /proc hides processes from us (hidepid=invisible) */
};

/* The pass over /proc (procscan.c) calls these: attach_begin empties the
 * table, attach_scan_pid adds the System V mappings of one process at the
 * end of v (returns 0, -1 with errno ENOMEM, or the errno that kept its
 * maps from being read: ENOENT/ESRCH gone, EACCES not allowed; counts
 * procs and unreadable), attach_move_other moves the entries from `start`
 * on to `other` (their process is of another namespace; 0 or -1 ENOMEM),
 * attach_end sorts and merges both lists. buf is a scratch buffer of cap
 * bytes (a maps line longer than it is skipped). */
void attach_begin(struct attach_table *t);
int attach_scan_pid(struct attach_table *t, pid_t pid, char *buf, size_t cap);
int attach_move_other(struct attach_table *t, size_t start);
void attach_end(struct attach_table *t);

void attach_free(struct attach_table *t);

/* The entries of shmid (consecutive, by pid, every key) and their number
 * in *n, or NULL with *n = 0. Binary search: O(log count). */
const struct attach_entry *attach_find(const struct attach_table *t, int shmid, size_t *n);

/* Whether the mapping is of the object with that key: the key in its name
 * is the object's, or the object is SHM_DEST (IPC_RMID while attached: the
 * kernel makes its key IPC_PRIVATE, the name keeps the old one). */
bool attach_matches(const struct attach_entry *e, unsigned key, bool dest);

/* Why the mappings found differ from the kernel's nattch. */
enum attach_why {
	ATTACH_EXACT,      /* they are equal */
	ATTACH_UNREADABLE, /* fewer, and some processes could not be read */
	ATTACH_OTHER_NS,   /* fewer: processes now in another IPC namespace map it */
	ATTACH_CHANGED,    /* attached or detached between the kernel's count and the scan */
};

struct attach_acct {
	int procs;         /* processes of this namespace mapping it; -1 unknown (ATTACH_UNREADABLE) */
	uint64_t maps;     /* their mappings (shm_nattch counts one per mapping) */
	uint64_t other_key; /* mappings with this shmid by our processes but another key:
			     * another namespace's segment, not counted */
	uint64_t other_ns; /* mappings with this shmid and key by processes of another namespace */
	enum attach_why why;
};

/* The accounting of segment (shmid, key, SHM_DEST) against its nattch. */
void attach_account(const struct attach_table *t, int shmid, unsigned key, bool dest, uint64_t nattch,
		    struct attach_acct *a);

/* "rw" when some mapping is read-write, else "r". */
const char *attach_mode(const struct attach_entry *e);

/* Every mapping's mode: "rw", "r", and for several "×2 r+rw", "×3 rw"
 * (`times` — "×", or "x" for a terminal without UTF-8 — the count, then
 * the modes present). Returns buf. */
char *attach_modes(const struct attach_entry *e, const char *times, char *buf, size_t len);

/* Parses one line of /proc/PID/maps ("start-end perms offset dev inode
 * path", the newline optional). Returns 1 when it maps a System V segment,
 * "/SYSV%08x (deleted)" shared ("...s"), with *shmid = the inode, *key from
 * the name, *writable from the perms' 'w' and *dev from "major:minor"
 * (hex); 0 for any other or malformed line (outputs untouched). Safe on
 * any NUL-terminated input. */
int attach_parse_maps_line(const char *line, int *shmid, unsigned *key, bool *writable, dev_t *dev);

/* The device of the kernel's tmpfs that holds every segment not created
 * with SHM_HUGETLB (that of a memfd, asked once). Returns 0 with *dev, or
 * -1 with errno when it cannot be known (memfd_create refused): nothing is
 * marked hugetlb then. */
int attach_shm_dev(dev_t *dev);

#endif
