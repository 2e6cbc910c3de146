#include "knowledge/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/grow.h"
#include "common/utf8.h"
#include "knowledge/stem_english.h"
#include "knowledge/wordnet.h"


/* Punctuation and spaces with an ASCII equivalent; NULL keeps the code
 * point. */
static const char *fold_punct(uint32_t cp)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x00B4:
		return "'";
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
	case 0x00AB: case 0x00BB:
		return "\"";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212:
		return "-";
	case 0x00A0: case 0x2002: case 0x2003: case 0x2009: case 0x200A: case 0x202F:
		return " ";
	case 0x200B: case 0x200C: case 0x200D: case 0xFEFF:
		return "";
	case 0x2026:
		return "...";
	}
	return NULL;
}

/* Latin letters with accents to their base letter (lower case), or 0.
 * Covers Latin-1 and Latin Extended-A, enough for names such as Erdoğan,
 * Yalınkılıçlı or Tiraspol's Ş. */
static char fold_letter(uint32_t cp)
{
	static const char latin1[] =            /* U+00C0 .. U+00FF */
		"aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
		"aaaaaaaceeeeiiiidnooooo\0ouuuuyty";
	static const char ext_a[] =             /* U+0100 .. U+017F */
		"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjjjkkk"
		"lllllllllllnnnnnnnnnooooooorrrrrrssssssssttttttuuuuuuuuuuuu"
		"wwyyyzzzzzzs";
	if (cp >= 0xC0 && cp <= 0xFF)
		return latin1[cp - 0xC0];
	if (cp >= 0x100 && cp < 0x100 + sizeof ext_a - 1)
		return ext_a[cp - 0x100];
	return 0;
}

static char lower_ascii(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Folds s[0..n) into out, keeping ASCII case. If `map` is not NULL it
 * receives, for every byte appended, the offset in s it came from (map must
 * have room for 3 * n entries: "..." is the only expansion). */
static void fold(const char *s, size_t n, struct strbuf *out, size_t *map)
{
	/* Folding never grows the text by more than "..." for "…" (3 bytes
	 * for 3), so n bytes of room suffice: reserve once, write directly. */
	strbuf_append(out, "", 0);
	size_t base = out->len;
	if (out->failed || (out->cap < base + n + 1 && (strbuf_append(out, s, n), out->failed)))
		return;
	strbuf_truncate(out, base);
	char *w = out->buf + base;
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len = 1;
		size_t at = (size_t)(w - out->buf);
		if (c < 0x80) {
			*w++ = (char)c;
		} else {
			uint32_t cp;
			len = utf8_decode(s + i, n - i, &cp);
			const char *rep = fold_punct(cp);
			char letter = fold_letter(cp);
			if (rep) {
				size_t rl = strlen(rep);
				memcpy(w, rep, rl);
				w += rl;
			} else if (letter) {
				*w++ = letter;
			} else if (cp == 0xFFFD && len == 1) {
				*w++ = ' ';
			} else {
				memcpy(w, s + i, len);
				w += len;
			}
		}
		if (map)
			for (size_t k = at; k < (size_t)(w - out->buf); k++)
				map[k] = i;
		i += len;
	}
	out->len = (size_t)(w - out->buf);
	out->buf[out->len] = '\0';
}

