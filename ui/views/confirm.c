/* confirm.c — the y/N question mode: its text, what yes does, the status
 * line that shows it and the footer. */
#define _GNU_SOURCE
#include "views/confirm.h"

#include <stdio.h>

#include "base/i18n.h"
#include "views/form_view.h"
#include "widgets/screen.h"
#include "widgets/text.h"

static struct {
	char text[512];
	unsigned (*yes)(struct app *a);
} question;

extern const struct mode_class confirm_mode;

void confirm_ask(struct app *a, const char *text, unsigned (*on_yes)(struct app *a))
{
	snprintf(question.text, sizeof(question.text), "%s", text);
	question.yes = on_yes;
	form_view_close(a);
	mode_push(a, &confirm_mode);
}

static unsigned confirm_key(struct app *a, int key)
{
	mode_pop(a);
	if (key != 'y' && key != 'Y') {
		app_message(a, false, _("cancelled: nothing done"));
		return REACT_REDRAW;
	}
	return question.yes(a);
}

static void confirm_status(struct app *a, int y)
{
	(void)a;
	char q[600];
	/* TRANSLATORS: a yes/no question; only y answers yes. */
	snprintf(q, sizeof(q), _("%s  [y/N]"), question.text);
	draw_text(y, 0, COLS, screen_attr(ROLE_ERROR) | A_REVERSE, true, q);
}

static const struct footer_key confirm_footer[] = {
	{ 'y', "y", N_("Yes") }, { -1, "other", N_("No") }, { 0, NULL, NULL },
};

const struct mode_class confirm_mode = {
	.name = "confirm",
	.flags = MODE_OVERLAY | MODE_OWN_KEYS,
	.footer = confirm_footer,
	.status = confirm_status,
	.key = confirm_key,
};
