/* cli.c — getopt_long parsing of ipctop's options into struct options. */
#define _GNU_SOURCE
#include "config/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/i18n.h"
#include "base/printable.h"
#include "model/ipcobj.h"
#include "base/parse.h"
#include "classroom/scenario.h"

enum { OPT_ONCE = 256, OPT_JSON, OPT_NO_COLOR, OPT_READ_ONLY, OPT_LOG_C, OPT_PROMETHEUS, OPT_NS, OPT_WATCH,
       OPT_LOG, OPT_DAEMON, OPT_FOREGROUND, OPT_PIDFILE, OPT_DEMO, OPT_BENCH_IPC, OPT_SIZE, OPT_SECONDS,
       OPT_TRACE, OPT_ACTIVITY, OPT_NO_CONFIG };

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "delay", required_argument, NULL, 'd' },
	{ "once", no_argument, NULL, OPT_ONCE },
	{ "json", optional_argument, NULL, OPT_JSON },
	{ "shmems", no_argument, NULL, 'm' },
	{ "queues", no_argument, NULL, 'q' },
	{ "semaphores", no_argument, NULL, 's' },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
	{ "read-only", no_argument, NULL, OPT_READ_ONLY },
	{ "log-c", required_argument, NULL, OPT_LOG_C },
	{ "projector", no_argument, NULL, 'P' },
	{ "prometheus", no_argument, NULL, OPT_PROMETHEUS },
	{ "ns", required_argument, NULL, OPT_NS },
	{ "watch", no_argument, NULL, OPT_WATCH },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "daemon", no_argument, NULL, OPT_DAEMON },
	{ "foreground", no_argument, NULL, OPT_FOREGROUND },
	{ "pidfile", required_argument, NULL, OPT_PIDFILE },
	{ "demo", required_argument, NULL, OPT_DEMO },
	{ "bench-ipc", no_argument, NULL, OPT_BENCH_IPC },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "seconds", required_argument, NULL, OPT_SECONDS },
	{ "trace", optional_argument, NULL, OPT_TRACE },
	{ "activity", no_argument, NULL, OPT_ACTIVITY },
	{ NULL, 0, NULL, 0 },
};

/* True when c is the val of one of our options that takes no argument. */
static bool takes_no_value(int c)
{
	for (const struct option *o = long_opts; o->name; o++)
		if (o->val == c && o->has_arg == no_argument)
			return true;
	return false;
}

/* --json's optional FORMAT: "native", or "lsipc" with lsipc's output
 * options after commas. */
static int parse_json_format(const char *arg, struct options *opt, FILE *err)
{
	char bad[64];
	opt->json_style = JSON_NATIVE;
	if (!arg || strcmp(arg, "native") == 0)
		return 0;
	if (strncmp(arg, "lsipc", 5) != 0 || (arg[5] != '\0' && arg[5] != ',')) {
		fprintf(err, _("ipctop: --json=%s: the format is native or lsipc (see ipctop --help)\n"), arg);
		return -1;
	}
	opt->json_style = JSON_LSIPC;
	if (arg[5] && lsipc_parse_options(arg + 6, &opt->lsipc, bad, sizeof(bad)) < 0) {
		fprintf(err, _("ipctop: --json=lsipc: unknown option '%s' (bytes, creator, time, numeric-perms, global, time-format=short|full|iso)\n"),
			bad);
		return -1;
	}
	return 0;
}

/* lsipc's rules for its kinds: one of -m/-q/-s, or none (the limits
 * table), which -c and -t do not go with. */
static int check_lsipc(struct options *opt, FILE *err)
{
	int n = 0;
	for (int k = 0; k < KIND_COUNT; k++)
		if (opt->kinds & KIND_BIT(k)) {
			opt->lsipc.kind = k;
			n++;
		}
	if (n > 1) {
		fprintf(err, _("ipctop: --json=lsipc takes one of -m, -q, -s (as lsipc does), or none for the limits table\n"));
		return -1;
	}
	if (n == 0 && (opt->lsipc.creator || opt->lsipc.time)) {
		fprintf(err, _("ipctop: --json=lsipc: creator and time need -m, -q or -s (as in lsipc)\n"));
		return -1;
	}
	return 0;
}

