/* knowledge/extract: relation and people patterns over invented sentences,
 * into a knowledge base and as a facts-file skeleton. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "common/strbuf.h"
#include "knowledge/article.h"
#include "knowledge/extract.h"
#include "knowledge/kb.h"
#include "tests/kbdir.h"

/* Everything extract_article reports for a text, one line each:
 *   "Subject predicate Object" (with "not " before a negated predicate)
 *   "person Name | role | said"                                    */
static void on_relation(void *user, const struct extract_relation *r)
{
	strbuf_printf(user, "%s %s%s %s\n", r->subject, r->negated ? "not " : "",
		      kb_predicate_name(r->predicate), r->object);
}

static void on_person(void *user, const struct extract_person *p)
{
	strbuf_printf(user, "person %s | %s | %s\n", p->name, p->role, p->said ? p->said : "-");
}

static char *extracted(const char *text)
{
	struct strbuf out = {0};
	struct article *a = article_parse("x", text, strlen(text), NULL);
	assert_non_null(a);
	const struct extract_callbacks cb = { on_relation, on_person };
	assert_int_equal(extract_article(article_view(a), &cb, &out), 0);
	article_free(a);
	return strbuf_steal(&out);
}

static void assert_extracts(const char *text, const char *want)
{
	char *got = extracted(text);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "text: %s\ngot:\n%swant:\n%s", text, got, want);
	assert_string_equal(got, want);
	free(got);
}

/* ---- relation patterns --------------------------------------------------- */

static void test_x_backed_y(void **state)
{
	assert_extracts("Kestria-backed militias in Norland, however, retreated.",
			"Kestria backs militias in Norland\n");
	/* A lower-case word is not a backer. */
	assert_extracts("Then the well-backed militias retreated.", "");
}

static void test_y_backed_by_x(void **state)
{
	assert_extracts("The Red Hand, backed by Kestria, seized the port.",
			"Kestria backs Red Hand\n");
	/* No comma before "backed": not this pattern. */
	assert_extracts("The plan was backed by Kestria.", "");
}

static void test_y_is_backed_by_x_and_by_z(void **state)
{
	assert_extracts("Norland is supported by the Vessa League and by its ally Kestria.",
			"Vessa League backs Norland\nKestria backs Norland\nKestria allied_with Norland\n");
	assert_extracts("The Red Hand was funded by Kestria.", "Kestria backs Red Hand\n");
}

static void test_x_s_main_backer_is_y(void **state)
{
	assert_extracts("Norland\xE2\x80\x99s main backer is Kestria, which sent arms.",
			"Kestria backs Norland\n");
	assert_extracts("Kestria is Norland's chief sponsor.", "Kestria backs Norland\n");
	/* No possessive name: no relation. */
	assert_extracts("The main backer is Kestria.", "");
}

static void test_x_backs_y(void **state)
{
	assert_extracts("Kestria backs the Red Hand.", "Kestria backs Red Hand\n");
	assert_extracts("Kestria and Norland support the Vessa League.",
			"Norland backs Vessa League\nKestria backs Vessa League\n");
	/* a name after a preposition is not who backs */
	assert_extracts("Not everyone in Kestria backs the Red Hand.", "");
}

static void test_x_and_its_ally_y(void **state)
{
	assert_extracts("Norland and its ally, the Vessa League, continue to fight.",
			"Norland allied_with Vessa League\n");
	/* A name ends where the verb starts. */
	assert_extracts("Norland and its ally Brevia signed the pact.",
			"Norland allied_with Brevia\n");
}

static void test_x_is_an_ally_of_y(void **state)
{
	assert_extracts("Kestria is an ally of Norland.", "Kestria allied_with Norland\n");
	assert_extracts("Kestria, a close ally of Norland, protested.",
			"Kestria allied_with Norland\n");
	assert_extracts("Brevia is an Ostrian ally.", "Brevia allied_with Ostrian\n");
}

static void test_x_is_allied_with_y(void **state)
{
	assert_extracts("Brevia is allied with the Vessa League.",
			"Brevia allied_with Vessa League\n");
	assert_extracts("The Vessa League, which is allied with Brevia, held a vote.",
			"Vessa League allied_with Brevia\n");
	assert_extracts("Brevia is not allied with Kestria.", "Brevia not allied_with Kestria\n");
}

static void test_recognised_as_terrorist_by_list(void **state)
{
	assert_extracts("The Red Hand is recognised as a terrorist organisation by Kestria, "
			"Norland and the Vessa League.",
			"Kestria lists_terrorist Red Hand\n"
			"Norland lists_terrorist Red Hand\n"
			"Vessa League lists_terrorist Red Hand\n");
	assert_extracts("The Red Hand, which is designated as a terror group by Brevia, "
			"denies it.",
			"Brevia lists_terrorist Red Hand\n");
	assert_extracts("The Red Hand is not recognised as a terrorist organisation by Brevia.",
			"Brevia not lists_terrorist Red Hand\n");
	/* Recognised as something else: nothing. */
	assert_extracts("The Red Hand is recognised as a charity by Brevia.", "");
}

