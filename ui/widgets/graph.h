/* graph.h — drawing a series of samples (model/series.h): a one-line
 * sparkline for the list's TREND column, and a graph of several rows with
 * its scale and a labelled time axis for the detail view. Bars are the
 * eighths ▁▂▃▄▅▆▇█ (ASCII: _.-~=+*#) scaled from 0 to the largest value
 * shown; 0 is blank; a sample that was not read (SERIES_UNKNOWN) is '·'
 * (ASCII '?'). */
#ifndef IPCTOP_UI_GRAPH_H
#define IPCTOP_UI_GRAPH_H

#include <stddef.h>
#include <stdint.h>
#include <curses.h>

/* Draws v[0..n) (oldest first) in width cells from (y, x), one sample a
 * cell, the newest at the right end (blank cells before the first). */
void graph_sparkline(int y, int x, int width, attr_t attr, const int32_t *v, size_t n);

/* Draws v[0..n) as bars in the rectangle of height rows (at least 3) and
 * width columns at (y, x): the largest value shown at the top left, a
 * time axis on the last row, labelled with ages[] (seconds before the
 * newest sample, one per value) at its ends and middle ("-2m00s", "now").
 * More samples than columns: each column shows the largest of its share.
 * Returns the rows used. */
int graph_draw(int y, int x, int height, int width, const int32_t *v, const double *ages, size_t n);

#endif
