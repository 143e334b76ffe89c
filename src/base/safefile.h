/* safefile.h — opening the files ipctop writes (the pidfile, the --log of
 * events, the C program of S and --log-c) so that a name planted by someone
 * else in a directory they can write to (a symlink, a FIFO, a hard link to
 * another file, a file of their own) is refused instead of written through,
 * and appending a record to a log so that it is whole or absent. */
#ifndef IPCTOP_SAFEFILE_H
#define IPCTOP_SAFEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Opens path for writing: flags are O_WRONLY or O_RDWR, optionally with
 * O_APPEND and O_CREAT (mode is then the new file's mode, before the
 * umask); O_TRUNC is refused (EINVAL): nothing existing is ever emptied on
 * open. The last component is never followed when it is a symlink
 * (O_NOFOLLOW), and the open never blocks (O_NONBLOCK, cleared again once
 * the file is known to be regular). The file, checked with lstat before
 * the open (so that a FIFO or device is not even opened) and with fstat
 * after it (so that a name swapped in between is caught too), must be a
 * regular file with one link, owned by our effective uid. The returned fd
 * is O_CLOEXEC. Returns the fd, or -1 with errno and err set to one line
 * "open(\"PATH\"): <strerror> (<what it means>)", e.g.
 * "open(\"/tmp/x\"): Too many levels of symbolic links (refusing to follow a
 * symlink)". Refusals of an existing file use ELOOP (a symlink), EISDIR (a
 * directory) or EEXIST (a FIFO, socket or device; more than one link;
 * another owner). */
int safefile_open(const char *path, int flags, mode_t mode, char *err, size_t errlen);

/* "a FIFO", "a directory", "a character device" ... for the file type in
 * the st_mode m (translated). */
const char *safefile_type_name(mode_t m);

/* Opens path (created with mode when missing) to write it anew: as
 * safefile_open(O_RDWR | O_CREAT), and an existing file that is not empty
 * must begin with magic (the start of everything its writer writes, so
 * that only that writer's own earlier output is replaced): otherwise it is
 * refused with EEXIST, untouched. Then it is emptied. Returns the fd
 * (O_CLOEXEC, at offset 0), or -1 with errno and err as safefile_open. */
int safefile_rewrite(const char *path, const char *magic, mode_t mode, char *err, size_t errlen);

/* Appends the record buf[0..len) to fd (opened with O_APPEND) as a whole
 * or not at all: when the file system takes only part of it (ENOSPC,
 * EFBIG, EDQUOT, EIO on a later write), the part written is cut off again
 * with ftruncate. *torn says a fragment is in the file: set when that cut
 * failed too (an append-only file, say), and then the next call first ends
 * the fragment with a newline so that its record is not glued onto it;
 * cleared once that newline is written. Returns 0, or -1 with the errno of
 * the failed write. */
int safefile_append(int fd, const char *buf, size_t len, bool *torn);

/* The *torn to start appending to fd with: true when its file is not empty
 * and does not end with a newline (a record cut short earlier, or text
 * written without one), so that the first record starts on a line of its
 * own. False also when it cannot be read. */
bool safefile_torn(int fd);

#endif
