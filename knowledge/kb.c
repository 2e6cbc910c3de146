#include "knowledge/kb.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/grow.h"
#include "knowledge/article.h"
#include "knowledge/index.h"
#include "knowledge/kb_build.h"
#include "knowledge/strmap.h"
#include "knowledge/wordnet.h"

/* A use of a word capitalised inside a sentence, counted in the high
 * half of its count of uses (struct kb's words). */
#define NAMED_USE ((size_t)1 << (sizeof(size_t) * 4))

#define KB_MAX_ALIAS_WORDS 8

/* One way to name an entity, as folded words. */
struct alias {
	const struct kb_entity *entity;
	const char *words[KB_MAX_ALIAS_WORDS];
	char *store;
	unsigned char n_words;
	unsigned char len[KB_MAX_ALIAS_WORDS];  /* strlen of each word */
	bool needs_caps;  /* a short all-caps alias ("US") must be written so */
};

/* A growable array of pointers. */
struct ptrvec {
	void **v;
	size_t n, cap;
};

struct kb {
	struct article **articles;
	size_t n_articles, cap_articles;
	struct ptrvec entities, relations, stakes, quotes, events, numbers;
	struct ptrvec strings;      /* every string the facts own */
	struct alias *aliases;
	size_t n_aliases, cap_aliases;
	/* aliases sorted by first byte; those starting with byte c are
	 * aliases[alias_start[c] .. alias_start[c + 1]) */
	size_t alias_start[257];
	struct index *index;
	const struct kb_sentence **sentences;  /* index doc -> sentence */
	const struct kb_article **sentence_article;
	size_t n_sentences;
	struct strmap *stems;       /* stem -> uses */
	/* folded word -> uses, and in the high half (NAMED_USE each) the
	 * uses capitalised inside a sentence ("the Civic Alliance") */
	struct strmap *words;
	struct strmap *bag_of;      /* sentence or fact text -> bags[i] */
	struct kb_bag *bags;
	size_t n_bags, cap_bags;
	struct wordnet *wordnet;    /* NULL: answer without it */
	/* every word of the knowledge base -> its stem (offset into
	 * stem_store), so that answering never stems a known word again */
	struct strmap *stem_of;
	struct strbuf stem_store;
};

static int ptrvec_push(struct ptrvec *pv, void *p)
{
	if (!p)
		return BB_ENOMEM;
	if (grow_array(&pv->v, &pv->cap, pv->n + 1, sizeof *pv->v, 16) < 0)
		return BB_ENOMEM;
	pv->v[pv->n++] = p;
	return 0;
}

static void ptrvec_free(struct ptrvec *pv)
{
	for (size_t i = 0; i < pv->n; i++)
		free(pv->v[i]);
	free(pv->v);
	*pv = (struct ptrvec){0};
}

/* Copies s into the knowledge base's string store. NULL stays NULL. */
static const char *own(struct kb *kb, const char *s, int *rc)
{
	if (!s)
		return NULL;
	char *copy = strdup(s);
	if (ptrvec_push(&kb->strings, copy) < 0) {
		free(copy);
		*rc = BB_ENOMEM;
		return "";
	}
	return copy;
}

/* ---- adding facts -------------------------------------------------------- */

struct kb_entity *kb_add_entity(struct kb *kb, const char *id, const char *name,
				enum kb_entity_kind kind, const char *description,
				const char *role, const char *const *aliases,
				size_t n_aliases, struct kb_cite cite)
{
	int rc = 0;
	struct kb_entity *e = calloc(1, sizeof *e);
	const char **al = calloc(n_aliases + 1, sizeof *al);
	if (!e || !al || ptrvec_push(&kb->entities, e) < 0) {
		free(e);
		free(al);
		return NULL;
	}
	if (ptrvec_push(&kb->strings, al) < 0) {
		free(al);
		return NULL;
	}
	for (size_t i = 0; i < n_aliases; i++)
		al[i] = own(kb, aliases[i], &rc);
	*e = (struct kb_entity){
		.id = own(kb, id, &rc),
		.name = own(kb, name, &rc),
		.kind = kind,
		.description = own(kb, description ? description : "", &rc),
		.role = own(kb, role ? role : "", &rc),
		.aliases = al,
		.n_aliases = n_aliases,
		.cite = cite,
	};
	return rc < 0 ? NULL : e;
}

