/* Test helper: scratch knowledge directories under $TMPDIR (or /tmp),
 * written from strings, removed with everything in them (at exit at the
 * latest, so a failing test leaves none behind); and the shipped
 * knowledge base for tests and fuzz targets that read it. */
#ifndef BB_TESTS_KBDIR_H
#define BB_TESTS_KBDIR_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"
#include "knowledge/kb.h"

/* Creates an empty scratch directory with articles/ and facts/ in it.
 * Returns its path (free with kbdir_free), or NULL. */
char *kbdir_new(void);
/* Writes `text` to DIR/RELPATH (creating no folders). Returns 0 or -1. */
int kbdir_write(const char *dir, const char *relpath, const char *text);
/* Shortcut: a new directory holding articles/ID.txt and, unless `facts`
 * is NULL, facts/ID.json. */
char *kbdir_with(const char *id, const char *article, const char *facts);
/* Removes the directory and everything under it, then frees `dir`.
 * NULL-safe. */
void kbdir_free(char *dir);
/* Writes a scratch directory as kbdir_with does, loads it (problems go to
 * `errors`, which may be NULL) and removes it. Returns the knowledge base
 * or NULL. */
struct kb *kbdir_load(const char *id, const char *article, const char *facts,
		      struct strbuf *errors);

/* kbdir_load of one article written as just its body: a title and a
 * date are put before it. */
struct kb *kbdir_load_body(const char *id, const char *body);

/* Is the citation one of the knowledge base's own sentences, at the
 * paragraph and index it gives? */
bool kbdir_real_sentence(const struct kb *kb, const struct kb_cite *c);

/* The whole file at `path` as a NUL-terminated heap string (its length in
 * *len unless len is NULL), or NULL if it cannot be read. */
char *kbdir_slurp(const char *path, size_t *len);

/* The shipped knowledge directory ($BRIEFBOT_KNOWLEDGE overrides it). */
const char *kbdir_shipped(void);
/* cmocka group setup/teardown: *state becomes the shipped knowledge base
 * (setup fails, printing why, if it does not load). */
int kbdir_setup_shipped(void **state);
int kbdir_teardown_shipped(void **state);

#endif
