/* FNV-1a, 64 bits: a fast hash of bytes that may be continued over
 * several pieces (fnv1a(fnv1a(FNV1A_SEED, a, na), b, nb)). Good for
 * fingerprints and hash tables; not for anything an attacker picks. */
#ifndef BB_FNV_H
#define BB_FNV_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A_SEED UINT64_C(0xcbf29ce484222325)

static inline uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	for (const unsigned char *b = p; n--; b++)
		h = (h ^ *b) * UINT64_C(0x100000001b3);
	return h;
}

#endif
