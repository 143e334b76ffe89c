/* fuzz_cli.c — cli_parse with argv built from the input split on NUL bytes
 * (argv[0] is "ipctop"). Checks the options it returns, and that a parse is
 * independent of the one before it: the second half of the input parsed
 * after the first half (which may have stopped inside a "-hm" cluster)
 * gives the same result as parsed from a clean getopt state. */
#include <getopt.h>

#include "config/cli.h"
#include "fuzz_common.h"
#include "model/ipcobj.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull(void)
{
	static FILE *f;
	if (!f)
		f = fopen("/dev/null", "w");
	if (!f)
		abort();
	return f;
}

struct parsed {
	char *buf;
	enum cli_result r;
	struct options opt;
};

static void parse(const uint8_t *data, size_t size, struct parsed *p)
{
	p->buf = fuzz_cstr(data, size);
	char *argv[66];
	int argc = 0;
	argv[argc++] = (char *)"ipctop";
	for (size_t i = 0; size && argc < 65;) {
		argv[argc++] = p->buf + i;
		size_t l = strlen(p->buf + i);
		if (i + l >= size)
			break;
		i += l + 1;
	}
	argv[argc] = NULL;
	memset(&p->opt, 0, sizeof(p->opt));
	p->r = cli_parse(argc, argv, &p->opt, devnull(), devnull());
	FUZZ_ASSERT(p->r == CLI_RUN || p->r == CLI_EXIT_OK || p->r == CLI_EXIT_USAGE);
	if (p->r == CLI_RUN) {
		FUZZ_ASSERT(p->opt.delay_tenths >= 1 && p->opt.delay_tenths <= 36000);
		FUZZ_ASSERT(p->opt.kinds != 0 && (p->opt.kinds & ~KINDS_ALL) == 0);
		FUZZ_ASSERT(p->opt.mode == MODE_TUI || p->opt.mode == MODE_ONCE || p->opt.mode == MODE_JSON ||
			    p->opt.mode == MODE_PROMETHEUS || p->opt.mode == MODE_WATCH || p->opt.mode == MODE_BENCH_IPC ||
			    p->opt.mode == MODE_TRACE);
		/* --trace=SECONDS: 0 (until a signal) or in (0, 86400];
		 * --activity only for the interactive view */
		FUZZ_ASSERT(p->opt.trace_seconds >= 0 && p->opt.trace_seconds <= 86400);
		FUZZ_ASSERT(!p->opt.activity || p->opt.mode == MODE_TUI);
		FUZZ_ASSERT(!p->opt.log_c || *p->opt.log_c);
		FUZZ_ASSERT(!p->opt.ns || *p->opt.ns);
		/* --log/--pidfile/--daemon/--foreground only with --watch;
		 * --daemon needs --log and excludes --foreground */
		FUZZ_ASSERT(p->opt.mode == MODE_WATCH ||
			    (!p->opt.log && !p->opt.pidfile && !p->opt.daemon && !p->opt.foreground));
		FUZZ_ASSERT(!p->opt.log || *p->opt.log);
		FUZZ_ASSERT(!p->opt.pidfile || *p->opt.pidfile);
		FUZZ_ASSERT(!p->opt.daemon || (p->opt.log && !p->opt.foreground));
	}
}

static bool same_text(const char *a, const char *b)
{
	return !a == !b && (!a || strcmp(a, b) == 0);
}

static bool same_options(const struct options *a, const struct options *b)
{
	return a->mode == b->mode && a->delay_tenths == b->delay_tenths && a->kinds == b->kinds &&
	       a->no_color == b->no_color && a->read_only == b->read_only && same_text(a->log_c, b->log_c) &&
	       same_text(a->ns, b->ns) && same_text(a->log, b->log) && same_text(a->pidfile, b->pidfile) &&
	       a->daemon == b->daemon && a->foreground == b->foreground && a->trace_seconds == b->trace_seconds &&
	       a->activity == b->activity;
}

/* Forgets everything getopt remembers (optind = 0 is glibc's full reset). */
static void reset_getopt(void)
{
	char *argv[] = { (char *)"x", NULL };
	optind = 0;
	opterr = 0;
	while (getopt(1, argv, "") != -1)
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	size_t half = size / 2;
	struct parsed clean, first, second;
	reset_getopt();
	parse(data + half, size - half, &clean);
	parse(data, half, &first);
	parse(data + half, size - half, &second); /* first.buf still alive */
	FUZZ_ASSERT(second.r == clean.r);
	if (clean.r == CLI_RUN)
		FUZZ_ASSERT(same_options(&second.opt, &clean.opt));
	free(clean.buf);
	free(first.buf);
	free(second.buf);
	return 0;
}
