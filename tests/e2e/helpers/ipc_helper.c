/* ipc_helper.c — a tiny tool for the e2e tests: creates System V IPC
 * objects with chosen keys, perms and owners, fills queues, sets semaphore
 * values, attaches segments and creates thousands of objects fast. It is
 * compiled by the tests (see helper_build in the e2e scripts), not by make.
 *
 * Usage (KEY and PERMS are parsed with strtol base 0: 0x1234, 0640):
 *   ipc_helper shm KEY SIZE PERMS          create a segment, print its id
 *   ipc_helper msg KEY PERMS               create a queue, print its id
 *   ipc_helper sem KEY NSEMS PERMS         create a set, print its id
 *   ipc_helper send MSQID TYPE BYTES       send one message of BYTES bytes
 *   ipc_helper setall SEMID V0 V1 ...      semctl(SETALL)
 *   ipc_helper owner m|q|s ID UID GID      IPC_SET the owner uid/gid
 *   ipc_helper attach SHMID                attach, print "attached", pause
 *   ipc_helper lock SHMID                  shmctl(SHM_LOCK)
 *   ipc_helper mass NMSG NSEM NSHM SHMSIZE create that many IPC_PRIVATE objects
 *   ipc_helper rmall                       remove every object of the namespace
 *   ipc_helper ftok PATH PROJ              print ftok(PATH, PROJ) as 0x%08x
 *   ipc_helper semvals SEMID               print every value (GETALL), space-separated
 *   ipc_helper semcnt SEMID NUM            print "NCNT ZCNT" (GETNCNT, GETZCNT)
 *   ipc_helper sendtext MSQID TYPE TEXT    send TEXT (no NUL) with IPC_NOWAIT
 *   ipc_helper qstat MSQID                 print "QNUM CBYTES" (IPC_STAT)
 *   ipc_helper shmread SHMID OFF LEN       attach read-only, print LEN bytes at OFF
 *                                          as hex (no spaces), detach
 *   ipc_helper nattch SHMID                print shm_nattch (IPC_STAT)
 *   ipc_helper perms m|q|s ID PERMS        IPC_SET the permission bits
 *   ipc_helper rm m|q|s ID                 IPC_RMID
 *   ipc_helper semwait SEMID NUM           semop(NUM, -1) blocking: prints "waiting",
 *                                          then blocks until it gets the unit
 * Exits 0 on success, 1 with "<call>: <strerror>" on stderr otherwise. */
#define _GNU_SOURCE

#define HELPER_NAME "ipc_helper"
#include "helper_common.h"

static int fail(const char *call)
{
	fprintf(stderr, "ipc_helper: %s: %s\n", call, strerror(errno));
	return 1;
}

static int print_id(int id, const char *call)
{
	if (id < 0)
		return fail(call);
	printf("%d\n", id);
	return 0;
}

static int do_send(int id, long type, long bytes)
{
	struct {
		long mtype;
		char mtext[65536];
	} *m = malloc(sizeof(*m));
	if (!m || bytes < 0 || bytes > 65536)
		return 2;
	m->mtype = type;
	for (long i = 0; i < bytes; i++)
		m->mtext[i] = (char)('a' + i % 26);
	int rc = msgsnd(id, m, (size_t)bytes, IPC_NOWAIT);
	free(m);
	return rc < 0 ? fail("msgsnd") : 0;
}

static int do_setall(int id, int n, char **vals)
{
	unsigned short *v = calloc((size_t)n + 1, sizeof(*v));
	for (int i = 0; i < n; i++)
		v[i] = (unsigned short)num(vals[i]);
	union semun arg = { .array = v };
	int rc = semctl(id, 0, SETALL, arg);
	free(v);
	return rc < 0 ? fail("semctl(SETALL)") : 0;
}

