/* obj_actions.h — actions on any kind of object: the object an action
 * applies to, IPC_SET (`e`) and removal (`d`, F9). They change state and
 * return reaction flags (app.h). */
#ifndef IPCTOP_UI_OBJ_ACTIONS_H
#define IPCTOP_UI_OBJ_ACTIONS_H

#include "app/app.h"

/* The object an action applies to: the one the shown view is about (the
 * detail view's object, the list's selection). NULL (with a message)
 * when there is none. */
const struct ipc_object *action_target(struct app *a);
/* Same, and refuses (message, NULL) when it is not of kind k. */
const struct ipc_object *action_target_kind(struct app *a, enum ipc_kind k, const char *what);

unsigned act_edit(struct app *a, int key);
unsigned act_remove(struct app *a, int key);

#endif
