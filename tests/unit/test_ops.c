/* test_ops.c — unit tests of src/ops/ops.c and the operation-kind table
 * (src/ops/opkind.c and the op*.c entries), each operation through the API and
 * checked against shmctl/msgctl/semctl and /proc/sysvipc: create (EXCL,
 * limits), attach/write/detach, send/receive (msgtyp, MSG_EXCEPT,
 * MSG_NOERROR, E2BIG, ENOMSG, queue full), MSG_COPY peek leaving the queue
 * unchanged, semop/SETVAL/SETALL (SEMVMX, SEMOPM, EAGAIN, EFBIG), IPC_SET
 * old/new values, IPC_RMID, vanished ids, and read-only mode refusing every
 * modifying op without touching the object; fill; writes to a hugetlb
 * page that cannot be faulted in fail with EFAULT; every kind has a table
 * entry, and its flags (worker, create, read-only) are the documented ones.
 * Keys 0x0b5e01xx. Runs in a
 * private IPC namespace (make test / unshare --ipc). */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "model/ipclimits.h"
#include "ops/opkind.h"
#include "ops/oprequest.h"
#include "ops/ops.h"
#include "ops/optext.h"
#include "test_faulty.h"

union semun_t {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* Numeric fields of the /proc/sysvipc/<kind> line of id (fields[1] is the
 * id). Returns the number of fields read, 0 when the id is not listed. */
static size_t proc_fields(const char *kind, int id, long *fields, size_t max)
{
	char path[64], line[512];
	snprintf(path, sizeof(path), "/proc/sysvipc/%s", kind);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	size_t n = 0;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;
		size_t k = 0;
		long v[32];
		while (k < 32) {
			long x = strtol(p, &end, 10);
			if (end == p)
				break;
			v[k++] = x;
			p = end;
		}
		if (k >= 2 && v[1] == id) {
			n = k < max ? k : max;
			memcpy(fields, v, n * sizeof(long));
			break;
		}
	}
	fclose(f);
	return n;
}

static bool proc_lists(const char *kind, int id)
{
	long f[4];
	return proc_fields(kind, id, f, 4) > 0;
}

static struct msqid_ds msg_stat(int id)
{
	struct msqid_ds ds;
	cr_assert_eq(msgctl(id, IPC_STAT, &ds), 0, "msgctl: %s", strerror(errno));
	return ds;
}

static int sem_value(int id, int n)
{
	int v = semctl(id, n, GETVAL);
	cr_assert_geq(v, 0, "GETVAL: %s", strerror(errno));
	return v;
}

static void assert_ok(const struct op_result *r)
{
	cr_assert_eq(r->err, 0, "%s | %s", r->call, r->message);
	cr_assert_neq(r->ret, -1, "%s", r->call);
	cr_assert(!r->refused);
}

/* A result that must be a success and is not needed further. */
static void ok(struct op_result r)
{
	assert_ok(&r);
	ops_result_free(&r);
}

static void assert_fail(const struct op_result *r, int err, const char *part)
{
	cr_assert_eq(r->ret, -1, "%s", r->call);
	cr_assert_eq(r->err, err, "%s | %s (err %d)", r->call, r->message, r->err);
	cr_assert(strstr(r->message, part), "message '%s' lacks '%s'", r->message, part);
}

static int new_msg(void)
{
	struct op_result r = ops_msg_create(IPC_PRIVATE, 0600, false, 0);
	assert_ok(&r);
	return r.id;
}

static int new_sem(unsigned nsems, int value)
{
	struct op_result r = ops_sem_create(IPC_PRIVATE, nsems, 0600, false, &value, 1);
	assert_ok(&r);
	return r.id;
}

/* ---- ftok ---- */

Test(ops_ftok, key_and_errors)
{
	struct op_result r = ops_ftok("/tmp", 'A');
	assert_ok(&r);
	cr_assert_eq(r.key, (int)ftok("/tmp", 'A'));
	char want[64];
	snprintf(want, sizeof(want), "ftok(\"/tmp\", 'A') = 0x%08x", (unsigned)r.key);
	cr_assert_str_eq(r.call, want);
	r = ops_ftok("/nonexistent/ipctop", 1);
	assert_fail(&r, ENOENT, "ftok: No such file or directory (the path does not exist)");
	r = ops_ftok("/tmp", 0);
	assert_fail(&r, EINVAL, "proj_id 0 outside 1..255");
	cr_assert(r.refused);
}

/* ---- shared memory ---- */

