/* stage.h — the classroom stage: a running scenario full screen, for a
 * room reading a projector at 80x24 — its picture (the ring buffer, the
 * wait-for cycle, the bars, the signal table, the transcript, the
 * daemons as ps axj shows them), named semaphores in big digits with who
 * waits, and a timeline of every operation with one lane per process;
 * step mode. Starting a scenario opens it; Esc goes to the list, G
 * brings it back. */
#ifndef IPCTOP_UI_STAGE_H
#define IPCTOP_UI_STAGE_H

#include <stdbool.h>

#include "app/app.h"
#include "classroom/scenario.h"

/* Opens the stage of s. */
void stage_show(struct app *a, struct scenario *s);
/* Whether the stage is the screen shown. */
bool stage_shown(const struct app *a);

#endif
