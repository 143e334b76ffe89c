/* test_format.c — unit tests of src/base/format.c: format_perms (rwx text, extra
 * mode bits ignored, truncation), format_key (zero-padded hex, negative keys),
 * format_human (unit boundaries and rounding, width <= 6), the three time
 * forms under fixed time zones (TZ=UTC, TZ=EST5) and clock_now with
 * $IPCTOP_FAKE_TIME. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/format.h"

/* Sat Nov 29 18:02:11 UTC 2025 */
#define NOW ((time_t)1764439331)

static void use_tz(const char *tz)
{
	cr_assert_eq(setenv("TZ", tz, 1), 0);
	tzset();
}

/* ---- format_perms ---- */

static void perms_is(unsigned mode, const char *want)
{
	char buf[16];
	memset(buf, 'X', sizeof(buf));
	char *r = format_perms(mode, buf, sizeof(buf));
	cr_assert_eq(r, buf, "format_perms must return buf");
	cr_assert_str_eq(buf, want, "format_perms(0%o)", mode);
}

Test(format_perms, rwx_text)
{
	perms_is(0644, "rw-r--r--");
	perms_is(0600, "rw-------");
	perms_is(0640, "rw-r-----");
	perms_is(0777, "rwxrwxrwx");
	perms_is(0, "---------");
	perms_is(0421, "r---w---x");
	perms_is(0124, "--x-w-r--");
	perms_is(0070, "---rwx---");
}

Test(format_perms, ignores_bits_above_0777)
{
	perms_is(01600, "rw-------"); /* SHM_DEST */
	perms_is(02640, "rw-r-----"); /* SHM_LOCKED */
	perms_is(07777, "rwxrwxrwx");
	perms_is(0177000, "---------");
}

Test(format_perms, truncates_to_buffer)
{
	char buf[4];
	format_perms(0755, buf, sizeof(buf));
	cr_assert_str_eq(buf, "rwx");
	char exact[10];
	format_perms(0755, exact, sizeof(exact));
	cr_assert_str_eq(exact, "rwxr-xr-x");
}

/* ---- format_key ---- */

static void key_is(int key, const char *want)
{
	char buf[16];
	char *r = format_key(key, buf, sizeof(buf));
	cr_assert_eq(r, buf);
	cr_assert_str_eq(buf, want, "format_key(%d)", key);
}

Test(format_key, zero_padded_hex)
{
	key_is(0, "0x00000000");
	key_is(0x162e, "0x0000162e");
	key_is(0x5eed0001, "0x5eed0001");
	key_is(INT_MAX, "0x7fffffff");
	key_is(1, "0x00000001");
}

Test(format_key, negative_keys_as_32_bit_hex)
{
	key_is(-1, "0xffffffff");
	key_is(INT_MIN, "0x80000000");
	key_is((int)0xdeadbeefu, "0xdeadbeef");
	key_is(-168898559, "0xf5eed001");
	char buf[16];
	format_key(-2, buf, sizeof(buf));
	cr_assert_eq(strlen(buf), 10u, "always 10 characters, no sign extension to 64 bits");
}

/* ---- format_count ---- */

static void count_is(uint64_t n, const char *want)
{
	char buf[32];
	cr_assert_eq(format_count(n, buf, sizeof(buf)), buf);
	cr_assert_str_eq(buf, want, "format_count(%llu)", (unsigned long long)n);
}

Test(format_count, exact_below_10000_then_at_most_4_characters)
{
	count_is(0, "0");
	count_is(4096, "4096");
	count_is(9999, "9999");
	count_is(10000, "10k");
	count_is(32000, "32k");
	count_is(120000, "120k");
	count_is(999499, "999k");
	count_is(999500, "1.0M");
	count_is(1024000000, "1.0G");
	count_is(UINT64_MAX, "18E");
	char buf[8];
	for (uint64_t n = 1; n && n < UINT64_MAX / 3; n *= 3)
		cr_assert_leq(strlen(format_count(n, buf, sizeof(buf))), 4, "%llu", (unsigned long long)n);
}

