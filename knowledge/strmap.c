#include "knowledge/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/fnv.h"

struct slot {
	char *key;   /* NULL: empty */
	size_t value;
	uint32_t hash;
};

struct strmap {
	struct slot *slots;
	size_t cap;   /* a power of two */
	size_t count;
};

static uint32_t hash_str(const char *s)
{
	return (uint32_t)fnv1a(FNV1A_SEED, s, strlen(s));
}

struct strmap *strmap_new(void)
{
	struct strmap *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->cap = 64;
	m->slots = calloc(m->cap, sizeof *m->slots);
	if (!m->slots) {
		free(m);
		return NULL;
	}
	return m;
}

void strmap_free(struct strmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	free(m);
}

static struct slot *find(const struct strmap *m, const char *key, uint32_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
			return s;
	}
}

static bool grow(struct strmap *m)
{
	size_t cap = m->cap * 2;
	struct slot *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return false;
	struct strmap bigger = { .slots = slots, .cap = cap, .count = m->count };
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*find(&bigger, m->slots[i].key, m->slots[i].hash) = m->slots[i];
	free(m->slots);
	*m = bigger;
	return true;
}

size_t *strmap_upsert(struct strmap *m, const char *key, size_t init)
{
	uint32_t h = hash_str(key);
	struct slot *s = find(m, key, h);
	if (s->key)
		return &s->value;
	if ((m->count + 1) * 4 > m->cap * 3) {
		if (!grow(m))
			return NULL;
		s = find(m, key, h);
	}
	s->key = strdup(key);
	if (!s->key)
		return NULL;
	s->hash = h;
	s->value = init;
	m->count++;
	return &s->value;
}

const size_t *strmap_get(const struct strmap *m, const char *key)
{
	const struct slot *s = find(m, key, hash_str(key));
	return s->key ? &s->value : NULL;
}

size_t strmap_count(const struct strmap *m)
{
	return m->count;
}

bool strmap_next(const struct strmap *m, size_t *pos, const char **key, size_t *value)
{
	while (*pos < m->cap) {
		const struct slot *s = &m->slots[(*pos)++];
		if (s->key) {
			*key = s->key;
			*value = s->value;
			return true;
		}
	}
	return false;
}
