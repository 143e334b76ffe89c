/* create_form.c — the `c` form: kind, key (IPC_PRIVATE, ftok computed live,
 * or explicit), perms, IPC_EXCL, and the kind's size / nsems + values /
 * msg_qbytes; Enter calls shmget/msgget/semget through the core. */
#define _GNU_SOURCE
#include "actions/create_form.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>

#include "base/i18n.h"
#include "base/parse.h"
#include "ops/ops.h"
#include "views/form_view.h"

enum { F_KIND, F_KEYFROM, F_PATH, F_PROJ, F_KEY, F_PERMS, F_EXCL, F_SIZE, F_NSEMS, F_VALUES, F_QBYTES };
enum { KEY_PRIVATE, KEY_FTOK, KEY_EXPLICIT };

static const char *const kinds[] = { N_("shared memory (shmget)"), N_("message queue (msgget)"),
				     N_("semaphore set (semget)"), NULL };
static const char *const key_sources[] = { "IPC_PRIVATE", "ftok(path, proj_id)", N_("explicit key"), NULL };

#define MAX_VALUES 4096

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
	if (parse_key(spec, &r->key, &why) < 0) {
		/* Name the field at fault: the proj id or the path. */
		long proj;
		const char *pwhy;
		const char *pt = f->fields[F_PROJ].text;
		/* As parse_key: one character that is not a digit, or 1..255. */
		bool proj_ok = (pt[0] && !pt[1] && !isdigit((unsigned char)pt[0])) ||
			       parse_long(pt, 1, 255, &proj, &pwhy) == 0;
		return field_error(f, proj_ok ? F_PATH : F_PROJ, why);
	}
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
		ok &= field_ok(f, F_NSEMS, parse_long(f->fields[F_NSEMS].text, 1, MAX_VALUES, &nsems, &why), &why);
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

static void create_changed(struct app *a, struct form *f)
{
	(void)a;
	struct create_req cr;
	f->message[0] = '\0';
	form_view_preview(f, build(f, &cr) ? &cr.req : NULL);
}

static bool create_submit(struct app *a, struct form *f)
{
	struct create_req cr;
	if (!build(f, &cr))
		return false;
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
	int kind = a->view == VIEW_ALL ? KIND_SHM : (int)a->view;
	form_add_choice(f, _("kind"), kinds, kind);
	form_add_choice(f, _("key from"), key_sources, KEY_PRIVATE);
	form_add_text(f, _("path"), "/tmp", _("an existing file or directory"));
	form_add_text(f, "proj_id", "1", _("1..255 or one character"));
	form_add_text(f, _("key"), "0x1234", _("0x1234 or decimal"));
	form_add_text(f, _("perms"), "0644", _("octal, e.g. 0600"));
	form_add_toggle(f, "IPC_EXCL", false);
	form_add_text(f, _("size"), "4096", _("bytes: 4096, 4k, 1M, 2G"));
	form_add_text(f, "nsems", "1", _("semaphores in the set"));
	form_add_text(f, _("values"), "0", _("one value for all, or a list: 1 0 0"));
	form_add_text(f, "msg_qbytes", "", _("empty: the default (MSGMNB)"));
	form_view_open(a, create_submit, create_changed);
	return REACT_REDRAW;
}
