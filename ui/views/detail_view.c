/* detail_view.c — every field of one object as label/value pairs (two
 * columns when wide enough), and for a semaphore set the table of its
 * semaphores with value, ncnt, zcnt, pid and that pid's command line, each
 * semaphore's waiters under it (widgets/waitlines.c); for a queue its
 * waiters, then the processes behind the object. Re-read at each refresh;
 * closes itself when its object is gone. */
#define _GNU_SOURCE
#include "views/detail_view.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/format.h"
#include "base/i18n.h"
#include "model/attach.h"
#include "model/snapfill.h"
#include "proc/names.h"
#include "proc/procinfo.h"
#include "proc/procs.h"
#include "views/activity_view.h"
#include "widgets/bigdigits.h"
#include "widgets/screen.h"
#include "widgets/text.h"
#include "widgets/waitlines.h"

/* A process behind the object (cpid, lpid, attached...; not for sets,
 * whose semaphore rows carry their pids). */
struct proc_row {
	const char *role; /* "cpid", "lpid", "attached" (translated), "lspid", "lrpid" */
	pid_t pid;
	char mode[16];    /* attached: "rw", "r", "×2 r+rw" (attach_modes) */
};

static struct {
	struct obj_ref obj;
	struct ipc_semval *semvals;
	size_t semvals_cap;
	unsigned nsemvals;
	int semvals_errno;
	struct proc_row procrows[48];
	size_t nprocrows;
	size_t cursor, top; /* the semaphore or process row selected, the first shown */
} detail;

extern const struct mode_class detail_mode;

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

/* The command line of pid; "[gone]" and "[hidden]" (procs.c) translated. */
static void command_of(pid_t pid, char *buf, size_t len)
{
	if (procs_command(pid, buf, len) < 0 && pid > 0)
		snprintf(buf, len, "%s", unread_name(strcmp(buf, "[hidden]") == 0));
}

