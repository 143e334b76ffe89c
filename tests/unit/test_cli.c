/* test_cli.c — unit tests of src/config/cli.c: cli_parse defaults, -d/--delay
 * (valid and rejected values), kinds -m/-q/-s, --once/--json, --no-color and
 * $NO_COLOR, --read-only, --log-c=FILE (not with --read-only), -h/-V, unknown options, missing values and stray
 * arguments, --demo=help (the scenario list), with out/err captured through
 * open_memstream. Also checks that consecutive calls do not leak getopt
 * state into each other, and that the --help text and the --demo error name
 * the scenarios of the registry (scenario_list), wrapped within 79 columns. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classroom/scenario.h"
#include "config/cli.h"
#include "model/ipcobj.h"

struct run {
	enum cli_result rc;
	struct options opt;
	char *out, *err;
	size_t outlen, errlen;
};

static struct run last;

static void free_last(void)
{
	free(last.out);
	free(last.err);
	last.out = last.err = NULL;
}

/* Runs cli_parse on "ipctop" followed by the NULL-terminated arguments. */
static struct run *parse(const char *first, ...)
{
	static char *argv[16];
	static char storage[16][64]; /* outlives the call: options point into it */
	int argc = 0;
	strcpy(storage[argc], "ipctop");
	argv[argc] = storage[argc];
	argc++;
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a; a = va_arg(ap, const char *)) {
		cr_assert_lt(argc, 15);
		snprintf(storage[argc], sizeof(storage[argc]), "%s", a);
		argv[argc] = storage[argc];
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;

	free_last();
	FILE *out = open_memstream(&last.out, &last.outlen);
	FILE *err = open_memstream(&last.err, &last.errlen);
	cr_assert(out && err);
	memset(&last.opt, 0x5a, sizeof(last.opt));
	last.rc = cli_parse(argc, argv, &last.opt, out, err);
	fclose(out);
	fclose(err);
	return &last;
}

static void no_color_env(const char *v)
{
	if (v)
		cr_assert_eq(setenv("NO_COLOR", v, 1), 0);
	else
		unsetenv("NO_COLOR");
}

static void setup(void)
{
	no_color_env(NULL);
}

TestSuite(cli, .init = setup, .fini = free_last);

static void usage_error(struct run *r, const char *part)
{
	cr_assert_eq(r->rc, CLI_EXIT_USAGE);
	cr_assert_str_eq(r->out, "", "nothing on out for a usage error");
	cr_assert_not_null(strstr(r->err, "ipctop: "), "err: [%s]", r->err);
	cr_assert_not_null(strstr(r->err, part), "err [%s] lacks [%s]", r->err, part);
	size_t n = strlen(r->err);
	cr_assert_eq(n, r->errlen, "no NUL bytes inside the message: [%s]", r->err);
	cr_assert(n > 0 && strchr(r->err, '\n') == r->err + n - 1, "exactly one line: [%s]", r->err);
}

Test(cli, defaults)
{
	struct run *r = parse(NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.mode, MODE_TUI);
	cr_assert_eq(r->opt.delay_tenths, 10);
	cr_assert_eq(r->opt.kinds, KINDS_ALL);
	cr_assert_eq(r->opt.no_color, false);
	cr_assert_eq(r->opt.read_only, false);
	cr_assert_eq(r->opt.no_config, false);
	cr_assert_eq(r->opt.delay_given, false, "the settings file's delay applies");
	cr_assert_null(r->opt.log_c);
	cr_assert_str_eq(r->out, "");
	cr_assert_str_eq(r->err, "");
}

Test(cli, delay_short_and_long)
{
	struct run *r = parse("-d", "5", NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.delay_tenths, 5);
	r = parse("-d5", NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.delay_tenths, 5);
	r = parse("--delay=20", NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.delay_tenths, 20);
	r = parse("--delay", "36000", NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.delay_tenths, 36000);
	r = parse("-d", "1", NULL);
	cr_assert_eq(r->opt.delay_tenths, 1);
	r = parse("-d", "3", "-d", "7", NULL);
	cr_assert_eq(r->opt.delay_tenths, 7, "the last -d wins");
	cr_assert(r->opt.delay_given, "and it wins over the settings file");
}