int kb_add_alias(struct kb *kb, struct kb_entity *e, const char *alias)
{
	int rc = 0;
	const char **al = calloc(e->n_aliases + 2, sizeof *al);
	if (!al || ptrvec_push(&kb->strings, al) < 0) {
		free(al);
		return BB_ENOMEM;
	}
	memcpy(al, e->aliases, e->n_aliases * sizeof *al);
	al[e->n_aliases] = own(kb, alias, &rc);
	e->aliases = al;   /* the old array stays in the store until kb_free */
	e->n_aliases++;
	return rc;
}

int kb_add_relation(struct kb *kb, const struct kb_relation *r)
{
	int rc = 0;
	struct kb_relation *copy = malloc(sizeof *copy);
	if (ptrvec_push(&kb->relations, copy) < 0)
		return BB_ENOMEM;
	*copy = *r;
	copy->object_text = own(kb, r->object_text ? r->object_text : "", &rc);
	return rc;
}

int kb_add_stake(struct kb *kb, const struct kb_stake *s)
{
	int rc = 0;
	struct kb_stake *copy = malloc(sizeof *copy);
	if (ptrvec_push(&kb->stakes, copy) < 0)
		return BB_ENOMEM;
	*copy = *s;
	copy->text = own(kb, s->text, &rc);
	return rc;
}

int kb_add_quote(struct kb *kb, const struct kb_quote *q)
{
	int rc = 0;
	struct kb_quote *copy = malloc(sizeof *copy);
	if (ptrvec_push(&kb->quotes, copy) < 0)
		return BB_ENOMEM;
	*copy = *q;
	copy->text = own(kb, q->text, &rc);
	copy->topic = own(kb, q->topic ? q->topic : "", &rc);
	return rc;
}

int kb_add_event(struct kb *kb, const struct kb_event *e)
{
	int rc = 0;
	struct kb_event *copy = malloc(sizeof *copy);
	if (ptrvec_push(&kb->events, copy) < 0)
		return BB_ENOMEM;
	*copy = *e;
	copy->when = own(kb, e->when, &rc);
	copy->date = own(kb, e->date ? e->date : "", &rc);
	copy->text = own(kb, e->text, &rc);
	return rc;
}

int kb_add_number(struct kb *kb, const struct kb_number *n)
{
	int rc = 0;
	struct kb_number *copy = malloc(sizeof *copy);
	if (ptrvec_push(&kb->numbers, copy) < 0)
		return BB_ENOMEM;
	*copy = *n;
	copy->value = own(kb, n->value, &rc);
	copy->what = own(kb, n->what, &rc);
	return rc;
}

const struct kb_sentence *kb_find_quote(const struct kb_article *art, const char *quote)
{
	if (!quote || !*quote)
		return NULL;
	for (size_t p = 0; p < art->n_paragraphs; p++)
		for (size_t s = 0; s < art->paragraphs[p].n_sentences; s++)
			if (strstr(art->paragraphs[p].sentences[s].text, quote))
				return &art->paragraphs[p].sentences[s];
	return NULL;
}

/* ---- vocabulary, aliases and the index ----------------------------------- */

static const char *cached_stem(const void *user, const char *word)
{
	const struct kb *kb = user;
	const size_t *at = strmap_get(kb->stem_of, word);
	return at ? kb->stem_store.buf + *at : NULL;
}

int kb_tokenize(const struct kb *kb, const char *text, struct tokens *t)
{
	t->wordnet = kb->wordnet;
	t->known_stem = cached_stem;
	t->known_stem_user = kb;
	return text_tokenize(text, strlen(text), t);
}

/* Remembers the stems of a text's words (see struct kb). */
static int cache_stems(struct kb *kb, const struct tokens *t)
{
	for (size_t i = 0; i < t->n; i++) {
		if (strmap_get(kb->stem_of, t->v[i].word))
			continue;
		size_t *at = strmap_upsert(kb->stem_of, t->v[i].word, kb->stem_store.len);
		strbuf_append(&kb->stem_store, t->v[i].stem, strlen(t->v[i].stem) + 1);
		if (!at || strbuf_failed(&kb->stem_store))
			return BB_ENOMEM;
	}
	return 0;
}

