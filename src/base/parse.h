/* parse.h — parsers for what users type: keys, perms, sizes, numbers,
 * refresh delays. Each returns 0 on success, or -1 and sets *why to a short
 * English reason ("not an octal number", ...) without touching *out. */
#ifndef IPCTOP_PARSE_H
#define IPCTOP_PARSE_H

#include <stdint.h>

/* IPC key: "0x1234", "4660", "-1", "private"/"IPC_PRIVATE" (0), or
 * "PATH:PROJ" which calls ftok(PATH, PROJ) (PROJ 1..255 or one character). */
int parse_key(const char *s, int *out, const char **why);

/* Permission bits in octal, "644" or "0644", at most 0777. */
int parse_perms(const char *s, unsigned *out, const char **why);

/* A byte count: "4096", "4k", "1M", "2G", "1T", "1.5M" not allowed;
 * suffixes are binary (k = 1024) and may be followed by "iB" or "B". */
int parse_size(const char *s, uint64_t *out, const char **why);

/* An offset or length in a segment: "0x" then hex digits (any 64-bit
 * value, "0x12345678901"), or a byte count as parse_size ("4096", "4k"). */
int parse_offset(const char *s, uint64_t *out, const char **why);

/* A decimal integer in [min, max]. */
int parse_long(const char *s, long min, long max, long *out, const char **why);

/* Refresh delay in tenths of a second (top/htop -d): 1..36000. */
int parse_delay(const char *s, int *tenths, const char **why);

#endif