void text_fold(const char *s, size_t n, struct strbuf *out)
{
	size_t start = out->len;
	fold(s, n, out, NULL);
	if (out->failed)
		return;
	for (size_t k = start; k < out->len; k++)
		out->buf[k] = lower_ascii(out->buf[k]);
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ---- stemming ---------------------------------------------------------- */

struct text_stemmer {
	struct stem_english *english;
};

struct text_stemmer *text_stemmer_new(void)
{
	struct text_stemmer *st = calloc(1, sizeof *st);
	if (st && !(st->english = stem_english_new())) {
		free(st);
		st = NULL;
	}
	return st;
}

void text_stemmer_free(struct text_stemmer *st)
{
	if (!st)
		return;
	stem_english_free(st->english);
	free(st);
}

void text_stem(struct text_stemmer *st, const char *word, char *out)
{
	size_t len = strlen(word);
	if (len > TEXT_MAX_WORD)
		len = TEXT_MAX_WORD;
	memcpy(out, word, len);
	out[len] = '\0';
	if (len <= 2 || is_digit(out[0]))
		return;
	/* British and American spellings meet: -ize -> -ise before the
	 * Snowball stemmer, which strips -ise but not all of -ize. */
	char *iz = strstr(out, "iz");
	if (iz && iz > out + 2)
		iz[1] = 's';
	size_t sl;
	const char *stem = stem_english(st->english, out, len, &sl);
	if (!stem)
		return;  /* out of memory: the word is its own stem */
	if (sl > TEXT_MAX_WORD)
		sl = TEXT_MAX_WORD;
	memcpy(out, stem, sl);
	out[sl] = '\0';
}

/* The base of an irregular form, from WordNet's exception lists: verbs
 * ("fled" -> "flee") unless the form is a noun in its own right that the
 * tagged corpus uses ("ground", "left"); nouns ("men" -> "man") unless the
 * form ends in s, where it may be a verb too ("lives"). */
static bool irregular_base(const struct wordnet *wn, const char *word, char *base)
{
	struct wordnet_entry e;
	if (wordnet_exception(wn, WORDNET_VERB, word, base))
		return !(wordnet_lookup(wn, WORDNET_NOUN, word, &e) && e.tagged > 0);
	size_t n = strlen(word);
	return n > 0 && word[n - 1] != 's' && wordnet_exception(wn, WORDNET_NOUN, word, base);
}

static void stem_word(struct tokens *t, const char *word, char *stem)
{
	const char *known = t->known_stem ? t->known_stem(t->known_stem_user, word) : NULL;
	if (known || t->words_only) {
		const char *from = known ? known : word;
		size_t len = strnlen(from, TEXT_MAX_WORD);
		memcpy(stem, from, len);
		stem[len] = '\0';
		return;
	}
	char base[WORDNET_MAX_WORD + 1];
	/* function words are never searched for: no need to look them up */
	if (t->wordnet && !text_is_stopword(word) && irregular_base(t->wordnet, word, base) &&
	    !strchr(base, ' '))
		word = base;
	text_stem(t->stemmer, word, stem);
}

bool text_token_says(const struct token *tok, const char *stem)
{
	return (!tok->fragment && strcmp(tok->stem, stem) == 0) ||
	       (tok->compound && strcmp(tok->compound, stem) == 0);
}

/* The decade's first year ("1990s": 1990), or for two digits the
 * decade within a century ("90s": 90); -1 if `word` is no decade. */
static int decade_start(const char *word, bool *two_digits)
{
	size_t n = strspn(word, "0123456789");
	if ((n != 2 && n != 4) || strcmp(word + n, "s") != 0 || word[n - 1] != '0')
		return -1;
	*two_digits = n == 2;
	return atoi(word);
}

size_t text_decade_years(const char *word, int *years)
{
	bool two = false;
	int start = decade_start(word, &two);
	size_t n = 0;
	if (start < 0)
		return 0;
	for (int century = two ? 1900 : 0; century <= (two ? 2000 : 0); century += 100)
		for (int y = 0; y < 10; y++)
			years[n++] = century + start + y;
	return n;
}

bool text_in_decade(const char *decade, const char *year)
{
	bool two = false;
	int start = decade_start(decade, &two);
	if (start < 0 || strlen(year) != 4 || strspn(year, "0123456789") != 4)
		return false;
	int y = atoi(year);
	/* ("90s" says 1990 to 1999, or 2090 to 2099: a news report of
	 * either century) */
	return two ? (y >= 1900 && y < 2100 && y % 100 - start >= 0 && y % 100 - start < 10)
		   : (y - start >= 0 && y - start < 10);
}

/* ---- stop words ---------------------------------------------------------- */

static const char *const stopwords[] = {
	"a", "about", "according", "actually", "after", "again", "against", "all",
	"along", "also", "although", "am", "among", "amongst", "an", "and", "any",
	"anybody", "anyone", "anything", "are", "article", "as", "at", "be",
	"been", "before", "being", "between", "bot", "briefbot", "but", "by",
	"can", "carried", "carry", "conduct", "conducted", "conducts", "could",
	"currently", "d", "describe", "did", "do", "does", "doing", "done",
	"during", "each", "either", "else", "even", "ever", "exactly", "explain",
	"for", "from", "gave", "get", "give", "given", "gives", "giving", "going",
	"gonna", "got", "had", "happen", "happening", "happens", "has", "have",
	"having", "he", "hello", "hence", "her", "here", "hers", "herself", "hey",
	"hi", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it",
	"its", "itself", "just", "keep", "keeps", "kept", "kind", "know", "let",
	"like", "ll", "m", "made", "make", "makes", "me", "mean", "meant", "might",
	"more", "most", "much", "must", "my", "myself", "no", "nor", "not", "now",
	"of", "ok", "okay", "on", "one", "only", "onto", "or", "other", "our",
	"ourselves", "out", "over", "per", "please", "pls", "plz", "ran", "re",
	"really", "right", "run", "runs", "s", "said", "say", "says", "shall",
	"she", "should", "show", "since", "so", "some", "somebody", "someone",
	"something", "sort", "still", "such", "supposed", "t", "take", "taken",
	"takes", "taking", "tell", "than", "that", "the", "their", "them",
	"themselves", "then", "there", "these", "they", "thing", "things", "think",
	"thinks", "this", "those", "though", "through", "thus", "till", "to",
	"too", "took", "toward", "towards", "under", "unless", "until", "up",
	"upon", "ve", "versus", "very", "via", "vs", "wanna", "was", "we", "were",
	"what", "whats", "when", "where", "whereas", "whether", "which", "while",
	"who", "whom", "whose", "why", "will", "with", "within", "without",
	"would", "yes", "you", "your", "yourself", "yourselves",
};

bool text_in_sorted(const char *const *list, size_t n, const char *word)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(list[mid], word);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool text_is_stopword(const char *word)
{
	/* The table is sorted (test_text checks it). */
	return text_in_sorted(stopwords, sizeof stopwords / sizeof *stopwords, word);
}

/* ---- tokenizing ---------------------------------------------------------- */

static int push_token(struct tokens *t, const struct token *tok)
{
	if (grow_array(&t->v, &t->cap, t->n + 1, sizeof *t->v, 32) < 0)
		return BB_ENOMEM;
	t->v[t->n++] = *tok;
	return 0;
}

static bool is_word_byte(char c)
{
	return is_alnum(lower_ascii(c)) || (unsigned char)c >= 0x80;
}

/* Is the last piece of a two-part hyphenated word a participle that
 * still says its verb ("Turkish-backed", "US-led", "refugee-hosting")? */
static bool participle_head(const struct tokens *t, const struct token *tok)
{
	char base[WORDNET_MAX_WORD + 1];
	size_t n = strlen(tok->word);
	return (n > 4 && strcmp(tok->word + n - 2, "ed") == 0) ||
	       (n > 5 && strcmp(tok->word + n - 3, "ing") == 0) ||
	       (t->wordnet && wordnet_exception(t->wordnet, WORDNET_VERB, tok->word, base));
}

/* Closes the hyphenated word made of tokens [first, t->n): marks its
 * fragments and, when it has any, gives its last token the stem of the
 * word written solid. A name ("Azerbaijan-Armenia") or a number says
 * itself; so does each piece of a word that ends in a participle
 * ("refugee-hosting", "Turkish-backed"); the pieces of any other
 * hyphenated word ("cease-fire", "back-to-back", "non-resident") say
 * nothing on their own. The store has room (text_tokenize reserves it). */
static void end_compound(struct tokens *t, size_t first, size_t *used)
{
	size_t n = t->n - first;
	if (n < 2)
		return;
	bool participle = n == 2 && participle_head(t, &t->v[t->n - 1]);
	bool any = false;
	char solid[TEXT_MAX_WORD + 1];
	size_t len = 0;
	for (size_t k = first; k < t->n; k++) {
		struct token *tok = &t->v[k];
		size_t wl = strlen(tok->word);
		if (len + wl <= TEXT_MAX_WORD) {
			memcpy(solid + len, tok->word, wl);
			len += wl;
		}
		tok->fragment = !tok->number && !tok->capitalized && !participle;
		any |= tok->fragment;
	}
	if (!any)
		return;
	solid[len] = '\0';
	char *c = t->store + *used;
	stem_word(t, solid, c);
	*used += strlen(c) + 1;
	t->v[t->n - 1].compound = c;
}

/* Gives t's store room for `need` bytes. Returns 0 or BB_ENOMEM. */
static int reserve_store(struct tokens *t, size_t need)
{
	if (need <= t->store_cap)
		return 0;
	char *p = realloc(t->store, need);
	if (!p)
		return BB_ENOMEM;
	t->store = p;
	t->store_cap = need;
	return 0;
}

/* Do the n bytes at p open with a unit or a scale news copy writes glued
 * to a number ("bn" of "$1.9bn", "kg" of "100kg"), a whole word? */
static bool glued_unit(const char *p, size_t n)
{
	static const char *const units[] = {
		"bn", "m", "mn", "k", "tn", "kg", "km", "mph", "kph", "cm", "mm", "ft", "lb", "lbs",
		"mw", "gw", "kw", "ml", NULL,
	};
	size_t len = 0;
	while (len < n && len < 4 && ((p[len] >= 'a' && p[len] <= 'z') ||
				      (p[len] >= 'A' && p[len] <= 'Z')))
		len++;
	if (len == 0 || len == 4 || (len < n && is_word_byte(p[len])))
		return false;
	char w[5];
	for (size_t i = 0; i < len; i++)
		w[i] = lower_ascii(p[i]);
	w[len] = '\0';
	return text_in_list(w, units);
}

/* The length of the currency sign at p (of n bytes), 0 when none: a
 * sign is no letter of a word ("€22m" is "22" and "m"). */
static size_t currency_sign(const char *p, size_t n)
{
	if (n >= 2 && (!memcmp(p, "\xc2\xa3", 2) || !memcmp(p, "\xc2\xa5", 2)))  /* £ ¥ */
		return 2;
	if (n >= 3 && !memcmp(p, "\xe2\x82\xac", 3))  /* € */
		return 3;
	return 0;
}

int text_tokenize(const char *s, size_t n, struct tokens *out)
{
	int rc = BB_ENOMEM;
	struct strbuf f = {0};
	size_t *map = malloc((3 * n + 1) * sizeof *map);
	out->n = 0;
	if (!out->stemmer && !out->words_only)
		out->stemmer = text_stemmer_new();
	if (!map || (!out->stemmer && !out->words_only))
		goto out;
	fold(s, n, &f, map);
	if (f.failed)
		goto out;
	map[f.len] = n;
	/* Reserving once keeps the pointers handed out stable. Tokens are
	 * at least one byte apart; each holds its word (no longer than the
	 * bytes it came from), its stem (an irregular form's base may be
	 * longer than the form: "led" -> "lead") and, every second one at
	 * most, the stem of a hyphenated word. */
	size_t max_tokens = f.len / 2 + 1;
	size_t need = f.len + max_tokens * (TEXT_MAX_WORD + 2) +
		      (max_tokens / 2 + 1) * (TEXT_MAX_WORD + 1) + 2;
	if (reserve_store(out, need) < 0)
		goto out;

	const char *t = strbuf_str(&f);
	size_t used = 0, i = 0, prev_end = 0, run = 0;
	while (i < f.len) {
		size_t sign = currency_sign(t + i, f.len - i);
		if (sign || !is_word_byte(t[i])) {
			i += sign ? sign : 1;
			continue;
		}
		size_t start = i;
		char word[TEXT_MAX_WORD + 1];
		size_t wlen = 0, letters = 0, uppers = 0;
		bool digits_only = true;
		while (i < f.len) {
			char c = t[i];
			/* "$1.9bn", "100kg": the number and its unit are two
			 * words */
			if ((digits_only && wlen > 0 && !is_digit(c) && glued_unit(t + i, f.len - i)) ||
			    currency_sign(t + i, f.len - i))
				break;
			if (is_word_byte(c)) {
				if (c >= 'A' && c <= 'Z')
					uppers++;
				if (!is_digit(c)) {
					letters++;
					digits_only = false;
				}
				if (wlen < TEXT_MAX_WORD)
					word[wlen++] = lower_ascii(c);
				i++;
			} else if ((c == '.' || c == ',') && wlen > 0 &&
				   is_digit(word[wlen - 1]) && i + 1 < f.len &&
				   is_digit(t[i + 1])) {
				if (wlen < TEXT_MAX_WORD)
					word[wlen++] = c;
				i++;
			} else if (c == '\'' && i + 1 < f.len && is_word_byte(t[i + 1])) {
				/* A possessive 's ends the word; other
				 * apostrophes glue ("doesn't" -> "doesnt"). */
				if ((t[i + 1] == 's' || t[i + 1] == 'S') &&
				    (i + 2 >= f.len || !is_word_byte(t[i + 2]))) {
					i += 2;
					break;
				}
				i++;
			} else {
				break;
			}
		}
		word[wlen] = '\0';
		/* a number, or only the words wanted: the word is its own
		 * stem, stored once */
		bool own_stem = digits_only || out->words_only;
		char stem[TEXT_MAX_WORD + 1];
		if (!own_stem)
			stem_word(out, word, stem);

		/* an abbreviation's full stop before the hyphen still joins
		 * ("Ariz.-based", "U.S.-led") */
		bool dot = out->n > 0 && start == prev_end + 2 && t[prev_end] == '.' &&
			   t[prev_end + 1] == '-';
		bool joined = dot || (out->n > 0 && start == prev_end + 1 &&
				      (t[prev_end] == '-' || t[prev_end] == '/'));
		if (!(joined && t[start - 1] == '-')) {
			end_compound(out, run, &used);
			run = out->n;
		}
		struct token tok = {
			.word = out->store + used,
			.stem = out->store + used + (own_stem ? 0 : wlen + 1),
			.start = map[start],
			.end = map[i],
			.capitalized = t[start] >= 'A' && t[start] <= 'Z',
			.all_caps = letters >= 2 && uppers == letters,
			.number = digits_only,
			.joined = joined,
		};
		memcpy(out->store + used, word, wlen + 1);
		used += wlen + 1;
		if (!own_stem) {
			size_t slen = strlen(stem);
			memcpy(out->store + used, stem, slen + 1);
			used += slen + 1;
		}
		prev_end = i;
		if (push_token(out, &tok) < 0)
			goto out;
	}
	end_compound(out, run, &used);
	rc = 0;
out:
	free(map);
	strbuf_free(&f);
	return rc;
}

/* The bytes of t's store in use: past its last word, stem or compound. */
static size_t store_used(const struct tokens *t)
{
	size_t used = 0;
	for (size_t i = 0; i < t->n; i++) {
		const char *ends[] = { t->v[i].word, t->v[i].stem, t->v[i].compound };
		for (size_t k = 0; k < 3; k++) {
			size_t end = ends[k] ? (size_t)(ends[k] - t->store) + strlen(ends[k]) + 1 : 0;
			used = end > used ? end : used;
		}
	}
	return used;
}

int tokens_copy(struct tokens *dst, const struct tokens *src)
{
	dst->n = 0;
	size_t used = store_used(src);
	if (grow_array(&dst->v, &dst->cap, src->n, sizeof *dst->v, src->n) < 0)
		return BB_ENOMEM;
	if (reserve_store(dst, used) < 0)
		return BB_ENOMEM;
	if (used > 0)
		memcpy(dst->store, src->store, used);
	for (size_t i = 0; i < src->n; i++) {
		struct token tok = src->v[i];
		tok.word = dst->store + (tok.word - src->store);
		tok.stem = dst->store + (tok.stem - src->store);
		if (tok.compound)
			tok.compound = dst->store + (tok.compound - src->store);
		dst->v[i] = tok;
	}
	dst->n = src->n;
	dst->wordnet = src->wordnet;
	dst->known_stem = src->known_stem;
	dst->known_stem_user = src->known_stem_user;
	dst->words_only = src->words_only;
	return 0;
}

void tokens_free(struct tokens *t)
{
	if (!t)
		return;
	free(t->v);
	free(t->store);
	text_stemmer_free(t->stemmer);
	*t = (struct tokens){0};
}

bool text_within_one_edit(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > lb + 1 || lb > la + 1)
		return false;
	size_t i = 0;
	while (i < la && i < lb && a[i] == b[i])
		i++;
	if (i == la && i == lb)
		return true;
	if (la == lb) {
		/* one substitution, or one transposition of neighbours */
		if (strcmp(a + i + 1, b + i + 1) == 0)
			return true;
		return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       strcmp(a + i + 2, b + i + 2) == 0;
	}
	/* one insertion or deletion */
	return la > lb ? strcmp(a + i + 1, b + i) == 0 : strcmp(a + i, b + i + 1) == 0;
}

