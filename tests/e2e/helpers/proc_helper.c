/* proc_helper.c — a process for the e2e tests to look at: it names itself,
 * creates (or opens) a segment, attaches it and waits to be killed.
 *
 * Usage:
 *   proc_helper hold KEY NAME   prctl(PR_SET_NAME, NAME) (the kernel keeps
 *                               15 bytes, any of them: newline, ESC ...)
 *                               and NAME written over its arguments (its
 *                               /proc/PID/cmdline, as setproctitle does),
 *                               shmget(KEY, 4096, IPC_CREAT | 0666), shmat
 *                               read-write, prints the shmid, then pauses
 * Exits 1 with "<call>: <strerror>" on stderr when a call fails. */
#define _GNU_SOURCE

#define HELPER_NAME "proc_helper"
#include "helper_common.h"

#include <sys/prctl.h>

static int fail(const char *call)
{
	fprintf(stderr, "proc_helper: %s: %s\n", call, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 4 || strcmp(argv[1], "hold") != 0) {
		fprintf(stderr, "usage: proc_helper hold KEY NAME\n");
		return 2;
	}
	if (prctl(PR_SET_NAME, argv[3], 0, 0, 0) < 0)
		return fail("prctl(PR_SET_NAME)");
	key_t key = (key_t)num(argv[2]);
	/* The arguments are one block of NUL-ended strings: NAME over all of
	 * it, the rest NULs, makes the command line NAME. */
	char name[256];
	snprintf(name, sizeof(name), "%s", argv[3]);
	char *end = argv[argc - 1] + strlen(argv[argc - 1]);
	memset(argv[0], 0, (size_t)(end - argv[0]));
	memcpy(argv[0], name, strlen(name) < (size_t)(end - argv[0]) ? strlen(name) : (size_t)(end - argv[0]));
	int id = shmget(key, 4096, IPC_CREAT | 0666);
	if (id < 0)
		return fail("shmget");
	if (shmat(id, NULL, 0) == (void *)-1)
		return fail("shmat");
	printf("%d\n", id);
	fflush(stdout);
	for (;;)
		pause();
}
