/* test_strbuf.c — unit tests of the fixed-width fields of src/base/strbuf.c
 * (strbuf_field, strbuf_field_i64, strbuf_field_u64), which build the rows
 * of --once in place of printf: each must write exactly what printf's
 * %Ns / %-Ns / %N" PRId64 " / %-N" PRIu64 " write, for short and long
 * texts, widths 0 to 24, the extreme numbers; and stop at the end of the
 * buffer, marking the cut. */
#include <criterion/criterion.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"

static const char *const texts[] = { "", "x", "root", "rw-r-----", "0x5eed0001", "a-longer-user-name-than-10" };
static const int64_t ints[] = { 0, 1, -1, 9, 10, -10, 4193, 2147483647, -2147483648LL, INT64_MAX, INT64_MIN };
static const uint64_t uints[] = { 0, 7, 4096, 1048583, UINT32_MAX, UINT64_MAX };

/* A number as strbuf_field_i64 (is_signed) or _u64 writes it, and as
 * printf does. */
static void same_number(bool is_signed, uint64_t bits, int w, bool right)
{
	char got[128], want[128];
	struct strbuf sb;
	strbuf_init(&sb, got, sizeof(got));
	if (is_signed) {
		strbuf_field_i64(&sb, (int64_t)bits, w, right);
		snprintf(want, sizeof(want), right ? "%*" PRId64 : "%-*" PRId64, w, (int64_t)bits);
	} else {
		strbuf_field_u64(&sb, bits, w, right);
		snprintf(want, sizeof(want), right ? "%*" PRIu64 : "%-*" PRIu64, w, bits);
	}
	cr_assert_str_eq(got, want, "width %d right %d", w, right);
}

Test(strbuf_field, same_as_printf)
{
	char got[128], want[128];
	struct strbuf sb;
	for (int w = 0; w <= 24; w++)
		for (int right = 0; right < 2; right++) {
			for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
				strbuf_init(&sb, got, sizeof(got));
				strbuf_field(&sb, texts[i], w, right);
				snprintf(want, sizeof(want), right ? "%*s" : "%-*s", w, texts[i]);
				cr_assert_str_eq(got, want, "'%s' width %d right %d", texts[i], w, right);
				cr_assert_eq(sb.pos, strlen(want));
			}
			for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
				same_number(true, (uint64_t)ints[i], w, right);
			for (size_t i = 0; i < sizeof(uints) / sizeof(uints[0]); i++)
				same_number(false, uints[i], w, right);
		}
}

Test(strbuf_field, fields_follow_each_other)
{
	char got[128], want[128];
	struct strbuf sb;
	strbuf_init(&sb, got, sizeof(got));
	strbuf_printf(&sb, "[");
	strbuf_field(&sb, "key", 10, false);
	strbuf_field_i64(&sb, -42, 7, true);
	strbuf_field_u64(&sb, 4096, 12, true);
	strbuf_field(&sb, "]", 0, false);
	snprintf(want, sizeof(want), "[%-10s%7d%12u]", "key", -42, 4096u);
	cr_assert_str_eq(got, want);
	cr_assert_not(sb.truncated);
}

Test(strbuf_field, cut_at_the_end_of_the_buffer)
{
	char got[8];
	struct strbuf sb;
	strbuf_init(&sb, got, sizeof(got));
	strbuf_field(&sb, "abc", 5, true); /* "  abc" */
	cr_assert_not(sb.truncated);
	strbuf_field_u64(&sb, 12345, 0, false);
	cr_assert(sb.truncated);
	cr_assert_str_eq(got, "  abc12", "as much as fits, NUL-terminated");
	cr_assert_eq(sb.pos, 7u);
	strbuf_field(&sb, "more", 20, false);
	cr_assert_str_eq(got, "  abc12", "nothing after the cut");
	strbuf_init(&sb, got, sizeof(got));
	strbuf_field(&sb, "", 40, false);
	cr_assert(sb.truncated, "padding counts");
	cr_assert_str_eq(got, "       ");
}

Test(strbuf_putc, one_byte_then_the_cut)
{
	char got[4];
	struct strbuf sb;
	strbuf_init(&sb, got, sizeof(got));
	strbuf_field_i64(&sb, -5, 0, false);
	strbuf_putc(&sb, ' ');
	cr_assert_str_eq(got, "-5 ");
	cr_assert_not(sb.truncated);
	strbuf_putc(&sb, 'x');
	cr_assert(sb.truncated, "no room for x and the NUL");
	cr_assert_str_eq(got, "-5 ");
	cr_assert_eq(sb.pos, 3u);
}
