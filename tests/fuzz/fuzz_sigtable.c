/* fuzz_sigtable.c — sigtable_parse on arbitrary text: -1 or a signal in
 * 1..sigtable_max(), whose name (sigtable_name) parses back to it; names
 * always end inside small buffers. */
#include "fuzz_common.h"
#include "proc/sigtable.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int raw = (int)fuzz_u64(&data, &size);
	char *s = fuzz_cstr(data, size);
	int sig = sigtable_parse(s);
	FUZZ_ASSERT(sig == -1 || (sig >= 1 && sig <= sigtable_max()));
	if (sig > 0) {
		char name[32];
		FUZZ_ASSERT(sigtable_name(sig, name, sizeof(name)) == 0);
		FUZZ_ASSERT(sigtable_parse(name) == sig);
	}
	for (size_t len = 1; len < 20; len += 6) {
		char *b = fuzz_outbuf(len);
		sigtable_name(raw, b, len);
		FUZZ_ASSERT(memchr(b, '\0', len) != NULL);
		free(b);
	}
	free(s);
	return 0;
}
