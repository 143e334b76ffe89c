/* test_attach.c — unit tests of src/model/attach.c (through the pass over
 * /proc, procscan.c): the maps line parser on good lines (the key of the
 * name too), every truncation of one, and malformed/other mappings; a
 * forked child attaching two segments (one SHM_RDONLY, one twice: r and
 * rw) is reported with its pid, each mapping's mode and their count, and is
 * gone from the table after shmdt; the accounting against nattch (keys,
 * SHM_DEST, unreadable processes, other namespaces) on crafted tables; and
 * for real: a process that attached a segment in namespace B and setns()ed
 * into A is not counted on A's segment of the same id (another key), and B
 * explains its nattch by it. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <sched.h>

#include "model/attach.h"
#include "model/procscan.h"

#define GOOD_RW "7f1c2a1b5000-7f1c2a1b6000 rw-s 00000000 00:01 32769                      /SYSV0000162e (deleted)\n"

/* ---- attach_parse_maps_line ---- */

Test(attach_parse, good_lines)
{
	int id = -1;
	unsigned key = 1;
	bool w = false;
	dev_t dev = 0;
	cr_assert_eq(attach_parse_maps_line(GOOD_RW, &id, &key, &w, &dev), 1);
	cr_assert_eq(id, 32769);
	cr_assert_eq(key, 0x162e, "the key of the name /SYSV0000162e (got %#x)", key);
	cr_assert(w);
	cr_assert_eq(dev, makedev(0, 1));
	cr_assert_eq(attach_parse_maps_line("7f00-7f01 r--s 00000000 00:01 0 /SYSV00000000 (deleted)", &id, &key, &w, &dev), 1,
		     "no newline, id 0, private key");
	cr_assert_eq(id, 0);
	cr_assert_eq(key, 0);
	cr_assert(!w);
	cr_assert_eq(attach_parse_maps_line("7F00-7F01 r-xs 0000ABCD 00:0f 2147483647 /SYSVDEADBEEF (deleted)\n", &id, &key, &w, &dev), 1);
	cr_assert_eq(id, 2147483647);
	cr_assert_eq(key, 0xdeadbeefu, "upper-case hex key (got %#x)", key);
	cr_assert(!w);
	cr_assert_eq(dev, makedev(0, 0xf), "the device: hex major:minor");
	cr_assert_eq(attach_parse_maps_line("7f00-7f01 rw-s 00000000 103:1a2b3 7 /SYSVffffffff (deleted)", &id, &key, &w, &dev), 1);
	cr_assert_eq(dev, makedev(0x103, 0x1a2b3), "a 20-bit minor");
	cr_assert_eq(key, 0xffffffffu);
	cr_assert_eq(attach_parse_maps_line("7f00-7f01 -w-s 00000000 00:01 5 /SYSV00000001 (deleted)", &id, &key, &w, &dev), 1);
	cr_assert_eq(id, 5);
	cr_assert_eq(key, 1);
	cr_assert(w);
}

static void bad(const char *line)
{
	int id = 1234;
	unsigned key = 4321;
	bool w = true;
	dev_t dev = 77;
	cr_assert_eq(attach_parse_maps_line(line, &id, &key, &w, &dev), 0, "accepted: \"%s\"", line);
	cr_assert_eq(id, 1234, "shmid changed by \"%s\"", line);
	cr_assert_eq(key, 4321, "key changed by \"%s\"", line);
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
	unsigned key;
	bool w;
	dev_t dev;
	memcpy(line, GOOD_RW, full - 1);
	line[full - 1] = '\0';
	cr_assert_eq(attach_parse_maps_line(line, &id, &key, &w, &dev), 1);
}

/* ---- the scan over a real child ---- */

