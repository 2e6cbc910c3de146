/* One article: front matter, paragraphs and sentences with stable ids.
 *
 * File format: optional front matter lines "key: value" (title, source,
 * date, url) closed by a line "---", then the text, paragraphs separated by
 * blank lines. A text that starts with "date YYYY-MM-DD " (as wire copy
 * does) has that prefix taken as the date and removed. */
#ifndef BB_ARTICLE_H
#define BB_ARTICLE_H

#include <stddef.h>

#include "common/strbuf.h"
#include "knowledge/kb.h"

/* Articles larger than this are rejected (they are not news articles). */
#define ARTICLE_MAX_BYTES (4u << 20)

struct article;

/* Parses `text` (n bytes, UTF-8) as article `id`. Returns NULL and appends
 * a reason to `errors` if the text is not UTF-8, too large or has no
 * sentences. */
struct article *article_parse(const char *id, const char *text, size_t n,
			      struct strbuf *errors);
/* The read-only view; owned by the article. */
const struct kb_article *article_view(const struct article *a);
/* Marks the article as curated (a facts file covers it). */
void article_set_curated(struct article *a, bool curated);
void article_free(struct article *a);

/* Splits one paragraph into sentences: calls `emit` with each sentence's
 * byte range (trimmed) in order. Exposed for tests and the fuzzer. */
typedef void (*article_sentence_fn)(void *user, const char *s, size_t n);
void article_split_sentences(const char *para, size_t n, article_sentence_fn emit,
			     void *user);

#endif
