/* detail_view.c — every field of one object as label/value pairs (two
 * columns when wide enough), and for a semaphore set the table of its
 * semaphores with value, ncnt, zcnt, pid and that pid's command. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bigdigits.h"
#include "draw.h"
#include "base/format.h"
#include "base/i18n.h"
#include "proc/names.h"
#include "proc/procinfo.h"
#include "proc/procs.h"
#include "trace_ui.h"

struct field {
	const char *label;
	char value[64];
};

struct fields {
	struct field f[32];
	int n;
};

static char *add(struct fields *fs, const char *label)
{
	struct field *f = &fs->f[fs->n++];
	f->label = label;
	f->value[0] = '\0';
	return f->value;
}

/* "[hidden]" or "[gone]", translated. */
static const char *unread_name(bool hidden)
{
	return hidden ? _("[hidden]") : _("[gone]");
}

/* The command of pid; "[gone]" and "[hidden]" (procs.c) translated. */
static void comm_of(pid_t pid, char *buf, size_t len)
{
	if (procs_comm(pid, buf, len) < 0 && pid > 0)
		snprintf(buf, len, "%s", unread_name(strcmp(buf, "[hidden]") == 0));
}

static void add_pid(struct fields *fs, const char *label, pid_t pid)
{
	char comm[32];
	char *v = add(fs, label);
	if (pid <= 0) {
		snprintf(v, sizeof(fs->f[0].value), "-");
		return;
	}
	comm_of(pid, comm, sizeof(comm));
	snprintf(v, sizeof(fs->f[0].value), "%d (%s)", (int)pid, comm);
}

static void add_time(struct fields *fs, const char *label, time_t t)
{
	char *v = add(fs, label);
	if (t == 0)
		snprintf(v, sizeof(fs->f[0].value), "%s", _("not set"));
	else
		format_time_full(t, v, sizeof(fs->f[0].value));
}

static void add_uint(struct fields *fs, const char *label, uint64_t v)
{
	snprintf(add(fs, label), sizeof(fs->f[0].value), "%" PRIu64, v);
}

static void add_bytes(struct fields *fs, const char *label, uint64_t v)
{
	char h[16];
	snprintf(add(fs, label), sizeof(fs->f[0].value), "%" PRIu64 " (%s)", v,
		 format_human(v, h, sizeof(h)));
}

static void common_fields(struct fields *fs, const struct ipc_object *o)
{
	const size_t len = sizeof(fs->f[0].value);
	char perms[16];
	format_key(o->key, add(fs, _("key")), len);
	if (o->key == 0)
		strcat(fs->f[fs->n - 1].value, " (IPC_PRIVATE)");
	snprintf(add(fs, _("id")), len, "%d", o->id);
	snprintf(add(fs, _("perms")), len, "%s (%04o)", format_perms(o->mode, perms, sizeof(perms)),
		 o->mode & 0777u);
	snprintf(add(fs, _("owner")), len, "%s (uid %u)", names_user(o->uid), (unsigned)o->uid);
	snprintf(add(fs, _("group")), len, "%s (gid %u)", names_group(o->gid), (unsigned)o->gid);
	snprintf(add(fs, _("creator")), len, "%s (uid %u)", names_user(o->cuid), (unsigned)o->cuid);
	snprintf(add(fs, _("creator grp")), len, "%s (gid %u)", names_group(o->cgid), (unsigned)o->cgid);
	add_time(fs, _("changed"), o->ctime);
}