/* ---- format_human ---- */

static void human_is(uint64_t bytes, const char *want)
{
	char buf[32];
	char *r = format_human(bytes, buf, sizeof(buf));
	cr_assert_eq(r, buf);
	cr_assert_str_eq(buf, want, "format_human(%llu)", (unsigned long long)bytes);
}

Test(format_human, bytes_below_1k)
{
	human_is(0, "0B");
	human_is(1, "1B");
	human_is(512, "512B");
	human_is(1023, "1023B");
}

Test(format_human, unit_boundaries)
{
	human_is(1024, "1.0K");
	human_is(1536, "1.5K");
	human_is(4096, "4.0K");
	human_is(10000, "9.8K");
	human_is(10240, "10K");
	human_is(UINT64_C(1) << 20, "1.0M");
	human_is(UINT64_C(3) << 19, "1.5M");
	human_is(UINT64_C(1) << 30, "1.0G");
	human_is(UINT64_C(1) << 40, "1.0T");
	human_is(UINT64_C(1) << 50, "1.0P");
	human_is(UINT64_C(1) << 60, "1.0E");
	human_is(UINT64_C(15) << 60, "15E");
	human_is(UINT64_MAX, "16E");
}

Test(format_human, rounding_around_one_decimal)
{
	/* Below 9.95 one decimal is shown, from there on none. */
	human_is(10188, "9.9K"); /* 9.949K */
	human_is(10189, "10K");  /* 9.950K */
	human_is(102400, "100K");
	human_is(1047552, "1023K"); /* exactly 1023 KiB */
}

Test(format_human, never_shows_1024_of_a_unit)
{
	/* Values that round to 1024 of a unit are shown in the next unit. */
	human_is(1048575, "1.0M");            /* 1 MiB - 1 */
	human_is((UINT64_C(1) << 30) - 1, "1.0G");
	human_is((UINT64_C(1) << 40) - 1, "1.0T");
	human_is(UINT64_C(1048064), "1.0M");  /* 1023.5 KiB */
	human_is(UINT64_C(1048063), "1023K"); /* just below 1023.5 KiB */
}

Test(format_human, at_most_six_characters)
{
	char buf[32];
	/* Powers of two, their neighbours and decimal steps across the range. */
	for (int shift = 0; shift < 64; shift++) {
		uint64_t p = UINT64_C(1) << shift;
		uint64_t vals[] = { p - 1, p, p + 1, p + p / 2, p * 10 / 16, p / 1000 * 999 };
		for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			format_human(vals[i], buf, sizeof(buf));
			cr_assert_leq(strlen(buf), 6u, "format_human(%llu) = \"%s\"",
				      (unsigned long long)vals[i], buf);
			cr_assert_null(strstr(buf, "1024"), "format_human(%llu) = \"%s\"",
				       (unsigned long long)vals[i], buf);
		}
	}
}

Test(format_human, truncates_to_buffer)
{
	char buf[3];
	format_human(4096, buf, sizeof(buf));
	cr_assert_str_eq(buf, "4.");
}

/* ---- times ---- */

Test(format_time_short, zero_is_dash)
{
	use_tz("UTC");
	char buf[32];
	cr_assert_str_eq(format_time_short(0, NOW, buf, sizeof(buf)), "-");
}

Test(format_time_short, same_day_shows_clock)
{
	use_tz("UTC");
	char buf[32];
	cr_assert_str_eq(format_time_short(NOW, NOW, buf, sizeof(buf)), "18:02:11");
	cr_assert_str_eq(format_time_short(NOW - 18 * 3600 - 2 * 60 - 11, NOW, buf, sizeof(buf)), "00:00:00");
	cr_assert_str_eq(format_time_short(1764460799, NOW, buf, sizeof(buf)), "23:59:59");
}

