/* knowledge/wordnet: the index, exception and data files searched in
 * place; a small database in memory, and the installed one when there. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/strbuf.h"
#include "knowledge/wordnet.h"

/* A miniature WordNet in the real formats. Offsets are byte offsets of
 * the data lines, so the data text is built with them in place. */
static const char index_noun[] =
	"  1 This software and database is being provided\n"
	"  2 licence lines start with two spaces\n"
	"agreement n 2 2 @ + 2 1 00000000 00000069 \n"
	"cease-fire n 1 1 @ 1 0 00000138 \n"
	"truce n 1 1 @ 1 0 00000138 \n";
static const char index_verb[] =
	"agree v 1 2 @ + 1 1 00000000 \n"
	"flee v 1 1 @ 1 1 00000059 \n";
static const char verb_exc[] =
	"fled flee\n"
	"fought fight\n";
/* data.noun: three synsets at 0, 69 and 138 */
static char data_noun[256];
static char data_verb[128];

static void build_data(void)
{
	/* agreement (sense 1): derived from agree (verb synset 0) */
	snprintf(data_noun, sizeof data_noun, "%-68s\n%-68s\n%s\n",
		 "00000000 04 n 01 agreement 0 001 + 00000000 v 0101 | a pact",
		 "00000069 04 n 02 agreement 0 accord 0 000 | harmony",
		 "00000138 04 n 03 cease-fire 0 truce 0 armistice 0 000 | a halt");
	snprintf(data_verb, sizeof data_verb, "%-58s\n%s\n",
		 "00000000 31 v 01 agree 0 001 + 00000000 n 0101 | concur",
		 "00000059 38 v 02 flee 0 fly 1 000 | run away");
}

static struct wordnet *mini(void)
{
	build_data();
	struct wordnet_files f = {0};
	f.index[WORDNET_NOUN] = index_noun;
	f.index_len[WORDNET_NOUN] = strlen(index_noun);
	f.index[WORDNET_VERB] = index_verb;
	f.index_len[WORDNET_VERB] = strlen(index_verb);
	f.exc[WORDNET_VERB] = verb_exc;
	f.exc_len[WORDNET_VERB] = strlen(verb_exc);
	f.data[WORDNET_NOUN] = data_noun;
	f.data_len[WORDNET_NOUN] = strlen(data_noun);
	f.data[WORDNET_VERB] = data_verb;
	f.data_len[WORDNET_VERB] = strlen(data_verb);
	return wordnet_from_memory(&f);
}

static void collect(void *user, const char *word, enum wordnet_relation rel)
{
	struct strbuf *sb = user;
	strbuf_printf(sb, "%s%s:%d", sb->len ? " " : "", word, (int)rel);
}

static char *related(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
		     unsigned senses, unsigned rel)
{
	struct strbuf sb = {0};
	strbuf_puts(&sb, "");
	wordnet_related(wn, pos, lemma, senses, rel, collect, &sb);
	return strbuf_steal(&sb);
}

static void assert_related(const struct wordnet *wn, enum wordnet_pos pos, const char *lemma,
			   unsigned senses, unsigned rel, const char *want)
{
	char *s = related(wn, pos, lemma, senses, rel);
	assert_string_equal(s, want);
	free(s);
}

static void test_lookup_in_sorted_index(void **state)
{
	struct wordnet *wn = mini();
	struct wordnet_entry e;
	assert_true(wordnet_lookup(wn, WORDNET_NOUN, "agreement", &e));
	assert_int_equal(e.senses, 2);
	assert_int_equal(e.tagged, 1);
	assert_true(wordnet_lookup(wn, WORDNET_NOUN, "truce", &e));
	assert_true(wordnet_lookup(wn, WORDNET_NOUN, "Cease-Fire", &e));
	assert_false(wordnet_lookup(wn, WORDNET_NOUN, "agree", &e));
	assert_false(wordnet_lookup(wn, WORDNET_NOUN, "zzz", &e));
	assert_false(wordnet_lookup(wn, WORDNET_NOUN, "", &e));
	/* the licence lines are never a match */
	assert_false(wordnet_lookup(wn, WORDNET_NOUN, "1", &e));
	assert_false(wordnet_lookup(wn, WORDNET_ADV, "agree", &e));
	wordnet_free(wn);
}

