/* oprequest.h — keeping a struct op_request beyond the call that made it:
 * a deep copy (path, bytes, sops and values duplicated) and its release.
 * The action log keeps its replay records so, the workers their requests. */
#ifndef IPCTOP_OPREQUEST_H
#define IPCTOP_OPREQUEST_H

#include "ops/ops.h"

/* Deep copy of src into dst. Returns 0, or -1 (ENOMEM) with dst zeroed. */
int oprequest_copy(struct op_request *dst, const struct op_request *src);
/* Frees what oprequest_copy allocated and zeroes *req. */
void oprequest_free(struct op_request *req);

#endif
