/* test_cli_watch.c — unit tests of the export and watch options of
 * src/config/cli.c: --prometheus, --ns, --watch with --log/--pidfile, --daemon
 * and --foreground (which imply --watch), --json[=native|lsipc,...], and
 * the usage errors between them (--daemon without --log, --daemon with
 * --foreground, --log without --watch, empty values, lsipc's rules for its
 * kinds), --trace[=SECONDS] and --activity, each error one line on err and
 * nothing on out. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cli.h"
#include "model/ipcobj.h"

struct wrun {
	enum cli_result rc;
	struct options opt;
	char *out, *err;
	size_t outlen, errlen;
};

static struct wrun w;

static void wfree(void)
{
	free(w.out);
	free(w.err);
	w.out = w.err = NULL;
}

/* cli_parse of "ipctop" and args (NULL-terminated array). */
static struct wrun *wparse(const char *const *args)
{
	static char storage[16][128];
	static char *argv[17];
	int argc = 0;
	snprintf(storage[argc], sizeof(storage[argc]), "ipctop");
	argv[argc] = storage[argc];
	argc++;
	for (; *args; args++, argc++) {
		cr_assert_lt(argc, 16);
		snprintf(storage[argc], sizeof(storage[argc]), "%s", *args);
		argv[argc] = storage[argc];
	}
	argv[argc] = NULL;
	wfree();
	FILE *out = open_memstream(&w.out, &w.outlen), *err = open_memstream(&w.err, &w.errlen);
	cr_assert(out && err);
	memset(&w.opt, 0x5a, sizeof(w.opt));
	w.rc = cli_parse(argc, argv, &w.opt, out, err);
	fclose(out);
	fclose(err);
	return &w;
}

#define PARSE(...) wparse((const char *const[]){ __VA_ARGS__, NULL })

static void wusage(struct wrun *r, const char *part)
{
	cr_assert_eq(r->rc, CLI_EXIT_USAGE, "err: [%s]", r->err);
	cr_assert_str_eq(r->out, "");
	cr_assert_not_null(strstr(r->err, "ipctop: "), "err: [%s]", r->err);
	cr_assert_not_null(strstr(r->err, part), "err [%s] lacks [%s]", r->err, part);
	size_t n = strlen(r->err);
	cr_assert(n > 0 && strchr(r->err, '\n') == r->err + n - 1, "one line: [%s]", r->err);
}

TestSuite(cli_watch, .fini = wfree);

Test(cli_watch, defaults_are_off)
{
	struct wrun *r = wparse((const char *const[]){ NULL });
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.mode, MODE_TUI);
	cr_assert_null(r->opt.ns);
	cr_assert_null(r->opt.log);
	cr_assert_null(r->opt.pidfile);
	cr_assert_not(r->opt.daemon);
	cr_assert_not(r->opt.foreground);
}

Test(cli_watch, prometheus_with_kinds)
{
	struct wrun *r = PARSE("--prometheus", "-m", "-s");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.mode, MODE_PROMETHEUS);
	cr_assert_eq(r->opt.kinds, KIND_BIT(KIND_SHM) | KIND_BIT(KIND_SEM));
	wusage(PARSE("--prometheus=1"), "takes no value");
}

Test(cli_watch, ns_pid_or_path_with_any_mode)
{
	struct wrun *r = PARSE("--ns", "1234", "--once");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_str_eq(r->opt.ns, "1234");
	cr_assert_eq(r->opt.mode, MODE_ONCE);
	r = PARSE("--ns=/proc/1/ns/ipc");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_str_eq(r->opt.ns, "/proc/1/ns/ipc");
	cr_assert_eq(r->opt.mode, MODE_TUI);
	wusage(PARSE("--ns="), "--ns");
	/* The empty value as its own argument: the message still names --ns. */
	wusage(PARSE("--ns", ""), "--ns needs a value");
	wusage(PARSE("--ns"), "needs a value");
}

Test(cli_watch, watch_log_pidfile)
{
	struct wrun *r = PARSE("--watch", "-d", "2", "--log", "/tmp/x.log", "--pidfile=/run/x.pid", "-q");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.mode, MODE_WATCH);
	cr_assert_eq(r->opt.delay_tenths, 2);
	cr_assert_str_eq(r->opt.log, "/tmp/x.log");
	cr_assert_str_eq(r->opt.pidfile, "/run/x.pid");
	cr_assert_eq(r->opt.kinds, KIND_BIT(KIND_MSG));
	cr_assert_not(r->opt.daemon);
	wusage(PARSE("--watch", "--log="), "--log");
	wusage(PARSE("--watch", "--pidfile="), "--pidfile");
	wusage(PARSE("--watch", "--log", ""), "--log needs a value");
	wusage(PARSE("--watch", "--pidfile", ""), "--pidfile needs a value");
	wusage(PARSE("--log", "f"), "--log is for --watch");
	wusage(PARSE("--once", "--pidfile", "p"), "--pidfile is for --watch");
}

Test(cli_watch, log_is_not_an_abbreviation_of_log_c)
{
	struct wrun *r = PARSE("--watch", "--log=a", "--log-c=b");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_str_eq(r->opt.log, "a");
	cr_assert_str_eq(r->opt.log_c, "b");
}

