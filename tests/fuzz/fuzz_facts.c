/* libFuzzer target: a facts file (the input) checked against the seed
 * article. The seed article is parsed once; each input gets a fresh
 * knowledge base, loaded from a one-sentence scratch directory written
 * once, and both passes of facts_load. Checks: a rejected file always says
 * why, naming facts/ID.json; an accepted fact cites a sentence of the
 * seed article. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "knowledge/article.h"
#include "knowledge/facts.h"
#include "knowledge/kb.h"
#include "tests/kbdir.h"

struct fixture {
	char *dir;              /* the scratch knowledge directory */
	struct article *seed;
};

static struct fixture fx;

static void cleanup(void)
{
	kbdir_free(fx.dir);
	article_free(fx.seed);
}

static void setup(void)
{
	fx.dir = kbdir_new();
	if (!fx.dir || kbdir_write(fx.dir, "articles/base.txt", "A base.\n") < 0)
		abort();
	atexit(cleanup);
	char path[4096];
	snprintf(path, sizeof path, "%s/articles/sochi-2021.txt", kbdir_shipped());
	size_t len;
	char *text = kbdir_slurp(path, &len);
	fx.seed = text ? article_parse("sochi-2021", text, len, NULL) : NULL;
	free(text);
	if (!fx.seed)
		abort();
}

static bool in_seed(const struct kb_cite *c)
{
	const struct kb_article *a = article_view(fx.seed);
	if (c->article != a || !c->sentence)
		return false;
	for (size_t p = 0; p < a->n_paragraphs; p++)
		for (size_t s = 0; s < a->paragraphs[p].n_sentences; s++)
			if (&a->paragraphs[p].sentences[s] == c->sentence)
				return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fx.seed)
		setup();
	struct kb *kb = kb_load(fx.dir, NULL);
	if (!kb)
		abort();
	const struct kb_article *art = article_view(fx.seed);
	size_t before = kb_relation_count(kb);
	struct strbuf err = {0};
	int rc = facts_load(kb, art, (const char *)data, size, FACTS_ENTITIES, &err);
	int rc2 = facts_load(kb, art, (const char *)data, size, FACTS_REST, &err);
	if ((rc < 0 || rc2 < 0) && !err.failed &&
	    (err.len == 0 || !strstr(strbuf_str(&err), "facts/sochi-2021.json")))
		abort();
	if (rc == 0 && rc2 == 0 && err.len != 0)
		abort();
	for (size_t i = before; i < kb_relation_count(kb); i++)
		if (!in_seed(&kb_relation_at(kb, i)->cite))
			abort();
	for (size_t i = 0; i < kb_quote_count(kb); i++)
		if (!in_seed(&kb_quote_at(kb, i)->cite))
			abort();
	strbuf_free(&err);
	kb_free(kb);
	return 0;
}
