/* tracemode.c — owns the --trace loop: tracing opened (or the one line
 * saying why not), the calls drained every 50 ms and printed as JSON
 * lines, the end on a signal or the deadline, and the summary. */
#define _GNU_SOURCE
#include "export/tracemode.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/sigflags.h"
#include "base/json.h"
#include "model/ipcobj.h"
#include "proc/nsinfo.h"
#include "trace/tracer.h"
#include "trace/tracestats.h"

#define DRAIN_NS 50000000L  /* how often the buffers are read */
#define MAX_OBJECTS 4096    /* rows of the summary table at most */
#define MAX_PENDING 64      /* blocked calls listed at most */

/* SIGINT, SIGTERM, SIGHUP end the trace: their flags (sigflags.h). */
static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP };

static bool quit_asked(void)
{
	for (size_t i = 0; i < sizeof(quit_signals) / sizeof(quit_signals[0]); i++)
		if (sigflags_pending(quit_signals[i]))
			return true;
	return false;
}

/* A crash removes the instance, then dies of the same signal. */
static void on_fatal(int sig)
{
	tracefs_emergency();
	raise(sig); /* SA_RESETHAND: the default action now */
}

/* Quit signals blocked except inside ppoll (sigflags); SIGPIPE ignored (a
 * closed stdout is an EPIPE); fatal signals remove the instance first. */
static int setup_signals(void)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	if (sigflags_install(quit_signals, sizeof(quit_signals) / sizeof(quit_signals[0])) < 0 ||
	    sigflags_ignore(SIGPIPE) < 0)
		return -1;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fatal;
	sa.sa_flags = (int)(SA_RESETHAND | SA_NODEFER);
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		if (sigaction(fatal[i], &sa, NULL) < 0)
			return -1;
	return 0;
}

struct run {
	unsigned kinds;
	int64_t mono_to_real;
	struct tstats stats;
	int out_err;   /* errno of the first failed write */
	bool oom;
};

static void on_call(const struct trace_call *c, void *ctx)
{
	struct run *r = ctx;
	if (!(r->kinds & KIND_BIT(tracecall_kind(c))))
		return;
	if (tstats_add(&r->stats, c) < 0)
		r->oom = true;
	if (r->out_err)
		return;
	struct json j;
	json_init(&j, stdout, 0);
	tracecall_json(c, &j, r->mono_to_real);
	if (ferror(stdout))
		r->out_err = errno ? errno : EIO;
}

static void ops_text(const struct tstats_obj *o, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int op = 0; op < TOP_COUNT; op++)
		if (o->by_op[op]) {
			size_t at = strlen(buf);
			snprintf(buf + at, len - at, "%s%s %" PRIu64, at ? " " : "", trace_op_name((enum trace_op)op),
				 o->by_op[op]);
		}
}

void tracemode_summary(FILE *out, const struct tstats *s, const struct tracer_counts *counts,
		       const struct trace_call *pending, size_t npending, double seconds, unsigned kinds,
		       unsigned long long now_ns)
{
	static const struct tstats_obj *objs[MAX_OBJECTS];
	size_t total = tstats_list(s, objs, MAX_OBJECTS), n = total < MAX_OBJECTS ? total : MAX_OBJECTS;
	fprintf(out, _("ipctop: traced %.1f s: %" PRIu64 " calls on %zu objects\n"), seconds, s->calls, total);
	if (n)
		fprintf(out, "%-4s %10s %8s %7s %9s %9s  %s\n", "TYPE", "ID", "CALLS", "ERRORS", "P50", "P99",
			"OPERATIONS");
	for (size_t i = 0; i < n; i++) {
		const struct tstats_obj *o = objs[i];
		char id[16], p50[16], p99[16], ops[160];
		if (o->id >= 0)
			snprintf(id, sizeof(id), "%d", o->id);
		else
			snprintf(id, sizeof(id), "?");
		trace_format_duration(tstats_percentile(o, 50), 0, p50, sizeof(p50));
		trace_format_duration(tstats_percentile(o, 99), 0, p99, sizeof(p99));
		ops_text(o, ops, sizeof(ops));
		fprintf(out, "%-4s %10s %8" PRIu64 " %7" PRIu64 " %9s %9s  %s\n", kind_name(o->kind), id, o->calls,
			o->errors, p50, p99, ops);
	}
	if (total > n)
		fprintf(out, _("(%zu more objects not listed)\n"), total - n);
	for (size_t i = 0; i < n; i++) {
		const struct tstats_obj *o = objs[i];
		if (o->kind != KIND_SEM || !(o->by_op[TOP_P] + o->by_op[TOP_Z]))
			continue;
		fprintf(out, _("waits of P and wait-for-zero on sem %d:"), o->id);
		for (size_t b = 0; b < TSTATS_WAIT_BUCKETS; b++)
			if (o->wait[b])
				fprintf(out, " %s %" PRIu32, tstats_wait_label(b, 0), o->wait[b]);
		fputc('\n', out);
	}
	for (size_t i = 0; i < npending; i++) {
		const struct trace_call *c = &pending[i];
		if (!(kinds & KIND_BIT(tracecall_kind(c))))
			continue;
		char text[256], d[16];
		fprintf(out, _("still in a call: pid %d (%s) %s for %s\n"), (int)c->tgid, c->comm,
			tracecall_format(c, text, sizeof(text)),
			trace_format_duration(now_ns > c->start_ns ? now_ns - c->start_ns : 0, 0, d, sizeof(d)));
	}
	const struct callstream_counts *k = &counts->cs;
	fprintf(out,
		_("not shown: %" PRIu64 " calls of other IPC namespaces, %" PRIu64
		  " of processes that ended before their namespace was known, %" PRIu64
		  " returns whose call began before tracing; lost: %" PRIu64 " events dropped by the kernel (buffer full), %" PRIu64
		  " calls whose return was lost\n"),
		k->other_ns, k->unknown_ns, k->unpaired, counts->kernel_lost + k->lost_events, k->no_exit);
}

