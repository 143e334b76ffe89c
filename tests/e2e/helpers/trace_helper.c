/* trace_helper.c — known System V IPC calls for the tracing tests
 * (tests/e2e/trace.sh): each mode makes an exact number of calls on an
 * object given by id, prints one line "done PID" (or "waiting PID" before
 * a blocking call), then stays alive LINGER_MS (default 800) so that its
 * memory (the semop operations) can still be read. The sembuf arrays are
 * static: they are never rewritten while a tracer may read them.
 *
 *   trace_helper vp SEMID N          N times: V (+1) then P (-1) on sem 0
 *   trace_helper nowait SEMID        one P with IPC_NOWAIT on a zero sem 0: EAGAIN
 *   trace_helper blockp SEMID        P (-1) on sem 0, blocking until released
 *   trace_helper zero SEMID          wait-for-zero (0) on sem 0
 *   trace_helper v SEMID MS          sleeps MS milliseconds, then V (+1) on sem 0
 *   trace_helper msg MSQID N BYTES   N msgsnd of BYTES bytes (type 1), then N msgrcv
 *   trace_helper shm SHMID N         N times shmat then shmdt
 *   trace_helper private KEY         semget(KEY, 1, IPC_CREAT|0600), one V, IPC_RMID
 *   trace_helper load SEMID RATE SECONDS  V then P at RATE calls per second ("done PID CALLS")
 * Exits 0, or 1 with "<call>: <strerror>" on stderr. */
#define _GNU_SOURCE

#define HELPER_NAME "trace_helper"
#include "helper_common.h"

#include <time.h>

static const struct sembuf op_v = { 0, 1, 0 }, op_p = { 0, -1, 0 }, op_p_nowait = { 0, -1, IPC_NOWAIT },
			   op_zero = { 0, 0, 0 };

static int fail(const char *call)
{
	fprintf(stderr, "trace_helper: %s: %s\n", call, strerror(errno));
	return 1;
}

static void linger(void)
{
	const char *ms = getenv("LINGER_MS");
	long v = ms ? strtol(ms, NULL, 10) : 800;
	usleep((useconds_t)(v > 0 ? v : 0) * 1000);
}

static int semop1(int id, const struct sembuf *op)
{
	int rc;
	do
		rc = semop(id, (struct sembuf *)op, 1);
	while (rc < 0 && errno == EINTR);
	return rc;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int load(int id, double rate, double seconds)
{
	double t0 = now_s();
	long n = 0;
	for (;;) {
		double el = now_s() - t0;
		if (el >= seconds)
			break;
		if (n >= (long)(el * rate)) {
			usleep(200);
			continue;
		}
		if (semop1(id, (n & 1) ? &op_p : &op_v) < 0)
			return fail("semop");
		n++;
	}
	printf("done %d %ld\n", (int)getpid(), n);
	linger();
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc < 3)
		return 2;
	const char *mode = argv[1];
	int id = (int)num(argv[2]);
	if (!strcmp(mode, "vp") && argc == 4) {
		long n = strtol(argv[3], NULL, 10);
		for (long i = 0; i < n; i++)
			if (semop1(id, &op_v) < 0 || semop1(id, &op_p) < 0)
				return fail("semop");
	} else if (!strcmp(mode, "nowait")) {
		if (semop(id, (struct sembuf *)&op_p_nowait, 1) == 0 || errno != EAGAIN)
			return fail("semop IPC_NOWAIT (wanted EAGAIN)");
	} else if (!strcmp(mode, "blockp") || !strcmp(mode, "zero")) {
		printf("waiting %d\n", (int)getpid());
		if (semop1(id, !strcmp(mode, "zero") ? &op_zero : &op_p) < 0)
			return fail("semop");
	} else if (!strcmp(mode, "v") && argc == 4) {
		usleep((useconds_t)strtol(argv[3], NULL, 10) * 1000);
		if (semop1(id, &op_v) < 0)
			return fail("semop");
	} else if (!strcmp(mode, "msg") && argc == 5) {
		long n = strtol(argv[3], NULL, 10);
		size_t bytes = (size_t)strtoul(argv[4], NULL, 10);
		struct {
			long mtype;
			char mtext[4096];
		} m;
		if (bytes > sizeof(m.mtext))
			return 2;
		m.mtype = 1;
		memset(m.mtext, 'x', sizeof(m.mtext));
		for (long i = 0; i < n; i++)
			if (msgsnd(id, &m, bytes, 0) < 0)
				return fail("msgsnd");
		for (long i = 0; i < n; i++)
			if (msgrcv(id, &m, sizeof(m.mtext), 0, 0) < 0)
				return fail("msgrcv");
	} else if (!strcmp(mode, "shm") && argc == 4) {
		long n = strtol(argv[3], NULL, 10);
		for (long i = 0; i < n; i++) {
			void *p = shmat(id, NULL, 0);
			if (p == (void *)-1)
				return fail("shmat");
			if (shmdt(p) < 0)
				return fail("shmdt");
		}
	} else if (!strcmp(mode, "private")) {
		int s = semget((key_t)id, 1, IPC_CREAT | 0600);
		if (s < 0)
			return fail("semget");
		if (semop1(s, &op_v) < 0 || semctl(s, 0, IPC_RMID) < 0)
			return fail("semop/semctl");
	} else if (!strcmp(mode, "load") && argc == 5) {
		return load(id, strtod(argv[3], NULL), strtod(argv[4], NULL));
	} else {
		return 2;
	}
	printf("done %d\n", (int)getpid());
	linger();
	return 0;
}