static void kind_fields(struct fields *fs, const struct ipc_object *o)
{
	const size_t len = sizeof(fs->f[0].value);
	if (o->kind == KIND_SHM) {
		const struct ipc_shm_fields *m = &o->u.shm;
		add_bytes(fs, _("size"), m->size);
		add_uint(fs, _("nattch"), m->nattch);
		if (m->nprocs >= 0)
			add_uint(fs, _("processes"), (uint64_t)m->nprocs);
		else
			snprintf(add(fs, _("processes")), len, "%s", _("unknown (some not readable)"));
		table_cell(o, COL_STATUS, 0, add(fs, _("status")), len); /* as the list's STATUS */
		add_pid(fs, _("cpid"), m->cpid);
		add_pid(fs, _("lpid"), m->lpid);
		add_time(fs, _("attached"), m->atime);
		add_time(fs, _("detached"), m->dtime);
		add_bytes(fs, _("rss"), m->rss);
		add_bytes(fs, _("swap"), m->swap);
	} else if (o->kind == KIND_MSG) {
		const struct ipc_msg_fields *q = &o->u.msg;
		add_bytes(fs, _("used bytes"), q->cbytes);
		add_uint(fs, _("messages"), q->qnum);
		add_bytes(fs, _("qbytes"), q->qbytes);
		snprintf(add(fs, _("fill")), len, "%" PRIu64 "%%", q->qbytes ? q->cbytes * 100 / q->qbytes : 0);
		add_pid(fs, _("lspid"), q->lspid);
		add_pid(fs, _("lrpid"), q->lrpid);
		add_time(fs, _("sent"), q->stime);
		add_time(fs, _("received"), q->rtime);
	} else {
		add_uint(fs, _("nsems"), o->u.sem.nsems);
		add_time(fs, _("last semop"), o->u.sem.otime);
	}
}

static void draw_fields(const struct fields *fs, int y, int height)
{
	int two = COLS >= 80;
	int colw = two ? COLS / 2 : COLS;
	int rows = two ? (fs->n + 1) / 2 : fs->n;
	/* The label column fits the widest (maybe translated) label. */
	int labelw = 12;
	for (int i = 0; i < fs->n; i++)
		if (draw_width(fs->f[i].label) + 1 > labelw)
			labelw = draw_width(fs->f[i].label) + 1;
	if (labelw > colw / 2)
		labelw = colw / 2;
	for (int i = 0; i < fs->n; i++) {
		int r = two ? i % rows : i, c = two ? i / rows : 0;
		if (r >= height)
			continue;
		int x = c * colw + 1;
		draw_text(y + r, x, labelw, A_BOLD, true, fs->f[i].label);
		draw_text(y + r, x + labelw, colw - labelw - 1, A_NORMAL, false, fs->f[i].value);
	}
}

static void draw_semaphores(struct app *a, int y, int height)
{
	if (height < 2)
		return;
	if (a->semvals_errno) {
		char msg[128];
		snprintf(msg, sizeof(msg), "semctl(GETALL): %s", strerror(a->semvals_errno));
		draw_text(y, 1, COLS - 1, screen_attr(ROLE_ERROR), false, msg);
		return;
	}
	/* Laid out like the rows below; NCNT, ZCNT and PID are semctl's names. */
	static const struct title_col sem_titles[] = {
		{ 1, 6, N_("SEMNUM") }, { 1, 7, N_("VALUE") }, { 1, 7, "NCNT" }, { 1, 7, "ZCNT" },
		{ 1, 7, "PID" },        { 2, 0, N_("COMMAND") },
	};
	char title[160];
	draw_text(y, 0, COLS, screen_attr(ROLE_TITLE), true,
		  draw_title_line(title, sizeof(title), sem_titles, sizeof(sem_titles) / sizeof(sem_titles[0])));
	size_t rows = (size_t)(height - 1);
	if (a->detail_cursor >= a->nsemvals)
		a->detail_cursor = a->nsemvals ? a->nsemvals - 1 : 0;
	if (a->detail_cursor < a->detail_top)
		a->detail_top = a->detail_cursor;
	if (a->detail_cursor >= a->detail_top + rows)
		a->detail_top = a->detail_cursor - rows + 1;
	for (size_t r = 0; r < rows && a->detail_top + r < a->nsemvals; r++) {
		size_t i = a->detail_top + r;
		const struct ipc_semval *v = &a->semvals[i];
		char comm[32], line[160];
		if (v->pid > 0)
			comm_of(v->pid, comm, sizeof(comm));
		else
			snprintf(comm, sizeof(comm), "-");
		snprintf(line, sizeof(line), " %6zu %7d %7d %7d %7d  %s", i, v->value, v->ncnt, v->zcnt,
			 (int)v->pid, comm);
		attr_t attr = i == a->detail_cursor ? screen_attr(ROLE_SELECTED) : A_NORMAL;
		draw_text(y + 1 + (int)r, 0, COLS, attr, true, line);
	}
}

