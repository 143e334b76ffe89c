/* childproc.h — forking helper children that die with us, and reaping them:
 * the common start of every scenario process and of the --bench-ipc
 * ponger. A child forked here runs with default signal dispositions and an
 * empty signal mask, in the process group asked for, with its standard
 * input on /dev/null, and gets SIGKILL when its parent dies
 * (PR_SET_PDEATHSIG, checked against a parent that died before prctl). */
#ifndef IPCTOP_CHILDPROC_H
#define IPCTOP_CHILDPROC_H

#include <stddef.h>
#include <sys/types.h>

/* Forks. pgid 0 puts the child in a new group of its own (pgid = its pid),
 * else in group pgid; the parent sets the group too, so it holds when this
 * returns. Signals are blocked across fork(), so none of the caller's
 * handlers can run in the child before the defaults are back. Returns the
 * child's pid in the parent, 0 in the child, -1 with errno (fork failed,
 * or setpgid failed: the child is then killed and reaped). The child must
 * leave with _exit(), never exit(). */
pid_t childproc_fork(pid_t pgid);

/* Like childproc_fork, for a guard that must act when the parent dies:
 * the child gets deathsig (not SIGKILL) at the parent's death, and keeps
 * EVERY signal blocked (dispositions back to SIG_DFL), so it can
 * sigwaitinfo() for deathsig; if the parent died before prctl, deathsig
 * is already pending. The child must leave with _exit(). */
pid_t childproc_fork_guard(pid_t pgid, int deathsig);

/* In a child: closes every fd from 3 up except those in keep[0..n-1]
 * (close_range; one by one on kernels without it). */
void childproc_close_others(const int *keep, size_t n);

/* In a child: every signal back to SIG_DFL, mask empty. */
void childproc_defaults(void);

/* Sleeps ms milliseconds; EINTR resumes the rest. */
void childproc_nap_ms(long ms);

/* Milliseconds on CLOCK_MONOTONIC (arbitrary origin). */
long long childproc_now_ms(void);

/* waitpid(pid) for at most timeout_ms (0: only a WNOHANG try, < 0: no
 * limit). Returns 1 reaped (*status set when not NULL), 0 still running,
 * -1 with errno (ECHILD: not our child, or reaped already). */
int childproc_reap(pid_t pid, int *status, long timeout_ms);

/* Describes a wait status: "exited 0", "killed by SIGKILL". Returns buf. */
char *childproc_status_text(int status, char *buf, size_t len);

#endif
