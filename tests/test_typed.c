/* knowledge/typed: the typed second reading, on an invented article (not
 * one of tests/qa/): each kind of phrase it gives, and each reason it
 * gives none. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "knowledge/typed.h"
#include "tests/kbdir.h"

static const char bridge_article[] =
	"title: Road bridge collapses into the Tesk\n"
	"date: 2026-04-12\n"
	"---\n"
	"The Ashcombe road bridge over the river Tesk collapsed early on Sunday, sending three "
	"lorries into the water.\n\n"
	"Rescue teams pulled nine drivers and passengers from the river, and four helicopters "
	"searched the banks until dusk.\n\n"
	"Halden Surveys inspected the bridge in March and found cracks in two of its piers, the "
	"county council said on Tuesday.\n\n"
	"Repairs had been delayed because the council could not afford them, according to its "
	"minutes.\n\n"
	"About 2,000 commuters were moved from the town of Ferrow to temporary housing near the "
	"Dunmore racecourse.\n\n"
	"Veska Lind, who chairs the council, said the Ashcombe crossing would stay shut.\n\n"
	"The old main span, built in 1961, was 120 metres long.\n\n"
	"The first crossing on the site was put up in 1890 by Arlen Works.\n\n"
	"Two drivers died and 40 people were hurt.\n\n"
	"Port chief executive Mara Quist said tolls would rise, and Ilse Varn, mayor of Tesk, "
	"said they must not.\n\n"
	"The regulator fined Tesk Water, the county's largest supplier, 9 million crowns for the "
	"flooding. It said one failure alone accounted for 2 million crowns of the fine.\n\n"
	"The council voted late on Monday to close the old ferry pier.\n\n"
	"The mayor of Ferrow, Ada Brenn, asked for a new bridge, and the founder of Halden "
	"Surveys, Piet Ormond, said the cracks had been reported.\n\n"
	"One driver, Bo Arnott, 71, was treated for shock, and 19-year-old Ella Voss was "
	"unhurt.\n\n"
	"\"We were lucky,\" said Nils Aby, the council's chief engineer, and Health Minister "
	"Ida Rask promised an inquiry.\n\n"
	"Divers on Friday freed a van that had been trapped under the span, and a lorry had "
	"been stranded on the far bank since March 4.\n\n"
	"The Red Cross opened two shelters, at the Ferrow school and in the old mill.\n\n"
	"Lena Holt, chairwoman of the Harbour Trust, offered its boats.\n\n"
	"Some 40 engineers and scientists have checked the span.\n";

static int setup(void **state)
{
	*state = kbdir_load("tesk-2026", bridge_article, NULL, NULL);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	kb_free(*state);
	return 0;
}

/* The typed reading's answer to `q`, which must contain `want` (and cite
 * the sentence holding `cite`); or, with want NULL, no answer. */
static void expect(const struct kb *kb, const char *q, const char *want, const char *cite)
{
	struct answer a = {0};
	int rc = typed_answer(kb, q, &a);
	if (!want) {
		if (rc == 0)
			fprintf(stderr, "\"%s\" -> \"%s\", want no answer\n", q, a.text);
		assert_int_equal(rc, 1);
		return;
	}
	if (rc != 0)
		fprintf(stderr, "\"%s\": no answer, want \"%s\"\n", q, want);
	assert_int_equal(rc, 0);
	assert_int_equal(a.status, ANSWER_FOUND);
	assert_true(a.n_cites >= 1);
	if (!strcasestr(a.text, want))
		fprintf(stderr, "\"%s\" -> \"%s\", want \"%s\"\n", q, a.text, want);
	assert_non_null(strcasestr(a.text, want));
	assert_non_null(strstr(a.cites[0].sentence->text, cite));
	answer_free(&a);
}

/* The whole engine's answer to `q` (the typed reading may serve it only
 * by way of answer.c's topic sentence), which must contain `want`. */
static void expect_found(const struct kb *kb, const char *q, const char *want)
{
	struct answer a = {0};
	assert_int_equal(answer_question(kb, q, &a), 0);
	if (a.status != ANSWER_FOUND || !strstr(a.text, want))
		fprintf(stderr, "\"%s\" -> \"%s\", want \"%s\"\n", q, a.text, want);
	assert_int_equal(a.status, ANSWER_FOUND);
	assert_non_null(strstr(a.text, want));
	answer_free(&a);
}

/* The whole engine gives no answer to `q`. */
static void expect_refused(const struct kb *kb, const char *q)
{
	struct answer a = {0};
	assert_int_equal(answer_question(kb, q, &a), 0);
	if (a.status == ANSWER_FOUND)
		fprintf(stderr, "\"%s\" -> \"%s\", want no answer\n", q, a.text);
	assert_int_not_equal(a.status, ANSWER_FOUND);
	answer_free(&a);
}

