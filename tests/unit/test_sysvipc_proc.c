/* test_sysvipc_proc.c — unit tests of src/model/sysvipc_proc.c: sysvipc_parse_line
 * on lines in the exact format the kernel prints (the printf formats of
 * ipc/{shm,msg,sem}.c sysvipc_*_proc_show, and lines copied from a real
 * /proc/sysvipc), header/malformed/truncated/extra-field/huge-number lines
 * rejected; the header check; sysvipc_open reading /proc/sysvipc (a
 * directory of the test's bind-mounted over it), never a directory named
 * by the environment; sysvipc_read over many pages with overlong and
 * malformed lines and a last line without newline, and its errors; and
 * snapshot_read reading that fake /proc/sysvipc, falling back to
 * *_STAT_ANY when a file is missing or has an unknown header. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <unistd.h>

#include "model/snapshot.h"
#include "model/sysvipc_proc.h"
#include "test_fakeproc.h"

/* Kernel formats (SIZE_SPEC is "%21lu" on 64-bit). */
#define SHM_FMT "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10llu %10llu %10llu %21lu %21lu\n"
#define MSG_FMT "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10llu %10llu %10llu\n"
#define SEM_FMT "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu\n"

#define SHM_HEADER "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n"
#define MSG_HEADER "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n"
#define SEM_HEADER "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n"

/* Lines copied from /proc/sysvipc on Linux 6.18. */
#define REAL_SHM_ATTACHED_DEST "         0          0  1640                  4096  4193  4193      1     0     0     0     0 1795979607          0 1795979607                  4096                     0\n"
#define REAL_SHM_NEGATIVE_KEY "-168898559          1   600                 10000  4193     0      0     0     0     0     0          0          0 1795979607                     0                     0\n"
#define REAL_MSG "1592590352          0   640          10          1  4193     0     0     0     0     0 1795979607          0 1795979607\n"
#define REAL_SEM "1592590368          0   600          3     0     0     0     0          0 1795979607\n"

/* Parses into an object first filled with junk, so "zeroed first" shows. */
static int parse(enum ipc_kind kind, const char *line, struct ipc_object *o)
{
	memset(o, 0xa5, sizeof(*o));
	return sysvipc_parse_line(kind, line, o);
}

static void rejects(enum ipc_kind kind, const char *line)
{
	struct ipc_object o;
	cr_assert_eq(parse(kind, line, &o), -1, "%s line should be rejected: [%s]", kind_name(kind), line);
}

Test(sysvipc_parse_line, shm_kernel_format)
{
	char line[512];
	snprintf(line, sizeof(line), SHM_FMT, 0x5eed0001, 32768, 0640u, 10000ul, 1203u, 1388u, 2ul, 1000u,
		 100u, 0u, 50u, 1764439000ull, 1764439100ull, 1764438000ull, 8192ul, 4096ul);
	struct ipc_object o;
	cr_assert_eq(parse(KIND_SHM, line, &o), 0, "[%s]", line);
	cr_assert_eq(o.kind, KIND_SHM);
	cr_assert_eq(o.key, 0x5eed0001);
	cr_assert_eq(o.id, 32768);
	cr_assert_eq(o.mode, 0640u);
	cr_assert_eq(o.u.shm.size, 10000u);
	cr_assert_eq(o.u.shm.cpid, 1203);
	cr_assert_eq(o.u.shm.lpid, 1388);
	cr_assert_eq(o.u.shm.nattch, 2u);
	cr_assert_eq(o.uid, 1000u);
	cr_assert_eq(o.gid, 100u);
	cr_assert_eq(o.cuid, 0u);
	cr_assert_eq(o.cgid, 50u);
	cr_assert_eq(o.u.shm.atime, (time_t)1764439000);
	cr_assert_eq(o.u.shm.dtime, (time_t)1764439100);
	cr_assert_eq(o.ctime, (time_t)1764438000);
	cr_assert_eq(o.u.shm.rss, 8192u);
	cr_assert_eq(o.u.shm.swap, 4096u);
	cr_assert_not(o.u.shm.dest);
	cr_assert_not(o.u.shm.locked);
	cr_assert_not(o.u.shm.hugetlb);
}

