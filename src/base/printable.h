/* printable.h — text from outside (a command-line argument, a name) made
 * safe to print on a terminal: control characters and bytes that are not
 * UTF-8 never reach it. */
#ifndef IPCTOP_PRINTABLE_H
#define IPCTOP_PRINTABLE_H

#include <stddef.h>

/* Copies s into buf (size len, always NUL-terminated, cut at a character
 * when too long), with every C0 or C1 control character (ESC, BEL, CR,
 * U+0080..U+009F, DEL) and every byte not part of a well-formed UTF-8
 * character replaced by '?'. Returns buf. */
char *printable(const char *s, char *buf, size_t len);

#endif
