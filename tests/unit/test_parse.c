/* test_parse.c — unit tests of src/base/parse.c: parse_key (hex, decimal,
 * negative, private, ftok "path:proj", errors), parse_perms, parse_size
 * (binary suffixes, overflow), parse_offset (64-bit hex), parse_long and
 * parse_delay. Every failure
 * case checks that *why names a reason and that *out is left untouched. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/parse.h"

#define SENTINEL_INT 0x7a7a7a7a
#define SENTINEL_U64 UINT64_C(0x7a7a7a7a7a7a7a7a)

/* parse_key must fail, leave *out alone and give a reason containing `part`. */
static void key_fails(const char *s, const char *part)
{
	int out = SENTINEL_INT;
	const char *why = NULL;
	cr_assert_eq(parse_key(s, &out, &why), -1, "parse_key(\"%s\") should fail", s ? s : "(null)");
	cr_assert_eq(out, SENTINEL_INT, "parse_key(\"%s\") touched *out on failure", s ? s : "(null)");
	cr_assert_not_null(why, "parse_key(\"%s\") gave no reason", s ? s : "(null)");
	cr_assert_neq(why[0], '\0');
	cr_assert_not_null(strstr(why, part), "parse_key(\"%s\"): reason \"%s\" lacks \"%s\"",
			   s ? s : "(null)", why, part);
}

static int key_ok(const char *s)
{
	int out = SENTINEL_INT;
	const char *why = NULL;
	cr_assert_eq(parse_key(s, &out, &why), 0, "parse_key(\"%s\") failed: %s", s, why ? why : "?");
	return out;
}

Test(parse_key, hex)
{
	cr_assert_eq(key_ok("0x1234"), 0x1234);
	cr_assert_eq(key_ok("0X1234"), 0x1234);
	cr_assert_eq(key_ok("0xAbCd"), 0xabcd);
	cr_assert_eq(key_ok("0x0"), 0);
	cr_assert_eq(key_ok("0x5eed0001"), 0x5eed0001);
	cr_assert_eq(key_ok("0x00000000000000ff"), 0xff, "leading zeros do not count as overflow");
	/* High bit set: stored as the negative key_t the kernel uses. */
	cr_assert_eq(key_ok("0xffffffff"), -1);
	cr_assert_eq(key_ok("0x80000000"), INT_MIN);
	cr_assert_eq(key_ok("0xdeadbeef"), (int)0xdeadbeefu);
}

Test(parse_key, decimal_and_negative)
{
	cr_assert_eq(key_ok("4660"), 4660);
	cr_assert_eq(key_ok("0"), 0);
	cr_assert_eq(key_ok("2147483647"), INT_MAX);
	cr_assert_eq(key_ok("-1"), -1);
	cr_assert_eq(key_ok("-2147483648"), INT_MIN);
	/* Unsigned 32-bit decimals wrap to the same key_t as their hex form. */
	cr_assert_eq(key_ok("4294967295"), -1);
	cr_assert_eq(key_ok("3735928559"), (int)0xdeadbeefu);
}

Test(parse_key, private)
{
	cr_assert_eq(key_ok("private"), IPC_PRIVATE);
	cr_assert_eq(key_ok("PRIVATE"), IPC_PRIVATE);
	cr_assert_eq(key_ok("IPC_PRIVATE"), IPC_PRIVATE);
	cr_assert_eq(key_ok("ipc_private"), IPC_PRIVATE);
	key_fails("privat", "not a key");
	key_fails("private2", "not a key");
}

Test(parse_key, ftok_numeric_and_char_proj)
{
	key_t want = ftok("/tmp", 1);
	cr_assert_neq(want, (key_t)-1);
	cr_assert_eq(key_ok("/tmp:1"), (int)want);
	cr_assert_eq(key_ok("/tmp:255"), (int)ftok("/tmp", 255));
	/* One non-digit character is its code; one digit is a number. */
	cr_assert_eq(key_ok("/tmp:A"), (int)ftok("/tmp", 'A'));
	cr_assert_eq(key_ok("/tmp:z"), (int)ftok("/tmp", 'z'));
	cr_assert_eq(key_ok("/tmp:5"), (int)ftok("/tmp", 5));
	cr_assert_neq(key_ok("/tmp:5"), (int)ftok("/tmp", '5'));
	/* Different projects give different keys. */
	cr_assert_neq(key_ok("/tmp:1"), key_ok("/tmp:2"));
}

