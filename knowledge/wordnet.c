#include "knowledge/wordnet.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* A line is read into a buffer of this size; longer lines are cut (the
 * fields that matter come first). */
#define LINE_MAX_BYTES 4096
#define SYNSET_MAX_WORDS 32
#define SYNSET_MAX_POINTERS 128
#define MAX_SENSES 8

struct region {
	const char *p;
	size_t n;
	bool mapped;  /* munmap on free */
};

struct wordnet {
	struct region index[WORDNET_POS_COUNT], data[WORDNET_POS_COUNT], exc[WORDNET_POS_COUNT];
};

static const char *const pos_names[WORDNET_POS_COUNT] = { "noun", "verb", "adj", "adv" };

/* ---- opening ------------------------------------------------------------- */

/* Maps dir/BEFOREposAFTER ("index.noun", "noun.exc"). */
static int map_file(const char *dir, const char *before, const char *pos, const char *after,
		    struct region *r)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s%s%s", dir, before, pos, after);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	int rc = -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		goto out;
	if (st.st_size == 0) {
		*r = (struct region){ .p = "", .n = 0 };
		rc = 0;
		goto out;
	}
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		goto out;
	*r = (struct region){ .p = p, .n = (size_t)st.st_size, .mapped = true };
	rc = 0;
out:
	close(fd);
	return rc;
}

struct wordnet *wordnet_open(const char *dir)
{
	struct wordnet *wn = calloc(1, sizeof *wn);
	if (!wn || !dir)
		goto fail;
	for (int pos = 0; pos < WORDNET_POS_COUNT; pos++)
		if (map_file(dir, "index.", pos_names[pos], "", &wn->index[pos]) < 0 ||
		    map_file(dir, "data.", pos_names[pos], "", &wn->data[pos]) < 0 ||
		    map_file(dir, "", pos_names[pos], ".exc", &wn->exc[pos]) < 0)
			goto fail;
	return wn;
fail:
	wordnet_free(wn);
	return NULL;
}

struct wordnet *wordnet_from_memory(const struct wordnet_files *f)
{
	struct wordnet *wn = calloc(1, sizeof *wn);
	if (!wn)
		return NULL;
	for (int pos = 0; pos < WORDNET_POS_COUNT; pos++) {
		wn->index[pos] = (struct region){ f->index[pos] ? f->index[pos] : "",
						  f->index[pos] ? f->index_len[pos] : 0, false };
		wn->data[pos] = (struct region){ f->data[pos] ? f->data[pos] : "",
						 f->data[pos] ? f->data_len[pos] : 0, false };
		wn->exc[pos] = (struct region){ f->exc[pos] ? f->exc[pos] : "",
						f->exc[pos] ? f->exc_len[pos] : 0, false };
	}
	return wn;
}

static void unmap(struct region *r)
{
	if (r->mapped)
		munmap((void *)r->p, r->n);
}

void wordnet_free(struct wordnet *wn)
{
	if (!wn)
		return;
	for (int pos = 0; pos < WORDNET_POS_COUNT; pos++) {
		unmap(&wn->index[pos]);
		unmap(&wn->data[pos]);
		unmap(&wn->exc[pos]);
	}
	free(wn);
}

/* ---- lines --------------------------------------------------------------- */

/* The key as the files write it: lower case, '_' between words. Returns
 * false if it does not fit or is empty. */