static int loop(struct tracer *t, struct run *r, double seconds)
{
	uint64_t start = tracer_now();
	uint64_t end = seconds > 0 ? start + (uint64_t)(seconds * 1e9) : UINT64_MAX;
	char why[512];
	for (;;) {
		uint64_t now = tracer_now();
		long wait = now >= end ? 0 : end - now < (uint64_t)DRAIN_NS ? (long)(end - now) : DRAIN_NS;
		struct timespec ts = { 0, wait };
		if (wait > 0)
			(void)ppoll(NULL, 0, &ts, sigflags_wait_mask()); /* returns early (EINTR) on a signal */
		if (tracer_drain(t, on_call, r, why, sizeof(why)) < 0) {
			fprintf(stderr, "ipctop: %s\n", why);
			return 1;
		}
		if (fflush(stdout) == EOF && !r->out_err)
			r->out_err = errno ? errno : EIO;
		if (r->out_err)
			return r->out_err == EPIPE ? 0 : 1;
		if (quit_asked() || tracer_now() >= end)
			return 0;
	}
}

int tracemode_main(const struct tracemode_config *cfg)
{
	struct tracer t;
	char why[512];
	if (setup_signals() < 0) {
		fprintf(stderr, "ipctop: sigaction: %s (setting up the signal handlers)\n", strerror(errno));
		return 1;
	}
	if (tracer_open(&t, 0, why, sizeof(why)) < 0) {
		fprintf(stderr, _("ipctop: tracing unavailable: %s\n"), why);
		return 1;
	}
	atexit(tracefs_emergency); /* an exit() from deeper down still removes the instance */
	struct run r = { .kinds = cfg->kinds, .mono_to_real = tracer_mono_to_real(), .out_err = 0, .oom = false };
	tstats_init(&r.stats);
	fprintf(stderr, _("ipctop: tracing the System V IPC calls of ipc:[%" PRIu64 "]%s; one JSON line per call\n"),
		nsinfo_of(0), cfg->seconds > 0 ? "" : _(" until Ctrl-C"));
	uint64_t start = tracer_now();
	int status = loop(&t, &r, cfg->seconds);
	if (r.out_err && r.out_err != EPIPE)
		fprintf(stderr, "ipctop: writing output: %s\n", strerror(r.out_err));
	if (r.oom)
		fprintf(stderr, "ipctop: out of memory: the summary misses some calls\n");
	static struct trace_call pending[MAX_PENDING];
	size_t np = tracer_pending(&t, pending, MAX_PENDING);
	struct tracer_counts counts;
	tracer_counts(&t, 1, &counts);
	uint64_t now = tracer_now();
	tracer_close(&t);
	tracemode_summary(stderr, &r.stats, &counts, pending, np < MAX_PENDING ? np : MAX_PENDING,
			  (double)(now - start) / 1e9, cfg->kinds, now);
	tstats_free(&r.stats);
	return status;
}