Test(ops_shm, create_excl_and_remove)
{
	struct op_result r = ops_shm_create(0x0b5e0101, 8192, 0640, true);
	assert_ok(&r);
	int id = r.id;
	char want[128];
	snprintf(want, sizeof(want), "shmget(0x0b5e0101, 8192, IPC_CREAT|IPC_EXCL|0640) = %d", id);
	cr_assert_str_eq(r.call, want);
	struct shmid_ds ds;
	cr_assert_eq(shmctl(id, IPC_STAT, &ds), 0);
	cr_assert_eq(ds.shm_segsz, 8192);
	cr_assert_eq(ds.shm_perm.mode & 0777, 0640);
	long f[8];
	cr_assert_geq(proc_fields("shm", id, f, 8), 4);
	cr_assert_eq(f[0], 0x0b5e0101);
	cr_assert_eq(f[3], 8192);

	r = ops_shm_create(0x0b5e0101, 8192, 0640, true);
	assert_fail(&r, EEXIST, "shmget: File exists (IPC_EXCL and key 0x0b5e0101 is taken)");
	cr_assert(strstr(r.call, "= -1 EEXIST"), "%s", r.call);
	cr_assert(!r.refused);

	r = ops_shm_remove(id);
	assert_ok(&r);
	snprintf(want, sizeof(want), "shmctl(%d, IPC_RMID, NULL) = 0", id);
	cr_assert_str_eq(r.call, want);
	cr_assert_eq(shmctl(id, IPC_STAT, &ds), -1);
	cr_assert(!proc_lists("shm", id));
	r = ops_shm_remove(id);
	assert_fail(&r, EINVAL, "removed?");
}

Test(ops_shm, size_checked_against_limits)
{
	struct ipc_limits l;
	limits_read(&l);
	struct op_result r = ops_shm_create(0x0b5e0102, 0, 0600, true);
	assert_fail(&r, EINVAL, "below SHMMIN");
	cr_assert(r.refused);
	cr_assert(strstr(r.call, "[refused]"), "%s", r.call);
	if (l.shmmax < UINT64_MAX) {
		r = ops_shm_create(0x0b5e0102, l.shmmax + 1, 0600, true);
		assert_fail(&r, EINVAL, "above SHMMAX");
	}
	cr_assert(!proc_lists("shm", shmget(0x0b5e0102, 0, 0)));
	r = ops_shm_create(0x0b5e0102, 4096, 01777, true);
	assert_fail(&r, EINVAL, "mode 01777 above 0777");
}

/* memset through safemem: every byte set, bounds and read-only refused,
 * the call text is the memset. */
Test(ops_shm, fill)
{
	struct op_result r = ops_shm_create(IPC_PRIVATE, 8192, 0600, false);
	assert_ok(&r);
	int id = r.id;
	struct op_result at = ops_shm_attach(id, false);
	assert_ok(&at);
	unsigned char *p = at.addr;
	r = ops_shm_fill(at.addr, 100, 5000, 0x41);
	assert_ok(&r);
	cr_assert(strstr(r.call, "+ 100, 0x41, 5000)"), "%s", r.call);
	cr_assert_eq(p[99], 0);
	cr_assert_eq(p[100], 0x41);
	cr_assert_eq(p[5099], 0x41);
	cr_assert_eq(p[5100], 0);
	r = ops_shm_fill(at.addr, 8000, 193, 1);
	assert_fail(&r, EINVAL, "beyond the 8192 bytes");
	cr_assert(r.refused);
	cr_assert_eq(p[8000], 0);
	struct op_request bad = { .kind = OP_SHM_FILL, .addr = at.addr, .size = 1, .value = 256 };
	r = ops_execute(&bad);
	assert_fail(&r, EINVAL, "not 0..255");
	struct op_result ro = ops_shm_attach(id, true);
	assert_ok(&ro);
	r = ops_shm_fill(ro.addr, 0, 1, 1);
	assert_fail(&r, EACCES, "attached read-only");
	ok(ops_shm_detach(ro.addr));
	ok(ops_shm_detach(at.addr));
	ok(ops_shm_remove(id));
}

/* A segment whose page cannot be faulted in: write and fill fail with
 * EFAULT and "page not available", no SIGBUS. */
Test(ops_shm, write_to_a_page_that_is_not_available)
{
	int id = faulty_hugetlb();
	struct op_result at = ops_shm_attach(id, false);
	assert_ok(&at);
	cr_assert_eq(at.size, 2u << 20);
	struct op_result r = ops_shm_write(at.addr, 16, "hi", 2);
	assert_fail(&r, EFAULT, "page not available at offset 0x10");
	cr_assert(strstr(r.message, "memcpy: Bad address ("), "%s", r.message);
	cr_assert(strstr(r.call, "= -1 EFAULT"), "%s", r.call);
	cr_assert(!r.refused, "the write was tried");
	r = ops_shm_fill(at.addr, 0, 2u << 20, 0x41);
	assert_fail(&r, EFAULT, "page not available at offset 0x0");
	cr_assert(strstr(r.message, "0 of 2097152 bytes written"), "%s", r.message);
	ok(ops_shm_detach(at.addr));
	ok(ops_shm_remove(id));
}