static int count_stem(struct kb *kb, const char *stem)
{
	size_t *s = strmap_upsert(kb->stems, stem, 0);
	if (!s)
		return BB_ENOMEM;
	(*s)++;
	return 0;
}

static int count_words(struct kb *kb, const char *text, struct tokens *t)
{
	if (kb_tokenize(kb, text, t) < 0)
		return BB_ENOMEM;
	for (size_t i = 0; i < t->n; i++) {
		size_t *w = strmap_upsert(kb->words, t->v[i].word, 0);
		if (!w || count_stem(kb, t->v[i].stem) < 0 ||
		    (t->v[i].compound && count_stem(kb, t->v[i].compound) < 0))
			return BB_ENOMEM;
		*w += i > 0 && t->v[i].capitalized && !t->v[i].all_caps ? NAMED_USE + 1 : 1;
	}
	return cache_stems(kb, t);
}

static int add_alias(struct kb *kb, const struct kb_entity *e, const char *text,
		     struct tokens *t)
{
	if (kb_tokenize(kb, text, t) < 0)
		return BB_ENOMEM;
	if (t->n == 0 || t->n > KB_MAX_ALIAS_WORDS)
		return 0;
	/* Aliases that are function words ("us", "it") would match
	 * everywhere: keep them only when written in capitals. */
	if (t->n == 1 && text_is_stopword(t->v[0].word) && !t->v[0].all_caps)
		return 0;
	size_t bytes = 0;
	for (size_t i = 0; i < t->n; i++)
		bytes += strlen(t->v[i].word) + 1;
	char *store = malloc(bytes);
	if (!store)
		return BB_ENOMEM;
	if (grow_array(&kb->aliases, &kb->cap_aliases, kb->n_aliases + 1, sizeof *kb->aliases,
		       64) < 0) {
		free(store);
		return BB_ENOMEM;
	}
	struct alias *a = &kb->aliases[kb->n_aliases++];
	*a = (struct alias){ .entity = e, .n_words = (unsigned char)t->n, .store = store };
	a->needs_caps = t->n == 1 && t->v[0].all_caps && strlen(t->v[0].word) <= 3 &&
			text_is_stopword(t->v[0].word);
	char *p = store;
	for (size_t i = 0; i < t->n; i++) {
		size_t len = strlen(t->v[i].word) + 1;
		memcpy(p, t->v[i].word, len);
		a->words[i] = p;
		a->len[i] = (unsigned char)(len - 1);  /* a token's word: TEXT_MAX_WORD at most */
		p += len;
	}
	return 0;
}

static int add_all_aliases(struct kb *kb, struct tokens *t);

static int cmp_alias(const void *a, const void *b)
{
	const struct alias *x = a, *y = b;
	return (unsigned char)x->words[0][0] - (unsigned char)y->words[0][0];
}

static int build_aliases(struct kb *kb, struct tokens *t)
{
	int rc = add_all_aliases(kb, t);
	if (rc < 0)
		return rc;
	if (kb->n_aliases > 0)  /* an uncurated article may name no one */
		qsort(kb->aliases, kb->n_aliases, sizeof *kb->aliases, cmp_alias);
	size_t a = 0;
	for (unsigned c = 0; c <= 256; c++) {
		while (a < kb->n_aliases && (unsigned char)kb->aliases[a].words[0][0] < c)
			a++;
		kb->alias_start[c] = a;
	}
	return 0;
}

static int add_all_aliases(struct kb *kb, struct tokens *t)
{
	for (size_t i = 0; i < kb->entities.n; i++) {
		const struct kb_entity *e = kb->entities.v[i];
		if (add_alias(kb, e, e->name, t) < 0)
			return BB_ENOMEM;
		for (size_t k = 0; k < e->n_aliases; k++)
			if (add_alias(kb, e, e->aliases[k], t) < 0)
				return BB_ENOMEM;
		if (count_words(kb, e->name, t) < 0 || count_words(kb, e->description, t) < 0 ||
		    count_words(kb, e->role, t) < 0)
			return BB_ENOMEM;
		for (size_t k = 0; k < e->n_aliases; k++)
			if (count_words(kb, e->aliases[k], t) < 0)
				return BB_ENOMEM;
	}
	return 0;
}

