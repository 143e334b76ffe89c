/* detail_view.c — every field of one object as label/value pairs (two
 * columns when wide enough), and for a semaphore set the table of its
 * semaphores with value, ncnt, zcnt, pid, its recent values (a sparkline)
 * and that pid's command line, each
 * semaphore's waiters under it (widgets/waitlines.c); for a queue its
 * waiters, then the processes behind the object; its history's graphs
 * at the bottom (panes/history_pane.c). Re-read at each refresh;
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
#include "classroom/scenario.h"
#include "model/attach.h"
#include "model/series.h"
#include "model/snapfill.h"
#include "panes/history_pane.h"
#include "proc/names.h"
#include "proc/procinfo.h"
#include "proc/procs.h"
#include "views/activity_view.h"
#include "widgets/bigdigits.h"
#include "widgets/graph.h"
#include "widgets/scnnames.h"
#include "widgets/semcell.h"
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
		snprintf(v, len, P_("%d (+%llu map from other namespaces)", "%d (+%llu maps from other namespaces)",
				    acct.other_ns), o->u.shm.nprocs, (unsigned long long)acct.other_ns);
	else
		snprintf(v, len, P_("%d (%llu map seen: changed while read)", "%d (%llu maps seen: changed while read)",
				    acct.maps), o->u.shm.nprocs, (unsigned long long)acct.maps);
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

/* The role name of semaphore i of set o when o belongs to a running
 * scenario ("empty"), translated; NULL otherwise. */
static const char *sem_role(const struct ipc_object *o, size_t i)
{
	const struct scenario_object *so = scenario_object_find(KIND_SEM, o->id, NULL);
	const char *name = so ? scenario_sem_name(so, (unsigned)i) : NULL;
	return name ? _(name) : NULL;
}

/* A semaphore's recent values (series.h), SEM_TREND_W cells. */
#define SEM_TREND_W 12
static void draw_sem_trend(const struct app *a, const struct ipc_object *o, size_t semnum, int y, int x,
			   attr_t attr)
{
	int32_t v[SEM_TREND_W];
	size_t n = semnum < SERIES_MAX_SEMS ? series_values(&a->series, o, (enum series_metric)(SERIES_SEM0 + (int)semnum),
							 v, SEM_TREND_W)
					    : 0;
	graph_sparkline(y, x, SEM_TREND_W, attr, v, n);
}

static void draw_semaphores(const struct app *a, const struct ipc_object *o, int y, int height)
{
	const struct snapshot *s = &a->snap;
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
		{ 1, 7, "PID" },        { 2, -SEM_TREND_W, N_("TREND") }, { 2, 0, N_("COMMAND") },
	};
	/* A scenario's set: each semaphore's role name after its number. */
	static const struct title_col named_titles[] = {
		{ 1, 6, N_("SEMNUM") }, { 1, -8, N_("NAME") }, { 1, 7, N_("VALUE") }, { 1, 7, "NCNT" },
		{ 1, 7, "ZCNT" },       { 1, 7, "PID" },       { 2, -SEM_TREND_W, N_("TREND") }, { 2, 0, N_("COMMAND") },
	};
	bool named = sem_role(o, 0) != NULL;
	char title[160];
	draw_text(y, 0, COLS, screen_attr(ROLE_TITLE), true,
		  named ? draw_title_line(title, sizeof(title), named_titles, sizeof(named_titles) / sizeof(named_titles[0]))
			: draw_title_line(title, sizeof(title), sem_titles, sizeof(sem_titles) / sizeof(sem_titles[0])));
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
		char comm[CMDTABLE_LEN], line[CMDTABLE_LEN + 128];
		if (v->pid > 0)
			command_of(v->pid, comm, sizeof(comm));
		else
			snprintf(comm, sizeof(comm), "-");
		char name[64] = "";
		if (named)
			draw_padcat(draw_pad(name, sizeof(name), " ", 0), sizeof(name), sem_role(o, i) ? sem_role(o, i) : "",
				    -8);
		/* The values, the trend (drawn), the command. */
		int w = snprintf(line, sizeof(line), " %6zu%s %7d %7d %7d %7d  ", i, name, v->value, v->ncnt, v->zcnt,
				 (int)v->pid);
		attr_t attr = i == detail.cursor ? screen_attr(ROLE_SELECTED) : A_NORMAL;
		draw_text(yy, 0, COLS, attr, true, line);
		if (w + SEM_TREND_W < COLS)
			draw_sem_trend(a, o, i, yy, w, attr);
		snprintf(line, sizeof(line), "  %s", comm);
		if (w + SEM_TREND_W < COLS)
			draw_text(yy, w + SEM_TREND_W, COLS - w - SEM_TREND_W, attr, true, line);
		yy++;
		yy += waitlines_sem(s, o, v, (unsigned)i, yy, end - yy);
	}
}

/* Big digits grow with the terminal: 3 rows, 6 from 34 rows. */
static int big_scale(void)
{
	return LINES >= 34 ? 2 : 1;
}

