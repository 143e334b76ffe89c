/* fuzz_parse_key.c — parse_key on arbitrary text. "PATH:PROJ" calls stat()
 * and ftok() on PATH, which only reads metadata. Contract: failure sets a
 * reason and leaves *out alone; a hex or decimal key round-trips. */
#include <inttypes.h>

#include "fuzz_common.h"
#include "base/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	int out = 0x5a5a5a5a;
	const char *why = NULL;
	if (parse_key(s, &out, &why) < 0) {
		FUZZ_ASSERT(why && *why);
		FUZZ_ASSERT(out == 0x5a5a5a5a);
	} else if (!strchr(s, ':') && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		/* hex: the value modulo 2^32 is what was written */
		char back[32];
		snprintf(back, sizeof(back), "%" PRIx32, (uint32_t)out);
		const char *digits = s + 2;
		while (digits[0] == '0' && digits[1])
			digits++;
		FUZZ_ASSERT(strcasecmp(digits, back) == 0);
	}
	free(s);
	return 0;
}