bool text_in_list(const char *w, const char *const *list)
{
	/* the first letters first: asked of every token of a sentence */
	for (; *list; list++)
		if ((*list)[0] == w[0] && strcmp(*list, w) == 0)
			return true;
	return false;
}

bool text_same_name(const char *a, size_t la, const char *b, size_t lb)
{
	if (la > lb)
		return text_same_name(b, lb, a, la);
	return strncasecmp(a, b + lb - la, la) == 0 && (la == lb || b[lb - la - 1] == ' ');
}

size_t text_name_start(const char *s, const struct tokens *t, size_t end)
{
	static const char *const linking[] = { "of", "the", NULL };
	size_t start = end;
	while (start > 0 && s[t->v[start - 1].end] != ',' &&
	       (t->v[start - 1].capitalized ||
		(text_in_list(t->v[start - 1].word, linking) && start >= 2 &&
		 (t->v[start - 2].capitalized || !strcmp(t->v[start - 2].word, "of")))))
		start--;
	while (start < end && !t->v[start].capitalized)
		start++;
	return start;
}

bool text_says_any(const struct tokens *t, const char *const *list)
{
	for (size_t k = 0; k < t->n; k++)
		if (text_in_list(t->v[k].word, list))
			return true;
	return false;
}

bool text_says_poll(const struct tokens *t)
{
	static const char *const polls[] = {
		"poll", "polls", "polled", "pollster", "pollsters", "survey", "surveys",
		"forecast", "forecasts", "projection", "projections", NULL,
	};
	for (size_t k = 0; k < t->n; k++)
		if (text_in_list(t->v[k].word, polls))
			return true;
	return false;
}

