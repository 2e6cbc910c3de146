/* knowledge/facts: the curated facts files, and how every malformed fact
 * is reported (file, fact, reason). Each case writes a scratch knowledge
 * directory with one invented article and loads it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "knowledge/article.h"
#include "knowledge/facts.h"
#include "knowledge/kb.h"
#include "tests/kbdir.h"

static const char article[] =
	"title: Vessa\n---\n"
	"The Vessa Water Board backs the Kestrian League. Kestria is allied with Norland.\n\n"
	"\xE2\x80\x9CWe will build the dam,\xE2\x80\x9D said Ada Marrow, the board's chair. "
	"The dam opens in May 2025 and will cost 4,000 crowns.\n";

/* Two entities; the %s slots let a case add fields, facts or sections. */
#define ENTITIES                                                                         \
	"{\"id\": \"board\", \"name\": \"Vessa Water Board\", \"kind\": \"org\",\n"      \
	" \"description\": \"A water board.\", \"quote\": \"The Vessa Water Board\"},\n" \
	"{\"id\": \"league\", \"name\": \"Kestrian League\", \"kind\": \"group\",\n"     \
	" \"aliases\": [\"League\"], \"description\": \"A league.\",\n"                  \
	" \"quote\": \"the Kestrian League\"}"

#define RELATION(extra) \
	"{\"subject\": \"board\", \"predicate\": \"backs\", \"object\": \"league\"" extra \
	", \"quote\": \"backs the Kestrian League\"}"

static const char good[] =
	"{\"article\": \"vessa\",\n"
	"\"entities\": [" ENTITIES ",\n"
	"  {\"id\": \"ada\", \"name\": \"Ada Marrow\", \"kind\": \"person\", \"role\": \"chair\",\n"
	"   \"description\": \"The board's chair.\", \"quote\": \"said Ada Marrow\"}],\n"
	"\"relations\": [" RELATION("") "],\n"
	"\"stakes\": [{\"place\": \"board\", \"text\": \"the dam\", \"quote\": \"build the dam\"}],\n"
	"\"quotes\": [{\"speaker\": \"ada\", \"text\": \"We will build the dam\", \"topic\": \"dam\",\n"
	"  \"quote\": \"We will build the dam\"}],\n"
	"\"events\": [{\"when\": \"May 2025\", \"date\": \"2025-05\", \"place\": null,\n"
	"  \"text\": \"the dam opens\", \"quote\": \"The dam opens in May 2025\"}],\n"
	"\"numbers\": [{\"value\": \"4,000 crowns\", \"what\": \"the dam's cost\",\n"
	"  \"quote\": \"cost 4,000 crowns\"}]}\n";

/* Loads the article with `facts`; returns the knowledge base (or NULL) and
 * the error text in *errors (caller frees). */
static struct kb *load(const char *facts, char **errors)
{
	struct strbuf err = {0};
	struct kb *kb = kbdir_load("vessa", article, facts, &err);
	*errors = strbuf_steal(&err);
	return kb;
}

/* The facts file must be rejected with every `want` in the message. */
static void assert_rejected(const char *facts, const char *const *want)
{
	char *errors;
	struct kb *kb = load(facts, &errors);
	if (kb)
		fprintf(stderr, "loaded, but should not have:\n%s\n", facts);
	assert_null(kb);
	for (; *want; want++) {
		if (!strstr(errors, *want))
			fprintf(stderr, "missing \"%s\" in:\n%s", *want, errors);
		assert_non_null(strstr(errors, *want));
	}
	free(errors);
}

#define REJECTED(facts, ...) assert_rejected(facts, (const char *const[]){ __VA_ARGS__, NULL })

/* A facts file with the two entities and one relation given in full. */
static char *with_relation(const char *relation)
{
	struct strbuf sb = {0};
	strbuf_printf(&sb, "{\"entities\": [%s],\n\"relations\": [\n%s]}\n", ENTITIES, relation);
	return strbuf_steal(&sb);
}

