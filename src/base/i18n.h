/* i18n.h — gettext for the user-facing texts (text domain "ipctop"; the
 * catalogues are po/LANG.po). _() translates now; N_() only marks a text of a
 * static table for xgettext, to be translated where it is used:
 * `_(table[i].help)`. Machine-readable output (--once, --json, --watch,
 * --prometheus), C call texts and errno names are never translated. Until
 * main() calls setlocale() and textdomain(), _() returns its argument, so
 * the unit tests see English.
 *
 * Every translation goes through i18n.c's check: a catalogue is a file that
 * anyone can point $IPCTOP_LOCALEDIR at, and its texts are printf formats
 * and terminal output. Never call gettext()/ngettext() directly. */
#ifndef IPCTOP_I18N_H
#define IPCTOP_I18N_H

#include <stdbool.h>

#define _(s) i18n_gettext(s)
#define N_(s) (s)
/* C_("context", "text"): the translation of text in that context, for the
 * same English word meaning two things ("attached": a time, a role). */
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)
/* P_("one %d", "%d many", n): ngettext, the form for the number n. */
#define P_(one, many, n) i18n_ngettext(one, many, n)

/* The translation of msgid when i18n_translation_ok() accepts it, else
 * msgid. errno is kept (as gettext keeps it). */
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));
/* The same for "context\004msgid": msgid itself when untranslated. */
const char *i18n_pgettext(const char *ctx_and_msgid, const char *msgid) __attribute__((format_arg(2)));
/* ngettext(one, many, n) when its translation passes the check against one
 * or many, else the English form for n (one when n == 1). */
const char *i18n_ngettext(const char *one, const char *many, unsigned long n)
	__attribute__((format_arg(1))) __attribute__((format_arg(2)));

/* True when `translation` may stand for `original` as a printf format and
 * as terminal text:
 * - both parse as printf formats and fetch the same arguments: for each
 *   position, the same type (conversion class d/i, o/u/x/X, floating, c, s,
 *   p with the same length modifier; `*` widths and precisions are ints).
 *   Positional `%N$` references are allowed (all or none in one format;
 *   every position from 1 to the highest used), so a translation may
 *   reorder its arguments. Flags, literal widths and precisions (up to 999)
 *   may differ; `%%` and `%m` fetch nothing. `%n`, an unknown conversion, a
 *   lone `%` at the end make a format invalid;
 * - the translation is valid in the locale's character set and holds no
 *   control character (C0, DEL, C1: an ESC would reach the terminal when
 *   printed to stderr) other than newline and tab.
 * Pure: needs only the LC_CTYPE locale. */
bool i18n_translation_ok(const char *original, const char *translation);

#endif
