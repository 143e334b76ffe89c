/* json.h — a minimal streaming JSON writer (objects, arrays, escaping) over
 * a FILE*, tracking commas so callers only say what to write. */
#ifndef IPCTOP_JSON_H
#define IPCTOP_JSON_H

#include <stdint.h>
#include <stdio.h>

struct json {
	FILE *out;
	int depth;
	unsigned long first; /* bit per depth: next item is the first */
	int pretty;
};

void json_init(struct json *j, FILE *out, int pretty);
void json_begin_object(struct json *j, const char *name); /* name NULL inside arrays */
void json_end_object(struct json *j);
void json_begin_array(struct json *j, const char *name);
void json_end_array(struct json *j);
void json_string(struct json *j, const char *name, const char *value);
void json_int(struct json *j, const char *name, int64_t value);
void json_uint(struct json *j, const char *name, uint64_t value);
void json_bool(struct json *j, const char *name, int value);
void json_null(struct json *j, const char *name);
/* Writes s as a JSON string literal (with quotes). */
void json_write_escaped(FILE *out, const char *s);

#endif
