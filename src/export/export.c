/* export.c — --once text and --json output of a snapshot. */
#define _GNU_SOURCE
#include "export/export.h"

#include <inttypes.h>
#include <stdio.h>

#include "base/format.h"
#include "base/json.h"
#include "base/strbuf.h"
#include "export/procjson.h"
#include "proc/names.h"
#include "model/sysinfo.h"

static const char *const section_titles[KIND_COUNT] = {
	"Shared Memory Segments", "Message Queues", "Semaphore Arrays"
};

static void text_header(FILE *out, enum ipc_kind k)
{
	switch (k) {
	case KIND_SHM:
		fprintf(out, "%-10s %-10s %-10s %-10s %-4s %12s %6s %-11s %7s %7s %-19s\n", "key", "shmid",
			"owner", "perms", "oct", "bytes", "nattch", "status", "cpid", "lpid", "ctime");
		break;
	case KIND_MSG:
		fprintf(out, "%-10s %-10s %-10s %-10s %-4s %12s %8s %7s %7s %-19s\n", "key", "msqid", "owner",
			"perms", "oct", "used-bytes", "messages", "lspid", "lrpid", "ctime");
		break;
	default:
		fprintf(out, "%-10s %-10s %-10s %-10s %-4s %6s %-19s %-19s\n", "key", "semid", "owner",
			"perms", "oct", "nsems", "otime", "ctime");
		break;
	}
}

/* Appends a space and the field (the columns of text_header). */
static void col(struct strbuf *sb, const char *text, int width, bool right)
{
	strbuf_putc(sb, ' ');
	strbuf_field(sb, text, width, right);
}

static void col_num(struct strbuf *sb, int64_t v, int width, bool right)
{
	strbuf_putc(sb, ' ');
	strbuf_field_i64(sb, v, width, right);
}

static void col_unum(struct strbuf *sb, uint64_t v, int width)
{
	strbuf_putc(sb, ' ');
	strbuf_field_u64(sb, v, width, true);
}

/* One row, built without printf (see strbuf.h) and written at once. */
static void text_row(FILE *out, const struct ipc_object *o)
{
	char line[512], key[16], perms[16], time_[32];
	const char oct[5] = { '0', (char)('0' + (o->mode >> 6 & 7)), (char)('0' + (o->mode >> 3 & 7)),
			      (char)('0' + (o->mode & 7)), '\0' };
	struct strbuf sb;
	strbuf_init(&sb, line, sizeof(line));
	strbuf_field(&sb, format_key(o->key, key, sizeof(key)), 10, false);
	col_num(&sb, o->id, 10, false);
	col(&sb, names_user(o->uid), 10, false);
	col(&sb, format_perms(o->mode, perms, sizeof(perms)), 10, false);
	col(&sb, oct, 0, false);
	switch (o->kind) {
	case KIND_SHM: {
		const struct ipc_shm_fields *m = &o->u.shm;
		const char *status = m->dest && m->locked ? "dest locked" : m->dest ? "dest " : m->locked ? "locked" : "-";
		col_unum(&sb, m->size, 12);
		col_unum(&sb, m->nattch, 6);
		col(&sb, status, 11, false);
		col_num(&sb, m->cpid, 7, true);
		col_num(&sb, m->lpid, 7, true);
		break;
	}
	case KIND_MSG: {
		const struct ipc_msg_fields *q = &o->u.msg;
		col_unum(&sb, q->cbytes, 12);
		col_unum(&sb, q->qnum, 8);
		col_num(&sb, q->lspid, 7, true);
		col_num(&sb, q->lrpid, 7, true);
		break;
	}
	default:
		col_unum(&sb, o->u.sem.nsems, 6);
		col(&sb, format_time_full(o->u.sem.otime, time_, sizeof(time_)), 19, false);
		break;
	}
	col(&sb, format_time_full(o->ctime, time_, sizeof(time_)), 19, false);
	strbuf_putc(&sb, '\n');
	fwrite(line, 1, sb.pos, out);
}

int export_text(FILE *out, const struct snapshot *s, unsigned kinds)
{
	char ns[64], host[256];
	fprintf(out, "ipctop snapshot of %s on %s\n", sysinfo_ipc_ns(ns, sizeof(ns)),
		sysinfo_host(host, sizeof(host)));
	for (int k = 0; k < KIND_COUNT; k++) {
		if (!(kinds & KIND_BIT(k)))
			continue;
		fprintf(out, "\n------ %s (%zu) --------\n", section_titles[k], s->kind_count[k]);
		text_header(out, (enum ipc_kind)k);
		for (size_t i = 0; i < s->count; i++)
			if (s->objs[i].kind == (enum ipc_kind)k)
				text_row(out, &s->objs[i]);
	}
	return ferror(out) ? -1 : 0;
}

static void json_time(struct json *j, const char *name, time_t t)
{
	char buf[32];
	if (t == 0)
		json_null(j, name);
	else
		json_string(j, name, format_time_iso(t, buf, sizeof(buf)));
}

static void json_common(struct json *j, const struct ipc_object *o)
{
	char buf[32];
	json_string(j, "key", format_key(o->key, buf, sizeof(buf)));
	json_int(j, "id", o->id);
	json_string(j, "owner", names_user(o->uid));
	json_string(j, "perms", format_perms(o->mode, buf, sizeof(buf)));
	snprintf(buf, sizeof(buf), "%04o", o->mode & 0777u);
	json_string(j, "octal", buf);
	json_uint(j, "cuid", o->cuid);
	json_string(j, "cuser", names_user(o->cuid));
	json_uint(j, "cgid", o->cgid);
	json_string(j, "cgroup", names_group(o->cgid));
	json_uint(j, "uid", o->uid);
	json_string(j, "user", names_user(o->uid));
	json_uint(j, "gid", o->gid);
	json_string(j, "group", names_group(o->gid));
	json_time(j, "ctime", o->ctime);
}

