/* history_cost.c — what the objects' history (model/series.h) costs at
 * scale (issue 16): reads this IPC namespace once (with the sets' values),
 * then records SAMPLES samples two ways and prints, per way, the memory
 * the history accounts for, the growth of this process's RSS, the samples
 * the window still holds (the budget shrinks it) and the median CPU time
 * of one series_record in ms:
 *   history_cost SAMPLES
 *   -> "objects N", "idle BYTES RSS_KB WINDOW MS" (nothing changes), and
 *      "busy BYTES RSS_KB WINDOW MS" (every queue's count and bytes, every
 *      segment's nattch and every set's values change at every sample: the
 *      worst case, each sample a record for every object).
 * Linked with libipctop (mk/bench.mk). Run it in a namespace filled by
 * populate. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/series.h"
#include "model/snapshot.h"

static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Every value of every object moves (the busy way). */
static void change_all(struct snapshot *s)
{
	for (size_t i = 0; i < s->count; i++) {
		struct ipc_object *o = &s->objs[i];
		if (o->kind == KIND_SHM)
			o->u.shm.nattch++;
		else if (o->kind == KIND_MSG)
			o->u.msg.qnum++, o->u.msg.cbytes += 16;
	}
	for (size_t i = 0; i < s->nsemvals; i++)
		s->semvals[i].value = (s->semvals[i].value + 1) % 32767;
}

static int run(const char *name, struct snapshot *s, unsigned samples, int busy)
{
	struct series h;
	double *ms = calloc(samples, sizeof(*ms));
	if (!ms || series_init(&h, samples) < 0) {
		perror("history_cost");
		return -1;
	}
	long rss0 = rss_kb();
	for (unsigned k = 0; k < samples; k++) {
		if (busy)
			change_all(s);
		s->taken.tv_sec++;
		double t0 = cpu_ms();
		if (series_record(&h, s) < 0) {
			perror("series_record");
			return -1;
		}
		ms[k] = cpu_ms() - t0;
	}
	qsort(ms, samples, sizeof(*ms), cmp_double);
	printf("%s %zu %ld %zu %.2f\n", name, h.bytes, rss_kb() - rss0, series_samples(&h), ms[samples / 2]);
	series_free(&h);
	free(ms);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned samples = argc > 1 ? (unsigned)atoi(argv[1]) : SERIES_LEN_DEFAULT;
	struct snapshot s;
	memset(&s, 0, sizeof(s));
	if (samples < SERIES_LEN_MIN || samples > SERIES_LEN_MAX || snapshot_read(&s, KINDS_ALL, SNAP_SEMVALS) < 0) {
		fprintf(stderr, "usage: history_cost SAMPLES (%d..%d), in a populated namespace\n", SERIES_LEN_MIN,
			SERIES_LEN_MAX);
		return 2;
	}
	printf("objects %zu\n", s.count);
	int rc = run("idle", &s, samples, 0) < 0 || run("busy", &s, samples, 1) < 0;
	snapshot_free(&s);
	return rc;
}
