/* main.c — ipctop's entry point: options, the IPC namespace (--ns), then
 * one snapshot to stdout (--once, --json, --prometheus), the event watch
 * (--watch, --daemon, --foreground) or the interactive program. */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "benchipc.h"
#include "cli.h"
#include "export.h"
#include "names.h"
#include "nsinfo.h"
#include "prometheus.h"
#include "snapshot.h"
#include "watchloop.h"

static int print_snapshot(const struct options *opt)
{
	struct snapshot s = { 0 };
	unsigned flags = SNAP_SHMRSS | (opt->mode == MODE_JSON ? SNAP_SEMVALS | SNAP_SEMWAIT | SNAP_ATTACH : 0) |
			 (opt->mode == MODE_PROMETHEUS ? SNAP_SEMWAIT : 0);
	if (snapshot_read(&s, opt->kinds, flags) < 0) {
		fprintf(stderr, "ipctop: reading IPC objects: %s\n", strerror(errno));
		return 1;
	}
	int rc = opt->mode == MODE_JSON	      ? export_json(stdout, &s, opt->kinds)
		 : opt->mode == MODE_PROMETHEUS ? prometheus_write(stdout, &s, opt->kinds)
						: export_text(stdout, &s, opt->kinds);
	snapshot_free(&s);
	names_clear();
	if (fflush(stdout) != 0 || rc < 0) {
		fprintf(stderr, "ipctop: writing output: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
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
	if (opt.mode == MODE_BENCH_IPC)
		return benchipc_run((size_t)opt.bench_size, opt.bench_seconds, stdout) < 0 ? 1 : 0;
	if (opt.mode != MODE_TUI)
		return print_snapshot(&opt);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ipctop: the interactive view needs a terminal; use --once or --json in scripts\n");
		return 2;
	}
	return app_run(&opt);
}