static void test_exceptions_and_morphy(void **state)
{
	struct wordnet *wn = mini();
	char out[WORDNET_MAX_WORD + 1];
	assert_true(wordnet_exception(wn, WORDNET_VERB, "fled", out));
	assert_string_equal(out, "flee");
	assert_false(wordnet_exception(wn, WORDNET_VERB, "flee", out));
	assert_true(wordnet_lemma(wn, WORDNET_VERB, "fled", out));
	assert_string_equal(out, "flee");
	assert_true(wordnet_lemma(wn, WORDNET_VERB, "agreed", out));
	assert_string_equal(out, "agree");
	assert_true(wordnet_lemma(wn, WORDNET_VERB, "flees", out));
	assert_string_equal(out, "flee");
	assert_true(wordnet_lemma(wn, WORDNET_NOUN, "truces", out));
	assert_string_equal(out, "truce");
	assert_false(wordnet_lemma(wn, WORDNET_NOUN, "agreed", out));
	wordnet_free(wn);
}

static void test_synonyms_and_derived_forms(void **state)
{
	struct wordnet *wn = mini();
	assert_related(wn, WORDNET_NOUN, "truce", 1, WORDNET_SYNONYM, "cease-fire:1 armistice:1");
	/* first senses only */
	assert_related(wn, WORDNET_NOUN, "agreement", 1, WORDNET_SYNONYM, "");
	assert_related(wn, WORDNET_NOUN, "agreement", 2, WORDNET_SYNONYM, "accord:1");
	assert_related(wn, WORDNET_VERB, "agree", 1, WORDNET_DERIVED, "agreement:2");
	assert_related(wn, WORDNET_VERB, "flee", 1, WORDNET_SYNONYM, "fly:1");
	wordnet_free(wn);
}

static void test_malformed_files_are_safe(void **state)
{
	/* offsets past the end, a line that is not at its own offset,
	 * numbers that are not numbers */
	static const char idx[] = "a n 1 0 1 0 99999999 \nb n x\nc n 1 0 1 0 00000001 \n";
	static const char data[] = "00000000 x n 99 w 0\n";
	struct wordnet_files f = {0};
	f.index[WORDNET_NOUN] = idx;
	f.index_len[WORDNET_NOUN] = strlen(idx);
	f.data[WORDNET_NOUN] = data;
	f.data_len[WORDNET_NOUN] = strlen(data);
	struct wordnet *wn = wordnet_from_memory(&f);
	struct wordnet_entry e;
	assert_true(wordnet_lookup(wn, WORDNET_NOUN, "a", &e));
	assert_false(wordnet_lookup(wn, WORDNET_NOUN, "b", &e));
	assert_related(wn, WORDNET_NOUN, "a", 4, 7, "");
	assert_related(wn, WORDNET_NOUN, "c", 4, 7, "");
	assert_false(wordnet_is_a(wn, WORDNET_NOUN, "a", 4, "b", 10));
	assert_false(wordnet_is_a(wn, WORDNET_NOUN, "zzz", 4, "a", 10));
	assert_false(wordnet_is_a(NULL, WORDNET_NOUN, "a", 4, "a", 10));
	wordnet_free(wn);
	assert_null(wordnet_open("/nonexistent"));
	wordnet_free(NULL);
}