/* A cell of the projector grid: a label "> sem N  ncnt N zcnt N" above up
 * to 5 big digits. */
static int grid_cell_cols(void)
{
	return big_scale() > 1 ? 40 : 26;
}

/* Semaphores in one row of the projector grid. */
static int grid_per_row(void)
{
	return COLS / grid_cell_cols() > 0 ? COLS / grid_cell_cols() : 1;
}

/* Is the projector grid of a set on screen (the arrows move in it)? */
static bool grid_shown(const struct app *a)
{
	return a->opt.projector && detail.obj.kind == KIND_SEM;
}

/* Projector mode: each semaphore as a big number with its waiters (any
 * process the waiter scan finds, under the digits), in a grid; the
 * cursor's cell is drawn reversed, one with waiters blocked and marked.
 * A set larger than the screen scrolls with the cursor and says so on
 * the row above the grid (y - 1). */
static void draw_big_semaphores(const struct snapshot *snap, const struct ipc_object *o, int y, int height)
{
	if (detail.semvals_errno || detail.nsemvals == 0)
		return;
	int scale = big_scale();
	int cellw = grid_cell_cols();
	int per_row = grid_per_row();
	if (detail.cursor >= detail.nsemvals)
		detail.cursor = detail.nsemvals - 1;
	/* Room for the waiter lines of the cell that has most (at most 2). */
	size_t most = 0;
	for (size_t i = 0; i < detail.nsemvals; i++) {
		struct semcell c = { .nlines = 0 };
		char text[SEMCELL_LINES][SEMCELL_TEXT];
		semcell_add_scanned(&c, text, snap, o->id, (unsigned)i, NULL, NULL);
		most = c.nlines > most ? c.nlines : most;
	}
	size_t nlines = most < 2 ? most : 2;
	int cellh = bigdigits_rows(scale) + 2 + 2 * (int)nlines; /* a line may wrap onto two rows */
	size_t first_row = detail.cursor / (size_t)per_row;
	size_t rows_fit = height / cellh > 0 ? (size_t)(height / cellh) : 1;
	size_t top_row = first_row >= rows_fit ? first_row - rows_fit + 1 : 0;
	size_t i, first = top_row * (size_t)per_row;
	for (i = first; i < detail.nsemvals; i++) {
		int r = (int)(i / (size_t)per_row - top_row), c = (int)(i % (size_t)per_row);
		if ((r + 1) * cellh > height)
			break;
		int cy = y + r * cellh, cx = c * cellw + 1;
		const struct ipc_semval *v = &detail.semvals[i];
		bool cur = i == detail.cursor, waits = v->ncnt + v->zcnt > 0;
		char label[96], sem[32], mark[16];
		snprintf(sem, sizeof(sem), "sem %zu", i);
		snprintf(mark, sizeof(mark), "%s ", scnnames_mark_blocked());
		/* TRANSLATORS: the label of one semaphore in projector mode; at
		 * most 25 columns with the numbers. */
		snprintf(label, sizeof(label), _("%s%s  ncnt %d zcnt %d"), cur ? "> " : waits ? mark : "  ",
			 sem_role(o, i) ? sem_role(o, i) : sem, v->ncnt, v->zcnt);
		draw_text(cy, cx, cellw - 1, cur ? screen_attr(ROLE_SELECTED) : waits ? screen_attr(ROLE_BLOCKED) : A_BOLD,
			  true, label);
		bigdigits_draw(cy + 1, cx + 2, v->value, bigdigits_scale(v->value, bigdigits_rows(scale), cellw - 3, scale),
			       cur ? A_BOLD : A_NORMAL);
		struct semcell cell = { .nlines = 0 };
		char text[SEMCELL_LINES][SEMCELL_TEXT];
		semcell_add_scanned(&cell, text, snap, o->id, (unsigned)i, NULL, NULL);
		int ly = cy + 1 + bigdigits_rows(scale);
		for (size_t k = 0; k < cell.nlines && k < nlines; k++)
			ly += draw_wrapped(ly, cx, cellw - 1, 2, screen_attr(ROLE_BLOCKED), cell.lines[k]);
	}
	if (first > 0 || i < detail.nsemvals) {
		char note[128];
		/* TRANSLATORS: projector mode, a set larger than the screen: the
		 * semaphores shown (first-last) of how many. */
		snprintf(note, sizeof(note), _("semaphores %zu-%zu of %zu shown: the arrows scroll"), first, i - 1,
			 (size_t)detail.nsemvals);
		draw_text(y - 1, 2, COLS - 2, A_BOLD, false, note);
	}
}

static void draw_processes(int y, int height);

/* Appends to title the role of o in a running scenario, if it has one. */
static void role_suffix(const struct ipc_object *o, char *title, size_t len)
{
	struct scenario *owner;
	const struct scenario_object *so = scenario_object_find(o->kind, o->id, &owner);
	size_t used = strlen(title);
	if (so && so->name && used < len) /* TRANSLATORS: after the detail's title: the scenario, the object's role in it. */
		snprintf(title + used, len - used, _("  [%s: %s]"), scenario_name(owner), _(so->name));
}

