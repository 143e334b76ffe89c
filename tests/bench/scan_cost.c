/* scan_cost.c — what the pass over /proc costs (issue 14): starts PROCS
 * sleeping children (every 100th blocked in semop on a set, as real
 * waiters), then times snapshot_read of this IPC namespace (one queue, one
 * set) RUNS times each way and prints, per way, the median CPU time of the
 * read in ms (CLOCK_PROCESS_CPUTIME_ID: the children sleep):
 *   scan_cost PROCS RUNS
 *   -> "objects-only MS", "waiters MS", "waiters+threads MS",
 *      "waiters+attach MS" (a segment attached: every maps read too), and
 *      "processes N" (entries of /proc during the runs).
 * Linked with libipctop (mk/bench.mk). Run it in a private IPC namespace;
 * the children die with it (PR_SET_PDEATHSIG) or when it ends. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/snapshot.h"

static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median CPU ms of RUNS snapshot_read calls with these flags. */
static double time_reads(struct snapshot *s, unsigned flags, int runs)
{
	double *v = calloc((size_t)runs, sizeof(*v));
	if (!v)
		exit(1);
	for (int i = 0; i < runs; i++) {
		double t0 = cpu_ms();
		if (snapshot_read(s, KINDS_ALL, flags) < 0) {
			perror("snapshot_read");
			exit(1);
		}
		v[i] = cpu_ms() - t0;
	}
	qsort(v, (size_t)runs, sizeof(*v), cmp_double);
	double m = v[runs / 2];
	free(v);
	return m;
}

static int count_procs(void)
{
	DIR *d = opendir("/proc");
	int n = 0;
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL)
		n += de->d_name[0] >= '1' && de->d_name[0] <= '9';
	if (d)
		closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: scan_cost PROCS RUNS\n");
		return 2;
	}
	int procs = atoi(argv[1]), runs = atoi(argv[2]);
	if (procs < 0 || runs < 1)
		return 2;
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600), set = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	int seg = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (q < 0 || set < 0 || seg < 0) {
		perror("creating the objects");
		return 1;
	}
	pid_t self = getpid();
	pid_t *kids = calloc((size_t)procs + 1, sizeof(*kids));
	for (int i = 0; kids && i < procs; i++) {
		kids[i] = fork();
		if (kids[i] < 0) {
			perror("fork");
			procs = i;
			break;
		}
		if (kids[i] == 0) {
			if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != self)
				_exit(1);
			struct sembuf p = { 0, -1, 0 };
			if (i % 100 == 0)
				semop(set, &p, 1); /* a real waiter */
			for (;;)
				pause();
		}
	}
	usleep(200000); /* let them reach their sleep */
	struct snapshot s = { 0 };
	time_reads(&s, SNAP_WAITERS, 2); /* warm-up */
	printf("processes %d\n", count_procs());
	printf("objects-only %.3f\n", time_reads(&s, 0, runs));
	printf("waiters %.3f\n", time_reads(&s, SNAP_WAITERS, runs));
	printf("waiters+threads %.3f\n", time_reads(&s, SNAP_WAITERS | SNAP_THREADS, runs));
	void *at = shmat(seg, NULL, SHM_RDONLY);
	if (at == (void *)-1) {
		perror("shmat");
		return 1;
	}
	printf("waiters+attach %.3f\n", time_reads(&s, SNAP_WAITERS | SNAP_ATTACH, runs));
	size_t n = 0;
	waiters_find(&s.waiters, KIND_SEM, set, &n);
	printf("waiters-found %zu\n", n);
	snapshot_free(&s);
	shmdt(at);
	for (int i = 0; i < procs; i++)
		kill(kids[i], SIGKILL);
	for (int i = 0; i < procs; i++)
		waitpid(kids[i], NULL, 0);
	free(kids);
	msgctl(q, IPC_RMID, NULL);
	semctl(set, 0, IPC_RMID);
	shmctl(seg, IPC_RMID, NULL);
	return 0;
}