static void test_installed_wordnet(void **state)
{
	struct wordnet *wn = wordnet_open("/usr/share/wordnet");
	if (!wn)
		skip();
	char out[WORDNET_MAX_WORD + 1];
	assert_true(wordnet_lemma(wn, WORDNET_VERB, "fought", out));
	assert_string_equal(out, "fight");
	assert_true(wordnet_lemma(wn, WORDNET_VERB, "led", out));
	assert_string_equal(out, "lead");
	/* "minutes" is a lemma itself; its regular base is "minute" */
	assert_true(wordnet_lemma(wn, WORDNET_NOUN, "minutes", out));
	assert_string_equal(out, "minutes");
	assert_true(wordnet_regular_base(wn, WORDNET_NOUN, "minutes", out));
	assert_string_equal(out, "minute");
	assert_false(wordnet_regular_base(wn, WORDNET_NOUN, "minute", out));
	char *s = related(wn, WORDNET_NOUN, "truce", 1, WORDNET_SYNONYM);
	assert_non_null(strstr(s, "cease-fire"));
	free(s);
	s = related(wn, WORDNET_VERB, "agree", 1, WORDNET_DERIVED);
	assert_non_null(strstr(s, "agreement"));
	free(s);
	/* kinds of a person, up the hypernyms; "person" itself has a data
	 * line longer than a line buffer (411 pointers) and is still read */
	assert_true(wordnet_is_a(wn, WORDNET_NOUN, "coordinator", 2, "person", 14));
	assert_true(wordnet_is_a(wn, WORDNET_NOUN, "chairman", 2, "person", 14));
	assert_true(wordnet_is_a(wn, WORDNET_NOUN, "person", 1, "organism", 2));
	/* an instance (Dorothy Parker) is no kind of person */
	assert_false(wordnet_is_a(wn, WORDNET_NOUN, "parker", 2, "person", 14));
	/* the depth bounds the walk */
	assert_false(wordnet_is_a(wn, WORDNET_NOUN, "coordinator", 2, "person", 1));
	/* money: a dollar is a medium of exchange, a dose is not */
	assert_true(wordnet_is_a(wn, WORDNET_NOUN, "dollar", 16, "medium of exchange", 10));
	assert_false(wordnet_is_a(wn, WORDNET_NOUN, "dose", 16, "medium of exchange", 10));
	/* names: Caucasia is an instance of a region, Parker of a
	 * person; a kind is no instance */
	assert_true(wordnet_instance_of(wn, "caucasia", 2, "region", 6));
	assert_true(wordnet_instance_of(wn, "parker", 2, "person", 14));
	assert_false(wordnet_instance_of(wn, "caucasia", 2, "person", 14));
	/* kinds, and a narrower word's words */
	char *h = related(wn, WORDNET_NOUN, "fire", 1, WORDNET_HYPONYM);
	assert_non_null(strstr(h, "bonfire"));
	free(h);
	/* an adjective's likes: "hurt" is like "injured"; asked only when
	 * asked for */
	h = related(wn, WORDNET_ADJ, "hurt", 1, WORDNET_SIMILAR);
	assert_non_null(strstr(h, "injured"));
	free(h);
	h = related(wn, WORDNET_ADJ, "hurt", 1, WORDNET_SYNONYM | WORDNET_HYPERNYM);
	assert_null(strstr(h, "injured"));
	free(h);
	/* figures: a ransom, a rate, a profit are given as numbers; a
	 * spacecraft, a name are not */
	assert_true(wordnet_figure(wn, "ransom"));
	assert_true(wordnet_figure(wn, "rate"));
	assert_true(wordnet_figure(wn, "profits"));
	assert_false(wordnet_figure(wn, "spacecraft"));
	assert_false(wordnet_figure(wn, "name"));
	assert_false(wordnet_figure(NULL, "ransom"));
	/* opposites: what one buys, another sells */
	h = related(wn, WORDNET_VERB, "buy", 1, WORDNET_ANTONYM);
	assert_non_null(strstr(h, "sell"));
	free(h);
	wordnet_free(wn);
}

/* The word classes the engines ask of the installed database: names,
 * verbs more than nouns, and verbs of rising or falling with their way. */
