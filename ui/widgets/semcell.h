/* semcell.h — one semaphore as the room sees it: its name over its value
 * in big digits, and under them who waits on it and who holds it. A
 * semaphore someone waits on is drawn blocked: the blocked colour AND the
 * symbol ⊘ with the number waiting, so it reads in monochrome too. */
#ifndef IPCTOP_UI_SEMCELL_H
#define IPCTOP_UI_SEMCELL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/snapshot.h"

#define SEMCELL_LINES 4
#define SEMCELL_TEXT 128 /* bytes of one line's text */

struct semcell {
	const char *name;  /* "empty" (translated) */
	const char *sub;   /* "sem 0" */
	long value;
	int waiting;       /* processes waiting on it (the kernel's ncnt + zcnt, or more named) */
	bool selected;     /* + and - act on it */
	const char *lines[SEMCELL_LINES]; /* "producer (pid 123) waits: P", "held by ..." */
	bool line_waits[SEMCELL_LINES];   /* the line names a waiter: drawn blocked */
	size_t nlines;
};

/* Adds to c a line "⊘ NAME (123) waits: P" (or Z) for each process
 * the waiter scan of snap found blocked on semaphore num of set semid —
 * any process, not only ipctop's — leaving out those skip(pid, arg) names
 * (skip may be NULL). The texts go into text[] (the line's index). */
void semcell_add_scanned(struct semcell *c, char text[][SEMCELL_TEXT], const struct snapshot *snap, int semid,
			 unsigned num, bool (*skip)(pid_t pid, const void *arg), const void *arg);

/* Rows a cell takes at a scale with n rows of lines under it. */
int semcell_rows(int scale, size_t nrows);
/* Rows c's lines take in a cell w columns wide (a long line: two). */
size_t semcell_line_rows(const struct semcell *c, int w);
/* Draws c at (y, x), w columns wide, its digits at most `scale` (smaller
 * when they would not fit), its lines under them in at most maxrows rows
 * (a line wider than the cell wraps onto a second row). */
void semcell_draw(const struct semcell *c, int y, int x, int w, int scale, size_t maxrows);

#endif
