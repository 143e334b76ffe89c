/* fuzz_waiters_syscall.c — waiters_parse_syscall on arbitrary text: 1 only
 * for "NR ARG1 ... ARG6 SP PC" (nine fields, decimal then "0x" hex), whose
 * number and arguments print back to the same fields; outputs untouched
 * otherwise. waiters_decode of what it gives never claims a negative id. */
#include <inttypes.h>

#include "fuzz_common.h"
#include "model/waiters.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The field after n spaces, leading zeros of a hex number skipped. */
static const char *field(const char *s, int n)
{
	for (int i = 0; i < n; i++) {
		s = strchr(s, ' ');
		FUZZ_ASSERT(s != NULL);
		s++;
	}
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	long nr = -77;
	uint64_t args[6] = { 1, 2, 3, 4, 5, 6 };
	int r = waiters_parse_syscall(s, &nr, args);
	FUZZ_ASSERT(r == 0 || r == 1);
	if (r == 1) {
		char back[40];
		snprintf(back, sizeof(back), "%ld ", nr);
		const char *p = s;
		while (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
			p++;
		FUZZ_ASSERT(strncmp(p, back, strlen(back)) == 0);
		for (int i = 0; i < 6; i++) {
			const char *f = field(s, i + 1) + 2;
			while (f[0] == '0' && f[1] != ' ' && f[1] != '\n' && f[1])
				f++;
			snprintf(back, sizeof(back), "%" PRIx64, args[i]);
			FUZZ_ASSERT(strncmp(f, back, strlen(back)) == 0);
		}
		struct waiter w;
		memset(&w, 0, sizeof(w));
		if (waiters_decode(nr, args, &w))
			FUZZ_ASSERT(w.id >= 0);
	} else {
		FUZZ_ASSERT(nr == -77 && args[0] == 1 && args[5] == 6);
	}
	free(s);
	return 0;
}
