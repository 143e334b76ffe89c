/* test_attach.c — unit tests of src/model/attach.c: the maps line parser on good
 * lines, every truncation of one, and malformed/other mappings; a forked
 * child attaching two segments (one SHM_RDONLY, one twice) is reported with
 * its pid, comm, modes rw / r and mappings, and is gone from the table
 * after shmdt; a name with a newline and an escape is kept whole; the count
 * is unknown only when mappings are missing and some process was unread. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/attach.h"
#include "proc/procs.h"

#define GOOD_RW "7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 00:01 32769                      /SYSV0000162e (deleted)\n"

/* ---- attach_parse_maps_line ---- */

Test(attach_parse, good_lines)
{
	int id = -1;
	bool w = false;
	dev_t dev = 0;
	cr_assert_eq(attach_parse_maps_line(GOOD_RW, &id, &w, &dev), 1);
	cr_assert_eq(id, 32769);
	cr_assert(w);
	cr_assert_eq(dev, makedev(0, 1));
	cr_assert_eq(attach_parse_maps_line("7f00-7f01 r--s 00000000 00:01 0 /SYSV00000000 (deleted)", &id, &w, &dev), 1,
		     "no newline, id 0, private key");
	cr_assert_eq(id, 0);
	cr_assert(!w);
	cr_assert_eq(attach_parse_maps_line("7F00-7F01 r-xs 0000ABCD 00:0f 2147483647 /SYSVDEADBEEF (deleted)\n", &id, &w, &dev), 1);
	cr_assert_eq(id, 2147483647);
	cr_assert(!w);
	cr_assert_eq(dev, makedev(0, 0xf), "the device: hex major:minor");
	cr_assert_eq(attach_parse_maps_line("7f00-7f01 rw-s 00000000 103:1a2b3 7 /SYSV00000000 (deleted)", &id, &w, &dev), 1);
	cr_assert_eq(dev, makedev(0x103, 0x1a2b3), "a 20-bit minor");
	cr_assert_eq(attach_parse_maps_line("7f00-7f01 -w-s 00000000 00:01 5 /SYSV00000001 (deleted)", &id, &w, &dev), 1);
	cr_assert_eq(id, 5);
	cr_assert(w);
}

static void bad(const char *line)
{
	int id = 1234;
	bool w = true;
	dev_t dev = 77;
	cr_assert_eq(attach_parse_maps_line(line, &id, &w, &dev), 0, "accepted: \"%s\"", line);
	cr_assert_eq(id, 1234, "shmid changed by \"%s\"", line);
	cr_assert(w, "writable changed by \"%s\"", line);
	cr_assert_eq(dev, 77, "dev changed by \"%s\"", line);
}

Test(attach_parse, other_and_malformed_lines)
{
	bad("");
	bad("\n");
	bad("garbage");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-p 00000000 00:01 32769 /SYSV0000162e (deleted)"); /* private */
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 00:01 32769 /dev/shm/SYSV0000162e (deleted)");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 00:01 32769 /SYSV0000162e");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 00:01 32769 /SYSV0000162e (deleted) x");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 00:01 32769 /SYSV000162e (deleted)");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 00:01 32769 /SYSV0000162g (deleted)");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 00:01 2147483648 /SYSV0000162e (deleted)");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 00:01 99999999999999999999999 /SYSV0000162e (deleted)");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 00:01 -5 /SYSV0000162e (deleted)");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 00:01 12x /SYSV0000162e (deleted)");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 0001 32769 /SYSV0000162e (deleted)");
	bad("7f1c2a1b5000 7f1c2a1b6000 rw-s 00000000 00:01 32769 /SYSV0000162e (deleted)");
	bad("7f1c2a1b5000-7f1c2a1b6000 rws 00000000 00:01 32769 /SYSV0000162e (deleted)");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s- 00000000 00:01 32769 /SYSV0000162e (deleted)");
	bad("zz-7f1c2a1b6000 rw-s 00000000 00:01 32769 /SYSV0000162e (deleted)");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 00:01 32769\n");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 00:01 32769 [heap]");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 000000001:01 32769 /SYSV0000162e (deleted)");
	bad("7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 :01 32769 /SYSV0000162e (deleted)");
}

Test(attach_parse, every_truncation_is_rejected)
{
	char line[sizeof(GOOD_RW)];
	size_t full = strlen(GOOD_RW);
	for (size_t n = 0; n < full - 1; n++) { /* full - 1: only the newline cut */
		memcpy(line, GOOD_RW, n);
		line[n] = '\0';
		bad(line);
	}
	int id;
	bool w;
	dev_t dev;
	memcpy(line, GOOD_RW, full - 1);
	line[full - 1] = '\0';
	cr_assert_eq(attach_parse_maps_line(line, &id, &w, &dev), 1);
}

/* ---- attach_scan over a real child ---- */

static int make_seg(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	cr_assert_geq(id, 0, "shmget: %s", strerror(errno));
	return id;
}

