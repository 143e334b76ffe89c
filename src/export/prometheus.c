/* prometheus.c — owns the Prometheus text exposition of a snapshot: the
 * metric family tables (per object, per semaphore, limits, usage), label
 * escaping and the HELP/TYPE/sample layout. */
#define _GNU_SOURCE
#include "export/prometheus.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#include "base/format.h"
#include "base/utf8.h"
#include "model/sysinfo.h"
#include "proc/names.h"

void prometheus_write_label_value(FILE *out, const char *v)
{
	const unsigned char *p = (const unsigned char *)v;
	while (*p) {
		size_t n = utf8_seq_len(p);
		if (n == 0)
			fprintf(out, "\\\\x%02x", *p);
		else if (*p == '\\' || *p == '"')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else
			fwrite(p, 1, n, out);
		p += n ? n : 1;
	}
}

static void family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* What every sample of one writer needs. */
struct series {
	FILE *out;
	char ns[24];   /* the IPC namespace's inode */
	char *labels;  /* each object's ",key=..,id=..,owner=.." (escaped once), NUL-ended */
	size_t *at;    /* objs[i]'s labels: labels + at[i] */
};

static void label(FILE *out, const char *name, const char *value)
{
	fprintf(out, ",%s=\"", name);
	prometheus_write_label_value(out, value);
	fputc('"', out);
}

/* "metric{namespace=\"...\"" — the caller adds labels and ends it. */
static void open_sample(const struct series *w, const char *metric)
{
	fprintf(w->out, "%s{namespace=\"%s\"", metric, w->ns);
}

/* value = a * mul; past 2^64 (SHMALL in bytes can be) as a float. */
static void close_sample(FILE *out, uint64_t a, uint64_t mul)
{
	if (mul > 1 && a > UINT64_MAX / mul)
		fprintf(out, "} %.17g\n", (double)a * (double)mul);
	else
		fprintf(out, "} %" PRIu64 "\n", a * mul);
}

/* ---- per-object families ---- */

enum obj_value {
	V_SHM_SIZE, V_SHM_RSS, V_SHM_SWAP, V_SHM_NATTCH, V_SHM_ATIME, V_SHM_DTIME,
	V_MSG_BYTES, V_MSG_MESSAGES, V_MSG_CAPACITY, V_MSG_STIME, V_MSG_RTIME,
	V_SEM_NSEMS, V_SEM_OTIME, V_CTIME,
};

static const struct obj_family {
	enum ipc_kind kind;
	enum obj_value value;
	const char *name, *help;
} obj_families[] = {
	{ KIND_SHM, V_SHM_SIZE, "ipctop_shm_size_bytes", "Size of the System V shared memory segment." },
	{ KIND_SHM, V_SHM_RSS, "ipctop_shm_rss_bytes", "Resident memory of the shared memory segment." },
	{ KIND_SHM, V_SHM_SWAP, "ipctop_shm_swap_bytes", "Swapped-out memory of the shared memory segment." },
	{ KIND_SHM, V_SHM_NATTCH, "ipctop_shm_nattch", "Attaches of the shared memory segment (shm_nattch)." },
	{ KIND_SHM, V_SHM_ATIME, "ipctop_shm_attach_timestamp_seconds",
	  "Time of the last shmat of the segment (absent: never)." },
	{ KIND_SHM, V_SHM_DTIME, "ipctop_shm_detach_timestamp_seconds",
	  "Time of the last shmdt of the segment (absent: never)." },
	{ KIND_SHM, V_CTIME, "ipctop_shm_change_timestamp_seconds",
	  "Time the segment was created or last changed by IPC_SET." },
	{ KIND_MSG, V_MSG_BYTES, "ipctop_msg_queue_bytes", "Bytes in the messages on the System V message queue." },
	{ KIND_MSG, V_MSG_MESSAGES, "ipctop_msg_queue_messages", "Messages on the System V message queue." },
	{ KIND_MSG, V_MSG_CAPACITY, "ipctop_msg_queue_capacity_bytes", "Capacity of the message queue (msg_qbytes)." },
	{ KIND_MSG, V_MSG_STIME, "ipctop_msg_send_timestamp_seconds",
	  "Time of the last msgsnd to the queue (absent: never)." },
	{ KIND_MSG, V_MSG_RTIME, "ipctop_msg_receive_timestamp_seconds",
	  "Time of the last msgrcv from the queue (absent: never)." },
	{ KIND_MSG, V_CTIME, "ipctop_msg_change_timestamp_seconds",
	  "Time the queue was created or last changed by IPC_SET." },
	{ KIND_SEM, V_SEM_NSEMS, "ipctop_sem_semaphores", "Semaphores in the System V semaphore set." },
	{ KIND_SEM, V_SEM_OTIME, "ipctop_sem_operation_timestamp_seconds",
	  "Time of the last semop on the set (absent: never)." },
	{ KIND_SEM, V_CTIME, "ipctop_sem_change_timestamp_seconds",
	  "Time the set was created or last changed by IPC_SET, SETVAL or SETALL." },
};