static void test_good_file_loads_every_kind(void **state)
{
	char *errors;
	struct kb *kb = load(good, &errors);
	if (!kb)
		fprintf(stderr, "%s", errors);
	assert_non_null(kb);
	assert_string_equal(errors, "");
	assert_true(kb_article_at(kb, 0)->curated);
	assert_int_equal(kb_entity_count(kb), 3);
	assert_int_equal(kb_relation_count(kb), 1);
	assert_int_equal(kb_stake_count(kb), 1);
	assert_int_equal(kb_quote_count(kb), 1);
	assert_int_equal(kb_event_count(kb), 1);
	assert_int_equal(kb_number_count(kb), 1);

	const struct kb_relation *r = kb_relation_at(kb, 0);
	assert_string_equal(r->subject->id, "board");
	assert_string_equal(r->object->id, "league");
	assert_int_equal(r->predicate, KB_BACKS);
	assert_false(r->negated);
	assert_false(r->extracted);
	assert_string_equal(r->object_text, "");
	assert_int_equal(r->cite.sentence->paragraph, 1);
	assert_int_equal(r->cite.sentence->index, 1);
	const struct kb_entity *league = kb_entity_at(kb, 1);
	assert_int_equal(league->kind, KB_GROUP);
	assert_int_equal(league->n_aliases, 1);
	assert_string_equal(league->aliases[0], "League");
	assert_string_equal(kb_entity_at(kb, 2)->role, "chair");
	const struct kb_quote *q = kb_quote_at(kb, 0);
	assert_true(q->direct);
	assert_string_equal(q->speaker->id, "ada");
	assert_int_equal(q->cite.sentence->paragraph, 2);
	assert_null(kb_event_at(kb, 0)->place);
	assert_string_equal(kb_event_at(kb, 0)->date, "2025-05");
	assert_string_equal(kb_number_at(kb, 0)->value, "4,000 crowns");
	/* A curated article is not mined by extraction. */
	for (size_t i = 0; i < kb_relation_count(kb); i++)
		assert_false(kb_relation_at(kb, i)->extracted);
	kb_free(kb);
	free(errors);
}

static void test_unknown_field(void **state)
{
	char *f = with_relation(RELATION(", \"negatd\": true"));
	REJECTED(f, "facts/vessa.json: relation 1 (board backs league): unknown field \"negatd\"");
	free(f);
	REJECTED("{\"entities\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": \"org\", "
		 "\"description\": \"d\", \"quote\": \"Norland\", \"colour\": \"red\"}]}",
		 "facts/vessa.json: entity 1 (x): unknown field \"colour\"");
}

static void test_wrong_type_or_missing(void **state)
{
	char *f = with_relation(RELATION(", \"negated\": \"yes\""));
	REJECTED(f, "facts/vessa.json: relation 1 (board backs league): "
		    "field \"negated\" has the wrong type");
	free(f);
	f = with_relation("{\"subject\": \"board\", \"predicate\": \"backs\", \"object\": 7, "
			  "\"quote\": \"backs\"}");
	REJECTED(f, "relation 1 (board backs ?): field \"object\" has the wrong type");
	free(f);
	f = with_relation("{\"subject\": \"board\", \"predicate\": \"backs\", \"object\": \"league\"}");
	REJECTED(f, "relation 1 (board backs league): missing field \"quote\"");
	free(f);
	f = with_relation(RELATION(", \"object_text\": \"\"") ", 42");
	REJECTED(f, "facts/vessa.json: relation 2 (? ? ?): is not a JSON object");
	free(f);
	/* Required strings may not be empty. */
	REJECTED("{\"entities\": [{\"id\": \"x\", \"name\": \"\", \"kind\": \"org\", "
		 "\"description\": \"d\", \"quote\": \"Norland\"}]}",
		 "entity 1 (x): field \"name\" has the wrong type or is empty");
	REJECTED("{\"entities\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": \"org\", "
		 "\"aliases\": [\"ok\", 3], \"description\": \"d\", \"quote\": \"Norland\"}]}",
		 "entity 1 (x): field \"aliases\"");
	REJECTED("{\"entities\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": \"planet\", "
		 "\"description\": \"d\", \"quote\": \"Norland\"}]}",
		 "entity 1 (x): kind must be country, person, group, org, place or other, "
		 "not \"planet\"");
	REJECTED("{\"entities\": [{\"id\": \"Bad Id\", \"name\": \"X\", \"kind\": \"org\", "
		 "\"description\": \"d\", \"quote\": \"Norland\"}]}",
		 "entity 1 (Bad Id): id \"Bad Id\" may use only a-z, 0-9 and '-'");
	REJECTED("{\"relations\": {}}", "facts/vessa.json: \"relations\" must be a list");
}

static void test_unknown_entity(void **state)
{
	char *f = with_relation("{\"subject\": \"board\", \"predicate\": \"backs\", "
				"\"object\": \"nobody\", \"quote\": \"backs the Kestrian League\"}");
	REJECTED(f, "facts/vessa.json: relation 1 (board backs nobody): unknown entity \"nobody\"");
	free(f);
	REJECTED("{\"entities\": [" ENTITIES "], \"stakes\": [{\"place\": \"kestria\", "
		 "\"text\": \"t\", \"quote\": \"Kestria\"}]}",
		 "facts/vessa.json: stake 1: unknown entity \"kestria\"");
}

static void test_unknown_predicate(void **state)
{
	char *f = with_relation("{\"subject\": \"board\", \"predicate\": \"likes\", "
				"\"object\": \"league\", \"quote\": \"backs the Kestrian League\"}");
	REJECTED(f, "facts/vessa.json: relation 1 (board likes league): unknown predicate \"likes\"");
	free(f);
}

static void test_duplicate_id(void **state)
{
	REJECTED("{\"entities\": [" ENTITIES ",\n"
		 "{\"id\": \"board\", \"name\": \"Board again\", \"kind\": \"org\", "
		 "\"description\": \"d\", \"quote\": \"Norland\"}]}",
		 "facts/vessa.json: entity 3 (board): id \"board\" is defined twice");
}

