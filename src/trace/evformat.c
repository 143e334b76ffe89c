/* evformat.c — parses the "name:", "ID:" and "field:" lines of a trace
 * event format text, and reads a field out of a binary record. */
#define _GNU_SOURCE
#include "trace/evformat.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The number after "tag:" in line (up to its end), e.g. "offset:16;". */
static int tagged_number(const char *line, const char *end, const char *tag, unsigned long *out)
{
	size_t tl = strlen(tag);
	for (const char *p = line; p + tl <= end; p++) {
		if (strncmp(p, tag, tl) != 0)
			continue;
		char *stop;
		errno = 0;
		unsigned long v = strtoul(p + tl, &stop, 10);
		if (stop == p + tl || errno || v > 1u << 24)
			return -1;
		*out = v;
		return 0;
	}
	return -1;
}

/* "field:<declaration>;\toffset:N;\tsize:N;\tsigned:N;" — the name is the
 * declaration's last identifier, without an array suffix. */
static int parse_field(const char *line, const char *end, struct evfield *fl)
{
	const char *decl = line + strlen("field:");
	const char *semi = memchr(decl, ';', (size_t)(end - decl));
	if (!semi)
		return -1;
	const char *e = semi;
	while (e > decl && isspace((unsigned char)e[-1]))
		e--;
	if (e > decl && e[-1] == ']') /* "char comm[16]": the name is before the suffix */
		while (e > decl && *--e != '[')
			;
	while (e > decl && isspace((unsigned char)e[-1]))
		e--;
	const char *s = e;
	while (s > decl && (isalnum((unsigned char)s[-1]) || s[-1] == '_'))
		s--;
	size_t n = (size_t)(e - s);
	const char *type = decl;
	while (type < s && isspace((unsigned char)*type))
		type++;
	if (n == 0 || n >= sizeof(fl->name) || type == s) /* a type and a name */
		return -1;
	memcpy(fl->name, s, n);
	fl->name[n] = '\0';
	unsigned long off, size, sign = 0;
	if (tagged_number(semi, end, "offset:", &off) < 0 || tagged_number(semi, end, "size:", &size) < 0)
		return -1;
	(void)tagged_number(semi, end, "signed:", &sign); /* absent on old kernels */
	fl->offset = (unsigned)off;
	fl->size = (unsigned)size;
	fl->is_signed = sign != 0;
	return 0;
}

int evformat_parse(const char *text, struct evformat *f)
{
	memset(f, 0, sizeof(*f));
	f->id = -1;
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		const char *p = line;
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (strncmp(p, "name:", 5) == 0) {
			const char *s = p + 5;
			while (s < end && isspace((unsigned char)*s))
				s++;
			size_t n = (size_t)(end - s);
			while (n && isspace((unsigned char)s[n - 1]))
				n--;
			if (n >= sizeof(f->name))
				n = sizeof(f->name) - 1;
			memcpy(f->name, s, n);
			f->name[n] = '\0';
		} else if (strncmp(p, "ID:", 3) == 0) {
			char *stop;
			long v = strtol(p + 3, &stop, 10);
			if (stop == p + 3 || v < 0 || v > 65535)
				goto bad;
			f->id = (int)v;
		} else if (strncmp(p, "field:", 6) == 0) {
			struct evfield fl;
			if (parse_field(p, end, &fl) < 0)
				goto bad;
			if (f->nfields < EVFORMAT_FIELDS)
				f->fields[f->nfields++] = fl;
		} else if (strncmp(p, "print fmt:", 10) == 0) {
			break; /* the rest is the printk format */
		}
		line = *end ? end + 1 : end;
	}
	if (f->nfields == 0)
		goto bad;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

const struct evfield *evformat_field(const struct evformat *f, const char *name)
{
	for (size_t i = 0; i < f->nfields; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

int evformat_get(const struct evfield *fl, const void *record, size_t len, uint64_t *out)
{
	if (fl->offset > len || fl->size > len - fl->offset)
		return -1;
	const unsigned char *p = (const unsigned char *)record + fl->offset;
	switch (fl->size) {
	case 1: {
		uint8_t v = p[0];
		*out = fl->is_signed ? (uint64_t)(int64_t)(int8_t)v : v;
		return 0;
	}
	case 2: {
		uint16_t v;
		memcpy(&v, p, 2);
		*out = fl->is_signed ? (uint64_t)(int64_t)(int16_t)v : v;
		return 0;
	}
	case 4: {
		uint32_t v;
		memcpy(&v, p, 4);
		*out = fl->is_signed ? (uint64_t)(int64_t)(int32_t)v : v;
		return 0;
	}
	case 8: memcpy(out, p, 8); return 0;
	default: return -1;
	}
}
