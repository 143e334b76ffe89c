/* loop.h — the interactive program's main loop. */
#ifndef IPCTOP_UI_LOOP_H
#define IPCTOP_UI_LOOP_H

#include "config/cli.h"

/* Runs the interactive program until the user quits. Returns the exit
 * status. */
int loop_run(const struct options *opt);

#endif
