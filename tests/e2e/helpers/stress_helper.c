/* stress_helper.c — load and watch tools for the churn, restore and stress
 * tests (tests/e2e/churn.sh, tests/e2e/restore.sh, tests/stress.sh). It is
 * compiled by those scripts, not by make.
 *
 * Usage:
 *   stress_helper churn SECONDS [POOL]
 *       For SECONDS, as fast as it can: creates and removes shared memory
 *       segments, message queues and semaphore sets (IPC_PRIVATE and keyed,
 *       up to POOL of each kind alive at a time, default 16), changes their
 *       perms (IPC_SET), attaches and detaches segments (also removing a
 *       segment while attached), sends and receives messages and sets
 *       semaphore values. Removes what is left at the end, then prints
 *       "ops N creates N removes N sets N attaches N errors N". Exits 1 when
 *       a call failed unexpectedly (the first failure goes to stderr).
 *   stress_helper storm PID SECONDS USEC
 *       kill(PID, SIGALRM) every USEC microseconds (absolute deadlines) for
 *       SECONDS; prints "sent N signals". Exits 1 when PID went away.
 *   stress_helper reap PIDFILE LOGFILE TIMEOUT_MS CMD [ARG...]
 *       Becomes a child subreaper, runs CMD, writes its pid to PIDFILE.
 *       Every descendant orphaned by CMD is reparented here and reaped; the
 *       log gets "main PID exit N" or "main PID signal N", one "orphan PID
 *       exit N|signal N after MS ms" line per orphan, and at the end either
 *       "all gone after MS ms" or "left PID..." (orphans still alive
 *       TIMEOUT_MS after CMD ended). Exits with CMD's status in the shell's
 *       convention (128 + signal when it was killed). */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdbool.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>

#define HELPER_NAME "stress_helper"
#include "helper_common.h"

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* ---- churn --------------------------------------------------------------- */

#define MAX_POOL 256

struct churn {
	int shm[MAX_POOL], msg[MAX_POOL], sem[MAX_POOL];
	void *addr[MAX_POOL];
	long ops, creates, removes, sets, attaches, errors;
	unsigned rnd;
};

static unsigned next_rand(struct churn *c)
{
	c->rnd = c->rnd * 1103515245u + 12345u;
	return c->rnd >> 8;
}

/* A failure the churn does not expect (the objects are its own). */
static void churn_error(struct churn *c, const char *call)
{
	if (c->errors++ == 0)
		fprintf(stderr, "stress_helper churn: %s: %s\n", call, strerror(errno));
}

static void churn_set_perms(struct churn *c, int kind, int id, unsigned mode)
{
	int rc;
	if (kind == 0) {
		struct shmid_ds ds;
		rc = shmctl(id, IPC_STAT, &ds);
		ds.shm_perm.mode = (unsigned short)mode;
		rc = rc < 0 ? rc : shmctl(id, IPC_SET, &ds);
	} else if (kind == 1) {
		struct msqid_ds ds;
		rc = msgctl(id, IPC_STAT, &ds);
		ds.msg_perm.mode = (unsigned short)mode;
		rc = rc < 0 ? rc : msgctl(id, IPC_SET, &ds);
	} else {
		struct semid_ds ds;
		union semun arg = { .buf = &ds };
		rc = semctl(id, 0, IPC_STAT, arg);
		ds.sem_perm.mode = (unsigned short)mode;
		rc = rc < 0 ? rc : semctl(id, 0, IPC_SET, arg);
	}
	if (rc < 0)
		churn_error(c, "IPC_SET");
	else
		c->sets++;
}

static void churn_create(struct churn *c, int kind, int slot)
{
	static const unsigned modes[] = { 0600, 0640, 0644, 0666 };
	unsigned r = next_rand(c);
	/* Half private, half with a key of our own (free: the slot is empty). */
	key_t key = (r & 1) ? IPC_PRIVATE : (key_t)(0x7c000000 + (kind << 12) + slot);
	int flags = IPC_CREAT | IPC_EXCL | (int)modes[(r >> 1) & 3];
	int id;
	if (kind == 0)
		id = shmget(key, 4096u << ((r >> 3) & 3), flags);
	else if (kind == 1)
		id = msgget(key, flags);
	else
		id = semget(key, 1 + (int)((r >> 3) & 7), flags);
	if (id < 0) {
		churn_error(c, kind == 0 ? "shmget" : kind == 1 ? "msgget" : "semget");
		return;
	}
	(kind == 0 ? c->shm : kind == 1 ? c->msg : c->sem)[slot] = id;
	c->creates++;
}