bool text_says_frequency(const struct tokens *t)
{
	static const char *const adverbs[] = {
		"daily", "weekly", "monthly", "hourly", "yearly", "annually", "nightly",
		"fortnightly", "twice", "once", NULL,
	};
	static const char *const units[] = {
		"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "night",
		"week", "weeks", "month", "months", "year", "years", "morning", "evening",
		"weekday", "weekend", NULL,
	};
	for (size_t k = 0; k < t->n; k++) {
		const char *w = t->v[k].word;
		if (text_in_list(w, adverbs))
			return true;
		/* "every 40 minutes", "every other day", "each week" */
		if (!strcmp(w, "every") || !strcmp(w, "each"))
			for (size_t j = k + 1; j < t->n && j <= k + 3; j++)
				if (text_in_list(t->v[j].word, units))
					return true;
		/* "three times a week", "five trips per day" */
		if ((!strcmp(w, "a") || !strcmp(w, "per")) && k > 0 && k + 1 < t->n &&
		    text_in_list(t->v[k + 1].word, units) &&
		    (!strcmp(t->v[k - 1].word, "times") || t->v[k - 1].number))
			return true;
	}
	return false;
}

bool text_denial_at(const struct tokens *t, size_t k)
{
	const char *w = t->v[k].word;
	bool adds = k + 1 < t->n && (!strcmp(t->v[k + 1].word, "only") ||
				     !strcmp(t->v[k + 1].word, "just"));
	return (!strcmp(w, "not") && !adds) || !strcmp(w, "never");
}

