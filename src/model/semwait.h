/* semwait.h — which semaphore sets a task may be waiting on, from one pass
 * over every task's /proc/PID/task/TID/wchan (and, for the few asleep in
 * semop, its syscall file: the semid is the first argument). It lets a
 * snapshot read GETNCNT/GETZCNT, one semctl per semaphore each, only for
 * those sets: for every other set semncnt and semzcnt are 0, exactly,
 * provided the pass saw every task. It did (complete) when ipctop runs in
 * the initial PID namespace (so /proc shows every process of every IPC
 * namespace), the wchan of every task could be read (root: yes; another
 * user's tasks show 0) and the syscall of every task asleep in semop was a
 * native semop/semtimedop (not a 32-bit one). Otherwise every set must be
 * read. A task that starts waiting after the pass is one that was not
 * waiting when the pass read it: the counts hold for that moment, as a
 * GETNCNT read a moment earlier would.
 *
 * (Issue 14's waiter scan reads the same files and more: who waits, on
 * which semaphore, for what; this interface is what a snapshot needs of it.) */
#ifndef IPCTOP_SEMWAIT_H
#define IPCTOP_SEMWAIT_H

#include <stdbool.h>
#include <stddef.h>

struct semwait_scan {
	int *semids;  /* sorted, unique: sets some task of our IPC namespace (or of
		       * one we could not tell) sleeps in semop on */
	size_t n, cap;
	size_t tasks; /* tasks looked at */
	bool complete; /* every task was seen and classified */
	char why[160]; /* when not complete: the first reason */
};

/* Scans every task (it stops at the first it cannot classify); *s must be
 * zeroed or a previous result. all_visible: trust that /proc shows every
 * task that can wait on our sets even outside the initial PID namespace
 * (true in a private PID and IPC namespace nobody else enters: tests and
 * benchmarks, $IPCTOP_SEMWAIT=visible). Returns 0 (complete tells whether
 * the result can be used), or -1 (ENOMEM). */
int semwait_scan(struct semwait_scan *s, bool all_visible);

/* Whether semid needs its counts read: the scan was incomplete, or some
 * task may wait on it. */
bool semwait_may_wait(const struct semwait_scan *s, int semid);

void semwait_free(struct semwait_scan *s);

/* The pieces, for tests. Whether a wchan text ("__do_semtimedop\n") is
 * the sleep of semop/semtimedop; whether it names a function at all ("0"
 * is a running task's, a hex number a kernel without symbols). */
bool semwait_wchan_is_semop(const char *wchan);
bool semwait_wchan_is_symbol(const char *wchan);
/* The semid of a /proc/PID/syscall text of a native semop/semtimedop
 * ("220 0x1 0x7ffe... 0x1 ..."), SEMWAIT_RUNNING for "running" (the task
 * woke up meanwhile), SEMWAIT_UNKNOWN for another syscall number (a 32-bit
 * task's) or text that does not parse. */
#define SEMWAIT_RUNNING (-1)
#define SEMWAIT_UNKNOWN (-2)
int semwait_syscall_semid(const char *text);

#endif
