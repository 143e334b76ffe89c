/* callstream.h — from the raw pages of the per-CPU trace buffers to the
 * completed System V IPC calls of one IPC namespace, in time order: decodes
 * each page's records (tracedec.h), merges the CPUs by time stamp, keeps
 * only the tasks of the namespace (known from the kernel's new-task and
 * rename events — a child is in its parent's namespace unless it was
 * cloned with CLONE_NEWIPC, and a task that unshares CLONE_NEWIPC is in a
 * new one — or asked through the env callbacks once per task and second,
 * and again after a setns), pairs each task's entry with its exit, reads
 * a semop's operations from the caller while it is known to be inside the
 * call (at its entry event), and maps each call to its object (shmdt by the
 * address an earlier shmat returned). Counts what it could not show
 * instead of hiding it. No file access of its own: the env callbacks
 * reach /proc and the callers' memory, so tests can feed recorded pages. */
#ifndef IPCTOP_CALLSTREAM_H
#define IPCTOP_CALLSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "trace/idmap.h"
#include "trace/rawpage.h"
#include "trace/tracecall.h"
#include "trace/tracedec.h"

/* One piece of a task's memory to copy. */
struct callstream_peek {
	uint64_t addr;
	void *buf;
	size_t len;
	bool ok;      /* set by the env: all len bytes were copied */
};

struct callstream_env {
	/* The process (tgid), command name and IPC namespace inode of task
	 * tid. Returns 0, or -1 when the task is gone or unreadable. */
	int (*task)(pid_t tid, pid_t *tgid, uint64_t *ns, char *comm, size_t commlen, void *ctx);
	/* Copies the n pieces of tid's memory (one system call for many: a
	 * batch holds thousands of a busy task's semops), setting each ok. */
	void (*peek)(pid_t tid, struct callstream_peek *reqs, size_t n, void *ctx);
	void *ctx;
};

struct callstream_counts {
	uint64_t calls;      /* completed calls of the namespace delivered */
	uint64_t other_ns;   /* calls by tasks of other IPC namespaces: not shown */
	uint64_t unknown_ns; /* calls by tasks that ended before their namespace
			      * could be read: not shown */
	uint64_t unpaired;   /* exits whose entry was never seen (the call began
			      * before tracing did, or the entry was lost) */
	uint64_t no_exit;    /* entries whose exit was never seen (lost) */
	uint64_t lost_pages; /* pages the kernel said came after lost events */
	uint64_t lost_events;/* events the kernel counted as lost on those pages */
	uint64_t bad;        /* malformed pages or records */
};

struct callstream {
	struct tracedec dec;
	struct rawpage_layout layout;
	struct callstream_env env;
	uint64_t ns;           /* the namespace shown */
	pid_t self;            /* our own process: never shown */
	struct idmap tasks;    /* tid -> task facts */
	struct idmap pending;  /* tid -> struct trace_call inside the call */
	struct idmap orphans;  /* tid -> an exit waiting one batch for its entry */
	struct idmap shmaddrs; /* (tgid, address) -> shmid, from shmat results */
	struct cs_ev *batch;   /* this batch's records, all CPUs */
	size_t nbatch, batch_cap;
	size_t *order;         /* indices of the batch's semop entries, by task */
	struct callstream_peek *reqs;
	size_t order_cap, reqs_cap;
	uint64_t batchno, seq;
	uint64_t last_prune;   /* trace clock of the last pruning */
	struct callstream_counts counts;
};

/* Starts an empty stream for namespace ns (inode), skipping process self.
 * dec and layout are copied. */
void callstream_init(struct callstream *cs, const struct tracedec *dec, const struct rawpage_layout *layout,
		     const struct callstream_env *env, uint64_t ns, pid_t self);
void callstream_free(struct callstream *cs);

/* What is known about a task from elsewhere (a scan of /proc when
 * tracing starts): tasks that end before their first call is read are
 * then still placed in their namespace. */
void callstream_know(struct callstream *cs, pid_t tid, pid_t tgid, uint64_t ns, const char *comm, uint64_t ts);

/* Adds the records of one page (as read from a trace_pipe_raw) to the
 * current batch. Returns 0, or -1 (ENOMEM, or EINVAL for a malformed page,
 * also counted in bad; its records up to the damage are kept). */
int callstream_add_page(struct callstream *cs, const void *page, size_t len);

/* Ends the batch: its records in time order go through the namespace
 * filter and the pairing; cb gets every completed call. Exits still
 * without entry from the batch before are counted unpaired. now_ns (trace
 * clock) drives the pruning of facts about tasks not seen for a while. */
void callstream_flush(struct callstream *cs, uint64_t now_ns,
		      void (*cb)(const struct trace_call *c, void *ctx), void *ctx);

/* The calls entered and not yet left (blocked in a semop, msgrcv ...), at
 * most max into out, done false. Returns how many there are in all. */
size_t callstream_pending(const struct callstream *cs, struct trace_call *out, size_t max);

#endif