static void churn_detach(struct churn *c, int slot)
{
	if (!c->addr[slot])
		return;
	if (shmdt(c->addr[slot]) < 0)
		churn_error(c, "shmdt");
	c->addr[slot] = NULL;
}

static void churn_remove(struct churn *c, int kind, int slot)
{
	int *ids = kind == 0 ? c->shm : kind == 1 ? c->msg : c->sem;
	int rc;
	if (kind == 0) {
		/* Sometimes removed while attached: it lingers (dest) until the
		 * detach right after. */
		bool early = next_rand(c) & 1;
		if (!early)
			churn_detach(c, slot);
		rc = shmctl(ids[slot], IPC_RMID, NULL);
		churn_detach(c, slot);
	} else if (kind == 1) {
		rc = msgctl(ids[slot], IPC_RMID, NULL);
	} else {
		rc = semctl(ids[slot], 0, IPC_RMID);
	}
	if (rc < 0)
		churn_error(c, "IPC_RMID");
	else
		c->removes++;
	ids[slot] = -1;
}

/* Attach/detach, a message in or out, a semaphore value. */
static void churn_use(struct churn *c, int kind, int slot)
{
	unsigned r = next_rand(c);
	if (kind == 0) {
		if (c->addr[slot]) {
			churn_detach(c, slot);
			return;
		}
		void *p = shmat(c->shm[slot], NULL, (r & 1) ? SHM_RDONLY : 0);
		if (p == (void *)-1) {
			churn_error(c, "shmat");
			return;
		}
		c->addr[slot] = p;
		c->attaches++;
	} else if (kind == 1) {
		struct {
			long mtype;
			char text[64];
		} m = { .mtype = 1 + (long)(r & 3) };
		memset(m.text, 'c', sizeof(m.text));
		if (r & 16) {
			if (msgsnd(c->msg[slot], &m, 1 + (r >> 5) % 64, IPC_NOWAIT) < 0 && errno != EAGAIN)
				churn_error(c, "msgsnd");
		} else if (msgrcv(c->msg[slot], &m, sizeof(m.text), 0, IPC_NOWAIT | MSG_NOERROR) < 0 &&
			   errno != ENOMSG) {
			churn_error(c, "msgrcv");
		}
	} else {
		union semun arg = { .val = (int)(r % 100) };
		if (semctl(c->sem[slot], 0, SETVAL, arg) < 0)
			churn_error(c, "semctl(SETVAL)");
	}
}

static int do_churn(long seconds, long pool)
{
	static struct churn c;
	static const unsigned modes[] = { 0600, 0640, 0644, 0666 };
	if (pool < 1 || pool > MAX_POOL)
		return 2;
	for (int i = 0; i < MAX_POOL; i++)
		c.shm[i] = c.msg[i] = c.sem[i] = -1;
	c.rnd = (unsigned)getpid();
	long long end = now_ms() + seconds * 1000;
	while ((c.ops & 255) || now_ms() < end) {
		unsigned r = next_rand(&c);
		int kind = (int)(r % 3), slot = (int)((r >> 2) % (unsigned)pool);
		int *ids = kind == 0 ? c.shm : kind == 1 ? c.msg : c.sem;
		c.ops++;
		if (ids[slot] < 0)
			churn_create(&c, kind, slot);
		else if ((r >> 10) % 4 == 0)
			churn_remove(&c, kind, slot);
		else if ((r >> 10) % 4 == 1)
			churn_set_perms(&c, kind, ids[slot], modes[(r >> 12) & 3]);
		else
			churn_use(&c, kind, slot);
	}
	for (int i = 0; i < MAX_POOL; i++)
		for (int k = 0; k < 3; k++)
			if ((k == 0 ? c.shm : k == 1 ? c.msg : c.sem)[i] >= 0)
				churn_remove(&c, k, i);
	printf("ops %ld creates %ld removes %ld sets %ld attaches %ld errors %ld\n", c.ops, c.creates,
	       c.removes, c.sets, c.attaches, c.errors);
	return c.errors ? 1 : 0;
}

