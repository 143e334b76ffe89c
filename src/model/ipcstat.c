/* ipcstat.c — owns the switch from an object kind to its *ctl call with a
 * data structure (IPC_STAT, *_STAT[_ANY], IPC_SET, IPC_RMID). */
#define _GNU_SOURCE
#include "model/ipcstat.h"

#include <errno.h>
#include <string.h>

union semun_arg {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

int ipc_ctl(enum ipc_kind kind, int id, int cmd, union ipc_ds *ds)
{
	int r;
	union semun_arg arg = { .buf = ds ? &ds->sem : NULL };
	do {
		if (kind == KIND_SHM)
			r = shmctl(id, cmd, ds ? &ds->shm : NULL);
		else if (kind == KIND_MSG)
			r = msgctl(id, cmd, ds ? &ds->msg : NULL);
		else
			r = semctl(id, 0, cmd, arg);
	} while (r == -1 && errno == EINTR);
	return r;
}

int ipc_stat(enum ipc_kind kind, int id, union ipc_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	return ipc_ctl(kind, id, IPC_STAT, ds) < 0 ? -1 : 0;
}

struct ipc_perm *ipc_ds_perm(enum ipc_kind kind, union ipc_ds *ds)
{
	if (kind == KIND_SHM)
		return &ds->shm.shm_perm;
	if (kind == KIND_MSG)
		return &ds->msg.msg_perm;
	return &ds->sem.sem_perm;
}
