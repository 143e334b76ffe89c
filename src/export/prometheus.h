/* prometheus.h — a snapshot in the Prometheus text exposition format
 * (version 0.0.4), for a node_exporter textfile or a scrape endpoint:
 * clean under `promtool check metrics` (HELP and TYPE on every family, base
 * units, no reserved suffixes), and mergeable across IPC namespaces (every
 * series carries namespace="<inode of the IPC namespace>"). */
#ifndef IPCTOP_PROMETHEUS_H
#define IPCTOP_PROMETHEUS_H

#include <stdio.h>

#include "model/snapshot.h"

/* Writes every family as "# HELP", "# TYPE name gauge", then its samples
 * (a family without samples keeps its HELP and TYPE). Labels: every series
 * has `namespace`; per-object series add key, id, owner; per-semaphore
 * series add semnum. The families, in order (README and ipctop(1) have the
 * table):
 *   ipctop_info{host}, ipctop_snapshot_timestamp_seconds,
 *   ipctop_objects{type}                       objects read, per kind;
 *   shm: ipctop_shm_{size,rss,swap}_bytes, ipctop_shm_nattch,
 *        ipctop_shm_{attach,detach,change}_timestamp_seconds;
 *   msg: ipctop_msg_queue_{bytes,messages,capacity_bytes},
 *        ipctop_msg_{send,receive,change}_timestamp_seconds;
 *   sem: ipctop_sem_semaphores, ipctop_sem_{operation,change}_timestamp_seconds,
 *        ipctop_sem_value, ipctop_sem_ncnt, ipctop_sem_zcnt (per semaphore);
 *   ipctop_limit_* and ipctop_usage_* (one family per limit, in bytes or a
 *   count, never pages).
 * Object families appear for the kinds in `kinds` (KIND_BIT set). A time
 * never set (0) has no sample; rss/swap need SNAP_SHMRSS, values
 * SNAP_SEMVALS, ncnt/zcnt SNAP_SEMWAIT (without them those families have
 * no samples). Returns 0, or -1 when writing failed. */
int prometheus_write(FILE *out, const struct snapshot *s, unsigned kinds);

/* Writes v escaped as a label value (without the quotes): backslash,
 * double quote and newline become \\, \" and \n; a byte that is not part
 * of well-formed UTF-8 becomes the text \xNN (written \\xNN), so the
 * output is always valid UTF-8 (promtool rejects a whole file otherwise). */
void prometheus_write_label_value(FILE *out, const char *v);

#endif
