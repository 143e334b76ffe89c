/* scenario_track.c — owns the state the scenarios' operations tell (see the
 * header): waits, lock holders, slots, messages, signal counts. */
#include "classroom/scenario_track.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static bool is_lock(const struct scenario_object *objs, size_t nobjs, int obj, int num)
{
	return obj >= 0 && (size_t)obj < nobjs && num >= 0 && num < 16 && (objs[obj].locks & (1u << num));
}

static void note_message(struct scn_track *t, const struct scenario_event *e, int from)
{
	struct scenario_message *m;
	if (t->msg_count < SCENARIO_MESSAGES) {
		m = &t->msgs[(t->msg_first + t->msg_count) % SCENARIO_MESSAGES];
		t->msg_count++;
	} else {
		m = &t->msgs[t->msg_first];
		t->msg_first = (t->msg_first + 1) % SCENARIO_MESSAGES;
	}
	t->msg_total++;
	m->when = e->when;
	m->from = from;
	m->mtype = e->num;
	snprintf(m->text, sizeof(m->text), "%s", e->text);
}

static void note_slot(struct scenario_slots *sl, const struct scenario_event *e)
{
	if (e->num < 0 || e->num >= SCENARIO_SLOTS)
		return;
	if (e->num >= sl->n)
		sl->n = e->num + 1;
	bool put = e->op == SCN_OP_PUT;
	sl->full[e->num] = put;
	sl->item[e->num] = e->value;
	if (put) {
		sl->in = e->num + 1;
		sl->puts++;
	} else {
		sl->out = e->num + 1;
		sl->takes++;
	}
	if (e->aux > 0 && e->aux <= SCENARIO_SLOTS) /* the ring's size, when said */
		sl->n = (int)e->aux;
	if (sl->n > 0) {
		sl->in %= sl->n;
		sl->out %= sl->n;
	}
}

static void note_signal(struct scn_track *t, const struct scenario_event *e)
{
	if (e->num <= 0 || e->num >= TRACK_SIGS)
		return;
	struct scenario_sigstat *st = &t->sig[e->num];
	if (e->op == SCN_OP_SENT) {
		st->sent++;
	} else {
		/* counters[2]: the receiver's own count of that signal, so a
		 * record dropped on the way changes nothing. */
		unsigned long n = e->counters[2] > 0 ? (unsigned long)e->counters[2] : st->delivered + 1;
		st->delivered = n > st->delivered ? n : st->delivered;
		if (e->aux > 0)
			st->overruns += (unsigned long)e->aux;
	}
	if ((e->flags & SCN_EVF_VALUE) && e->op == SCN_OP_SIGNAL) {
		if (st->nvalues == SCENARIO_SIGVALUES) {
			memmove(st->values, st->values + 1, sizeof(st->values) - sizeof(st->values[0]));
			st->nvalues--;
		}
		st->values[st->nvalues++] = (int)e->value;
	}
}

static void keep_op(struct scn_track *t, const struct scenario_event *e)
{
	if (t->op_count < SCENARIO_EVENTS) {
		t->opring[(t->op_first + t->op_count++) % SCENARIO_EVENTS] = *e;
	} else {
		t->opring[t->op_first] = *e;
		t->op_first = (t->op_first + 1) % SCENARIO_EVENTS;
	}
}

const struct scenario_event *track_op(const struct scn_track *t, size_t i)
{
	return i < t->op_count ? &t->opring[(t->op_first + i) % SCENARIO_EVENTS] : NULL;
}

void track_apply(struct scn_track *t, const struct scenario_event *e, const struct scenario_object *objs,
		 size_t nobjs)
{
	if (e->op == SCN_OP_NONE)
		return;
	t->ops++;
	keep_op(t, e);
	if (e->proc < 0 || e->proc >= SCENARIO_MAX_PROCS)
		return;
	if (e->op == SCN_OP_STEP && e->num >= 0 && e->num < 32)
		t->steps[e->proc] |= 1u << e->num;
	struct scenario_wait *w = &t->wait[e->proc];
	switch (e->op) {
	case SCN_OP_P_BLOCKED:
	case SCN_OP_MSGSND_BLOCKED:
	case SCN_OP_MSGRCV_BLOCKED:
		*w = (struct scenario_wait){ true, e->op, e->obj, e->num, e->when };
		return;
	case SCN_OP_SIGNAL:
	case SCN_OP_SENT:
		note_signal(t, e);
		return; /* a handler runs between two operations: the wait goes on */
	default:
		break;
	}
	w->blocked = false;
	int o = e->obj, n = e->num;
	switch (e->op) {
	case SCN_OP_P:
	case SCN_OP_P_WOKEN:
		if (is_lock(objs, nobjs, o, n))
			t->holder[o][n] = (unsigned char)(e->proc + 1);
		break;
	case SCN_OP_V:
		if (is_lock(objs, nobjs, o, n) && t->holder[o][n] == e->proc + 1)
			t->holder[o][n] = 0;
		break;
	case SCN_OP_PUT:
	case SCN_OP_TAKE:
		note_slot(&t->slots, e);
		break;
	case SCN_OP_MSGSND:
		note_message(t, e, e->proc);
		break;
	case SCN_OP_MSGRCV:
		if (e->value < 0) /* from someone outside the scenario: it shows only here */
			note_message(t, e, -1);
		break;
	case SCN_OP_EXIT:
		for (size_t k = 0; k < SCENARIO_MAX_OBJECTS; k++)
			for (size_t m = 0; m < 16; m++)
				if (t->holder[k][m] == e->proc + 1)
					t->holder[k][m] = 0;
		break;
	default:
		break;
	}
}

size_t track_edges(const struct scn_track *t, const struct scenario_proc *procs, size_t nprocs,
		   const struct scenario_object *objs, size_t nobjs, struct wait_edge *edges,
		   struct timespec *since, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < nprocs && n < max; i++) {
		const struct scenario_wait *w = &t->wait[i];
		if (!w->blocked || w->op != SCN_OP_P_BLOCKED || !is_lock(objs, nobjs, w->obj, w->num) ||
		    !procs[i].alive)
			continue;
		int h = t->holder[w->obj][w->num] - 1;
		if (h < 0 || (size_t)h >= nprocs || (size_t)h == i || !procs[h].alive)
			continue;
		edges[n] = (struct wait_edge){ procs[i].pid, objs[w->obj].id, (unsigned)w->num, procs[h].pid };
		since[n++] = w->since;
	}
	return n;
}
