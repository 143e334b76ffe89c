/* hex_actions.c — attaching a segment (`a` read-only, `A` read-write), the
 * hex view's keys (movement, hex/ASCII typing, goto, write a string, fill a
 * range: in a worker with progress and `x` to cancel when large) and
 * detaching (shmdt) when the view closes. Edits go through the core (which
 * writes through safemem: a page that is not available fails the write,
 * never raises SIGBUS) so each one is logged as the C it amounts to. */
#define _GNU_SOURCE
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "base/i18n.h"
#include "draw.h"
#include "base/format.h"
#include "hex_view.h"
#include "ops/ops.h"
#include "base/parse.h"
#include "base/payload.h"
#include "ops/worker.h"

/* Fills up to this many bytes run at once (~0.4 ms); larger ones in a
 * worker, so the UI never waits (a 1 TiB fill takes minutes). */
#define FILL_INLINE_MAX ((uint64_t)1 << 20)

#define KEY_ESC 27
#define CTRL(c) ((c) & 0x1f)

unsigned act_attach(struct app *a, int key)
{
	bool readonly = key == 'a';
	if (!readonly && app_refuse_read_only(a, _("attaching read-write")))
		return REACT_REDRAW;
	const struct ipc_object *o = action_target_kind(a, KIND_SHM, "shmat");
	if (!o)
		return REACT_REDRAW;
	struct op_result res = ops_shm_attach(o->id, readonly);
	if (res.ret < 0) {
		app_show_result(a, &res);
		return REACT_REDRAW;
	}
	hexedit_free(&a->hex);
	hexedit_init(&a->hex, res.addr, res.size, !readonly);
	a->hex_obj = (struct obj_ref){ KIND_SHM, o->id, true };
	a->hex_retrack = true;
	a->mode = UI_HEX;
	app_show_result(a, &res);
	return REACT_RESCAN | REACT_REDRAW; /* nattch grew by one */
}

void hex_detach(struct app *a)
{
	if (!a->hex.base)
		return;
	struct op_result res = ops_shm_detach(a->hex.base);
	app_show_result(a, &res);
	hexedit_free(&a->hex);
	a->hex.base = NULL;
	a->hex.size = 0;
}

unsigned act_hex_close(struct app *a, int key)
{
	(void)key;
	hex_detach(a);
	a->mode = a->detail.set && a->detail.kind == KIND_SHM ? UI_DETAIL : UI_LIST;
	if (a->mode == UI_DETAIL && a->detail.id != a->hex_obj.id)
		a->mode = UI_LIST;
	return REACT_RESCAN | REACT_REDRAW;
}

static int to_hex_key(int key)
{
	switch (key) {
	case KEY_UP: return HK_UP;
	case KEY_DOWN: return HK_DOWN;
	case KEY_LEFT: return HK_LEFT;
	case KEY_RIGHT: return HK_RIGHT;
	case KEY_PPAGE: return HK_PGUP;
	case KEY_NPAGE: return HK_PGDN;
	case KEY_HOME: return HK_HOME;
	case KEY_END: return HK_END;
	case '\t': return HK_TAB;
	case KEY_BACKSPACE: case 127: return HK_BACKSPACE;
	default: return key;
	}
}

static void page_missing(struct app *a)
{
	app_message(a, true, _("page not available at offset 0x%zx: the kernel cannot back it (no free huge page?)"),
		    a->hex.cursor);
}

/* Keys not in the key table: movement and typing into the segment. */
unsigned hex_mode_key(struct app *a, int key)
{
	switch (hexedit_key(&a->hex, to_hex_key(key))) {
	case HEX_MOVED:
		return REACT_REDRAW;
	case HEX_WRITE: {
		struct hexedit *h = &a->hex;
		struct op_request req = { .kind = OP_SHM_WRITE, .addr = h->base, .offset = h->last_write_off,
					  .bytes = &h->last_write_new, .nbytes = 1 };
		/* The high nibble shows at once; the whole byte is logged, as
		 * the memcpy it amounts to, when the low one is typed. */
		struct op_result res = h->half ? ops_execute(&req) : ops_run(&req);
		if (!h->half || res.ret < 0)
			app_show_result(a, &res);
		if (res.ret < 0)
			h->half = false;
		return REACT_REDRAW;
	}
	case HEX_READONLY:
		app_message(a, true, _("attached read-only (SHM_RDONLY): Esc, then A attaches read-write"));
		return REACT_REDRAW;
	case HEX_UNAVAILABLE:
		page_missing(a);
		return REACT_REDRAW;
	default:
		return REACT_NONE;
	}
}

