/* libFuzzer target: a facts file (the input) checked against the seed
 * article. The seed article is parsed once; each input gets a fresh
 * knowledge base, loaded from a one-sentence scratch directory written
 * once, and both passes of facts_load. Checks: a rejected file always says
 * why, naming facts/ID.json; an accepted fact cites a sentence of the
 * seed article. */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "knowledge/article.h"
#include "knowledge/facts.h"
#include "knowledge/kb.h"

struct fixture {
	char dir[256];
	struct article *seed;
};

static struct fixture fx;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	if (fx.dir[0])
		nftw(fx.dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	article_free(fx.seed);
}

static struct article *read_seed(void)
{
	const char *dir = getenv("BRIEFBOT_KNOWLEDGE");
	char path[4096];
	snprintf(path, sizeof path, "%s/articles/sochi-2021.txt", dir ? dir : BRIEFBOT_KNOWLEDGE_DIR);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf text = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_append(&text, buf, n);
	fclose(f);
	struct article *a = article_parse("sochi-2021", strbuf_str(&text), text.len, NULL);
	strbuf_free(&text);
	return a;
}

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(fx.dir, sizeof fx.dir, "%s/briefbot-fuzz-facts-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(fx.dir))
		abort();
	atexit(cleanup);
	char path[512];
	snprintf(path, sizeof path, "%s/articles", fx.dir);
	if (mkdir(path, 0700) < 0)
		abort();
	snprintf(path, sizeof path, "%s/articles/base.txt", fx.dir);
	FILE *f = fopen(path, "w");
	if (!f || fputs("A base.\n", f) < 0 || fclose(f) != 0)
		abort();
	fx.seed = read_seed();
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
