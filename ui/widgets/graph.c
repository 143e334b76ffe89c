/* graph.c — owns drawing samples as bars: the sparkline's cells and the
 * detail graph's columns, its scale label and its time axis. */
#define _GNU_SOURCE
#include "widgets/graph.h"

#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "model/series.h"
#include "widgets/screen.h"
#include "widgets/text.h"

/* Level 0 (blank) to 8 (a full cell), and the not-read mark. */
static const char *const bars_utf8[9] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
static const char *const bars_ascii[9] = { " ", "_", ".", "-", "~", "=", "+", "*", "#" };

static const char *bar(int level)
{
	level = level < 0 ? 0 : level > 8 ? 8 : level;
	return (screen_utf8() ? bars_utf8 : bars_ascii)[level];
}

static const char *unread_mark(void)
{
	return screen_utf8() ? "·" : "?";
}

static int32_t largest(const int32_t *v, size_t n)
{
	int32_t max = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	return max;
}

/* v's height in eighths of `rows` rows, scaled to max: a value above 0
 * is at least one eighth high. */
static long eighths(int32_t v, int32_t max, int rows)
{
	if (v <= 0 || max <= 0)
		return 0;
	return ((long)v * rows * 8 + max - 1) / max;
}

void graph_sparkline(int y, int x, int width, attr_t attr, const int32_t *v, size_t n)
{
	char line[8 * 64 + 1];
	size_t len = 0;
	if (width <= 0)
		return;
	if ((size_t)width > 64)
		width = 64;
	if (n > (size_t)width) {
		v += n - (size_t)width;
		n = (size_t)width;
	}
	int32_t max = largest(v, n);
	for (size_t i = n; i < (size_t)width; i++)
		line[len++] = ' ';
	for (size_t i = 0; i < n; i++) {
		const char *c = v[i] == SERIES_UNKNOWN ? unread_mark() : bar((int)eighths(v[i], max, 1));
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s", c);
	}
	line[len] = '\0';
	draw_text(y, x, width, attr, true, line);
}

/* "now", or "-1m05s" seconds before it. */
static char *age_text(double secs, char *buf, size_t len)
{
	char d[16];
	if (secs < 0.5)
		snprintf(buf, len, "now");
	else
		snprintf(buf, len, "-%s", format_duration((long)(secs + 0.5), d, sizeof(d)));
	return buf;
}

int graph_draw(int y, int x, int height, int width, const int32_t *v, const double *ages, size_t n)
{
	enum { LABEL = 5 }; /* "9999" and the axis line */
	int rows = height - 1, cols = width - LABEL - 1;
	if (rows < 2 || cols < 4 || n == 0)
		return 0;
	/* Column c shows samples [from(c), from(c + 1)). */
	size_t ncol = n < (size_t)cols ? n : (size_t)cols;
	int32_t colv[512];
	size_t first[513];
	if (ncol > 512)
		ncol = 512;
	for (size_t c = 0; c <= ncol; c++)
		first[c] = c * n / ncol;
	for (size_t c = 0; c < ncol; c++) {
		colv[c] = SERIES_UNKNOWN;
		for (size_t i = first[c]; i < first[c + 1]; i++)
			if (v[i] > colv[c])
				colv[c] = v[i];
	}
	int32_t max = largest(colv, ncol);
	char label[16], count[8];
	int px = x + LABEL + 1 + cols - (int)ncol; /* the first column, right-aligned */
	snprintf(label, sizeof(label), "%4s", format_count((uint64_t)max, count, sizeof(count)));
	draw_text(y, x, LABEL, A_BOLD, true, label);
	draw_text(y + rows - 1, x, LABEL, A_BOLD, true, "   0");
	for (int r = 0; r < rows; r++)
		draw_text(y + r, x + LABEL, 1, A_NORMAL, false, screen_utf8() ? "│" : "|");
	for (size_t c = 0; c < ncol; c++) {
		long h = eighths(colv[c], max, rows);
		for (int r = 0; r < rows; r++) {
			const char *cell = colv[c] == SERIES_UNKNOWN ? (r == 0 ? unread_mark() : " ")
								      : bar((int)(h - 8L * r));
			draw_text(y + rows - 1 - r, px + (int)c, 1, A_NORMAL, false, cell);
		}
	}
	/* The time axis: the oldest column's age, the middle one's, now. */
	char left[16], mid[16], right[16];
	int ay = y + rows;
	age_text(ages[0], left, sizeof(left));
	age_text(ages[first[ncol / 2]], mid, sizeof(mid));
	age_text(ages[n - 1], right, sizeof(right));
	int rw = draw_width(right), lw = draw_width(left), mw = draw_width(mid);
	int end = x + LABEL + 1 + cols;
	draw_text(ay, px, lw, A_BOLD, false, left);
	int mx = px + (int)(ncol / 2) - mw / 2;
	if (mx > px + lw + 1 && mx + mw < end - rw - 1)
		draw_text(ay, mx, mw, A_BOLD, false, mid);
	if (px + lw + 1 < end - rw)
		draw_text(ay, end - rw, rw, A_BOLD, false, right);
	return height;
}
