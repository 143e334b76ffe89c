/* tracemode.h — `ipctop --trace[=SECONDS]`: every System V IPC call of the
 * IPC namespace ipctop is in (after --ns), one JSON line per call on
 * stdout as it completes, until SECONDS pass or SIGINT/SIGTERM/SIGHUP
 * (or the reader of stdout goes away); then a summary on stderr: a table
 * per object (calls, errors, p50/p99 duration, operations), the wait
 * histogram of each semaphore set, the calls still blocked, and what was
 * not shown (other namespaces, lost events) — reported, never hidden. */
#ifndef IPCTOP_TRACEMODE_H
#define IPCTOP_TRACEMODE_H

#include <stdio.h>

struct tracemode_config {
	double seconds;  /* 0: until a signal */
	unsigned kinds;  /* KIND_BIT set of objects whose calls are printed */
};

/* Runs the trace. Returns the exit status: 0, or 1 when tracing is
 * unavailable (one line on stderr: "ipctop: tracing unavailable: <why>")
 * or writing stdout failed (EPIPE ends it with 0). */
int tracemode_main(const struct tracemode_config *cfg);

/* Writes the summary (the table and the notes) of a finished trace to
 * out; used by tracemode_main, separate for tests. */
struct tstats;
struct tracer_counts;
struct trace_call;
void tracemode_summary(FILE *out, const struct tstats *s, const struct tracer_counts *counts,
		       const struct trace_call *pending, size_t npending, double seconds, unsigned kinds,
		       unsigned long long now_ns);

#endif
