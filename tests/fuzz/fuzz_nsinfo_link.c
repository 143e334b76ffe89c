/* fuzz_nsinfo_link.c — nsinfo_parse_link: a non-zero result is exactly the
 * number in "ipc:[N]", which prints back to the same text. */
#include <inttypes.h>

#include "fuzz_common.h"
#include "proc/nsinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	uint64_t v = nsinfo_parse_link(s);
	if (v) {
		char back[40];
		snprintf(back, sizeof(back), "ipc:[%" PRIu64 "]", v);
		/* leading zeros are the only other spelling */
		const char *p = s + 5;
		while (p[0] == '0' && p[1] != ']')
			p++;
		char canon[64];
		snprintf(canon, sizeof(canon), "ipc:[%s", p);
		FUZZ_ASSERT(strcmp(back, canon) == 0);
	}
	free(s);
	return 0;
}
