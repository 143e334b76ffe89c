/* timeit.c — runs a command repeatedly with its output to /dev/null and
 * prints "MEDIAN_MS MIN_MS MAX_MS MAXRSS_KB CPU_MS" (wall clock,
 * CLOCK_MONOTONIC; peak RSS from wait4's rusage, the largest over the runs;
 * CPU_MS the median user + system time, which waiting for a busy CPU does
 * not inflate):
 *   timeit RUNS CMD [ARGS...]
 * One untimed warm-up run comes first unless $TIMEIT_WARMUP is 0. Exits 1
 * if any run fails. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double tv_ms(struct timeval tv)
{
	return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

static int run(char **argv, double *ms, long *rss, double *cpu)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	if (ru.ru_maxrss > *rss)
		*rss = ru.ru_maxrss;
	*cpu = tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: timeit RUNS CMD [ARGS...]\n");
		return 2;
	}
	int n = atoi(argv[1]);
	if (n < 1 || n > 1000)
		return 2;
	double *t = calloc((size_t)n, sizeof(*t)), *c = calloc((size_t)n, sizeof(*c));
	long rss = 0;
	double warm, warm_cpu;
	const char *w = getenv("TIMEIT_WARMUP");
	int warmup = !(w && strcmp(w, "0") == 0);
	if (!t || !c || (warmup && run(argv + 2, &warm, &rss, &warm_cpu) < 0)) {
		fprintf(stderr, "timeit: %s failed\n", argv[2]);
		return 1;
	}
	rss = 0;
	for (int i = 0; i < n; i++)
		if (run(argv + 2, &t[i], &rss, &c[i]) < 0) {
			fprintf(stderr, "timeit: %s failed\n", argv[2]);
			return 1;
		}
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	qsort(c, (size_t)n, sizeof(*c), cmp_double);
	double med = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
	double cmed = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
	printf("%.1f %.1f %.1f %ld %.1f\n", med, t[0], t[n - 1], rss, cmed);
	free(t);
	free(c);
	return 0;
}
