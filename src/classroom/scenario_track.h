/* scenario_track.h — what a scenario's reported operations tell, kept as
 * they arrive (so nothing depends on the event ring still holding them):
 * who waits in the kernel on what since when, who holds each lock, the
 * buffer's slots, the last messages, the signal counts, the number of
 * operations. The engine (scenario.c) owns one per scenario, feeds it
 * every event and answers scenario.h's questions from it. */
#ifndef IPCTOP_SCENARIO_TRACK_H
#define IPCTOP_SCENARIO_TRACK_H

#include "classroom/scenario.h"

#define TRACK_SIGS 65

struct scn_track {
	struct scenario_wait wait[SCENARIO_MAX_PROCS];
	/* holder[obj][num]: process index + 1 of a lock's holder, 0 none */
	unsigned char holder[SCENARIO_MAX_OBJECTS][16];
	struct scenario_slots slots;
	struct scenario_message msgs[SCENARIO_MESSAGES];
	size_t msg_first, msg_count;
	unsigned long msg_total;
	struct scenario_sigstat sig[TRACK_SIGS];
	unsigned long ops;
	struct scenario_event opring[SCENARIO_EVENTS]; /* the operations alone */
	size_t op_first, op_count;
	unsigned steps[SCENARIO_MAX_PROCS]; /* recipe steps done, bit n for step n */
};

/* Takes event e into t; objs are the scenario's objects (which semaphores
 * are locks). */
void track_apply(struct scn_track *t, const struct scenario_event *e, const struct scenario_object *objs,
		 size_t nobjs);

/* Operation i kept, 0 the oldest; NULL past the last. */
const struct scenario_event *track_op(const struct scn_track *t, size_t i);

/* Edges "waiter waits on (semid, num) held by holder" of t, as pids (procs
 * gives them), into edges[max]; returns their number, with in since[i]
 * when edge i's wait began. */
size_t track_edges(const struct scn_track *t, const struct scenario_proc *procs, size_t nprocs,
		   const struct scenario_object *objs, size_t nobjs, struct wait_edge *edges,
		   struct timespec *since, size_t max);

#endif