Test(cli_watch, daemon_and_foreground_imply_watch)
{
	struct wrun *r = PARSE("--daemon", "--log", "l", "--pidfile", "p");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.mode, MODE_WATCH);
	cr_assert(r->opt.daemon);
	r = PARSE("--foreground");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.mode, MODE_WATCH);
	cr_assert(r->opt.foreground);
	cr_assert_null(r->opt.log, "--foreground may write to stdout");
	r = PARSE("--watch", "--foreground", "--pidfile", "p");
	cr_assert_eq(r->rc, CLI_RUN);
}

Test(cli_watch, daemon_usage_errors)
{
	wusage(PARSE("--daemon"), "--daemon needs --log");
	wusage(PARSE("--watch", "--daemon", "--pidfile", "p"), "--daemon needs --log");
	wusage(PARSE("--daemon", "--foreground", "--log", "l"), "exclude each other");
	wusage(PARSE("--daemon", "--log", "l", "--json"), "--daemon runs --watch");
	wusage(PARSE("--prometheus", "--foreground"), "--foreground runs --watch");
	/* found by fuzz_cli: the options of the interactive view with the
	 * ones that imply --watch, in either order */
	wusage(PARSE("--activity", "--foreground"), "--activity is for the interactive view");
	wusage(PARSE("--foreground", "--activity"), "--activity is for the interactive view");
	wusage(PARSE("--demo=prodcons", "--daemon", "--log", "l"), "--demo runs in the interactive view");
	wusage(PARSE("--daemon=1"), "takes no value");
}

Test(cli_watch, json_formats)
{
	struct wrun *r = PARSE("--json");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.mode, MODE_JSON);
	cr_assert_eq(r->opt.json_style, JSON_NATIVE);
	r = PARSE("--json=native", "-q");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.json_style, JSON_NATIVE);
	r = PARSE("--json=lsipc", "-s");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.json_style, JSON_LSIPC);
	cr_assert_eq(r->opt.lsipc.kind, KIND_SEM);
	cr_assert_not(r->opt.lsipc.bytes || r->opt.lsipc.creator || r->opt.lsipc.time || r->opt.lsipc.global);
	r = PARSE("--json=lsipc,bytes,creator,time,numeric-perms,time-format=iso", "-m");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert(r->opt.lsipc.bytes && r->opt.lsipc.creator && r->opt.lsipc.time && r->opt.lsipc.numeric_perms);
	cr_assert_eq(r->opt.lsipc.time_format, LSIPC_TIME_ISO);
	cr_assert_eq(r->opt.lsipc.kind, KIND_SHM);
	r = PARSE("--json=lsipc");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.lsipc.kind, -1, "no kind: the limits table");
	cr_assert_eq(r->opt.kinds, KINDS_ALL, "which needs every kind read");
	wusage(PARSE("--json=xml"), "--json=xml: the format is native or lsipc");
	wusage(PARSE("--json=lsipcx"), "the format is native or lsipc");
	wusage(PARSE("--json=lsipc,bytes,color"), "unknown option 'color'");
	wusage(PARSE("--json=lsipc", "-m", "-q"), "takes one of -m, -q, -s");
	wusage(PARSE("--json=lsipc,creator"), "creator and time need -m, -q or -s");
	wusage(PARSE("--json=lsipc,global,time"), "creator and time need -m, -q or -s");
}

Test(cli_watch, trace_seconds_kinds_ns)
{
	struct wrun *r = PARSE("--trace");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.mode, MODE_TRACE);
	cr_assert_eq(r->opt.trace_seconds, 0);
	r = PARSE("--trace=2.5", "-s", "--ns", "77");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.trace_seconds, 2.5);
	cr_assert_eq(r->opt.kinds, KIND_BIT(KIND_SEM));
	cr_assert_str_eq(r->opt.ns, "77");
	r = PARSE("--trace=86400");
	cr_assert_eq(r->rc, CLI_RUN);
	wusage(PARSE("--trace=0"), "--trace=0: a time in seconds");
	wusage(PARSE("--trace=-1"), "above 0");
	wusage(PARSE("--trace=86401"), "at most 86400");
	wusage(PARSE("--trace=5s"), "--trace=5s");
	wusage(PARSE("--trace="), "--trace=: a time in seconds");
	/* The value belongs after '=': a separate word is an argument. */
	wusage(PARSE("--trace", "5"), "unexpected argument '5'");
	wusage(PARSE("--trace", "--demo", "chat"), "--demo runs in the interactive view");
}

Test(cli_watch, activity_is_for_the_interactive_view)
{
	struct wrun *r = PARSE("--activity", "-s");
	cr_assert_eq(r->rc, CLI_RUN);
	cr_assert_eq(r->opt.mode, MODE_TUI);
	cr_assert(r->opt.activity);
	r = PARSE("-q");
	cr_assert_not(r->opt.activity);
	wusage(PARSE("--activity", "--trace"), "--activity is for the interactive view");
	wusage(PARSE("--once", "--activity"), "--activity is for the interactive view");
	wusage(PARSE("--activity=1"), "takes no value");
}
