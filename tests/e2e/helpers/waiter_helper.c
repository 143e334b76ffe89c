/* waiter_helper.c — small programs that block on System V objects the way
 * real ones do, for the waiter tests (tests/e2e/waiters.sh): not ipctop's
 * scenarios, plain calls. Each prints one line saying what it is about to
 * do ("waiting", "holding", "attached") with its pid, then does it.
 *
 * Usage (ids and numbers parsed with strtol base 0):
 *   waiter_helper semp SEMID NUM         P: semop(NUM, -1, 0), blocks while the value is 0
 *   waiter_helper semz SEMID NUM         wait for zero: semop(NUM, 0, 0)
 *   waiter_helper semv SEMID NUM         V: semop(NUM, +1, 0), then exits
 *   waiter_helper tsemp SEMID NUM        P in a second thread; the main one sleeps in pause()
 *   waiter_helper msgrcv MSQID TYPE SIZE msgrcv(TYPE, SIZE bytes), blocks on an empty queue
 *   waiter_helper fill MSQID             msgsnd 1-byte messages (IPC_NOWAIT) until the queue is full
 *   waiter_helper msgsnd MSQID TYPE SIZE msgsnd(TYPE, SIZE bytes), blocks on a full queue
 *   waiter_helper attach2 SHMID          shmat read-only, then read-write, then pause()
 *   waiter_helper shmhold KEY            shmget(KEY, 4096, IPC_CREAT | 0644), prints the
 *                                        shmid, then pause(): a creator that stays alive
 *   waiter_helper lock SEMID FIRST SECOND  P(FIRST), then once the value of SECOND is 0
 *                                        (someone else holds it) P(SECOND): two of these
 *                                        with FIRST and SECOND swapped deadlock
 *   waiter_helper attach-setns SHMID NSFILE  shmat here, then setns() into the IPC namespace
 *                                        NSFILE, then pause()
 * Exits 1 with "<call>: <strerror>" on stderr when a call fails. */
#define _GNU_SOURCE

#define HELPER_NAME "waiter_helper"
#include "helper_common.h"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>

static int fail(const char *call)
{
	fprintf(stderr, "waiter_helper: %s: %s\n", call, strerror(errno));
	return 1;
}

static void say(const char *what)
{
	printf("%s %d\n", what, (int)getpid());
	fflush(stdout);
}

static int sem_op(int semid, long num, short op)
{
	struct sembuf sb = { (unsigned short)num, op, 0 };
	while (semop(semid, &sb, 1) < 0)
		if (errno != EINTR)
			return fail("semop");
	return 0;
}

struct targ {
	int semid;
	long num;
};

static void *thread_p(void *p)
{
	const struct targ *t = p;
	sem_op(t->semid, t->num, -1);
	return NULL;
}

static int lock(int semid, long first, long second)
{
	if (sem_op(semid, first, -1))
		return 1;
	say("holding");
	/* Until the other one holds SECOND (value 0), at most 10 s. */
	for (int i = 0; i < 1000 && semctl(semid, (int)second, GETVAL) != 0; i++)
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	say("waiting");
	if (sem_op(semid, second, -1))
		return 1;
	say("got both");
	return 0;
}

static int send(int msqid, long type, size_t size, int flags)
{
	struct {
		long mtype;
		char mtext[65536];
	} *m = calloc(1, sizeof(*m));
	if (!m || size > sizeof(m->mtext))
		return 2;
	m->mtype = type;
	int rc;
	while ((rc = msgsnd(msqid, m, size, flags)) < 0 && errno == EINTR)
		;
	free(m);
	return rc;
}

static int attach_setns(int shmid, const char *nsfile)
{
	if (shmat(shmid, NULL, 0) == (void *)-1)
		return fail("shmat");
	int fd = open(nsfile, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("open");
	if (setns(fd, CLONE_NEWIPC) < 0)
		return fail("setns");
	close(fd);
	say("attached");
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	if (argc == 4 && (!strcmp(cmd, "semp") || !strcmp(cmd, "semz") || !strcmp(cmd, "semv"))) {
		if (strcmp(cmd, "semv"))
			say("waiting");
		return sem_op((int)num(argv[2]), num(argv[3]), !strcmp(cmd, "semp") ? -1 : !strcmp(cmd, "semz") ? 0 : 1);
	}
	if (argc == 4 && !strcmp(cmd, "tsemp")) {
		static struct targ t;
		t = (struct targ){ (int)num(argv[2]), num(argv[3]) };
		pthread_t th;
		if ((errno = pthread_create(&th, NULL, thread_p, &t)) != 0)
			return fail("pthread_create");
		say("waiting");
		for (;;)
			pause();
	}
	if (argc == 5 && !strcmp(cmd, "msgrcv")) {
		static struct {
			long mtype;
			char mtext[65536];
		} m;
		say("waiting");
		while (msgrcv((int)num(argv[2]), &m, (size_t)num(argv[4]), num(argv[3]), 0) < 0)
			if (errno != EINTR)
				return fail("msgrcv");
		return 0;
	}
	if (argc == 3 && !strcmp(cmd, "fill")) {
		while (send((int)num(argv[2]), 1, 1, IPC_NOWAIT) == 0)
			;
		return errno == EAGAIN ? 0 : fail("msgsnd");
	}
	if (argc == 5 && !strcmp(cmd, "msgsnd")) {
		say("waiting");
		return send((int)num(argv[2]), num(argv[3]), (size_t)num(argv[4]), 0) < 0 ? fail("msgsnd") : 0;
	}
	if (argc == 3 && !strcmp(cmd, "attach2")) {
		int id = (int)num(argv[2]);
		if (shmat(id, NULL, SHM_RDONLY) == (void *)-1 || shmat(id, NULL, 0) == (void *)-1)
			return fail("shmat");
		say("attached");
		for (;;)
			pause();
	}
	if (argc == 3 && !strcmp(cmd, "shmhold")) {
		int id = shmget((key_t)num(argv[2]), 4096, IPC_CREAT | 0644);
		if (id < 0)
			return fail("shmget");
		printf("%d\n", id);
		say("holding");
		for (;;)
			pause();
	}
	if (argc == 5 && !strcmp(cmd, "lock"))
		return lock((int)num(argv[2]), num(argv[3]), num(argv[4]));
	if (argc == 4 && !strcmp(cmd, "attach-setns"))
		return attach_setns((int)num(argv[2]), argv[3]);
	fprintf(stderr, "usage: see the comment at the top of waiter_helper.c\n");
	return 2;
}