/* --demo=help: one scenario a line, the name --demo takes first (the shell
 * completions read that word), then its summary. */
static void list_demos(FILE *out)
{
	const struct scenario_info *list;
	size_t n = scenario_list(&list);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%-10s %s\n", list[i].name, _(list[i].summary));
}

/* A time in seconds ("5", "0.5"): above 0, at most max. */
static int parse_seconds(const char *text, double max, double *out)
{
	char *end;
	if (!text)
		return -1;
	errno = 0;
	double v = strtod(text, &end);
	if (end == text || *end || errno || !(v > 0) || v > max)
		return -1;
	*out = v;
	return 0;
}

/* The rules between --watch and its options, once all are parsed. */
static enum cli_result check_watch(struct options *opt, FILE *err)
{
	const char *which = opt->daemon ? "--daemon" : "--foreground";
	if (opt->daemon && opt->foreground) {
		fprintf(err, _("ipctop: --daemon and --foreground exclude each other (see ipctop --help)\n"));
		return CLI_EXIT_USAGE;
	}
	if ((opt->daemon || opt->foreground) && opt->mode != MODE_WATCH) {
		fprintf(err, _("ipctop: %s runs --watch; it cannot be combined with --once, --json or --prometheus\n"),
			which);
		return CLI_EXIT_USAGE;
	}
	if ((opt->log || opt->pidfile) && opt->mode != MODE_WATCH) {
		fprintf(err, _("ipctop: %s is for --watch (see ipctop --help)\n"), opt->log ? "--log" : "--pidfile");
		return CLI_EXIT_USAGE;
	}
	if (opt->daemon && !opt->log) {
		fprintf(err, _("ipctop: --daemon needs --log=FILE (a daemon has no stdout for its events)\n"));
		return CLI_EXIT_USAGE;
	}
	return CLI_RUN;
}

#define HELP_WIDTH 79  /* the longest line of --help */
#define HELP_INDENT 23 /* the column where the options' descriptions start */

/* Columns of the character at s (*n gets its bytes, at least 1): 2 for a
 * wide one (CJK), else 1. */
static int char_width(const char *s, size_t *n)
{
	mbstate_t st;
	wchar_t wc;
	memset(&st, 0, sizeof(st));
	size_t k = mbrtowc(&wc, s, strlen(s), &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*n = 1;
		return 1;
	}
	*n = k;
	return wcwidth(wc) == 2 ? 2 : 1;
}

/* Prints text from column HELP_INDENT on and a newline, wrapped to lines
 * of at most HELP_WIDTH columns after a space (which is dropped there) or
 * after a wide character (CJK text has no spaces), each further line
 * indented to HELP_INDENT. */
static void put_wrapped(FILE *out, const char *text)
{
	int col = HELP_INDENT, spaces = 0; /* spaces: held until a word follows */
	const char *p = text;
	while (*p) {
		const char *word = p;
		int width = 0;
		size_t n;
		while (*p && *p != ' ') {
			int w = char_width(p, &n);
			p += n;
			width += w;
			if (w == 2)
				break;
		}
		if (col > HELP_INDENT && col + spaces + width > HELP_WIDTH) {
			fprintf(out, "\n%*s", HELP_INDENT, "");
			col = HELP_INDENT;
		} else {
			fprintf(out, "%*s", spaces, "");
			col += spaces;
		}
		fwrite(word, 1, (size_t)(p - word), out);
		col += width;
		for (spaces = 0; *p == ' '; p++)
			spaces++;
	}
	fputc('\n', out);
}

