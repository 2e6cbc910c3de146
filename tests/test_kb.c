/* knowledge/kb: loading and validating a knowledge directory, lookups, and
 * the promise that every curated fact cites a sentence holding its quote. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "common/strbuf.h"
#include "knowledge/kb.h"
#include "knowledge/kb_build.h"
#include "knowledge/text.h"
#include "tests/kbdir.h"

/* ---- the shipped knowledge base ------------------------------------------ */

static void test_loads_shipped_dir(void **state)
{
	const struct kb *kb = *state;
	assert_int_equal(kb_article_count(kb), 1);
	const struct kb_article *a = kb_article_at(kb, 0);
	assert_string_equal(a->id, "sochi-2021");
	assert_true(a->curated);
	assert_null(kb_article_at(kb, 1));
	assert_int_equal(kb_sentence_count(kb), 28);
	assert_true(kb_entity_count(kb) >= 10);
	assert_true(kb_relation_count(kb) >= 10);
	assert_true(kb_stake_count(kb) >= 1);
	assert_null(kb_entity_at(kb, kb_entity_count(kb)));
	assert_null(kb_relation_at(kb, kb_relation_count(kb)));
	kb_free(NULL);
}

static void assert_finds(const struct kb *kb, const char *name, const char *id)
{
	const struct kb_entity *e = kb_entity_find(kb, name);
	if (!e || strcmp(e->id, id) != 0)
		fprintf(stderr, "kb_entity_find(\"%s\") = %s, want %s\n", name, e ? e->id : "NULL", id);
	assert_non_null(e);
	assert_string_equal(e->id, id);
}

static void test_entity_find_by_alias(void **state)
{
	const struct kb *kb = *state;
	assert_finds(kb, "turkey", "turkey");
	assert_finds(kb, "ANKARA", "turkey");
	assert_finds(kb, "Ankara!", "turkey");
	assert_finds(kb, "Turkey\xE2\x80\x99s", "turkey");           /* Turkey’s */
	assert_finds(kb, "T\xC3\xBCrkiye", "turkey");                /* Türkiye */
	assert_finds(kb, "the kremlin", "russia");
	assert_finds(kb, "U.S.", "us");
	assert_finds(kb, "u.s.", "us");
	assert_finds(kb, "US", "us");
	assert_finds(kb, "united states", "us");
	assert_finds(kb, "Erdo\xC4\x9F" "an", "erdogan");
	assert_finds(kb, "  erdogan  ", "erdogan");
	assert_finds(kb, "KAMAL-ALAM", "kamal-alam");                /* the id */
	assert_finds(kb, "Bashar al-Assad", "bashar-al-assad");
	assert_finds(kb, "us", "us");                                /* the id, any case */
	/* Two names, or nothing known, or no words: not one entity. */
	assert_null(kb_entity_find(kb, "Putin and Erdogan"));
	assert_null(kb_entity_find(kb, "Narnia"));
	assert_null(kb_entity_find(kb, ""));
	assert_null(kb_entity_find(kb, "?!"));
}

/* A place and the word for its people, either way round, when the
 * article uses the other: "syria" and "Syrian", "russian" and "Russia";
 * not a word the article never uses. */
static void test_demonyms(void **state)
{
	const struct kb *kb = *state;
	char out[TEXT_MAX_WORD + 1];
	assert_true(kb_demonym(kb, "syria", out));
	assert_string_equal(out, "syrian");
	assert_true(kb_demonym(kb, "russian", out));
	assert_string_equal(out, "russia");
	assert_false(kb_demonym(kb, "narnia", out));
	assert_false(kb_demonym(kb, "war", out));
}

