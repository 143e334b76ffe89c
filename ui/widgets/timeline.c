/* timeline.c — owns drawing the stage's timeline (see the header): lane
 * heads with the count of operations, then the operations, newest at the
 * bottom, each lane's blocked state replayed from the operations kept. */
#define _GNU_SOURCE
#include "widgets/timeline.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "widgets/scnnames.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define TIME_W 9

/* Whether operation e leaves its process blocked (true), running (false),
 * or says nothing about it (a signal handled between two operations). */
static int blocks(const struct scenario_event *e)
{
	switch (e->op) {
	case SCN_OP_P_BLOCKED:
	case SCN_OP_MSGSND_BLOCKED:
	case SCN_OP_MSGRCV_BLOCKED: return 1;
	case SCN_OP_SIGNAL:
	case SCN_OP_SENT: return -1;
	default: return 0;
	}
}

static void draw_head(const struct scenario *s, int y, int lanew, size_t nprocs, int selected)
{
	char text[256], name[96];
	/* TRANSLATORS: the timeline's first column head: how many operations
	 * so far; at most 9 columns with the number. */
	snprintf(text, sizeof(text), _("%lu ops"), scenario_ops_total(s));
	draw_text(y, 0, COLS, screen_attr(ROLE_TITLE), true, "");
	draw_text(y, 0, TIME_W, screen_attr(ROLE_TITLE), false, text);
	for (size_t p = 0; p < nprocs; p++) {
		const struct scenario_wait *w = scenario_wait_of(s, (int)p);
		bool moved = scenario_moved(s) == (int)p;
		/* Each lane's text ends two columns before the next lane (a
		 * blank, then the gap): with its pid when that fits, else
		 * shortened by words (with …) rather than cut mid-word. The
		 * lead column is the moved mark's only when it moved. */
		const char *lead = moved ? scnnames_mark_moved() : "";
		int room = lanew - 2 - draw_width(lead) - (w->blocked ? 1 + draw_width(scnnames_mark_blocked()) : 0);
		char fit[160];
		if (draw_width(scnnames_proc(s, (int)p, true, name, sizeof(name))) > room)
			scnnames_proc(s, (int)p, false, name, sizeof(name));
		draw_fit(fit, sizeof(fit), name, room, scnnames_mark_more());
		snprintf(text, sizeof(text), "%s%s%s", lead, fit, w->blocked ? " " : "");
		if (w->blocked)
			snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s", scnnames_mark_blocked());
		attr_t attr = screen_attr(ROLE_TITLE);
		if ((int)p == selected)
			attr = screen_attr(ROLE_SELECTED);
		else if (w->blocked)
			attr = screen_attr(ROLE_BLOCKED);
		draw_text(y, TIME_W + (int)p * lanew, lanew, attr, true, text);
	}
}

void timeline_draw(const struct scenario *s, int top, int height, int selected)
{
	const struct scenario_proc *procs;
	size_t nprocs = scenario_procs(s, &procs);
	if (height < 2 || nprocs == 0)
		return;
	int lanew = (COLS - TIME_W) / (int)nprocs;
	if (lanew < 4)
		lanew = 4;
	draw_head(s, top, lanew, nprocs, selected);
	/* The operations kept, oldest first, and which lanes were blocked
	 * while each happened. */
	size_t count = scenario_op_count(s), rows = (size_t)(height - 1), nops = 0;
	const struct scenario_event *ops[SCENARIO_EVENTS];
	unsigned blocked_at[SCENARIO_EVENTS];
	unsigned blocked = 0;
	for (size_t i = 0; i < count; i++) {
		const struct scenario_event *e = scenario_op(s, i);
		if (e->proc < 0 || (size_t)e->proc >= nprocs)
			continue;
		int b = blocks(e);
		if (b >= 0)
			blocked = b ? blocked | (1u << e->proc) : blocked & ~(1u << e->proc);
		blocked_at[nops] = blocked & ~(1u << e->proc);
		ops[nops++] = e;
	}
	size_t first = nops > rows ? nops - rows : 0;
	int y = top + 1;
	for (size_t k = first; k < nops; k++, y++) {
		const struct scenario_event *e = ops[k];
		char text[160], t[16];
		draw_text(y, 0, TIME_W, A_NORMAL, true, scnnames_time(s, &e->when, t, sizeof(t)));
		for (size_t p = 0; p < nprocs; p++) {
			int x = TIME_W + (int)p * lanew;
			if ((int)p != e->proc) {
				bool b = blocked_at[k] & (1u << p);
				draw_text(y, x, 1, b ? screen_attr(ROLE_BLOCKED) : A_NORMAL, false, scnnames_mark_lane(b));
				continue;
			}
			bool stepped = e->flags & SCN_EVF_STEPPED, waits = blocks(e) == 1;
			char op[160];
			snprintf(text, sizeof(text), "%s", stepped ? scnnames_mark_moved() : waits ? scnnames_mark_blocked() : " ");
			draw_fit(text + strlen(text), sizeof(text) - strlen(text), scnnames_op(s, e, op, sizeof(op)),
				 lanew - 2 - draw_width(text), scnnames_mark_more());
			attr_t attr = stepped ? screen_attr(ROLE_SELECTED) : waits ? screen_attr(ROLE_BLOCKED) : A_BOLD;
			draw_text(y, x, lanew - 1, attr, false, text);
		}
	}
}
