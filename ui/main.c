/* main.c — ipctop's entry point: options, then either one snapshot to
 * stdout (--once, --json) or the interactive program. */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "cli.h"
#include "export.h"
#include "names.h"
#include "snapshot.h"

static int print_snapshot(const struct options *opt)
{
	struct snapshot s = { 0 };
	unsigned flags = SNAP_SHMRSS | (opt->mode == MODE_JSON ? SNAP_SEMVALS | SNAP_SEMWAIT | SNAP_ATTACH : 0);
	if (snapshot_read(&s, opt->kinds, flags) < 0) {
		fprintf(stderr, "ipctop: reading IPC objects: %s\n", strerror(errno));
		return 1;
	}
	int rc = opt->mode == MODE_JSON ? export_json(stdout, &s, opt->kinds)
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
	if (opt.mode != MODE_TUI)
		return print_snapshot(&opt);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ipctop: the interactive view needs a terminal; use --once or --json in scripts\n");
		return 2;
	}
	return app_run(&opt);
}