Test(sysvipc_parse_line, shm_real_lines_dest_and_negative_key)
{
	struct ipc_object o;
	cr_assert_eq(parse(KIND_SHM, REAL_SHM_ATTACHED_DEST, &o), 0);
	cr_assert_eq(o.key, 0);
	cr_assert_eq(o.id, 0);
	cr_assert_eq(o.mode, 01640u);
	cr_assert(o.u.shm.dest);
	cr_assert_not(o.u.shm.locked);
	cr_assert_eq(o.u.shm.size, 4096u);
	cr_assert_eq(o.u.shm.nattch, 1u);
	cr_assert_eq(o.u.shm.cpid, 4193);
	cr_assert_eq(o.u.shm.lpid, 4193);
	cr_assert_eq(o.u.shm.atime, (time_t)1795979607);
	cr_assert_eq(o.u.shm.dtime, 0);
	cr_assert_eq(o.u.shm.rss, 4096u);

	cr_assert_eq(parse(KIND_SHM, REAL_SHM_NEGATIVE_KEY, &o), 0);
	cr_assert_eq(o.key, (int)0xf5eed001u);
	cr_assert_eq(o.id, 1);
	cr_assert_eq(o.mode, 0600u);
	cr_assert_eq(o.u.shm.size, 10000u);
	cr_assert_eq(o.u.shm.lpid, 0);
	cr_assert_eq(o.u.shm.atime, 0);
	cr_assert_eq(o.u.shm.rss, 0u);
}

Test(sysvipc_parse_line, shm_status_bits)
{
	char line[512];
	struct ipc_object o;
	snprintf(line, sizeof(line), SHM_FMT, 1, 2, 02600u, 4096ul, 1u, 1u, 0ul, 0u, 0u, 0u, 0u, 0ull, 0ull,
		 1ull, 0ul, 0ul);
	cr_assert_eq(parse(KIND_SHM, line, &o), 0);
	cr_assert(o.u.shm.locked);
	cr_assert_not(o.u.shm.dest);
	cr_assert_not(o.u.shm.hugetlb);
	snprintf(line, sizeof(line), SHM_FMT, 1, 2, 04600u, 4096ul, 1u, 1u, 0ul, 0u, 0u, 0u, 0u, 0ull, 0ull,
		 1ull, 0ul, 0ul);
	cr_assert_eq(parse(KIND_SHM, line, &o), 0);
	cr_assert_not(o.u.shm.hugetlb, "the kernel never puts SHM_HUGETLB in the mode: 04000 means nothing");
	cr_assert_not(o.u.shm.locked);
	snprintf(line, sizeof(line), SHM_FMT, 1, 2, 03777u, 4096ul, 1u, 1u, 0ul, 0u, 0u, 0u, 0u, 0ull, 0ull,
		 1ull, 0ul, 0ul);
	cr_assert_eq(parse(KIND_SHM, line, &o), 0);
	cr_assert_eq(o.mode, 03777u);
	cr_assert(o.u.shm.dest);
	cr_assert(o.u.shm.locked);
}

Test(sysvipc_parse_line, msg_kernel_format)
{
	char line[512];
	snprintf(line, sizeof(line), MSG_FMT, (int)0xdeadbeefu, 65537, 0600u, 60ul, 3ul, 777u, 778u, 1u, 2u,
		 3u, 4u, 1764439001ull, 1764439002ull, 1764439003ull);
	struct ipc_object o;
	cr_assert_eq(parse(KIND_MSG, line, &o), 0, "[%s]", line);
	cr_assert_eq(o.kind, KIND_MSG);
	cr_assert_eq(o.key, (int)0xdeadbeefu);
	cr_assert_eq(o.id, 65537);
	cr_assert_eq(o.mode, 0600u);
	cr_assert_eq(o.u.msg.cbytes, 60u);
	cr_assert_eq(o.u.msg.qnum, 3u);
	cr_assert_eq(o.u.msg.lspid, 777);
	cr_assert_eq(o.u.msg.lrpid, 778);
	cr_assert_eq(o.uid, 1u);
	cr_assert_eq(o.gid, 2u);
	cr_assert_eq(o.cuid, 3u);
	cr_assert_eq(o.cgid, 4u);
	cr_assert_eq(o.u.msg.stime, (time_t)1764439001);
	cr_assert_eq(o.u.msg.rtime, (time_t)1764439002);
	cr_assert_eq(o.ctime, (time_t)1764439003);
	cr_assert_eq(o.u.msg.qbytes, 0u, "not in /proc: must be zeroed, not left over");
}

