/* scn_chat.c — owns the "chat" scenario: alice, bob and carol talk over one
 * message queue, each receiving only its own mtype (1, 2, 3) and passing a
 * message round; a message from anyone else (the user, with the normal
 * msgsnd form) is answered with mtype 4. */
#define _GNU_SOURCE
#include "classroom/scenario_impl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>

#include "base/i18n.h"

#define PEERS 3
#define USER_MTYPE 4
#define TEXT_MAX 200

enum { OBJ_QUEUE = 1 };

struct priv {
	int msqid;
};

struct chat_msg {
	long mtype;
	char mtext[TEXT_MAX + 1];
};

static const char *const peer[PEERS] = { "alice", "bob", "carol" };
static const char *const phrases[] = {
	"did you do the semaphore homework?", "msgrcv blocks until my type arrives",
	"IPC_NOWAIT would give ENOMSG", "who removed the queue?", "ipcs -q shows us",
	"mtype 0 would take anything",
};

/* Sends after the gate, without blocking first; when the queue is full
 * reports the wait and blocks (passing the gate again once through).
 * Reports the message sent. Returns 0, or -1 with EAGAIN when
 * nowait_only and the queue is full. */
static int send_msg(struct scn_child *c, int msqid, long mtype, const char *text, bool nowait_only)
{
	struct chat_msg m;
	m.mtype = mtype;
	snprintf(m.mtext, sizeof(m.mtext), "%s", text);
	size_t n = strlen(m.mtext);
	int flags = IPC_NOWAIT;
	scn_gate(c);
	for (;;) {
		if (msgsnd(msqid, &m, n, flags) == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			scn_fail(c, "msgsnd", errno);
		if (nowait_only)
			return -1;
		if (flags) { /* first time: say why we stop */
			scn_report(c, _("waiting in msgsnd(type %ld): queue full"), mtype);
			scn_op(c, SCN_OP_MSGSND_BLOCKED, OBJ_QUEUE, (int)mtype, 0, "%s", m.mtext);
		}
		flags = 0;
	}
	if (!flags)
		scn_gate(c);
	scn_op(c, SCN_OP_MSGSND, OBJ_QUEUE, (int)mtype, 0, "%s", m.mtext);
	return 0;
}

/* Receives mtype after the gate; when none is there reports the wait and
 * blocks (passing the gate again once it got one). The caller reports
 * what it got (it knows from whom). */
static size_t recv_msg(struct scn_child *c, int msqid, long mtype, struct chat_msg *m)
{
	int flags = IPC_NOWAIT | MSG_NOERROR;
	scn_gate(c);
	for (;;) {
		ssize_t n = msgrcv(msqid, m, TEXT_MAX, mtype, flags);
		if (n >= 0) {
			m->mtext[n] = '\0';
			if (!(flags & IPC_NOWAIT))
				scn_gate(c);
			return (size_t)n;
		}
		if (errno == EINTR)
			continue;
		if (errno != ENOMSG)
			scn_fail(c, "msgrcv", errno);
		scn_report(c, _("waiting in msgrcv(type %ld)"), mtype);
		scn_op(c, SCN_OP_MSGRCV_BLOCKED, OBJ_QUEUE, (int)mtype, 0, "msgrcv(type %ld)", mtype);
		flags = MSG_NOERROR;
	}
}

/* "bob->carol #3: ..." from a peer gives that peer's index; -1 otherwise. */
static int sender_of(const char *text)
{
	for (int i = 0; i < PEERS; i++) {
		size_t n = strlen(peer[i]);
		if (strncmp(text, peer[i], n) == 0 && strncmp(text + n, "->", 2) == 0)
			return i;
	}
	return -1;
}

static void participant(struct scn_child *c)
{
	const struct priv *p = scn_priv(c->s);
	int me = c->idx;
	long mytype = me + 1;
	int next = (me + 1) % PEERS;
	char text[TEXT_MAX + 1];
	unsigned long seq = 0;
	if (me == 0) {
		snprintf(text, sizeof(text), "%s->%s #0: hi all", peer[me], peer[next]);
		(void)send_msg(c, p->msqid, next + 1, text, false);
		c->counters[1]++;
	}
	for (;;) {
		struct chat_msg m;
		recv_msg(c, p->msqid, mytype, &m);
		int from = sender_of(m.mtext);
		c->counters[0]++;
		scn_op(c, SCN_OP_MSGRCV, OBJ_QUEUE, (int)mytype, from, "%s", m.mtext);
		if (from < 0) {
			c->counters[2]++;
			scn_report(c, _("got from you: \"%.60s\""), m.mtext);
			snprintf(text, sizeof(text), "%s->you: got \"%.100s\"", peer[me], m.mtext);
			if (send_msg(c, p->msqid, USER_MTYPE, text, true) < 0)
				scn_report(c, _("reply to you dropped: queue full (msgrcv type %d!)"), USER_MTYPE);
			else
				scn_report(c, _("replied to you (mtype %d)"), USER_MTYPE);
			continue;
		}
		scn_report(c, _("got from %s: \"%.70s\""), peer[from], m.mtext);
		scn_nap(c, 100, 0);
		seq++;
		snprintf(text, sizeof(text), "%s->%s #%lu: %s", peer[me], peer[next], seq,
			 phrases[seq % (sizeof(phrases) / sizeof(phrases[0]))]);
		(void)send_msg(c, p->msqid, next + 1, text, false);
		c->counters[1]++;
		scn_report(c, _("sent to %s (mtype %d)"), peer[next], next + 1);
	}
}

static int setup(struct scenario *s, char *err, size_t errlen)
{
	struct priv *p = scn_priv(s);
	static const char *const names[] = { N_("received"), N_("sent"), N_("from you"), NULL };
	p->msqid = scn_create(s, KIND_MSG, OBJ_QUEUE, 0,
			      "chat queue: 1 alice, 2 bob, 3 carol, 4 you", err, errlen);
	if (p->msqid < 0)
		return -1;
	for (int i = 0; i < PEERS; i++)
		if (scn_spawn(s, peer[i], peer[i], participant, names, err, errlen) < 0)
			return -1;
	return 0;
}

static const struct scn_role roles[] = {
	{ OBJ_QUEUE, N_("chat queue"), NULL, 0 },
};

const struct scn_def scn_chat_def = {
	.info = {
		.name = "chat",
		.summary = N_("chat: 3 processes on one msg queue by mtype; send yours to mtype 1-3"),
		.help = N_("alice, bob and carol share one message queue (key 0x5ce00201); each\n"
			"receives only its own mtype (alice 1, bob 2, carol 3) and passes a\n"
			"message round: alice -> bob -> carol -> alice. You are the 4th\n"
			"participant: msgsnd a text with mtype 1, 2 or 3 (to alice, bob or\n"
			"carol); the one you wrote to answers with mtype 4: msgrcv type 4 to\n"
			"read it (unread answers fill the queue, and then are dropped)."),
	},
	.priv_size = sizeof(struct priv),
	.roles = roles,
	.nroles = sizeof(roles) / sizeof(roles[0]),
	.setup = setup,
};
