#include "knowledge/article.h"

#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/grow.h"
#include "common/utf8.h"

struct article {
	struct kb_article view;
	char *id, *title, *source, *date, *url;
	struct kb_paragraph *paragraphs;
	size_t n_paragraphs, cap_paragraphs;
	struct strbuf scratch;   /* joins a paragraph's lines */
	bool failed;
};

/* ---- sentence splitting -------------------------------------------------- */

/* Abbreviations after which a full stop does not end a sentence. */
static const char *const abbreviations[] = {
	"Apr", "Aug", "Capt", "Co", "Col", "Corp", "Dec", "Dr", "Feb", "Fig",
	"Ft", "Gen", "Gov", "Inc", "Jan", "Jr", "Jul", "Jun", "Lt", "Ltd", "Maj",
	"Mar", "Mr", "Mrs", "Ms", "Mt", "No", "Nov", "Oct", "Prof", "Rep", "Rev",
	"Sen", "Sep", "Sept", "Sgt", "Sr", "St", "approx", "cf", "est", "etc",
	"vs",
};

/* Words that start a new sentence even right after an acronym such as
 * "U.S.": "... backed by the U.S. The group ..." */
static const char *const sentence_starters[] = {
	"A", "After", "An", "And", "As", "At", "But", "During", "For", "He",
	"However", "If", "In", "It", "Its", "Meanwhile", "On", "She", "Since",
	"So", "That", "The", "Their", "There", "These", "They", "This", "We",
	"When", "While", "Yet",
};

static bool in_list(const char *const *list, size_t n, const char *w, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
			return true;
	return false;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Is the UTF-8 sequence at p (of at most n bytes) an opening or closing
 * double quote? Returns its length, or 0. */
static size_t quote_at(const char *p, size_t n, int *delta)
{
	uint32_t cp;
	size_t len = utf8_decode(p, n, &cp);
	switch (cp) {
	case 0x201C: *delta = 1; return len;   /* “ */
	case 0x201D: *delta = -1; return len;  /* ” */
	case '"': *delta = 0; return 1;        /* toggles */
	}
	return 0;
}

/* Closing punctuation that may follow a terminator: ” ’ " ' ) ] */
static size_t closer_at(const char *p, size_t n)
{
	uint32_t cp;
	if (n == 0)
		return 0;  /* at the end: utf8_decode needs n > 0 */
	size_t len = utf8_decode(p, n, &cp);
	if (cp == 0x201D || cp == 0x2019 || cp == '"' || cp == '\'' || cp == ')' ||
	    cp == ']')
		return len;
	return 0;
}

/* Does the text at p start like a sentence: upper-case letter, digit or an
 * opening quote? */
static bool starts_sentence(const char *p, size_t n)
{
	if (n == 0)
		return false;
	if ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= '0' && p[0] <= '9') || p[0] == '"' ||
	    p[0] == '\'' || p[0] == '(')
		return true;
	uint32_t cp;
	utf8_decode(p, n, &cp);
	/* curly opening quotes, or an accented capital ("Ö", "É") */
	return cp == 0x201C || cp == 0x2018 || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

/* The word that ends right before position `dot` (letters and inner dots). */
static size_t word_before(const char *para, size_t dot, size_t *start)
{
	size_t i = dot;
	while (i > 0 && (is_alpha(para[i - 1]) || para[i - 1] == '.'))
		i--;
	*start = i;
	return dot - i;
}

/* Should the full stop at `dot` not end a sentence, given that the next
 * sentence would start at `next`? */
static bool is_abbreviation(const char *para, size_t n, size_t dot, size_t next)
{
	size_t ws;
	size_t wl = word_before(para, dot, &ws);
	if (wl == 0)
		return false;
	const char *w = para + ws;
	if (wl == 1 && w[0] >= 'A' && w[0] <= 'Z')
		return true;  /* an initial: "J. Smith" */
	if (in_list(abbreviations, sizeof abbreviations / sizeof *abbreviations, w, wl))
		return true;
	if (memchr(w, '.', wl)) {
		/* A dotted acronym ("U.S", "e.g"): a sentence ends only if a
		 * typical sentence opener follows. */
		size_t e = next;
		while (e < n && is_alpha(para[e]))
			e++;
		return !in_list(sentence_starters,
				sizeof sentence_starters / sizeof *sentence_starters,
				para + next, e - next);
	}
	return false;
}

