/* Text processing shared by the article splitter, the index and the
 * question parser: folding (case, curly quotes, dashes, accents),
 * tokenising, stemming (the Snowball English stemmer), stop words and
 * edit distance. */
#ifndef BB_TEXT_H
#define BB_TEXT_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "common/strbuf.h"

/* Longest word kept; longer runs are cut (they are never real words). */
#define TEXT_MAX_WORD 48

struct token {
	const char *word;   /* folded, lower case, possessive 's removed */
	const char *stem;   /* light stem of word */
	size_t start, end;  /* byte range in the original text */
	bool capitalized;   /* first letter upper case in the original */
	bool all_caps;      /* two or more letters, all upper case ("PKK") */
	bool number;        /* digits, maybe with . or , inside ("3.7") */
	bool joined;        /* glued to the previous token by '-' or '/' */
	/* A piece of a hyphenated word that says nothing on its own: "back"
	 * in "back-to-back", "fire" in "cease-fire". A name ("Turkish-") and a
	 * participle head ("-backed", "-led") are not fragments. */
	bool fragment;
	/* On the last token of a hyphenated word: the stem of the whole word
	 * written solid ("cease-fire" -> the stem of "ceasefire"); else NULL. */
	const char *compound;
};

/* Does the token say `stem`: its own stem (unless it is a fragment), or
 * the stem of the hyphenated word it ends? */
bool text_token_says(const struct token *tok, const char *stem);

/* The years of the decade `word` names ("1990s": 1990 to 1999; "90s":
 * those of either century, 1990 to 1999 and 2090 to 2099) into years
 * (room for TEXT_DECADE_YEARS); how many, 0 if it names none. */
#define TEXT_DECADE_YEARS 20
size_t text_decade_years(const char *word, int *years);

/* Is `year` a year of the decade `decade` ("1996" of "1990s" or "90s")? */
bool text_in_decade(const char *decade, const char *year);

/* The Snowball English stemmer with its buffers: not shared between
 * threads; cheap to make. */
struct text_stemmer;
struct wordnet;

struct text_stemmer *text_stemmer_new(void);
void text_stemmer_free(struct text_stemmer *st);

/* A list of tokens; words and stems live in its own storage. */
struct tokens {
	struct token *v;
	size_t n, cap;
	char *store;        /* words and stems, NUL-separated */
	size_t store_cap;
	struct text_stemmer *stemmer;  /* made by the first text_tokenize */
	/* Set by the caller (borrowed): irregular forms are stemmed from their
	 * WordNet base ("fled" as "flee", "men" as "man"). May be NULL. */
	const struct wordnet *wordnet;
	/* Set by the caller: a word's stem when already known (a cache of
	 * what this tokenizer made of it before), or NULL to stem it. */
	const char *(*known_stem)(const void *user, const char *word);
	const void *known_stem_user;
	/* Set by the caller: only the words are wanted; each is its own stem
	 * and nothing is looked up. */
	bool words_only;
};

/* Tokenises s[0..n) (UTF-8; invalid bytes are treated as spaces) into
 * `out`, which is reset first. Returns 0 or BB_ENOMEM. */
int text_tokenize(const char *s, size_t n, struct tokens *out);
void tokens_free(struct tokens *t);

/* Is there a clause break (comma, semicolon, colon, dash) between tokens
 * k and k+1 of sentence s, or is k the last token? */
bool text_clause_break(const char *s, const struct tokens *t, size_t k);

/* Makes dst (reset first; its own storage kept for reuse) a copy of src's
 * tokens, words and stems, sized to fit: a tokenised text kept for
 * reading again costs what it holds, not what tokenising reserved. dst
 * gets no stemmer of its own. Returns 0 or BB_ENOMEM. */
int tokens_copy(struct tokens *dst, const struct tokens *src);

/* Appends the folded form of s[0..n): lower case ASCII, curly quotes to
 * straight ones, dashes to '-', Latin accents removed. */
void text_fold(const char *s, size_t n, struct strbuf *out);

/* Writes the stem of `word` (already folded) into out (size
 * TEXT_MAX_WORD + 1): the Snowball English stem, with -ize read as -ise
 * so that British and American spellings meet. Numbers and words of two
 * letters are their own stems. */
void text_stem(struct text_stemmer *st, const char *word, char *out);

