/* app.c — the helpers every action uses: the status line, read-only
 * refusals, the object an action applies to, and the object list's rows
 * and selection (the selection follows its object when the rows are
 * rebuilt). No drawing, no loop. */
#define _GNU_SOURCE
#include "app/app.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/i18n.h"
#include "ops/ops.h"
#include "base/payload.h"
#include "model/snapfill.h"

void app_message(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof(a->status), fmt, ap);
	va_end(ap);
	a->status_error = error;
}

void app_show_result(struct app *a, const struct op_result *res)
{
	if (res->ret < 0)
		app_message(a, true, "%s", res->message[0] ? res->message : res->call);
	else
		app_message(a, false, "%s", res->call);
}

void app_show_message(struct app *a, const struct op_result *res)
{
	char text[160];
	payload_format(res->data, res->len, 48, text, sizeof(text));
	app_message(a, false, P_("%s  -> type %ld, %zu byte: %s", "%s  -> type %ld, %zu bytes: %s", res->len), res->call,
		    res->mtype, res->len, text);
}

bool app_refuse_read_only(struct app *a, const char *what)
{
	if (!a->opt.read_only)
		return false;
	app_message(a, true, _("read-only mode (--read-only): %s is disabled"), what);
	return true;
}

const struct ipc_object *app_selected(const struct app *a)
{
	return a->nrows ? a->rows[a->cursor] : NULL;
}

void *app_grow(void *p, size_t *cap, size_t need, size_t elem)
{
	if (array_grow(&p, cap, need, elem) < 0) {
		fputs(_("ipctop: out of memory\n"), stderr);
		exit(1);
	}
	return p;
}

void app_select_row(struct app *a, size_t i)
{
	if (a->nrows == 0) {
		a->cursor = 0;
		return;
	}
	a->cursor = i < a->nrows ? i : a->nrows - 1;
	const struct ipc_object *o = a->rows[a->cursor];
	a->sel = (struct obj_ref){ o->kind, o->id, true };
}

void app_rebuild_rows(struct app *a)
{
	if (table_model_update(&a->model, &a->snap, a->view, a->filter, a->sort[a->view], a->desc[a->view]) < 0) {
		fputs(_("ipctop: out of memory\n"), stderr);
		exit(1);
	}
	a->rows = a->model.rows;
	a->nrows = a->model.nrows;
	if (a->modes.n && a->modes.v[0]->arrange) {
		/* It may reorder the rows: a copy, so that the model keeps
		 * them in sorted order for its next update. */
		a->arranged = app_grow(a->arranged, &a->arranged_cap, a->nrows + 1, sizeof(*a->arranged));
		memcpy(a->arranged, a->model.rows, a->nrows * sizeof(*a->arranged));
		a->rows = a->arranged;
		a->modes.v[0]->arrange(a);
	}
	size_t keep = a->cursor;
	bool at_cursor = keep < a->nrows && a->rows[keep]->kind == a->sel.kind && a->rows[keep]->id == a->sel.id;
	if (a->sel.set && !at_cursor)
		for (size_t i = 0; i < a->nrows; i++)
			if (a->rows[i]->kind == a->sel.kind && a->rows[i]->id == a->sel.id) {
				keep = i;
				break;
			}
	app_select_row(a, keep);
	const struct ipc_object *sel = app_selected(a);
	(void)snapshot_fill(&a->snap, &sel, 1, FILL_QBYTES);
}

void app_follow(struct app *a, enum ipc_kind kind, int id)
{
	a->sel = (struct obj_ref){ kind, id, true };
	if (!view_has_kind(a->view, kind))
		a->view = (enum view)kind;
}

const struct ipc_object *action_target(struct app *a)
{
	const struct mode_class *m = mode_shown(a);
	const struct ipc_object *o = m->target ? m->target(a) : NULL;
	if (!o)
		app_message(a, true, _("no object selected"));
	return o;
}

bool action_semnum(const struct app *a, size_t *semnum)
{
	const struct mode_class *m = mode_top(a);
	return m->semnum && m->semnum(a, semnum);
}

const struct ipc_object *action_target_kind(struct app *a, enum ipc_kind k, const char *what)
{
	const struct ipc_object *o = action_target(a);
	if (o && o->kind != k) {
		static const char *const kinds[] = { N_("a shared memory segment"), N_("a message queue"),
						     N_("a semaphore set") };
		/* TRANSLATORS: "msgsnd needs a message queue; this is a shm" */
		app_message(a, true, _("%s needs %s; this is a %s"), what, _(kinds[k]), kind_name(o->kind));
		return NULL;
	}
	return o;
}