static void json_shm(struct json *j, const struct ipc_object *o)
{
	const struct ipc_shm_fields *m = &o->u.shm;
	json_uint(j, "size", m->size);
	json_uint(j, "nattch", m->nattch);
	json_begin_array(j, "status");
	if (m->dest) json_string(j, NULL, "dest");
	if (m->locked) json_string(j, NULL, "locked");
	if (m->hugetlb) json_string(j, NULL, "hugetlb");
	json_end_array(j);
	json_time(j, "attach", m->atime);
	json_time(j, "detach", m->dtime);
	json_int(j, "cpid", m->cpid);
	json_int(j, "lpid", m->lpid);
	json_uint(j, "rss", m->rss);
	json_uint(j, "swap", m->swap);
}

static void json_msg(struct json *j, const struct ipc_object *o)
{
	const struct ipc_msg_fields *q = &o->u.msg;
	json_uint(j, "used-bytes", q->cbytes);
	json_uint(j, "msgs", q->qnum);
	if (q->has_qbytes)
		json_uint(j, "qbytes", q->qbytes);
	else
		json_null(j, "qbytes");
	json_time(j, "send", q->stime);
	json_time(j, "recv", q->rtime);
	json_int(j, "lspid", q->lspid);
	json_int(j, "lrpid", q->lrpid);
}

void export_json_fields(struct json *j, const struct ipc_object *o)
{
	json_common(j, o);
	if (o->kind == KIND_SHM) {
		json_shm(j, o);
	} else if (o->kind == KIND_MSG) {
		json_msg(j, o);
	} else {
		json_uint(j, "nsems", o->u.sem.nsems);
		json_time(j, "otime", o->u.sem.otime);
	}
}

static void json_semaphores(struct json *j, const struct snapshot *s, const struct ipc_object *o)
{
	const struct ipc_semval *v = snapshot_semvals(s, o);
	if (!v) {
		json_null(j, "semaphores");
		return;
	}
	json_begin_array(j, "semaphores");
	for (unsigned i = 0; i < o->u.sem.nsems; i++) {
		json_begin_object(j, NULL);
		json_uint(j, "semnum", i);
		json_int(j, "value", v[i].value);
		json_int(j, "ncount", v[i].ncnt);
		json_int(j, "zcount", v[i].zcnt);
		json_int(j, "pid", v[i].pid);
		procjson_semaphore(j, s, o, i, &v[i]);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_limits(struct json *j, const struct ipc_limits *l)
{
	json_begin_object(j, "limits");
	json_uint(j, "shmmax", l->shmmax);
	json_uint(j, "shmmin", l->shmmin);
	json_uint(j, "shmall", l->shmall);
	json_uint(j, "shmmni", l->shmmni);
	json_uint(j, "shmseg", l->shmseg);
	json_uint(j, "msgmax", l->msgmax);
	json_uint(j, "msgmnb", l->msgmnb);
	json_uint(j, "msgmni", l->msgmni);
	json_uint(j, "semmsl", l->semmsl);
	json_uint(j, "semmns", l->semmns);
	json_uint(j, "semopm", l->semopm);
	json_uint(j, "semmni", l->semmni);
	json_uint(j, "semvmx", l->semvmx);
	json_end_object(j);
	json_begin_object(j, "usage");
	json_uint(j, "shm-segments", l->shm_segments);
	json_uint(j, "shm-pages", l->shm_pages);
	json_uint(j, "shm-rss-pages", l->shm_rss_pages);
	json_uint(j, "shm-swap-pages", l->shm_swap_pages);
	json_uint(j, "msg-queues", l->msg_queues);
	json_uint(j, "msg-messages", l->msg_messages);
	json_uint(j, "msg-bytes", l->msg_bytes);
	json_uint(j, "sem-sets", l->sem_sets);
	json_uint(j, "sem-semaphores", l->sem_sems);
	json_uint(j, "page-size", l->page_size);
	json_end_object(j);
}

int export_json(FILE *out, const struct snapshot *s, unsigned kinds)
{
	static const char *const arrays[KIND_COUNT] = { "shm", "msg", "sem" };
	struct json j;
	char ns[64], host[256];
	json_init(&j, out, 0);
	json_begin_object(&j, NULL);
	json_string(&j, "namespace", sysinfo_ipc_ns(ns, sizeof(ns)));
	json_string(&j, "host", sysinfo_host(host, sizeof(host)));
	json_int(&j, "time", (int64_t)s->taken.tv_sec);
	for (int k = 0; k < KIND_COUNT; k++) {
		if (!(kinds & KIND_BIT(k)))
			continue;
		json_begin_array(&j, arrays[k]);
		for (size_t i = 0; i < s->count; i++) {
			const struct ipc_object *o = &s->objs[i];
			if (o->kind != (enum ipc_kind)k)
				continue;
			json_begin_object(&j, NULL);
			export_json_fields(&j, o);
			if (k == KIND_SHM) {
				procjson_attached(&j, s, o);
			} else {
				if (k == KIND_SEM)
					json_semaphores(&j, s, o);
				procjson_waiters(&j, s, o);
			}
			json_end_object(&j);
		}
		json_end_array(&j);
	}
	procjson_deadlocks(&j, s);
	json_limits(&j, &s->limits);
	json_end_object(&j);
	return ferror(out) ? -1 : 0;
}
