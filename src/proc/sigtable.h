/* sigtable.h — signal names and numbers as `kill -l` shows them (1..64,
 * SIGRTMIN+n / SIGRTMAX-n for the real-time range), and sending a signal
 * with the exact C call as text. */
#ifndef IPCTOP_SIGTABLE_H
#define IPCTOP_SIGTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Highest signal number named (64 on Linux). */
int sigtable_max(void);

/* The name of sig with the SIG prefix: "SIGUSR1", "SIGRTMIN", "SIGRTMIN+3",
 * "SIGRTMAX-2"; glibc's reserved 32 and 33 are "SIG32", "SIG33"; 0 is "0";
 * anything else "SIG?" (and -1 returned). Returns 0 or -1; buf always set. */
int sigtable_name(int sig, char *buf, size_t len);

/* The signal number of text: a name with or without "SIG" in any case
 * ("USR1", "sigusr1", "RTMIN+3", "SIGRTMAX-1", "RTMIN", aliases IOT POLL
 * CLD), or a decimal number 1..sigtable_max(). Surrounding blanks are
 * allowed. Returns the number, or -1 when text names no signal. */
int sigtable_parse(const char *text);

/* Sends sig (0..sigtable_max(); 0 only checks the process) to pid > 0:
 * kill(), or sigqueue() with value when with_value. `call` receives the C
 * call and its result, "kill(1234, SIGUSR1) = 0" or
 * "sigqueue(1234, SIGRTMIN+2, (union sigval){.sival_int = 42}) = -1 ESRCH";
 * `err` is "" on success, else "<call>: <strerror> (<meaning>)" such as
 * "kill: No such process (process 1234 is gone)". pid <= 0 (process groups,
 * everyone) is refused with EINVAL without calling anything. Returns 0, or
 * -1 with errno set. call/err may be NULL. */
int sigtable_send(pid_t pid, int sig, bool with_value, int value, char *call, size_t calllen,
		  char *err, size_t errlen);

#endif
