/* tracer.h — live tracing of the System V IPC calls of the IPC namespace
 * ipctop is in: the ftrace instance (tracefs.h) read without blocking, its
 * pages turned into calls (callstream.h) with the facts of each task from
 * /proc and each semop's operations read from the caller's memory. The
 * one interface the --trace mode and the TUI use. */
#ifndef IPCTOP_TRACER_H
#define IPCTOP_TRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace/callstream.h"
#include "trace/tracecall.h"
#include "trace/tracefs.h"

/* The kernel's buffers: 32 MiB shared by the CPUs, 4 to 16 MiB each. A
 * call takes about 80 bytes (entry and exit): 16 MiB hold 4 s of 50 000
 * calls/s on one CPU, for when ipctop waits for a busy CPU. */
#define TRACER_BUFFER_TOTAL_KB 32768
#define TRACER_BUFFER_MIN_KB 4096
#define TRACER_BUFFER_MAX_KB 16384

/* The per-CPU buffer size (KiB) for ncpu CPUs. */
size_t tracer_buffer_kb(long ncpu);

struct tracer {
	struct tracefs fs;
	struct callstream cs;
	unsigned char *page;
	uint64_t kernel_lost; /* the last tracefs_lost reading */
	uint64_t lost_read;   /* CLOCK_MONOTONIC ns of that reading */
};

/* What was not shown, for reports. */
struct tracer_counts {
	struct callstream_counts cs;
	uint64_t kernel_lost; /* events the kernel dropped or overwrote (buffer full) */
};

/* Starts tracing the calls of the current IPC namespace (ipctop's own
 * calls excluded). buffer_kb 0: tracer_buffer_kb(CPUs). Returns 0, or -1 with
 * errno and the one-line reason in why. */
int tracer_open(struct tracer *t, size_t buffer_kb, char *why, size_t whylen);

/* Reads everything the kernel buffered so far (never blocks) and gives cb
 * every call completed since, in time order. Returns the number of calls,
 * or -1 with errno and why when a pipe could not be read. */
long tracer_drain(struct tracer *t, void (*cb)(const struct trace_call *c, void *ctx), void *ctx,
		  char *why, size_t whylen);

/* The counts so far; the kernel's lost counter is read at most once a
 * second unless fresh is set. */
void tracer_counts(struct tracer *t, int fresh, struct tracer_counts *out);

/* The calls still in progress (blocked): see callstream_pending. */
size_t tracer_pending(const struct tracer *t, struct trace_call *out, size_t max);

/* Follows ipctop into another IPC namespace (after a setns): the calls of
 * namespace ns are shown from now on. Returns whether it changed. */
bool tracer_follow_ns(struct tracer *t, uint64_t ns);

/* Stops tracing and removes the instance. Idempotent. */
void tracer_close(struct tracer *t);

/* CLOCK_MONOTONIC in ns: the trace clock. */
uint64_t tracer_now(void);

/* What to add to the trace clock for wall-clock time (ns). */
int64_t tracer_mono_to_real(void);

#endif