bool text_denied_at(const struct tokens *t, size_t k)
{
	return (k > 0 && k < t->n && text_denial_at(t, k - 1)) ||
	       /* (one space apart: not "No. 3", not "No, the party") */
	       (k == 2 && t->n > 2 && !strcmp(t->v[0].word, "no") && !t->v[1].capitalized &&
		!t->v[1].number && t->v[1].start == t->v[0].end + 1 &&
		!text_is_stopword(t->v[1].word));
}

bool text_says_total(const struct tokens *t)
{
	static const char *const totals[] = {
		"total", "totals", "totaled", "totalled", "totalling", "altogether", "overall",
		"combined", "cumulative", NULL,
	};
	for (size_t k = 0; k < t->n; k++)
		if (text_in_list(t->v[k].word, totals) ||
		    (!strcmp(t->v[k].word, "all") &&
		     ((k > 0 && !strcmp(t->v[k - 1].word, "in")) ||
		      (k + 1 < t->n && !strcmp(t->v[k + 1].word, "told")))))
			return true;
	return false;
}

size_t text_dateline_end(const char *s, const struct tokens *t)
{
	if (t->n < 2 || !t->v[0].all_caps)
		return 0;
	for (size_t k = 1; k < t->n && k <= 16; k++)
		for (size_t i = t->v[k - 1].end; i < t->v[k].start; i++)
			if (s[i] == '-' || !strncmp(s + i, "\xe2\x80\x94", 3) ||
			    !strncmp(s + i, "\xe2\x80\x93", 3))
				return k;
	return 0;
}

bool text_only_describes(const char *s, const struct tokens *t, size_t k)
{
	if (k == 0 || k >= t->n)
		return false;
	const char *w = t->v[k].word, *prev = t->v[k - 1].word;
	size_t len = strlen(w);
	if (len <= 3)
		return false;
	if (!strcmp(prev, "by"))
		return !strcmp(w + len - 3, "ing");
	/* nothing but spaces between the noun and its participle */
	for (size_t i = t->v[k - 1].end; i < t->v[k].start; i++)
		if (s[i] != ' ')
			return false;
	/* ("Microsoft FIRST announced": an adverb, no noun) */
	static const char *const adverbs[] = {
		"first", "last", "later", "earlier", "then", "also", "already", "never", "once",
		"again", "since", NULL,
	};
	size_t prev_len = strlen(prev);
	return !strcmp(w + len - 2, "ed") && !t->v[k - 1].capitalized && !t->v[k - 1].number &&
	       !text_is_stopword(prev) && !text_in_list(prev, adverbs) &&
	       !(prev_len > 2 && !strcmp(prev + prev_len - 2, "ly"));
}

