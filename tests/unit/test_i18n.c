/* test_i18n.c — unit tests of src/base/i18n.c: i18n_translation_ok on printf
 * formats (same argument types; positional %N$, %%, %*d, %.*s, %ls, %zu,
 * %'d, PRIu64; refused: %n, other types or counts, gaps, mixed references,
 * huge widths, a lone %) and on terminal text (ESC, BEL, DEL, C1, invalid
 * UTF-8 refused; newline and tab kept); every entry of po/zh_CN.po passes;
 * and _(), C_(), P_() over a hostile catalogue written here (.mo) returning
 * the English text for each refused translation, keeping errno. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <inttypes.h>
#include <libintl.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"

static void utf8_locale(void)
{
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"), "the C.UTF-8 locale");
}

TestSuite(i18n, .init = utf8_locale);

struct pair {
	const char *original, *translation;
};

static void all_ok(const struct pair *p, size_t n, bool want)
{
	for (size_t i = 0; i < n; i++)
		cr_expect_eq(i18n_translation_ok(p[i].original, p[i].translation), want, "\"%s\" -> \"%s\": expected %s",
			     p[i].original, p[i].translation, want ? "accepted" : "refused");
}
#define ALL(want, ...)                                                             \
	do {                                                                       \
		static const struct pair p_[] = { __VA_ARGS__ };                   \
		all_ok(p_, sizeof(p_) / sizeof(p_[0]), want);                      \
	} while (0)

Test(i18n, same_conversions_accepted)
{
	ALL(true, { "plain", "纯文本" }, { "", "" }, { "%s: %d", "%s：%d" }, { "%d%%", "%d%%" },
	    { "100%% done", "完成 100%%" }, { "%-8s|%5.1f", "%8s|%.3f" }, { "%'d", "%d" }, { "%d", "%'d" },
	    { "%08x", "%x" }, { "%u", "%o" }, { "%x", "%X" }, { "%f", "%g" }, { "%zu ops", "%zu 个操作" },
	    { "%zd", "%Zd" }, { "%lld", "%qd" }, { "%ls", "%ls" }, { "%ls", "%S" }, { "%lc", "%C" },
	    { "%" PRIu64 " pages", "%" PRIu64 " 页" }, { "%jd %td", "%jd %td" }, { "%hhu %hu", "%hhu %hu" },
	    { "%Lf", "%Lf" }, { "%p", "%p" }, { "%c", "%c" }, { "%s %m", "%m：%s" }, { "x", "%m" });
}

Test(i18n, stars_are_int_arguments)
{
	ALL(true, { "%*d", "%*d" }, { "%.*s", "%.*s" }, { "%*.*f", "%*.*f" }, { "%*d", "%2$*1$d" },
	    { "%.*s", "%2$.*1$s" },
	    /* the same arguments fetched: harmless */
	    { "%*d", "%d %d" });
	ALL(false, { "%*d", "%d" }, { "%.*s", "%s" }, { "%*d", "%*s" }, { "%d", "%*d" });
}

Test(i18n, positional_arguments)
{
	ALL(true, { "%s %d", "%2$d %1$s" }, { "%s %d", "%1$s %2$d" }, { "%s %d", "%1$s %2$d %1$s" },
	    { "%1$s %2$s", "%s %s" }, { "%s and %s", "%2$s 和 %1$s" });
	/* a gap (printf cannot find argument 2 without its type), mixed
	 * references, position 0, beyond the last argument, one position read
	 * as two types */
	ALL(false, { "%s %d", "%2$d" }, { "%s %d", "%2$d %2$d" }, { "%s %d", "%1$s %d" }, { "%s %d", "%s %2$d" },
	    { "%s", "%0$s" }, { "%s", "%2$s" }, { "%s", "%33$s" }, { "%s %d", "%1$s %1$d" },
	    { "%s %d", "%2$s %1$d" }, { "%d", "%1$*d" });
}

