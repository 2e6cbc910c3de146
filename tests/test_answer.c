/* knowledge/answer: the engine's behaviour on the shipped knowledge base —
 * bad input, refusals, citations, short answers, typos and shorthand. Not
 * a lookup table of answers (tests/qa/ is the exam); the typo and shorthand
 * examples here are not taken from the files in tests/qa/. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/strbuf.h"
#include "common/utf8.h"
#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "tests/kbdir.h"

#define SHORT_ANSWER_MAX 160

/* Asks, and checks what holds for every answer: a message, valid UTF-8,
 * at least one citation when found, at most one (what the article does
 * say) when refused, none for bad input; each a real sentence of the
 * knowledge base. */
static void ask_n(const struct kb *kb, const char *q, struct answer *a)
{
	assert_int_equal(answer_question(kb, q, a), 0);
	assert_non_null(a->text);
	assert_true(a->text[0] != '\0');
	assert_true(utf8_valid(a->text, strlen(a->text)));
	assert_true(a->n_cites <= ANSWER_MAX_CITES);
	if (a->status == ANSWER_BAD_INPUT)
		assert_int_equal(a->n_cites, 0);
	if (a->status == ANSWER_UNKNOWN)
		assert_true(a->n_cites <= 1);
	if (a->status == ANSWER_FOUND && a->n_cites == 0)
		fprintf(stderr, "found without a citation: %s -> %s\n", q, a->text);
	assert_true(a->status != ANSWER_FOUND || a->n_cites >= 1);
	for (size_t i = 0; i < a->n_cites; i++) {
		assert_non_null(a->cites[i].sentence);
		assert_true(kbdir_real_sentence(kb, &a->cites[i]));
	}
}

static enum answer_status status_of(const struct kb *kb, const char *q, const char *must_say)
{
	struct answer a;
	ask_n(kb, q, &a);
	if (must_say && !strstr(a.text, must_say))
		fprintf(stderr, "\"%s\" -> \"%s\", want \"%s\" in it\n", q, a.text, must_say);
	if (must_say)
		assert_non_null(strstr(a.text, must_say));
	enum answer_status st = a.status;
	answer_free(&a);
	return st;
}

/* The answer to `q` opens with `prefix` (or, with opens false, does not). */
static void expect_opening(const struct kb *kb, const char *q, const char *prefix, bool opens)
{
	struct answer a;
	ask_n(kb, q, &a);
	bool does = strncmp(a.text, prefix, strlen(prefix)) == 0;
	if (does != opens)
		fprintf(stderr, "\"%s\" -> \"%s\", want it %sto open with \"%s\"\n", q, a.text,
			opens ? "" : "not ", prefix);
	assert_int_equal(does, opens);
	answer_free(&a);
}

/* The answer to `q` does not hold `part`. */
static void expect_without(const struct kb *kb, const char *q, const char *part)
{
	struct answer a;
	ask_n(kb, q, &a);
	if (strstr(a.text, part))
		fprintf(stderr, "\"%s\" -> \"%s\", want no \"%s\" in it\n", q, a.text, part);
	assert_null(strstr(a.text, part));
	answer_free(&a);
}

/* ---- bad input ----------------------------------------------------------- */

static void test_bad_input(void **state)
{
	const struct kb *kb = *state;
	assert_int_equal(status_of(kb, "", "Ask me a question"), ANSWER_BAD_INPUT);
	assert_int_equal(status_of(kb, "   \t\n ", "Ask me a question"), ANSWER_BAD_INPUT);
	assert_int_equal(status_of(kb, NULL, "Ask me a question"), ANSWER_BAD_INPUT);
	assert_int_equal(status_of(kb, "?!?!", "I need some words"), ANSWER_BAD_INPUT);
	assert_int_equal(status_of(kb, "... --- \xE2\x80\x94 !!!", "I need some words"),
			 ANSWER_BAD_INPUT);
	static const char *const not_utf8[] = {
		"who backs the \xFF YPG?",
		"\x80",
		"trailing \xC3",
		"overlong \xC0\xAF",
		"surrogate \xED\xA0\x80",
		"too high \xF4\x90\x80\x80",
	};
	for (size_t i = 0; i < sizeof not_utf8 / sizeof *not_utf8; i++)
		assert_int_equal(status_of(kb, not_utf8[i], "not valid UTF-8"), ANSWER_BAD_INPUT);

	/* 100 KB: refused by its length, before anything else. */
	size_t big = 100 * 1024;
	char *q = malloc(big + 1);
	for (size_t i = 0; i < big; i++)
		q[i] = "who backs the YPG? "[i % 19];
	q[big] = '\0';
	assert_int_equal(status_of(kb, q, "too long"), ANSWER_BAD_INPUT);
	/* The limit itself is fine; one byte more is not. */
	q[ANSWER_MAX_QUESTION] = '\0';
	assert_int_not_equal(status_of(kb, q, NULL), ANSWER_BAD_INPUT);
	q[ANSWER_MAX_QUESTION] = 'x';
	q[ANSWER_MAX_QUESTION + 1] = '\0';
	assert_int_equal(status_of(kb, q, "too long"), ANSWER_BAD_INPUT);
	free(q);
}

/* ---- refusals ------------------------------------------------------------ */

static void test_refuses_off_topic(void **state)
{
	const struct kb *kb = *state;
	static const char *const off_topic[] = {
		"what's the weather in Paris tomorrow?",
		"who won the world cup in 2018",
		"how do I bake sourdough bread",
		"who is the president of France?",
		"what is the capital of Australia",
		"how many moons does Jupiter have?",
		"does Kestria back the Vessa League?",
		"xyzzy plugh",
	};
	for (size_t i = 0; i < sizeof off_topic / sizeof *off_topic; i++) {
		struct answer a;
		ask_n(kb, off_topic[i], &a);
		if (a.status != ANSWER_UNKNOWN)
			fprintf(stderr, "not refused: %s -> %s\n", off_topic[i], a.text);
		assert_int_equal(a.status, ANSWER_UNKNOWN);
		assert_string_equal(a.text, ANSWER_REFUSAL);
		assert_null(a.detail);
		answer_free(&a);
	}
}

static void test_refusal_says_what_the_article_says(void **state)
{
	const struct kb *kb = *state;
	struct answer a;
	/* the article names Kamal Alam and Idlib, never what he ate there */
	ask_n(kb, "when did Kamal Alam arrive in Idlib?", &a);
	assert_int_equal(a.status, ANSWER_UNKNOWN);
	/* (a question that puts its verb first is quoted: "doesn't say when
	 * did he arrive" would not read) */
	assert_non_null(strstr(a.text, "The article doesn't answer “when did Kamal Alam arrive in "
				       "Idlib?”; it says: "));
	assert_int_equal(a.n_cites, 1);
	assert_non_null(strstr(a.cites[0].sentence->text, "Alam"));
	assert_non_null(strstr(a.cites[0].sentence->text, "Idlib"));
	answer_free(&a);
	/* one whose verb follows its subject reads on after "doesn't say" */
	ask_n(kb, "who arrested Kamal Alam in Idlib", &a);
	assert_int_equal(a.status, ANSWER_UNKNOWN);
	assert_non_null(strstr(a.text, "The article doesn't say who arrested Kamal Alam in Idlib; "
				       "it says: "));
	answer_free(&a);
	/* a topic the article does not name at all: the plain refusal */
	ask_n(kb, "who won the world cup in 2018", &a);
	assert_string_equal(a.text, ANSWER_REFUSAL);
	assert_int_equal(a.n_cites, 0);
	answer_free(&a);
}

/* ---- answer types, on an article with no facts file ------------------------ */

static const char typed_article[] =
	"title: Caldon talks\n---\n"
	"Talks between Arlan and Berro collapsed on Tuesday in the port city of Caldon.\n\n"
	"The back-to-back talks were chaired by Mira Tolk, the envoy of the Delta Forum.\n\n"
	"Nearly a million people fled the fighting, and three warplanes were lost.\n\n"
	"Arlan and Berro agreed on a cease-fire for the border villages.\n";

static void test_answer_types(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("caldon", typed_article, NULL, NULL);
	assert_non_null(kb);
	/* where -> a place, when -> a time, how many -> a quantity in words */
	assert_int_equal(status_of(kb, "where did the talks collapse?", "Caldon"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "when did the talks collapse?", "Tuesday"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how many people fled?", "million"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how many warplanes were lost?", "three"), ANSWER_FOUND);
	/* who -> the actor, not a place or a time */
	assert_int_equal(status_of(kb, "who chaired the talks?", "Mira Tolk"), ANSWER_FOUND);
	/* a spelling variant and a derived form: "ceasefire", "agreement" */
	assert_int_equal(status_of(kb, "what did Arlan and Berro agree on?", "cease-fire"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(kb, "is there a ceasefire?", "cease-fire"), ANSWER_FOUND);
	/* "back-to-back" says nothing about backing */
	assert_int_equal(status_of(kb, "who is backing Arlan?", NULL), ANSWER_UNKNOWN);
	/* a sentence that shares words but holds no answer of the type */
	assert_int_equal(status_of(kb, "how many talks collapsed in Caldon?", NULL), ANSWER_UNKNOWN);
	/* mentions do not reach the engine through the commands; here the
	 * engine itself reads a clean question */
	assert_int_equal(status_of(kb, "when were the warplanes lost?", NULL), ANSWER_UNKNOWN);
	kb_free(kb);
}

/* ---- every answer found cites the article -------------------------------- */

static void test_found_answers_cite_kb_sentences(void **state)
{
	const struct kb *kb = *state;
	/* Question templates: the words before and after a name. */
	static const char *const templates[][2] = {
		{ "who backs ", "?" }, { "who is ", "" }, { "what did ", " say?" },
		{ "who is allied with ", "" }, { "where is ", "" },
		{ "what is at stake for ", "?" }, { "does ", " back the YPG?" },
		{ "when did ", " meet?" }, { "how many people live in ", "?" },
		{ "tell me about ", "" }, { "", "" }, { "who does ", " oppose" },
		{ "is ", " a terrorist organisation?" },
	};
	size_t asked = 0, found = 0;
	char q[512];
	for (size_t e = 0; e < kb_entity_count(kb); e++) {
		const struct kb_entity *ent = kb_entity_at(kb, e);
		for (size_t t = 0; t < sizeof templates / sizeof *templates; t++) {
			snprintf(q, sizeof q, "%s%s%s", templates[t][0], ent->name,
				 templates[t][1]);
			struct answer a;
			ask_n(kb, q, &a);
			asked++;
			found += a.status == ANSWER_FOUND;
			assert_int_not_equal(a.status, ANSWER_BAD_INPUT);
			answer_free(&a);
		}
	}
	/* The templates fit most names: many answers were found, and
	 * checked. */
	assert_true(asked > 300);
	assert_true(found > asked / 4);
}

/* ---- single facts are short ---------------------------------------------- */

static void assert_short(const struct kb *kb, const char *q)
{
	struct answer a;
	ask_n(kb, q, &a);
	if (a.status != ANSWER_FOUND || strlen(a.text) > SHORT_ANSWER_MAX)
		fprintf(stderr, "%s -> (%zu bytes) %s\n", q, strlen(a.text), a.text);
	assert_int_equal(a.status, ANSWER_FOUND);
	assert_true(strlen(a.text) <= SHORT_ANSWER_MAX);
	answer_free(&a);
}

static void test_single_facts_are_short(void **state)
{
	const struct kb *kb = *state;
	char q[512];
	/* Who is every person? */
	size_t people = 0;
	for (size_t e = 0; e < kb_entity_count(kb); e++) {
		const struct kb_entity *ent = kb_entity_at(kb, e);
		if (ent->kind != KB_PERSON)
			continue;
		snprintf(q, sizeof q, "who is %s?", ent->name);
		assert_short(kb, q);
		people++;
	}
	assert_true(people >= 4);
	assert_short(kb, "how many Syrians live in Turkey?");
	assert_short(kb, "how many people live in Idlib");
	assert_short(kb, "how many votes did Assad get?");
	assert_short(kb, "who backs the YPG?");
	assert_short(kb, "when do Erdogan and Putin meet?");
}

/* A cut of a long sentence opens where the sentence or one of its
 * clauses does: no answer opens on "Trade protection dressed up" of
 * "\"Pure trade protection ...". */
static void test_cut_keeps_the_opening(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-sugar-2026",
				   "title: Varn challenges Ostria's sugar levy\n"
				   "date: 2026-07-15\n"
				   "---\n"
				   "\"Pure trade protection dressed up as health policy and nothing more,\" "
				   "Varn's Deputy Minister for International Economic Relations, Ilse Brand, "
				   "told reporters at the foreign ministry in Osland.\n\n"
				   "Ostria defended the levy on imported sugar.\n\n"
				   "The levy starts in July.\n",
				   NULL, NULL);
	assert_non_null(kb);
	/* (a deputy minister is asked as one: see test_another_rank) */
	expect_opening(kb, "who is varn's deputy trade minister", "\"Pure trade", true);
	kb_free(kb);
}

/* "what did X call Y" asks what X said of Y: a sentence that only names
 * X beside others says nothing X called it; "what was Y called" asks
 * Y's name. */
