/* Why not libstemmer's public API: sb_stemmer_new() lives in one object
 * with the table of every language it knows, so linking it (the shared
 * library, or the static one into a position-independent program) has the
 * loader relocate all 29 stemmers' tables at start-up: 716 kB resident
 * (bench_memory) to stem one language. Debian's static libstemmer.a also
 * exports each language's own entry points and the runtime's
 * SN_set_current, which the public API is a thin layer over; calling them
 * links the English stemmer alone (a few kB).
 *
 * libstemmer.h does not declare them, so they are declared here as
 * Snowball's generated C code has had them since 2002 (runtime/header.h,
 * stem_UTF_8_english.h). Of the stemmer's state only the first fields are
 * read, the current string and its length, which have kept their place
 * in every version; the state itself is only ever made and freed by the
 * library. test_text checks the stems against Snowball's own examples. */
#include "knowledge/stem_english.h"

#include <stdlib.h>

struct SN_env {
	unsigned char *p;  /* the current string */
	int c;
	int l;             /* its length */
	/* more fields follow that this file does not use */
};

struct SN_env *english_UTF_8_create_env(void);
void english_UTF_8_close_env(struct SN_env *z);
int english_UTF_8_stem(struct SN_env *z);
int SN_set_current(struct SN_env *z, int size, const unsigned char *s);

struct stem_english {
	struct SN_env *env;
};

struct stem_english *stem_english_new(void)
{
	struct stem_english *st = calloc(1, sizeof *st);
	if (st && !(st->env = english_UTF_8_create_env())) {
		free(st);
		st = NULL;
	}
	return st;
}

void stem_english_free(struct stem_english *st)
{
	if (!st)
		return;
	english_UTF_8_close_env(st->env);
	free(st);
}

const char *stem_english(struct stem_english *st, const char *word, size_t len, size_t *out_len)
{
	struct SN_env *z = st->env;
	if (len > 1024 || SN_set_current(z, (int)len, (const unsigned char *)word) < 0 ||
	    english_UTF_8_stem(z) < 0)
		return NULL;
	*out_len = (size_t)z->l;
	return (const char *)z->p;
}
