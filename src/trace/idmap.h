/* idmap.h — a hash map from a 64-bit key (a tid, a kind and id) to a
 * fixed-size value kept in the map (open addressing, linear probing,
 * deletion without tombstones). Values may move when the map grows or an
 * entry is deleted: do not keep pointers across idmap_put/idmap_del. */
#ifndef IPCTOP_IDMAP_H
#define IPCTOP_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct idmap {
	size_t vsize;     /* bytes per value */
	size_t cap;       /* slots: 0 or a power of two */
	size_t count;     /* entries */
	uint64_t *keys;
	bool *used;
	unsigned char *vals;
};

/* An empty map of values of vsize bytes (no allocation yet). */
void idmap_init(struct idmap *m, size_t vsize);
void idmap_free(struct idmap *m);

/* The value of key, or NULL. */
void *idmap_get(const struct idmap *m, uint64_t key);

/* The value of key, added zeroed when new (*added says which). NULL with
 * errno ENOMEM when it could not grow. */
void *idmap_put(struct idmap *m, uint64_t key, bool *added);

/* Removes key (nothing when absent). */
void idmap_del(struct idmap *m, uint64_t key);

/* Iteration: slots 0 .. cap-1; idmap_at gives the value of a used slot or
 * NULL, with its key in *key. Deleting the entry at slot i during the walk
 * may move a later entry into slot i: look at slot i again after it. */
void *idmap_at(const struct idmap *m, size_t i, uint64_t *key);

#endif