Test(sysvipc_parse_line, msg_real_line)
{
	struct ipc_object o;
	cr_assert_eq(parse(KIND_MSG, REAL_MSG, &o), 0);
	cr_assert_eq(o.key, 0x5eed0010);
	cr_assert_eq(o.id, 0);
	cr_assert_eq(o.mode, 0640u);
	cr_assert_eq(o.u.msg.cbytes, 10u);
	cr_assert_eq(o.u.msg.qnum, 1u);
	cr_assert_eq(o.u.msg.lspid, 4193);
	cr_assert_eq(o.u.msg.lrpid, 0);
	cr_assert_eq(o.u.msg.stime, (time_t)1795979607);
	cr_assert_eq(o.u.msg.rtime, 0);
}

Test(sysvipc_parse_line, sem_kernel_format)
{
	char line[512];
	snprintf(line, sizeof(line), SEM_FMT, 0x5eed0020, 98304, 0666u, 250u, 10u, 20u, 30u, 40u,
		 1764439005ull, 1764439006ull);
	struct ipc_object o;
	cr_assert_eq(parse(KIND_SEM, line, &o), 0, "[%s]", line);
	cr_assert_eq(o.kind, KIND_SEM);
	cr_assert_eq(o.key, 0x5eed0020);
	cr_assert_eq(o.id, 98304);
	cr_assert_eq(o.mode, 0666u);
	cr_assert_eq(o.u.sem.nsems, 250u);
	cr_assert_eq(o.uid, 10u);
	cr_assert_eq(o.gid, 20u);
	cr_assert_eq(o.cuid, 30u);
	cr_assert_eq(o.cgid, 40u);
	cr_assert_eq(o.u.sem.otime, (time_t)1764439005);
	cr_assert_eq(o.ctime, (time_t)1764439006);
	cr_assert_eq(o.u.sem.first, SEMVALS_NONE);
}

Test(sysvipc_parse_line, sem_real_line)
{
	struct ipc_object o;
	cr_assert_eq(parse(KIND_SEM, REAL_SEM, &o), 0);
	cr_assert_eq(o.key, 0x5eed0020);
	cr_assert_eq(o.id, 0);
	cr_assert_eq(o.mode, 0600u);
	cr_assert_eq(o.u.sem.nsems, 3u);
	cr_assert_eq(o.u.sem.otime, 0);
	cr_assert_eq(o.ctime, (time_t)1795979607);
	cr_assert_eq(o.u.sem.first, SEMVALS_NONE);
}

Test(sysvipc_parse_line, tabs_and_no_trailing_newline)
{
	struct ipc_object o;
	cr_assert_eq(parse(KIND_SEM, "1\t2\t600\t3\t0\t0\t0\t0\t0\t5", &o), 0);
	cr_assert_eq(o.key, 1);
	cr_assert_eq(o.id, 2);
	cr_assert_eq(o.ctime, (time_t)5);
	cr_assert_eq(parse(KIND_MSG, "1 2 600 0 0 0 0 0 0 0 0 0 0 7", &o), 0);
	cr_assert_eq(o.ctime, (time_t)7);
	cr_assert_eq(parse(KIND_SHM, "1 2 600 4096 1 1 0 0 0 0 0 0 0 9 0 0\n\n", &o), 0);
	cr_assert_eq(o.ctime, (time_t)9);
}

Test(sysvipc_parse_line, header_lines_rejected)
{
	rejects(KIND_SHM, SHM_HEADER);
	rejects(KIND_MSG, MSG_HEADER);
	rejects(KIND_SEM, SEM_HEADER);
}

