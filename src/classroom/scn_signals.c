/* scn_signals.c — owns the "signals" scenario: one receiver whose
 * SA_SIGINFO handlers log SIGALRM (a POSIX timer, every second: each
 * delivery says how many expirations merged into it), SIGUSR1,
 * SIGRTMIN+1 (with the sigqueue value) and SIGWINCH; the user toggles
 * blocking them (the control block's `block`, applied as the ppoll mask)
 * to see them pending (merged for standard signals, queued for real-time
 * ones) and then delivered. Paused (its timer too), each step delivers one
 * pending signal.
 * Counts per signal also go to the control block, so the hex view of that
 * segment shows them. */
#define _GNU_SOURCE
#include "classroom/scenario_impl.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "base/i18n.h"
#include "proc/sigtable.h"

#define RING 256
#define TICK_MS 50

_Static_assert(offsetof(struct scn_ctl, sigcount) == 28, "the help text names this offset");

struct delivery {
	int sig, code, value, overrun;
	pid_t from;
};

/* Written by the handlers, which run only inside ppoll (the demo signals
 * are blocked everywhere else), read by the loop after ppoll returns. */
static struct delivery ring[RING];
static volatile sig_atomic_t ring_head;
static struct scn_ctl *sig_ctl;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	int h = ring_head;
	struct delivery *d = &ring[h % RING];
	d->sig = sig;
	d->code = si->si_code;
	d->value = si->si_code == SI_QUEUE ? si->si_value.sival_int : 0;
	d->overrun = si->si_code == SI_TIMER ? si->si_overrun : 0;
	d->from = si->si_code == SI_TIMER ? 0 : si->si_pid;
	ring_head = h + 1;
	if (sig > 0 && sig < SCN_CTL_SIGS)
		atomic_fetch_add(&sig_ctl->sigcount[sig], 1u);
}

static void demo_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGALRM);
	sigaddset(set, SIGUSR1);
	sigaddset(set, SIGRTMIN + 1);
	sigaddset(set, SIGWINCH);
}

static void names_of(const sigset_t *set, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int sig = 1; sig <= sigtable_max() && used < len; sig++) {
		if (sigismember(set, sig) != 1)
			continue;
		char name[32];
		(void)sigtable_name(sig, name, sizeof(name));
		int w = snprintf(buf + used, len - used, "%s%s", used ? " " : "", name);
		if (w > 0)
			used += (size_t)w;
	}
	if (!used)
		snprintf(buf, len, "%s", _("nothing"));
}

static void report_delivery(struct scn_child *c, const struct delivery *d, long long *count,
			    long long total)
{
	char name[32];
	(void)sigtable_name(d->sig, name, sizeof(name));
	long long n = d->sig > 0 && d->sig < SCN_CTL_SIGS ? ++count[d->sig] : 0;
	c->counters[0] = d->sig;
	c->counters[1] = d->value;
	c->counters[2] = n;
	c->counters[3] = total;
	const struct scn_opinfo op = { SCENARIO_EV_SIGNAL, SCN_OP_SIGNAL, -1, d->sig, d->value, d->overrun,
				       d->code == SI_QUEUE ? SCN_EVF_VALUE : 0 };
	if (d->code == SI_QUEUE)
		scn_op_report(c, c->idx, &op, _("got %s value %d from pid %d (#%lld of it)"), name, d->value,
			      (int)d->from, n);
	else if (d->code == SI_TIMER)
		scn_op_report(c, c->idx, &op, _("got %s from the interval timer (#%lld, %d more merged)"), name, n,
			      d->overrun);
	else
		scn_op_report(c, c->idx, &op, _("got %s from pid %d (#%lld of it)"), name, (int)d->from, n);
}

/* Paused in step mode: the demo signals stay blocked and pending; at its
 * gate the receiver waits for a step, then takes exactly one pending
 * signal (sigtimedwait: the lowest-numbered first, a real-time one's
 * queue one at a time) and logs it as its handler would. Waits for one
 * to come when none is pending (the interval timer sends one a second),
 * unless the scenario resumes meanwhile. */
static void step_one(struct scn_child *c, const sigset_t *demo)
{
	scn_gate(c);
	while (atomic_load(&c->ctl->stepping) && !atomic_load(&c->ctl->block)) {
		siginfo_t si;
		struct timespec ts = { 0, TICK_MS * 1000000L };
		int sig = sigtimedwait(demo, &si, &ts);
		if (sig > 0) {
			on_signal(sig, &si, NULL);
			return;
		}
		if (errno != EAGAIN && errno != EINTR)
			scn_fail(c, "sigtimedwait", errno);
	}
}

