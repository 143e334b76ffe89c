/* peek_view.c — `p`: the messages of a queue read with MSG_COPY, which
 * removes nothing: index, type, size, text and first bytes of each
 * visible message. Opens over the list or the queue's detail view. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>

#include "app/app.h"
#include "base/i18n.h"
#include "ops/ops.h"
#include "base/payload.h"
#include "widgets/screen.h"
#include "widgets/text.h"

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

static void peek_draw(struct app *a, int top, int height)
{
	const struct ipc_object *o = snapshot_find(&a->snap, KIND_MSG, peek.queue);
	char line[OPS_MESSAGE_LEN + 32];
	if (!o) {
		draw_text(top, 0, COLS, A_BOLD, false, _(" The queue no longer exists (Esc: back)"));
		return;
	}
	snprintf(line, sizeof(line), _(" Queue %d: %llu messages, %llu bytes (MSG_COPY: nothing is removed)"),
		 o->id, (unsigned long long)o->u.msg.qnum, (unsigned long long)o->u.msg.cbytes);
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
		char text[96], hex[64];
		payload_format(res.data, res.len, 24, text, sizeof(text));
		size_t hl = 0;
		for (size_t b = 0; b < res.len && b < 8 && hl + 4 < sizeof(hex); b++)
			hl += (size_t)snprintf(hex + hl, sizeof(hex) - hl, "%02x ", res.data[b]);
		hex[hl] = '\0';
		snprintf(line, sizeof(line), " %5zu %11ld %7zu  %-28s %s", i, res.mtype, res.len, text, hex);
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

static const struct key_binding peek_keys[] = {
	{ 'p', KG_OBJECT, act_peek, "p", N_("peek at a queue's messages without removing them (MSG_COPY)"), N_("Peek"),
	  NULL },
};

static const struct footer_key peek_footer[] = {
	{ KEY_ESC, NULL, NULL }, { KEY_UP, "Up/Dn", N_("Move") }, { 's', NULL, NULL },
	{ 'r', NULL, NULL },     { 'w', NULL, NULL },             { 'q', NULL, NULL },
	{ 0, NULL, NULL },
};

const struct mode_class peek_mode = {
	.name = "peek",
	.groups = KG_ANY | KG_ROWS | KG_VI_UP | KG_VIEWS | KG_SCREENS | KG_DIGITS | KG_BACK | KG_MESSAGES,
	MODE_KEYS(peek_keys),
	.footer = peek_footer,
	.draw = peek_draw,
	.cursor = peek_cursor,
	.close = peek_close,
};
