#include "bot/net/backoff.h"

void backoff_init(struct backoff *b, uint32_t base_ms, uint32_t cap_ms)
{
	b->base_ms = base_ms ? base_ms : 1;
	b->cap_ms = cap_ms < b->base_ms ? b->base_ms : cap_ms;
	b->attempt = 0;
}

uint32_t backoff_ceiling_ms(const struct backoff *b)
{
	uint64_t ceiling = b->base_ms;
	/* Doubling stops as soon as the cap is reached, so this cannot
	 * overflow whatever the attempt count is. */
	for (uint32_t i = 0; i < b->attempt && ceiling < b->cap_ms; i++)
		ceiling *= 2;
	return ceiling > b->cap_ms ? b->cap_ms : (uint32_t)ceiling;
}

uint32_t backoff_next_ms(struct backoff *b, uint32_t rand_u32)
{
	uint64_t span = (uint64_t)backoff_ceiling_ms(b) + 1;
	/* Multiply-shift maps 2^32 inputs onto [0, span) without the bias a
	 * modulo would have for large spans. */
	uint32_t delay = (uint32_t)(((uint64_t)rand_u32 * span) >> 32);
	if (b->attempt < UINT32_MAX)
		b->attempt++;
	return delay;
}

void backoff_reset(struct backoff *b)
{
	b->attempt = 0;
}

uint32_t backoff_rand_u32(uint64_t *seed)
{
	uint64_t z = (*seed += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (uint32_t)(z >> 32);
}
