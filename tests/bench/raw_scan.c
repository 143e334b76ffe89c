/* raw_scan.c — the reference cost of reading every SysV IPC object: what a
 * minimal tool has to do and nothing more. SHM_INFO/MSG_INFO/SEM_INFO for
 * the highest index, *_STAT_ANY for every index up to it (EINVAL: empty
 * slot), GETALL for every semaphore set. With -w it also reads GETNCNT,
 * GETZCNT and GETPID per semaphore (what `ipctop --json` reads when it
 * cannot see every task's wait); with -p only GETPID per semaphore (what
 * it reads when every task is seen and none waits).
 * Prints "shm N msg N sem N semaphores N". Benchmark helper, not a test. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

union semun_arg {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

int main(int argc, char **argv)
{
	int wait_counts = argc > 1 && strcmp(argv[1], "-w") == 0;
	int pids = wait_counts || (argc > 1 && strcmp(argv[1], "-p") == 0);
	long nshm = 0, nmsg = 0, nsem = 0, nsems = 0;

	struct shm_info si;
	int max = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si);
	for (int i = 0; i <= max; i++) {
		struct shmid_ds ds;
		if (shmctl(i, SHM_STAT_ANY, &ds) >= 0)
			nshm++;
	}

	struct msginfo mi;
	max = msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&mi);
	for (int i = 0; i <= max; i++) {
		struct msqid_ds ds;
		if (msgctl(i, MSG_STAT_ANY, &ds) >= 0)
			nmsg++;
	}

	struct seminfo sinfo;
	union semun_arg arg = { .__buf = &sinfo };
	max = semctl(0, 0, SEM_INFO, arg);
	unsigned short vals[65536];
	for (int i = 0; i <= max; i++) {
		struct semid_ds ds;
		arg.buf = &ds;
		int id = semctl(i, 0, SEM_STAT_ANY, arg);
		if (id < 0)
			continue;
		nsem++;
		arg.array = vals;
		if (semctl(id, 0, GETALL, arg) < 0)
			continue;
		nsems += (long)ds.sem_nsems;
		if (pids)
			for (int s = 0; s < (int)ds.sem_nsems; s++)
				if ((wait_counts && (semctl(id, s, GETNCNT) < 0 || semctl(id, s, GETZCNT) < 0)) ||
				    semctl(id, s, GETPID) < 0)
					break;
	}
	printf("shm %ld msg %ld sem %ld semaphores %ld\n", nshm, nmsg, nsem, nsems);
	return 0;
}
