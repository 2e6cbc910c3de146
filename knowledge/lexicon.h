/* General English knowledge the question parser needs and the article does
 * not give: chat shorthand, synonyms that map a question's word onto the
 * article's, antonyms for yes/no questions, and the cue words that signal
 * what a question asks for. Data only; no logic about any one article. */
#ifndef BB_LEXICON_H
#define BB_LEXICON_H

#include <stdbool.h>

/* "ppl" -> "people", "whos" -> "who is"; NULL if not shorthand. */
const char *lexicon_expand(const char *word);
/* A phrasal verb of chat in the words news copy uses: ("kicks", "in") ->
 * "takes effect"; NULL if there is none. */
const char *lexicon_phrasal(const char *verb, const char *particle);
/* A word the article may say differently: "worried" -> "concern". Returns
 * the article-side word (to be stemmed), or NULL. */
const char *lexicon_synonym(const char *word);
/* The i-th antonym of a word's stem (as a plain word), or NULL when there
 * are no more. */
const char *lexicon_antonym(const char *stem, unsigned i);
/* Is this word (or its stem) a cue the parser understands by itself, so
 * that it is not an unknown term: "stake", "ally", "happen"? */
bool lexicon_is_cue(const char *word, const char *stem);
/* Is this word only framing ("which outlet", "what year", "at stake"), so
 * that it is never required of an answer? Every frame is also a cue. */
bool lexicon_is_frame(const char *word, const char *stem);

/* Is this noun a figure in news copy though WordNet has no such sense
 * of it ("what was the TURNOUT")? */
bool lexicon_is_figure(const char *word);

/* True if the tables are sorted and the antonyms' stems are what
 * text_stem() makes of their words (for tests). */
struct text_stemmer;
bool lexicon_check_tables(struct text_stemmer *st);

#endif
