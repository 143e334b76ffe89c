/* scenario_janitor.h — the janitor: one guard process per running scenario
 * that cleans up after ipctop when ipctop cannot (kill -9, a crash).
 *
 * It is a child of ipctop in a process group of its own (so the scenario's
 * pause, the group SIGTERM/SIGKILL of scenario_stop and the crash handler
 * never reach it), with every signal blocked and PR_SET_PDEATHSIG(SIGTERM).
 * It holds a pidfd of each scenario child (opened by the parent while they
 * are its unreaped children, so a recycled pid is never signalled) and the
 * object ids. On SIGTERM — ipctop died, or anyone asks — it SIGKILLs those
 * children through their pidfds, waits up to ~1 s for them to exit (so no
 * segment stays attached), removes every object (the control block last)
 * and exits 0. It never writes anywhere. The daemons of the daemon scenario
 * are not its business: they die with their launcher. */
#ifndef IPCTOP_SCENARIO_JANITOR_H
#define IPCTOP_SCENARIO_JANITOR_H

#include <stddef.h>
#include <sys/types.h>

#include "model/ipcobj.h"
#include "classroom/scenario.h"

/* Forks the janitor for the processes pids[0..npids-1] (children of the
 * caller, not reaped) and the objects objs[0..nobjs-1] (both copied by
 * the fork). Returns its pid, or -1 with errno (fork failed). A pid whose
 * pidfd cannot be opened (ENOSYS before Linux 5.3) is killed by pid. */
pid_t scenario_janitor_start(const pid_t *pids, size_t npids, const struct scenario_object *objs,
			     size_t nobjs);

/* Ends a janitor whose scenario was stopped cleanly: SIGKILL, then reaps
 * it. pid must be our child, not reaped yet; <= 0 does nothing. */
void scenario_janitor_dismiss(pid_t pid);

#endif