/* IPC_SET of the owner (uid/gid >= 0) or of the permission bits (perms >= 0). */
static int do_set(char kind, int id, long uid, long gid, long perms)
{
	int rc;
	if (kind == 'm') {
		struct shmid_ds ds;
		if (shmctl(id, IPC_STAT, &ds) < 0)
			return fail("shmctl(IPC_STAT)");
		if (uid >= 0)
			ds.shm_perm.uid = (uid_t)uid, ds.shm_perm.gid = (gid_t)gid;
		if (perms >= 0)
			ds.shm_perm.mode = (unsigned short)((ds.shm_perm.mode & ~0777u) | (unsigned)perms);
		rc = shmctl(id, IPC_SET, &ds);
	} else if (kind == 'q') {
		struct msqid_ds ds;
		if (msgctl(id, IPC_STAT, &ds) < 0)
			return fail("msgctl(IPC_STAT)");
		if (uid >= 0)
			ds.msg_perm.uid = (uid_t)uid, ds.msg_perm.gid = (gid_t)gid;
		if (perms >= 0)
			ds.msg_perm.mode = (unsigned short)((ds.msg_perm.mode & ~0777u) | (unsigned)perms);
		rc = msgctl(id, IPC_SET, &ds);
	} else {
		struct semid_ds ds;
		union semun arg = { .buf = &ds };
		if (semctl(id, 0, IPC_STAT, arg) < 0)
			return fail("semctl(IPC_STAT)");
		if (uid >= 0)
			ds.sem_perm.uid = (uid_t)uid, ds.sem_perm.gid = (gid_t)gid;
		if (perms >= 0)
			ds.sem_perm.mode = (unsigned short)((ds.sem_perm.mode & ~0777u) | (unsigned)perms);
		rc = semctl(id, 0, IPC_SET, arg);
	}
	return rc < 0 ? fail("IPC_SET") : 0;
}

static int do_rm(char kind, int id)
{
	int rc = kind == 'm' ? shmctl(id, IPC_RMID, NULL) : kind == 'q' ? msgctl(id, IPC_RMID, NULL)
							       : semctl(id, 0, IPC_RMID);
	return rc < 0 ? fail("IPC_RMID") : 0;
}

static int do_semwait(int id, int num)
{
	struct sembuf op = { .sem_num = (unsigned short)num, .sem_op = -1, .sem_flg = 0 };
	printf("waiting\n");
	fflush(stdout);
	int rc;
	do
		rc = semop(id, &op, 1);
	while (rc < 0 && errno == EINTR);
	return rc < 0 ? fail("semop") : 0;
}

static int do_mass(long nmsg, long nsem, long nshm, long size)
{
	for (long i = 0; i < nmsg; i++)
		if (msgget(IPC_PRIVATE, IPC_CREAT | 0600) < 0)
			return fail("msgget");
	for (long i = 0; i < nsem; i++)
		if (semget(IPC_PRIVATE, 1, IPC_CREAT | 0600) < 0)
			return fail("semget");
	for (long i = 0; i < nshm; i++)
		if (shmget(IPC_PRIVATE, (size_t)size, IPC_CREAT | 0600) < 0)
			return fail("shmget");
	return 0;
}

static int do_rmall(void)
{
	struct shm_info si;
	struct msginfo mi;
	struct seminfo sei;
	int max = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si);
	for (int i = 0; i <= max; i++) {
		struct shmid_ds ds;
		int id = shmctl(i, SHM_STAT_ANY, &ds);
		if (id >= 0)
			shmctl(id, IPC_RMID, NULL);
	}
	max = msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&mi);
	for (int i = 0; i <= max; i++) {
		struct msqid_ds ds;
		int id = msgctl(i, MSG_STAT_ANY, &ds);
		if (id >= 0)
			msgctl(id, IPC_RMID, NULL);
	}
	union semun arg = { .buf = (struct semid_ds *)(void *)&sei };
	max = semctl(0, 0, SEM_INFO, arg);
	for (int i = 0; i <= max; i++) {
		struct semid_ds ds;
		arg.buf = &ds;
		int id = semctl(i, 0, SEM_STAT_ANY, arg);
		if (id >= 0)
			semctl(id, 0, IPC_RMID);
	}
	return 0;
}

static int do_semvals(int id)
{
	struct semid_ds ds;
	union semun arg = { .buf = &ds };
	if (semctl(id, 0, IPC_STAT, arg) < 0)
		return fail("semctl(IPC_STAT)");
	unsigned short *v = calloc(ds.sem_nsems + 1, sizeof(*v));
	arg.array = v;
	if (!v || semctl(id, 0, GETALL, arg) < 0)
		return fail("semctl(GETALL)");
	for (unsigned long i = 0; i < ds.sem_nsems; i++)
		printf("%s%u", i ? " " : "", v[i]);
	printf("\n");
	free(v);
	return 0;
}

static int do_semcnt(int id, int num)
{
	int n = semctl(id, num, GETNCNT), z = semctl(id, num, GETZCNT);
	if (n < 0 || z < 0)
		return fail("semctl(GETNCNT/GETZCNT)");
	printf("%d %d\n", n, z);
	return 0;
}

static int do_sendtext(int id, long type, const char *text)
{
	size_t n = strlen(text);
	struct {
		long mtype;
		char mtext[8192];
	} m;
	if (n > sizeof(m.mtext))
		return 2;
	m.mtype = type;
	memcpy(m.mtext, text, n);
	return msgsnd(id, &m, n, IPC_NOWAIT) < 0 ? fail("msgsnd") : 0;
}

