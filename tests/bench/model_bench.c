/* model_bench.c — what a refresh costs the list model (src/model/table.c)
 * and the in-place read (src/model/snapmerge.c) with N objects, without the
 * kernel: N synthetic objects (random keys) are written into a snapshot
 * as a read would, then timed (medians of 9, ms):
 *   full      table_rows: filter and sort the All view by KEY, from scratch
 *   merge     writing an unchanged read over the previous one
 *   same      table_model_update after that read (nothing changed)
 *   changed   the same after a read with 2 objects changed
 * Prints "full MS merge MS same MS changed MS". Benchmark helper, not a
 * test (the unit tests check that the model's rows equal a full sort). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/snapmerge.h"
#include "model/table.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* One read of objs[0, n) into s, as snapshot_read writes it. */
static void read_into(struct snapshot *s, const struct ipc_object *objs, size_t n)
{
	static uint64_t gen;
	struct snapmerge m;
	if (snapmerge_begin(&m, s, n) < 0)
		exit(1);
	for (size_t i = 0; i < n; i++)
		if (snapmerge_put(&m, &objs[i]) < 0)
			exit(1);
	snapmerge_end(&m);
	s->kinds = KINDS_ALL;
	s->gen = ++gen;
}

static void make_objects(struct ipc_object *objs, size_t n)
{
	srand(17);
	for (size_t i = 0; i < n; i++) {
		struct ipc_object *o = &objs[i];
		memset(o, 0, sizeof(*o));
		o->kind = i < n / 16 ? KIND_SHM : i < n / 2 ? KIND_MSG : KIND_SEM;
		o->id = (int)i;
		o->key = rand();
		o->mode = 0600;
		o->ctime = 1000 + (time_t)(i % 7);
		if (o->kind == KIND_SHM)
			o->u.shm.nprocs = -1;
		else if (o->kind == KIND_MSG)
			o->u.msg.qnum = 1;
		else {
			o->u.sem.nsems = 4;
			o->u.sem.first = SEMVALS_NONE;
		}
	}
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 64000;
	struct ipc_object *objs = calloc(n, sizeof(*objs));
	const struct ipc_object **rows = calloc(n + 1, sizeof(*rows));
	if (!n || !objs || !rows)
		return 1;
	make_objects(objs, n);
	struct snapshot s;
	memset(&s, 0, sizeof(s));
	read_into(&s, objs, n);
	enum { RUNS = 9 };
	double full[RUNS], merge[RUNS], same[RUNS], changed[RUNS];
	for (int r = 0; r < RUNS; r++) {
		double t = now_ms();
		table_rows(&s, VIEW_ALL, "", COL_KEY, false, rows);
		full[r] = now_ms() - t;
		struct table_model m;
		memset(&m, 0, sizeof(m));
		if (table_model_update(&m, &s, VIEW_ALL, "", COL_KEY, false) < 0)
			return 1;
		t = now_ms();
		read_into(&s, objs, n);
		merge[r] = now_ms() - t;
		t = now_ms();
		if (table_model_update(&m, &s, VIEW_ALL, "", COL_KEY, false) != 0)
			return 1; /* nothing changed: must be nothing to do */
		same[r] = now_ms() - t;
		objs[n / 3].key ^= 0x5a5a;
		objs[n - 1].ctime++;
		read_into(&s, objs, n);
		t = now_ms();
		if (table_model_update(&m, &s, VIEW_ALL, "", COL_KEY, false) != 1)
			return 1;
		changed[r] = now_ms() - t;
		table_model_free(&m);
	}
	printf("full %.3f merge %.3f same %.3f changed %.3f\n", median(full, RUNS), median(merge, RUNS),
	       median(same, RUNS), median(changed, RUNS));
	snapshot_free(&s);
	free(objs);
	free(rows);
	return 0;
}
