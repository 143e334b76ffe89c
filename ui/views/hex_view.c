/* hex_view.c — the hex view of an attached segment: attaching (`a`
 * read-only, `A` read-write), its keys (movement, hex/ASCII typing, goto,
 * write a string, fill a range: in a worker with progress and `x` to
 * cancel when large) and detaching (shmdt) when the view closes, however
 * it closes. Edits go through the core (which writes through safemem: a
 * page that is not available fails the write, never raises SIGBUS) so
 * each one is logged as the C it amounts to. The drawing of the bytes is
 * hexdump.c. */
#define _GNU_SOURCE
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/format.h"
#include "base/i18n.h"
#include "base/parse.h"
#include "ops/ops.h"
#include "base/payload.h"
#include "ops/worker.h"
#include "views/form_view.h"
#include "widgets/hexdump.h"
#include "widgets/screen.h"

/* Fills up to this many bytes run at once (~0.4 ms); larger ones in a
 * worker, so the UI never waits (a 1 TiB fill takes minutes). */
#define FILL_INLINE_MAX ((uint64_t)1 << 20)

static struct {
	struct hexedit hex;
	struct obj_ref obj;
	bool retrack; /* remember the window after the next draw */
	int fill;     /* worker id of the last fill started in a worker, 0 none */
	unsigned char data[4096]; /* the bytes the write form writes */
} hv;

extern const struct mode_class hex_mode;

static unsigned act_attach(struct app *a, int key)
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
	hexedit_free(&hv.hex);
	hexedit_init(&hv.hex, res.addr, res.size, !readonly);
	hv.obj = (struct obj_ref){ KIND_SHM, o->id, true };
	hv.retrack = true;
	mode_push(a, &hex_mode);
	app_show_result(a, &res);
	return REACT_RESCAN | REACT_REDRAW; /* nattch grew by one */
}

/* Leaving the view (Esc, another screen, quitting) detaches. */
static void hex_leave(struct app *a)
{
	if (!hv.hex.base)
		return;
	struct op_result res = ops_shm_detach(hv.hex.base);
	app_show_result(a, &res);
	hexedit_free(&hv.hex);
	hv.hex.base = NULL;
	hv.hex.size = 0;
}

static unsigned hex_close(struct app *a)
{
	mode_pop(a);
	return REACT_RESCAN | REACT_REDRAW; /* nattch went down by one */
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
		    hv.hex.cursor);
}

