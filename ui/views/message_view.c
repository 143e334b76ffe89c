/* message_view.c — one message of a queue whole (Enter in the peek view):
 * its text as C would write it (escapes for what is not printable),
 * wrapped, then every byte as offset / hex / ASCII rows; scrolls. Read
 * once with MSG_COPY when opened: nothing is removed, and the view keeps
 * showing that copy (the title says when it was read). */
#define _GNU_SOURCE
#include "views/message_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/format.h"
#include "base/i18n.h"
#include "base/payload.h"
#include "ops/ops.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define BYTES_PER_ROW 16

static struct {
	int queue;
	size_t index;
	long mtype;
	unsigned char *data;
	size_t len;
	char *text;  /* payload_format of all of data */
	time_t read_at;
	size_t top, max_top; /* the first line shown; the one that shows the last at the bottom */
} mv;

extern const struct mode_class message_mode;

unsigned message_view_open(struct app *a, int queue, size_t index)
{
	struct op_result res = ops_msg_peek(queue, (long)index);
	if (res.ret < 0) {
		app_show_result(a, &res);
		ops_result_free(&res);
		return REACT_REDRAW;
	}
	size_t size = payload_format_size(res.len);
	char *text = malloc(size);
	if (!text) {
		app_message(a, true, _("no memory to show a message of %zu bytes"), res.len);
		ops_result_free(&res);
		return REACT_REDRAW;
	}
	payload_format(res.data, res.len, 0, text, size);
	free(mv.data);
	free(mv.text);
	mv.queue = queue;
	mv.index = index;
	mv.mtype = res.mtype;
	mv.data = res.data; /* taken over */
	mv.len = res.len;
	mv.text = text;
	mv.read_at = clock_now();
	mv.top = mv.max_top = 0;
	app_message(a, false, "%s", res.call);
	res.data = NULL;
	ops_result_free(&res);
	mode_push(a, &message_mode);
	return REACT_REDRAW;
}

/* Row `at` of the hex part: "0010  68 65 6c ...  |hel...|". */
static void hex_row(size_t at, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "%06zx ", at);
	for (size_t i = 0; i < BYTES_PER_ROW; i++) {
		const char *gap = i == 8 ? "  " : " ";
		if (at + i < mv.len)
			n += (size_t)snprintf(buf + n, len - n, "%s%02x", gap, mv.data[at + i]);
		else
			n += (size_t)snprintf(buf + n, len - n, "%s  ", gap);
	}
	n += (size_t)snprintf(buf + n, len - n, "  |");
	for (size_t i = 0; i < BYTES_PER_ROW && at + i < mv.len && n + 2 < len; i++) {
		unsigned char b = mv.data[at + i];
		buf[n++] = b >= 32 && b < 127 ? (char)b : '.';
	}
	snprintf(buf + n, len - n, "|");
}

/* The view's lines as the screen is now wide: the text (wrapped), a blank
 * line, the hex rows. Draws lines [from, from + rows) from screen row y
 * (none when rows is 0); returns how many lines there are. */
static size_t message_lines(int y, size_t from, size_t rows)
{
	char row[512];
	size_t n = 0;
	const char *p = mv.text;
	do {
		p = draw_wrap(p, COLS - 1, row, sizeof(row));
		if (n >= from && n < from + rows)
			draw_text(y + (int)(n - from), 1, COLS - 1, A_NORMAL, false, row);
		n++;
	} while (*p);
	n++; /* blank */
	for (size_t at = 0; at < mv.len; at += BYTES_PER_ROW, n++)
		if (n >= from && n < from + rows) {
			hex_row(at, row, sizeof(row));
			draw_text(y + (int)(n - from), 1, COLS - 1, A_NORMAL, false, row);
		}
	return n;
}

static void message_draw(struct app *a, int top, int height)
{
	(void)a;
	char title[256], when[32];
	format_time_full(mv.read_at, when, sizeof(when));
	snprintf(title, sizeof(title), P_(" Message %zu of queue %d: type %ld, %zu byte (MSG_COPY at %s)",
					  " Message %zu of queue %d: type %ld, %zu bytes (MSG_COPY at %s)", mv.len),
		 mv.index, mv.queue, mv.mtype, mv.len, when);
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, title);
	size_t rows = height > 1 ? (size_t)(height - 1) : 0;
	size_t total = message_lines(0, 0, 0);
	mv.max_top = total > rows ? total - rows : 0;
	if (mv.top > mv.max_top)
		mv.top = mv.max_top;
	message_lines(top + 1, mv.top, rows);
}

/* Scrolls from the first line to the one that shows the last at the
 * bottom (as the last draw laid it out). */
static unsigned message_cursor(struct app *a, long delta)
{
	(void)a;
	return mode_cursor_step(&mv.top, mv.max_top + 1, delta);
}

static void message_free(void)
{
	free(mv.data);
	free(mv.text);
	mv.data = NULL;
	mv.text = NULL;
}

static const struct footer_key message_footer[] = {
	{ KEY_ESC, NULL, NULL }, { KEY_UP, "Up/Dn", N_("Scroll") }, { 'q', NULL, NULL }, { 0, NULL, NULL },
};

const struct mode_class message_mode = {
	.name = "message",
	.groups = KG_ANY | KG_ROWS | KG_VI_UP | KG_BACK | KG_MOUSE,
	.footer = message_footer,
	.draw = message_draw,
	.cursor = message_cursor,
	.free = message_free,
};