static void test_word_classes(void **state)
{
	(void)state;
	struct wordnet *wn = wordnet_open("/usr/share/wordnet");
	if (!wn)
		skip();
	assert_true(wordnet_name_like(wn, "horton"));
	assert_false(wordnet_name_like(wn, "minister"));
	assert_true(wordnet_name_like(NULL, "minister"));
	assert_true(wordnet_mostly_verb(wn, "died"));
	assert_false(wordnet_mostly_verb(wn, "boat"));
	assert_false(wordnet_mostly_verb(wn, "debt"));
	assert_int_equal(wordnet_rise_or_fall(wn, "rose"), 1);
	assert_int_equal(wordnet_rise_or_fall(wn, "soared"), 1);
	assert_int_equal(wordnet_rise_or_fall(wn, "fell"), -1);
	assert_int_equal(wordnet_rise_or_fall(wn, "dropped"), -1);
	assert_int_equal(wordnet_rise_or_fall(wn, "go_down"), -1);
	assert_int_equal(wordnet_rise_or_fall(wn, "go_up"), 1);
	assert_int_equal(wordnet_rise_or_fall(wn, "travel"), 0);
	assert_int_equal(wordnet_rise_or_fall(NULL, "fell"), 0);
	wordnet_free(wn);
}

/* Without a database (WordNet not installed) every look-up finds
 * nothing, and none crashes. */
static void test_no_database(void **state)
{
	(void)state;
	char out[WORDNET_MAX_WORD + 1];
	struct wordnet_entry e;
	assert_false(wordnet_lookup(NULL, WORDNET_NOUN, "day", &e));
	assert_false(wordnet_exception(NULL, WORDNET_VERB, "fought", out));
	assert_false(wordnet_lemma(NULL, WORDNET_NOUN, "days", out));
	assert_false(wordnet_regular_base(NULL, WORDNET_NOUN, "days", out));
	assert_int_equal(wordnet_related(NULL, WORDNET_NOUN, "truce", 1, WORDNET_SYNONYM, collect,
					 NULL),
			 0);
	assert_false(wordnet_is_a(NULL, WORDNET_NOUN, "day", 1, "time unit", 6));
	assert_false(wordnet_instance_of(NULL, "balkans", 2, "region", 6));
	assert_false(wordnet_relates(NULL, WORDNET_NOUN, "truce", 1, WORDNET_SYNONYM, "armistice"));
	assert_false(wordnet_currency(NULL, "crowns"));
	assert_false(wordnet_figure(NULL, "ransom"));
	assert_false(wordnet_mostly_verb(NULL, "died"));
}

/* A callback that looks up more words while it is called: the memo of
 * related words must not hand the outer call a half-recorded result. */
struct nested {
	const struct wordnet *wn;
	struct strbuf *sb;
};

static void collect_nested(void *user, const char *word, enum wordnet_relation rel)
{
	struct nested *n = user;
	collect(n->sb, word, rel);
	char *inner = related(n->wn, WORDNET_VERB, "sell", 1, WORDNET_SYNONYM);
	free(inner);
}

/* Related words asked again (more words than the memo keeps, and a result
 * too long to keep) are the same as the first time. */
static void test_repeated_related(void **state)
{
	(void)state;
	struct wordnet *wn = wordnet_open("/usr/share/wordnet");
	if (!wn)
		skip();
	static const char *const words[] = {
		"fire", "buy", "back", "support", "house", "ship", "attack", "leave", "cost",
		"win", "lead", "rescue", "launch", "city", "vote", "strike", "deal", "price",
		"person", "run", NULL,
	};
	const unsigned rels = WORDNET_SYNONYM | WORDNET_DERIVED | WORDNET_HYPERNYM | WORDNET_HYPONYM;
	char *first[20];
	for (size_t i = 0; words[i]; i++)
		first[i] = related(wn, WORDNET_NOUN, words[i], 2, rels);
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; words[i]; i++) {
			char *again = related(wn, WORDNET_NOUN, words[i], 2, rels);
			assert_string_equal(again, first[i]);
			free(again);
		}
	struct strbuf sb = {0};
	strbuf_puts(&sb, "");
	struct nested n = { .wn = wn, .sb = &sb };
	wordnet_related(wn, WORDNET_VERB, "buy", 2, WORDNET_SYNONYM | WORDNET_DERIVED,
			collect_nested, &n);
	char *plain = related(wn, WORDNET_VERB, "buy", 2, WORDNET_SYNONYM | WORDNET_DERIVED);
	assert_string_equal(strbuf_str(&sb), plain);
	free(plain);
	strbuf_free(&sb);
	for (size_t i = 0; words[i]; i++)
		free(first[i]);
	wordnet_free(wn);
}

