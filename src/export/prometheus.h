/* prometheus.h — a snapshot in the Prometheus text exposition format
 * (version 0.0.4): per-object gauges labelled key/id/owner, the system
 * limits and usage, for a node_exporter textfile or a scrape endpoint. */
#ifndef IPCTOP_PROMETHEUS_H
#define IPCTOP_PROMETHEUS_H

#include <stdio.h>

#include "model/snapshot.h"

/* Writes, each family as "# HELP", "# TYPE ... gauge", then its samples:
 *   ipctop_info{namespace,host} 1
 *   ipctop_objects{type}                     objects per kind read
 *   ipctop_shm_size_bytes{key,id,owner}      ipctop_shm_nattch{...}
 *   ipctop_msg_queue_bytes{...}              ipctop_msg_queue_messages{...}
 *   ipctop_msg_queue_capacity_bytes{...}
 *   ipctop_sem_count{...}                    semaphores in the set
 *   ipctop_sem_waiters{...}                  sum of ncnt + zcnt over the set
 *                                            (sets read with SNAP_SEMWAIT only)
 *   ipctop_limit{name="shmmni"} ...          IPC_INFO limits
 *   ipctop_usage{name="shm_segments"} ...    *_INFO usage
 * Object families appear for the kinds in `kinds` (KIND_BIT set). Returns
 * 0, or -1 when writing failed. */
int prometheus_write(FILE *out, const struct snapshot *s, unsigned kinds);

/* Writes v escaped as a label value (without the quotes): backslash,
 * double quote and newline become \\, \" and \n. */
void prometheus_write_label_value(FILE *out, const char *v);

#endif