void cli_usage(FILE *out)
{
	char names[128], demo[256];
	/* Texts for translators; the option names stay as they are. */
	fputs(_("Usage: ipctop [options]\n"
		"Interactive viewer and playground for System V IPC objects (shared memory,\n"
		"message queues, semaphore sets).\n"),
	      out);
	fputs("\n", out);
	/* TRANSLATORS: keep the options and their arguments; align the
	 * descriptions at column 24 as here. */
	fputs(_("Options:\n"
	      "  -d, --delay=TENTHS   refresh interval in tenths of a second (default 10)\n"
	      "      --once           print one ipcs-like snapshot and exit (no terminal needed)\n"
	      "      --json[=FORMAT]  print one snapshot as JSON and exit; FORMAT lsipc[,OPTS]\n"
	      "                       prints what `lsipc --json` does (OPTS: bytes, creator,\n"
	      "                       time, numeric-perms, global, time-format=short|full|iso)\n"
	      "      --prometheus     print one snapshot in Prometheus text format and exit\n"
	      "      --watch          print one JSON line per change (created, removed, perms,\n"
	      "                       owner, nattch, queue fill, semaphore waiters) every -d\n"
	      "      --log=FILE       --watch appends the lines to FILE (reopened on SIGHUP)\n"
	      "      --daemon         --watch detached in the background (needs --log)\n"
	      "      --foreground     --watch as a service's main process (SIGHUP never ends it)\n"
	      "      --pidfile=FILE   --watch writes its pid to FILE, locked: one instance only\n"
	      "      --ns=PID|PATH    first enter the IPC namespace of PID (or /proc/PID/ns/ipc)\n"),
	      out);
	/* The scenario names come from the registry, wrapped at HELP_WIDTH. */
	fprintf(out, "%-*s", HELP_INDENT, "      --demo=NAME");
	/* TRANSLATORS: %s is the list of scenario names, joined by the
	 * "list separator"; the line is wrapped where it needs. */
	snprintf(demo, sizeof(demo), _("start with a classroom scenario running: %s (D in the TUI)"),
		 scenario_names(C_("list separator", ", "), names, sizeof(names)));
	put_wrapped(out, demo);
	/* TRANSLATORS: as "Options:" above. */
	fputs(_("      --bench-ipc      race pipe, message queue and shm+semaphores ping-pong and\n"
	      "                       print round trips/s, mean and p99 latency\n"
	      "      --size=N         --bench-ipc payload (64, 4k, 64k; default: all three)\n"
	      "      --seconds=S      --bench-ipc time per mechanism (default 1)\n"
	      "      --trace=S        print one JSON line per System V IPC call of the\n"
	      "                       namespace for S seconds (just --trace: until\n"
	      "                       Ctrl-C; root), then a summary per object on stderr\n"
	      "      --activity       start with tracing on: OPS/S, timeline (T toggles)\n"
	      "  -m, --shmems         shared memory segments only\n"
	      "  -q, --queues         message queues only\n"
	      "  -s, --semaphores     semaphore sets only\n"
	      "      --read-only      refuse every action that changes an object\n"
	      "      --log-c=FILE     on exit, write the session's actions as a C program\n"
	      "  -P, --projector      classroom projector mode: high contrast, big digits\n"
	      "      --no-color       monochrome (also when $NO_COLOR is set)\n"
	      "      --no-config      neither read nor write the settings file (F2 setup)\n"
	      "  -h, --help           show this help and exit\n"
	      "  -V, --version        show the version and exit\n"),
	      out);
	fputs("\n", out);
	fputs(_("Press ? or F1 inside ipctop for the keys.\n"), out);
}

