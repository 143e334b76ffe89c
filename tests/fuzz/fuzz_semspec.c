/* fuzz_semspec.c — semspec_parse with fuzzed limits (nsems, max_ops, the
 * output capacity, flags, the reason buffer size), then semspec_format and
 * semspec_format_flags into exactly-sized buffers: results respect every
 * limit and every text ends inside its buffer. */
#include <sys/ipc.h>

#include "fuzz_common.h"
#include "ops/semspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t b0 = fuzz_byte(&data, &size), b1 = fuzz_byte(&data, &size);
	uint8_t b2 = fuzz_byte(&data, &size), b3 = fuzz_byte(&data, &size);
	uint8_t b4 = fuzz_byte(&data, &size);
	unsigned nsems = b0 < 200 ? b0 % 9 : 65536u + b0;
	size_t max_ops = b1 % 12;
	size_t cap = b2 % 17;
	short flags = (short)((b3 & 1 ? SEM_UNDO : 0) | (b3 & 2 ? IPC_NOWAIT : 0));
	size_t whylen = b4 % 96;
	char *spec = fuzz_cstr(data, size);
	struct sembuf *ops = malloc((cap ? cap : 1) * sizeof(*ops));
	char *why = whylen ? fuzz_outbuf(whylen) : NULL;
	size_t n = 9999;
	if (semspec_parse(spec, nsems, max_ops, flags, ops, cap, &n, why, whylen) == 0) {
		FUZZ_ASSERT(n >= 1 && n <= cap);
		FUZZ_ASSERT(max_ops == 0 || n <= max_ops);
		for (size_t i = 0; i < n; i++) {
			FUZZ_ASSERT(nsems == 0 || ops[i].sem_num < nsems);
			FUZZ_ASSERT(ops[i].sem_flg == flags);
		}
		size_t len = (size_t)b4 % 160;
		char *text = fuzz_outbuf(len);
		semspec_format(ops, n, text, len);
		if (len)
			FUZZ_ASSERT(memchr(text, '\0', len) != NULL);
		free(text);
	} else if (why) {
		FUZZ_ASSERT(memchr(why, '\0', whylen) != NULL && (whylen == 1 || why[0]));
	}
	size_t flen = (size_t)b3 % 24;
	char *fl = fuzz_outbuf(flen);
	semspec_format_flags((int)(b3 | b2 << 8 | b1 << 16), fl, flen);
	if (flen)
		FUZZ_ASSERT(memchr(fl, '\0', flen) != NULL);
	free(fl);
	free(why);
	free(ops);
	free(spec);
	return 0;
}