/* The attach part of the pass over /proc. */
static int scan(struct attach_table *t)
{
	struct timespec now = { 0, 0 };
	return procscan_run(t, NULL, PROCSCAN_ATTACH, &now);
}

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
	cr_assert_eq(scan(&t), 0, "procscan_run: %s", strerror(errno));
	cr_assert_gt(t.procs, 1);
	for (size_t i = 1; i < t.count; i++)
		cr_assert(t.v[i - 1].shmid < t.v[i].shmid ||
			  (t.v[i - 1].shmid == t.v[i].shmid && t.v[i - 1].pid < t.v[i].pid),
			  "table sorted by (shmid, pid) without duplicates");
	const struct attach_entry *e = entry_of(&t, rw, pid);
	cr_assert_not_null(e, "child %d not found on shmid %d", (int)pid, rw);
	cr_assert_eq(e->rw, 1, "attached once read-write (got %u)", e->rw);
	cr_assert_eq(e->ro, 1, "and once SHM_RDONLY: both kept, not merged (got %u)", e->ro);
	cr_assert_str_eq(attach_mode(e), "rw");
	char modes[32];
	cr_assert_str_eq(attach_modes(e, "x", modes, sizeof(modes)), "x2 r+rw");
	struct shmid_ds ds;
	cr_assert_eq(shmctl(rw, IPC_STAT, &ds), 0);
	cr_assert_eq(e->key, (unsigned)ds.shm_perm.__key, "the key of the name is the segment's");
	e = entry_of(&t, ro, pid);
	cr_assert_not_null(e, "child %d not found on shmid %d", (int)pid, ro);
	cr_assert_eq(e->rw, 0);
	cr_assert_eq(e->ro, 1);
	cr_assert_str_eq(attach_mode(e), "r");
	cr_assert_str_eq(attach_modes(e, "x", modes, sizeof(modes)), "r");
	cr_assert(!e->hugetlb, "a tmpfs segment is not hugetlb");
	cr_assert_null(entry_of(&t, rw, getpid()), "the test process attached nothing");
	/* nattch counts mappings: 2 and 1, all found (root reads every maps) */
	struct attach_acct a;
	cr_assert_eq(ds.shm_nattch, 2);
	attach_account(&t, rw, (unsigned)ds.shm_perm.__key, false, ds.shm_nattch, &a);
	cr_assert_eq(a.procs, 1);
	cr_assert_eq(a.maps, 2);
	cr_assert_eq(a.why, ATTACH_EXACT);
	cr_assert_eq(shmctl(ro, IPC_STAT, &ds), 0);
	attach_account(&t, ro, (unsigned)ds.shm_perm.__key, false, ds.shm_nattch, &a);
	cr_assert_eq(a.procs, 1);
	cr_assert_eq(a.why, ATTACH_EXACT);

	put(cmd[1], 'd');
	cr_assert_eq(get(rep[0]), 'b', "child did not detach");
	cr_assert_eq(scan(&t), 0);
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
	cr_assert_eq(scan(&t), 0, "procscan_run: %s", strerror(errno));
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

/* A segment removed while attached (SHM_DEST): the kernel makes its key
 * IPC_PRIVATE, the mapping's name keeps the old key, and still counts. */
Test(attach_scan, removed_segment_keeps_its_mappings)
{
	int id = shmget(0x5eed4401, 4096, IPC_CREAT | IPC_EXCL | 0600);
	cr_assert_geq(id, 0, "shmget: %s", strerror(errno));
	void *p = shmat(id, NULL, 0);
	cr_assert_neq(p, (void *)-1);
	cr_assert_eq(shmctl(id, IPC_RMID, NULL), 0);
	struct shmid_ds ds;
	cr_assert_eq(shmctl(id, IPC_STAT, &ds), 0);
	cr_assert(ds.shm_perm.mode & SHM_DEST);
	cr_assert_eq(ds.shm_perm.__key, 0, "the kernel made the key IPC_PRIVATE");
	struct attach_table t = { 0 };
	cr_assert_eq(scan(&t), 0);
	const struct attach_entry *e = entry_of(&t, id, getpid());
	cr_assert_not_null(e);
	cr_assert_eq(e->key, 0x5eed4401, "the name keeps the old key (got %#x)", e->key);
	struct attach_acct a;
	attach_account(&t, id, 0, false, ds.shm_nattch, &a);
	cr_assert_eq(a.maps, 0, "without SHM_DEST key 0 does not match the name's key");
	attach_account(&t, id, 0, true, ds.shm_nattch, &a);
	cr_assert_eq(a.maps, 1, "SHM_DEST: any key counts");
	cr_assert_eq(a.procs, 1);
	cr_assert_eq(a.why, ATTACH_EXACT);
	attach_free(&t);
	cr_assert_eq(shmdt(p), 0);
}

