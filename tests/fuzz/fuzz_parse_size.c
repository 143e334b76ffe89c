/* fuzz_parse_size.c — parse_size against an independent oracle computed in
 * 128-bit arithmetic: digits, then nothing, "B", or one of k m g t p e
 * (any case) optionally followed by "B" or "iB"; no overflow accepted. */
#include <ctype.h>
#include <strings.h>

#include "fuzz_common.h"
#include "base/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int oracle(const char *s, uint64_t *out)
{
	const char *p = s;
	unsigned __int128 v = 0;
	int big = 0;
	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p)) {
		v = v * 10 + (unsigned)(*p - '0');
		if (v > UINT64_MAX)
			big = 1, v = (unsigned __int128)UINT64_MAX + 1;
		p++;
	}
	unsigned shift = 0;
	static const char units[] = "kmgtpe";
	if (*p && strcasecmp(p, "b") != 0) {
		const char *u = strchr(units, tolower((unsigned char)*p));
		if (!u)
			return -1;
		shift = 10u * (unsigned)(u - units + 1);
		p++;
		if (*p && strcasecmp(p, "b") != 0 && strcasecmp(p, "ib") != 0)
			return -1;
	}
	if (big)
		return -1;
	v <<= shift;
	if (v > UINT64_MAX)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	uint64_t want = 0, out = 777;
	const char *why = NULL;
	int ok = oracle(s, &want) == 0;
	int rc = parse_size(s, &out, &why);
	FUZZ_ASSERT((rc == 0) == ok);
	if (rc == 0)
		FUZZ_ASSERT(out == want);
	else
		FUZZ_ASSERT(out == 777 && why && *why);
	free(s);
	return 0;
}
