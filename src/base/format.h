/* format.h — text forms of IPC fields, shared by the TUI and the exports.
 * Each writes a NUL-terminated string into buf (size len) and returns buf. */
#ifndef IPCTOP_FORMAT_H
#define IPCTOP_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

char *format_perms(unsigned mode, char *buf, size_t len); /* "rw-r--r--" */
char *format_key(int key, char *buf, size_t len);         /* "0x0000162e" */
/* v in decimal, "-" first when negative, at the end of buf; returns where
 * it starts (what printf's %" PRIu64 " / %" PRId64 " write, without printf). */
#define FORMAT_DECIMAL_LEN 24
char *format_decimal(uint64_t v, bool negative, char buf[FORMAT_DECIMAL_LEN]);
/* "4.0K", "512B", "1.5M": at most 6 characters */
char *format_human(uint64_t bytes, char *buf, size_t len);
/* A count in at most 4 characters: exact below 10000, then "12k", "120k",
 * "1.0M", "1.0G" (decimal units). */
char *format_count(uint64_t n, char *buf, size_t len);
/* A duration: "12s", "3m05s", "2h03m", "4d02h" (negative counts as 0). */
char *format_duration(long secs, char *buf, size_t len);
/* "-" for 0; "HH:MM:SS" when on the same day as now, "Mon DD" in the same
 * year, else "YYYY": at most 8 columns. */
char *format_time_short(time_t t, time_t now, char *buf, size_t len);
/* "2026-11-29 18:02:11" (local) or "not set" for 0. */
char *format_time_full(time_t t, char *buf, size_t len);
/* "2026-11-29T18:02:11Z" (UTC) or "" for 0, for JSON. */
char *format_time_iso(time_t t, char *buf, size_t len);

/* Current wall clock time; $IPCTOP_FAKE_TIME (seconds since the epoch)
 * freezes it, for reproducible screenshots and tests. */
time_t clock_now(void);
/* True when $IPCTOP_FAKE_TIME rules clock_now() (the header says so). */
bool clock_is_fake(void);

#endif
