/* benchipc.c — owns --bench-ipc: timing the ping-pong of pingpong.c on each
 * mechanism with a forked echo process, the statistics per mechanism, and
 * the printed table with its notes. */
#define _GNU_SOURCE
#include "classroom/benchipc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <unistd.h>

#include "proc/childproc.h"
#include "classroom/pingpong.h"

#define WARMUP_TRIPS 50
#define REAP_MS 2000

/* The echo process: serves until told to quit. On an error it removes the
 * objects, so the ping side gets EIDRM instead of waiting for ever. */
static _Noreturn void ponger(struct pp_chan *ch)
{
	char err[160];
	if (pp_side(ch, PP_PONG, err, sizeof(err)) < 0 || pp_serve(ch) < 0) {
		pp_close(ch, 1);
		_exit(1);
	}
	_exit(0);
}

static int measure_one(enum pp_mech mech, size_t payload, double seconds,
		       struct benchipc_row *row, char *err, size_t errlen)
{
	struct pp_chan ch;
	memset(row, 0, sizeof(*row));
	row->mechanism = pp_mech_name(mech);
	row->payload = payload;
	if (pp_open(&ch, mech, payload, IPC_PRIVATE, err, errlen) < 0)
		return -1;
	pid_t pid = childproc_fork(0);
	if (pid < 0) {
		int e = errno;
		snprintf(err, errlen, "fork: %s", strerror(e));
		pp_close(&ch, 1);
		errno = e;
		return -1;
	}
	if (pid == 0)
		ponger(&ch);
	int rc = 0, e = 0;
	struct pp_lat lat;
	memset(&lat, 0, sizeof(lat));
	if (pp_side(&ch, PP_PING, err, errlen) < 0) {
		e = errno;
		rc = -1;
	}
	for (int i = 0; rc == 0 && i < WARMUP_TRIPS; i++)
		if (pp_trip(&ch, payload) < 0) {
			e = errno;
			rc = -1;
		}
	uint64_t start = pp_now_ns(), now = start;
	uint64_t end = start + (uint64_t)(seconds * 1e9);
	while (rc == 0 && now < end) {
		uint64_t t0 = now;
		if (pp_trip(&ch, payload) < 0) {
			e = errno;
			rc = -1;
			break;
		}
		now = pp_now_ns();
		pp_lat_add(&lat, now - t0);
	}
	if (rc < 0 && !err[0])
		snprintf(err, errlen, "%s ping-pong: %s", row->mechanism, strerror(e));
	if (rc == 0 && pp_quit(&ch) < 0) {
		e = errno;
		snprintf(err, errlen, "%s: telling the echo process to quit: %s", row->mechanism, strerror(e));
		rc = -1;
	}
	int st;
	if (childproc_reap(pid, &st, rc == 0 ? REAP_MS : 0) != 1) {
		(void)kill(pid, SIGKILL);
		(void)childproc_reap(pid, &st, -1);
	}
	pp_close(&ch, 1);
	if (rc == 0) {
		row->trips = lat.count;
		row->seconds = (double)(now - start) / 1e9;
		row->rate = row->seconds > 0 ? (double)lat.count / row->seconds : 0.0;
		row->mean_us = pp_lat_mean_us(&lat);
		row->p99_us = pp_lat_p99_us(&lat);
		row->msgs_per_ping = mech == PP_MSG ? pp_msg_count(&ch, payload) : 0;
		row->chunk = mech == PP_MSG ? ch.chunk : 0;
	}
	pp_lat_free(&lat);
	if (rc < 0)
		errno = e ? e : EIO;
	return rc;
}

int benchipc_measure(size_t payload, double seconds, struct benchipc_row rows[BENCHIPC_MECHS],
		     char *err, size_t errlen)
{
	err[0] = '\0';
	if (payload < 1 || payload > BENCHIPC_PAYLOAD_MAX) {
		snprintf(err, errlen, "payload %zu out of range (1 .. %u bytes)", payload,
			 BENCHIPC_PAYLOAD_MAX);
		errno = EINVAL;
		return -1;
	}
	if (!(seconds > 0.0) || seconds > BENCHIPC_SECONDS_MAX) {
		snprintf(err, errlen, "seconds %g out of range (0 .. %g)", seconds, BENCHIPC_SECONDS_MAX);
		errno = EINVAL;
		return -1;
	}
	for (int m = 0; m < BENCHIPC_MECHS; m++)
		if (measure_one((enum pp_mech)m, payload, seconds, &rows[m], err, errlen) < 0)
			return -1;
	return 0;
}

static void print_row(FILE *out, const struct benchipc_row *r)
{
	fprintf(out, "%-10s %8zu B %15.0f %10.1f %10.1f\n", r->mechanism, r->payload, r->rate,
		r->mean_us, r->p99_us);
}

int benchipc_run(size_t payload, double seconds, FILE *out)
{
	static const size_t classic[] = { 64, 4096, 65536 };
	const size_t *sizes = payload ? &payload : classic;
	size_t nsizes = payload ? 1 : sizeof(classic) / sizeof(classic[0]);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	fprintf(out, "ipctop --bench-ipc: ping-pong (n bytes out, the same n bytes back), %g s per "
		     "mechanism, one after the other, %ld CPU(s)\n",
		seconds, cpus);
	/* µ is two bytes: one more of width for the columns that hold it */
	fprintf(out, "%-10s %10s %15s %11s %11s\n", "mechanism", "payload", "round trips/s",
		"mean \xc2\xb5s", "p99 \xc2\xb5s");
	size_t chunked_payload = 0, chunked_msgs = 0, chunk = 0;
	for (size_t i = 0; i < nsizes; i++) {
		struct benchipc_row rows[BENCHIPC_MECHS];
		char err[256];
		if (benchipc_measure(sizes[i], seconds, rows, err, sizeof(err)) < 0) {
			int e = errno;
			fprintf(out, "ipctop: --bench-ipc: %s\n", err);
			(void)fflush(out);
			errno = e;
			return -1;
		}
		for (int m = 0; m < BENCHIPC_MECHS; m++) {
			print_row(out, &rows[m]);
			if (rows[m].msgs_per_ping > 1) {
				chunked_payload = rows[m].payload;
				chunked_msgs = rows[m].msgs_per_ping;
				chunk = rows[m].chunk;
			}
		}
	}
	fprintf(out, "note: latency is one whole round trip; each side copies the payload in and "
		     "out (shm+sem too).\n");
	if (chunked_payload)
		fprintf(out,
			"note: msg queue: a %zu B ping exceeds msgmax (%zu B), so it is CHUNKED into %zu "
			"messages of at most %zu B each way (4 B of length header included); the limits "
			"were not raised.\n",
			chunked_payload, chunk, chunked_msgs, chunk);
	if (fflush(out) == EOF || ferror(out))
		return -1;
	return 0;
}
