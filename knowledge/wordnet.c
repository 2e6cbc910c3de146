#include "knowledge/wordnet.h"

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/hex.h"

/* A line is read into a buffer of this size; longer lines are cut (the
 * fields that matter come first). */
#define LINE_MAX_BYTES 4096
#define SYNSET_FIRST_READ 1024
#define SYNSET_MAX_WORDS 32
#define SYNSET_MAX_POINTERS 128
#define MAX_SENSES 8

/* A file of the database, read in place: either a buffer in memory
 * (wordnet_from_memory) or an open file read with pread. The files are
 * not mapped: a binary search over a mapped 4.8 MB index.noun faults in
 * 64 KB around every page it probes (the kernel's fault-around), which made
 * some 1.7 MB resident for a handful of lookups. Read with pread, the pages
 * stay in the page cache, shared and not ours.
 *
 * A sorted file (index.POS, POS.exc) is cut into blocks of about
 * BLOCK_BYTES that start at line starts; opening notes each block's start
 * and first key (about 800 blocks, 20 KB in all), so a lookup is a
 * binary search over the keys in memory and one read of one block. 4 KB
 * blocks cut a question's median by a tenth but cost the running bot
 * 100 KB of heap, which its 8 MiB budget does not have. */
#define BLOCK_BYTES 8192

struct region {
	const char *p;      /* in memory: p[0..n) */
	size_t n;
	int fd;             /* else an open file of n bytes; -1 when in memory */
	size_t n_blocks;
	size_t *block_start;  /* block i: block_start[i] .. block_start[i + 1] (or n) */
	char *keys;           /* the first key of each block, NUL-terminated */
	size_t *key_at;       /* block i's key: keys + key_at[i] */
};

/* The last lines looked up in the sorted files, found or not, by file and
 * key: a question asks after the same few words many times ("live" as a
 * noun, as a verb, its lemma, its irregular forms), and each look-up is a
 * system call reading a block, which costs more than the rest of the
 * look-up. A fixed MEMO_SLOTS entries (7 KB), the least recently used
 * replaced (round-robin lost the words every question asks, "how" and
 * "many", to a long name's); a line longer than MEMO_LINE (2% of the
 * index) is not kept. */
#define MEMO_SLOTS 32
#define MEMO_LINE 128

struct memo_slot {
	const struct region *r;   /* NULL: empty */
	uint32_t used;            /* the memo's tick when last found or kept */
	bool found;
	bool prefix;              /* a prefix looked for (no line kept) */
	unsigned char len;        /* of line, when found */
	char key[WORDNET_MAX_WORD + 1];
	char line[MEMO_LINE];
};

/* The words wordnet_related last reported, for the same questions ask
 * after the same words ("who BACKS X", "who BACKS Y"): a synset read is a
 * pread each, and a word's relations take ten or twenty. RELATED_SLOTS
 * results (9 KB), least recently used replaced; a result longer than
 * RELATED_BYTES is not kept. */
#define RELATED_SLOTS 16
#define RELATED_BYTES 480

struct related_slot {
	uint32_t used;            /* 0: empty */
	bool busy;                /* being recorded (a callback may look up more) */
	unsigned pos, senses, relations;
	unsigned short len;       /* bytes of words */
	char lemma[WORDNET_MAX_WORD + 1];
	char words[RELATED_BYTES]; /* each: its relation (1 byte), the word, NUL */
};

/* What is_a last answered: a hypernym walk reads up to IS_A_MAX synsets
 * (30 to 150 us), and a question asks the same few ("is CROWNS a
 * currency") of every sentence it reads. IS_A_SLOTS answers (6 KB), least
 * recently used replaced. */
#define IS_A_SLOTS 64
#define IS_A_KEY 40

struct is_a_slot {
	uint32_t used;            /* 0: empty */
	unsigned char pos, senses, depth;
	bool instance, result;
	char lemma[IS_A_KEY], ancestor[IS_A_KEY];
};

