/* form.c — editing and drawing of the form widget. */
#define _GNU_SOURCE
#include "widgets/form.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define KEY_ESC 27

void form_init(struct form *f, const char *title)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->title, sizeof(f->title), "%s", title);
}

static struct form_field *add(struct form *f, const char *label, enum field_type type)
{
	struct form_field *fl = &f->fields[f->nfields++];
	memset(fl, 0, sizeof(*fl));
	fl->label = label;
	fl->type = type;
	return fl;
}

int form_add_text(struct form *f, const char *label, const char *initial, const char *hint)
{
	struct form_field *fl = add(f, label, FIELD_TEXT);
	snprintf(fl->text, sizeof(fl->text), "%s", initial ? initial : "");
	fl->hint = hint;
	fl->pristine = true;
	return f->nfields - 1;
}

int form_add_toggle(struct form *f, const char *label, bool on)
{
	add(f, label, FIELD_TOGGLE)->on = on;
	return f->nfields - 1;
}

int form_add_choice(struct form *f, const char *label, const char *const *choices, int initial)
{
	struct form_field *fl = add(f, label, FIELD_CHOICE);
	fl->choices = choices;
	fl->choice = initial;
	return f->nfields - 1;
}

void form_note(struct form *f, int field, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->fields[field].note, sizeof(f->fields[field].note), fmt, ap);
	va_end(ap);
	f->fields[field].note_error = error;
}

static void step_focus(struct form *f, int dir)
{
	for (int i = 0; i < f->nfields; i++) {
		f->focus = (f->focus + dir + f->nfields) % f->nfields;
		if (!f->fields[f->focus].hidden)
			return;
	}
}

static int choice_count(const struct form_field *fl)
{
	int n = 0;
	while (fl->choices[n])
		n++;
	return n;
}

enum form_result form_key(struct form *f, int key)
{
	struct form_field *fl = &f->fields[f->focus];
	if (fl->hidden)
		step_focus(f, 1), fl = &f->fields[f->focus];
	size_t len = strlen(fl->text);
	switch (key) {
	case KEY_ESC: return FORM_CANCEL;
	case '\r': case '\n': case KEY_ENTER: return FORM_SUBMIT;
	case '\t': case KEY_DOWN: step_focus(f, 1); return FORM_CONTINUE;
	case KEY_BTAB: case KEY_UP: step_focus(f, -1); return FORM_CONTINUE;
	default: break;
	}
	if (fl->type == FIELD_TOGGLE) {
		if (key == ' ' || key == KEY_LEFT || key == KEY_RIGHT || key == 'x')
			fl->on = !fl->on;
	} else if (fl->type == FIELD_CHOICE) {
		int n = choice_count(fl);
		if (n == 0)
			return FORM_CONTINUE;
		if (key == ' ' || key == KEY_RIGHT)
			fl->choice = (fl->choice + 1) % n;
		else if (key == KEY_LEFT)
			fl->choice = (fl->choice + n - 1) % n;
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (len)
			fl->text[len - 1] = '\0';
		fl->pristine = false;
	} else if (key == ('u' & 0x1f)) {
		fl->text[0] = '\0';
		fl->pristine = false;
	} else if (key >= 32 && key < 127) {
		/* Typing over a default replaces it, as in most forms. */
		if (fl->pristine)
			fl->text[0] = '\0', len = 0;
		fl->pristine = false;
		if (len + 1 < sizeof(fl->text)) {
			fl->text[len] = (char)key;
			fl->text[len + 1] = '\0';
		}
	}
	return FORM_CONTINUE;
}

static void field_value(const struct form_field *fl, char *buf, size_t len)
{
	if (fl->type == FIELD_TOGGLE)
		snprintf(buf, len, "[%c]", fl->on ? 'x' : ' ');
	else if (fl->type == FIELD_CHOICE)
		snprintf(buf, len, "< %s >", _(fl->choices[fl->choice]));
	else
		snprintf(buf, len, "%s", fl->text);
}

void form_draw(const struct form *f, int top, int height)
{
	int width = COLS - 2, x = 1;
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, f->title);
	int y = top + 1;
	/* The label column fits the widest (maybe translated) label. */
	int labelw = 14;
	for (int i = 0; i < f->nfields; i++)
		if (!f->fields[i].hidden && draw_width(f->fields[i].label) + 1 > labelw)
			labelw = draw_width(f->fields[i].label) + 1;
	if (labelw > width / 3)
		labelw = width / 3;
	int valuew = width - labelw - 2 > 30 ? 30 : width - labelw - 2;
	if (valuew < 2)
		valuew = 2; /* narrower than any layout: draw_text clips */
	int notew = width - labelw - valuew - 1;
	const struct form_field *cut = NULL; /* an error note too long for its place */
	for (int i = 0; i < f->nfields && y < top + height - 3; i++) {
		const struct form_field *fl = &f->fields[i];
		if (fl->hidden)
			continue;
		bool focused = i == f->focus;
		char value[FORM_TEXT_MAX + 8];
		field_value(fl, value, sizeof(value));
		draw_text(y, x, labelw, focused ? A_BOLD : A_NORMAL, true, fl->label);
		attr_t vattr = fl->type == FIELD_TEXT ? A_UNDERLINE : A_NORMAL;
		if (focused)
			vattr |= A_REVERSE;
		/* Show the end of long text so the cursor position is visible. */
		const char *shown = value;
		size_t vlen = strlen(value);
		if (fl->type == FIELD_TEXT && (int)vlen >= valuew) /* typed text is ASCII */
			shown = value + vlen - (size_t)(valuew - 1);
		draw_text(y, x + labelw, valuew, vattr, true, shown);
		const char *note = fl->note[0] ? fl->note : focused && fl->hint ? fl->hint : "";
		attr_t nattr = fl->note_error ? screen_attr(ROLE_ERROR) : A_NORMAL;
		draw_text(y, x + labelw + valuew + 1, notew, nattr, false, note);
		if (fl->note_error && draw_width(fl->note) > notew && !cut)
			cut = fl;
		y++;
	}
	y++;
	/* The reason must be readable: repeat a cut error note in full. */
	if (cut && y < top + height - 1) {
		char full[sizeof(cut->note) + 96];
		snprintf(full, sizeof(full), "%s: %s", cut->label, cut->note);
		draw_text(y++, x, width, screen_attr(ROLE_ERROR), false, full);
	}
	if (f->preview[0] && y < top + height - 1)
		draw_text(y++, x, width, A_BOLD, false, f->preview);
	if (f->message[0] && y < top + height)
		draw_text(y++, x, width, screen_attr(ROLE_ERROR), false, f->message);
	if (y < top + height)
		draw_text(top + height - 1, x, width, A_NORMAL, false,
			  _("Tab/Up/Down: field  typing replaces a default  Backspace: edit it  ^U: clear  Enter: do it  Esc: cancel"));
}