static void test_article_find_by_prefix(void **state)
{
	const struct kb *kb = *state;
	const struct kb_article *a = kb_article_at(kb, 0);
	assert_ptr_equal(kb_article_find(kb, "sochi-2021"), a);
	assert_ptr_equal(kb_article_find(kb, "sochi"), a);
	assert_ptr_equal(kb_article_find(kb, "s"), a);
	assert_null(kb_article_find(kb, "sochi-2022"));
	assert_null(kb_article_find(kb, "sochi-2021x"));
	assert_null(kb_article_find(kb, ""));

	/* Two articles sharing a prefix: the prefix is ambiguous, the full
	 * id is not, and an id that is a prefix of another still wins. */
	char *dir = kbdir_new();
	assert_int_equal(kbdir_write(dir, "articles/vessa.txt", "The dam held."), 0);
	assert_int_equal(kbdir_write(dir, "articles/vessa-2.txt", "The dam broke."), 0);
	assert_int_equal(kbdir_write(dir, "articles/kestria.txt", "Kestria voted."), 0);
	struct kb *two = kb_load(dir, NULL);
	kbdir_free(dir);
	assert_non_null(two);
	assert_int_equal(kb_article_count(two), 3);
	/* Sorted by id. */
	assert_string_equal(kb_article_at(two, 0)->id, "kestria");
	assert_string_equal(kb_article_at(two, 1)->id, "vessa");
	assert_string_equal(kb_article_at(two, 2)->id, "vessa-2");
	assert_null(kb_article_find(two, "ves"));
	assert_string_equal(kb_article_find(two, "vessa")->id, "vessa");
	assert_string_equal(kb_article_find(two, "vessa-")->id, "vessa-2");
	assert_string_equal(kb_article_find(two, "k")->id, "kestria");
	assert_int_equal(kb_sentence_count(two), 3);
	kb_free(two);
}

/* Does `s` belong to article `a`? */
static bool sentence_in(const struct kb_article *a, const struct kb_sentence *s)
{
	for (size_t p = 0; p < a->n_paragraphs; p++)
		for (size_t k = 0; k < a->paragraphs[p].n_sentences; k++)
			if (&a->paragraphs[p].sentences[k] == s)
				return true;
	return false;
}

static const struct kb_cite *cite_of(const struct kb *kb, const char *section, size_t i)
{
#define CITE(name, fn) if (!strcmp(section, name)) return fn(kb, i) ? &fn(kb, i)->cite : NULL
	CITE("entities", kb_entity_at);
	CITE("relations", kb_relation_at);
	CITE("stakes", kb_stake_at);
	CITE("quotes", kb_quote_at);
	CITE("events", kb_event_at);
	CITE("numbers", kb_number_at);
#undef CITE
	return NULL;
}

static void test_every_fact_cites_its_quote(void **state)
{
	const struct kb *kb = *state;
	const struct kb_article *art = kb_article_find(kb, "sochi-2021");
	char path[4096];
	snprintf(path, sizeof path, "%s/facts/sochi-2021.json", kbdir_shipped());
	char *json = kbdir_slurp(path, NULL);
	assert_non_null(json);
	cJSON *root = cJSON_Parse(json);
	assert_non_null(root);
	static const char *const sections[] = {
		"entities", "relations", "stakes", "quotes", "events", "numbers",
	};
	size_t checked = 0;
	for (size_t s = 0; s < sizeof sections / sizeof *sections; s++) {
		const cJSON *list = cJSON_GetObjectItem(root, sections[s]);
		size_t i = 0;
		for (const cJSON *fact = list ? list->child : NULL; fact; fact = fact->next, i++) {
			const char *quote = cJSON_GetObjectItem(fact, "quote")->valuestring;
			const struct kb_cite *c = cite_of(kb, sections[s], i);
			assert_non_null(c);
			assert_ptr_equal(c->article, art);
			assert_non_null(c->sentence);
			assert_true(sentence_in(art, c->sentence));
			if (!strstr(c->sentence->text, quote))
				fprintf(stderr, "%s %zu: \"%s\" not in p%d.s%d\n", sections[s], i + 1,
					quote, c->sentence->paragraph, c->sentence->index);
			assert_non_null(strstr(c->sentence->text, quote));
			checked++;
		}
		/* No more facts of this kind than the file holds. */
		assert_null(cite_of(kb, sections[s], i));
	}
	assert_true(checked > 50);
	cJSON_Delete(root);
	free(json);
}

