/* fuzz_attach_maps.c — attach_parse_maps_line on arbitrary text: 1 only
 * for a shared "/SYSV%08x (deleted)" mapping, whose inode (the shmid),
 * device ("%x:%x") and key (the name's 8 hex digits) are printed back
 * identically; outputs untouched otherwise. */
#include <stdbool.h>
#include <strings.h>
#include <sys/sysmacros.h>

#include "model/attach.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	int shmid = -77;
	unsigned key = 77;
	bool w = true;
	dev_t dev = 77;
	int r = attach_parse_maps_line(s, &shmid, &key, &w, &dev);
	FUZZ_ASSERT(r == 0 || r == 1);
	if (r == 1) {
		FUZZ_ASSERT(shmid >= 0);
		FUZZ_ASSERT(strstr(s, "/SYSV") && strstr(s, " (deleted)"));
		char name[16];
		snprintf(name, sizeof(name), "%08x", key);
		FUZZ_ASSERT(strncasecmp(strrchr(s, '/') + 5, name, 8) == 0);
		/* the fifth field, "start-end perms offset dev INODE path" */
		const char *p = s;
		for (int field = 0; field < 4; field++) {
			p = strchr(p, ' ');
			FUZZ_ASSERT(p != NULL);
			while (*p == ' ')
				p++;
			if (field == 2) { /* the fourth field, "major:minor" */
				char want[40];
				const char *d = p;
				while (*d == '0' && d[1] != ':')
					d++;
				snprintf(want, sizeof(want), "%x:", major(dev));
				FUZZ_ASSERT(strncasecmp(d, want, strlen(want)) == 0);
				d += strlen(want);
				while (*d == '0' && d[1] != ' ')
					d++;
				snprintf(want, sizeof(want), "%x ", minor(dev));
				FUZZ_ASSERT(strncasecmp(d, want, strlen(want)) == 0);
			}
		}
		while (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
			p++;
		char ino[24];
		int len = snprintf(ino, sizeof(ino), "%d", shmid);
		FUZZ_ASSERT(strncmp(p, ino, (size_t)len) == 0 && p[len] == ' ');
	} else {
		FUZZ_ASSERT(shmid == -77 && key == 77 && w && dev == 77);
	}
	free(s);
	return 0;
}
