/* test_tracepage.c — unit tests of src/trace/evformat.c, rawpage.c and
 * tracedec.c: the format texts and header_page recorded from a real kernel
 * (trace_fixture.h, tools/trace-fixture.sh) parse to the offsets the kernel
 * uses; the recorded raw page decodes to the workload's events in order;
 * pages built here exercise what the workload did not produce: time
 * extends, absolute stamps, long (type_len 0) records, discarded records,
 * the lost-events flag and count, and damaged pages (refused, nothing read
 * beyond them). */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace/evformat.h"
#include "trace/rawpage.h"
#include "trace/tracedec.h"
#include "test_tracebuild.h"
#include "trace_fixture.h"

#define NFORMATS (sizeof(fx_formats) / sizeof(fx_formats[0]))

static const char *format_of(const char *name)
{
	char want[80];
	snprintf(want, sizeof(want), "name: %s\n", name);
	for (size_t i = 0; i < NFORMATS; i++)
		if (strstr(fx_formats[i], want))
			return fx_formats[i];
	cr_assert_fail("no recorded format for %s", name);
	return NULL;
}

Test(evformat, recorded_semtimedop_format)
{
	struct evformat f;
	cr_assert_eq(evformat_parse(format_of("sys_enter_semtimedop"), &f), 0);
	cr_assert_str_eq(f.name, "sys_enter_semtimedop");
	cr_assert_gt(f.id, 0);
	const struct evfield *pid = evformat_field(&f, "common_pid"), *ops = evformat_field(&f, "tsops");
	cr_assert_not_null(pid);
	cr_assert_eq(pid->offset, 4);
	cr_assert_eq(pid->size, 4);
	cr_assert(pid->is_signed);
	cr_assert_not_null(ops);
	cr_assert_eq(ops->offset, 24);
	cr_assert_eq(ops->size, 8);
	cr_assert_not_null(evformat_field(&f, "timeout"));
	cr_assert_null(evformat_field(&f, "semop")); /* only whole names */
}

Test(evformat, array_and_data_loc_fields)
{
	struct evformat f;
	cr_assert_eq(evformat_parse(format_of("task_rename"), &f), 0);
	const struct evfield *c = evformat_field(&f, "newcomm");
	cr_assert_not_null(c);
	cr_assert_eq(c->size, 16);
	cr_assert_eq(c->offset, 28);
	cr_assert_eq(evformat_parse("name: x\nID: 7\nformat:\n\tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;\n",
				    &f), 0);
	cr_assert_not_null(evformat_field(&f, "filename"));
	cr_assert_eq(f.id, 7);
}

Test(evformat, malformed_texts_are_refused)
{
	struct evformat f;
	cr_assert_eq(evformat_parse("name: x\nID: 3\n", &f), -1); /* no field */
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(evformat_parse("\tfield:int a\toffset:0;\tsize:4;\n", &f), -1); /* no ';' */
	cr_assert_eq(evformat_parse("\tfield:int a;\tsize:4;\n", &f), -1);          /* no offset */
	cr_assert_eq(evformat_parse("ID: -4\n\tfield:int a;\toffset:0;\tsize:4;\n", &f), -1);
	cr_assert_eq(evformat_parse("\tfield:int ;\toffset:0;\tsize:4;\n", &f), -1); /* no name */
}

