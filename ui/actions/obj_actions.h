/* obj_actions.h — actions on any kind of object: IPC_SET (`e`) and
 * removal (`d`, F9). They change state and return reaction flags (app.h). */
#ifndef IPCTOP_UI_OBJ_ACTIONS_H
#define IPCTOP_UI_OBJ_ACTIONS_H

#include "app/app.h"

unsigned act_edit(struct app *a, int key);
unsigned act_remove(struct app *a, int key);

#endif
