/* test_safemem.c — unit tests of src/ops/safemem.c: copies to and from ordinary
 * memory; a file mapping past the end of its file (SIGBUS when touched)
 * gives a short count at the page boundary and no signal; a SHM_HUGETLB
 * segment with no free huge page reads and writes nothing; fill sets every
 * byte and reports its progress; a process where process_vm_readv is
 * refused (a seccomp filter) gets -1 EPERM, not a crash. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <stdlib.h>
#include <sys/syscall.h>

#include "ops/safemem.h"
#include "test_faulty.h"
#include "test_seccomp.h"

Test(safemem, copies_ordinary_memory)
{
	char src[300], dst[300];
	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (char)(i * 7);
	memset(dst, 0, sizeof(dst));
	cr_assert_eq(safemem_read(dst, src, sizeof(src)), (ssize_t)sizeof(src));
	cr_assert_eq(memcmp(dst, src, sizeof(src)), 0);
	memset(dst, 0, sizeof(dst));
	cr_assert_eq(safemem_write(dst + 10, src, 100), 100);
	cr_assert_eq(memcmp(dst + 10, src, 100), 0);
	cr_assert_eq(dst[9], 0);
	cr_assert_eq(dst[110], 0);
	cr_assert_eq(safemem_read(dst, src, 0), 0, "nothing to copy");
}

Test(safemem, short_count_at_a_page_past_the_end_of_its_file)
{
	size_t page = safemem_page_size();
	unsigned char *p = faulty_map(3);
	unsigned char *buf = malloc(3 * page);
	cr_assert_not_null(buf);
	memset(buf, 0, 3 * page);
	/* p[page] would raise SIGBUS: the copy stops there instead */
	cr_assert_eq(safemem_read(buf, p + page - 16, 64), 16);
	cr_assert_eq(buf[0], 'A');
	cr_assert_eq(buf[15], 'A');
	cr_assert_eq(safemem_read(buf, p, 3 * page), (ssize_t)page);
	cr_assert_eq(safemem_read(buf, p + page, 1), 0, "the first byte is missing");
	cr_assert_eq(safemem_read(buf, p + 2 * page + 5, 10), 0);
	memset(buf, 'z', page);
	cr_assert_eq(safemem_write(p + page - 2, buf, 10), 2, "the two bytes before the boundary");
	cr_assert_eq(p[page - 1], 'z');
	cr_assert_eq(p[page - 3], 'A');
	cr_assert_eq(safemem_write(p + page, buf, 1), 0);
	uint64_t done = 99;
	cr_assert_eq(safemem_fill(p + page - 100, 'q', 1000, &done), 100);
	cr_assert_eq(done, 100u, "progress: the bytes set");
	cr_assert_eq(p[page - 100], 'q');
	cr_assert_eq(p[page - 101], 'A');
	free(buf);
	munmap(p, 3 * page);
}

Test(safemem, hugetlb_segment_without_free_huge_pages)
{
	int id = faulty_hugetlb();
	unsigned char *p = shmat(id, NULL, 0);
	cr_assert_neq(p, (void *)-1, "shmat: %s", strerror(errno));
	cr_assert_eq(shmctl(id, IPC_RMID, NULL), 0);
	unsigned char buf[64] = { 0 };
	cr_assert_eq(safemem_read(buf, p, sizeof(buf)), 0);
	cr_assert_eq(safemem_read(buf, p + (2u << 20) - 1, 1), 0, "the last byte too");
	cr_assert_eq(safemem_write(p + 100, "x", 1), 0);
	cr_assert_eq(safemem_fill(p, 0x41, 2u << 20, NULL), 0);
	cr_assert_eq(shmdt(p), 0);
}

Test(safemem, fill_sets_every_byte_and_counts)
{
	size_t len = (40u << 20) + 12345; /* several calls of 16 MiB, a tail */
	unsigned char *p = malloc(len + 2);
	cr_assert_not_null(p);
	memset(p, 0, len + 2);
	uint64_t done = 0;
	cr_assert_eq(safemem_fill(p + 1, 0xa5, len, &done), (ssize_t)len);
	cr_assert_eq(done, len);
	cr_assert_eq(p[0], 0);
	cr_assert_eq(p[len + 1], 0);
	for (size_t i = 1; i <= len; i++)
		if (p[i] != 0xa5)
			cr_assert_fail("byte %zu is 0x%02x", i, p[i]);
	cr_assert_eq(safemem_fill(p, 1, 0, &done), 0);
	free(p);
}

/* process_vm_readv/writev refused (EPERM), as a strict container profile
 * may do: -1 with errno, never a crash and never a false "missing page". */
Test(safemem, refused_system_call_is_an_error)
{
	seccomp_deny(EPERM, (const unsigned[]){ SYS_process_vm_readv, SYS_process_vm_writev }, 2);
	char a[8] = "abcdefg", b[8] = { 0 };
	errno = 0;
	cr_assert_eq(safemem_read(b, a, sizeof(a)), -1);
	cr_assert_eq(errno, EPERM);
	cr_assert_eq(safemem_write(b, a, sizeof(a)), -1);
	cr_assert_eq(errno, EPERM);
	cr_assert_eq(safemem_fill(b, 1, sizeof(b), NULL), -1);
	cr_assert_eq(b[0], 0, "nothing was written");
}
