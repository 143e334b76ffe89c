/* tracer.c — owns the open tracer: building the decoder from the kernel's
 * formats, the non-blocking reads of the per-CPU pipes, and the real
 * environment of the call stream (/proc facts, process_vm_readv). */
#define _GNU_SOURCE
#include "trace/tracer.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "base/errtext.h"
#include "proc/nsinfo.h"
#include "proc/procinfo.h"

/* Pages read per CPU in one drain at most: a writer faster than we read
 * cannot keep us in the loop (what stays is read next time). */
#define MAX_PAGES_PER_CPU 2048

uint64_t tracer_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int64_t tracer_mono_to_real(void)
{
	struct timespec r;
	uint64_t m0 = tracer_now();
	clock_gettime(CLOCK_REALTIME, &r);
	uint64_t m1 = tracer_now();
	int64_t real = (int64_t)r.tv_sec * 1000000000 + r.tv_nsec;
	return real - (int64_t)(m0 / 2 + m1 / 2);
}

size_t tracer_buffer_kb(long ncpu)
{
	size_t kb = ncpu > 0 ? TRACER_BUFFER_TOTAL_KB / (size_t)ncpu : TRACER_BUFFER_MIN_KB;
	return kb < TRACER_BUFFER_MIN_KB ? TRACER_BUFFER_MIN_KB : kb > TRACER_BUFFER_MAX_KB ? TRACER_BUFFER_MAX_KB : kb;
}

/* ---- the environment: /proc and the callers' memory ----------------------- */

static int real_task(pid_t tid, pid_t *tgid, uint64_t *ns, char *comm, size_t commlen, void *ctx)
{
	(void)ctx;
	char path[64], text[2048];
	*ns = nsinfo_of(tid);
	if (!*ns)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	if (procinfo_slurp(path, text, sizeof(text)) <= 0)
		return -1;
	const char *t = strstr(text, "\nTgid:");
	*tgid = t ? (pid_t)strtol(t + 6, NULL, 10) : tid;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)tid);
	ssize_t n = procinfo_slurp(path, comm, commlen);
	if (n <= 0)
		return -1;
	if (comm[n - 1] == '\n')
		comm[n - 1] = '\0';
	return 0;
}

/* process_vm_readv of up to IOV_MAX pieces at a time; it stops at the
 * first piece it cannot read, so the pieces before it are the good ones. */
static void real_peek(pid_t tid, struct callstream_peek *reqs, size_t n, void *ctx)
{
	(void)ctx;
	enum { CHUNK = 256 };
	struct iovec local[CHUNK], remote[CHUNK];
	for (size_t at = 0; at < n; at += CHUNK) {
		size_t m = n - at < CHUNK ? n - at : CHUNK;
		for (size_t i = 0; i < m; i++) {
			local[i] = (struct iovec){ reqs[at + i].buf, reqs[at + i].len };
			remote[i] = (struct iovec){ (void *)(uintptr_t)reqs[at + i].addr, reqs[at + i].len };
		}
		ssize_t got = process_vm_readv(tid, local, (unsigned long)m, remote, (unsigned long)m, 0);
		size_t left = got > 0 ? (size_t)got : 0;
		for (size_t i = 0; i < m; i++) {
			reqs[at + i].ok = left >= reqs[at + i].len;
			left = reqs[at + i].ok ? left - reqs[at + i].len : 0;
		}
		if (got < 0 && (errno == ESRCH || errno == EPERM))
			break; /* the task is gone or not ours to read */
	}
}

/* Every task running now, placed in its namespace (the threads of a
 * process in the process's): a task that makes a last call and ends
 * before that call is read is still known. Commands are read for the
 * traced namespace only. */
static void seed_tasks(struct tracer *t)
{
	DIR *proc = opendir("/proc");
	if (!proc)
		return;
	uint64_t now = tracer_now();
	struct dirent *e;
	while ((e = readdir(proc)) != NULL) {
		pid_t pid = procinfo_pid_of(e->d_name);
		if (pid <= 0 || pid == getpid())
			continue;
		uint64_t ns = nsinfo_of(pid);
		char path[64], comm[TRACE_COMM] = "";
		if (!ns)
			continue;
		if (ns == t->cs.ns) {
			snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
			ssize_t n = procinfo_slurp(path, comm, sizeof(comm));
			if (n > 0 && comm[n - 1] == '\n')
				comm[n - 1] = '\0';
		}
		snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
		DIR *tasks = opendir(path);
		if (!tasks) {
			callstream_know(&t->cs, pid, pid, ns, comm, now);
			continue;
		}
		struct dirent *te;
		while ((te = readdir(tasks)) != NULL) {
			pid_t tid = procinfo_pid_of(te->d_name);
			if (tid > 0)
				callstream_know(&t->cs, tid, pid, ns, comm, now);
		}
		closedir(tasks);
	}
	closedir(proc);
}

