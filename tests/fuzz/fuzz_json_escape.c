/* fuzz_json_escape.c — json_write_escaped on arbitrary bytes (names come
 * from NSS, /dev/shm file names and process comm, which may hold any byte):
 * the output is always one valid JSON string in valid UTF-8 (RFC 8259), and
 * when the input is valid UTF-8 it decodes back to exactly the input. */
#include "fuzz_common.h"
#include "base/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *p)
{
	unsigned c = p[0];
	if (c < 0x80)
		return 1;
	size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	if (!n)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if (c == 0xe0 && p[1] < 0xa0) return 0; /* overlong */
	if (c == 0xed && p[1] > 0x9f) return 0; /* surrogates */
	if (c == 0xf0 && p[1] < 0x90) return 0; /* overlong */
	if (c == 0xf4 && p[1] > 0x8f) return 0; /* > U+10FFFF */
	return n;
}

static size_t put_utf8(unsigned cp, unsigned char *out)
{
	if (cp < 0x80) { out[0] = (unsigned char)cp; return 1; }
	if (cp < 0x800) { out[0] = (unsigned char)(0xc0 | cp >> 6); out[1] = (unsigned char)(0x80 | (cp & 0x3f)); return 2; }
	out[0] = (unsigned char)(0xe0 | cp >> 12);
	out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	out[2] = (unsigned char)(0x80 | (cp & 0x3f));
	return 3;
}

/* Checks s[len] is one JSON string literal; decodes it into out. */
static long decode_json_string(const unsigned char *s, size_t len, unsigned char *out)
{
	size_t i = 0, n = 0;
	if (len < 2 || s[0] != '"' || s[len - 1] != '"')
		return -1;
	for (i = 1; i < len - 1;) {
		unsigned char c = s[i];
		if (c < 0x20 || c == '"')
			return -1;
		if (c == '\\') {
			if (i + 1 >= len - 1)
				return -1;
			char e = (char)s[i + 1];
			const char *simple = "\"\\/bfnrt", *val = "\"\\/\b\f\n\r\t";
			const char *k = strchr(simple, e);
			if (e && k) {
				out[n++] = (unsigned char)val[k - simple];
				i += 2;
				continue;
			}
			if (e != 'u' || i + 5 >= len - 1)
				return -1;
			unsigned cp = 0;
			for (int d = 2; d < 6; d++) {
				int h = fuzz_hexval((char)s[i + (size_t)d]);
				if (h < 0)
					return -1;
				cp = cp * 16 + (unsigned)h;
			}
			if (cp >= 0xd800 && cp <= 0xdfff)
				return -1; /* the writer has no reason to emit surrogate pairs */
			n += put_utf8(cp, out + n);
			i += 6;
			continue;
		}
		size_t l = utf8_len(s + i);
		if (!l || i + l > len - 1)
			return -1;
		memcpy(out + n, s + i, l);
		n += l;
		i += l;
	}
	return (long)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	FUZZ_ASSERT(f != NULL);
	json_write_escaped(f, s);
	FUZZ_ASSERT(fclose(f) == 0);
	size_t slen = strlen(s);
	unsigned char *back = malloc(len * 3 + 1);
	long n = decode_json_string((const unsigned char *)buf, len, back);
	FUZZ_ASSERT(n >= 0);
	int valid = 1;
	for (size_t i = 0; i < slen;) {
		size_t l = utf8_len((const unsigned char *)s + i);
		if (!l) {
			valid = 0;
			break;
		}
		i += l;
	}
	if (valid)
		FUZZ_ASSERT((size_t)n == slen && memcmp(back, s, slen) == 0);
	free(back);
	free(buf);
	free(s);
	return 0;
}
