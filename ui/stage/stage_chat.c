/* stage_chat.c — owns the chat stage's picture: the queue as a big count
 * of the messages on it with who waits in msgrcv (or msgsnd), and the
 * transcript — who wrote to whom, with which mtype, what — scrolling, from
 * the participants' own reports, a long message wrapped onto more rows.
 * In this scenario mtype n is addressed to participant n (alice 1, bob 2,
 * carol 3) and 4 to you. */
#define _GNU_SOURCE
#include "stage/pictures.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "model/ipcstat.h"
#include "widgets/bigdigits.h"
#include "widgets/scnnames.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define QUEUE_W 26
#define USER_MTYPE 4

/* The addressee of mtype: a participant's name, or "you". */
static const char *addressee(const struct scenario *s, long mtype)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	if (mtype >= 1 && (size_t)mtype <= n && mtype != USER_MTYPE)
		return scnnames_role(s, (int)mtype - 1);
	return _("you");
}

/* The queue: its count big, who waits under it. Returns rows used. */
static int draw_queue(const struct stage_view *v, int obj, int top, int height, int w)
{
	const struct scenario_object *o;
	scenario_objects(v->s, &o);
	union ipc_ds ds;
	long qnum = ipc_stat(KIND_MSG, o[obj].id, &ds) == 0 ? (long)ds.msg.msg_qnum : 0;
	const struct scenario_proc *p;
	size_t np = scenario_procs(v->s, &p), waiting = 0;
	for (size_t i = 0; i < np; i++)
		waiting += scenario_wait_of(v->s, (int)i)->blocked;
	char title[128], mark[32] = "";
	if (waiting)
		snprintf(mark, sizeof(mark), " %s %zu", scnnames_mark_blocked(), waiting);
	snprintf(title, sizeof(title), "%s (msg %d)%s", _(o[obj].name), o[obj].id, mark);
	draw_text(top, 0, w - 1, waiting ? screen_attr(ROLE_BLOCKED) : A_BOLD, true, title);
	draw_text(top + 1, 1, w - 2, A_NORMAL, false, _("messages on it now:"));
	int scale = bigdigits_scale(qnum, height - 3 - (int)np, w - 3, v->scale);
	bigdigits_draw(top + 2, 2, qnum, scale, A_BOLD);
	int y = top + 2 + bigdigits_rows(scale);
	for (size_t i = 0; i < np && y < top + height; i++) {
		const struct scenario_wait *wt = scenario_wait_of(v->s, (int)i);
		if (!wt->blocked)
			continue;
		char line[160], what[64];
		snprintf(line, sizeof(line), _("%s %s waits: %s"), scnnames_mark_blocked(), scnnames_role(v->s, (int)i),
			 scnnames_wait(v->s, wt, what, sizeof(what)));
		y += draw_wrapped(y, 0, w - 1, top + height - y, screen_attr(ROLE_BLOCKED), line);
	}
	return y - top;
}

/* The text after "alice->bob #3: " when it starts with the sender's name. */
static const char *body_of(const char *text, const char *from)
{
	size_t n = strlen(from);
	const char *colon = strstr(text, ": ");
	if (colon && strncmp(text, from, n) == 0 && strncmp(text + n, "->", 2) == 0)
		return colon + 2;
	return text;
}

#define WRAP_INDENT 2 /* a message's further lines, under its first */

/* Message i of the transcript as one line: time, from > to (mtype): text. */
static char *message_line(const struct stage_view *v, size_t i, char *line, size_t len)
{
	const struct scenario_message *m = scenario_message(v->s, i);
	const char *from = m->from >= 0 ? scnnames_role(v->s, m->from) : _("you");
	const struct scenario_proc *p;
	size_t np = scenario_procs(v->s, &p);
	const char *raw = m->from >= 0 && (size_t)m->from < np ? p[m->from].role : "";
	char t[16];
	snprintf(line, len, "%s %s %s %s (%ld): %s", scnnames_time(v->s, &m->when, t, sizeof(t)), from,
		 screen_utf8() ? "\u2192" : "->", addressee(v->s, m->mtype), m->mtype, body_of(m->text, raw));
	return line;
}

/* Rows line takes in width columns, wrapped (the first row full width,
 * the others indented); draws them from row y when draw is true. */
static int wrapped(const char *line, int y, int x, int width, attr_t attr, bool draw)
{
	char piece[400];
	int n = 0;
	const char *p = line;
	do {
		int in = n ? WRAP_INDENT : 0;
		p = draw_wrap(p, width - in, piece, sizeof(piece));
		if (draw)
			draw_text(y + n, x + in, width - in, attr, false, piece);
		n++;
	} while (*p);
	return n;
}

/* The newest messages that fit in height - 1 rows, each whole (long ones
 * wrapped onto further rows), oldest at the top. */
static void draw_transcript(const struct stage_view *v, int top, int height, int x)
{
	char title[128];
	/* TRANSLATORS: the chat transcript's title; %lu messages so far. */
	snprintf(title, sizeof(title), _("transcript: %lu messages (from > to, mtype)"), scenario_messages_total(v->s));
	draw_text(top, x, COLS - x, A_BOLD | A_UNDERLINE, true, title);
	size_t n = scenario_message_count(v->s), first = n;
	int rows = height - 1, used = 0, width = COLS - x;
	char line[400];
	while (first > 0) {
		int r = wrapped(message_line(v, first - 1, line, sizeof(line)), 0, x, width, A_NORMAL, false);
		if (used + r > rows)
			break;
		used += r;
		first--;
	}
	int y = top + 1;
	for (size_t i = first; i < n; i++) {
		const struct scenario_message *m = scenario_message(v->s, i);
		attr_t attr = m->from < 0 || m->mtype == USER_MTYPE ? A_BOLD : A_NORMAL;
		y += wrapped(message_line(v, i, line, sizeof(line)), y, x, width, attr, true);
	}
}

int stage_chat(const struct stage_view *v, int top, int height)
{
	int obj = stage_find_object(v->s, KIND_MSG);
	if (obj < 0)
		return 0;
	int w = COLS >= 100 ? 34 : QUEUE_W;
	int used = draw_queue(v, obj, top, height, w);
	int want = height / 2 > 9 ? height / 2 : 9; /* the transcript grows with the terminal */
	int rows = want > height ? height : want;
	if (rows < used)
		rows = used;
	draw_transcript(v, top, rows, w + 1);
	return rows > used ? rows : used;
}
