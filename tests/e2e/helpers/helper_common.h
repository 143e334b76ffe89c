/* helper_common.h — shared by the test helpers (tests/e2e/helpers/
 * ipc_helper.c, stress_helper.c) and tests/bench/populate.c: the System V
 * IPC headers, union semun (semctl(2): the program must define it) and
 * num(), a whole-argument number parser that exits 2 on garbage. Define
 * HELPER_NAME (the program name for messages) before including it. */
#ifndef HELPER_COMMON_H
#define HELPER_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* S as a number (decimal, 0x hex or 0 octal); exits 2 unless all of S is one. */
static long num(const char *s)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, HELPER_NAME ": bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

#endif
