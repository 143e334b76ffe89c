/* peek_view.c — `p`: the messages of a queue read with MSG_COPY, which
 * removes nothing: index, type, size, the start of the text (as much as the
 * screen's width holds) and the first bytes of each visible message; Enter
 * opens one whole (message_view.c). Opens over the list or the queue's
 * detail view; s and r work on its queue. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/i18n.h"
#include "ops/ops.h"
#include "base/payload.h"
#include "views/message_view.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define HEX_SHOWN 8 /* bytes of each message shown in hex */

static struct {
	int queue;          /* its id */
	size_t cursor, top; /* the message selected, the first shown */
} peek;

extern const struct mode_class peek_mode;

static unsigned act_peek(struct app *a, int key)
{
	(void)key;
	const struct ipc_object *o = action_target_kind(a, KIND_MSG, _("MSG_COPY peek"));
	if (!o)
		return REACT_REDRAW;
	peek.queue = o->id;
	peek.cursor = peek.top = 0;
	mode_push(a, &peek_mode);
	/* The first message through the logged path: what the user would write. */
	if (o->u.msg.qnum) {
		struct op_result res = ops_msg_peek(o->id, 0);
		if (res.ret >= 0)
			app_show_message(a, &res);
		else
			app_show_result(a, &res);
		ops_result_free(&res);
	} else {
		app_message(a, false, _("queue %d is empty"), o->id);
	}
	return REACT_REDRAW;
}

/* The start of a message's text that fits in width columns, as
 * payload_format writes it (escapes are ASCII: a byte is a column). */
static void row_text(const unsigned char *data, size_t n, int width, char *buf, size_t len)
{
	size_t max = (size_t)width;
	do
		payload_format(data, n, max, buf, len);
	while (strlen(buf) > (size_t)width && --max > 0);
}

static void peek_draw(struct app *a, int top, int height)
{
	const struct ipc_object *o = snapshot_find(&a->snap, KIND_MSG, peek.queue);
	char line[OPS_MESSAGE_LEN + 32];
	if (!o) {
		draw_text(top, 0, COLS, A_BOLD, false, _(" The queue no longer exists (Esc: back)"));
		return;
	}
	char msgs[64], bytes[64];
	snprintf(msgs, sizeof(msgs), P_("%llu message", "%llu messages", o->u.msg.qnum), (unsigned long long)o->u.msg.qnum);
	snprintf(bytes, sizeof(bytes), P_("%llu byte", "%llu bytes", o->u.msg.cbytes), (unsigned long long)o->u.msg.cbytes);
	/* TRANSLATORS: " Queue 3: 1 message, 5 bytes (MSG_COPY: ...)". */
	snprintf(line, sizeof(line), _(" Queue %d: %s, %s (MSG_COPY: nothing is removed; Enter: the whole message)"),
		 o->id, msgs, bytes);
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, line);
	static const struct title_col titles[] = {
		{ 1, 5, N_("INDEX") }, { 1, 11, N_("TYPE") }, { 1, 7, N_("SIZE") }, { 2, 0, N_("TEXT / HEX") },
	};
	char title[160];
	draw_text(top + 1, 0, COLS, A_BOLD, true, draw_title_line(title, sizeof(title), titles, sizeof(titles) / sizeof(titles[0])));
	size_t rows = height > 2 ? (size_t)(height - 2) : 0;
	size_t count = (size_t)o->u.msg.qnum;
	if (peek.cursor >= count)
		peek.cursor = count ? count - 1 : 0;
	if (peek.cursor < peek.top)
		peek.top = peek.cursor;
	if (rows && peek.cursor >= peek.top + rows)
		peek.top = peek.cursor - rows + 1;
	for (size_t r = 0; r < rows && peek.top + r < count; r++) {
		size_t i = peek.top + r;
		/* Reads only the visible messages; no log line for a redraw. */
		struct op_request req = { .kind = OP_MSG_PEEK, .id = o->id, .mtype = (long)i };
		struct op_result res = ops_execute(&req);
		if (res.ret < 0) {
			snprintf(line, sizeof(line), " %5zu  %s", i, res.message);
			draw_text(top + 2 + (int)r, 0, COLS, screen_attr(ROLE_ERROR), true, line);
			ops_result_free(&res);
			if (res.err == ENOSYS)
				break;
			continue;
		}
		char text[512], hex[64], textcol[512];
		int textw = COLS - 29 - 3 * HEX_SHOWN - 1; /* what the numbers and the hex leave */
		row_text(res.data, res.len, textw < 28 ? 28 : textw, text, sizeof(text));
		size_t hl = 0;
		for (size_t b = 0; b < res.len && b < HEX_SHOWN && hl + 4 < sizeof(hex); b++)
			hl += (size_t)snprintf(hex + hl, sizeof(hex) - hl, "%02x ", res.data[b]);
		hex[hl] = '\0';
		snprintf(line, sizeof(line), " %5zu %11ld %7zu  %s %s", i, res.mtype, res.len,
			 draw_pad(textcol, sizeof(textcol), text, textw < 28 ? -28 : -textw), hex);
		attr_t attr = i == peek.cursor ? screen_attr(ROLE_SELECTED) : A_NORMAL;
		draw_text(top + 2 + (int)r, 0, COLS, attr, true, line);
		ops_result_free(&res);
	}
	if (count == 0)
		draw_text(top + 3, 2, COLS - 2, A_NORMAL, false, _("The queue is empty. s sends a message."));
}

