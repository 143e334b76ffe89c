/* actionlog.c — owns the action log: the display ring of lines, the replay
 * records of the session's requests, and the C program written from them
 * (its frame here; each action's code from its kind's entry, opkind.h). */
#define _GNU_SOURCE
#include "ops/actionlog.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/format.h"
#include "base/i18n.h"
#include "base/payload.h"
#include "ops/opkind.h"
#include "ops/oprequest.h"
#include "ops/replayc.h"

static struct actionlog_line ring[ACTIONLOG_LINES];
static size_t ring_head; /* index of the oldest line */
static size_t ring_count;
static size_t lines_total;
static size_t msg_bytes; /* received messages' bytes the ring holds */

static void drop_msg(struct actionlog_line *l)
{
	if (l->msg)
		msg_bytes -= l->msg_len < ACTIONLOG_MSG_MAX ? l->msg_len : ACTIONLOG_MSG_MAX;
	free(l->msg);
	l->msg = NULL;
}

static struct op_replay *replays;
static size_t nreplays, replay_cap;
static size_t replays_dropped;

static struct actionlog_line *ring_push(void)
{
	struct actionlog_line *l;
	if (ring_count < ACTIONLOG_LINES) {
		l = &ring[(ring_head + ring_count) % ACTIONLOG_LINES];
		ring_count++;
	} else {
		l = &ring[ring_head];
		ring_head = (ring_head + 1) % ACTIONLOG_LINES;
		drop_msg(l);
	}
	lines_total++;
	memset(l, 0, sizeof(*l));
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) == 0)
		l->msec = ts.tv_nsec / 1000000;
	l->when = clock_now();
	return l;
}

static void replay_push(const struct op_request *req, const struct op_result *res, time_t when)
{
	if (nreplays >= ACTIONLOG_REPLAY_MAX) {
		replays_dropped++;
		return;
	}
	if (array_grow((void **)&replays, &replay_cap, nreplays + 1, sizeof(*replays)) < 0) {
		replays_dropped++;
		return;
	}
	struct op_replay *r = &replays[nreplays];
	memset(r, 0, sizeof(*r));
	struct op_request kept = *req;
	const struct opkind *k = opkind_of(req->kind);
	kept.progress = NULL;
	if (k && (k->flags & OPK_CUT_DATA) && kept.nbytes > ACTIONLOG_DATA_MAX) {
		r->cut = kept.nbytes;
		kept.nbytes = ACTIONLOG_DATA_MAX;
	}
	if (oprequest_copy(&r->req, &kept) < 0) {
		replays_dropped++;
		return;
	}
	r->ret = res->ret;
	r->err = res->err;
	r->refused = res->refused;
	r->id = res->id;
	r->addr = res->addr;
	r->len = res->len;
	r->when = when;
	snprintf(r->call, sizeof(r->call), "%s", res->call);
	nreplays++;
}

/* Keeps a received message's bytes on line l (newest), dropping the
 * oldest lines' bytes while the ring would hold more than its budget. */
static void keep_msg(struct actionlog_line *l, const struct op_result *res)
{
	size_t n = res->len < ACTIONLOG_MSG_MAX ? res->len : ACTIONLOG_MSG_MAX;
	l->has_msg = true;
	l->mtype = res->mtype;
	l->msg_len = res->len;
	for (size_t i = 0; i + 1 < ring_count && msg_bytes + n > ACTIONLOG_MSG_BUDGET; i++)
		drop_msg(&ring[(ring_head + i) % ACTIONLOG_LINES]);
	l->msg = malloc(n ? n : 1);
	if (!l->msg)
		return; /* shown as dropped */
	if (n)
		memcpy(l->msg, res->data, n);
	msg_bytes += n;
}

void actionlog_add(const struct op_request *req, const struct op_result *res)
{
	struct actionlog_line *l = ring_push();
	l->failed = res->err != 0 || res->refused;
	snprintf(l->text, sizeof(l->text), "%s", res->call);
	snprintf(l->message, sizeof(l->message), "%s", res->message);
	if ((req->kind == OP_MSG_RECV || req->kind == OP_MSG_PEEK) && res->ret >= 0 && res->data)
		keep_msg(l, res);
	replay_push(req, res, l->when);
}

void actionlog_note(const char *fmt, ...)
{
	struct actionlog_line *l = ring_push();
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof(l->text), fmt, ap);
	va_end(ap);
}

size_t actionlog_count(void)
{
	return ring_count;
}

size_t actionlog_total(void)
{
	return lines_total;
}

const struct actionlog_line *actionlog_get(size_t i)
{
	if (i >= ring_count)
		return NULL;
	return &ring[(ring_head + i) % ACTIONLOG_LINES];
}

static char *clock_text(time_t t, char *buf, size_t len)
{
	struct tm tm;
	if (!localtime_r(&t, &tm) || strftime(buf, len, "%H:%M:%S", &tm) == 0)
		snprintf(buf, len, "??:??:??");
	return buf;
}

size_t actionlog_line_size(const struct actionlog_line *l)
{
	size_t kept = l->msg ? (l->msg_len < ACTIONLOG_MSG_MAX ? l->msg_len : ACTIONLOG_MSG_MAX) : 0;
	return 16 + sizeof(l->text) + 96 + (l->has_msg ? payload_format_size(kept) : 0);
}

