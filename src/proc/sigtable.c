/* sigtable.c — owns the signal name table (kill -l spelling, runtime
 * SIGRTMIN/SIGRTMAX), name/number parsing, and kill()/sigqueue() with their
 * call texts and error meanings. */
#define _GNU_SOURCE
#include "proc/sigtable.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/errtext.h"
#include "base/i18n.h"
#include "base/strbuf.h"

static const struct {
	int sig;
	const char *name;
} std_signals[] = {
	{ SIGHUP, "HUP" },     { SIGINT, "INT" },       { SIGQUIT, "QUIT" },   { SIGILL, "ILL" },
	{ SIGTRAP, "TRAP" },   { SIGABRT, "ABRT" },     { SIGBUS, "BUS" },     { SIGFPE, "FPE" },
	{ SIGKILL, "KILL" },   { SIGUSR1, "USR1" },     { SIGSEGV, "SEGV" },   { SIGUSR2, "USR2" },
	{ SIGPIPE, "PIPE" },   { SIGALRM, "ALRM" },     { SIGTERM, "TERM" },
#ifdef SIGSTKFLT
	{ SIGSTKFLT, "STKFLT" },
#endif
	{ SIGCHLD, "CHLD" },   { SIGCONT, "CONT" },     { SIGSTOP, "STOP" },   { SIGTSTP, "TSTP" },
	{ SIGTTIN, "TTIN" },   { SIGTTOU, "TTOU" },     { SIGURG, "URG" },     { SIGXCPU, "XCPU" },
	{ SIGXFSZ, "XFSZ" },   { SIGVTALRM, "VTALRM" }, { SIGPROF, "PROF" },   { SIGWINCH, "WINCH" },
	{ SIGIO, "IO" },
#ifdef SIGPWR
	{ SIGPWR, "PWR" },
#endif
	{ SIGSYS, "SYS" },
	/* aliases: accepted by sigtable_parse, never printed (listed after the
	 * canonical names, so the first match by number is canonical) */
	{ SIGABRT, "IOT" },    { SIGIO, "POLL" },       { SIGCHLD, "CLD" },
};
#define NSTD (sizeof(std_signals) / sizeof(std_signals[0]))

int sigtable_max(void)
{
	return SIGRTMAX;
}

int sigtable_name(int sig, char *buf, size_t len)
{
	int rtmin = SIGRTMIN, rtmax = SIGRTMAX;
	if (sig == 0) {
		snprintf(buf, len, "0");
		return 0;
	}
	if (sig < 0 || sig > rtmax) {
		snprintf(buf, len, "SIG?");
		return -1;
	}
	for (size_t i = 0; i < NSTD; i++)
		if (std_signals[i].sig == sig) {
			snprintf(buf, len, "SIG%s", std_signals[i].name);
			return 0;
		}
	if (sig < rtmin)
		snprintf(buf, len, "SIG%d", sig);
	else if (sig == rtmin)
		snprintf(buf, len, "SIGRTMIN");
	else if (sig == rtmax)
		snprintf(buf, len, "SIGRTMAX");
	else if (sig - rtmin <= rtmax - sig) /* as bash: 49 is RTMIN+15, 50 RTMAX-14 */
		snprintf(buf, len, "SIGRTMIN+%d", sig - rtmin);
	else
		snprintf(buf, len, "SIGRTMAX-%d", rtmax - sig);
	return 0;
}

/* Decimal number of [s, end) without sign, or -1 (empty, not digits, big). */
static int decimal(const char *s, const char *end)
{
	if (s == end)
		return -1;
	int v = 0;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9' || v > (INT_MAX - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* RTMIN, RTMIN+n, RTMAX, RTMAX-n over [s, end); -1 if not one of those. */
static int parse_rt(const char *s, const char *end)
{
	int rtmin = SIGRTMIN, rtmax = SIGRTMAX;
	size_t n = (size_t)(end - s);
	if (n < 5)
		return -1;
	int is_min = strncasecmp(s, "RTMIN", 5) == 0;
	if (!is_min && strncasecmp(s, "RTMAX", 5) != 0)
		return -1;
	if (n == 5)
		return is_min ? rtmin : rtmax;
	if (s[5] != (is_min ? '+' : '-'))
		return -1;
	int off = decimal(s + 6, end);
	if (off < 0 || off > rtmax - rtmin)
		return -1;
	return is_min ? rtmin + off : rtmax - off;
}

int sigtable_parse(const char *text)
{
	if (!text)
		return -1;
	const char *s = text, *end = text + strlen(text);
	while (*s == ' ' || *s == '\t')
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
		end--;
	if (end - s >= 3 && strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	if (s < end && *s >= '0' && *s <= '9') {
		int v = decimal(s, end);
		return v >= 1 && v <= SIGRTMAX ? v : -1;
	}
	size_t n = (size_t)(end - s);
	for (size_t i = 0; i < NSTD; i++)
		if (strlen(std_signals[i].name) == n && strncasecmp(s, std_signals[i].name, n) == 0)
			return std_signals[i].sig;
	return parse_rt(s, end);
}

static void meaning(int err, pid_t pid, int sig, const char *signame, char *buf, size_t len)
{
	switch (err) {
	case ESRCH:
		snprintf(buf, len, _("process %d is gone"), (int)pid);
		break;
	case EPERM:
		snprintf(buf, len, "%s", _("not allowed to signal a process of another user"));
		break;
	case EINVAL:
		if (pid <= 0)
			snprintf(buf, len, _("refusing pid %d: it would signal a process group"), (int)pid);
		else
			snprintf(buf, len, _("%d is not a valid signal number"), sig);
		break;
	case EAGAIN:
		snprintf(buf, len, "%s", _("too many queued signals for this user (RLIMIT_SIGPENDING)"));
		break;
	default:
		snprintf(buf, len, _("sending %s to process %d"), signame, (int)pid);
		break;
	}
}

int sigtable_send(pid_t pid, int sig, bool with_value, int value, char *call, size_t calllen,
		  char *err, size_t errlen)
{
	char signame[32];
	if (sigtable_name(sig, signame, sizeof(signame)) < 0)
		snprintf(signame, sizeof(signame), "%d", sig);
	const char *fn = with_value ? "sigqueue" : "kill";
	struct strbuf sb;
	strbuf_init(&sb, call, call ? calllen : 0);
	if (with_value)
		strbuf_printf(&sb, "sigqueue(%d, %s, (union sigval){.sival_int = %d})", (int)pid,
			      signame, value);
	else
		strbuf_printf(&sb, "kill(%d, %s)", (int)pid, signame);

	int rc, e = 0;
	if (pid <= 0 || sig < 0 || sig > SIGRTMAX) {
		rc = -1;
		e = EINVAL;
		strbuf_printf(&sb, " not called");
	} else {
		if (with_value) {
			union sigval sv = { .sival_int = value };
			rc = sigqueue(pid, sig, sv);
		} else {
			rc = kill(pid, sig);
		}
		e = rc < 0 ? errno : 0;
		if (rc == 0) {
			strbuf_printf(&sb, " = 0");
		} else {
			const char *en = errtext_errno_name(e);
			if (en)
				strbuf_printf(&sb, " = -1 %s", en);
			else
				strbuf_printf(&sb, " = -1 (errno %d)", e);
		}
	}
	strbuf_mark_cut(&sb, "...");

	if (err && errlen) {
		err[0] = '\0';
		if (rc < 0) {
			char why[256];
			meaning(e, pid, sig, signame, why, sizeof(why));
			errtext_format(err, errlen, fn, e, why);
		}
	}
	if (rc < 0)
		errno = e;
	return rc;
}
