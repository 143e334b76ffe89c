/* array.c — array_grow (see array.h). */
#include "base/array.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

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