static void put(int fd, char c)
{
	ssize_t n;
	do
		n = write(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		_exit(3);
}

static char get(int fd)
{
	char c = 0;
	ssize_t n;
	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 ? c : 0;
}

/* The child: attaches rw (twice: once read-only, once rw) and ro, says 'a',
 * detaches on 'd' and says 'b', exits when the command pipe closes. */
static void child(int rw, int ro, int cmd, int rep)
{
	void *a = shmat(rw, NULL, 0);
	void *a2 = shmat(rw, NULL, SHM_RDONLY);
	void *b = shmat(ro, NULL, SHM_RDONLY);
	if (a == (void *)-1 || a2 == (void *)-1 || b == (void *)-1)
		_exit(2);
	put(rep, 'a');
	if (get(cmd) != 'd')
		_exit(4);
	if (shmdt(a) < 0 || shmdt(a2) < 0 || shmdt(b) < 0)
		_exit(5);
	put(rep, 'b');
	get(cmd);
	_exit(0);
}

static const struct attach_entry *entry_of(const struct attach_table *t, int shmid, pid_t pid)
{
	size_t n;
	const struct attach_entry *e = attach_find(t, shmid, &n);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(e[i].shmid, shmid);
		if (i)
			cr_assert_lt(e[i - 1].pid, e[i].pid, "entries of one shmid sorted by pid");
		if (e[i].pid == pid)
			return &e[i];
	}
	return NULL;
}

Test(attach_scan, child_with_two_segments)
{
	int rw = make_seg(), ro = make_seg();
	int cmd[2], rep[2];
	cr_assert_eq(pipe(cmd), 0);
	cr_assert_eq(pipe(rep), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(cmd[1]);
		close(rep[0]);
		child(rw, ro, cmd[0], rep[1]);
	}
	close(cmd[0]);
	close(rep[1]);
	cr_assert_eq(get(rep[0]), 'a', "child did not attach");

	struct attach_table t = { 0 };
	cr_assert_eq(attach_scan(&t), 0, "attach_scan: %s", strerror(errno));
	cr_assert_gt(t.procs, 1);
	for (size_t i = 1; i < t.count; i++)
		cr_assert(t.v[i - 1].shmid < t.v[i].shmid ||
			  (t.v[i - 1].shmid == t.v[i].shmid && t.v[i - 1].pid < t.v[i].pid),
			  "table sorted by (shmid, pid) without duplicates");
	const struct attach_entry *e = entry_of(&t, rw, pid);
	cr_assert_not_null(e, "child %d not found on shmid %d", (int)pid, rw);
	cr_assert(e->writable);
	cr_assert_str_eq(attach_mode(e), "rw");
	cr_assert_eq(e->maps, 2, "attached twice: two mappings (got %u)", e->maps);
	char comm[64];
	cr_assert_eq(procs_comm(pid, comm, sizeof(comm)), 0);
	cr_assert_str_eq(e->comm, comm);
	e = entry_of(&t, ro, pid);
	cr_assert_not_null(e, "child %d not found on shmid %d", (int)pid, ro);
	cr_assert(!e->writable);
	cr_assert_str_eq(attach_mode(e), "r");
	cr_assert(!e->hugetlb, "a tmpfs segment is not hugetlb");
	cr_assert_eq(e->maps, 1);
	cr_assert_null(entry_of(&t, rw, getpid()), "the test process attached nothing");
	/* nattch counts mappings: 2 and 1, all found (root reads every maps) */
	struct shmid_ds ds;
	cr_assert_eq(shmctl(rw, IPC_STAT, &ds), 0);
	cr_assert_eq(ds.shm_nattch, 2);
	cr_assert_eq(attach_count(&t, rw, ds.shm_nattch), 1);
	cr_assert_eq(shmctl(ro, IPC_STAT, &ds), 0);
	cr_assert_eq(attach_count(&t, ro, ds.shm_nattch), 1);

	put(cmd[1], 'd');
	cr_assert_eq(get(rep[0]), 'b', "child did not detach");
	cr_assert_eq(attach_scan(&t), 0);
	cr_assert_null(entry_of(&t, rw, pid));
	cr_assert_null(entry_of(&t, ro, pid));
	attach_free(&t);
	cr_assert_null(t.v);

	close(cmd[1]);
	close(rep[0]);
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %d", st);
	cr_assert_eq(shmctl(rw, IPC_RMID, NULL), 0);
	cr_assert_eq(shmctl(ro, IPC_RMID, NULL), 0);
}

/* SHM_HUGETLB is nowhere in IPC_STAT (mode 0600): the mapping's device
 * tells. SHM_NORESERVE: no huge page needs to be free. */
