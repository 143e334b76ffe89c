/* fuzz_i18n_format.c — i18n_translation_ok on an (original, translation)
 * pair split at the first NUL: no overread (ASan), and the comparison is
 * consistent: an accepted translation is itself a valid, clean text, and
 * between two clean formats acceptance goes both ways. */
#include <locale.h>

#include "fuzz_common.h"
#include "base/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init++)
		setlocale(LC_ALL, "C.UTF-8");
	const uint8_t *nul = memchr(data, 0, size);
	size_t n1 = nul ? (size_t)(nul - data) : size;
	char *a = fuzz_cstr(data, n1);
	char *b = nul ? fuzz_cstr(nul + 1, size - n1 - 1) : fuzz_cstr(data, 0);
	bool ab = i18n_translation_ok(a, b);
	if (ab)
		FUZZ_ASSERT(i18n_translation_ok(b, b));
	if (ab && i18n_translation_ok(a, a))
		FUZZ_ASSERT(i18n_translation_ok(b, a));
	FUZZ_ASSERT(!ab || !strstr(b, "\033"));
	free(a);
	free(b);
	return 0;
}