static void test_predicates(void **state)
{
	for (int p = 0; p < KB_PREDICATE_COUNT; p++) {
		const char *name = kb_predicate_name((enum kb_predicate)p);
		assert_non_null(name);
		assert_int_equal(kb_predicate_parse(name), p);
		assert_string_not_equal(kb_predicate_phrase((enum kb_predicate)p, false),
					kb_predicate_phrase((enum kb_predicate)p, true));
	}
	assert_string_equal(kb_predicate_phrase(KB_BACKS, true), "does not back");
	assert_int_equal(kb_predicate_parse("likes"), -1);
	assert_int_equal(kb_predicate_parse(""), -1);
	assert_null(kb_predicate_name(KB_PREDICATE_COUNT));
	assert_string_equal(kb_predicate_phrase(KB_PREDICATE_COUNT, false), "?");
}

/* ---- directories that do not load ---------------------------------------- */

static void assert_load_fails(const char *dir, const char *want)
{
	struct strbuf err = {0};
	struct kb *kb = kb_load(dir, &err);
	assert_null(kb);
	if (!strstr(strbuf_str(&err), want))
		fprintf(stderr, "want \"%s\" in:\n%s", want, strbuf_str(&err));
	assert_non_null(strstr(strbuf_str(&err), want));
	strbuf_free(&err);
	/* Errors may be NULL. */
	assert_null(kb_load(dir, NULL));
}

static void test_bad_directories(void **state)
{
	assert_load_fails("/nonexistent/briefbot", "/nonexistent/briefbot: not a knowledge directory: "
			  "No such file or directory");
	assert_load_fails(NULL, "not a knowledge directory");

	char *dir = kbdir_new();
	/* An empty articles folder. */
	assert_load_fails(dir, "/articles: no articles (*.txt) found");
	/* Files that are not articles do not count. */
	assert_int_equal(kbdir_write(dir, "articles/README.md", "notes"), 0);
	assert_int_equal(kbdir_write(dir, "articles/.hidden.txt", "Hidden text."), 0);
	assert_load_fails(dir, "no articles (*.txt) found");
	/* An article that cannot be read (a folder named like one). */
	char path[4200];
	snprintf(path, sizeof path, "%s/articles/x.txt", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_load_fails(dir, "articles/x.txt: not a regular file");
	rmdir(path);
	/* Not UTF-8, and empty. */
	assert_int_equal(kbdir_write(dir, "articles/latin1.txt", "Caf\xE9 society."), 0);
	assert_int_equal(kbdir_write(dir, "articles/void.txt", "\n\n"), 0);
	assert_load_fails(dir, "articles/latin1.txt: not valid UTF-8");
	assert_load_fails(dir, "articles/void.txt: no text");
	kbdir_free(dir);

	/* A file where a folder should be, and a folder without articles/. */
	dir = kbdir_new();
	snprintf(path, sizeof path, "%s/articles", dir);
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(kbdir_write(dir, "articles", "not a folder"), 0);
	assert_load_fails(dir, "/articles: cannot open the articles folder: Not a directory");
	assert_int_equal(remove(path), 0);
	assert_load_fails(dir, "/articles: cannot open the articles folder: No such file");
	/* The knowledge directory itself a file. */
	snprintf(path, sizeof path, "%s/facts/plain", dir);
	assert_int_equal(kbdir_write(dir, "facts/plain", "x"), 0);
	assert_load_fails(path, "not a knowledge directory");
	kbdir_free(dir);

	/* A facts file that cannot be read. */
	dir = kbdir_with("vessa", "The dam held.", NULL);
	snprintf(path, sizeof path, "%s/facts/vessa.json", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_load_fails(dir, "facts/vessa.json: not a regular file");
	kbdir_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loads_shipped_dir),
		cmocka_unit_test(test_entity_find_by_alias),
		cmocka_unit_test(test_demonyms),
		cmocka_unit_test(test_article_find_by_prefix),
		cmocka_unit_test(test_every_fact_cites_its_quote),
		cmocka_unit_test(test_predicates),
		cmocka_unit_test(test_bad_directories),
	};
	return cmocka_run_group_tests(tests, kbdir_setup_shipped, kbdir_teardown_shipped);
}