Test(sysvipc_parse_line, lines_of_another_kind_rejected)
{
	/* Field counts differ: shm 16, msg 14, sem 10. */
	rejects(KIND_SHM, REAL_MSG);
	rejects(KIND_SHM, REAL_SEM);
	rejects(KIND_MSG, REAL_SHM_NEGATIVE_KEY);
	rejects(KIND_MSG, REAL_SEM);
	rejects(KIND_SEM, REAL_SHM_NEGATIVE_KEY);
	rejects(KIND_SEM, REAL_MSG);
}

Test(sysvipc_parse_line, truncated_and_extra_fields_rejected)
{
	rejects(KIND_SEM, "1 2 600 3 0 0 0 0 0\n");       /* 9 fields */
	rejects(KIND_SEM, "1 2 600 3 0 0 0 0 0 5 6\n");   /* 11 fields */
	rejects(KIND_MSG, "1 2 600 0 0 0 0 0 0 0 0 0 0\n");     /* 13 */
	rejects(KIND_MSG, "1 2 600 0 0 0 0 0 0 0 0 0 0 7 8\n"); /* 15 */
	rejects(KIND_SHM, "1 2 600 4096 1 1 0 0 0 0 0 0 0 9 0\n");   /* 15 */
	rejects(KIND_SHM, "1 2 600 4096 1 1 0 0 0 0 0 0 0 9 0 0 0\n"); /* 17 */
	/* A real line cut in the middle of its last number is still 16 fields,
	 * but cut in the middle of the line is not. */
	char cut[256];
	snprintf(cut, sizeof(cut), "%.60s", REAL_SHM_NEGATIVE_KEY);
	rejects(KIND_SHM, cut);
	rejects(KIND_SHM, "");
	rejects(KIND_SHM, "\n");
	rejects(KIND_SEM, "   \n");
}

Test(sysvipc_parse_line, malformed_fields_rejected)
{
	rejects(KIND_SEM, "1 2 600 3 0 0 0 0 0 5x\n");     /* junk in a number */
	rejects(KIND_SEM, "1 2 600 3 0 0 0 0 0 5 x\n");    /* trailing word */
	rejects(KIND_SEM, "1 2 690 3 0 0 0 0 0 5\n");      /* 9 is not octal */
	rejects(KIND_SEM, "1 2 0x1ff 3 0 0 0 0 0 5\n");    /* perms not octal text */
	rejects(KIND_SEM, "1 2 -600 3 0 0 0 0 0 5\n");     /* negative perms */
	rejects(KIND_SEM, "1 2 600 -3 0 0 0 0 0 5\n");     /* negative nsems */
	rejects(KIND_SEM, "1,2 600 3 0 0 0 0 0 5\n");      /* wrong separator */
	rejects(KIND_SEM, "a 2 600 3 0 0 0 0 0 5\n");
	rejects(KIND_SEM, "1 2 600 3.5 0 0 0 0 0 5\n");
	rejects(KIND_MSG, "1 2 600 -10 1 0 0 0 0 0 0 0 0 7\n"); /* negative cbytes */
	rejects(KIND_SHM, "1 2 600 -4096 1 1 0 0 0 0 0 0 0 9 0 0\n"); /* negative size */
	rejects(KIND_SHM, "1 2 600 4096 1 1 0 0 0 0 0 0 0 9 0 -1\n"); /* negative swap */
}

