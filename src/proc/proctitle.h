/* proctitle.h — a process's name as ps, top and ipctop show it: the
 * kernel's comm (prctl PR_SET_NAME, 15 bytes) and the argument area that
 * /proc/PID/cmdline reads (ps -o args), which a forked child shares with
 * ipctop's argv until it writes it. */
#ifndef IPCTOP_PROCTITLE_H
#define IPCTOP_PROCTITLE_H

#include <stddef.h>

/* Once, first thing in main (before anything keeps a pointer into the
 * environment): notes the argument area — argv's strings and, when the
 * environment's strings follow them in one block, those too, the
 * environment then moved to the heap (as PostgreSQL's ps_status does) so
 * that a title may be longer than the command line. Without it,
 * proctitle_set sets only the comm. */
void proctitle_init(int argc, char **argv);

/* Bytes a title may have in the argument area (0: not known). */
size_t proctitle_room(void);

/* Names the calling process: comm = title cut to 15 bytes, the argument
 * area = title cut to its room and zero-filled, never past its end. Meant
 * for a forked child (ipctop itself keeps its command line). Returns 0, or
 * -1 with errno of prctl. */
int proctitle_set(const char *title);

#endif