static void draw_projector(const struct snapshot *snap, const struct ipc_object *o, int top, int height)
{
	char line[256], key[16], perms[16];
	snprintf(line, sizeof(line), _(" %s %d   key %s   %s   owner %s"),
		 o->kind == KIND_SEM ? _("Semaphore set") : o->kind == KIND_MSG ? _("Message queue") : _("Segment"), o->id,
		 format_key(o->key, key, sizeof(key)), format_perms(o->mode, perms, sizeof(perms)),
		 names_user(o->uid));
	role_suffix(o, line, sizeof(line));
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, line);
	if (o->kind == KIND_SEM) {
		draw_big_semaphores(snap, o, top + 2, height - 2);
		return;
	}
	if (o->kind == KIND_MSG)
		snprintf(line, sizeof(line),
			 P_("messages on the queue   (%llu of %llu byte used)",
			    "messages on the queue   (%llu of %llu bytes used)", o->u.msg.qbytes),
			 (unsigned long long)o->u.msg.cbytes, (unsigned long long)o->u.msg.qbytes);
	else
		snprintf(line, sizeof(line), P_("%llu byte, attached by", "%llu bytes, attached by", o->u.shm.size),
			 (unsigned long long)o->u.shm.size);
	draw_text(top + 1, 2, COLS - 2, A_BOLD, false, line);
	int scale = big_scale();
	bigdigits_draw(top + 2, 4, o->kind == KIND_MSG ? (long)o->u.msg.qnum : (long)o->u.shm.nattch, scale, A_BOLD);
	/* The processes behind it (the daemon lesson's pid, ppid, pgid, sid,
	 * tty, tpgid) stay in projector mode. */
	int y = top + 3 + bigdigits_rows(scale);
	draw_processes(y, top + height - y);
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
		draw_projector(&a->snap, o, top, height);
		return;
	}
	static const char *const titles[KIND_COUNT] = { N_("Shared memory segment"), N_("Message queue"),
							N_("Semaphore set") };
	char title[256], key[16];
	snprintf(title, sizeof(title), _(" %s %d  key %s"), _(titles[o->kind]), o->id,
		 format_key(o->key, key, sizeof(key)));
	role_suffix(o, title, sizeof(title));
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, title);
	struct fields fs = { .n = 0 };
	common_fields(&fs, o);
	kind_fields(&fs, &a->snap, o);
	draw_fields(&fs, top + 1, height - 1);
	int used = 1 + (COLS >= 80 ? (fs.n + 1) / 2 : fs.n);
	int graphs = history_pane_rows(height, used); /* at the bottom */
	if (graphs) {
		history_pane_draw(a, o, detail.cursor, top + height - graphs, graphs);
		height -= graphs;
	}
	int act = activity_height(o, height - used - 1);
	if (o->kind == KIND_SEM) {
		draw_semaphores(a, o, top + used + 1, height - used - 1 - act);
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
	else if (series_note_semvals(&a->series, o, detail.semvals, detail.nsemvals) < 0 && errno == ENOMEM)
		app_message(a, true, _("recording the history: %s"), strerror(errno)); /* ENOENT: none yet */
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

static bool detail_semnum(const struct app *a, size_t *semnum)
{
	(void)a;
	if (detail.obj.kind != KIND_SEM)
		return false;
	*semnum = detail.cursor;
	return true;
}

/* Up and Down move a row: in the projector grid, a row of cells. */
static unsigned detail_cursor(struct app *a, long delta)
{
	size_t count = detail.obj.kind == KIND_SEM ? detail.nsemvals : detail.nprocrows;
	if (grid_shown(a) && delta > -1000000 && delta < 1000000) /* not Home/End */
		delta *= grid_per_row();
	return mode_cursor_step(&detail.cursor, count, delta);
}

/* Left and Right move a cell in the projector grid; elsewhere Left goes
 * back to the list, as in the other pages. */
static unsigned grid_left_right(struct app *a, int key)
{
	if (grid_shown(a))
		return mode_cursor_step(&detail.cursor, detail.nsemvals, key == KEY_LEFT ? -1 : 1);
	if (key == KEY_LEFT) {
		mode_pop(a);
		return REACT_REDRAW;
	}
	return REACT_NONE;
}

static const struct key_binding detail_keys[] = {
	{ KEY_LEFT, 0, grid_left_right, "Left/Right",
	  N_("projector view of a semaphore set: move in the grid (Up/Down: a row); elsewhere Left goes back"), NULL,
	  NULL },
	{ KEY_RIGHT, 0, grid_left_right, "Right", NULL, NULL, NULL },
};

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
	MODE_KEYS(detail_keys),
	.footer_for = detail_footer,
	.draw = detail_draw,
	.cursor = detail_cursor,
	.rescanned = detail_refresh,
	.free = detail_free,
	.target = detail_target,
	.pid = detail_pid,
	.semnum = detail_semnum,
	.snap_flags = detail_snap_flags,
	.snap_kinds = detail_snap_kinds,
};