Test(sysvipc_parse_line, huge_numbers_rejected)
{
	/* key beyond 32 bits, either sign */
	rejects(KIND_SEM, "4294967296 2 600 3 0 0 0 0 0 5\n");
	rejects(KIND_SEM, "2147483648 2 600 3 0 0 0 0 0 5\n");
	rejects(KIND_SEM, "-2147483649 2 600 3 0 0 0 0 0 5\n");
	/* negative or > INT_MAX id */
	rejects(KIND_SEM, "1 -1 600 3 0 0 0 0 0 5\n");
	rejects(KIND_SEM, "1 2147483648 600 3 0 0 0 0 0 5\n");
	/* perms beyond 16 bits */
	rejects(KIND_SEM, "1 2 200000 3 0 0 0 0 0 5\n");
	/* nsems beyond int */
	rejects(KIND_SEM, "1 2 600 2147483648 0 0 0 0 0 5\n");
	/* 64-bit overflow of any field */
	rejects(KIND_SEM, "1 2 600 3 0 0 0 0 0 99999999999999999999\n");
	rejects(KIND_SEM, "99999999999999999999 2 600 3 0 0 0 0 0 5\n");
	rejects(KIND_SHM, "1 2 600 18446744073709551616 1 1 0 0 0 0 0 0 0 9 0 0\n");
	rejects(KIND_SHM, "1 2 600 9223372036854775808 1 1 0 0 0 0 0 0 0 9 0 0\n");
	rejects(KIND_MSG, "1 2 600 0 99999999999999999999 0 0 0 0 0 0 0 0 7\n");
	/* The extremes that do fit are accepted. */
	struct ipc_object o;
	cr_assert_eq(parse(KIND_SEM, "-2147483648 2147483647 177777 2147483647 0 0 0 0 0 5\n", &o), 0);
	cr_assert_eq(o.key, INT32_MIN);
	cr_assert_eq(o.id, INT32_MAX);
	cr_assert_eq(o.mode, 0177777u);
	cr_assert_eq(o.u.sem.nsems, 2147483647u);
	cr_assert_eq(parse(KIND_SHM, "1 2 600 9223372036854775807 1 1 0 0 0 0 0 0 0 9 0 0\n", &o), 0);
	cr_assert_eq(o.u.shm.size, (uint64_t)INT64_MAX);
}

Test(sysvipc_parse_line, failure_leaves_object_zeroed)
{
	struct ipc_object o;
	cr_assert_eq(parse(KIND_MSG, MSG_HEADER, &o), -1);
	cr_assert_eq(o.kind, KIND_MSG);
	cr_assert_eq(o.u.msg.qbytes, 0u);
	cr_assert_eq(o.uid, 0u);
}

/* ---- sysvipc_open and the proc fallback of snapshot_read ---- */

static char fake_dir[64];

static void write_file(const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", fake_dir, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

static void make_fake_dir(void)
{
	snprintf(fake_dir, sizeof(fake_dir), "/tmp/ipctop-sysvipc-XXXXXX");
	cr_assert_not_null(mkdtemp(fake_dir));
}

static void remove_fake_dir(void)
{
	static const char *const names[] = { "shm", "msg", "sem" };
	char path[128];
	if (!fake_dir[0])
		return;
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", fake_dir, names[i]);
		unlink(path);
	}
	rmdir(fake_dir);
	fake_dir[0] = '\0';
	unsetenv("IPCTOP_SCAN");
}

TestSuite(sysvipc_open, .init = make_fake_dir, .fini = remove_fake_dir);

/* sysvipc_open as a stdio stream, or NULL with its errno. */
static FILE *open_stream(enum ipc_kind kind)
{
	int fd = sysvipc_open(kind);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "r");
	cr_assert_not_null(f, "fdopen: %s", strerror(errno));
	return f;
}

static char *slurp(FILE *f)
{
	static char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	return buf;
}

Test(sysvipc_open, reads_proc_sysvipc)
{
	fake_proc_sysvipc(fake_dir);
	write_file("shm", SHM_HEADER REAL_SHM_NEGATIVE_KEY);
	write_file("sem", "only sem\n");
	FILE *f = open_stream(KIND_SHM);
	cr_assert_not_null(f);
	cr_assert_str_eq(slurp(f), SHM_HEADER REAL_SHM_NEGATIVE_KEY);
	int fl = fcntl(fileno(f), F_GETFD);
	cr_assert(fl >= 0 && (fl & FD_CLOEXEC), "opened with close-on-exec");
	fclose(f);
	f = open_stream(KIND_SEM);
	cr_assert_not_null(f);
	cr_assert_str_eq(slurp(f), "only sem\n");
	fclose(f);
}

Test(sysvipc_open, missing_file_fails_with_errno)
{
	fake_proc_sysvipc(fake_dir);
	errno = 0;
	FILE *f = open_stream(KIND_MSG);
	cr_assert_null(f);
	cr_assert_eq(errno, ENOENT);
}

/* $IPCTOP_SYSVIPC_DIR once chose the directory: root's ipctop then read
 * (and showed the numbers of) any file a user planted a symlink to. */