/* ---- people -------------------------------------------------------------- */

static void test_said_name_role(void **state)
{
	assert_extracts("\xE2\x80\x9CThe dam will hold,\xE2\x80\x9D said Ada Marrow, the chair of "
			"the board.",
			"person Ada Marrow | the chair of the board | The dam will hold\n");
	assert_extracts("The river is low, according to Ada Marrow, a hydrologist.",
			"person Ada Marrow | a hydrologist | -\n");
	/* One capitalised word is not a person's name. */
	assert_extracts("\"It is fine,\" says Marrow, the chair.", "");
}

/* A quotation given to "he" or "she" is the last named person's, in the
 * same paragraph or the next; not two paragraphs on, nor with no one
 * named before. */
static void test_pronoun_quote(void **state)
{
	(void)state;
	assert_extracts("\"We will rebuild,\" said Ada Marrow, the mayor. \"It will take years,\" "
			"she said.\n\n\"And it will be finer,\" she added.\n\nNothing more.\n\n"
			"\"Too late,\" he said.",
			"person Ada Marrow | the mayor | We will rebuild\n"
			"person Ada Marrow |  | It will take years\n"
			"person Ada Marrow |  | And it will be finer\n");
	assert_extracts("\"Too late,\" he said.", "");
	/* the one told is the listener, not the speaker */
	assert_extracts("\"We kept our word,\" he told Ada Marrow, a reporter.", "");
	/* a sentence opening on the last name of one named before, paragraphs
	 * on, makes them the one a "he said" quotes; a name inside a
	 * quotation does not */
	assert_extracts("\"We won,\" said Ada Marrow, the mayor.\n\n\"We lost,\" said Ivo "
			"Brandt, a lawyer. \"Marrow won fairly,\" he said.\n\nTurnout fell.\n\n"
			"Marrow thanked voters. \"It was hard,\" she said.",
			"person Ada Marrow | the mayor | We won\n"
			"person Ivo Brandt | a lawyer | We lost\n"
			"person Ivo Brandt |  | Marrow won fairly\n"
			"person Ada Marrow |  | It was hard\n");
	/* (a hyphenated last name too) */
	assert_extracts("\"We won,\" said Ada Moss-Kerr, the mayor.\n\n\"We lost,\" said Ivo "
			"Brandt, a lawyer.\n\nMoss-Kerr, who has run the city since 2018, spoke. "
			"\"It was hard,\" she said.",
			"person Ada Moss-Kerr | the mayor | We won\n"
			"person Ivo Brandt | a lawyer | We lost\n"
			"person Ada Moss-Kerr |  | It was hard\n");
}

static void test_role_name_said(void **state)
{
	assert_extracts("The board's chief engineer, Tomas Reed, said the dam was safe.",
			"person Tomas Reed | The board's chief engineer | -\n");
}

static void test_name_a_role_said(void **state)
{
	assert_extracts("Ada Marrow, a retired hydrologist, said the river was low.",
			"person Ada Marrow | a retired hydrologist | -\n");
	/* A role that ends in a capitalised name of its own. */
	assert_extracts("Ada Marrow, a hydrologist at the University of Corvane, said the river "
			"was low.",
			"person Ada Marrow | a hydrologist at the University of Corvane | -\n");
}

static void test_before_who(void **state)
{
	assert_extracts("Norland's water minister, Tomas Reed, who led the talks, left early.",
			"person Tomas Reed | Norland's water minister | -\n");
	assert_extracts("Ada Marrow, the special envoy of the Vessa League, who chaired the "
			"talks, said the gap was small.",
			"person Ada Marrow | the special envoy of the Vessa League | -\n");
}

static void test_role_before_name(void **state)
{
	assert_extracts("The party is led by former radio presenter Ada Marrow.",
			"person Ada Marrow | former radio presenter | -\n");
	assert_extracts("Turnout was high, according to board chairwoman Ada Marrow.",
			"person Ada Marrow | board chairwoman | -\n");
	/* one capitalised word opening the sentence, or after a lowercase
	 * word, still qualifies the role; a two-word name does not */
	assert_extracts("Ferry captain Ada Marrow said the sea was calm.",
			"person Ada Marrow | Ferry captain | -\n");
	assert_extracts("Liberal group leader Ada Marrow said the plan was too big.",
			"person Ada Marrow | Liberal group leader | -\n");
	assert_extracts("The plan was backed by Liberal group leader Ada Marrow.",
			"person Ada Marrow | Liberal group leader | -\n");
	assert_extracts("It was opposed by Vessa League leader Ada Marrow.",
			"person Ada Marrow | leader | -\n");
	/* a capitalised title opening the name */
	assert_extracts("After that, President Ada Marrow vowed to rebuild.",
			"person Ada Marrow | President | -\n");
	/* not a role ("the new"), and a group's name is not a person's */
	assert_extracts("The new Halvik Dam was built in 2020.", "");
	assert_extracts("Secretary General Ada Marrow spoke.", "");
	assert_extracts("It was led by the far-right Norland Freedom Party.", "");
}

