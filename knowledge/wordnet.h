/* A reader of the WordNet 3.0 database files (Debian's wordnet-base:
 * index.POS, data.POS and POS.exc under /usr/share/wordnet), for the words
 * a question and an article say differently: synonyms, irregular forms
 * ("fled" -> "flee") and derived forms ("agree" -> "agreement").
 *
 * The files are read in place with pread (the index and exception files
 * are sorted, and a small index of their blocks is kept in memory; a data
 * line is found by its byte offset): nothing is loaded whole, and nothing
 * of them becomes resident in the process (see wordnet.c for why they are
 * not mapped). Every lookup is a pure function of the files; a wordnet may be
 * shared by readers in one thread, not between threads (it remembers its
 * last look-ups and related words, see wordnet.c). Lemmas are lower case, with '_' or ' '
 * between the words of a collocation ("cease-fire", "prime_minister"). */
#ifndef BB_WORDNET_H
#define BB_WORDNET_H

#include <stdbool.h>
#include <stddef.h>

struct wordnet;

enum wordnet_pos { WORDNET_NOUN, WORDNET_VERB, WORDNET_ADJ, WORDNET_ADV, WORDNET_POS_COUNT };

/* The longest lemma handled; longer words are never found. */
#define WORDNET_MAX_WORD 64

/* Opens the files of the database in `dir`. Returns NULL when a file is
 * missing or unreadable (the caller answers without WordNet: every
 * look-up below takes a NULL wordnet and finds nothing in it). */
struct wordnet *wordnet_open(const char *dir);

/* The same over files already in memory (borrowed; they must outlive the
 * wordnet): index[pos], data[pos] and exc[pos] with their lengths. A NULL
 * buffer is an empty file. For tests and the fuzzer. */
struct wordnet_files {
	const char *index[WORDNET_POS_COUNT], *data[WORDNET_POS_COUNT], *exc[WORDNET_POS_COUNT];
	size_t index_len[WORDNET_POS_COUNT], data_len[WORDNET_POS_COUNT],
		exc_len[WORDNET_POS_COUNT];
};
struct wordnet *wordnet_from_memory(const struct wordnet_files *files);

/* Closes the files (if wordnet_open opened them). NULL-safe. */
void wordnet_free(struct wordnet *wn);

/* What the index says of a lemma in one part of speech. */
struct wordnet_entry {
	unsigned senses;  /* how many senses (synsets) */
	unsigned tagged;  /* how many of them were seen in the tagged corpus */
};

/* Looks `lemma` up in index.POS. Returns false if it is not there. */
bool wordnet_lookup(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		    struct wordnet_entry *out);

/* Does some lemma of POS start with the words `words` ("in the" of "in
 * the end") and go on past them? */
bool wordnet_opens_phrase(const struct wordnet *wn, enum wordnet_pos pos, const char *words);

/* The base form of an irregular `word` from POS.exc ("fought" -> "fight",
 * "men" -> "man"), written to out (size WORDNET_MAX_WORD + 1). Returns
 * false if the word is not in the exception list. */
bool wordnet_exception(const struct wordnet *wn, enum wordnet_pos pos, const char *word,
		       char *out);

/* The lemma of `word` as WordNet's morphy finds it: the exception list,
 * else the word itself, else the regular endings taken off ("backs" ->
 * "back", "bombed" -> "bomb", "cities" -> "city"), the first that the
 * index holds. Written to out (size WORDNET_MAX_WORD + 1). Returns false
 * if none is in the index. */
bool wordnet_lemma(const struct wordnet *wn, enum wordnet_pos pos, const char *word, char *out);

/* The lemma of `word` by the regular endings alone, even where the word
 * is a lemma itself: "minutes" -> "minute" (of "55 minutes"), where
 * wordnet_lemma finds "minutes", the record of a meeting. */
bool wordnet_regular_base(const struct wordnet *wn, enum wordnet_pos pos, const char *word,
			  char *out);

/* Which related words wordnet_related reports. */
enum wordnet_relation {
	WORDNET_SYNONYM = 1,   /* the other words of the same synset */
	WORDNET_DERIVED = 2,   /* derivationally related forms of this word */
	WORDNET_HYPERNYM = 4,  /* the words of the synsets one level up */
	WORDNET_HYPONYM = 8,   /* ... and one level down (the first few) */
	WORDNET_ANTONYM = 16,  /* this word's opposites ("buy" -> "sell") */
	WORDNET_SIMILAR = 32,  /* an adjective's likes ("hurt" -> "injured") */
};

typedef void (*wordnet_word_fn)(void *user, const char *word, enum wordnet_relation rel);

/* Calls fn with each word related to `lemma` in its first `senses`
 * senses of part of speech `pos`, by the relations in `relations` (a
 * mask): '_' becomes ' ', the lemma itself is not reported, a word may
 * come more than once. Returns how many calls were made. */
size_t wordnet_related(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		       unsigned senses, unsigned relations, wordnet_word_fn fn, void *user);

/* Is one of the first `senses` senses of `lemma` a kind of `ancestor`:
 * does a chain of at most `depth` hypernyms (not instance ones: "Parker"
 * the writer is no kind of person) reach
 * a synset that holds the word `ancestor` ("coordinator" is a "person",
 * "crown" a "monetary unit")? */
bool wordnet_is_a(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		  unsigned senses, const char *ancestor, unsigned depth);

/* Is `word` one of the words wordnet_related reports for `lemma` (its
 * synonym, derived form ...), as `relations` says? */
bool wordnet_relates(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		     unsigned senses, unsigned relations, const char *word);

/* Could `word` be a name: a word WordNet does not know, or one its
 * tagged corpus never saw in any part of speech ("horton", "tom"; not
 * "minister" or "backing")? True without a database. */
bool wordnet_name_like(const struct wordnet *wn, const char *word);

/* Is `word` (any form: "died") a verb more often than a noun in the
 * tagged corpus ("die", "fly"; not "boat" or "debt")? */
bool wordnet_mostly_verb(const struct wordnet *wn, const char *word);

/* Is `word` a noun and no form of a verb ("leader"; not "leads" or
 * "ban")? */
bool wordnet_only_noun(const struct wordnet *wn, const char *word);

/* Is `word` (any form: "fell", "dropped", "soared", or a phrasal verb
 * "go_down") a verb of rising or falling, which a share or a sum may
 * measure ("fell 4 percent")? +1 for rising, -1 for falling, 0 for
 * neither. */
int wordnet_rise_or_fall(const struct wordnet *wn, const char *word);

/* Is the noun `word` (any form: "crowns") a currency: a monetary unit in
 * its first senses, or in any sense a medium of exchange ("crown" is
 * first a headdress)? */
bool wordnet_currency(const struct wordnet *wn, const char *word);

/* Is the noun `word` (any form) a figure: to WordNet, in its first
 * senses, a kind of measure, magnitude, cost, value, charge, share or sum
 * ("ransom", "rate", "toll", "profit")? */
bool wordnet_figure(const struct wordnet *wn, const char *word);

/* Is the name `name` (lower case: "balkans") an instance of a kind of
 * `ancestor` ("region"): one of its first `senses` senses an instance
 * ("@i") of a synset whose hypernym chain (at most `depth` in all)
 * reaches a synset holding the word? */
bool wordnet_instance_of(const struct wordnet *wn, const char *name, unsigned senses,
			 const char *ancestor, unsigned depth);

#endif
