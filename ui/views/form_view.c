/* form_view.c — the form mode: the one open form, its submit and change
 * callbacks, its keys (all of them: typing goes into the fields) and its
 * footer. */
#define _GNU_SOURCE
#include "views/form_view.h"

#include <stdio.h>

#include "base/i18n.h"
#include "ops/ops.h"

static struct {
	struct form form;
	bool (*submit)(struct app *a, struct form *f);
	void (*changed)(struct app *a, struct form *f);
} fv;

extern const struct mode_class form_mode;

struct form *form_view_new(const char *title)
{
	form_init(&fv.form, title);
	return &fv.form;
}

void form_view_open(struct app *a, bool (*submit)(struct app *a, struct form *f),
		    void (*changed)(struct app *a, struct form *f))
{
	fv.submit = submit;
	fv.changed = changed;
	if (mode_top(a) != &form_mode)
		mode_push(a, &form_mode);
	if (changed)
		changed(a, &fv.form);
}

void form_view_preview(struct form *f, const struct op_request *req)
{
	if (req)
		ops_format_call(req, f->preview, sizeof(f->preview));
	else
		snprintf(f->preview, sizeof(f->preview), "%s", _("(fix the marked fields)"));
}

void form_view_close(struct app *a)
{
	if (mode_top(a) == &form_mode)
		mode_pop(a);
}

bool form_view_result(struct app *a, struct form *f, struct op_result *res)
{
	bool ok = res->ret >= 0;
	if (ok)
		app_show_result(a, res);
	else
		snprintf(f->message, sizeof(f->message), "%s", res->message);
	ops_result_free(res);
	return ok;
}

static unsigned form_view_key(struct app *a, int key)
{
	switch (form_key(&fv.form, key)) {
	case FORM_CANCEL:
		mode_pop(a);
		app_message(a, false, _("cancelled"));
		return REACT_REDRAW;
	case FORM_SUBMIT:
		/* The submit may have replaced the form (a question). */
		if (fv.submit(a, &fv.form))
			form_view_close(a);
		return REACT_RESCAN | REACT_REDRAW;
	default:
		if (fv.changed)
			fv.changed(a, &fv.form);
		return REACT_REDRAW;
	}
}

static void form_view_draw(struct app *a, int top, int height)
{
	(void)a;
	form_draw(&fv.form, top, height);
}

static const struct footer_key form_footer[] = {
	{ '\r', "Enter", N_("Do it") }, { '\t', "Tab", N_("Next") }, { ' ', "Space", N_("Toggle") },
	{ KEY_ESC, "Esc", N_("Cancel") }, { 0, NULL, NULL },
};

const struct mode_class form_mode = {
	.name = "form",
	.flags = MODE_OVERLAY | MODE_OWN_KEYS,
	.footer = form_footer,
	.draw = form_view_draw,
	.key = form_view_key,
};