static bool file_key(const char *word, char *out)
{
	size_t n = strlen(word);
	if (n == 0 || n > WORDNET_MAX_WORD)
		return false;
	for (size_t i = 0; i <= n; i++) {
		char c = word[i];
		out[i] = c == ' ' ? '_' : (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	return true;
}

/* Compares the first field of the line p[0..n) (up to a space) with key. */
static int cmp_first_field(const char *p, size_t n, const char *key, size_t klen)
{
	size_t f = 0;
	while (f < n && p[f] != ' ')
		f++;
	size_t m = f < klen ? f : klen;
	int c = memcmp(p, key, m);
	if (c != 0)
		return c;
	return f < klen ? -1 : f > klen ? 1 : 0;
}

/* Binary search of a file sorted by its first field (the licence lines at
 * the top start with a space, so they sort first). Copies the line whose
 * first field is `key` into line (NUL-terminated, cut to LINE_MAX_BYTES)
 * and returns true; false if there is none. */
static bool find_line(const struct region *r, const char *key, char *line)
{
	size_t klen = strlen(key), lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, s = mid, e = mid;
		while (s > lo && r->p[s - 1] != '\n')
			s--;
		while (e < hi && r->p[e] != '\n')
			e++;
		int c = cmp_first_field(r->p + s, e - s, key, klen);
		if (c == 0) {
			size_t len = e - s < LINE_MAX_BYTES - 1 ? e - s : LINE_MAX_BYTES - 1;
			memcpy(line, r->p + s, len);
			line[len] = '\0';
			return true;
		}
		if (c < 0)
			lo = e + 1;
		else
			hi = s;
	}
	return false;
}

/* The next space-separated field of *cur, NUL-terminated in place; NULL
 * at the end. */
static char *next_field(char **cur)
{
	char *p = *cur;
	while (*p == ' ')
		p++;
	if (!*p)
		return NULL;
	char *start = p;
	while (*p && *p != ' ')
		p++;
	if (*p)
		*p++ = '\0';
	*cur = p;
	return start;
}

/* Reads a number of `base` from a whole field; false if it is not one. */
static bool field_number(const char *f, int base, unsigned long *out)
{
	if (!f || !*f)
		return false;
	char *end;
	*out = strtoul(f, &end, base);
	return *end == '\0';
}

/* ---- index --------------------------------------------------------------- */

struct index_line {
	unsigned senses, tagged;
	unsigned long offsets[MAX_SENSES];
	size_t n_offsets;
};

/* Parses "lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt
 * offset...". Returns false on a malformed line. */
static bool parse_index(char *line, struct index_line *out)
{
	char *cur = line;
	unsigned long synsets, pointers, senses, tagged;
	*out = (struct index_line){0};
	if (!next_field(&cur) || !next_field(&cur) ||
	    !field_number(next_field(&cur), 10, &synsets) ||
	    !field_number(next_field(&cur), 10, &pointers) || pointers > 64)
		return false;
	for (unsigned long i = 0; i < pointers; i++)
		if (!next_field(&cur))
			return false;
	if (!field_number(next_field(&cur), 10, &senses) ||
	    !field_number(next_field(&cur), 10, &tagged))
		return false;
	out->senses = senses < 10000 ? (unsigned)senses : 10000;
	out->tagged = tagged < 10000 ? (unsigned)tagged : 10000;
	for (unsigned long i = 0; i < synsets && out->n_offsets < MAX_SENSES; i++) {
		unsigned long off;
		if (!field_number(next_field(&cur), 10, &off))
			break;
		out->offsets[out->n_offsets++] = off;
	}
	return true;
}

static bool index_line(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		       struct index_line *out)
{
	char key[WORDNET_MAX_WORD + 1], line[LINE_MAX_BYTES];
	if ((unsigned)pos >= WORDNET_POS_COUNT || !file_key(lemma, key) ||
	    !find_line(&wn->index[pos], key, line))
		return false;
	return parse_index(line, out);
}

bool wordnet_lookup(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		    struct wordnet_entry *out)
{
	struct index_line il;
	if (!index_line(wn, pos, lemma, &il))
		return false;
	*out = (struct wordnet_entry){ .senses = il.senses, .tagged = il.tagged };
	return true;
}

/* ---- morphology ---------------------------------------------------------- */

bool wordnet_exception(const struct wordnet *wn, enum wordnet_pos pos, const char *word,
		       char *out)
{
	char key[WORDNET_MAX_WORD + 1], line[LINE_MAX_BYTES];
	if ((unsigned)pos >= WORDNET_POS_COUNT || !file_key(word, key) ||
	    !find_line(&wn->exc[pos], key, line))
		return false;
	char *cur = line;
	next_field(&cur);
	const char *base = next_field(&cur);
	if (!base || strlen(base) > WORDNET_MAX_WORD)
		return false;
	size_t n = strlen(base);
	for (size_t i = 0; i <= n; i++)
		out[i] = base[i] == '_' ? ' ' : base[i];
	return true;
}

struct detach {
	const char *ending, *replace;
};

/* WordNet's morphy rules, by part of speech. */
static const struct detach noun_rules[] = {
	{ "s", "" }, { "ses", "s" }, { "xes", "x" }, { "zes", "z" }, { "ches", "ch" },
	{ "shes", "sh" }, { "men", "man" }, { "ies", "y" }, { NULL, NULL },
};
static const struct detach verb_rules[] = {
	{ "s", "" }, { "ies", "y" }, { "es", "e" }, { "es", "" }, { "ed", "e" },
	{ "ed", "" }, { "ing", "e" }, { "ing", "" }, { NULL, NULL },
};
static const struct detach adj_rules[] = {
	{ "er", "" }, { "est", "" }, { "er", "e" }, { "est", "e" }, { NULL, NULL },
};
static const struct detach no_rules[] = { { NULL, NULL } };

bool wordnet_lemma(const struct wordnet *wn, enum wordnet_pos pos, const char *word, char *out)
{
	static const struct detach *const rules[WORDNET_POS_COUNT] = {
		noun_rules, verb_rules, adj_rules, no_rules,
	};
	struct index_line il;
	size_t n = strlen(word);
	if ((unsigned)pos >= WORDNET_POS_COUNT || n == 0 || n > WORDNET_MAX_WORD)
		return false;
	if (wordnet_exception(wn, pos, word, out))
		return true;
	if (index_line(wn, pos, word, &il)) {
		memcpy(out, word, n + 1);
		return true;
	}
	for (const struct detach *d = rules[pos]; d->ending; d++) {
		size_t el = strlen(d->ending), rl = strlen(d->replace);
		if (n <= el + 1 || memcmp(word + n - el, d->ending, el) != 0)
			continue;
		char cand[WORDNET_MAX_WORD + 1];
		memcpy(cand, word, n - el);
		memcpy(cand + n - el, d->replace, rl + 1);
		if (index_line(wn, pos, cand, &il)) {
			memcpy(out, cand, strlen(cand) + 1);
			return true;
		}
	}
	return false;
}

/* ---- synsets ------------------------------------------------------------- */

struct pointer {
	char symbol[4];
	unsigned long offset;
	int pos;           /* enum wordnet_pos, or -1 */
	unsigned source, target;  /* word numbers, 0 = the whole synset */
};

struct synset {
	char line[LINE_MAX_BYTES];
	const char *words[SYNSET_MAX_WORDS];
	size_t n_words;
	struct pointer pointers[SYNSET_MAX_POINTERS];
	size_t n_pointers;
};

static int pos_of_letter(const char *f)
{
	if (!f || f[1])
		return -1;
	switch (f[0]) {
	case 'n': return WORDNET_NOUN;
	case 'v': return WORDNET_VERB;
	case 'a': case 's': return WORDNET_ADJ;
	case 'r': return WORDNET_ADV;
	}
	return -1;
}

/* Reads the synset at byte `offset` of data.POS: "offset lex_filenum
 * ss_type w_cnt word lex_id ... p_cnt ptr offset pos src/tgt ... | gloss".
 * The line must start with its own offset. Returns false otherwise. */
static bool read_synset(const struct wordnet *wn, enum wordnet_pos pos, unsigned long offset,
			struct synset *out)
{
	const struct region *r = &wn->data[pos];
	if (offset >= r->n || (offset > 0 && r->p[offset - 1] != '\n'))
		return false;
	size_t e = offset;
	while (e < r->n && r->p[e] != '\n' && e - offset < LINE_MAX_BYTES - 1)
		e++;
	bool cut = e - offset >= LINE_MAX_BYTES - 1;
	memcpy(out->line, r->p + offset, e - offset);
	out->line[e - offset] = '\0';
	out->n_words = out->n_pointers = 0;

	char *cur = out->line;
	unsigned long own, words, pointers;
	if (!field_number(next_field(&cur), 10, &own) || own != offset || !next_field(&cur) ||
	    !next_field(&cur) || !field_number(next_field(&cur), 16, &words))
		return false;
	for (unsigned long i = 0; i < words; i++) {
		char *w = next_field(&cur);
		if (!w || !next_field(&cur))
			return false;
		/* adjectives may carry a marker: "big(a)" */
		char *paren = strchr(w, '(');
		if (paren)
			*paren = '\0';
		for (char *p = w; *p; p++)
			if (*p == '_')
				*p = ' ';
		if (out->n_words < SYNSET_MAX_WORDS)
			out->words[out->n_words++] = w;
	}
	if (!field_number(next_field(&cur), 10, &pointers))
		return false;
	for (unsigned long i = 0; i < pointers; i++) {
		char *sym = next_field(&cur), *off = next_field(&cur), *p = next_field(&cur),
		     *st = next_field(&cur);
		unsigned long o, srctgt;
		/* a line cut at LINE_MAX_BYTES ("person" has 411 pointers)
		 * keeps its words and the pointers read so far */
		if (!sym || !field_number(off, 10, &o) || !field_number(st, 16, &srctgt))
			return cut;
		if (out->n_pointers >= SYNSET_MAX_POINTERS)
			continue;
		struct pointer *ptr = &out->pointers[out->n_pointers++];
		snprintf(ptr->symbol, sizeof ptr->symbol, "%s", sym);
		ptr->offset = o;
		ptr->pos = pos_of_letter(p);
		ptr->source = (unsigned)(srctgt >> 8) & 0xff;
		ptr->target = (unsigned)srctgt & 0xff;
	}
	return true;
}

/* Reports the words of a synset but `lemma`; returns how many. */
static size_t report_words(const struct synset *s, const char *lemma,
			   enum wordnet_relation rel, wordnet_word_fn fn, void *user)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_words; i++)
		if (strcasecmp(s->words[i], lemma) != 0) {
			fn(user, s->words[i], rel);
			n++;
		}
	return n;
}

