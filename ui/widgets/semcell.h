/* semcell.h — one semaphore as the room sees it: its name over its value
 * in big digits, and under them who waits on it and who holds it. A
 * semaphore someone waits on is drawn blocked: the blocked colour AND the
 * symbol ⊘ with the number waiting, so it reads in monochrome too. */
#ifndef IPCTOP_UI_SEMCELL_H
#define IPCTOP_UI_SEMCELL_H

#include <stdbool.h>
#include <stddef.h>

#define SEMCELL_LINES 4

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

/* Rows a cell takes at a scale with n lines under it. */
int semcell_rows(int scale, size_t nlines);
/* Draws c at (y, x), w columns wide, its digits at most `scale` (smaller
 * when they would not fit), at most maxlines lines under them. */
void semcell_draw(const struct semcell *c, int y, int x, int w, int scale, size_t maxlines);

#endif