/* Binary search for `word` in a sorted array of n strings. */
bool text_in_sorted(const char *const *list, size_t n, const char *word);
/* Is `word` one of the NULL-terminated `list`? */
bool text_in_list(const char *word, const char *const *list);
/* Is a word of t one of the NULL-terminated `list`? */
bool text_says_any(const struct tokens *t, const char *const *list);
/* Do the names a (la bytes) and b (lb bytes) name the same one: alike
 * but for ASCII case, or one the last words of the other ("Fair Ticket",
 * "the consumer group Fair Ticket"; "Cuddihy", "Niamh Cuddihy")? */
bool text_same_name(const char *a, size_t la, const char *b, size_t lb);
/* The first token of the capitalised name of text s (tokens t) that
 * ends at token `end`, back through "of the" ("Tyson Gay of the United
 * States") but not past a comma. */
size_t text_name_start(const char *s, const struct tokens *t, size_t end);

/* Do the tokens speak of a sum of parts: "total", "altogether",
 * "overall", "combined", "in all", "all told"? */
bool text_says_total(const struct tokens *t);
/* Does t say a poll, a survey or a forecast ("a poll published last week
 * had Kovel at 52 percent")? Its figures are no result. */
bool text_says_poll(const struct tokens *t);

/* Does t say how often: "every 40 minutes", "twice a day", "three
 * times a week", "daily", "hourly"? */
bool text_says_frequency(const struct tokens *t);

/* Is token k of t a word that denies what follows it: "not" (but not
 * "NOT ONLY ... but", which adds) or "never"? */
bool text_denial_at(const struct tokens *t, size_t k);
/* Is token k denied: right after a denial, or the verb after a sentence
 * that opens on "no" and a noun ("NO party WON the 76 seats")? */
bool text_denied_at(const struct tokens *t, size_t k);

/* Is `word` (folded) an ordinal, "first" to "tenth" or "last"? */
bool text_ordinal_word(const char *word);

/* Does sentence s give the noun that question q's ordinal at token `at`
 * picks ("the FIRST penalty") only with another ordinal ("a SECOND
 * penalty", its "first" going with "the first hat-trick")? */
bool text_only_another_ordinal(const struct tokens *q, size_t at, const struct tokens *s);

/* Does `word` only ask for precision ("what EXACT date", "the ACTUAL
 * figure")? */
bool text_precision_word(const char *word);

/* "what does Lind DO FOR A LIVING", "what did Imbert DO BEFORE
 * POLITICS", "what is Kovesi's JOB": when token `wh` is "what" and the
 * question asks someone's work, the token where the words for the work
 * begin (all of them to the end); else t->n. */
size_t text_job_asked(const struct tokens *t, size_t wh);

/* "what's the SUB called", "what is the new bridge going to be NAMED",
 * "what is the name of the FIRE": when token `wh` is "what" and the
 * question closes on "called" or "named", or asks "the name of" a
 * thing, the token of the noun whose name is asked; else t->n. */
size_t text_name_asked(const struct tokens *t, size_t wh);

/* "what is the (official) name OF the fire": when token `wh` is "what",
 * the token "of" after "name", the words before which only frame the
 * question; else t->n. */
size_t text_name_of_at(const struct tokens *t, size_t wh);
/* Does `word` make a post another one ("DEPUTY mayor", "VICE president",
 * "ACTING director")? There are TEXT_RANKS such words; text_rank_word(i)
 * is the i-th (NULL past the last). */
#define TEXT_RANKS 5
bool text_another_rank(const char *word);
const char *text_rank_word(size_t i);
/* Is token i of t an ordinal that picks one of several ("who finished
 * SECOND", "the LAST miner"), not one of an idiom ("in the first place",
 * "at first")? Its stem is also a unit's ("seconds"), so it is matched
 * as the word itself. */
bool text_ordinal_at(const struct tokens *t, size_t i);

/* The first token after the dateline that opens sentence s ("SAN JOSE
 * MINE, Chile, Oct 13 - The last ...", "PARIS — The fire"): a name in
 * capitals, then anything up to a dash. 0 when there is none. */
size_t text_dateline_end(const char *s, const struct tokens *t);

