/* fuzz_parse_perms.c — parse_perms against an independent oracle: 1..4
 * octal digits with a value of at most 0777. */
#include "fuzz_common.h"
#include "base/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	size_t len = strlen(s);
	int ok = len >= 1 && len <= 4;
	unsigned v = 0;
	for (size_t i = 0; ok && i < len; i++) {
		ok = s[i] >= '0' && s[i] <= '7';
		if (ok)
			v = v * 8 + (unsigned)(s[i] - '0');
	}
	ok = ok && v <= 0777;
	unsigned out = 12345;
	const char *why = NULL;
	int rc = parse_perms(s, &out, &why);
	FUZZ_ASSERT((rc == 0) == ok);
	if (rc == 0)
		FUZZ_ASSERT(out == v);
	else
		FUZZ_ASSERT(out == 12345 && why && *why);
	free(s);
	return 0;
}