bool text_month_at(const struct tokens *t, size_t k)
{
	static const char *const months[] = {
		"january", "february", "march", "april", "june", "july", "august", "september",
		"october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul",
		"aug", "sep", "sept", "oct", "nov", "dec", "may", NULL,
	};
	return k < t->n && t->v[k].capitalized && text_in_list(t->v[k].word, months);
}

bool text_date_word(const char *word)
{
	static const char *const names[] = {
		"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "monday", "tuesday",
		"wednesday", "thursday", "friday", "saturday", "sunday", NULL,
	};
	return text_in_list(word, names);
}

size_t text_acronym_at(const struct tokens *t, size_t i, const char *acronym)
{
	static const char *const glue[] = { "of", "for", "and", "on", NULL };
	size_t k = i, got = 0, len = strlen(acronym);
	if (i >= t->n || !t->v[i].capitalized)
		return 0;
	while (got < len && k < t->n) {
		if (t->v[k].capitalized && !t->v[k].joined && t->v[k].word[0] == acronym[got]) {
			got++;
			k++;
		} else if (k > i && text_in_list(t->v[k].word, glue) && k + 1 < t->n &&
			   t->v[k + 1].capitalized) {
			k++;
		} else {
			return 0;
		}
	}
	/* the whole name: "National Science Foundation Fellows" is another */
	if (got < len || (k < t->n && t->v[k].capitalized && !t->v[k].joined))
		return 0;
	return k;
}

bool text_spelled_out_at(const struct tokens *t, size_t k, const char *acronym)
{
	size_t len = strlen(acronym);
	if (len < 2 || len > 8 || strspn(acronym, "abcdefghijklmnopqrstuvwxyz") != len)
		return false;
	/* (a name of len words, and a glue word between each two at most) */
	for (size_t i = k + 1 >= 2 * len ? k + 2 - 2 * len : 0; i <= k; i++)
		if (text_acronym_at(t, i, acronym) > k)
			return true;
	return false;
}

bool text_precision_word(const char *word)
{
	static const char *const precise[] = {
		"exact", "exactly", "precise", "precisely", "specific", "actual", NULL,
	};
	return text_in_list(word, precise);
}

size_t text_job_asked(const struct tokens *t, size_t wh)
{
	static const char *const doing[] = { "do", "does", "did", NULL };
	static const char *const being[] = { "is", "was", NULL };
	static const char *const jobs[] = { "job", "occupation", "profession", NULL };
	if (wh + 3 >= t->n || strcmp(t->v[wh].word, "what"))
		return t->n;
	/* "what is Kovesi's JOB" */
	if (text_in_list(t->v[wh + 1].word, being) && text_in_list(t->v[t->n - 1].word, jobs))
		return t->n - 1;
	if (!text_in_list(t->v[wh + 1].word, doing))
		return t->n;
	/* "what did Imbert DO for a living / before politics" */
	for (size_t j = wh + 3; j + 1 < t->n; j++) {
		if (strcmp(t->v[j].word, "do"))
			continue;
		const char *next = t->v[j + 1].word;
		bool living = !strcmp(next, "for") && j + 2 < t->n &&
			      (!strcmp(t->v[t->n - 1].word, "living") ||
			       !strcmp(t->v[t->n - 1].word, "work") || !strcmp(t->v[t->n - 1].word, "job"));
		bool before = !strcmp(next, "before") && !strcmp(t->v[t->n - 1].word, "politics");
		return living || before || !strcmp(next, "professionally") ? j : t->n;
	}
	return t->n;
}

size_t text_name_of_at(const struct tokens *t, size_t wh)
{
	if (wh >= t->n || strcmp(t->v[wh].word, "what"))
		return t->n;
	/* (a few words may come between: "what is the OFFICIAL name of") */
	for (size_t k = wh + 1; k + 1 < t->n && k <= wh + 4; k++)
		if (!strcmp(t->v[k].word, "name") && !strcmp(t->v[k + 1].word, "of"))
			return k + 1;
	return t->n;
}

size_t text_name_asked(const struct tokens *t, size_t wh)
{
	static const char *const naming[] = { "called", "named", NULL };
	/* ("going to BE called") */
	static const char *const becoming[] = { "be", "to", "going", "gonna", "being", NULL };
	static const char *const determiners[] = {
		"the", "its", "their", "this", "that", "his", "her", "a", "an", NULL,
	};
	size_t of = text_name_of_at(t, wh);
	if (of < t->n) {
		/* "the name of the new farmers PARTY (that ...)": the last
		 * word of the phrase after "of" */
		size_t k = of + 1;
		while (k < t->n && text_in_list(t->v[k].word, determiners))
			k++;
		size_t head = t->n;
		for (; k < t->n && !text_is_stopword(t->v[k].word) && !t->v[k].number; k++)
			head = k;
		return head;
	}
	if (wh >= t->n || strcmp(t->v[wh].word, "what") || t->n < wh + 4 ||
	    !text_in_list(t->v[t->n - 1].word, naming))
		return t->n;
	size_t head = t->n - 2;
	while (head > wh + 1 && text_in_list(t->v[head].word, becoming))
		head--;
	return head > wh + 1 && !text_is_stopword(t->v[head].word) ? head : t->n;
}

static const char *const other_ranks[TEXT_RANKS + 1] = {
	"deputy", "vice", "assistant", "acting", "interim", NULL,
};

