/* opkind.c — owns the operation-kind table: which entry (opshm.c,
 * opmsg.c, opsem.c, opcommon.c) describes each enum op_kind. */
#include "ops/opkind.h"

#include "ops/opcommon.h"
#include "ops/opmsg.h"
#include "ops/opsem.h"
#include "ops/opshm.h"

static const struct opkind *const table[OP_KIND_COUNT] = {
	[OP_FTOK] = &opcommon_ftok,
	[OP_SHM_CREATE] = &opshm_create,
	[OP_SHM_ATTACH] = &opshm_attach,
	[OP_SHM_DETACH] = &opshm_detach,
	[OP_SHM_WRITE] = &opshm_write,
	[OP_SHM_FILL] = &opshm_fill,
	[OP_SHM_REMOVE] = &opcommon_shm_remove,
	[OP_SHM_SET] = &opcommon_shm_set,
	[OP_MSG_CREATE] = &opmsg_create,
	[OP_MSG_SEND] = &opmsg_send,
	[OP_MSG_RECV] = &opmsg_recv,
	[OP_MSG_PEEK] = &opmsg_peek,
	[OP_MSG_REMOVE] = &opcommon_msg_remove,
	[OP_MSG_SET] = &opcommon_msg_set,
	[OP_SEM_CREATE] = &opsem_create,
	[OP_SEM_OP] = &opsem_op,
	[OP_SEM_SETVAL] = &opsem_setval,
	[OP_SEM_SETALL] = &opsem_setall,
	[OP_SEM_REMOVE] = &opcommon_sem_remove,
	[OP_SEM_SET] = &opcommon_sem_set,
};

const struct opkind *opkind_of(enum op_kind kind)
{
	return (unsigned)kind < OP_KIND_COUNT ? table[kind] : NULL;
}
