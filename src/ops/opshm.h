/* opshm.h — the shared memory operation kinds (opkind.h): create
 * (shmget), attach (shmat), detach (shmdt), write (memcpy) and fill
 * (memset) through an attachment this process made with ops_shm_attach,
 * whose address, segment and size it remembers for the bounds of writes. */
#ifndef IPCTOP_OPSHM_H
#define IPCTOP_OPSHM_H

#include "ops/opkind.h"

extern const struct opkind opshm_create, opshm_attach, opshm_detach, opshm_write, opshm_fill;

#endif