char *actionlog_format_line(const struct actionlog_line *l, char *buf, size_t len)
{
	char t[16];
	int at = snprintf(buf, len, "%s %s", clock_text(l->when, t, sizeof(t)), l->text);
	if (!l->has_msg || at < 0 || (size_t)at >= len)
		return buf;
	size_t n = (size_t)at;
	at = snprintf(buf + n, len - n, P_(" -> type %ld, %zu byte: ", " -> type %ld, %zu bytes: ", l->msg_len), l->mtype,
		      l->msg_len);
	if (at < 0 || (size_t)at >= len - n)
		return buf;
	n += (size_t)at;
	if (!l->msg)
		snprintf(buf + n, len - n, _("(text dropped: the log keeps %u MiB of messages)"),
			 ACTIONLOG_MSG_BUDGET >> 20);
	else
		payload_format(l->msg, l->msg_len < ACTIONLOG_MSG_MAX ? l->msg_len : ACTIONLOG_MSG_MAX, 0, buf + n,
			       len - n);
	return buf;
}

void actionlog_clear(void)
{
	for (size_t i = 0; i < ring_count; i++)
		drop_msg(&ring[(ring_head + i) % ACTIONLOG_LINES]);
	for (size_t i = 0; i < nreplays; i++)
		oprequest_free(&replays[i].req);
	free(replays);
	replays = NULL;
	nreplays = replay_cap = replays_dropped = 0;
	ring_head = ring_count = lines_total = 0;
}

/* ---- the C program ---------------------------------------------------- */

/* Call text made safe inside a comment: no comment delimiters, no
 * trigraphs, printable ASCII only. */
static void put_comment_text(FILE *out, const char *s)
{
	char prev = 0;
	for (; *s; s++) {
		char c = *s;
		if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f)
			c = '.';
		if ((prev == '*' && c == '/') || (prev == '/' && c == '*') || (prev == '?' && c == '?'))
			fputc(' ', out);
		fputc(c, out);
		prev = c;
	}
}

/* Does the action's code run in the program? Creates whose follow-up
 * failed still create. */
static bool replayed(const struct op_replay *r)
{
	if (r->refused)
		return false;
	if (r->err == 0)
		return true;
	const struct opkind *k = opkind_of(r->req.kind);
	return k && (k->flags & OPK_CREATES) && r->id >= 0;
}

/* Size of the message buffer: the largest message sent, received or
 * peeked; 0 when the program has no message calls. */
static size_t msgbuf_size(void)
{
	size_t size = 0;
	bool any = false;
	for (size_t i = 0; i < nreplays; i++) {
		const struct op_replay *r = &replays[i];
		const struct opkind *k = opkind_of(r->req.kind);
		if (!replayed(r) || !k || !k->msgbuf)
			continue;
		size_t need = k->msgbuf(r);
		any = true;
		if (need > size)
			size = need;
	}
	return any ? (size ? size : 1) : 0;
}

static void put_header(FILE *out, size_t msgsize)
{
	char date[32];
	format_time_full(clock_now(), date, sizeof(date));
	fprintf(out, ACTIONLOG_C_MAGIC "%zu action%s, written %s.\n"
		" * Build and run: cc -Wall -o replay replay.c && ./replay\n"
		" * Objects created in the session are variables; others use their\n"
		" * literal id. Calls that failed in the session are comments. */\n"
		"#define _GNU_SOURCE\n"
		"#include <stdio.h>\n#include <string.h>\n#include <sys/types.h>\n"
		"#include <sys/ipc.h>\n#include <sys/msg.h>\n#include <sys/sem.h>\n#include <sys/shm.h>\n\n"
		"union semun {\n\tint val;\n\tstruct semid_ds *buf;\n\tunsigned short *array;\n};\n\n",
		nreplays, nreplays == 1 ? "" : "s", date);
	if (msgsize)
		fprintf(out, "static struct {\n\tlong mtype;\n\tchar mtext[%zu];\n} msg;\n\n", msgsize);
	fprintf(out, "int main(void)\n{\n");
	if (replays_dropped)
		fprintf(out, "\t/* %zu later actions were not kept (limit %d) */\n", replays_dropped,
			ACTIONLOG_REPLAY_MAX);
}

int actionlog_write_c(FILE *out)
{
	struct replayc w = { .out = out };
	put_header(out, msgbuf_size());
	for (size_t i = 0; i < nreplays; i++) {
		const struct op_replay *r = &replays[i];
		const struct opkind *k = opkind_of(r->req.kind);
		char t[16];
		fprintf(out, "\n\t/* %s ", clock_text(r->when, t, sizeof(t)));
		put_comment_text(out, r->call);
		if (!replayed(r))
			fprintf(out, "%s */\n", r->refused ? " (refused: not replayed)"
							   : " (failed: not replayed)");
		else {
			fprintf(out, " */\n");
			if (k)
				k->emit(k, &w, r, i + 1);
		}
	}
	fprintf(out, "\treturn 0;\n}\n");
	replayc_free(&w);
	if (w.failed) {
		errno = ENOMEM;
		return -1;
	}
	if (ferror(out)) {
		errno = EIO;
		return -1;
	}
	return 0;
}
