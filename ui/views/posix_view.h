/* posix_view.h — `5`: POSIX shared memory, semaphores and queues. */
#ifndef IPCTOP_UI_POSIX_VIEW_H
#define IPCTOP_UI_POSIX_VIEW_H

#include <sys/types.h>

#include "app/app.h"

/* After ipctop entered an IPC namespace: the POSIX view shows the files of
 * pid's mount namespace (pid > 0; on failure the reason goes to the status
 * line and ipctop's own files are shown, removal refused), ipctop's own
 * with removal refused (pid 0: no process known, --ns PATH), or simply
 * ipctop's own (pid < 0: its own namespaces). */
void posix_view_follow(struct app *a, pid_t pid);

#endif
