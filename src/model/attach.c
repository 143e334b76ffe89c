/* attach.c — owns the /proc/PID/maps scan for attached System V segments:
 * the maps line parser, the per-process read (chunked, lines without
 * "/SYSV" skipped in bulk), the same-namespace check, the hugetlb mark by
 * device, the sorted (shmid, pid) table with its binary search, and whether
 * a count is complete (mappings found against nattch, processes we could
 * not read). */
#define _GNU_SOURCE
#include "model/attach.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "base/array.h"
#include "proc/nsinfo.h"
#include "proc/procinfo.h"
#include "proc/procs.h"

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Skips one or more hex digits; NULL if there is none. */
static const char *skip_hex(const char *p)
{
	if (!is_hex(*p))
		return NULL;
	while (is_hex(*p))
		p++;
	return p;
}

/* Expects hex digits then the character c. */
static const char *hex_then(const char *p, char c)
{
	p = skip_hex(p);
	return p && *p == c ? p + 1 : NULL;
}

/* Hex digits (at most 8) then the character c, their value in *v. */
static const char *hex_value_then(const char *p, char c, unsigned *v)
{
	const char *end = hex_then(p, c);
	if (!end || end - p - 1 > 8)
		return NULL;
	*v = (unsigned)strtoul(p, NULL, 16);
	return end;
}

int attach_parse_maps_line(const char *line, int *shmid, bool *writable, dev_t *dev)
{
	static const char prefix[] = "/SYSV", suffix[] = " (deleted)";
	const char *p = line;
	if (!(p = hex_then(p, '-')) || !(p = hex_then(p, ' ')))
		return 0;
	for (int i = 0; i < 4; i++)
		if (!p[i] || p[i] == ' ')
			return 0;
	if (p[4] != ' ' || p[3] != 's')
		return 0;
	bool w = p[1] == 'w';
	p += 5;
	unsigned major, minor;
	if (!(p = hex_then(p, ' ')) || !(p = hex_value_then(p, ':', &major)) ||
	    !(p = hex_value_then(p, ' ', &minor)))
		return 0;
	if (*p < '0' || *p > '9')
		return 0;
	long long ino = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		ino = ino * 10 + (*p - '0');
		if (ino > INT_MAX)
			return 0;
	}
	if (*p != ' ')
		return 0;
	while (*p == ' ')
		p++;
	if (strncmp(p, prefix, sizeof(prefix) - 1) != 0)
		return 0;
	p += sizeof(prefix) - 1;
	for (int i = 0; i < 8; i++)
		if (!is_hex(p[i]))
			return 0;
	p += 8;
	if (strncmp(p, suffix, sizeof(suffix) - 1) != 0)
		return 0;
	p += sizeof(suffix) - 1;
	if (*p == '\n')
		p++;
	if (*p)
		return 0;
	*shmid = (int)ino;
	*writable = w;
	*dev = makedev(major, minor);
	return 1;
}

int attach_shm_dev(dev_t *dev)
{
	static int known; /* 0 not asked yet, 1 known, -1 cannot be known */
	static dev_t shm_dev;
	static int err;
	if (!known) {
		int fd = memfd_create("ipctop-shm-dev", MFD_CLOEXEC);
		struct stat st;
		if (fd >= 0 && fstat(fd, &st) == 0) {
			shm_dev = st.st_dev;
			known = 1;
		} else {
			err = errno;
			known = -1;
		}
		if (fd >= 0)
			close(fd);
	}
	if (known < 0) {
		errno = err;
		return -1;
	}
	*dev = shm_dev;
	return 0;
}

static int push(struct attach_table *t, int shmid, pid_t pid, bool writable, bool hugetlb)
{
	if (array_grow((void **)&t->v, &t->cap, t->count + 1, sizeof(*t->v)) < 0)
		return -1;
	struct attach_entry *e = &t->v[t->count++];
	e->shmid = shmid;
	e->pid = pid;
	e->writable = writable;
	e->hugetlb = hugetlb;
	e->maps = 1;
	e->comm[0] = '\0';
	return 0;
}

/* The complete lines in buf[0, n) (each ended by '\n'): adds their
 * segments. Returns the number of bytes consumed, or -1 (ENOMEM). Only the
 * lines holding "/SYSV" are parsed; memmem skips the others in bulk. */
static ssize_t scan_lines(struct attach_table *t, pid_t pid, char *buf, size_t n)
{
	char *stop = memrchr(buf, '\n', n);
	if (!stop)
		return 0;
	stop++;
	char *pos = buf;
	while (pos < stop) {
		char *hit = memmem(pos, (size_t)(stop - pos), "/SYSV", 5);
		if (!hit)
			break;
		char *line = memrchr(pos, '\n', (size_t)(hit - pos));
		line = line ? line + 1 : pos;
		char *nl = memchr(hit, '\n', (size_t)(stop - hit)); /* found: stop ends a line */
		*nl = '\0';
		int shmid;
		bool w;
		dev_t dev, shm_dev;
		if (attach_parse_maps_line(line, &shmid, &w, &dev) &&
		    push(t, shmid, pid, w, attach_shm_dev(&shm_dev) == 0 && dev != shm_dev) < 0)
			return -1;
		pos = nl + 1;
	}
	return stop - buf;
}