/* Does token i match alias word w (exactly, or one typo away for longer
 * words)? */
/* Is the token (its word tl bytes long) the word w (wl bytes) or, both
 * of five letters or more, one typo away from it after the first letter?
 * Sets *exact when it is w itself. */
static bool word_matches(const struct token *tok, size_t tl, const char *w, size_t wl,
			 bool *exact)
{
	*exact = tl == wl && memcmp(tok->word, w, wl) == 0;
	if (*exact)
		return true;
	/* one edit changes the length by one at most */
	return tl + 1 >= wl && wl + 1 >= tl && wl >= 5 && tl >= 5 && tok->word[0] == w[0] &&
	       text_within_one_edit(tok->word, w);
}

size_t kb_match_entities(const struct kb *kb, const struct tokens *t,
			 struct entity_span *out, size_t max)
{
	size_t n = 0;
	size_t i = 0;
	while (i < t->n && n < max) {
		const struct alias *best = NULL;
		bool best_exact = false;
		/* Typos are forgiven after the first letter only, so only the
		 * aliases starting with this token's letter are tried. */
		unsigned char first = (unsigned char)t->v[i].word[0];
		size_t first_len = strlen(t->v[i].word);
		for (size_t a = kb->alias_start[first]; a < kb->alias_start[first + 1]; a++) {
			const struct alias *al = &kb->aliases[a];
			if (i + al->n_words > t->n || (best && al->n_words < best->n_words))
				continue;
			bool exact = true, ok = true;
			for (size_t k = 0; k < al->n_words && ok; k++) {
				bool same;
				size_t tl = k == 0 ? first_len : strlen(t->v[i + k].word);
				ok = word_matches(&t->v[i + k], tl, al->words[k], al->len[k], &same);
				exact &= same;
			}
			if (!ok || (al->needs_caps && !t->v[i].all_caps))
				continue;
			if (!best || al->n_words > best->n_words || (exact && !best_exact)) {
				best = al;
				best_exact = exact;
			}
		}
		if (!best) {
			i++;
			continue;
		}
		out[n++] = (struct entity_span){ .entity = best->entity, .first = i,
						 .count = best->n_words };
		i += best->n_words;
	}
	return n;
}

/* The acronyms an article writes ("FDA"), so that a sentence which spells
 * one out ("the Food and Drug Administration approved") says it too: a
 * question asks "what did the fda approve". */
#define MAX_ACRONYMS 16
/* (text_terms marks the ones a sentence spells out, a bit each) */
_Static_assert(MAX_ACRONYMS <= 32, "one bit per acronym in an unsigned");
struct acronyms {
	size_t n;
	char word[MAX_ACRONYMS][TEXT_MAX_WORD + 1];
	char stem[MAX_ACRONYMS][TEXT_MAX_WORD + 1];
};

/* Adds the acronym of `n` capitals at c to out, once. */
static void add_acronym(const char *c, size_t n, struct text_stemmer *st, struct acronyms *out)
{
	char word[TEXT_MAX_WORD + 1];
	for (size_t i = 0; i < n; i++)
		word[i] = (char)(c[i] - 'A' + 'a');
	word[n] = '\0';
	for (size_t k = 0; k < out->n; k++)
		if (!strcmp(out->word[k], word))
			return;
	memcpy(out->word[out->n], word, n + 1);
	text_stem(st, word, out->stem[out->n++]);
}

/* Reads the text itself: capitals need no tokens, and the sentences are
 * tokenised once, by add_text. */
static void find_acronyms(const struct kb_article *art, struct text_stemmer *st,
			  struct acronyms *out)
{
	out->n = 0;
	for (size_t p = 0; p < art->n_paragraphs; p++)
		for (size_t s = 0; s < art->paragraphs[p].n_sentences; s++) {
			const char *text = art->paragraphs[p].sentences[s].text;
			for (const char *c = text; *c && out->n < MAX_ACRONYMS;) {
				/* a word of 2 to 8 capitals, not glued to another
				 * letter or digit ("FDA", not "FDA2" or "McDA") */
				size_t n = 0;
				while (c[n] >= 'A' && c[n] <= 'Z')
					n++;
				if (n >= 2 && n <= 8 && !isalnum((unsigned char)c[n]) &&
				    (c == text || !isalnum((unsigned char)c[-1])))
					add_acronym(c, n, st, out);
				c += n ? n : 1;
			}
		}
}

