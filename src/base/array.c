/* array.c — array_grow and array_prefault (see array.h). */
#define _GNU_SOURCE
#include "base/array.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int array_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / elem) {
			errno = ENOMEM;
			return -1;
		}
		ncap *= 2;
	}
	void *p = realloc(*arr, ncap * elem);
	if (!p)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}

void array_prefault(void *arr, size_t cap, size_t from, size_t to, size_t elem)
{
	long page = sysconf(_SC_PAGESIZE);
	if (to > cap)
		to = cap;
	if (!arr || page <= 0 || from >= to)
		return;
	uintptr_t mask = ~((uintptr_t)page - 1), base = (uintptr_t)arr;
	uintptr_t lo = (base + from * elem + (uintptr_t)page - 1) & mask, hi = (base + to * elem) & mask;
	if (hi <= lo)
		return;
	/* Only the range filled: khugepaged may turn any 2 MiB with one page
	 * present into a whole huge page, so the rest of the capacity is left
	 * alone (it would count in RSS). */
	(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	(void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
}
