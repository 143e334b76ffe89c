/* pingpong.c — owns the ping-pong program shared by the homework scenario
 * and --bench-ipc: creating and removing each mechanism's channel, the
 * framing (length header, chunking on queues), one round trip, the echo
 * loop, and latency statistics. */
#define _GNU_SOURCE
#include "classroom/pingpong.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#include "model/ipclimits.h"

#define HDR 4u
#define MT_PING 1
#define MT_PONG 2
enum { SEM_PING, SEM_PONG };
enum { PING_RD, PING_WR, PONG_RD, PONG_WR };

struct pp_seg {
	uint32_t len;
	unsigned char data[];
};

const char *pp_mech_name(enum pp_mech mech)
{
	static const char *const names[PP_MECH_COUNT] = { "pipe", "msg queue", "shm+sem" };
	return (unsigned)mech < PP_MECH_COUNT ? names[mech] : "?";
}

static void chan_init(struct pp_chan *c, enum pp_mech mech, size_t max_payload, key_t key)
{
	memset(c, 0, sizeof(*c));
	c->mech = mech;
	c->max_payload = max_payload;
	c->key = key;
	for (int i = 0; i < 4; i++)
		c->pfd[i] = -1;
	c->msqid = c->shmid = c->semid = -1;
}

/* msgmax bounded by msgmnb (a message must fit an empty queue). */
static size_t msg_chunk(void)
{
	struct ipc_limits lim;
	size_t chunk = 8192;
	if (limits_read(&lim) == 0 && lim.msgmax > HDR) {
		chunk = (size_t)lim.msgmax;
		if (lim.msgmnb > HDR && lim.msgmnb < chunk)
			chunk = (size_t)lim.msgmnb;
	}
	return chunk;
}

int pp_open(struct pp_chan *c, enum pp_mech mech, size_t max_payload, key_t key, char *err,
	    size_t errlen)
{
	chan_init(c, mech, max_payload, key);
	if (max_payload == 0 || max_payload > UINT32_MAX - 1 - HDR) {
		snprintf(err, errlen, "payload size %zu out of range", max_payload);
		errno = EINVAL;
		return -1;
	}
	int flags = IPC_CREAT | IPC_EXCL | 0600;
	switch (mech) {
	case PP_PIPE:
		if (pipe2(c->pfd, O_CLOEXEC) < 0 || pipe2(c->pfd + 2, O_CLOEXEC) < 0) {
			snprintf(err, errlen, "pipe2: %s", strerror(errno));
			goto fail;
		}
		return 0;
	case PP_MSG:
		c->chunk = msg_chunk();
		c->msqid = msgget(key, flags);
		if (c->msqid < 0) {
			snprintf(err, errlen, "msgget(0x%08x): %s", (unsigned)key, strerror(errno));
			goto fail;
		}
		return 0;
	case PP_SHM:
		c->shmid = shmget(key, sizeof(struct pp_seg) + max_payload, flags);
		if (c->shmid < 0) {
			snprintf(err, errlen, "shmget(0x%08x, %zu): %s", (unsigned)key,
				 sizeof(struct pp_seg) + max_payload, strerror(errno));
			goto fail;
		}
		key_t semkey = key == IPC_PRIVATE ? IPC_PRIVATE : key + 1;
		c->semid = semget(semkey, 2, flags);
		if (c->semid < 0) {
			snprintf(err, errlen, "semget(0x%08x, 2): %s", (unsigned)semkey, strerror(errno));
			goto fail;
		}
		unsigned short zero[2] = { 0, 0 };
		if (semctl(c->semid, 0, SETALL, zero) < 0) {
			snprintf(err, errlen, "semctl(%d, SETALL): %s", c->semid, strerror(errno));
			goto fail;
		}
		return 0;
	default:
		snprintf(err, errlen, "no such mechanism");
		errno = EINVAL;
		return -1;
	}
fail:;
	int e = errno;
	pp_close(c, 1);
	errno = e;
	return -1;
}