/* is_a answers the same from its memo as from the files: asked again, in
 * another order, with more questions than the memo keeps (64), and with
 * each parameter changed. */
static void test_repeated_is_a(void **state)
{
	(void)state;
	struct wordnet *wn = wordnet_open("/usr/share/wordnet");
	if (!wn)
		skip();
	static const char *const words[] = {
		"crown", "euro", "coordinator", "chairman", "ship", "town", "fine", "tablet",
		"mile", "refugee", "administrator", "dam", "head", "line", "fund", "ransom", NULL,
	};
	static const char *const kinds[] = {
		"person", "monetary unit", "unit of measurement", "cost", "location", NULL,
	};
	bool first[16][5];
	for (size_t w = 0; words[w]; w++)
		for (size_t k = 0; kinds[k]; k++)
			first[w][k] = wordnet_is_a(wn, WORDNET_NOUN, words[w], 2, kinds[k], 10);
	for (size_t w = 16; w-- > 0;)
		for (size_t k = 0; kinds[k]; k++)
			assert_int_equal(wordnet_is_a(wn, WORDNET_NOUN, words[w], 2, kinds[k], 10),
					 first[w][k]);
	assert_true(first[0][1] == false && first[1][1] == true && first[2][0] == true);
	/* the same lemma and kind, another depth, sense count or kind of link */
	assert_true(wordnet_is_a(wn, WORDNET_NOUN, "coordinator", 2, "person", 14));
	assert_false(wordnet_is_a(wn, WORDNET_NOUN, "coordinator", 2, "person", 0));
	assert_true(wordnet_is_a(wn, WORDNET_NOUN, "crown", 16, "medium of exchange", 10));
	assert_false(wordnet_is_a(wn, WORDNET_NOUN, "crown", 1, "medium of exchange", 10));
	assert_true(wordnet_instance_of(wn, "caucasia", 2, "region", 6));
	assert_false(wordnet_is_a(wn, WORDNET_NOUN, "caucasia", 2, "region", 6));
	/* membership of a related-words list */
	assert_true(wordnet_relates(wn, WORDNET_NOUN, "truce", 1, WORDNET_SYNONYM, "cease-fire"));
	assert_false(wordnet_relates(wn, WORDNET_NOUN, "truce", 1, WORDNET_SYNONYM, "war"));
	assert_false(wordnet_relates(NULL, WORDNET_NOUN, "truce", 1, WORDNET_SYNONYM, "truce"));
	wordnet_free(wn);
}

/* An index of 3,000 lines (about 90 KB, some 20 blocks, one line longer
 * than a block): every word is found, whichever block it falls in, and
 * words between, before and after the lines are not. */
static void test_lookup_across_blocks(void **state)
{
	(void)state;
	struct strbuf sb = {0};
	strbuf_puts(&sb, "  1 licence line\n");
	for (int i = 0; i < 3000; i++) {
		strbuf_printf(&sb, "w%05d n 1 0 1 0 %08d\n", i * 2, i);
		if (i == 1500) {  /* a line longer than a block, then its neighbours */
			strbuf_printf(&sb, "w%05dlong n 1 0 1 0 ", i * 2);
			for (int k = 0; k < 700; k++)
				strbuf_puts(&sb, "00000001 ");
			strbuf_puts(&sb, "\n");
		}
	}
	struct wordnet_files f = {0};
	f.index[WORDNET_NOUN] = strbuf_str(&sb);
	f.index_len[WORDNET_NOUN] = sb.len;
	struct wordnet *wn = wordnet_from_memory(&f);
	assert_non_null(wn);
	struct wordnet_entry e;
	char w[32];
	for (int i = 0; i < 3000; i++) {
		snprintf(w, sizeof w, "w%05d", i * 2);
		assert_true(wordnet_lookup(wn, WORDNET_NOUN, w, &e));
		snprintf(w, sizeof w, "w%05d", i * 2 + 1);
		assert_false(wordnet_lookup(wn, WORDNET_NOUN, w, &e));
	}
	assert_true(wordnet_lookup(wn, WORDNET_NOUN, "w03000long", &e));
	assert_false(wordnet_lookup(wn, WORDNET_NOUN, "a", &e));
	assert_false(wordnet_lookup(wn, WORDNET_NOUN, "zzz", &e));
	wordnet_free(wn);
	strbuf_free(&sb);
}

