/* Test helper: scratch knowledge directories under $TMPDIR (or /tmp),
 * written from strings, removed with everything in them. */
#ifndef BB_TESTS_KBDIR_H
#define BB_TESTS_KBDIR_H

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

#endif
