/* procinfo.h — the facts of one process (parent, group, session, terminal,
 * state, command) from a single read of /proc/PID/stat. */
#ifndef IPCTOP_PROCINFO_H
#define IPCTOP_PROCINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct procinfo {
	pid_t pid, ppid, pgid, sid, tpgid;
	int tty_nr;    /* encoded device number of the controlling tty, 0: none */
	char tty[32];  /* "pts/3", "tty1", "ttyS0", "-" for none, "MAJ:MIN" else */
	char state;    /* R S D Z T t X I ...; '?' when not read */
	char comm[64]; /* command name, as the kernel keeps it (<= 15 bytes, any
			* byte but NUL: newline, ESC ... escape it for a terminal) */
	bool alive;    /* /proc/PID/stat was read (zombies are alive, state Z) */
	bool hidden;   /* not read, but the process exists (procinfo_exists) */
};

/* Reads /proc/PID/stat once. Returns 0, or -1 with errno (ENOENT: no entry,
 * EACCES ...) and *pi set to pid, alive false, state '?', tty "-", the
 * other ids 0, and comm "[gone]" or, when the process exists all the same
 * (hidepid hides another user's process), comm "[hidden]" and hidden. */
int procinfo_read(pid_t pid, struct procinfo *pi);

/* Whether pid names a process, readable or not: kill(pid, 0) succeeds or
 * fails with EPERM (another user's); false for ESRCH and pid <= 0. */
bool procinfo_exists(pid_t pid);

/* Parses the text of /proc/PID/stat into *pi (alive set true). The command
 * runs from the first '(' to the LAST ')', so names holding spaces or
 * parentheses are kept whole. Returns 0, or -1 for malformed text (*pi then
 * zeroed, alive false). */
int procinfo_parse_stat(const char *text, struct procinfo *pi);

/* "pts/3", "tty1", "ttyS0", "tty", "console", "-" (0), else "MAJOR:MINOR".
 * Returns buf. */
char *procinfo_tty_name(int tty_nr, char *buf, size_t len);

/* The pid a /proc entry name stands for ("1234"), or 0 when the name is
 * not a positive decimal number that fits a pid ("self", "sys", "007":
 * leading zeros are refused too). */
pid_t procinfo_pid_of(const char *name);

/* Reads a small file (a /proc entry) whole into buf, NUL-terminated, at
 * most len - 1 bytes; EINTR is retried. Returns the byte count, or -1 with
 * errno. Shared by the /proc readers (procinfo, posixipc). */
ssize_t procinfo_slurp(const char *path, char *buf, size_t len);

/* The command line of pid from /proc/PID/cmdline (at most len - 1 bytes),
 * each NUL (the arguments' ends) turned into a space, NUL-terminated.
 * Returns the bytes read (0 for a kernel thread or a zombie), or -1 with
 * errno (ENOENT: no such process). */
ssize_t procinfo_cmdline(pid_t pid, char *buf, size_t len);

#endif