static unsigned peek_cursor(struct app *a, long delta)
{
	const struct ipc_object *q = snapshot_find(&a->snap, KIND_MSG, peek.queue);
	size_t count = q ? (size_t)q->u.msg.qnum : 0;
	return mode_cursor_step(&peek.cursor, count, delta);
}

/* Back to where p was pressed; to the list when the queue is gone. */
static unsigned peek_close(struct app *a)
{
	mode_pop(a);
	if (!snapshot_find(&a->snap, KIND_MSG, peek.queue))
		mode_reset(a);
	return REACT_REDRAW;
}

/* Enter: the message on the cursor, whole. */
static unsigned open_message(struct app *a, int key)
{
	(void)key;
	const struct ipc_object *q = snapshot_find(&a->snap, KIND_MSG, peek.queue);
	if (!q || q->u.msg.qnum == 0) {
		app_message(a, false, _("queue %d is empty"), peek.queue);
		return REACT_REDRAW;
	}
	return message_view_open(a, peek.queue, peek.cursor);
}

/* s and r work on the queue peeked at. */
static const struct ipc_object *peek_target(struct app *a)
{
	return snapshot_find(&a->snap, KIND_MSG, peek.queue);
}

static const struct key_binding peek_keys[] = {
	{ 'p', KG_OBJECT, act_peek, "p", N_("peek at a queue's messages without removing them (MSG_COPY)"), N_("Peek"),
	  NULL },
	{ '\r', 0, open_message, "Enter", N_("in the peek view: the whole message, its text and every byte in hex"),
	  N_("Open"), NULL },
	{ '\n', 0, open_message, "Enter", NULL, NULL, NULL },
	{ KEY_ENTER, 0, open_message, "Enter", NULL, NULL, NULL },
};

static const struct footer_key peek_footer[] = {
	{ KEY_ESC, NULL, NULL }, { KEY_UP, "Up/Dn", N_("Move") }, { '\r', NULL, NULL }, { 's', NULL, NULL },
	{ 'r', NULL, NULL },     { 'w', NULL, NULL },             { 'q', NULL, NULL },   { 0, NULL, NULL },
};

const struct mode_class peek_mode = {
	.name = "peek",
	.groups = KG_ANY | KG_ROWS | KG_VI_UP | KG_VIEWS | KG_SCREENS | KG_DIGITS | KG_BACK | KG_MESSAGES,
	MODE_KEYS(peek_keys),
	.footer = peek_footer,
	.draw = peek_draw,
	.cursor = peek_cursor,
	.close = peek_close,
	.target = peek_target,
};