Test(ops_shm, attach_write_detach)
{
	struct op_result r = ops_shm_create(IPC_PRIVATE, 4096, 0600, false);
	assert_ok(&r);
	int id = r.id;
	struct op_result at = ops_shm_attach(id, false);
	assert_ok(&at);
	cr_assert_not_null(at.addr);
	cr_assert_eq(at.size, 4096);
	struct shmid_ds ds;
	cr_assert_eq(shmctl(id, IPC_STAT, &ds), 0);
	cr_assert_eq(ds.shm_nattch, 1);

	r = ops_shm_write(at.addr, 100, "AB", 2);
	assert_ok(&r);
	char *other = shmat(id, NULL, SHM_RDONLY);
	cr_assert_neq(other, (void *)-1);
	cr_assert_eq(memcmp(other + 100, "AB", 2), 0);
	cr_assert_eq(shmdt(other), 0);

	r = ops_shm_write(at.addr, 4095, "AB", 2);
	assert_fail(&r, EINVAL, "beyond the 4096 bytes");
	cr_assert(r.refused);

	struct op_result ro = ops_shm_attach(id, true);
	assert_ok(&ro);
	cr_assert(strstr(ro.call, "SHM_RDONLY"), "%s", ro.call);
	r = ops_shm_write(ro.addr, 0, "x", 1);
	assert_fail(&r, EACCES, "attached read-only");

	r = ops_shm_detach(ro.addr);
	assert_ok(&r);
	r = ops_shm_detach(at.addr);
	assert_ok(&r);
	cr_assert_eq(r.id, id);
	cr_assert_eq(shmctl(id, IPC_STAT, &ds), 0);
	cr_assert_eq(ds.shm_nattch, 0);
	r = ops_shm_detach(at.addr);
	assert_fail(&r, EINVAL, "shmdt: Invalid argument (no segment is attached at that address)");
	r = ops_shm_write(at.addr, 0, "x", 1);
	assert_fail(&r, EINVAL, "no segment attached");
	ok(ops_shm_remove(id));
	cr_assert(!proc_lists("shm", id));
}

/* Counts of one say so: "1 byte", "1 value" (ngettext's English forms),
 * with the kernel having done what the summary says. */
Test(ops_plural, one_byte_one_value)
{
	int q = new_msg();
	struct op_result r = ops_msgsnd(q, 3, "x", 1, IPC_NOWAIT);
	assert_ok(&r);
	char want[96];
	snprintf(want, sizeof(want), "sent 1 byte of type 3 to queue %d", q);
	cr_assert_str_eq(r.message, want);
	cr_assert_eq(msg_stat(q).msg_cbytes, 1);
	ok(ops_msgsnd(q, 3, "xy", 2, IPC_NOWAIT)); /* and the plural stays */
	r = ops_msgrcv(q, 0, 64, IPC_NOWAIT);
	assert_ok(&r);
	snprintf(want, sizeof(want), "received 1 byte of type 3 from queue %d", q);
	cr_assert_str_eq(r.message, want);
	cr_assert_eq(r.len, 1);
	ops_result_free(&r);
	cr_assert_eq(msg_stat(q).msg_qnum, 1); /* the two-byte one is left */
	ok(ops_msg_remove(q));

	r = ops_shm_create(IPC_PRIVATE, 4096, 0600, false);
	assert_ok(&r);
	int id = r.id;
	struct op_result at = ops_shm_attach(id, false);
	assert_ok(&at);
	r = ops_shm_write(at.addr, 7, "Q", 1);
	assert_ok(&r);
	snprintf(want, sizeof(want), "wrote 1 byte at offset 7 of segment %d", id);
	cr_assert_str_eq(r.message, want);
	cr_assert_eq(((char *)at.addr)[7], 'Q');
	r = ops_shm_write(at.addr, 4096, "Q", 1);
	assert_fail(&r, EINVAL, "1 byte at offset 4096 goes beyond the 4096 bytes of segment");
	ok(ops_shm_detach(at.addr));
	ok(ops_shm_remove(id));

	int sem = new_sem(1, 0);
	int five = 5;
	r = ops_sem_setall(sem, &five, 1);
	assert_ok(&r);
	snprintf(want, sizeof(want), "1 value of set %d set", sem);
	cr_assert_str_eq(r.message, want);
	cr_assert_eq(semctl(sem, 0, GETVAL), 5);
	ok(ops_sem_remove(sem));
}

Test(ops_shm, ipc_set_old_and_new)
{
	struct op_result r = ops_shm_create(IPC_PRIVATE, 4096, 0644, false);
	assert_ok(&r);
	int id = r.id;
	struct ops_ipcset s = { .has_mode = true, .mode = 0600, .has_uid = true, .uid = 1234 };
	r = ops_shm_set(id, &s);
	assert_ok(&r);
	cr_assert_eq(r.before.mode, 0644);
	cr_assert_eq(r.after.mode, 0600);
	cr_assert_eq(r.after.uid, 1234);
	cr_assert(strstr(r.message, "mode 0644 -> 0600"), "%s", r.message);
	cr_assert(strstr(r.message, "uid 0 -> 1234"), "%s", r.message);
	char want[128];
	snprintf(want, sizeof(want), "shmctl(%d, IPC_SET, {uid=1234, mode=0600}) = 0", id);
	cr_assert_str_eq(r.call, want);
	struct shmid_ds ds;
	cr_assert_eq(shmctl(id, IPC_STAT, &ds), 0);
	cr_assert_eq(ds.shm_perm.mode & 0777, 0600);
	cr_assert_eq(ds.shm_perm.uid, 1234);
	ok(ops_shm_remove(id));
}

