/* confirm.h — a y/N question in the status line, over the view it is
 * about (a form asking it is closed). Only y answers yes. */
#ifndef IPCTOP_UI_CONFIRM_H
#define IPCTOP_UI_CONFIRM_H

#include "app/app.h"

/* Asks text; `y` calls on_yes (after the question is closed), any other
 * key cancels. */
void confirm_ask(struct app *a, const char *text, unsigned (*on_yes)(struct app *a));

#endif
