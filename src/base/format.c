/* format.c — text formatting of permissions, keys, sizes and times. */
#define _GNU_SOURCE
#include "base/format.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies s into buf[len], cut to fit (what snprintf "%s" does, without
 * printf: these run once per row of 64 000). */
static void copy_text(char *buf, size_t len, const char *s, size_t n)
{
	if (!len)
		return;
	if (n > len - 1)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

char *format_perms(unsigned mode, char *buf, size_t len)
{
	static const char rwx[] = "rwxrwxrwx";
	char tmp[9];
	for (int i = 0; i < 9; i++)
		tmp[i] = (mode & (0400u >> i)) ? rwx[i] : '-';
	copy_text(buf, len, tmp, sizeof(tmp));
	return buf;
}

char *format_decimal(uint64_t v, bool negative, char buf[FORMAT_DECIMAL_LEN])
{
	char *p = buf + FORMAT_DECIMAL_LEN - 1;
	*p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	if (negative)
		*--p = '-';
	return p;
}

char *format_key(int key, char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char text[10] = { '0', 'x' };
	for (int i = 0; i < 8; i++)
		text[2 + i] = hex[((unsigned)key >> (28 - 4 * i)) & 15u];
	copy_text(buf, len, text, sizeof(text));
	return buf;
}

/* v divided by base while it would print as base or more of a unit (base
 * - 0.5 rounds up to it); one decimal below 10: "1.5K", "10K", "120k". */
static char *scaled(double v, double base, const char *units, char *buf, size_t len)
{
	int u = 0;
	while (v >= base - 0.5 && units[u + 1]) {
		v /= base;
		u++;
	}
	if (v < 9.95)
		snprintf(buf, len, "%.1f%c", v, units[u]);
	else
		snprintf(buf, len, "%.0f%c", v, units[u]);
	return buf;
}

char *format_human(uint64_t bytes, char *buf, size_t len)
{
	if (bytes < 1024) {
		snprintf(buf, len, "%" PRIu64 "B", bytes);
		return buf;
	}
	return scaled((double)bytes, 1024.0, "BKMGTPE", buf, len);
}

char *format_count(uint64_t n, char *buf, size_t len)
{
	if (n < 10000) {
		snprintf(buf, len, "%" PRIu64, n);
		return buf;
	}
	return scaled((double)n, 1000.0, " kMGTPE", buf, len);
}

char *format_duration(long secs, char *buf, size_t len)
{
	if (secs < 0)
		secs = 0;
	if (secs < 60)
		snprintf(buf, len, "%lds", secs);
	else if (secs < 3600)
		snprintf(buf, len, "%ldm%02lds", secs / 60, secs % 60);
	else if (secs < 86400)
		snprintf(buf, len, "%ldh%02ldm", secs / 3600, secs / 60 % 60);
	else
		snprintf(buf, len, "%ldd%02ldh", secs / 86400, secs / 3600 % 24);
	return buf;
}

char *format_time_short(time_t t, time_t now, char *buf, size_t len)
{
	struct tm tm, tnow;
	if (t == 0 || !localtime_r(&t, &tm) || !localtime_r(&now, &tnow)) {
		snprintf(buf, len, "-");
		return buf;
	}
	/* At most 8 columns, as htop's START: the list's time columns are 8
	 * wide and a longer text would be cut into something that reads as
	 * another time ("Dec 07 0"). */
	if (tm.tm_year == tnow.tm_year && tm.tm_yday == tnow.tm_yday)
		strftime(buf, len, "%H:%M:%S", &tm);
	else if (tm.tm_year == tnow.tm_year)
		strftime(buf, len, "%b %d", &tm);
	else
		strftime(buf, len, "%Y", &tm);
	return buf;
}

/* The last time formatted by each of the two below: a list of 64 000
 * objects made in a few seconds has a few distinct times, and strftime
 * costs more than the rest of a row. Local time is keyed by its UTC offset
 * too (TZ may change between calls). */
struct time_memo {
	time_t t;
	long gmtoff;
	bool valid;
	char text[32];
};

char *format_time_full(time_t t, char *buf, size_t len)
{
	static struct time_memo memo;
	struct tm tm;
	if (t == 0 || !localtime_r(&t, &tm)) {
		copy_text(buf, len, "not set", strlen("not set"));
		return buf;
	}
	if (!memo.valid || memo.t != t || memo.gmtoff != tm.tm_gmtoff) {
		memo = (struct time_memo){ t, tm.tm_gmtoff, true, { 0 } };
		strftime(memo.text, sizeof(memo.text), "%Y-%m-%d %H:%M:%S", &tm);
	}
	copy_text(buf, len, memo.text, strlen(memo.text));
	return buf;
}

char *format_time_iso(time_t t, char *buf, size_t len)
{
	static struct time_memo memo;
	struct tm tm;
	if (!memo.valid || memo.t != t) {
		memo = (struct time_memo){ t, 0, true, { 0 } };
		if (t != 0 && gmtime_r(&t, &tm))
			strftime(memo.text, sizeof(memo.text), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	copy_text(buf, len, memo.text, strlen(memo.text));
	return buf;
}

/* $IPCTOP_FAKE_TIME when it is a positive number of seconds, else 0. */
static time_t fake_time(void)
{
	const char *fake = getenv("IPCTOP_FAKE_TIME");
	if (fake && *fake) {
		char *end;
		long long v = strtoll(fake, &end, 10);
		if (!*end && v > 0)
			return (time_t)v;
	}
	return 0;
}

time_t clock_now(void)
{
	time_t fake = fake_time();
	return fake ? fake : time(NULL);
}

bool clock_is_fake(void)
{
	return fake_time() != 0;
}