Test(parse_key, ftok_path_with_colon_uses_last_colon)
{
	char dir[] = "/tmp/ipctop-parse-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[128], spec[160];
	snprintf(path, sizeof(path), "%s/a:b", dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	snprintf(spec, sizeof(spec), "%s:7", path);
	int got = key_ok(spec);
	int want = (int)ftok(path, 7);
	rmdir(path);
	rmdir(dir);
	cr_assert_eq(got, want);
}

Test(parse_key, ftok_errors)
{
	key_fails(":1", "path");
	key_fails("/nonexistent-ipctop-dir/x:1", "no such file");
	key_fails("/tmp:0", "1..255");
	key_fails("/tmp:256", "1..255");
	key_fails("/tmp:-1", "1..255");
	key_fails("/tmp:", "1..255");
	key_fails("/tmp:ab", "1..255");
	key_fails("/tmp:1x", "1..255");
	key_fails("/tmp: 1", "1..255");
}

Test(parse_key, junk_empty_and_spaces)
{
	key_fails("", "empty");
	key_fails(NULL, "empty");
	key_fails("abc", "not a key");
	key_fails("12abc", "not a key");
	key_fails("1.5", "not a key");
	key_fails("10 ", "not a key");
	key_fails(" 10", "space");
	key_fails("  0x10", "space");
	key_fails("\t10", "space");
	key_fails("0x", "hex");
	key_fails("0xg1", "hex");
	key_fails("0x12z", "hex");
	key_fails("0x 12", "hex");
	key_fails("0x-1", "hex");
	key_fails("0x+1", "hex");
	key_fails("0x0x10", "hex"); /* strtoull alone would skip a second 0x */
	key_fails("0X0X10", "hex");
	key_fails("-", "not a key");
}

Test(parse_key, overflow_beyond_32_bits)
{
	key_fails("0x100000000", "32 bits");
	key_fails("0xffffffffffffffff", "32 bits");
	key_fails("0x1ffffffffffffffffffff", "32 bits");
	key_fails("4294967296", "32 bits");
	key_fails("-2147483649", "32 bits");
	key_fails("99999999999999999999999", "32 bits");
	key_fails("-99999999999999999999999", "32 bits");
}

Test(parse_key, null_why_is_allowed)
{
	int out = SENTINEL_INT;
	cr_assert_eq(parse_key("junk", &out, NULL), -1);
	cr_assert_eq(parse_key("/tmp:0", &out, NULL), -1);
	cr_assert_eq(out, SENTINEL_INT);
	cr_assert_eq(parse_key("0x10", &out, NULL), 0);
	cr_assert_eq(out, 0x10);
}

/* ---- parse_perms ---- */

static void perms_fails(const char *s, const char *part)
{
	unsigned out = 0xabcdu;
	const char *why = NULL;
	cr_assert_eq(parse_perms(s, &out, &why), -1, "parse_perms(\"%s\") should fail", s ? s : "(null)");
	cr_assert_eq(out, 0xabcdu);
	cr_assert_not_null(why);
	cr_assert_not_null(strstr(why, part), "parse_perms(\"%s\"): reason \"%s\" lacks \"%s\"",
			   s ? s : "(null)", why, part);
}

static unsigned perms_ok(const char *s)
{
	unsigned out = 0xabcdu;
	const char *why = NULL;
	cr_assert_eq(parse_perms(s, &out, &why), 0, "parse_perms(\"%s\") failed: %s", s, why ? why : "?");
	return out;
}

Test(parse_perms, valid)
{
	cr_assert_eq(perms_ok("644"), 0644u);
	cr_assert_eq(perms_ok("0644"), 0644u);
	cr_assert_eq(perms_ok("0777"), 0777u);
	cr_assert_eq(perms_ok("777"), 0777u);
	cr_assert_eq(perms_ok("600"), 0600u);
	cr_assert_eq(perms_ok("0"), 0u);
	cr_assert_eq(perms_ok("0000"), 0u);
	cr_assert_eq(perms_ok("7"), 07u);
	cr_assert_eq(perms_ok("40"), 040u);
}

Test(parse_perms, invalid)
{
	perms_fails("", "empty");
	perms_fails(NULL, "empty");
	perms_fails("0800", "octal");
	perms_fails("648", "octal");
	perms_fails("64a", "octal");
	perms_fails("-644", "octal");
	perms_fails("+644", "octal");
	perms_fails(" 644", "octal");
	perms_fails("644 ", "octal");
	perms_fails("0x1ff", "octal");
	perms_fails("1777", "0777");
	perms_fails("4644", "0777");
	perms_fails("00644", "4 octal digits");
	perms_fails("123456", "4 octal digits");
}

/* ---- parse_size ---- */

typedef int (*u64_parser)(const char *, uint64_t *, const char **);

static void u64_fails(u64_parser parse, const char *name, const char *s, const char *part)
{
	uint64_t out = SENTINEL_U64;
	const char *why = NULL;
	cr_assert_eq(parse(s, &out, &why), -1, "%s(\"%s\") should fail", name, s ? s : "(null)");
	cr_assert_eq(out, SENTINEL_U64, "%s(\"%s\") touched *out", name, s ? s : "(null)");
	cr_assert_not_null(why);
	cr_assert_not_null(strstr(why, part), "%s(\"%s\"): reason \"%s\" lacks \"%s\"", name,
			   s ? s : "(null)", why, part);
}

static uint64_t u64_ok(u64_parser parse, const char *name, const char *s)
{
	uint64_t out = SENTINEL_U64;
	const char *why = NULL;
	cr_assert_eq(parse(s, &out, &why), 0, "%s(\"%s\") failed: %s", name, s, why ? why : "?");
	return out;
}

#define size_fails(s, part) u64_fails(parse_size, "parse_size", s, part)
#define size_ok(s) u64_ok(parse_size, "parse_size", s)
#define offset_fails(s, part) u64_fails(parse_offset, "parse_offset", s, part)
#define offset_ok(s) u64_ok(parse_offset, "parse_offset", s)

Test(parse_size, plain_numbers)
{
	cr_assert_eq(size_ok("0"), 0u);
	cr_assert_eq(size_ok("1"), 1u);
	cr_assert_eq(size_ok("4096"), 4096u);
	cr_assert_eq(size_ok("10000"), 10000u);
	cr_assert_eq(size_ok("18446744073709551615"), UINT64_MAX);
	cr_assert_eq(size_ok("7B"), 7u);
	cr_assert_eq(size_ok("7b"), 7u);
}

Test(parse_size, binary_suffixes)
{
	cr_assert_eq(size_ok("4k"), 4096u);
	cr_assert_eq(size_ok("4K"), 4096u);
	cr_assert_eq(size_ok("4kB"), 4096u);
	cr_assert_eq(size_ok("4KiB"), 4096u);
	cr_assert_eq(size_ok("4kib"), 4096u);
	cr_assert_eq(size_ok("1M"), UINT64_C(1) << 20);
	cr_assert_eq(size_ok("3MiB"), UINT64_C(3) << 20);
	cr_assert_eq(size_ok("1mb"), UINT64_C(1) << 20);
	cr_assert_eq(size_ok("2G"), UINT64_C(2) << 30);
	cr_assert_eq(size_ok("2GiB"), UINT64_C(2) << 30);
	cr_assert_eq(size_ok("1T"), UINT64_C(1) << 40);
	cr_assert_eq(size_ok("1TB"), UINT64_C(1) << 40);
	cr_assert_eq(size_ok("0k"), 0u);
	cr_assert_eq(size_ok("15E"), UINT64_C(15) << 60);
	cr_assert_eq(size_ok("17179869183G"), UINT64_MAX - ((UINT64_C(1) << 30) - 1));
}

Test(parse_size, overflow_at_2_pow_64)
{
	size_fails("18446744073709551616", "too large");
	size_fails("99999999999999999999999", "too large");
	size_fails("16E", "too large");
	size_fails("17179869184G", "too large");
	size_fails("16777216T", "too large");
	size_fails("18014398509481984k", "too large");
	/* One below the limit in k still fits. */
	cr_assert_eq(size_ok("18014398509481983k"), UINT64_MAX - 1023);
}

Test(parse_size, junk_empty_negative)
{
	size_fails("", "empty");
	size_fails(NULL, "empty");
	size_fails("-1", "digit");
	size_fails("-4k", "digit");
	size_fails("k", "digit");
	size_fails(" 4", "digit");
	size_fails("+4", "digit");
	size_fails("1.5M", "suffix");
	size_fails("4x", "suffix");
	size_fails("4 k", "suffix");
	size_fails("4k ", "suffix");
	size_fails("4kx", "suffix");
	size_fails("4kBB", "suffix");
	size_fails("4iB", "suffix");
	size_fails("4kiBs", "suffix");
	size_fails("4MM", "suffix");
	size_fails("0x10", "suffix");
}

/* ---- parse_offset ---- */

Test(parse_offset, hex_up_to_64_bits)
{
	cr_assert_eq(offset_ok("0x0"), 0u);
	cr_assert_eq(offset_ok("0x10"), 16u);
	cr_assert_eq(offset_ok("0XfF"), 255u);
	cr_assert_eq(offset_ok("0xffffffff"), UINT64_C(0xffffffff));
	cr_assert_eq(offset_ok("0x100000000"), UINT64_C(1) << 32, "past 32 bits");
	cr_assert_eq(offset_ok("0x12345678901"), UINT64_C(0x12345678901));
	cr_assert_eq(offset_ok("0xfffffff000"), UINT64_C(0xfffffff000));
	cr_assert_eq(offset_ok("0xffffffffffffffff"), UINT64_MAX);
	cr_assert_eq(offset_ok("0x0000000000000000001"), 1u, "leading zeros do not count");
}

Test(parse_offset, sizes_as_parse_size)
{
	cr_assert_eq(offset_ok("4096"), 4096u);
	cr_assert_eq(offset_ok("4k"), 4096u);
	cr_assert_eq(offset_ok("1T"), UINT64_C(1) << 40);
	cr_assert_eq(offset_ok("0"), 0u);
	offset_fails("4x", "suffix");
	offset_fails("", "empty");
	offset_fails(NULL, "empty");
}

Test(parse_offset, bad_hex)
{
	offset_fails("0x", "no hex digits");
	offset_fails("0x10000000000000000", "above 64 bits");
	offset_fails("0x1ffffffffffffffff", "above 64 bits");
	offset_fails("0x12g", "not a hex");
	offset_fails("0x12 ", "not a hex");
	offset_fails("0x-1", "not a hex");
	offset_fails("0x+1", "not a hex");
	offset_fails("0x1k", "not a hex");
	offset_fails("-0x1", "digit");
}

/* ---- parse_long ---- */

static void long_fails(const char *s, long min, long max, const char *part)
{
	long out = 0x5a5a;
	const char *why = NULL;
	cr_assert_eq(parse_long(s, min, max, &out, &why), -1, "parse_long(\"%s\") should fail", s ? s : "(null)");
	cr_assert_eq(out, 0x5a5a);
	cr_assert_not_null(why);
	cr_assert_not_null(strstr(why, part), "parse_long(\"%s\"): reason \"%s\" lacks \"%s\"",
			   s ? s : "(null)", why, part);
}

Test(parse_long, valid_and_bounds)
{
	long v = 0;
	cr_assert_eq(parse_long("10", 0, 100, &v, NULL), 0);
	cr_assert_eq(v, 10);
	cr_assert_eq(parse_long("-5", -10, 10, &v, NULL), 0);
	cr_assert_eq(v, -5);
	cr_assert_eq(parse_long("0", 0, 0, &v, NULL), 0);
	cr_assert_eq(v, 0);
	cr_assert_eq(parse_long("100", 0, 100, &v, NULL), 0, "max is inclusive");
	cr_assert_eq(v, 100);
	cr_assert_eq(parse_long("-10", -10, 10, &v, NULL), 0, "min is inclusive");
	cr_assert_eq(v, -10);
	char buf[32];
	snprintf(buf, sizeof(buf), "%ld", LONG_MIN);
	cr_assert_eq(parse_long(buf, LONG_MIN, LONG_MAX, &v, NULL), 0);
	cr_assert_eq(v, LONG_MIN);
	snprintf(buf, sizeof(buf), "%ld", LONG_MAX);
	cr_assert_eq(parse_long(buf, LONG_MIN, LONG_MAX, &v, NULL), 0);
	cr_assert_eq(v, LONG_MAX);
}

Test(parse_long, invalid)
{
	long_fails("", 0, 10, "empty");
	long_fails(NULL, 0, 10, "empty");
	long_fails("abc", 0, 10, "not a number");
	long_fails("5x", 0, 10, "not a number");
	long_fails("5 ", 0, 10, "not a number");
	long_fails("0x5", 0, 10, "not a number");
	long_fails("1.0", 0, 10, "not a number");
	long_fails(" 5", 0, 10, "space");
	long_fails("11", 0, 10, "out of range");
	long_fails("-1", 0, 10, "out of range");
	long_fails("9223372036854775808", LONG_MIN, LONG_MAX, "out of range");
	long_fails("-9223372036854775809", LONG_MIN, LONG_MAX, "out of range");
}

/* ---- parse_delay ---- */

static void delay_fails(const char *s, const char *part)
{
	int tenths = 4242;
	const char *why = NULL;
	cr_assert_eq(parse_delay(s, &tenths, &why), -1, "parse_delay(\"%s\") should fail", s ? s : "(null)");
	cr_assert_eq(tenths, 4242);
	cr_assert_not_null(why);
	cr_assert_not_null(strstr(why, part), "parse_delay(\"%s\"): reason \"%s\" lacks \"%s\"",
			   s ? s : "(null)", why, part);
}

Test(parse_delay, valid)
{
	int t = 0;
	cr_assert_eq(parse_delay("1", &t, NULL), 0);
	cr_assert_eq(t, 1);
	cr_assert_eq(parse_delay("10", &t, NULL), 0);
	cr_assert_eq(t, 10);
	cr_assert_eq(parse_delay("36000", &t, NULL), 0);
	cr_assert_eq(t, 36000);
}

Test(parse_delay, invalid)
{
	delay_fails("0", "1..36000");
	delay_fails("-5", "1..36000");
	delay_fails("36001", "1..36000");
	delay_fails("99999999999999999999", "whole number");
	delay_fails("abc", "whole number");
	delay_fails("1.5", "whole number");
	delay_fails("", "whole number");
	delay_fails(" 5", "whole number");
}
