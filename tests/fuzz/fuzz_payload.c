/* fuzz_payload.c — payload_parse in both modes with a fuzzed capacity, then
 * payload_format of the bytes: with payload_format_size() room and no
 * max_bytes it is never cut, and decoding the C literal it wrote gives the
 * bytes back; into a small buffer it always ends inside the buffer. */
#include "fuzz_common.h"
#include "base/payload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Decodes a C string literal (with "" splices) as a compiler would. Returns
 * the byte count, or -1 when it is not a valid literal. */
static long decode_literal(const char *s, unsigned char *out, size_t cap)
{
	size_t n = 0;
	if (*s++ != '"')
		return -1;
	for (;;) {
		char c = *s++;
		if (c == '\0')
			return -1;
		if (c == '"') {
			if (*s == '\0')
				return (long)n;
			if (*s != '"')
				return -1;
			s++;
			continue;
		}
		unsigned char b;
		if (c == '\\') {
			c = *s++;
			switch (c) {
			case 'n': b = '\n'; break;
			case 't': b = '\t'; break;
			case 'r': b = '\r'; break;
			case '\\': b = '\\'; break;
			case '"': b = '"'; break;
			case '\'': b = '\''; break;
			case '?': b = '?'; break;
			case 'x': {
				unsigned v = 0;
				int digits = 0;
				while (fuzz_hexval(*s) >= 0) { /* a C hex escape takes every hex digit */
					v = v * 16 + (unsigned)fuzz_hexval(*s++);
					if (++digits > 2)
						return -1;
				}
				if (!digits)
					return -1;
				b = (unsigned char)v;
				break;
			}
			default: return -1;
			}
		} else {
			if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f)
				return -1;
			if (c == '?' && s[0] == '?')
				return -1; /* a trigraph could start here */
			b = (unsigned char)c;
		}
		if (n >= cap)
			return -1;
		out[n++] = b;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t b0 = fuzz_byte(&data, &size), b1 = fuzz_byte(&data, &size);
	uint8_t b2 = fuzz_byte(&data, &size);
	enum payload_mode mode = b0 & 1 ? PAYLOAD_HEX : PAYLOAD_TEXT;
	size_t cap = b1;
	size_t whylen = b2 % 80;
	char *s = fuzz_cstr(data, size);
	unsigned char *out = malloc(cap ? cap : 1);
	char *why = whylen ? fuzz_outbuf(whylen) : NULL;
	size_t n = 9999;
	if (payload_parse(s, mode, out, cap, &n, why, whylen) == 0) {
		FUZZ_ASSERT(n <= cap);
		FUZZ_ASSERT(mode == PAYLOAD_TEXT || n >= 1);
		if (mode == PAYLOAD_TEXT && !strchr(s, '\\'))
			FUZZ_ASSERT(n == strlen(s) && memcmp(out, s, n) == 0);
		/* uncut literal */
		size_t full = payload_format_size(n);
		char *lit = fuzz_outbuf(full);
		payload_format(out, n, 0, lit, full);
		unsigned char *back = malloc(n + 1);
		FUZZ_ASSERT(decode_literal(lit, back, n + 1) == (long)n);
		FUZZ_ASSERT(memcmp(back, out, n) == 0);
		free(back);
		free(lit);
		/* small buffer, maybe a max_bytes cut */
		size_t len = b0 >> 1;
		char *small = fuzz_outbuf(len);
		payload_format(out, n, b2 % 8, small, len);
		if (len)
			FUZZ_ASSERT(memchr(small, '\0', len) != NULL);
		free(small);
	} else {
		FUZZ_ASSERT(n == 9999);
		if (why)
			FUZZ_ASSERT(memchr(why, '\0', whylen) != NULL && (whylen == 1 || why[0]));
	}
	free(why);
	free(out);
	free(s);
	return 0;
}
