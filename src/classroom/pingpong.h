/* pingpong.h — one ping-pong exchange program over three mechanisms: a
 * pair of pipes, a System V message queue, and a System V shm segment with
 * two semaphores. The homework scenario races the three live and
 * --bench-ipc times them one after the other; both use these calls.
 *
 * Protocol, the same on every mechanism: a ping is a 4-byte length then
 * that many bytes; the pong sends the same bytes back. The length
 * PP_QUIT tells the pong side to leave.
 *   pipe: ping pipe and pong pipe, written and read in full.
 *   msg:  mtype 1 pings, mtype 2 pongs; a ping longer than msgmax (8192 by
 *         default) is CHUNKED into several messages of at most msgmax bytes
 *         each (the first starts with the length) — the limits are not
 *         raised.
 *   shm:  one segment {length, bytes}; semaphore 0 "ping posted",
 *         semaphore 1 "pong posted"; each side copies in and out. */
#ifndef IPCTOP_PINGPONG_H
#define IPCTOP_PINGPONG_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum pp_mech { PP_PIPE, PP_MSG, PP_SHM, PP_MECH_COUNT };
enum pp_side { PP_PING, PP_PONG };

#define PP_QUIT UINT32_MAX

struct pp_chan {
	enum pp_mech mech;
	size_t max_payload;
	size_t chunk;   /* msg: most bytes in one message (msgmax, msgmnb) */
	int pfd[4];     /* pipe: ping read/write, pong read/write; -1 closed */
	int msqid;      /* msg, else -1 */
	int shmid;      /* shm, else -1 */
	int semid;      /* shm, else -1 */
	key_t key;      /* the key asked for (IPC_PRIVATE or the first of two) */
	void *shm;      /* this process's attachment (pp_side), or NULL */
	unsigned char *buf; /* this process's scratch: 4 + max_payload bytes */
	void *mbuf;         /* msg: one message (long mtype + chunk bytes) */
};

/* "pipe", "msg queue", "shm+sem". */
const char *pp_mech_name(enum pp_mech mech);

/* Creates the channel in the parent, before forking the two sides: the
 * pipes, or the queue (key), or the segment (key) and the semaphore set
 * (key + 1 unless IPC_PRIVATE). Returns 0, or -1 with err set and nothing
 * left behind. */
int pp_open(struct pp_chan *c, enum pp_mech mech, size_t max_payload, key_t key, char *err,
	    size_t errlen);

/* In the process that plays `side`: closes the other side's pipe ends,
 * attaches the segment, allocates the scratch buffer. Returns 0 or -1
 * with err set. */
int pp_side(struct pp_chan *c, enum pp_side side, char *err, size_t errlen);

/* Ping side: one round trip of n bytes (1 .. max_payload): send, wait for
 * the echo, check its length. Returns 0, or -1 with errno (EIDRM: removed
 * under us; EPIPE/ECONNRESET: the pong side is gone; EPROTO: bad echo). */
int pp_trip(struct pp_chan *c, size_t n);

/* Ping side: tells the pong side to leave. Returns 0 or -1 with errno. */
int pp_quit(struct pp_chan *c);

/* Pong side: echoes pings until PP_QUIT (returns 0) or an error (-1). */
int pp_serve(struct pp_chan *c);

/* Messages one ping of n bytes takes on a queue (1 unless chunked). */
size_t pp_msg_count(const struct pp_chan *c, size_t n);

/* Closes this process's pipe ends, detaches, frees the buffer; with
 * remove, also IPC_RMIDs the objects. Safe to call twice. */
void pp_close(struct pp_chan *c, int remove);

/* Latency samples of a run, in nanoseconds. */
struct pp_lat {
	uint32_t *ns;
	size_t n, cap;   /* samples kept (at most PP_LAT_MAX) */
	uint64_t count;  /* samples seen */
	uint64_t sum_ns;
};
#define PP_LAT_MAX (16u << 20)

/* Adds one sample (kept while fewer than PP_LAT_MAX; always counted). */
void pp_lat_add(struct pp_lat *l, uint64_t ns);
/* Mean and 99th percentile of the kept samples in microseconds (sorts). */
double pp_lat_mean_us(const struct pp_lat *l);
double pp_lat_p99_us(struct pp_lat *l);
void pp_lat_free(struct pp_lat *l);

/* Nanoseconds on CLOCK_MONOTONIC. */
uint64_t pp_now_ns(void);

#endif
