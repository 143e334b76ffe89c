/* cli.h — command line options of ipctop (getopt_long), curses-free so the
 * rules for bad input are unit-tested. */
#ifndef IPCTOP_CLI_H
#define IPCTOP_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "export/lsipc.h"

#define IPCTOP_VERSION "0.1"

enum cli_mode { MODE_TUI, MODE_ONCE, MODE_JSON, MODE_PROMETHEUS, MODE_WATCH, MODE_BENCH_IPC, MODE_TRACE };

/* --json (native, documented in doc/ipctop-json.schema.json) or
 * --json=lsipc[,OPTIONS] (what `lsipc --json OPTIONS` prints: lsipc.h). */
enum json_style { JSON_NATIVE, JSON_LSIPC };

struct options {
	enum cli_mode mode;
	int delay_tenths; /* -d, default 10 */
	bool delay_given; /* -d was given: it wins over the settings file */
	bool no_config;   /* --no-config: the settings file neither read nor written */
	unsigned kinds;   /* KIND_BIT set; -m/-q/-s restrict */
	bool no_color;    /* --no-color or $NO_COLOR */
	bool read_only;   /* --read-only */
	const char *log_c; /* --log-c FILE: write the session as a C program */
	bool projector;    /* -P/--projector: classroom theme */
	const char *ns;    /* --ns PID|PATH: IPC namespace to enter first */
	const char *log;   /* --log FILE: --watch appends events there */
	const char *pidfile; /* --pidfile FILE (--watch) */
	bool daemon;       /* --daemon: --watch detached (needs --log) */
	bool foreground;   /* --foreground: --watch as a service's main process */
	const char *demo;  /* --demo NAME: start with that classroom scenario */
	uint64_t bench_size;  /* --bench-ipc --size N (0: 64 B, 4 KiB and 64 KiB) */
	double bench_seconds; /* --bench-ipc --seconds S per mechanism */
	enum json_style json_style;  /* --json=FORMAT */
	struct lsipc_options lsipc;  /* --json=lsipc,...; its kind from -m/-q/-s (-1: none) */
	double trace_seconds; /* --trace=SECONDS; 0: until a signal */
	bool activity;        /* --activity: the TUI starts with tracing on */
};

enum cli_result { CLI_RUN, CLI_EXIT_OK, CLI_EXIT_USAGE };

/* Parses argv. On CLI_EXIT_OK (help, version) the text went to `out`; on
 * CLI_EXIT_USAGE a one-line reason went to `err`. */
enum cli_result cli_parse(int argc, char **argv, struct options *opt, FILE *out, FILE *err);

void cli_usage(FILE *out);

#endif