/* Adds the segments of one process. Returns 0, -1 on ENOMEM, or the errno
 * that kept its maps from being read (ENOENT/ESRCH: gone; EACCES: not
 * allowed). */
static int scan_pid(struct attach_table *t, pid_t pid, char *buf, size_t cap)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	int fd;
	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return errno ? errno : EIO;
	size_t have = 0;
	int rc = 0;
	for (;;) {
		ssize_t r = read(fd, buf + have, cap - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = errno ? errno : EIO;
			break;
		}
		if (r == 0)
			break;
		have += (size_t)r;
		ssize_t used = scan_lines(t, pid, buf, have);
		if (used < 0) {
			rc = -1;
			break;
		}
		if (used == 0 && have == cap) /* a line longer than buf: drop it */
			used = (ssize_t)have;
		memmove(buf, buf + used, have - (size_t)used);
		have -= (size_t)used;
	}
	close(fd);
	return rc;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct attach_entry *x = a, *y = b;
	if (x->shmid != y->shmid)
		return (x->shmid > y->shmid) - (x->shmid < y->shmid);
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* Sorts and merges the duplicates of one (shmid, pid). */
static void sort_merge(struct attach_table *t)
{
	if (t->count < 2)
		return;
	qsort(t->v, t->count, sizeof(*t->v), cmp_entry);
	size_t out = 0;
	for (size_t i = 1; i < t->count; i++) {
		if (cmp_entry(&t->v[out], &t->v[i]) == 0) {
			t->v[out].writable = t->v[out].writable || t->v[i].writable;
			t->v[out].hugetlb = t->v[out].hugetlb || t->v[i].hugetlb;
			t->v[out].maps += t->v[i].maps;
		} else
			t->v[++out] = t->v[i];
	}
	t->count = out + 1;
}

int attach_scan(struct attach_table *t)
{
	t->count = t->procs = t->unreadable = t->other_ns = 0;
	t->hidden = false;
	bool saw_init = false;
	uint64_t self = nsinfo_of(0);
	if (!self)
		return -1;
	DIR *d = opendir("/proc");
	if (!d)
		return -1;
	size_t cap = 64 * 1024;
	char *buf = malloc(cap);
	if (!buf) {
		closedir(d);
		return -1;
	}
	int rc = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		pid_t pid = procinfo_pid_of(de->d_name);
		if (!pid)
			continue;
		saw_init = saw_init || pid == 1;
		size_t start = t->count;
		int r = scan_pid(t, pid, buf, cap);
		if (r < 0) {
			rc = -1;
			break;
		}
		if (r > 0) {
			t->count = start;
			if (r == EACCES || r == EPERM)
				t->unreadable++;
			continue; /* otherwise gone meanwhile */
		}
		t->procs++;
		if (t->count == start)
			continue;
		uint64_t ns = nsinfo_of(pid);
		if (ns != self) {
			t->count = start;
			if (ns)
				t->other_ns++;
			else if (errno == EACCES || errno == EPERM)
				t->unreadable++;
			continue;
		}
		procs_comm(pid, t->v[start].comm, sizeof(t->v[start].comm));
		for (size_t i = start + 1; i < t->count; i++)
			memcpy(t->v[i].comm, t->v[start].comm, sizeof(t->v[i].comm));
	}
	free(buf);
	closedir(d);
	if (rc < 0) {
		errno = ENOMEM;
		return -1;
	}
	/* init always exists: no /proc entry for it means /proc hides other
	 * users' processes from us (hidepid=invisible), and any of them may
	 * map a segment unseen. */
	t->hidden = !saw_init && procinfo_exists(1);
	sort_merge(t);
	return 0;
}

void attach_free(struct attach_table *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

const struct attach_entry *attach_find(const struct attach_table *t, int shmid, size_t *n)
{
	size_t lo = 0, hi = t->count;
	while (lo < hi) { /* first entry with shmid >= the one asked */
		size_t mid = lo + (hi - lo) / 2;
		if (t->v[mid].shmid < shmid)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < t->count && t->v[end].shmid == shmid)
		end++;
	*n = end - lo;
	return *n ? &t->v[lo] : NULL;
}

int attach_count(const struct attach_table *t, int shmid, uint64_t nattch)
{
	size_t n;
	const struct attach_entry *e = attach_find(t, shmid, &n);
	uint64_t maps = 0;
	for (size_t i = 0; i < n; i++)
		maps += e[i].maps;
	if (maps < nattch && (t->unreadable || t->hidden))
		return -1;
	return n > INT_MAX ? INT_MAX : (int)n;
}

const char *attach_mode(const struct attach_entry *e)
{
	return e->writable ? "rw" : "r";
}
