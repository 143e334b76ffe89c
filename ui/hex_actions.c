/* hex_actions.c — attaching a segment (`a` read-only, `A` read-write), the
 * hex view's keys (movement, hex/ASCII typing, goto, write a string, fill a
 * range) and detaching (shmdt) when the view closes. Edits go through the
 * core so each one is logged as the C it amounts to. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "i18n.h"
#include "draw.h"
#include "hex_view.h"
#include "ops.h"
#include "parse.h"
#include "payload.h"

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

/* Keys not in the key table: movement and typing into the segment. */
unsigned hex_mode_key(struct app *a, int key)
{
	switch (hexedit_key(&a->hex, to_hex_key(key))) {
	case HEX_MOVED:
		return REACT_REDRAW;
	case HEX_WROTE: {
		if (a->hex.half)
			return REACT_REDRAW; /* high nibble typed: log the whole byte */
		/* The byte is in place; the core logs it as the memcpy it is. */
		struct op_result res = ops_shm_write(a->hex.base, a->hex.last_write_off, &a->hex.last_write_new, 1);
		app_show_result(a, &res);
		return REACT_REDRAW;
	}
	case HEX_READONLY:
		app_message(a, true, _("attached read-only (SHM_RDONLY): Esc, then A attaches read-write"));
		return REACT_REDRAW;
	default:
		return REACT_NONE;
	}
}

/* ---- goto / write / fill forms ------------------------------------------- */

static bool parse_offset(const char *s, size_t size, size_t *out, const char **why)
{
	uint64_t v;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		int k;
		/* Reuse the key parser for 32-bit hex; larger offsets in decimal. */
		if (parse_key(s, &k, why) < 0)
			return false;
		v = (uint32_t)k;
	} else if (parse_size(s, &v, why) < 0) {
		return false;
	}
	if (v >= size) {
		*why = _("beyond the end of the segment");
		return false;
	}
	*out = (size_t)v;
	return true;
}

static bool goto_submit(struct app *a)
{
	size_t off;
	const char *why;
	if (!parse_offset(a->form.fields[0].text, a->hex.size, &off, &why)) {
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
	snprintf(title, sizeof(title), _(" Go to offset (0..%zu)"), a->hex.size ? a->hex.size - 1 : 0);
	form_init(&a->form, title);
	form_add_text(&a->form, _("offset"), "0x0", "0x10, 4096, 4k");
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

static bool fill_submit(struct app *a)
{
	struct form *f = &a->form;
	size_t off;
	uint64_t len;
	long byte;
	const char *why;
	bool ok = true;
	if (!parse_offset(f->fields[0].text, a->hex.size, &off, &why))
		form_note(f, 0, true, "%s", why), ok = false;
	if (parse_size(f->fields[1].text, &len, &why) < 0)
		form_note(f, 1, true, "%s", why), ok = false;
	int k;
	if (parse_key(f->fields[2].text, &k, &why) < 0 || (uint32_t)k > 255)
		form_note(f, 2, true, _("a byte: 0..255 or 0x00..0xff")), ok = false;
	byte = (long)(uint32_t)k;
	if (!ok)
		return false;
	if (len > a->hex.size - off) {
		form_note(f, 1, true, _("beyond the end: at most %zu bytes from 0x%zx"), a->hex.size - off, off);
		return false;
	}
	/* One logged write of the filled range (what memset would do). */
	size_t done = 0;
	struct op_result res = { 0 };
	memset(data_buf, (int)byte, sizeof(data_buf));
	while (done < len) {
		size_t n = len - done < sizeof(data_buf) ? (size_t)(len - done) : sizeof(data_buf);
		ops_result_free(&res);
		res = ops_shm_write(a->hex.base, off + done, data_buf, n);
		if (res.ret < 0) {
			snprintf(f->message, sizeof(f->message), "%s", res.message);
			return false;
		}
		done += n;
	}
	app_message(a, false, _("filled %zu bytes at 0x%zx with 0x%02lx (last call: %s)"), done, off, byte, res.call);
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
	form_add_text(&a->form, _("length"), "16", _("bytes: 16, 4k"));
	form_add_text(&a->form, _("byte"), "0x00", "0..255 or 0x00..0xff");
	app_open_form(a, fill_submit, NULL);
	return REACT_REDRAW;
}

void hex_draw(struct app *a, int top, int height)
{
	const struct ipc_object *o = snapshot_find(&a->snap, KIND_SHM, a->hex_obj.id);
	char title[256];
	snprintf(title, sizeof(title), _(" shm %d %s at %p  %zu bytes  offset 0x%zx  [%s]%s%s"), a->hex_obj.id,
		 a->hex.writable ? "rw" : "ro", (void *)a->hex.base, a->hex.size, a->hex.cursor,
		 a->hex.ascii ? "ASCII" : "HEX", o && o->u.shm.dest ? "  dest" : "", o ? "" : _("  (removed: still mapped)"));
	hex_view_draw(&a->hex, title, top, height);
	if (a->hex_retrack) {
		hexedit_track(&a->hex);
		a->hex_retrack = false;
	}
}
