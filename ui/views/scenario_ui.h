/* scenario_ui.h — the classroom scenarios in the TUI: the `D` menu mode,
 * starting one (also for --demo), and the pane at the bottom while one
 * runs. */
#ifndef IPCTOP_UI_SCENARIO_UI_H
#define IPCTOP_UI_SCENARIO_UI_H

#include "app/app.h"

/* Starts the scenario called name (refused in read-only mode); its pane
 * shows at the bottom. Returns reaction flags. */
unsigned scenario_ui_start(struct app *a, const char *name);
/* Rows the scenario pane takes (0: none runs, hidden, or the menu is open). */
int scenario_pane_height(const struct app *a);
/* Draws the pane in rows [top, top + height). */
void scenario_pane_draw(int top, int height);

#endif
