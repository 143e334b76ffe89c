/* proctitle.c — owns renaming a process (see the header): the argument
 * area found once at start, and the title written into it and into comm. */
#define _GNU_SOURCE
#include "proc/proctitle.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

extern char **environ;

static char *area;       /* argv[0] */
/* The environment's copy, ours until exit: kept here (volatile, so the
 * store stays) for leak checkers, since glibc's clearenv() at exit under
 * valgrind drops environ. */
static char **volatile env_copy;
static size_t area_len;  /* bytes from argv[0] to the end of the last string of the block */

/* The environment copied to the heap, so the area may reuse its strings.
 * Returns false (nothing changed) when out of memory. */
static bool move_environ(size_t n)
{
	char **copy = calloc(n + 1, sizeof(*copy));
	if (!copy)
		return false;
	for (size_t i = 0; i < n; i++) {
		copy[i] = strdup(environ[i]);
		if (!copy[i]) {
			while (i-- > 0)
				free(copy[i]);
			free(copy);
			return false;
		}
	}
	env_copy = copy;
	environ = copy; /* never freed: the environment lives as long as we do */
	return true;
}

void proctitle_init(int argc, char **argv)
{
	if (area || argc < 1 || !argv || !argv[0])
		return;
	/* The strings of one block: each starts where the one before ended. */
	char *end = argv[0] + strlen(argv[0]) + 1;
	for (int i = 1; i < argc && argv[i] == end; i++)
		end = argv[i] + strlen(argv[i]) + 1;
	size_t n = 0;
	bool env_follows = environ != NULL;
	char *env_end = end;
	for (; env_follows && environ[n]; n++) {
		if (environ[n] != env_end)
			env_follows = false;
		else
			env_end = environ[n] + strlen(environ[n]) + 1;
	}
	if (env_follows && n > 0 && move_environ(n))
		end = env_end;
	area = argv[0];
	area_len = (size_t)(end - argv[0]);
}

size_t proctitle_room(void)
{
	return area_len ? area_len - 1 : 0;
}

int proctitle_set(const char *title)
{
	if (area) {
		size_t n = strnlen(title, area_len - 1);
		memcpy(area, title, n);
		memset(area + n, 0, area_len - n);
	}
	return prctl(PR_SET_NAME, title, 0, 0, 0);
}
