/* test_tree.c — unit tests of src/model/tree.c: rows grouped by running
 * creator (a live process: this test), then by owner (a creator that has
 * exited, queues and sets), groups in the order of their first row, the
 * sort kept inside each group, and the row-to-group lookup. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <sys/wait.h>
#include <unistd.h>

#include "model/tree.h"
#include "proc/procinfo.h"

/* A pid that named a process a moment ago and names none now. */
static pid_t gone_pid(void)
{
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(0);
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
	cr_assert(!procinfo_exists(pid));
	return pid;
}

static struct ipc_object obj(enum ipc_kind kind, int id, uid_t uid, pid_t cpid)
{
	struct ipc_object o = { .kind = kind, .id = id, .uid = uid };
	if (kind == KIND_SHM)
		o.u.shm.cpid = cpid;
	return o;
}

Test(tree, groups_by_running_creator_then_owner)
{
	pid_t me = getpid(), gone = gone_pid();
	/* As sorted by the list (by id here): */
	struct ipc_object v[] = {
		obj(KIND_MSG, 1, 1000, 0),    /* a queue: no creator pid -> owner 1000 */
		obj(KIND_SHM, 2, 0, me),      /* running creator: group "pid me" */
		obj(KIND_SHM, 3, 1000, gone), /* creator gone -> owner 1000 */
		obj(KIND_SEM, 4, 0, 0),       /* a set -> owner 0 */
		obj(KIND_SHM, 5, 1000, me),   /* same running creator, other owner */
	};
	const struct ipc_object *rows[5];
	for (int i = 0; i < 5; i++)
		rows[i] = &v[i];
	struct tree t = { 0 };
	cr_assert_eq(tree_build(&t, rows, 5, procinfo_exists), 0);
	cr_assert_eq(t.count, 3);
	/* Groups in the order of their first row: owner 1000 (id 1), pid me
	 * (id 2), owner 0 (id 4); each group's rows in the sorted order. */
	int want_ids[5] = { 1, 3, 2, 5, 4 };
	for (int i = 0; i < 5; i++)
		cr_assert_eq(rows[i]->id, want_ids[i], "row %d: id %d, want %d", i, rows[i]->id, want_ids[i]);
	cr_assert_eq(t.v[0].pid, 0);
	cr_assert_eq(t.v[0].uid, 1000);
	cr_assert_eq(t.v[0].first, 0);
	cr_assert_eq(t.v[0].count, 2);
	cr_assert_eq(t.v[1].pid, me);
	cr_assert_eq(t.v[1].first, 2);
	cr_assert_eq(t.v[1].count, 2);
	cr_assert_eq(t.v[2].pid, 0);
	cr_assert_eq(t.v[2].uid, 0);
	cr_assert_eq(t.v[2].first, 4);
	cr_assert_eq(t.v[2].count, 1);
	for (size_t i = 0; i < 5; i++) {
		const struct tree_group *g = tree_group_of(&t, i);
		cr_assert_not_null(g);
		cr_assert(i >= g->first && i < g->first + g->count);
	}
	cr_assert_null(tree_group_of(&t, 5));

	/* The other sort order (descending ids): the groups follow it. */
	for (int i = 0; i < 5; i++)
		rows[i] = &v[4 - i];
	cr_assert_eq(tree_build(&t, rows, 5, procinfo_exists), 0);
	int want_desc[5] = { 5, 2, 4, 3, 1 };
	for (int i = 0; i < 5; i++)
		cr_assert_eq(rows[i]->id, want_desc[i], "desc row %d: id %d, want %d", i, rows[i]->id, want_desc[i]);
	cr_assert_eq(t.count, 3);
	cr_assert_eq(t.v[0].pid, me);

	cr_assert_eq(tree_build(&t, rows, 0, procinfo_exists), 0);
	cr_assert_eq(t.count, 0);
	tree_free(&t);
}
