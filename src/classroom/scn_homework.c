/* scn_homework.c — owns the "homework" scenario: the same ping-pong program
 * (pingpong.c) over a pipe, a message queue and shm + semaphores, the three
 * pairs racing side by side; each pinger reports round trips per second and
 * mean latency every quarter second at the payload the user picks. Paused,
 * a step is one round trip of one pinger (its ponger echoes), each on the
 * timeline; running flat out, only the rates are reported. */
#define _GNU_SOURCE
#include "classroom/scenario_impl.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <unistd.h>

#include "base/format.h"
#include "base/i18n.h"
#include "classroom/pingpong.h"

#define WINDOW_NS 250000000ull

enum { OBJ_QUEUE = 1, OBJ_SEG = 2, OBJ_SEMS = 3 }; /* OBJ_SEMS = OBJ_SEG + 1: pp_open */

struct priv {
	struct pp_chan ch[PP_MECH_COUNT];
	bool opened[PP_MECH_COUNT];
};

/* In a child: keeps channel m, closes the others' pipe ends. The six
 * processes race flat out, waking each other hundreds of thousands of times a
 * second; at normal priority (even at nice 10) that starved the UI, the
 * terminal and every new process for seconds on two cores. SCHED_IDLE races
 * them on what is left: all three alike, so the comparison stays fair. */
static struct pp_chan *own_channel(struct scn_child *c, enum pp_side side)
{
	struct priv *p = scn_priv(c->s);
	int m = c->idx / 2;
	const struct sched_param idle = { .sched_priority = 0 };
	if (sched_setscheduler(0, SCHED_IDLE, &idle) < 0)
		scn_fail(c, "sched_setscheduler(SCHED_IDLE)", errno);
	for (int k = 0; k < PP_MECH_COUNT; k++)
		if (k != m && p->opened[k])
			pp_close(&p->ch[k], 0);
	char err[160];
	if (pp_side(&p->ch[m], side, err, sizeof(err)) < 0) {
		int e = errno;
		scn_report(c, "%s", err);
		scn_fail(c, "pp_side", e);
	}
	return &p->ch[m];
}

/* The object each mechanism's trip goes through (-1: a pipe is none). */
static const int obj_of[PP_MECH_COUNT] = { -1, OBJ_QUEUE, OBJ_SEG };

static void pinger(struct scn_child *c)
{
	struct pp_chan *ch = own_channel(c, PP_PING);
	const char *name = pp_mech_name(ch->mech);
	size_t payload = 0;
	uint64_t start = 0, sum = 0, trips = 0;
	for (;;) {
		size_t want = atomic_load(&c->ctl->payload);
		if (want < 1 || want > ch->max_payload)
			want = 64;
		if (want != payload) { /* a new race at the new size */
			payload = want;
			start = pp_now_ns();
			sum = trips = 0;
			c->counters[3] = (long long)payload;
		}
		bool stepped = atomic_load(&c->ctl->stepping) != 0;
		scn_gate(c);
		uint64_t t0 = pp_now_ns();
		if (pp_trip(ch, payload) < 0)
			scn_fail(c, "ping-pong", errno);
		uint64_t t1 = pp_now_ns();
		if (stepped) { /* one by one, each trip is on the timeline */
			const struct scn_opinfo op = { SCENARIO_EV_OP, SCN_OP_TRIP, obj_of[ch->mech], 0,
						       (long long)payload, (long long)(t1 - t0), 0 };
			scn_op_report(c, c->idx, &op, "%s round trip", name);
		}
		sum += t1 - t0;
		trips++;
		c->counters[0]++;
		if (t1 - start >= WINDOW_NS) {
			double rate = (double)trips * 1e9 / (double)(t1 - start);
			double mean_us = (double)sum / (double)trips / 1000.0;
			c->counters[1] = (long long)(rate + 0.5);
			c->counters[2] = (long long)(mean_us * 1000.0 + 0.5);
			char size[16];
			format_human(payload, size, sizeof(size));
			if (ch->mech == PP_MSG && pp_msg_count(ch, payload) > 1)
				scn_report(c, _("%s %s: %.0f rt/s, mean %.1f \xc2\xb5s (%zu msgs per ping)"), name,
					   size, rate, mean_us, pp_msg_count(ch, payload));
			else
				scn_report(c, _("%s %s: %.0f rt/s, mean %.1f \xc2\xb5s"), name, size, rate, mean_us);
			start = t1;
			sum = trips = 0;
		}
	}
}