/* The value of o for a family; false when there is none (a time never set,
 * rss/swap not read). */
static bool value_of(const struct snapshot *s, const struct ipc_object *o, enum obj_value which, uint64_t *v)
{
	time_t t = 0;
	switch (which) {
	case V_SHM_SIZE: *v = o->u.shm.size; return true;
	case V_SHM_RSS: *v = o->u.shm.rss; return (s->flags & SNAP_SHMRSS) != 0;
	case V_SHM_SWAP: *v = o->u.shm.swap; return (s->flags & SNAP_SHMRSS) != 0;
	case V_SHM_NATTCH: *v = o->u.shm.nattch; return true;
	case V_MSG_BYTES: *v = o->u.msg.cbytes; return true;
	case V_MSG_MESSAGES: *v = o->u.msg.qnum; return true;
	case V_MSG_CAPACITY: *v = o->u.msg.qbytes; return o->u.msg.has_qbytes;
	case V_SEM_NSEMS: *v = o->u.sem.nsems; return true;
	case V_SHM_ATIME: t = o->u.shm.atime; break;
	case V_SHM_DTIME: t = o->u.shm.dtime; break;
	case V_MSG_STIME: t = o->u.msg.stime; break;
	case V_MSG_RTIME: t = o->u.msg.rtime; break;
	case V_SEM_OTIME: t = o->u.sem.otime; break;
	case V_CTIME: t = o->ctime; break;
	}
	*v = (uint64_t)t;
	return t > 0;
}

/* Writes every object's labels once (a snapshot's samples repeat them
 * 8 to 3 * nsems times). Returns 0, or -1 (ENOMEM). */
static int object_labels(struct series *w, const struct snapshot *s)
{
	size_t len = 0;
	FILE *m = open_memstream(&w->labels, &len);
	w->at = malloc((s->count ? s->count : 1) * sizeof(*w->at));
	if (!m || !w->at) {
		if (m)
			fclose(m);
		return -1;
	}
	for (size_t i = 0; i < s->count; i++) {
		char key[16], id[16];
		w->at[i] = (size_t)ftell(m);
		format_key(s->objs[i].key, key, sizeof(key));
		snprintf(id, sizeof(id), "%d", s->objs[i].id);
		label(m, "key", key);
		label(m, "id", id);
		label(m, "owner", names_user(s->objs[i].uid));
		fputc('\0', m);
	}
	return fclose(m) == 0 ? 0 : -1;
}

/* Opens a sample of objs[i]: namespace, key, id, owner. */
static void open_object_sample(const struct series *w, const char *metric, size_t i)
{
	open_sample(w, metric);
	fputs(w->labels + w->at[i], w->out);
}