/* ---- message queues ---- */

Test(ops_msg, create_with_qbytes_and_excl)
{
	struct op_result r = ops_msg_create(0x0b5e0110, 0620, true, 1000);
	assert_ok(&r);
	int id = r.id;
	cr_assert(strstr(r.call, "msgget(0x0b5e0110, IPC_CREAT|IPC_EXCL|0620) = "), "%s", r.call);
	cr_assert(strstr(r.call, "IPC_SET, {msg_qbytes=1000}) = 0"), "%s", r.call);
	struct msqid_ds ds = msg_stat(id);
	cr_assert_eq(ds.msg_qbytes, 1000);
	cr_assert_eq(ds.msg_perm.mode & 0777, 0620);
	long f[6];
	cr_assert_geq(proc_fields("msg", id, f, 6), 2);
	cr_assert_eq(f[0], 0x0b5e0110);
	r = ops_msg_create(0x0b5e0110, 0620, true, 0);
	assert_fail(&r, EEXIST, "msgget: File exists (IPC_EXCL and key 0x0b5e0110 is taken)");
	r = ops_msg_remove(id);
	assert_ok(&r);
	cr_assert(!proc_lists("msg", id));
}

Test(ops_msg, send_receive_round_trip)
{
	int id = new_msg();
	struct op_result r = ops_msgsnd(id, 2, "hello", 5, IPC_NOWAIT);
	assert_ok(&r);
	char want[160];
	snprintf(want, sizeof(want), "msgsnd(%d, {mtype=2, \"hello\"}, 5, IPC_NOWAIT) = 0", id);
	cr_assert_str_eq(r.call, want);
	long f[6];
	cr_assert_geq(proc_fields("msg", id, f, 6), 5);
	cr_assert_eq(f[3], 5); /* cbytes */
	cr_assert_eq(f[4], 1); /* qnum */

	r = ops_msgrcv(id, 0, 64, IPC_NOWAIT);
	assert_ok(&r);
	cr_assert_eq(r.ret, 5);
	cr_assert_eq(r.mtype, 2);
	cr_assert_eq(r.len, 5);
	cr_assert_eq(memcmp(r.data, "hello", 5), 0);
	snprintf(want, sizeof(want), "msgrcv(%d, buf, 64, 0, IPC_NOWAIT) = 5 {mtype=2, \"hello\"}", id);
	cr_assert_str_eq(r.call, want);
	ops_result_free(&r);
	ops_result_free(&r);
	cr_assert_eq(msg_stat(id).msg_qnum, 0);

	r = ops_msgrcv(id, 0, 64, IPC_NOWAIT);
	assert_fail(&r, ENOMSG, "msgrcv: No message of desired type (IPC_NOWAIT and no message of the "
		    "requested type)");
	cr_assert_null(r.data);
	ops_msg_remove(id);
}

Test(ops_msg, msgtyp_except_and_noerror)
{
	int id = new_msg();
	ok(ops_msgsnd(id, 3, "three", 5, IPC_NOWAIT));
	ok(ops_msgsnd(id, 1, "one", 3, IPC_NOWAIT));
	ok(ops_msgsnd(id, 2, "two-long", 8, IPC_NOWAIT));

	struct op_result r = ops_msgrcv(id, 2, 4, IPC_NOWAIT); /* too small */
	assert_fail(&r, E2BIG, "message bigger than msgsz, use MSG_NOERROR");
	r = ops_msgrcv(id, 2, 4, IPC_NOWAIT | MSG_NOERROR);
	assert_ok(&r);
	cr_assert_eq(r.len, 4);
	cr_assert_eq(memcmp(r.data, "two-", 4), 0);
	cr_assert(strstr(r.call, "IPC_NOWAIT|MSG_NOERROR"), "%s", r.call);
	ops_result_free(&r);

	r = ops_msgrcv(id, 3, 64, IPC_NOWAIT | MSG_EXCEPT); /* first not of type 3 */
	assert_ok(&r);
	cr_assert_eq(r.mtype, 1);
	ops_result_free(&r);

	r = ops_msgrcv(id, -5, 64, IPC_NOWAIT); /* lowest type <= 5 */
	assert_ok(&r);
	cr_assert_eq(r.mtype, 3);
	ops_result_free(&r);
	cr_assert_eq(msg_stat(id).msg_qnum, 0);
	ops_msg_remove(id);
}

