/* scn_prodcons.c — owns the "prodcons" scenario: a producer and a consumer
 * over a ring buffer in a shm segment, guarded by a set of three
 * semaphores: 0 empty (free slots), 1 full (items), 2 mutex. */
#define _GNU_SOURCE
#include "classroom/scenario_impl.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>

#include "base/i18n.h"

#define SLOTS 8

enum { OBJ_RING = 1, OBJ_SEMS = 2 };
enum { SEM_EMPTY, SEM_FULL, SEM_MUTEX };

struct ring {
	uint32_t slots;
	uint32_t head, tail; /* next slot to fill, next slot to take */
	int32_t item[SLOTS];
};

struct priv {
	int shmid, semid;
};

static struct ring *attach(struct scn_child *c)
{
	const struct priv *p = scn_priv(c->s);
	void *at = shmat(p->shmid, NULL, 0);
	if (at == (void *)-1)
		scn_fail(c, "shmat(ring buffer)", errno);
	return at;
}

/* A slot written or read, after the gate: one operation of its own. */
static void slot_op(struct scn_child *c, enum scenario_op op, uint32_t slot, int32_t item)
{
	const struct scn_opinfo info = { SCENARIO_EV_OP, op, OBJ_RING, (int)slot, item, SLOTS, 0 };
	scn_op_report(c, c->idx, &info, "%s item %d, slot %u", op == SCN_OP_PUT ? "put" : "took", (int)item,
		      (unsigned)slot);
}

static void producer(struct scn_child *c)
{
	const struct priv *p = scn_priv(c->s);
	struct ring *r = attach(c);
	for (int32_t item = 1;; item++) {
		c->counters[2] += scn_sem_p(c, p->semid, OBJ_SEMS, SEM_EMPTY, _("empty"));
		c->counters[2] += scn_sem_p(c, p->semid, OBJ_SEMS, SEM_MUTEX, _("mutex"));
		scn_gate(c);
		uint32_t slot = r->head;
		r->item[slot] = item;
		r->head = (slot + 1) % SLOTS;
		slot_op(c, SCN_OP_PUT, slot, item);
		scn_sem_v(c, p->semid, OBJ_SEMS, SEM_MUTEX);
		scn_sem_v(c, p->semid, OBJ_SEMS, SEM_FULL);
		c->counters[0]++;
		c->counters[1] = item;
		scn_report(c, _("produced item %d"), (int)item);
		scn_nap(c, 100, 0);
	}
}

static void consumer(struct scn_child *c)
{
	const struct priv *p = scn_priv(c->s);
	struct ring *r = attach(c);
	for (int32_t want = 1;; want++) {
		c->counters[2] += scn_sem_p(c, p->semid, OBJ_SEMS, SEM_FULL, _("full"));
		c->counters[2] += scn_sem_p(c, p->semid, OBJ_SEMS, SEM_MUTEX, _("mutex"));
		scn_gate(c);
		uint32_t slot = r->tail;
		int32_t item = r->item[slot];
		r->tail = (slot + 1) % SLOTS;
		slot_op(c, SCN_OP_TAKE, slot, item);
		scn_sem_v(c, p->semid, OBJ_SEMS, SEM_MUTEX);
		scn_sem_v(c, p->semid, OBJ_SEMS, SEM_EMPTY);
		c->counters[0]++;
		c->counters[1] = item;
		if (item != want) {
			c->counters[3]++;
			scn_report(c, _("consumed item %d, expected %d: out of order!"), (int)item, (int)want);
			want = item;
		} else {
			scn_report(c, _("consumed item %d"), (int)item);
		}
		/* A slower consumer: the buffer fills and the producer waits on empty. */
		scn_nap(c, 150, 0);
	}
}

static int setup(struct scenario *s, char *err, size_t errlen)
{
	struct priv *p = scn_priv(s);
	static const char *const pnames[] = { N_("produced"), N_("last item"), N_("waits"), NULL };
	static const char *const cnames[] = { N_("consumed"), N_("last item"), N_("waits"), N_("errors") };
	static const unsigned short init[3] = { SLOTS, 0, 1 };
	p->shmid = scn_create(s, KIND_SHM, OBJ_RING, sizeof(struct ring), "ring buffer (8 slots)", err, errlen);
	if (p->shmid < 0)
		return -1;
	p->semid = scn_create(s, KIND_SEM, OBJ_SEMS, 3, "sems: 0 empty, 1 full, 2 mutex", err, errlen);
	if (p->semid < 0 || scn_sem_init(p->semid, init, 3, err, errlen) < 0)
		return -1;
	/* The ring's header before anyone attaches: shmat here and detach. */
	struct ring *r = shmat(p->shmid, NULL, 0);
	if (r == (void *)-1) {
		snprintf(err, errlen, "shmat(%d): %s", p->shmid, strerror(errno));
		return -1;
	}
	r->slots = SLOTS;
	(void)shmdt(r);
	if (scn_spawn(s, N_("producer"), "producer", producer, pnames, err, errlen) < 0 ||
	    scn_spawn(s, N_("consumer"), "consumer", consumer, cnames, err, errlen) < 0)
		return -1;
	return 0;
}

static const char *const semnames[] = { N_("empty"), N_("full"), N_("mutex"), NULL };
static const struct scn_role roles[] = {
	{ OBJ_RING, N_("ring buffer"), NULL, 0 },
	{ OBJ_SEMS, N_("semaphores"), semnames, 1u << SEM_MUTEX },
};

const struct scn_def scn_prodcons_def = {
	.info = {
		.name = "prodcons",
		.summary = N_("producer/consumer: ring buffer in shm, sems empty/full/mutex"),
		.help = N_("A producer and a consumer share a ring buffer of 8 slots in a shm\n"
			"segment (key 0x5ce00101), guarded by a set of 3 semaphores (key\n"
			"0x5ce00102): 0 empty = free slots (starts 8), 1 full = items (starts 0),\n"
			"2 mutex (starts 1). The consumer is slower, so the buffer fills and\n"
			"the producer waits on empty. Try: P (semop -1) on semaphore 2 yourself\n"
			"and watch both stall on the mutex (ncnt rises); V it to let them go."),
	},
	.priv_size = sizeof(struct priv),
	.roles = roles,
	.nroles = sizeof(roles) / sizeof(roles[0]),
	.setup = setup,
};
