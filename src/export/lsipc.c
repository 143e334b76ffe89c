/* lsipc.c — owns the lsipc-compatible JSON (--json=lsipc): lsipc 2.38's
 * column table and its rules for which columns a set of options shows,
 * the text of each cell (human sizes, the three time formats, status,
 * creator command), and libsmartcols' JSON layout and escaping. */
#define _GNU_SOURCE
#include "export/lsipc.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>

#include "base/format.h"
#include "base/utf8.h"
#include "model/ipcid.h"
#include "proc/names.h"
#include "proc/procinfo.h"

/* lsipc's columns, in its order (sys-utils/lsipc.c, coldescs[]). */
enum col {
	C_KEY, C_ID, C_OWNER, C_PERMS, C_CUID, C_CUSER, C_CGID, C_CGROUP, C_UID, C_USER, C_GID, C_GROUP, C_CTIME,
	C_USEDBYTES, C_MSGS, C_SEND, C_RECV, C_LSPID, C_LRPID,
	C_SIZE, C_NATTCH, C_STATUS, C_ATTACH, C_DETACH, C_COMMAND, C_CPID, C_LPID,
	C_NSEMS, C_OTIME,
	C_RESOURCE, C_DESC, C_LIMIT, C_USED, C_USEPERC,
	C_COUNT
};

/* The JSON names: libsmartcols lower-cases the column names. */
static const char *const col_names[C_COUNT] = {
	"key", "id", "owner", "perms", "cuid", "cuser", "cgid", "cgroup", "uid", "user", "gid", "group", "ctime",
	"usedbytes", "msgs", "send", "recv", "lspid", "lrpid",
	"size", "nattch", "status", "attach", "detach", "command", "cpid", "lpid",
	"nsems", "otime",
	"resource", "description", "limit", "used", "use%",
};

#define MAXCOLS 32

struct columns {
	enum col v[MAXCOLS];
	size_t n;
};

static void add(struct columns *c, enum col id)
{
	if (c->n < MAXCOLS)
		c->v[c->n++] = id;
}

/* lsipc's main(): the defaults of -m/-q/-s, then --global's, then -c's,
 * then -t's (for segments COMMAND stays last when it is last). */
static void choose_columns(const struct lsipc_options *o, struct columns *c)
{
	static const enum col shm[] = { C_KEY, C_ID, C_PERMS, C_OWNER, C_SIZE, C_NATTCH, C_STATUS,
					C_CTIME, C_CPID, C_LPID, C_COMMAND };
	static const enum col msg[] = { C_KEY, C_ID, C_PERMS, C_OWNER, C_USEDBYTES, C_MSGS, C_LSPID, C_LRPID };
	static const enum col sem[] = { C_KEY, C_ID, C_PERMS, C_OWNER, C_NSEMS };
	c->n = 0;
	const enum col *d = o->kind == KIND_SHM ? shm : o->kind == KIND_MSG ? msg : sem;
	size_t nd = o->kind == KIND_SHM ? sizeof(shm) / sizeof(shm[0])
		  : o->kind == KIND_MSG ? sizeof(msg) / sizeof(msg[0]) : sizeof(sem) / sizeof(sem[0]);
	for (size_t i = 0; o->kind >= 0 && i < nd; i++)
		add(c, d[i]);
	if (o->kind < 0 || o->global)
		for (int i = C_RESOURCE; i <= C_USEPERC; i++)
			add(c, (enum col)i);
	if (o->creator) {
		add(c, C_CUID);
		add(c, C_CGID);
		add(c, C_UID);
		add(c, C_GID);
	}
	if (o->time && o->kind == KIND_MSG) {
		add(c, C_SEND);
		add(c, C_RECV);
		add(c, C_CTIME);
	} else if (o->time && o->kind == KIND_SHM) {
		bool cmd_last = c->n > 0 && c->v[c->n - 1] == C_COMMAND;
		c->n -= cmd_last;
		add(c, C_ATTACH);
		add(c, C_DETACH);
		if (cmd_last)
			add(c, C_COMMAND);
	} else if (o->time && o->kind == KIND_SEM) {
		add(c, C_OTIME);
		add(c, C_CTIME);
	}
}

