/* test_semspec.c — unit tests of src/ops/semspec.c: semop specs ("0-1 1+1 2=0")
 * with good inputs (separators, signs, flags, limits) and bad ones (empty,
 * junk, semnum out of range, op beyond SHRT range, too many ops), and the
 * sembuf formatter including truncation. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#include "ops/semspec.h"

static int parse(const char *s, unsigned nsems, size_t max, short flags, struct sembuf *out,
		 size_t cap, size_t *n, char *why)
{
	return semspec_parse(s, nsems, max, flags, out, cap, n, why, 200);
}

Test(semspec_parse, three_kinds)
{
	struct sembuf ops[8];
	size_t n = 0;
	char why[200] = "";
	cr_assert_eq(parse("0-1 1+1 2=0", 3, 0, 0, ops, 8, &n, why), 0, "%s", why);
	cr_assert_eq(n, 3);
	cr_assert_eq(ops[0].sem_num, 0);
	cr_assert_eq(ops[0].sem_op, -1);
	cr_assert_eq(ops[1].sem_num, 1);
	cr_assert_eq(ops[1].sem_op, 1);
	cr_assert_eq(ops[2].sem_num, 2);
	cr_assert_eq(ops[2].sem_op, 0);
	cr_assert_eq(ops[2].sem_flg, 0);
}

Test(semspec_parse, commas_spaces_and_flags)
{
	struct sembuf ops[8];
	size_t n = 0;
	char why[200] = "";
	cr_assert_eq(parse("  0+3,1-2 ,, 4+0\t", 0, 0, SEM_UNDO | IPC_NOWAIT, ops, 8, &n, why), 0,
		     "%s", why);
	cr_assert_eq(n, 3);
	cr_assert_eq(ops[0].sem_op, 3);
	cr_assert_eq(ops[1].sem_op, -2);
	cr_assert_eq(ops[2].sem_num, 4);
	cr_assert_eq(ops[2].sem_op, 0);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(ops[i].sem_flg, SEM_UNDO | IPC_NOWAIT);
}

Test(semspec_parse, shrt_limits)
{
	struct sembuf ops[2];
	size_t n = 0;
	char why[200] = "";
	cr_assert_eq(parse("0+32767 0-32768", 1, 0, 0, ops, 2, &n, why), 0, "%s", why);
	cr_assert_eq(ops[0].sem_op, 32767);
	cr_assert_eq(ops[1].sem_op, -32768);
	cr_assert_eq(parse("0+32768", 1, 0, 0, ops, 2, &n, why), -1);
	cr_assert(strstr(why, "out of range"), "%s", why);
	cr_assert_eq(parse("0-32769", 1, 0, 0, ops, 2, &n, why), -1);
	cr_assert_eq(parse("0-99999999999999999999", 1, 0, 0, ops, 2, &n, why), -1);
	cr_assert(strstr(why, "out of range"), "%s", why);
}

Test(semspec_parse, rejects_empty)
{
	struct sembuf ops[2];
	size_t n = 0;
	char why[200] = "";
	cr_assert_eq(parse("", 1, 0, 0, ops, 2, &n, why), -1);
	cr_assert(strstr(why, "no operations"), "%s", why);
	cr_assert_eq(parse(" , ", 1, 0, 0, ops, 2, &n, why), -1);
	cr_assert_eq(parse(NULL, 1, 0, 0, ops, 2, &n, why), -1);
}

Test(semspec_parse, rejects_junk)
{
	static const char *const bad[] = { "x", "0", "0-", "-1", "0*1", "0-1x", "0 -1", "0=1",
					   "a-1", "0--1", "0+-1", "0-1;1+1", "0=", "+", "0-1.5" };
	struct sembuf ops[4];
	size_t n = 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char why[200] = "";
		cr_assert_eq(parse(bad[i], 8, 0, 0, ops, 4, &n, why), -1, "accepted '%s'", bad[i]);
		cr_assert(why[0], "no reason for '%s'", bad[i]);
	}
}

Test(semspec_parse, semnum_range)
{
	struct sembuf ops[2];
	size_t n = 0;
	char why[200] = "";
	cr_assert_eq(parse("2-1", 2, 0, 0, ops, 2, &n, why), -1);
	cr_assert(strstr(why, "out of range"), "%s", why);
	cr_assert(strstr(why, "0..1"), "%s", why);
	cr_assert_eq(parse("1-1", 2, 0, 0, ops, 2, &n, why), 0);
	cr_assert_eq(parse("65536-1", 0, 0, 0, ops, 2, &n, why), -1);
	cr_assert(strstr(why, "too large"), "%s", why);
}

Test(semspec_parse, too_many_ops)
{
	struct sembuf ops[8];
	size_t n = 0;
	char why[200] = "";
	cr_assert_eq(parse("0-1 0+1 0-1", 1, 2, 0, ops, 8, &n, why), -1);
	cr_assert(strstr(why, "SEMOPM"), "%s", why);
	cr_assert_eq(parse("0-1 0+1 0-1", 1, 0, 0, ops, 2, &n, why), -1);
	cr_assert(strstr(why, "more than 2"), "%s", why);
	cr_assert_eq(parse("0-1 0+1", 1, 2, 0, ops, 2, &n, why), 0);
	cr_assert_eq(n, 2);
}

Test(semspec_parse, long_token_reason_is_bounded)
{
	char spec[600];
	memset(spec, 'z', sizeof(spec) - 1);
	spec[sizeof(spec) - 1] = '\0';
	struct sembuf ops[2];
	size_t n = 0;
	char why[64];
	cr_assert_eq(semspec_parse(spec, 1, 0, 0, ops, 2, &n, why, sizeof(why)), -1);
	cr_assert_lt(strlen(why), sizeof(why));
	cr_assert_eq(semspec_parse(spec, 1, 0, 0, ops, 2, &n, NULL, 0), -1);
}

Test(semspec_format, text)
{
	struct sembuf ops[] = { { 0, -1, SEM_UNDO }, { 1, 1, 0 }, { 2, 0, IPC_NOWAIT },
				{ 3, 5, SEM_UNDO | IPC_NOWAIT } };
	char buf[200];
	cr_assert_str_eq(semspec_format(ops, 1, buf, sizeof(buf)), "{{0, -1, SEM_UNDO}}");
	cr_assert_str_eq(semspec_format(ops, 2, buf, sizeof(buf)), "{{0, -1, SEM_UNDO}, {1, +1, 0}}");
	cr_assert_str_eq(semspec_format(ops, 4, buf, sizeof(buf)),
			 "{{0, -1, SEM_UNDO}, {1, +1, 0}, {2, 0, IPC_NOWAIT}, {3, +5, SEM_UNDO|IPC_NOWAIT}}");
}

Test(semspec_format, truncates_visibly)
{
	struct sembuf ops[50];
	for (int i = 0; i < 50; i++)
		ops[i] = (struct sembuf){ (unsigned short)i, -1, SEM_UNDO };
	char buf[64];
	semspec_format(ops, 50, buf, sizeof(buf));
	cr_assert_eq(strlen(buf), sizeof(buf) - 1);
	cr_assert_str_eq(buf + strlen(buf) - 4, "...}");
}

Test(semspec_format, flags)
{
	char buf[40];
	cr_assert_str_eq(semspec_format_flags(0, buf, sizeof(buf)), "0");
	cr_assert_str_eq(semspec_format_flags(SEM_UNDO, buf, sizeof(buf)), "SEM_UNDO");
	cr_assert_str_eq(semspec_format_flags(IPC_NOWAIT, buf, sizeof(buf)), "IPC_NOWAIT");
	cr_assert_str_eq(semspec_format_flags(SEM_UNDO | 1, buf, sizeof(buf)), "SEM_UNDO|0x1");
}

Test(semspec_parse, roundtrip_through_format)
{
	struct sembuf ops[4];
	size_t n = 0;
	char why[200], buf[200];
	cr_assert_eq(parse("0-1 1+1 2=0", 3, 0, SEM_UNDO, ops, 4, &n, why), 0);
	cr_assert_str_eq(semspec_format(ops, n, buf, sizeof(buf)),
			 "{{0, -1, SEM_UNDO}, {1, +1, SEM_UNDO}, {2, 0, SEM_UNDO}}");
}