static void test_quote_not_in_article(void **state)
{
	char *f = with_relation("{\"subject\": \"board\", \"predicate\": \"backs\", "
				"\"object\": \"league\", \"quote\": \"backs the Kestrian Leaguе\"}");
	/* The last letter above is a Cyrillic "е": not the article's text. */
	REJECTED(f, "facts/vessa.json: relation 1 (board backs league): quote not found in the article",
		 "backs the Kestrian Leagu");
	free(f);
	/* A quote across two sentences is not "within one sentence". */
	f = with_relation("{\"subject\": \"board\", \"predicate\": \"allied_with\", "
			  "\"object\": \"league\", \"quote\": \"League. Kestria\"}");
	REJECTED(f, "relation 1 (board allied_with league): quote not found");
	free(f);
	/* Case matters: quotes are copied exactly. */
	REJECTED("{\"entities\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": \"org\", "
		 "\"description\": \"d\", \"quote\": \"the vessa water board\"}]}",
		 "entity 1 (x): quote not found");
	REJECTED("{\"entities\": [" ENTITIES "], \"numbers\": [{\"value\": \"5\", \"what\": \"w\", "
		 "\"quote\": \"cost 5,000 crowns\"}]}",
		 "number 1 (5): quote not found");
}

static void test_invalid_json_names_the_line(void **state)
{
	REJECTED("{\"entities\": [\n"
		 "  {\"id\": \"x\",\n"
		 "   \"name\": \"X\" \"kind\": \"org\"}\n"
		 "]}\n",
		 "facts/vessa.json:3: not a valid JSON object");
	REJECTED("[1, 2]", "facts/vessa.json:1: not a valid JSON object");
	REJECTED("", "facts/vessa.json:1: not a valid JSON object");
	/* Reported once, not once per pass. */
	char *errors;
	assert_null(load("{", &errors));
	const char *first = strstr(errors, "not a valid JSON");
	assert_non_null(first);
	assert_null(strstr(first + 1, "not a valid JSON"));
	free(errors);
}

static void test_file_level_problems(void **state)
{
	REJECTED("{\"article\": \"other\"}",
		 "facts/vessa.json: says it is about article \"other\"");
	REJECTED("{\"entitys\": []}", "facts/vessa.json: unknown section \"entitys\"");
	/* Every problem is reported, not just the first. */
	char *f = with_relation(RELATION(", \"x\": 1") ",\n"
				"{\"subject\": \"board\", \"predicate\": \"hates\", "
				"\"object\": \"league\", \"quote\": \"backs\"}");
	REJECTED(f, "relation 1 (board backs league): unknown field \"x\"",
		 "relation 2 (board hates league): unknown predicate \"hates\"");
	free(f);
}

static void test_facts_load_return_codes(void **state)
{
	/* facts_load on its own: the article parsed here, the entities
	 * added to a knowledge base loaded from the bare article. */
	struct strbuf err = {0};
	struct kb *kb = kbdir_load("vessa", article, NULL, &err);
	assert_non_null(kb);
	struct article *a = article_parse("vessa", article, strlen(article), &err);
	assert_non_null(a);
	const struct kb_article *v = article_view(a);

	assert_int_equal(facts_load(kb, v, "{", 1, FACTS_ENTITIES, &err), BB_EPARSE);
	assert_int_equal(facts_load(kb, v, "{", 1, FACTS_REST, &err), BB_EPARSE);
	assert_int_equal(facts_load(kb, v, good, strlen(good), FACTS_ENTITIES, &err), 0);
	size_t relations = kb_relation_count(kb);
	assert_int_equal(facts_load(kb, v, good, strlen(good), FACTS_REST, &err), 0);
	assert_int_equal(kb_relation_count(kb), relations + 1);
	/* The same entities again: defined twice. */
	strbuf_truncate(&err, 0);
	assert_int_equal(facts_load(kb, v, good, strlen(good), FACTS_ENTITIES, &err), BB_ECHECK);
	assert_non_null(strstr(strbuf_str(&err), "is defined twice"));
	/* Only `len` bytes are read. */
	strbuf_truncate(&err, 0);
	assert_int_equal(facts_load(kb, v, "{}garbage", 2, FACTS_ENTITIES, &err), 0);
	assert_int_equal(err.len, 0);
	article_free(a);
	kb_free(kb);
	strbuf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file_loads_every_kind),
		cmocka_unit_test(test_unknown_field),
		cmocka_unit_test(test_wrong_type_or_missing),
		cmocka_unit_test(test_unknown_entity),
		cmocka_unit_test(test_unknown_predicate),
		cmocka_unit_test(test_duplicate_id),
		cmocka_unit_test(test_quote_not_in_article),
		cmocka_unit_test(test_invalid_json_names_the_line),
		cmocka_unit_test(test_file_level_problems),
		cmocka_unit_test(test_facts_load_return_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
