/* oprequest.c — owns deep copies of requests (see the header). */
#include "ops/oprequest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void *dup_bytes(const void *p, size_t n, bool *failed)
{
	if (!p)
		return NULL;
	void *q = malloc(n ? n : 1);
	if (!q) {
		*failed = true;
		return NULL;
	}
	memcpy(q, p, n);
	return q;
}

int oprequest_copy(struct op_request *dst, const struct op_request *src)
{
	bool failed = false;
	*dst = *src;
	dst->path = src->path ? dup_bytes(src->path, strlen(src->path) + 1, &failed) : NULL;
	dst->bytes = dup_bytes(src->bytes, src->nbytes, &failed);
	dst->sops = dup_bytes(src->sops, src->nsops * sizeof(*src->sops), &failed);
	dst->values = dup_bytes(src->values, src->nvalues * sizeof(*src->values), &failed);
	if (failed) {
		oprequest_free(dst);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void oprequest_free(struct op_request *req)
{
	free((void *)req->path);
	free((void *)req->bytes);
	free((void *)req->sops);
	free((void *)req->values);
	memset(req, 0, sizeof(*req));
}