Test(ops_msg, queue_full_and_bad_sends)
{
	struct op_result r = ops_msg_create(IPC_PRIVATE, 0600, false, 10);
	assert_ok(&r);
	int id = r.id;
	ok(ops_msgsnd(id, 1, "0123456789", 10, IPC_NOWAIT));
	r = ops_msgsnd(id, 1, "x", 1, IPC_NOWAIT);
	assert_fail(&r, EAGAIN, "msgsnd: Resource temporarily unavailable (queue full)");
	cr_assert(strstr(r.call, "= -1 EAGAIN"), "%s", r.call);

	r = ops_msgsnd(id, 0, "x", 1, IPC_NOWAIT);
	assert_fail(&r, EINVAL, "mtype 0: it must be > 0");
	cr_assert(r.refused);
	struct ipc_limits l;
	limits_read(&l);
	size_t big = (size_t)l.msgmax + 1;
	char *buf = calloc(1, big);
	r = ops_msgsnd(id, 1, buf, big, IPC_NOWAIT);
	free(buf);
	assert_fail(&r, EINVAL, "above MSGMAX");
	cr_assert_eq(msg_stat(id).msg_qnum, 1);
	ops_msg_remove(id);
}

Test(ops_msg, peek_leaves_queue_unchanged)
{
	int id = new_msg();
	ok(ops_msgsnd(id, 7, "first", 5, IPC_NOWAIT));
	ok(ops_msgsnd(id, 8, "second!", 7, IPC_NOWAIT));
	struct msqid_ds before = msg_stat(id);
	struct op_result r = ops_msg_peek(id, 1);
	if (r.err == ENOSYS) {
		cr_assert(strstr(r.message, "no MSG_COPY"), "%s", r.message);
		ops_msg_remove(id);
		return;
	}
	assert_ok(&r);
	cr_assert_eq(r.mtype, 8);
	cr_assert_eq(r.len, 7);
	cr_assert_eq(memcmp(r.data, "second!", 7), 0);
	cr_assert(strstr(r.call, "MSG_COPY|IPC_NOWAIT) = 7 {mtype=8, \"second!\"}"), "%s", r.call);
	ops_result_free(&r);
	struct msqid_ds after = msg_stat(id);
	cr_assert_eq(after.msg_qnum, before.msg_qnum);
	cr_assert_eq(after.msg_cbytes, before.msg_cbytes);
	long f[6];
	cr_assert_geq(proc_fields("msg", id, f, 6), 5);
	cr_assert_eq(f[3], 12);
	cr_assert_eq(f[4], 2);

	r = ops_msg_peek(id, 2);
	assert_fail(&r, ENOMSG, "no message at that index");
	r = ops_msg_peek(id, -1);
	assert_fail(&r, EINVAL, "index -1 below 0");
	ops_msg_remove(id);
}

Test(ops_msg, ipc_set_qbytes_and_mode)
{
	int id = new_msg();
	uint64_t old = msg_stat(id).msg_qbytes;
	struct ops_ipcset s = { .has_qbytes = true, .qbytes = 4096, .has_mode = true, .mode = 0640,
				.has_gid = true, .gid = 55 };
	struct op_result r = ops_msg_set(id, &s);
	assert_ok(&r);
	cr_assert_eq(r.before.qbytes, old);
	cr_assert_eq(r.after.qbytes, 4096);
	char want[96];
	snprintf(want, sizeof(want), "msg_qbytes %llu -> 4096", (unsigned long long)old);
	cr_assert(strstr(r.message, want), "%s", r.message);
	cr_assert(strstr(r.message, "gid 0 -> 55"), "%s", r.message);
	struct msqid_ds ds = msg_stat(id);
	cr_assert_eq(ds.msg_qbytes, 4096);
	cr_assert_eq(ds.msg_perm.mode & 0777, 0640);
	cr_assert_eq(ds.msg_perm.gid, 55);
	ops_msg_remove(id);
	r = ops_msg_set(id, &s);
	assert_fail(&r, EINVAL, "removed?");
}

/* ---- semaphores ---- */

Test(ops_sem, create_with_values)
{
	int vals[] = { 1, 2, 3 };
	struct op_result r = ops_sem_create(0x0b5e0120, 3, 0600, true, vals, 3);
	assert_ok(&r);
	int id = r.id;
	char want[160];
	snprintf(want, sizeof(want),
		 "semget(0x0b5e0120, 3, IPC_CREAT|IPC_EXCL|0600) = %d; semctl(%d, 0, SETALL, {1, 2, 3}) = 0",
		 id, id);
	cr_assert_str_eq(r.call, want);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(sem_value(id, i), vals[i]);
	long f[4];
	cr_assert_eq(proc_fields("sem", id, f, 4), 4);
	cr_assert_eq(f[0], 0x0b5e0120);
	cr_assert_eq(f[3], 3);
	r = ops_sem_create(0x0b5e0120, 3, 0600, true, NULL, 0);
	assert_fail(&r, EEXIST, "semget: File exists (IPC_EXCL and key 0x0b5e0120 is taken)");
	r = ops_sem_remove(id);
	assert_ok(&r);
	snprintf(want, sizeof(want), "semctl(%d, 0, IPC_RMID) = 0", id);
	cr_assert_str_eq(r.call, want);
	cr_assert(!proc_lists("sem", id));

	int sems = new_sem(4, 7);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(sem_value(sems, i), 7);
	ops_sem_remove(sems);
}

