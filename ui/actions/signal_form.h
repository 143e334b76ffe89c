/* signal_form.h — `k`: the kill/sigqueue form for the process on the
 * cursor's row (the mode's pid hook). */
#ifndef IPCTOP_UI_SIGNAL_FORM_H
#define IPCTOP_UI_SIGNAL_FORM_H

#include "app/app.h"

unsigned act_signal(struct app *a, int key);

#endif
