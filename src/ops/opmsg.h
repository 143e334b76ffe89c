/* opmsg.h — the message queue operation kinds (opkind.h): create (msgget,
 * then IPC_SET of msg_qbytes when asked), send (msgsnd), receive (msgrcv)
 * and peek (msgrcv with MSG_COPY|IPC_NOWAIT, leaving the message). */
#ifndef IPCTOP_OPMSG_H
#define IPCTOP_OPMSG_H

#include "ops/opkind.h"

extern const struct opkind opmsg_create, opmsg_send, opmsg_recv, opmsg_peek;

#endif