bool text_another_rank(const char *word)
{
	return text_in_list(word, other_ranks);
}

const char *text_rank_word(size_t i)
{
	return i < TEXT_RANKS ? other_ranks[i] : NULL;
}

bool text_ordinal_word(const char *word)
{
	static const char *const ordinals[] = {
		"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
		"ninth", "tenth", "last", NULL,
	};
	return text_in_list(word, ordinals);
}

bool text_ordinal_at(const struct tokens *t, size_t i)
{
	if (i >= t->n || !text_ordinal_word(t->v[i].word))
		return false;
	bool at_first = i > 0 && !strcmp(t->v[i - 1].word, "at");
	bool first_place = i + 1 < t->n && !strcmp(t->v[i + 1].word, "place") && i >= 2 &&
			   !strcmp(t->v[i - 2].word, "in");
	return !at_first && !first_place;
}

bool text_only_another_ordinal(const struct tokens *q, size_t at, const struct tokens *s)
{
	if (at + 1 >= q->n || text_is_stopword(q->v[at + 1].word))
		return false;
	const char *noun = q->v[at + 1].stem;
	bool other = false;
	for (size_t k = 1; k < s->n; k++) {
		if (strcmp(s->v[k].stem, noun) != 0 || !text_ordinal_word(s->v[k - 1].word))
			continue;
		if (!strcmp(s->v[k - 1].word, q->v[at].word))
			return false;
		other = true;
	}
	return other;
}

size_t text_currency_before(const char *s, size_t at)
{
	if (at >= 1 && s[at - 1] == '$')
		return 1;
	if (at >= 2 && !memcmp(s + at - 2, "\xc2\xa3", 2))  /* £ */
		return 2;
	if (at >= 3 && !memcmp(s + at - 3, "\xe2\x82\xac", 3))  /* € */
		return 3;
	return 0;
}

bool text_possessive(const char *s, const struct token *tok)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t e = tok->end;
	/* "Veskaria's", "board’s" */
	if (e >= 2 && (p[e - 1] | 0x20) == 's' &&
	    (p[e - 2] == '\'' || (e >= 4 && p[e - 2] == 0x99 && p[e - 4] == 0xE2)))
		return true;
	/* "Ferries'" */
	return e >= 1 && (p[e - 1] | 0x20) == 's' && (p[e] == '\'' || !strncmp(s + e, "\xe2\x80\x99", 3));
}

/* The quotation mark at p, if one: its length in bytes (else 0), and in
 * *opens whether it opens a quotation (a straight one closes what it
 * opened, `in`). */
static size_t quote_mark(const char *p, bool in, bool *opens)
{
	if (*p == '"') {
		*opens = !in;
		return 1;
	}
	if (!strncmp(p, "\xe2\x80\x9c", 3) || !strncmp(p, "\xe2\x80\x9d", 3)) {
		*opens = p[2] == '\x9c';
		return 3;
	}
	return 0;
}

bool text_has_quotation(const char *s)
{
	/* words in quotation marks, three or more: not a name or a word
	 * set off ("chanted \"Roger\"") */
	bool in = false, opens;
	size_t spaces = 0;
	for (const char *p = s; *p; p++) {
		size_t n = quote_mark(p, in, &opens);
		if (n) {
			in = opens;
			spaces = 0;
			p += n - 1;
		} else if (in && *p == ' ' && ++spaces >= 2) {
			return true;
		}
	}
	return false;
}

bool text_in_quotation(const char *s, size_t at)
{
	bool in = false, opens;
	for (const char *p = s; p < s + at && *p; p++) {
		size_t n = quote_mark(p, in, &opens);
		if (n) {
			in = opens;
			p += n - 1;
		}
	}
	return in;
}

bool text_reports_speech(const char *word)
{
	static const char *const speech[] = {
		"said", "says", "say", "told", "tells", "announced", "added", "according",
		"stated", NULL,
	};
	return text_in_list(word, speech);
}

bool text_leads(const char *word)
{
	static const char *const leading[] = {
		"runs", "ran", "heads", "headed", "leads", "led", "chairs", "chaired",
		"running", "heading", "leading", "chairing", NULL,
	};
	return text_in_list(word, leading);
}

bool text_ranks(const char *word)
{
	static const char *const ranked[] = {
		"rank", "ranks", "ranked", "rate", "rates", "rated", "finish", "finished", NULL,
	};
	return text_in_list(word, ranked);
}

bool text_set_against(const struct tokens *t, size_t k)
{
	static const char *const against[] = { "after", "before", "since", "until", NULL };
	return (k >= 1 && text_in_list(t->v[k - 1].word, against)) ||
	       (k >= 2 && text_in_list(t->v[k - 2].word, against) &&
		text_is_stopword(t->v[k - 1].word));
}

bool text_hypothetical(const char *s)
{
	return text_hypothetical_in(s, strlen(s));
}

