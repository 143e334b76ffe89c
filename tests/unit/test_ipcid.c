/* test_ipcid.c — unit tests of src/model/ipcid.c: the id layout from a
 * kernel command line (ipcmni_extend alone or with a value, not after "--",
 * not as part of another word) and release (cyclic from 5.2 on), the
 * index/seq split for both shifts, and the running kernel's layout against
 * ids it hands out (a removed and re-created queue's id moves on). */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <sys/ipc.h>
#include <sys/msg.h>

#include "model/ipcid.h"

Test(ipcid, layout_of_cmdline_and_release)
{
	struct ipcid_layout l;
	ipcid_layout_of("quiet ro root=/dev/sda1\n", "6.18.44-fc", &l);
	cr_assert_eq(l.shift, 15);
	cr_assert_eq(l.min_cycle, 64);
	cr_assert(l.cyclic);
	ipcid_layout_of("quiet ipcmni_extend ro", "5.2.0", &l);
	cr_assert_eq(l.shift, 24);
	cr_assert_eq(l.min_cycle, 4096);
	cr_assert(l.cyclic);
	ipcid_layout_of("ipcmni_extend=1", "5.1.21", &l);
	cr_assert_eq(l.shift, 24, "a value is ignored by the kernel");
	cr_assert_not(l.cyclic, "5.1 still took the lowest free index");
	ipcid_layout_of("ro -- ipcmni_extend", "4.18.0-513.el8", &l);
	cr_assert_eq(l.shift, 15, "after -- the words are init's");
	cr_assert_not(l.cyclic);
	ipcid_layout_of("noipcmni_extend ipcmni_extended", "10.0", &l);
	cr_assert_eq(l.shift, 15);
	cr_assert(l.cyclic);
	ipcid_layout_of("", "", &l);
	cr_assert_not(l.cyclic, "unknown release: nothing claimed");
}

Test(ipcid, index_and_seq)
{
	struct ipcid_layout l = { 15, 64, true };
	cr_assert_eq(ipcid_index(&l, 32768 * 3 + 17), 17);
	cr_assert_eq(ipcid_seq(&l, 32768 * 3 + 17), 3);
	l.shift = 24;
	cr_assert_eq(ipcid_index(&l, (5 << 24) + 100000), 100000);
	cr_assert_eq(ipcid_seq(&l, (5 << 24) + 100000), 5);
}

Test(ipcid, running_kernel)
{
	struct ipcid_layout l;
	ipcid_layout_read(&l);
	int a = msgget(IPC_PRIVATE, 0600);
	cr_assert_geq(a, 0);
	cr_assert_eq(msgctl(a, IPC_RMID, NULL), 0);
	int b = msgget(IPC_PRIVATE, 0600);
	cr_assert_geq(b, 0);
	cr_assert_eq(msgctl(b, IPC_RMID, NULL), 0);
	if (l.cyclic)
		cr_assert(ipcid_seq(&l, b) > ipcid_seq(&l, a) ||
			  (ipcid_seq(&l, b) == ipcid_seq(&l, a) && ipcid_index(&l, b) > ipcid_index(&l, a)),
			  "the next queue's (seq, index) is past the removed one's: %d then %d", a, b);
	cr_assert_lt(ipcid_index(&l, b), 1 << l.shift);
}