static void ponger(struct scn_child *c)
{
	struct pp_chan *ch = own_channel(c, PP_PONG);
	scn_report(c, _("echoing every %s ping"), pp_mech_name(ch->mech));
	if (pp_serve(ch) < 0)
		scn_fail(c, "ping-pong echo", errno);
	_exit(0);
}

static void cleanup(struct scenario *s)
{
	struct priv *p = scn_priv(s);
	for (int k = 0; k < PP_MECH_COUNT; k++)
		if (p->opened[k])
			pp_close(&p->ch[k], 0); /* the engine removes the objects */
}

static int setup(struct scenario *s, char *err, size_t errlen)
{
	struct priv *p = scn_priv(s);
	static const char *const names[] = { N_("round trips"), N_("rt/s"), N_("mean ns"), N_("payload") };
	static const char *const roles[PP_MECH_COUNT][2] = {
		{ N_("pipe ping"), N_("pipe pong") },
		{ N_("msg ping"), N_("msg pong") },
		{ N_("shm ping"), N_("shm pong") },
	};
	static const char *const titles[PP_MECH_COUNT][2] = {
		{ "pipeping", "pipepong" }, { "msg-ping", "msg-pong" }, { "shm-ping", "shm-pong" },
	};
	const key_t keys[PP_MECH_COUNT] = { IPC_PRIVATE, (key_t)scn_key(s, OBJ_QUEUE),
					    (key_t)scn_key(s, OBJ_SEG) };
	for (int m = 0; m < PP_MECH_COUNT; m++) {
		if (pp_open(&p->ch[m], (enum pp_mech)m, SCENARIO_PAYLOAD_MAX, keys[m], err, errlen) < 0)
			return -1;
		p->opened[m] = true;
	}
	const struct pp_chan *q = &p->ch[PP_MSG], *g = &p->ch[PP_SHM];
	if (scn_add_object(s, KIND_MSG, q->msqid, scn_key(s, OBJ_QUEUE),
			   "msg ping-pong: mtype 1 ping, 2 pong") < 0 ||
	    scn_add_object(s, KIND_SHM, g->shmid, scn_key(s, OBJ_SEG), "shm ping-pong buffer") < 0 ||
	    scn_add_object(s, KIND_SEM, g->semid, scn_key(s, OBJ_SEMS),
			   "sems: 0 ping posted, 1 pong posted") < 0) {
		snprintf(err, errlen, "too many objects");
		return -1;
	}
	for (int m = 0; m < PP_MECH_COUNT; m++)
		if (scn_spawn(s, roles[m][0], titles[m][0], pinger, names, err, errlen) < 0 ||
		    scn_spawn(s, roles[m][1], titles[m][1], ponger, NULL, err, errlen) < 0)
			return -1;
	cleanup(s); /* the children have their ends */
	return 0;
}

static const char *const semnames[] = { N_("ping posted"), N_("pong posted"), NULL };
static const struct scn_role obj_roles[] = {
	{ OBJ_QUEUE, N_("msg ping-pong queue"), NULL, 0 },
	{ OBJ_SEG, N_("shm ping-pong buffer"), NULL, 0 },
	{ OBJ_SEMS, N_("shm ping-pong semaphores"), semnames, 0 },
};

const struct scn_def scn_homework_def = {
	.info = {
		.name = "homework",
		.summary = N_("homework: one ping-pong over pipe, msg queue, shm+sem, racing live"),
		.help = N_("The same ping-pong program three times, racing side by side: over a\n"
			"pair of pipes, over a message queue (key 0x5ce00301, mtype 1 ping,\n"
			"2 pong) and over a shm segment (0x5ce00302) with 2 semaphores\n"
			"(0x5ce00303). Each pinger shows round trips/s and mean latency, live.\n"
			"Pick the payload: 64 B, 4 KiB or 64 KiB. A 64 KiB ping exceeds msgmax\n"
			"(8192): it travels as 9 messages. Speed does not apply: flat out."),
	},
	.priv_size = sizeof(struct priv),
	.features = SCN_PAYLOAD,
	.roles = obj_roles,
	.nroles = sizeof(obj_roles) / sizeof(obj_roles[0]),
	.setup = setup,
	.cleanup = cleanup,
};