int lsipc_parse_options(const char *list, struct lsipc_options *o, char *bad, size_t badlen)
{
	static const struct {
		const char *name;
		size_t offset;
	} flags[] = {
		{ "bytes", offsetof(struct lsipc_options, bytes) },
		{ "creator", offsetof(struct lsipc_options, creator) },
		{ "time", offsetof(struct lsipc_options, time) },
		{ "numeric-perms", offsetof(struct lsipc_options, numeric_perms) },
		{ "global", offsetof(struct lsipc_options, global) },
	};
	static const char *const formats[] = { "short", "full", "iso" };
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		bool ok = false;
		for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]) && !ok; i++)
			if (strlen(flags[i].name) == n && strncmp(p, flags[i].name, n) == 0) {
				*(bool *)(void *)((char *)o + flags[i].offset) = true;
				ok = true;
			}
		for (int f = 0; f < 3 && !ok; f++)
			if (n == 12 + strlen(formats[f]) && strncmp(p, "time-format=", 12) == 0 &&
			    strncmp(p + 12, formats[f], n - 12) == 0) {
				o->time_format = (enum lsipc_time)f;
				ok = true;
			}
		if (!ok) {
			snprintf(bad, badlen, "%.*s", (int)n, p);
			return -1;
		}
		p += n + (p[n] == ',');
	}
	return 0;
}

/* ---- cell texts ---- */

/* util-linux lib/strutils.c: size_to_human_string with SIZE_SUFFIX_1LETTER. */
char *lsipc_human_size(uint64_t bytes, char *buf, size_t len)
{
	static const char letters[] = "BKMGTPE";
	int exp = 0; /* get_exp(): the largest multiple of 10 with 2^exp <= bytes */
	for (int shift = 10; shift <= 60 && bytes >= (1ULL << shift); shift += 10)
		exp = shift;
	uint64_t dec = exp ? bytes >> exp : bytes;
	uint64_t frac = exp ? bytes & ((1ULL << exp) - 1) : 0;
	if (frac) {
		/* three digits after the point, then rounded to one */
		if (frac >= UINT64_MAX / 1000)
			frac = ((frac / 1024) * 1000) / (1ULL << (exp - 10));
		else
			frac = (frac * 1000) / (1ULL << exp);
		frac = ((frac + 50) / 100) * 10;
		if (frac == 100) {
			dec++;
			frac = 0;
		}
	}
	if (frac)
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "%c", dec, frac / 10, letters[exp / 10]);
	else
		snprintf(buf, len, "%" PRIu64 "%c", dec, letters[exp / 10]);
	return buf;
}

char *lsipc_time_text(time_t t, time_t now, enum lsipc_time fmt, char *buf, size_t len)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm, tn;
	if (!localtime_r(&t, &tm)) {
		snprintf(buf, len, "?");
		return buf;
	}
	if (fmt == LSIPC_TIME_FULL) {
		char tmp[64];
		if (!asctime_r(&tm, tmp))
			tmp[0] = '\0';
		tmp[strcspn(tmp, "\n")] = '\0';
		snprintf(buf, len, "%s", tmp);
	} else if (fmt == LSIPC_TIME_ISO) {
		long off = tm.tm_gmtoff / 60;
		snprintf(buf, len, "%4ld-%.2d-%.2dT%02d:%02d:%02d%+03ld:%02ld", tm.tm_year + 1900L, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, off / 60, labs(off % 60));
	} else if (!localtime_r(&now, &tn) || tm.tm_year != tn.tm_year) {
		snprintf(buf, len, "%ld-%s%02d", tm.tm_year + 1900L, mon[tm.tm_mon], tm.tm_mday);
	} else if (tm.tm_yday != tn.tm_yday) {
		snprintf(buf, len, "%s%02d", mon[tm.tm_mon], tm.tm_mday);
	} else {
		snprintf(buf, len, "%02d:%02d", tm.tm_hour, tm.tm_min);
	}
	return buf;
}

