/* settings_file.h — the settings file on disk: where it is, reading it,
 * and writing it whole or not at all.
 *
 * ipctop often runs as root, and under sudo $HOME (or $XDG_CONFIG_HOME)
 * may still be the user's: root must not put files of its own into a
 * user's home, nor be steered by the user's links. So the file is written
 * only into a directory owned by the effective uid, reached through no
 * symlink of another user; a missing directory (the last two, ".config"
 * and "ipctop") is made (0700) only inside one owned by the effective uid.
 * The file is written as a temporary file in the same directory (0600,
 * O_EXCL, never through a link), synced, then renamed over the old one
 * (the directory synced too): a crash leaves the old file or the new one,
 * never half of one. An existing name that is not a regular file of ours
 * (a symlink, a FIFO, another owner's file) is refused, not replaced.
 * Reading follows a symlink only of the effective uid or root, reads only
 * a regular file of at most 64 KiB. */
#ifndef IPCTOP_SETTINGS_FILE_H
#define IPCTOP_SETTINGS_FILE_H

#include <stddef.h>

#include "config/settings.h"

/* The settings file: $XDG_CONFIG_HOME/ipctop/ipctoprc when that is an
 * absolute path, else $HOME/.config/ipctop/ipctoprc ($HOME absolute, else
 * the passwd entry's home of the effective uid). Returns 0, or -1 with a
 * reason in err. */
int settings_path(char *buf, size_t len, char *err, size_t errlen);

/* Reads the file at path over *s (settings_parse). Returns 0 when there is
 * no such file (s untouched, err ""); 1 when read (err "", or a notice of
 * keys skipped: settings_parse's 1); -1 when it cannot be read or is
 * malformed (s untouched): err holds one line, "open(\"PATH\"): <strerror>
 * (<why>)" or "PATH: line 3: <why>". */
int settings_load(struct settings *s, const char *path, char *err, size_t errlen);

/* Writes s to path as the header comment says. Returns 0, or -1 with errno
 * and one line in err ("<call>(\"PATH\"): <strerror> (<why>)"), the old
 * file then untouched. */
int settings_save(const struct settings *s, const char *path, char *err, size_t errlen);

#endif
