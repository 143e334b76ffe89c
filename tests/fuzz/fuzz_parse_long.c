/* fuzz_parse_long.c — parse_long with fuzzed bounds, and parse_delay on the
 * same text. Results stay within the bounds; failures leave the output
 * alone; an accepted number round-trips through printf. */
#include <limits.h>

#include "fuzz_common.h"
#include "base/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long a = (long)fuzz_u64(&data, &size), b = (long)fuzz_u64(&data, &size);
	long min = a < b ? a : b, max = a < b ? b : a;
	char *s = fuzz_cstr(data, size);
	long out = 4242;
	const char *why = NULL;
	if (parse_long(s, min, max, &out, &why) == 0) {
		FUZZ_ASSERT(out >= min && out <= max);
		char back[32];
		snprintf(back, sizeof(back), "%ld", out);
		/* same number: the text is the canonical form up to a '+' and zeros */
		const char *p = s;
		int neg = 0;
		if (*p == '+' || *p == '-')
			neg = *p++ == '-';
		while (p[0] == '0' && p[1])
			p++;
		FUZZ_ASSERT(strcmp(back + (out < 0), p) == 0 && (neg == (out < 0) || out == 0));
	} else {
		FUZZ_ASSERT(out == 4242 && why && *why);
	}
	int tenths = -7;
	why = NULL;
	if (parse_delay(s, &tenths, &why) == 0)
		FUZZ_ASSERT(tenths >= 1 && tenths <= 36000);
	else
		FUZZ_ASSERT(tenths == -7 && why && *why);
	free(s);
	return 0;
}
