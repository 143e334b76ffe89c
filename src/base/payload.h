/* payload.h — message payloads as users type them (text with C escapes, or
 * hex bytes) and bytes as a printable C string literal for call texts and
 * generated C code. */
#ifndef IPCTOP_PAYLOAD_H
#define IPCTOP_PAYLOAD_H

#include <stddef.h>

enum payload_mode {
	PAYLOAD_TEXT, /* "hello\n", escapes \n \t \r \0 \\ \" \' \xHH */
	PAYLOAD_HEX,  /* "68 65 6c", "68656c", "0x68,0x65" */
};

/* Parses s into out[cap] and sets *n to the byte count. Text may be empty
 * (a zero-length message); hex needs at least one byte. Hex tokens are
 * separated by spaces or commas; a token is either 0x plus 1 or 2 hex
 * digits, or an even number of hex digits. Returns 0, or -1 with a one-line
 * reason in err (if not NULL) and *n untouched. */
int payload_parse(const char *s, enum payload_mode mode, unsigned char *out, size_t cap,
		  size_t *n, char *err, size_t errlen);

/* Writes data[n] as a C string literal with quotes: printable ASCII as is,
 * \n \t \r \\ \" named, other bytes as \xHH; it is valid C (no trigraphs, no
 * hex escape swallowing the next character). With max_bytes > 0, at most
 * that many bytes are shown; a cut (by max_bytes or by len) is shown as
 * `"hello wo"...`. Returns buf. */
char *payload_format(const void *data, size_t n, size_t max_bytes, char *buf, size_t len);

/* A buffer size that always holds payload_format of n bytes uncut. */
size_t payload_format_size(size_t n);

#endif
