/* stage_prodcons.c — owns the prodcons stage's picture: the semaphores
 * empty, full and mutex as big cells with who waits, and the ring buffer
 * as slots [■■■□□□□□] with their item numbers and the in/out positions,
 * from the producer's and consumer's own reports (put/take). */
#define _GNU_SOURCE
#include "stage/pictures.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define LABEL_W 14

/* The slot columns: where slot i starts, each w wide. */
static int slot_x(int i, int w) { return LABEL_W + i * w; }

static void draw_ring(const struct stage_view *v, int obj, int y, int rows)
{
	const struct scenario_slots *sl = scenario_slots(v->s);
	const struct scenario_object *o;
	scenario_objects(v->s, &o);
	char label[96];
	snprintf(label, sizeof(label), "%s", obj >= 0 && o[obj].name ? _(o[obj].name) : "");
	draw_text(y, 1, LABEL_W - 1, A_BOLD, false, label);
	if (sl->n == 0) {
		draw_text(y, LABEL_W, COLS - LABEL_W, A_NORMAL, false, _("no item put yet"));
		return;
	}
	int w = (COLS - LABEL_W - 1) / sl->n;
	if (w > 8)
		w = 8;
	int used = 0;
	for (int i = 0; i < sl->n; i++)
		used += sl->full[i];
	bool utf8 = screen_utf8();
	for (int i = 0; i < sl->n; i++) {
		char cell[32];
		snprintf(cell, sizeof(cell), "[%s]", sl->full[i] ? (utf8 ? "\u25a0" : "#") : (utf8 ? "\u25a1" : " "));
		draw_text(y, slot_x(i, w), w, sl->full[i] ? A_BOLD : A_NORMAL, false, cell);
	}
	char counts[96];
	/* TRANSLATORS: after the ring's slots: items in it, free slots. */
	snprintf(counts, sizeof(counts), _("%d items, %d free"), used, sl->n - used);
	int x = slot_x(sl->n, w) + 1;
	if (x + draw_width(counts) <= COLS)
		draw_text(y, x, COLS - x, A_BOLD, false, counts);
	if (rows < 2)
		return;
	draw_text(y + 1, 1, LABEL_W - 1, A_NORMAL, false, _("item"));
	for (int i = 0; i < sl->n; i++) {
		char num[24];
		snprintf(num, sizeof(num), sl->full[i] ? "%lld" : ".", sl->item[i]);
		draw_text(y + 1, slot_x(i, w), w, sl->full[i] ? A_BOLD : A_NORMAL, false, num);
	}
	if (rows < 3)
		return;
	draw_text(y + 2, 1, LABEL_W - 1, A_NORMAL, false, _("slot"));
	for (int i = 0; i < sl->n; i++) {
		char num[24];
		snprintf(num, sizeof(num), "%d", i);
		draw_text(y + 2, slot_x(i, w), w, A_NORMAL, false, num);
	}
	if (rows < 4)
		return;
	/* in: the next slot the producer fills; out: the next it takes. */
	const char *up = utf8 ? "\u25b2" : "^";
	char mark[64];
	if (sl->in == sl->out) {
		snprintf(mark, sizeof(mark), "%s%s", up, _("in/out"));
		draw_text(y + 3, slot_x(sl->in, w), COLS - slot_x(sl->in, w), A_BOLD, false, mark);
		return;
	}
	snprintf(mark, sizeof(mark), "%s%s", up, _("out"));
	draw_text(y + 3, slot_x(sl->out, w), w, A_BOLD, false, mark);
	snprintf(mark, sizeof(mark), "%s%s", up, _("in"));
	draw_text(y + 3, slot_x(sl->in, w), w, A_BOLD, false, mark);
}

int stage_prodcons(const struct stage_view *v, int top, int height)
{
	int ring = height >= 9 ? 4 : height >= 7 ? 3 : 2;
	int used = stage_sems_draw(v, v->obj, top, height - ring);
	draw_ring(v, stage_find_object(v->s, KIND_SHM), top + used, ring);
	return used + ring;
}
