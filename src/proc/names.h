/* names.h — user and group names for ids, cached (NSS lookups are slow and
 * a snapshot repeats the same few ids thousands of times), and ids for
 * names a user types. */
#ifndef IPCTOP_NAMES_H
#define IPCTOP_NAMES_H

#include <sys/types.h>

/* The user name of uid, or its number as text. The pointer stays valid
 * until names_clear(). */
const char *names_user(uid_t uid);
const char *names_group(gid_t gid);
/* The name from the user (group) database, or NULL when it has none;
 * valid until names_clear(). */
const char *names_user_known(uid_t uid);
const char *names_group_known(gid_t gid);

/* A user or group as typed (the IPC_SET form): a name of the passwd or
 * group database, or a number 0..4294967294 ((uid_t)-1 is no id). Returns
 * 0, or -1 with *why a short (translated) reason, *out untouched. */
int names_parse_user(const char *s, uid_t *out, const char **why);
int names_parse_group(const char *s, gid_t *out, const char **why);

/* Frees the cache (call at exit; also for leak checkers). */
void names_clear(void);

#endif