struct memo {
	struct memo_slot slot[MEMO_SLOTS];
	struct related_slot *related; /* RELATED_SLOTS, made on first use */
	struct is_a_slot *is_a;   /* IS_A_SLOTS, made on first use */
	uint32_t tick;            /* counts look-ups (wrapping only misplaces one) */
};

struct wordnet {
	struct region index[WORDNET_POS_COUNT], data[WORDNET_POS_COUNT], exc[WORDNET_POS_COUNT];
	struct memo *memo;        /* look-ups are const; the memo is not */
};

static const char *const pos_names[WORDNET_POS_COUNT] = { "noun", "verb", "adj", "adv" };

/* Copies up to len bytes at off into buf; returns how many (0 past the
 * end or on a read error). */
static size_t read_at(const struct region *r, size_t off, char *buf, size_t len)
{
	if (off >= r->n)
		return 0;
	if (len > r->n - off)
		len = r->n - off;
	if (r->fd < 0) {
		memcpy(buf, r->p + off, len);
		return len;
	}
	size_t got = 0;
	while (got < len) {
		ssize_t k = pread(r->fd, buf + got, len - got, (off_t)(off + got));
		if (k <= 0)
			return got;
		got += (size_t)k;
	}
	return got;
}

/* The first line start at or after `off` (just after the first '\n' from
 * the byte before), with up to `len` bytes from there in buf; returns the
 * start (r->n if there is none) and sets *got. One small read in the
 * common case. */
static size_t line_from(const struct region *r, size_t off, char *buf, size_t len,
			size_t *got)
{
	*got = 0;
	if (off == 0) {
		*got = read_at(r, 0, buf, len);
		return 0;
	}
	for (size_t at = off - 1; at < r->n;) {
		size_t k = read_at(r, at, buf, len);
		const char *nl = memchr(buf, '\n', k);
		if (nl) {
			size_t start = at + (size_t)(nl - buf) + 1;
			size_t skip = (size_t)(nl - buf) + 1;
			memmove(buf, buf + skip, k - skip);
			*got = k - skip;
			if (*got < len && start + *got < r->n)  /* read the rest of the window */
				*got += read_at(r, start + *got, buf + *got, len - *got);
			return start;
		}
		if (k < len)
			break;
		at += k;
	}
	return r->n;
}

/* Notes where each block of a sorted file starts and its first key (the
 * first field of its first line, cut to one byte more than the longest
 * word looked up, so that a cut key still sorts above every word it could
 * be confused with). Returns -1 when out of memory. */
static int index_blocks(struct region *r)
{
	size_t cap = r->n / BLOCK_BYTES + 1;
	r->block_start = malloc(cap * sizeof *r->block_start);
	r->key_at = malloc(cap * sizeof *r->key_at);
	r->keys = malloc(cap * (WORDNET_MAX_WORD + 2));
	if (!r->block_start || !r->key_at || !r->keys)
		return -1;
	size_t used = 0, prev = (size_t)-1;
	for (size_t b = 0; b < cap; b++) {
		char key[256];  /* the line start, of which the key is the first field */
		size_t got;
		size_t start = line_from(r, b * BLOCK_BYTES, key, sizeof key, &got);
		if (start >= r->n)
			break;
		if (start == prev)  /* a line longer than a block */
			continue;
		size_t k = 0;
		while (k < got && k < WORDNET_MAX_WORD + 1 && key[k] != ' ' && key[k] != '\n')
			k++;
		r->block_start[r->n_blocks] = start;
		r->key_at[r->n_blocks++] = used;
		memcpy(r->keys + used, key, k);
		r->keys[used + k] = '\0';
		used += k + 1;
		prev = start;
	}
	/* the licence lines at the top start with a space: the first block's
	 * key is "", below every word */
	if (r->n_blocks)
		r->keys[r->key_at[0]] = '\0';
	/* Room was made for the longest key in every block; most keys are
	 * a few letters: give back the rest (some 40 KB over the files). */
	char *keys = used > 0 ? realloc(r->keys, used) : NULL;
	if (keys)
		r->keys = keys;
	return 0;
}

