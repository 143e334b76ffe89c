/* opsem.h — the semaphore set operation kinds (opkind.h): create (semget,
 * then SETALL of the initial values), semop, SETVAL and SETALL. */
#ifndef IPCTOP_OPSEM_H
#define IPCTOP_OPSEM_H

#include "ops/opkind.h"

extern const struct opkind opsem_create, opsem_op, opsem_setval, opsem_setall;

#endif