Test(ops_sem, create_refusals)
{
	int vals[] = { 1, 2 };
	struct op_result r = ops_sem_create(0x0b5e0121, 3, 0600, true, vals, 2);
	assert_fail(&r, EINVAL, "2 initial values for 3 semaphores");
	int big = 40000;
	r = ops_sem_create(0x0b5e0121, 3, 0600, true, &big, 1);
	assert_fail(&r, ERANGE, "value 40000 above SEMVMX (32767)");
	cr_assert_eq(semget(0x0b5e0121, 0, 0), -1, "a refused create made a set");
	r = ops_sem_create(0x0b5e0121, 0, 0600, true, NULL, 0);
	assert_fail(&r, EINVAL, "nsems outside 1..SEMMSL");
	cr_assert(!r.refused);
	/* Above SEMMSL: refused before the call, naming the limit (the create
	 * form shows it while typing). */
	struct ipc_limits lim;
	limits_read(&lim);
	cr_assert_gt(lim.semmsl, 0u);
	r = ops_sem_create(0x0b5e0121, (unsigned)lim.semmsl + 1, 0600, true, NULL, 0);
	char want[128];
	snprintf(want, sizeof(want), "nsems %u is above SEMMSL (%llu semaphores a set", (unsigned)lim.semmsl + 1,
		 (unsigned long long)lim.semmsl);
	assert_fail(&r, EINVAL, want);
	cr_assert(r.refused);
	cr_assert_eq(semget(0x0b5e0121, 0, 0), -1);
	r = ops_sem_create(0x0b5e0121, (unsigned)lim.semmsl, 0600, true, vals, 1);
	assert_ok(&r);
	ops_sem_remove(r.id);
	ops_result_free(&r);
}

Test(ops_sem, semop_and_nowait)
{
	int id = new_sem(2, 1);
	struct sembuf p = { 0, -1, SEM_UNDO };
	struct op_result r = ops_semop(id, &p, 1);
	assert_ok(&r);
	char want[128];
	snprintf(want, sizeof(want), "semop(%d, {{0, -1, SEM_UNDO}}, 1) = 0", id);
	cr_assert_str_eq(r.call, want);
	cr_assert_eq(sem_value(id, 0), 0);

	struct sembuf nw = { 0, -1, IPC_NOWAIT };
	r = ops_semop(id, &nw, 1);
	assert_fail(&r, EAGAIN, "semop: Resource temporarily unavailable (IPC_NOWAIT and the value "
		    "would go below 0)");
	struct sembuf zero = { 1, 0, IPC_NOWAIT };
	r = ops_semop(id, &zero, 1);
	assert_fail(&r, EAGAIN, "IPC_NOWAIT and the value is not 0");

	struct sembuf multi[] = { { 0, 2, 0 }, { 1, -1, 0 } };
	r = ops_semop(id, multi, 2);
	assert_ok(&r);
	cr_assert_eq(sem_value(id, 0), 2);
	cr_assert_eq(sem_value(id, 1), 0);

	struct sembuf beyond = { 5, 1, 0 };
	r = ops_semop(id, &beyond, 1);
	assert_fail(&r, EFBIG, "beyond the last semaphore");
	struct sembuf over = { 0, 32767, 0 };
	r = ops_semop(id, &over, 1);
	assert_fail(&r, ERANGE, "SEMVMX");
	r = ops_semop(id, &p, 0);
	assert_fail(&r, EINVAL, "no operations");
	ops_sem_remove(id);
}

Test(ops_sem, semopm_refused)
{
	struct ipc_limits l;
	cr_assert_eq(limits_read(&l), 0);
	int id = new_sem(1, 0);
	size_t n = (size_t)l.semopm + 1;
	struct sembuf *ops = calloc(n, sizeof(*ops));
	for (size_t i = 0; i < n; i++)
		ops[i] = (struct sembuf){ 0, 1, 0 };
	struct op_result r = ops_semop(id, ops, n);
	free(ops);
	char want[96];
	snprintf(want, sizeof(want), "%zu operations, more than SEMOPM (%llu)", n,
		 (unsigned long long)l.semopm);
	assert_fail(&r, E2BIG, want);
	cr_assert(r.refused);
	cr_assert_eq(sem_value(id, 0), 0);
	ops_sem_remove(id);
}

