/* populate.c — fills the current IPC namespace quickly for benchmarks:
 *   populate [-q QUEUES] [-s SEMSETS] [-m SEGMENTS] [-n SEMS_PER_SET] [-z SEG_BYTES]
 * Defaults: 4 semaphores per set, 4096-byte segments. All objects are
 * IPC_PRIVATE, mode 0600, so nothing collides; they live as long as the
 * namespace does (run it inside `unshare --ipc`). Every queue gets one
 * 16-byte message and every set non-zero values, so readers have data to
 * show. Prints what it created; exits 1 at the first failure. */
#define _GNU_SOURCE
#include <getopt.h>

#define HELPER_NAME "populate"
#include "../e2e/helpers/helper_common.h"

int main(int argc, char **argv)
{
	long nq = 0, ns = 0, nm = 0, per = 4, bytes = 4096;
	int c;
	while ((c = getopt(argc, argv, "q:s:m:n:z:")) != -1) {
		switch (c) {
		case 'q': nq = num(optarg); break;
		case 's': ns = num(optarg); break;
		case 'm': nm = num(optarg); break;
		case 'n': per = num(optarg); break;
		case 'z': bytes = num(optarg); break;
		default:
			fprintf(stderr, "usage: populate [-q N] [-s N] [-m N] [-n SEMS] [-z BYTES]\n");
			return 2;
		}
	}
	if (nq < 0 || ns < 0 || nm < 0 || bytes < 0) {
		fprintf(stderr, "populate: counts and sizes cannot be negative\n");
		return 2;
	}
	if (per < 1 || per > 250) {
		fprintf(stderr, "populate: -n must be 1..250\n");
		return 2;
	}
	struct { long mtype; char text[16]; } msg = { 1, "populate-bench" };
	for (long i = 0; i < nq; i++) {
		int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
		if (id < 0 || msgsnd(id, &msg, sizeof(msg.text), IPC_NOWAIT) < 0) {
			fprintf(stderr, "populate: queue %ld: %s\n", i, strerror(errno));
			return 1;
		}
	}
	unsigned short vals[250];
	for (long i = 0; i < per; i++)
		vals[i] = (unsigned short)(i + 1);
	for (long i = 0; i < ns; i++) {
		int id = semget(IPC_PRIVATE, (int)per, IPC_CREAT | 0600);
		union semun arg = { .array = vals };
		if (id < 0 || semctl(id, 0, SETALL, arg) < 0) {
			fprintf(stderr, "populate: semaphore set %ld: %s\n", i, strerror(errno));
			return 1;
		}
	}
	for (long i = 0; i < nm; i++) {
		if (shmget(IPC_PRIVATE, (size_t)bytes, IPC_CREAT | 0600) < 0) {
			fprintf(stderr, "populate: segment %ld: %s\n", i, strerror(errno));
			return 1;
		}
	}
	printf("created %ld queues, %ld semaphore sets (%ld each), %ld segments (%ld bytes)\n", nq, ns,
	       per, nm, bytes);
	return 0;
}