/* The terms of a text: stems of content words (a hyphenated word as the
 * stem of the word written solid, and its pieces only where they say
 * something on their own), the article's acronyms the text spells out,
 * plus "@id" for every entity mentioned. Stores them in a heap array
 * (*out; the strings point into t, acr and marks) and returns how many,
 * or a negative bb_err. */
static long text_terms(struct kb *kb, const char *text, struct tokens *t,
		       const struct acronyms *acr, char (**marks)[80], const char ***out)
{
	if (count_words(kb, text, t) < 0)
		return BB_ENOMEM;
	struct entity_span spans[64];
	size_t ns = kb_match_entities(kb, t, spans, 64);
	size_t n_acronyms = acr ? acr->n : 0;
	const char **terms = malloc((2 * t->n + ns + n_acronyms + 1) * sizeof *terms);
	*marks = malloc((ns + 1) * sizeof **marks);
	*out = terms;
	if (!terms || !*marks)
		return BB_ENOMEM;
	size_t n = 0;
	unsigned spelled = 0;  /* the acronyms spelled out so far, a bit each */
	for (size_t i = 0; i < t->n; i++) {
		if (!text_is_stopword(t->v[i].word) && !t->v[i].fragment)
			terms[n++] = t->v[i].stem;
		if (t->v[i].compound)
			terms[n++] = t->v[i].compound;
		/* (each acronym once, which is what there is room for) */
		for (size_t a = 0; a < n_acronyms; a++)
			if (!(spelled >> a & 1) && text_acronym_at(t, i, acr->word[a])) {
				terms[n++] = acr->stem[a];
				spelled |= 1u << a;
				break;
			}
	}
	for (size_t s = 0; s < ns; s++) {
		snprintf((*marks)[s], sizeof (*marks)[s], "@%s", spans[s].entity->id);
		terms[n++] = (*marks)[s];
	}
	return (long)n;
}

