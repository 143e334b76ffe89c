/* json.c — streaming JSON writer; strings are escaped per RFC 8259. The
 * writes use the unlocked stdio calls (ipctop has one thread): --json makes
 * some 2 million of them for 64 000 objects, and the locking of each cost
 * more than the writing. */
#define _GNU_SOURCE
#include "base/json.h"

#include "base/format.h"

#include "base/utf8.h"

void json_init(struct json *j, FILE *out, int pretty)
{
	j->out = out;
	j->depth = 0;
	j->first = 1;
	j->pretty = pretty;
}

void json_write_escaped(FILE *out, const char *s)
{
	/* Runs of plain characters go out in one fwrite: --json writes some
	 * 2 million strings and numbers for 64 000 objects. */
	const unsigned char *p = (const unsigned char *)s, *run = p;
	putc_unlocked('"', out);
	for (;; p++) {
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			continue;
		if (p > run)
			fwrite_unlocked(run, 1, (size_t)(p - run), out);
		if (!*p)
			break;
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs_unlocked("\\n", out);
		else if (*p == '\t')
			fputs_unlocked("\\t", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else {
			/* JSON must be UTF-8: names (process comm, /dev/shm files)
			 * may hold any byte; an invalid one becomes U+FFFD. */
			size_t n = utf8_seq_len(p);
			if (n) {
				fwrite_unlocked(p, 1, n, out);
				p += n - 1;
			} else {
				fputs_unlocked("\\ufffd", out);
			}
		}
		run = p + 1;
	}
	putc_unlocked('"', out);
}

static void item(struct json *j, const char *name)
{
	unsigned long bit = 1ul << j->depth;
	if (!(j->first & bit))
		putc_unlocked(',', j->out);
	j->first &= ~bit;
	if (j->pretty && j->depth > 0) {
		putc_unlocked('\n', j->out);
		for (int i = 0; i < j->depth; i++)
			fputs_unlocked("  ", j->out);
	}
	if (name) {
		json_write_escaped(j->out, name);
		fputs_unlocked(j->pretty ? ": " : ":", j->out);
	}
}

static void open_(struct json *j, const char *name, char c)
{
	item(j, name);
	putc_unlocked(c, j->out);
	j->depth++;
	j->first |= 1ul << j->depth;
}

static void close_(struct json *j, char c)
{
	int empty = (j->first >> j->depth) & 1;
	j->depth--;
	if (j->pretty && !empty) {
		putc_unlocked('\n', j->out);
		for (int i = 0; i < j->depth; i++)
			fputs_unlocked("  ", j->out);
	}
	putc_unlocked(c, j->out);
	if (j->depth == 0)
		putc_unlocked('\n', j->out);
}

void json_begin_object(struct json *j, const char *name) { open_(j, name, '{'); }
void json_end_object(struct json *j) { close_(j, '}'); }
void json_begin_array(struct json *j, const char *name) { open_(j, name, '['); }
void json_end_array(struct json *j) { close_(j, ']'); }

void json_string(struct json *j, const char *name, const char *value)
{
	item(j, name);
	json_write_escaped(j->out, value);
}

void json_int(struct json *j, const char *name, int64_t value)
{
	char buf[FORMAT_DECIMAL_LEN];
	item(j, name);
	fputs_unlocked(format_decimal(value < 0 ? 0 - (uint64_t)value : (uint64_t)value, value < 0, buf), j->out);
}

void json_uint(struct json *j, const char *name, uint64_t value)
{
	char buf[FORMAT_DECIMAL_LEN];
	item(j, name);
	fputs_unlocked(format_decimal(value, false, buf), j->out);
}

void json_bool(struct json *j, const char *name, int value)
{
	item(j, name);
	fputs_unlocked(value ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *name)
{
	item(j, name);
	fputs_unlocked("null", j->out);
}