static void add_pid(struct fields *fs, const char *label, pid_t pid)
{
	char comm[48];
	char *v = add(fs, label);
	if (pid <= 0) {
		snprintf(v, sizeof(fs->f[0].value), "-");
		return;
	}
	command_of(pid, comm, sizeof(comm));
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

/* The processes mapping a segment, and why the mappings found differ from
 * nattch when they do (attach_account). */
static void processes_field(struct fields *fs, const struct snapshot *s, const struct ipc_object *o)
{
	const size_t len = sizeof(fs->f[0].value);
	char *v = add(fs, _("processes"));
	if (o->u.shm.nprocs < 0) {
		snprintf(v, len, "%s", _("unknown (some not readable)"));
		return;
	}
	struct attach_acct acct;
	attach_account(&s->attach, o->id, (unsigned)o->key, o->u.shm.dest, o->u.shm.nattch, &acct);
	if (!o->u.shm.nattch || acct.why == ATTACH_EXACT)
		snprintf(v, len, "%d", o->u.shm.nprocs);
	else if (acct.why == ATTACH_OTHER_NS) /* TRANSLATORS: at most 60 columns with the numbers. */
		snprintf(v, len, _("%d (+%llu maps from other namespaces)"), o->u.shm.nprocs,
			 (unsigned long long)acct.other_ns);
	else
		snprintf(v, len, _("%d (%llu maps seen: changed while read)"), o->u.shm.nprocs,
			 (unsigned long long)acct.maps);
}

static void kind_fields(struct fields *fs, const struct snapshot *s, const struct ipc_object *o)
{
	const size_t len = sizeof(fs->f[0].value);
	if (o->kind == KIND_SHM) {
		const struct ipc_shm_fields *m = &o->u.shm;
		add_bytes(fs, _("size"), m->size);
		add_uint(fs, _("nattch"), m->nattch);
		processes_field(fs, s, o);
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

static void draw_semaphores(const struct snapshot *s, const struct ipc_object *o, int y, int height)
{
	if (height < 2)
		return;
	if (detail.semvals_errno) {
		char msg[128];
		snprintf(msg, sizeof(msg), "semctl(GETALL): %s", strerror(detail.semvals_errno));
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
	int rows = height - 1;
	if (detail.cursor >= detail.nsemvals)
		detail.cursor = detail.nsemvals ? detail.nsemvals - 1 : 0;
	if (detail.cursor < detail.top)
		detail.top = detail.cursor;
	/* Each semaphore's waiters follow it: keep the cursor's row in view. */
	for (;;) {
		int need = 1;
		for (size_t i = detail.top; i < detail.cursor; i++)
			need += 1 + waitlines_sem(s, o, &detail.semvals[i], (unsigned)i, 0, 0);
		if (need <= rows || detail.top >= detail.cursor)
			break;
		detail.top++;
	}
	int yy = y + 1, end = y + height;
	for (size_t i = detail.top; i < detail.nsemvals && yy < end; i++) {
		const struct ipc_semval *v = &detail.semvals[i];
		char comm[CMDTABLE_LEN], line[CMDTABLE_LEN + 64];
		if (v->pid > 0)
			command_of(v->pid, comm, sizeof(comm));
		else
			snprintf(comm, sizeof(comm), "-");
		snprintf(line, sizeof(line), " %6zu %7d %7d %7d %7d  %s", i, v->value, v->ncnt, v->zcnt,
			 (int)v->pid, comm);
		attr_t attr = i == detail.cursor ? screen_attr(ROLE_SELECTED) : A_NORMAL;
		draw_text(yy++, 0, COLS, attr, true, line);
		yy += waitlines_sem(s, o, v, (unsigned)i, yy, end - yy);
	}
}

/* Projector mode: each semaphore as a big number with its waiters, in a
 * grid; the cursor's cell is drawn reversed. */
static void draw_big_semaphores(int y, int height)
{
	if (detail.semvals_errno || detail.nsemvals == 0)
		return;
	int cellw = 26; /* a label "> sem N  ncnt N zcnt N" above up to 5 big digits */
	int per_row = COLS / cellw > 0 ? COLS / cellw : 1;
	int cellh = BIG_ROWS + 2;
	if (detail.cursor >= detail.nsemvals)
		detail.cursor = detail.nsemvals - 1;
	size_t first_row = detail.cursor / (size_t)per_row;
	size_t rows_fit = height / cellh > 0 ? (size_t)(height / cellh) : 1;
	size_t top_row = first_row >= rows_fit ? first_row - rows_fit + 1 : 0;
	for (size_t i = top_row * (size_t)per_row; i < detail.nsemvals; i++) {
		int r = (int)(i / (size_t)per_row - top_row), c = (int)(i % (size_t)per_row);
		if ((r + 1) * cellh > height)
			break;
		int cy = y + r * cellh, cx = c * cellw + 1;
		const struct ipc_semval *v = &detail.semvals[i];
		bool cur = i == detail.cursor;
		char label[64];
		/* TRANSLATORS: the label of one semaphore in projector mode; at
		 * most 25 columns with the numbers. */
		snprintf(label, sizeof(label), _("%ssem %zu  ncnt %d zcnt %d"), cur ? "> " : "  ", i, v->ncnt, v->zcnt);
		draw_text(cy, cx, cellw - 1, cur ? screen_attr(ROLE_SELECTED) : A_BOLD, true, label);
		bigdigits_draw(cy + 1, cx + 2, v->value, cur ? A_BOLD : A_NORMAL);
	}
}

static void draw_projector(const struct ipc_object *o, int top, int height)
{
	char line[160], key[16], perms[16];
	snprintf(line, sizeof(line), _(" %s %d   key %s   %s   owner %s"),
		 o->kind == KIND_SEM ? _("Semaphore set") : o->kind == KIND_MSG ? _("Message queue") : _("Segment"), o->id,
		 format_key(o->key, key, sizeof(key)), format_perms(o->mode, perms, sizeof(perms)),
		 names_user(o->uid));
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, line);
	if (o->kind == KIND_SEM) {
		draw_big_semaphores(top + 2, height - 2);
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
	char rolecol[64], modecol[32], command[CMDTABLE_LEN];
	draw_pad(rolecol, sizeof(rolecol), role, -9); /* translated by add_proc_row's callers */
	if (procinfo_read(pid, &pi) < 0 || !pi.alive) {
		snprintf(line, len, " %s %7d  %s", rolecol, (int)pid, unread_name(pi.hidden));
		return;
	}
	command_of(pid, command, sizeof(command));
	snprintf(line, len, " %s %7d %7d %7d %7d %-7s %5d %c %s %s", rolecol, (int)pid, (int)pi.ppid,
		 (int)pi.pgid, (int)pi.sid, pi.tty, (int)pi.tpgid, pi.state, draw_pad(modecol, sizeof(modecol), mode, -7),
		 command);
}

static void draw_processes(int y, int height)
{
	if (height < 2)
		return;
	/* Laid out like format_proc's rows; the ps(1) column names stay. */
	static const struct title_col proc_titles[] = {
		{ 1, -9, N_("ROLE") }, { 1, 7, "PID" },    { 1, 7, "PPID" }, { 1, 7, "PGID" },
		{ 1, 7, "SID" },       { 1, -7, "TTY" },   { 1, 5, "TPGID" }, { 1, 1, "S" },
		{ 1, -7, N_("MODE") }, { 1, 0, N_("COMMAND   (k: signal)") },
	};
	char title[200];
	draw_text(y, 0, COLS, screen_attr(ROLE_TITLE), true,
		  draw_title_line(title, sizeof(title), proc_titles, sizeof(proc_titles) / sizeof(proc_titles[0])));
	if (detail.nprocrows == 0) {
		draw_text(y + 1, 1, COLS - 1, A_NORMAL, false, _("no process recorded yet"));
		return;
	}
	size_t rows = (size_t)(height - 1);
	if (detail.cursor >= detail.nprocrows)
		detail.cursor = detail.nprocrows - 1;
	size_t first = detail.cursor >= rows ? detail.cursor - rows + 1 : 0;
	for (size_t r = 0; r < rows && first + r < detail.nprocrows; r++) {
		const struct proc_row *p = &detail.procrows[first + r];
		char line[CMDTABLE_LEN + 256];
		format_proc(p->role, p->pid, p->mode, line, sizeof(line));
		attr_t attr = first + r == detail.cursor ? screen_attr(ROLE_SELECTED) : A_NORMAL;
		draw_text(y + 1 + (int)r, 0, COLS, attr, true, line);
	}
}

static void detail_draw(struct app *a, int top, int height)
{
	const struct ipc_object *o = snapshot_find(&a->snap, detail.obj.kind, detail.obj.id);
	if (!o) {
		draw_text(top + 1, 1, COLS - 1, A_BOLD, false, _("This object no longer exists."));
		return;
	}
	if (a->opt.projector) {
		draw_projector(o, top, height);
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
	kind_fields(&fs, &a->snap, o);
	draw_fields(&fs, top + 1, height - 1);
	int used = 1 + (COLS >= 80 ? (fs.n + 1) / 2 : fs.n);
	int act = activity_height(o, height - used - 1);
	if (o->kind == KIND_SEM) {
		draw_semaphores(&a->snap, o, top + used + 1, height - used - 1 - act);
	} else {
		int w = o->kind == KIND_MSG ? waitlines_queue(&a->snap, o, top + used + 1, height - used - 1 - act) : 0;
		draw_processes(top + used + 1 + w, height - used - 1 - w - act);
	}
	activity_draw(o, top + height - act, act);
}

/* ---- rows behind the object, refresh ------------------------------------- */

static void add_proc_row(const char *role, pid_t pid, const char *mode)
{
	if (pid <= 0 || detail.nprocrows >= sizeof(detail.procrows) / sizeof(detail.procrows[0]))
		return;
	struct proc_row *r = &detail.procrows[detail.nprocrows++];
	r->role = role;
	r->pid = pid;
	snprintf(r->mode, sizeof(r->mode), "%s", mode);
}

/* The processes an object names: creator and last pids, and for a segment
 * every process mapping it. */
static void collect_proc_rows(const struct app *a, const struct ipc_object *o)
{
	detail.nprocrows = 0;
	if (o->kind == KIND_SHM) {
		size_t n;
		const struct attach_entry *e = attach_find(&a->snap.attach, o->id, &n);
		char modes[16];
		for (size_t i = 0; i < n; i++)
			if (attach_matches(&e[i], (unsigned)o->key, o->u.shm.dest))
				add_proc_row(C_("process role", "attached"), e[i].pid,
					     attach_modes(&e[i], screen_utf8() ? "\u00d7" : "x", modes, sizeof(modes)));
		add_proc_row("cpid", o->u.shm.cpid, "");
		add_proc_row("lpid", o->u.shm.lpid, "");
	} else {
		add_proc_row("lspid", o->u.msg.lspid, "");
		add_proc_row("lrpid", o->u.msg.lrpid, "");
	}
}

/* Re-reads the semaphores or the processes; back to the list when the
 * object is gone. */
static void detail_refresh(struct app *a)
{
	const struct ipc_object *o = snapshot_find(&a->snap, detail.obj.kind, detail.obj.id);
	if (!o) {
		app_message(a, false, _("%s %d was removed; back to the list"), kind_name(detail.obj.kind),
			    detail.obj.id);
		mode_reset(a);
		return;
	}
	if (o->kind != KIND_SEM) {
		(void)snapshot_fill(&a->snap, &o, 1, FILL_QBYTES); /* not in /proc/sysvipc */
		collect_proc_rows(a, o);
		return;
	}
	detail.nprocrows = 0;
	detail.semvals = app_grow(detail.semvals, &detail.semvals_cap, o->u.sem.nsems + 1, sizeof(*detail.semvals));
	detail.nsemvals = o->u.sem.nsems;
	detail.semvals_errno = 0;
	if (snapshot_read_semset(o->id, o->u.sem.nsems, detail.semvals, 1) < 0)
		detail.semvals_errno = errno;
}

void detail_view_open(struct app *a)
{
	const struct ipc_object *o = app_selected(a);
	if (!o)
		return;
	detail.obj = (struct obj_ref){ o->kind, o->id, true };
	detail.cursor = detail.top = 0;
	mode_switch(a, &detail_mode);
	detail_refresh(a);
}

bool detail_view_semnum(const struct app *a, size_t *semnum)
{
	if (mode_top(a) != &detail_mode)
		return false;
	*semnum = detail.cursor;
	return true;
}

static unsigned detail_cursor(struct app *a, long delta)
{
	(void)a;
	size_t count = detail.obj.kind == KIND_SEM ? detail.nsemvals : detail.nprocrows;
	return mode_cursor_step(&detail.cursor, count, delta);
}

static const struct ipc_object *detail_target(struct app *a)
{
	return snapshot_find(&a->snap, detail.obj.kind, detail.obj.id);
}

/* The pid on the cursor's row: a semaphore's last pid, or the process. */
static pid_t detail_pid(struct app *a)
{
	(void)a;
	if (detail.obj.kind == KIND_SEM)
		return detail.cursor < detail.nsemvals ? detail.semvals[detail.cursor].pid : 0;
	return detail.cursor < detail.nprocrows ? detail.procrows[detail.cursor].pid : 0;
}

static void detail_free(void)
{
	free(detail.semvals);
}

/* The footer names what the object's kind can do. */
static const struct footer_key sem_footer[] = {
	{ KEY_ESC, NULL, NULL }, { '+', NULL, NULL }, { '-', NULL, NULL }, { '0', NULL, NULL }, { 'o', NULL, NULL },
	{ 'v', NULL, NULL },     { 'V', NULL, NULL }, { 'w', NULL, NULL }, { 'l', NULL, NULL }, { 'q', NULL, NULL },
	{ 0, NULL, NULL },
};
static const struct footer_key msg_footer[] = {
	{ KEY_ESC, NULL, NULL }, { 's', NULL, NULL }, { 'r', NULL, NULL }, { 'p', NULL, NULL }, { 'e', NULL, NULL },
	{ 'd', NULL, NULL },     { 'w', NULL, NULL }, { 'l', NULL, NULL }, { 'q', NULL, NULL }, { 0, NULL, NULL },
};
static const struct footer_key shm_footer[] = {
	{ KEY_ESC, NULL, NULL }, { 'a', NULL, NULL }, { 'A', NULL, NULL },      { 'e', NULL, NULL },
	{ 'd', NULL, NULL },     { 'l', NULL, NULL }, { KEY_F(1), NULL, NULL }, { 'q', NULL, NULL },
	{ 0, NULL, NULL },
};

static const struct footer_key *detail_footer(const struct app *a)
{
	const struct ipc_object *o = snapshot_find(&a->snap, detail.obj.kind, detail.obj.id);
	enum ipc_kind k = o ? o->kind : KIND_SHM;
	return k == KIND_SEM ? sem_footer : k == KIND_MSG ? msg_footer : shm_footer;
}

/* Waiters are named in every thread while a detail view is open. */
static unsigned detail_snap_flags(const struct app *a)
{
	(void)a;
	return SNAP_THREADS;
}

/* Its object's kind is read whatever the list's view. */
static unsigned detail_snap_kinds(const struct app *a)
{
	(void)a;
	return KIND_BIT(detail.obj.kind);
}

const struct mode_class detail_mode = {
	.name = "detail",
	.groups = KG_ANY | KG_ROWS | KG_VIEWS | KG_SCREENS | KG_DIGITS | KG_BACK | KG_MOUSE | KG_OBJECT | KG_MESSAGES,
	.footer_for = detail_footer,
	.draw = detail_draw,
	.cursor = detail_cursor,
	.rescanned = detail_refresh,
	.free = detail_free,
	.target = detail_target,
	.pid = detail_pid,
	.snap_flags = detail_snap_flags,
	.snap_kinds = detail_snap_kinds,
};