static void emit_trimmed(const char *s, size_t n, article_sentence_fn emit, void *user)
{
	while (n > 0 && is_space(s[0])) {
		s++;
		n--;
	}
	while (n > 0 && is_space(s[n - 1]))
		n--;
	if (n > 0)
		emit(user, s, n);
}

/* Do the next words at p (up to 24, within the sentence) hold a verb
 * of saying: "Mission Control's Elena Adams ANNOUNCED", "he ASKED"? */
static bool attribution_follows(const char *p, size_t n)
{
	static const char *const verbs[] = {
		"said", "says", "announced", "asked", "told", "added", "shouted", "wrote",
		"replied", "exclaimed", "cried", "insisted", "tweeted", "posted",
	};
	size_t i = 0;
	for (int words = 0; words < 24 && i < n; words++) {
		while (i < n && is_space(p[i]))
			i++;
		size_t w = i;
		while (i < n && (is_alpha(p[i]) || p[i] == '\'' || p[i] == '-'))
			i++;
		if (in_list(verbs, sizeof verbs / sizeof *verbs, p + w, i - w))
			return true;
		/* the sentence ends, or a word of another kind comes */
		if (i == w && i < n && p[i] != ',' && (unsigned char)p[i] < 0x80)
			return false;
		while (i < n && !is_space(p[i]) && !is_alpha(p[i])) {
			if (p[i] == '.' || p[i] == '!' || p[i] == '?')
				return false;
			i++;
		}
	}
	return false;
}

void article_split_sentences(const char *para, size_t n, article_sentence_fn emit,
			     void *user)
{
	size_t begin = 0, i = 0;
	int depth = 0;          /* open curly quotes */
	bool straight = false;  /* inside "..." */

	while (i < n) {
		int delta;
		size_t ql = quote_at(para + i, n - i, &delta);
		if (ql) {
			if (delta == 0)
				straight = !straight;
			else if (delta > 0)
				depth++;
			else if (depth > 0)
				depth--;
			i += ql;
			continue;
		}
		char c = para[i];
		if (c != '.' && c != '?' && c != '!') {
			i++;
			continue;
		}
		size_t dot = i;
		size_t j = i + 1;
		while (j < n && (para[j] == '.' || para[j] == '?' || para[j] == '!'))
			j++;
		/* Closing quotes after the terminator end the quotation. */
		for (;;) {
			size_t cl = closer_at(para + j, n - j);
			if (!cl)
				break;
			int d;
			if (quote_at(para + j, n - j, &d)) {
				if (d == 0)
					straight = !straight;
				else if (d < 0 && depth > 0)
					depth--;
			}
			j += cl;
		}
		size_t k = j;
		while (k < n && is_space(para[k]))
			k++;
		/* '"We have impact!" Mission Control's Elena Adams announced':
		 * a quotation's own ! or ? ends no sentence its speaker's verb
		 * goes on */
		bool quoted = j > dot + 1 && (c == '!' || c == '?');
		bool boundary = k == n ||
				(k > j && starts_sentence(para + k, n - k) && depth == 0 &&
				 !straight && !(c == '.' && j == dot + 1 &&
						is_abbreviation(para, n, dot, k)) &&
				 !(quoted && attribution_follows(para + k, n - k)));
		if (boundary) {
			emit_trimmed(para + begin, j - begin, emit, user);
			begin = k;
		}
		i = j > i ? j : i + 1;
	}
	if (begin < n)
		emit_trimmed(para + begin, n - begin, emit, user);
}

/* ---- building the article ------------------------------------------------ */

struct para_builder {
	struct article *a;
	struct kb_sentence *sentences;
	size_t n, cap;
	int paragraph;
};

