/* json.c — streaming JSON writer; strings are escaped per RFC 8259. */
#include "base/json.h"

#include <inttypes.h>

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
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '\t')
			fputs("\\t", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else if (*p < 0x80)
			fputc(*p, out);
		else {
			/* JSON must be UTF-8: names (process comm, /dev/shm files)
			 * may hold any byte; an invalid one becomes U+FFFD. */
			size_t n = utf8_seq_len(p);
			if (n) {
				fwrite(p, 1, n, out);
				p += n - 1;
			} else {
				fputs("\\ufffd", out);
			}
		}
	}
	fputc('"', out);
}

static void item(struct json *j, const char *name)
{
	unsigned long bit = 1ul << j->depth;
	if (!(j->first & bit))
		fputc(',', j->out);
	j->first &= ~bit;
	if (j->pretty && j->depth > 0) {
		fputc('\n', j->out);
		for (int i = 0; i < j->depth; i++)
			fputs("  ", j->out);
	}
	if (name) {
		json_write_escaped(j->out, name);
		fputs(j->pretty ? ": " : ":", j->out);
	}
}

static void open_(struct json *j, const char *name, char c)
{
	item(j, name);
	fputc(c, j->out);
	j->depth++;
	j->first |= 1ul << j->depth;
}

static void close_(struct json *j, char c)
{
	int empty = (j->first >> j->depth) & 1;
	j->depth--;
	if (j->pretty && !empty) {
		fputc('\n', j->out);
		for (int i = 0; i < j->depth; i++)
			fputs("  ", j->out);
	}
	fputc(c, j->out);
	if (j->depth == 0)
		fputc('\n', j->out);
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
	item(j, name);
	fprintf(j->out, "%" PRId64, value);
}

void json_uint(struct json *j, const char *name, uint64_t value)
{
	item(j, name);
	fprintf(j->out, "%" PRIu64, value);
}

void json_bool(struct json *j, const char *name, int value)
{
	item(j, name);
	fputs(value ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *name)
{
	item(j, name);
	fputs("null", j->out);
}
