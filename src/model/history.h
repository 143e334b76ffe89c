/* history.h — what a refresh remembers from the ones before it: since when
 * each wait has been seen (the kernel does not say when a process started
 * waiting: "waiting since" is the first refresh that saw it), and each
 * segment's creator's command line as first seen (the creator has often
 * exited by the time its segment is removed). One history per sequence of
 * snapshots (the TUI's refreshes, --watch's). */
#ifndef IPCTOP_HISTORY_H
#define IPCTOP_HISTORY_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "model/snapshot.h"

struct history_wait {
	pid_t tid;
	int call; /* enum wait_call */
	int id;
	struct timespec since;
};

struct history {
	struct history_wait *waits; /* the last snapshot's waits, sorted */
	size_t nwaits, waitcap;
	struct snapshot_creator *creators; /* the last snapshot's creators, by id */
	size_t ncreators, creatorcap;
};

/* Applies the history to a fresh snapshot and remembers it: a wait (same
 * thread, call and object) seen by the previous snapshot keeps its since
 * (else since stays the scan's time); each segment keeps its creator's
 * command when the previous snapshot knew it (same id, key and cpid), else
 * the creator's command line is read now (segments whose creator cannot
 * be read get none). A history that never saw a snapshot (zeroed) just
 * reads. Then the snapshot's per-object waiter summaries are recomputed.
 * Returns 0, or -1 with errno ENOMEM (the snapshot keeps what it had). */
int history_apply(struct history *h, struct snapshot *s);

void history_free(struct history *h);

#endif
