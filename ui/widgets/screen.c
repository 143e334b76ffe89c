/* screen.c — curses lifecycle and the colour theme. */
#define _GNU_SOURCE
#include "widgets/screen.h"

#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/payload.h"

static bool active;
static SCREEN *term_screen;
static bool have_termios;
static struct termios saved_termios;
static attr_t attrs[ROLE_COUNT];
static bool utf8;

static bool color_wanted;

static void set_theme(bool color, bool projector)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		attrs[i] = A_NORMAL;
	attrs[ROLE_TITLE] = A_BOLD | A_UNDERLINE;
	attrs[ROLE_SELECTED] = A_REVERSE | A_BOLD;
	attrs[ROLE_NEW] = A_BOLD;
	attrs[ROLE_KEY] = A_BOLD;
	attrs[ROLE_FOOTER] = A_REVERSE;
	attrs[ROLE_ERROR] = A_BOLD;
	attrs[ROLE_TAB] = A_REVERSE;
	attrs[ROLE_HEADER] = A_BOLD;
	attrs[ROLE_MARK] = A_BOLD;
	attrs[ROLE_BLOCKED] = A_BOLD | A_REVERSE;
	if (projector) {
		/* High contrast whatever the terminal: reverse bars and bold
		 * text; meaning is never carried by colour alone (rows carry
		 * '+', '*', '>' markers; errors say "error"). */
		attrs[ROLE_TITLE] = A_REVERSE | A_BOLD;
		attrs[ROLE_FOOTER] = A_REVERSE | A_BOLD;
		attrs[ROLE_KEY] = A_BOLD;
		attrs[ROLE_INFO] = A_BOLD;
		attrs[ROLE_NEW] = A_BOLD | A_UNDERLINE;
		attrs[ROLE_ERROR] = A_BOLD | A_REVERSE;
		/* The header is a bar from edge to edge: reverse, or a colour
		 * behind the text (a coloured text leaves the rest of the line
		 * blank, so the bar seemed to stop where the text did). */
		attrs[ROLE_HEADER] = A_REVERSE | A_BOLD;
		attrs[ROLE_BLOCKED] = A_REVERSE | A_BOLD;
		if (color && has_colors() && start_color() != ERR && COLORS >= 8) {
			use_default_colors();
			init_pair(9, COLOR_BLACK, COLOR_YELLOW);
			init_pair(10, COLOR_YELLOW, COLOR_BLUE);
			init_pair(11, COLOR_WHITE, COLOR_RED);
			attrs[ROLE_HEADER] = COLOR_PAIR(10) | A_BOLD;
			attrs[ROLE_SELECTED] = COLOR_PAIR(9) | A_BOLD;
			attrs[ROLE_TAB] = COLOR_PAIR(9) | A_BOLD;
			attrs[ROLE_BLOCKED] = COLOR_PAIR(11) | A_BOLD;
		}
		return;
	}
	if (!color || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	init_pair(1, COLOR_CYAN, -1);         /* header */
	init_pair(2, COLOR_BLACK, COLOR_GREEN); /* title */
	init_pair(3, COLOR_BLACK, COLOR_CYAN);  /* selected */
	init_pair(4, COLOR_GREEN, -1);        /* new */
	init_pair(5, COLOR_WHITE, COLOR_BLACK); /* key */
	init_pair(6, COLOR_BLACK, COLOR_CYAN);  /* footer text */
	init_pair(7, COLOR_RED, -1);          /* error */
	init_pair(8, COLOR_YELLOW, -1);       /* marked */
	attrs[ROLE_HEADER] = COLOR_PAIR(1) | A_BOLD;
	attrs[ROLE_TITLE] = COLOR_PAIR(2);
	attrs[ROLE_SELECTED] = COLOR_PAIR(3) | A_BOLD;
	attrs[ROLE_NEW] = COLOR_PAIR(4) | A_BOLD;
	attrs[ROLE_KEY] = COLOR_PAIR(5) | A_BOLD;
	attrs[ROLE_FOOTER] = COLOR_PAIR(6);
	attrs[ROLE_ERROR] = COLOR_PAIR(7) | A_BOLD;
	attrs[ROLE_TAB] = COLOR_PAIR(3) | A_BOLD;
	attrs[ROLE_MARK] = COLOR_PAIR(8) | A_BOLD;
	init_pair(12, COLOR_WHITE, COLOR_RED); /* blocked */
	attrs[ROLE_BLOCKED] = COLOR_PAIR(12) | A_BOLD;
}

