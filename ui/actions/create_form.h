/* create_form.h — `c`: the shmget/msgget/semget form, and its last
 * choices (kept for the session and the settings file). */
#ifndef IPCTOP_UI_CREATE_FORM_H
#define IPCTOP_UI_CREATE_FORM_H

#include "app/app.h"
#include "config/settings.h"

unsigned act_create(struct app *a, int key);

/* The form's last choices from the settings (at start), and into them (to
 * be saved). */
void create_form_recall(const struct settings *s);
void create_form_remember(struct settings *s);

#endif
