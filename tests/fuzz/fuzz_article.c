/* libFuzzer target: article_parse and article_split_sentences on arbitrary
 * bytes. Checks the splitter's promises: every sentence is non-empty,
 * trimmed, valid UTF-8 when the input is, numbered 1.. in its paragraph,
 * and the sentences of a paragraph appear in it in order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/utf8.h"
#include "knowledge/article.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

struct walk {
	const char *para;
	size_t n, at;
};

/* Each sentence is a trimmed, non-empty range of the paragraph, after the
 * previous one. */
static void check_range(void *user, const char *s, size_t n)
{
	struct walk *w = user;
	if (n == 0 || is_space(s[0]) || is_space(s[n - 1]))
		abort();
	if (s < w->para + w->at || s + n > w->para + w->n)
		abort();
	w->at = (size_t)(s - w->para) + n;
}

static void check_article(const struct kb_article *v, bool utf8)
{
	if (!v->id || !v->title || !v->source || !v->date || !v->url || v->n_paragraphs == 0)
		abort();
	for (size_t p = 0; p < v->n_paragraphs; p++) {
		const struct kb_paragraph *para = &v->paragraphs[p];
		if (para->n_sentences == 0 || (para->is_heading && para->n_sentences != 1))
			abort();
		for (size_t s = 0; s < para->n_sentences; s++) {
			const struct kb_sentence *x = &para->sentences[s];
			size_t len = strlen(x->text);
			if (x->paragraph != (int)p + 1 || x->index != (int)s + 1 || len == 0 ||
			    is_space(x->text[0]) || is_space(x->text[len - 1]))
				abort();
			if (utf8 && !utf8_valid(x->text, len))
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct strbuf err = {0};
	bool utf8 = utf8_valid(text, size);
	struct article *a = article_parse("fuzz", text, size, &err);
	if (a)
		check_article(article_view(a), utf8);
	else if (err.len == 0 && !err.failed)
		abort();   /* a rejection always says why (unless out of memory) */
	article_free(a);
	strbuf_free(&err);

	/* The splitter on the raw bytes, as one paragraph. */
	struct walk w = { .para = text, .n = size };
	article_split_sentences(text, size, check_range, &w);
	return 0;
}