static void objects(const struct series *w, const struct snapshot *s, const struct obj_family *f)
{
	family(w->out, f->name, f->help);
	for (size_t i = 0; i < s->count; i++) {
		const struct ipc_object *o = &s->objs[i];
		uint64_t v;
		if (o->kind != f->kind || !value_of(s, o, f->value, &v))
			continue;
		open_object_sample(w, f->name, i);
		close_sample(w->out, v, 1);
	}
}

/* ---- per-semaphore families ---- */

enum sem_value { SV_VALUE, SV_NCNT, SV_ZCNT };

static const struct sem_family {
	enum sem_value value;
	unsigned needs; /* SNAP_* flag without which the numbers were not read */
	const char *name, *help;
} sem_families[] = {
	{ SV_VALUE, SNAP_SEMVALS | SNAP_SEMWAIT, "ipctop_sem_value", "Value of the semaphore (semval)." },
	{ SV_NCNT, SNAP_SEMWAIT, "ipctop_sem_ncnt", "Processes waiting for the semaphore's value to increase (semncnt)." },
	{ SV_ZCNT, SNAP_SEMWAIT, "ipctop_sem_zcnt", "Processes waiting for the semaphore's value to become zero (semzcnt)." },
};

static void semaphores(const struct series *w, const struct snapshot *s, const struct sem_family *f)
{
	family(w->out, f->name, f->help);
	if (!(s->flags & f->needs))
		return;
	for (size_t i = 0; i < s->count; i++) {
		const struct ipc_object *o = &s->objs[i];
		const struct ipc_semval *v = snapshot_semvals(s, o);
		for (unsigned k = 0; v && k < o->u.sem.nsems; k++) {
			int x = f->value == SV_VALUE ? v[k].value : f->value == SV_NCNT ? v[k].ncnt : v[k].zcnt;
			char num[16];
			snprintf(num, sizeof(num), "%u", k);
			open_object_sample(w, f->name, i);
			label(w->out, "semnum", num);
			close_sample(w->out, x > 0 ? (uint64_t)x : 0, 1);
		}
	}
}

/* ---- limits and usage: one family each, in bytes or a count ---- */

enum scale { COUNT, PAGES }; /* PAGES: multiplied by the page size into bytes */

#define LIM(field) offsetof(struct ipc_limits, field)
static const struct limit_family {
	size_t offset;
	enum scale scale;
	const char *name, *help;
} limit_families[] = {
	{ LIM(shmmax), COUNT, "ipctop_limit_shm_segment_max_bytes", "Largest shared memory segment (SHMMAX)." },
	{ LIM(shmmin), COUNT, "ipctop_limit_shm_segment_min_bytes", "Smallest shared memory segment (SHMMIN)." },
	{ LIM(shmall), PAGES, "ipctop_limit_shm_bytes", "Shared memory of all segments together (SHMALL times the page size)." },
	{ LIM(shmmni), COUNT, "ipctop_limit_shm_segments", "Shared memory segments (SHMMNI)." },
	{ LIM(shmseg), COUNT, "ipctop_limit_shm_segments_per_process", "Segments one process may attach (SHMSEG)." },
	{ LIM(msgmax), COUNT, "ipctop_limit_msg_message_bytes", "Largest message (MSGMAX)." },
	{ LIM(msgmnb), COUNT, "ipctop_limit_msg_queue_bytes", "Default capacity of a new message queue (MSGMNB)." },
	{ LIM(msgmni), COUNT, "ipctop_limit_msg_queues", "Message queues (MSGMNI)." },
	{ LIM(semmsl), COUNT, "ipctop_limit_sem_semaphores_per_set", "Semaphores in one set (SEMMSL)." },
	{ LIM(semmns), COUNT, "ipctop_limit_sem_semaphores", "Semaphores in all sets together (SEMMNS)." },
	{ LIM(semopm), COUNT, "ipctop_limit_sem_operations_per_call", "Operations in one semop call (SEMOPM)." },
	{ LIM(semmni), COUNT, "ipctop_limit_sem_sets", "Semaphore sets (SEMMNI)." },
	{ LIM(semvmx), COUNT, "ipctop_limit_sem_value", "Largest semaphore value (SEMVMX)." },
	{ LIM(shm_segments), COUNT, "ipctop_usage_shm_segments", "Shared memory segments in use (SHM_INFO)." },
	{ LIM(shm_pages), PAGES, "ipctop_usage_shm_bytes", "Shared memory allocated to segments, whole pages (SHM_INFO)." },
	{ LIM(shm_rss_pages), PAGES, "ipctop_usage_shm_rss_bytes", "Resident shared memory (SHM_INFO)." },
	{ LIM(shm_swap_pages), PAGES, "ipctop_usage_shm_swap_bytes", "Swapped-out shared memory (SHM_INFO)." },
	{ LIM(msg_queues), COUNT, "ipctop_usage_msg_queues", "Message queues in use (MSG_INFO)." },
	{ LIM(msg_messages), COUNT, "ipctop_usage_msg_messages", "Messages on all queues (MSG_INFO)." },
	{ LIM(msg_bytes), COUNT, "ipctop_usage_msg_bytes", "Bytes in the messages on all queues (MSG_INFO)." },
	{ LIM(sem_sets), COUNT, "ipctop_usage_sem_sets", "Semaphore sets in use (SEM_INFO)." },
	{ LIM(sem_sems), COUNT, "ipctop_usage_sem_semaphores", "Semaphores in all sets (SEM_INFO)." },
};
#undef LIM