Test(sysvipc_open, environment_cannot_redirect_the_read)
{
	for (int k = 0; k < KIND_COUNT; k++)
		write_file(kind_name((enum ipc_kind)k), "planted\n");
	cr_assert_eq(setenv("IPCTOP_SYSVIPC_DIR", fake_dir, 1), 0);
	for (int k = 0; k < KIND_COUNT; k++) {
		FILE *f = open_stream((enum ipc_kind)k);
		cr_assert_not_null(f, "/proc/sysvipc/%s: %s", kind_name((enum ipc_kind)k), strerror(errno));
		char *line = NULL;
		size_t len = 0;
		cr_assert_gt(getline(&line, &len, f), 0);
		cr_assert_str_neq(line, "planted\n");
		/* The first line of the real file is its header. */
		cr_assert_not_null(strstr(line, "key"));
		cr_assert_not_null(strstr(line, "perms"));
		free(line);
		fclose(f);
	}
}

Test(sysvipc_open, snapshot_proc_method_reads_fake_files)
{
	char shm[1024], msg[512], sem[512];
	snprintf(shm, sizeof(shm), SHM_HEADER SHM_FMT "garbage line\n" SHM_FMT, 0x5eed0001, 7, 0640u,
		 4096ul, 11u, 12u, 1ul, 0u, 0u, 0u, 0u, 100ull, 0ull, 90ull, 4096ul, 0ul, 0x5eed0002, 9,
		 01600u, 10000ul, 13u, 0u, 0ul, 1u, 2u, 3u, 4u, 0ull, 0ull, 91ull, 0ul, 8192ul);
	snprintf(msg, sizeof(msg), MSG_HEADER MSG_FMT, 0x5eed0010, 3, 0600u, 60ul, 3ul, 21u, 0u, 0u, 0u,
		 0u, 0u, 200ull, 0ull, 92ull);
	snprintf(sem, sizeof(sem), SEM_HEADER SEM_FMT SEM_FMT, 0x5eed0020, 5, 0644u, 3u, 0u, 0u, 0u, 0u,
		 0ull, 93ull, -1, 6, 0600u, 1u, 0u, 0u, 0u, 0u, 300ull, 94ull);
	write_file("shm", shm);
	write_file("msg", msg);
	write_file("sem", sem);
	fake_proc_sysvipc(fake_dir);
	cr_assert_eq(setenv("IPCTOP_SCAN", "proc", 1), 0);

	struct snapshot s;
	memset(&s, 0, sizeof(s));
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_SHMRSS), 0);
	for (int k = 0; k < KIND_COUNT; k++)
		cr_assert_eq(s.method[k], SCAN_PROC, "kind %d", k);
	cr_assert_eq(s.count, 5u);
	cr_assert_eq(s.kind_count[KIND_SHM], 2u);
	cr_assert_eq(s.kind_count[KIND_MSG], 1u);
	cr_assert_eq(s.kind_count[KIND_SEM], 2u);

	const struct ipc_object *o = snapshot_find(&s, KIND_SHM, 7);
	cr_assert_not_null(o);
	cr_assert_eq(o->key, 0x5eed0001);
	cr_assert_eq(o->u.shm.size, 4096u);
	cr_assert_eq(o->u.shm.cpid, 11);
	cr_assert_eq(o->u.shm.rss, 4096u);
	o = snapshot_find(&s, KIND_SHM, 9);
	cr_assert_not_null(o);
	cr_assert(o->u.shm.dest);
	cr_assert_eq(o->uid, 1u);
	cr_assert_eq(o->cgid, 4u);
	cr_assert_eq(o->u.shm.swap, 8192u);
	o = snapshot_find(&s, KIND_MSG, 3);
	cr_assert_not_null(o);
	cr_assert_eq(o->u.msg.cbytes, 60u);
	cr_assert_eq(o->u.msg.qnum, 3u);
	cr_assert_eq(o->u.msg.lspid, 21);
	o = snapshot_find(&s, KIND_SEM, 6);
	cr_assert_not_null(o);
	cr_assert_eq(o->key, -1);
	cr_assert_eq(o->u.sem.otime, (time_t)300);
	/* Order: shm, then msg, then sem. */
	cr_assert_eq(s.objs[0].kind, KIND_SHM);
	cr_assert_eq(s.objs[2].kind, KIND_MSG);
	cr_assert_eq(s.objs[4].kind, KIND_SEM);
	snapshot_free(&s);
}

