/* fuzz_sysvipc_line.c — sysvipc_parse_line for all three kinds (the first
 * byte picks the kind). An accepted line is printed back in the kernel's
 * column order and must parse to the same object. */
#include <inttypes.h>
#include <sys/shm.h>

#include "fuzz_common.h"
#include "model/sysvipc_proc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void print_line(const struct ipc_object *o, char *buf, size_t len)
{
	switch (o->kind) {
	case KIND_SHM:
		snprintf(buf, len,
			 "%10d %10d %4o %21" PRIu64 " %5d %5d %5" PRIu64 " %5u %5u %5u %5u %10lld %10lld %10lld %21" PRIu64 " %21" PRIu64 "\n",
			 o->key, o->id, o->mode, o->u.shm.size, (int)o->u.shm.cpid, (int)o->u.shm.lpid,
			 o->u.shm.nattch, (unsigned)o->uid, (unsigned)o->gid, (unsigned)o->cuid,
			 (unsigned)o->cgid, (long long)o->u.shm.atime, (long long)o->u.shm.dtime,
			 (long long)o->ctime, o->u.shm.rss, o->u.shm.swap);
		break;
	case KIND_MSG:
		snprintf(buf, len,
			 "%10d %10d %4o  %10" PRIu64 " %10" PRIu64 " %5d %5d %5u %5u %5u %5u %10lld %10lld %10lld\n",
			 o->key, o->id, o->mode, o->u.msg.cbytes, o->u.msg.qnum, (int)o->u.msg.lspid,
			 (int)o->u.msg.lrpid, (unsigned)o->uid, (unsigned)o->gid, (unsigned)o->cuid,
			 (unsigned)o->cgid, (long long)o->u.msg.stime, (long long)o->u.msg.rtime,
			 (long long)o->ctime);
		break;
	default:
		snprintf(buf, len, "%10d %10d %4o %10u %5u %5u %5u %5u %10lld %10lld\n", o->key, o->id,
			 o->mode, o->u.sem.nsems, (unsigned)o->uid, (unsigned)o->gid, (unsigned)o->cuid,
			 (unsigned)o->cgid, (long long)o->u.sem.otime, (long long)o->ctime);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum ipc_kind kind = (enum ipc_kind)(fuzz_byte(&data, &size) % KIND_COUNT);
	char *s = fuzz_cstr(data, size);
	struct ipc_object o, again;
	if (sysvipc_parse_line(kind, s, &o) == 0) {
		FUZZ_ASSERT(o.kind == kind);
		FUZZ_ASSERT(o.id >= 0);
		FUZZ_ASSERT(o.mode <= 0177777);
		if (kind == KIND_SHM) {
			FUZZ_ASSERT(o.u.shm.dest == ((o.mode & SHM_DEST) != 0));
			FUZZ_ASSERT(o.u.shm.locked == ((o.mode & SHM_LOCKED) != 0));
		}
		if (kind == KIND_SEM)
			FUZZ_ASSERT(o.u.sem.nsems <= INT32_MAX && o.u.sem.first == SEMVALS_NONE);
		char line[512];
		print_line(&o, line, sizeof(line));
		FUZZ_ASSERT(sysvipc_parse_line(kind, line, &again) == 0);
		FUZZ_ASSERT(memcmp(&o, &again, sizeof(o)) == 0);
	}
	free(s);
	return 0;
}
