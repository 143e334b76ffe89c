/* form.h — a small form widget: labelled text fields, toggles and choices,
 * one focused field, per-field error text and a form-level message. The
 * owner validates on every change and on submit; a refused submit keeps
 * everything typed. Drawing is in form.c; nothing here touches IPC. */
#ifndef IPCTOP_UI_FORM_H
#define IPCTOP_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>

enum field_type { FIELD_TEXT, FIELD_TOGGLE, FIELD_CHOICE };

#define FORM_MAX_FIELDS 12
#define FORM_TEXT_MAX 256

struct form_field {
	const char *label; /* translated already (_()), like hint and title */
	enum field_type type;
	char text[FORM_TEXT_MAX];   /* FIELD_TEXT */
	bool on;                    /* FIELD_TOGGLE */
	const char *const *choices; /* FIELD_CHOICE, NULL-terminated; N_() texts */
	int choice;
	bool hidden;      /* not used for the current choices: skipped */
	char note[256];   /* shown right of the field: error or computed info */
	bool note_error;
	const char *hint; /* shown when focused and there is no note */
	bool pristine;    /* still the default text: the first character replaces it */
};

enum form_result { FORM_CONTINUE, FORM_SUBMIT, FORM_CANCEL };

struct form {
	char title[160];
	struct form_field fields[FORM_MAX_FIELDS];
	int nfields;
	int focus;
	char message[400]; /* result of the last submit (error) */
	char preview[256]; /* the C call that Enter will make */
};

/* Resets f and sets the title. */
void form_init(struct form *f, const char *title);
/* Adds a field; returns its index. */
int form_add_text(struct form *f, const char *label, const char *initial, const char *hint);
int form_add_toggle(struct form *f, const char *label, bool on);
int form_add_choice(struct form *f, const char *label, const char *const *choices, int initial);

/* Handles a key: editing, Tab/Up/Down between fields, Space/Left/Right
 * on toggles and choices, Enter submits, Esc cancels. */
enum form_result form_key(struct form *f, int key);

/* Draws the form as a box in rows [top, top + height). */
void form_draw(const struct form *f, int top, int height);

/* Sets a field's note (printf-style); error notes are drawn as errors. */
void form_note(struct form *f, int field, bool error, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