Test(i18n, other_conversions_refused)
{
	ALL(false, { "%s", "%d" }, { "%d", "%s" }, { "%d", "%u" }, { "%d", "%ld" }, { "%ld", "%lld" },
	    { "%zu", "%u" }, { "%zu", "%lu" }, { "%s", "%ls" }, { "%s", "%p" }, { "%c", "%s" }, { "%f", "%Lf" },
	    { "%d", "%f" }, { "%hhu", "%hu" }, { "%s", "%hs" },
	    /* more or fewer arguments */
	    { "%s", "%s %s" }, { "%s %s", "%s" }, { "%d", "" }, { "", "%s" }, { "plain", "%s" }, { "plain", "%p" },
	    { "x %% y", "x %s y" });
}

Test(i18n, invalid_formats_refused)
{
	ALL(false,
	    /* %n writes through an argument */
	    { "plain", "%n" }, { "%d", "%n" }, { "%d", "%d%n" }, { "%d", "%hhn" }, { "%s", "%1$n" },
	    { "%p %p %n", "%p %p %n" },
	    /* a lone %, unknown conversions */
	    { "%s", "%s%" }, { "%s", "%" }, { "%d", "%y" }, { "%d", "%k" }, { "%s", "%ll" }, { "50%", "50%" },
	    /* widths and precisions that would print megabytes */
	    { "%d", "%99999d" }, { "%.2f", "%.5000f" }, { "%s", "%1000s" }, { "%s", "%99999999999999999999s" });
	ALL(true, { "%d", "%999d" }, { "%.2f", "%.999f" });
}

Test(i18n, control_characters_refused)
{
	ALL(false, { "x", "\033[31mx" }, { "x", "x\a" }, { "x", "x\x7f" }, { "x", "x\r" }, { "x", "\b" },
	    { "x", "x\xc2\x9b" "31m" }, /* U+009B, CSI */
	    { "x", "x\xc2\x85" },       /* U+0085, NEL */
	    { "x", "x\xff" }, { "x", "\xe4\xb8" }, { "%s", "%s\033]0;pwned\007" },
	    { "%s%srefresh %d.%ds", "%p%p%n%s%s%s\033[2J" });
	ALL(true, { "a\n", "甲\n" }, { "\ttab", "\t制表" }, { "x", "乙 — ✓" });
}

/* ---- every translation of the shipped catalogue passes ---- */

struct po_entry {
	char *ctx, *id, *plural, *str[4];
	size_t nstr;
};

static void po_free(struct po_entry *e)
{
	free(e->ctx);
	free(e->id);
	free(e->plural);
	for (size_t i = 0; i < e->nstr; i++)
		free(e->str[i]);
	memset(e, 0, sizeof(*e));
}

/* The <inttypes.h> macros xgettext writes as "%<PRIu64>": msgfmt stores
 * them expanded for this platform, as gettext() sees them. */
static const struct { const char *name, *value; } pri_macros[] = {
	{ "PRIu64", PRIu64 }, { "PRId64", PRId64 }, { "PRIi64", PRIi64 },
	{ "PRIx64", PRIx64 }, { "PRIX64", PRIX64 }, { "PRIo64", PRIo64 },
};

/* Writes the expansion of the "%<NAME>" at p to out; returns the bytes of
 * p it stands for, or 0 when p is not one. */
static size_t pri_expand(const char *p, char *out, size_t *len)
{
	for (size_t i = 0; i < sizeof(pri_macros) / sizeof(pri_macros[0]); i++) {
		size_t n = strlen(pri_macros[i].name);
		if (strncmp(p, "%<", 2) == 0 && strncmp(p + 2, pri_macros[i].name, n) == 0 && p[2 + n] == '>') {
			*len += (size_t)sprintf(out + *len, "%%%s", pri_macros[i].value);
			return n + 3;
		}
	}
	return 0;
}

/* Appends the C string literal at s ("...", with \n \t \" \\ escapes and
 * %<PRIu64> as xgettext writes it) to *dst. */