Test(attach_scan, hugetlb_segment_is_marked)
{
	int huge = shmget(IPC_PRIVATE, 2u << 20, IPC_CREAT | SHM_HUGETLB | SHM_NORESERVE | 0600);
	if (huge < 0 && errno == EINVAL && access("/proc/sys/vm/nr_hugepages", F_OK) != 0)
		cr_skip_test("this kernel has no hugetlbfs (shmget SHM_HUGETLB: EINVAL)");
	cr_assert_geq(huge, 0, "shmget(SHM_HUGETLB|SHM_NORESERVE): %s", strerror(errno));
	int plain = make_seg();
	struct shmid_ds ds;
	cr_assert_eq(shmctl(huge, IPC_STAT, &ds), 0);
	cr_assert_eq(ds.shm_perm.mode, 0600, "the kernel keeps SHM_HUGETLB out of the mode");
	void *h = shmat(huge, NULL, SHM_RDONLY), *p = shmat(plain, NULL, 0);
	cr_assert_neq(h, (void *)-1, "shmat: %s", strerror(errno));
	cr_assert_neq(p, (void *)-1, "shmat: %s", strerror(errno));
	dev_t shm_dev;
	cr_assert_eq(attach_shm_dev(&shm_dev), 0, "memfd_create: %s", strerror(errno));
	struct attach_table t = { 0 };
	cr_assert_eq(attach_scan(&t), 0, "attach_scan: %s", strerror(errno));
	const struct attach_entry *e = entry_of(&t, huge, getpid());
	cr_assert_not_null(e, "the hugetlb mapping (shmid %d) was not found", huge);
	cr_assert(e->hugetlb, "shmid %d is SHM_HUGETLB", huge);
	e = entry_of(&t, plain, getpid());
	cr_assert_not_null(e);
	cr_assert(!e->hugetlb, "shmid %d is on tmpfs", plain);
	attach_free(&t);
	cr_assert_eq(shmdt(h), 0);
	cr_assert_eq(shmdt(p), 0);
	cr_assert_eq(shmctl(huge, IPC_RMID, NULL), 0);
	cr_assert_eq(shmctl(plain, IPC_RMID, NULL), 0);
}

/* A process named "a\nb<ESC>[31m" (as an attacker would) mapping a segment
 * is listed with that whole name. */
Test(attach_scan, comm_with_newline_and_escape)
{
	static const char name[] = "a\nb\x1b[31m";
	int id = make_seg();
	int rep[2];
	cr_assert_eq(pipe(rep), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(rep[0]);
		if (prctl(PR_SET_NAME, name, 0, 0, 0) < 0 || shmat(id, NULL, 0) == (void *)-1)
			_exit(2);
		put(rep[1], 'a');
		pause();
		_exit(0);
	}
	close(rep[1]);
	cr_assert_eq(get(rep[0]), 'a', "child did not attach");
	struct attach_table t = { 0 };
	cr_assert_eq(attach_scan(&t), 0, "attach_scan: %s", strerror(errno));
	const struct attach_entry *e = entry_of(&t, id, pid);
	cr_assert_not_null(e);
	cr_assert_str_eq(e->comm, name, "the name was cut: '%s'", e->comm);
	attach_free(&t);
	kill(pid, SIGKILL);
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
	close(rep[0]);
	cr_assert_eq(shmctl(id, IPC_RMID, NULL), 0);
}

/* attach_count on a crafted table: fewer mappings than nattch is unknown
 * only when some process could not be read (unreadable or hidden). */
Test(attach_count, complete_or_unknown)
{
	struct attach_entry v[] = {
		{ .shmid = 5, .pid = 10, .maps = 1 }, { .shmid = 5, .pid = 11, .maps = 2 },
		{ .shmid = 7, .pid = 10, .maps = 1 },
	};
	struct attach_table t = { .v = v, .count = 3, .cap = 3 };
	cr_assert_eq(attach_count(&t, 5, 3), 2, "3 mappings of 2 processes, all found");
	cr_assert_eq(attach_count(&t, 5, 4), 2, "one mapping unseen, everything read: a race, 2");
	cr_assert_eq(attach_count(&t, 9, 0), 0);
	t.unreadable = 1;
	cr_assert_eq(attach_count(&t, 5, 3), 2, "all mappings found: unreadable others do not matter");
	cr_assert_eq(attach_count(&t, 5, 4), -1, "a mapping unseen and a process unreadable: unknown");
	cr_assert_eq(attach_count(&t, 9, 1), -1, "nattch 1, nobody found, someone unreadable: unknown");
	cr_assert_eq(attach_count(&t, 9, 0), 0);
	t.unreadable = 0;
	t.hidden = true;
	cr_assert_eq(attach_count(&t, 7, 2), -1, "hidepid hides processes: unknown");
	cr_assert_eq(attach_count(&t, 7, 1), 1);
}

Test(attach_scan, find_on_empty_and_missing)
{
	struct attach_table t = { 0 };
	size_t n = 99;
	cr_assert_null(attach_find(&t, 5, &n));
	cr_assert_eq(n, 0);
	cr_assert_eq(attach_scan(&t), 0);
	cr_assert_null(attach_find(&t, -1, &n), "no segment has id -1");
	cr_assert_eq(n, 0);
	attach_free(&t);
}