Test(ops_sem, setval_and_setall)
{
	int id = new_sem(3, 0);
	struct op_result r = ops_sem_setval(id, 1, 32767);
	assert_ok(&r);
	char want[96];
	snprintf(want, sizeof(want), "semctl(%d, 1, SETVAL, 32767) = 0", id);
	cr_assert_str_eq(r.call, want);
	cr_assert_eq(sem_value(id, 1), 32767);
	r = ops_sem_setval(id, 1, 32768);
	assert_fail(&r, ERANGE, "semctl: Numerical result out of range (value 32768 above SEMVMX (32767))");
	cr_assert(r.refused);
	r = ops_sem_setval(id, 1, -1);
	assert_fail(&r, ERANGE, "value -1 below 0");
	cr_assert_eq(sem_value(id, 1), 32767);
	r = ops_sem_setval(id, 3, 1);
	assert_fail(&r, EINVAL, "semnum beyond the set");

	int vals[] = { 4, 5, 6 };
	r = ops_sem_setall(id, vals, 3);
	assert_ok(&r);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(sem_value(id, i), vals[i]);
	r = ops_sem_setall(id, vals, 2);
	assert_fail(&r, EINVAL, "2 values for a set of 3 semaphores");
	int bad[] = { 1, 99999, 1 };
	r = ops_sem_setall(id, bad, 3);
	assert_fail(&r, ERANGE, "value 99999 above SEMVMX");
	cr_assert_eq(sem_value(id, 1), 5);
	ops_sem_remove(id);
}

Test(ops_sem, ipc_set_and_vanished)
{
	int id = new_sem(1, 0);
	struct ops_ipcset s = { .has_mode = true, .mode = 0400 };
	struct op_result r = ops_sem_set(id, &s);
	assert_ok(&r);
	cr_assert_eq(r.before.mode, 0600);
	cr_assert_eq(r.after.mode, 0400);
	char want[96];
	snprintf(want, sizeof(want), "semctl(%d, 0, IPC_SET, {mode=0400}) = 0", id);
	cr_assert_str_eq(r.call, want);
	long f[4];
	cr_assert_eq(proc_fields("sem", id, f, 4), 4);
	cr_assert_eq(f[2], 400); /* perms column, printed in octal digits */
	ok(ops_sem_remove(id));
	struct sembuf v = { 0, 1, 0 };
	r = ops_semop(id, &v, 1);
	assert_fail(&r, EINVAL, "no set with this id (removed?)");
	r = ops_sem_remove(id);
	assert_fail(&r, EINVAL, "removed?");
}

/* ---- read-only mode ---- */

Test(ops_read_only, refuses_every_modifying_op)
{
	struct op_result r = ops_shm_create(IPC_PRIVATE, 4096, 0600, false);
	int shm = r.id;
	struct op_result at = ops_shm_attach(shm, false);
	assert_ok(&at);
	int msq = new_msg();
	ok(ops_msgsnd(msq, 1, "keep", 4, IPC_NOWAIT));
	int sem = new_sem(2, 1);

	ops_set_read_only(true);
	cr_assert(ops_read_only());
	struct ops_ipcset s = { .has_mode = true, .mode = 0666 };
	struct sembuf p = { 0, -1, IPC_NOWAIT };
	int vals[] = { 5, 5 };
	struct op_result refused[] = {
		ops_shm_create(0x0b5e0130, 4096, 0600, true),
		ops_shm_attach(shm, false),
		ops_shm_write(at.addr, 0, "x", 1),
		ops_shm_set(shm, &s),
		ops_shm_remove(shm),
		ops_msg_create(0x0b5e0131, 0600, true, 0),
		ops_msgsnd(msq, 1, "x", 1, IPC_NOWAIT),
		ops_msgrcv(msq, 0, 64, IPC_NOWAIT),
		ops_msg_set(msq, &s),
		ops_msg_remove(msq),
		ops_sem_create(0x0b5e0132, 1, 0600, true, NULL, 0),
		ops_semop(sem, &p, 1),
		ops_sem_setval(sem, 0, 9),
		ops_sem_setall(sem, vals, 2),
		ops_sem_set(sem, &s),
		ops_sem_remove(sem),
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		struct op_result *x = &refused[i];
		cr_assert_eq(x->ret, -1, "#%zu %s", i, x->call);
		cr_assert_eq(x->err, EROFS, "#%zu %s", i, x->call);
		cr_assert(x->refused);
		cr_assert(strncmp(x->message, "read-only mode (--read-only): ", 30) == 0, "%s", x->message);
		cr_assert(strstr(x->message, " refused"), "%s", x->message);
		cr_assert(strstr(x->call, "[refused]"), "%s", x->call);
	}
	cr_assert_eq(shmget(0x0b5e0130, 0, 0), -1);
	cr_assert_eq(msgget(0x0b5e0131, 0), -1);
	cr_assert_eq(semget(0x0b5e0132, 0, 0), -1);
	cr_assert_eq(*(char *)at.addr, 0);
	struct shmid_ds sds;
	cr_assert_eq(shmctl(shm, IPC_STAT, &sds), 0);
	cr_assert_eq(sds.shm_perm.mode & 0777, 0600);
	struct msqid_ds mds = msg_stat(msq);
	cr_assert_eq(mds.msg_qnum, 1);
	cr_assert_eq(mds.msg_perm.mode & 0777, 0600);
	cr_assert_eq(sem_value(sem, 0), 1);
	cr_assert_eq(sem_value(sem, 1), 1);

	/* reading stays possible */
	r = ops_ftok("/tmp", 1);
	assert_ok(&r);
	struct op_result ro = ops_shm_attach(shm, true);
	assert_ok(&ro);
	ok(ops_shm_detach(ro.addr));
	r = ops_msg_peek(msq, 0);
	if (r.err != ENOSYS)
		assert_ok(&r);
	ops_result_free(&r);
	cr_assert_eq(msg_stat(msq).msg_qnum, 1);

	ops_set_read_only(false);
	ops_shm_detach(at.addr);
	ok(ops_shm_remove(shm));
	ok(ops_msg_remove(msq));
	ok(ops_sem_remove(sem));
}

