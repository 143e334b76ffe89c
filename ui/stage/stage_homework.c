/* stage_homework.c — owns the homework stage's picture: the same ping-pong
 * over a pipe, a message queue and shm + semaphores as horizontal bars of
 * round trips per second, with the mean latency and the payload, from the
 * pingers' own counters (rt/s, mean ns, payload); paused, the rates from
 * before the pause, dimmed. */
#define _GNU_SOURCE
#include "stage/pictures.h"

#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "base/i18n.h"
#include "widgets/scnnames.h"
#include "widgets/screen.h"
#include "widgets/text.h"

#define LABEL_W 12
#define NUMS_W 30 /* "123456 rt/s  mean 12.3 µs" */

int stage_homework(const struct stage_view *v, int top, int height)
{
	const struct scenario_proc *p;
	size_t n = scenario_procs(v->s, &p);
	long long best = 1;
	for (size_t i = 0; i + 1 < n; i += 2)
		if (p[i].counters[1] > best)
			best = p[i].counters[1];
	char line[256], size[16];
	size_t payload = scenario_payload(v->s);
	format_human(payload, size, sizeof(size));
	/* Paused, the pingers make a trip a step: the bars keep the rates
	 * measured before, dimmed, and the first line says so. */
	bool paused = scenario_paused(v->s);
	if (paused)
		/* TRANSLATORS: the homework stage's first line while paused (at most 78 columns). */
		snprintf(line, sizeof(line), _("payload %s; paused: the rates are from before the pause; n: one round trip"),
			 size);
	else
		/* TRANSLATORS: the homework stage's first line: the payload of every ping. */
		snprintf(line, sizeof(line),
			 _("payload %s per ping (f: 64 B, 4 KiB, 64 KiB); flat out, speed does not apply"), size);
	draw_text(top, 1, COLS - 1, A_BOLD, false, line);
	attr_t bar_attr = paused ? A_DIM : A_BOLD;
	int y = top + 2, barw = COLS - LABEL_W - NUMS_W - 2;
	if (barw < 4)
		barw = 4;
	bool utf8 = screen_utf8();
	for (size_t i = 0; i + 1 < n && y < top + height; i += 2) {
		/* The pinger's role is "pipe ping": the bar is named by its
		 * mechanism, the first word. */
		char name[64];
		snprintf(name, sizeof(name), "%s", scnnames_role(v->s, (int)i));
		char *sp = strchr(name, ' ');
		if (sp)
			*sp = '\0';
		draw_text(y, 1, LABEL_W - 1, A_BOLD, false, name);
		long long rate = p[i].counters[1];
		int len = (int)(rate * barw / best);
		char bar[1024] = "";
		size_t at = 0;
		for (int k = 0; k < len && at + 4 < sizeof(bar); k++)
			at += (size_t)snprintf(bar + at, sizeof(bar) - at, "%s", utf8 ? "\u2588" : "#");
		draw_text(y, LABEL_W, barw, bar_attr, false, bar);
		char nums[128];
		/* TRANSLATORS: a bar's numbers: round trips per second, mean latency in µs. */
		snprintf(nums, sizeof(nums), _("%lld rt/s  mean %.1f \xc2\xb5s"), rate, (double)p[i].counters[2] / 1000.0);
		draw_text(y, LABEL_W + barw + 1, NUMS_W + 1, A_NORMAL, false, nums);
		if (strstr(p[i].role, "msg") && v->a->snap.limits.msgmax && payload > v->a->snap.limits.msgmax &&
		    y + 1 < top + height) {
			size_t chunks = (size_t)((payload + v->a->snap.limits.msgmax - 1) / v->a->snap.limits.msgmax);
			snprintf(nums, sizeof(nums), _("larger than msgmax (%llu B): %zu messages per ping"),
				 (unsigned long long)v->a->snap.limits.msgmax, chunks);
			draw_text(y + 1, LABEL_W, COLS - LABEL_W, A_NORMAL, false, nums);
		}
		y += 2;
	}
	return y - top;
}
