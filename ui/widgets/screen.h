/* screen.h — curses start-up and shutdown, the colour theme, and the
 * async-signal-safe terminal restore used by the crash handler. */
#ifndef IPCTOP_UI_SCREEN_H
#define IPCTOP_UI_SCREEN_H

#include <stdbool.h>
#include <curses.h>

enum role {
	ROLE_NORMAL,
	ROLE_HEADER,   /* top lines */
	ROLE_TITLE,    /* column titles */
	ROLE_SELECTED, /* cursor bar */
	ROLE_NEW,      /* object that appeared since the last refresh */
	ROLE_KEY,      /* key names in the footer */
	ROLE_FOOTER,   /* footer text */
	ROLE_ERROR,    /* error messages */
	ROLE_INFO,     /* normal messages */
	ROLE_TAB,      /* the current view's tab */
	ROLE_MARK,     /* a marked row */
	ROLE_BLOCKED,  /* a process or semaphore someone waits on (always with a symbol too) */
	ROLE_COUNT
};

/* Starts curses on the terminal. Returns 0, or -1 (message on stderr). */
int screen_init(bool no_color);
/* Ends curses and restores the terminal; safe to call more than once. */
void screen_shutdown(void);
/* Job control, from the main loop (never a handler). Suspend gives the
 * terminal back as it was before curses (for a ^Z); resume takes it again
 * after a stop, from any state the shell or others left it in, so that the
 * next refresh repaints everything. Both are no-ops when curses is off. */
void screen_suspend(void);
void screen_resume(void);
/* Async-signal-safe restore (termios, cursor, alternate screen, mouse). */
void screen_emergency_restore(void);
/* Switches between the normal and the projector theme (high contrast, no
 * colour-only distinctions, a thick reverse selection bar). */
void screen_set_projector(bool on);
/* Sets colour on or off (monochrome) and the projector theme at once. */
void screen_set_theme(bool color, bool projector);
/* Attribute for a role under the current theme. */
attr_t screen_attr(enum role r);
/* Whether the locale can show UTF-8 (arrows, box characters). */
bool screen_utf8(void);

#endif
