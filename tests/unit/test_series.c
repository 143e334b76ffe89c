/* test_series.c — unit tests of src/model/series.c over hand-built
 * snapshots: a queue's, a segment's and a set's samples read back in order
 * with their times, the window of len samples, an object that appears
 * later, an id given again to another object (key, creator, size, ctime)
 * starting a new history, a removed object forgotten, values a snapshot
 * did not read recorded as unknown and completed by series_note_semvals,
 * the sent/received estimate and its rates, series_set_len, and memory
 * staying under the budget with the window shrinking and growing back,
 * and what an idle object costs in the arena (series_store.h). */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model/series.h"

#define T0 ((time_t)1764439331)

enum { SHM, MSG, SEM, NOBJ };

static struct ipc_object objs[NOBJ];
static struct ipc_semval semvals[3];
static struct snapshot snap;
static struct series h;
static int tick;

static void build(void)
{
	memset(objs, 0, sizeof(objs));
	objs[SHM] = (struct ipc_object){ .kind = KIND_SHM, .key = 0x10, .id = 7, .ctime = T0 };
	objs[SHM].u.shm = (struct ipc_shm_fields){ .size = 4096, .cpid = 100 };
	objs[MSG] = (struct ipc_object){ .kind = KIND_MSG, .key = 0x20, .id = 3, .ctime = T0 };
	objs[MSG].u.msg = (struct ipc_msg_fields){ .qbytes = 16384, .wait = { .waiters = 0, .since = 0, .deadlock = false } };
	objs[SEM] = (struct ipc_object){ .kind = KIND_SEM, .key = 0x30, .id = 5, .ctime = T0 };
	objs[SEM].u.sem = (struct ipc_sem_fields){ .nsems = 3, .first = 0, .ncnt = -1, .zcnt = -1,
						   .wait = { .waiters = -1, .since = 0, .deadlock = false } };
	memset(&snap, 0, sizeof(snap));
	snap.objs = objs;
	snap.count = snap.cap = NOBJ;
	snap.semvals = semvals;
	snap.nsemvals = 3;
	snap.kinds = KINDS_ALL;
	tick = 0;
}

static void setup(void)
{
	build();
	cr_assert_eq(series_init(&h, 10), 0);
}

static void teardown(void)
{
	series_free(&h);
}

TestSuite(series, .init = setup, .fini = teardown);

/* Records one sample, one second after the one before. */
static void sample(void)
{
	snap.taken = (struct timespec){ T0 + tick++, 0 };
	cr_assert_eq(series_record(&h, &snap), 0);
}

/* The metric as text, e.g. "0 1 2"; "?" for unknown. */
static const char *values(const struct ipc_object *o, enum series_metric m, size_t max)
{
	static char text[512];
	int32_t v[SERIES_LEN_MAX];
	size_t n = series_values(&h, o, m, v, max);
	size_t len = 0;
	text[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (v[i] == SERIES_UNKNOWN)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s?", i ? " " : "");
		else
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%d", i ? " " : "", v[i]);
	}
	return text;
}

Test(series, samples_in_order_with_times)
{
	for (int i = 0; i < 4; i++) {
		objs[MSG].u.msg.qnum = (uint64_t)i;
		objs[MSG].u.msg.cbytes = (uint64_t)i * 100;
		objs[SHM].u.shm.nattch = i == 2 ? 1 : 0;
		sample();
	}
	cr_assert_str_eq(values(&objs[MSG], SERIES_QNUM, 100), "0 1 2 3");
	cr_assert_str_eq(values(&objs[MSG], SERIES_QBYTES, 100), "0 100 200 300");
	cr_assert_str_eq(values(&objs[MSG], SERIES_QBYTES, 2), "200 300", "the newest max");
	cr_assert_str_eq(values(&objs[SHM], SERIES_NATTCH, 100), "0 0 1 0");
	cr_assert_str_eq(values(&objs[MSG], SERIES_WAITERS, 100), "0 0 0 0");
	cr_assert_str_eq(values(&objs[SHM], SERIES_QNUM, 100), "", "not a segment's metric");
	cr_assert_eq(series_samples(&h), 4u);
	cr_assert_eq(series_time(&h, 0).tv_sec, T0 + 3);
	cr_assert_eq(series_time(&h, 3).tv_sec, T0);
	cr_assert_eq(series_trend_metric(&objs[SHM]), SERIES_NATTCH);
	cr_assert_eq(series_trend_metric(&objs[MSG]), SERIES_QNUM);
	cr_assert_eq(series_trend_metric(&objs[SEM]), SERIES_SEM0);
}

