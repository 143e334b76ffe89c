/* sysvipc_proc.c — reads /proc/sysvipc/<kind> in bulk and parses its lines.
 * Column order (kernel ipc/{shm,msg,sem}.c sysvipc_*_proc_show):
 *   shm: key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap
 *   msg: key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime
 *   sem: key semid perms nsems uid gid cuid cgid otime ctime
 * Numbers are decimal (key signed), perms octal ("%4o"). The file is read
 * with read()s into one buffer and parsed in place; the kernel hands out at
 * most a page per read(), so the buffer only needs to hold a few lines: the
 * text is never kept whole (6.8 MB for 64 000 objects). Parsing is by hand,
 * one pass over each byte, no strtol: at that size it is a few ms. */
#define _GNU_SOURCE
#include "model/sysvipc_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>
#include <sys/shm.h>
#include <unistd.h>

/* Parses one field of type 'i' (signed decimal, int64), 'u' (unsigned
 * decimal, at most INT64_MAX) or 'o' (octal, at most 0177777) after blanks.
 * It must end at a blank, a newline or the end. Returns the position after
 * it, or NULL. */
static const char *parse_field(const char *p, char type, int64_t *out)
{
	while (*p == ' ' || *p == '\t')
		p++;
	bool neg = type == 'i' && *p == '-';
	p += neg;
	const unsigned base = type == 'o' ? 8u : 10u;
	const uint64_t before_overflow = type == 'o' ? (UINT64_MAX - 7) / 8 : (UINT64_MAX - 9) / 10;
	const uint64_t limit = type == 'o' ? 0177777u : neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	const char *start = p;
	uint64_t v = 0;
	for (unsigned d; (d = (unsigned)(unsigned char)*p - '0') < base; p++) {
		if (v > before_overflow)
			return NULL;
		v = v * base + d;
	}
	if (p == start || v > limit || (*p && *p != ' ' && *p != '\t' && *p != '\n'))
		return NULL;
	*out = !neg ? (int64_t)v : v > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)v;
	return p;
}

/* Reads the fields of `spec` (one type letter each) and nothing else. */
static int scan_fields(const char *line, const char *spec, int64_t *vals)
{
	const char *p = line;
	for (size_t i = 0; spec[i]; i++)
		if (!(p = parse_field(p, spec[i], &vals[i])))
			return -1;
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return *p ? -1 : 0;
}

static void set_owner(struct ipc_object *o, const int64_t *v)
{
	o->uid = (uid_t)v[0];
	o->gid = (gid_t)v[1];
	o->cuid = (uid_t)v[2];
	o->cgid = (gid_t)v[3];
}

static int key_in_range(int64_t key, int64_t id)
{
	return key >= INT32_MIN && key <= INT32_MAX && id >= 0 && id <= INT32_MAX;
}

int sysvipc_parse_line(enum ipc_kind kind, const char *line, struct ipc_object *o)
{
	int64_t v[16];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	switch (kind) {
	case KIND_SHM:
		if (scan_fields(line, "iiouiiuiiiiiiiuu", v) < 0 || !key_in_range(v[0], v[1]))
			return -1;
		o->u.shm.size = (uint64_t)v[3];
		o->u.shm.cpid = (pid_t)v[4];
		o->u.shm.lpid = (pid_t)v[5];
		o->u.shm.nattch = (uint64_t)v[6];
		set_owner(o, &v[7]);
		o->u.shm.atime = (time_t)v[11];
		o->u.shm.dtime = (time_t)v[12];
		o->ctime = (time_t)v[13];
		o->u.shm.rss = (uint64_t)v[14];
		o->u.shm.swap = (uint64_t)v[15];
		o->u.shm.nprocs = -1;
		break;
	case KIND_MSG:
		if (scan_fields(line, "iiouuiiiiiiiii", v) < 0 || !key_in_range(v[0], v[1]))
			return -1;
		o->u.msg.cbytes = (uint64_t)v[3];
		o->u.msg.qnum = (uint64_t)v[4] > UINT32_MAX ? UINT32_MAX : (uint32_t)v[4];
		o->u.msg.lspid = (pid_t)v[5];
		o->u.msg.lrpid = (pid_t)v[6];
		set_owner(o, &v[7]);
		o->u.msg.stime = (time_t)v[11];
		o->u.msg.rtime = (time_t)v[12];
		o->ctime = (time_t)v[13];
		/* no msg_qbytes column: has_qbytes stays false */
		break;
	default:
		if (scan_fields(line, "iiouiiiiii", v) < 0 || !key_in_range(v[0], v[1]))
			return -1;
		if (v[3] > INT32_MAX) return -1;
		o->u.sem.nsems = (unsigned)v[3];
		set_owner(o, &v[4]);
		o->u.sem.otime = (time_t)v[8];
		o->ctime = (time_t)v[9];
		o->u.sem.first = SEMVALS_NONE;
		o->u.sem.ncnt = o->u.sem.zcnt = -1;
		break;
	}
	o->key = (int)v[0];
	o->id = (int)v[1];
	o->mode = (unsigned)v[2];
	if (kind == KIND_SHM) {
		o->u.shm.dest = (o->mode & SHM_DEST) != 0;
		o->u.shm.locked = (o->mode & SHM_LOCKED) != 0;
		/* no SHM_HUGETLB here: the kernel keeps it out of the mode */
	}
	return 0;
}

