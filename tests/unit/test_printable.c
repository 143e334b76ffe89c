/* test_printable.c — unit tests of src/base/printable.c: what reaches a
 * terminal from text ipctop did not write. */
#include <criterion/criterion.h>

#include "base/printable.h"

static const char *p(const char *s)
{
	static char buf[64];
	return printable(s, buf, sizeof(buf));
}

Test(printable, plain_and_utf8_text_unchanged)
{
	cr_assert_str_eq(p("abc 123 -d"), "abc 123 -d");
	cr_assert_str_eq(p("共享内存 ✓"), "共享内存 ✓");
	cr_assert_str_eq(p(""), "");
}

Test(printable, controls_replaced)
{
	cr_assert_str_eq(p("\x1b]0;pwned\a"), "?]0;pwned?");
	cr_assert_str_eq(p("a\nb\rc\td\x7f"), "a?b?c?d?");
	cr_assert_str_eq(p("x\xc2\x9b" "31m"), "x?31m", "U+009B (CSI) is a control");
	cr_assert_str_eq(p("\xc2\xa0"), "\xc2\xa0", "U+00A0 is not");
}

Test(printable, malformed_utf8_replaced)
{
	cr_assert_str_eq(p("a\xff" "b"), "a?b");
	cr_assert_str_eq(p("\xe4\xb8"), "??", "a cut character");
	cr_assert_str_eq(p("\xc0\xaf"), "??", "an overlong '/'");
	cr_assert_str_eq(p("\xed\xa0\x80"), "???", "a surrogate");
	cr_assert_str_eq(p("\xf4\x90\x80\x80"), "????", "past U+10FFFF");
}

Test(printable, cut_at_a_character)
{
	char buf[5];
	cr_assert_str_eq(printable("ab共享", buf, sizeof(buf)), "ab", "共 needs 3 bytes, 2 are left");
	cr_assert_str_eq(printable("abcdef", buf, sizeof(buf)), "abcd");
	char one[1] = { 'x' };
	cr_assert_str_eq(printable("abc", one, sizeof(one)), "");
}