enum cli_result cli_parse(int argc, char **argv, struct options *opt, FILE *out, FILE *err)
{
	char shown[256]; /* an argument echoed in an error, without controls */
	opt->mode = MODE_TUI;
	opt->delay_tenths = 10;
	opt->delay_given = false;
	opt->no_config = false;
	opt->kinds = 0;
	const char *nc = getenv("NO_COLOR");
	opt->no_color = nc && *nc;
	opt->read_only = false;
	opt->log_c = NULL;
	opt->projector = false;
	opt->ns = opt->log = opt->pidfile = NULL;
	opt->daemon = opt->foreground = false;
	opt->demo = NULL;
	opt->bench_size = 0;
	opt->bench_seconds = 1.0;
	opt->json_style = JSON_NATIVE;
	memset(&opt->lsipc, 0, sizeof(opt->lsipc));
	opt->lsipc.kind = -1;
	opt->trace_seconds = 0;
	opt->activity = false;
	opterr = 0;
	optind = 0; /* 0, not 1: glibc then also forgets its place inside a
		     * cluster like "-Vm" from an earlier call */
	int c;
	while ((c = getopt_long(argc, argv, ":hVd:mqsP", long_opts, NULL)) != -1) {
		const char *why;
		switch (c) {
		case 'h': cli_usage(out); return CLI_EXIT_OK;
		case 'V': fprintf(out, "ipctop %s\n", IPCTOP_VERSION); return CLI_EXIT_OK;
		case 'd':
			if (parse_delay(optarg, &opt->delay_tenths, &why) < 0) {
				fprintf(err, _("ipctop: -d '%s': %s\n"), printable(optarg, shown, sizeof(shown)), why);
				return CLI_EXIT_USAGE;
			}
			opt->delay_given = true;
			break;
		case OPT_ONCE: opt->mode = MODE_ONCE; break;
		case OPT_JSON:
			opt->mode = MODE_JSON;
			if (parse_json_format(optarg, opt, err) < 0)
				return CLI_EXIT_USAGE;
			break;
		case 'P': opt->projector = true; break;
		case 'm': opt->kinds |= KIND_BIT(KIND_SHM); break;
		case 'q': opt->kinds |= KIND_BIT(KIND_MSG); break;
		case 's': opt->kinds |= KIND_BIT(KIND_SEM); break;
		case OPT_NO_COLOR: opt->no_color = true; break;
		case OPT_NO_CONFIG: opt->no_config = true; break;
		case OPT_READ_ONLY: opt->read_only = true; break;
		case OPT_LOG_C:
			if (!optarg || !*optarg) { /* never NULL here: for the analyzer (--trace has an optional value) */
				fprintf(err, _("ipctop: --log-c needs a file name\n"));
				return CLI_EXIT_USAGE;
			}
			opt->log_c = optarg;
			break;
		case OPT_PROMETHEUS: opt->mode = MODE_PROMETHEUS; break;
		case OPT_WATCH: opt->mode = MODE_WATCH; break;
		case OPT_BENCH_IPC: opt->mode = MODE_BENCH_IPC; break;
		case OPT_DEMO:
			if (!optarg) /* never NULL (a required value): for the analyzer */
				return CLI_EXIT_USAGE;
			if (strcmp(optarg, "help") == 0) {
				list_demos(out);
				return CLI_EXIT_OK;
			}
			if (!scenario_find(optarg)) {
				char names[128];
				fprintf(err, _("ipctop: --demo '%s': no such scenario (%s)\n"), printable(optarg, shown, sizeof(shown)),
					scenario_names(C_("list separator", ", "), names, sizeof(names)));
				return CLI_EXIT_USAGE;
			}
			opt->demo = optarg;
			break;
		case OPT_SIZE:
			if (parse_size(optarg, &opt->bench_size, &why) < 0 || opt->bench_size == 0 ||
			    opt->bench_size > 16u << 20) {
				fprintf(err, _("ipctop: --size '%s': a payload of 1 byte to 16M (64, 4k, 64k)\n"),
					printable(optarg, shown, sizeof(shown)));
				return CLI_EXIT_USAGE;
			}
			break;
		case OPT_SECONDS:
			if (parse_seconds(optarg, 3600, &opt->bench_seconds) < 0) {
				fprintf(err, _("ipctop: --seconds '%s': a time in seconds, above 0 and at most 3600\n"),
					printable(optarg, shown, sizeof(shown)));
				return CLI_EXIT_USAGE;
			}
			break;
		case OPT_TRACE:
			opt->mode = MODE_TRACE;
			if (optarg && parse_seconds(optarg, 86400, &opt->trace_seconds) < 0) {
				fprintf(err, _("ipctop: --trace=%s: a time in seconds, above 0 and at most 86400\n"),
					printable(optarg, shown, sizeof(shown)));
				return CLI_EXIT_USAGE;
			}
			break;
		case OPT_ACTIVITY: opt->activity = true; break;
		case OPT_DAEMON: opt->daemon = true; break;
		case OPT_FOREGROUND: opt->foreground = true; break;
		case OPT_NS:
		case OPT_LOG:
		case OPT_PIDFILE:
			if (!optarg || !*optarg) {
				/* Not argv[optind - 1]: in "--ns ''" that is the empty value. */
				fprintf(err, _("ipctop: %s needs a value (see ipctop --help)\n"),
					c == OPT_NS ? "--ns" : c == OPT_LOG ? "--log" : "--pidfile");
				return CLI_EXIT_USAGE;
			}
			*(c == OPT_NS ? &opt->ns : c == OPT_LOG ? &opt->log : &opt->pidfile) = optarg;
			break;
		case ':':
			fprintf(err, _("ipctop: option '%s' needs a value (see ipctop --help)\n"),
				printable(argv[optind - 1], shown, sizeof(shown)));
			return CLI_EXIT_USAGE;
		default:
			if (takes_no_value(optopt)) /* "--once=1": optopt is the option's val */
				fprintf(err, _("ipctop: option '%s' takes no value (see ipctop --help)\n"),
					printable(argv[optind - 1], shown, sizeof(shown)));
			else if (optopt)
				fprintf(err, _("ipctop: unknown option '-%c' (see ipctop --help)\n"), optopt);
			else
				fprintf(err, _("ipctop: unknown option '%s' (see ipctop --help)\n"),
					printable(argv[optind - 1], shown, sizeof(shown)));
			return CLI_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(err, _("ipctop: unexpected argument '%s' (see ipctop --help)\n"),
			printable(argv[optind], shown, sizeof(shown)));
		return CLI_EXIT_USAGE;
	}
	if (opt->mode == MODE_JSON && opt->json_style == JSON_LSIPC && check_lsipc(opt, err) < 0)
		return CLI_EXIT_USAGE;
	if (opt->kinds == 0)
		opt->kinds = KINDS_ALL;
	/* --daemon and --foreground are ways to run --watch: the mode is known
	 * before the rules of the interactive view's options are checked
	 * (--activity --foreground is refused, not a --watch with it set). */
	if ((opt->daemon || opt->foreground) && opt->mode == MODE_TUI)
		opt->mode = MODE_WATCH;
	if (opt->demo && opt->mode != MODE_TUI) {
		fprintf(err, _("ipctop: --demo runs in the interactive view; it cannot be combined with other modes\n"));
		return CLI_EXIT_USAGE;
	}
	if (opt->activity && opt->mode != MODE_TUI) {
		fprintf(err, _("ipctop: --activity is for the interactive view (--trace prints the calls)\n"));
		return CLI_EXIT_USAGE;
	}
	if (opt->read_only && opt->log_c) {
		/* --read-only writes no file: see act_save_log_c. */
		fprintf(err, _("ipctop: --log-c writes a file and --read-only writes none: use one of them\n"));
		return CLI_EXIT_USAGE;
	}
	if (opt->mode != MODE_BENCH_IPC && (opt->bench_size || opt->bench_seconds != 1.0)) {
		fprintf(err, _("ipctop: --size and --seconds are for --bench-ipc (see ipctop --help)\n"));
		return CLI_EXIT_USAGE;
	}
	return check_watch(opt, err);
}
