/* Snowball's English ("Porter2") stemmer, from Debian's libstemmer, linked
 * on its own: see stem_english.c for why not through sb_stemmer_new(). */
#ifndef BB_STEM_ENGLISH_H
#define BB_STEM_ENGLISH_H

#include <stddef.h>

struct stem_english;

/* NULL when out of memory. */
struct stem_english *stem_english_new(void);

/* NULL-safe. */
void stem_english_free(struct stem_english *st);

/* Stems the lower-case UTF-8 word[0..len); returns the stem (valid until
 * the next call) with its length in *out_len, or NULL when out of memory. */
const char *stem_english(struct stem_english *st, const char *word, size_t len, size_t *out_len);

#endif
