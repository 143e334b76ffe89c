/* evformat.h — the text of a trace event's `format` file (events/SYSTEM/
 * EVENT/format, also events/header_page): its name, numeric id and the
 * offset, size and signedness of each field of its binary record. Pure
 * parsing, no file access. */
#ifndef IPCTOP_EVFORMAT_H
#define IPCTOP_EVFORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVFORMAT_FIELDS 16

struct evfield {
	char name[32];     /* the identifier before ';' ("tsops", "common_pid") */
	unsigned offset, size;
	bool is_signed;
};

struct evformat {
	char name[64];     /* "sys_enter_semop"; "" when the text has no name line */
	int id;            /* the ID line; -1 when absent (header_page) */
	struct evfield fields[EVFORMAT_FIELDS];
	size_t nfields;    /* fields beyond EVFORMAT_FIELDS are ignored */
};

/* Parses a format text. Returns 0, or -1 (EINVAL) when it holds no field
 * or a field line is malformed. */
int evformat_parse(const char *text, struct evformat *f);

/* The field called name, or NULL. */
const struct evfield *evformat_field(const struct evformat *f, const char *name);

/* Reads a field of a record (size 1, 2, 4 or 8; sign-extended when the
 * field is signed). Returns 0, or -1 when the field lies outside the
 * record's len bytes or has another size. */
int evformat_get(const struct evfield *fl, const void *record, size_t len, uint64_t *out);

#endif