static void po_append(char **dst, const char *s)
{
	size_t len = *dst ? strlen(*dst) : 0;
	char *out = realloc(*dst, len + strlen(s) * 2 + 16);
	cr_assert_not_null(out);
	const char *p = strchr(s, '"');
	size_t skip;
	cr_assert_not_null(p, "po line without a string: %s", s);
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\') {
			p++;
			out[len++] = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
		} else if ((skip = pri_expand(p, out, &len)) > 0) {
			p += skip - 1;
		} else {
			out[len++] = *p;
		}
	}
	out[len] = '\0';
	*dst = out;
}

static size_t check_entry(const struct po_entry *e)
{
	size_t bad = 0;
	for (size_t i = 0; e->id && *e->id && i < e->nstr; i++) {
		if (!*e->str[i])
			continue; /* untranslated: gettext returns the English */
		bool ok = i18n_translation_ok(e->id, e->str[i]) ||
			  (e->plural && i18n_translation_ok(e->plural, e->str[i]));
		cr_expect(ok, "po/zh_CN.po: \"%s\"%s%s -> \"%s\" is refused", e->id, e->ctx ? " in context " : "",
			  e->ctx ? e->ctx : "", e->str[i]);
		bad += !ok;
	}
	return bad;
}

Test(i18n, every_zh_CN_translation_passes)
{
	FILE *f = fopen("po/zh_CN.po", "r");
	cr_assert_not_null(f, "po/zh_CN.po (run from the source tree): %s", strerror(errno));
	struct po_entry e = { 0 };
	char **cur = NULL;
	char line[4096];
	size_t entries = 0, bad = 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "msgctxt ", 8) == 0 || strncmp(line, "msgid ", 6) == 0) {
			if (e.nstr) {
				bad += check_entry(&e);
				entries++;
				po_free(&e);
			}
			cur = line[3] == 'c' ? &e.ctx : &e.id;
		} else if (strncmp(line, "msgid_plural ", 13) == 0) {
			cur = &e.plural;
		} else if (strncmp(line, "msgstr", 6) == 0) {
			cr_assert_lt(e.nstr, 4u);
			cur = &e.str[e.nstr++];
		} else if (line[0] != '"') {
			continue;
		}
		po_append(cur, line);
	}
	if (e.nstr) {
		bad += check_entry(&e);
		entries++;
	}
	po_free(&e);
	fclose(f);
	cr_assert_gt(entries, 500u, "read %zu entries", entries);
	cr_assert_eq(bad, 0u, "%zu of %zu translations refused", bad, entries);
}

/* ---- _(), C_(), P_() over a hostile catalogue ---- */

/* A catalogue entry with its length: a plural one is "one\0many" and its
 * forms "form0\0form1" (string literals: sizeof - 1). */
struct mo_entry {
	const char *s[2];
	size_t len[2];
};
#define MO(id, str) { { id, str }, { sizeof(id) - 1, sizeof(str) - 1 } }

/* Writes a .mo file (GNU format: magic, revision 0, count, the originals'
 * and the translations' (length, offset) tables, no hash table; sorted by
 * msgid). */
static void write_mo(const char *path, const struct mo_entry *e, size_t n)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	uint32_t head[7] = { 0x950412de, 0, (uint32_t)n, 28, (uint32_t)(28 + 8 * n), 0, (uint32_t)(28 + 16 * n) };
	cr_assert_eq(fwrite(head, sizeof(head), 1, f), 1u);
	uint32_t off = (uint32_t)(28 + 16 * n);
	for (int t = 0; t < 2; t++)
		for (size_t i = 0; i < n; i++) {
			uint32_t ent[2] = { (uint32_t)e[i].len[t], off };
			cr_assert_eq(fwrite(ent, sizeof(ent), 1, f), 1u);
			off += (uint32_t)e[i].len[t] + 1;
		}
	for (int t = 0; t < 2; t++)
		for (size_t i = 0; i < n; i++)
			cr_assert_eq(fwrite(e[i].s[t], e[i].len[t] + 1, 1, f), 1u);
	cr_assert_eq(fclose(f), 0);
}

