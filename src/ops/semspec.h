/* semspec.h — semop specs as users type them ("0-1 1+1 2=0") and the C text
 * of a struct sembuf array ("{{0, -1, SEM_UNDO}, {1, +1, 0}}"). */
#ifndef IPCTOP_SEMSPEC_H
#define IPCTOP_SEMSPEC_H

#include <stddef.h>
#include <sys/sem.h>

/* Parses a spec: operations separated by spaces and/or commas, each
 * SEMNUM followed by +N (add), -N (subtract) or =0 (wait for zero); "+0" and
 * "-0" also mean wait for zero. Every operation gets sem_flg = flags
 * (SEM_UNDO, IPC_NOWAIT). nsems > 0 rejects semaphore numbers >= nsems
 * (0: no check); max_ops > 0 rejects more operations (SEMOPM). At most cap
 * operations are written to out.
 * Returns 0 with *n set, or -1 with a one-line reason in err (when err is
 * not NULL) and out/n unspecified. Empty specs, junk, and sem_op
 * outside -32768..32767 are rejected. */
int semspec_parse(const char *spec, unsigned nsems, size_t max_ops, short flags,
		  struct sembuf *out, size_t cap, size_t *n, char *err, size_t errlen);

/* "SEM_UNDO", "IPC_NOWAIT", "SEM_UNDO|IPC_NOWAIT" or "0" (other bits as
 * hex). Returns buf. */
char *semspec_format_flags(int flags, char *buf, size_t len);

/* "{{0, -1, SEM_UNDO}, {1, +1, 0}}" — valid C initializer text. When it does
 * not fit in len, it ends with "...}". Returns buf. */
char *semspec_format(const struct sembuf *ops, size_t n, char *buf, size_t len);

#endif
