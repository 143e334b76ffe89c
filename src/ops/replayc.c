/* replayc.c — owns the replay program's variables and the C pieces the
 * kinds' emitters share (see the header). */
#define _GNU_SOURCE
#include "ops/replayc.h"

#include <stdlib.h>
#include <sys/ipc.h>

#include "base/array.h"
#include "ops/optext.h"
#include "base/payload.h"

static bool same_var(const struct replayc_var *v, enum ipc_kind kind, int id, const void *addr)
{
	return v->live && v->kind == kind && (kind == KIND_COUNT ? v->addr == addr : v->id == id);
}

void replayc_var_add(struct replayc *w, enum ipc_kind kind, int id, void *addr, size_t n)
{
	/* a new object (or attach) with the same id/address hides the old one */
	for (size_t i = 0; i < w->nvars; i++)
		if (same_var(&w->vars[i], kind, id, addr))
			w->vars[i].live = false;
	if (array_grow((void **)&w->vars, &w->cap, w->nvars + 1, sizeof(*w->vars)) < 0) {
		w->failed = 1;
		return;
	}
	w->vars[w->nvars++] = (struct replayc_var){ kind, id, addr, n, true };
}

struct replayc_var *replayc_var_find(struct replayc *w, enum ipc_kind kind, int id, const void *addr)
{
	for (size_t i = w->nvars; i-- > 0;)
		if (same_var(&w->vars[i], kind, id, addr))
			return &w->vars[i];
	return NULL;
}

char *replayc_var_name(enum ipc_kind kind, size_t n, char *buf, size_t len)
{
	snprintf(buf, len, "%s_%zu",
		 kind == KIND_SHM ? "shm" : kind == KIND_MSG ? "msq" : kind == KIND_SEM ? "sem" : "at", n);
	return buf;
}

char *replayc_id(struct replayc *w, enum ipc_kind kind, int id, char *buf, size_t len)
{
	struct replayc_var *v = replayc_var_find(w, kind, id, NULL);
	if (v)
		return replayc_var_name(kind, v->n, buf, len);
	snprintf(buf, len, "%d", id);
	return buf;
}

void replayc_free(struct replayc *w)
{
	free(w->vars);
	w->vars = NULL;
	w->nvars = w->cap = 0;
}

void replayc_check(FILE *out, int depth, const char *cond, const char *what)
{
	static const char tabs[] = "\t\t\t\t";
	fprintf(out, "%.*sif (%s) {\n%.*sperror(\"%s\");\n%.*sreturn 1;\n%.*s}\n", depth, tabs,
		cond, depth + 1, tabs, what, depth + 1, tabs, depth, tabs);
}

char *replayc_literal(const void *data, size_t n)
{
	size_t size = payload_format_size(n);
	char *buf = malloc(size);
	if (buf)
		payload_format(data ? data : "", data ? n : 0, 0, buf, size);
	return buf;
}

void replayc_key(FILE *out, int key)
{
	char k[32];
	optext_key(key, k, sizeof(k));
	fprintf(out, "%s%s", key == IPC_PRIVATE ? "" : "(key_t)", k);
}