static int do_qstat(int id)
{
	struct msqid_ds ds;
	if (msgctl(id, IPC_STAT, &ds) < 0)
		return fail("msgctl(IPC_STAT)");
	printf("%lu %lu\n", (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes);
	return 0;
}

static int do_shmread(int id, long off, long len)
{
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return fail("shmctl(IPC_STAT)");
	if (off < 0 || len < 0 || (size_t)(off + len) > ds.shm_segsz)
		return 2;
	const unsigned char *p = shmat(id, NULL, SHM_RDONLY);
	if (p == (void *)-1)
		return fail("shmat");
	for (long i = 0; i < len; i++)
		printf("%02x", p[off + i]);
	printf("\n");
	return shmdt(p) < 0 ? fail("shmdt") : 0;
}

static int do_nattch(int id)
{
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return fail("shmctl(IPC_STAT)");
	printf("%lu\n", (unsigned long)ds.shm_nattch);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	if (!strcmp(cmd, "shm") && argc == 5)
		return print_id(shmget((key_t)num(argv[2]), (size_t)num(argv[3]),
				       IPC_CREAT | IPC_EXCL | (int)num(argv[4])), "shmget");
	if (!strcmp(cmd, "msg") && argc == 4)
		return print_id(msgget((key_t)num(argv[2]), IPC_CREAT | IPC_EXCL | (int)num(argv[3])),
				"msgget");
	if (!strcmp(cmd, "sem") && argc == 5)
		return print_id(semget((key_t)num(argv[2]), (int)num(argv[3]),
				       IPC_CREAT | IPC_EXCL | (int)num(argv[4])), "semget");
	if (!strcmp(cmd, "send") && argc == 5)
		return do_send((int)num(argv[2]), num(argv[3]), num(argv[4]));
	if (!strcmp(cmd, "setall") && argc >= 4)
		return do_setall((int)num(argv[2]), argc - 3, argv + 3);
	if (!strcmp(cmd, "owner") && argc == 6)
		return do_set(argv[2][0], (int)num(argv[3]), num(argv[4]), num(argv[5]), -1);
	if (!strcmp(cmd, "attach") && argc == 3) {
		void *p = shmat((int)num(argv[2]), NULL, 0);
		if (p == (void *)-1)
			return fail("shmat");
		printf("attached\n");
		fflush(stdout);
		pause();
		return 0;
	}
	if (!strcmp(cmd, "lock") && argc == 3)
		return shmctl((int)num(argv[2]), SHM_LOCK, NULL) < 0 ? fail("shmctl(SHM_LOCK)") : 0;
	if (!strcmp(cmd, "mass") && argc == 6)
		return do_mass(num(argv[2]), num(argv[3]), num(argv[4]), num(argv[5]));
	if (!strcmp(cmd, "rmall") && argc == 2)
		return do_rmall();
	if (!strcmp(cmd, "ftok") && argc == 4) {
		key_t k = ftok(argv[2], (int)num(argv[3]));
		if (k == -1)
			return fail("ftok");
		printf("0x%08x\n", (unsigned)k);
		return 0;
	}
	if (!strcmp(cmd, "semvals") && argc == 3)
		return do_semvals((int)num(argv[2]));
	if (!strcmp(cmd, "semcnt") && argc == 4)
		return do_semcnt((int)num(argv[2]), (int)num(argv[3]));
	if (!strcmp(cmd, "sendtext") && argc == 5)
		return do_sendtext((int)num(argv[2]), num(argv[3]), argv[4]);
	if (!strcmp(cmd, "qstat") && argc == 3)
		return do_qstat((int)num(argv[2]));
	if (!strcmp(cmd, "shmread") && argc == 5)
		return do_shmread((int)num(argv[2]), num(argv[3]), num(argv[4]));
	if (!strcmp(cmd, "nattch") && argc == 3)
		return do_nattch((int)num(argv[2]));
	if (!strcmp(cmd, "perms") && argc == 5)
		return do_set(argv[2][0], (int)num(argv[3]), -1, -1, num(argv[4]));
	if (!strcmp(cmd, "rm") && argc == 4)
		return do_rm(argv[2][0], (int)num(argv[3]));
	if (!strcmp(cmd, "semwait") && argc == 4)
		return do_semwait((int)num(argv[2]), (int)num(argv[3]));
	fprintf(stderr, "usage: see the comment at the top of ipc_helper.c\n");
	return 2;
}