size_t wordnet_related(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		       unsigned senses, unsigned relations, wordnet_word_fn fn, void *user)
{
	struct index_line il;
	if (!index_line(wn, pos, lemma, &il))
		return 0;
	struct synset *s = malloc(2 * sizeof *s);
	if (!s)
		return 0;
	struct synset *other = s + 1;
	char name[WORDNET_MAX_WORD + 1];
	file_key(lemma, name);
	for (char *p = name; *p; p++)
		if (*p == '_')
			*p = ' ';
	size_t calls = 0;
	for (size_t k = 0; k < il.n_offsets && k < senses; k++) {
		if (!read_synset(wn, pos, il.offsets[k], s))
			continue;
		if (relations & WORDNET_SYNONYM)
			calls += report_words(s, name, WORDNET_SYNONYM, fn, user);
		/* which word of the synset the lemma is (1-based) */
		unsigned self = 0;
		for (size_t i = 0; i < s->n_words && !self; i++)
			if (strcasecmp(s->words[i], name) == 0)
				self = (unsigned)i + 1;
		for (size_t i = 0; i < s->n_pointers; i++) {
			const struct pointer *p = &s->pointers[i];
			bool derived = (relations & WORDNET_DERIVED) && !strcmp(p->symbol, "+") &&
				       p->source == self;
			bool hyper = (relations & WORDNET_HYPERNYM) && p->symbol[0] == '@' &&
				     p->source == 0;
			if ((!derived && !hyper) || p->pos < 0 ||
			    !read_synset(wn, (enum wordnet_pos)p->pos, p->offset, other))
				continue;
			if (derived && p->target >= 1 && p->target <= other->n_words) {
				fn(user, other->words[p->target - 1], WORDNET_DERIVED);
				calls++;
			} else if (hyper) {
				calls += report_words(other, name, WORDNET_HYPERNYM, fn, user);
			}
		}
	}
	free(s);
	return calls;
}

