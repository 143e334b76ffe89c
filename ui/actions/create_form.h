/* create_form.h — `c`: the shmget/msgget/semget form. */
#ifndef IPCTOP_UI_CREATE_FORM_H
#define IPCTOP_UI_CREATE_FORM_H

#include "app/app.h"

unsigned act_create(struct app *a, int key);

#endif