/* lib/procfs.c pid_get_cmdline: len - 1 bytes at most of /proc/PID/cmdline,
 * NULs as spaces, the last byte read dropped (the final NUL, or a character
 * of a rewritten title: lsipc drops it too). NULL when unreadable or empty. */
static const char *creator_command(pid_t pid, char *buf, size_t len)
{
	ssize_t n = pid > 0 ? procinfo_cmdline(pid, buf, len) : -1;
	if (n <= 0)
		return NULL;
	buf[n - 1] = '\0';
	return buf;
}

struct cell {
	char buf[8200];
	const char *text; /* NULL: null */
};

static const char *set(struct cell *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *set(struct cell *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->buf, sizeof(c->buf), fmt, ap);
	va_end(ap);
	return c->text = c->buf;
}

static const char *size_cell(struct cell *c, const struct lsipc_options *o, uint64_t v)
{
	return o->bytes ? set(c, "%" PRIu64, v) : (c->text = lsipc_human_size(v, c->buf, sizeof(c->buf)));
}

static const char *time_cell(struct cell *c, const struct lsipc_options *o, time_t t, time_t now)
{
	return c->text = t ? lsipc_time_text(t, now, o->time_format, c->buf, sizeof(c->buf)) : NULL;
}

/* The cell of column col for object x (NULL text: null). */
static void object_cell(struct cell *c, enum col col, const struct ipc_object *x, const struct lsipc_options *o,
			time_t now)
{
	c->text = NULL;
	switch (col) {
	case C_KEY: set(c, "0x%08x", (unsigned)x->key); break;
	case C_ID: set(c, "%d", x->id); break;
	case C_OWNER: set(c, "%s", names_user(x->uid)); break;
	case C_PERMS:
		if (o->numeric_perms)
			set(c, "%#o", x->mode & 0777u);
		else
			c->text = format_perms(x->mode & 0777u, c->buf, sizeof(c->buf));
		break;
	case C_CUID: set(c, "%u", (unsigned)x->cuid); break;
	case C_CUSER: c->text = names_user_known(x->cuid); break;
	case C_CGID: set(c, "%u", (unsigned)x->cgid); break; /* lsipc 2.38: cuid for shm and msg */
	case C_CGROUP: c->text = names_group_known(x->cgid); break;
	case C_UID: set(c, "%u", (unsigned)x->uid); break;
	case C_USER: c->text = names_user_known(x->uid); break;
	case C_GID: set(c, "%u", (unsigned)x->gid); break;
	case C_GROUP: c->text = names_group_known(x->gid); break;
	case C_CTIME: time_cell(c, o, x->ctime, now); break;
	case C_USEDBYTES: size_cell(c, o, x->u.msg.cbytes); break;
	case C_MSGS: set(c, "%" PRIu32, x->u.msg.qnum); break;
	case C_SEND: time_cell(c, o, x->u.msg.stime, now); break;
	case C_RECV: time_cell(c, o, x->u.msg.rtime, now); break;
	case C_LSPID: set(c, "%u", (unsigned)x->u.msg.lspid); break;
	case C_LRPID: set(c, "%u", (unsigned)x->u.msg.lrpid); break;
	case C_SIZE: size_cell(c, o, x->u.shm.size); break;
	case C_NATTCH: set(c, "%" PRIu64, x->u.shm.nattch); break;
	case C_STATUS: /* "dest", "locked", "dest,locked"; "" is null */
		set(c, "%s%s%s", x->mode & SHM_DEST ? "dest" : "", (x->mode & SHM_DEST) && (x->mode & SHM_LOCKED) ? "," : "",
		    x->mode & SHM_LOCKED ? "locked" : "");
		break;
	case C_ATTACH: time_cell(c, o, x->u.shm.atime, now); break;
	case C_DETACH: time_cell(c, o, x->u.shm.dtime, now); break;
	case C_COMMAND: c->text = creator_command(x->u.shm.cpid, c->buf, 8192 + 1); break; /* lsipc's BUFSIZ */
	case C_CPID: set(c, "%u", (unsigned)x->u.shm.cpid); break;
	case C_LPID: set(c, "%u", (unsigned)x->u.shm.lpid); break;
	case C_NSEMS: set(c, "%u", x->u.sem.nsems); break;
	case C_OTIME: time_cell(c, o, x->u.sem.otime, now); break;
	default: break; /* the limits table's columns */
	}
}

