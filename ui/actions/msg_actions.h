/* msg_actions.h — `s` (msgsnd) and `r` (msgrcv) forms. */
#ifndef IPCTOP_UI_MSG_ACTIONS_H
#define IPCTOP_UI_MSG_ACTIONS_H

#include "app/app.h"

unsigned act_send(struct app *a, int key);
unsigned act_receive(struct app *a, int key);

#endif
