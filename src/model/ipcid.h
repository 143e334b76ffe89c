/* ipcid.h — what a System V IPC id says about its allocation. The kernel
 * (ipc/util.c, ipc_idr_alloc) builds id = (seq << shift) + index: shift 15
 * (IPCMNI, 32768 indices, seq below 65536), or 24 when booted with
 * `ipcmni_extend` (16M indices, seq below 128). Since Linux 5.2 (commits
 * 99db46ea2927 "do cyclic id allocation" and 3278a2c20cb3 "conserve
 * sequence numbers") indices are handed out cyclically: each new object of
 * a kind takes the lowest free index after the previous one, below
 * max(in_use * 3 / 2, ipc_min_cycle) (64, or 4096 with ipcmni_extend), and
 * seq goes up by one each time the index wraps around. So the (seq, index)
 * of successive objects of a kind always grow, which is what lets --watch
 * prove that objects came and went between two refreshes (missed.h). */
#ifndef IPCTOP_IPCID_H
#define IPCTOP_IPCID_H

#include <stdbool.h>

struct ipcid_layout {
	int shift;     /* 15, or 24 with ipcmni_extend */
	int min_cycle; /* ipc_min_cycle: indices a cycle covers at least */
	bool cyclic;   /* the kernel allocates as above (Linux >= 5.2); older
			* kernels took the lowest free index and seq + 1 each time */
};

/* The layout of the running kernel: ipcmni_extend from /proc/cmdline, the
 * allocator from uname's release. A missing /proc/cmdline means no
 * extension; an unparsable release means not cyclic (nothing is claimed). */
void ipcid_layout_read(struct ipcid_layout *l);

/* The layout for a kernel command line and release ("6.18.44-fc"): pure,
 * for tests. Only kernel parameters count (before a "--"). */
void ipcid_layout_of(const char *cmdline, const char *release, struct ipcid_layout *l);

static inline int ipcid_index(const struct ipcid_layout *l, int id) { return id & ((1 << l->shift) - 1); }
static inline int ipcid_seq(const struct ipcid_layout *l, int id) { return id >> l->shift; }

#endif
