#include "bot/matrix/strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"

/* One generation: open addressing with linear probing, never deleted from,
 * kept at most half full. */
struct gen {
	char **slots;
	size_t n_slots; /* a power of two */
	size_t count;
};

struct strset {
	size_t capacity;
	struct gen cur, old;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void gen_clear(struct gen *g)
{
	for (size_t i = 0; g->slots && i < g->n_slots; i++)
		free(g->slots[i]);
	memset(g->slots, 0, g->n_slots * sizeof *g->slots);
	g->count = 0;
}

/* The slot holding id, or the empty slot where it would go. */
static char **gen_find(const struct gen *g, const char *id)
{
	size_t mask = g->n_slots - 1;
	for (size_t i = hash(id) & mask;; i = (i + 1) & mask)
		if (!g->slots[i] || strcmp(g->slots[i], id) == 0)
			return &g->slots[i];
}

struct strset *strset_new(size_t capacity)
{
	struct strset *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->capacity = capacity ? capacity : 1;
	size_t n = 4;
	while (n < 2 * s->capacity + 1)
		n *= 2;
	s->cur.n_slots = s->old.n_slots = n;
	s->cur.slots = calloc(n, sizeof *s->cur.slots);
	s->old.slots = calloc(n, sizeof *s->old.slots);
	if (!s->cur.slots || !s->old.slots) {
		strset_free(s);
		return NULL;
	}
	return s;
}

void strset_free(struct strset *s)
{
	if (!s)
		return;
	gen_clear(&s->cur);
	gen_clear(&s->old);
	free(s->cur.slots);
	free(s->old.slots);
	free(s);
}

bool strset_has(const struct strset *s, const char *id)
{
	if (!s || !id)
		return false;
	return *gen_find(&s->cur, id) || *gen_find(&s->old, id);
}

int strset_add(struct strset *s, const char *id)
{
	if (!s || !id)
		return BB_EINVAL;
	if (strset_has(s, id))
		return 0;
	char *copy = strdup(id);
	if (!copy)
		return BB_ENOMEM;
	if (s->cur.count >= s->capacity) {
		struct gen t = s->old;
		gen_clear(&t);
		s->old = s->cur;
		s->cur = t;
	}
	*gen_find(&s->cur, copy) = copy;
	s->cur.count++;
	return 1;
}

size_t strset_count(const struct strset *s)
{
	return s ? s->cur.count + s->old.count : 0;
}
