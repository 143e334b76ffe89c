/* parse.c — strict parsers for user input (keys, perms, sizes, numbers).
 * No partial results: junk anywhere, overflow or an empty string fails. */
#define _GNU_SOURCE
#include "base/parse.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ipc.h>
#include <sys/stat.h>

#include "base/i18n.h"

static int fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -1;
}

static int parse_proj(const char *s, int *proj, const char **why)
{
	if (s[0] && !s[1] && !isdigit((unsigned char)s[0])) {
		*proj = (unsigned char)s[0];
		return 0;
	}
	long v;
	if (parse_long(s, 1, 255, &v, why) < 0)
		return fail(why, _("ftok proj_id must be 1..255 or one character"));
	*proj = (int)v;
	return 0;
}

static int parse_ftok(const char *s, const char *colon, int *out, const char **why)
{
	size_t plen = (size_t)(colon - s);
	if (plen == 0)
		return fail(why, _("ftok needs a path before ':'"));
	if (plen >= 4096)
		return fail(why, _("path too long"));
	char path[4096];
	memcpy(path, s, plen);
	path[plen] = '\0';
	int proj;
	if (parse_proj(colon + 1, &proj, why) < 0)
		return -1;
	struct stat st;
	if (stat(path, &st) < 0)
		return fail(why, errno == ENOENT ? _("ftok: no such file or directory")
				 : errno == EACCES ? _("ftok: permission denied")
						    : _("ftok: cannot stat path"));
	key_t k = ftok(path, proj);
	if (k == (key_t)-1)
		return fail(why, _("ftok failed"));
	*out = (int)k;
	return 0;
}

int parse_key(const char *s, int *out, const char **why)
{
	if (!s || !*s)
		return fail(why, _("empty key"));
	if (strcasecmp(s, "private") == 0 || strcasecmp(s, "IPC_PRIVATE") == 0) {
		*out = IPC_PRIVATE;
		return 0;
	}
	const char *colon = strrchr(s, ':');
	if (colon)
		return parse_ftok(s, colon, out, why);
	if (isspace((unsigned char)s[0]))
		return fail(why, _("key must not start with a space"));
	char *end;
	errno = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		/* digits only: strtoull would also take a second "0x" or a sign */
		if (!isxdigit((unsigned char)s[2]) || s[2 + strspn(s + 2, "0123456789abcdefABCDEF")])
			return fail(why, _("not a hex key"));
		unsigned long long v = strtoull(s + 2, &end, 16);
		if (*end)
			return fail(why, _("not a hex key"));
		if (errno == ERANGE || v > UINT32_MAX)
			return fail(why, _("key does not fit in 32 bits"));
		*out = (int)(uint32_t)v;
		return 0;
	}
	long long v = strtoll(s, &end, 10);
	if (end == s || *end)
		return fail(why, _("not a key (use 0x1234, 4660, private or path:id)"));
	if (errno == ERANGE || v < INT32_MIN || v > (long long)UINT32_MAX)
		return fail(why, _("key does not fit in 32 bits"));
	*out = (int)(uint32_t)(long long)v;
	return 0;
}

int parse_perms(const char *s, unsigned *out, const char **why)
{
	if (!s || !*s)
		return fail(why, _("empty permissions"));
	size_t n = strlen(s);
	if (n > 4)
		return fail(why, _("permissions are at most 4 octal digits (0777)"));
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '7')
			return fail(why, _("not an octal number (digits 0-7)"));
		v = v * 8 + (unsigned)(s[i] - '0');
	}
	if (v > 0777)
		return fail(why, _("permissions above 0777 (no setuid/sticky bits for IPC)"));
	*out = v;
	return 0;
}

static int suffix_shift(const char *suf, unsigned *shift)
{
	static const char units[] = "kmgtpe";
	if (!*suf) {
		*shift = 0;
		return 0;
	}
	if (strcasecmp(suf, "b") == 0) {
		*shift = 0;
		return 0;
	}
	const char *u = strchr(units, tolower((unsigned char)suf[0]));
	if (!u || !suf[0])
		return -1;
	const char *rest = suf + 1;
	if (*rest && strcasecmp(rest, "b") != 0 && strcasecmp(rest, "ib") != 0)
		return -1;
	*shift = 10u * (unsigned)(u - units + 1);
	return 0;
}

int parse_size(const char *s, uint64_t *out, const char **why)
{
	if (!s || !*s)
		return fail(why, _("empty size"));
	if (!isdigit((unsigned char)s[0]))
		return fail(why, _("size must start with a digit"));
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return fail(why, _("size too large"));
	unsigned shift;
	if (suffix_shift(end, &shift) < 0)
		return fail(why, _("bad size suffix (use k, M, G or T)"));
	if (shift && v > (UINT64_MAX >> shift))
		return fail(why, _("size too large"));
	*out = (uint64_t)v << shift;
	return 0;
}

int parse_offset(const char *s, uint64_t *out, const char **why)
{
	if (!s || (s[0] != '0' || (s[1] != 'x' && s[1] != 'X')))
		return parse_size(s, out, why);
	const char *p = s + 2;
	if (!*p)
		return fail(why, _("no hex digits after 0x"));
	uint64_t v = 0;
	for (; *p; p++) {
		int d = isdigit((unsigned char)*p) ? *p - '0'
			: (*p >= 'a' && *p <= 'f') ? *p - 'a' + 10
			: (*p >= 'A' && *p <= 'F') ? *p - 'A' + 10 : -1;
		if (d < 0)
			return fail(why, _("not a hex number"));
		if (v > UINT64_MAX >> 4)
			return fail(why, _("hex number above 64 bits"));
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

int parse_long(const char *s, long min, long max, long *out, const char **why)
{
	if (!s || !*s)
		return fail(why, _("empty number"));
	if (isspace((unsigned char)s[0]))
		return fail(why, _("number must not start with a space"));
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end)
		return fail(why, _("not a number"));
	if (errno == ERANGE || v < min || v > max)
		return fail(why, _("number out of range"));
	*out = v;
	return 0;
}

int parse_delay(const char *s, int *tenths, const char **why)
{
	long v;
	if (parse_long(s, LONG_MIN, LONG_MAX, &v, why) < 0)
		return fail(why, _("delay must be a whole number of tenths of a second"));
	if (v < 1 || v > 36000)
		return fail(why, _("delay must be 1..36000 tenths of a second"));
	*tenths = (int)v;
	return 0;
}