static void region_free(struct region *r)
{
	if (r->fd >= 0)
		close(r->fd);
	free(r->block_start);
	free(r->key_at);
	free(r->keys);
	*r = (struct region){ .fd = -1 };
}

/* Opens dir/BEFOREposAFTER ("index.noun", "noun.exc"); a sorted file gets
 * its blocks. Even the exception lists (40 KB at most) are read by block:
 * kept whole in memory they cost 100 KB resident for about 2 ms less to
 * load an article. */
static int open_file(const char *dir, const char *before, const char *pos, const char *after,
		     bool sorted, struct region *r)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s%s%s", dir, before, pos, after);
	*r = (struct region){ .fd = open(path, O_RDONLY | O_CLOEXEC) };
	struct stat st;
	if (r->fd < 0 || fstat(r->fd, &st) < 0 || !S_ISREG(st.st_mode))
		return -1;
	r->n = (size_t)st.st_size;
	return sorted ? index_blocks(r) : 0;
}

static int in_memory(const char *p, size_t n, bool sorted, struct region *r)
{
	*r = (struct region){ .p = p ? p : "", .n = p ? n : 0, .fd = -1 };
	return sorted ? index_blocks(r) : 0;
}

/* A wordnet with no files yet (each region -1), and its memo. */
static struct wordnet *wordnet_new(void)
{
	struct wordnet *wn = calloc(1, sizeof *wn);
	if (!wn)
		return NULL;
	for (int pos = 0; pos < WORDNET_POS_COUNT; pos++)
		wn->index[pos].fd = wn->data[pos].fd = wn->exc[pos].fd = -1;
	if (!(wn->memo = calloc(1, sizeof *wn->memo))) {
		free(wn);
		return NULL;
	}
	return wn;
}

struct wordnet *wordnet_open(const char *dir)
{
	struct wordnet *wn = wordnet_new();
	if (!wn)
		return NULL;
	if (!dir)
		goto fail;
	for (int pos = 0; pos < WORDNET_POS_COUNT; pos++)
		if (open_file(dir, "index.", pos_names[pos], "", true, &wn->index[pos]) < 0 ||
		    open_file(dir, "data.", pos_names[pos], "", false, &wn->data[pos]) < 0 ||
		    open_file(dir, "", pos_names[pos], ".exc", true, &wn->exc[pos]) < 0)
			goto fail;
	return wn;
fail:
	wordnet_free(wn);
	return NULL;
}

struct wordnet *wordnet_from_memory(const struct wordnet_files *f)
{
	struct wordnet *wn = wordnet_new();
	if (!wn)
		return NULL;
	for (int pos = 0; pos < WORDNET_POS_COUNT; pos++)
		if (in_memory(f->index[pos], f->index_len[pos], true, &wn->index[pos]) < 0 ||
		    in_memory(f->data[pos], f->data_len[pos], false, &wn->data[pos]) < 0 ||
		    in_memory(f->exc[pos], f->exc_len[pos], true, &wn->exc[pos]) < 0) {
			wordnet_free(wn);
			return NULL;
		}
	return wn;
}