/* ---- into a knowledge base, and as JSON ---------------------------------- */

static const char story[] =
	"The Red Hand, backed by Kestria, seized the port. Norland is an ally of Kestria.\n\n"
	"The Red Hand is recognised as a terrorist organisation by Norland.\n\n"
	"\xE2\x80\x9CThe dam will hold,\xE2\x80\x9D said Ada Marrow, the chair of the board.\n";

static void test_into_kb(void **state)
{
	struct kb *kb = kbdir_load("port", story, NULL, NULL);
	assert_non_null(kb);
	assert_false(kb_article_at(kb, 0)->curated);
	assert_int_equal(kb_relation_count(kb), 3);
	for (size_t i = 0; i < kb_relation_count(kb); i++)
		assert_true(kb_relation_at(kb, i)->extracted);
	const struct kb_relation *r = kb_relation_at(kb, 0);
	assert_string_equal(r->subject->id, "kestria");
	assert_int_equal(r->predicate, KB_BACKS);
	assert_string_equal(r->object->id, "red-hand");
	assert_string_equal(r->object->name, "Red Hand");
	assert_int_equal(r->cite.sentence->paragraph, 1);
	assert_int_equal(r->cite.sentence->index, 1);
	/* The same name is the same entity. */
	assert_ptr_equal(kb_relation_at(kb, 1)->object, r->subject);
	assert_ptr_equal(kb_relation_at(kb, 2)->object, r->object);
	assert_ptr_equal(kb_relation_at(kb, 2)->subject, kb_relation_at(kb, 1)->subject);

	/* The person, findable by the last name, with the quote. */
	const struct kb_entity *ada = kb_entity_find(kb, "Marrow");
	assert_non_null(ada);
	assert_string_equal(ada->id, "ada-marrow");
	assert_int_equal(ada->kind, KB_PERSON);
	assert_string_equal(ada->role, "the chair of the board");
	assert_int_equal(kb_quote_count(kb), 1);
	assert_ptr_equal(kb_quote_at(kb, 0)->speaker, ada);
	assert_string_equal(kb_quote_at(kb, 0)->text, "The dam will hold");
	kb_free(kb);
}

static void test_print_json(void **state)
{
	struct article *a = article_parse("port", story, strlen(story), NULL);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_int_equal(extract_print_json(article_view(a), out), 0);
	fclose(out);
	cJSON *root = cJSON_Parse(buf);
	assert_non_null(root);
	assert_string_equal(cJSON_GetObjectItem(root, "article")->valuestring, "port");
	const cJSON *ents = cJSON_GetObjectItem(root, "entities");
	const cJSON *rels = cJSON_GetObjectItem(root, "relations");
	const cJSON *quotes = cJSON_GetObjectItem(root, "quotes");
	/* kestria, red-hand, norland, ada-marrow: each once. */
	assert_int_equal(cJSON_GetArraySize(ents), 4);
	assert_int_equal(cJSON_GetArraySize(rels), 3);
	assert_int_equal(cJSON_GetArraySize(quotes), 1);
	const cJSON *r0 = cJSON_GetArrayItem(rels, 0);
	assert_string_equal(cJSON_GetObjectItem(r0, "subject")->valuestring, "kestria");
	assert_string_equal(cJSON_GetObjectItem(r0, "predicate")->valuestring, "backs");
	assert_string_equal(cJSON_GetObjectItem(r0, "object")->valuestring, "red-hand");
	assert_string_equal(cJSON_GetObjectItem(r0, "quote")->valuestring,
			    "The Red Hand, backed by Kestria, seized the port.");
	const cJSON *q = cJSON_GetArrayItem(quotes, 0);
	assert_string_equal(cJSON_GetObjectItem(q, "speaker")->valuestring, "ada-marrow");
	cJSON_Delete(root);
	free(buf);
	article_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x_backed_y),
		cmocka_unit_test(test_y_backed_by_x),
		cmocka_unit_test(test_y_is_backed_by_x_and_by_z),
		cmocka_unit_test(test_x_s_main_backer_is_y),
		cmocka_unit_test(test_x_backs_y),
		cmocka_unit_test(test_x_and_its_ally_y),
		cmocka_unit_test(test_x_is_an_ally_of_y),
		cmocka_unit_test(test_x_is_allied_with_y),
		cmocka_unit_test(test_recognised_as_terrorist_by_list),
		cmocka_unit_test(test_said_name_role),
		cmocka_unit_test(test_pronoun_quote),
		cmocka_unit_test(test_role_name_said),
		cmocka_unit_test(test_name_a_role_said),
		cmocka_unit_test(test_role_before_name),
		cmocka_unit_test(test_before_who),
		cmocka_unit_test(test_into_kb),
		cmocka_unit_test(test_print_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
