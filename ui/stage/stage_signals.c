/* stage_signals.c — owns the signals stage's picture: the receiver's mask
 * (blocked or not) and one row per demo signal — sent by ipctop's `k`,
 * delivered (as the receiver's handler counted them), pending now and
 * blocked (its /proc/PID/status), the last sigqueue values — so two
 * SIGUSR1 sent while blocked arriving as one, and two SIGRTMIN+1 as two
 * with their values, show as numbers side by side. */
#define _GNU_SOURCE
#include "stage/pictures.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "proc/sigtable.h"
#include "widgets/scnnames.h"
#include "widgets/screen.h"
#include "widgets/text.h"

/* Laid out like the rows: signal, sent, delivered, pending, blocked, values. */
static const int widths[] = { -16, 6, 10, 9, 9, 0 };

static void row(int y, attr_t attr, const char *const cells[6])
{
	char line[512] = "";
	for (int i = 0; i < 6; i++) {
		draw_padcat(line, sizeof(line), " ", 0);
		draw_padcat(line, sizeof(line), cells[i], widths[i]);
	}
	draw_text(y, 0, COLS, attr, true, line);
}

int stage_signals(const struct stage_view *v, int top, int height)
{
	const struct scenario_proc *p;
	if (scenario_procs(v->s, &p) == 0 || height < 3)
		return 0;
	struct scenario_sigmasks m;
	bool masks = scenario_sigmasks(p[0].pid, &m) == 0;
	bool blocked = scenario_signals_blocked(v->s);
	char who[96], line[256];
	snprintf(line, sizeof(line), "%s: %s", scnnames_proc(v->s, 0, true, who, sizeof(who)),
		 blocked		 ? _("signals blocked (sigprocmask): they stay pending; b unblocks")
		 : scenario_paused(v->s) ? _("paused (its timer too): signals stay pending; n delivers one, the lowest number first")
					 : _("signals not blocked: each is delivered at once; b blocks them"));
	int y = top + draw_wrapped(top, 1, COLS - 1, 2, blocked ? screen_attr(ROLE_BLOCKED) : A_BOLD, line);
	/* TRANSLATORS: a column of the signals stage: how many ipctop sent. */
	const char *head[6] = { _("signal"), C_("signals", "sent"), _("delivered"), _("pending"), _("blocked"),
				_("last values") };
	row(y++, screen_attr(ROLE_TITLE), head);
	const int sigs[] = { SIGALRM, SIGUSR1, SIGRTMIN + 1, SIGWINCH };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]) && y < top + height; i++, y++) {
		struct scenario_sigstat st;
		scenario_sigstat(v->s, sigs[i], &st);
		char name[48], sent[24], got[24], values[96] = "";
		char sname[32];
		if (sigtable_name(sigs[i], sname, sizeof(sname)) < 0)
			snprintf(sname, sizeof(sname), "%d", sigs[i]);
		snprintf(name, sizeof(name), "%s (%d)", sname, sigs[i]);
		/* SIGALRM comes from the receiver's timer: every expiry is one
		 * sent; those merged into a delivery are its si_overrun. */
		unsigned long nsent = sigs[i] == SIGALRM ? st.delivered + st.overruns : st.sent;
		snprintf(sent, sizeof(sent), "%lu", nsent);
		snprintf(got, sizeof(got), "%lu", st.delivered);
		uint64_t bit = 1ull << (sigs[i] - 1);
		bool pend = masks && ((m.pending | m.shared) & bit);
		bool blk = masks && (m.blocked & bit);
		for (unsigned k = 0; k < st.nvalues; k++)
			snprintf(values + strlen(values), sizeof(values) - strlen(values), "%s%d", k ? " " : "", st.values[k]);
		char pendtext[32];
		snprintf(pendtext, sizeof(pendtext), "%s", pend ? _("yes") : "-");
		if (pend)
			snprintf(pendtext, sizeof(pendtext), "%s %s", scnnames_mark_blocked(), _("yes"));
		const char *cells[6] = { name, sent, got, pendtext, blk ? _("yes") : "-", values[0] ? values : "-" };
		row(y, pend ? screen_attr(ROLE_BLOCKED) : A_BOLD, cells);
	}
	y += draw_wrapped(y, 1, COLS - 1, top + height - y, A_NORMAL,
			  _("A standard signal pending twice is delivered once; a real-time one queues (each, in order)."));
	y += draw_wrapped(y, 1, COLS - 1, top + height - y, A_NORMAL,
			  _("k sends one to the receiver (a value: sigqueue); sent counts what ipctop sent."));
	return y - top;
}
