/* Internal to knowledge/: how the builder (kb_load.c) and the loaders it
 * runs (facts.c, extract.c) fill the store (kb.c) of a knowledge base
 * under construction, and the lookups answer.c needs beyond the public
 * kb.h. Not for use outside knowledge/. */
#ifndef BB_KB_BUILD_H
#define BB_KB_BUILD_H

#include "knowledge/kb.h"
#include "knowledge/text.h"

struct index;
struct article;
struct wordnet;

/* An empty store, or NULL. Free it with kb_free. */
struct kb *kb_new(void);
/* Hands article `a` to the store, which owns it from now on (it is freed
 * even when this fails). Returns 0 or BB_ENOMEM. */
int kb_add_article(struct kb *kb, struct article *a);
/* Hands the WordNet database to the store, which owns it from now on
 * (NULL: none). Set it before kb_finish: the index stems irregular forms
 * by it. */
void kb_set_wordnet(struct kb *kb, struct wordnet *wn);
/* The store's WordNet database, or NULL. */
const struct wordnet *kb_wordnet(const struct kb *kb);
/* Tokenises text as the knowledge base does (irregular forms stemmed by
 * their WordNet base). Returns 0 or BB_ENOMEM. */
int kb_tokenize(const struct kb *kb, const char *text, struct tokens *t);
/* Once every article and fact is in: builds the aliases, the vocabulary
 * and the search index. Returns 0 or BB_ENOMEM. */
int kb_finish(struct kb *kb);

/* Strings handed to kb_add_* are copied. Each returns 0 or BB_ENOMEM
 * (entity: the new entity or NULL). */
struct kb_entity *kb_add_entity(struct kb *kb, const char *id, const char *name,
				enum kb_entity_kind kind, const char *description,
				const char *role, const char *const *aliases,
				size_t n_aliases, struct kb_cite cite);
/* Adds one alias to an existing entity (used by extraction). */
int kb_add_alias(struct kb *kb, struct kb_entity *e, const char *alias);
int kb_add_relation(struct kb *kb, const struct kb_relation *r);
int kb_add_stake(struct kb *kb, const struct kb_stake *s);
int kb_add_quote(struct kb *kb, const struct kb_quote *q);
int kb_add_event(struct kb *kb, const struct kb_event *e);
int kb_add_number(struct kb *kb, const struct kb_number *n);

/* Finds the sentence of `art` that contains `quote` exactly. NULL if none. */
const struct kb_sentence *kb_find_quote(const struct kb_article *art, const char *quote);

/* Entity mentions found in a token list. */
struct entity_span {
	const struct kb_entity *entity;
	size_t first, count;  /* token range */
};

/* Finds entity mentions (longest alias first, one typo allowed in words of
 * five letters or more). Returns how many were stored in `out` (at most
 * max). */
size_t kb_match_entities(const struct kb *kb, const struct tokens *t,
			 struct entity_span *out, size_t max);

/* The search index over every sentence (ids: kb_sentence_at order). */
const struct index *kb_index(const struct kb *kb);
const struct kb_sentence *kb_sentence_at(const struct kb *kb, size_t i,
					 const struct kb_article **art);
/* Does sentence i follow another of its own paragraph (sentence i - 1),
 * to which it may leave a word? */
bool kb_follows_in_paragraph(const struct kb *kb, size_t i);

/* The terms of a text, as the index has them: stems of content words and
 * "@id" for each entity named. */
struct kb_bag {
	const char *const *terms;  /* sorted */
	size_t n;
};

/* The bag of a text the knowledge base owns (a sentence, or a stake's,
 * event's, number's or quote's text), looked up by content; NULL for
 * any other text. */
const struct kb_bag *kb_bag_of(const struct kb *kb, const char *text);
bool kb_bag_has(const struct kb_bag *b, const char *term);

/* Is this stem used anywhere in the knowledge base (articles, facts)? */
bool kb_knows_stem(const struct kb *kb, const char *stem);
/* If `word` (folded) is one edit away from a word of the knowledge base,
 * returns that word (the most frequent if several), else NULL. */
const char *kb_correct_word(const struct kb *kb, const char *word);
/* Do the articles write `word` (folded) capitalised inside a sentence in
 * at least half its uses, as a word of a name ("civic" of "the Civic
 * Alliance")? */
bool kb_name_word(const struct kb *kb, const char *word);
/* If the articles use a word that is `word` (folded) as a place or its
 * people ("ostravia" and "ostravian", "japan" and "japanese"), writes it
 * into `out` (TEXT_MAX_WORD + 1 bytes) and returns true. */
bool kb_demonym(const struct kb *kb, const char *word, char *out);
/* If `word` (folded, two letters or more) is the acronym of a name the
 * articles spell out ("nsf": "National Science Foundation"), writes that
 * name into `out` and returns true. */
bool kb_acronym(const struct kb *kb, const char *word, struct strbuf *out);

#endif
