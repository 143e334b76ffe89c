/* tracefs.h — the kernel side of tracing: finding tracefs (mounting it on
 * /sys/kernel/tracing when it is not mounted), ipctop's private ftrace
 * instance instances/ipctop-PID-START (created and configured at open,
 * removed at close, at exit and on a crash; instances left by an ipctop
 * that died — SIGKILL — are removed at the next open), the format texts
 * of its events, its per-CPU raw pipes and lost-event counters. Nothing
 * outside the instance is changed (except mounting tracefs). */
#ifndef IPCTOP_TRACEFS_H
#define IPCTOP_TRACEFS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define TRACEFS_MAX_CPUS 256
#define TRACEFS_PREFIX "ipctop-"

struct tracefs {
	char root[64];        /* "/sys/kernel/tracing" */
	char dir[PATH_MAX];   /* our instance */
	int fd[TRACEFS_MAX_CPUS]; /* per_cpu/cpuN/trace_pipe_raw, O_NONBLOCK */
	int ncpu;
	size_t page_size;     /* bytes per read (the sub-buffer size) */
	uint64_t lost_base;   /* the counters at open (a fresh instance: 0) */
};

/* Opens tracing: tracefs found or mounted, stale instances of ended
 * ipctops removed, our instance made (buffer_kb per CPU, the trace clock
 * CLOCK_MONOTONIC, every event of tracedec.h enabled, the system calls of
 * process `self` filtered out in the kernel), its raw pipes opened, then
 * switched on. Returns 0, or -1 with errno and a one-line reason in why
 * ("mkdir /sys/kernel/tracing/instances/ipctop-12-345: Permission denied
 * (tracing needs root)"), everything made so far removed again. Registers
 * the instance for tracefs_emergency. */
int tracefs_open(struct tracefs *t, size_t buffer_kb, pid_t self, char *why, size_t whylen);

/* Reads the format text of an event ("syscalls/sys_enter_semop", or
 * "header_page") into buf. Returns 0, or -1 with errno and why. */
int tracefs_format(const struct tracefs *t, const char *event, char *buf, size_t len, char *why,
		   size_t whylen);

/* Events the kernel dropped or overwrote in our buffers since the open
 * (the per-CPU stats: overrun + dropped events). -1 when unreadable. */
int64_t tracefs_lost(const struct tracefs *t);

/* Switches tracing off, closes the pipes and removes the instance.
 * Idempotent. */
void tracefs_close(struct tracefs *t);

/* For crash handlers: closes the pipes and removes the registered
 * instance with async-signal-safe calls only. */
void tracefs_emergency(void);

/* Removes instances/ipctop-PID-START of every ipctop that is no longer
 * running (no process PID, or one started at another time). An instance
 * still in use is never removed (the kernel refuses: EBUSY). Returns how
 * many were removed; root is the tracefs mount point. */
int tracefs_clean_stale(const char *root);

/* Whether an instance name is ours and stale: "ipctop-PID-START" whose
 * process is gone. The stat text reader is a parameter for tests:
 * read_stat(pid, buf, len) returns bytes read or -1. */
int tracefs_name_is_stale(const char *name, ssize_t (*read_stat)(pid_t pid, char *buf, size_t len));

/* The start time of a process (field 22 of /proc/PID/stat, clock ticks
 * after boot) from the text of that file; 0 when malformed. */
unsigned long long tracefs_stat_start(const char *stat_text);

#endif
