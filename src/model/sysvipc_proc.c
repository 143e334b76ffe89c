/* sysvipc_proc.c — parses /proc/sysvipc lines. Column order (kernel
 * ipc/{shm,msg,sem}.c sysvipc_*_proc_show):
 *   shm: key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap
 *   msg: key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime
 *   sem: key semid perms nsems uid gid cuid cgid otime ctime */
#define _GNU_SOURCE
#include "model/sysvipc_proc.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>

/* Reads the next whitespace-separated number (signed decimal). */
static int next_i64(const char **p, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(*p, &end, 10);
	if (end == *p || errno == ERANGE || (*end && *end != ' ' && *end != '\t' && *end != '\n'))
		return -1;
	*out = (int64_t)v;
	*p = end;
	return 0;
}

static int next_u64(const char **p, uint64_t *out)
{
	char *end;
	while (**p == ' ' || **p == '\t')
		(*p)++;
	if (**p == '-')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(*p, &end, 10);
	if (end == *p || errno == ERANGE || (*end && *end != ' ' && *end != '\t' && *end != '\n'))
		return -1;
	*out = (uint64_t)v;
	*p = end;
	return 0;
}

/* perms are printed in octal by the kernel ("%4o"). */
static int next_octal(const char **p, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(*p, &end, 8);
	if (end == *p || errno == ERANGE || v > 0177777 || (*end && *end != ' ' && *end != '\t'))
		return -1;
	*out = (unsigned)v;
	*p = end;
	return 0;
}

/* Reads n fields of the given kinds: 'i' signed, 'u' unsigned, 'o' octal. */
static int scan_fields(const char *line, const char *spec, int64_t *vals)
{
	const char *p = line;
	for (size_t i = 0; spec[i]; i++) {
		uint64_t u;
		unsigned o;
		switch (spec[i]) {
		case 'i':
			if (next_i64(&p, &vals[i]) < 0) return -1;
			break;
		case 'u':
			if (next_u64(&p, &u) < 0 || u > INT64_MAX) return -1;
			vals[i] = (int64_t)u;
			break;
		default:
			if (next_octal(&p, &o) < 0) return -1;
			vals[i] = o;
			break;
		}
	}
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
		o->u.msg.qnum = (uint64_t)v[4];
		o->u.msg.lspid = (pid_t)v[5];
		o->u.msg.lrpid = (pid_t)v[6];
		set_owner(o, &v[7]);
		o->u.msg.stime = (time_t)v[11];
		o->u.msg.rtime = (time_t)v[12];
		o->ctime = (time_t)v[13];
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

FILE *sysvipc_open(enum ipc_kind kind)
{
	static const char *const paths[KIND_COUNT] = { "/proc/sysvipc/shm", "/proc/sysvipc/msg", "/proc/sysvipc/sem" };
	return fopen(paths[kind], "re");
}
