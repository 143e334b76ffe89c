/* create_form.c — the `c` form: kind, key (IPC_PRIVATE, ftok computed live,
 * or explicit), perms, IPC_EXCL, and the kind's size / nsems + values /
 * msg_qbytes; Enter calls shmget/msgget/semget through the core, the key
 * shown (and logged, and replayed) as the ftok() call it came from. The
 * last choices are remembered for the session and the settings file. */
#define _GNU_SOURCE
#include "actions/create_form.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>

#include <limits.h>

#include "base/i18n.h"
#include "base/parse.h"
#include "ops/ops.h"
#include "views/form_view.h"

/* The fields, in the order of the settings' enum create_field. */
enum { F_KIND = CF_KIND, F_KEYFROM = CF_KEY_FROM, F_PATH = CF_PATH, F_PROJ = CF_PROJ, F_KEY = CF_KEY,
       F_PERMS = CF_PERMS, F_EXCL = CF_EXCL, F_SIZE = CF_SIZE, F_NSEMS = CF_NSEMS, F_VALUES = CF_VALUES,
       F_QBYTES = CF_QBYTES, F_COUNT = CF_COUNT };
enum { KEY_PRIVATE, KEY_FTOK, KEY_EXPLICIT };

static const char *const kinds[] = { N_("shared memory (shmget)"), N_("message queue (msgget)"),
				     N_("semaphore set (semget)"), NULL };
static const char *const key_sources[] = { "IPC_PRIVATE", "ftok(path, proj_id)", N_("explicit key"), NULL };
/* The choices' names in the settings file. */
static const char *const kind_names[] = { "shm", "msg", "sem", NULL };
static const char *const key_source_names[] = { "private", "ftok", "key", NULL };

/* The last choices, as the settings file keeps them ("" none yet). */
static char last[CF_COUNT][SETTINGS_TEXT_MAX];

/* A list of values fits in the field: at most one per two characters. */
#define MAX_VALUES (FORM_TEXT_MAX / 2 + 1)

struct create_req {
	struct op_request req;
	int values[MAX_VALUES];
};

/* Parses "1", "1 0 2" or "1,0,2" into values (each 0..semvmx). */
static int parse_values(const char *s, int *out, size_t cap, size_t *n, long semvmx, const char **why)
{
	char buf[FORM_TEXT_MAX];
	snprintf(buf, sizeof(buf), "%s", s);
	*n = 0;
	char *save = NULL;
	for (char *tok = strtok_r(buf, " ,", &save); tok; tok = strtok_r(NULL, " ,", &save)) {
		long v;
		if (*n >= cap) {
			*why = _("too many values");
			return -1;
		}
		if (parse_long(tok, 0, semvmx, &v, why) < 0) {
			*why = _("values must be whole numbers 0..SEMVMX (32767)");
			return -1;
		}
		out[(*n)++] = (int)v;
	}
	if (*n == 0) {
		*why = _("give one value for all, or one per semaphore");
		return -1;
	}
	return 0;
}

static bool field_error(struct form *f, int field, const char *why)
{
	form_note(f, field, true, "%s", why);
	return false;
}

/* Takes the address of the parser's reason, read after the parser ran:
 * passing why itself next to parse(.., &why) read it before the call (the
 * order of evaluation of arguments is unspecified) and showed no reason. */
static bool field_ok(struct form *f, int field, int rc, const char *const *why)
{
	return rc < 0 ? field_error(f, field, *why) : true;
}

/* ftok's proj_id as parse_key reads it: one character that is not a
 * digit, or 1..255. */
static int parse_proj(const char *t, int *proj)
{
	long v;
	const char *why;
	if (t[0] && !t[1] && !isdigit((unsigned char)t[0]))
		*proj = (unsigned char)t[0];
	else if (parse_long(t, 1, 255, &v, &why) == 0)
		*proj = (int)v;
	else
		return -1;
	return 0;
}

