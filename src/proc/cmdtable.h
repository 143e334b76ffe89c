/* cmdtable.h — the command lines of the processes one snapshot names
 * (attached, waiting, holding, creating), each read once per refresh
 * however often the pid appears. */
#ifndef IPCTOP_CMDTABLE_H
#define IPCTOP_CMDTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define CMDTABLE_LEN 256 /* bytes kept of a command line (longer ones end in "...") */

struct cmd_entry {
	pid_t pid;
	bool readable;           /* read now; else text is "[gone]" or "[hidden]" */
	char text[CMDTABLE_LEN]; /* procs_command's text */
};

struct cmd_table {
	struct cmd_entry *v; /* sorted by pid, one entry per pid */
	size_t count, cap;
};

/* Replaces the contents of *t (zeroed, or a previous result) with the
 * command line of each distinct pid > 0 of pids[0, n) (sorted in place).
 * Returns 0, or -1 with errno ENOMEM (*t then empty). */
int cmdtable_build(struct cmd_table *t, pid_t *pids, size_t n);

/* The entry of pid, or NULL when the table does not hold it. */
const struct cmd_entry *cmdtable_find(const struct cmd_table *t, pid_t pid);

/* Its text, or fallback when the table does not hold the pid. */
const char *cmdtable_text(const struct cmd_table *t, pid_t pid, const char *fallback);

void cmdtable_free(struct cmd_table *t);

#endif
