/* optext.h — the pieces of an operation's C call text that several kinds
 * and the replay program share: keys, *get and msgsnd/msgrcv flags, value
 * lists and IPC_SET fields, written as C source would spell them. Pure
 * functions: no system calls. */
#ifndef IPCTOP_OPTEXT_H
#define IPCTOP_OPTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "ops/ops.h"

/* A payload argument: its first 40 bytes as a C string
 * literal (payload_format), or NULL when bytes is NULL but n is not 0 (a
 * request the checks refuse). Returns buf. */
char *optext_payload(const void *bytes, size_t n, char *buf, size_t len);
/* "IPC_PRIVATE" or "0x0000162e". Returns buf. */
char *optext_key(int key, char *buf, size_t len);
/* ftok's proj_id as C writes it: `'a'` for a letter, else its number.
 * Returns buf. */
char *optext_proj(int proj, char *buf, size_t len);
/* An ftok() call: `ftok("/tmp/x", 'a')` (the path as a C string, its
 * first 64 bytes). Returns buf. */
char *optext_ftok(const char *path, int proj, char *buf, size_t len);
/* The key argument of a *get: the ftok() call when path is set (the key
 * came from it), else optext_key. Returns buf. */
char *optext_get_key(const struct op_request *r, char *buf, size_t len);
/* "IPC_CREAT|IPC_EXCL|0644". Returns buf. */
char *optext_getflags(bool excl, unsigned mode, char *buf, size_t len);
/* msgsnd/msgrcv flags: "IPC_NOWAIT|MSG_NOERROR", "0"; unknown bits in
 * octal. Returns buf. */
char *optext_msgflags(int flags, char *buf, size_t len);
/* "{1, 2, 3}", cut as "{1, 2, ...}" when buf is too small. Returns buf. */
char *optext_values(const int *v, size_t n, char *buf, size_t len);
/* Appends the fields IPC_SET changes: "{uid=5, mode=0600}" (msg_qbytes
 * only when queue). */
void optext_ipcset(struct strbuf *sb, const struct ops_ipcset *s, bool queue);

#endif