static bool build_key(struct form *f, struct op_request *r)
{
	const char *why = "";
	int src = f->fields[F_KEYFROM].choice;
	if (src == KEY_PRIVATE) {
		r->key = IPC_PRIVATE;
		return true;
	}
	if (src == KEY_EXPLICIT) {
		if (!field_ok(f, F_KEY, parse_key(f->fields[F_KEY].text, &r->key, &why), &why))
			return false;
		if (r->key == IPC_PRIVATE)
			form_note(f, F_KEY, false, _("0 is IPC_PRIVATE: always a new object"));
		return true;
	}
	char spec[FORM_TEXT_MAX * 2 + 2];
	snprintf(spec, sizeof(spec), "%s:%s", f->fields[F_PATH].text, f->fields[F_PROJ].text);
	if (!f->fields[F_PATH].text[0])
		return field_error(f, F_PATH, _("ftok needs an existing path"));
	int proj_ok = parse_proj(f->fields[F_PROJ].text, &r->proj) == 0;
	if (parse_key(spec, &r->key, &why) < 0) /* name the field at fault */
		return field_error(f, proj_ok ? F_PATH : F_PROJ, why);
	r->path = f->fields[F_PATH].text; /* the call shows ftok(path, proj) */
	form_note(f, F_PROJ, false, "key = 0x%08x", (unsigned)r->key);
	return true;
}

/* Reads the form into cr; sets notes on bad fields. Returns validity. */
static bool build(struct form *f, struct create_req *cr)
{
	struct op_request *r = &cr->req;
	const char *why = "";
	memset(cr, 0, sizeof(*cr));
	for (int i = 0; i < f->nfields; i++)
		f->fields[i].note[0] = '\0', f->fields[i].note_error = false;
	int kind = f->fields[F_KIND].choice;
	int src = f->fields[F_KEYFROM].choice;
	f->fields[F_PATH].hidden = f->fields[F_PROJ].hidden = src != KEY_FTOK;
	f->fields[F_KEY].hidden = src != KEY_EXPLICIT;
	f->fields[F_SIZE].hidden = kind != KIND_SHM;
	f->fields[F_NSEMS].hidden = f->fields[F_VALUES].hidden = kind != KIND_SEM;
	f->fields[F_QBYTES].hidden = kind != KIND_MSG;

	bool ok = build_key(f, r);
	ok &= field_ok(f, F_PERMS, parse_perms(f->fields[F_PERMS].text, &r->mode, &why), &why);
	r->excl = f->fields[F_EXCL].on;
	if (kind == KIND_SHM) {
		r->kind = OP_SHM_CREATE;
		ok &= field_ok(f, F_SIZE, parse_size(f->fields[F_SIZE].text, &r->size, &why), &why);
	} else if (kind == KIND_MSG) {
		r->kind = OP_MSG_CREATE;
		if (f->fields[F_QBYTES].text[0])
			ok &= field_ok(f, F_QBYTES, parse_size(f->fields[F_QBYTES].text, &r->size, &why), &why);
	} else {
		long nsems = 0;
		size_t n = 0;
		r->kind = OP_SEM_CREATE;
		/* Up to SEMMSL: the core names the limit (ops_check below). */
		if (parse_long(f->fields[F_NSEMS].text, 1, INT_MAX, &nsems, &why) < 0)
			ok = field_error(f, F_NSEMS, _("a whole number of semaphores, 1 to SEMMSL"));
		ok &= field_ok(f, F_VALUES, parse_values(f->fields[F_VALUES].text, cr->values, MAX_VALUES, &n,
							 32767, &why), &why);
		if (ok && n != 1 && n != (size_t)nsems)
			ok = field_error(f, F_VALUES, _("one value for all, or exactly nsems values"));
		r->nsems = (unsigned)nsems;
		r->values = cr->values;
		r->nvalues = n;
	}
	if (!ok)
		return false;
	/* The core checks the kind's amount against the limits (SHMMIN,
	 * SHMMAX, SEMMSL ...): its refusal marks that field too. */
	static const int amount_field[KIND_COUNT] = {
		[KIND_SHM] = F_SIZE, [KIND_MSG] = F_QBYTES, [KIND_SEM] = F_NSEMS,
	};
	struct op_result check;
	if (ops_check(r, &check) < 0) {
		snprintf(f->message, sizeof(f->message), "%s", check.message);
		return field_error(f, amount_field[kind], check.message);
	}
	return true;
}

