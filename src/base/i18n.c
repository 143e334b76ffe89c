/* i18n.c — the translations behind _(), C_() and P_(), each used only when
 * it is as safe as the English it replaces (i18n_translation_ok): a
 * catalogue whose text is a different printf format (`%p %n`) or carries
 * terminal escapes is ignored, and the English text is shown instead.
 * Checked on every call, no cache: measured ~0.3 us per translated text,
 * and a redraw asks for ~30 (list) to ~70 (help), so ~20 us a frame. */
#define _GNU_SOURCE
#include "base/i18n.h"

#include <errno.h>
#include <libintl.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

/* What printf fetches: type[pos - 1] for the arguments 1..n. */
#define FMT_MAX_ARGS 32
/* Larger literal widths or precisions make the format invalid. */
#define FMT_MAX_NUMBER 999

struct fmt_args {
	unsigned n;
	unsigned char type[FMT_MAX_ARGS]; /* class << 4 | length; 0: unused */
	enum { REF_NONE, REF_SEQUENTIAL, REF_POSITIONAL } refs;
	unsigned next; /* the last sequential position taken */
};

enum { A_INT = 1, A_UINT, A_DOUBLE, A_CHAR, A_STRING, A_POINTER, A_NOTHING };
enum { L_NONE, L_HH, L_H, L_L, L_LL, L_LONGDOUBLE, L_J, L_Z, L_T };

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads digits at *p (advancing it): their value, capped at
 * FMT_MAX_NUMBER + 1 so a long run cannot overflow. */
static unsigned number(const char **p)
{
	unsigned v = 0;
	for (; is_digit(**p); (*p)++)
		if (v <= FMT_MAX_NUMBER)
			v = v * 10 + (unsigned)(**p - '0');
	return v;
}

/* "N$" at *p: N (advancing past the '$'); 0 when there is none (*p kept).
 * "0$" gives FMT_MAX_ARGS + 1, which ref() refuses. */
static unsigned position(const char **p)
{
	const char *q = *p;
	unsigned v = number(&q);
	if (q == *p || *q != '$')
		return 0;
	*p = q + 1;
	return v ? v : FMT_MAX_ARGS + 1;
}

/* Records that an argument is fetched as `type`: the one at `pos` when
 * `positional`, else the next sequential one. Fails on mixed sequential and
 * positional references,
 * on position 0 or beyond FMT_MAX_ARGS, and on one position read as two
 * types. */
static bool ref(struct fmt_args *f, unsigned pos, unsigned char type, bool positional)
{
	int kind = positional ? REF_POSITIONAL : REF_SEQUENTIAL;
	if (f->refs != REF_NONE && (int)f->refs != kind)
		return false;
	f->refs = kind;
	if (!positional)
		pos = ++f->next;
	if (pos == 0 || pos > FMT_MAX_ARGS)
		return false;
	if (f->type[pos - 1] && f->type[pos - 1] != type)
		return false;
	f->type[pos - 1] = type;
	if (pos > f->n)
		f->n = pos;
	return true;
}

/* A width or precision at *p: digits, `*` or `*N$` (an int argument). */
static bool width(const char **p, struct fmt_args *f)
{
	if (**p != '*')
		return number(p) <= FMT_MAX_NUMBER;
	(*p)++;
	unsigned pos = position(p);
	return ref(f, pos, A_INT << 4 | L_NONE, pos != 0);
}

static unsigned length(const char **p)
{
	const char *s = *p;
	unsigned len = L_NONE;
	switch (*s) {
	case 'h': len = s[1] == 'h' ? L_HH : L_H; break;
	case 'l': len = s[1] == 'l' ? L_LL : L_L; break;
	case 'q': len = L_LL; break;
	case 'L': len = L_LONGDOUBLE; break;
	case 'j': len = L_J; break;
	case 'z': case 'Z': len = L_Z; break;
	case 't': len = L_T; break;
	default: return L_NONE;
	}
	*p += (len == L_HH || (len == L_LL && *s == 'l')) ? 2 : 1;
	return len;
}

static unsigned conversion_class(char c, unsigned *len)
{
	switch (c) {
	case 'd': case 'i': return A_INT;
	case 'o': case 'u': case 'x': case 'X': return A_UINT;
	case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A': return A_DOUBLE;
	case 'c': return A_CHAR;
	case 'C': *len = L_L; return A_CHAR;
	case 's': return A_STRING;
	case 'S': *len = L_L; return A_STRING;
	case 'p': return A_POINTER;
	case 'm': return A_NOTHING; /* glibc: strerror(errno) */
	default: return 0;          /* 'n' (writes memory) and the unknown */
	}
}

/* One conversion after its '%' at *p. */
static bool conversion(const char **p, struct fmt_args *f)
{
	unsigned pos = position(p);
	while (**p && strchr("-+ #0'I", **p))
		(*p)++;
	if (!width(p, f))
		return false;
	if (**p == '.') {
		(*p)++;
		if (!width(p, f))
			return false;
	}
	unsigned len = length(p);
	unsigned cls = conversion_class(**p, &len);
	if (!cls)
		return false;
	(*p)++;
	if (cls == A_NOTHING)
		return true;
	return ref(f, pos, (unsigned char)(cls << 4 | len), pos != 0);
}

static bool fmt_parse(const char *s, struct fmt_args *f)
{
	memset(f, 0, sizeof(*f));
	for (const char *p = s; (p = strchr(p, '%'));) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		if (!conversion(&p, f))
			return false;
	}
	for (unsigned i = 0; i < f->n; i++)
		if (!f->type[i])
			return false; /* a gap: printf could not find the later ones */
	return true;
}

/* Valid characters only, and no control character but '\n' and '\t'. */
static bool text_ok(const char *s)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t left = strlen(s);
	while (left) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, left, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			return false;
		if (iswcntrl((wint_t)wc) && wc != L'\n' && wc != L'\t')
			return false;
		/* C1 controls in a locale that does not classify them */
		if (wc >= 0x80 && wc <= 0x9f)
			return false;
		s += k;
		left -= k;
	}
	return true;
}

bool i18n_translation_ok(const char *original, const char *translation)
{
	struct fmt_args a, b;
	if (!fmt_parse(original, &a) || !fmt_parse(translation, &b))
		return false;
	if (a.n != b.n || memcmp(a.type, b.type, a.n) != 0)
		return false;
	return text_ok(translation);
}

/* t when it may stand for `english` (or is `english`), else `english`;
 * errno set back to `saved` (gettext keeps it: callers pass strerror(errno)
 * beside _()). */
static const char *checked(const char *english, const char *t, int saved)
{
	const char *use = t == english || i18n_translation_ok(english, t) ? t : english;
	errno = saved;
	return use;
}

const char *i18n_gettext(const char *msgid)
{
	int e = errno;
	return checked(msgid, gettext(msgid), e);
}

const char *i18n_pgettext(const char *ctx_and_msgid, const char *msgid)
{
	int e = errno;
	const char *t = gettext(ctx_and_msgid);
	return checked(msgid, t == ctx_and_msgid ? msgid : t, e);
}

const char *i18n_ngettext(const char *one, const char *many, unsigned long n)
{
	int e = errno;
	const char *t = ngettext(one, many, n);
	/* Both English forms suit the caller's arguments (the compiler checks
	 * each), so a translation matching either is safe. */
	bool ok = t == one || t == many || i18n_translation_ok(one, t) || i18n_translation_ok(many, t);
	errno = e;
	return ok ? t : n == 1 ? one : many;
}