/* ---- goto / write / fill forms ------------------------------------------- */

/* An offset inside the segment: hex (64 bits) or a size. */
static bool offset_in_segment(const char *s, size_t size, size_t *out, const char **why)
{
	uint64_t v;
	if (parse_offset(s, &v, why) < 0)
		return false;
	if (v >= size) {
		static char text[96];
		snprintf(text, sizeof(text), _("0x%" PRIx64 " is past the end (the last offset is 0x%zx)"), v,
			 size ? size - 1 : 0);
		*why = text;
		return false;
	}
	*out = (size_t)v;
	return true;
}

static bool goto_submit(struct app *a)
{
	size_t off;
	const char *why;
	if (!offset_in_segment(a->form.fields[0].text, a->hex.size, &off, &why)) {
		form_note(&a->form, 0, true, "%s", why);
		return false;
	}
	hexedit_goto(&a->hex, off);
	return true;
}

unsigned act_hex_goto(struct app *a, int key)
{
	(void)key;
	char title[128];
	snprintf(title, sizeof(title), _(" Go to offset (0..0x%zx)"), a->hex.size ? a->hex.size - 1 : 0);
	form_init(&a->form, title);
	form_add_text(&a->form, _("offset"), "0x0", "0x12345678901, 4096, 4k");
	app_open_form(a, goto_submit, NULL);
	return REACT_REDRAW;
}

static unsigned char data_buf[4096];

static bool write_submit(struct app *a)
{
	char why[128];
	size_t n;
	enum payload_mode mode = a->form.fields[1].choice ? PAYLOAD_HEX : PAYLOAD_TEXT;
	if (payload_parse(a->form.fields[0].text, mode, data_buf, sizeof(data_buf), &n, why, sizeof(why)) < 0) {
		form_note(&a->form, 0, true, "%s", why);
		return false;
	}
	struct op_result res = ops_shm_write(a->hex.base, a->hex.cursor, data_buf, n);
	return app_form_result(a, &res);
}

unsigned act_hex_write(struct app *a, int key)
{
	(void)key;
	static const char *const modes[] = { N_("text (\\n \\xHH escapes)"), N_("hex bytes"), NULL };
	if (!a->hex.writable) {
		app_message(a, true, _("attached read-only (SHM_RDONLY): Esc, then A attaches read-write"));
		return REACT_REDRAW;
	}
	char title[128];
	snprintf(title, sizeof(title), _(" Write at offset 0x%zx"), a->hex.cursor);
	form_init(&a->form, title);
	form_add_text(&a->form, _("data"), "", _("written at the cursor"));
	form_add_choice(&a->form, _("as"), modes, 0);
	app_open_form(a, write_submit, NULL);
	return REACT_REDRAW;
}

/* The fill started on the segment in view, while it runs. */
static const struct worker *fill_running(const struct app *a)
{
	const struct worker *w = a->hex_fill ? worker_find(a->hex_fill) : NULL;
	return w && w->objid == a->hex_obj.id ? w : NULL;
}

/* A large fill: memset in a worker child, which inherited the mapping. */
static bool fill_in_worker(struct app *a, size_t off, uint64_t len, uint8_t byte)
{
	struct op_request req = { .kind = OP_SHM_FILL, .addr = a->hex.base, .offset = off, .size = len,
				  .value = byte, .id = a->hex_obj.id };
	struct op_result res;
	int id = worker_start(&req, &res);
	if (id < 0)
		return app_form_result(a, &res);
	a->hex_fill = id;
	app_message(a, false, _("filling %" PRIu64 " bytes at 0x%zx with 0x%02x in worker %d (pid %d): x or F4 cancels"),
		    len, off, byte, id, (int)worker_find(id)->pid);
	return true;
}