/* Projector mode: each semaphore as a big number with its waiters, in a
 * grid; the cursor's cell is drawn reversed. */
static void draw_big_semaphores(struct app *a, int y, int height)
{
	if (a->semvals_errno || a->nsemvals == 0)
		return;
	int cellw = 26; /* a label "> sem N  ncnt N zcnt N" above up to 5 big digits */
	int per_row = COLS / cellw > 0 ? COLS / cellw : 1;
	int cellh = BIG_ROWS + 2;
	if (a->detail_cursor >= a->nsemvals)
		a->detail_cursor = a->nsemvals - 1;
	size_t first_row = a->detail_cursor / (size_t)per_row;
	size_t rows_fit = height / cellh > 0 ? (size_t)(height / cellh) : 1;
	size_t top_row = first_row >= rows_fit ? first_row - rows_fit + 1 : 0;
	for (size_t i = top_row * (size_t)per_row; i < a->nsemvals; i++) {
		int r = (int)(i / (size_t)per_row - top_row), c = (int)(i % (size_t)per_row);
		if ((r + 1) * cellh > height)
			break;
		int cy = y + r * cellh, cx = c * cellw + 1;
		const struct ipc_semval *v = &a->semvals[i];
		bool cur = i == a->detail_cursor;
		char label[64];
		/* TRANSLATORS: the label of one semaphore in projector mode; at
		 * most 25 columns with the numbers. */
		snprintf(label, sizeof(label), _("%ssem %zu  ncnt %d zcnt %d"), cur ? "> " : "  ", i, v->ncnt, v->zcnt);
		draw_text(cy, cx, cellw - 1, cur ? screen_attr(ROLE_SELECTED) : A_BOLD, true, label);
		bigdigits_draw(cy + 1, cx + 2, v->value, cur ? A_BOLD : A_NORMAL);
	}
}

static void draw_projector(struct app *a, const struct ipc_object *o, int top, int height)
{
	char line[160], key[16], perms[16];
	snprintf(line, sizeof(line), _(" %s %d   key %s   %s   owner %s"),
		 o->kind == KIND_SEM ? _("Semaphore set") : o->kind == KIND_MSG ? _("Message queue") : _("Segment"), o->id,
		 format_key(o->key, key, sizeof(key)), format_perms(o->mode, perms, sizeof(perms)),
		 names_user(o->uid));
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, line);
	if (o->kind == KIND_SEM) {
		draw_big_semaphores(a, top + 2, height - 2);
		return;
	}
	if (o->kind == KIND_MSG) {
		snprintf(line, sizeof(line), _("messages on the queue   (%llu of %llu bytes used)"),
			 (unsigned long long)o->u.msg.cbytes, (unsigned long long)o->u.msg.qbytes);
		draw_text(top + 2, 2, COLS - 2, A_BOLD, false, line);
		bigdigits_draw(top + 4, 4, (long)o->u.msg.qnum, A_BOLD);
		return;
	}
	snprintf(line, sizeof(line), _("%llu bytes, attached by"), (unsigned long long)o->u.shm.size);
	draw_text(top + 2, 2, COLS - 2, A_BOLD, false, line);
	bigdigits_draw(top + 4, 4, (long)o->u.shm.nattch, A_BOLD);
}

