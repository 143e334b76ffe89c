/* semspec.c — owns the "0-1 1+1 2=0" semop spec grammar and the C text of
 * struct sembuf arrays. */
#define _GNU_SOURCE
#include "ops/semspec.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>

#include "base/i18n.h"
#include "base/strbuf.h"

static int is_sep(char c)
{
	return c == ',' || isspace((unsigned char)c);
}

/* Reads decimal digits at *p into *v (saturating just above limit). Returns
 * the number of digits read. */
static size_t read_number(const char **p, unsigned long limit, unsigned long *v)
{
	size_t digits = 0;
	unsigned long x = 0;
	while (isdigit((unsigned char)**p)) {
		if (x <= limit)
			x = x * 10 + (unsigned long)(**p - '0');
		(*p)++;
		digits++;
	}
	*v = x;
	return digits;
}

/* One token "SEMNUM(+|-|=)N" of length tlen at tok. */
static int parse_op(const char *tok, size_t tlen, unsigned nsems, short flags,
		    struct sembuf *op, char *err, size_t errlen)
{
	const char *p = tok, *end = tok + tlen;
	unsigned long num, amount;
	int shown = tlen > 40 ? 40 : (int)tlen;
	if (read_number(&p, USHRT_MAX, &num) == 0)
		return strbuf_reason(err, errlen,
				     _("'%.*s': expected a semaphore number first (like 0-1)"), shown, tok);
	if (num > USHRT_MAX)
		return strbuf_reason(err, errlen, _("'%.*s': semaphore number too large"), shown, tok);
	if (nsems && num >= nsems)
		return strbuf_reason(err, errlen, _("semaphore %lu out of range (the set has %u: 0..%u)"),
				     num, nsems, nsems - 1);
	if (p == end)
		return strbuf_reason(err, errlen, _("'%.*s' has no operation: write %lu-1, %lu+1 or %lu=0"),
				     shown, tok, num, num, num);
	char sign = *p++;
	if (sign != '+' && sign != '-' && sign != '=')
		return strbuf_reason(err, errlen,
				     _("'%.*s': expected +, - or = after the semaphore number"), shown, tok);
	if (read_number(&p, 1000000, &amount) == 0 || p != end)
		return strbuf_reason(err, errlen, _("'%.*s': expected a number after '%c'"), shown, tok,
				     sign);
	if (sign == '=' && amount != 0)
		return strbuf_reason(err, errlen, _("'%.*s': only =0 (wait for zero) is allowed"), shown,
				     tok);
	long value = sign == '-' ? -(long)amount : (long)amount;
	if (value < SHRT_MIN || value > SHRT_MAX)
		return strbuf_reason(err, errlen, _("'%.*s': operation out of range (%d..%d)"), shown, tok,
				     SHRT_MIN, SHRT_MAX);
	op->sem_num = (unsigned short)num;
	op->sem_op = (short)value;
	op->sem_flg = flags;
	return 0;
}

int semspec_parse(const char *spec, unsigned nsems, size_t max_ops, short flags,
		  struct sembuf *out, size_t cap, size_t *n, char *err, size_t errlen)
{
	if (!spec)
		spec = "";
	size_t count = 0;
	const char *p = spec;
	for (;;) {
		while (*p && is_sep(*p))
			p++;
		if (!*p)
			break;
		const char *tok = p;
		while (*p && !is_sep(*p))
			p++;
		if (max_ops && count >= max_ops)
			return strbuf_reason(err, errlen, _("more than %zu operations (SEMOPM)"), max_ops);
		if (count >= cap)
			return strbuf_reason(err, errlen, _("more than %zu operations"), cap);
		if (parse_op(tok, (size_t)(p - tok), nsems, flags, &out[count], err, errlen) < 0)
			return -1;
		count++;
	}
	if (count == 0)
		return strbuf_reason(err, errlen, _("no operations (write e.g. 0-1 1+1 2=0)"));
	*n = count;
	return 0;
}

char *semspec_format_flags(int flags, char *buf, size_t len)
{
	struct strbuf sb;
	strbuf_init(&sb, buf, len);
	const char *sep = "";
	if (flags & SEM_UNDO) {
		strbuf_printf(&sb, "SEM_UNDO");
		sep = "|";
	}
	if (flags & IPC_NOWAIT) {
		strbuf_printf(&sb, "%sIPC_NOWAIT", sep);
		sep = "|";
	}
	int rest = flags & ~(SEM_UNDO | IPC_NOWAIT);
	if (rest)
		strbuf_printf(&sb, "%s0x%x", sep, (unsigned)rest);
	else if (!*sep)
		strbuf_printf(&sb, "0");
	return buf;
}

char *semspec_format(const struct sembuf *ops, size_t n, char *buf, size_t len)
{
	struct strbuf sb;
	strbuf_init(&sb, buf, len);
	strbuf_printf(&sb, "{");
	for (size_t i = 0; i < n && !sb.truncated; i++) {
		char fl[40];
		semspec_format_flags(ops[i].sem_flg, fl, sizeof(fl));
		strbuf_printf(&sb, "%s{%u, %s%d, %s}", i ? ", " : "", (unsigned)ops[i].sem_num,
			      ops[i].sem_op > 0 ? "+" : "", ops[i].sem_op, fl);
	}
	strbuf_printf(&sb, "}");
	strbuf_mark_cut(&sb, "...}");
	return buf;
}
