/* benchipc.h — `ipctop --bench-ipc [--size N] [--seconds S]`: the homework
 * scenario's ping-pong (pingpong.h) over a pipe, a message queue and shm +
 * semaphores, one mechanism after the other, each for S seconds, with a
 * forked echo process; a table of round trips per second and mean and
 * 99th-percentile round-trip latency. Objects are IPC_PRIVATE and removed
 * at the end of each run. Queues do not take 64 KiB in one message (msgmax
 * 8192 by default): such pings are chunked, and the table's note says so;
 * no limit is raised. */
#ifndef IPCTOP_BENCHIPC_H
#define IPCTOP_BENCHIPC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BENCHIPC_MECHS 3
#define BENCHIPC_PAYLOAD_MAX (16u << 20) /* 16 MiB */
#define BENCHIPC_SECONDS_MAX 3600.0

struct benchipc_row {
	const char *mechanism; /* "pipe", "msg queue", "shm+sem" */
	size_t payload;        /* bytes each way per round trip */
	uint64_t trips;        /* timed round trips */
	double seconds;        /* time they took */
	double rate;           /* round trips per second */
	double mean_us, p99_us;
	size_t msgs_per_ping;  /* msg queue: messages per ping (> 1: chunked) */
	size_t chunk;          /* msg queue: bytes per message at most */
};

/* Measures the three mechanisms at one payload (1 .. BENCHIPC_PAYLOAD_MAX
 * bytes) for `seconds` each (> 0, at most BENCHIPC_SECONDS_MAX), after a
 * short warm-up. Returns 0, or -1 with errno and a reason in err. */
int benchipc_measure(size_t payload, double seconds, struct benchipc_row rows[BENCHIPC_MECHS],
		     char *err, size_t errlen);

/* The whole command: measures and prints the table to out. payload 0 runs
 * the three classic sizes (64 B, 4 KiB, 64 KiB) in one table. Returns 0,
 * or -1 with the reason printed to out as "ipctop: ..." and errno set. */
int benchipc_run(size_t payload, double seconds, FILE *out);

#endif