/* ---- the limits table (lsipc --global) ---- */

struct limit_row {
	const char *resource, *desc;
	uint64_t used, limit;
	bool usage, byte_unit; /* usage: used and use% are shown; byte_unit: human sizes without -b */
};

static void limit_cell(struct cell *c, enum col col, const struct limit_row *r, const struct lsipc_options *o)
{
	c->text = NULL;
	switch (col) {
	case C_RESOURCE: c->text = r->resource; break;
	case C_DESC: c->text = r->desc; break;
	case C_USED:
		if (!r->usage)
			set(c, "-");
		else if (r->byte_unit && !o->bytes)
			c->text = lsipc_human_size(r->used, c->buf, sizeof(c->buf));
		else
			set(c, "%" PRIu64, r->used);
		break;
	case C_USEPERC:
		if (r->usage)
			set(c, "%2.2f%%", (double)r->used / (double)r->limit * 100);
		else
			set(c, "-");
		break;
	case C_LIMIT:
		if (r->byte_unit && !o->bytes)
			c->text = lsipc_human_size(r->limit, c->buf, sizeof(c->buf));
		else
			set(c, "%" PRIu64, r->limit);
		break;
	default: break; /* an object column: null in this table */
	}
}

/* lsipc's rows for kind k, in its order; returns how many (<= 5). */
static size_t limit_rows(const struct snapshot *s, enum ipc_kind k, struct limit_row *r)
{
	const struct ipc_limits *l = &s->limits;
	uint64_t bytes = 0, sems = 0;
	for (size_t i = 0; i < s->count; i++) {
		if (s->objs[i].kind == KIND_SHM)
			bytes += s->objs[i].u.shm.size;
		else if (s->objs[i].kind == KIND_SEM)
			sems += s->objs[i].u.sem.nsems;
	}
	uint64_t page = l->page_size ? l->page_size : 4096;
	if (k == KIND_MSG) {
		r[0] = (struct limit_row){ "MSGMNI", "Number of message queues", s->kind_count[KIND_MSG], l->msgmni, true, false };
		r[1] = (struct limit_row){ "MSGMAX", "Max size of message (bytes)", 0, l->msgmax, false, true };
		r[2] = (struct limit_row){ "MSGMNB", "Default max size of queue (bytes)", 0, l->msgmnb, false, true };
		return 3;
	}
	if (k == KIND_SHM) {
		r[0] = (struct limit_row){ "SHMMNI", "Shared memory segments", s->kind_count[KIND_SHM], l->shmmni, true, false };
		r[1] = (struct limit_row){ "SHMALL", "Shared memory pages", bytes / page, l->shmall, true, false };
		r[2] = (struct limit_row){ "SHMMAX", "Max size of shared memory segment (bytes)", 0, l->shmmax, false, true };
		r[3] = (struct limit_row){ "SHMMIN", "Min size of shared memory segment (bytes)", 0, l->shmmin, false, true };
		return 4;
	}
	r[0] = (struct limit_row){ "SEMMNI", "Number of semaphore identifiers", s->kind_count[KIND_SEM], l->semmni, true, false };
	/* lsipc 2.38 counts the first set's size once per set here */
	r[1] = (struct limit_row){ "SEMMNS", "Total number of semaphores", sems, l->semmns, true, false };
	r[2] = (struct limit_row){ "SEMMSL", "Max semaphores per semaphore set.", 0, l->semmsl, false, false };
	r[3] = (struct limit_row){ "SEMOPM", "Max number of operations per semop(2)", 0, l->semopm, false, false };
	r[4] = (struct limit_row){ "SEMVMX", "Semaphore max value", 0, l->semvmx, false, false };
	return 5;
}

