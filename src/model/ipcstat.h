/* ipcstat.h — the one place that calls shmctl, msgctl or semctl by object
 * kind with a data structure: IPC_STAT of an id, *_STAT[_ANY] of an index,
 * IPC_SET and IPC_RMID, into one union of the three kinds' structures.
 * (The *_INFO calls are ipclimits.h's; the semaphore value calls,
 * GETALL/SETVAL/..., have no shm or msg twin.) */
#ifndef IPCTOP_IPCSTAT_H
#define IPCTOP_IPCSTAT_H

#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "model/ipcobj.h"

/* What IPC_STAT fills for each kind; the member is named by the kind. */
union ipc_ds {
	struct shmid_ds shm;
	struct msqid_ds msg;
	struct semid_ds sem;
};

/* shmctl(id, cmd, &ds->shm), msgctl(id, cmd, &ds->msg) or
 * semctl(id, 0, cmd, { .buf = &ds->sem }) for kind (KIND_SHM, KIND_MSG,
 * KIND_SEM), retried on EINTR. ds may be NULL for a command that takes no
 * buffer (IPC_RMID). Returns the call's result (0, or the id for
 * *_STAT[_ANY] of an index), or -1 with errno. */
int ipc_ctl(enum ipc_kind kind, int id, int cmd, union ipc_ds *ds);

/* IPC_STAT of object id into *ds, zeroed first. Returns 0, or -1 with errno
 * (EINVAL or EIDRM: no such object, EACCES: no read permission). */
int ipc_stat(enum ipc_kind kind, int id, union ipc_ds *ds);

/* The permission structure inside ds for kind. */
struct ipc_perm *ipc_ds_perm(enum ipc_kind kind, union ipc_ds *ds);

#endif
