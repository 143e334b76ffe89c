/* optext.c — owns the shared pieces of call texts (keys, flags, value
 * lists, IPC_SET fields). */
#define _GNU_SOURCE
#include "ops/optext.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include "base/format.h"
#include "base/payload.h"

#define PAYLOAD_SHOWN 40 /* bytes of a payload shown in a call text */

char *optext_payload(const void *bytes, size_t n, char *buf, size_t len)
{
	if (!bytes && n) {
		snprintf(buf, len, "NULL");
		return buf;
	}
	return payload_format(bytes, n, PAYLOAD_SHOWN, buf, len);
}

char *optext_key(int key, char *buf, size_t len)
{
	if (key == IPC_PRIVATE)
		snprintf(buf, len, "IPC_PRIVATE");
	else
		format_key(key, buf, len);
	return buf;
}

char *optext_proj(int proj, char *buf, size_t len)
{
	if ((proj >= 'a' && proj <= 'z') || (proj >= 'A' && proj <= 'Z'))
		snprintf(buf, len, "'%c'", proj);
	else
		snprintf(buf, len, "%d", proj);
	return buf;
}

char *optext_ftok(const char *path, int proj, char *buf, size_t len)
{
	char lit[OPS_CALL_LEN], p[8];
	const char *s = path ? path : "";
	payload_format(s, strlen(s), 64, lit, sizeof(lit));
	snprintf(buf, len, "ftok(%s, %s)", lit, optext_proj(proj, p, sizeof(p)));
	return buf;
}

char *optext_get_key(const struct op_request *r, char *buf, size_t len)
{
	return r->path ? optext_ftok(r->path, r->proj, buf, len) : optext_key(r->key, buf, len);
}

char *optext_getflags(bool excl, unsigned mode, char *buf, size_t len)
{
	snprintf(buf, len, "IPC_CREAT|%s0%o", excl ? "IPC_EXCL|" : "", mode & 0777u);
	return buf;
}

char *optext_msgflags(int flags, char *buf, size_t len)
{
	static const struct {
		int bit;
		const char *name;
	} names[] = {
		{ MSG_COPY, "MSG_COPY" },       { IPC_NOWAIT, "IPC_NOWAIT" },
		{ MSG_EXCEPT, "MSG_EXCEPT" },   { MSG_NOERROR, "MSG_NOERROR" },
	};
	struct strbuf sb;
	strbuf_init(&sb, buf, len);
	int rest = flags;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].bit) {
			strbuf_printf(&sb, "%s%s", sb.pos ? "|" : "", names[i].name);
			rest &= ~names[i].bit;
		}
	if (rest)
		strbuf_printf(&sb, "%s0%o", sb.pos ? "|" : "", (unsigned)rest);
	if (!sb.pos)
		strbuf_printf(&sb, "0");
	return buf;
}

char *optext_values(const int *v, size_t n, char *buf, size_t len)
{
	struct strbuf sb;
	strbuf_init(&sb, buf, len);
	strbuf_printf(&sb, "{");
	for (size_t i = 0; i < n && !sb.truncated; i++)
		strbuf_printf(&sb, "%s%d", i ? ", " : "", v[i]);
	strbuf_printf(&sb, "}");
	strbuf_mark_cut(&sb, "...}");
	return buf;
}

void optext_ipcset(struct strbuf *sb, const struct ops_ipcset *s, bool queue)
{
	const char *sep = "";
	strbuf_printf(sb, "{");
	if (s->has_uid) {
		strbuf_printf(sb, "uid=%u", (unsigned)s->uid);
		sep = ", ";
	}
	if (s->has_gid) {
		strbuf_printf(sb, "%sgid=%u", sep, (unsigned)s->gid);
		sep = ", ";
	}
	if (s->has_mode) {
		strbuf_printf(sb, "%smode=0%o", sep, s->mode & 0777u);
		sep = ", ";
	}
	if (queue && s->has_qbytes)
		strbuf_printf(sb, "%smsg_qbytes=%" PRIu64, sep, s->qbytes);
	strbuf_printf(sb, "}");
}
