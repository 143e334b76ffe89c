/* fuzz_common.h — helpers shared by the libFuzzer targets in tests/fuzz/:
 * turning the input into exactly-sized heap strings (so ASan sees every
 * overread) and stopping loudly when an invariant breaks. */
#ifndef IPCTOP_FUZZ_COMMON_H
#define IPCTOP_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A NUL-terminated copy of d[n] in a buffer of exactly n + 1 bytes. */
static inline char *fuzz_cstr(const uint8_t *d, size_t n)
{
	char *s = malloc(n + 1);
	if (!s)
		abort();
	if (n)
		memcpy(s, d, n);
	s[n] = '\0';
	return s;
}

/* Aborts (a libFuzzer crash with the input saved) when cond is false. */
#define FUZZ_ASSERT(cond)                                                                  \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                           \
		}                                                                          \
	} while (0)

/* Takes one byte from the front of the input (0 when it is empty). */
static inline uint8_t fuzz_byte(const uint8_t **d, size_t *n)
{
	if (*n == 0)
		return 0;
	uint8_t b = **d;
	(*d)++;
	(*n)--;
	return b;
}

/* Takes up to 8 bytes as a little-endian integer. */
static inline uint64_t fuzz_u64(const uint8_t **d, size_t *n)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)fuzz_byte(d, n) << (8 * i);
	return v;
}

/* The value of hex digit c, or -1. */
static inline int fuzz_hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* A NUL-terminated buffer of exactly len bytes (len > 0) filled with junk,
 * for outputs: checks that writers terminate within len. */
static inline char *fuzz_outbuf(size_t len)
{
	char *b = malloc(len ? len : 1);
	if (!b)
		abort();
	memset(b, 'Z', len ? len : 1);
	return b;
}

#endif