Test(cli, no_config)
{
	struct run *r = parse("--no-config", NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert(r->opt.no_config);
	usage_error(parse("--no-config=1", NULL), "option '--no-config=1' takes no value");
}

Test(cli, delay_rejected)
{
	usage_error(parse("-d", "0", NULL), "-d '0': delay must be 1..36000");
	usage_error(parse("-d", "-5", NULL), "-d '-5': delay must be 1..36000");
	usage_error(parse("-d", "abc", NULL), "-d 'abc': delay must be a whole number");
	usage_error(parse("--delay=36001", NULL), "'36001'");
	usage_error(parse("--delay=", NULL), "-d ''");
	usage_error(parse("-d", "1.5", NULL), "whole number");
}

Test(cli, missing_value)
{
	usage_error(parse("-d", NULL), "option '-d' needs a value");
	usage_error(parse("--delay", NULL), "option '--delay' needs a value");
}

Test(cli, unknown_options)
{
	usage_error(parse("-x", NULL), "unknown option '-x'");
	usage_error(parse("-mx", NULL), "unknown option '-x'");
	usage_error(parse("-xm", NULL), "unknown option '-x'");
	usage_error(parse("--bogus", NULL), "unknown option '--bogus'");
	usage_error(parse("--once", "--bogus=1", NULL), "'--bogus=1'");
}

Test(cli, value_given_to_flag)
{
	/* A long flag that takes no value: the message names the argument and
	 * holds no NUL or stray bytes. */
	usage_error(parse("--once=1", NULL), "option '--once=1' takes no value");
	usage_error(parse("--no-color=yes", NULL), "option '--no-color=yes' takes no value");
	usage_error(parse("--help=yes", NULL), "option '--help=yes' takes no value");
	usage_error(parse("--shmems=1", NULL), "option '--shmems=1' takes no value");
}

Test(cli, stray_argument)
{
	usage_error(parse("stray", NULL), "unexpected argument 'stray'");
	usage_error(parse("-m", "stray", NULL), "unexpected argument 'stray'");
	usage_error(parse("stray", "-m", NULL), "unexpected argument 'stray'");
	usage_error(parse("--", "-m", NULL), "unexpected argument '-m'");
}

Test(cli, kinds)
{
	struct run *r = parse("-m", NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.kinds, KIND_BIT(KIND_SHM));
	r = parse("-q", NULL);
	cr_assert_eq(r->opt.kinds, KIND_BIT(KIND_MSG));
	r = parse("-s", NULL);
	cr_assert_eq(r->opt.kinds, KIND_BIT(KIND_SEM));
	r = parse("-m", "-s", NULL);
	cr_assert_eq(r->opt.kinds, KIND_BIT(KIND_SHM) | KIND_BIT(KIND_SEM));
	r = parse("-qs", NULL);
	cr_assert_eq(r->opt.kinds, KIND_BIT(KIND_MSG) | KIND_BIT(KIND_SEM));
	r = parse("--shmems", "--queues", "--semaphores", NULL);
	cr_assert_eq(r->opt.kinds, KINDS_ALL);
	r = parse("--queues", NULL);
	cr_assert_eq(r->opt.kinds, KIND_BIT(KIND_MSG));
}

Test(cli, once_and_json)
{
	struct run *r = parse("--once", NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.mode, MODE_ONCE);
	r = parse("--json", NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.mode, MODE_JSON);
	r = parse("--json", "-m", NULL);
	cr_assert_eq(r->opt.mode, MODE_JSON);
	cr_assert_eq(r->opt.kinds, KIND_BIT(KIND_SHM));
	r = parse("--once", "--json", NULL);
	cr_assert_eq(r->opt.mode, MODE_JSON, "the last mode wins");
	r = parse("--onc", NULL);
	cr_assert_eq(r->opt.mode, MODE_ONCE, "unambiguous long prefixes are accepted");
}

Test(cli, no_color_flag_and_env)
{
	struct run *r = parse("--no-color", NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert(r->opt.no_color);
	no_color_env("1");
	r = parse(NULL);
	cr_assert(r->opt.no_color, "NO_COLOR=1 turns colour off");
	no_color_env("");
	r = parse(NULL);
	cr_assert_not(r->opt.no_color, "an empty NO_COLOR is ignored");
	no_color_env(NULL);
	r = parse(NULL);
	cr_assert_not(r->opt.no_color);
}

Test(cli, read_only)
{
	struct run *r = parse("--read-only", NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert(r->opt.read_only);
	cr_assert_eq(r->opt.mode, MODE_TUI);
}

/* --read-only writes no file: --log-c with it is a usage error. */
Test(cli, read_only_refuses_log_c)
{
	struct run *r = parse("--read-only", "--log-c=/tmp/session.c", NULL);
	cr_assert_eq(r->rc, CLI_EXIT_USAGE);
	cr_assert_str_eq(r->err, "ipctop: --log-c writes a file and --read-only writes none: use one of them\n");
	r = parse("--log-c", "x.c", "--read-only", NULL);
	cr_assert_eq(r->rc, CLI_EXIT_USAGE);
}

Test(cli, log_c)
{
	struct run *r = parse("--log-c=/tmp/session.c", NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_not_null(r->opt.log_c);
	cr_assert_str_eq(r->opt.log_c, "/tmp/session.c");
	r = parse("--log-c", "out.c", "--once", NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_str_eq(r->opt.log_c, "out.c");
	cr_assert_eq(r->opt.mode, MODE_ONCE);
	usage_error(parse("--log-c=", NULL), "--log-c needs a file name");
	usage_error(parse("--log-c", NULL), "option '--log-c' needs a value");
}

Test(cli, help)
{
	struct run *r = parse("-h", NULL);
	cr_assert_eq(r->rc, CLI_EXIT_OK);
	cr_assert_not_null(strstr(r->out, "Usage: ipctop"));
	cr_assert_not_null(strstr(r->out, "--delay"));
	cr_assert_not_null(strstr(r->out, "--json"));
	cr_assert_not_null(strstr(r->out, "--read-only"));
	cr_assert_str_eq(r->err, "");
	r = parse("--help", NULL);
	cr_assert_eq(r->rc, CLI_EXIT_OK);
	cr_assert_not_null(strstr(r->out, "Usage: ipctop"));
	/* Help wins over what follows it, even bad input. */
	r = parse("-h", "-d", "0", NULL);
	cr_assert_eq(r->rc, CLI_EXIT_OK);
}

Test(cli, version)
{
	struct run *r = parse("-V", NULL);
	cr_assert_eq(r->rc, CLI_EXIT_OK);
	cr_assert_str_eq(r->out, "ipctop " IPCTOP_VERSION "\n");
	cr_assert_str_eq(r->err, "");
	r = parse("--version", NULL);
	cr_assert_eq(r->rc, CLI_EXIT_OK);
	cr_assert_str_eq(r->out, "ipctop " IPCTOP_VERSION "\n");
}

/* --demo=help lists the registry, one scenario a line, its name first (the
 * shell completions offer that word), and wins like --help. */
Test(cli, demo_help_lists_the_scenarios)
{
	const struct scenario_info *list;
	size_t n = scenario_list(&list);
	cr_assert_geq(n, 6);
	struct run *r = parse("--demo=help", NULL);
	cr_assert_eq(r->rc, CLI_EXIT_OK);
	cr_assert_str_eq(r->err, "");
	const char *line = r->out;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(list[i].name);
		cr_assert(strncmp(line, list[i].name, len) == 0 && line[len] == ' ', "line %zu of [%s] starts with %s",
			  i + 1, r->out, list[i].name);
		cr_assert_not_null(strstr(line, list[i].summary));
		const char *nl = strchr(line, '\n');
		cr_assert_not_null(nl);
		line = nl + 1;
	}
	cr_assert_str_eq(line, "", "one line per scenario and nothing else: [%s]", r->out);
	r = parse("--demo", "help", "--once", NULL);
	cr_assert_eq(r->rc, CLI_EXIT_OK, "the list does not care about the other options");
	usage_error(parse("--demo=HELP", NULL), "--demo 'HELP'");
}

Test(cli, usage_text_matches_options)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cli_usage(f);
	fclose(f);
	static const char *const opts[] = { "-d, --delay", "--once", "--json", "-m, --shmems", "-q, --queues",
					    "-s, --semaphores", "--read-only", "--no-color", "--no-config", "--log-c=FILE", "-h, --help",
					    "-V, --version" };
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		cr_assert_not_null(strstr(buf, opts[i]), "usage lacks %s", opts[i]);
	free(buf);
}

Test(cli, consecutive_calls_start_fresh)
{
	/* -V in the middle of a cluster stops parsing there; the next call must
	 * not continue the old cluster. */
	struct run *r = parse("-Vm", NULL);
	cr_assert_eq(r->rc, CLI_EXIT_OK);
	r = parse(NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.kinds, KINDS_ALL, "kinds leaked from the previous call: %#x", r->opt.kinds);
	r = parse("-hq", NULL);
	cr_assert_eq(r->rc, CLI_EXIT_OK);
	r = parse("-s", NULL);
	cr_assert_eq(r->opt.kinds, KIND_BIT(KIND_SEM));
	/* After a usage error too. */
	r = parse("-xq", NULL);
	cr_assert_eq(r->rc, CLI_EXIT_USAGE);
	r = parse("--once", NULL);
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.kinds, KINDS_ALL);
	cr_assert_eq(r->opt.mode, MODE_ONCE);
}

/* --help and the --demo error list every scenario of the registry, and
 * only those; the wrapped --demo lines stay within 79 columns. */
Test(cli, scenario_names_come_from_the_registry)
{
	const struct scenario_info *list;
	size_t n = scenario_list(&list);
	cr_assert_geq(n, 6);
	char names[256];
	scenario_names(", ", names, sizeof(names));
	struct run *r = parse("--help", NULL);
	cr_assert_eq(r->rc, CLI_EXIT_OK);
	const char *demo = strstr(r->out, "      --demo=NAME");
	const char *next = strstr(r->out, "      --bench-ipc");
	cr_assert(demo && next && demo < next);
	/* The --demo description with its wrapping undone. */
	char flat[512];
	size_t k = 0;
	for (const char *p = demo; p < next && k + 1 < sizeof(flat); p++)
		if (!isspace((unsigned char)*p) || (k && flat[k - 1] != ' '))
			flat[k++] = isspace((unsigned char)*p) ? ' ' : *p;
	flat[k] = '\0';
	cr_assert_not_null(strstr(flat, names), "[%s] lacks [%s]", flat, names);
	for (size_t i = 0; i < n; i++)
		cr_assert_not_null(strstr(flat, list[i].name), "--help lacks %s", list[i].name);
	for (const char *line = demo; line < next;) {
		const char *end = strchr(line, '\n');
		cr_assert_leq(end - line, 79, "too long: %.*s", (int)(end - line), line);
		line = end + 1;
	}
	r = parse("--demo", "nope", NULL);
	char want[300];
	snprintf(want, sizeof(want), "--demo 'nope': no such scenario (%s)", names);
	usage_error(r, want);
	for (size_t i = 0; i < n; i++) {
		r = parse("--demo", list[i].name, NULL);
		cr_assert_eq(r->rc, CLI_RUN, "%s", list[i].name);
		cr_assert_str_eq(r->opt.demo, list[i].name);
	}
}
