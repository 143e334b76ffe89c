/* message_view.h — Enter in the peek view: one message of a queue whole,
 * its text and every byte in hex. */
#ifndef IPCTOP_UI_MESSAGE_VIEW_H
#define IPCTOP_UI_MESSAGE_VIEW_H

#include <stddef.h>

#include "app/app.h"

/* Reads message `index` of queue `queue` with MSG_COPY (logged, nothing
 * removed) and opens the view over the current mode; a failed read is
 * shown in the status line and opens nothing. Returns reaction flags. */
unsigned message_view_open(struct app *a, int queue, size_t index);

#endif