/* attach_account on crafted tables: the key check, unknown only when
 * mappings are missing and some process could not be read, mappings of
 * processes now in another namespace explaining the difference. */
Test(attach_account, keys_unknown_and_other_namespaces)
{
	struct attach_entry v[] = {
		{ .shmid = 5, .key = 0x50, .pid = 10, .rw = 1 }, { .shmid = 5, .key = 0x50, .pid = 11, .rw = 1, .ro = 1 },
		{ .shmid = 5, .key = 0x99, .pid = 12, .ro = 1 }, { .shmid = 7, .key = 0x70, .pid = 10, .rw = 1 },
	};
	struct attach_entry other[] = { { .shmid = 7, .key = 0x70, .pid = 20, .rw = 2 } };
	struct attach_table t = { .v = v, .count = 4, .cap = 4 };
	struct attach_acct a;
	attach_account(&t, 5, 0x50, false, 3, &a);
	cr_assert_eq(a.procs, 2, "3 mappings of 2 processes; pid 12 maps another namespace's segment 5");
	cr_assert_eq(a.maps, 3);
	cr_assert_eq(a.other_key, 1);
	cr_assert_eq(a.why, ATTACH_EXACT);
	attach_account(&t, 5, 0x50, false, 4, &a);
	cr_assert_eq(a.procs, 2, "one mapping unseen, everything read: a race, 2");
	cr_assert_eq(a.why, ATTACH_CHANGED);
	attach_account(&t, 5, 0x50, false, 2, &a);
	cr_assert_eq(a.why, ATTACH_CHANGED, "more found than nattch: attached meanwhile");
	attach_account(&t, 9, 0x90, false, 0, &a);
	cr_assert_eq(a.procs, 0);
	cr_assert_eq(a.why, ATTACH_EXACT);
	t.unreadable = 1;
	attach_account(&t, 5, 0x50, false, 3, &a);
	cr_assert_eq(a.procs, 2, "all mappings found: unreadable others do not matter");
	attach_account(&t, 5, 0x50, false, 4, &a);
	cr_assert_eq(a.procs, -1, "a mapping unseen and a process unreadable: unknown");
	cr_assert_eq(a.why, ATTACH_UNREADABLE);
	attach_account(&t, 9, 0x90, false, 1, &a);
	cr_assert_eq(a.procs, -1, "nattch 1, nobody found, someone unreadable: unknown");
	t.unreadable = 0;
	t.hidden = true;
	attach_account(&t, 7, 0x70, false, 2, &a);
	cr_assert_eq(a.procs, -1, "hidepid hides processes: unknown");
	t.hidden = false;
	t.other = other;
	t.nother = 1;
	attach_account(&t, 7, 0x70, false, 3, &a);
	cr_assert_eq(a.procs, 1);
	cr_assert_eq(a.other_ns, 2);
	cr_assert_eq(a.why, ATTACH_OTHER_NS, "the 2 mappings missing are a process's in another namespace");
	attach_account(&t, 7, 0x71, false, 2, &a);
	cr_assert_eq(a.other_ns, 0, "another key: not ours either");
}

