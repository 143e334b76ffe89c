/* utf8.h — UTF-8 well-formedness, for the machine outputs that must be
 * valid UTF-8 (JSON, Prometheus label values) while their text comes from
 * anywhere (user names from a legacy passwd, process names, messages). */
#ifndef IPCTOP_UTF8_H
#define IPCTOP_UTF8_H

#include <stddef.h>

/* Length (1..4) of the well-formed UTF-8 sequence starting at p (which is
 * not NUL), or 0 when p starts no well-formed sequence: a stray
 * continuation byte, an overlong form, a surrogate, a code point above
 * U+10FFFF, or a sequence cut short. */
size_t utf8_seq_len(const unsigned char *p);

#endif
