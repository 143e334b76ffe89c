/* payload.c — owns the payload input syntaxes (escaped text, hex) and the C
 * string literal form of bytes. */
#define _GNU_SOURCE
#include "base/payload.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/strbuf.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int escape_value(const char **p, unsigned char *byte, char *err, size_t errlen)
{
	char c = **p;
	switch (c) {
	case 'n': *byte = '\n'; break;
	case 't': *byte = '\t'; break;
	case 'r': *byte = '\r'; break;
	case '0': *byte = '\0'; break;
	case '\\': *byte = '\\'; break;
	case '"': *byte = '"'; break;
	case '\'': *byte = '\''; break;
	case 'x': {
		int hi = hex_value((*p)[1]), lo = hi < 0 ? -1 : hex_value((*p)[2]);
		if (hi < 0 || lo < 0)
			return strbuf_reason(err, errlen, _("\\x needs two hex digits (like \\x0a)"));
		*byte = (unsigned char)(hi * 16 + lo);
		*p += 2;
		break;
	}
	case '\0':
		return strbuf_reason(err, errlen, _("a lone \\ at the end (write \\\\ for a backslash)"));
	default:
		return strbuf_reason(err, errlen,
				     _("unknown escape \\%c (use \\n \\t \\r \\0 \\\\ \\\" \\xHH)"),
				     isprint((unsigned char)c) ? c : '?');
	}
	(*p)++;
	return 0;
}

/* Where parsed bytes go, bounded by cap. */
struct sink {
	unsigned char *out;
	size_t cap, count;
	char *err;
	size_t errlen;
};

static int sink_put(struct sink *k, unsigned char byte)
{
	if (k->count >= k->cap)
		return strbuf_reason(k->err, k->errlen, _("payload longer than %zu bytes"), k->cap);
	k->out[k->count++] = byte;
	return 0;
}

static int parse_text(const char *s, struct sink *k)
{
	for (const char *p = s; *p;) {
		unsigned char byte = 0;
		if (*p == '\\') {
			p++;
			if (escape_value(&p, &byte, k->err, k->errlen) < 0)
				return -1;
		} else {
			byte = (unsigned char)*p++;
		}
		if (sink_put(k, byte) < 0)
			return -1;
	}
	return 0;
}

/* One hex token [tok, tok+tlen): 0x plus 1-2 digits, or pairs of digits. */
static int parse_hex_token(const char *tok, size_t tlen, struct sink *k)
{
	int shown = tlen > 20 ? 20 : (int)tlen;
	const char *d = tok;
	size_t nd = tlen;
	bool prefixed = tlen >= 2 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X');
	if (prefixed) {
		d += 2;
		nd -= 2;
		if (nd == 0 || nd > 2)
			return strbuf_reason(k->err, k->errlen,
					     _("'%.*s': 0x is followed by 1 or 2 hex digits"), shown, tok);
	}
	for (size_t i = 0; i < nd; i++)
		if (hex_value(d[i]) < 0)
			return strbuf_reason(k->err, k->errlen, _("'%.*s': '%c' is not a hex digit"),
					     shown, tok, isprint((unsigned char)d[i]) ? d[i] : '?');
	if (prefixed && nd == 1)
		return sink_put(k, (unsigned char)hex_value(d[0]));
	if (nd % 2)
		return strbuf_reason(k->err, k->errlen,
				     _("'%.*s': odd number of hex digits (write bytes as 2 digits)"),
				     shown, tok);
	for (size_t i = 0; i < nd; i += 2)
		if (sink_put(k, (unsigned char)(hex_value(d[i]) * 16 + hex_value(d[i + 1]))) < 0)
			return -1;
	return 0;
}

static int parse_hex(const char *s, struct sink *k)
{
	const char *p = s;
	for (;;) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		const char *tok = p;
		while (*p && *p != ',' && !isspace((unsigned char)*p))
			p++;
		if (parse_hex_token(tok, (size_t)(p - tok), k) < 0)
			return -1;
	}
	if (k->count == 0)
		return strbuf_reason(k->err, k->errlen, _("no hex bytes (write e.g. 68 65 6c)"));
	return 0;
}

int payload_parse(const char *s, enum payload_mode mode, unsigned char *out, size_t cap,
		  size_t *n, char *err, size_t errlen)
{
	struct sink k = { out, cap, 0, err, errlen };
	if (!s)
		s = "";
	int rc = mode == PAYLOAD_HEX ? parse_hex(s, &k) : parse_text(s, &k);
	if (rc == 0)
		*n = k.count;
	return rc;
}

/* The literal piece for byte b (prev: the byte before, next: the byte after
 * or -1). Returns its length. */
static size_t escape_byte(unsigned char b, int prev, int next, char piece[8])
{
	switch (b) {
	case '\n': return (size_t)snprintf(piece, 8, "\\n");
	case '\t': return (size_t)snprintf(piece, 8, "\\t");
	case '\r': return (size_t)snprintf(piece, 8, "\\r");
	case '\\': return (size_t)snprintf(piece, 8, "\\\\");
	case '"': return (size_t)snprintf(piece, 8, "\\\"");
	case '?':
		/* "??x" would be a trigraph */
		if (prev == '?')
			return (size_t)snprintf(piece, 8, "\\?");
		return (size_t)snprintf(piece, 8, "?");
	default:
		break;
	}
	if (b >= 0x20 && b < 0x7f) {
		piece[0] = (char)b;
		piece[1] = '\0';
		return 1;
	}
	/* A following hex digit would extend the escape: end the literal. */
	int split = next >= 0 && hex_value((char)next) >= 0;
	return (size_t)snprintf(piece, 8, split ? "\\x%02x\"\"" : "\\x%02x", b);
}

char *payload_format(const void *data, size_t n, size_t max_bytes, char *buf, size_t len)
{
	static const char cut[] = "\"...";
	const unsigned char *d = data;
	if (len == 0)
		return buf;
	if (len < sizeof(cut) + 1) {
		buf[0] = '\0';
		return buf;
	}
	size_t show = max_bytes && n > max_bytes ? max_bytes : n;
	size_t pos = 0;
	buf[pos++] = '"';
	size_t i;
	for (i = 0; i < show; i++) {
		char piece[8];
		int next = i + 1 < n ? d[i + 1] : -1;
		size_t pl = escape_byte(d[i], i ? d[i - 1] : -1, next, piece);
		/* room for the piece, then either `"` or the cut mark, then NUL */
		size_t after = i + 1 < n ? sizeof(cut) : 2;
		if (pos + pl + after > len)
			break;
		memcpy(buf + pos, piece, pl);
		pos += pl;
	}
	if (i < n)
		memcpy(buf + pos, cut, sizeof(cut)); /* includes the NUL */
	else {
		buf[pos++] = '"';
		buf[pos] = '\0';
	}
	return buf;
}

size_t payload_format_size(size_t n)
{
	if (n > (SIZE_MAX - 8) / 6)
		return SIZE_MAX;
	return 6 * n + 8;
}