static char mo_dir[64];

static void hostile_catalogue(void)
{
	/* Sorted by msgid (strcmp), the header ("") first. */
	static const struct mo_entry entries[] = {
		MO("", "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"),
		MO("%zu op\0%zu ops", "%zu 个\0%p %n"),
		MO("Msg", "消息"),
		MO("Shm", "\033[31m共享\033[0m"),
		MO("ipctop: -d '%s': %s\n", "%p %p %n %s%s%s\033]0;pwned\007\n"),
		MO("process role\004attached", "%n"),
		MO("time\004attached", "挂接时间"),
		MO("x %s y %d", "%2$d 与 %1$s"),
	};
	utf8_locale();
	unsetenv("LANGUAGE");
	snprintf(mo_dir, sizeof(mo_dir), "/tmp/ipctop-i18n-XXXXXX");
	cr_assert_not_null(mkdtemp(mo_dir));
	char path[128];
	snprintf(path, sizeof(path), "%s/C.UTF-8", mo_dir);
	cr_assert_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/C.UTF-8/LC_MESSAGES", mo_dir);
	cr_assert_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/C.UTF-8/LC_MESSAGES/ipctop.mo", mo_dir);
	write_mo(path, entries, sizeof(entries) / sizeof(entries[0]));
	cr_assert_not_null(bindtextdomain("ipctop", mo_dir));
	cr_assert_not_null(textdomain("ipctop"));
}

static void remove_catalogue(void)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/C.UTF-8/LC_MESSAGES/ipctop.mo", mo_dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/C.UTF-8/LC_MESSAGES", mo_dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/C.UTF-8", mo_dir);
	rmdir(path);
	rmdir(mo_dir);
}

TestSuite(i18n_catalogue, .init = hostile_catalogue, .fini = remove_catalogue);

Test(i18n_catalogue, good_translations_are_used)
{
	cr_assert_str_eq(_("Msg"), "消息", "the catalogue is loaded");
	cr_assert_str_eq(_("x %s y %d"), "%2$d 与 %1$s");
	char buf[64];
	snprintf(buf, sizeof(buf), _("x %s y %d"), "a", 7);
	cr_assert_str_eq(buf, "7 与 a");
	cr_assert_str_eq(C_("time", "attached"), "挂接时间");
	cr_assert_str_eq(P_("%zu op", "%zu ops", 1), "%zu 个");
	cr_assert_str_eq(_("not in the catalogue"), "not in the catalogue");
}

Test(i18n_catalogue, hostile_translations_give_the_english)
{
	const char *d = "ipctop: -d '%s': %s\n";
	cr_assert_str_eq(gettext(d), "%p %p %n %s%s%s\033]0;pwned\007\n", "the hostile text is in the catalogue");
	cr_assert_eq(_(d), d);
	char buf[128];
	snprintf(buf, sizeof(buf), _("ipctop: -d '%s': %s\n"), "abc", "why");
	cr_assert_str_eq(buf, "ipctop: -d 'abc': why\n");
	cr_assert_str_eq(_("Shm"), "Shm", "ESC in the translation");
	cr_assert_str_eq(C_("process role", "attached"), "attached");
	cr_assert_str_eq(P_("%zu op", "%zu ops", 2), "%zu ops", "the plural form %%p %%n");
	cr_assert_str_eq(P_("%zu op", "%zu ops", 1), "%zu 个");
}

Test(i18n_catalogue, errno_is_kept)
{
	for (int i = 0; i < 3; i++) {
		errno = EIDRM;
		const char *t = i == 0 ? _("Shm") : i == 1 ? _("Msg") : C_("process role", "attached");
		cr_assert_not_null(t);
		cr_assert_eq(errno, EIDRM, "call %d", i);
	}
}
