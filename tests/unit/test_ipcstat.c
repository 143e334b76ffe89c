/* test_ipcstat.c — unit tests of src/model/ipcstat.c against the kernel:
 * ipc_stat of a segment, a queue and a set gives what the objects were
 * created with (key, mode, size, qbytes, nsems) and what /proc/sysvipc
 * lists; ipc_ds_perm points at each kind's ipc_perm; ipc_ctl's IPC_SET
 * changes the mode, its *_STAT_ANY of the index returns the id, its
 * IPC_RMID removes the object; ipc_stat of a removed id fails with
 * EINVAL/EIDRM and an id never made with EINVAL. Keys 0x1b57a7xx. Runs in a
 * private IPC namespace (make test / unshare --ipc). */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "model/ipcstat.h"

#define KEY(i) (0x1b57a700 + (i))

/* The mode column (third) of id's line in /proc/sysvipc/<name>, or -1. */
static long proc_mode(const char *name, int id)
{
	char path[64], line[512];
	snprintf(path, sizeof(path), "/proc/sysvipc/%s", name);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	long mode = -1;
	while (fgets(line, sizeof(line), f)) {
		long key, pid, perms;
		if (sscanf(line, "%ld %ld %lo", &key, &pid, &perms) == 3 && pid == id)
			mode = perms;
	}
	fclose(f);
	return mode;
}

/* One object of each kind with the same key offset i; ids in id[]. */
static void make_three(int i, int id[KIND_COUNT])
{
	id[KIND_SHM] = shmget(KEY(i), 8192, IPC_CREAT | IPC_EXCL | 0640);
	id[KIND_MSG] = msgget(KEY(i), IPC_CREAT | IPC_EXCL | 0604);
	id[KIND_SEM] = semget(KEY(i), 3, IPC_CREAT | IPC_EXCL | 0660);
	for (int k = 0; k < KIND_COUNT; k++)
		cr_assert_geq(id[k], 0, "kind %d: %s", k, strerror(errno));
}

static void remove_three(const int id[KIND_COUNT])
{
	shmctl(id[KIND_SHM], IPC_RMID, NULL);
	msgctl(id[KIND_MSG], IPC_RMID, NULL);
	semctl(id[KIND_SEM], 0, IPC_RMID);
}

Test(ipcstat, stat_reads_each_kind)
{
	int id[KIND_COUNT];
	make_three(1, id);
	union ipc_ds ds;
	cr_assert_eq(ipc_stat(KIND_SHM, id[KIND_SHM], &ds), 0, "%s", strerror(errno));
	cr_assert_eq(ds.shm.shm_segsz, 8192);
	cr_assert_eq(ds.shm.shm_perm.__key, KEY(1));
	cr_assert_eq(ds.shm.shm_perm.mode & 0777, 0640);
	cr_assert_eq(ipc_ds_perm(KIND_SHM, &ds), &ds.shm.shm_perm);

	cr_assert_eq(ipc_stat(KIND_MSG, id[KIND_MSG], &ds), 0, "%s", strerror(errno));
	cr_assert_eq(ds.msg.msg_perm.__key, KEY(1));
	cr_assert_eq(ds.msg.msg_perm.mode & 0777, 0604);
	cr_assert_eq(ds.msg.msg_qnum, 0);
	cr_assert_gt(ds.msg.msg_qbytes, 0);
	cr_assert_eq(ipc_ds_perm(KIND_MSG, &ds), &ds.msg.msg_perm);

	cr_assert_eq(ipc_stat(KIND_SEM, id[KIND_SEM], &ds), 0, "%s", strerror(errno));
	cr_assert_eq(ds.sem.sem_nsems, 3);
	cr_assert_eq(ds.sem.sem_perm.__key, KEY(1));
	cr_assert_eq(ds.sem.sem_perm.mode & 0777, 0660);
	cr_assert_eq(ipc_ds_perm(KIND_SEM, &ds), &ds.sem.sem_perm);
	remove_three(id);
}

Test(ipcstat, set_changes_the_mode_the_kernel_lists)
{
	static const char *const names[KIND_COUNT] = { "shm", "msg", "sem" };
	int id[KIND_COUNT];
	make_three(2, id);
	for (int k = 0; k < KIND_COUNT; k++) {
		union ipc_ds ds;
		cr_assert_eq(ipc_stat((enum ipc_kind)k, id[k], &ds), 0);
		struct ipc_perm *p = ipc_ds_perm((enum ipc_kind)k, &ds);
		p->mode = (unsigned short)((p->mode & ~0777u) | 0611u);
		cr_assert_eq(ipc_ctl((enum ipc_kind)k, id[k], IPC_SET, &ds), 0, "%s: %s", names[k], strerror(errno));
		cr_assert_eq(proc_mode(names[k], id[k]) & 0777, 0611, "%s", names[k]);
	}
	remove_three(id);
}

Test(ipcstat, stat_any_of_the_index_gives_the_id)
{
	static const int cmds[KIND_COUNT] = { SHM_STAT_ANY, MSG_STAT_ANY, SEM_STAT_ANY };
	int id[KIND_COUNT];
	make_three(3, id);
	for (int k = 0; k < KIND_COUNT; k++) {
		union ipc_ds ds;
		int idx = id[k] % 32768; /* the kernel's id is seq * 32768 + index */
		int got = ipc_ctl((enum ipc_kind)k, idx, cmds[k], &ds);
		if (got < 0 && errno == EINVAL)
			got = ipc_ctl((enum ipc_kind)k, idx, cmds[k] == SHM_STAT_ANY ? SHM_STAT
							  : cmds[k] == MSG_STAT_ANY ? MSG_STAT : SEM_STAT, &ds);
		cr_assert_eq(got, id[k], "kind %d: %d (%s)", k, got, strerror(errno));
		cr_assert_eq(ipc_ds_perm((enum ipc_kind)k, &ds)->__key, KEY(3));
	}
	remove_three(id);
}

Test(ipcstat, rmid_removes_and_stat_then_fails)
{
	int id[KIND_COUNT];
	make_three(4, id);
	for (int k = 0; k < KIND_COUNT; k++) {
		union ipc_ds ds;
		cr_assert_eq(ipc_ctl((enum ipc_kind)k, id[k], IPC_RMID, NULL), 0, "kind %d: %s", k, strerror(errno));
		errno = 0;
		cr_assert_eq(ipc_stat((enum ipc_kind)k, id[k], &ds), -1, "kind %d still there", k);
		cr_assert(errno == EINVAL || errno == EIDRM, "kind %d: %s", k, strerror(errno));
		errno = 0;
		cr_assert_eq(ipc_ctl((enum ipc_kind)k, id[k], IPC_RMID, NULL), -1);
		cr_assert(errno == EINVAL || errno == EIDRM, "kind %d: %s", k, strerror(errno));
	}
	union ipc_ds ds;
	errno = 0;
	cr_assert_eq(ipc_stat(KIND_SEM, 0x7ffffff0, &ds), -1);
	cr_assert_eq(errno, EINVAL);
}
