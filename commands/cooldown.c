#include "commands/cooldown.h"

#include <stdlib.h>
#include <string.h>

#include "common/error.h"

struct slot {
	char *key;        /* NULL: empty */
	uint64_t hash;
	int64_t tat;      /* theoretical arrival time: the bucket is full at tat */
	int64_t seen;     /* last refusal or take, for sweeping refused keys */
	bool refused;
};

struct cooldown {
	struct slot *slots;
	size_t cap;       /* power of two */
	size_t used;
	size_t max_keys;
};

static uint64_t hash_key(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static bool unlimited(const struct cooldown_rate *rate)
{
	return rate->burst <= 0 || rate->refill_ms <= 0;
}

struct cooldown *cooldown_new(size_t max_keys)
{
	if (max_keys < 16)
		max_keys = 16;
	struct cooldown *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->cap = 32;
	c->max_keys = max_keys;
	c->slots = calloc(c->cap, sizeof *c->slots);
	if (!c->slots) {
		free(c);
		return NULL;
	}
	return c;
}

static void clear_slots(struct slot *slots, size_t cap)
{
	for (size_t i = 0; i < cap; i++)
		free(slots[i].key);
}

void cooldown_free(struct cooldown *c)
{
	if (!c)
		return;
	clear_slots(c->slots, c->cap);
	free(c->slots);
	free(c);
}

size_t cooldown_size(const struct cooldown *c)
{
	return c->used;
}

static struct slot *find(const struct cooldown *c, const char *key, uint64_t h)
{
	size_t mask = c->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct slot *s = &c->slots[i];
		if (!s->key)
			return s;
		if (s->hash == h && strcmp(s->key, key) == 0)
			return s;
	}
}

/* Moves the live slots of the current table into one of `cap` slots, keeping
 * only those still worth remembering at `now` (all if now < 0). */
static int rehash(struct cooldown *c, size_t cap, int64_t now)
{
	struct slot *fresh = calloc(cap, sizeof *fresh);
	if (!fresh)
		return BB_ENOMEM;
	struct slot *old = c->slots;
	size_t old_cap = c->cap;
	c->slots = fresh;
	c->cap = cap;
	c->used = 0;
	for (size_t i = 0; i < old_cap; i++) {
		struct slot *s = &old[i];
		if (!s->key)
			continue;
		/* A full bucket without a pending refusal equals a new key. */
		bool idle = now >= 0 && s->tat <= now && (!s->refused || s->seen + 60000 <= now);
		if (idle) {
			free(s->key);
			continue;
		}
		*find(c, s->key, s->hash) = *s;
		c->used++;
	}
	free(old);
	return 0;
}

/* Returns the slot for key, creating it; NULL on allocation failure. */
static struct slot *get(struct cooldown *c, const char *key, int64_t now)
{
	uint64_t h = hash_key(key);
	struct slot *s = find(c, key, h);
	if (s->key)
		return s;
	if ((c->used + 1) * 2 > c->cap) {
		size_t cap = c->cap;
		if (c->used + 1 > c->max_keys) {
			if (rehash(c, cap, now) < 0)
				return NULL;
			if (c->used + 1 > c->max_keys) {
				/* Nothing idle: forget everyone rather than grow. */
				clear_slots(c->slots, c->cap);
				memset(c->slots, 0, c->cap * sizeof *c->slots);
				c->used = 0;
			}
		} else if (rehash(c, cap * 2, -1) < 0) {
			return NULL;
		}
		s = find(c, key, h);
	}
	char *copy = strdup(key);
	if (!copy)
		return NULL;
	*s = (struct slot){ .key = copy, .hash = h, .tat = now, .seen = now };
	c->used++;
	return s;
}

int64_t cooldown_wait_ms(struct cooldown *c, const char *key,
			 const struct cooldown_rate *rate, int64_t now_ms)
{
	if (unlimited(rate))
		return 0;
	const struct slot *s = find(c, key, hash_key(key));
	if (!s->key)
		return 0;
	/* Allowed while tat - now <= (burst - 1) * refill. */
	int64_t limit = now_ms + (int64_t)(rate->burst - 1) * rate->refill_ms;
	return s->tat > limit ? s->tat - limit : 0;
}

int cooldown_take(struct cooldown *c, const char *key,
		  const struct cooldown_rate *rate, int64_t now_ms)
{
	if (unlimited(rate))
		return 0;
	struct slot *s = get(c, key, now_ms);
	if (!s)
		return BB_ENOMEM;
	int64_t base = s->tat > now_ms ? s->tat : now_ms;
	s->tat = base + rate->refill_ms;
	s->seen = now_ms;
	s->refused = false;
	return 0;
}

bool cooldown_refuse(struct cooldown *c, const char *key, int64_t now_ms)
{
	struct slot *s = get(c, key, now_ms);
	if (!s)
		return false;
	bool first = !s->refused;
	s->refused = true;
	s->seen = now_ms;
	return first;
}
