/* form_view.h — a form (form.h) as a mode over the view it acts on: the
 * create, IPC_SET, msgsnd, msgrcv, semop, SETVAL, SETALL, signal, limit
 * and hex forms. Its owner fills the form, then opens it with what Enter
 * does and what every edit re-checks. */
#ifndef IPCTOP_UI_FORM_VIEW_H
#define IPCTOP_UI_FORM_VIEW_H

#include <stdbool.h>

#include "app/app.h"
#include "widgets/form.h"

/* The form to fill (form_add_*), emptied, with its title. */
struct form *form_view_new(const char *title);

/* Opens the form over the current mode: Enter calls submit (true closes
 * the form, false keeps it open with everything typed), every edit calls
 * changed (may be NULL; also called once now). */
void form_view_open(struct app *a, bool (*submit)(struct app *a, struct form *f),
		    void (*changed)(struct app *a, struct form *f));

/* The preview line of an edit: the C call req would make, or, req NULL
 * (a field is wrong), the request to fix the marked fields. */
struct op_request;
void form_view_preview(struct form *f, const struct op_request *req);

/* Closes the form when it is on top (a question replaces it). */
void form_view_close(struct app *a);

/* Ends a form's operation: a failure stays in the open form (so nothing
 * typed is lost) and returns false; a success goes to the status line and
 * returns true. Frees res. */
struct op_result;
bool form_view_result(struct app *a, struct form *f, struct op_result *res);

#endif
