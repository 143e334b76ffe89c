/* scnnames.h — a running scenario's things by name, translated, for the
 * classroom stage: a process ("producer 123"), a semaphore ("empty"), an
 * operation as the timeline writes it ("P empty", "put #17 > slot 3"),
 * and the marks for "blocked" and "moved" (a symbol as well as a colour:
 * the room may see it in monochrome). */
#ifndef IPCTOP_UI_SCNNAMES_H
#define IPCTOP_UI_SCNNAMES_H

#include <stddef.h>

#include "classroom/scenario.h"

/* Process proc's role, translated ("producer"); "?" past the end. */
const char *scnnames_role(const struct scenario *s, int proc);
/* "producer (pid 123)" (with_pid) or "producer". Returns buf. */
char *scnnames_proc(const struct scenario *s, int proc, bool with_pid, char *buf, size_t len);
/* The name of semaphore num of object obj ("empty"), else "sem N". Returns buf. */
char *scnnames_sem(const struct scenario *s, int obj, int num, char *buf, size_t len);
/* The timeline's short text of operation e ("P empty", "msgrcv type 2").
 * Returns buf. */
char *scnnames_op(const struct scenario *s, const struct scenario_event *e, char *buf, size_t len);
/* What a blocked process waits in, translated: "P empty", "msgrcv type 1". */
char *scnnames_wait(const struct scenario *s, const struct scenario_wait *w, char *buf, size_t len);
/* Seconds since the scenario started, as the timeline writes them ("12.34"). */
char *scnnames_time(const struct scenario *s, const struct timespec *when, char *buf, size_t len);
/* The marks: blocked "⊘" (ASCII "X"), moved "▶" (">"), a lane "│" ("|"),
 * a blocked lane "┃" ("#"). */
const char *scnnames_mark_blocked(void);
const char *scnnames_mark_moved(void);
const char *scnnames_mark_lane(bool blocked);
/* The end of a text shortened to fit (draw_fit's `more`): "…", or "~". */
const char *scnnames_mark_more(void);

#endif
