/* test_names.c — unit tests of src/proc/names.c's typed ids (the IPC_SET
 * form's uid and gid): names from the passwd and group databases, numbers
 * up to 4294967294 (uids of 2^31 and above included), and the refusals
 * with their reason. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <grp.h>
#include <pwd.h>

#include "proc/names.h"

Test(names_parse, user_names_and_numbers)
{
	uid_t u = 7;
	const char *why = NULL;
	cr_assert_eq(names_parse_user("root", &u, &why), 0);
	cr_assert_eq(u, 0);
	struct passwd *nobody = getpwnam("nobody");
	cr_assert_not_null(nobody, "the test needs the user nobody");
	cr_assert_eq(names_parse_user("nobody", &u, &why), 0);
	cr_assert_eq(u, nobody->pw_uid);
	cr_assert_eq(names_parse_user("1000", &u, &why), 0);
	cr_assert_eq(u, 1000);
	cr_assert_eq(names_parse_user("2147483648", &u, &why), 0, "uids of 2^31 and above are valid");
	cr_assert_eq(u, 2147483648u);
	cr_assert_eq(names_parse_user("4294967294", &u, &why), 0);
	cr_assert_eq(u, 4294967294u);
}

Test(names_parse, group_names_and_numbers)
{
	gid_t g = 7;
	const char *why = NULL;
	cr_assert_eq(names_parse_group("root", &g, &why), 0);
	cr_assert_eq(g, 0);
	cr_assert_eq(names_parse_group("3000000000", &g, &why), 0);
	cr_assert_eq(g, 3000000000u);
}

Test(names_parse, refusals_keep_the_id_and_say_why)
{
	uid_t u = 42;
	gid_t g = 42;
	const char *why = NULL;
	cr_assert_eq(names_parse_user("4294967295", &u, &why), -1, "(uid_t)-1 means no id");
	cr_assert_str_eq(why, "ids are 0..4294967294");
	cr_assert_eq(names_parse_user("12x", &u, &why), -1);
	cr_assert_str_eq(why, "neither a number nor a name");
	cr_assert_eq(names_parse_user("no-such-user-ipctop", &u, &why), -1);
	cr_assert_str_eq(why, "no such user");
	cr_assert_eq(names_parse_user("", &u, &why), -1);
	cr_assert_str_eq(why, "give a user name or a uid");
	cr_assert_eq(names_parse_group("no-such-group-ipctop", &g, &why), -1);
	cr_assert_str_eq(why, "no such group");
	cr_assert_eq(u, 42);
	cr_assert_eq(g, 42);
}