static bool fill_submit(struct app *a)
{
	struct form *f = &a->form;
	size_t off = 0;
	uint64_t len, byte;
	const char *why;
	bool ok = true;
	if (!offset_in_segment(f->fields[0].text, a->hex.size, &off, &why))
		form_note(f, 0, true, "%s", why), ok = false;
	if (parse_offset(f->fields[1].text, &len, &why) < 0)
		form_note(f, 1, true, "%s", why), ok = false;
	if (parse_offset(f->fields[2].text, &byte, &why) < 0 || byte > 255)
		form_note(f, 2, true, _("a byte: 0..255 or 0x00..0xff")), ok = false;
	if (!ok)
		return false;
	if (len > a->hex.size - off) {
		form_note(f, 1, true, _("beyond the end: at most %zu bytes from 0x%zx"), a->hex.size - off, off);
		return false;
	}
	if (len > FILL_INLINE_MAX) {
		if (fill_running(a)) {
			form_note(f, 1, true, _("a fill is already running (x or F4 cancels it)"));
			return false;
		}
		return fill_in_worker(a, off, len, (uint8_t)byte);
	}
	struct op_result res = ops_shm_fill(a->hex.base, off, len, (uint8_t)byte);
	if (res.ret < 0)
		return app_form_result(a, &res);
	app_message(a, false, _("filled %zu bytes at 0x%zx with 0x%02lx (last call: %s)"), (size_t)len, off,
		    (unsigned long)byte, res.call);
	return true;
}

unsigned act_hex_fill(struct app *a, int key)
{
	(void)key;
	if (!a->hex.writable) {
		app_message(a, true, _("attached read-only (SHM_RDONLY): Esc, then A attaches read-write"));
		return REACT_REDRAW;
	}
	char off[24];
	snprintf(off, sizeof(off), "0x%zx", a->hex.cursor);
	form_init(&a->form, _(" Fill a range with one byte"));
	form_add_text(&a->form, _("offset"), off, NULL);
	form_add_text(&a->form, _("length"), "16", _("bytes: 16, 4k, 0x1000; large ones run in a worker"));
	form_add_text(&a->form, _("byte"), "0x00", "0..255 or 0x00..0xff");
	app_open_form(a, fill_submit, NULL);
	return REACT_REDRAW;
}

unsigned act_hex_cancel_fill(struct app *a, int key)
{
	(void)key;
	const struct worker *w = fill_running(a);
	if (!w) {
		app_message(a, false, _("no fill is running"));
		return REACT_REDRAW;
	}
	uint64_t total = w->total;
	const uint64_t *done = w->done; /* the shared counter outlives the worker */
	pid_t pid = w->pid;
	int rc = worker_cancel(a->hex_fill);
	if (rc == 0)
		app_message(a, false, _("kill(%d, SIGTERM) = 0: fill cancelled after %" PRIu64 " of %" PRIu64 " bytes"),
			    (int)pid, __atomic_load_n(done, __ATOMIC_RELAXED), total);
	else
		app_message(a, false, _("the fill had already finished"));
	a->hex_fill = 0;
	return REACT_RESCAN | REACT_REDRAW;
}

void hex_draw(struct app *a, int top, int height)
{
	const struct ipc_object *o = snapshot_find(&a->snap, KIND_SHM, a->hex_obj.id);
	char title[256], flags[64], size[16];
	const char *mode = a->hex.writable ? "rw" : "ro", *pane = a->hex.ascii ? "ASCII" : "HEX";
	format_human(a->hex.size, size, sizeof(size));
	snprintf(flags, sizeof(flags), "%s%s%s", o && o->u.shm.hugetlb ? "  hugetlb" : "",
		 o && o->u.shm.dest ? "  dest" : "", o ? "" : _("  (removed: still mapped)"));
	const struct worker *w = fill_running(a);
	if (w) /* no address: the progress must fit 80 columns */
		snprintf(title, sizeof(title), _(" shm %d %s  %s  offset 0x%zx  [%s]%s  fill %u%%: x or F4 cancels"),
			 a->hex_obj.id, mode, size, a->hex.cursor, pane, flags,
			 (unsigned)(w->total ? worker_progress(w) * 100 / w->total : 0));
	else
		snprintf(title, sizeof(title), _(" shm %d %s at %p  %s  offset 0x%zx  [%s]%s"), a->hex_obj.id, mode,
			 (void *)a->hex.base, size, a->hex.cursor, pane, flags);
	hex_view_draw(&a->hex, title, top, height);
	if (a->hex_retrack) {
		hexedit_track(&a->hex);
		a->hex_retrack = false;
	}
}
