/* modes.h — the registry of screen modes (modes.c). */
#ifndef IPCTOP_UI_MODES_H
#define IPCTOP_UI_MODES_H

#include <stddef.h>

#include "app/mode.h"

/* Every mode's class, in the order the help lists their keys. */
size_t modes_all(const struct mode_class *const **list);

/* At exit: every mode frees its state. */
void modes_free(void);

#endif
