/* test_benchipc.c — unit tests of src/classroom/benchipc.c and src/classroom/pingpong.c: three
 * mechanisms measured with non-zero rates and latencies (0.3 s each); the
 * printed table has a header and three rows with non-zero rates; a 64 KiB
 * payload is chunked on the queue and the note says so; the ping-pong
 * itself checks echoes and quits on PP_QUIT; bad sizes are refused; no
 * object and no child is left behind. Fresh IPC namespace when allowed. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/wait.h>
#include <unistd.h>

#include "classroom/benchipc.h"
#include "classroom/pingpong.h"
#include "model/snapshot.h"

static void bench_ns(void) { (void)unshare(CLONE_NEWIPC); }

TestSuite(benchipc, .init = bench_ns, .timeout = 30);
TestSuite(pingpong, .init = bench_ns, .timeout = 30);

static size_t objects_now(void)
{
	struct snapshot snap;
	memset(&snap, 0, sizeof(snap));
	cr_assert_eq(snapshot_read(&snap, KINDS_ALL, 0), 0);
	size_t n = snap.count;
	snapshot_free(&snap);
	return n;
}

static void assert_no_child(void)
{
	int st;
	errno = 0;
	cr_assert_eq(waitpid(-1, &st, WNOHANG), -1);
	cr_assert_eq(errno, ECHILD);
}

Test(benchipc, measure_three_mechanisms)
{
	size_t before = objects_now();
	struct benchipc_row rows[BENCHIPC_MECHS];
	char err[256];
	cr_assert_eq(benchipc_measure(64, 0.3, rows, err, sizeof(err)), 0, "%s", err);
	const char *names[] = { "pipe", "msg queue", "shm+sem" };
	for (int m = 0; m < BENCHIPC_MECHS; m++) {
		cr_assert_str_eq(rows[m].mechanism, names[m]);
		cr_assert_eq(rows[m].payload, 64);
		cr_assert_gt(rows[m].trips, 10, "%s: %llu trips", names[m],
			     (unsigned long long)rows[m].trips);
		cr_assert_gt(rows[m].rate, 0.0);
		cr_assert_gt(rows[m].mean_us, 0.0);
		cr_assert_gt(rows[m].p99_us, 0.0);
		cr_assert(rows[m].seconds >= 0.3 && rows[m].seconds < 3.0, "%g s (0.3 s asked; a loaded machine stretches it)", rows[m].seconds);
	}
	cr_assert_eq(rows[1].msgs_per_ping, 1, "64 B fits one message");
	cr_assert_eq(objects_now(), before, "objects left behind");
	assert_no_child();
}

/* The data rows of a printed table: mechanism, payload, rate. */
static int table_rows(const char *text, const char *mech[3], double rate[3], size_t payload[3])
{
	int n = 0;
	const char *line = text;
	while (line && *line) {
		const char *next = strchr(line, '\n');
		static const char *const known[] = { "pipe ", "msg queue ", "shm+sem " };
		for (int k = 0; k < 3; k++) {
			size_t len = strlen(known[k]);
			if (strncmp(line, known[k], len) != 0)
				continue;
			cr_assert_lt(n, 3, "more than three rows");
			mech[n] = known[k];
			char *end;
			payload[n] = strtoul(line + len, &end, 10);
			cr_assert_eq(strncmp(end, " B ", 3), 0, "payload column: %.40s", end);
			rate[n] = strtod(end + 3, NULL);
			n++;
		}
		line = next ? next + 1 : NULL;
	}
	return n;
}

/* benchipc_run at payload for 0.3 s per mechanism; the printed text. */
static char *run_table(size_t payload)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	cr_assert_not_null(out);
	cr_assert_eq(benchipc_run(payload, 0.3, out), 0);
	cr_assert_eq(fclose(out), 0);
	return text;
}

Test(benchipc, run_prints_a_table_with_three_rows)
{
	char *text = run_table(4096);
	cr_assert(strstr(text, "round trips/s"), "%s", text);
	cr_assert(strstr(text, "mean \xc2\xb5s") && strstr(text, "p99 \xc2\xb5s"), "%s", text);
	const char *mech[3];
	double rate[3];
	size_t payload[3];
	cr_assert_eq(table_rows(text, mech, rate, payload), 3, "%s", text);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(payload[i], 4096);
		cr_assert_gt(rate[i], 0.0, "%s", text);
	}
	cr_assert_null(strstr(text, "CHUNKED"), "4 KiB fits one message");
	free(text);
	assert_no_child();
}

