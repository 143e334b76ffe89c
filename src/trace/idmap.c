/* idmap.c — open addressing with linear probing; a deletion shifts the
 * following entries of the run back (no tombstones), so lookups stay short
 * however many tasks come and go. */
#define _GNU_SOURCE
#include "trace/idmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void idmap_init(struct idmap *m, size_t vsize)
{
	memset(m, 0, sizeof(*m));
	m->vsize = vsize;
}

void idmap_free(struct idmap *m)
{
	free(m->keys);
	free(m->used);
	free(m->vals);
	idmap_init(m, m->vsize);
}

static size_t slot_of(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL; /* murmur3's finaliser */
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

static void *val(const struct idmap *m, size_t i)
{
	return m->vals + i * m->vsize;
}

static size_t find(const struct idmap *m, uint64_t key)
{
	if (!m->cap)
		return (size_t)-1;
	for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (!m->used[i])
			return (size_t)-1;
		if (m->keys[i] == key)
			return i;
	}
}

void *idmap_get(const struct idmap *m, uint64_t key)
{
	size_t i = find(m, key);
	return i == (size_t)-1 ? NULL : val(m, i);
}

static int grow(struct idmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	if (cap > SIZE_MAX / (m->vsize + sizeof(uint64_t) + 1)) {
		errno = ENOMEM;
		return -1;
	}
	struct idmap n = { .vsize = m->vsize, .cap = cap, .count = 0 };
	n.keys = malloc(cap * sizeof(*n.keys));
	n.used = calloc(cap, sizeof(*n.used));
	n.vals = malloc(cap * m->vsize);
	if (!n.keys || !n.used || !n.vals) {
		idmap_free(&n);
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->used[i])
			continue;
		size_t j = slot_of(m->keys[i], cap);
		while (n.used[j])
			j = (j + 1) & (cap - 1);
		n.used[j] = true;
		n.keys[j] = m->keys[i];
		memcpy(val(&n, j), val(m, i), m->vsize);
		n.count++;
	}
	idmap_free(m);
	*m = n;
	return 0;
}

void *idmap_put(struct idmap *m, uint64_t key, bool *added)
{
	size_t i = find(m, key);
	*added = false;
	if (i != (size_t)-1)
		return val(m, i);
	/* At most 3/4 full: probe runs stay short. */
	if ((m->count + 1) * 4 > m->cap * 3 && grow(m) < 0)
		return NULL;
	for (i = slot_of(key, m->cap); m->used[i]; i = (i + 1) & (m->cap - 1))
		;
	m->used[i] = true;
	m->keys[i] = key;
	memset(val(m, i), 0, m->vsize);
	m->count++;
	*added = true;
	return val(m, i);
}

void idmap_del(struct idmap *m, uint64_t key)
{
	size_t i = find(m, key);
	if (i == (size_t)-1)
		return;
	m->used[i] = false;
	m->count--;
	/* Move back every entry of the run after i that would no longer be
	 * found past the hole. */
	for (size_t j = (i + 1) & (m->cap - 1); m->used[j]; j = (j + 1) & (m->cap - 1)) {
		size_t home = slot_of(m->keys[j], m->cap);
		/* Does home lie cyclically in (i, j]? Then j stays. */
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (stays)
			continue;
		m->used[i] = true;
		m->keys[i] = m->keys[j];
		memcpy(val(m, i), val(m, j), m->vsize);
		m->used[j] = false;
		i = j;
	}
}

void *idmap_at(const struct idmap *m, size_t i, uint64_t *key)
{
	if (i >= m->cap || !m->used[i])
		return NULL;
	*key = m->keys[i];
	return val(m, i);
}
