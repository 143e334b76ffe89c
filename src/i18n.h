/* i18n.h — gettext for the user-facing texts (text domain "ipctop"; the
 * catalogues are po/LANG.po). _() translates now; N_() only marks a text of a
 * static table for xgettext, to be translated where it is used:
 * `_(table[i].help)`. Machine-readable output (--once, --json, --watch,
 * --prometheus), C call texts and errno names are never translated. Until
 * main() calls setlocale() and textdomain(), _() returns its argument, so
 * the unit tests see English. */
#ifndef IPCTOP_I18N_H
#define IPCTOP_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* C_("context", "text"): the translation of text in that context, for the
 * same English word meaning two things ("attached": a time, a role). */
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)
static inline const char *i18n_pgettext(const char *ctx_and_msgid, const char *msgid)
{
	const char *t = gettext(ctx_and_msgid);
	return t == ctx_and_msgid ? msgid : t;
}

#endif
