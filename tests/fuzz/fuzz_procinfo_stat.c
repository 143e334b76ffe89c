/* fuzz_procinfo_stat.c — procinfo_parse_stat on arbitrary /proc/PID/stat
 * text and procinfo_tty_name on arbitrary device numbers into small
 * buffers: strings stay terminated, the name is kept byte for byte (seed
 * "control": a newline, an escape and a ')' in it), failures leave *pi
 * zeroed. */
#include "fuzz_common.h"
#include "proc/procinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int dev = (int)fuzz_u64(&data, &size);
	char *s = fuzz_cstr(data, size);
	struct procinfo pi;
	memset(&pi, 0x5a, sizeof(pi));
	if (procinfo_parse_stat(s, &pi) == 0) {
		FUZZ_ASSERT(pi.alive && pi.pid > 0);
		FUZZ_ASSERT(memchr(pi.comm, '\0', sizeof(pi.comm)) != NULL);
		/* The name is every byte between the first '(' and the last ')'
		 * (newlines, escapes, parentheses), cut only by the field. */
		const char *open_ = strchr(s, '('), *close_ = strrchr(s, ')');
		size_t n = (size_t)(close_ - open_ - 1);
		if (n > sizeof(pi.comm) - 1)
			n = sizeof(pi.comm) - 1;
		FUZZ_ASSERT(strlen(pi.comm) == n && memcmp(pi.comm, open_ + 1, n) == 0);
		FUZZ_ASSERT(memchr(pi.tty, '\0', sizeof(pi.tty)) != NULL && pi.tty[0]);
	} else {
		static const struct procinfo zero;
		FUZZ_ASSERT(memcmp(&pi, &zero, sizeof(pi)) == 0);
	}
	for (size_t len = 1; len < 12; len += 5) {
		char *b = fuzz_outbuf(len);
		procinfo_tty_name(dev, b, len);
		FUZZ_ASSERT(memchr(b, '\0', len) != NULL);
		free(b);
	}
	free(s);
	return 0;
}