static void add_sentence(void *user, const char *s, size_t n)
{
	struct para_builder *pb = user;
	if (pb->a->failed)
		return;
	char *text = strndup(s, n);
	if (grow_array(&pb->sentences, &pb->cap, pb->n + 1, sizeof *pb->sentences, 8) < 0) {
		free(text);
		pb->a->failed = true;
		return;
	}
	if (!text) {
		pb->a->failed = true;
		return;
	}
	pb->sentences[pb->n] = (struct kb_sentence){
		.text = text,
		.paragraph = pb->paragraph,
		.index = (int)pb->n + 1,
	};
	pb->n++;
}

/* A paragraph of one short line without final punctuation is a heading. */
static bool looks_like_heading(const char *s, size_t n)
{
	if (n == 0 || n > 80 || memchr(s, '\n', n))
		return false;
	char last = s[n - 1];
	if (last == '.' || last == '?' || last == '!' || last == ':' || last == ',')
		return false;
	size_t words = 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ' ')
			words++;
	return words <= 8;
}

static void add_paragraph(struct article *a, const char *s, size_t n)
{
	/* Join the paragraph's lines with single spaces. */
	strbuf_truncate(&a->scratch, 0);
	for (size_t i = 0; i < n; i++) {
		char c = s[i] == '\r' || s[i] == '\n' || s[i] == '\t' ? ' ' : s[i];
		if (c == ' ' && (a->scratch.len == 0 || a->scratch.buf[a->scratch.len - 1] == ' '))
			continue;
		strbuf_putc(&a->scratch, c);
	}
	while (a->scratch.len > 0 && a->scratch.buf[a->scratch.len - 1] == ' ')
		strbuf_truncate(&a->scratch, a->scratch.len - 1);
	if (a->scratch.failed) {
		a->failed = true;
		return;
	}
	if (a->scratch.len == 0)
		return;

	struct para_builder pb = { .a = a, .paragraph = (int)a->n_paragraphs + 1 };
	const char *text = strbuf_str(&a->scratch);
	bool heading = looks_like_heading(text, a->scratch.len);
	if (heading)
		add_sentence(&pb, text, a->scratch.len);
	else
		article_split_sentences(text, a->scratch.len, add_sentence, &pb);
	if (grow_array(&a->paragraphs, &a->cap_paragraphs, a->n_paragraphs + 1,
		       sizeof *a->paragraphs, 16) < 0)
		a->failed = true;
	if (a->failed || pb.n == 0) {
		for (size_t i = 0; i < pb.n; i++)
			free((char *)pb.sentences[i].text);
		free(pb.sentences);
		return;
	}
	a->paragraphs[a->n_paragraphs++] = (struct kb_paragraph){
		.sentences = pb.sentences,
		.n_sentences = pb.n,
		.is_heading = heading,
	};
}

static bool is_iso_date(const char *s, size_t n)
{
	static const char shape[] = "dddd-dd-dd";
	if (n < 10)
		return false;
	for (size_t i = 0; i < 10; i++) {
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != '-')
			return false;
	}
	return true;
}