Test(series, window_keeps_len_samples)
{
	for (int i = 0; i < 25; i++) {
		objs[MSG].u.msg.qnum = (uint64_t)i;
		sample();
	}
	cr_assert_eq(series_samples(&h), 10u);
	cr_assert_str_eq(values(&objs[MSG], SERIES_QNUM, 100), "15 16 17 18 19 20 21 22 23 24");
	cr_assert_eq(series_time(&h, 9).tv_sec, T0 + 15);
	/* An idle object keeps its value across the whole window. */
	cr_assert_str_eq(values(&objs[SHM], SERIES_NATTCH, 100), "0 0 0 0 0 0 0 0 0 0");
}

Test(series, object_seen_later_has_fewer_samples)
{
	snap.count = 2; /* no set yet */
	sample();
	sample();
	snap.count = NOBJ;
	semvals[0].value = 4;
	sample();
	cr_assert_str_eq(values(&objs[SEM], SERIES_SEM0, 100), "4");
	cr_assert_str_eq(values(&objs[MSG], SERIES_QNUM, 100), "0 0 0");
}

/* The kernel gives a removed object's id to a new one only after its
 * sequence wraps; when it does, or when an object is missing from a
 * snapshot, the history starts again. */
Test(series, recycled_id_and_removed_object)
{
	objs[MSG].u.msg.qnum = 5;
	sample();
	sample();
	struct ipc_object old = objs[MSG];
	objs[MSG].key = 0x21; /* same id, another key */
	objs[MSG].u.msg.qnum = 1;
	sample();
	cr_assert_str_eq(values(&objs[MSG], SERIES_QNUM, 100), "1", "a new key: a new history");
	cr_assert_str_eq(values(&old, SERIES_QNUM, 100), "", "the old object's history is gone");

	objs[SHM].u.shm.size = 8192; /* same id and key, another size */
	sample();
	cr_assert_eq(series_values(&h, &objs[SHM], SERIES_NATTCH, (int32_t[8]){ 0 }, 8), 1u);
	objs[SHM].cuid = 1000; /* another creator */
	sample();
	cr_assert_eq(series_values(&h, &objs[SHM], SERIES_NATTCH, (int32_t[8]){ 0 }, 8), 1u);
	objs[SHM].ctime = T0 - 10; /* changed before the one we knew */
	sample();
	cr_assert_eq(series_values(&h, &objs[SHM], SERIES_NATTCH, (int32_t[8]){ 0 }, 8), 1u);
	objs[SHM].ctime = T0 + 100; /* IPC_SET: the same object */
	sample();
	cr_assert_eq(series_values(&h, &objs[SHM], SERIES_NATTCH, (int32_t[8]){ 0 }, 8), 2u);

	snap.count = 2; /* the set is removed ... */
	sample();
	snap.count = NOBJ; /* ... and an identical one made with its id */
	sample();
	cr_assert_str_eq(values(&objs[SEM], SERIES_WAITERS, 100), "?", "a removed object is forgotten");
}

/* A set's values only when the snapshot read them; the detail view adds
 * the ones it read itself to the last sample. */