/* "how many N": a number beside N, a word for N or a kind of N */
static void test_counts(void **state)
{
	const struct kb *kb = *state;
	expect(kb, "how many choppers searched the banks", "four helicopters", "four helicopters");
	expect(kb, "how many commuters had to move", "2,000 commuters", "About 2,000");
	/* "how many people": any kind of person */
	expect(kb, "how many people were moved", "2,000 commuters", "About 2,000");
	/* the count of another noun, or in another clause, is no answer */
	expect(kb, "how many lorries did the rescue teams pull out", NULL, NULL);
	/* of two counts, the one beside the question's verb */
	expect(kb, "how many people died", "Two drivers", "Two drivers died");
	/* no noun: people ("how many got hurt") */
	expect(kb, "how many got hurt", "40 people", "40 people were hurt");
	/* people count no things ("engineers" is stemmed as "engines") */
	expect(kb, "how many science instruments checked the span", NULL, NULL);
	expect(kb, "how many engineers checked the span", "40 engineers", "Some 40");
	/* a word about the counted noun, which the article may say
	 * otherwise ("big" of "large trawlers") */
	struct kb *fleet = kbdir_load("varn-fleet-2026",
				      "title: Quota row\n"
				      "date: 2026-09-30\n"
				      "---\n"
				      "Varn's pelagic fleet is made up of 34 large trawlers, most of them "
				      "based in the north.\n\n"
				      "One euro is worth 6.55957 French francs.\n",
				      NULL, NULL);
	assert_non_null(fleet);
	expect_found(fleet, "how many big trawlers does varn have", "34 large trawlers");
	/* a near kind of the noun counted ("the French", a nation) that
	 * only describes the noun after it counts nothing */
	expect(fleet, "how many countries were worth one euro", NULL, NULL);
	kb_free(fleet);
	/* a plural ends the counted noun: "die" and "daily" are nouns too,
	 * but "how many PEOPLE die daily" counts people; and a word said
	 * twice is said in the figure's clause if either time is */
	struct kb *list = kbdir_load("varn-organs-2026",
				     "title: Organ waiting list grows\n"
				     "date: 2026-06-03\n"
				     "---\n"
				     "More than 9,000 people are on the national transplant waiting "
				     "list, and 4 people die each day waiting for an organ, according "
				     "to the Varn Organ Network.\n\n"
				     "Surgeons in Varn carried out 300 transplants last year.\n\n"
				     "The board said more donors were needed.\n",
				     NULL, NULL);
	assert_non_null(list);
	expect_found(list, "how many ppl die daily waiting for organs in varn", "4 people");
	kb_free(list);
	/* the question's verb said in another word of one of its senses
	 * ("send" of "shipped"), not an adjective that is a verb too ("the
	 * EMPTY capsule" of "after leaving the capsule"); and of "300 of the
	 * 900 flights", the whole is not what the part did */
	struct kb *trade = kbdir_load("varn-trade-2026",
				      "title: Varn and Ostria quarrel over pears\n"
				      "date: 2026-03-14\n"
				      "---\n"
				      "According to the ministry, Varn shipped 11,800 tonnes of pears to "
				      "Ostria in 2025, worth about $31m.\n\n"
				      "The pilot landed safely in a field east of Osby about nine minutes "
				      "after leaving the capsule.\n\n"
				      "Officials expected only about 300 of the roughly 900 flights "
				      "normally scheduled on Friday to take place.\n\n"
				      "Varn's largest grower, Tallow Farms, said it had put one of its "
				      "three packing lines on reduced shifts and moved about 260 "
				      "workers to a four-day week.\n\n"
				      "Talks between the two ministries are due next month.\n\n"
				      "With all 1,214 stations counted, the Green party won 27 of the "
				      "assembly's 71 seats, up from 12 in 2020.\n",
				      NULL, NULL);
	assert_non_null(trade);
	expect_found(trade, "how many tonnes did varn send to ostria in 2025", "11,800 tonnes");
	expect_refused(trade, "where did the empty capsule land");
	expect_refused(trade, "how many flights were expected to actually fly on friday");
	/* "in total": not one of the counts a sentence lists */
	expect_refused(trade, "how many ppl work at tallow farms in total");
	/* ... but the whole a part is counted of is the total */
	expect_found(trade, "how many seats are there in the assembly in total", "71 seats");
	kb_free(trade);
	/* "28 of 29 patients were free": the part with its whole */
	struct kb *trial = kbdir_load("varn-trial-2026",
				      "title: Gene therapy approved\n"
				      "date: 2026-11-16\n"
				      "---\n"
				      "The Varn regulator approved Orvex, a gene therapy for a blood "
				      "disorder.\n\n"
				      "In the blood disorder trial, 28 of 29 patients who had been "
				      "followed for long enough were free of severe pain for a year.\n\n"
				      "The therapy has not yet been priced.\n",
				      NULL, NULL);
	assert_non_null(trial);
	expect_found(trial, "how many blood disorder patients were free of pain",
		     "28 of 29 patients");
	kb_free(trial);
	/* "how many DAYS" is not counted in years (WordNet's synonym of
	 * "days") */
	struct kb *gym = kbdir_load("varn-gym-2026",
				    "title: Gym chain loses fees case\n"
				    "date: 2026-06-02\n"
				    "---\n"
				    "A court ruled that the Varn gym chain must refund cancellation fees.\n\n"
				    "The judge pointed to one former member who drove 90 kilometres to a "
				    "club she had not visited for two years in order to cancel her "
				    "membership.\n\n"
				    "The chain said it would study the ruling.\n",
				    NULL, NULL);
	assert_non_null(gym);
	expect(gym, "how many days since she visited the club", NULL, NULL);
	kb_free(gym);
	/* a figure in a clause about the word ("Tahuna, which employs about
	 * 1,400 pickers"), with one word left unsaid ("at peak") */
	struct kb *pickers = kbdir_load("varn-pickers-2026",
					"title: Pickers win travel pay\n"
					"date: 2026-05-07\n"
					"---\n"
					"The court ruled that pickers must be paid for bus time.\n\n"
					"Tahuna, which employs about 1,400 pickers at the height of the "
					"harvest, had argued that the buses were a free convenience.\n\n"
					"The union welcomed the ruling.\n",
					NULL, NULL);
	assert_non_null(pickers);
	expect_found(pickers, "how many pickers does tahuna employ at peak", "1,400 pickers");
	kb_free(pickers);
	/* ... or about the name the word opens ("Observers from the Varn
	 * Forum, who deployed 120 monitors") */
	struct kb *monitors = kbdir_load("varn-monitors-2026",
					 "title: Varn votes\n"
					 "date: 2026-05-07\n"
					 "---\n"
					 "Voters in Varn chose a new president on Sunday, and the result "
					 "was close.\n\n"
					 "Observers from the Varn Electoral Forum, who deployed 120 monitors "
					 "across the country, said the vote had been orderly.\n\n"
					 "The count ended on Monday. Turnout was higher in the cities. The "
					 "winner thanked her party. Her rival asked for a recount. The courts "
					 "will rule next week.\n",
					 NULL, NULL);
	assert_non_null(monitors);
	expect_found(monitors, "how many monitors did the observers have on the ground",
		     "120 monitors");
	kb_free(monitors);
	/* a clause about the word between two commas leaves it the
	 * subject of what follows */
	struct kb *collider = kbdir_load("varn-collider-2026",
					 "title: Varn collider\n"
					 "date: 2026-05-07\n"
					 "---\n"
					 "Physicists in Varn said on Monday they had found a new particle.\n\n"
					 "The Varn Collider, which lies in a 27-kilometre tunnel beneath the "
					 "border, was built at great cost and began colliding protons in 2009."
					 "\n\n"
					 "The count ended on Monday. Turnout was higher in the cities. The "
					 "winner thanked her party. The courts will rule next week.\n",
					 NULL, NULL);
	assert_non_null(collider);
	expect_found(collider, "when did the varn collider start smashing protons", "2009");
	kb_free(collider);
	/* the noun counted may be all the question says ("how many TRIES
	 * did it take") */
	struct kb *lamb = kbdir_load("varn-lamb-2026",
				     "title: Varn lamb\n"
				     "date: 2026-02-23\n"
				     "---\n"
				     "Scientists in Varn said on Sunday they had cloned a sheep from an "
				     "adult cell.\n\n"
				     "The team made 277 attempts to fuse cells with eggs. Only one lamb "
				     "was born.\n\n"
				     "The count ended on Monday. Turnout was higher in the cities. The "
				     "courts will rule next week.\n",
				     NULL, NULL);
	assert_non_null(lamb);
	expect_found(lamb, "how many tries did it take", "277 attempts");
	kb_free(lamb);
	/* "how much will labour COSTS GO UP": a change, given as a share */
	struct kb *costs = kbdir_load("varn-costs-2026",
				      "title: Pickers win travel pay\n"
				      "date: 2026-05-07\n"
				      "---\n"
				      "The court ruled that pickers must be paid for bus time.\n\n"
				      "Managing director Bruce Hadley said paying for travel time would "
				      "add about 6 percent to harvest labour costs.\n\n"
				      "The union welcomed the ruling.\n",
				      NULL, NULL);
	assert_non_null(costs);
	expect_found(costs, "how much will labour costs go up according to the company",
		     "6 percent");
	kb_free(costs);
	/* of a measure and a sum, the one the asked noun follows ("58
	 * million litres OF WINE", not "worth $190 million") */
	struct kb *wine = kbdir_load("varn-wine-2026",
				     "title: Varn wine exports\n"
				     "date: 2026-03-02\n"
				     "---\n"
				     "Varn and Ostria are at odds over wine labels.\n\n"
				     "Varn shipped about 58 million litres of wine to Ostria last year, "
				     "worth roughly $190 million, according to its growers.\n\n"
				     "Talks are due next month.\n",
				     NULL, NULL);
	assert_non_null(wine);
	expect_found(wine, "how much wine did varn send to ostria last yr", "58 million litres");
	kb_free(wine);
	/* "how long HAS he run it": since when */
	struct kb *boss = kbdir_load("varn-games-2026",
				     "title: Varn Games sold\n"
				     "date: 2026-10-13\n"
				     "---\n"
				     "Orrin Play completed its purchase of Varn Games on Friday.\n\n"
				     "Varn chief executive Ilse Brand, who has run the company since "
				     "1991, will remain in her role until the end of the year.\n\n"
				     "The deal is worth $69 billion.\n",
				     NULL, NULL);
	assert_non_null(boss);
	expect_found(boss, "how long has brand run varn games", "Since 1991");
	kb_free(boss);
	/* "where did she SPEAK": "TOLD supporters in the town of Brenna" */
	struct kb *speech = kbdir_load("varn-vote-2026",
				       "title: Farmers' party holds the balance\n"
				       "date: 2026-04-20\n"
				       "---\n"
				       "The Rural Alliance won 24 seats in Sunday's election, and "
				       "celebrated late into election night.\n\n"
				       "Alliance leader Ilse Brand, a dairy farmer from the province "
				       "of Hallen, told cheering supporters in the town of Brenna that "
				       "the result was a warning to the cities.\n\n"
				       "Talks on a coalition begin next week.\n",
				       NULL, NULL);
	assert_non_null(speech);
	expect_found(speech, "where did brand speak on election night", "Brenna");
	kb_free(speech);
	/* a number the question names must be said */
	expect(kb, "how many helicopters searched the banks in 2019", NULL, NULL);
}

/* "how much EXTRA will X pay": the amount, no noun it measures, so the
 * sentence on the topic may leave "extra" unsaid; a range is one sum */
