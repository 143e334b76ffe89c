/* keymap.h — what a key binding is. Every mode has its own table of
 * bindings (mode.h): the keys that mean something only there, and the keys
 * it offers elsewhere (the one that opens it). Keys shared by many modes
 * (quit, help, moving, the playground) are in keys.c's tables. A binding
 * shared by modes names key groups; a mode takes the keys of its groups.
 * The help screen and the footers are generated from the same tables. */
#ifndef IPCTOP_UI_KEYMAP_H
#define IPCTOP_UI_KEYMAP_H

#include <stddef.h>

struct app;

#define KEY_ESC 27
#define CTRL(c) ((c) & 0x1f)

/* Groups of shared keys. A mode lists the groups it takes (its class's
 * `groups`); a shared binding, the groups it is in. */
enum key_group {
	KG_ANY = 1u << 0,      /* every mode that takes keys from tables: ? q z ^L Esc */
	KG_ROWS = 1u << 1,     /* a screen of rows: moving, h, refresh now, projector */
	KG_VI_UP = 1u << 2,    /* k moves up (where k is not the signal key) */
	KG_VIEWS = 1u << 3,    /* the object views: Tab, the bottom panes */
	KG_SCREENS = 1u << 4,  /* screens that open the others: L N D, scenario speed */
	KG_DIGITS = 1u << 5,   /* 1-5: the tabs */
	KG_BACK = 1u << 6,     /* pages over the list: Backspace and Left go back */
	KG_MOUSE = 1u << 7,    /* wheel and click */
	KG_OBJECT = 1u << 8,   /* an object is selected: / and the playground's actions */
	KG_MESSAGES = 1u << 9, /* msgsnd and msgrcv (also in the peek view) */
};

/* The groups of a screen that lists rows outside the objects (limits,
 * namespaces, POSIX, scenarios): what a new such view takes. */
#define KG_TABLE_SCREEN (KG_ANY | KG_ROWS | KG_VI_UP | KG_SCREENS | KG_DIGITS | KG_BACK)

struct key_binding {
	int key;         /* as getch() returns it */
	unsigned groups; /* 0: a key of the mode whose table holds it; else the
			  * groups (enum key_group) of the modes it works in */
	/* What it does; returns reaction flags (app.h). NULL: the mode's own
	 * key handler takes the key, the binding only documents it. */
	unsigned (*action)(struct app *a, int key);
	const char *name; /* the key as help writes it ("PgDn"); NULL: not in
			   * the help (the text of the key opening the mode says it) */
	const char *help; /* N_() text; NULL: on the help line of the binding above */
	const char *tag;  /* N_() footer label ("Quit"), or NULL */
	/* The argument of a help text with a %s (a list known at run time,
	 * such as the scenarios' names), or NULL. */
	const char *(*help_arg)(void);
};

#define KEYMAP_LEN(t) (sizeof(t) / sizeof((t)[0]))

/* One item of a footer: a key of the mode and how the footer writes it.
 * name and tag default to the binding's; a mode that takes every key
 * itself (a form) gives both. */
struct footer_key {
	int key;
	const char *name; /* "Spc", "<>", "Up/Dn"; NULL: the binding's name */
	const char *tag;  /* N_() label; NULL: the binding's tag */
};

#endif