static void close_fd(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

int pp_side(struct pp_chan *c, enum pp_side side, char *err, size_t errlen)
{
	if (c->mech == PP_PIPE) {
		/* The ping side writes pings and reads pongs. */
		close_fd(&c->pfd[side == PP_PING ? PING_RD : PING_WR]);
		close_fd(&c->pfd[side == PP_PING ? PONG_WR : PONG_RD]);
	}
	if (c->mech == PP_SHM) {
		void *at = shmat(c->shmid, NULL, 0);
		if (at == (void *)-1) {
			snprintf(err, errlen, "shmat(%d): %s", c->shmid, strerror(errno));
			return -1;
		}
		c->shm = at;
	}
	c->buf = malloc(HDR + c->max_payload);
	if (c->mech == PP_MSG)
		c->mbuf = malloc(sizeof(long) + c->chunk);
	if (!c->buf || (c->mech == PP_MSG && !c->mbuf)) {
		snprintf(err, errlen, "out of memory for a %zu-byte buffer", c->max_payload);
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < HDR + c->max_payload; i++)
		c->buf[i] = (unsigned char)(i * 31u + 7u);
	return 0;
}

size_t pp_msg_count(const struct pp_chan *c, size_t n)
{
	size_t chunk = c->chunk ? c->chunk : 8192;
	return (HDR + n + chunk - 1) / chunk;
}

/* ---- pipe ----------------------------------------------------------------- */

/* Moves all n bytes through fd (write, or read when reading), resuming
 * after EINTR and short transfers; end of file while reading is
 * ECONNRESET: the other side is gone. */
static int transfer_full(int fd, unsigned char *p, size_t n, int reading)
{
	while (n) {
		ssize_t r = reading ? read(fd, p, n) : write(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0) {
			errno = ECONNRESET;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* ---- queue ---------------------------------------------------------------- */

/* Sends buf[0..total) as messages of at most c->chunk bytes of type mtype. */
static int msg_send(struct pp_chan *c, long mtype, const unsigned char *buf, size_t total)
{
	char *m = c->mbuf;
	for (size_t off = 0; off < total;) {
		size_t n = total - off < c->chunk ? total - off : c->chunk;
		memcpy(m, &mtype, sizeof(long));
		memcpy(m + sizeof(long), buf + off, n);
		while (msgsnd(c->msqid, m, n, 0) < 0)
			if (errno != EINTR)
				return -1;
		off += n;
	}
	return 0;
}

/* A received header's length is PP_QUIT or a payload of at most
 * max_payload; anything else is not our framing (EPROTO). */
static bool header_ok(const struct pp_chan *c, uint32_t len)
{
	if (len != PP_QUIT && len > c->max_payload) {
		errno = EPROTO;
		return false;
	}
	return true;
}

/* Receives one framed ping or pong of type mtype into c->buf; *len gets
 * the length from the header. */
static int msg_recv(struct pp_chan *c, long mtype, uint32_t *len)
{
	char *m = c->mbuf;
	size_t got = 0, want = HDR;
	while (got < want) {
		ssize_t n = msgrcv(c->msqid, m, c->chunk, mtype, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if ((size_t)n > HDR + c->max_payload - got) { /* not our framing */
			errno = EPROTO;
			return -1;
		}
		memcpy(c->buf + got, m + sizeof(long), (size_t)n);
		got += (size_t)n;
		if (want == HDR && got >= HDR) {
			memcpy(len, c->buf, HDR);
			if (!header_ok(c, *len))
				return -1;
			if (*len == PP_QUIT)
				return 0;
			want = HDR + (size_t)*len;
		}
	}
	if (got != want) { /* a message ran past the frame */
		errno = EPROTO;
		return -1;
	}
	return 0;
}

/* ---- shm + sem ------------------------------------------------------------ */

static int sem_step(int semid, unsigned short num, short delta)
{
	struct sembuf op = { num, delta, 0 };
	while (semop(semid, &op, 1) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

/* ---- the protocol --------------------------------------------------------- */

/* Sends the frame in c->buf (header len, then len bytes) in direction
 * `pong` (0: ping, 1: pong). */
static int send_frame(struct pp_chan *c, int pong, uint32_t len)
{
	size_t n = len == PP_QUIT ? 0 : len;
	memcpy(c->buf, &len, HDR);
	switch (c->mech) {
	case PP_PIPE:
		return transfer_full(c->pfd[pong ? PONG_WR : PING_WR], c->buf, HDR + n, 0);
	case PP_MSG:
		return msg_send(c, pong ? MT_PONG : MT_PING, c->buf, HDR + n);
	case PP_SHM: {
		struct pp_seg *seg = c->shm;
		seg->len = len;
		memcpy(seg->data, c->buf + HDR, n);
		return sem_step(c->semid, pong ? SEM_PONG : SEM_PING, 1);
	}
	default:
		errno = EINVAL;
		return -1;
	}
}

static int recv_frame(struct pp_chan *c, int pong, uint32_t *len)
{
	switch (c->mech) {
	case PP_PIPE: {
		int fd = c->pfd[pong ? PONG_RD : PING_RD];
		if (transfer_full(fd, c->buf, HDR, 1) < 0)
			return -1;
		memcpy(len, c->buf, HDR);
		if (!header_ok(c, *len))
			return -1;
		return *len == PP_QUIT ? 0 : transfer_full(fd, c->buf + HDR, *len, 1);
	}
	case PP_MSG:
		return msg_recv(c, pong ? MT_PONG : MT_PING, len);
	case PP_SHM: {
		if (sem_step(c->semid, pong ? SEM_PONG : SEM_PING, -1) < 0)
			return -1;
		const struct pp_seg *seg = c->shm;
		*len = seg->len;
		if (!header_ok(c, *len))
			return -1;
		if (*len != PP_QUIT)
			memcpy(c->buf + HDR, seg->data, *len);
		return 0;
	}
	default:
		errno = EINVAL;
		return -1;
	}
}

int pp_trip(struct pp_chan *c, size_t n)
{
	if (n == 0 || n > c->max_payload) {
		errno = EINVAL;
		return -1;
	}
	uint32_t back;
	if (send_frame(c, 0, (uint32_t)n) < 0 || recv_frame(c, 1, &back) < 0)
		return -1;
	if (back != n) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

int pp_quit(struct pp_chan *c) { return send_frame(c, 0, PP_QUIT); }

int pp_serve(struct pp_chan *c)
{
	for (;;) {
		uint32_t len;
		if (recv_frame(c, 0, &len) < 0)
			return -1;
		if (len == PP_QUIT)
			return 0;
		if (send_frame(c, 1, len) < 0)
			return -1;
	}
}

void pp_close(struct pp_chan *c, int remove)
{
	for (int i = 0; i < 4; i++)
		close_fd(&c->pfd[i]);
	if (c->shm) {
		(void)shmdt(c->shm);
		c->shm = NULL;
	}
	free(c->buf);
	c->buf = NULL;
	free(c->mbuf);
	c->mbuf = NULL;
	if (remove) {
		if (c->msqid >= 0 && msgctl(c->msqid, IPC_RMID, NULL) == 0)
			c->msqid = -1;
		if (c->shmid >= 0 && shmctl(c->shmid, IPC_RMID, NULL) == 0)
			c->shmid = -1;
		if (c->semid >= 0 && semctl(c->semid, 0, IPC_RMID) == 0)
			c->semid = -1;
	}
}

/* ---- statistics ------------------------------------------------------------ */

uint64_t pp_now_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void pp_lat_add(struct pp_lat *l, uint64_t ns)
{
	l->count++;
	l->sum_ns += ns;
	if (l->n == l->cap && l->cap < PP_LAT_MAX) {
		size_t ncap = l->cap ? l->cap * 2 : 4096;
		uint32_t *p = realloc(l->ns, ncap * sizeof(*p));
		if (!p)
			return; /* counted, not kept */
		l->ns = p;
		l->cap = ncap;
	}
	if (l->n < l->cap)
		l->ns[l->n++] = ns > UINT32_MAX ? UINT32_MAX : (uint32_t)ns;
}

double pp_lat_mean_us(const struct pp_lat *l)
{
	return l->count ? (double)l->sum_ns / (double)l->count / 1000.0 : 0.0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

double pp_lat_p99_us(struct pp_lat *l)
{
	if (!l->n)
		return 0.0;
	qsort(l->ns, l->n, sizeof(*l->ns), cmp_u32);
	size_t i = (l->n * 99 + 99) / 100; /* ceil(0.99 n), 1-based */
	if (i < 1)
		i = 1;
	if (i > l->n)
		i = l->n;
	return (double)l->ns[i - 1] / 1000.0;
}

void pp_lat_free(struct pp_lat *l)
{
	free(l->ns);
	memset(l, 0, sizeof(*l));
}