/* One line per process: ps axj style (TPGID -1: no controlling tty). */
static void format_proc(const char *role, pid_t pid, const char *mode, char *line, size_t len)
{
	struct procinfo pi;
	char rolecol[64];
	draw_pad(rolecol, sizeof(rolecol), role, -9); /* translated by app.c */
	if (procinfo_read(pid, &pi) < 0 || !pi.alive) {
		snprintf(line, len, " %s %7d  %s", rolecol, (int)pid, unread_name(pi.hidden));
		return;
	}
	snprintf(line, len, " %s %7d %7d %7d %7d %-7s %5d %c %-2s %s", rolecol, (int)pid, (int)pi.ppid,
		 (int)pi.pgid, (int)pi.sid, pi.tty, (int)pi.tpgid, pi.state, mode, pi.comm);
}

static void draw_processes(struct app *a, int y, int height)
{
	if (height < 2)
		return;
	/* Laid out like format_proc's rows; the ps(1) column names stay. */
	static const struct title_col proc_titles[] = {
		{ 1, -9, N_("ROLE") }, { 1, 7, "PID" },    { 1, 7, "PPID" }, { 1, 7, "PGID" },
		{ 1, 7, "SID" },       { 1, -7, "TTY" },   { 1, 5, "TPGID" }, { 1, 1, "S" },
		{ 1, -2, "MD" },       { 1, 0, N_("COMMAND   (k: signal)") },
	};
	char title[200];
	draw_text(y, 0, COLS, screen_attr(ROLE_TITLE), true,
		  draw_title_line(title, sizeof(title), proc_titles, sizeof(proc_titles) / sizeof(proc_titles[0])));
	if (a->nprocrows == 0) {
		draw_text(y + 1, 1, COLS - 1, A_NORMAL, false, _("no process recorded yet"));
		return;
	}
	size_t rows = (size_t)(height - 1);
	if (a->detail_cursor >= a->nprocrows)
		a->detail_cursor = a->nprocrows - 1;
	size_t first = a->detail_cursor >= rows ? a->detail_cursor - rows + 1 : 0;
	for (size_t r = 0; r < rows && first + r < a->nprocrows; r++) {
		const struct proc_row *p = &a->procrows[first + r];
		char line[320];
		format_proc(p->role, p->pid, p->mode, line, sizeof(line));
		attr_t attr = first + r == a->detail_cursor ? screen_attr(ROLE_SELECTED) : A_NORMAL;
		draw_text(y + 1 + (int)r, 0, COLS, attr, true, line);
	}
}

void detail_view_draw(struct app *a, int top, int height)
{
	const struct ipc_object *o = snapshot_find(&a->snap, a->detail.kind, a->detail.id);
	if (!o) {
		draw_text(top + 1, 1, COLS - 1, A_BOLD, false, _("This object no longer exists."));
		return;
	}
	if (a->opt.projector) {
		draw_projector(a, o, top, height);
		return;
	}
	static const char *const titles[KIND_COUNT] = { N_("Shared memory segment"), N_("Message queue"),
							N_("Semaphore set") };
	char title[160], key[16];
	snprintf(title, sizeof(title), _(" %s %d  key %s"), _(titles[o->kind]), o->id,
		 format_key(o->key, key, sizeof(key)));
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, title);
	struct fields fs = { .n = 0 };
	common_fields(&fs, o);
	kind_fields(&fs, o);
	draw_fields(&fs, top + 1, height - 1);
	int used = 1 + (COLS >= 80 ? (fs.n + 1) / 2 : fs.n);
	int act = activity_height(o, height - used - 1);
	if (o->kind == KIND_SEM)
		draw_semaphores(a, top + used + 1, height - used - 1 - act);
	else
		draw_processes(a, top + used + 1, height - used - 1 - act);
	activity_draw(o, top + height - act, act);
}