static void receiver(struct scn_child *c)
{
	sig_ctl = c->ctl;
	sigset_t demo, none;
	demo_set(&demo);
	sigemptyset(&none);
	if (sigprocmask(SIG_BLOCK, &demo, NULL) < 0)
		scn_fail(c, "sigprocmask", errno);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	sa.sa_mask = demo; /* handlers do not nest */
	const int sigs[] = { SIGALRM, SIGUSR1, SIGRTMIN + 1, SIGWINCH };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			scn_fail(c, "sigaction", errno);
	struct sigevent sev;
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGALRM;
	timer_t timer;
	if (timer_create(CLOCK_MONOTONIC, &sev, &timer) < 0)
		scn_fail(c, "timer_create", errno);
	const struct itimerspec every = { { 1, 0 }, { 1, 0 } };
	if (timer_settime(timer, 0, &every, NULL) < 0)
		scn_fail(c, "timer_settime", errno);

	long long count[SCN_CTL_SIGS] = { 0 };
	long long total = 0;
	int tail = 0, last_block = -1, last_stepping = 0;
	sigset_t last_pending;
	sigemptyset(&last_pending);
	char names[160];
	const struct itimerspec off = { { 0, 0 }, { 0, 0 } };
	for (;;) {
		/* Paused, the timer stops too: else its SIGALRM, pending again
		 * before each step, would always come before SIGRTMIN+1. */
		int stepping = atomic_load(&c->ctl->stepping) != 0;
		if (stepping != last_stepping) {
			if (timer_settime(timer, 0, stepping ? &off : &every, NULL) < 0)
				scn_fail(c, "timer_settime", errno);
			last_stepping = stepping;
		}
		int block = atomic_load(&c->ctl->block) != 0;
		if (block != last_block) {
			names_of(&demo, names, sizeof(names));
			if (block)
				scn_report(c, _("blocked %s (sigprocmask): they stay pending"), names);
			else
				scn_report(c, _("unblocked: waiting in ppoll for %s"), names);
			last_block = block;
			sigemptyset(&last_pending);
		}
		if (!block && atomic_load(&c->ctl->stepping)) {
			step_one(c, &demo);
		} else {
			struct timespec ts = { 0, TICK_MS * 1000000L };
			if (ppoll(NULL, 0, &ts, block ? &demo : &none) < 0 && errno != EINTR)
				scn_fail(c, "ppoll", errno);
		}
		int head = ring_head;
		if (head - tail > RING) {
			scn_report(c, _("%d deliveries came too fast to log"), head - tail - RING);
			tail = head - RING;
		}
		for (; tail != head; tail++)
			report_delivery(c, &ring[tail % RING], count, ++total);
		if (!block)
			continue;
		sigset_t pend, shown;
		if (sigpending(&pend) < 0)
			scn_fail(c, "sigpending", errno);
		sigemptyset(&shown);
		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			if (sigismember(&pend, sigs[i]) == 1)
				sigaddset(&shown, sigs[i]);
		bool changed = false;
		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			if (sigismember(&shown, sigs[i]) != sigismember(&last_pending, sigs[i]))
				changed = true;
		if (changed) {
			names_of(&shown, names, sizeof(names));
			scn_report(c, _("pending (blocked, not delivered): %s"), names);
			last_pending = shown;
		}
	}
}

static int setup(struct scenario *s, char *err, size_t errlen)
{
	static const char *const names[] = { N_("last signal"), "si_value", N_("its count"), N_("deliveries") };
	return scn_spawn(s, N_("receiver"), "receiver", receiver, names, err, errlen) < 0 ? -1 : 0;
}

static const struct scn_role roles[] = {
	{ 0, N_("control block (counts per signal)"), NULL, 0 },
};

const struct scn_def scn_signals_def = {
	.info = {
		.name = "signals",
		.summary = N_("signals: handlers log SIGALRM/USR1/RTMIN+1/WINCH; block to see pending"),
		.help = N_("One receiver catches SIGALRM (its interval timer, every second),\n"
			"SIGUSR1, SIGRTMIN+1 (SA_SIGINFO: it logs the sigqueue value) and\n"
			"SIGWINCH. Send it signals (kill, or sigqueue with a value). Toggle\n"
			"blocking: blocked signals stay pending (SigPnd/ShdPnd in /proc); on\n"
			"unblock, two SIGUSR1 arrive as one, two SIGRTMIN+1 as two, in order.\n"
			"Counts per signal: uint32 at offset 28 + 4 * signo in the control\n"
			"block (shm key 0x5ce00500)."),
	},
	.features = SCN_SIGNAL_BLOCK,
	.roles = roles,
	.nroles = sizeof(roles) / sizeof(roles[0]),
	.setup = setup,
};
