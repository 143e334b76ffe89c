/* stage_deadlock.c — owns the deadlock stage's picture: the semaphores A
 * and B as big cells with who holds and who waits, the wait-for cycle
 * drawn (worker 1 waits for B, held by worker 2, which waits for A, held
 * by worker 1) from the workers' own reports through the wait-for graph
 * (model/waitgraph.h), and a DEADLOCK banner once the cycle has held for a
 * second; a V by the teacher (+ on A or B) breaks it and the banner goes. */
#define _GNU_SOURCE
#include "stage/pictures.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "widgets/scnnames.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define BANNER_AFTER_MS 1000

static int proc_of(const struct scenario *s, pid_t pid)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(s, &p);
	for (size_t i = 0; i < n; i++)
		if (p[i].pid == pid)
			return (int)i;
	return -1;
}

/* The name of the semaphore an edge waits on. */
static char *edge_sem(const struct stage_view *v, const struct wait_edge *e, char *buf, size_t len)
{
	return scnnames_sem(v->s, v->obj, (int)e->semnum, buf, len);
}

/* The two-process cycle as a loop of arrows over three rows. */
static void draw_cycle(const struct stage_view *v, const struct wait_edge *e, int y)
{
	bool utf8 = screen_utf8();
	char w0[96], w1[96], s0[32], s1[32], line[512];
	scnnames_proc(v->s, proc_of(v->s, e[0].waiter), true, w0, sizeof(w0));
	scnnames_proc(v->s, proc_of(v->s, e[1].waiter), true, w1, sizeof(w1));
	edge_sem(v, &e[0], s0, sizeof(s0));
	edge_sem(v, &e[1], s1, sizeof(s1));
	const char *dash = utf8 ? "\u2500\u2500" : "--";
	const char *to = utf8 ? "\u2500\u2500\u25b6" : "-->", *from = utf8 ? "\u25c0\u2500\u2500" : "<--";
	/* TRANSLATORS: on the arrows of the drawn wait-for cycle: a process
	 * "waits for" a semaphore "held by" the other process; keep them short. */
	snprintf(line, sizeof(line), " %s %s%s%s %s %s%s%s %s", w0, dash, _("waits for"), to, s0, dash, _("held by"), to,
		 w1);
	draw_text(y, 0, COLS, A_BOLD, false, line);
	int right = draw_width(line) - draw_width(w1) / 2 - 1, left = 1 + draw_width(w0) / 2;
	draw_text(y + 1, left, 1, A_BOLD, false, utf8 ? "\u25b2" : "^");
	if (right > left + 2)
		draw_text(y + 1, right, 1, A_BOLD, false, utf8 ? "\u2502" : "|");
	char mid[256];
	snprintf(mid, sizeof(mid), " %s%s %s %s%s ", _("held by"), from, s1, from, _("waits for"));
	int midw = draw_width(mid), span = right - left - 1;
	char bottom[768];
	size_t at = (size_t)snprintf(bottom, sizeof(bottom), "%s", utf8 ? "\u2514" : "+");
	int fill = span - midw;
	for (int i = 0; i < fill / 2 && at < sizeof(bottom) - 8; i++)
		at += (size_t)snprintf(bottom + at, sizeof(bottom) - at, "%s", utf8 ? "\u2500" : "-");
	at += (size_t)snprintf(bottom + at, sizeof(bottom) - at, "%s", mid);
	for (int i = 0; i < fill - fill / 2 && at < sizeof(bottom) - 8; i++)
		at += (size_t)snprintf(bottom + at, sizeof(bottom) - at, "%s", utf8 ? "\u2500" : "-");
	snprintf(bottom + at, sizeof(bottom) - at, "%s", utf8 ? "\u2518" : "+");
	draw_text(y + 2, left, COLS - left, A_BOLD, false, bottom);
}

/* No cycle: each worker's locks and wait, one line each. */
static int draw_holds(const struct stage_view *v, int y, int rows)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(v->s, &p);
	int used = 0;
	for (size_t i = 0; i < n && used < rows; i++, used++) {
		char who[96], held[96] = "", line[384], sem[32], wait[160] = "";
		for (int k = 0; k < 16; k++)
			if (scenario_holder(v->s, v->obj, k) == (int)i)
				snprintf(held + strlen(held), sizeof(held) - strlen(held), "%s%s", held[0] ? ", " : "",
					 scnnames_sem(v->s, v->obj, k, sem, sizeof(sem)));
		const struct scenario_wait *w = scenario_wait_of(v->s, (int)i);
		if (w->blocked) {
			int h = scenario_holder(v->s, w->obj, w->num);
			char holder[96] = "";
			if (h >= 0 && h != (int)i) /* TRANSLATORS: ", held by worker 2 (pid 12)" */
				snprintf(holder, sizeof(holder), _(", held by %s"),
					 scnnames_proc(v->s, h, false, who, sizeof(who)));
			snprintf(wait, sizeof(wait), _("  %s waits for %s%s"), scnnames_mark_blocked(),
				 scnnames_sem(v->s, w->obj, w->num, sem, sizeof(sem)), holder);
		}
		/* TRANSLATORS: a worker, the semaphores it holds ("A, B" or "-"), then its wait. */
		snprintf(line, sizeof(line), _(" %s holds: %s%s"), scnnames_proc(v->s, (int)i, true, who, sizeof(who)),
			 held[0] ? held : "-", wait);
		draw_text(y + used, 0, COLS, w->blocked ? screen_attr(ROLE_BLOCKED) : A_NORMAL, false, line);
	}
	return used;
}

static long long ms_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

int stage_deadlock(const struct stage_view *v, int top, int height)
{
	int used = stage_sems_draw(v, v->obj, top, height - 5);
	int y = top + used;
	struct wait_cycles c = { 0 };
	struct timespec since;
	int n = scenario_cycles(v->s, &c, &since);
	size_t len = 0;
	const struct wait_edge *e = n > 0 ? waitgraph_cycle(&c, 0, &len) : NULL;
	if (e && len == 2) {
		draw_cycle(v, e, y);
	} else {
		draw_holds(v, y, 3);
	}
	if (n > 0 && ms_since(&since) >= BANNER_AFTER_MS) {
		char banner[320];
		attr_t attr = screen_attr(ROLE_ERROR) | A_REVERSE | A_BOLD;
		/* TRANSLATORS: the deadlock banner's two lines (at most 79
		 * columns each): how long the cycle has held and what it is,
		 * then what breaks it. */
		snprintf(banner, sizeof(banner), _(" DEADLOCK for %lld s: each worker waits for a semaphore the other holds."),
			 ms_since(&since) / 1000);
		draw_text(y + 3, 0, COLS, attr, true, banner);
		draw_text(y + 4, 0, COLS, attr, true, _(" Press + on A or B: one V (semop +1) breaks the cycle."));
	}
	waitgraph_free(&c);
	return used + 5;
}