void wordnet_free(struct wordnet *wn)
{
	if (!wn)
		return;
	for (int pos = 0; pos < WORDNET_POS_COUNT; pos++) {
		region_free(&wn->index[pos]);
		region_free(&wn->data[pos]);
		region_free(&wn->exc[pos]);
	}
	if (wn->memo) {
		free(wn->memo->related);
		free(wn->memo->is_a);
	}
	free(wn->memo);
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

/* Binary search of the lines p[0..n), sorted by their first field.
 * Copies the line whose first field is `key` into line (NUL-terminated,
 * cut to LINE_MAX_BYTES) and returns true; false if there is none. */
static bool find_in(const char *p, size_t n, const char *key, char *line)
{
	size_t klen = strlen(key), lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, s = mid, e = mid;
		while (s > lo && p[s - 1] != '\n')
			s--;
		while (e < hi && p[e] != '\n')
			e++;
		int c = cmp_first_field(p + s, e - s, key, klen);
		if (c == 0) {
			size_t len = e - s < LINE_MAX_BYTES - 1 ? e - s : LINE_MAX_BYTES - 1;
			memcpy(line, p + s, len);
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

/* Does a line of p[0..n), sorted by first field, have a first field that
 * starts with `prefix`? Sets *past_end when every first field is below
 * the prefix (the next block may hold one). */
static bool prefix_in(const char *p, size_t n, const char *prefix, bool *past_end)
{
	size_t plen = strlen(prefix), lo = 0, hi = n;
	while (lo < hi) {  /* the first line not below the prefix */
		size_t mid = lo + (hi - lo) / 2, s = mid, e = mid;
		while (s > lo && p[s - 1] != '\n')
			s--;
		while (e < hi && p[e] != '\n')
			e++;
		if (cmp_first_field(p + s, e - s, prefix, plen) < 0)
			lo = e + 1;
		else
			hi = s;
	}
	*past_end = lo >= n;
	return lo < n && n - lo >= plen && !memcmp(p + lo, prefix, plen);
}

/* Looks `key` up in a sorted file: the last block whose first key is not
 * above it, read whole, then searched. With `prefix`, looks for any key
 * that starts with `key` (see prefix_in). */
static bool read_line(const struct region *r, const char *key, char *line, bool prefix)
{
	size_t lo = 0, hi = r->n_blocks;
	while (lo < hi) {  /* the first block whose key is above `key` */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(r->keys + r->key_at[mid], key) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* (a key that starts with the prefix sorts after it: it may open
	 * the block after) */
	const char *next = lo < r->n_blocks ? r->keys + r->key_at[lo] : NULL;
	bool opens_next = prefix && next && !strncmp(next, key, strlen(key));
	if (lo == 0)
		return opens_next;
	size_t b = lo - 1, start = r->block_start[b];
	size_t end = b + 1 < r->n_blocks ? r->block_start[b + 1] : r->n;
	char stack[2 * BLOCK_BYTES], *buf = stack;
	if (end - start > sizeof stack && !(buf = malloc(end - start)))
		return false;
	size_t got = read_at(r, start, buf, end - start);
	bool past_end = false;
	bool found = prefix ? prefix_in(buf, got, key, &past_end) : find_in(buf, got, key, line);
	if (buf != stack)
		free(buf);
	return found || (past_end && opens_next);
}

/* read_line through the memo (see struct memo). */
static bool find_line(const struct wordnet *wn, const struct region *r, const char *key,
		      char *line, bool prefix)
{
	struct memo *m = wn->memo;
	struct memo_slot *oldest = &m->slot[0];
	m->tick++;
	for (size_t i = 0; i < MEMO_SLOTS; i++) {
		struct memo_slot *ms = &m->slot[i];
		if (ms->r == r && ms->prefix == prefix && strcmp(ms->key, key) == 0) {
			ms->used = m->tick;
			if (ms->found) {
				memcpy(line, ms->line, ms->len);
				line[ms->len] = '\0';
			}
			return ms->found;
		}
		if (ms->used < oldest->used)
			oldest = ms;
	}
	bool found = read_line(r, key, line, prefix);
	size_t len = found && !prefix ? strlen(line) : 0;
	if (len < MEMO_LINE) {
		struct memo_slot *ms = oldest;
		ms->used = m->tick;
		ms->r = r;
		ms->found = found;
		ms->prefix = prefix;
		ms->len = (unsigned char)len;
		memcpy(ms->key, key, strlen(key) + 1);
		memcpy(ms->line, line, len);
	}
	return found;
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

/* Reads a number of `base` (10 or 16) from a whole field of digits; false
 * if it is not one. Not strtoul: the files write plain digits (no sign,
 * space or "0x"), and strtoul took a third of read_synset's time. */
static bool field_number(const char *f, int base, unsigned long *out)
{
	if (!f || !*f)
		return false;
	unsigned long v = 0;
	for (; *f; f++) {
		int d = hex_value(*f);
		if (d < 0 || d >= base || v > (ULONG_MAX - (unsigned long)d) / (unsigned long)base)
			return false;
		v = v * (unsigned long)base + (unsigned long)d;
	}
	*out = v;
	return true;
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
	    !find_line(wn, &wn->index[pos], key, line, false))
		return false;
	return parse_index(line, out);
}

bool wordnet_lookup(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		    struct wordnet_entry *out)
{
	struct index_line il;
	if (!wn || !index_line(wn, pos, lemma, &il))
		return false;
	*out = (struct wordnet_entry){ .senses = il.senses, .tagged = il.tagged };
	return true;
}

bool wordnet_opens_phrase(const struct wordnet *wn, enum wordnet_pos pos, const char *words)
{
	char key[WORDNET_MAX_WORD + 1], line[1];
	size_t n = strlen(words);
	/* the words and the '_' before the next ("in_the_") */
	if (!wn || (unsigned)pos >= WORDNET_POS_COUNT || n >= WORDNET_MAX_WORD ||
	    !file_key(words, key))
		return false;
	key[n] = '_';
	key[n + 1] = '\0';
	return find_line(wn, &wn->index[pos], key, line, true);
}

/* ---- morphology ---------------------------------------------------------- */

bool wordnet_exception(const struct wordnet *wn, enum wordnet_pos pos, const char *word,
		       char *out)
{
	char key[WORDNET_MAX_WORD + 1], line[LINE_MAX_BYTES];
	if (!wn || (unsigned)pos >= WORDNET_POS_COUNT || !file_key(word, key) ||
	    !find_line(wn, &wn->exc[pos], key, line, false))
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
	struct index_line il;
	size_t n = strlen(word);
	if (!wn || (unsigned)pos >= WORDNET_POS_COUNT || n == 0 || n > WORDNET_MAX_WORD)
		return false;
	if (wordnet_exception(wn, pos, word, out))
		return true;
	if (index_line(wn, pos, word, &il)) {
		memcpy(out, word, n + 1);
		return true;
	}
	return wordnet_regular_base(wn, pos, word, out);
}

bool wordnet_regular_base(const struct wordnet *wn, enum wordnet_pos pos, const char *word,
			  char *out)
{
	static const struct detach *const rules[WORDNET_POS_COUNT] = {
		noun_rules, verb_rules, adj_rules, no_rules,
	};
	struct index_line il;
	size_t n = strlen(word);
	if (!wn || (unsigned)pos >= WORDNET_POS_COUNT || n == 0 || n > WORDNET_MAX_WORD)
		return false;
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
	/* from the byte before the line, which must end the line before */
	size_t at = offset > 0 ? offset - 1 : 0;
	/* Most synset lines are a few hundred bytes: read that much, and the
	 * rest up to LINE_MAX_BYTES only for a longer one (copying 4 KB per
	 * synset was a good part of a question's time). */
	size_t got = read_at(r, at, out->line, SYNSET_FIRST_READ);
	if (got == SYNSET_FIRST_READ && !memchr(out->line + 1, '\n', got - 1))
		got += read_at(r, at + got, out->line + got, LINE_MAX_BYTES - 1 - got);
	if (offset >= r->n || (offset > 0 && out->line[0] != '\n'))
		return false;
	char *line = out->line + (offset - at);
	got -= offset - at;
	const char *nl = memchr(line, '\n', got);
	size_t len = nl ? (size_t)(nl - line) : got;
	bool cut = !nl && offset + got < r->n;  /* longer than LINE_MAX_BYTES */
	memmove(out->line, line, len);
	out->line[len] = '\0';
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
		size_t sl = strnlen(sym, sizeof ptr->symbol - 1);
		memcpy(ptr->symbol, sym, sl);
		ptr->symbol[sl] = '\0';
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

/* How many narrower synsets wordnet_related reports per sense, at most. */
#define HYPONYMS_MAX 12

/* Passes each word on, and keeps it for the memo while it fits. */
struct recording {
	wordnet_word_fn fn;
	void *user;
	struct related_slot *slot;
	bool overflow;
};

static void record_word(void *user, const char *word, enum wordnet_relation rel)
{
	struct recording *rec = user;
	rec->fn(rec->user, word, rel);
	size_t n = strlen(word) + 2;
	if (rec->overflow || rec->slot->len + n > RELATED_BYTES) {
		rec->overflow = true;
		return;
	}
	char *at = rec->slot->words + rec->slot->len;
	at[0] = (char)rel;
	memcpy(at + 1, word, n - 1);
	rec->slot->len = (unsigned short)(rec->slot->len + n);
}

static size_t related_uncached(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
			       unsigned senses, unsigned relations, wordnet_word_fn fn,
			       void *user);

size_t wordnet_related(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		       unsigned senses, unsigned relations, wordnet_word_fn fn, void *user)
{
	if (!wn)
		return 0;
	struct memo *m = wn->memo;
	if (!m->related && !(m->related = calloc(RELATED_SLOTS, sizeof *m->related)))
		return related_uncached(wn, pos, lemma, senses, relations, fn, user);
	struct related_slot *oldest = &m->related[0];
	m->tick++;
	for (size_t i = 0; i < RELATED_SLOTS; i++) {
		struct related_slot *rs = &m->related[i];
		if (rs->used && !rs->busy && rs->pos == (unsigned)pos && rs->senses == senses &&
		    rs->relations == relations && strcmp(rs->lemma, lemma) == 0) {
			rs->used = m->tick;
			size_t calls = 0;
			for (size_t at = 0; at < rs->len; calls++) {
				const char *word = rs->words + at + 1;
				fn(user, word, (enum wordnet_relation)rs->words[at]);
				at += strlen(word) + 2;
			}
			return calls;
		}
		if (!rs->busy && (oldest->busy || rs->used < oldest->used))
			oldest = rs;
	}
	if (strlen(lemma) > WORDNET_MAX_WORD || oldest->busy)
		return related_uncached(wn, pos, lemma, senses, relations, fn, user);
	struct related_slot *rs = oldest;
	*rs = (struct related_slot){ .pos = (unsigned)pos, .senses = senses,
				     .relations = relations, .used = m->tick, .busy = true };
	memcpy(rs->lemma, lemma, strlen(lemma) + 1);
	struct recording rec = { .fn = fn, .user = user, .slot = rs };
	size_t calls = related_uncached(wn, pos, lemma, senses, relations, record_word, &rec);
	rs->busy = false;
	if (rec.overflow)
		rs->used = 0;
	return calls;
}

static size_t related_uncached(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
			       unsigned senses, unsigned relations, wordnet_word_fn fn,
			       void *user)
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
		unsigned self = 0, hyponyms = 0;
		for (size_t i = 0; i < s->n_words && !self; i++)
			if (strcasecmp(s->words[i], name) == 0)
				self = (unsigned)i + 1;
		for (size_t i = 0; i < s->n_pointers; i++) {
			const struct pointer *p = &s->pointers[i];
			bool derived = (relations & WORDNET_DERIVED) && !strcmp(p->symbol, "+") &&
				       p->source == self;
			bool antonym = (relations & WORDNET_ANTONYM) && !strcmp(p->symbol, "!") &&
				       p->source == self;
			bool hyper = (relations & WORDNET_HYPERNYM) && p->symbol[0] == '@' &&
				     p->source == 0;
			bool similar = (relations & WORDNET_SIMILAR) && !strcmp(p->symbol, "&");
			/* kinds, not instances; a general word has hundreds */
			bool hypo = (relations & WORDNET_HYPONYM) && !strcmp(p->symbol, "~") &&
				    p->source == 0 && hyponyms++ < HYPONYMS_MAX;
			if ((!derived && !antonym && !hyper && !hypo && !similar) || p->pos < 0 ||
			    !read_synset(wn, (enum wordnet_pos)p->pos, p->offset, other))
				continue;
			if ((derived || antonym) && p->target >= 1 && p->target <= other->n_words) {
				fn(user, other->words[p->target - 1],
				   derived ? WORDNET_DERIVED : WORDNET_ANTONYM);
				calls++;
			} else if (hyper || hypo || similar) {
				calls += report_words(other, name,
						      hyper ? WORDNET_HYPERNYM :
						      hypo  ? WORDNET_HYPONYM :
							      WORDNET_SIMILAR,
						      fn, user);
			}
		}
	}
	free(s);
	return calls;
}

/* How many synsets wordnet_is_a looks at, at most. */
#define IS_A_MAX 64

static bool is_a(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		 unsigned senses, const char *ancestor, unsigned depth, bool instance);

/* is_a through the memo (see struct is_a_slot). */
static bool is_a_memo(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		      unsigned senses, const char *ancestor, unsigned depth, bool instance)
{
	struct memo *m = wn->memo;
	if (!m || strlen(lemma) >= IS_A_KEY || strlen(ancestor) >= IS_A_KEY || senses > 255 ||
	    depth > 255 || (!m->is_a && !(m->is_a = calloc(IS_A_SLOTS, sizeof *m->is_a))))
		return is_a(wn, pos, lemma, senses, ancestor, depth, instance);
	struct is_a_slot *oldest = &m->is_a[0];
	m->tick++;
	for (size_t i = 0; i < IS_A_SLOTS; i++) {
		struct is_a_slot *e = &m->is_a[i];
		if (e->used && e->pos == (unsigned char)pos && e->senses == senses &&
		    e->depth == depth && e->instance == instance && !strcmp(e->lemma, lemma) &&
		    !strcmp(e->ancestor, ancestor)) {
			e->used = m->tick;
			return e->result;
		}
		if (e->used < oldest->used)
			oldest = e;
	}
	bool result = is_a(wn, pos, lemma, senses, ancestor, depth, instance);
	*oldest = (struct is_a_slot){ .used = m->tick, .pos = (unsigned char)pos,
				      .senses = (unsigned char)senses, .depth = (unsigned char)depth,
				      .instance = instance, .result = result };
	memcpy(oldest->lemma, lemma, strlen(lemma) + 1);
	memcpy(oldest->ancestor, ancestor, strlen(ancestor) + 1);
	return result;
}

bool wordnet_is_a(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		  unsigned senses, const char *ancestor, unsigned depth)
{
	return wn && is_a_memo(wn, pos, lemma, senses, ancestor, depth, false);
}

bool wordnet_instance_of(const struct wordnet *wn, const char *name, unsigned senses,
			 const char *ancestor, unsigned depth)
{
	return wn && is_a_memo(wn, WORDNET_NOUN, name, senses, ancestor, depth, true);
}

static bool is_a(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		 unsigned senses, const char *ancestor, unsigned depth, bool instance)
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
			 * kind of person; unless instances are asked, and then
			 * only for the name itself ("the Balkans" is an
			 * instance of a region) */
			bool up = !strcmp(p->symbol, "@") ||
				  (instance && level[head] == 0 && !strcmp(p->symbol, "@i"));
			if (!up || p->pos != (int)pos || n >= IS_A_MAX)
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

bool wordnet_name_like(const struct wordnet *wn, const char *word)
{
	char base[WORDNET_MAX_WORD + 1];
	struct wordnet_entry e;
	for (int pos = 0; wn && pos < WORDNET_POS_COUNT; pos++)
		if (wordnet_lemma(wn, (enum wordnet_pos)pos, word, base) &&
		    wordnet_lookup(wn, (enum wordnet_pos)pos, base, &e) && e.tagged > 0)
			return false;
	return true;
}

bool wordnet_mostly_verb(const struct wordnet *wn, const char *word)
{
	char base[WORDNET_MAX_WORD + 1];
	struct wordnet_entry verb = {0}, noun = {0};
	if (!wn || !wordnet_lemma(wn, WORDNET_VERB, word, base) ||
	    !wordnet_lookup(wn, WORDNET_VERB, base, &verb))
		return false;
	if (wordnet_lemma(wn, WORDNET_NOUN, word, base))
		wordnet_lookup(wn, WORDNET_NOUN, base, &noun);
	return verb.tagged > noun.tagged;
}

bool wordnet_only_noun(const struct wordnet *wn, const char *word)
{
	char base[WORDNET_MAX_WORD + 1];
	return wn && !wordnet_lemma(wn, WORDNET_VERB, word, base) &&
	       wordnet_lemma(wn, WORDNET_NOUN, word, base);
}

int wordnet_rise_or_fall(const struct wordnet *wn, const char *word)
{
	/* verbs WordNet files under motion in their first senses */
	static const char *const falling[] = {
		"fall", "sink", "plunge", "slide", "dip", "tumble", NULL,
	};
	char lemma[WORDNET_MAX_WORD + 1];
	if (!wn || !wordnet_lemma(wn, WORDNET_VERB, word, lemma))
		return 0;
	for (size_t i = 0; falling[i]; i++)
		if (!strcmp(lemma, falling[i]))
			return -1;
	if (!strcmp(lemma, "soar") || wordnet_is_a(wn, WORDNET_VERB, lemma, 4, "increase", 3))
		return 1;
	return wordnet_is_a(wn, WORDNET_VERB, lemma, 4, "decrease", 3) ? -1 : 0;
}

static bool currency_lemma(const struct wordnet *wn, const char *lemma, unsigned unit_senses)
{
	return wordnet_is_a(wn, WORDNET_NOUN, lemma, 16, "medium of exchange", 10) ||
	       wordnet_is_a(wn, WORDNET_NOUN, lemma, unit_senses, "monetary unit", 10);
}

bool wordnet_currency(const struct wordnet *wn, const char *word)
{
	char lemma[WORDNET_MAX_WORD + 1], base[WORDNET_MAX_WORD + 1];
	if (!wn || !wordnet_lemma(wn, WORDNET_NOUN, word, lemma))
		return false;
	if (currency_lemma(wn, lemma, 2))
		return true;
	/* ("MARKS" is a name of its own to WordNet; the plural of "mark",
	 * whose seventh sense is the German one) */
	return wordnet_regular_base(wn, WORDNET_NOUN, word, base) && strcmp(base, lemma) != 0 &&
	       currency_lemma(wn, base, 16);
}

bool wordnet_figure(const struct wordnet *wn, const char *word)
{
	static const char *const figures[] = {
		"measure", "magnitude", "magnitude relation", "cost", "value", "charge",
		"proportion", "sum", NULL,
	};
	char lemma[WORDNET_MAX_WORD + 1];
	if (!wn || !wordnet_lemma(wn, WORDNET_NOUN, word, lemma))
		return false;
	for (size_t k = 0; figures[k]; k++)
		if (wordnet_is_a(wn, WORDNET_NOUN, lemma, 2, figures[k], 10))
			return true;
	return false;
}

struct relates {
	const char *word;
	bool found;
};

static void note_relates(void *user, const char *word, enum wordnet_relation rel)
{
	struct relates *r = user;
	(void)rel;
	r->found |= strcmp(word, r->word) == 0;
}

bool wordnet_relates(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		     unsigned senses, unsigned relations, const char *word)
{
	struct relates r = { .word = word };
	if (wn)
		wordnet_related(wn, pos, lemma, senses, relations, note_relates, &r);
	return r.found;
}
