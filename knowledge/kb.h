/* The knowledge base: every article in a knowledge directory, split into
 * paragraphs and sentences, the curated facts about them (each backed by an
 * exact quote), the relations extracted automatically from articles that
 * have no facts file, and a BM25 index over all sentences.
 *
 * Layout of a knowledge directory:
 *   articles/ID.txt   an article (optional front matter, then the text)
 *   facts/ID.json     curated facts for article ID (optional)
 *
 * Everything a struct kb hands out is owned by it, read-only, and valid
 * until kb_free(). Pure C: no network, no clock. */
#ifndef BB_KB_H
#define BB_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"

struct kb;

struct kb_sentence {
	const char *text;
	int paragraph; /* 1-based */
	int index;     /* 1-based within the paragraph */
};

struct kb_paragraph {
	const struct kb_sentence *sentences;
	size_t n_sentences;
	bool is_heading; /* a one-line section heading such as "Idlib deadlock" */
};

struct kb_article {
	const char *id;     /* file name without .txt: "sochi-2021" */
	const char *title;
	const char *source;
	const char *date;   /* YYYY-MM-DD or "" */
	const char *url;    /* may be "" */
	const struct kb_paragraph *paragraphs;
	size_t n_paragraphs;
	bool curated;       /* has a facts file */
};

/* Where a fact or an answer comes from. */
struct kb_cite {
	const struct kb_article *article;
	const struct kb_sentence *sentence;
};

enum kb_entity_kind { KB_COUNTRY, KB_PERSON, KB_GROUP, KB_ORG, KB_PLACE, KB_OTHER };

struct kb_entity {
	const char *id;          /* "turkey" */
	const char *name;        /* "Turkey" */
	enum kb_entity_kind kind;
	const char *description; /* one line */
	const char *role;        /* people: "Atlantic Council senior fellow"; else "" */
	const char *const *aliases;
	size_t n_aliases;
	struct kb_cite cite;
};

/* Relation predicates. The table in kb.c maps each to its data-file name and
 * to the words used to ask about it. */
enum kb_predicate {
	KB_BACKS,          /* X backs / supports Y */
	KB_ALLIED_WITH,    /* X is allied with Y */
	KB_OPPOSES,        /* X opposes Y */
	KB_LISTS_TERRORIST,/* X recognises Y as a terrorist organisation */
	KB_HOSTS,          /* X hosts Y */
	KB_BOMBS,          /* X bombs / attacks Y */
	KB_CONTROLS,       /* X controls Y */
	KB_ACCEPTS,        /* X accepts Y */
	KB_SHELTERS,       /* X gives refuge to Y */
	KB_BUYS_FROM,      /* X buys from Y */
	KB_FIGHTS,         /* X fights / operates against Y */
	KB_DEALS_WITH,     /* X deals with Y */
	KB_PREDICATE_COUNT
};

struct kb_relation {
	const struct kb_entity *subject;
	enum kb_predicate predicate;
	const struct kb_entity *object;
	bool negated;        /* "is NOT recognised as ..." */
	/* How the article names the object here when that is more specific
	 * than the entity's name ("the Russian annexation of the Crimean
	 * peninsula" for Russia), or "". */
	const char *object_text;
	bool extracted;      /* found by kb extract, not curated */
	struct kb_cite cite;
};

struct kb_stake {
	const struct kb_entity *place;
	const char *text;    /* what is at stake, one line */
	struct kb_cite cite;
};

struct kb_quote {
	const struct kb_entity *speaker;
	const char *text;    /* the words, without quotation marks */
	const char *topic;   /* what it is about, a few words, or "" */
	bool direct;         /* quoted words; false for a reported view */
	struct kb_cite cite;
};

struct kb_event {
	const char *when;    /* as the article says it: "Wednesday", "December" */
	const char *date;    /* resolved ISO date or month if known, else "" */
	const char *text;    /* what happens, one line */
	const struct kb_entity *place; /* where, or NULL */
	struct kb_cite cite;
};

struct kb_number {
	const char *value;   /* "3.7 million" */
	const char *what;    /* "Syrians residing in Turkey" */
	struct kb_cite cite;
};

/* Loads and validates the knowledge directory `dir` (the builder,
 * kb_load.c), with WordNet 3.0 from $BRIEFBOT_WORDNET_DIR or, unset, the
 * folder chosen at build time (/usr/share/wordnet); without WordNet it
 * loads all the same, with a warning. On success returns the
 * knowledge base. On failure returns NULL and appends one line per problem
 * to `errors` ("facts/x.json: relation 3 (us backs ypg): quote not found in
 * article x"). Warnings that do not stop the load are appended too, prefixed
 * "warning: ". `errors` may be NULL. */
struct kb *kb_load(const char *dir, struct strbuf *errors);
void kb_free(struct kb *kb);

/* A digest of what kb_load would read from `dir`: every article's and facts
 * file's name, inode, size and modification time. Equal digests mean a
 * reload would read the same files, so a watcher can skip it (the bot's
 * own `add` reloads at once, then its watch sees the same file). */
uint64_t kb_dir_fingerprint(const char *dir);

size_t kb_article_count(const struct kb *kb);
const struct kb_article *kb_article_at(const struct kb *kb, size_t i);
/* Finds an article by id, or by a unique id prefix. NULL if none. */
const struct kb_article *kb_article_find(const struct kb *kb, const char *id);
size_t kb_sentence_count(const struct kb *kb);

size_t kb_entity_count(const struct kb *kb);
const struct kb_entity *kb_entity_at(const struct kb *kb, size_t i);
/* Finds an entity by id, name or alias, ignoring case and punctuation. */
const struct kb_entity *kb_entity_find(const struct kb *kb, const char *name);

size_t kb_relation_count(const struct kb *kb);
const struct kb_relation *kb_relation_at(const struct kb *kb, size_t i);
size_t kb_stake_count(const struct kb *kb);
const struct kb_stake *kb_stake_at(const struct kb *kb, size_t i);
size_t kb_quote_count(const struct kb *kb);
const struct kb_quote *kb_quote_at(const struct kb *kb, size_t i);
size_t kb_event_count(const struct kb *kb);
const struct kb_event *kb_event_at(const struct kb *kb, size_t i);
size_t kb_number_count(const struct kb *kb);
const struct kb_number *kb_number_at(const struct kb *kb, size_t i);

/* "backs", "allied with", ... as a verb phrase for replies. */
const char *kb_predicate_phrase(enum kb_predicate p, bool negated);
/* The data-file name of a predicate ("backs", "allied_with"), or NULL. */
const char *kb_predicate_name(enum kb_predicate p);
/* Inverse of kb_predicate_name; -1 if unknown. */
int kb_predicate_parse(const char *name);

#endif
