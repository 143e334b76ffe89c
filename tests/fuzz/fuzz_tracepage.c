/* fuzz_tracepage.c — the trace reader on arbitrary bytes: the input as a
 * ring-buffer page (rawpage_parse with the recorded header_page layout)
 * decoded with the recorded event formats (tests/unit/trace_fixture.h)
 * through a call stream whose every task is in the traced namespace, and
 * the input as an event format text (evformat_parse). Nothing is read
 * outside the page (ASan), and every call delivered is whole: done, a
 * known system call, an end not before its start. */
#include "fuzz_common.h"
#include "trace/callstream.h"
#include "trace/evformat.h"
#include "../unit/trace_fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int task(pid_t tid, pid_t *tgid, uint64_t *ns, char *comm, size_t len, void *ctx)
{
	(void)ctx;
	*tgid = tid;
	*ns = 1;
	snprintf(comm, len, "t%d", (int)tid);
	return 0;
}

static void peek(pid_t tid, struct callstream_peek *reqs, size_t n, void *ctx)
{
	(void)tid;
	(void)ctx;
	for (size_t i = 0; i < n; i++) /* a sembuf {1, -1, 0} wherever it is */
		if (reqs[i].len % sizeof(struct sembuf) == 0) {
			for (size_t k = 0; k < reqs[i].len / sizeof(struct sembuf); k++)
				((struct sembuf *)reqs[i].buf)[k] = (struct sembuf){ 1, -1, 0 };
			reqs[i].ok = true;
		}
}

static void check_call(const struct trace_call *c, void *ctx)
{
	(void)ctx;
	FUZZ_ASSERT(c->done && (unsigned)c->sys < TSYS_COUNT && c->end_ns >= c->start_ns);
	FUZZ_ASSERT(c->nsops <= TRACE_SOPS);
	FUZZ_ASSERT(memchr(c->comm, '\0', sizeof(c->comm)) != NULL);
	char text[64];
	tracecall_format(c, text, sizeof(text));
	FUZZ_ASSERT(strlen(text) < sizeof(text));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tracedec dec;
	static struct rawpage_layout layout;
	static int ready;
	if (!ready) {
		tracedec_init(&dec);
		for (size_t i = 0; i < sizeof(fx_formats) / sizeof(fx_formats[0]); i++)
			FUZZ_ASSERT(tracedec_add(&dec, fx_formats[i]) == 0);
		FUZZ_ASSERT(rawpage_layout_parse(fx_header_page, &layout) == 0);
		ready = 1;
	}
	if (size > 3 * 4096)
		return 0;
	uint8_t *page = malloc(size ? size : 1);
	if (!page)
		abort();
	if (size)
		memcpy(page, data, size);
	struct callstream cs;
	const struct callstream_env env = { task, peek, NULL };
	callstream_init(&cs, &dec, &layout, &env, 1, 0);
	/* Twice: the second batch meets the first one's pending calls and
	 * orphan exits. */
	for (int round = 0; round < 2; round++) {
		callstream_add_page(&cs, page, size);
		callstream_flush(&cs, (uint64_t)round * 20000000000ULL, check_call, NULL);
	}
	FUZZ_ASSERT(cs.counts.calls <= size / 8);
	callstream_free(&cs);
	free(page);
	char *text = fuzz_cstr(data, size);
	struct evformat f;
	if (evformat_parse(text, &f) == 0) {
		FUZZ_ASSERT(f.nfields > 0 && f.nfields <= EVFORMAT_FIELDS);
		for (size_t i = 0; i < f.nfields; i++)
			FUZZ_ASSERT(f.fields[i].name[0] && memchr(f.fields[i].name, '\0', sizeof(f.fields[i].name)));
	}
	free(text);
	return 0;
}
