/* lsipc.h — `ipctop --json=lsipc`: a snapshot printed exactly as
 * `lsipc --json` of util-linux 2.38 prints the same objects, byte for
 * byte: the same table names ("sharedmemory", "messages", "semaphores",
 * "ipclimits"), columns and their order, every value a string ("4K",
 * "0644", "02:43") or null (empty status, time never set, unknown name or
 * command), and the same three-space layout. ipctop reads the kernel
 * itself; it never runs lsipc. Where lsipc 2.38 is wrong ipctop is right,
 * and README.md lists these differences: CGID of segments and queues (lsipc
 * prints the creator's uid), SEMMNS "used" (lsipc multiplies the first
 * set's size by the number of sets); a byte of invalid UTF-8 becomes
 * \ufffd (lsipc writes it raw, which is not JSON); months and the decimal
 * point are always the C locale's (lsipc follows LC_TIME/LC_NUMERIC). */
#ifndef IPCTOP_LSIPC_H
#define IPCTOP_LSIPC_H

#include <stdbool.h>
#include <stdio.h>

#include "model/snapshot.h"

enum lsipc_time { LSIPC_TIME_SHORT, LSIPC_TIME_FULL, LSIPC_TIME_ISO };

/* The lsipc options that shape its JSON; -m/-q/-s is `kind`. */
struct lsipc_options {
	int kind;           /* KIND_SHM, KIND_MSG, KIND_SEM; -1: none (the limits table) */
	bool global;        /* -g: the limits table (of `kind` only, when one is given) */
	bool bytes;         /* -b: sizes in bytes rather than "4K" */
	bool creator;       /* -c: CUID, CGID, UID, GID columns (needs a kind) */
	bool time;          /* -t: the time columns (needs a kind) */
	bool numeric_perms; /* -P: PERMS as "0644" */
	enum lsipc_time time_format; /* --time-format (lsipc's default for JSON: short) */
};

/* Parses the comma list after "--json=lsipc" ("bytes,creator,time,
 * numeric-perms,global,time-format=iso") into *o (kind untouched).
 * Returns 0, or -1 with the offending word copied into bad. */
int lsipc_parse_options(const char *list, struct lsipc_options *o, char *bad, size_t badlen);

/* Writes the table for opt->kind (objects of s in index order, as lsipc
 * lists /proc/sysvipc), or the limits table when opt->kind < 0 or
 * opt->global. s must hold the kinds written (all three for the limits
 * table without a kind); "now" for short times is s->taken. Returns 0, or
 * -1 when writing failed. */
int lsipc_write(FILE *out, const struct snapshot *s, const struct lsipc_options *opt);

/* util-linux's size_to_human_string(SIZE_SUFFIX_1LETTER): "0B", "4K",
 * "4.9K", "1.5M", "16E" (one decimal, a trailing 0 dropped). */
char *lsipc_human_size(uint64_t bytes, char *buf, size_t len);

/* A time as lsipc prints it: short ("HH:MM" today, "Dec07" this year,
 * "2025-Dec07" before), full ("Mon Dec  7 02:43:11 2026") or ISO
 * ("2026-12-07T02:43:11+00:00"), in local time. */
char *lsipc_time_text(time_t t, time_t now, enum lsipc_time fmt, char *buf, size_t len);

#endif