int screen_init(bool no_color)
{
	if (tcgetattr(STDIN_FILENO, &saved_termios) == 0)
		have_termios = true;
	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	term_screen = newterm(NULL, stdout, stdin);
	if (!term_screen) {
		/* TERM as a C literal: an escape sequence in it must not reach
		 * the terminal raw. */
		const char *term = getenv("TERM");
		char shown[256]; /* payload_format_size(40) */
		fprintf(stderr, _("ipctop: cannot start curses on this terminal (TERM=%s)\n"),
			term ? payload_format(term, strlen(term), 40, shown, sizeof(shown)) : "unset");
		return -1;
	}
	active = true;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	color_wanted = !no_color;
	set_theme(color_wanted, false);
	return 0;
}

void screen_shutdown(void)
{
	if (!active)
		return;
	active = false;
	curs_set(1);
	endwin();
	delscreen(term_screen);
	term_screen = NULL;
}

/* Leaves our screen with raw writes (async-signal-safe; xterm-like
 * terminals): mouse reports off, attributes reset, cursor shown, cursor
 * keys in normal mode, the main screen back. */
static void write_leave_screen(void)
{
	static const char seq[] = "\033[?1000l\033[?1002l\033[?1006l\033[0m\033[?25h\033[?1l\033>\033[?1049l\r\n";
	ssize_t rc = write(STDOUT_FILENO, seq, sizeof(seq) - 1);
	(void)rc; /* nothing better to do: the terminal is going away or stopping */
}

/* Our process group owns the terminal (also when that cannot be told). */
static bool owns_terminal(void)
{
	pid_t fg = tcgetpgrp(STDIN_FILENO);
	return fg < 0 || fg == getpgrp();
}

void screen_suspend(void)
{
	if (!active)
		return;
	if (owns_terminal()) {
		endwin(); /* modes, keypad, mouse, cursor and alternate screen as before */
		return;
	}
	/* A wrapper of ours (sh -c, a script) stopped first and its shell took
	 * the terminal and set the modes it wants: setting ours from the
	 * background would stop us (SIGTTOU) and override the shell's. Only
	 * our screen is left; curses still thinks it runs, and the resume
	 * sets everything again. */
	write_leave_screen();
}

void screen_resume(void)
{
	if (!active)
		return;
	/* Continued in the background (bg, or kill -CONT after the shell took
	 * the terminal): stop as setting the modes would make us, but before
	 * writing to the shell's screen. `fg` continues us here. */
	if (!owns_terminal())
		(void)kill(getpid(), SIGTTOU); /* to ourselves: cannot fail */
	/* endwin() then the next refresh is curses' way back from a shell
	 * escape: it sets the program modes, keypad, mouse, cursor and the
	 * alternate screen again, whatever was done to the terminal meanwhile,
	 * and repaints every cell. Keys typed while we were stopped are
	 * dropped, as ncurses' own ^Z handler does. The keypad's application
	 * mode is sent at once: curses would wait for the next getch(), and
	 * the first arrow key would come as "ESC [ B", not the "ESC O B" that
	 * curses decodes. */
	endwin();
	flushinp();
	keypad(stdscr, TRUE);
	clearok(curscr, TRUE);
}

void screen_emergency_restore(void)
{
	/* Only async-signal-safe calls: tcsetattr and write. */
	if (have_termios)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
	write_leave_screen();
}

void screen_set_projector(bool on)
{
	set_theme(color_wanted, on);
}

void screen_set_theme(bool color, bool projector)
{
	color_wanted = color;
	set_theme(color, projector);
}

attr_t screen_attr(enum role r)
{
	return attrs[r];
}

bool screen_utf8(void)
{
	return utf8;
}