int sysvipc_header_ok(enum ipc_kind kind, const char *line)
{
	static const char *const names[KIND_COUNT] = {
		"key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap",
		"key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime",
		"key semid perms nsems uid gid cuid cgid otime ctime",
	};
	const char *want = names[kind], *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		size_t n = strcspn(want, " ");
		if (strncmp(p, want, n) != 0 || (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '\n'))
			return 0;
		p += n;
		want += n;
		if (!*want)
			break;
		want++; /* the space */
	}
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return *p == '\0';
}

int sysvipc_open(enum ipc_kind kind)
{
	static const char *const paths[KIND_COUNT] = { "/proc/sysvipc/shm", "/proc/sysvipc/msg", "/proc/sysvipc/sem" };
	int fd;
	do
		fd = open(paths[kind], O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	return fd;
}

struct line_state {
	enum ipc_kind kind;
	bool header_seen;
	sysvipc_put_fn put;
	void *ctx;
	size_t *bad;
};

/* One complete line (NUL-terminated). Returns 0, or -1 to stop. */
static int take_line(struct line_state *st, const char *line)
{
	if (!st->header_seen) {
		st->header_seen = true;
		if (!sysvipc_header_ok(st->kind, line)) {
			errno = EPROTO;
			return -1;
		}
		return 0;
	}
	struct ipc_object o;
	if (sysvipc_parse_line(st->kind, line, &o) < 0) {
		(*st->bad)++;
		return 0;
	}
	return st->put(st->ctx, &o);
}

/* A line longer than this is not the kernel's (its lines are < 200 bytes):
 * it is skipped as malformed. The kernel returns at most one page per
 * read(), so a larger buffer would not save any call. */
#define READ_BUF 16384

int sysvipc_read(enum ipc_kind kind, sysvipc_put_fn put, void *ctx, size_t *bad)
{
	struct line_state st = { kind, false, put, ctx, bad };
	*bad = 0;
	int fd = sysvipc_open(kind);
	if (fd < 0)
		return -1;
	char buf[READ_BUF + 1];
	size_t have = 0;
	bool skipping = false; /* inside an overlong line */
	int rc = 0;
	for (;;) {
		ssize_t n = read(fd, buf + have, READ_BUF - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -1;
			break;
		}
		if (n == 0) { /* the end: a last line without its newline */
			buf[have] = '\0';
			if (have && !skipping)
				rc = take_line(&st, buf);
			break;
		}
		char *p = buf, *end = buf + have + (size_t)n, *nl;
		while (rc == 0 && (nl = memchr(p, '\n', (size_t)(end - p)))) {
			*nl = '\0';
			if (!skipping)
				rc = take_line(&st, p);
			skipping = false;
			p = nl + 1;
		}
		if (rc < 0)
			break;
		have = (size_t)(end - p);
		memmove(buf, p, have);
		if (have == READ_BUF) {
			if (!skipping)
				(*bad)++;
			skipping = true;
			have = 0;
		}
	}
	if (rc == 0 && !st.header_seen) {
		errno = EPROTO; /* empty: not the kernel's file */
		rc = -1;
	}
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}
