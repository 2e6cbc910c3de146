#include "common/idset.h"

#include <stdlib.h>
#include <string.h>

#include "common/fnv.h"

/* A FIFO ring of the ids in insertion order plus an open-addressing hash
 * table (linear probing, backward-shift deletion) over them. */
struct idset {
	uint64_t *ring;
	size_t cap, head, len;
	uint64_t *table; /* 0 = empty slot */
	size_t mask;
};

static size_t slot_of(const struct idset *s, uint64_t id)
{
	uint64_t h = id * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(h >> 17) & s->mask;
}

struct idset *idset_new(size_t capacity)
{
	struct idset *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->cap = capacity ? capacity : 1;
	size_t n = 4;
	while (n < s->cap * 2)
		n <<= 1;
	s->mask = n - 1;
	s->ring = calloc(s->cap, sizeof *s->ring);
	s->table = calloc(n, sizeof *s->table);
	if (!s->ring || !s->table) {
		idset_free(s);
		return NULL;
	}
	return s;
}

void idset_free(struct idset *s)
{
	if (!s)
		return;
	free(s->ring);
	free(s->table);
	free(s);
}

bool idset_has(const struct idset *s, uint64_t id)
{
	if (id == 0)
		return false;
	for (size_t i = slot_of(s, id); s->table[i]; i = (i + 1) & s->mask)
		if (s->table[i] == id)
			return true;
	return false;
}

static void table_remove(struct idset *s, uint64_t id)
{
	size_t i = slot_of(s, id);
	while (s->table[i] != id) {
		if (!s->table[i])
			return;
		i = (i + 1) & s->mask;
	}
	/* backward shift: move later entries of the cluster into the hole */
	size_t hole = i;
	for (size_t j = (i + 1) & s->mask; s->table[j]; j = (j + 1) & s->mask) {
		size_t home = slot_of(s, s->table[j]);
		/* can table[j] move to hole? only if home is not in (hole, j] */
		bool stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
		if (!stays) {
			s->table[hole] = s->table[j];
			hole = j;
		}
	}
	s->table[hole] = 0;
}

bool idset_add(struct idset *s, uint64_t id)
{
	if (id == 0)
		return true;
	if (idset_has(s, id))
		return false;
	if (s->len == s->cap) {
		table_remove(s, s->ring[s->head]);
		s->head = (s->head + 1) % s->cap;
		s->len--;
	}
	s->ring[(s->head + s->len) % s->cap] = id;
	s->len++;
	size_t i = slot_of(s, id);
	while (s->table[i])
		i = (i + 1) & s->mask;
	s->table[i] = id;
	return true;
}

/* The digits of text with every step checked for overflow. */
static uint64_t parse_checked(const char *text)
{
	uint64_t v = 0;
	for (const char *p = text; *p; p++) {
		unsigned d = (unsigned)(unsigned char)*p - '0';
		if (d > 9 || p - text >= 20 || __builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, d, &v))
			return 0;
	}
	return v;
}

uint64_t idset_parse(const char *text)
{
	if (!text)
		return 0;
	/* Every message's ids pass here, so the common case is one short
	 * loop: 19 digits never overflow (10^19 - 1 < 2^64), and only a
	 * longer number (rare: a snowflake has up to 20) is read again with
	 * checks. */
	uint64_t v = 0;
	const char *p = text;
	unsigned d;
	while ((d = (unsigned)(unsigned char)*p - '0') <= 9) { /* wraps below '0' */
		v = v * 10 + d;
		p++;
	}
	if (*p || p == text)
		return 0;
	return p - text <= 19 ? v : parse_checked(text);
}

uint64_t idset_hash(const char *text)
{
	if (!text)
		return 0;
	uint64_t h = fnv1a(FNV1A_SEED, text, strlen(text));
	/* splitmix64's finaliser: every input bit reaches every output bit */
	h ^= h >> 30;
	h *= UINT64_C(0xbf58476d1ce4e5b9);
	h ^= h >> 27;
	h *= UINT64_C(0x94d049bb133111eb);
	h ^= h >> 31;
	return h ? h : 1;
}