Test(ops_request, copy_and_format_call)
{
	struct sembuf sops[] = { { 0, -1, 0 }, { 1, 0, IPC_NOWAIT } };
	struct op_request q = { .kind = OP_SEM_OP, .id = 42, .sops = sops, .nsops = 2 };
	struct op_request c;
	cr_assert_eq(oprequest_copy(&c, &q), 0);
	cr_assert_neq(c.sops, q.sops);
	char buf[128];
	cr_assert_str_eq(ops_format_call(&c, buf, sizeof(buf)),
			 "semop(42, {{0, -1, 0}, {1, 0, IPC_NOWAIT}}, 2)");
	oprequest_free(&c);
	cr_assert_null(c.sops);
	cr_assert(ops_modifies(&q));
	struct op_request peek = { .kind = OP_MSG_PEEK };
	cr_assert(!ops_modifies(&peek));
	cr_assert_str_eq(optext_msgflags(0, buf, sizeof(buf)), "0");
	cr_assert_str_eq(optext_msgflags(MSG_EXCEPT | IPC_NOWAIT, buf, sizeof(buf)),
			 "IPC_NOWAIT|MSG_EXCEPT");
	cr_assert_str_eq(optext_key(0, buf, sizeof(buf)), "IPC_PRIVATE");
	cr_assert_str_eq(optext_getflags(true, 0644, buf, sizeof(buf)), "IPC_CREAT|IPC_EXCL|0644");
}

/* The operation-kind table: every kind has an entry that formats, runs and
 * replays it; the kinds a worker may run, the creates and the read-only
 * kinds are the ones the playground documents. */
Test(opkind, every_kind_has_an_entry)
{
	for (int i = 0; i < OP_KIND_COUNT; i++) {
		const struct opkind *k = opkind_of((enum op_kind)i);
		cr_assert_not_null(k, "kind %d has no entry", i);
		cr_assert(k->format && k->execute && k->emit, "kind %d lacks a function", i);
		cr_assert_lt((unsigned)k->call, CALL_COUNT, "kind %d", i);
		cr_assert_leq((unsigned)k->object, KIND_COUNT, "kind %d", i);
	}
	cr_assert_null(opkind_of(OP_KIND_COUNT));
	cr_assert_null(opkind_of((enum op_kind)-1));
	for (int i = 0; i < OP_KIND_COUNT; i++) {
		const struct opkind *k = opkind_of((enum op_kind)i);
		bool worker = i == OP_SEM_OP || i == OP_MSG_RECV || i == OP_MSG_SEND || i == OP_SHM_FILL;
		bool create = i == OP_SHM_CREATE || i == OP_MSG_CREATE || i == OP_SEM_CREATE;
		bool reads = i == OP_FTOK || i == OP_MSG_PEEK || i == OP_SHM_DETACH;
		cr_assert_eq((k->flags & OPK_WORKER) != 0, worker, "kind %d", i);
		cr_assert_eq((k->flags & OPK_CREATES) != 0, create, "kind %d", i);
		cr_assert_eq(ops_modifies(&(struct op_request){ .kind = (enum op_kind)i, .flags = SHM_RDONLY }),
			     !reads && i != OP_SHM_ATTACH, "kind %d", i);
	}
	cr_assert(ops_modifies(&(struct op_request){ .kind = OP_SHM_ATTACH }));
	cr_assert(ops_modifies(&(struct op_request){ .kind = OP_KIND_COUNT }));
}

/* A request with a byte count but no bytes is refused (EFAULT) with NULL in
 * its call text: it used to crash while its call text was written. */
Test(ops_request, null_payload_is_refused)
{
	struct op_result r = ops_execute(&(struct op_request){ .kind = OP_MSG_SEND, .id = 1, .mtype = 1, .nbytes = 3 });
	cr_assert(r.refused);
	cr_assert_eq(r.err, EFAULT);
	cr_assert_str_eq(r.call, "msgsnd(1, {mtype=1, NULL}, 3, 0) [refused]");
	cr_assert_not_null(strstr(r.message, "no payload given"), "%s", r.message);
	r = ops_execute(&(struct op_request){ .kind = OP_SHM_WRITE, .addr = (void *)0x1000, .nbytes = 3 });
	cr_assert(r.refused);
	cr_assert_eq(r.err, EFAULT);
	cr_assert_not_null(strstr(r.call, ", NULL, 3) [refused]"), "%s", r.call);
}