/* The choices of a form sent (valid), kept as the last ones. */
static void remember(const struct form *f)
{
	for (int i = 0; i < F_COUNT; i++) {
		const struct form_field *x = &f->fields[i];
		const char *text = i == F_KIND ? kind_names[x->choice] : i == F_KEYFROM ? key_source_names[x->choice]
				   : i == F_EXCL ? (x->on ? "yes" : "no") : x->text;
		snprintf(last[i], sizeof(last[i]), "%s", text);
	}
}

void create_form_recall(const struct settings *s)
{
	memcpy(last, s->create, sizeof(last));
}

void create_form_remember(struct settings *s)
{
	memcpy(s->create, last, sizeof(last));
}

static void create_changed(struct app *a, struct form *f)
{
	(void)a;
	struct create_req cr;
	f->message[0] = '\0';
	form_view_preview(f, build(f, &cr) ? &cr.req : NULL);
}

/* The last choice of a choice field, or dflt. */
static int last_choice(int field, const char *const *names, int dflt)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(last[field], names[i]) == 0)
			return i;
	return dflt;
}

/* The last text of a field, or dflt. */
static const char *last_text(int field, const char *dflt)
{
	return last[field][0] ? last[field] : dflt;
}

static bool create_submit(struct app *a, struct form *f)
{
	struct create_req cr;
	if (!build(f, &cr))
		return false;
	remember(f);
	struct op_result res = ops_run(&cr.req);
	if (res.ret < 0) {
		snprintf(f->message, sizeof(f->message), "%s", res.message);
		/* A set created before its SETALL/qbytes step failed still
		 * exists: select it so the user sees it. */
		if (res.id >= 0)
			app_follow(a, (enum ipc_kind)f->fields[F_KIND].choice, res.id);
		ops_result_free(&res);
		return false;
	}
	app_follow(a, (enum ipc_kind)f->fields[F_KIND].choice, res.id);
	app_show_result(a, &res);
	ops_result_free(&res);
	return true;
}

unsigned act_create(struct app *a, int key)
{
	(void)key;
	if (app_refuse_read_only(a, _("creating objects")))
		return REACT_REDRAW;
	struct form *f = form_view_new(_(" Create a System V IPC object"));
	/* The view's kind; in the All view the last kind made. */
	int kind = a->view == VIEW_ALL ? last_choice(F_KIND, kind_names, KIND_SHM) : (int)a->view;
	form_add_choice(f, _("kind"), kinds, kind);
	form_add_choice(f, _("key from"), key_sources, last_choice(F_KEYFROM, key_source_names, KEY_PRIVATE));
	form_add_text(f, _("path"), last_text(F_PATH, "/tmp"), _("an existing file or directory"));
	form_add_text(f, "proj_id", last_text(F_PROJ, "1"), _("1..255 or one character"));
	form_add_text(f, _("key"), last_text(F_KEY, "0x1234"), _("0x1234 or decimal"));
	form_add_text(f, _("perms"), last_text(F_PERMS, "0644"), _("octal, e.g. 0600"));
	form_add_toggle(f, "IPC_EXCL", strcmp(last[F_EXCL], "yes") == 0);
	form_add_text(f, _("size"), last_text(F_SIZE, "4096"), _("bytes: 4096, 4k, 1M, 2G"));
	form_add_text(f, "nsems", last_text(F_NSEMS, "1"), _("semaphores in the set (up to SEMMSL)"));
	form_add_text(f, _("values"), last_text(F_VALUES, "0"), _("one value for all, or a list: 1 0 0"));
	form_add_text(f, "msg_qbytes", last[F_QBYTES], _("empty: the default (MSGMNB)"));
	form_view_open(a, create_submit, create_changed);
	return REACT_REDRAW;
}