/* A kind whose file is missing is read by the next method (MSG_STAT_ANY,
 * SEM_STAT_ANY of our private namespace), even when proc is forced. */
Test(sysvipc_open, missing_file_falls_back_to_stat_any)
{
	cr_assert_eq(unshare(CLONE_NEWIPC), 0, "unshare(CLONE_NEWIPC): %s", strerror(errno));
	int q = msgget(0x5eed0c01, IPC_CREAT | IPC_EXCL | 0600);
	cr_assert_geq(q, 0, "msgget: %s", strerror(errno));
	write_file("shm", SHM_HEADER REAL_SHM_NEGATIVE_KEY);
	fake_proc_sysvipc(fake_dir);
	for (int forced = 0; forced < 2; forced++) {
		if (forced)
			cr_assert_eq(setenv("IPCTOP_SCAN", "proc", 1), 0);
		struct snapshot s;
		memset(&s, 0, sizeof(s));
		cr_assert_eq(snapshot_read(&s, KINDS_ALL, 0), 0);
		cr_assert_eq(s.method[KIND_SHM], SCAN_PROC);
		cr_assert_eq(s.kind_count[KIND_SHM], 1u, "the (fake) file");
		cr_assert_eq(s.method[KIND_MSG], SCAN_STAT_ANY);
		cr_assert_eq(s.method[KIND_SEM], SCAN_STAT_ANY);
		cr_assert_eq(s.kind_count[KIND_MSG], 1u);
		cr_assert_eq(s.kind_count[KIND_SEM], 0u);
		cr_assert_eq(s.count, 2u);
		cr_assert_eq(s.objs[0].key, (int)0xf5eed001u);
		cr_assert_eq(s.objs[1].id, q);
		cr_assert_eq(s.objs[1].key, 0x5eed0c01);
		snapshot_free(&s);
	}
	msgctl(q, IPC_RMID, NULL);
}

/* A kernel printing other columns is not read from the file. */
Test(sysvipc_open, unknown_header_falls_back)
{
	cr_assert_eq(unshare(CLONE_NEWIPC), 0, "unshare(CLONE_NEWIPC): %s", strerror(errno));
	int seg = shmget(0x5eed0c02, 4096, IPC_CREAT | IPC_EXCL | 0600);
	cr_assert_geq(seg, 0, "shmget: %s", strerror(errno));
	/* the same line under a header with one more column */
	write_file("shm", "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap   numa\n"
			  REAL_SHM_NEGATIVE_KEY);
	write_file("msg", "");
	fake_proc_sysvipc(fake_dir);
	struct snapshot s;
	memset(&s, 0, sizeof(s));
	cr_assert_eq(snapshot_read(&s, KINDS_ALL, SNAP_SHMRSS), 0);
	cr_assert_eq(s.method[KIND_SHM], SCAN_STAT_ANY);
	cr_assert_eq(s.method[KIND_MSG], SCAN_STAT_ANY, "an empty file has no header either");
	cr_assert_eq(s.kind_count[KIND_SHM], 1u);
	cr_assert_eq(s.objs[0].id, seg);
	snapshot_free(&s);
	shmctl(seg, IPC_RMID, NULL);
}