static int cmp_term(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Indexes a sentence (as the next search document) or, with index false,
 * only records the bag of terms of a fact's text. */
static int add_text(struct kb *kb, const char *text, struct tokens *t,
		    const struct acronyms *acr, bool index)
{
	char (*marks)[80] = NULL;
	const char **terms = NULL;
	long n = text_terms(kb, text, t, acr, &marks, &terms);
	int rc = n < 0 ? (int)n : 0;
	if (rc == 0 && index && index_add(kb->index, terms, (size_t)n) < 0)
		rc = BB_ENOMEM;
	size_t *slot = rc == 0 ? strmap_upsert(kb->bag_of, text, kb->n_bags) : NULL;
	if (rc == 0 && !slot)
		rc = BB_ENOMEM;
	if (rc == 0 && *slot == kb->n_bags) {
		/* A sorted copy, without repeats, that lives with the kb. */
		qsort(terms, (size_t)n, sizeof *terms, cmp_term);
		const char **copy = calloc((size_t)n + 1, sizeof *copy);
		if (grow_array(&kb->bags, &kb->cap_bags, kb->n_bags + 1, sizeof *kb->bags, 64) < 0 ||
		    ptrvec_push(&kb->strings, copy) < 0) {
			free(copy);  /* NULL, or not yet owned by the store */
			rc = BB_ENOMEM;
		} else {
			size_t k = 0;
			for (long i = 0; i < n && rc == 0; i++)
				if (k == 0 || strcmp(copy[k - 1], terms[i]) != 0)
					copy[k++] = own(kb, terms[i], &rc);
			kb->bags[kb->n_bags++] = (struct kb_bag){ .terms = copy, .n = k };
		}
	}
	free(terms);
	free(marks);
	return rc;
}

const struct kb_bag *kb_bag_of(const struct kb *kb, const char *text)
{
	const size_t *i = text ? strmap_get(kb->bag_of, text) : NULL;
	return i ? &kb->bags[*i] : NULL;
}

bool kb_bag_has(const struct kb_bag *b, const char *term)
{
	return bsearch(&term, b->terms, b->n, sizeof *b->terms, cmp_term) != NULL;
}

static int build_index(struct kb *kb, struct tokens *t)
{
	size_t total = 0;
	for (size_t a = 0; a < kb->n_articles; a++) {
		const struct kb_article *art = article_view(kb->articles[a]);
		for (size_t p = 0; p < art->n_paragraphs; p++)
			total += art->paragraphs[p].n_sentences;
	}
	kb->sentences = calloc(total ? total : 1, sizeof *kb->sentences);
	kb->sentence_article = calloc(total ? total : 1, sizeof *kb->sentence_article);
	kb->index = index_new();
	if (!kb->sentences || !kb->sentence_article || !kb->index)
		return BB_ENOMEM;
	for (size_t a = 0; a < kb->n_articles; a++) {
		const struct kb_article *art = article_view(kb->articles[a]);
		struct acronyms acr;
		if (!t->stemmer && !(t->stemmer = text_stemmer_new()))
			return BB_ENOMEM;
		find_acronyms(art, t->stemmer, &acr);
		for (size_t p = 0; p < art->n_paragraphs; p++) {
			for (size_t s = 0; s < art->paragraphs[p].n_sentences; s++) {
				const struct kb_sentence *sen = &art->paragraphs[p].sentences[s];
				if (add_text(kb, sen->text, t, &acr, true) < 0)
					return BB_ENOMEM;
				kb->sentences[kb->n_sentences] = sen;
				kb->sentence_article[kb->n_sentences++] = art;
			}
		}
	}
	/* Facts' own words: bags for matching questions against them, and
	 * known vocabulary too. */
	for (size_t i = 0; i < kb->stakes.n; i++)
		if (add_text(kb, ((struct kb_stake *)kb->stakes.v[i])->text, t, NULL, false) < 0)
			return BB_ENOMEM;
	for (size_t i = 0; i < kb->events.n; i++)
		if (add_text(kb, ((struct kb_event *)kb->events.v[i])->text, t, NULL, false) < 0)
			return BB_ENOMEM;
	for (size_t i = 0; i < kb->numbers.n; i++)
		if (add_text(kb, ((struct kb_number *)kb->numbers.v[i])->what, t, NULL, false) < 0)
			return BB_ENOMEM;
	for (size_t i = 0; i < kb->quotes.n; i++)
		if (add_text(kb, ((struct kb_quote *)kb->quotes.v[i])->text, t, NULL, false) < 0)
			return BB_ENOMEM;
	return 0;
}

/* ---- building ------------------------------------------------------------ */

struct kb *kb_new(void)
{
	struct kb *kb = calloc(1, sizeof *kb);
	if (!kb)
		return NULL;
	kb->stems = strmap_new();
	kb->words = strmap_new();
	kb->bag_of = strmap_new();
	kb->stem_of = strmap_new();
	if (!kb->stems || !kb->words || !kb->bag_of || !kb->stem_of) {
		kb_free(kb);
		return NULL;
	}
	return kb;
}

int kb_add_article(struct kb *kb, struct article *a)
{
	if (grow_array(&kb->articles, &kb->cap_articles, kb->n_articles + 1,
		       sizeof *kb->articles, 8) < 0) {
		article_free(a);
		return BB_ENOMEM;
	}
	kb->articles[kb->n_articles++] = a;
	return 0;
}

void kb_set_wordnet(struct kb *kb, struct wordnet *wn)
{
	wordnet_free(kb->wordnet);
	kb->wordnet = wn;
}

const struct wordnet *kb_wordnet(const struct kb *kb)
{
	return kb->wordnet;
}

int kb_finish(struct kb *kb)
{
	struct tokens t = {0};
	int rc = build_aliases(kb, &t);
	if (rc == 0)
		rc = build_index(kb, &t);
	tokens_free(&t);
	return rc;
}

void kb_free(struct kb *kb)
{
	if (!kb)
		return;
	for (size_t i = 0; i < kb->n_articles; i++)
		article_free(kb->articles[i]);
	free(kb->articles);
	ptrvec_free(&kb->entities);
	ptrvec_free(&kb->relations);
	ptrvec_free(&kb->stakes);
	ptrvec_free(&kb->quotes);
	ptrvec_free(&kb->events);
	ptrvec_free(&kb->numbers);
	ptrvec_free(&kb->strings);
	for (size_t i = 0; i < kb->n_aliases; i++)
		free(kb->aliases[i].store);
	free(kb->aliases);
	index_free(kb->index);
	free(kb->sentences);
	free(kb->sentence_article);
	strmap_free(kb->stems);
	strmap_free(kb->words);
	strmap_free(kb->bag_of);
	free(kb->bags);
	wordnet_free(kb->wordnet);
	strmap_free(kb->stem_of);
	strbuf_free(&kb->stem_store);
	free(kb);
}

/* ---- accessors ----------------------------------------------------------- */

size_t kb_article_count(const struct kb *kb)
{
	return kb->n_articles;
}

const struct kb_article *kb_article_at(const struct kb *kb, size_t i)
{
	return i < kb->n_articles ? article_view(kb->articles[i]) : NULL;
}

const struct kb_article *kb_article_find(const struct kb *kb, const char *id)
{
	const struct kb_article *found = NULL;
	size_t len = strlen(id);
	for (size_t i = 0; i < kb->n_articles; i++) {
		const struct kb_article *a = article_view(kb->articles[i]);
		if (strcmp(a->id, id) == 0)
			return a;
		if (len > 0 && strncmp(a->id, id, len) == 0) {
			if (found)
				return NULL;  /* ambiguous prefix */
			found = a;
		}
	}
	return found;
}

size_t kb_sentence_count(const struct kb *kb)
{
	return kb->n_sentences;
}

const struct kb_sentence *kb_sentence_at(const struct kb *kb, size_t i,
					 const struct kb_article **art)
{
	if (i >= kb->n_sentences)
		return NULL;
	if (art)
		*art = kb->sentence_article[i];
	return kb->sentences[i];
}

bool kb_follows_in_paragraph(const struct kb *kb, size_t i)
{
	const struct kb_article *art, *prev_art;
	const struct kb_sentence *s = kb_sentence_at(kb, i, &art);
	const struct kb_sentence *prev = i > 0 ? kb_sentence_at(kb, i - 1, &prev_art) : NULL;
	return s && prev && prev_art == art && prev->paragraph == s->paragraph;
}

const struct index *kb_index(const struct kb *kb)
{
	return kb->index;
}

#define ACCESSORS(name, type, vec)                                              \
	size_t kb_##name##_count(const struct kb *kb) { return kb->vec.n; }     \
	const type *kb_##name##_at(const struct kb *kb, size_t i)               \
	{                                                                       \
		return i < kb->vec.n ? kb->vec.v[i] : NULL;                     \
	}
ACCESSORS(entity, struct kb_entity, entities)
ACCESSORS(relation, struct kb_relation, relations)
ACCESSORS(stake, struct kb_stake, stakes)
ACCESSORS(quote, struct kb_quote, quotes)
ACCESSORS(event, struct kb_event, events)
ACCESSORS(number, struct kb_number, numbers)
#undef ACCESSORS

const struct kb_entity *kb_entity_find(const struct kb *kb, const char *name)
{
	struct tokens t = {0};
	const struct kb_entity *found = NULL;
	for (size_t i = 0; i < kb->entities.n && !found; i++) {
		const struct kb_entity *e = kb->entities.v[i];
		if (strcasecmp(e->id, name) == 0)
			found = e;
	}
	if (!found && kb_tokenize(kb, name, &t) == 0 && t.n > 0) {
		struct entity_span span;
		/* The whole name must be one mention. */
		if (kb_match_entities(kb, &t, &span, 1) == 1 && span.first == 0 &&
		    span.count == t.n)
			found = span.entity;
	}
	tokens_free(&t);
	return found;
}

bool kb_knows_stem(const struct kb *kb, const char *stem)
{
	return strmap_get(kb->stems, stem) != NULL;
}

const char *kb_correct_word(const struct kb *kb, const char *word)
{
	size_t len = strlen(word);
	if (len < 4)
		return NULL;
	const char *best = NULL;
	size_t best_uses = 0, pos = 0, uses;
	const char *key;
	while (strmap_next(kb->words, &pos, &key, &uses)) {
		uses %= NAMED_USE;
		size_t kl = strlen(key);
		/* never into a stopword: "force" is not a typo of "for" */
		if (kl + 1 < len || kl > len + 1 || text_is_stopword(key) ||
		    !text_within_one_edit(word, key))
			continue;
		if (uses > best_uses || (uses == best_uses && best && strcmp(key, best) < 0)) {
			best = key;
			best_uses = uses;
		}
	}
	return best;
}

bool kb_name_word(const struct kb *kb, const char *word)
{
	const size_t *uses = strmap_get(kb->words, word);
	/* (a sentence's first word is capitalised whatever it is: a name
	 * written there as often as inside sentences is still a name) */
	return uses && *uses / NAMED_USE > 0 && 2 * (*uses / NAMED_USE) >= *uses % NAMED_USE;
}

bool kb_demonym(const struct kb *kb, const char *word, char *out)
{
	static const char *const endings[] = { "n", "an", "ian", "ese", "i", NULL };
	size_t len = strlen(word);
	if (len < 4 || len + 3 > TEXT_MAX_WORD)
		return false;
	for (size_t e = 0; endings[e]; e++) {
		size_t el = strlen(endings[e]);
		/* the people of the place, or the place of the people */
		snprintf(out, TEXT_MAX_WORD + 1, "%s%s", word, endings[e]);
		if (strmap_get(kb->words, out))
			return true;
		if (len >= el + 4 && !strcmp(word + len - el, endings[e])) {
			snprintf(out, TEXT_MAX_WORD + 1, "%.*s", (int)(len - el), word);
			if (strmap_get(kb->words, out))
				return true;
		}
	}
	return false;
}

bool kb_acronym(const struct kb *kb, const char *word, struct strbuf *out)
{
	size_t len = strlen(word);
	if (len < 2 || len > 8 || strspn(word, "abcdefghijklmnopqrstuvwxyz") != len)
		return false;
	bool found = false;
	for (size_t s = 0; s < kb->n_sentences && !found; s++) {
		const char *text = kb->sentences[s]->text;
		struct tokens t = {0};
		if (kb_tokenize(kb, text, &t) < 0)
			return false;
		for (size_t i = 0; i < t.n && !found; i++) {
			size_t end = text_acronym_at(&t, i, word);
			if (end) {
				strbuf_append(out, text + t.v[i].start, t.v[end - 1].end - t.v[i].start);
				found = true;
			}
		}
		tokens_free(&t);
	}
	return found;
}

/* ---- predicates ---------------------------------------------------------- */

static const struct {
	const char *name;
	const char *phrase;
	const char *negated;
} predicates[KB_PREDICATE_COUNT] = {
	[KB_BACKS] = { "backs", "backs", "does not back" },
	[KB_ALLIED_WITH] = { "allied_with", "is allied with", "is not allied with" },
	[KB_OPPOSES] = { "opposes", "opposes", "does not oppose" },
	[KB_LISTS_TERRORIST] = { "lists_terrorist", "recognises as a terrorist organisation",
				 "does not recognise as a terrorist organisation" },
	[KB_HOSTS] = { "hosts", "hosts", "does not host" },
	[KB_BOMBS] = { "bombs", "bombs", "does not bomb" },
	[KB_CONTROLS] = { "controls", "controls", "does not control" },
	[KB_ACCEPTS] = { "accepts", "accepts", "does not accept" },
	[KB_SHELTERS] = { "shelters", "has given refuge to", "has not given refuge to" },
	[KB_BUYS_FROM] = { "buys_from", "buys from", "does not buy from" },
	[KB_FIGHTS] = { "fights", "fights", "does not fight" },
	[KB_DEALS_WITH] = { "deals_with", "deals with", "does not deal with" },
};

const char *kb_predicate_phrase(enum kb_predicate p, bool negated)
{
	if ((unsigned)p >= KB_PREDICATE_COUNT)
		return "?";
	return negated ? predicates[p].negated : predicates[p].phrase;
}

const char *kb_predicate_name(enum kb_predicate p)
{
	return (unsigned)p < KB_PREDICATE_COUNT ? predicates[p].name : NULL;
}

int kb_predicate_parse(const char *name)
{
	for (int i = 0; i < KB_PREDICATE_COUNT; i++)
		if (strcmp(predicates[i].name, name) == 0)
			return i;
	return -1;
}