Test(series, unread_semvals_are_unknown)
{
	semvals[0].value = 1, semvals[1].value = 2, semvals[2].value = 3;
	sample();
	objs[SEM].u.sem.first = SEMVALS_NONE;
	sample();
	cr_assert_str_eq(values(&objs[SEM], SERIES_SEM0 + 1, 100), "2 ?");
	cr_assert_str_eq(values(&objs[SEM], SERIES_SEM0 + 3, 100), "", "the set has 3 semaphores");
	struct ipc_semval read[3] = { { .value = 1 }, { .value = 7 }, { .value = 3 } };
	cr_assert_eq(series_note_semvals(&h, &objs[SEM], read, 3), 0);
	cr_assert_str_eq(values(&objs[SEM], SERIES_SEM0 + 1, 100), "2 7");
	sample();
	cr_assert_eq(series_note_semvals(&h, &objs[SEM], read, 3), 0);
	cr_assert_str_eq(values(&objs[SEM], SERIES_SEM0 + 1, 100), "2 7 7");
	cr_assert_str_eq(values(&objs[SEM], SERIES_SEM0, 100), "1 1 1");
	/* Waiters: the scan's count, else the kernel's counts, else unknown. */
	cr_assert_str_eq(values(&objs[SEM], SERIES_WAITERS, 100), "? ? ?");
	objs[SEM].u.sem.ncnt = 2, objs[SEM].u.sem.zcnt = 1;
	sample();
	objs[SEM].u.sem.wait.waiters = 1;
	sample();
	cr_assert_str_eq(values(&objs[SEM], SERIES_WAITERS, 2), "3 1");
	errno = 0;
	cr_assert_eq(series_note_semvals(&h, &objs[MSG], read, 3), -1, "not a set");
	cr_assert_eq(errno, ENOENT);
}

/* Sent and received between samples, at least: from the count's change,
 * a new last sender/receiver or a new send/receive time. */
Test(series, sent_received_estimate)
{
	struct ipc_msg_fields *q = &objs[MSG].u.msg;
	sample();                                   /* the first sample: unknown */
	q->qnum = 3, q->stime = T0 + 1, q->lspid = 10;
	sample();                                   /* +3: 3 sent */
	q->qnum = 2, q->rtime = T0 + 2, q->lrpid = 11;
	sample();                                   /* -1: 1 received */
	q->stime = T0 + 3, q->rtime = T0 + 3;
	sample();                                   /* 0, both times new: 1 and 1 */
	q->qnum = 4, q->rtime = T0 + 4;
	sample();                                   /* +2 and a receive: 3 sent, 1 received */
	q->lspid = 12;
	sample();                                   /* a new sender, count the same: 1 and 1 */
	sample();                                   /* nothing: 0 and 0 */
	cr_assert_str_eq(values(&objs[MSG], SERIES_SENT, 100), "? 3 0 1 3 1 0");
	cr_assert_str_eq(values(&objs[MSG], SERIES_RECEIVED, 100), "? 0 1 1 1 1 0");
	double sent = -1, received = -1;
	cr_assert_float_eq(series_rates(&h, &objs[MSG], &sent, &received), 6.0, 1e-9, "6 seconds covered");
	cr_assert_float_eq(sent, 8.0 / 6, 1e-9);
	cr_assert_float_eq(received, 4.0 / 6, 1e-9);
	cr_assert_eq(series_rates(&h, &objs[SHM], &sent, &received), 0.0, "no rates for a segment");
}

Test(series, rates_need_two_samples)
{
	double sent = -1, received = -1;
	sample();
	cr_assert_eq(series_rates(&h, &objs[MSG], &sent, &received), 0.0);
	cr_assert_eq(sent, -1.0, "nothing written");
}