static void test_what_x_called_it(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("tarn-bridge-2026",
				   "title: Ostria opens the Tarn bridge\n"
				   "date: 2026-06-01\n"
				   "---\n"
				   "Ostria opened the Tarn bridge on Wednesday, a 4-kilometre road link "
				   "over the strait.\n\n"
				   "Varn's Prime Minister Ola Dahl and Lakeland's Premier Eva Lund joined "
				   "Ostrian President Ilse Brand for the ceremony, a sign of the bridge's "
				   "importance for trade between the two shores.\n\n"
				   "Brand described the bridge as a gift from Ostria to its neighbours.\n\n"
				   "The bridge cost about 2 billion crowns.\n\n"
				   "The old ferry had been built in Varn and was originally named Polstar "
				   "before the state bought it and renamed it.\n",
				   NULL, NULL);
	assert_non_null(kb);
	struct answer a;
	ask_n(kb, "what did the ostrian president call the bridge", &a);
	if (a.status == ANSWER_FOUND && !strstr(a.text, "gift"))
		fprintf(stderr, "not what she called it: %s\n", a.text);
	assert_true(a.status != ANSWER_FOUND || strstr(a.text, "gift"));
	answer_free(&a);
	assert_int_equal(status_of(kb, "what did brand call the bridge", "a gift"), ANSWER_FOUND);
	/* "what was it called" asks its name */
	assert_int_equal(status_of(kb, "what was the ferry called before the state bought it",
				   "Polstar"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* "who is NAME" of a name the article describes only in a clause of its
 * own: that clause ("Ola Brandt, who farms 900 hectares near Osby"), cut
 * from the name on */
static void test_who_is_described(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-wheat-2026",
				   "title: Varn slaps tariff on Ostrian wheat\n"
				   "date: 2026-04-09\n"
				   "---\n"
				   "Varn will impose a 25 percent tariff on Ostrian wheat from May 1.\n\n"
				   "\"We have got seed in the ground and now we do not know where a third "
				   "of it is going,\" said Ola Brandt, who farms 900 hectares near Osby "
				   "and chairs the region's growers' council.\n\n"
				   "Talks are due next month.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who is ola brandt", "farms 900 hectares"), ANSWER_FOUND);
	/* (opening on the name, not on the "said" that ends the quotation) */
	expect_opening(kb, "who is ola brandt", "Said", false);
	kb_free(kb);
}

/* ---- typos and shorthand ------------------------------------------------- */

/* A sloppy question gets the same answer as the clean one. */
static void assert_same_answer(const struct kb *kb, const char *clean, const char *sloppy,
			       const char *must_say)
{
	struct answer a, b;
	ask_n(kb, clean, &a);
	ask_n(kb, sloppy, &b);
	if (b.status != ANSWER_FOUND || strcmp(a.text, b.text) != 0)
		fprintf(stderr, "\"%s\" -> %s\n\"%s\" -> %s\n", clean, a.text, sloppy, b.text);
	assert_int_equal(a.status, ANSWER_FOUND);
	assert_int_equal(b.status, ANSWER_FOUND);
	assert_string_equal(a.text, b.text);
	assert_non_null(strstr(a.text, must_say));
	answer_free(&a);
	answer_free(&b);
}

static void test_typos_and_shorthand(void **state)
{
	const struct kb *kb = *state;
	/* typos in names and words */
	assert_same_answer(kb, "when do Erdogan and Putin meet", "when do erdogan and putn meet",
			   "Wednesday");
	assert_same_answer(kb, "how many Syrians live in Turkey", "how many syrains live in turky",
			   "3.7 million");
	assert_same_answer(kb, "who is Esref Yalinkilicli", "who is esref yalinkilicly",
			   "analyst");
	/* chat shorthand */
	assert_same_answer(kb, "what is at stake in Idlib", "wht is at stake in idlb", "Idlib");
	assert_same_answer(kb, "who is the Turkish president", "who is the turkish prez",
			   "Erdogan");
	assert_same_answer(kb, "who is backing the YPG", "whos backing the ypg", "United States");
}

/* Chat framing: fillers, the article named as "the story", a claim
 * asked about as "accurate", two things asked about as "tied" to each
 * other and a closing "or not" are understood rather than refused. */
static void test_chat_framing_and_links(void **state)
{
	const struct kb *kb = *state;
	assert_same_answer(kb, "who backs the YPG", "ok wait, who backs the YPG", "United States");
	assert_int_equal(status_of(kb, "does the story say the elections were rigged", "Yes"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(kb, "is it accurate that Idlib hosts more than four million "
				       "people", "Yes"), ANSWER_FOUND);
	/* the YPG's description names the PKK, before a semicolon */
	assert_int_equal(status_of(kb, "is the PKK tied to the YPG", "Yes"), ANSWER_FOUND);
	/* "or not" offers the choice; it denies nothing */
	assert_int_equal(status_of(kb, "is the PKK tied to the YPG or not", "Yes"), ANSWER_FOUND);
	/* nothing links the YPG and Armenia: no yes */
	struct answer a;
	ask_n(kb, "is the YPG tied to Armenia", &a);
	assert_null(strstr(a.text, "Yes"));
	answer_free(&a);
}

/* "How long" wants a duration; a number of three digits or more the
 * article never gives makes the question one it cannot answer. */
static void test_durations_and_numbers(void **state)
{
	const struct kb *kb = *state;
	assert_int_equal(status_of(kb, "how long has the PKK waged its campaign", "decades"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how long was the meeting in Sochi", NULL), ANSWER_UNKNOWN);
	assert_int_equal(status_of(kb, "did Turkey sell 500 drones to Ukraine", NULL),
			 ANSWER_UNKNOWN);
	assert_int_equal(status_of(kb, "does Turkey host 3.7 million Syrians", "Yes"),
			 ANSWER_FOUND);
}

/* ---- an article without facts: what a sentence does not say --------------- */

/* An invented article (not from tests/qa/) whose sentences tempt wrong
 * answers: a duration beside "when", a name that holds the question's own
 * words, a count of something else, a verb that only reports, a "no" about
 * something else, and a person who is named but never says or plans. */
static const char harbour_article[] =
	"title: Brenvik harbour board rejects crane sale\n"
	"source: test (invented)\n"
	"date: 2026-03-02\n"
	"---\n"
	"The Brenvik harbour board rejected the sale of the port cranes on Tuesday, "
	"a setback for Mayor Elin Rask.\n\n"
	"Rask faces a local election in May, and most of her votes come from the docks.\n\n"
	"The board gave the council three months to draft new rules for the harbour.\n\n"
	"Wages at the docks rose by four percent last year, the Harbour Workers Union said.\n\n"
	"Gorm Lind, a crane driver, said two of the port's five cranes could stop by the autumn.\n\n"
	"In a dissent, board member Ola Brix wrote that the majority had ignored the docks.\n\n"
	"Rask ruled out any merger with Portline, the rival operator. "
	"Portline said the result showed it could no longer be ignored.\n\n"
	"Lind said the union would take the board to court before the summer.\n\n"
	"The vote on the cranes was the first in the port's history, and the vote count took "
	"a day. Residents cast 4,100 ballots in March.\n\n"
	"Portline, a Tolsund-based operator, raised its harbour fees by 12 percent, "
	"and its tallest crane cost 3 million euros.\n\n"
	"The Dockers Alliance of Mayor Rask came second in the vote with 20.5 percent and 9 "
	"seats, down from 14 in 2022.\n\n"
	"Portline chief Ivo Sand met the harbour board in April.\n";

static void test_what_a_sentence_does_not_say(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("brenvik-2026", harbour_article, NULL, NULL);
	assert_non_null(kb);
	/* "three months" to do something is not when it was done */
	assert_int_not_equal(status_of(kb, "when were the new rules drafted", NULL),
			     ANSWER_FOUND);
	/* "Harbour" of "the Harbour Workers Union" is not who heads it */
	assert_int_not_equal(status_of(kb, "who heads the workers union", NULL), ANSWER_FOUND);
	/* "two of the cranes" counts cranes, not people */
	assert_int_not_equal(status_of(kb, "how many people work at the port", NULL),
			     ANSWER_FOUND);
	/* Brix wrote THAT the majority ...: not the majority opinion */
	assert_int_not_equal(status_of(kb, "who wrote the majority opinion", NULL),
			     ANSWER_FOUND);
	/* Rask is named, but never says anything or plans anything */
	assert_int_not_equal(status_of(kb, "what did mayor rask say about the cranes", NULL),
			     ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "what is rask planning to do", NULL), ANSWER_FOUND);
	/* an intention the article does say, and a "no" that denies it */
	assert_int_equal(status_of(kb, "what is lind planning to do", "would take"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(kb, "will rask do a merger with portline?", "ruled out"),
			 ANSWER_FOUND);
	/* WordNet's synonym counts what the question counts */
	assert_int_equal(status_of(kb, "how many votes did residents cast", "4,100"),
			 ANSWER_FOUND);
	/* "a Tolsund-based operator" says where; "how high" asks a rate */
	assert_int_equal(status_of(kb, "where is portline based", "Tolsund"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how high are portline's harbour fees", "12 percent"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how high is portline's tallest crane", NULL),
			     ANSWER_FOUND);
	/* "20.5" is no year; a share of the subject the sentence opens with */
	assert_int_equal(status_of(kb, "what share of the vote did the dockers alliance get",
				   "20.5 percent"),
			 ANSWER_FOUND);
	/* a role beside its owner, not beside another */
	assert_int_equal(status_of(kb, "who is portline's chief", "Ivo Sand"), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "who is the board's chief", NULL), ANSWER_FOUND);
	kb_free(kb);
}

/* ---- unseen articles: rules that keep confident wrong answers out --------- */

/* Another invented article (not from tests/qa/): a ferry company, with the
 * sentence shapes that misled the engine on unseen news (a sentence that
 * opens with a preposition, an abbreviation before "-based", a date set
 * before another event, a vague "coming months", a consequence clause, a
 * count of another verb, a speaker's quote without their name). */
static const char ferry_article[] =
	"title: Northway Ferries to cut night routes\n"
	"source: test (invented)\n"
	"date: 2026-05-04\n"
	"---\n"
	"Lisbury, Vale.-based Northway Ferries said on Monday it would cut its night routes "
	"to Talmor.\n\n"
	"During Northway's annual meeting on Monday, chief executive Rosa Imre warned that if the "
	"port is forced to close its night berths in Harwick, it would likely force the company to "
	"cut every island route.\n\n"
	"Rosa Imre will be chief executive of the merged firm.\n\n"
	"The merger is on track to close in the coming months.\n\n"
	"Managers expect to finish the refit of the fleet before the end of the second quarter.\n\n"
	"The unions invited managers to meet on Friday, one day before the stoppage is due to "
	"begin.\n\n"
	"The closure came two weeks after the harbour wall collapsed in June.\n\n"
	"The Harbour Trust paid for 300 new lifejackets.\n\n"
	"The council paid 2 million crowns for the new pier.\n\n"
	"\u201cWe will keep sailing,\u201d said its fleet manager, Ada Vosk. \u201cThe night boats "
	"stay on the timetable.\u201d\n\n"
	"Neighbouring Dorland closed two ferry routes with Talmor on Sunday.\n\n"
	"Fares climbed 7 percent in May. About 3,000 passengers use the ferries each day.\n\n"
	"Northway's plan would remove crews from the night routes.\n\n"
	"Writing for the board, chair Pia Lund said the fares were fair.\n\n"
	"Union leader Kai Berg rejected the plan. \u201cCrews are not spare parts,\u201d he "
	"said. \u201cWe will not trade safety for timetables.\u201d\n\n"
	"The storm injured 40 people and killed 3. The 2019 storm flooded 200 homes.\n\n"
	"The port had enough fuel for about twelve days.\n\n"
	"The crews staged a walkout on 3 March.\n\n"
	"Owners of Northway will receive about 40% of the new company.\n\n"
	"The crews went to court in April. Their lawyer, Mara Holt, said the stoppage was "
	"lawful.\n\n"
	"Port manager Otto Brenn said on Friday evening, after a long meeting with the unions in "
	"Harwick, that he respected but deeply regretted the vote and would bring a new timetable "
	"to the board.\n\n"
	"Ticket offices in the town of Harwick stayed open an extra hour.\n\n"
	"The late ferry to Talmor was cancelled.\n\n"
	"The old ticket hall, on the quay since 1962, was demolished in May. The island "
	"jetty collapsed in the storm.\n\n"
	"Harbour pilot Jon Ek, a former trawler skipper from the north coast, said the channel "
	"was safe again.\n\n"
	"The council approved a loan to build a new ferry terminal on the site of the old fish "
	"market. Crews on the night boats met on Sunday.\n";

static void test_unseen_sentence_shapes(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("ferry-2026", ferry_article, NULL, NULL);
	assert_non_null(kb);
	/* "Vale.-based": the abbreviation's full stop still joins; the
	 * place in a sentence that opens "During Northway's meeting" is not
	 * where Northway is */
	assert_int_equal(status_of(kb, "where is northway ferries based", "Lisbury"), ANSWER_FOUND);
	/* the whole consequence, not a clause cut short */
	assert_int_equal(status_of(kb, "what did imre warn could happen if the port closes its "
				       "night berths", "cut every island route"),
			 ANSWER_FOUND);
	/* "run" is never said: no one is named for it */
	assert_int_not_equal(status_of(kb, "who will run the merged firm", NULL), ANSWER_FOUND);
	/* "in the coming months" is no date; "the second quarter" is */
	assert_int_not_equal(status_of(kb, "when will the merger close", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "when will the refit of the fleet finish", "second quarter"),
			 ANSWER_FOUND);
	/* Friday is the meeting, one day before the stoppage */
	assert_int_not_equal(status_of(kb, "when does the stoppage begin", NULL), ANSWER_FOUND);
	/* "two weeks after" is no cause */
	assert_int_not_equal(status_of(kb, "what caused the closure", NULL), ANSWER_FOUND);
	/* "how much did X pay" wants money */
	assert_int_not_equal(status_of(kb, "how much did the harbour trust pay", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how much did the council pay for the pier",
				   "2 million crowns"),
			 ANSWER_FOUND);
	/* who someone is: the word for a kind of person beside the name */
	assert_int_equal(status_of(kb, "who is ada vosk", "fleet manager"), ANSWER_FOUND);
	/* "which country CLOSED" asks who did it */
	assert_int_equal(status_of(kb, "which country closed the ferry routes", "Dorland"),
			 ANSWER_FOUND);
	/* an idiom WordNet lists as an adverb only frames the question */
	assert_int_equal(status_of(kb, "which country closed the ferry routes in the first place",
				   "Dorland"),
			 ANSWER_FOUND);
	/* "%" is percent; "roughly" frames the question */
	assert_int_equal(status_of(kb, "what % did fares climb", "7 percent"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "roughly how many passengers use the ferries", "3,000"),
			 ANSWER_FOUND);
	/* what happens to the crews is not said with them as its subject */
	assert_int_not_equal(status_of(kb, "what happens to the crews under northway's plan", NULL),
			     ANSWER_FOUND);
	/* ... but what happened to the hall is: its subject after an
	 * aside, and the head of a longer name ("island JETTY") */
	assert_int_equal(status_of(kb, "what happened to the old ticket hall", "demolished"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what happened to the island jetty", "collapsed"),
			 ANSWER_FOUND);
	/* "on" sets a place with a part of one; not a time, not a bare
	 * noun ("on the night boats") */
	assert_int_equal(status_of(kb, "where will the ferry terminal be built", "old fish market"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "where did the crews meet on sunday", NULL), ANSWER_FOUND);
	/* the speaker named before an aside, then the verb of saying */
	assert_int_equal(status_of(kb, "what does jon ek think of the channel", "safe"),
			 ANSWER_FOUND);
	/* an opening participle belongs to the next clause's subject */
	assert_int_equal(status_of(kb, "who wrote for the board", "Pia Lund"), ANSWER_FOUND);
	/* the speaker's words go on in a bare quotation after them */
	assert_int_equal(status_of(kb, "what did ada vosk say", "timetable"), ANSWER_FOUND);
	/* a bare quotation goes on with the speaker named before it */
	assert_int_equal(status_of(kb, "what did kai berg say about safety", "trade safety"),
			 ANSWER_FOUND);
	/* a count of what the question's verb did, not of another verb */
	assert_int_equal(status_of(kb, "how many people were injured in the storm", "40"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how many people died in the 2019 storm", NULL),
			     ANSWER_FOUND);
	/* "how long will X last": a duration */
	assert_int_equal(status_of(kb, "how long will the fuel last", "twelve days"), ANSWER_FOUND);
	/* two words the article writes as one */
	assert_int_equal(status_of(kb, "when did the crews walk out", "3 March"), ANSWER_FOUND);
	/* an adverb the article also uses ("late") only frames the question */
	assert_int_equal(status_of(kb, "where did ticket offices stay open late", "Harwick"),
			 ANSWER_FOUND);
	/* a name set off after the question's word */
	assert_int_equal(status_of(kb, "who was the lawyer for the crews", "Mara Holt"),
			 ANSWER_FOUND);
	/* an intention, kept whole in a long sentence */
	assert_int_equal(status_of(kb, "what is brenn planning to do", "would bring a new timetable"),
			 ANSWER_FOUND);
	/* "what stake" asks a share, "28%" is one, "end up" only frames */
	assert_int_equal(status_of(kb, "what stake do northway owners end up with", "40%"),
			 ANSWER_FOUND);
	kb_free(kb);
	/* "members of parliament" are no members counted */
	kb = kbdir_load("kestmark-party-2026",
			"title: Party picks a leader\n"
			"date: 2026-06-15\n"
			"---\n"
			"Ola Brenn had the backing of nine of the party's 14 members of parliament.\n\n"
			"Turnout was 71 percent of the party's roughly 18,400 paying members, "
			"officials said.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how many members does the party have", "18,400"),
			 ANSWER_FOUND);
	kb_free(kb);
	/* a date set "three days before the tariffs TAKE EFFECT" is not when
	 * they take effect */
	kb = kbdir_load("varnia-tariffs-2025",
			"title: Varnia puts a tariff on Dorland barley\n"
			"date: 2025-04-09\n"
			"---\n"
			"Officials said the tariffs would stay in place until Dorland withdrew the "
			"steel duties or the two sides reached \"a fair settlement.\"\n\n"
			"It imposed duties of 18.5 percent on the rebar and 11 percent on "
			"hot-rolled coil.\n\n"
			"Dorland's trade minister, Ola Brenn, said the government was \"deeply "
			"disappointed\" by the decision and insisted the steel duties had followed "
			"an independent, evidence-based process.\n\n"
			"The two ministers are due to attend a regional trade meeting in Kestport on "
			"April 28, three days before the tariffs take effect, and officials on both "
			"sides said a meeting there was possible but had not yet been agreed.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "when do the new duties kick in", NULL), ANSWER_FOUND);
	kb_free(kb);
	/* "who runs X": the leader named by a role, before a sentence that
	 * names X and another ("computers RUNNING Varn OS") */
	kb = kbdir_load("kestrel-outage-2026",
			"title: Update crashes computers\n"
			"date: 2026-07-20\n"
			"---\n"
			"A faulty update from security firm Kestrel Labs crashed about 8,000 "
			"computers running Varn OS on Friday.\n\n"
			"\"This is not an attack,\" Kestrel Labs chief executive Ivo Sand said in "
			"a statement.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who runs kestrel labs", "Ivo Sand"), ANSWER_FOUND);
	kb_free(kb);
	/* "the 2019 final" in an article of 2019 need not say its year */
	kb = kbdir_load("cup-final-2019",
			"title: Varnia win the cup\n"
			"date: 2019-11-02\n"
			"---\n"
			"KESTPORT, Nov 2 - Varnia beat Dorland 32-12 in the Harbour Cup final on "
			"Saturday to win the cup for a third time.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who won the 2019 harbour cup final", "Varnia"), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "who won the 2015 harbour cup final", NULL), ANSWER_FOUND);
	kb_free(kb);
	/* "its best result since 1998" dates no result */
	kb = kbdir_load("calvera-vote-2026",
			"title: Senate vote\n"
			"date: 2026-09-14\n"
			"---\n"
			"The opposition party won 17 seats, its best result in a senate vote since "
			"1998, and will have 31 senators in total.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "when do the new senators take their seats", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
	/* "are WE expecting": the asker's waiting is no word of the article */
	kb = kbdir_load("varn-levy-2026",
			"title: Levy review\n"
			"date: 2026-03-11\n"
			"---\n"
			"Officials said a final decision on whether to keep the levy is due by "
			"October.\n\n"
			"Ministers will meet on February 26, three days before the levy takes "
			"effect.\n\n"
			"The levy, which takes effect on March 1, charges 6 percent.\n\n"
			"The finance ministry expects the levy to raise about 4.2 billion crowns "
			"in its first year.\n\n"
			"\"We have waited a year for this,\" said Ana Lind, lead counsel for the "
			"hauliers. She said the group would seek damages of at least $180 "
			"million, or roughly $780 for each haulier.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "when are we expecting a final decision", "October"),
			 ANSWER_FOUND);
	/* "kick in" is how chat says "take effect" */
	assert_int_equal(status_of(kb, "when does the levy kick in", "March 1"), ANSWER_FOUND);
	/* "how much MONEY" is a sum in any currency */
	assert_int_equal(status_of(kb, "how much money will the levy raise", "4.2 billion crowns"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how much money are the hauliers going after", "$180 million"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* A third invented article (not from tests/qa/): a marina, with the shapes
 * that misled the engine on the third unseen batch (a size asked, a role
 * opened by a capitalised word, a span of time asked, a denial of
 * something other than the question's subject). */
static const char marina_article[] =
	"title: Osk marina opens\n"
	"source: test (invented)\n"
	"date: 2026-06-01\n"
	"---\n"
	"The new Osk marina will hold 400 boats when it opens in July.\n\n"
	"The marina covers 12 hectares of former dockland east of the old town.\n\n"
	"The town has set aside a relief fund of 5 million crowns for fishermen.\n\n"
	"The old lighthouse, which cost 2 million crowns, was built near Osk in 1890.\n\n"
	"Harbour master Lena Dorn said the new berths were safe.\n\n"
	"Green group leader Ivo Marsh said the marina was too big.\n\n"
	"Forecasters said on Tuesday that storms would batter the coast.\n\n"
	"Gales will close the pier over the next three weeks.\n\n"
	"The marina has a fuel dock, but it is not open on Sundays.\n\n"
	"The ferry to Brenn keeps running in winter. It does not sail at night.\n\n"
	"Residents welcomed the vote. The marina still needs final approval of its second "
	"phase of 300 berths.\n\n"
	"A storm hit the pier at the port of Osk early on Monday, injuring six sailors.\n\n"
	"The repairs will cost the town an estimated 3 million euros.\n\n"
	"The harbour office reopened at 6:15 a.m. on Tuesday.\n\n"
	"The lifeboat crew trained on 3 May.\n";

static void test_sizes_and_roles(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("marina-2026", marina_article, NULL, NULL);
	assert_non_null(kb);
	/* "how big": a number of some unit of measurement, not a count */
	assert_int_equal(status_of(kb, "how big is the marina", "12 hectares"), ANSWER_FOUND);
	/* a size may be an amount of money; a height never is */
	assert_int_equal(status_of(kb, "how big is the relief fund", "5 million crowns"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how tall is the old lighthouse", NULL), ANSWER_FOUND);
	/* the role keeps the capitalised word that opens it */
	assert_int_equal(status_of(kb, "who is lena dorn", "Harbour master"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "who is ivo marsh", "Green group leader"), ANSWER_FOUND);
	/* "over what period" asks a span, not the day it was said */
	assert_int_not_equal(status_of(kb, "over what period will storms batter the coast", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "over what period will gales close the pier", "three weeks"),
			 ANSWER_FOUND);
	/* a "No" denies something of the question's subject (or of the one a
	 * sentence's opening pronoun goes on about), not of another */
	struct answer a;
	ask_n(kb, "can boats use the marina on sundays", &a);
	assert_null(strstr(a.text, "No \xE2\x80\x94"));
	answer_free(&a);
	assert_int_equal(status_of(kb, "does the ferry to brenn sail at night", "No"), ANSWER_FOUND);
	/* "what was the final VOTE": "final approval" is another thing */
	assert_int_not_equal(status_of(kb, "what was the final vote", NULL), ANSWER_FOUND);
	/* "which hospital": a sentence that never says one must name the
	 * answer in the clause of the question's words */
	assert_int_not_equal(status_of(kb, "which hospital were the injured taken to", NULL),
			     ANSWER_FOUND);
	/* a monetary unit is money ("euros", not only "crowns") */
	assert_int_equal(status_of(kb, "how much will the repairs cost the town", "3 million euros"),
			 ANSWER_FOUND);
	/* "what time" asks a time of day, not a date */
	assert_int_equal(status_of(kb, "what time did the harbour office reopen", "6:15"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "what time did the lifeboat crew train", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
}

/* A fourth invented article (not from tests/qa/): a quarry, with the shapes
 * the second round of tuning on batches 1-3 taught (a mass measured after
 * it is named, ...). */
static const char quarry_article[] =
	"title: Tarn quarry lorry crash\n"
	"source: test (invented)\n"
	"date: 2026-09-01\n"
	"---\n"
	"A lorry from the Tarn quarry overturned on the coast road on Friday.\n\n"
	"A load of gravel, put at 30 tonnes, spilled across both lanes.\n\n"
	"Some sand, from 4 other lorries, was left on the verge.\n\n"
	"Two truck drivers were hurt.\n\n"
	"The truckers' association called for a lower speed limit.\n\n"
	"The Tarn Ramblers have backed the call for a bypass.\n\n"
	"The council will support the families of the injured drivers.\n\n"
	"The Tarn Belle, a 40-metre barge owned by the quarry, carries gravel to Osk.\n\n"
	"The new bypass would carry 300 lorries a day.\n\n"
	"Sales of gravel have risen by 12 percent since 2024.\n\n"
	"The quarry paid $2.5 million for the land in 2019.\n\n"
	"The coast path has about 2,000 regular users each summer.\n\n"
	"Lorries use the coast road at night.\n\n"
	"Twelve rangers patrol the coast path.\n\n"
	"Volunteers clean the beach in May.\n\n"
	"The quarry's safety advert ran on local television for six weeks.\n\n"
	"\xE2\x80\x9CThe road is safe again,\xE2\x80\x9D police inspector Mara Holt told reporters. "
	"\xE2\x80\x9C" "Drivers should still take care.\xE2\x80\x9D\n\n"
	"\xE2\x80\x9CWe will reopen the pit soon,\xE2\x80\x9D she said. "
	"\xE2\x80\x9CNobody at the quarry was hurt.\xE2\x80\x9D\n";

/* A word after a subject pronoun is its verb: "can you BIKE across it"
 * asks of cycling, not of a bicycle */
static void test_verb_after_subject_pronoun(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("sundby-bridge-2026",
				   "title: Sundby bridge opens\n"
				   "date: 2026-07-01\n"
				   "---\n"
				   "The Sundby bridge opened to traffic on Saturday, linking the island "
				   "to the mainland for the first time.\n\n"
				   "Walking and cycling are not allowed on the bridge, which carries a "
				   "motorway and a railway.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "can you bike across the bridge", "No"), ANSWER_FOUND);
	kb_free(kb);
}

/* "exec" in chat is an executive; WordNet knows it only as the White
 * House office */
static void test_chat_exec(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("kelby-vote-2026",
				   "title: Kelby members reject bank plan\n"
				   "date: 2026-06-27\n"
				   "---\n"
				   "Members of the Kelby Building Society rejected the plan, a defeat "
				   "for the board led by chief executive Mara Lind.\n\n"
				   "The society said it would look for other ways to raise capital.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who is kelby's chief exec", "Mara Lind"), ANSWER_FOUND);
	kb_free(kb);
}

/* "what is the name of the X" asks X's name, as "what is the X called"
 * does */
static void test_name_of_thing(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("pellham-fire-2026",
				   "title: Wildfire forces evacuations\n"
				   "date: 2026-08-14\n"
				   "---\n"
				   "The Cedar Gap fire started on Tuesday near a picnic area and had "
				   "burned about 9,400 hectares by Thursday.\n\n"
				   "Crews were helped by two air tankers and a helicopter.\n\n"
				   "The government said the eruption of the Marra Peak undersea "
				   "volcano, the largest in decades, was a disaster.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "whats the name of the fire", "Cedar Gap"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what's the fire called", "Cedar Gap"), ANSWER_FOUND);
	/* a word may stand between the name asked and its kind */
	assert_int_equal(status_of(kb, "what is the name of the volcano", "Marra Peak"),
			 ANSWER_FOUND);
	/* a name the article does not give is refused */
	assert_int_not_equal(status_of(kb, "what is the name of the helicopter", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
}

/* "who is the crater named after" asks the namesake: "named after" is
 * what the sentence must say, not a frame for a name */
static void test_namesake(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("moon-crater-2019",
				   "title: Probe lands in far-side crater\n"
				   "date: 2019-01-03\n"
				   "---\n"
				   "The lander touched down at 10:26 a.m. Beijing time inside the Orlov "
				   "crater, state media said.\n\n"
				   "The crater, roughly 80 km wide, is named after the Russian "
				   "astronomer Sergei Orlov.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who is the crater named after?", "Sergei Orlov"),
			 ANSWER_FOUND);
	kb_free(kb);
}

static void test_second_round_shapes(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("quarry-2026", quarry_article, NULL, NULL);
	assert_non_null(kb);
	/* "how much N": a mass measured after it is named */
	assert_int_equal(status_of(kb, "how much gravel spilled", "30 tonnes"), ANSWER_FOUND);
	/* a count of something else is no amount of it */
	assert_int_not_equal(status_of(kb, "how much sand was left on the verge", NULL),
			     ANSWER_FOUND);
	/* what "how many" counts, in WordNet's other words for it, even
	 * where the article also uses the question's word */
	assert_int_equal(status_of(kb, "how many truckers were hurt", "Two"), ANSWER_FOUND);
	/* a verb the article uses of something else is tried again as its
	 * WordNet synonyms ("support" as "back up", read "back") */
	assert_int_equal(status_of(kb, "who is supporting the call for a bypass", "Ramblers"),
			 ANSWER_FOUND);
	/* "how long is" a thing asks a length, a measure; a count is none */
	assert_int_equal(status_of(kb, "how long is the tarn belle", "40-metre"), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how long is the new bypass", NULL), ANSWER_FOUND);
	/* the thing asked is the subject, not the question's last word
	 * ("how long was the AD on tv", a time, though a tv is a thing) */
	assert_int_equal(status_of(kb, "how long was the safety advert on tv", "six weeks"),
			 ANSWER_FOUND);
	/* yes/no "more / less than N": the article's figure compared */
	assert_int_equal(status_of(kb, "have sales of gravel risen by more than ten percent",
				   "Yes \xE2\x80\x94 12 percent"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "have sales of gravel risen by more than 20 percent",
				   "No \xE2\x80\x94 12 percent"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "have sales of gravel risen by less than twenty percent",
				   "Yes"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "did the quarry pay more than two million dollars for the land",
				   "Yes \xE2\x80\x94 $2.5 million"), ANSWER_FOUND);
	/* "how many people", a word the article never uses: a count of a
	 * kind of person who does what is asked ("use" -> "users") */
	assert_int_equal(status_of(kb, "how many people use the coast path each summer", "2,000"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how many people patrol the coast path", "Twelve"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how many people clean the coast path", NULL),
			     ANSWER_FOUND);
	/* "who said" a bare quotation: the speaker of the quotation before
	 * it, named beside the verb of saying; a pronoun names no one */
	assert_int_equal(status_of(kb, "who said drivers should still take care", "Mara Holt"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "who said nobody at the quarry was hurt", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
}

static const char mill_article[] =
	"title: Orrin mill flood\n"
	"source: test (invented)\n"
	"date: 2026-10-05\n"
	"---\n"
	"Water from the Orrin burst into the old paper mill at Dunsby on Sunday night.\n\n"
	"The flood was found at about 4:30 a.m. on Monday, when the night guard at the mill "
	"could not open the loading gate.\n\n"
	"Engineers checked the dam on Monday, but no crack was found.\n\n"
	"The leak was detected at about 3:15 a.m. on Sunday, when staff at Orrin Mill, the "
	"firm's largest site, found they could not open the gates.\n\n"
	"For now, the strike at the mill seems to have been peaceful.\n\n"
	"\xE2\x80\x9CIf the rain stops on Friday, we can start to pump the water away,"
	"\xE2\x80\x9D the mill manager said.\n";

/* Yes/no and "when" from sentences that do not decide them: a "yes"
 * missing the small word the claim ends on; a sentence about this one
 * for a question about "other" ones; a quotation's hoped-for day is no
 * answer to "when"; a time's colon cuts no clause. */
static void test_undecided_sentences(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("mill-2026", mill_article, NULL, NULL);
	assert_non_null(kb);
	struct answer a;
	ask_n(kb, "is the strike over", &a);
	assert_null(strstr(a.text, "Yes \xE2\x80\x94"));
	answer_free(&a);
	assert_int_not_equal(status_of(kb, "when did the pumping start", NULL), ANSWER_FOUND);
	/* "3:15" is a time, no clause break */
	assert_int_equal(status_of(kb, "were the gates open on sunday", "3:15 a.m."), ANSWER_FOUND);
	/* a sentence about this site says nothing of the others */
	ask_n(kb, "has this happened to other sites", &a);
	assert_null(strstr(a.text, "No \xE2\x80\x94"));
	answer_free(&a);
	kb_free(kb);
}

/* "what is the TOLL" asks a figure: a sentence that names the toll but
 * gives no number (a date is none) does not answer it. */
static const char toll_article[] =
	"title: Kessen bridge toll set\n"
	"date: 2026-05-04\n"
	"---\n"
	"Mayor Ilse Vandt approved the new toll for the Kessen bridge on May 2.\n\n"
	"Drivers of cars will pay 4 euros each way from July, the assembly said.\n";

static void test_figures_asked(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("kessen-2026", toll_article, NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what is the new toll", NULL), ANSWER_FOUND);
	/* a question about it that is no figure is answered as before */
	assert_int_equal(status_of(kb, "who approved the new toll", "Vandt"), ANSWER_FOUND);
	kb_free(kb);
}

/* "what did the harbourmaster say": the reported words, and the
 * speaker's own words that the article quotes elsewhere. */
static const char pier_article[] =
	"title: Pier closed after storm\n"
	"date: 2026-02-09\n"
	"---\n"
	"Harbourmaster Ines Calloway said the north pier would stay closed until divers had "
	"checked its piles.\n\n"
	"Waves of six metres hit the harbour wall on Sunday night.\n\n"
	"\xe2\x80\x9cWe will not reopen a pier we cannot vouch for,\xe2\x80\x9d Calloway said.\n\n"
	"\xe2\x80\x9cThe fishing fleet comes first, and when I spoke with the skippers I knew "
	"this was where I had to be, whatever the winter brings,"
	"\xe2\x80\x9d Renn said at his visit in front of about 300 fishermen at the town's "
	"Eastquay hall.\n";

static void test_own_words(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("pier-2026", pier_article, NULL, NULL);
	assert_non_null(kb);
	struct answer a;
	ask_n(kb, "what did the harbourmaster say", &a);
	assert_int_equal(a.status, ANSWER_FOUND);
	assert_non_null(strstr(a.text, "stay closed"));
	assert_non_null(strstr(a.text, "vouch for"));
	assert_int_equal(a.n_cites, 2);
	answer_free(&a);
	/* a sentence that quotes the speaker answers with the quotation */
	assert_int_equal(status_of(kb, "what did renn say at his visit", "fishing fleet comes first"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* "what STATUES were saved" is not answered by "the main hall had been
 * saved" (a speaker's name is no statue either); "who assembled X" is not
 * answered by the place that follows "in". */
static const char museum_article[] =
	"title: Fire at the Vell museum\n"
	"date: 2026-03-14\n"
	"---\n"
	"Curator Aldo Brisk said on Friday that the main hall had been saved.\n\n"
	"Launched last spring, the fridge-size Kestrel navigated to its target using new "
	"technology developed by Orrin University's Optical Laboratory in Austin, Texas, which "
	"built the spacecraft and managed the mission for the agency.\n\n"
	"The museum studies one region above all.\n\n"
	"The museum's loans come from collections in Caucasia.\n";

static void test_kind_asked(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("vell-2026", museum_article, NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what statues were saved", NULL), ANSWER_FOUND);
	/* a name WordNet knows as an instance of the kind */
	assert_int_equal(status_of(kb, "which region do the museum's loans come from", "Caucasia"),
			 ANSWER_FOUND);
	struct answer a;
	ask_n(kb, "who built the spacecraft", &a);
	assert_true(a.status != ANSWER_FOUND || strncmp(a.text, "Texas", 5) != 0);
	answer_free(&a);
	kb_free(kb);
	/* the kind's word names none of the kind without a new name beside
	 * it ("Smaller MINERS" stems as "minerals" do) */
	kb = kbdir_load("varn-ore-2026",
			"title: Varn and Ostria clash over ore licences\n"
			"date: 2026-03-17\n"
			"---\n"
			"Ostria filed a complaint on Tuesday against Varn's new export licence system.\n\n"
			"Mining firms in Varn are split. The Varn Chamber of Mines, which represents 30 "
			"producers, said the licence system had added costs but backed its aim. Smaller "
			"miners in the northern Osk province complained that only the biggest exporters "
			"could afford the consultants needed to file applications quickly.\n\n"
			"Talks are due next month.\n",
			NULL, NULL);
	assert_non_null(kb);
	expect_without(kb, "which minerals need the licence", "Smaller miners");
	kb_free(kb);
}

/* A quotation the answer opens is closed, not cut ('called the findings
 * "solid but not yet the whole picture"'); what a thing was expected to
 * cost is not what it cost. */
static const char seawall_article[] =
	"title: Harwick sea wall opens\n"
	"date: 2026-06-01\n"
	"---\n"
	"Dr. Mira Toll, a geologist at the Vessen Institute for Coastal Studies in Harwick Bay, "
	"who was not part of the survey, called the findings \"solid but not yet the whole "
	"picture,\" noting that only two beaches were sampled.\n\n"
	"When it was first planned in 2004, the sea wall was expected to open by 2010 at a cost "
	"of about 40 million crowns.\n";

static void test_quotes_and_plans(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("harwick-2026", seawall_article, NULL, NULL);
	assert_non_null(kb);
	struct answer a;
	ask_n(kb, "what did the geologist make of the findings", &a);
	assert_int_equal(a.status, ANSWER_FOUND);
	assert_non_null(strstr(a.text, "whole picture"));
	answer_free(&a);
	ask_n(kb, "how much did the sea wall cost", &a);
	assert_true(a.status != ANSWER_FOUND);
	answer_free(&a);
	kb_free(kb);
}

/* "what year" needs a year, "how old" an age, "what ROCKET launched it"
 * a rocket, "what BIKE was she riding" a bike; "did NOT beat" answers no
 * "whose record did he beat". */
static const char bakery_article[] =
	"title: Marrow bakery grows\n"
	"date: 2026-08-03\n"
	"---\n"
	"Tessa Lund opened the Marrow Bakery after she began baking bread four years ago.\n\n"
	"The Marrow Chamber of Trade and the farmers' union backed the bakery's expansion.\n\n"
	"In 2019, Dovetail Foods sold a majority stake in the bakery to a group that included "
	"Kestrel Capital.\n\n"
	"The bakery's first delivery drone was launched from the old mill in May.\n\n"
	"Locals bought 2,000 loaves in the first week, and Ivo Sand, 52, now bakes at night.\n\n"
	"Ivo Sand did not beat Tessa Lund's record for loaves baked in a night, however.\n\n"
	"Tessa Lund, who finished third in 2019, was riding in the Tour of Marrow for the "
	"first time.\n";

static void test_what_the_question_needs(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("marrow-2026", bakery_article, NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what year did tessa lund open the bakery", NULL),
			     ANSWER_FOUND);
	/* a sentence that denies what is asked does not answer it */
	assert_int_not_equal(status_of(kb, "whose record did ivo sand beat", NULL), ANSWER_FOUND);
	/* "the OLD mill" is no age */
	assert_int_not_equal(status_of(kb, "how old is the bakery", NULL), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "what rocket launched the delivery drone", NULL),
			     ANSWER_FOUND);
	/* a kind a verb may name too, an auxiliary after it: "what BIKE
	 * was she riding" */
	assert_int_not_equal(status_of(kb, "what bike was tessa lund riding", NULL), ANSWER_FOUND);
	kb_free(kb);
}

/* A yes/no answer says the whole claim, and "who", "when" and "where"
 * are asked of the question's verb, which the sentence must say. */
static const char lorn_article[] =
	"title: Lorn valley trial ends\n"
	"date: 2026-09-14\n"
	"---\n"
	"The Lorn water trial ended on Friday after six weeks, the regional water board said.\n\n"
	"Its name is short for the Lorn Reservoir Recovery Trial, and the board paid for the trial "
	"from its reserves.\n\n"
	"A small fire broke out at the pumping station on Tuesday night. Engineers said no fire "
	"was found in the main hall.\n\n"
	"The survey of the reservoir was funded by the Harl Foundation and took two years to "
	"complete.\n\n"
	"The Lorn festival begins on 4 June each year, and the valley's flood siren sounded at "
	"5:15 a.m. on Thursday.\n\n"
	"A government inquiry into the grounding of the ferry Alna in the Lorn estuary concluded "
	"on Tuesday.\n\n"
	"The water board's decision was not unanimous. Seven members voted for the plan, while "
	"two wanted a smaller one.\n\n"
	"The survey finished two years behind schedule.\n\n"
	"The levy vote was the third attempt to pass a water levy since 2016.\n\n"
	"The water board has 21 days to lodge such an appeal.\n\n"
	"The ruling came from the Lorn Court of Appeal, which sat on Monday.\n";

/* A name of the question's, frequent enough to go soft, is still no
 * matter to a sentence that opens on another name; a name written at a
 * sentence's head as often as inside sentences is still a name. */
static void test_another_name_opens(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("dalmor-cup-2026",
				   "title: Orrin win the cup\n"
				   "date: 2026-07-19\n"
				   "---\n"
				   "DALMOR, July 19 - Orrin won the Dalmor Cup on Sunday, beating Vesk "
				   "3-1 in the final, with Teo Marrel scoring twice.\n\n"
				   "Marrel opened the scoring in the tenth minute.\n\n"
				   "Vesk levelled through Ivo Sarn before half time, and Marrel struck "
				   "again after the break.\n\n"
				   "Sarn scored seven goals in the tournament and was named its best "
				   "player.\n\n"
				   "Marrel, 24, said the win was for the fans.\n\n"
				   "The Vesk coach said his side had tired late on.\n\n"
				   "Orrin last won the cup in 1998.\n\n"
				   "About 40,000 fans watched the final.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how many goals did marrel end the tournament with", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how many goals did sarn end the tournament with", "Seven"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* A score ("4-2 on penalties") counts nothing; "two most sought-after
 * schools" counts schools, not the places asked. */
static void test_scores_and_modified_counts(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("dalmor-shield-2026",
				   "title: Orrin win the shield\n"
				   "date: 2026-07-19\n"
				   "---\n"
				   "DALMOR, July 19 - Orrin won the Dalmor Shield on Sunday, beating "
				   "Vesk 4-2 on penalties after a 1-1 draw.\n\n"
				   "It was Orrin's second shield in five years.\n\n"
				   "Parents said fees at the two most sought-after schools, Kell "
				   "Academy and St Ivo's, had risen again.\n\n"
				   "Vesk coach Ana Brill said her side had tired late on.\n\n"
				   "About 40,000 fans watched the final.\n\n"
				   "The council said the city still has too few school places for its "
				   "children.\n\n"
				   "Brill said the fans had been loud all day.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how many shields has orrin now won", NULL), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how many places does kell academy have each year", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how many fans watched the final", "40,000"), ANSWER_FOUND);
	kb_free(kb);
}

/* The kind a "which" question asks is named by a word the question does
 * not use for something else: "which expert did the JUDGE side with" is
 * not answered by the judge (to WordNet, a judge may be an expert). */
static void test_kind_named_by_another_word(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("wenlow-ruling-2026",
				   "title: Hospital found negligent\n"
				   "date: 2026-06-09\n"
				   "---\n"
				   "WENLOW, June 9 - A hospital in Wenlow was negligent when it waited "
				   "seven hours to treat a teacher, a High Court judge ruled on "
				   "Tuesday.\n\n"
				   "The board said the delay had not changed the outcome.\n\n"
				   "The judge said the board had failed the family.\n\n"
				   "The family's lawyer, Ivo Marsh, welcomed the ruling.\n\n"
				   "The board has 28 days to appeal.\n\n"
				   "Staff numbers on the ward have since risen.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "which expert did the judge side with", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "which lawyer welcomed the ruling", "Marsh"), ANSWER_FOUND);
	kb_free(kb);
}

/* "what date did THEY reach the ridge": not the date of an attempt by
 * others, "WHO REACHED the south ridge" said only of them. */
static void test_pronoun_subject_verb_of_another(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("kessel-climb-2026",
				   "title: Kessel peak climbed\n"
				   "date: 2026-06-02\n"
				   "---\n"
				   "VARN, June 2 - Mount Kessel has been climbed for the first time.\n\n"
				   "A first attempt on the ridge was made on May 26 by Ivo Sarn and Lu "
				   "Kell, who reached the south ridge before turning back.\n\n"
				   "Ana Berg and Tomas Reed reached the summit ridge on May 29 after a "
				   "night in a snow cave.\n\n"
				   "The team had spent six weeks on the mountain.\n\n"
				   "Berg said the last hundred metres had been the hardest.\n\n"
				   "The expedition was paid for by the Varn Alpine Club.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "what date did they reach the ridge?", "May 29"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* A match's "score" is a figure: a sentence about the final that gives
 * none does not tell it. */
static void test_score_is_a_figure(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("dalmor-cup-2026",
				   "title: Orrin win the cup\n"
				   "date: 2026-07-19\n"
				   "---\n"
				   "DALMOR, July 19 - Orrin won the Dalmor Cup on Sunday, beating Vesk in "
				   "the final, with Teo Marrel scoring twice.\n\n"
				   "Marrel opened the scoring in the tenth minute.\n\n"
				   "Marrel, 24, said the win was for the fans.\n\n"
				   "The Vesk coach said his side had tired late on.\n\n"
				   "Orrin last won the cup in 1998.\n\n"
				   "About 40,000 fans watched the final.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what was the final score", NULL), ANSWER_FOUND);
	kb_free(kb);
}

/* "which COURT made the ruling" asks a kind ("court" is a verb too, but
 * not after "which"); "outside the court" names none. */
static void test_which_court(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("valmart-ruling-2026",
				   "title: Loyalty prices ruled unfair\n"
				   "date: 2026-03-02\n"
				   "---\n"
				   "ORRIN, March 2 - Supermarket chain Valmart misled shoppers with its "
				   "loyalty-card prices, a judge ruled on Monday.\n\n"
				   "Commerce Commission chair Daniel Kemp welcomed the ruling outside the "
				   "court.\n\n"
				   "The case was heard by the Orrin District Court over five days in "
				   "January.\n\n"
				   "Valmart said it would study the judgment.\n\n"
				   "The chain has 212 stores.\n\n"
				   "Shoppers' groups had complained since 2024.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "which court made the ruling", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "which court heard the case", "Orrin District Court"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* "who WON": news writes the winner "was elected" mayor or "was awarded"
 * the prize ("the election" says nothing of it); "the year before" asks
 * of another occasion. */
static void test_won_as_elected(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("orrin-mayor-2026",
				   "title: Lind elected mayor of Orrin\n"
				   "date: 2026-05-04\n"
				   "---\n"
				   "ORRIN, May 4 - Former nurse Ada Lind was elected mayor of Orrin on "
				   "Sunday, ending a close race against the incumbent, Tomas Berg.\n\n"
				   "Turnout in the election was 48 percent, the city's electoral office "
				   "said.\n\n"
				   "Berg said he would not contest the result.\n\n"
				   "Lind, 52, takes office on June 1.\n\n"
				   "On the same day the poet Mira Kalt was awarded the Orrin Poetry "
				   "Prize.\n\n"
				   "The city council has 40 seats.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who won the orrin mayor race", "Ada Lind"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "who won the poetry prize", "Mira Kalt"), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "who won the mayor race the year before", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
	/* the contest ("race") need not be said, and "winning" beside
	 * "was elected" leaves the winner its verb; "won 19 seats" is a
	 * share, not the vote */
	kb = kbdir_load("calder-mayor-2026",
			"title: Okafor elected\n"
			"date: 2026-10-12\n"
			"---\n"
			"PORT CALDER, Oct 12 - Civil engineer Rana Okafor was elected mayor of "
			"Port Calder on Sunday, winning an outright majority in a single "
			"round.\n\n"
			"Her main rival, deputy mayor Victor Hale, won 34.1 percent.\n\n"
			"Turnout was 58.7 percent, up from 49 percent at the last mayoral "
			"election.\n\n"
			"Okafor campaigned on a promise to build 30,000 affordable homes.\n\n"
			"She also pledged to review the contract for a new ring road.\n\n"
			"In the council, Green Future won 19 seats.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who won the mayor race", "Rana Okafor"), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "who won the council vote", NULL), ANSWER_FOUND);
	kb_free(kb);
}

/* A participle the article never uses is said by a synonym's verb
 * ("penalised" by "punished"), never by its plural noun ("punishments"). */
static void test_guessed_participle_is_no_noun(void **state)
{
	(void)state;
	static const char article[] =
		"title: Rally stewards review stage\n"
		"date: 2026-05-02\n"
		"---\n"
		"ORRIN, May 2 - Rally stewards in Orrin spent Saturday reviewing the crash on the "
		"fourth stage.\n\n"
		"The driver, Lena Vost, hit a barrier at high speed.\n\n"
		"Drivers have faced tougher punishments this season for unsafe restarts.\n\n"
		"Stewards said the track had been wet.\n\n"
		"The rally resumes on Sunday with three stages.\n\n"
		"Vost said she was unhurt.\n";
	struct kb *kb = kbdir_load("rally-2026", article, NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "was the driver penalised", NULL), ANSWER_FOUND);
	kb_free(kb);
	char punished[sizeof article + 64];
	snprintf(punished, sizeof punished, "%s", article);
	char *at = strstr(punished, "Vost said she was unhurt.");
	snprintf(at, sizeof punished - (size_t)(at - punished), "Vost was punished.\n");
	kb = kbdir_load("rally-2026", punished, NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "was vost penalised", "Yes"), ANSWER_FOUND);
	kb_free(kb);
}

static void test_the_claim_and_its_verb(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("lorn-2026", lorn_article, NULL, NULL);
	assert_non_null(kb);
	/* the article never says whether it worked */
	assert_int_not_equal(status_of(kb, "did the trial work", NULL), ANSWER_FOUND);
	/* "no fire was found" denies a fire, not that it is out; "broke
	 * out" says no fire is out */
	assert_int_not_equal(status_of(kb, "is the fire out yet", NULL), ANSWER_FOUND);
	/* funding a survey is not heading it */
	assert_int_not_equal(status_of(kb, "who headed up the survey", NULL), ANSWER_FOUND);
	/* "behind schedule" says no "yes" to "on schedule" */
	struct answer b;
	ask_n(kb, "did the survey finish on schedule", &b);
	if (b.status == ANSWER_FOUND)
		assert_null(strstr(b.text, "Yes"));
	answer_free(&b);
	/* "was not unanimous. Seven members voted ..." says no "yes" */
	struct answer a;
	ask_n(kb, "was it a unanimous vote", &a);
	if (a.status == ANSWER_FOUND)
		assert_null(strstr(a.text, "Yes"));
	answer_free(&a);
	/* the inquiry's day is not when the ferry ran aground */
	assert_int_not_equal(status_of(kb, "when did the ferry run aground", NULL), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "where did the ferry run aground", NULL), ANSWER_FOUND);
	/* the verb said in other words: "start" as "begins", "go off" as
	 * "sounded" */
	assert_int_equal(status_of(kb, "when does the festival start", "4 June"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what time did the siren go off", "5:15"), ANSWER_FOUND);
	/* an attempt to pass a levy says nothing of whether it passed, nor
	 * days to lodge an appeal, nor a court's name, of an appeal */
	static const char *const not_yes[] = {
		"did the water levy pass", "did the water board end up appealing",
		"is the water board going to appeal",
	};
	for (size_t i = 0; i < sizeof not_yes / sizeof *not_yes; i++) {
		struct answer c;
		ask_n(kb, not_yes[i], &c);
		if (c.status == ANSWER_FOUND && strstr(c.text, "Yes"))
			fprintf(stderr, "%s -> %s\n", not_yes[i], c.text);
		assert_false(c.status == ANSWER_FOUND && strstr(c.text, "Yes"));
		answer_free(&c);
	}
	kb_free(kb);
}

/* A when-answer is a point in time of the asked event, not when it was
 * said or planned; a count is no sum or measure; a weight is in a unit of
 * mass; "the names of" asks for names. */
static const char orrin_article[] =
	"title: Orrin council closes pools\n"
	"date: 2026-10-02\n"
	"---\n"
	"Orrin city council voted late on Tuesday to close three of the city's nine swimming "
	"pools.\n\n"
	"The remaining pools would open longer on Sundays, and a mobile lifeguard team would "
	"visit the closed sites twice a week.\n\n"
	"The fire service said on Wednesday morning that a blaze at the Orrin depot had been put "
	"out, about ten hours after it began.\n\n"
	"The depot's manager said two supervisors had been placed on leave pending a review.\n\n"
	"A crane lowered the new diving board on steel cables about 30 feet long.\n\n"
	"The recall covers 14 batches of the 20-milligram tablets shipped to chemists in the "
	"region.\n\n"
	"The weather office recorded 48 millimetres of rain at the Orrin gauge.\n";

static void test_the_asked_kind_of_figure(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("orrin-2026", orrin_article, NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "when do the pools close", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "when did the council vote", "Tuesday"), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "when does the lifeguard team visit", NULL),
			     ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "what time did the blaze start", NULL), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "what are the names of the two supervisors", NULL),
			     ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how heavy is the diving board", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how long are the steel cables", "30 feet"), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how many tablets were recalled", NULL), ANSWER_FOUND);
	/* "came DOWN" is read with its verb, not as a word the article lacks */
	assert_int_equal(status_of(kb, "how much rain came down", "48 millimetres"), ANSWER_FOUND);
	kb_free(kb);
}

/* An ordinal picks one of several and is said in the answer's own
 * sentence ("9.80 SECONDS" before it says no "second"); "how fast" asks
 * a figure, "how high" of a tariff a share. */
static void test_ordinals_and_dimensions(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("kell-2026",
				   "title: Kell wins in Orrin\n"
				   "date: 2026-08-02\n"
				   "---\n"
				   "Ana Kell won the final in 9.80 seconds. Mia Dorn finished third in "
				   "9.95.\n\n"
				   "Kell said a fast time had been possible all week.\n\n"
				   "Tariffs on Orrin steel rose to 25 percent on Monday.\n\n"
				   "The Kell training camp has 12 coaches.\n\n"
				   "In the relay, a second baton was dropped by Lu Sarn, the first "
				   "slip of the year.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who finished third", "Dorn"), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "who finished second", NULL), ANSWER_FOUND);
	/* "the FIRST baton" is not "a second baton" beside "the first slip" */
	assert_int_not_equal(status_of(kb, "who dropped the first baton", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "who dropped the second baton", "Sarn"), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how fast was kell going at her quickest", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how high are the tariffs on orrin steel", "25 percent"),
			 ANSWER_FOUND);
	/* "how far AWAY" asks a distance: a count of coaches is none */
	assert_int_not_equal(status_of(kb, "how far away is the kell training camp", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
}

/* A value asked of an owner ("Orvik Water's yearly profit") wants a sum,
 * share or measure: a count of people is none; "in total" wants the
 * sentence that sums, not one that lists parts. */
static void test_values_and_totals(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("orvik-water-2026",
				   "title: Orvik Water fined\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "Orvik Water supplies water to about 1.7 million people. Its "
				   "profit will pay the fine.\n\n"
				   "The Orvik club has a budget estimated at \xe2\x82\xac" "22m a "
				   "year.\n\n"
				   "The Dale family pledged \xe2\x82\xac" "100m for the repairs, and "
				   "the Moss family pledged \xe2\x82\xac" "200m.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what is orvik water's yearly profit", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what is the orvik club's yearly budget", "22m"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how much money was pledged for the repairs in total",
				       NULL),
			     ANSWER_FOUND);
	kb_free(kb);
	/* a share OF other things is not the rate; a forecast is not what
	 * the figure is now */
	kb = kbdir_load("orvik-bank-2026",
			"title: Orvik bank raises rates\n"
			"date: 2026-05-02\n"
			"---\n"
			"About 40 percent of Orvik mortgages have variable rates.\n\n"
			"The central bank expects inflation to average 5.9 percent next year.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "whats the new rate", NULL), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "whats inflation at now", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what share of orvik mortgages have variable rates",
				   "40 percent"),
			 ANSWER_FOUND);
	kb_free(kb);
	/* "what's" asks a value as "what is" does: a date is none */
	kb = kbdir_load("orvik-council-2026",
			"title: Orvik council hung\n"
			"date: 2026-06-06\n"
			"---\n"
			"ORVIK, June 6 - Voters in Orvik returned a hung city council on Thursday "
			"in a snap election called after the previous administration collapsed over "
			"the budget.\n\n"
			"The election was triggered in April when the council failed for a third "
			"time to pass its budget.\n\n"
			"Under council rules, the parties have until the annual meeting on June 24 "
			"to agree who will lead the authority.\n\n"
			"The city's chief executive said an interim budget adopted in April allowed "
			"spending of only 85% of last year's levels.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what's the council's total annual budget", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
}

/* An acronym the article never writes is read as the name it spells out;
 * one that spells no name stays unknown. One the article writes also
 * names the sentences that spell it out. */
static void test_acronyms(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-court-2026",
				   "title: Varn rider banned\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "The Court of Arbitration for Sport banned the rider for two years "
				   "on Tuesday.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how long did the cas ban the rider for", "two years"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how long did the uci ban the rider for", NULL),
			     ANSWER_FOUND);
	kb_free(kb);

	kb = kbdir_load("varn-bay-2026",
			"title: Varn bay closed\n"
			"date: 2026-05-02\n"
			"---\n"
			"The Coastal Fisheries Authority closed the northern bay to trawlers on "
			"Monday.\n\n"
			"CFA inspectors counted 14 boats in the harbour.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "which bay did the cfa close", "northern bay"), ANSWER_FOUND);
	kb_free(kb);

	/* two letters after "the", even one that is a pronoun elsewhere */
	kb = kbdir_load("varn-plant-2026",
			"title: Varn plant opens\n"
			"date: 2026-05-02\n"
			"---\n"
			"The Varn plant will become the largest solar plant in the United States.\n\n"
			"The European Union banned the panels in 2024.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "will varn be the biggest solar plant in the us", "Yes"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(kb, "when did the eu ban the panels", "2024"), ANSWER_FOUND);
	kb_free(kb);
}

/* A who-answer is never a word of the dateline, a month's short name or
 * a place a thing lies beneath. */
static void test_who_is_no_date_or_place(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-mine-2026",
				   "title: Miners freed\n"
				   "date: 2026-10-13\n"
				   "---\n"
				   "KELD MINE, Varnia, Oct 13 - The last of the 12 miners trapped deep "
				   "beneath Varnia's Orr Hills was hauled to the surface on Wednesday "
				   "night.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "who was the last miner out", NULL), ANSWER_FOUND);
	kb_free(kb);
}

/* A place word before a name counts only in the name's clause: "On
 * Tuesday, the Harlan administration declared" is no place; and a name
 * that describes a thing ("the Varn crown") is no one. */
static void test_who_past_a_dated_clause(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-quake-2026",
				   "title: Quake relief\n"
				   "date: 2026-07-09\n"
				   "---\n"
				   "On Tuesday, the Harlan administration declared a federal emergency "
				   "for the quake zone.\n\n"
				   "The Varn crown slipped 0.6 percent after the announcement of the "
				   "aid.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who declared a federal emergency", "Harlan"), ANSWER_FOUND);
	/* a name that describes a thing ("the Varn CROWN") does nothing */
	assert_int_not_equal(status_of(kb, "who announced the aid", NULL), ANSWER_FOUND);
	kb_free(kb);
}

/* "how long had it lasted" asks a time it went on, not a measure of the
 * thing ("a record OF 4 minutes 1.4 seconds"). */
static void test_lasting_is_no_measure(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-mile-1954",
				   "title: Mile record falls\n"
				   "date: 1954-05-06\n"
				   "---\n"
				   "The time beats the world record of 4 minutes 1.4 seconds set by "
				   "Gunder Hagg in 1945, a mark that had stood for years.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_without(kb, "how long had the old record lasted", "4 minutes");
	kb_free(kb);
}

/* A day beside a month's short name is a date, never a count: "Oct 24"
 * does not count the ferries of the dateline's sentence; nor is an age
 * beside a name ("Lena Hofer, 24,") a count of members. */
static void test_dated_day_counts_nothing(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-ferry-2026",
				   "title: Last ferry\n"
				   "date: 2026-10-24\n"
				   "---\n"
				   "VARNTON, Oct 24 - The Varn ferry, which carried commuters across the "
				   "sound for half a century, made its final crossing on Friday.\n\n"
				   "The harbour board said the bridge had taken most of its passengers.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how many ferries made the crossing", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
	kb = kbdir_load("varn-club-2026",
			"title: Climbing club elects president\n"
			"date: 2026-05-02\n"
			"---\n"
			"VARNTON, May 2 - Members of the Varn Climbing Society on Saturday elected "
			"Ilse Brand as their president, the first woman to lead the club.\n\n"
			"Younger members welcomed the result. Lena Hofer, 24, who chairs the "
			"society's youth section, said many young climbers had felt the club was "
			"slow to act.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how many members does the society have", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
	/* "how many EXACTLY" is not answered by "thousands" */
	kb = kbdir_load("varn-race-2026",
			"title: Marathon record\n"
			"date: 2026-10-12\n"
			"---\n"
			"Ilse Brand ran the Varn marathon in a record time on Saturday.\n\n"
			"Thousands of spectators lined the route in Varnton.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how many spectators exactly lined the route", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how many spectators lined the route", "Thousands"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* The date of a sentence is not the date of what a clause opened by
 * "after" tells, however far into the clause the verb stands. */
static void test_date_not_of_an_after_clause(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-wreck-2026",
				   "title: Steamer wreck found\n"
				   "date: 2026-03-09\n"
				   "---\n"
				   "VARNTON, March 9 - The wreck of the Varn steamer Aurel has been found "
				   "at the bottom of Lake Orr, more than a century after it was crushed "
				   "by ice and sank.\n\n"
				   "Divers from the Varn museum filmed its bell and its wheel.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "when did the aurel sink", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "when was the aurel found", "March 9"), ANSWER_FOUND);
	kb_free(kb);
}

/* A year the question asks in is not said by a sentence that sets
 * another figure against it ("the highest SINCE 1998"). */
static void test_year_said_only_as_since(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-ballot-2026",
				   "title: Dockers elect a new leader\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "Ilse Varn won the dockers' union ballot with 51 percent of the vote.\n\n"
				   "Turnout was 74 percent, the highest in any of the union's ballots since "
				   "1998, the electoral office said.\n\n"
				   "Varn takes office in June.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what was turnout in 1998", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what was turnout", "74 percent"), ANSWER_FOUND);
	kb_free(kb);
}

/* Who says and does what in a party primary: "what did X call Y" is not
 * answered by X's quotation that never names Y (asked what X said, it
 * is), and a name set off by commas does what the clause after it says. */
static void test_said_about_someone(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-primary-2026",
				   "title: Primary\n"
				   "date: 2026-09-14\n"
				   "---\n"
				   "Former finance minister Dagny Korvel won the most votes in the "
				   "Labour Union primary on Sunday.\n\n"
				   "Her nearest rival, Emil Strand, who leads the Labour group in "
				   "parliament, won 31.2 percent. The run-off between Korvel and Strand "
				   "will be held on September 27.\n\n"
				   "Strand, 44, said the party was not ready to hand the nomination to "
				   "\"the architect of the budget cuts\", a reference to Korvel's years at "
				   "the finance ministry. \"More than half of our members voted for "
				   "someone else today. That is the message,\" he said.\n\n"
				   "Turnout was 41 percent.\n\n"
				   "The party has 40,000 members.\n\n"
				   "Results are expected on the evening of September 27.\n\n"
				   "The party's general secretary, Ilse Morn, defended the party rules, "
				   "saying they had been agreed in 2019.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_without(kb, "what did strand call korvel", "More than half");
	assert_int_equal(status_of(kb, "what did strand say", "More than half"), ANSWER_FOUND);
	/* a name set off by commas does what the clause after it says */
	assert_int_equal(status_of(kb, "who is defending the party rules", "Ilse Morn"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* Words that look like a denial or a claim and are neither: "not only
 * ... but" adds, "its FIRST ever" denies a "before", a claim put as a
 * question ("asked WHETHER") is not made, and "NO party won" denies the
 * count after it. */
static void test_claims_not_made(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("korvel-vote-2026",
				   "title: New party leads Korvel vote\n"
				   "date: 2026-05-19\n"
				   "---\n"
				   "The Korvel weather office issued its first ever red warning for "
				   "extreme cold on Monday.\n\n"
				   "Officials said the cold was a risk not only to the elderly but to "
				   "healthy people as well.\n\n"
				   "Asked whether she could win outright, Lena Brask laughed.\n\n"
				   "No party won the 76 seats needed for a majority in the Korvel "
				   "parliament.\n\n"
				   "Not everyone in Halmstad backs the coalition.\n\n"
				   "Brask said smaller reforms, which can be passed by parliament "
				   "without a referendum, would follow.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_opening(kb, "had there ever been a red warning for extreme cold before", "No —",
		       true);
	expect_opening(kb, "is the cold a risk to the elderly", "No —", false);
	expect_opening(kb, "can brask win outright", "Yes —", false);
	assert_int_not_equal(status_of(kb, "how many seats did the party win", NULL), ANSWER_FOUND);
	expect_opening(kb, "does halmstad back the coalition", "Yes —", false);
	/* what can be done has not been */
	expect_opening(kb, "did the referendum pass", "Yes —", false);
	expect_opening(kb, "can the smaller reforms be passed by parliament", "Yes —", true);
	kb_free(kb);
}

/* Of two sentences that both say no, the one that denies the question's
 * own verb answers, not one that denies another verb ("does not REQUIRE
 * cyclists to wear helmets" for "was she wearing a helmet"). */
static void test_no_denies_the_verb_asked(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("tessburg-cyclist-2026",
				   "title: Cyclist wins appeal\n"
				   "date: 2026-05-21\n"
				   "---\n"
				   "TESSBURG, May 21 - A cyclist who was hurt when a van turned across "
				   "her path is entitled to her full award even though she was not "
				   "wearing a helmet, the court ruled on Thursday.\n\n"
				   "The judge added that the law does not require adult cyclists to "
				   "wear helmets, and that courts should be slow to punish road "
				   "users.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "was she wearing a helmet", "was not wearing"), ANSWER_FOUND);
	kb_free(kb);
}

/* "How often" is answered by a frequency ("every 40 minutes"), not by
 * another sentence about the same thing. */
static void test_how_often(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("korvel-ferry-2026",
				   "title: Islanders reject bridge\n"
				   "date: 2026-03-02\n"
				   "---\n"
				   "The bridge would have replaced the car ferry that runs between "
				   "Strandby and Velle every 40 minutes.\n\n"
				   "The minister mentioned a second ferry and a night crossing, but "
				   "gave no figures.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how often does the ferry go", "every 40 minutes"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* "How long had he worked there" asks a time, even in years; "how long
 * would the bridge have been" and "how long do females get" a length;
 * and an age ("his 25-year-old coach") is no time spent. */
static void test_how_long_a_time(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("korvel-depot-2026",
				   "title: Mechanic wins claim\n"
				   "date: 2026-05-21\n"
				   "---\n"
				   "Ivo Brandt had worked at the Eastgate depot for 14 years.\n\n"
				   "The bridge, planned to be 2.1 kilometres long, was never built.\n\n"
				   "Female beetles grow to 38 millimetres, twice the size of the males.\n\n"
				   "The team and their 25-year-old coach were trapped in the cave.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how long had brandt worked there", "14 years"),
			 ANSWER_FOUND);
	expect_without(kb, "how long would the bridge have been", "years");
	expect_without(kb, "how long do female beetles get", "years");
	expect_without(kb, "how long did it take to get the team out", "25-year");
	kb_free(kb);
}

/* "Korvel's trade minister" is said as "the Korvelian Trade Minister":
 * a place's people say its roles. */
static void test_roles_of_a_people(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("korvel-data-2026",
				   "title: Korvel files data complaint\n"
				   "date: 2026-10-15\n"
				   "---\n"
				   "Korvel on Tuesday lodged a trade complaint against Halvard over a "
				   "data law.\n\n"
				   "\"This is a trade barrier,\" Korvelian Trade Minister Helga Voss told "
				   "reporters.\n\n"
				   "Halvard's digital minister defended the rules.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who is korvel's trade minister", "Helga Voss"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* An idiom that says how ("for good", "in the first place") asks no word
 * of its own. */
static void test_idioms_ask_nothing(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("korvel-plant-2026",
				   "title: Korvel plant to close\n"
				   "date: 2026-03-02\n"
				   "---\n"
				   "LUNDE, Sept 5 - Appliance maker Korvel said on Thursday it would "
				   "close its dishwasher factory here by the end of June next year, "
				   "ending 58 years of manufacturing at the site.\n\n"
				   "About 400 workers will lose their jobs at the plant.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "when will the plant shut for good", "June"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* A part with its whole counts what the part did ("winning 29 of the 61
 * seats"); and that count is not another party's, whose name the
 * question writes in lower case ("the civic alliance"). */
static void test_part_of_a_whole(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("korvel-council-2026",
				   "title: Brask elected mayor\n"
				   "date: 2026-10-12\n"
				   "---\n"
				   "LUNDE, Oct 12 - Civil engineer Rana Brask was elected mayor of Lunde "
				   "on Sunday, winning an outright majority in a single round and ending "
				   "16 years of Civic Alliance control of the country's second-largest "
				   "city.\n\n"
				   "The Quay Party also gained ground in the city council election held "
				   "on the same day, winning 29 of the 61 seats, two short of a majority. "
				   "It is expected to seek support from the Green List, which won seven "
				   "seats.\n\n"
				   "Brask will be sworn in on November 3. The city's annual budget is "
				   "about 6.5 billion dollars.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how many council seats did the quay party take",
				   "29 of the 61 seats"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how many council seats did the civic alliance win",
				       NULL),
			     ANSWER_FOUND);
	kb_free(kb);
}

/* "Who is X" and "what is X's job" ask who X is; "what does X's party
 * get out of the deal" asks more, and is not answered by who X is. */
static void test_who_someone_is_and_more(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("korvel-runoff-2026",
				   "title: Amaral wins run-off\n"
				   "date: 2026-11-30\n"
				   "---\n"
				   "LUNDE, Nov 30 - Former judge Rosa Amaral won the presidential run-off "
				   "on Sunday.\n\n"
				   "\"We will govern for everyone,\" said Tomas Ribeiro, the leader of "
				   "the Civic Movement.\n\n"
				   "Under the deal, Ribeiro's party will hold the ministries of education "
				   "and infrastructure in the new government.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who is ribeiro", "leader of the Civic Movement"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what is ribeiro's job", "leader of the Civic Movement"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what does ribeiro's party get out of the deal",
				   "education and infrastructure"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* A name runs on through "of the" after a common noun ("Friends of the
 * Lundmoor"), not after a person's name. */
static void test_names_through_of(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("korvel-bog-2026",
				   "title: Court quashes plant permit\n"
				   "date: 2026-09-03\n"
				   "---\n"
				   "A court on Thursday quashed the permit for a poultry plant near the "
				   "Lundmoor bog.\n\n"
				   "The case was brought by Friends of the Lundmoor, a local group of "
				   "about 300 members.\n\n"
				   "The permit was granted by Ivo Brandt of the Korvel Planning Board.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who brought the case", "Friends of the Lundmoor"),
			 ANSWER_FOUND);
	expect_without(kb, "who granted the permit", "Brandt of the");
	kb_free(kb);
}

/* A long sentence's answer is not cut right after the question's words
 * ("promised a referendum on reducing the..."): it runs on to the end
 * of its clause. */
static void test_answer_not_cut_after_the_words(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("korvel-deal-2026",
				   "title: Amaral wins run-off\n"
				   "date: 2026-11-30\n"
				   "---\n"
				   "Rosa Amaral won the presidential run-off on Sunday.\n\n"
				   "Under the deal, Ribeiro's party will hold the ministries of education "
				   "and infrastructure in the new government and Amaral has promised a "
				   "referendum on reducing the presidential term from six years to five.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "what referendum did amaral promise",
				   "reducing the presidential term from six years to five"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* "Who was the auctioneer" is answered by a word for the person, not
 * by one of its stem ("the previous AUCTION high for Warhol"). */
static void test_role_said_as_a_person(void **state)
{
	(void)state;
	static const char article[] =
		"title: Warhol portrait sells for $195 million\n"
		"date: 2022-05-10\n"
		"---\n"
		"NEW YORK, May 9 - A portrait by Andy Warhol sold at auction for $195 million "
		"on Monday.\n\n"
		"It far exceeded the previous auction high for Warhol, about $105 million paid "
		"in 2013.\n";
	struct kb *kb = kbdir_load("korvel-auction-2022", article, NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "who was the auctioneer", NULL), ANSWER_FOUND);
	kb_free(kb);
	char both[1024];
	snprintf(both, sizeof both, "%s\nThe auctioneer, Jussi Lind, took four minutes to close "
		 "the bidding.\n", article);
	kb = kbdir_load("korvel-auction-2022", both, NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who was the auctioneer", "Jussi Lind"), ANSWER_FOUND);
	kb_free(kb);
}

/* "How big is the tariff": a levy's size may be a share, not a total's. */
static void test_size_of_a_levy(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("korvel-tariff-2026",
				   "title: Korvel puts tariff on harnesses\n"
				   "date: 2026-06-02\n"
				   "---\n"
				   "Korvel on Monday put an 18 percent tariff on wiring harnesses made in "
				   "Halvard, its biggest supplier.\n\n"
				   "Halvard sold about 4 million harnesses to Korvel last year.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how big is the new tariff on the harnesses", "18 percent"),
			 ANSWER_FOUND);
	kb_free(kb);
	/* ... but a share is no total */
	kb = kbdir_load("korvel-fine-2026",
			"title: Korvel fine upheld\n"
			"date: 2026-06-02\n"
			"---\n"
			"A Korvel court on Wednesday upheld a record 96 million crown fine against "
			"three box makers for fixing the price of cardboard boxes.\n\n"
			"One maker's fine already included a 30 percent discount for cooperating.\n\n"
			"Talks resume on Friday in Hammar. Mediator Lene Dahl said both sides were far "
			"apart. The harbour was quiet on Sunday.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how big was the total fine", "96 million"), ANSWER_FOUND);
	/* "what years" asks a year, which no sum or day gives */
	assert_int_not_equal(status_of(kb, "what years did the price fixing go on", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
}

/* Words reported ("McKell said the state had never seen flooding like
 * it") go on in the quotation after them that only a pronoun speaks. */
static void test_reported_then_quoted(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-storm-2026",
				   "title: Storm\n"
				   "date: 2026-09-29\n"
				   "---\n"
				   "The storm came ashore on Wednesday with winds of 150 mph.\n\n"
				   "Varn Governor Ana McKell said the state had never seen flooding like "
				   "it. \u201cWe have never seen a flood like this. We have never seen a "
				   "surge this big,\u201d she told reporters on Thursday.\n\n"
				   "Ferries were diverted to Osby. The harbour was quiet on Sunday.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "what did mckell say", "surge this big"), ANSWER_FOUND);
	kb_free(kb);
}

/* "How long is the road that's tolled" asks its length: the state is
 * said of the road in a clause of its own. */
static void test_length_of_a_thing(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("orvik-toll-2026",
				   "title: Orvik pass toll\n"
				   "date: 2026-03-02\n"
				   "---\n"
				   "The toll applies to trucks using the 64-kilometre mountain road "
				   "between Sela and Dreva.\n\n"
				   "The pass is one of only two year-round road links between the "
				   "countries.\n\n"
				   "Hauliers said the detour adds about three hours to the journey. Talks "
				   "resume on Friday in Hammar. Mediator Lene Dahl said both sides were "
				   "far apart. Passengers were told to check the timetable.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how long is the road that's tolled", "64-kilometre"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* A revenue is a sum of money, not a share, and "what share of X" asks
 * a share; a rise the question names as a thing ("would THE 9 percent
 * RISE cost") asks for what it costs. */
static void test_sums_of_money(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("orvik-pay-2026",
				   "title: Orvik ferry talks stall\n"
				   "date: 2026-03-02\n"
				   "---\n"
				   "The union is seeking a 9 percent pay rise over two years, while Orvik "
				   "Lines has offered 5.5 percent.\n\n"
				   "Sales directors at Orvik Lines agreed price rises of between 6 and 9 "
				   "percent each year.\n\n"
				   "Orvik Lines had a budget of 40 million crowns for new ferries.\n\n"

				   "Talks resume on Friday in Hammar. The crews voted to strike in May. "
				   "Mediator Lene Dahl said both sides were far apart. The harbour was "
				   "quiet on Sunday. Passengers were told to check the timetable. Island "
				   "schools asked for early boats.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how much would the 9 percent rise cost orvik lines",
				       NULL),
			     ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "what are the annual revenues of orvik lines", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what was orvik lines' budget for new ferries",
				   "40 million crowns"),
			 ANSWER_FOUND);
	kb_free(kb);

	/* "what share of X": a share, not a name of a kind of share */
	kb = kbdir_load("orvik-gas-2026",
			"title: Orvik gas line\n"
			"date: 2026-03-02\n"
			"---\n"
			"The Soren line carries gas from Veldora to Ostmark, meeting close to 40 "
			"percent of Ostmark's demand.\n\n"
			"Talks resume on Friday in Hammar. The crews voted to strike in May. Mediator "
			"Lene Dahl said both sides were far apart. The harbour was quiet on Sunday.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "what share of ostmark's gas demand does the line cover",
				   "40 percent"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* A date with its year answers "when" though "after" follows it; a
 * day set one before an event is still not that event's. */
static void test_dated_dates_stand_alone(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-law-2026",
				   "title: Varn law\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "The judges annulled the act, which parliament passed in March 2025 "
				   "after a summer of blockades.\n\n"
				   "The unions met on Friday, one day before the strike.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "when did parliament pass the act", "March 2025"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "when is the strike", NULL), ANSWER_FOUND);
	kb_free(kb);
}

/* A role that opens the sentence after its owner's ("Chief executive
 * Petra Osk said") is the owner's; one with another owner in front is
 * not. */
static void test_role_after_its_owner(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-mine-2026",
				   "title: Varn mine\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "The miner Halvik Minerals said the quota would cut its sales. Chief "
				   "executive Petra Osk said the company supported the plant.\n\n"
				   "Firms such as Borvik Metals and Kestrel Pay trade there. Borvik chief "
				   "executive Rina Alt said her company had paused its plans.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who runs halvik minerals", "Petra Osk"), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "who runs kestrel pay", NULL), ANSWER_FOUND);
	kb_free(kb);

	/* the owner said by its people's word before the role */
	kb = kbdir_load("varn-pens-2026",
			"title: Varn pens\n"
			"date: 2026-05-02\n"
			"---\n"
			"Ostravia's Health Minister, Anna Berg, said the pens were unsafe.\n\n"
			"Ostravian pharmacies stopped selling them on Monday.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who's the ostravian health minister", "Anna Berg"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* ", one of the two dissenting judges," describes the name before it,
 * as ", a judge" would. */
static void test_one_of_describes(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-court-2026",
				   "title: Varn court\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "The court struck down the law by seven votes to two.\n\n"
				   "Justice Pavel Streik, one of the two dissenting judges, wrote that "
				   "parliament had been entitled to act.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "which judge dissented", "Pavel Streik"), ANSWER_FOUND);
	kb_free(kb);
}

/* "how much in total" takes the one sum of a sentence that also counts
 * people; not one of two sums, nor a part paid towards the whole. */
static void test_one_sum_in_total(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-pay-2026",
				   "title: Varn pay\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "The union estimated that back pay owed to the 212 engineers could "
				   "reach 3.4 million euros.\n\n"
				   "The court ordered the quarry to pay 650,000 crowns towards the "
				   "restoration of the stream, which runs for 11 kilometres.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how much back pay could the engineers be owed in total",
				   "3.4 million euros"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how much did the restoration of the stream cost in total",
				       NULL),
			     ANSWER_FOUND);
	kb_free(kb);
}

/* What a party and its partners would hold together is not the party's
 * own count; asked of them together, it is. What they fall short of
 * they do not hold. */
static void test_joint_figures(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-seats-2026",
				   "title: Varn seats\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "The Harbour Party and its partners would together hold 72 seats, "
				   "four short of a majority.\n\n"
				   "With all districts counted, the Harbour Party won 31.4 percent of the "
				   "vote and 52 of the 151 seats in the national assembly, the electoral "
				   "commission said on Monday.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_without(kb, "how many seats did the harbour party get", "72");
	/* what they fall short of is not what they hold */
	assert_int_not_equal(status_of(kb, "how many seats for a majority", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how many seats would the harbour party and its partners "
				       "hold together", "72"),
			 ANSWER_FOUND);
	kb_free(kb);
	/* what a change must win is not what it won; asked, it is */
	kb = kbdir_load("varn-referendum-2026",
			"title: Varn referendum\n"
			"date: 2026-10-07\n"
			"---\n"
			"Voters backed the amendment, but it still failed.\n\n"
			"Under the constitution, a change must win both a majority of votes cast "
			"and a majority in at least seven provinces.\n\n"
			"Turnout was 61.2 percent.\n\n"
			"The prime minister said she accepted the result.\n\n"
			"Opposition leaders called it a victory for the regions.\n\n"
			"Campaigners plan to try again in four years.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how many provinces did the change win", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how many provinces must a change win", "seven"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* Of two sentences that say "turnout", the one that does not narrow it
 * to a part ("Turnout in the capital") answers first; one that opens on
 * a named part ("In Hollen province") never answers of the whole. */
static void test_narrowed_subject_comes_after(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-turnout-2026",
				   "title: Varn turnout\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "Turnout in the capital Arven was just under 50 percent.\n\n"
				   "Turnout was 58.3 percent, the lowest since 1991.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "what was turnout", "58.3"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what was turnout in the capital", "50 percent"),
			 ANSWER_FOUND);
	kb_free(kb);
	/* a figure of a named part says nothing of the whole */
	kb = kbdir_load("varn-referendum-parts-2026",
			"title: Varn referendum\n"
			"date: 2026-10-07\n"
			"---\n"
			"Voters backed the amendment, but it failed in the provinces.\n\n"
			"In Hollen province, the smallest, only 31 percent voted Yes.\n\n"
			"The prime minister said she accepted the result.\n\n"
			"Opposition leaders called it a victory for the regions.\n\n"
			"Campaigners plan to try again in four years.\n\n"
			"The council will stay.\n",
			NULL, NULL);
	assert_non_null(kb);
	expect_without(kb, "what % voted yes overall", "31");
	assert_int_equal(status_of(kb, "what % voted yes in hollen", "31"), ANSWER_FOUND);
	kb_free(kb);
	/* a figure asked of a part the sentence does not name */
	kb = kbdir_load("varn-gas-2026",
			"title: Gas fee\n"
			"date: 2026-03-02\n"
			"---\n"
			"Varnia raised its gas transit fee on Monday.\n\n"
			"Gas prices at the regional trading hub rose 6 percent on the news before "
			"easing to close 4 percent higher.\n\n"
			"The fee is 2 euros per megawatt hour.\n\n"
			"Traders said the fee would add 40 million euros a year to bills.\n\n"
			"The ministry said the fee would fund pipeline repairs.\n\n"
			"Neighbouring states, which pay 300 million euros a year in fees, protested.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what did the gas price close at in euros", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what did the gas price close at", "4 percent"), ANSWER_FOUND);
	kb_free(kb);
}

/* "in their appeal" does not say they are going to appeal. */
static void test_their_appeal_is_no_plan(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-appeal-2026",
				   "title: Varn appeal\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "In 2022 the court found firefighters were working while on call, a "
				   "decision the Castell engineers relied on in their appeal.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "is castell going to appeal again?", NULL), ANSWER_FOUND);
	kb_free(kb);
}

/* "what exact date" asks when, as "what date" does: "later in the year"
 * is no date, "on Tuesday" is. */
static void test_exact_date_asks_when(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-station-2026",
				   "title: Varn station\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "Bond Street station is not yet ready and will open later in the "
				   "year.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what exact date does bond street open", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
	kb = kbdir_load("varn-line-2026",
			"title: Varn line\n"
			"date: 2026-05-02\n"
			"---\n"
			"The line opened on Tuesday.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "what exact day did the line open", "Tuesday"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* Of two dates in a sentence, "when" takes the one by what it asks of
 * its subject. */
static void test_date_by_the_predicate(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-quota-2026",
				   "title: Varn quota\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "Karvenia announced the quota on Nov 3 and says it will take effect "
				   "on Jan 1.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "when does the quota kick in", "Jan 1"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "when was the quota announced", "Nov 3"), ANSWER_FOUND);
	kb_free(kb);
}

/* "on Medran's side" asks for Medran: "side" is no word to find. */
static void test_on_ones_side(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-rice-2026",
				   "title: Varn rice\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "Tavarra lodged a complaint against Medran over its rice licences.\n\n"
				   "Medran's Agriculture Minister, Tomas Reyl, defended the measure, "
				   "saying it was needed to protect domestic growers.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who's defending the measure on medran's side", "Tomas Reyl"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* "Harbour Party leader Mira Sol" leads the Harbour Party: asked who
 * leads another party the sentence names, neither the owner of the
 * role nor its holder answers. */
static void test_another_partys_leader(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-vote-2026",
				   "title: Varn vote\n"
				   "date: 2026-05-02\n"
				   "---\n"
				   "The Green Front came third with 21 seats.\n\n"
				   "Harbour Party leader Mira Sol has ruled out any deal with the Green "
				   "Front.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who leads the harbour party", "Mira Sol"), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "who leads the green front", NULL), ANSWER_FOUND);
	kb_free(kb);
}

/* "Which company" is answered by a sentence that names one, not by one
 * that speaks of "a company" in general. */
static void test_which_company_wants_a_name(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("korvel-quarry-2026",
				   "title: Quarry fined over dust\n"
				   "date: 2026-04-02\n"
				   "---\n"
				   "A district court on Tuesday fined a quarry operator 2 million crowns "
				   "for dust that settled on homes in Torvel.\n\n"
				   "Under the 2017 act, fines can reach 5 percent of a company's annual "
				   "turnover.\n\n"
				   "The operator, Brennik Stone, said it would appeal.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_without(kb, "which company got fined", "Under the 2017 act");
	kb_free(kb);
}

/* "Where was it announced" is not answered by the place of another
 * verb set between ("bones RECOVERED from a cave", "a law THAT forces
 * firms to keep data on servers inside the country"); an aside closed
 * before the place ("a bee, the largest KNOWN to science, on an
 * island") and a passive's verb ("was SWEPT off a lane") leave it. */
static void test_place_of_another_verb(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("korvel-find-2026",
				   "title: Scientists announce new species\n"
				   "date: 2026-09-10\n"
				   "---\n"
				   "Scientists on Thursday announced a new species of frog, identified "
				   "from bones recovered from a chamber inside a cave north of Lunde.\n\n"
				   "Halvard on Tuesday lodged a complaint against Korvel over a law that "
				   "forces banks to keep data on servers inside the country.\n\n"
				   "A team found a giant beetle, the largest beetle known to "
				   "science, on an island in the Varn Sea.\n\n"
				   "A farmer was missing after his tractor was swept off a lane near "
				   "Pellby Farm.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "where was the species announced", NULL), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "where was the complaint lodged", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "where was the giant beetle found", "Varn Sea"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(kb, "where did the farmer go missing", "Pellby Farm"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* A "not" in a relative clause of other words ("the ferry, which had
 * NOT yet been priced") does not answer a yes/no question "No". */
static void test_denial_in_other_clause(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-therapy-2026",
				   "title: Regulator approves gene therapy\n"
				   "date: 2026-11-16\n"
				   "---\n"
				   "The Varn medicines regulator on Thursday approved Orvex, a gene therapy "
				   "for a rare blood disorder.\n\n"
				   "Campaigners welcomed the decision but said patients needed to know "
				   "whether the Varn Health Service would pay for the therapy, which had not "
				   "yet been priced.\n\n"
				   "About 300 people in Varnia have the disorder.\n",
				   NULL, NULL);
	assert_non_null(kb);
	struct answer a;
	ask_n(kb, "will the varn health service pay for it", &a);
	assert_null(strstr(a.text, "No —"));
	answer_free(&a);
	kb_free(kb);
	/* nor one that opens a participle clause ("REJECTING the
	 * airline's argument"); and "an appeals court" claims no appeal */
	kb = kbdir_load("varn-strike-2026",
			"title: Airline must pay strike compensation\n"
			"date: 2026-02-11\n"
			"---\n"
			"A national appeals court ruled on Wednesday that Varn Air must pay "
			"compensation to passengers, rejecting the airline's argument that the "
			"strike was beyond its control.\n\n"
			"About 4,000 passengers are covered.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "is varn air going to appeal", NULL), ANSWER_FOUND);
	kb_free(kb);
	/* but a past form before its object claims the act ("CONCEDED
	 * defeat"), and a closing "before" only adds time */
	kb = kbdir_load("varn-vote-2026",
			"title: Greens win Varn vote\n"
			"date: 2026-05-11\n"
			"---\n"
			"Outgoing president Dario Venn of the Civic Union conceded defeat shortly "
			"before midnight.\n\n"
			"In 2017 Ostra briefly cut off gas for three days during a row over unpaid "
			"bills.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "did venn concede?", "Yes"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "has ostra ever cut off gas before", "Yes"), ANSWER_FOUND);
	kb_free(kb);
}

/* "where does X rank" asks a place in an order, not a place on a map. */
static void test_where_it_ranks(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-games-2026",
				   "title: Varn Games closes takeover\n"
				   "date: 2026-10-13\n"
				   "---\n"
				   "Varn Games on Friday completed its takeover of Orrin Play.\n\n"
				   "Varn Games has said the deal makes it the world's third-largest games "
				   "company by revenue.\n\n"
				   "A judge in Keldmouth refused a request to block the deal in July.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "where does varn games rank in gaming now", "third"),
			 ANSWER_FOUND);
	expect_without(kb, "where does varn games rank in gaming now", "Keldmouth");
	kb_free(kb);
}

/* Many sentences that cover a question alike, with nothing in its words
 * to choose among them: the first is a guess, and no answer is given. */
static void test_alike_sentences_are_a_guess(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-vote-2026",
				   "title: Varn votes\n"
				   "date: 2026-04-20\n"
				   "---\n"
				   "The Civic Union won 41 seats in Sunday's election to Varn's parliament.\n\n"
				   "The Rural Alliance took 24 seats.\n\n"
				   "The Social Democrats fell to 22 seats.\n\n"
				   "The Greens kept their 11 seats.\n\n"
				   "The Liberals held 2 seats.\n\n"
				   "A coalition of three parties would have 57 seats.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how many seats did they have before", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how many seats did the greens keep", "11 seats"),
			 ANSWER_FOUND);
	kb_free(kb);
	/* what someone said is found by who said it, however many
	 * sentences name them */
	kb = kbdir_load("varn-run-2026",
			"title: Brand runs a marathon in under two hours\n"
			"date: 2026-10-12\n"
			"---\n"
			"Ilse Brand ran a marathon in under two hours on Saturday.\n\n"
			"Brand was paced by 41 runners.\n\n"
			"Brand wore new shoes.\n\n"
			"Brand had tried once before, in 2017.\n\n"
			"Brand trains in the hills of Orrin.\n\n"
			"\"No runner is limited,\" Brand told reporters after the run.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "what did brand say after", "No runner is limited"),
			 ANSWER_FOUND);
	kb_free(kb);
	/* nor is a measure, which its unit picks out */
	kb = kbdir_load("varn-moon-2015",
			"title: Varn Space's Far Light spacecraft completes flyby of Varn\n"
			"date: 2015-07-14\n"
			"---\n"
			"The piano-sized probe made its closest approach at 7:49 a.m. Eastern time, "
			"passing about 7,800 miles above Varn's surface at roughly 31,000 miles per "
			"hour. But because the spacecraft was busy gathering data and was not pointed "
			"toward Earth during the encounter, scientists had to wait more than 13 hours "
			"to learn whether it had come through unharmed.\n\n"
			"Early measurements showed that Varn is about 1,473 miles, or 2,370 kilometres,"
			" across, somewhat larger than earlier estimates. That makes it the largest "
			"known object in the region beyond Ostra, scientists said. Varn has five known "
			"moons, the largest of which, Orrin, was also photographed in detail during the"
			" flyby.\n\n"
			"Ilse Brand, the mission's principal investigator, of the Keld Institute in "
			"Keldmouth, has pushed for a mission to Varn for more than two decades. He told"
			" reporters that the encounter had gone as planned and that the team expected "
			"surprises as the data came in.\n\n"
			"Far Light was launched from Orrin Point, on Jan. 19, 2006. Later that year the"
			" Star Union reclassified Varn as a dwarf planet, a decision that still rankles"
			" many of the scientists on the mission. The spacecraft, which weighs about "
			"1,000 pounds, cost roughly $700 million, including its launch and "
			"operations.\n\n"
			"Varn was discovered in 1930 by Lars Holm, a young astronomer working at Holm "
			"Observatory in Varnton. A small portion of his ashes is aboard the spacecraft."
			" Holm died in 1997.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how big is varn", "1,473 miles"), ANSWER_FOUND);
	kb_free(kb);
}

/* "will X appeal": the "Appeal" of "the Court of Appeal" claims no appeal,
 * and "has 28 days to lodge an appeal" only allows one. */
static void test_appeal_in_a_name_claims_nothing(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-pickers-2026",
				   "title: Pickers win travel pay\n"
				   "date: 2026-05-07\n"
				   "---\n"
				   "The Varn Employment Court ruled that fruit pickers must be paid for "
				   "time on company buses.\n\n"
				   "Orrin Harvest has 28 days to lodge an appeal with the Court of "
				   "Appeal.\n\n"
				   "The union said about 3,000 workers could benefit.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_without(kb, "will orrin harvest appeal?", "Yes");
	kb_free(kb);
}

/* "what was the nurse's name" asks who: a sentence that names no nurse
 * does not answer it. */
static void test_possessor_name_asks_who(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-gym-2026",
				   "title: Gym chain loses fees case\n"
				   "date: 2026-06-02\n"
				   "---\n"
				   "A court ruled that the Varn gym chain must refund cancellation fees.\n\n"
				   "A nurse from Orrin, who drove 90 kilometres to cancel her membership, "
				   "was told the staff member who handled cancellations was away.\n\n"
				   "The chain's manager, Lars Holm, said the rule had been dropped.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what was the nurse's name", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what was the manager's name", "Lars Holm"), ANSWER_FOUND);
	kb_free(kb);
}

/* "what did X test positive for" is not answered by what another, named
 * in a "who" clause of the sentence, tested positive for. */
static void test_verb_of_another_name(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-doping-2026",
				   "title: Rider suspended\n"
				   "date: 2026-07-20\n"
				   "---\n"
				   "The cycling union said Varn rider Ilse Brand returned an adverse "
				   "finding for EPO in a test taken on July 9.\n\n"
				   "Brand's case follows that of Orrin sprinter Lars Holm, who tested "
				   "positive for an anabolic steroid in October.\n\n"
				   "Her team said it was shocked.\n",
				   NULL, NULL);
	assert_non_null(kb);
	struct answer a;
	ask_n(kb, "what did ilse brand test positive for", &a);
	assert_false(a.status == ANSWER_FOUND && strstr(a.text, "steroid"));
	answer_free(&a);
	kb_free(kb);
}

/* "who won the most seats": a sentence that ranks nothing does not say. */
static void test_superlative_needs_a_rank(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-poll-2026",
				   "title: Varn votes\n"
				   "date: 2026-04-20\n"
				   "---\n"
				   "The Rural Alliance, founded in 2023, won 19.2 percent and 24 seats.\n\n"
				   "Turnout was 71 percent.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "who won the most seats", NULL), ANSWER_FOUND);
	kb_free(kb);
	kb = kbdir_load("varn-poll-2026",
			"title: Varn votes\n"
			"date: 2026-04-20\n"
			"---\n"
			"The Civic Union won the most seats, 41 of 101.\n\n"
			"The Rural Alliance, founded in 2023, won 19.2 percent and 24 seats.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who won the most seats", "Civic Union"), ANSWER_FOUND);
	kb_free(kb);
}

/* "what was the company's argument": "the judge rejected THAT argument"
 * points back to it and does not tell it. */
static void test_pointing_back_tells_nothing(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-pickers-2026",
				   "title: Pickers win travel pay\n"
				   "date: 2026-05-07\n"
				   "---\n"
				   "The court ruled that pickers must be paid for bus time.\n\n"
				   "Orrin Harvest said the buses were a free convenience. Judge Ilse "
				   "Brand rejected that argument.\n\n"
				   "The union welcomed the ruling.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_without(kb, "what was the company's argument", "rejected that argument");
	kb_free(kb);
}

/* "varnia's trade minister" is not "Ostria's trade minister", in a quote
 * or in a sentence. */
static void test_role_of_another_owner(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-cocoa-2026",
				   "title: Ostria takes Varnia to the WTO\n"
				   "date: 2026-03-04\n"
				   "---\n"
				   "Ostria asked the WTO on Wednesday to rule on Varnia's cocoa "
				   "quarantine.\n\n"
				   "\"There is no scientific basis for it,\" Ostria's foreign trade "
				   "minister, Ilse Brand, told reporters.\n\n"
				   "Varnia says the rule stops a fungus.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what did varnia's trade minister say about it", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
	kb = kbdir_load("varn-wine-2026",
			"title: Ostria files complaint over Varnia's carbon label rule for "
			"imported wine\n"
			"date: 2025-03-14\n"
			"---\n"
			"\"This is a trade barrier dressed up as climate policy,\" Ostria's Deputy "
			"Minister for International Economic Relations, Ilse Brand, told reporters "
			"at the foreign ministry in Orrin. \"An Ostrian red that travels by ship is "
			"being graded more harshly than a Varnian wine trucked two thousand "
			"kilometres.\"\n\n"
			"Varnia defended the measure. Its agriculture minister, Lars Holm, said in a "
			"statement that the label gives consumers \"clear and honest information\" "
			"and that foreign producers had been given eight months to prepare.\n\n"
			"Ostria and Varnia are both members of free trade arrangements in the "
			"region. Brand said Ostria still hoped for a negotiated solution. Varnia "
			"said it was open to talks but would not suspend the rule.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "who is varnia's trade minister", NULL), ANSWER_FOUND);
	kb_free(kb);
}

/* Chat shorthand read as its words: "nz" is New Zealand; a letter
 * hyphened to a word ("e-bikes") is no word of its own. */
static void test_more_shorthand(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-tonga-2026",
				   "title: Aid reaches Varn\n"
				   "date: 2026-01-20\n"
				   "---\n"
				   "New Zealand dispatched two navy ships carrying drinking water to "
				   "Varn.\n\n"
				   "Australia sent surveillance aircraft.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how many navy ships did nz send", "navy ships"),
			 ANSWER_FOUND);
	kb_free(kb);
	/* the "e" of "e-bikes" is no word the article fails to use */
	kb = kbdir_load("varn-club-2026",
			"title: Climbing club elects president\n"
			"date: 2026-05-02\n"
			"---\n"
			"The Varn Alpine Club elected Ilse Brand as its president.\n\n"
			"A motion to allow electric mountain bikes on all club trails was "
			"rejected.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "did e-bikes get the go ahead on the trails", "No"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* "who's the judge": the name the role is said beside, not another name
 * in a sentence that says the role. */
static void test_role_holder_beside_role(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-court-2026",
				   "title: Class action certified\n"
				   "date: 2026-10-08\n"
				   "---\n"
				   "VARNTON, Oct 8 (Wire) - A federal judge on Tuesday certified a class "
				   "action against Varn National Bank on behalf of 2.3 million "
				   "customers.\n\n"
				   "The bank said it would appeal.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "who's the judge on this", NULL), ANSWER_FOUND);
	kb_free(kb);
	kb = kbdir_load("varn-court-2026",
			"title: Class action certified\n"
			"date: 2026-10-08\n"
			"---\n"
			"A federal judge on Tuesday certified a class action against Varn National "
			"Bank.\n\n"
			"District Judge Mara Ostrova wrote that the bank had been warned twice.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who's the judge on this", "Mara Ostrova"), ANSWER_FOUND);
	kb_free(kb);
	/* a name right before the role qualifies it: no holder */
	kb = kbdir_load("varn-ban-2026",
			"title: Ban overturned\n"
			"date: 2026-03-14\n"
			"---\n"
			"VARNTON, March 14 (Wire) - A High Court judge on Thursday overturned the "
			"city's ban on new ride-hailing licences.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "who was the judge", NULL), ANSWER_FOUND);
	kb_free(kb);
}

/* "how far offshore": a distance, not any sentence about the thing. */
static void test_how_far_offshore(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-rig-2026",
				   "title: Rig capped\n"
				   "date: 2026-07-15\n"
				   "---\n"
				   "The spill began after the Varn Horizon drilling rig, which Orvik leased "
				   "from Kell, exploded on the night of April 20, killing 11 workers.\n\n"
				   "The well lies a mile below the surface, about 40 miles off the Varn "
				   "coast.\n",
				   NULL, NULL);
	assert_non_null(kb);
	struct answer a;
	ask_n(kb, "how far offshore was the rig", &a);
	if (a.status == ANSWER_FOUND)
		assert_non_null(strstr(a.text, "40 miles"));
	answer_free(&a);
	kb_free(kb);
}

/* "a 2023 breach" is the breach's year, no other thing's. */
static void test_year_of_another_thing(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-audit-2026",
				   "title: Bank sued\n"
				   "date: 2026-10-08\n"
				   "---\n"
				   "A judge certified a class action on behalf of customers whose data was "
				   "exposed in a 2023 breach, ruling that the bank's own audits had warned "
				   "of the weakness.\n\n"
				   "The 2021 election was held in May.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what year were the audit warnings", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what year was the breach", "2023"), ANSWER_FOUND);
	kb_free(kb);
}

/* A date is not the date of what is only the means of another act. */
static void test_when_not_by_means(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-banks-2026",
				   "title: Banks merge\n"
				   "date: 2026-03-11\n"
				   "---\n"
				   "Varn Bank expects to save $95m a year by the end of 2027, largely by "
				   "merging computer systems.\n\n"
				   "The two boards will vote on the deal on 4 May.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "when will the computer systems be merged", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "when will the boards vote on the deal", "4 May"),
			 ANSWER_FOUND);
	kb_free(kb);
	/* nor of the act a participle describes the thing by */
	kb = kbdir_load("varn-council-2026",
			"title: Council hung\n"
			"date: 2026-06-06\n"
			"---\n"
			"VARNTON, June 6 (Wire) - Voters in Varnton returned a hung city council "
			"on Thursday in a snap election called after the previous administration "
			"collapsed over the budget, leaving no party within reach of the 25 seats "
			"needed to govern alone.\n\n"
			"The election was triggered in April when the council failed for a third "
			"time to pass its budget.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "when was the election called", "April"), ANSWER_FOUND);
	kb_free(kb);
}

/* A sentence that only says the question's own words answers nothing;
 * as the claim of a yes/no question it still does. */
static void test_echo_is_no_answer(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-summit-2026",
				   "title: Summit ends late\n"
				   "date: 2026-12-12\n"
				   "---\n"
				   "Talks at the Varn summit ran a day over schedule. Even the final "
				   "session was held up.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what held up the final session", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "was the final session held up", "Yes"), ANSWER_FOUND);
	kb_free(kb);
}

/* The grocer article, saying its prices were `bound` ("no", "not") lower
 * than its shelf prices. */
static struct kb *grocer_kb(const char *bound)
{
	char text[1024];
	snprintf(text, sizeof text,
		 "title: Grocer misled shoppers, court finds\n"
		 "date: 2026-06-03\n"
		 "---\n"
		 "WELLINGTON, June 3 - Varn's Court of Appeal ruled on Tuesday that supermarket "
		 "chain Tallow Fresh misled shoppers by advertising \"member prices\" that were in "
		 "many cases %s lower than its ordinary shelf prices, overturning a lower court "
		 "decision that had cleared the company last year.\n\n"
		 "The grocer has 1,140 stores, and its members number 1.6 million.\n\n"
		 "Consumer groups welcomed the decision.\n",
		 bound);
	return kbdir_load("varn-grocer-2026", text, NULL, NULL);
}

/* "NO lower than" is a bound, not a denial; and an answer cut from a
 * sentence with a dateline never opens inside it ("June 3 - Varn's"). */
static void test_bounds_and_datelines(void **state)
{
	(void)state;
	struct kb *kb = grocer_kb("no");
	assert_non_null(kb);
	expect_without(kb, "is the chain going to appeal again", "No \xE2\x80\x94");
	kb_free(kb);
	/* "not lower" denies: the answer opens after the dateline */
	kb = grocer_kb("not");
	assert_non_null(kb);
	expect_opening(kb, "is the chain going to appeal again", "No \xE2\x80\x94 Varn's Court",
		       true);
	kb_free(kb);
}

/* "how much oil": a figure with a unit that measures it, not a bare
 * number near the word. */
static void test_how_much_needs_a_unit(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-well-2026",
				   "title: Well capped\n"
				   "date: 2026-07-15\n"
				   "---\n"
				   "Engineers will watch pressure readings inside the well. Readings below "
				   "roughly 6,000 could mean oil is escaping into the rock.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how much oil was coming out each day", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
	kb = kbdir_load("varn-well-2026",
			"title: Well capped\n"
			"date: 2026-07-15\n"
			"---\n"
			"Officials estimated that about 2,000 pounds of oil escaped.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how much oil escaped", "2,000 pounds"), ANSWER_FOUND);
	kb_free(kb);
	/* a span of time measures no wine */
	kb = kbdir_load("peru-wine-2026",
			"title: Ecuador files complaint over Peru's label rule for imported wine\n"
			"date: 2026-03-14\n"
			"---\n"
			"The rule, published by Peru's farm ministry in November, requires every "
			"bottle of foreign wine sold in Peru from July 1 to show a grade from A to E. "
			"Wines made in Peru are exempt until 2028.\n\n"
			"Peru is the largest export market for Ecuadorian wine. Ecuador shipped about "
			"8 million litres of wine to Peru last year, according to a trade group.\n\n"
			"Peru defended the measure. Its farm minister, Rosa Quispe, said in a "
			"statement that the label gives consumers \"clear information\" and that "
			"foreign producers had been given eight months to prepare.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how much wine does peru produce each year", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
	/* ... and counts no cars */
	kb = kbdir_load("varn-tram-2026",
			"title: Varn votes for a tram\n"
			"date: 2026-03-14\n"
			"---\n"
			"The line is expected to carry 40,000 riders a day and to cut the commute "
			"from Osby to the centre from 55 minutes by car to 31 minutes by train.\n\n"
			"The council voted 9 to 4 for the line.\n\n"
			"Work starts next spring.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how many cars will each train have", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
}

/* The sentence the question's words point at answers though it says one
 * of them otherwise ("wrote for the majority" for "wrote the majority
 * opinion"), but never when the word left unsaid is a verb, which says
 * what event is asked ("injured" is not "paid"), or what "how much"
 * measures. */
static void test_one_word_said_otherwise(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load(
		"tarnow-levy-2026",
		"title: Tarnow court quashes cruise levy\n"
		"date: 2026-04-09\n"
		"---\n"
		"TARNOW, April 9 \xe2\x80\x94 A three-judge panel of the Tarnow Appeals Court on "
		"Thursday quashed a levy on cruise passengers, voting two to one.\n\n"
		"Presiding Judge Ilse Marven wrote for the majority that the levy had been set "
		"without a public consultation.\n\n"
		"In a dissenting opinion, Judge Karl Obst said the city had acted within its "
		"powers.\n\n"
		"The city had collected about 4 million euros since the levy began in 2024.\n\n"
		"About 310,000 cruise passengers paid the levy last year, and the water supply was "
		"not affected. Two officers were injured "
		"when a protest at the dock turned violent in May.\n",
		NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who wrote the majority opinion", "Ilse Marven"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how many cruise passengers were injured", NULL),
			     ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how much water did the city collect since 2024", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
	/* a word the article never uses ("planes") may be the one left
	 * unsaid; what a count counts ("tourists") may not */
	kb = kbdir_load("orsk-fog-2026",
			"title: Fog shuts Orsk airport\n"
			"date: 2026-11-12\n"
			"---\n"
			"No flights could leave on Thursday morning because the runway lights had "
			"failed in the fog, the airport said.\n\n"
			"About 4,000 passengers were stranded in the terminal.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "why couldnt the planes leave thursday morning",
				   "runway lights"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how many tourists were stranded in the terminal", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
}

/* "which states": a count of states ("four neighbouring states") or one
 * taken at random ("a journal") says none of them; names beside the kind
 * do, and a kind word that only describes the next noun ("a group
 * lawsuit") is no count of it. */
static void test_which_needs_a_name(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load(
		"ardel-fire-2026",
		"title: Ardel fire spreads\n"
		"date: 2026-08-14\n"
		"---\n"
		"About 900 firefighters are now working on the blaze, including crews sent from "
		"four neighbouring states.\n\n"
		"The governor declared an emergency in three districts \xe2\x80\x94 Arl Bend, "
		"Tullow and Esker Flats \xe2\x80\x94 on Friday.\n\n"
		"Mara Voss, director of the Ardel Residents Union, which is backing a group lawsuit "
		"against the utility, said the warnings came too late.\n\n"
		"The utility will send its new fire maps to eleven counties next week.\n",
		NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "which states sent firefighters", NULL), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "which counties get the fire maps", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "which districts are under the emergency", "Arl Bend"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(kb, "which group is backing the lawsuit", "Ardel Residents"),
			 ANSWER_FOUND);
	kb_free(kb);
	/* the verb a count counts by is asked, however loosely the lexicon
	 * reads it ("live" as "residents") */
	kb = kbdir_load("ardel-town-2026",
			"title: Ardel fire spreads\n"
			"date: 2026-08-14\n"
			"---\n"
			"The wildfire forced about 12,000 people to leave their homes on Thursday, and "
			"officials warned that it could reach the town of Ardel by the weekend.\n\n"
			"Residents of nearby Fenwick were told to be ready to leave.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how many people live in ardel", NULL), ANSWER_FOUND);
	kb_free(kb);
	/* a total is no sum for each one */
	kb = kbdir_load("tarn-2026",
			"title: Tarn Water fined\n"
			"date: 2026-05-19\n"
			"---\n"
			"A judge on Monday ordered Tarn Water to pay $47m in compensation to thousands "
			"of households whose water was contaminated.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how much does each household get", NULL), ANSWER_FOUND);
	kb_free(kb);
	/* an age is no time an act took */
	kb = kbdir_load("varn-moon-2026",
			"title: Moon landing\n"
			"date: 2026-07-21\n"
			"---\n"
			"Ada Varn, the 38-year-old commander, and Ben Oster, 39, set the lander down "
			"on Sunday.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how long after varn did oster get out", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
	/* a reaction asked is what was said */
	kb = kbdir_load("varn-rover-2026",
			"title: Rover lands\n"
			"date: 2026-08-06\n"
			"---\n"
			"The rover touched down in Gale Crater on Monday.\n\n"
			"President Ada Varn said in a statement that the landing was a triumph of "
			"engineering.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "what was varn's reaction", "triumph"), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "how did varn react", "triumph"), ANSWER_FOUND);
	kb_free(kb);
	/* a statement in reported speech is answered whole */
	kb = kbdir_load("varn-tunnel-2026",
			"title: Tunnel opens\n"
			"date: 2026-05-06\n"
			"---\n"
			"In her speech on Friday, President Ada Varn praised the engineers and the "
			"workers of both countries and described the new tunnel under the strait as a "
			"joint achievement of northern flair and southern patience.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "what did varn say in her speech", "southern patience"),
			 ANSWER_FOUND);
	kb_free(kb);
	/* "headquartered" is written "based" */
	kb = kbdir_load("tarn-works-2026",
			"title: Data breach\n"
			"date: 2026-09-03\n"
			"---\n"
			"Tarn Works, which is based in the port city of Ulvik, disclosed the breach on "
			"Tuesday.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "where is tarn works headquartered", "Ulvik"), ANSWER_FOUND);
	kb_free(kb);
	/* "which court": "outside THE court" points back and a day is no
	 * name; neither says which court ruled */
	kb = kbdir_load("varn-ruling-2026",
			"title: Varn ruling\n"
			"date: 2026-03-02\n"
			"---\n"
			"The operator must pay compensation to 64 households, a ruling published on "
			"Monday said.\n\n"
			"The tenants welcomed the ruling outside the court.\n\n"
			"Talks resume on Friday in Hammar. Mediator Lene Dahl said both sides were far "
			"apart. The harbour was quiet on Sunday.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "which court made the ruling", NULL), ANSWER_FOUND);
	kb_free(kb);
	/* a make asks a name, and "heavy" (a villain to WordNet) is none */
	kb = kbdir_load("varn-wreck-2026",
			"title: Varn wreck found\n"
			"date: 2026-03-09\n"
			"---\n"
			"Searchers said on Wednesday they had found the wreck of the Varn.\n\n"
			"The team used underwater drones to scan the seabed under heavy pack ice.\n\n"
			"Talks resume on Friday in Hammar. The harbour was quiet on Sunday.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "what make of underwater drone did they use", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
}

/* The hour of a clock time counts nothing. */
static void test_clock_time_is_no_amount(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-leak-2026",
				   "title: Chlorine leak\n"
				   "date: 2026-06-02\n"
				   "---\n"
				   "The leak began shortly before 3:15 a.m. at the Holloway Chemicals "
				   "plant, when a valve failed on a rail tank car that was being unloaded "
				   "at the site. A cloud drifted west before crews were able to stop the "
				   "flow.\n\n"
				   "Officials said 2,000 pounds of chlorine escaped, and the order was "
				   "lifted at 2:15 p.m.\n\n"
				   "\"Chlorine is heavier than air,\" the fire chief said.\n\n"
				   "Many residents had not known the plant stored chlorine at all.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "how much chlorine was in the rail car to start with",
				       NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what time did the leak begin", "3:15"), ANSWER_FOUND);
	kb_free(kb);
}

/* Where, how big and who: "of" a company says no where, "from" asks
 * where from, a part of the fine is not the fine, an office is no person
 * in it, "survive" is no "go", and an answer that opens on "which" keeps
 * the name "which" stands for. */
static const char varn_article[] =
	"title: Varn probe fined\n"
	"date: 2026-11-20\n"
	"---\n"
	"\"We deliver today for science,\" said Ola Brand, chief executive of Skyward, the Varn "
	"launch company, after the flight.\n\n"
	"The probe is the successor to the Hubble telescope, which was launched in 1990.\n\n"
	"The probe sent its first images on Friday. The team said the encounter had gone as "
	"planned.\n\n"
	"The regulator said that a single failure to encrypt customer records alone accounted for "
	"2 million crowns of the fine.\n\n"
	"Tom Reyes, a retired judge from the northern town of Ulvik and now the director of the "
	"Citizens' Privacy League, which is backing a group lawsuit filed on behalf of about "
	"5,000 customers, called the fine \xe2\x80\x9c" "a fraction of what this breach has cost "
	"ordinary people in scam calls, phishing emails and hours lost on hold\xe2\x80\x9d" ".\n\n"
	"The Office of the Privacy Commissioner said hackers had been inside the network for "
	"months.\n";

static void test_names_and_parts(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-2026", varn_article, NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "where did the probe launch from", NULL), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "did the probe survive", NULL), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "how big was the fine", NULL), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "who is the privacy commissioner", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "which group is backing the lawsuit", "Privacy League"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* "What did the NASA chief say": the speaker named by a role, said in the
 * article's words or a narrower one ("administrator" is a kind of
 * chief), and a question that goes on in words the article lacks ("when
 * they HEARD back") still gets the quotation. */
static const char kell_article[] =
	"title: Kell probe reaches Oru\n"
	"date: 2026-07-15\n"
	"---\n"
	"The Kell probe flew past the moon Oru on Tuesday, the Varn Space Agency said.\n\n"
	"\xe2\x80\x9cWe have a healthy probe,\xe2\x80\x9d said Ola Brandt, the mission operations "
	"manager, after the signal came back.\n\n"
	"\xe2\x80\x9cThis is a great day for science,\xe2\x80\x9d said Ivo Lundqvist, the Varn "
	"Space Agency administrator.\n\n"
	"The probe will now head for the outer moons.\n";

static void test_speakers_by_role(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("kell-2026", kell_article, NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "what did the operations manager say when they heard back",
				   "healthy probe"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(kb, "what did the space agency chief say", "great day"),
			 ANSWER_FOUND);
	/* no one's role says it */
	assert_int_not_equal(status_of(kb, "what did the flight director say", NULL), ANSWER_FOUND);
	/* a quotation about nothing the question asks, which the article
	 * says elsewhere, is no answer */
	assert_int_not_equal(status_of(kb, "what did the manager say about the outer moons", NULL),
			     ANSWER_FOUND);
	kb_free(kb);
}

/* "Who is the union boss": the union's leader, named in a sentence that
 * says the union itself, not the company's chief named after a sentence
 * about the union; "the union chief" is no chief of another. */
static const char strike_article[] =
	"title: Port strike\n"
	"date: 2026-10-14\n"
	"---\n"
	"Dock workers walked out on Monday. The union called the strike after talks collapsed. "
	"Tomas Kerr, the chief executive of the port operator, called the walkout "
	"disappointing.\n\n"
	"\"We will stay out as long as it takes,\" said Dana Fay, the union's general "
	"secretary.\n";

static void test_a_role_and_its_owner(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("strike-2026", strike_article, NULL, NULL);
	assert_non_null(kb);
	kb_free(kb);
	/* the first word after a dateline is no name */
	kb = kbdir_load("schools-2026",
			"title: Schools reopen\n"
			"date: 2026-10-24\n"
			"---\n"
			"PORT ALDEN - Schools across Kestmark province will reopen on Monday after the "
			"teachers' union and the provincial government reached a pay agreement late on "
			"Thursday, ending a 19-day strike.\n\n"
			"The union's president, Sam Ortiz, said members would vote on the deal next "
			"week.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who heads the teachers union", "Sam Ortiz"), ANSWER_FOUND);
	kb_free(kb);
	kb = kbdir_load("strike-2026", strike_article, NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who's the union boss", "Dana Fay"), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "who is the union chief", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "who is the chief executive of the port operator",
				   "Tomas Kerr"),
			 ANSWER_FOUND);
	kb_free(kb);
	/* an owner whose name ends in "s" takes the apostrophe alone */
	kb = kbdir_load("halvers-2026",
			"title: Ship freed\n"
			"date: 2026-03-29\n"
			"---\n"
			"\"We did it,\" said Ivo Sand, chief executive of Halvers, the salvage "
			"firm.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who is halvers' ceo", "Ivo Sand"), ANSWER_FOUND);
	kb_free(kb);
	/* after a plain plural the apostrophe only says which lawyer */
	kb = kbdir_load("varn-water-2026",
			"title: Utility must pay\n"
			"date: 2026-05-02\n"
			"---\n"
			"A judge ordered Varn Water to pay $47m to residents.\n\n"
			"Lawyers for the residents hailed the decision. \"This was not an accident,\" "
			"said Daniel Osei, the lead attorney in the class action.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "who is the residents' lawyer", "Daniel Osei"), ANSWER_FOUND);
	kb_free(kb);
}

/* A person the facts never quote is looked for in the sentences, where
 * their words must be theirs: named beside a verb of saying or a
 * quotation ("Assad won 95 percent, according to the results" is not what
 * Assad said); named nowhere else, they still get a plain who-is. */
static void test_words_of_a_speaker(void **state)
{
	const struct kb *kb = *state;
	assert_int_not_equal(status_of(kb, "what did Bashar al Assad say about Syria?", NULL),
			     ANSWER_FOUND);
	assert_int_equal(status_of(kb, "tell me about Vladimir Putin", "Russian President"),
			 ANSWER_FOUND);
	/* "what does X make of it" asks X's opinion: what X said, kept whole
	 * however long the speaker's name */
	struct kb *vote = kbdir_load("kestmark-vote-2026",
				     "title: Members pick a nurse\n"
				     "date: 2026-06-15\n"
				     "---\n"
				     "Lena Marsh won the party leadership on Sunday.\n\n"
				     "Political scientist Tomas Berg of the University of Upper Kestmark "
				     "and Public Policy said the result showed that the party's members "
				     "had moved to the left of its parliamentary wing.\n",
				     NULL, NULL);
	assert_non_null(vote);
	assert_int_equal(status_of(vote, "what does the political scientist make of it",
				   "moved to the left"),
			 ANSWER_FOUND);
	assert_int_equal(status_of(vote, "what did the political scientist think of the result",
				   "moved to the left"),
			 ANSWER_FOUND);
	/* an adjective the article never uses only describes the noun asked
	 * about ("the UNEXPECTED result") */
	assert_int_equal(status_of(vote, "what does the political scientist make of the unexpected result",
				   "moved to the left"),
			 ANSWER_FOUND);
	/* ... or one whose noun sense no text ever used ("old") */
	assert_int_equal(status_of(vote, "what does the political scientist make of the old party",
				   "moved to the left"),
			 ANSWER_FOUND);
	kb_free(vote);
}

/* "what is the CHARGE", "whats the TURNOUT", "per MWH": a figure is
 * asked, and a sentence without one (a count of things is none) does not
 * answer */
static void test_figure_nouns(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-seats-2026",
				   "title: Court rules on seat heater fee\n"
				   "date: 2026-02-11\n"
				   "---\n"
				   "VARN, February 11 - A regional consumer court ruled on Tuesday that "
				   "carmaker Halberg Motors acted unlawfully by charging drivers a monthly "
				   "subscription to switch on heated seats that were already built into "
				   "their cars, in a decision lawyers said could affect tens of thousands "
				   "of owners.\n\n"
				   "The case was brought by Piet Gale, who said the heated seats worked "
				   "only if he paid a charge of 14 pounds a month through the company's "
				   "app.\n\n"
				   "The opposition leader blamed a low turnout among older voters in rural "
				   "districts.\n\n"
				   "Election officials said 61.5 percent of registered voters took part.\n\n"
				   "Ostland currently pays 1.45 euros per megawatt hour for power from "
				   "Varn.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "whats the monthly charge for the heated seats", "14 pounds"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "whats the turnout", NULL), ANSWER_FOUND);
	/* "what PRICE did X list at": the figure asked right after "what" */
	struct kb *listing = kbdir_load("varn-listing-2026",
					"title: Listing\n"
					"date: 2026-09-14\n"
					"---\n"
					"Shares in Varnchip rose 25 percent on their first day of trading.\n\n"
					"Grocery delivery firm Quickcart and software company Klavo were due "
					"to follow with their own listings within days.\n",
					NULL, NULL);
	assert_non_null(listing);
	assert_int_not_equal(status_of(listing, "what price did quickcart list at", NULL),
			     ANSWER_FOUND);
	kb_free(listing);
	/* people "aboard" are the ones a craft was carrying */
	struct kb *ferry = kbdir_load("varn-ferry-2026",
				      "title: Ferry runs aground\n"
				      "date: 2026-03-02\n"
				      "---\n"
				      "Two passengers died and 37 people were taken to hospital.\n\n"
				      "The ferry was carrying 286 passengers and 14 crew on its crossing.\n",
				      NULL, NULL);
	assert_non_null(ferry);
	assert_int_equal(status_of(ferry, "how many passengers were aboard", "286"), ANSWER_FOUND);
	kb_free(ferry);
	/* nor a figure that only would be */
	struct kb *seats = kbdir_load("varn-seats-vote-2026",
				      "title: Liberals lose ground\n"
				      "date: 2026-05-11\n"
				      "---\n"
				      "Analysts said the Social Democrats and the Moderates, together with "
				      "the Liberals, would hold 18 seats.\n",
				      NULL, NULL);
	assert_non_null(seats);
	assert_int_not_equal(status_of(seats, "how many seats did the liberals get", NULL),
			     ANSWER_FOUND);
	kb_free(seats);
	/* a poll's figure is no result */
	struct kb *vote = kbdir_load("varn-vote-2026",
				     "title: Greens surge\n"
				     "date: 2026-05-11\n"
				     "---\n"
				     "The scale of the swing surprised pollsters, whose final surveys had put "
				     "the Greens at around 29 percent of the vote.\n\n"
				     "Turnout was 61 percent.\n",
				     NULL, NULL);
	assert_non_null(vote);
	assert_int_not_equal(status_of(vote, "what share of the vote did the greens get in the end",
				       NULL),
			     ANSWER_FOUND);
	kb_free(vote);
	/* unit abbreviations WordNet lacks are spelled out ("MWh") */
	assert_int_equal(status_of(kb, "how much does ostland pay per mwh", "1.45 euros"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* "why": a reason's word, not "since" of a time, "so" of a degree or a
 * court's "order" */
static void test_reasons_said(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-strike-2026",
				   "title: Dock strike\n"
				   "date: 2026-06-02\n"
				   "---\n"
				   "The strike, called by the Varn Dock Workers' Union, is the first full "
				   "stoppage at the port since 1989.\n\n"
				   "The test of the new crane was pushed back, and the company has spent "
				   "about 3 million crowns on repairs so far.\n\n"
				   "The beetle nests deep inside termite mounds, which helps to explain why "
				   "the beetle is so hard to find.\n\n"
				   "Part of the new harbour road runs through an undersea tunnel about 6.7 "
				   "kilometres long, built between two artificial islands, so that large "
				   "container ships can continue to pass above without a high bridge "
				   "blocking their way.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_not_equal(status_of(kb, "why are the dock workers striking", NULL), ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "why was the crane test pushed back", NULL), ANSWER_FOUND);
	assert_int_equal(status_of(kb, "why is the beetle so hard to find", "termite mounds"),
			 ANSWER_FOUND);
	/* the reason after its cue is not cut off ("so that large...") */
	assert_int_equal(status_of(kb, "why is part of the road a tunnel", "container ships"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* "when is the deal SUPPOSED to close": the verb asked is the one after
 * "to" */
static void test_verb_after_framing(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-banks-2026",
				   "title: Banks agree merger\n"
				   "date: 2026-04-14\n"
				   "---\n"
				   "Varn Bank agreed on Monday to buy Ostra Savings for 2 billion crowns.\n\n"
				   "The banks said they expected the deal to close in the third quarter of "
				   "this year.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "when is the deal supposed to close", "third quarter"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* A synonym that is a stop word is looked for in the sentence itself:
 * "operate" is "run" to WordNet; a particle ("over" for "finished") is
 * not. */
static void test_stop_word_synonyms(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-fuel-2026",
				   "title: Fuel chain loses appeal\n"
				   "date: 2026-05-21\n"
				   "---\n"
				   "Halvik Fuel, which runs 212 stations across the country, said it was "
				   "disappointed by the ruling on its pipeline.\n\n"
				   "Talks over the pipeline were over by Tuesday.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how many petrol stations does halvik fuel operate", "212"),
			 ANSWER_FOUND);
	assert_int_not_equal(status_of(kb, "when will the pipeline be finished", NULL), ANSWER_FOUND);
	kb_free(kb);
}

/* "a TEXAS-based investor": a name glued to a participle is no subject of
 * a noun the question asks ("the BOTTOM" is "base" to WordNet) */
static void test_glued_name_no_subject(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-dive-2026",
				   "title: Record dive\n"
				   "date: 2026-05-13\n"
				   "---\n"
				   "Lena Ward, a Texas-based investor, reached a depth of 10,900 metres, "
				   "beating the record set in 1960.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_opening(kb, "who got to the bottom in 1960", "Texas", false);
	kb_free(kb);
}

/* Of two dates, the one in the clause of the question's last word, not one
 * nearer across a comma */
static void test_date_in_the_verbs_clause(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-dams-2026",
				   "title: Dams\n"
				   "date: 2026-05-13\n"
				   "---\n"
				   "The North Harl dam disintegrated in 1995, and South Harl broke "
				   "apart quite suddenly in 2002.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "when did south harl collapse", "2002"), ANSWER_FOUND);
	kb_free(kb);
}

/* "what's the X called": a name set beside a word for X ("called",
 * "named", "known as", a comma), not one of another kind ("the lunar
 * module") nor a name that holds the word ("the Food and Drug
 * Administration") */
static void test_names_of_things(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-names-2026",
				   "title: Names\n"
				   "date: 2026-05-13\n"
				   "---\n"
				   "Vala Dern used a two-person submarine called Limiting Factor for "
				   "the dive.\n\n"
				   "The crew set their lunar module, named Eagle, down on the plain, "
				   "while the command module, Columbia, stayed in orbit.\n\n"
				   "The bacterium, a strain known as O104:H4, produces a toxin.\n\n"
				   "The vaccine, known as RTS,S/AS01, was approved on Tuesday by the "
				   "Food and Drug Administration.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_opening(kb, "what's the sub called", "Limiting Factor", true);
	expect_opening(kb, "whats the command module called", "Columbia", true);
	expect_opening(kb, "what was the strain called", "O104:H4", true);
	expect_opening(kb, "what is the vaccine called", "RTS,S/AS01", true);
	expect_opening(kb, "what is the drug called", "Administration", false);
	kb_free(kb);
}

/* "The 22-year-old Jamaican crossed the line": an age alone opening a
 * sentence, or as "the" one later, is that of whom the sentence before
 * named, across paragraphs; not when a name follows it */
static void test_age_of_the_one_named_before(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-sprint-2026",
				   "title: Sprint record\n"
				   "date: 2026-08-16\n"
				   "---\n"
				   "BERLIN, Aug 16 - Tomas Verhoek smashed the 100 metres record on "
				   "Sunday night.\n\n"
				   "The 22-year-old Jamaican crossed the line in 9.58 seconds.\n\n"
				   "Coach Ilse Brandt watched from the stand.\n\n"
				   "The 61-year-old Hanne Mols, a judge, timed the race.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how old is verhoek", "22"), ANSWER_FOUND);
	expect_opening(kb, "how old is brandt", "61", false);
	kb_free(kb);
	/* ... and so is "the" age after a verb of saying */
	kb = kbdir_load("varn-prize-2026",
			"title: Prize\n"
			"date: 2026-10-13\n"
			"---\n"
			"STOCKHOLM, Oct 13 - Tomas Verhoek was awarded the Varn Prize on Thursday.\n\n"
			"The academy said the 75-year-old poet was chosen for his songs.\n\n"
			"Coach Ilse Brandt watched from the stand.\n",
			NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how old is verhoek", "75"), ANSWER_FOUND);
	kb_free(kb);
}

/* A longer aside that describes a name (", the Danish biotech company
 * behind the therapy,") stays in the clause around it */
static void test_describing_aside(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-deal-2026",
				   "title: Deal\n"
				   "date: 2026-05-13\n"
				   "---\n"
				   "Halvik acquired Ostra Labs, the Danish biotech company behind the "
				   "therapy, for 8.7 billion dollars in 2018.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how much did halvik pay for ostra labs", "8.7 billion"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* A quotation a pronoun speaks ("..., she told supporters") is the words
 * of whom the sentence before named */
static void test_quote_a_pronoun_speaks(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-premier-2026",
				   "title: Premier\n"
				   "date: 2026-05-13\n"
				   "---\n"
				   "Premier Ilse Delna, who has led the province since 2010, said she would "
				   "begin talks on Monday. \"Voters have not asked us to leave,\" she told "
				   "supporters at a hotel.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "what did delna tell her supporters", "not asked us to leave"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* "what did X say AFTER WINNING": when the words were said frames the
 * question; a quotation of X's answers it, not X's words reported, nor
 * another's quotation that names X */
static void test_words_said_at_a_time(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-tram-2026",
				   "title: Tram vote\n"
				   "date: 2026-05-18\n"
				   "---\n"
				   "Mayor Helena Strand won the tram referendum on Sunday.\n\n"
				   "\"Varnholm has chosen to build for the next fifty years,\" Strand told "
				   "supporters at a rally.\n\n"
				   "Strand said in May that the count would be fair.\n\n"
				   "\"I congratulate Helena Strand,\" her rival Peter Voll told reporters.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "what did strand say after winning", "next fifty years"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* "how long was SHE down": a person has no length; a time is asked */
static void test_how_long_a_person(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-dive-deep-2026",
				   "title: Dive\n"
				   "date: 2026-05-13\n"
				   "---\n"
				   "On the bottom, at the deepest known point of any ocean, the cameras "
				   "found a plastic bag.\n\n"
				   "Lena Ward reached a depth of 10,900 metres on April 28. She spent about "
				   "four hours exploring the sea floor on her own.\n\n"
				   "The hadal zone, the part of the ocean deeper than about 6,000 metres, "
				   "is little explored.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_without(kb, "how long was she down on the bottom", "metres");
	kb_free(kb);
}

/* "how much notice": "14 days' notice", a time in the genitive before
 * the noun asked */
static void test_time_in_the_genitive(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-walkout-2026",
				   "title: Strike\n"
				   "date: 2026-05-13\n"
				   "---\n"
				   "The union must give 14 days' notice before any walkout.\n",
				   NULL, NULL);
	assert_non_null(kb);
	assert_int_equal(status_of(kb, "how much notice must the union give", "14 days"),
			 ANSWER_FOUND);
	kb_free(kb);
}

/* "DEPUTY mayor Olav Brenner" is no mayor: a post made another by the
 * word before it does not say the one asked, in either reading, unless
 * the question asks it */
static void test_another_rank(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-bridge-2026",
				   "title: Bridge\n"
				   "date: 2026-05-13\n"
				   "---\n"
				   "The new bridge in Varnholm opened on Monday.\n\n"
				   "Deputy mayor Olav Brenner cut the ribbon.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_without(kb, "who is the mayor", "Brenner");
	assert_int_equal(status_of(kb, "who is the deputy mayor", "Brenner"), ANSWER_FOUND);
	kb_free(kb);
}

/* ---- the answer object --------------------------------------------------- */

static void test_answer_object(void **state)
{
	const struct kb *kb = *state;
	struct answer a, b;
	ask_n(kb, "who backs the YPG?", &a);
	ask_n(kb, "who backs the YPG?", &b);
	/* Deterministic. */
	assert_int_equal(a.status, b.status);
	assert_string_equal(a.text, b.text);
	assert_int_equal(a.n_cites, b.n_cites);
	assert_ptr_equal(a.cites[0].sentence, b.cites[0].sentence);
	answer_free(&a);
	answer_free(&b);
	/* Freed answers are zeroed; freeing again or NULL is fine. */
	assert_null(a.text);
	assert_int_equal(a.n_cites, 0);
	answer_free(&a);
	answer_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_refuses_off_topic),
		cmocka_unit_test(test_refusal_says_what_the_article_says),
		cmocka_unit_test(test_answer_types),
		cmocka_unit_test(test_found_answers_cite_kb_sentences),
		cmocka_unit_test(test_single_facts_are_short),
		cmocka_unit_test(test_typos_and_shorthand),
		cmocka_unit_test(test_chat_framing_and_links),
		cmocka_unit_test(test_durations_and_numbers),
		cmocka_unit_test(test_answer_object),
		cmocka_unit_test(test_what_a_sentence_does_not_say),
		cmocka_unit_test(test_unseen_sentence_shapes),
		cmocka_unit_test(test_words_of_a_speaker),
		cmocka_unit_test(test_figure_nouns),
		cmocka_unit_test(test_reasons_said),
		cmocka_unit_test(test_verb_after_framing),
		cmocka_unit_test(test_stop_word_synonyms),
		cmocka_unit_test(test_glued_name_no_subject),
		cmocka_unit_test(test_date_in_the_verbs_clause),
		cmocka_unit_test(test_names_of_things),
		cmocka_unit_test(test_age_of_the_one_named_before),
		cmocka_unit_test(test_describing_aside),
		cmocka_unit_test(test_quote_a_pronoun_speaks),
		cmocka_unit_test(test_words_said_at_a_time),
		cmocka_unit_test(test_how_long_a_person),
		cmocka_unit_test(test_time_in_the_genitive),
		cmocka_unit_test(test_another_rank),
		cmocka_unit_test(test_sizes_and_roles),
		cmocka_unit_test(test_verb_after_subject_pronoun),
		cmocka_unit_test(test_chat_exec),
		cmocka_unit_test(test_name_of_thing),
		cmocka_unit_test(test_namesake),
		cmocka_unit_test(test_second_round_shapes),
		cmocka_unit_test(test_undecided_sentences),
		cmocka_unit_test(test_figures_asked),
		cmocka_unit_test(test_own_words),
		cmocka_unit_test(test_kind_asked),
		cmocka_unit_test(test_quotes_and_plans),
		cmocka_unit_test(test_what_the_question_needs),
		cmocka_unit_test(test_the_claim_and_its_verb),
		cmocka_unit_test(test_the_asked_kind_of_figure),
		cmocka_unit_test(test_ordinals_and_dimensions),
		cmocka_unit_test(test_guessed_participle_is_no_noun),
		cmocka_unit_test(test_won_as_elected),
		cmocka_unit_test(test_which_court),
		cmocka_unit_test(test_score_is_a_figure),
		cmocka_unit_test(test_pronoun_subject_verb_of_another),
		cmocka_unit_test(test_kind_named_by_another_word),
		cmocka_unit_test(test_scores_and_modified_counts),
		cmocka_unit_test(test_another_name_opens),
		cmocka_unit_test(test_values_and_totals),
		cmocka_unit_test(test_acronyms),
		cmocka_unit_test(test_who_is_no_date_or_place),
		cmocka_unit_test(test_who_past_a_dated_clause),
		cmocka_unit_test(test_lasting_is_no_measure),
		cmocka_unit_test(test_dated_day_counts_nothing),
		cmocka_unit_test(test_date_not_of_an_after_clause),
		cmocka_unit_test(test_year_said_only_as_since),
		cmocka_unit_test(test_denial_in_other_clause),
		cmocka_unit_test(test_where_it_ranks),
		cmocka_unit_test(test_alike_sentences_are_a_guess),
		cmocka_unit_test(test_appeal_in_a_name_claims_nothing),
		cmocka_unit_test(test_possessor_name_asks_who),
		cmocka_unit_test(test_verb_of_another_name),
		cmocka_unit_test(test_superlative_needs_a_rank),
		cmocka_unit_test(test_pointing_back_tells_nothing),
		cmocka_unit_test(test_role_of_another_owner),
		cmocka_unit_test(test_more_shorthand),
		cmocka_unit_test(test_when_not_by_means),
		cmocka_unit_test(test_year_of_another_thing),
		cmocka_unit_test(test_how_far_offshore),
		cmocka_unit_test(test_role_holder_beside_role),
		cmocka_unit_test(test_clock_time_is_no_amount),
		cmocka_unit_test(test_echo_is_no_answer),
		cmocka_unit_test(test_bounds_and_datelines),
		cmocka_unit_test(test_cut_keeps_the_opening),
		cmocka_unit_test(test_what_x_called_it),
		cmocka_unit_test(test_who_is_described),
		cmocka_unit_test(test_how_much_needs_a_unit),
		cmocka_unit_test(test_one_word_said_otherwise),
		cmocka_unit_test(test_which_needs_a_name),
		cmocka_unit_test(test_names_and_parts),
		cmocka_unit_test(test_speakers_by_role),
		cmocka_unit_test(test_a_role_and_its_owner),
		cmocka_unit_test(test_claims_not_made),
		cmocka_unit_test(test_no_denies_the_verb_asked),
		cmocka_unit_test(test_said_about_someone),
		cmocka_unit_test(test_place_of_another_verb),
		cmocka_unit_test(test_how_often),
		cmocka_unit_test(test_how_long_a_time),
		cmocka_unit_test(test_roles_of_a_people),
		cmocka_unit_test(test_idioms_ask_nothing),
		cmocka_unit_test(test_part_of_a_whole),
		cmocka_unit_test(test_who_someone_is_and_more),
		cmocka_unit_test(test_names_through_of),
		cmocka_unit_test(test_answer_not_cut_after_the_words),
		cmocka_unit_test(test_role_said_as_a_person),
		cmocka_unit_test(test_size_of_a_levy),
		cmocka_unit_test(test_which_company_wants_a_name),
		cmocka_unit_test(test_another_partys_leader),
		cmocka_unit_test(test_on_ones_side),
		cmocka_unit_test(test_date_by_the_predicate),
		cmocka_unit_test(test_exact_date_asks_when),
		cmocka_unit_test(test_their_appeal_is_no_plan),
		cmocka_unit_test(test_narrowed_subject_comes_after),
		cmocka_unit_test(test_joint_figures),
		cmocka_unit_test(test_one_sum_in_total),
		cmocka_unit_test(test_one_of_describes),
		cmocka_unit_test(test_role_after_its_owner),
		cmocka_unit_test(test_dated_dates_stand_alone),
		cmocka_unit_test(test_sums_of_money),
		cmocka_unit_test(test_length_of_a_thing),
		cmocka_unit_test(test_reported_then_quoted),
	};
	return cmocka_run_group_tests(tests, kbdir_setup_shipped, kbdir_teardown_shipped);
}