Test(format_time_short, other_day_shows_date)
{
	use_tz("UTC");
	char buf[32];
	cr_assert_str_eq(format_time_short(1764370800, NOW, buf, sizeof(buf)), "Nov 28");
	cr_assert_str_eq(format_time_short(1764460800, NOW, buf, sizeof(buf)), "Nov 30");
	/* Same day of the year one year earlier is another day, and year. */
	cr_assert_str_eq(format_time_short(1732788000, NOW, buf, sizeof(buf)), "2024");
	/* Never wider than the list's 8-column time columns. */
	for (time_t t = 1700000000; t < NOW; t += 86400 * 7)
		cr_assert_leq(strlen(format_time_short(t, NOW, buf, sizeof(buf))), 8);
}

Test(format_time_short, uses_local_time_zone)
{
	use_tz("EST5");
	char buf[32];
	cr_assert_str_eq(format_time_short(NOW, NOW, buf, sizeof(buf)), "13:02:11");
	/* 23:00 UTC on the 28th is 18:00 on the 28th in EST: not today (29th). */
	cr_assert_str_eq(format_time_short(1764370800, NOW, buf, sizeof(buf)), "Nov 28");
	/* 03:00 UTC on the 29th is 22:00 on the 28th in EST. */
	cr_assert_str_eq(format_time_short(1764385200, NOW, buf, sizeof(buf)), "Nov 28");
}

Test(format_time_full, local_time_or_not_set)
{
	use_tz("UTC");
	char buf[32];
	char *r = format_time_full(NOW, buf, sizeof(buf));
	cr_assert_eq(r, buf);
	cr_assert_str_eq(buf, "2025-11-29 18:02:11");
	cr_assert_str_eq(format_time_full(0, buf, sizeof(buf)), "not set");
	cr_assert_str_eq(format_time_full(1, buf, sizeof(buf)), "1970-01-01 00:00:01");
	use_tz("EST5");
	cr_assert_str_eq(format_time_full(NOW, buf, sizeof(buf)), "2025-11-29 13:02:11");
}

Test(format_time_iso, always_utc)
{
	char buf[32];
	use_tz("EST5");
	char *r = format_time_iso(NOW, buf, sizeof(buf));
	cr_assert_eq(r, buf);
	cr_assert_str_eq(buf, "2025-11-29T18:02:11Z");
	use_tz("UTC");
	cr_assert_str_eq(format_time_iso(NOW, buf, sizeof(buf)), "2025-11-29T18:02:11Z");
	cr_assert_str_eq(format_time_iso(1, buf, sizeof(buf)), "1970-01-01T00:00:01Z");
}

Test(format_time_iso, zero_is_empty)
{
	char buf[32];
	memset(buf, 'X', sizeof(buf));
	cr_assert_str_eq(format_time_iso(0, buf, sizeof(buf)), "");
}

/* ---- clock_now ---- */

Test(clock_now, fake_time_freezes_clock)
{
	cr_assert_eq(setenv("IPCTOP_FAKE_TIME", "1764439331", 1), 0);
	cr_assert_eq(clock_now(), NOW);
	cr_assert_eq(clock_now(), NOW);
	cr_assert(clock_is_fake(), "the header is told");
	cr_assert_eq(setenv("IPCTOP_FAKE_TIME", "1", 1), 0);
	cr_assert_eq(clock_now(), (time_t)1);
	unsetenv("IPCTOP_FAKE_TIME");
}

Test(clock_now, real_time_without_or_with_bad_fake)
{
	static const char *const bad[] = { NULL, "", "abc", "123x", "0", "-5" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (bad[i])
			cr_assert_eq(setenv("IPCTOP_FAKE_TIME", bad[i], 1), 0);
		else
			unsetenv("IPCTOP_FAKE_TIME");
		time_t before = time(NULL);
		time_t got = clock_now();
		time_t after = time(NULL);
		cr_assert_not(clock_is_fake(), "IPCTOP_FAKE_TIME=\"%s\"", bad[i] ? bad[i] : "(unset)");
		cr_assert(got >= before && got <= after, "IPCTOP_FAKE_TIME=\"%s\": clock_now()=%lld not in [%lld, %lld]",
			  bad[i] ? bad[i] : "(unset)", (long long)got, (long long)before, (long long)after);
	}
	unsetenv("IPCTOP_FAKE_TIME");
}