bool text_hypothetical_in(const char *s, size_t len)
{
	static const char *const maybe[] = {
		"could", "might", "may", "possible", "possibly", "perhaps", NULL,
	};
	static const char *const planned[] = { "expected", "supposed", "scheduled", NULL };
	/* "it EXPECTS inflation to average 5.9 percent" */
	static const char *const forecast[] = {
		"expects", "forecasts", "predicts", "projects", NULL,
	};
	struct tokens t = { .words_only = true };
	bool found = false;
	if (text_tokenize(s, len, &t) == 0)
		for (size_t k = 0; k < t.n && !found; k++)
			/* "in May" is the month; "was EXPECTED TO launch by 2007
			 * at a cost of" was a plan, not what happened */
			found = (text_in_list(t.v[k].word, maybe) &&
				 !(k > 0 && t.v[k].capitalized && !strcmp(t.v[k].word, "may")) &&
				 /* "it COULD NOT be sent": what was not done (but
				  * "could not HAVE done more" is what might have
				  * been) */
				 !(!strcmp(t.v[k].word, "could") && k + 1 < t.n &&
				   !strcmp(t.v[k + 1].word, "not") &&
				   !(k + 2 < t.n && !strcmp(t.v[k + 2].word, "have")))) ||
				(k + 1 < t.n && text_in_list(t.v[k].word, planned) &&
				 !strcmp(t.v[k + 1].word, "to")) ||
				text_in_list(t.v[k].word, forecast);
	tokens_free(&t);
	return found;
}

bool text_counterfactual(const char *s)
{
	struct tokens t = { .words_only = true };
	bool found = false;
	if (text_tokenize(s, strlen(s), &t) == 0)
		for (size_t k = 0; k + 2 < t.n && !found; k++)
			found = !strcmp(t.v[k].word, "would") && !strcmp(t.v[k + 1].word, "have") &&
				strcmp(t.v[k + 2].word, "to");
	tokens_free(&t);
	return found;
}

/* Does `word` end in "am" or "pm" after at least one digit, and nothing
 * else ("8pm", "40am")? */
static bool digits_meridiem(const char *word)
{
	size_t n = strspn(word, "0123456789");
	return n > 0 && (!strcmp(word + n, "am") || !strcmp(word + n, "pm"));
}

bool text_clock_at(const char *s, const struct tokens *t, size_t k, size_t *end)
{
	const struct token *tok = &t->v[k];
	size_t stop;
	if (digits_meridiem(tok->word)) {
		stop = tok->end;  /* "8pm" */
	} else if (!tok->number) {
		return false;
	} else if (s[tok->end] == ':' && k + 1 < t->n && t->v[k + 1].start == tok->end + 1 &&
		   (t->v[k + 1].number || digits_meridiem(t->v[k + 1].word))) {
		stop = t->v[++k].end;  /* "3:15", "3:40am" */
	} else if (!(k + 1 < t->n && (!strcmp(t->v[k + 1].word, "am") ||
				      !strcmp(t->v[k + 1].word, "pm") ||
				      !strncmp(s + tok->end, " a.m", 4) ||
				      !strncmp(s + tok->end, " p.m", 4)))) {
		return false;
	} else {
		stop = tok->end;
	}
	/* the "a.m." or "pm" after it */
	if (!strncmp(s + stop, " a.m.", 5) || !strncmp(s + stop, " p.m.", 5))
		stop += 5;
	else if (!strncmp(s + stop, " a.m", 4) || !strncmp(s + stop, " p.m", 4))
		stop += 4;
	else if (k + 1 < t->n && t->v[k + 1].start == stop + 1 &&
		 (!strcmp(t->v[k + 1].word, "am") || !strcmp(t->v[k + 1].word, "pm")))
		stop = t->v[k + 1].end;
	if (end)
		*end = stop;
	return true;
}

bool text_past_form(const struct wordnet *wn, const char *word)
{
	size_t n = strlen(word);
	char base[WORDNET_MAX_WORD + 1];
	return (n > 3 && !strcmp(word + n - 2, "ed")) ||
	       (wn && wordnet_exception(wn, WORDNET_VERB, word, base));
}

uint64_t text_adverb_idioms(const struct wordnet *wn, const struct tokens *t)
{
	struct wordnet_entry e;
	uint64_t in = 0;
	/* (most open on a function word: "IN the first place", "AT all",
	 * "SO far"; looking up only those keeps the cost down) */
	for (size_t s = 0; wn && s + 1 < t->n && s < 64; s++) {
		/* (and only as far as some idiom opens on the words so far:
		 * a look-up is a read of the file, the memo keeps the first
		 * words' answers) */
		if (!text_is_stopword(t->v[s].word) ||
		    !wordnet_opens_phrase(wn, WORDNET_ADV, t->v[s].word))
			continue;
		char phrase[4 * (TEXT_MAX_WORD + 1)];
		size_t at = (size_t)snprintf(phrase, sizeof phrase, "%s", t->v[s].word);
		for (size_t len = 2; len <= 4 && s + len <= t->n && s + len <= 64; len++) {
			at += (size_t)snprintf(phrase + at, sizeof phrase - at, " %s",
					       t->v[s + len - 1].word);
			if (at >= sizeof phrase)
				break;
			if (wordnet_lookup(wn, WORDNET_ADV, phrase, &e))
				in |= ((1ull << len) - 1) << s;
			if (len < 4 && !wordnet_opens_phrase(wn, WORDNET_ADV, phrase))
				break;
		}
	}
	return in;
}

bool text_clause_break(const char *s, const struct tokens *t, size_t k)
{
	if (k + 1 >= t->n)
		return true;
	for (size_t i = t->v[k].end; i < t->v[k + 1].start; i++)
		if (s[i] == ',' || s[i] == ';' || (unsigned char)s[i] == 0xE2 ||
		    /* "3:15 a.m." is a time, not a break */
		    (s[i] == ':' && !(t->v[k].number && t->v[k + 1].number)))
			return true;
	return false;
}