/* ---- libsmartcols' JSON ---- */

/* lib/jsonwrt.c: '"' and '\' escaped, \b \t \n \f \r, other control
 * bytes \u00XX, the rest as it is; a byte outside well-formed UTF-8
 * becomes \ufffd (lsipc writes it raw). */
static void put_string(FILE *out, const char *s)
{
	static const char shorthand[] = { ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r' };
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_seq_len(p);
		if (n == 0)
			fputs("\\ufffd", out);
		else if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < sizeof(shorthand) && shorthand[*p])
			fprintf(out, "\\%c", shorthand[*p]);
		else if (*p < 0x20)
			fprintf(out, "\\u00%02x", *p);
		else
			fwrite(p, 1, n, out);
		p += n ? n : 1;
	}
	fputc('"', out);
}

/* One row: an object, or a limits row (the other pointer NULL). */
static void put_row(FILE *out, const struct columns *cols, const struct ipc_object *x, const struct limit_row *r,
		    const struct lsipc_options *o, time_t now, bool first)
{
	struct cell c; /* 8 KiB: a command line */
	fputs(first ? "      {\n" : ",{\n", out);
	for (size_t i = 0; i < cols->n; i++) {
		c.text = NULL;
		if (x)
			object_cell(&c, cols->v[i], x, o, now);
		else if (r)
			limit_cell(&c, cols->v[i], r, o);
		fprintf(out, "%s         \"%s\": ", i ? ",\n" : "", col_names[cols->v[i]]);
		if (c.text && *c.text)
			put_string(out, c.text);
		else
			fputs("null", out);
	}
	fputs("\n      }", out);
}

static int cmp_index(const void *a, const void *b, void *layout)
{
	const struct ipc_object *x = *(const struct ipc_object *const *)a, *y = *(const struct ipc_object *const *)b;
	int i = ipcid_index(layout, x->id), j = ipcid_index(layout, y->id);
	return (i > j) - (i < j);
}

/* lsipc names the table only once it found an object, except for sets. */
static const char *table_name(const struct lsipc_options *o, size_t rows)
{
	if (o->kind < 0 || o->global)
		return "ipclimits";
	if (o->kind == KIND_SEM)
		return "semaphores";
	return rows == 0 ? "" : o->kind == KIND_SHM ? "sharedmemory" : "messages";
}

int lsipc_write(FILE *out, const struct snapshot *s, const struct lsipc_options *opt)
{
	struct columns cols;
	choose_columns(opt, &cols);
	time_t now = s->taken.tv_sec;
	size_t rows = 0;
	const struct ipc_object **v = NULL;
	if (opt->kind >= 0 && !opt->global) {
		v = malloc((s->count ? s->count : 1) * sizeof(*v));
		if (!v)
			return -1;
		for (size_t i = 0; i < s->count; i++)
			if (s->objs[i].kind == (enum ipc_kind)opt->kind)
				v[rows++] = &s->objs[i];
		struct ipcid_layout layout;
		ipcid_layout_read(&layout);
		qsort_r(v, rows, sizeof(*v), cmp_index, &layout); /* /proc/sysvipc's order */
	}
	fprintf(out, "{\n   \"%s\": [\n", table_name(opt, rows));
	for (size_t i = 0; i < rows; i++)
		put_row(out, &cols, v[i], NULL, opt, now, i == 0);
	if (!v) {
		/* lsipc's order: queues, segments, sets */
		static const enum ipc_kind order[] = { KIND_MSG, KIND_SHM, KIND_SEM };
		for (size_t k = 0; k < 3; k++) {
			if (opt->kind >= 0 && opt->kind != (int)order[k])
				continue;
			struct limit_row r[5];
			size_t n = limit_rows(s, order[k], r);
			for (size_t i = 0; i < n; i++, rows++)
				put_row(out, &cols, NULL, &r[i], opt, now, rows == 0);
		}
	}
	fputs("\n   ]\n}\n", out);
	free(v);
	return ferror(out) ? -1 : 0;
}