/* A phrase's first words: whether some lemma opens on them ("in the" of
 * "in_the_end"), in any block of the file, a lemma equal to them aside. */
static void test_opens_phrase(void **state)
{
	(void)state;
	struct strbuf sb = {0};
	strbuf_puts(&sb, "  1 licence line\n");
	strbuf_puts(&sb, "at_all r 1 0 1 0 00000001\n");
	/* enough lines for several blocks, with a phrase at a block's start */
	for (int i = 0; i < 3000; i++)
		strbuf_printf(&sb, "b%05d r 1 0 1 0 %08d\n", i, i);
	strbuf_puts(&sb, "in r 1 0 1 0 00000002\n");
	strbuf_puts(&sb, "in_the_end r 1 0 1 0 00000003\n");
	strbuf_puts(&sb, "inside r 1 0 1 0 00000004\n");
	struct wordnet_files f = {0};
	f.index[WORDNET_ADV] = strbuf_str(&sb);
	f.index_len[WORDNET_ADV] = sb.len;
	struct wordnet *wn = wordnet_from_memory(&f);
	assert_non_null(wn);
	for (int round = 0; round < 2; round++) {  /* the memo answers as the file */
		assert_true(wordnet_opens_phrase(wn, WORDNET_ADV, "at"));
		assert_true(wordnet_opens_phrase(wn, WORDNET_ADV, "in"));
		assert_true(wordnet_opens_phrase(wn, WORDNET_ADV, "in the"));
		assert_false(wordnet_opens_phrase(wn, WORDNET_ADV, "in the end"));
		assert_false(wordnet_opens_phrase(wn, WORDNET_ADV, "ins"));
		assert_false(wordnet_opens_phrase(wn, WORDNET_ADV, "b00001"));
		assert_false(wordnet_opens_phrase(wn, WORDNET_ADV, "a"));
		assert_false(wordnet_opens_phrase(wn, WORDNET_ADV, "zzz"));
		assert_false(wordnet_opens_phrase(wn, WORDNET_NOUN, "in"));
	}
	/* a key that ends on '_' (no real file has one) is no prefix's
	 * answer in the memo: its line is never copied for one */
	struct strbuf odd = {0};
	strbuf_puts(&odd, "at_ r 1 0 1 0 00000001 00000002 00000003 00000004\n");
	struct wordnet_files odd_files = {0};
	odd_files.index[WORDNET_ADV] = strbuf_str(&odd);
	odd_files.index_len[WORDNET_ADV] = odd.len;
	struct wordnet *odd_wn = wordnet_from_memory(&odd_files);
	assert_non_null(odd_wn);
	struct wordnet_entry e;
	assert_true(wordnet_lookup(odd_wn, WORDNET_ADV, "at_", &e));
	assert_true(wordnet_opens_phrase(odd_wn, WORDNET_ADV, "at"));
	wordnet_free(odd_wn);
	strbuf_free(&odd);
	wordnet_free(wn);
	strbuf_free(&sb);
	/* wherever the blocks are cut: the phrase may open the block after
	 * the one whose first key is below it */
	for (int fill = 250; fill < 450; fill++) {
		struct strbuf b = {0};
		for (int i = 0; i < fill; i++)
			strbuf_printf(&b, "a%05d r 1 0 1 0 %08d\n", i, i);
		strbuf_puts(&b, "in r 1 0 1 0 00000002\nin_the_end r 1 0 1 0 00000003\n");
		for (int i = 0; i < 400; i++)
			strbuf_printf(&b, "z%05d r 1 0 1 0 %08d\n", i, i);
		struct wordnet_files g = {0};
		g.index[WORDNET_ADV] = strbuf_str(&b);
		g.index_len[WORDNET_ADV] = b.len;
		struct wordnet *w = wordnet_from_memory(&g);
		assert_non_null(w);
		assert_true(wordnet_opens_phrase(w, WORDNET_ADV, "in the"));
		assert_false(wordnet_opens_phrase(w, WORDNET_ADV, "in a"));
		wordnet_free(w);
		strbuf_free(&b);
	}
}