static void test_how_much_extra(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("vestria-rates-2026",
				   "title: Vestria raises rates\n"
				   "date: 2026-05-06\n"
				   "---\n"
				   "Vestria's central bank raised its main rate to 5.25 percent on "
				   "Thursday.\n\n"
				   "The homeowners' association said a family with a typical mortgage "
				   "of 2.5 million krona would pay about 12,500 krona more a year.\n\n"
				   "Economists expect one more rise this year.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_found(kb, "how much extra will a typical family with a mortgage pay", "12,500 krona");
	kb_free(kb);
	/* a range for each one ("between 9 and 14 cents TO EVERY bottle") */
	kb = kbdir_load("varn-wine-2026",
			"title: Varn challenges Ostria's wine label rule\n"
			"date: 2026-03-14\n"
			"---\n"
			"Varn lodged a complaint with the trade body on Friday over Ostria's new "
			"label rule for imported wine.\n\n"
			"The growers' group estimates that relabelling and auditing costs would add "
			"between 9 and 14 cents to every bottle.\n\n"
			"Talks are due next month.\n",
			NULL, NULL);
	assert_non_null(kb);
	expect_found(kb, "how much extra per bottle would the relabelling cost", "9 and 14 cents");
	kb_free(kb);
}

/* "how long / far / high": a number with a unit of measure; a time unit
 * when the question asks how long something lasts */
static void test_measures(void **state)
{
	const struct kb *kb = *state;
	expect(kb, "how long was the old main span", "120 metres", "120 metres");
	expect(kb, "how long did the old main span last", NULL, NULL);
	/* "how heavy" is a weight: a length is no answer */
	expect(kb, "how heavy was the old main span", NULL, NULL);
	/* "how big" of a sum is its money, not a part "of the fine" */
	expect(kb, "how big was the fine", "9 million crowns", "fined Tesk Water");
	/* "how big" of a body: its members */
	struct kb *union_kb = kbdir_load("varn-union-2026",
					 "title: Union backs singer\n"
					 "date: 2026-06-20\n"
					 "---\n"
					 "The Varn Musicians' Union, which has about 7,200 members, backed "
					 "the singer's claim.\n\n"
					 "The court ruled on Thursday and ordered the company to pay "
					 "each affected member 150 crowns.\n\n"
					 "The company may appeal.\n\n"
					 "The song was written in 2011.\n\n"
					 "The ad ran for 14 months.\n\n"
					 "The singer welcomed the ruling.\n",
					 NULL, NULL);
	assert_non_null(union_kb);
	expect(union_kb, "how big is the musicians union", "7,200 members", "about 7,200");
	/* a sum for each one named before it */
	expect(union_kb, "how much does each member get", "150 crowns", "each affected member");
	kb_free(union_kb);
	/* "what will X cost": a sum */
	expect(kb, "what did the flooding cost tesk water", "9 million crowns", "fined Tesk Water");
	/* a writing is as long as its pages */
	struct kb *ruling = kbdir_load("varn-ruling-2026",
				       "title: Court rules on pickers\n"
				       "date: 2026-05-07\n"
				       "---\n"
				       "In a 64-page judgment, the court said pickers must be paid for travel "
				       "time.\n\n"
				       "The hearing lasted two days.\n",
				       NULL, NULL);
	assert_non_null(ruling);
	expect(ruling, "how long was the judgment", "64-page", "In a 64-page");
	expect(ruling, "how long did the judgment take", NULL, NULL);
	kb_free(ruling);
	/* a description right after the phrase's name is about it ("the
	 * 610-kilometre Soren Line, a PIPELINE that"); a volume is no length */
	struct kb *gas = kbdir_load("varn-gas-2026",
				    "title: Gas fee\n"
				    "date: 2026-03-18\n"
				    "---\n"
				    "The fee applies to gas flowing through the 610-kilometre Orm Line, a "
				    "pipeline that carries gas across Varn.\n\n"
				    "About 11 billion cubic metres of gas passed through the pipeline last "
				    "year.\n",
				    NULL, NULL);
	assert_non_null(gas);
	expect(gas, "how long is the pipeline", "610-kilometre", "The fee applies");
	kb_free(gas);
	/* a unit of two hyphened words */
	struct kb *far = kbdir_load("m87-2026",
				    "title: Black hole seen\n"
				    "date: 2026-04-10\n"
				    "---\n"
				    "The black hole lies about 55 million light-years from Earth.\n",
				    NULL, NULL);
	assert_non_null(far);
	expect(far, "how far away is the black hole", "55 million light-years", "lies about");
	kb_free(far);
	/* "how far did it drop": a share or a sum measures a fall, and a
	 * distance still does */
	far = kbdir_load("varn-market-2026",
			 "title: Copper slides\n"
			 "date: 2026-04-10\n"
			 "---\n"
			 "Copper futures on the Varn exchange fell 3 percent on Tuesday.\n\n"
			 "Zinc futures dropped 5 percent on Wednesday.\n\n"
			 "A climber fell 30 metres on the north face.\n",
			 NULL, NULL);
	assert_non_null(far);
	expect(far, "how far did copper futures drop", "3 percent", "Copper futures");
	expect(far, "how far did the climber fall", "30 metres", "A climber");
	/* a verb of falling says another ("go down" of "fell"), not one
	 * of rising */
	expect(far, "how much did zinc futures go down", "5 percent", "Zinc futures");
	expect(far, "how much did zinc futures go up", NULL, NULL);
	kb_free(far);
	/* of two measures in a sentence, the one beside the question's
	 * words */
	far = kbdir_load("tarn-viaduct-2026",
			 "title: Viaduct opens\n"
			 "date: 2026-12-14\n"
			 "---\n"
			 "The Tarn viaduct was opened on Tuesday. It stretches 2,460 metres, or "
			 "about a mile and a half, and at its highest point the road deck runs some "
			 "270 metres above the river.\n",
			 NULL, NULL);
	assert_non_null(far);
	expect(far, "how high above the river is the road", "270 metres", "It stretches");
	kb_free(far);
	/* a phrase opening the sentence frames its clause: the words said
	 * there are in the clause of the measure after the comma */
	far = kbdir_load("orm-tunnel-2026",
			 "title: Orm tunnel opens\n"
			 "date: 2026-06-01\n"
			 "---\n"
			 "The Orm rail tunnel opened on Wednesday after 12 years of work.\n\n"
			 "At its deepest point, trains run with some 1,900 metres of rock above "
			 "them.\n\n"
			 "Crews removed 20 million tonnes of spoil, and the line cost 9 billion "
			 "crowns.\n\n"
			 "Freight firms said the route would cut lorry traffic on the pass.\n",
			 NULL, NULL);
	assert_non_null(far);
	expect_found(far, "how much rock is above the trains at the deepest bit", "1,900 metres");
	kb_free(far);
	/* "how long was X stuck": how long a state lasted, not a length */
	far = kbdir_load("orm-delay-2026",
			 "title: Passengers stranded at Orm\n"
			 "date: 2026-06-01\n"
			 "---\n"
			 "The Orm terminal is 400 metres long.\n\n"
			 "Ilse Vik said she was stuck in the terminal with two children for nine "
			 "hours.\n\n"
			 "The airline said it regretted the delays.\n",
			 NULL, NULL);
	assert_non_null(far);
	expect(far, "how long was ilse vik stuck in the terminal", "nine hours", "for nine hours");
	kb_free(far);
}

static void test_dates(void **state)
{
	const struct kb *kb = *state;
	/* "the council said on TUESDAY" is when it was said */
	expect(kb, "when was the bridge inspected", "March", "Halden Surveys");
	/* a year after "in" */
	expect(kb, "what year was the crossing on the site put up", "1890", "Arlen Works");
	/* a time told against another ("before") is the main engine's */
	expect(kb, "when did the bridge collapse before", NULL, NULL);
	/* "when WILL": not a date its own words put in the past */
	struct kb *board = kbdir_load("varn-board-2026",
				      "title: Planning board\n"
				      "date: 2026-05-02\n"
				      "---\n"
				      "The planning board has faced criticism over its decisions, and a new "
				      "law passed last year is meant to reform it.\n",
				      NULL, NULL);
	assert_non_null(board);
	expect(board, "when will the board make a new decision", NULL, NULL);
	expect(board, "when was the new law passed", "last year", "The planning board");
	kb_free(board);
	/* a name and framing words say too little */
	expect(kb, "when was ashcombe", NULL, NULL);
	/* "sealed at 5:50 a.m., two hours AFTER it STARTED": not the start */
	struct kb *leak = kbdir_load("varn-leak-2026",
				     "title: Gas leak at Varn pool\n"
				     "date: 2026-08-02\n"
				     "---\n"
				     "Chlorine gas leaked from a tank at the Varn pool on Saturday.\n\n"
				     "\"The first job was to close the valve and keep the gas away from "
				     "people,\" said Fire Chief Ola Berg, whose crews used curtains of "
				     "water spray to knock down the cloud. He said hazardous materials "
				     "teams sealed the leak at about 5:50 a.m., roughly two and a half "
				     "hours after it started.\n\n"
				     "Twelve people were treated for breathing problems.\n",
				     NULL, NULL);
	assert_non_null(leak);
	expect_refused(leak, "what time did the gas start leaking");
	kb_free(leak);
	/* a verb alone says what is asked */
	expect(kb, "when did they get stranded", "March 4", "since March 4");
	/* "on Friday freed a van THAT had been trapped": the freeing's day */
	expect(kb, "when did they get trapped", NULL, NULL);
	/* "what year" asks a year: "March 4" names none */
	expect(kb, "what year did the lorry get stranded", NULL, NULL);
	/* "what time" asks a time of day, not a date */
	expect(kb, "what time did they get stranded", NULL, NULL);
	/* "voted on Monday TO CLOSE": the date is the vote's */
	expect(kb, "when will the old ferry pier close", NULL, NULL);
	/* a clock time whole ("10:32", not "32"), a phrasal verb alone */
	struct kb *rover = kbdir_load("rover-landing-2026",
				      "title: Rover lands\n"
				      "date: 2026-08-06\n"
				      "---\n"
				      "The rover touched down at 10:32 p.m. on a plain.\n",
				      NULL, NULL);
	assert_non_null(rover);
	struct answer a = {0};
	assert_int_equal(typed_answer(rover, "what time did it touch down", &a), 0);
	assert_string_equal(a.text, "10:32 p.m.");
	answer_free(&a);
	kb_free(rover);
	/* a clock time written solid */
	rover = kbdir_load("tallin-vote-2026",
			   "title: Vote count\n"
			   "date: 2026-03-09\n"
			   "---\n"
			   "Final results were published by the commission at 3:40am on Monday.\n",
			   NULL, NULL);
	assert_non_null(rover);
	expect(rover, "what time were the results published", "3:40am", "Final results");
	kb_free(rover);
	/* the dateline's date is the story's; parts of a date side by side
	 * are one date */
	rover = kbdir_load("ostra-clone-2026",
			   "title: Lamb cloned\n"
			   "date: 2026-02-24\n"
			   "---\n"
			   "OSTRA, Feb 24 - A lamb named Molly, born to a surrogate ewe, is the first "
			   "clone of an adult sheep.\n\n"
			   "Molly was born on July 5 last year at the institute.\n",
			   NULL, NULL);
	assert_non_null(rover);
	expect(rover, "when was molly actually born", "July 5 last year", "was born");
	kb_free(rover);
}

static void test_places(void **state)
{
	const struct kb *kb = *state;
	expect(kb, "where were the commuters moved from", "from the town of Ferrow", "About 2,000");
	expect(kb, "where is the temporary housing", "near the Dunmore racecourse", "About 2,000");
	/* a place set after the noun by one comma belongs to it */
	expect(kb, "where are the emergency shelters", "at the Ferrow school", "two shelters");
	/* "where were they MOVED": where to, not where they stay */
	expect(kb, "where were the commuters moved", "to temporary housing", "About 2,000");
	/* of two places, the one beside the question's verb */
	struct kb *ash = kbdir_load("ostria-ash-2026",
				    "title: Ash cloud\n"
				    "date: 2026-04-16\n"
				    "---\n"
				    "In 1982 an airliner lost power after flying through ash from a volcano "
				    "in Ostria, before the crew managed to land safely in Velmar.\n",
				    NULL, NULL);
	assert_non_null(ash);
	expect(ash, "where did the airliner land", "Velmar", "In 1982");
	kb_free(ash);
	/* "in the region" points back at a place named elsewhere */
	struct kb *outbreak = kbdir_load("varn-outbreak-2026",
					 "title: Outbreak over\n"
					 "date: 2026-08-25\n"
					 "---\n"
					 "The region was declared free of the disease on Tuesday.\n\n"
					 "Varnia was the last country in the region to be cleared.\n\n"
					 "Its final cases were found in 2016 in the north.\n\n"
					 "Vaccination teams reached remote villages by boat.\n\n"
					 "Donors from twelve countries paid for the vaccine.\n\n"
					 "Nurses trained thousands of volunteers.\n",
					 NULL, NULL);
	assert_non_null(outbreak);
	expect_refused(outbreak, "where in varnia were the last cases");
	kb_free(outbreak);
	/* an event is held somewhere, some time, whatever the article's verb */
	ash = kbdir_load("varn-summit-2026",
			 "title: Summit\n"
			 "date: 2026-06-01\n"
			 "---\n"
			 "The summit took place in Varnstad on Friday, and leaders agreed to meet "
			 "again in the autumn.\n",
			 NULL, NULL);
	assert_non_null(ash);
	expect(ash, "where was the summit held", "Varnstad", "The summit");
	expect(ash, "when was the summit held", "Friday", "The summit");
	kb_free(ash);
	/* a place that closes an aside about the question's word */
	ash = kbdir_load("varn-court-2026",
			 "title: Levy case\n"
			 "date: 2026-03-12\n"
			 "---\n"
			 "Varn filed its complaint with the regional trade tribunal on Wednesday.\n\n"
			 "Growers say the levy has cost them millions.\n\n"
			 "Trucks now queue for hours at the border.\n\n"
			 "Varn has asked the court, which sits in Ostria, to rule on the levy within "
			 "a month.\n\n"
			 "Officials in Ostria declined to comment.\n\n"
			 "The two neighbours have quarrelled before.\n",
			 NULL, NULL);
	assert_non_null(ash);
	expect_found(ash, "where does the regional court sit", "Ostria");
	kb_free(ash);
	/* a place no name tells, in the question's own words, is no answer
	 * ("where is mission CONTROL": "in the CONTROL room") */
	ash = kbdir_load("varn-lander-2026",
			 "title: Lander\n"
			 "date: 2026-11-12\n"
			 "---\n"
			 "Engineers at mission control cheered in the control room as the signal "
			 "came in.\n",
			 NULL, NULL);
	assert_non_null(ash);
	expect(ash, "where is mission control", NULL, NULL);
	kb_free(ash);
	/* an aside of a noun phrase between the verb and the place ("the
	 * largest beetle known to science") leaves the clause whole */
	ash = kbdir_load("varn-beetle-2026",
			 "title: Beetle found\n"
			 "date: 2026-02-21\n"
			 "---\n"
			 "A team of scientists have found a living Orm's giant beetle, the largest "
			 "beetle known to science, on an island in Varn's East Skerries, decades "
			 "after the last sighting.\n",
			 NULL, NULL);
	assert_non_null(ash);
	expect(ash, "where was the giant beetle found", "East Skerries", "A team");
	kb_free(ash);
}

/* "which town has THE MOST clubs": a sentence that ranks nothing does not
 * say which is first */
static void test_superlative_asked(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-clubs-2026",
				   "title: Court rules gym chain's exit fees unfair, orders refunds\n"
				   "date: 2026-03-02\n"
				   "---\n"
				   "FitVarn, which runs 86 clubs across Victoria, New South Wales and "
				   "Queensland and has about 210,000 members, said it was disappointed and "
				   "was studying the judgment.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_refused(kb, "which state has the most fitvarn clubs");
	kb_free(kb);
}

static void test_names(void **state)
{
	const struct kb *kb = *state;
	/* the subject of the question's verb */
	expect(kb, "who inspected the bridge", "Halden Surveys", "Halden Surveys");
	expect(kb, "who chairs the council", "Veska Lind", "Veska Lind");
	/* through a short description to its "who", even for a speaker;
	 * any verb of leading says another */
	struct kb *study = kbdir_load("varn-study-2026",
				      "title: Asthma study\n"
				      "date: 2026-05-20\n"
				      "---\n"
				      "\"The size of the effect surprised us,\" said Professor Ada Verl, an "
				      "epidemiologist who led the research team.\n",
				      NULL, NULL);
	assert_non_null(study);
	expect(study, "who headed up the research", "Ada Verl", "The size");
	kb_free(study);
	/* a plural opening the sentence is no name */
	study = kbdir_load("varn-levy-2026",
			   "title: Booking levy\n"
			   "date: 2026-01-06\n"
			   "---\n"
			   "Platforms registered in Varn pay a lower rate of 1.5 percent.\n",
			   NULL, NULL);
	assert_non_null(study);
	expect(study, "who registered in varn", NULL, NULL);
	kb_free(study);
	/* the agent a few words after the verb ("put up in 1890 BY") */
	expect(kb, "who put up the crossing on the site", "Arlen Works", "Arlen Works");
	/* a name before a noun of the question is no subject ("the
	 * ASHCOMBE crossing") */
	expect(kb, "who shut the crossing", NULL, NULL);
	/* "who is ..." asks about a person: the main engine's */
	expect(kb, "who is veska lind", NULL, NULL);
	/* the capital that opens a quotation is no name */
	struct kb *quoted = kbdir_load("pulse-2026",
				       "title: Gym fees unfair\n"
				       "date: 2026-05-20\n"
				       "---\n"
				       "\"A gym membership should not be harder to leave than a phone "
				       "plan,\" the regulator said outside the court.\n",
				       NULL, NULL);
	assert_non_null(quoted);
	expect(quoted, "who took the gym to court", NULL, NULL);
	kb_free(quoted);
	/* a possessive owns the word after it: "on the Courier's SIDE" is
	 * not the Courier siding */
	struct kb *sided = kbdir_load("varn-archive-2026",
				      "title: Archive ruling\n"
				      "date: 2026-05-21\n"
				      "---\n"
				      "The Varn Press Council, which represents 54 newspapers, had "
				      "intervened on the Harbour Courier's side in court.\n",
				      NULL, NULL);
	assert_non_null(sided);
	expect(sided, "who sided with the newspaper in court", NULL, NULL);
	kb_free(sided);
}

/* "who is the ROLE": the name the role is said of, before or after it */
static void test_roles(void **state)
{
	const struct kb *kb = *state;
	expect(kb, "who is the chief executive", "Mara Quist", "Mara Quist");
	expect(kb, "who's the mayor of tesk", "Ilse Varn", "Ilse Varn");
	expect(kb, "who is the treasurer", NULL, NULL);
	/* "the ROLE of NAME, NAME" */
	expect(kb, "who is the mayor of ferrow", "Ada Brenn", "Ada Brenn");
	/* "the ROLE of the X, a few words for a person, NAME" */
	struct kb *mission = kbdir_load("varn-observers-2026",
					"title: Observers\n"
					"date: 2026-10-12\n"
					"---\n"
					"The head of the observer mission, Dutch diplomat Piet Haal, said "
					"voting was orderly.\n",
					NULL, NULL);
	assert_non_null(mission);
	expect(mission, "who headed the observer mission", "Piet Haal", "The head");
	expect(mission, "who is the head of the observer mission", "Piet Haal", "The head");
	kb_free(mission);
	/* the name a role is said of, not one it leads ("the National
	 * Alliance, LED BY Prime Minister Viktor Aalund") */
	mission = kbdir_load("varn-pm-2026",
			     "title: Coalition\n"
			     "date: 2026-09-14\n"
			     "---\n"
			     "The Labour Union has been in opposition since 2022.\n\n"
			     "The governing National Alliance, led by Prime Minister Viktor Aalund, "
			     "holds 68 seats.\n\n"
			     "A general election is due by May 2027.\n\n"
			     "Polls put the two parties level.\n\n"
			     "Turnout was 61 percent.\n\n"
			     "Results are expected on Monday.\n",
			     NULL, NULL);
	assert_non_null(mission);
	expect(mission, "who's the current prime minister", "Viktor Aalund", "Prime Minister");
	kb_free(mission);
	/* "who LED it": of two leaders, the one called by the verb's noun */
	mission = kbdir_load("varn-wreck-2026",
			     "title: Wreck found\n"
			     "date: 2026-03-09\n"
			     "---\n"
			     "Lars Brund, the expedition's director of exploration, said he had never "
			     "seen anything like it.\n\n"
			     "The expedition leader, polar geographer Ola Strand, said the team had "
			     "made history.\n",
			     NULL, NULL);
	assert_non_null(mission);
	expect(mission, "who led the expedition", "Ola Strand", "The expedition leader");
	kb_free(mission);
	/* an owner the question does not name: the article's one holder
	 * of the role, and no answer when it has two (two mayors) */
	expect(kb, "who is the founder of the survey company", "Piet Ormond", "Piet Ormond");
	expect(kb, "who is the mayor of the town", NULL, NULL);
	/* nor one the article gives another owner ("Mayor Ada Holm OF
	 * OSTRA" for "the mayor of Lunby") */
	struct kb *towns = kbdir_load("varn-towns-2026",
				      "title: Towns vote to merge\n"
				      "date: 2026-05-03\n"
				      "---\n"
				      "Mayor Ada Holm of Ostra said the result gave the towns a chance.\n\n"
				      "In Lunby, support for the merger was stronger.\n",
				      NULL, NULL);
	assert_non_null(towns);
	expect(towns, "who is the mayor of lunby", NULL, NULL);
	expect(towns, "who is the mayor of ostra", "Ada Holm", "Mayor Ada Holm");
	kb_free(towns);
	/* a possessive owner, before the role after the name, with or
	 * without "the" */
	expect(kb, "who is the council's chief engineer", "Nils Aby", "Nils Aby");
	expect(kb, "who's halden's founder", "Piet Ormond", "Piet Ormond");
	/* a word about the role may be left out ("lead"), not one of its
	 * name ("PRIME minister") */
	expect(kb, "who is the lead engineer", "Nils Aby", "Nils Aby");
	expect(kb, "who is the prime minister", NULL, NULL);
	/* a leader, asked by a verb or by "head": any kind of leader named
	 * with the owner ("the founder of Halden Surveys" leads nothing) */
	expect(kb, "who runs halden surveys", NULL, NULL);
	expect(kb, "who heads the harbour trust", "Lena Holt", "Lena Holt");
	expect(kb, "who is the head of the harbour trust", "Lena Holt", "Lena Holt");
	expect(kb, "who's running the harbour trust", "Lena Holt", "Lena Holt");
	expect(kb, "who is in charge of the harbour trust", "Lena Holt", "Lena Holt");
	/* "chief ENGINEER" is no chief: the council's leader is then the
	 * one who chairs it, as any verb of leading says another */
	expect(kb, "who leads the council", "Veska Lind", "Veska Lind");
	/* "ITS chief executive", the sentence before naming whose */
	struct kb *ferry = kbdir_load("velle-ferry-2026",
				      "title: Islanders reject the bridge\n"
				      "date: 2026-09-20\n"
				      "---\n"
				      "Voters on Holm rejected a road bridge to the mainland on Sunday.\n\n"
				      "The ferry company, Velle Lines, carried 1.1 million passengers last "
				      "year. Its chief executive, Petra Lund, said the company was ready to "
				      "add sailings.\n\n"
				      "The island council will meet on Monday.\n\n"
				      "Ivo Sand, chief executive of mainland-based bus operator "
				      "Kestline, said it would keep its timetable.\n\n"
				      "Port administrator Ida Moen said the authority would add two "
				      "berths.\n",
				      NULL, NULL);
	assert_non_null(ferry);
	expect_found(ferry, "who runs the ferry company", "Petra Lund");
	/* the owner after "of", however many words name it first */
	expect_found(ferry, "who runs kestline", "Ivo Sand");
	/* the owner's first word before the role, its head later ("PORT
	 * administrator ... the AUTHORITY") */
	expect_found(ferry, "who runs the port authority", "Ida Moen");
	kb_free(ferry);
	/* the role, then "at" its owner, then the name after a comma */
	struct kb *lab = kbdir_load("kepler-telescope-2026",
				    "title: Repaired telescope sends sharp pictures\n"
				    "date: 2026-01-13\n"
				    "---\n"
				    "The space agency released the first pictures from the repaired Kepler "
				    "telescope on Thursday.\n\n"
				    "Kepler's chief scientist at NASA, Ola Dahl, told reporters the "
				    "results were better than hoped.\n\n"
				    "More results are expected next month.\n",
				    NULL, NULL);
	assert_non_null(lab);
	expect_found(lab, "who's nasa's kepler chief scientist", "Ola Dahl");
	kb_free(lab);
}

/* "how old is X": the age news copy sets beside the name */
static void test_ages(void **state)
{
	const struct kb *kb = *state;
	expect(kb, "how old is bo arnott", "71", "Bo Arnott, 71");
	expect(kb, "how old was ella voss", "19-year-old", "19-year-old Ella Voss");
	expect(kb, "how old is veska lind", NULL, NULL);
	/* asked by the role the article gives beside the name */
	struct kb *crew = kbdir_load("varn-ditching-2026",
				     "title: Airliner lands on river\n"
				     "date: 2026-01-15\n"
				     "---\n"
				     "The captain, Olaf B. Trenne, 57, a former fighter pilot from Varnby, "
				     "told controllers he had lost both engines.\n\n"
				     "Deck officer Mia Strand, 41, opened the doors.\n\n"
				     "VARNBY, Jan 15 - Karl Osk, a 25-year-old medical student, swam "
				     "to the bank.\n",
				     NULL, NULL);
	assert_non_null(crew);
	/* "NAME, a AGE-year-old ..." */
	expect(crew, "how old was osk", "25-year-old", "Karl Osk, a 25-year-old");
	expect(crew, "how old is the pilot", "57", "The captain");
	expect(crew, "how old is the deck officer", "41", "Deck officer");
	expect(crew, "how old is the mechanic", NULL, NULL);
	kb_free(crew);
}

/* "what does X do for a living": the description of the name, up to
 * its word for a person; never another name's, never other words. */
static void test_jobs(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-vote-2026",
				   "title: Greens gain\n"
				   "date: 2026-05-04\n"
				   "---\n"
				   "The Green Coast leader, Rafael Imbert, a 41-year-old former marine "
				   "biologist, said his party would only join a government that halts "
				   "the port expansion.\n\n"
				   "Hal Ostrom, 33, is a beekeeper from Auckland who had climbed in "
				   "the Himalaya.\n\n"
				   "Mira Dahl, the party's candidate, said the port would grow.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect(kb, "what did imbert do before politics", "marine biologist", "Rafael Imbert, a");
	expect(kb, "what does ostrom do for a living", "a beekeeper", "is a beekeeper");
	/* a role is no work, and no one else's work answers */
	expect(kb, "what does dahl do for a living", NULL, NULL);
	kb_free(kb);
}

/* The article's topic, said in one sentence in four, is implied where a
 * sentence does not say it; a word the article never says is not. */
static void test_topic_implied(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("ulvik-2026",
				   "title: Storm hits Ulvik\n"
				   "date: 2026-02-02\n"
				   "---\n"
				   "The storm hit Ulvik on Monday.\n\n"
				   "The storm closed the ferry port.\n\n"
				   "Crews said the storm was the worst in years.\n\n"
				   "About 40 roofs were torn off in the town.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect(kb, "how many roofs did the storm tear off", "40 roofs", "About 40 roofs");
	expect(kb, "how many roofs did the flood tear off", NULL, NULL);
	kb_free(kb);
}

/* "how much did it drop", "what is the ransom": a sum, a share or a
 * measure tied to the question's words, never a bare count; words left
 * to the sentence before are not taken from one that gives its own
 * figure */
static void test_amounts(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("orvik-2026",
				   "title: Hackers hit Orvik Health\n"
				   "date: 2026-03-03\n"
				   "---\n"
				   "Hackers locked the computers of Orvik Health on Monday and asked "
				   "for a ransom. They demanded $4.5 million in cryptocurrency.\n\n"
				   "Shares in Orvik Health fell 6.8% on Tuesday.\n\n"
				   "The main interest rate stands at 5.25 percent.\n\n"
				   "Levels of nitrogen dioxide dropped by about 27 percent near the "
				   "hospitals. Fine dust dropped by a smaller margin, roughly 9 percent.\n\n"
				   "The hospital postponed 212 operations.\n\n"
				   "Medical trade between the two regions reached about $3 billion "
				   "last year.\n\n"
				   "The judge wrote a 64-page ruling.\n\n"
				   "The 58-year-old director was in the room. Rules bar firms from "
				   "passing costs on. Orvik runs hospitals for about 1.7 million "
				   "people.\n\n"
				   "The Yes side won 54.3 percent of the vote against 45.7 percent "
				   "for No, with turnout at 61.8 percent of the 5.62 million "
				   "registered voters.\n\n"
				   "In her dissent the judge would have reduced the fine to 10 "
				   "percent.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect(kb, "how much did the shares in orvik health drop", "6.8%", "fell 6.8%");
	/* the figure right after "turnout at" is the turnout, a share of
	 * voters the question does not name */
	expect(kb, "what was turnout in the vote", "61.8 percent", "with turnout at");
	/* what would have been done answers no "how much HAD it been" */
	expect(kb, "how much had the judge reduced the fine", NULL, NULL);
	expect(kb, "what is the ransom", "$4.5 million", "They demanded");
	expect(kb, "what is the interest rate", "5.25 percent", "stands at");
	/* "the VALUE of trade": the figure of trade, which need not be
	 * called its value */
	expect(kb, "what is the value of trade between the two regions", "$3 billion",
	       "Medical trade between");
	/* a light "go" is no word the article must say */
	expect(kb, "how much medical trade goes between the two regions", "$3 billion",
	       "Medical trade between");
	/* "what PERCENTAGE rise" is a share, not the ransom's sum */
	expect(kb, "what percentage ransom did they demand", NULL, NULL);
	/* the modifier names which quantity */
	expect(kb, "what is the unemployment rate", NULL, NULL);
	/* a count answers no "how much" */
	expect(kb, "how much did the hospital postpone", NULL, NULL);
	/* "9 percent" is the dust's, not the nitrogen dioxide's */
	expect(kb, "how much did nitrogen dioxide drop", "27 percent", "dropped by about 27");
	/* a number hyphened to its word counts nothing ("the 58-year-old
	 * director" is one director) */
	expect(kb, "how many directors were in the room", NULL, NULL);
	/* ... unless that word is what is counted */
	expect(kb, "how many pages is the ruling", "64-page", "The judge wrote");
	/* "got SICK" is a state: not "the sick", people; nor "passing" */
	expect(kb, "how many people got sick from the hospitals", NULL, NULL);
	kb_free(kb);
	/* of two sums said of one name, the one said with the question's
	 * word for money ("PAID") */
	kb = kbdir_load("lund-2026",
			"title: Lund signs Varo\n"
			"date: 2026-08-29\n"
			"---\n"
			"Lund City signed Ivo Varo on Friday and paid a fee of 12 million euros.\n\n"
			"The owners have spent 400 million euros on players since buying Lund City "
			"in 2023.\n",
			NULL, NULL);
	assert_non_null(kb);
	expect(kb, "how much did lund city pay", "12 million euros", "paid a fee");
	kb_free(kb);
	/* words that only frame a figure are not required: "on board", a
	 * light "get", a wish */
	kb = kbdir_load("rover-2026",
			"title: Rover lands\n"
			"date: 2026-08-06\n"
			"---\n"
			"The rover carries 10 science instruments. Dust damaged 9 of the "
			"instruments.\n\n"
			"The agency laid off 40 engineers after the landing.\n",
			NULL, NULL);
	assert_non_null(kb);
	expect(kb, "how many science instruments are on board the rover", "10 science",
	       "carries 10");
	expect(kb, "how many engineers did the agency get laid off", "40 engineers", "laid off");
	expect(kb, "how many engineers did the agency want to lay off", "40 engineers", "laid off");
	/* "9 of the instruments" counts a part of them */
	expect(kb, "how many instruments were damaged", NULL, NULL);
	kb_free(kb);
	/* "two of its six lines": six is the whole, not what was halted */
	kb = kbdir_load("varn-lines-2026",
			"title: Plant halts lines\n"
			"date: 2026-03-12\n"
			"---\n"
			"The company said it had halted two of its six production lines in "
			"February.\n\n"
			"Orders from carmakers have dried up.\n\n"
			"The plant employs about 4,200 people.\n\n"
			"Managers met union leaders on Monday.\n\n"
			"The town depends on the plant.\n\n"
			"Exports fell sharply last year.\n",
			NULL, NULL);
	assert_non_null(kb);
	expect(kb, "how many production lines did the company stop", NULL, NULL);
	kb_free(kb);
	/* a pronoun takes the word up in the next clause */
	kb = kbdir_load("varn-crossing-2026",
			"title: Crossing opens\n"
			"date: 2026-10-23\n"
			"---\n"
			"The Varn crossing opened on Tuesday after nine years of work.\n\n"
			"Estimates of the total cost vary, but it is widely put at about 20 "
			"billion dollars.\n\n"
			"Critics have questioned whether the crossing is worth its price.\n\n"
			"Ferries will keep running until June.\n\n"
			"Drivers need special permits.\n\n"
			"Buses run every ten minutes.\n",
			NULL, NULL);
	assert_non_null(kb);
	expect(kb, "how much did it cost", "20 billion", "widely put");
	kb_free(kb);
}

/* "which N": a name said to be an N (or a kind of N) beside it, the one
 * such name that answers */
/* "the lowest rate" is not left to another sentence by one that says
 * "the highest rate". */
/* A sum for each one of many answers only a question that asks it so. */
static void test_for_each_one(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-class-2026",
				   "title: Class action\n"
				   "date: 2026-10-08\n"
				   "---\n"
				   "A judge let 2.3 million bank customers sue as a class.\n\n"
				   "Their lawyer, Dana Reyes, welcomed the ruling. She said the class "
				   "would seek damages of at least $180 million, or roughly $78 for each "
				   "customer.\n",
				   NULL, NULL);
	assert_non_null(kb);
	/* (the total is in no clause with "customers": no answer, not $78) */
	expect(kb, "how much money are the customers going after", NULL, NULL);
	expect(kb, "how much money would each customer get", "$78", "roughly $78");
	kb_free(kb);
}

static void test_opposites(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("varn-steel-2026",
				   "title: Steel duties\n"
				   "date: 2026-03-03\n"
				   "---\n"
				   "The Commission set duties on Varn steel coil.\n\n"
				   "Imports had been landed at an average of 540 euros a tonne, against "
				   "costs of about 655 euros. The highest rate, 41.2%, was set for Orvik "
				   "Steel, the biggest exporter.\n\n"
				   "Kell Steel received the lowest rate after cooperating fully with the "
				   "inquiry.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect(kb, "what is the lowest rate anyone got", NULL, NULL);
	kb_free(kb);
}

static void test_which_kind(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("tarn-2026",
				   "title: Probe launched\n"
				   "date: 2026-06-01\n"
				   "---\n"
				   "The probe rode into space aboard an Ariane 5 rocket on Monday.\n\n"
				   "An Australian anaesthetist, Richard Harris, examined the divers "
				   "before they left the cave.\n\n"
				   "Doctors at the Tarn Royal Infirmary treated the divers.\n\n"
				   "The Varn and the Tesk are the two rivers of the valley. Floods on "
				   "the Varn river and the Tesk river closed roads.\n\n"
				   "Frankfurt, home of the Tarn Probe Agency, joined in the "
				   "celebrations.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect(kb, "which rocket carried the probe", "Ariane 5", "aboard an Ariane 5");
	/* the name that opens the sentence, a city to WordNet, with the
	 * question's words in the description after it */
	expect(kb, "which city is the tarn probe agency in", "Frankfurt", "home of the Tarn");
	expect(kb, "which doctor examined the divers", "Richard Harris", "anaesthetist");
	/* the kind's word right after the name is part of it */
	expect(kb, "which hospital treated the divers", "Tarn Royal Infirmary", "treated");
	/* two of the kind: which one is not known */
	expect(kb, "which river closed roads", NULL, NULL);
	kb_free(kb);
}

/* More sentences give the phrase than the index hits (each hit and the
 * sentence after it are read): all are kept safely, and one answer
 * backed by many is given. */
static void test_many_sentences(void **state)
{
	(void)state;
	char article[8192] = "title: Boats counted\ndate: 2026-05-01\n---\n";
	for (int i = 0; i < 40; i++) {
		char line[128];
		snprintf(line, sizeof line,
			 "Team %c%d counted 5 boats in the bay. Team %c%d counted 5 boats "
			 "too.\n\n",
			 'A' + i % 26, i, 'A' + i % 26, i + 40);
		strcat(article, line);
	}
	struct kb *kb = kbdir_load("boats-2026", article, NULL, NULL);
	assert_non_null(kb);
	expect(kb, "how many boats did the teams count in the bay", "5 boats", "counted 5 boats");
	kb_free(kb);
}

/* More dates in a sentence than the reading keeps (eight) are read
 * safely, and the kept ones answer. */
static void test_many_dates(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("ferry-2026",
				   "title: Ferry timetable\n"
				   "date: 2026-02-02\n"
				   "---\n"
				   "The ferry sailed on Monday, Tuesday, Wednesday, Thursday, Friday, "
				   "Saturday and Sunday last week, and again on Monday, Tuesday and "
				   "Wednesday this week, on 4 February and on March 9.\n",
				   NULL, NULL);
	assert_non_null(kb);
	struct answer a = {0};
	int rc = typed_answer(kb, "when did the ferry sail", &a);
	assert_true(rc == 0 || rc == 1);
	if (rc == 0)
		answer_free(&a);
	kb_free(kb);
	/* a verb said once for two dates: each date is its own subject's */
	struct kb *strains = kbdir_load("varn-strains-2026",
					"title: Flu strains\n"
					"date: 2026-02-02\n"
					"---\n"
					"Health officials met in Geneva on Monday.\n\n"
					"Of the three strains of the virus, strain 2 was declared eradicated "
					"worldwide in 2015 and strain 3 in 2019, leaving only strain 1.\n\n"
					"Vaccination teams reached remote villages by boat.\n\n"
					"The campaign cost about 300 million dollars a year.\n\n"
					"Donors from twelve countries paid for the vaccine.\n\n"
					"Nurses trained thousands of volunteers.\n\n"
					"Vaccinations have been compulsory in the country since 2020, when "
					"the last clinics reopened.\n\n"
					"In 1996, the virus paralysed an estimated 75,000 children each "
					"year.\n\n"
					"Under the rules of the Varn Health Pact, which has seven member "
					"states and was set up in 2009, members must hold talks first.\n",
					NULL, NULL);
	assert_non_null(strains);
	expect(strains, "when was strain 3 wiped out", "2019", "strain 3 in 2019");
	/* "in the 90s": a year of them */
	expect(strains, "how many children did the virus paralyse a year in the 90s", "75,000",
	       "In 1996");
	/* a date in a clause about another name is that name's */
	expect(strains, "when did the vaccine rule start applying", NULL, NULL);
	/* "since when": the year after "since" */
	expect(strains, "since when are vaccinations compulsory there", "2020", "since 2020");
	kb_free(strains);
}

/* "organised by THE Harbour Arts Trust": the agent after "by the", a
 * participle right before "by"; not "by the DUTCH architect", a name
 * that only describes the noun after it. And "organised" is a verb the
 * question asks, not the framing noun "organisation" that shares its
 * stem: the whole engine does not answer with who LED a team. */
static void test_agent_after_by_the(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("delma-festival-2026",
				   "title: Harbour festival opens\n"
				   "date: 2026-08-01\n"
				   "---\n"
				   "DELMA, Aug 1 - The Delma harbour festival opened on Friday with a "
				   "parade of boats.\n\n"
				   "The festival, organised by the Harbour Arts Trust of Delma, opened "
				   "with a parade.\n\n"
				   "About 30,000 visitors are expected.\n\n"
				   "The stage was designed by the Dutch architect Ana Veer.\n\n"
				   "Members of the Dutch festival team, led by Lu Veer, arrived on "
				   "Thursday.\n\n"
				   "The mayor said the town needed the visitors.\n\n"
				   "Tickets cost 12 euros a day.\n\n"
				   "The prizes, handed out by the festival's artistic director, Mira "
				   "Solt, went to two crews.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect(kb, "who organised the festival", "Harbour Arts Trust", "organised by");
	/* the agent named after a comma, past the word for the person */
	expect(kb, "who handed out the prizes", "Mira Solt", "handed out by");
	expect_found(kb, "who organised the festival", "Harbour Arts Trust");
	struct answer a = {0};
	if (typed_answer(kb, "who designed the stage", &a) == 0)
		assert_null(strstr(a.text, "Dutch"));
	answer_free(&a);
	kb_free(kb);
}

/* A fee or a fine is a sum of money ("thousands of kilometres" is no
 * fine), and what the fee ADDS TO another sum is not the fee. */
static void test_fees_and_fines(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("veldora-gas-2026",
				   "title: Gas fee row\n"
				   "date: 2026-03-18\n"
				   "---\n"
				   "MIRAVEN, March 18 - Veldora will raise the fee it charges for moving "
				   "gas to Ostmark from April 1, the energy ministry said.\n\n"
				   "Analysts said the new fee would add about 310 million euros a year to "
				   "Ostmark's import bill.\n\n"
				   "Shops that sell jumpers without the new label face checks by "
				   "inspectors who travel thousands of kilometres a year.\n\n"
				   "Importers who break the rule face a maximum fine of 20,000 euros.\n\n"
				   "The ministry said the rule would be reviewed in 2028.\n\n"
				   "Ostmark's gas comes mostly through the Soren pipeline.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect(kb, "what is the new fee", NULL, NULL);
	expect(kb, "what's the fine for selling a jumper without the label", NULL, NULL);
	expect(kb, "what is the maximum fine", "20,000 euros", "maximum fine");
	kb_free(kb);
}

/* "Was anyone hurt": yes with who was, no when no one was; a thing the
 * verb's noun names ("the still-burning hall") is no one being hurt, and
 * "no public funds" no one at all. */
static void test_anyone(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("depot-2026",
				   "title: Depot fire\n"
				   "date: 2026-03-03\n"
				   "---\n"
				   "Mayor Ilse Varn stood outside the still-burning hall on Monday.\n\n"
				   "Two officers were injured as the roof fell.\n\n"
				   "No deaths have been reported.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect(kb, "was anyone injured", "Yes — Two officers", "Two officers");
	/* "hurt", a state, is said by its like "injured" */
	expect(kb, "was anyone hurt", "Yes — Two officers", "Two officers");
	expect(kb, "has anyone died", "No — No deaths", "No deaths");
	expect(kb, "was anyone burned", NULL, NULL);
	kb_free(kb);
	kb = kbdir_load("depot-2027",
			"title: Depot rebuilt\n"
			"date: 2027-03-03\n"
			"---\n"
			"Deaths at the depot have been rare. No public funds were used to rebuild "
			"the hall.\n",
			NULL, NULL);
	assert_non_null(kb);
	expect(kb, "did anyone die rebuilding the hall", NULL, NULL);
	kb_free(kb);
}

/* "which court decided it", "which judge heard the case": the court or
 * judge that gives the verdict, however the article says it ("found",
 * "ruled", "wrote"); not a court the case may go on to */
static void test_verdict_givers(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load("kettle-ruling-2026",
				   "title: Kettle maker loses durability case\n"
				   "date: 2026-03-12\n"
				   "---\n"
				   "The District Court of Amsterdam found that the slogan was an unfair "
				   "commercial practice, in a case brought by a consumer foundation.\n\n"
				   "Justice Niamh Cuddihy delivered the 40-page judgment shortly after "
				   "11 a.m.\n\n"
				   "\"A kettle is not a disposable cup,\" Justice Cuddihy wrote.\n\n"
				   "The maker may appeal to the Supreme Court within six weeks.\n",
				   NULL, NULL);
	assert_non_null(kb);
	expect_found(kb, "which court decided it", "District Court of Amsterdam");
	expect_found(kb, "which judge heard the case", "Niamh Cuddihy");
	expect_found(kb, "which judge wrote the decision", "Cuddihy");
	kb_free(kb);
}

static void test_reasons(void **state)
{
	const struct kb *kb = *state;
	expect(kb, "why were the repairs delayed", "because the council could not afford them",
	       "Repairs had been delayed");
	/* a reason cited ("retired the ferry, CITING falling numbers") */
	struct kb *ferry = kbdir_load("varn-ferry-2026",
				      "title: Last ferry\n"
				      "date: 2026-10-24\n"
				      "---\n"
				      "The Varn ferry made its final crossing on Friday.\n\n"
				      "Its owners announced in April that they would retire the ferry, "
				      "citing falling passenger numbers and rising fuel costs.\n\n"
				      "The board noted the resignation in April of its captain, Lars "
				      "Holm, who stepped down for health reasons.\n\n"
				      "In the island village of Eskby, 64 percent voted against the "
				      "timetable, reflecting fears that its school run could be cut.\n\n"
				      "The deckhands walked out over rosters and pay in May.\n\n"
				      "Divers wore dark masks to protect eyes hurt by the cold water.\n",
				      NULL, NULL);
	assert_non_null(ferry);
	expect(ferry, "why did they retire the ferry", "citing falling passenger numbers",
	       "Its owners announced");
	/* "for health reasons": "for", then "reasons" */
	expect(ferry, "why did the captain quit", "for health reasons", "The board noted");
	/* what was feared may be a "could"; the vote still happened */
	expect(ferry, "why did eskby vote against", "reflecting fears", "In the island village");
	/* what a dispute is over; what something is done to protect */
	expect(ferry, "why did the deckhands walk out", "over rosters and pay", "The deckhands");
	expect(ferry, "why did the divers wear masks", "to protect eyes", "Divers wore");
	kb_free(ferry);
}

/* Through the main engine: the typed reading answers what it refused. */
static void test_second_reading(void **state)
{
	struct answer a = {0};
	assert_int_equal(answer_question(*state, "how many choppers searched the banks", &a), 0);
	assert_int_equal(a.status, ANSWER_FOUND);
	assert_non_null(strcasestr(a.text, "four"));
	answer_free(&a);
	/* the main parser spells out chat shorthand first ("ceo") */
	assert_int_equal(answer_question(*state, "who's the ceo", &a), 0);
	assert_int_equal(a.status, ANSWER_FOUND);
	assert_non_null(strstr(a.text, "Mara Quist"));
	answer_free(&a);
	/* a date's verb may go unsaid where the date stands by the
	 * question's words */
	struct kb *bakery = kbdir_load("varn-bakery-2026",
				       "title: Bakery contest\n"
				       "date: 2026-08-03\n"
				       "---\n"
				       "Ivo Sand finished the contest with 40 loaves from six ovens.\n\n"
				       "Tessa Lund, who moved to the town in 2019, won the prize for "
				       "rye.\n\n"
				       "The judges tasted every loaf on Friday.\n\n"
				       "Visitors could score their favourite stall online.\n\n"
				       "Tickets sold out by noon.\n\n"
				       "The town hall hosted the final.\n",
				       NULL, NULL);
	assert_non_null(bakery);
	assert_int_equal(answer_question(bakery, "when did the judges score each loaf", &a), 0);
	assert_int_equal(a.status, ANSWER_FOUND);
	assert_non_null(strstr(a.text, "Friday"));
	answer_free(&a);
	assert_int_equal(answer_question(bakery, "when was the rye prize created", &a), 0);
	assert_int_not_equal(a.status, ANSWER_FOUND);
	answer_free(&a);
	kb_free(bakery);
	/* not a kind it reads: refused as before */
	assert_int_equal(answer_question(*state, "did the choppers find anyone", &a), 0);
	assert_int_equal(a.status, ANSWER_UNKNOWN);
	answer_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_measures),
		cmocka_unit_test(test_how_much_extra),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_places),
		cmocka_unit_test(test_superlative_asked),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_ages),
		cmocka_unit_test(test_jobs),
		cmocka_unit_test(test_topic_implied),
		cmocka_unit_test(test_amounts),
		cmocka_unit_test(test_which_kind),
		cmocka_unit_test(test_opposites),
		cmocka_unit_test(test_for_each_one),
		cmocka_unit_test(test_many_sentences),
		cmocka_unit_test(test_many_dates),
		cmocka_unit_test(test_fees_and_fines),
		cmocka_unit_test(test_agent_after_by_the),
		cmocka_unit_test(test_anyone),
		cmocka_unit_test(test_verdict_givers),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_second_reading),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