Test(series, set_len_keeps_the_newest)
{
	for (int i = 0; i < 10; i++) {
		objs[MSG].u.msg.qnum = (uint64_t)i;
		sample();
	}
	cr_assert_eq(series_set_len(&h, SERIES_LEN_MIN - 1), -1);
	cr_assert_eq(series_set_len(&h, SERIES_LEN_MAX + 1), -1);
	cr_assert_eq(series_samples(&h), 10u, "a refused length changes nothing");
	cr_assert_eq(series_set_len(&h, 20), 0);
	cr_assert_eq(series_samples(&h), 10u);
	cr_assert_eq(series_time(&h, 9).tv_sec, T0);
	for (int i = 10; i < 15; i++) {
		objs[MSG].u.msg.qnum = (uint64_t)i;
		sample();
	}
	cr_assert_eq(series_samples(&h), 15u, "longer now");
	cr_assert_str_eq(values(&objs[MSG], SERIES_QNUM, 100), "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14");
	cr_assert_eq(series_set_len(&h, 10), 0);
	cr_assert_str_eq(values(&objs[MSG], SERIES_QNUM, 100), "5 6 7 8 9 10 11 12 13 14");
	cr_assert_eq(series_time(&h, 0).tv_sec, T0 + 14);
	cr_assert_eq(series_time(&h, 9).tv_sec, T0 + 5);
}

/* Many busy objects: memory stays under the budget; the window shrinks
 * (values stay right), and grows back when they are idle. */
Test(series, budget_bounds_memory)
{
	enum { MANY = 2000 };
	static struct ipc_object many[MANY];
	for (int i = 0; i < MANY; i++) {
		many[i] = objs[MSG];
		many[i].id = i;
	}
	snap.objs = many;
	snap.count = MANY;
	series_free(&h);
	cr_assert_eq(series_init(&h, 100), 0);
	h.budget = 600u << 10;
	for (int s = 0; s < 100; s++) {
		for (int i = 0; i < MANY; i++)
			many[i].u.msg.qnum = (uint64_t)(s % 2 ? i : 0);
		sample();
		cr_assert_leq(h.bytes, h.budget, "sample %d: %zu bytes", s, h.bytes);
	}
	size_t kept = series_samples(&h);
	cr_assert_lt(kept, 100u, "the window shrank (%zu)", kept);
	cr_assert_geq(kept, 2u);
	int32_t v[100];
	cr_assert_eq(series_values(&h, &many[1999], SERIES_QNUM, v, 100), kept);
	cr_assert_eq(v[kept - 1], 1999, "the last sample (odd) is right");
	cr_assert_eq(v[kept - 2], 0);
	for (int s = 0; s < 100; s++)
		sample(); /* idle: one record each */
	cr_assert_eq(series_samples(&h), 100u, "the window grew back");
	cr_assert_lt(h.bytes, 400u << 10, "%zu bytes for %d idle queues", h.bytes, MANY);
}

/* Objects coming and going in every order around the ones that stay (the
 * histories are merged in place, issue 17): each present queue's history
 * is exactly its values since it last appeared. */
Test(series, many_objects_come_and_go)
{
	enum { NQ = 9, ROUNDS = 7 };
	struct ipc_object q[NQ];
	int since[NQ];
	for (int r = 0; r < ROUNDS; r++) {
		size_t n = 0;
		for (int id = 0; id < NQ; id++) {
			bool present = (id + r) % 3 != 0 || id == 4; /* 4 is always there */
			if (!present) {
				since[id] = -1;
				continue;
			}
			if (r == 0 || since[id] < 0)
				since[id] = r;
			q[n] = (struct ipc_object){ .kind = KIND_MSG, .key = 0x40 + id, .id = 100 - 10 * id, .ctime = T0 };
			q[n].u.msg.qnum = (uint64_t)(r * 10 + id);
			n++;
		}
		snap.objs = q;
		snap.count = snap.cap = n;
		sample();
		for (size_t i = 0; i < n; i++) {
			int id = q[i].key - 0x40;
			char want[256] = "";
			size_t len = 0;
			for (int k = since[id] > r - 9 ? since[id] : r - 9; k <= r; k++)
				len += (size_t)snprintf(want + len, sizeof(want) - len, "%s%d", len ? " " : "", k * 10 + id);
			cr_assert_str_eq(values(&q[i], SERIES_QNUM, 100), want, "queue %d at round %d", id, r);
		}
	}
	cr_assert_str_eq(values(&objs[SHM], SERIES_NATTCH, 100), "", "gone at the first round");
}