/* Keys no binding takes: movement and typing into the segment. */
static unsigned hex_key(struct app *a, int key)
{
	switch (hexedit_key(&hv.hex, to_hex_key(key))) {
	case HEX_MOVED:
		return REACT_REDRAW;
	case HEX_WRITE: {
		struct hexedit *h = &hv.hex;
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

static bool goto_submit(struct app *a, struct form *f)
{
	(void)a;
	size_t off;
	const char *why;
	if (!offset_in_segment(f->fields[0].text, hv.hex.size, &off, &why)) {
		form_note(f, 0, true, "%s", why);
		return false;
	}
	hexedit_goto(&hv.hex, off);
	return true;
}

static unsigned act_hex_goto(struct app *a, int key)
{
	(void)key;
	char title[128];
	snprintf(title, sizeof(title), _(" Go to offset (0..0x%zx)"), hv.hex.size ? hv.hex.size - 1 : 0);
	struct form *f = form_view_new(title);
	form_add_text(f, _("offset"), "0x0", "0x12345678901, 4096, 4k");
	form_view_open(a, goto_submit, NULL);
	return REACT_REDRAW;
}

static bool write_submit(struct app *a, struct form *f)
{
	char why[128];
	size_t n;
	enum payload_mode mode = f->fields[1].choice ? PAYLOAD_HEX : PAYLOAD_TEXT;
	if (payload_parse(f->fields[0].text, mode, hv.data, sizeof(hv.data), &n, why, sizeof(why)) < 0) {
		form_note(f, 0, true, "%s", why);
		return false;
	}
	struct op_result res = ops_shm_write(hv.hex.base, hv.hex.cursor, hv.data, n);
	return form_view_result(a, f, &res);
}

static unsigned act_hex_write(struct app *a, int key)
{
	(void)key;
	static const char *const modes[] = { N_("text (\\n \\xHH escapes)"), N_("hex bytes"), NULL };
	if (!hv.hex.writable) {
		app_message(a, true, _("attached read-only (SHM_RDONLY): Esc, then A attaches read-write"));
		return REACT_REDRAW;
	}
	char title[128];
	snprintf(title, sizeof(title), _(" Write at offset 0x%zx"), hv.hex.cursor);
	struct form *f = form_view_new(title);
	form_add_text(f, _("data"), "", _("written at the cursor"));
	form_add_choice(f, _("as"), modes, 0);
	form_view_open(a, write_submit, NULL);
	return REACT_REDRAW;
}

/* The fill started on the segment in view, while it runs. */
static const struct worker *fill_running(void)
{
	const struct worker *w = hv.fill ? worker_find(hv.fill) : NULL;
	return w && w->objid == hv.obj.id ? w : NULL;
}

/* A large fill: memset in a worker child, which inherited the mapping. */
static bool fill_in_worker(struct app *a, struct form *f, size_t off, uint64_t len, uint8_t byte)
{
	struct op_request req = { .kind = OP_SHM_FILL, .addr = hv.hex.base, .offset = off, .size = len,
				  .value = byte, .id = hv.obj.id };
	struct op_result res;
	int id = worker_start(&req, &res);
	if (id < 0)
		return form_view_result(a, f, &res);
	hv.fill = id;
	app_message(a, false, _("filling %" PRIu64 " bytes at 0x%zx with 0x%02x in worker %d (pid %d): x or F4 cancels"),
		    len, off, byte, id, (int)worker_find(id)->pid);
	return true;
}

static bool fill_submit(struct app *a, struct form *f)
{
	size_t off = 0;
	uint64_t len, byte;
	const char *why;
	bool ok = true;
	if (!offset_in_segment(f->fields[0].text, hv.hex.size, &off, &why))
		form_note(f, 0, true, "%s", why), ok = false;
	if (parse_offset(f->fields[1].text, &len, &why) < 0)
		form_note(f, 1, true, "%s", why), ok = false;
	if (parse_offset(f->fields[2].text, &byte, &why) < 0 || byte > 255)
		form_note(f, 2, true, _("a byte: 0..255 or 0x00..0xff")), ok = false;
	if (!ok)
		return false;
	if (len > hv.hex.size - off) {
		form_note(f, 1, true, P_("beyond the end: at most %zu byte from 0x%zx", "beyond the end: at most %zu bytes from 0x%zx",
					  hv.hex.size - off), hv.hex.size - off, off);
		return false;
	}
	if (len > FILL_INLINE_MAX) {
		if (fill_running()) {
			form_note(f, 1, true, _("a fill is already running (x or F4 cancels it)"));
			return false;
		}
		return fill_in_worker(a, f, off, len, (uint8_t)byte);
	}
	struct op_result res = ops_shm_fill(hv.hex.base, off, len, (uint8_t)byte);
	if (res.ret < 0)
		return form_view_result(a, f, &res);
	app_message(a, false, P_("filled %zu byte at 0x%zx with 0x%02lx (last call: %s)",
				 "filled %zu bytes at 0x%zx with 0x%02lx (last call: %s)", len),
		    (size_t)len, off, (unsigned long)byte, res.call);
	return true;
}

static unsigned act_hex_fill(struct app *a, int key)
{
	(void)key;
	if (!hv.hex.writable) {
		app_message(a, true, _("attached read-only (SHM_RDONLY): Esc, then A attaches read-write"));
		return REACT_REDRAW;
	}
	char off[24];
	snprintf(off, sizeof(off), "0x%zx", hv.hex.cursor);
	struct form *f = form_view_new(_(" Fill a range with one byte"));
	form_add_text(f, _("offset"), off, NULL);
	form_add_text(f, _("length"), "16", _("bytes: 16, 4k, 0x1000; large ones run in a worker"));
	form_add_text(f, _("byte"), "0x00", "0..255 or 0x00..0xff");
	form_view_open(a, fill_submit, NULL);
	return REACT_REDRAW;
}

static unsigned act_hex_cancel_fill(struct app *a, int key)
{
	(void)key;
	const struct worker *w = fill_running();
	if (!w) {
		app_message(a, false, _("no fill is running"));
		return REACT_REDRAW;
	}
	uint64_t total = w->total;
	const uint64_t *done = w->done; /* the shared counter outlives the worker */
	pid_t pid = w->pid;
	int rc = worker_cancel(hv.fill);
	if (rc == 0)
		app_message(a, false, _("kill(%d, SIGTERM) = 0: fill cancelled after %" PRIu64 " of %" PRIu64 " bytes"),
			    (int)pid, __atomic_load_n(done, __ATOMIC_RELAXED), total);
	else
		app_message(a, false, _("the fill had already finished"));
	hv.fill = 0;
	return REACT_RESCAN | REACT_REDRAW;
}

static void hex_draw(struct app *a, int top, int height)
{
	const struct ipc_object *o = snapshot_find(&a->snap, KIND_SHM, hv.obj.id);
	char title[256], flags[64], size[16];
	const char *mode = hv.hex.writable ? "rw" : "ro", *pane = hv.hex.ascii ? "ASCII" : "HEX";
	format_human(hv.hex.size, size, sizeof(size));
	snprintf(flags, sizeof(flags), "%s%s%s", o && o->u.shm.hugetlb ? "  hugetlb" : "",
		 o && o->u.shm.dest ? "  dest" : "", o ? "" : _("  (removed: still mapped)"));
	const struct worker *w = fill_running();
	if (w) /* no address: the progress must fit 80 columns */
		snprintf(title, sizeof(title), _(" shm %d %s  %s  offset 0x%zx  [%s]%s  fill %u%%: x or F4 cancels"),
			 hv.obj.id, mode, size, hv.hex.cursor, pane, flags,
			 (unsigned)(w->total ? worker_progress(w) * 100 / w->total : 0));
	else
		snprintf(title, sizeof(title), _(" shm %d %s at %p  %s  offset 0x%zx  [%s]%s"), hv.obj.id, mode,
			 (void *)hv.hex.base, size, hv.hex.cursor, pane, flags);
	hexdump_draw(&hv.hex, title, top, height);
	if (hv.retrack) {
		hexedit_track(&hv.hex);
		hv.retrack = false;
	}
}

/* In the ASCII pane, text is data. */
static bool hex_takes(const struct app *a, int key)
{
	(void)a;
	return hv.hex.ascii && key >= 32 && key < 127;
}

static void hex_refresh(struct app *a)
{
	(void)a;
	hv.retrack = true;
}

static void hex_free(void)
{
	hexedit_free(&hv.hex);
}

static const struct key_binding hex_keys[] = {
	{ 'a', KG_OBJECT, act_attach, "a", N_("attach a segment read-only (SHM_RDONLY): hex view"), N_("Attach"), NULL },
	{ 'A', KG_OBJECT, act_attach, "A", N_("attach a segment read-write: hex view, edit bytes"), N_("AttachRW"), NULL },
	{ 'g', 0, act_hex_goto, "g", N_("hex view: go to an offset"), N_("Goto"), NULL },
	{ KEY_F(5), 0, act_hex_goto, "F5", NULL, N_("Goto"), NULL },
	{ 'w', 0, act_hex_write, "w", N_("hex view: write a string or hex bytes at the cursor"), N_("Write"), NULL },
	{ KEY_F(2), 0, act_hex_write, "F2", NULL, N_("Write"), NULL },
	{ 'r', 0, act_hex_fill, "r", N_("hex view: fill a range with one byte"), N_("Fill"), NULL },
	{ KEY_F(3), 0, act_hex_fill, "F3", NULL, N_("Fill"), NULL },
	{ 'x', 0, act_hex_cancel_fill, "x", N_("hex view: cancel the fill running in a worker"), NULL, NULL },
	{ KEY_F(4), 0, act_hex_cancel_fill, "F4", NULL, NULL, NULL },
	{ '\t', 0, NULL, "Tab", N_("hex view: switch between typing hex and ASCII"), NULL, NULL },
};

/* The ASCII pane takes letters as data: its footer names the F keys. */
static const struct footer_key hex_footer[] = {
	{ KEY_ESC, NULL, N_("Detach") }, { '\t', NULL, N_("Hex/ASCII") }, { 'g', NULL, NULL },
	{ 'w', NULL, NULL },             { 'r', NULL, NULL },              { KEY_F(1), NULL, NULL },
	{ 0, NULL, NULL },
};
static const struct footer_key ascii_footer[] = {
	{ KEY_ESC, NULL, N_("Detach") }, { '\t', NULL, N_("Hex") }, { KEY_F(5), NULL, NULL },
	{ KEY_F(2), NULL, NULL },        { KEY_F(3), NULL, NULL },  { KEY_F(1), NULL, NULL },
	{ 0, NULL, NULL },
};

static const struct footer_key *hex_footer_for(const struct app *a)
{
	(void)a;
	return hv.hex.ascii ? ascii_footer : hex_footer;
}

const struct mode_class hex_mode = {
	.name = "hex",
	.groups = KG_ANY,
	MODE_KEYS(hex_keys),
	.footer_for = hex_footer_for,
	.draw = hex_draw,
	.takes = hex_takes,
	.key = hex_key,
	.close = hex_close,
	.rescanned = hex_refresh,
	.leave = hex_leave,
	.free = hex_free,
};
