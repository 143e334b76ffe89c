/* array.h — growing a heap array by doubling, with overflow checks; the one
 * place the realloc dance lives. */
#ifndef IPCTOP_ARRAY_H
#define IPCTOP_ARRAY_H

#include <stddef.h>

/* Makes *arr (of *cap elements of elem bytes) hold at least need elements,
 * doubling from 16. Returns 0, or -1 with errno ENOMEM (*arr and *cap
 * unchanged). */
int array_grow(void **arr, size_t *cap, size_t need, size_t elem);

#endif
