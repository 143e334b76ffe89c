/* prometheus.c — owns the Prometheus text exposition of a snapshot: the
 * metric family table, label escaping and the HELP/TYPE/sample layout. */
#define _GNU_SOURCE
#include "export/prometheus.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/format.h"
#include "proc/names.h"
#include "model/sysinfo.h"

void prometheus_write_label_value(FILE *out, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\')
			fputs("\\\\", out);
		else if (*v == '"')
			fputs("\\\"", out);
		else if (*v == '\n')
			fputs("\\n", out);
		else
			fputc(*v, out);
	}
}

static void family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void label(FILE *out, const char *name, const char *value, bool first)
{
	fprintf(out, "%s%s=\"", first ? "" : ",", name);
	prometheus_write_label_value(out, value);
	fputc('"', out);
}

/* A sample with one label. */
static void sample1(FILE *out, const char *metric, const char *lname, const char *lvalue, uint64_t v)
{
	fprintf(out, "%s{", metric);
	label(out, lname, lvalue, true);
	fprintf(out, "} %" PRIu64 "\n", v);
}

/* ---- per-object families ---- */

enum obj_value {
	V_SHM_SIZE, V_SHM_NATTCH, V_MSG_BYTES, V_MSG_MESSAGES, V_MSG_CAPACITY, V_SEM_COUNT, V_SEM_WAITERS,
};

static const struct obj_family {
	enum ipc_kind kind;
	enum obj_value value;
	const char *name, *help;
} obj_families[] = {
	{ KIND_SHM, V_SHM_SIZE, "ipctop_shm_size_bytes", "Size of the System V shared memory segment in bytes." },
	{ KIND_SHM, V_SHM_NATTCH, "ipctop_shm_nattch", "Number of attaches of the shared memory segment." },
	{ KIND_MSG, V_MSG_BYTES, "ipctop_msg_queue_bytes", "Bytes in the messages on the System V message queue." },
	{ KIND_MSG, V_MSG_MESSAGES, "ipctop_msg_queue_messages", "Messages on the System V message queue." },
	{ KIND_MSG, V_MSG_CAPACITY, "ipctop_msg_queue_capacity_bytes",
	  "Capacity of the message queue in bytes (msg_qbytes)." },
	{ KIND_SEM, V_SEM_COUNT, "ipctop_sem_count", "Semaphores in the System V semaphore set." },
	{ KIND_SEM, V_SEM_WAITERS, "ipctop_sem_waiters",
	  "Processes waiting on the semaphore set (sum of semncnt and semzcnt)." },
};

/* The value of o for a family; false when the snapshot lacks it. */
static bool value_of(const struct snapshot *s, const struct ipc_object *o, enum obj_value which, uint64_t *v)
{
	switch (which) {
	case V_SHM_SIZE: *v = o->u.shm.size; return true;
	case V_SHM_NATTCH: *v = o->u.shm.nattch; return true;
	case V_MSG_BYTES: *v = o->u.msg.cbytes; return true;
	case V_MSG_MESSAGES: *v = o->u.msg.qnum; return true;
	case V_MSG_CAPACITY: *v = o->u.msg.qbytes; return o->u.msg.has_qbytes;
	case V_SEM_COUNT: *v = o->u.sem.nsems; return true;
	case V_SEM_WAITERS: break;
	}
	const struct ipc_semval *sv = snapshot_semvals(s, o);
	if (!sv)
		return false;
	*v = 0;
	for (unsigned i = 0; i < o->u.sem.nsems; i++)
		*v += (uint64_t)(sv[i].ncnt > 0 ? sv[i].ncnt : 0) + (uint64_t)(sv[i].zcnt > 0 ? sv[i].zcnt : 0);
	return true;
}

static void objects(FILE *out, const struct snapshot *s, const struct obj_family *f)
{
	family(out, f->name, f->help);
	for (size_t i = 0; i < s->count; i++) {
		const struct ipc_object *o = &s->objs[i];
		uint64_t v;
		if (o->kind != f->kind || !value_of(s, o, f->value, &v))
			continue;
		char key[16], id[16];
		format_key(o->key, key, sizeof(key));
		snprintf(id, sizeof(id), "%d", o->id);
		fprintf(out, "%s{", f->name);
		label(out, "key", key, true);
		label(out, "id", id, false);
		label(out, "owner", names_user(o->uid), false);
		fprintf(out, "} %" PRIu64 "\n", v);
	}
}

/* ---- limits and usage ---- */

#define LIM(field) { #field, offsetof(struct ipc_limits, field) }
static const struct named_field {
	const char *name;
	size_t offset;
} limit_fields[] = {
	LIM(shmmax), LIM(shmmin), LIM(shmall), LIM(shmmni), LIM(shmseg), LIM(msgmax), LIM(msgmnb),
	LIM(msgmni), LIM(semmsl), LIM(semmns), LIM(semopm), LIM(semmni), LIM(semvmx),
}, usage_fields[] = {
	LIM(shm_segments), LIM(shm_pages), LIM(shm_rss_pages), LIM(shm_swap_pages), LIM(msg_queues),
	LIM(msg_messages), LIM(msg_bytes), LIM(sem_sets), { "sem_semaphores", offsetof(struct ipc_limits, sem_sems) },
};
#undef LIM

static void named(FILE *out, const struct ipc_limits *l, const char *metric, const struct named_field *f,
		  size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const uint64_t *v = (const uint64_t *)(const void *)((const char *)l + f[i].offset);
		sample1(out, metric, "name", f[i].name, *v);
	}
}

int prometheus_write(FILE *out, const struct snapshot *s, unsigned kinds)
{
	char ns[64], host[256];
	family(out, "ipctop_info", "Where the snapshot was taken; always 1.");
	fprintf(out, "ipctop_info{");
	label(out, "namespace", sysinfo_ipc_ns(ns, sizeof(ns)), true);
	label(out, "host", sysinfo_host(host, sizeof(host)), false);
	fprintf(out, "} 1\n");

	family(out, "ipctop_objects", "System V IPC objects read, per type.");
	for (int k = 0; k < KIND_COUNT; k++)
		if (kinds & KIND_BIT(k))
			sample1(out, "ipctop_objects", "type", kind_name((enum ipc_kind)k), s->kind_count[k]);

	for (size_t i = 0; i < sizeof(obj_families) / sizeof(obj_families[0]); i++)
		if (kinds & KIND_BIT(obj_families[i].kind))
			objects(out, s, &obj_families[i]);

	family(out, "ipctop_limit", "System V IPC limit (IPC_INFO; /proc/sys/kernel).");
	named(out, &s->limits, "ipctop_limit", limit_fields, sizeof(limit_fields) / sizeof(limit_fields[0]));
	family(out, "ipctop_usage", "System V IPC usage (SHM_INFO, MSG_INFO, SEM_INFO).");
	named(out, &s->limits, "ipctop_usage", usage_fields, sizeof(usage_fields) / sizeof(usage_fields[0]));
	return ferror(out) ? -1 : 0;
}