static char *dup_trimmed(const char *s, size_t n)
{
	while (n > 0 && is_space(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_space(s[n - 1]))
		n--;
	return strndup(s, n);
}

/* Reads "key: value" lines up to a "---" line. Returns the offset where the
 * text starts (0 when there is no front matter). */
static size_t parse_front_matter(struct article *a, const char *text, size_t n)
{
	size_t i = 0;
	/* Front matter exists only if a "---" line closes it. */
	const char *end = NULL;
	for (size_t k = 0; k + 3 <= n; k++) {
		if ((k == 0 || text[k - 1] == '\n') && memcmp(text + k, "---", 3) == 0 &&
		    (k + 3 == n || text[k + 3] == '\n' || text[k + 3] == '\r')) {
			end = text + k;
			break;
		}
		if (text[k] == '\n' && k + 1 < n && text[k + 1] == '\n')
			return 0;  /* a blank line first: no front matter */
	}
	if (!end)
		return 0;
	while (text + i < end) {
		const char *line = text + i;
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t len = nl ? (size_t)(nl - line) : (size_t)(end - line);
		const char *colon = memchr(line, ':', len);
		if (!colon)
			return 0;  /* not front matter after all */
		size_t kl = (size_t)(colon - line);
		char **slot = NULL;
		if (kl == 5 && memcmp(line, "title", 5) == 0)
			slot = &a->title;
		else if (kl == 6 && memcmp(line, "source", 6) == 0)
			slot = &a->source;
		else if (kl == 4 && memcmp(line, "date", 4) == 0)
			slot = &a->date;
		else if (kl == 3 && memcmp(line, "url", 3) == 0)
			slot = &a->url;
		if (slot) {
			free(*slot);
			*slot = dup_trimmed(colon + 1, len - kl - 1);
		}
		i += len + 1;
	}
	size_t body = (size_t)(end - text) + 3;
	while (body < n && text[body] != '\n')
		body++;
	return body < n ? body + 1 : n;
}

struct article *article_parse(const char *id, const char *text, size_t n,
			      struct strbuf *errors)
{
	if (n > ARTICLE_MAX_BYTES) {
		if (errors)
			strbuf_printf(errors, "articles/%s.txt: too large (%zu bytes; limit %u)\n",
				      id, n, ARTICLE_MAX_BYTES);
		return NULL;
	}
	if (!utf8_valid(text, n)) {
		if (errors)
			strbuf_printf(errors, "articles/%s.txt: not valid UTF-8\n", id);
		return NULL;
	}
	/* Sentences are C strings: a NUL would silently cut the text. */
	if (memchr(text, '\0', n)) {
		if (errors)
			strbuf_printf(errors, "articles/%s.txt: contains a NUL byte (not text)\n", id);
		return NULL;
	}
	struct article *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->id = strdup(id);
	size_t i = parse_front_matter(a, text, n);

	/* Wire copy starts with "date YYYY-MM-DD ". */
	size_t k = i;
	while (k < n && is_space(text[k]))
		k++;
	if (n - k > 5 && memcmp(text + k, "date ", 5) == 0 && is_iso_date(text + k + 5, n - k - 5)) {
		if (!a->date)
			a->date = strndup(text + k + 5, 10);
		i = k + 15;
	}

	while (i < n) {
		/* A paragraph runs to the next blank line. */
		size_t start = i;
		size_t end = n;
		for (size_t j = i; j < n; j++) {
			if (text[j] != '\n')
				continue;
			size_t m = j + 1;
			while (m < n && (text[m] == ' ' || text[m] == '\t' || text[m] == '\r'))
				m++;
			if (m < n && text[m] == '\n') {
				end = j;
				break;
			}
		}
		add_paragraph(a, text + start, end - start);
		i = end + 1;
	}

	if (!a->title)
		a->title = strdup(id);
	if (!a->source)
		a->source = strdup("");
	if (!a->date)
		a->date = strdup("");
	if (!a->url)
		a->url = strdup("");
	if (a->failed || !a->id || !a->title || !a->source || !a->date || !a->url) {
		article_free(a);
		return NULL;
	}
	if (a->n_paragraphs == 0) {
		if (errors)
			strbuf_printf(errors, "articles/%s.txt: no text\n", id);
		article_free(a);
		return NULL;
	}
	strbuf_free(&a->scratch);
	a->view = (struct kb_article){
		.id = a->id, .title = a->title, .source = a->source, .date = a->date,
		.url = a->url, .paragraphs = a->paragraphs, .n_paragraphs = a->n_paragraphs,
	};
	return a;
}

const struct kb_article *article_view(const struct article *a)
{
	return &a->view;
}

void article_set_curated(struct article *a, bool curated)
{
	a->view.curated = curated;
}

void article_free(struct article *a)
{
	if (!a)
		return;
	for (size_t p = 0; p < a->n_paragraphs; p++) {
		for (size_t s = 0; s < a->paragraphs[p].n_sentences; s++)
			free((char *)a->paragraphs[p].sentences[s].text);
		free((void *)a->paragraphs[p].sentences);
	}
	free(a->paragraphs);
	free(a->id);
	free(a->title);
	free(a->source);
	free(a->date);
	free(a->url);
	strbuf_free(&a->scratch);
	free(a);
}
