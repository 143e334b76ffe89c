/* main.c — ipctop's entry point: options, the IPC namespace (--ns), then
 * one snapshot to stdout (--once, --json, --prometheus), the event watch
 * (--watch, --daemon, --foreground), the call trace (--trace) or the
 * interactive program. */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "classroom/benchipc.h"
#include "config/cli.h"
#include "export/export.h"
#include "export/lsipc.h"
#include "export/prometheus.h"
#include "export/watchloop.h"
#include "loop/loop.h"
#include "model/snapshot.h"
#include "model/history.h"
#include "proc/names.h"
#include "proc/nsinfo.h"
#include "export/tracemode.h"
#include "proc/proctitle.h"

/* Where the message catalogues are: $IPCTOP_LOCALEDIR when set; else the
 * build tree's locale dir when this binary is the one built there (found
 * relative to the executable, so `make && ./ipctop` and `make test` use the
 * fresh catalogues wherever the tree is); else the installed LOCALEDIR. */
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef IPCTOP_LOCALEDIR_REL
#define IPCTOP_LOCALEDIR_REL "build/locale"
#endif

static void i18n_init(void)
{
	static char dir[PATH_MAX];
	const char *use = getenv("IPCTOP_LOCALEDIR");
	if (!use || !*use) {
		char exe[PATH_MAX];
		struct stat st;
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		use = LOCALEDIR;
		if (n > 0) {
			exe[n] = '\0';
			int len = snprintf(dir, sizeof(dir), "%s/%s", dirname(exe), IPCTOP_LOCALEDIR_REL);
			if (len > 0 && (size_t)len < sizeof(dir) && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
				use = dir;
		}
	}
	bindtextdomain("ipctop", use);
	textdomain("ipctop");
}

static int print_snapshot(const struct options *opt)
{
	struct snapshot s = { 0 };
	struct history h = { 0 };
	/* 64 KiB writes, not stdio's st_blksize (4 KiB for a pipe or /dev/null):
	 * 64 000 objects are 6 MB of text, 1 500 write calls fewer. glibc
	 * ignores the size unless it is given the buffer. */
	static char outbuf[1u << 16];
	if (setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf)) != 0)
		fprintf(stderr, "ipctop: setvbuf: %s\n", strerror(errno)); /* only slower */
	/* What each output prints: --once the columns of ipcs -a (all in
	 * /proc/sysvipc: no call per object), --json every field (msg_qbytes,
	 * semaphore values, wait counts and pids), --prometheus capacities and
	 * waiters; --json=lsipc only what the bulk read gives (nothing extra). */
	bool lsipc = opt->mode == MODE_JSON && opt->json_style == JSON_LSIPC;
	unsigned json = SNAP_SEMVALS | SNAP_SEMWAIT | SNAP_SEMPID | SNAP_ATTACH | SNAP_WAITERS | SNAP_THREADS;
	unsigned flags = SNAP_SHMRSS | (opt->mode == MODE_JSON ? json | SNAP_QBYTES : 0) |
			 (opt->mode == MODE_PROMETHEUS ? SNAP_SEMWAIT | SNAP_QBYTES : 0);
	/* history_apply: the segments' creators' command lines */
	if (snapshot_read(&s, opt->kinds, lsipc ? 0 : flags) < 0 ||
	    (opt->mode == MODE_JSON && !lsipc && history_apply(&h, &s) < 0)) {
		fprintf(stderr, _("ipctop: reading IPC objects: %s\n"), strerror(errno));
		snapshot_free(&s);
		return 1;
	}
	history_free(&h);
	int rc = lsipc				? lsipc_write(stdout, &s, &opt->lsipc)
		 : opt->mode == MODE_JSON	? export_json(stdout, &s, opt->kinds)
		 : opt->mode == MODE_PROMETHEUS ? prometheus_write(stdout, &s, opt->kinds)
						: export_text(stdout, &s, opt->kinds);
	snapshot_free(&s);
	names_clear();
	if (fflush(stdout) != 0 || rc < 0) {
		fprintf(stderr, _("ipctop: writing output: %s\n"), strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	proctitle_init(argc, argv); /* first: before anything keeps a pointer into the environment */
	setlocale(LC_ALL, "");
	i18n_init();
	struct options opt;
	switch (cli_parse(argc, argv, &opt, stdout, stderr)) {
	case CLI_EXIT_OK: return 0;
	case CLI_EXIT_USAGE: return 2;
	case CLI_RUN: break;
	}
	if (opt.ns) {
		char err[512];
		if (nsinfo_enter(opt.ns, err, sizeof(err)) < 0) {
			fprintf(stderr, "ipctop: --ns %s: %s\n", opt.ns, err);
			return 1;
		}
	}
	if (opt.mode == MODE_WATCH) {
		struct watchloop_config wc = { .kinds = opt.kinds, .delay_tenths = opt.delay_tenths,
					       .log_path = opt.log, .pidfile = opt.pidfile,
					       .daemon = opt.daemon, .foreground = opt.foreground };
		return watchloop_main(&wc);
	}
	if (opt.mode == MODE_TRACE) {
		struct tracemode_config tc = { .seconds = opt.trace_seconds, .kinds = opt.kinds };
		return tracemode_main(&tc);
	}
	if (opt.mode == MODE_BENCH_IPC) {
		/* A private IPC namespace when allowed: the race's objects can
		 * never outlive it (even when it is killed) nor meet anyone's. */
		if (unshare(CLONE_NEWIPC) < 0 && unshare(CLONE_NEWUSER | CLONE_NEWIPC) < 0)
			fprintf(stderr, "ipctop: note: running in the current IPC namespace (unshare: %s)\n",
				strerror(errno));
		return benchipc_run((size_t)opt.bench_size, opt.bench_seconds, stdout) < 0 ? 1 : 0;
	}
	if (opt.mode != MODE_TUI)
		return print_snapshot(&opt);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("ipctop: the interactive view needs a terminal; use --once or --json in scripts\n"), stderr);
		return 2;
	}
	return loop_run(&opt);
}