Test(sysvipc_parse_line, header_names)
{
	cr_assert(sysvipc_header_ok(KIND_SHM, SHM_HEADER));
	cr_assert(sysvipc_header_ok(KIND_MSG, MSG_HEADER));
	cr_assert(sysvipc_header_ok(KIND_SEM, SEM_HEADER));
	cr_assert(sysvipc_header_ok(KIND_SEM, "key semid perms nsems uid gid cuid cgid otime ctime"));
	cr_assert(sysvipc_header_ok(KIND_SEM, "\tkey  semid perms nsems uid gid cuid cgid otime ctime  \n"));
	cr_assert_not(sysvipc_header_ok(KIND_SEM, MSG_HEADER));
	cr_assert_not(sysvipc_header_ok(KIND_MSG, SEM_HEADER));
	cr_assert_not(sysvipc_header_ok(KIND_SEM, "key semid perms nsems uid gid cuid cgid otime"));
	cr_assert_not(sysvipc_header_ok(KIND_SEM, "key semid perms nsems uid gid cuid cgid otime ctime x"));
	cr_assert_not(sysvipc_header_ok(KIND_SEM, "key semid perms nsems uid gid cgid cuid otime ctime"));
	cr_assert_not(sysvipc_header_ok(KIND_SEM, "key semid perms nsems uid gid cuid cgid otime ctimes"));
	cr_assert_not(sysvipc_header_ok(KIND_SEM, "keys semid perms nsems uid gid cuid cgid otime ctime"));
	cr_assert_not(sysvipc_header_ok(KIND_SEM, ""));
	cr_assert_not(sysvipc_header_ok(KIND_SEM, REAL_SEM));
}

struct got {
	size_t n;
	int first_id, last_id;
	time_t last_ctime;
};

static int count_put(void *ctx, const struct ipc_object *o)
{
	struct got *g = ctx;
	if (g->n++ == 0)
		g->first_id = o->id;
	g->last_id = o->id;
	g->last_ctime = o->ctime;
	return 0;
}

/* Many pages of lines (lines cut across reads), a line too long for the
 * buffer and a malformed one (skipped, counted), and a last line without
 * its newline. */
Test(sysvipc_open, bulk_read_across_reads_and_bad_lines)
{
	enum { N = 3000 };
	size_t cap = (size_t)N * 100 + 40000, len = 0;
	char *text = malloc(cap);
	cr_assert_not_null(text);
	len += (size_t)snprintf(text + len, cap - len, SEM_HEADER);
	for (int i = 0; i < N; i++) {
		if (i == 1000) { /* 20000 characters of one line */
			memset(text + len, '7', 20000);
			len += 20000;
			text[len++] = '\n';
		}
		if (i == 2000)
			len += (size_t)snprintf(text + len, cap - len, "not a line of numbers\n");
		len += (size_t)snprintf(text + len, cap - len, SEM_FMT, i, i, 0600u, 1u, 0u, 0u, 0u, 0u, 0ull,
					(unsigned long long)(1000 + i));
	}
	text[--len] = '\0'; /* no newline after the last line */
	write_file("sem", text);
	free(text);
	fake_proc_sysvipc(fake_dir);
	struct got g = { 0, -1, -1, 0 };
	size_t bad = 99;
	cr_assert_eq(sysvipc_read(KIND_SEM, count_put, &g, &bad), 0, "%s", strerror(errno));
	cr_assert_eq(g.n, (size_t)N);
	cr_assert_eq(bad, 2u);
	cr_assert_eq(g.first_id, 0);
	cr_assert_eq(g.last_id, N - 1);
	cr_assert_eq(g.last_ctime, (time_t)(1000 + N - 1), "the last line, without its newline");
}

static int stop_put(void *ctx, const struct ipc_object *o)
{
	(void)o;
	size_t *n = ctx;
	if (++*n == 2) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

Test(sysvipc_open, bulk_read_errors)
{
	fake_proc_sysvipc(fake_dir);
	size_t bad, n = 0;
	errno = 0;
	cr_assert_eq(sysvipc_read(KIND_MSG, count_put, &(struct got){ 0 }, &bad), -1);
	cr_assert_eq(errno, ENOENT, "no file");
	write_file("msg", "");
	errno = 0;
	cr_assert_eq(sysvipc_read(KIND_MSG, count_put, &(struct got){ 0 }, &bad), -1);
	cr_assert_eq(errno, EPROTO, "no header");
	write_file("sem", SEM_HEADER REAL_SEM REAL_SEM REAL_SEM);
	errno = 0;
	cr_assert_eq(sysvipc_read(KIND_SEM, stop_put, &n, &bad), -1);
	cr_assert_eq(errno, ENOMEM, "put stopped it");
	cr_assert_eq(n, 2u);
}