Test(evformat, get_signed_unsigned_and_bounds)
{
	unsigned char rec[16] = { 0xff, 0xff, 0xff, 0xff, 0x34, 0x12, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct evfield s32 = { "a", 0, 4, true }, u16 = { "b", 4, 2, false }, s64 = { "c", 8, 8, true },
		       out = { "d", 12, 8, true }, odd = { "e", 0, 3, false };
	uint64_t v;
	cr_assert_eq(evformat_get(&s32, rec, sizeof(rec), &v), 0);
	cr_assert_eq((int64_t)v, -1);
	cr_assert_eq(evformat_get(&u16, rec, sizeof(rec), &v), 0);
	cr_assert_eq(v, 0x1234);
	cr_assert_eq(evformat_get(&s64, rec, sizeof(rec), &v), 0);
	cr_assert_eq((int64_t)v, -2);
	cr_assert_eq(evformat_get(&out, rec, sizeof(rec), &v), -1);
	cr_assert_eq(evformat_get(&odd, rec, sizeof(rec), &v), -1);
}

/* ---- pages -------------------------------------------------------------------- */

Test(rawpage, recorded_header_page_layout)
{
	struct rawpage_layout l;
	cr_assert_eq(rawpage_layout_parse(fx_header_page, &l), 0);
	cr_assert_eq(l.ts_off, 0);
	cr_assert_eq(l.commit_off, 8);
	cr_assert_eq(l.commit_size, 8);
	cr_assert_eq(l.data_off, 16);
	cr_assert_eq(rawpage_layout_parse("\tfield: u64 timestamp;\toffset:0;\tsize:8;\n", &l), -1);
}

struct seen {
	uint64_t ts[64];
	size_t len[64];
	unsigned char first[64];
	size_t n;
};

static void collect(const struct rawpage_event *ev, void *ctx)
{
	struct seen *s = ctx;
	cr_assert_lt(s->n, 64);
	s->ts[s->n] = ev->ts;
	s->len[s->n] = ev->len;
	s->first[s->n] = ev->len ? ev->data[0] : 0;
	s->n++;
}

static struct rawpage_layout layout(void)
{
	struct rawpage_layout l;
	cr_assert_eq(rawpage_layout_parse(fx_header_page, &l), 0);
	return l;
}

Test(rawpage, deltas_extends_stamps_and_long_records)
{
	struct rawpage_layout l = layout();
	struct page p;
	page_start(&p, 1000);
	page_event(&p, 5, 8, 0xa1);               /* 1005 */
	page_extend(&p, (1ull << 30) + 7, 30);    /* time extend */
	page_event(&p, 0, 12, 0xa2);              /* 1005 + 2^30 + 7 */
	page_event(&p, 3, 200, 0xa3);             /* type_len 0, +3 */
	page_extend(&p, 5000000, 31);             /* absolute stamp */
	page_event(&p, 1, 4, 0xa4);               /* 5000001 */
	page_commit(&p, 0);
	struct seen s = { .n = 0 };
	struct rawpage_info info;
	cr_assert_eq(rawpage_parse(&l, p.b, sizeof(p.b), collect, &s, &info), 0);
	cr_assert_eq(info.events, 4);
	cr_assert_not(info.missed);
	cr_assert_eq(s.ts[0], 1005);
	cr_assert_eq(s.ts[1], 1005 + (1ull << 30) + 7);
	cr_assert_eq(s.ts[2], 1005 + (1ull << 30) + 10);
	cr_assert_eq(s.len[2], 200);
	cr_assert_eq(s.first[2], 0xa3);
	cr_assert_eq(s.ts[3], 5000001);
	cr_assert_eq(s.len[0], 8);
	cr_assert_eq(s.first[3], 0xa4);
}

Test(rawpage, discarded_record_and_null_padding)
{
	struct rawpage_layout l = layout();
	struct page p;
	page_start(&p, 0);
	page_event(&p, 2, 8, 0xb1);
	put32(&p, 29 | 4u << 5); /* a discarded record of 12 bytes, delta 4 */
	put32(&p, 12);
	p.at += 8;
	page_event(&p, 1, 8, 0xb2);
	put32(&p, 29); /* null padding: the rest is empty */
	p.at += 12;
	page_commit(&p, 0);
	struct seen s = { .n = 0 };
	struct rawpage_info info;
	cr_assert_eq(rawpage_parse(&l, p.b, sizeof(p.b), collect, &s, &info), 0);
	cr_assert_eq(s.n, 2);
	cr_assert_eq(s.first[1], 0xb2);
	cr_assert_eq(s.ts[1], 2 + 4 + 1);
}

Test(rawpage, lost_events_flag_and_count)
{
	struct rawpage_layout l = layout();
	struct page p;
	page_start(&p, 0);
	page_event(&p, 1, 8, 0xc1);
	page_commit(&p, (1ull << 31) | (1ull << 30));
	uint64_t missed = 1234;
	memcpy(p.b + p.at, &missed, 8);
	struct seen s = { .n = 0 };
	struct rawpage_info info;
	cr_assert_eq(rawpage_parse(&l, p.b, sizeof(p.b), collect, &s, &info), 0);
	cr_assert(info.missed);
	cr_assert_eq(info.nmissed, 1234);
	page_commit(&p, 1ull << 31); /* lost, count not stored */
	cr_assert_eq(rawpage_parse(&l, p.b, sizeof(p.b), collect, &s, &info), 0);
	cr_assert(info.missed);
	cr_assert_eq(info.nmissed, 0);
}

Test(rawpage, damaged_pages_are_refused)
{
	struct rawpage_layout l = layout();
	struct page p;
	struct seen s = { .n = 0 };
	struct rawpage_info info;
	/* A commit larger than the page. */
	page_start(&p, 0);
	uint64_t big = 8000;
	memcpy(p.b + 8, &big, 8);
	cr_assert_eq(rawpage_parse(&l, p.b, sizeof(p.b), collect, &s, &info), -1);
	cr_assert_eq(errno, EINVAL);
	/* A record running past the commit: the ones before it are delivered. */
	page_start(&p, 0);
	page_event(&p, 1, 8, 0xd1);
	page_event(&p, 1, 100, 0xd2);
	p.at -= 60;
	page_commit(&p, 0);
	s.n = 0;
	cr_assert_eq(rawpage_parse(&l, p.b, sizeof(p.b), collect, &s, &info), -1);
	cr_assert_eq(s.n, 1);
	/* A long record whose length word is below its own size. */
	page_start(&p, 0);
	put32(&p, 0);
	put32(&p, 2);
	page_commit(&p, 0);
	cr_assert_eq(rawpage_parse(&l, p.b, sizeof(p.b), collect, &s, &info), -1);
	/* Shorter than the header. */
	cr_assert_eq(rawpage_parse(&l, p.b, 10, collect, &s, &info), -1);
	/* An empty page is fine. */
	page_start(&p, 0);
	page_commit(&p, 0);
	s.n = 0;
	cr_assert_eq(rawpage_parse(&l, p.b, sizeof(p.b), collect, &s, &info), 0);
	cr_assert_eq(s.n, 0);
}

/* ---- the decoder ------------------------------------------------------------------ */

static void decoder(struct tracedec *d)
{
	tracedec_init(d);
	for (size_t i = 0; i < NFORMATS; i++)
		cr_assert_eq(tracedec_add(d, fx_formats[i]), 0, "format %zu", i);
}

Test(tracedec, every_event_ipctop_enables_is_recorded)
{
	cr_assert_eq(NFORMATS, TRACEDEC_EVENTS);
	for (size_t i = 0; i < TRACEDEC_EVENTS; i++) {
		char path[96], want[96];
		tracedec_event_path(i, path, sizeof(path));
		snprintf(want, sizeof(want), "name: %s\n", strchr(path, '/') + 1);
		cr_assert_not_null(strstr(fx_formats[i], want), "%s", path);
	}
	struct tracedec d;
	decoder(&d);
	cr_assert_eq(d.count, TRACEDEC_EVENTS);
	cr_assert_eq(tracedec_add(&d, fx_formats[0]), -1);
	cr_assert_eq(errno, EEXIST);
	cr_assert_eq(tracedec_add(&d, "name: sched_switch\nID: 9\nformat:\n\tfield:int a;\toffset:0;\tsize:4;\n"), -1);
	cr_assert_eq(errno, EINVAL);
}

struct decoded {
	struct tracedec *d;
	struct trace_ev ev[64];
	size_t n;
};

static void decode_one(const struct rawpage_event *re, void *ctx)
{
	struct decoded *x = ctx;
	cr_assert_lt(x->n, 64);
	cr_assert_eq(tracedec_decode(x->d, re->ts, re->data, re->len, &x->ev[x->n]), 1);
	x->n++;
}

/* The recorded workload: for each helper a new task (fork from the
 * shell), its rename by exec, then its calls. */
Test(tracedec, recorded_page_decodes_to_the_workload)
{
	struct tracedec d;
	decoder(&d);
	struct rawpage_layout l = layout();
	struct decoded x = { .d = &d, .n = 0 };
	struct rawpage_info info;
	cr_assert_eq(rawpage_parse(&l, fx_pages, FX_PAGE_SIZE, decode_one, &x, &info), 0);
	cr_assert_not(info.missed);
	cr_assert_eq(x.n, 49);
	for (size_t i = 1; i < x.n; i++)
		cr_assert_geq(x.ev[i].ts, x.ev[i - 1].ts);
	/* ipc_helper sem: fork, rename, semget(0x18f1, 1, IPC_CREAT|IPC_EXCL|0600) = 0 */
	cr_assert_eq(x.ev[0].type, TEV_NEWTASK);
	cr_assert_eq(x.ev[0].tid, FX_SHELL_PID);
	cr_assert_str_eq(x.ev[0].comm, "bash");
	pid_t child = (pid_t)x.ev[0].arg[0];
	cr_assert_eq(x.ev[1].type, TEV_RENAME);
	cr_assert_eq((pid_t)x.ev[1].arg[0], child);
	cr_assert_str_eq(x.ev[1].comm, "ipc_helper");
	cr_assert_eq(x.ev[2].type, TEV_ENTER);
	cr_assert_eq(x.ev[2].sys, TSYS_SEMGET);
	cr_assert_eq(x.ev[2].tid, child);
	cr_assert_eq(x.ev[2].arg[0], 0x18f1);
	cr_assert_eq(x.ev[2].arg[1], 1);
	cr_assert_eq(x.ev[3].type, TEV_EXIT);
	cr_assert_eq(x.ev[3].ret, 0);
	/* trace_helper nowait: semtimedop returning -EAGAIN */
	size_t k = 0;
	while (k < x.n && !(x.ev[k].type == TEV_EXIT && x.ev[k].ret < 0))
		k++;
	cr_assert_lt(k, x.n);
	cr_assert_eq(x.ev[k].sys, TSYS_SEMTIMEDOP);
	cr_assert_eq(x.ev[k].ret, -EAGAIN);
	/* the last helper unshares its IPC namespace */
	while (k < x.n && x.ev[k].type != TEV_UNSHARE)
		k++;
	cr_assert_lt(k, x.n);
	cr_assert(x.ev[k].arg[0] & 0x08000000); /* CLONE_NEWIPC */
	cr_assert_eq(x.ev[k + 1].type, TEV_UNSHARED);
	cr_assert_eq(x.ev[k + 1].ret, 0);
}

Test(tracedec, short_and_foreign_records)
{
	struct tracedec d;
	decoder(&d);
	struct trace_ev ev;
	unsigned char rec[64] = { 0 };
	uint16_t other = 1; /* no such id among ours */
	memcpy(rec, &other, 2);
	cr_assert_eq(tracedec_decode(&d, 0, rec, sizeof(rec), &ev), 0);
	uint16_t id = (uint16_t)d.ev[0].id; /* sys_enter_semop: fields up to 40 */
	memcpy(rec, &id, 2);
	cr_assert_eq(tracedec_decode(&d, 0, rec, 20, &ev), -1);
	cr_assert_eq(tracedec_decode(&d, 0, rec, 1, &ev), -1);
	cr_assert_eq(tracedec_decode(&d, 9, rec, sizeof(rec), &ev), 1);
	cr_assert_eq(ev.ts, 9);
	cr_assert_eq(ev.type, TEV_ENTER);
	cr_assert_eq(ev.sys, TSYS_SEMOP);
}