/* ---- storm --------------------------------------------------------------- */

static int do_storm(pid_t pid, long seconds, long usec)
{
	struct timespec t;
	long sent = 0;
	if (usec < 1)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t);
	long long end = now_ms() + seconds * 1000;
	while (now_ms() < end) {
		if (kill(pid, SIGALRM) < 0) {
			printf("sent %ld signals; kill: %s\n", sent, strerror(errno));
			return 1;
		}
		sent++;
		t.tv_nsec += usec * 1000;
		while (t.tv_nsec >= 1000000000L)
			t.tv_nsec -= 1000000000L, t.tv_sec++;
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
			;
	}
	printf("sent %ld signals\n", sent);
	return 0;
}

/* ---- reap ---------------------------------------------------------------- */

static void on_alarm(int sig)
{
	(void)sig;
}

/* Our children still alive (reparented orphans not reaped yet). */
static void log_left(FILE *log)
{
	char path[300], buf[512];
	DIR *d = opendir("/proc");
	struct dirent *e;
	fprintf(log, "left");
	while (d && (e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		FILE *f = fopen(path, "re");
		if (!f)
			continue;
		size_t n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = '\0';
		const char *rp = strrchr(buf, ')');
		int ppid;
		char st;
		if (rp && sscanf(rp + 1, " %c %d", &st, &ppid) == 2 && ppid == getpid())
			fprintf(log, " %s", e->d_name);
	}
	if (d)
		closedir(d);
	fprintf(log, "\n");
}

static int do_reap(const char *pidfile, const char *logfile, long timeout_ms, char **cmd)
{
	FILE *log = fopen(logfile, "we");
	if (!log || prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		perror("stress_helper reap");
		return 2;
	}
	setvbuf(log, NULL, _IOLBF, 0);
	pid_t main_pid = fork();
	if (main_pid < 0) {
		perror("fork");
		return 2;
	}
	if (main_pid == 0) {
		fclose(log);
		execvp(cmd[0], cmd);
		perror(cmd[0]);
		_exit(127);
	}
	FILE *pf = fopen(pidfile, "we");
	if (pf) {
		fprintf(pf, "%d\n", (int)main_pid);
		fclose(pf);
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART: waitpid returns EINTR */
	sigaction(SIGALRM, &sa, NULL);
	int rc = 0;
	long long main_end = -1;
	for (;;) {
		int st;
		pid_t p = waitpid(-1, &st, 0);
		if (p < 0) {
			if (errno == ECHILD) {
				fprintf(log, "all gone after %lld ms\n", main_end < 0 ? 0 : now_ms() - main_end);
				break;
			}
			if (errno == EINTR && main_end >= 0 && now_ms() - main_end >= timeout_ms) {
				log_left(log);
				break;
			}
			continue;
		}
		char what[32];
		if (WIFSIGNALED(st))
			snprintf(what, sizeof(what), "signal %d", WTERMSIG(st));
		else
			snprintf(what, sizeof(what), "exit %d", WEXITSTATUS(st));
		if (p == main_pid) {
			fprintf(log, "main %d %s\n", (int)p, what);
			rc = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
			main_end = now_ms();
			struct itimerval it = { { 0, 50000 }, { 0, 50000 } };
			setitimer(ITIMER_REAL, &it, NULL);
		} else {
			fprintf(log, "orphan %d %s after %lld ms\n", (int)p, what,
				main_end < 0 ? -1 : now_ms() - main_end);
		}
	}
	fclose(log);
	return rc;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "churn") && (argc == 3 || argc == 4))
		return do_churn(num(argv[2]), argc == 4 ? num(argv[3]) : 16);
	if (!strcmp(cmd, "storm") && argc == 5)
		return do_storm((pid_t)num(argv[2]), num(argv[3]), num(argv[4]));
	if (!strcmp(cmd, "reap") && argc >= 6)
		return do_reap(argv[2], argv[3], num(argv[4]), argv + 5);
	fprintf(stderr, "usage: see the comment at the top of stress_helper.c\n");
	return 2;
}