/* ---- open, drain, close --------------------------------------------------- */

static int build_decoder(const struct tracer *t, struct tracedec *dec, struct rawpage_layout *layout, char *why,
			 size_t whylen)
{
	static char text[16384];
	if (tracefs_format(&t->fs, "header_page", text, sizeof(text), why, whylen) < 0)
		return -1;
	if (rawpage_layout_parse(text, layout) < 0)
		return errtext_fail(why, whylen, "events/header_page", EINVAL, "a ring buffer page layout ipctop does not know");
	tracedec_init(dec);
	for (size_t i = 0; i < TRACEDEC_EVENTS; i++) {
		char ev[96];
		tracedec_event_path(i, ev, sizeof(ev));
		if (tracefs_format(&t->fs, ev, text, sizeof(text), why, whylen) < 0)
			return -1;
		if (tracedec_add(dec, text) < 0)
			return errtext_fail(why, whylen, ev, errno, "an event format ipctop does not know");
	}
	return 0;
}

int tracer_open(struct tracer *t, size_t buffer_kb, char *why, size_t whylen)
{
	memset(t, 0, sizeof(*t));
	uint64_t ns = nsinfo_of(0);
	if (!ns)
		return errtext_fail(why, whylen, "readlink /proc/self/ns/ipc", errno, "which IPC namespace to trace");
	if (!buffer_kb)
		buffer_kb = tracer_buffer_kb(sysconf(_SC_NPROCESSORS_CONF));
	if (tracefs_open(&t->fs, buffer_kb, getpid(), why, whylen) < 0)
		return -1;
	struct tracedec dec;
	struct rawpage_layout layout;
	t->page = malloc(t->fs.page_size);
	if (!t->page) {
		tracefs_close(&t->fs);
		return errtext_fail(why, whylen, "malloc", ENOMEM, "a page for reading the trace");
	}
	if (build_decoder(t, &dec, &layout, why, whylen) < 0) {
		int err = errno;
		tracer_close(t);
		errno = err;
		return -1;
	}
	const struct callstream_env env = { real_task, real_peek, NULL };
	callstream_init(&t->cs, &dec, &layout, &env, ns, getpid());
	seed_tasks(t);
	return 0;
}

long tracer_drain(struct tracer *t, void (*cb)(const struct trace_call *c, void *ctx), void *ctx, char *why,
		  size_t whylen)
{
	uint64_t before = t->cs.counts.calls;
	int rc = 0;
	for (int cpu = 0; cpu < t->fs.ncpu && rc == 0; cpu++)
		for (int i = 0; i < MAX_PAGES_PER_CPU; i++) {
			ssize_t n = read(t->fs.fd[cpu], t->page, t->fs.page_size);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EAGAIN)
				break;
			if (n < 0) {
				char call[64];
				snprintf(call, sizeof(call), "read per_cpu/cpu%d/trace_pipe_raw", cpu);
				rc = errtext_fail(why, whylen, call, errno, "reading the trace");
				break;
			}
			if (n == 0)
				break;
			/* A malformed page is counted (bad) and skipped. */
			if (callstream_add_page(&t->cs, t->page, (size_t)n) < 0 && errno == ENOMEM) {
				rc = errtext_fail(why, whylen, "malloc", ENOMEM, "the records of the trace");
				break;
			}
		}
	callstream_flush(&t->cs, tracer_now(), cb, ctx);
	return rc < 0 ? -1 : (long)(t->cs.counts.calls - before);
}

void tracer_counts(struct tracer *t, int fresh, struct tracer_counts *out)
{
	uint64_t now = tracer_now();
	if (fresh || now >= t->lost_read + 1000000000u) {
		int64_t lost = tracefs_lost(&t->fs);
		if (lost >= 0)
			t->kernel_lost = (uint64_t)lost;
		t->lost_read = now;
	}
	out->cs = t->cs.counts;
	out->kernel_lost = t->kernel_lost;
}

size_t tracer_pending(const struct tracer *t, struct trace_call *out, size_t max)
{
	return callstream_pending(&t->cs, out, max);
}

bool tracer_follow_ns(struct tracer *t, uint64_t ns)
{
	if (!ns || ns == t->cs.ns)
		return false;
	t->cs.ns = ns;
	return true;
}

void tracer_close(struct tracer *t)
{
	tracefs_close(&t->fs);
	callstream_free(&t->cs);
	free(t->page);
	t->page = NULL;
}