/* Is token k of text s a verb that only says how a thing came about or
 * is described, not an act of its own: after "by" as "-ing" ("saved $95m
 * BY MERGING systems"), or a participle right after its noun ("a snap
 * election CALLED after ...", not "Varn FIRST ANNOUNCED")? */
bool text_only_describes(const char *s, const struct tokens *t, size_t k);

/* Is token k of t (tokens of the text s) the start of a clock time:
 * "3:15 a.m.", "7 p.m.", "3:40am", "8 pm", "8pm", "15:30"? Sets *end,
 * when not NULL, to the byte just past it. */
bool text_clock_at(const char *s, const struct tokens *t, size_t k, size_t *end);

/* Is token k of t a month's name or its short form ("October", "Aug.",
 * "Sept"), capitalized? "may" only as "May". */
bool text_month_at(const struct tokens *t, size_t k);
/* Is `word` (folded) a month's or a weekday's full name ("march",
 * "friday")? */
bool text_date_word(const char *word);

/* Does the name that starts at token i of t spell the initials of
 * `acronym` (folded): "National Science Foundation" for "nsf", "Court of
 * Arbitration for Sport" for "cas"? Its words are capitalized, with
 * "of", "for", "and" or "on" between them. Returns the index after its
 * last token, or 0 when it does not. */
size_t text_acronym_at(const struct tokens *t, size_t i, const char *acronym);
/* Is token k within a name that spells out `acronym` (a folded word of 2
 * to 8 letters: "fisheries" in "the Coastal Fisheries Authority" for
 * "cfa")? */
bool text_spelled_out_at(const struct tokens *t, size_t k, const char *acronym);
/* The length of the currency sign right before s[at] ("$", "£", "€"), or
 * 0 when there is none. */
size_t text_currency_before(const char *s, size_t at);
/* Does token tok of text s end in a possessive ("Veskaria's", "board’s",
 * "Ferries'")? */
bool text_possessive(const char *s, const struct token *tok);
/* Does text s quote someone: three words or more in quotation marks
 * (straight or curly; one left open runs to the end), not a name or a word
 * set off ("the crowd chanted \"Roger\"")? */
bool text_has_quotation(const char *s);
/* Is byte `at` of s inside quotation marks ("I congratulate Rosa HARLAN,"
 * he told reporters)? */
bool text_in_quotation(const char *s, size_t at);
/* Does the word report speech ("said", "told", "announced", the
 * "according" of "according to")? */
bool text_reports_speech(const char *word);

/* Does the word place something in an order ("where does it RANK",
 * "where did she FINISH")? Then "where" asks a rank, not a place. */
bool text_ranks(const char *word);

/* The tokens of t inside an idiom WordNet lists as an adverb, of two to
 * four words ("in the first place", "so far", "after all"), as a mask of
 * the first 64. Such a phrase says how, not what, so none of its words
 * is required of an answer. */
uint64_t text_adverb_idioms(const struct wordnet *wn, const struct tokens *t);
/* Is `word` a verb's past form or participle: one ending in "-ed" (four
 * letters or more), or an irregular one WordNet lists ("fell", "led")?
 * Whether it is a verb at all is the caller's to ask. */
bool text_past_form(const struct wordnet *wn, const char *word);

/* Is the word a verb of leading ("who RUNS the canal authority", "who
 * HEADED it")? Then "who" asks a leader, named by a role. */
bool text_leads(const char *word);
/* Is token k of t set against by "after", "before", "since" or "until"
 * right before it, maybe past a stopword ("two hours AFTER it
 * STARTED")? Then a date beside it is not its date. */
bool text_set_against(const struct tokens *t, size_t k);

/* True for function words that carry no content ("the", "of", "does"). */
bool text_is_stopword(const char *word);

/* True if a and b differ by at most one insertion, deletion, substitution
 * or transposition of adjacent characters. */
bool text_within_one_edit(const char *a, const char *b);

/* Does sentence s only speak of what may happen or was planned ("could",
 * "perhaps", "the possible withdrawal", "was expected to open by 2010")? */
bool text_hypothetical(const char *s);
/* The same of the first len bytes of s. */
bool text_hypothetical_in(const char *s, size_t len);
/* Does sentence s tell what would have been, and so was not ("she WOULD
 * HAVE REDUCED the cut"; not "would have to pay", still to come)? */
bool text_counterfactual(const char *s);

#endif
