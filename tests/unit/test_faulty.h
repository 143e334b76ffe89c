/* test_faulty.h — memory that raises SIGBUS when touched, for the tests of
 * safemem and hexedit: a MAP_SHARED mapping of `pages` pages of a file cut
 * to its first page (every later page is past the end of the file), and a
 * SHM_HUGETLB|SHM_NORESERVE segment when no huge page is free. */
#ifndef IPCTOP_TEST_FAULTY_H
#define IPCTOP_TEST_FAULTY_H

#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

/* The mapping; its first page holds 'A' bytes, the others fault. */
static inline unsigned char *faulty_map(size_t pages)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int fd = open("/tmp", O_TMPFILE | O_RDWR | O_EXCL, 0600);
	cr_assert_geq(fd, 0, "open(O_TMPFILE): %s", strerror(errno));
	cr_assert_eq(ftruncate(fd, (off_t)page), 0);
	unsigned char *p = mmap(NULL, pages * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	cr_assert_neq(p, MAP_FAILED, "mmap: %s", strerror(errno));
	close(fd);
	memset(p, 'A', page);
	return p;
}

/* Free huge pages (HugePages_Free of /proc/meminfo), or -1 unknown. */
static inline long free_huge_pages(void)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[128];
	long n = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "HugePages_Free: %ld", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

/* A 2 MiB SHM_HUGETLB|SHM_NORESERVE segment while no huge page is free
 * (its page cannot be faulted in): its id, or the test is skipped with the
 * reason where the kernel cannot give that. The caller removes it. */
static inline int faulty_hugetlb(void)
{
	if (free_huge_pages() != 0)
		cr_skip_test("huge pages are free here (HugePages_Free != 0): a hugetlb page would not fault");
	int id = shmget(IPC_PRIVATE, 2u << 20, IPC_CREAT | SHM_HUGETLB | SHM_NORESERVE | 0600);
	if (id < 0 && errno == EINVAL)
		cr_skip_test("this kernel has no hugetlbfs (shmget SHM_HUGETLB: EINVAL)");
	cr_assert_geq(id, 0, "shmget(SHM_HUGETLB): %s", strerror(errno));
	return id;
}

#endif
