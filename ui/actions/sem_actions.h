/* sem_actions.h — semaphore actions: V, P and wait-for-zero on the detail
 * table's semaphore, the semop, SETVAL and SETALL forms. */
#ifndef IPCTOP_UI_SEM_ACTIONS_H
#define IPCTOP_UI_SEM_ACTIONS_H

#include "app/app.h"

unsigned act_sem_quick(struct app *a, int key); /* + - 0 */
unsigned act_semop_form(struct app *a, int key);
unsigned act_setval(struct app *a, int key);
unsigned act_setall(struct app *a, int key);

#endif
