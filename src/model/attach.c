/* attach.c — owns the /proc/PID/maps part of the pass over /proc for
 * attached System V segments: the maps line parser (with the key of the
 * name), the per-process read (chunked, lines without "/SYSV" skipped in
 * bulk), the hugetlb mark by device, the sorted (shmid, pid, key) tables
 * of our namespace and of others with their binary search, the key check,
 * and the accounting of the mappings found against nattch. */
#define _GNU_SOURCE
#include "model/attach.h"

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

int attach_parse_maps_line(const char *line, int *shmid, unsigned *key, bool *writable, dev_t *dev)
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
	unsigned k = 0;
	for (int i = 0; i < 8; i++) {
		if (!is_hex(p[i]))
			return 0;
		k = k << 4 | (unsigned)(p[i] <= '9' ? p[i] - '0' : (p[i] | 0x20) - 'a' + 10);
	}
	p += 8;
	if (strncmp(p, suffix, sizeof(suffix) - 1) != 0)
		return 0;
	p += sizeof(suffix) - 1;
	if (*p == '\n')
		p++;
	if (*p)
		return 0;
	*shmid = (int)ino;
	*key = k;
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

static int push(struct attach_table *t, int shmid, unsigned key, pid_t pid, bool writable, bool hugetlb)
{
	if (array_grow((void **)&t->v, &t->cap, t->count + 1, sizeof(*t->v)) < 0)
		return -1;
	t->v[t->count++] = (struct attach_entry){ .shmid = shmid, .key = key, .pid = pid, .rw = writable,
						  .ro = !writable, .hugetlb = hugetlb };
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
		unsigned key;
		bool w;
		dev_t dev, shm_dev;
		if (attach_parse_maps_line(line, &shmid, &key, &w, &dev) &&
		    push(t, shmid, key, pid, w, attach_shm_dev(&shm_dev) == 0 && dev != shm_dev) < 0)
			return -1;
		pos = nl + 1;
	}
	return stop - buf;
}

/* Adds the segments of one process (see attach_scan_pid). */
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

int attach_scan_pid(struct attach_table *t, pid_t pid, char *buf, size_t cap)
{
	size_t start = t->count;
	int r = scan_pid(t, pid, buf, cap);
	if (r > 0) {
		t->count = start;
		if (r == EACCES || r == EPERM)
			t->unreadable++;
	} else if (r == 0) {
		t->procs++;
	} else {
		errno = ENOMEM;
	}
	return r;
}

int attach_move_other(struct attach_table *t, size_t start)
{
	size_t n = t->count - start;
	if (array_grow((void **)&t->other, &t->othercap, t->nother + n, sizeof(*t->other)) < 0)
		return -1;
	memcpy(&t->other[t->nother], &t->v[start], n * sizeof(*t->v));
	t->nother += n;
	t->count = start;
	t->other_ns++;
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct attach_entry *x = a, *y = b;
	if (x->shmid != y->shmid)
		return (x->shmid > y->shmid) - (x->shmid < y->shmid);
	if (x->pid != y->pid)
		return (x->pid > y->pid) - (x->pid < y->pid);
	return (x->key > y->key) - (x->key < y->key);
}

/* Sorts v[0, *count) and merges the duplicates of one (shmid, pid, key). */
static void sort_merge(struct attach_entry *v, size_t *count)
{
	if (*count < 2)
		return;
	qsort(v, *count, sizeof(*v), cmp_entry);
	size_t out = 0;
	for (size_t i = 1; i < *count; i++) {
		if (cmp_entry(&v[out], &v[i]) == 0) {
			v[out].rw += v[i].rw;
			v[out].ro += v[i].ro;
			v[out].hugetlb = v[out].hugetlb || v[i].hugetlb;
		} else
			v[++out] = v[i];
	}
	*count = out + 1;
}

void attach_begin(struct attach_table *t)
{
	t->count = t->nother = t->procs = t->unreadable = t->other_ns = 0;
	t->hidden = false;
}

void attach_end(struct attach_table *t)
{
	sort_merge(t->v, &t->count);
	sort_merge(t->other, &t->nother);
}

void attach_free(struct attach_table *t)
{
	free(t->v);
	free(t->other);
	memset(t, 0, sizeof(*t));
}

/* The range of shmid in v[0, count) (sorted by shmid first). */
static const struct attach_entry *range_of(const struct attach_entry *v, size_t count, int shmid, size_t *n)
{
	size_t lo = 0, hi = count;
	while (lo < hi) { /* first entry with shmid >= the one asked */
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].shmid < shmid)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < count && v[end].shmid == shmid)
		end++;
	*n = end - lo;
	return *n ? &v[lo] : NULL;
}

const struct attach_entry *attach_find(const struct attach_table *t, int shmid, size_t *n)
{
	return range_of(t->v, t->count, shmid, n);
}

bool attach_matches(const struct attach_entry *e, unsigned key, bool dest)
{
	return dest || e->key == key;
}

void attach_account(const struct attach_table *t, int shmid, unsigned key, bool dest, uint64_t nattch,
		    struct attach_acct *a)
{
	memset(a, 0, sizeof(*a));
	size_t n;
	const struct attach_entry *e = range_of(t->v, t->count, shmid, &n);
	for (size_t i = 0; i < n; i++) {
		if (!attach_matches(&e[i], key, dest)) {
			a->other_key += e[i].rw + e[i].ro;
			continue;
		}
		a->maps += e[i].rw + e[i].ro;
		/* one process, several keys: counted once (entries are by pid) */
		if (i == 0 || e[i - 1].pid != e[i].pid || !attach_matches(&e[i - 1], key, dest))
			a->procs++;
	}
	e = range_of(t->other, t->nother, shmid, &n);
	for (size_t i = 0; i < n; i++)
		if (attach_matches(&e[i], key, dest))
			a->other_ns += e[i].rw + e[i].ro;
	/* Fewer found: processes of other namespaces explain it when they
	 * account for all that is missing, or nobody was unreadable. */
	bool unread = t->unreadable || t->hidden;
	if (a->maps == nattch)
		a->why = ATTACH_EXACT;
	else if (a->maps < nattch && a->other_ns && (a->maps + a->other_ns >= nattch || !unread))
		a->why = ATTACH_OTHER_NS;
	else if (a->maps < nattch && unread)
		a->why = ATTACH_UNREADABLE;
	else
		a->why = ATTACH_CHANGED;
	if (a->why == ATTACH_UNREADABLE)
		a->procs = -1;
}

const char *attach_mode(const struct attach_entry *e)
{
	return e->rw ? "rw" : "r";
}

char *attach_modes(const struct attach_entry *e, const char *times, char *buf, size_t len)
{
	unsigned n = e->rw + e->ro;
	if (n <= 1)
		snprintf(buf, len, "%s", attach_mode(e));
	else
		snprintf(buf, len, "%s%u %s%s%s", times, n, e->ro ? "r" : "", e->ro && e->rw ? "+" : "", e->rw ? "rw" : "");
	return buf;
}
