/* test_payload.c — unit tests of src/base/payload.c: text payloads with C
 * escapes and hex payloads in their three spellings, bad input with
 * reasons (bad escapes, bad hex, odd digits, too long), and the C string
 * literal formatter: escaping, cuts, and that its output is valid C. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/payload.h"

static size_t parse_ok(const char *s, enum payload_mode m, unsigned char *out, size_t cap)
{
	size_t n = 12345;
	char why[200] = "";
	cr_assert_eq(payload_parse(s, m, out, cap, &n, why, sizeof(why)), 0, "'%s': %s", s, why);
	return n;
}

static void parse_bad(const char *s, enum payload_mode m, size_t cap, const char *reason)
{
	unsigned char out[64];
	size_t n = 777;
	char why[200] = "";
	cr_assert_eq(payload_parse(s, m, out, cap, &n, why, sizeof(why)), -1, "accepted '%s'", s);
	cr_assert_eq(n, 777, "n changed on failure");
	cr_assert(strstr(why, reason), "'%s': reason '%s' lacks '%s'", s, why, reason);
}

Test(payload_parse, text_plain_and_escapes)
{
	unsigned char out[64];
	size_t n = parse_ok("hello", PAYLOAD_TEXT, out, sizeof(out));
	cr_assert_eq(n, 5);
	cr_assert_eq(memcmp(out, "hello", 5), 0);
	n = parse_ok("a\\nb\\tc\\\\d\\x41\\x7e\\0\\\"", PAYLOAD_TEXT, out, sizeof(out));
	cr_assert_eq(n, 11);
	cr_assert_eq(memcmp(out, "a\nb\tc\\dA~\0\"", 11), 0);
}

Test(payload_parse, text_empty_is_zero_bytes)
{
	unsigned char out[4];
	cr_assert_eq(parse_ok("", PAYLOAD_TEXT, out, sizeof(out)), 0);
}

Test(payload_parse, text_bad)
{
	parse_bad("abc\\", PAYLOAD_TEXT, 64, "lone \\");
	parse_bad("\\q", PAYLOAD_TEXT, 64, "unknown escape \\q");
	parse_bad("\\x4", PAYLOAD_TEXT, 64, "two hex digits");
	parse_bad("\\xg0", PAYLOAD_TEXT, 64, "two hex digits");
	parse_bad("abcdef", PAYLOAD_TEXT, 5, "longer than 5 bytes");
}

Test(payload_parse, hex_spellings)
{
	unsigned char out[64];
	cr_assert_eq(parse_ok("68 65 6c", PAYLOAD_HEX, out, sizeof(out)), 3);
	cr_assert_eq(memcmp(out, "hel", 3), 0);
	cr_assert_eq(parse_ok("68656c6C6F", PAYLOAD_HEX, out, sizeof(out)), 5);
	cr_assert_eq(memcmp(out, "hello", 5), 0);
	cr_assert_eq(parse_ok("0x68,0x65, 0X6c ,0x0", PAYLOAD_HEX, out, sizeof(out)), 4);
	cr_assert_eq(memcmp(out, "hel\0", 4), 0);
	cr_assert_eq(parse_ok("  ff\t00 ", PAYLOAD_HEX, out, sizeof(out)), 2);
	cr_assert_eq(out[0], 0xff);
	cr_assert_eq(out[1], 0);
}

Test(payload_parse, hex_bad)
{
	parse_bad("", PAYLOAD_HEX, 64, "no hex bytes");
	parse_bad(" , ", PAYLOAD_HEX, 64, "no hex bytes");
	parse_bad("686", PAYLOAD_HEX, 64, "odd number");
	parse_bad("6g", PAYLOAD_HEX, 64, "'g' is not a hex digit");
	parse_bad("0x", PAYLOAD_HEX, 64, "1 or 2 hex digits");
	parse_bad("0x123", PAYLOAD_HEX, 64, "1 or 2 hex digits");
	parse_bad("68 -1", PAYLOAD_HEX, 64, "not a hex digit");
	parse_bad("00112233", PAYLOAD_HEX, 3, "longer than 3 bytes");
}

Test(payload_format, escapes)
{
	char buf[128];
	cr_assert_str_eq(payload_format("hello", 5, 0, buf, sizeof(buf)), "\"hello\"");
	cr_assert_str_eq(payload_format("a\nb\t\\\"", 6, 0, buf, sizeof(buf)), "\"a\\nb\\t\\\\\\\"\"");
	cr_assert_str_eq(payload_format("\x01z", 2, 0, buf, sizeof(buf)), "\"\\x01z\"");
	/* a hex digit after \x01 would be swallowed: the literal is split */
	cr_assert_str_eq(payload_format("\x01" "a", 2, 0, buf, sizeof(buf)), "\"\\x01\"\"a\"");
	/* no trigraphs */
	cr_assert_str_eq(payload_format("?\?=", 3, 0, buf, sizeof(buf)), "\"?\\?=\"");
	cr_assert_str_eq(payload_format("", 0, 0, buf, sizeof(buf)), "\"\"");
}

Test(payload_format, cut_by_max_bytes_and_by_buffer)
{
	char buf[128];
	cr_assert_str_eq(payload_format("hello world", 11, 5, buf, sizeof(buf)), "\"hello\"...");
	cr_assert_str_eq(payload_format("hello", 5, 5, buf, sizeof(buf)), "\"hello\"");
	char small[12];
	payload_format("hello world", 11, 0, small, sizeof(small));
	cr_assert_str_eq(small, "\"hello \"...");
	/* escapes are never split */
	payload_format("\xff\xff\xff\xff", 4, 0, small, sizeof(small));
	cr_assert_str_eq(small, "\"\\xff\"...");
}

Test(payload_format, every_byte_round_trips_through_cc)
{
	unsigned char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	char *lit = malloc(payload_format_size(sizeof(all)));
	cr_assert_not_null(lit);
	payload_format(all, sizeof(all), 0, lit, payload_format_size(sizeof(all)));
	char dir[] = "/tmp/ipctop-payload.XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[128], cmd[512];
	snprintf(path, sizeof(path), "%s/lit.c", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f, "#include <string.h>\nstatic const char lit[] = %s;\nint main(void)\n{\n"
		"\tunsigned char all[256];\n\tfor (int i = 0; i < 256; i++)\n"
		"\t\tall[i] = (unsigned char)i;\n"
		"\treturn sizeof(lit) == 257 && memcmp(lit, all, 256) == 0 ? 0 : 1;\n}\n", lit);
	cr_assert_eq(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "cc -Wall -Werror -o %s/lit %s 2>&1 && %s/lit", dir, path, dir);
	int rc = system(cmd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	free(lit);
	cr_assert_eq(rc, 0, "literal did not compile or differs (status %d)", rc);
}