/* What an idle object costs (issue 17: 64 000 in about 3 MB): its 16-byte
 * entry and one block of a head, a queue's two estimate words and one
 * record (sample number and values), nothing else; busy objects move their
 * blocks and the holes they leave are closed up, the values staying right. */
Test(series, idle_objects_cost_one_record_and_holes_close)
{
	enum { MANY = 1000 };
	static struct ipc_object many[2 * MANY];
	for (int i = 0; i < MANY; i++) {
		many[i] = objs[MSG];
		many[i].id = i;
		many[MANY + i] = objs[SEM]; /* 3 semaphores, all at semvals[0..2] */
		many[MANY + i].id = i;
	}
	snap.objs = many;
	snap.count = 2 * MANY;
	for (int s = 0; s < 3; s++)
		sample();
	cr_assert_eq(h.arena_len, MANY * (1 + 2 + 1 + 5) + MANY * (1 + 1 + 1 + 3), "%zu words", h.arena_len);
	size_t entry = (h.bytes - h.arena_cap * sizeof(int32_t) - h.len * sizeof(struct timespec)) / h.objcap;
	cr_assert_eq(entry, 16u);
	cr_assert_eq(h.holes, 0u);
	/* Every other queue busy: its block moves (1, 2, 4, 8 records) and
	 * leaves holes, which are closed up once they are a third. */
	bool closed = false;
	for (int s = 0; s < 8; s++) {
		for (int i = 0; i < MANY; i += 2)
			many[i].u.msg.qnum = (uint64_t)(s * 1000 + i);
		sample();
		closed |= h.holes == 0;
	}
	cr_assert(closed, "the holes were closed up at some sample");
	cr_assert_lt(h.holes * 3, h.arena_len);
	cr_assert_str_eq(values(&many[998], SERIES_QNUM, 4), "4998 5998 6998 7998");
	cr_assert_str_eq(values(&many[999], SERIES_QNUM, 4), "0 0 0 0");
	cr_assert_str_eq(values(&many[MANY + 999], SERIES_SEM0, 2), "0 0");
}

/* The list shows one kind: a refresh reads only it. The other kinds'
 * histories stay, their values unknown while not read; an object gone or
 * replaced meanwhile is found out when its kind is read again. */
Test(series, kinds_not_read_keep_their_history)
{
	objs[MSG].u.msg.qnum = 1;
	sample();
	objs[MSG].u.msg.qnum = 2;
	sample();
	struct ipc_object only_shm = objs[SHM];
	snap.objs = &only_shm;
	snap.count = 1;
	snap.kinds = KIND_BIT(KIND_SHM);
	sample();
	sample();
	snap.objs = objs;
	snap.count = NOBJ;
	snap.kinds = KINDS_ALL;
	objs[MSG].u.msg.qnum = 3;
	sample();
	cr_assert_str_eq(values(&objs[MSG], SERIES_QNUM, 10), "1 2 ? ? 3");
	cr_assert_str_eq(values(&objs[SHM], SERIES_NATTCH, 10), "0 0 0 0 0");
	cr_assert_str_eq(values(&objs[SEM], SERIES_SEM0, 10), "0 0 ? ? 0");
	/* Replaced while its kind was not read: a new history. */
	snap.objs = &only_shm;
	snap.count = 1;
	snap.kinds = KIND_BIT(KIND_SHM);
	sample();
	snap.objs = objs;
	snap.count = NOBJ;
	snap.kinds = KINDS_ALL;
	objs[MSG].key = 0x21;
	sample();
	cr_assert_str_eq(values(&objs[MSG], SERIES_QNUM, 10), "3");
}
