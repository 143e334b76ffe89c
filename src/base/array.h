/* array.h — growing a heap array by doubling, with overflow checks; the one
 * place the realloc dance lives. And mapping a large array's memory at once
 * before filling it. */
#ifndef IPCTOP_ARRAY_H
#define IPCTOP_ARRAY_H

#include <stddef.h>

/* Makes *arr (of *cap elements of elem bytes) hold at least need elements,
 * doubling from 16. Returns 0, or -1 with errno ENOMEM (*arr and *cap
 * unchanged). */
int array_grow(void **arr, size_t *cap, size_t need, size_t elem);

/* Maps the memory of elements [from, to) of arr (cap elements of elem
 * bytes, from array_grow) in one call, in huge pages where the system
 * allows them (transparent_hugepage "madvise"). Written one 4 KiB page at a
 * time, each page faults on its own, and on a virtual machine a fault costs
 * about 20 us: 30 ms for the 6.6 MB of 64 000 objects, more than parsing
 * them. For an array about to be filled; best effort (without THP or
 * MADV_POPULATE_WRITE the pages fault as usual). */
void array_prefault(void *arr, size_t cap, size_t from, size_t to, size_t elem);

#endif
