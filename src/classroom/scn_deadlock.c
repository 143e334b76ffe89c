/* scn_deadlock.c — owns the "deadlock" scenario: two workers take two
 * binary semaphores A and B in opposite order, hold the first a moment and
 * so deadlock, both blocked in semop (semncnt 1 on each). A V by the user
 * on either semaphore lets them through; they release both and repeat. */
#define _GNU_SOURCE
#include "classroom/scenario_impl.h"

#include <errno.h>
#include <stdio.h>
#include <sys/sem.h>

#include "base/i18n.h"

#define HOLD_MIN_MS 150 /* long enough for the other one to take its first */

enum { OBJ_SEMS = 1 };
enum { SEM_A, SEM_B };

struct priv {
	int semid;
};

static int value_of(struct scn_child *c, int semid, int num)
{
	int v;
	while ((v = semctl(semid, num, GETVAL)) < 0)
		if (errno != EINTR)
			scn_fail(c, "semctl(GETVAL)", errno);
	return v;
}

static void worker(struct scn_child *c)
{
	const struct priv *p = scn_priv(c->s);
	unsigned short first = c->idx == 0 ? SEM_A : SEM_B;
	unsigned short second = c->idx == 0 ? SEM_B : SEM_A;
	const char *n1 = first == SEM_A ? "A" : "B";
	const char *n2 = second == SEM_A ? "A" : "B";
	char label[96];
	for (;;) {
		snprintf(label, sizeof(label), _("%s (sem %d)"), n1, first);
		c->counters[1] += scn_sem_p(c, p->semid, OBJ_SEMS, first, label);
		scn_report(c, _("holding %s, about to take %s"), n1, n2);
		scn_nap(c, 100, HOLD_MIN_MS);
		snprintf(label, sizeof(label), _("%s (sem %d) while holding %s: deadlock?"), n2, second, n1);
		c->counters[1] += scn_sem_p(c, p->semid, OBJ_SEMS, second, label);
		scn_report(c, _("holding %s and %s: working"), n1, n2);
		scn_nap(c, 100, 0);
		scn_sem_v(c, p->semid, OBJ_SEMS, second);
		scn_sem_v(c, p->semid, OBJ_SEMS, first);
		c->counters[0]++;
		int a = value_of(c, p->semid, SEM_A), b = value_of(c, p->semid, SEM_B);
		if (a > 1 || b > 1)
			scn_report(c, _("released both, round %lld (A=%d B=%d: an extra V left a spare token)"),
				   c->counters[0], a, b);
		else
			scn_report(c, _("released both, round %lld (A=%d B=%d)"), c->counters[0], a, b);
		scn_nap(c, 200, 0);
	}
}

static int setup(struct scenario *s, char *err, size_t errlen)
{
	struct priv *p = scn_priv(s);
	static const char *const names[] = { N_("rounds"), N_("waits"), NULL };
	static const unsigned short init[2] = { 1, 1 };
	p->semid = scn_create(s, KIND_SEM, OBJ_SEMS, 2, "sems: 0 A, 1 B (both start 1)", err, errlen);
	if (p->semid < 0 || scn_sem_init(p->semid, init, 2, err, errlen) < 0)
		return -1;
	if (scn_spawn(s, N_("worker 1"), "worker-1", worker, names, err, errlen) < 0 ||
	    scn_spawn(s, N_("worker 2"), "worker-2", worker, names, err, errlen) < 0)
		return -1;
	return 0;
}

static const char *const semnames[] = { "A", "B", NULL };
static const struct scn_role roles[] = {
	{ OBJ_SEMS, N_("semaphores A and B"), semnames, (1u << SEM_A) | (1u << SEM_B) },
};

const struct scn_def scn_deadlock_def = {
	.info = {
		.name = "deadlock",
		.summary = N_("deadlock: two processes take two sems in opposite order; V one to fix"),
		.help = N_("Two workers share a set of 2 semaphores (key 0x5ce00401), A (0) and\n"
			"B (1), both 1. Worker 1 takes A then B, worker 2 takes B then A, each\n"
			"holding its first a moment: both end blocked in semop, ncnt 1 on each\n"
			"semaphore, for ever. Resolve it: V (semop +1) on A or B. They go on,\n"
			"release both and repeat - but your V was an extra token (the value\n"
			"shows 2), so they no longer deadlock until you P it back."),
	},
	.priv_size = sizeof(struct priv),
	.roles = roles,
	.nroles = sizeof(roles) / sizeof(roles[0]),
	.setup = setup,
};
