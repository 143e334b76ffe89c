/* test_tmpdir.h — a scratch directory per test for the unit tests of
 * files (safefile, settings): made by tmpdir_make, paths in it by
 * tmpdir_at, removed by tmpdir_remove. */
#ifndef IPCTOP_TEST_TMPDIR_H
#define IPCTOP_TEST_TMPDIR_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

static char tmpdir[64];

/* A fresh directory /tmp/ipctop-NAME.XXXXXX. */
static inline void tmpdir_make(const char *name)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ipctop-%s.XXXXXX", name);
	cr_assert_not_null(mkdtemp(tmpdir));
}

static inline void tmpdir_remove(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	cr_assert_eq(system(cmd), 0);
}

/* tmpdir/NAME; the last two results stay valid. */
static inline const char *tmpdir_at(const char *name)
{
	static char p[2][160];
	static int i;
	i ^= 1;
	snprintf(p[i], sizeof(p[i]), "%s/%s", tmpdir, name);
	return p[i];
}

#endif