/* Look-ups are remembered (by file and key, found or not): asked again,
 * in another part of speech, after enough others to push them out of the
 * memo, or for a line too long to keep, they answer as the files do. */
static void test_repeated_lookups_answer_as_files(void **state)
{
	(void)state;
	struct strbuf sb = {0};
	strbuf_puts(&sb, "  1 licence line\n");
	for (int i = 0; i < 100; i++)
		strbuf_printf(&sb, "w%03d n %d 0 %d %d %08d\n", i, 1, i + 1, i % 3, i);
	strbuf_puts(&sb, "wlong n 1 0 7 7 ");
	for (int k = 0; k < 40; k++)
		strbuf_puts(&sb, "00000001 ");
	strbuf_puts(&sb, "\n");
	build_data();
	struct wordnet_files f = {0};
	f.index[WORDNET_NOUN] = strbuf_str(&sb);
	f.index_len[WORDNET_NOUN] = sb.len;
	f.index[WORDNET_VERB] = index_verb;
	f.index_len[WORDNET_VERB] = strlen(index_verb);
	f.exc[WORDNET_VERB] = verb_exc;
	f.exc_len[WORDNET_VERB] = strlen(verb_exc);
	struct wordnet *wn = wordnet_from_memory(&f);
	assert_non_null(wn);
	struct wordnet_entry e;
	char w[32], out[WORDNET_MAX_WORD + 1];
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 100; i++) {
			snprintf(w, sizeof w, "w%03d", i);
			assert_true(wordnet_lookup(wn, WORDNET_NOUN, w, &e));
			assert_int_equal(e.senses, i + 1);
			assert_int_equal(e.tagged, i % 3);
			/* the same key in another file */
			assert_false(wordnet_lookup(wn, WORDNET_VERB, w, &e));
			assert_true(wordnet_lookup(wn, WORDNET_NOUN, w, &e));
			assert_int_equal(e.senses, i + 1);
		}
		assert_true(wordnet_lookup(wn, WORDNET_NOUN, "wlong", &e));
		assert_int_equal(e.senses, 7);
		assert_false(wordnet_lookup(wn, WORDNET_NOUN, "agree", &e));
		assert_true(wordnet_lookup(wn, WORDNET_VERB, "agree", &e));
		static const char *const forms[][2] = {
			{ "fled", "flee" }, { "fought", "fight" }, { "agree", NULL },
		};
		for (size_t k = 0; k < sizeof forms / sizeof *forms; k++) {
			bool found = wordnet_exception(wn, WORDNET_VERB, forms[k][0], out);
			assert_int_equal(found, forms[k][1] != NULL);
			if (found)
				assert_string_equal(out, forms[k][1]);
		}
	}
	wordnet_free(wn);
	strbuf_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup_in_sorted_index),
		cmocka_unit_test(test_exceptions_and_morphy),
		cmocka_unit_test(test_synonyms_and_derived_forms),
		cmocka_unit_test(test_malformed_files_are_safe),
		cmocka_unit_test(test_installed_wordnet),
		cmocka_unit_test(test_lookup_across_blocks),
		cmocka_unit_test(test_opens_phrase),
		cmocka_unit_test(test_repeated_lookups_answer_as_files),
		cmocka_unit_test(test_repeated_related),
		cmocka_unit_test(test_repeated_is_a),
		cmocka_unit_test(test_word_classes),
		cmocka_unit_test(test_no_database),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