Test(benchipc, big_payload_is_chunked_on_the_queue)
{
	char *text = run_table(65536);
	const char *mech[3];
	double rate[3];
	size_t payload[3];
	cr_assert_eq(table_rows(text, mech, rate, payload), 3, "%s", text);
	for (int i = 0; i < 3; i++)
		cr_assert_gt(rate[i], 0.0, "%s", text);
	cr_assert(strstr(text, "CHUNKED into 9 messages of at most 8192 B"), "%s", text);
	cr_assert(strstr(text, "not raised"), "%s", text);
	free(text);
	cr_assert_eq(objects_now(), 0);
}

Test(benchipc, bad_arguments)
{
	struct benchipc_row rows[BENCHIPC_MECHS];
	char err[256];
	cr_assert_eq(benchipc_measure(0, 0.3, rows, err, sizeof(err)), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert(strstr(err, "payload"), "%s", err);
	cr_assert_eq(benchipc_measure(BENCHIPC_PAYLOAD_MAX + 1, 0.3, rows, err, sizeof(err)), -1);
	cr_assert_eq(benchipc_measure(64, 0.0, rows, err, sizeof(err)), -1);
	cr_assert_eq(benchipc_measure(64, -1.0, rows, err, sizeof(err)), -1);
	cr_assert(strstr(err, "seconds"), "%s", err);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	cr_assert_eq(benchipc_run(64, 0.0, out), -1);
	cr_assert_eq(fclose(out), 0);
	cr_assert(strstr(text, "ipctop: --bench-ipc: seconds"), "%s", text);
	free(text);
	assert_no_child();
}

/* ---- the ping-pong itself, every mechanism, in one process pair ---------- */

static void echo_round(enum pp_mech mech, size_t max, const size_t *sizes, size_t nsizes)
{
	struct pp_chan ch;
	char err[256];
	cr_assert_eq(pp_open(&ch, mech, max, IPC_PRIVATE, err, sizeof(err)), 0, "%s", err);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		if (pp_side(&ch, PP_PONG, err, sizeof(err)) < 0)
			_exit(2);
		_exit(pp_serve(&ch) == 0 ? 0 : 1);
	}
	cr_assert_eq(pp_side(&ch, PP_PING, err, sizeof(err)), 0, "%s", err);
	for (size_t i = 0; i < nsizes; i++)
		for (int k = 0; k < 5; k++)
			cr_assert_eq(pp_trip(&ch, sizes[i]), 0, "%s %zu B: %s", pp_mech_name(mech),
				     sizes[i], strerror(errno));
	cr_assert_eq(pp_trip(&ch, max + 1), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(pp_quit(&ch), 0);
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the pong side failed: %d", st);
	pp_close(&ch, 1);
	pp_close(&ch, 1); /* twice is fine */
	cr_assert_eq(objects_now(), 0);
}

Test(pingpong, pipe_echoes_every_size)
{
	const size_t sizes[] = { 1, 64, 4096, 65536, 100000 };
	echo_round(PP_PIPE, 100000, sizes, 5);
}

Test(pingpong, queue_echoes_every_size_chunked)
{
	const size_t sizes[] = { 1, 64, 8188, 8189, 65536, 100000 };
	echo_round(PP_MSG, 100000, sizes, 6);
}

Test(pingpong, shm_echoes_every_size)
{
	const size_t sizes[] = { 1, 64, 4096, 65536, 100000 };
	echo_round(PP_SHM, 100000, sizes, 5);
}

Test(pingpong, message_counts_and_latency_stats)
{
	struct pp_chan ch;
	char err[256];
	cr_assert_eq(pp_open(&ch, PP_MSG, 65536, IPC_PRIVATE, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(ch.chunk, 8192);
	cr_assert_eq(pp_msg_count(&ch, 64), 1);
	cr_assert_eq(pp_msg_count(&ch, 8188), 1);
	cr_assert_eq(pp_msg_count(&ch, 8189), 2);
	cr_assert_eq(pp_msg_count(&ch, 65536), 9);
	pp_close(&ch, 1);
	cr_assert_str_eq(pp_mech_name(PP_SHM), "shm+sem");
	cr_assert_eq(pp_open(&ch, PP_MSG, 0, IPC_PRIVATE, err, sizeof(err)), -1);
	cr_assert_eq(errno, EINVAL);

	struct pp_lat l;
	memset(&l, 0, sizeof(l));
	for (uint64_t i = 1; i <= 1000; i++)
		pp_lat_add(&l, i * 1000); /* 1 .. 1000 µs */
	cr_assert_eq(l.count, 1000);
	cr_assert_float_eq(pp_lat_mean_us(&l), 500.5, 1e-9);
	cr_assert_float_eq(pp_lat_p99_us(&l), 990.0, 1e-9);
	pp_lat_free(&l);
	cr_assert_float_eq(pp_lat_p99_us(&l), 0.0, 1e-9);
	cr_assert_float_eq(pp_lat_mean_us(&l), 0.0, 1e-9);
}
