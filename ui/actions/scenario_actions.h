/* scenario_actions.h — what the keys do to a running scenario, shared by
 * the D menu and the stage: pause or resume, a step, speed, stop, the
 * signals scenario's block and homework's payload. Each says what it did
 * (the call, or why not) in the status line and returns reaction flags. */
#ifndef IPCTOP_UI_SCENARIO_ACTIONS_H
#define IPCTOP_UI_SCENARIO_ACTIONS_H

#include "app/app.h"
#include "classroom/scenario.h"

unsigned scenario_do_pause(struct app *a, struct scenario *s);
/* One operation of process proc, or of the next in turn when proc < 0
 * (pauses first when it runs). */
unsigned scenario_do_step(struct app *a, struct scenario *s, int proc);
/* delta: +1 faster, -1 slower. */
unsigned scenario_do_speed(struct app *a, struct scenario *s, int delta);
/* Stops s (s is freed). */
unsigned scenario_do_stop(struct app *a, struct scenario *s);
unsigned scenario_do_block(struct app *a, struct scenario *s);
unsigned scenario_do_payload(struct app *a, struct scenario *s);

#endif