/* How many synsets wordnet_is_a looks at, at most. */
#define IS_A_MAX 64

bool wordnet_is_a(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		  unsigned senses, const char *ancestor, unsigned depth)
{
	struct index_line il;
	if (!wn || (unsigned)pos >= WORDNET_POS_COUNT || !index_line(wn, pos, lemma, &il))
		return false;
	struct synset *s = malloc(sizeof *s);
	if (!s)
		return false;
	char want[WORDNET_MAX_WORD + 1];
	file_key(ancestor, want);
	for (char *p = want; *p; p++)
		if (*p == '_')
			*p = ' ';
	/* breadth first: each synset with its distance from the lemma */
	unsigned long queue[IS_A_MAX];
	unsigned level[IS_A_MAX];
	size_t n = 0;
	for (size_t k = 0; k < il.n_offsets && k < senses && n < IS_A_MAX; k++) {
		queue[n] = il.offsets[k];
		level[n++] = 0;
	}
	bool found = false;
	for (size_t head = 0; head < n && !found; head++) {
		if (!read_synset(wn, pos, queue[head], s))
			continue;
		for (size_t i = 0; i < s->n_words && !found; i++)
			found = strcasecmp(s->words[i], want) == 0;
		for (size_t i = 0; i < s->n_pointers && !found && level[head] < depth; i++) {
			const struct pointer *p = &s->pointers[i];
			/* kinds only: "Parker" the instance of a writer is no
			 * kind of person */
			if (strcmp(p->symbol, "@") != 0 || p->pos != (int)pos || n >= IS_A_MAX)
				continue;
			bool seen = false;
			for (size_t j = 0; j < n && !seen; j++)
				seen = queue[j] == p->offset;
			if (!seen) {
				queue[n] = p->offset;
				level[n++] = level[head] + 1;
			}
		}
	}
	free(s);
	return found;
}