static void limits(const struct series *w, const struct ipc_limits *l)
{
	for (size_t i = 0; i < sizeof(limit_families) / sizeof(limit_families[0]); i++) {
		const struct limit_family *f = &limit_families[i];
		const uint64_t *v = (const uint64_t *)(const void *)((const char *)l + f->offset);
		family(w->out, f->name, f->help);
		open_sample(w, f->name);
		close_sample(w->out, *v, f->scale == PAGES ? l->page_size : 1);
	}
}

int prometheus_write(FILE *out, const struct snapshot *s, unsigned kinds)
{
	struct series w = { .out = out };
	char host[256];
	if (object_labels(&w, s) < 0) {
		free(w.labels);
		free(w.at);
		return -1;
	}
	snprintf(w.ns, sizeof(w.ns), "%lu", sysinfo_ipc_ns_inode());
	family(out, "ipctop_info", "Where the snapshot was taken (namespace: inode of the IPC namespace); always 1.");
	open_sample(&w, "ipctop_info");
	label(out, "host", sysinfo_host(host, sizeof(host)));
	close_sample(out, 1, 1);
	family(out, "ipctop_snapshot_timestamp_seconds", "Time the snapshot was read.");
	open_sample(&w, "ipctop_snapshot_timestamp_seconds");
	close_sample(out, (uint64_t)s->taken.tv_sec, 1);

	family(out, "ipctop_objects", "System V IPC objects read, per type.");
	for (int k = 0; k < KIND_COUNT; k++) {
		if (!(kinds & KIND_BIT(k)))
			continue;
		open_sample(&w, "ipctop_objects");
		label(out, "type", kind_name((enum ipc_kind)k));
		close_sample(out, s->kind_count[k], 1);
	}
	for (size_t i = 0; i < sizeof(obj_families) / sizeof(obj_families[0]); i++)
		if (kinds & KIND_BIT(obj_families[i].kind))
			objects(&w, s, &obj_families[i]);
	if (kinds & KIND_BIT(KIND_SEM))
		for (size_t i = 0; i < sizeof(sem_families) / sizeof(sem_families[0]); i++)
			semaphores(&w, s, &sem_families[i]);
	limits(&w, &s->limits);
	free(w.labels);
	free(w.at);
	return ferror(out) ? -1 : 0;
}