/* The case: a process attaches segment 0 of namespace B, then
 * setns()es into A, where segment 0 is another one (another key). Seen
 * from A it maps a /SYSV file with A's id: not counted (7 rows for nattch
 * 6 before); seen from B, its nattch is explained by a process of another
 * namespace. */
Test(attach_scan, attached_in_another_namespace_then_setns)
{
	cr_assert_eq(unshare(CLONE_NEWIPC), 0, "unshare: %s", strerror(errno)); /* A: ids start at 0 */
	int fd_a = open("/proc/self/ns/ipc", O_RDONLY | O_CLOEXEC);
	cr_assert_geq(fd_a, 0);
	int rep[2], cmd[2];
	cr_assert_eq(pipe(rep), 0);
	cr_assert_eq(pipe(cmd), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int id;
		void *p;
		if (unshare(CLONE_NEWIPC) < 0 || (id = shmget(0x2222, 4096, IPC_CREAT | 0600)) != 0 ||
		    (p = shmat(id, NULL, 0)) == (void *)-1)
			_exit(2);
		put(rep[1], 'b'); /* in B, attached: the parent opens B's namespace file */
		if (get(cmd[0]) != 'g' || setns(fd_a, CLONE_NEWIPC) < 0)
			_exit(3);
		put(rep[1], 'a');
		pause();
		_exit(0);
	}
	cr_assert_eq(get(rep[0]), 'b', "child did not attach in B");
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)pid);
	int fd_b = open(path, O_RDONLY | O_CLOEXEC); /* keeps B alive */
	cr_assert_geq(fd_b, 0);
	put(cmd[1], 'g');
	cr_assert_eq(get(rep[0]), 'a', "child did not setns into A");
	int id = shmget(0x1111, 4096, IPC_CREAT | 0600);
	cr_assert_eq(id, 0, "A's first segment has id 0 as B's (got %d)", id);
	void *mine = shmat(id, NULL, 0);
	cr_assert_neq(mine, (void *)-1);

	struct attach_table t = { 0 };
	struct attach_acct a;
	cr_assert_eq(scan(&t), 0);
	cr_assert_not_null(entry_of(&t, 0, pid), "the child is in A now, mapping a segment with id 0");
	attach_account(&t, 0, 0x1111, false, 1, &a);
	cr_assert_eq(a.procs, 1, "A's segment 0: only this test process (got %d)", a.procs);
	cr_assert_eq(a.maps, 1);
	cr_assert_eq(a.other_key, 1, "the child's mapping is of B's segment (key 0x2222)");
	cr_assert_eq(a.why, ATTACH_EXACT);

	cr_assert_eq(setns(fd_b, CLONE_NEWIPC), 0, "setns B: %s", strerror(errno));
	struct shmid_ds ds;
	cr_assert_eq(shmctl(0, IPC_STAT, &ds), 0);
	cr_assert_eq(ds.shm_perm.__key, 0x2222);
	cr_assert_eq(ds.shm_nattch, 1, "B's segment is attached once, by the child now in A");
	cr_assert_eq(scan(&t), 0);
	attach_account(&t, 0, 0x2222, false, ds.shm_nattch, &a);
	cr_assert_eq(a.maps, 0, "nobody in B maps it");
	cr_assert_eq(a.other_ns, 1, "the child, in another namespace, does");
	cr_assert_eq(a.why, ATTACH_OTHER_NS);
	attach_free(&t);
	kill(pid, SIGKILL);
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
	close(fd_a);
	close(fd_b);
}

Test(attach_scan, find_on_empty_and_missing)
{
	struct attach_table t = { 0 };
	size_t n = 99;
	cr_assert_null(attach_find(&t, 5, &n));
	cr_assert_eq(n, 0);
	cr_assert_eq(scan(&t), 0);
	cr_assert_null(attach_find(&t, -1, &n), "no segment has id -1");
	cr_assert_eq(n, 0);
	attach_free(&t);
}
