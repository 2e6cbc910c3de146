/* commands/digest: the full briefing, what changed since a room's last
 * digest (new and changed articles), the when-empty modes, missed slots,
 * relative dates resolved against each article's date, one Discord and one
 * Matrix message whatever comes in, and the covered set as text. Runs on
 * scratch knowledge directories that start with a copy of the shipped
 * article. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "commands/digest.h"
#include "commands/render.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "knowledge/kb.h"
#include "tests/kbdir.h"

#define ZWSP "\xE2\x80\x8B"
#define ELLIPSIS "\xE2\x80\xA6"

/* A curated article dated Thursday 14 March 2024, with markup, an
 * ampersand and a mass mention in its text. */
static const char geneva_article[] =
	"title: Ministers meet in Geneva <b>&</b> @everyone\n"
	"source: Test Wire\n"
	"date: 2024-03-14\n"
	"---\n"
	"Norway backs the Geneva talks, officials said on Wednesday.\n"
	"\n"
	"The ministers will meet on Monday in Geneva, where the future of the "
	"<b>ceasefire</b> & the aid corridor is at stake.\n"
	"\n"
	"\xE2\x80\x9CWe expect a hard week for @everyone & <all>,\xE2\x80\x9D said Ana Berg, the "
	"Norwegian envoy, adding that the corridor opened last year.\n";

static const char geneva_facts[] =
	"{\"article\": \"geneva-2024\",\n"
	" \"entities\": [\n"
	"  {\"id\": \"norway\", \"name\": \"Norway\", \"kind\": \"country\", \"aliases\": [],"
	"   \"description\": \"A country.\", \"quote\": \"Norway backs the Geneva talks\"},\n"
	"  {\"id\": \"geneva-talks\", \"name\": \"the Geneva talks\", \"kind\": \"other\","
	"   \"aliases\": [], \"description\": \"Talks.\", \"quote\": \"Norway backs the Geneva talks\"},\n"
	"  {\"id\": \"geneva\", \"name\": \"Geneva\", \"kind\": \"place\", \"aliases\": [],"
	"   \"description\": \"A city.\", \"quote\": \"meet on Monday in Geneva\"},\n"
	"  {\"id\": \"ana-berg\", \"name\": \"Ana Berg\", \"kind\": \"person\", \"aliases\": [],"
	"   \"description\": \"An envoy.\", \"role\": \"Norwegian envoy\","
	"   \"quote\": \"said Ana Berg, the Norwegian envoy\"}],\n"
	" \"relations\": [{\"subject\": \"norway\", \"predicate\": \"backs\","
	"   \"object\": \"geneva-talks\", \"quote\": \"Norway backs the Geneva talks\"}],\n"
	" \"stakes\": [{\"place\": \"geneva\", \"text\": \"the future of the <b>ceasefire</b> & "
	"the aid corridor\", \"quote\": \"the future of the <b>ceasefire</b> & the aid corridor "
	"is at stake\"}],\n"
	" \"quotes\": [{\"speaker\": \"ana-berg\", \"text\": \"We expect a hard week for @everyone & "
	"<all>\", \"topic\": \"the talks\", \"direct\": true, \"quote\": \"We expect a hard week "
	"for @everyone & <all>\"}]}\n";

struct fx {
	char *dir;
	struct kb *kb;
	struct reply out;
	struct digest_covered covered;  /* what the first digest covered */
};

static void reload(struct fx *f)
{
	struct strbuf err = {0};
	kb_free(f->kb);
	f->kb = kb_load(f->dir, &err);
	if (!f->kb)
		fail_msg("kb_load %s: %s", f->dir, strbuf_str(&err));
	strbuf_free(&err);
}

static void write_file(struct fx *f, const char *rel, const char *text)
{
	assert_int_equal(kbdir_write(f->dir, rel, text), 0);
}

/* A scratch directory holding a copy of the shipped article and facts,
 * loaded, and its first digest built (what it covered in f->covered). */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->dir = kbdir_new();
	assert_non_null(f->dir);
	static const char *const files[] = { "articles/sochi-2021.txt", "facts/sochi-2021.json" };
	for (size_t i = 0; i < 2; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", kbdir_shipped(), files[i]);
		char *text = kbdir_slurp(path, NULL);
		assert_non_null(text);
		write_file(f, files[i], text);
		free(text);
	}
	reload(f);
	struct reply first = {0};
	assert_int_equal(digest_build_since(f->kb, NULL, &first, &f->covered), 0);
	reply_free(&first);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	reply_free(&f->out);
	digest_covered_free(&f->covered);
	kb_free(f->kb);
	kbdir_free(f->dir);
	free(f);
	return 0;
}

/* The digest since f->covered into f->out; returns what the builder did. */
static int since(struct fx *f, enum digest_when_empty mode, struct digest_covered *covered)
{
	struct digest_since s = { .last = &f->covered, .when_empty = mode };
	reply_free(&f->out);
	return digest_build_since(f->kb, &s, &f->out, covered);
}

static bool has(const struct reply *r, const char *needle)
{
	for (size_t i = 0; i < r->n_paragraphs; i++)
		if (strstr(r->paragraphs[i], needle))
			return true;
	for (size_t i = 0; i < r->n_items; i++)
		if (strstr(r->items[i], needle))
			return true;
	for (size_t i = 0; i < r->n_citations; i++)
		if (strstr(r->citations[i].text, needle))
			return true;
	return r->title && strstr(r->title, needle);
}

static bool is_tail(const char *item)
{
	return strncmp(item, ELLIPSIS " and ", strlen(ELLIPSIS " and ")) == 0;
}

/* Every fact item ends with a citation mark " [n]" naming a citation. */
static void assert_items_cited(const struct reply *r)
{
	for (size_t i = 0; i < r->n_items; i++) {
		if (is_tail(r->items[i]))
			continue;
		const char *m = strrchr(r->items[i], '[');
		assert_non_null(m);
		unsigned long n = strtoul(m + 1, NULL, 10);
		if (n < 1 || n > r->n_citations)
			fail_msg("item \"%s\" cites [%lu] of %zu", r->items[i], n, r->n_citations);
	}
}

/* Renders r for fmt; asserts it is one message within the limit. Returns
 * the chunk (caller frees with render_output_free). */
static const struct render_chunk *render_one(const struct reply *r, enum render_format fmt,
					     struct render_output *o)
{
	*o = (struct render_output){0};
	assert_int_equal(render_reply(r, fmt, 0, o), 0);
	if (o->n_chunks != 1)
		fail_msg("%zu chunks for format %d", o->n_chunks, (int)fmt);
	const char *t = o->chunks[0].text;
	size_t limit = fmt == RENDER_DISCORD ? RENDER_DISCORD_LIMIT : RENDER_MATRIX_LIMIT;
	assert_true(render_units(fmt, t, strlen(t)) <= limit);
	if (fmt == RENDER_MATRIX)
		assert_true(strlen(o->chunks[0].html) <= limit);
	return &o->chunks[0];
}

/* ---- the first digest --------------------------------------------------- */

static void test_first_digest_is_the_full_briefing(void **state)
{
	struct fx *f = *state;
	struct reply full = {0};
	assert_int_equal(digest_build(f->kb, NULL, &full), 0);
	struct digest_covered cov = {0};
	/* no last digest, and an empty one, both mean "first" */
	struct digest_covered empty = {0};
	struct digest_since s = { .last = &empty, .when_empty = DIGEST_EMPTY_SKIP };
	for (int round = 0; round < 2; round++) {
		reply_free(&f->out);
		digest_covered_free(&cov);
		assert_int_equal(digest_build_since(f->kb, round ? &s : NULL, &f->out, &cov), 0);
		assert_string_equal(f->out.title, "Briefing");
		assert_int_equal(f->out.n_paragraphs, full.n_paragraphs);
		assert_int_equal(f->out.n_items, full.n_items);
		for (size_t i = 0; i < full.n_items; i++)
			assert_string_equal(f->out.items[i], full.items[i]);
	}
	assert_true(has(&f->out, "From Erdogan and Putin meet in Sochi"));
	assert_true(has(&f->out, "At stake in Idlib"));
	assert_items_cited(&f->out);
	/* what it covered: the one article, by content */
	assert_int_equal(cov.n, 1);
	assert_string_equal(cov.marks[0].id, "sochi-2021");
	assert_true(cov.marks[0].fingerprint == digest_fingerprint(kb_article_at(f->kb, 0)));
	digest_covered_free(&cov);
	digest_covered_free(NULL);
	reply_free(&full);
	assert_int_equal(digest_build_since(NULL, NULL, &f->out, NULL), BB_EINVAL);
	assert_int_equal(digest_build(f->kb, NULL, NULL), BB_EINVAL);
}

/* The seed article is dated Tuesday 28 September 2021: its "on Wednesday"
 * is the meeting to come, its "last year" 2020, whenever the digest is
 * read. */
static void test_relative_dates_against_the_article_date(void **state)
{
	struct fx *f = *state;
	assert_int_equal(digest_build(f->kb, NULL, &f->out), 0);
	assert_true(has(&f->out, "meeting on Wednesday [Wednesday 29 September 2021] in Sochi"));
	assert_true(has(&f->out, "scheduled for December [December 2021] will take place"));
	assert_true(has(&f->out, "Putin and Erdogan last year [2020] to put an end"));
	bool event = false;
	for (size_t i = 0; i < f->out.n_items; i++)
		event |= strncmp(f->out.items[i], "Wednesday 29 September 2021: ", 29) == 0;
	assert_true(event);
	/* the quoted words are all there, in order, with notes only added */
	const struct kb_article *a = kb_article_at(f->kb, 0);
	const char *seed = a->paragraphs[2].sentences[0].text;
	for (size_t i = 0; i < f->out.n_citations; i++) {
		const char *c = f->out.citations[i].text;
		if (f->out.citations[i].paragraph != 3)
			continue;
		size_t k = 0;
		for (size_t j = 0; c[j] && seed[k]; j++)
			k += c[j] == seed[k];
		assert_int_equal(k, strlen(seed));
	}
}

/* ---- nothing changed ----------------------------------------------------- */

static void test_nothing_changed_note_or_skip(void **state)
{
	struct fx *f = *state;
	reload(f);  /* a new load of the same files: same fingerprints */
	struct digest_covered cov = {0};
	assert_int_equal(since(f, DIGEST_EMPTY_NOTE, &cov), 0);
	assert_int_equal(f->out.kind, REPLY_NOTICE);
	assert_null(f->out.title);
	assert_int_equal(f->out.n_paragraphs, 1);
	assert_string_equal(f->out.paragraphs[0], "Nothing new since the last digest.");
	assert_int_equal(f->out.n_items, 0);
	assert_int_equal(f->out.n_citations, 0);
	assert_int_equal(cov.n, 1);
	digest_covered_free(&cov);

	assert_int_equal(since(f, DIGEST_EMPTY_SKIP, &cov), DIGEST_NOTHING);
	assert_null(f->out.title);
	assert_int_equal(f->out.n_paragraphs + f->out.n_items + f->out.n_citations, 0);
	assert_int_equal(cov.n, 1);  /* still what this (silent) digest covers */
	digest_covered_free(&cov);

	enum digest_when_empty m = DIGEST_EMPTY_SKIP;
	assert_int_equal(digest_when_empty_parse("note", &m), 0);
	assert_int_equal(m, DIGEST_EMPTY_NOTE);
	assert_int_equal(digest_when_empty_parse("skip", &m), 0);
	assert_int_equal(m, DIGEST_EMPTY_SKIP);
	assert_int_equal(digest_when_empty_parse("Skip", &m), BB_EINVAL);
	assert_int_equal(digest_when_empty_parse(NULL, &m), BB_EINVAL);
	assert_int_equal(m, DIGEST_EMPTY_SKIP);
}

/* ---- a new article -------------------------------------------------------- */

static void test_new_article_only(void **state)
{
	struct fx *f = *state;
	write_file(f, "articles/geneva-2024.txt", geneva_article);
	write_file(f, "facts/geneva-2024.json", geneva_facts);
	reload(f);
	struct digest_covered cov = {0};
	assert_int_equal(since(f, DIGEST_EMPTY_NOTE, &cov), 0);
	const struct reply *r = &f->out;
	assert_string_equal(r->title, "What's new since the last digest");
	assert_int_equal(r->n_paragraphs, 1);
	assert_string_equal(r->paragraphs[0],
			    "New: Ministers meet in Geneva <b>&</b> @everyone (Test Wire, 2024-03-14).");
	/* its relation, stake and quote, each cited, and nothing of the old one */
	assert_int_equal(r->n_items, 3);
	assert_string_equal(r->items[0], "Norway backs the Geneva talks [1]");
	assert_string_equal(r->items[1],
			    "At stake in Geneva: the future of the <b>ceasefire</b> & the aid corridor [2]");
	assert_string_equal(r->items[2], "Ana Berg (Norwegian envoy): \xE2\x80\x9CWe expect a hard "
			    "week for @everyone & <all>\xE2\x80\x9D [3]");
	assert_int_equal(r->n_citations, 3);
	for (size_t i = 0; i < r->n_citations; i++)
		assert_string_equal(r->citations[i].article, "geneva-2024");
	assert_false(has(r, "Sochi"));
	assert_false(has(r, "Idlib"));
	/* relative dates against 2024-03-14, a Thursday */
	assert_string_equal(r->citations[0].text, "Norway backs the Geneva talks, officials said on "
			    "Wednesday [Wednesday 13 March 2024].");
	assert_true(has(r, "will meet on Monday [Monday 18 March 2024] in Geneva"));
	assert_true(has(r, "the corridor opened last year [2023]."));
	/* it now covers both */
	assert_int_equal(cov.n, 2);
	digest_covered_free(&f->covered);
	f->covered = cov;
	assert_int_equal(since(f, DIGEST_EMPTY_SKIP, NULL), DIGEST_NOTHING);
}

static void test_changed_article_counts_as_new(void **state)
{
	struct fx *f = *state;
	char path[4096];
	snprintf(path, sizeof path, "%s/articles/sochi-2021.txt", f->dir);
	char *text = kbdir_slurp(path, NULL);
	assert_non_null(text);
	uint64_t before = digest_fingerprint(kb_article_at(f->kb, 0));
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%s\nThe two leaders also discussed trade.\n", text);
	write_file(f, "articles/sochi-2021.txt", strbuf_str(&sb));
	strbuf_free(&sb);
	free(text);
	reload(f);
	assert_true(digest_fingerprint(kb_article_at(f->kb, 0)) != before);
	assert_int_equal(since(f, DIGEST_EMPTY_SKIP, NULL), 0);
	const struct reply *r = &f->out;
	assert_string_equal(r->title, "What's new since the last digest");
	assert_int_equal(r->n_paragraphs, 1);
	assert_non_null(strstr(r->paragraphs[0], "Updated: Erdogan and Putin meet in Sochi"));
	assert_true(r->n_items >= 3);
	assert_items_cited(r);
	for (size_t i = 0; i < r->n_citations; i++)
		assert_string_equal(r->citations[i].article, "sochi-2021");
	assert_true(has(r, "Russia is allied with the Assad regime"));
	assert_true(has(r, "At stake in Idlib"));
	assert_true(has(r, "Kamal Alam"));
}

/* ---- one message, whatever comes in --------------------------------------- */

/* An uncurated article of three long sentences: the extractor finds two
 * relations and a quote in it. */
static void write_long_article(struct fx *f, int n)
{
	struct strbuf sb = {0};
	strbuf_printf(&sb,
		"title: A very long report number %d on the northern front and the talks that "
		"follow it, with a title that goes on and on\n"
		"source: Long Wire\n"
		"date: 2023-05-1%d\n"
		"---\n"
		"The Iran-backed militia advanced on Tuesday across the northern plain, in a push "
		"that officials described at length as the largest since the ceasefire collapsed "
		"and that analysts said would reshape the balance of the whole region (%d).\n\n"
		"Syria and its ally Russia bombed the valley last month, according to residents "
		"who fled toward the border and described in detail how the strikes destroyed "
		"homes, markets and the only clinic that still served the villages (%d).\n\n"
		"\xE2\x80\x9CWe will not leave this land while our children are buried in it,"
		"\xE2\x80\x9D says Omar Haddad, a village elder who stayed behind with his family "
		"after the bombing ended (%d).\n", n, n, n, n, n);
	char rel[64];
	snprintf(rel, sizeof rel, "articles/long-%d.txt", n);
	write_file(f, rel, strbuf_str(&sb));
	strbuf_free(&sb);
}

/* Reads "… and A more articles, F more facts." */
static void parse_tail(const char *s, size_t *articles, size_t *facts)
{
	*articles = *facts = 0;
	const char *a = strstr(s, " more article");
	const char *fa = strstr(s, " more fact");
	if (a) {
		const char *d = a;
		while (d > s && d[-1] >= '0' && d[-1] <= '9')
			d--;
		*articles = strtoul(d, NULL, 10);
	}
	if (fa) {
		const char *d = fa;
		while (d > s && d[-1] >= '0' && d[-1] <= '9')
			d--;
		*facts = strtoul(d, NULL, 10);
	}
}

/* n long new articles: one message, cut with a count of what is left out
 * that adds up (each article brings 2 relations and 1 quote). */
static void check_long_articles(struct fx *f, int n)
{
	for (int i = 0; i < n; i++)
		write_long_article(f, i);
	reload(f);
	assert_int_equal(since(f, DIGEST_EMPTY_NOTE, NULL), 0);
	const struct reply *r = &f->out;
	struct render_output o;
	render_one(r, RENDER_DISCORD, &o);
	render_output_free(&o);
	render_one(r, RENDER_MATRIX, &o);
	render_output_free(&o);
	assert_items_cited(r);
	assert_true(r->n_items >= 2);
	assert_true(r->n_paragraphs >= 1);
	const char *tail = r->items[r->n_items - 1];
	assert_true(is_tail(tail));
	size_t articles, facts;
	parse_tail(tail, &articles, &facts);
	assert_int_equal(r->n_paragraphs + articles, (size_t)n);
	assert_int_equal(r->n_items - 1 + facts, 3 * (size_t)n);
}

static void test_many_long_articles_fit_one_discord_message(void **state)
{
	struct fx *f = *state;
	check_long_articles(f, 6);
	/* the full briefing of all seven fits too */
	struct render_output o;
	reply_free(&f->out);
	assert_int_equal(digest_build(f->kb, NULL, &f->out), 0);
	render_one(&f->out, RENDER_DISCORD, &o);
	render_output_free(&o);
	assert_true(has(&f->out, "At stake in Idlib"));
	assert_true(is_tail(f->out.items[f->out.n_items - 1]));
	/* and forty, far past what one message holds */
	check_long_articles(f, 40);
}

/* Article text with markup and mentions comes out inert on both platforms. */
static void test_matrix_html_escaped(void **state)
{
	struct fx *f = *state;
	write_file(f, "articles/geneva-2024.txt", geneva_article);
	write_file(f, "facts/geneva-2024.json", geneva_facts);
	reload(f);
	assert_int_equal(since(f, DIGEST_EMPTY_NOTE, NULL), 0);
	struct render_output o;
	const struct render_chunk *c = render_one(&f->out, RENDER_MATRIX, &o);
	assert_non_null(strstr(c->html, "Ministers meet in Geneva &lt;b&gt;&amp;&lt;/b&gt; @" ZWSP
					"everyone"));
	assert_non_null(strstr(c->html, "the future of the &lt;b&gt;ceasefire&lt;/b&gt; &amp; the"));
	assert_non_null(strstr(c->html, "hard week for @" ZWSP "everyone &amp; &lt;all&gt;"));
	assert_null(strstr(c->html, "<b>"));
	assert_null(strstr(c->html, "<all>"));
	assert_null(strstr(c->html, "@everyone"));
	/* the plain body: readable text, mentions inert */
	assert_non_null(strstr(c->text, "the future of the <b>ceasefire</b> & the aid corridor"));
	assert_null(strstr(c->text, "@everyone"));
	render_output_free(&o);
	c = render_one(&f->out, RENDER_DISCORD, &o);
	assert_null(strstr(c->text, "@everyone"));
	assert_non_null(strstr(c->text, "\\<b\\>ceasefire\\</b\\>"));
	render_output_free(&o);
}

/* ---- missed slots ------------------------------------------------------- */

static void test_missed_slots(void **state)
{
	struct fx *f = *state;
	/* 2026-12-05 09:00 UTC */
	struct digest_since s = { .missed = 2, .last_missed_ms = 1796461200000LL };
	assert_int_equal(digest_build_since(f->kb, &s, &f->out, NULL), 0);
	assert_string_equal(f->out.title, "Briefing");
	assert_string_equal(f->out.paragraphs[0], "2 scheduled digests were missed while the bot "
			    "was offline (last: Saturday 5 December 2026, 09:00 UTC).");
	reply_free(&f->out);

	s = (struct digest_since){ .last = &f->covered, .missed = 1 };
	assert_int_equal(digest_build_since(f->kb, &s, &f->out, NULL), 0);
	assert_int_equal(f->out.n_paragraphs, 2);
	assert_string_equal(f->out.paragraphs[0], "Nothing new since the last digest.");
	assert_string_equal(f->out.paragraphs[1],
			    "1 scheduled digest was missed while the bot was offline.");
	reply_free(&f->out);

	/* skip: with nothing new, the missed digests would have said nothing */
	s.when_empty = DIGEST_EMPTY_SKIP;
	assert_int_equal(digest_build_since(f->kb, &s, &f->out, NULL), DIGEST_NOTHING);
	assert_int_equal(f->out.n_paragraphs, 0);

	/* and with news, the line comes first */
	write_file(f, "articles/geneva-2024.txt", geneva_article);
	reload(f);
	s.missed = 3;
	assert_int_equal(digest_build_since(f->kb, &s, &f->out, NULL), 0);
	assert_string_equal(f->out.paragraphs[0],
			    "3 scheduled digests were missed while the bot was offline.");
	assert_non_null(strstr(f->out.paragraphs[1], "New: Ministers meet in Geneva"));
}

/* ---- the covered set as text ---------------------------------------------- */

static void test_covered_as_text(void **state)
{
	struct fx *f = *state;
	write_file(f, "articles/geneva-2024.txt", geneva_article);
	reload(f);
	struct reply r = {0};
	struct digest_covered cov = {0}, back = {0};
	assert_int_equal(digest_build_since(f->kb, NULL, &r, &cov), 0);
	reply_free(&r);
	assert_int_equal(cov.n, 2);
	struct strbuf sb = {0};
	assert_int_equal(digest_covered_format(&cov, &sb), 0);
	assert_int_equal(sb.len, 2 * 17 + strlen("geneva-2024\n") + strlen("sochi-2021\n"));
	assert_int_equal(digest_covered_parse(strbuf_str(&sb), &back), 0);
	assert_int_equal(back.n, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(back.marks[i].id, cov.marks[i].id);
		assert_true(back.marks[i].fingerprint == cov.marks[i].fingerprint);
	}
	digest_covered_free(&back);
	/* the parsed set works as `last`: nothing new */
	assert_int_equal(digest_covered_parse(strbuf_str(&sb), &back), 0);
	struct digest_since s = { .last = &back, .when_empty = DIGEST_EMPTY_SKIP };
	assert_int_equal(digest_build_since(f->kb, &s, &r, NULL), DIGEST_NOTHING);
	digest_covered_free(&back);

	assert_int_equal(digest_covered_parse("", &back), 0);
	assert_int_equal(back.n, 0);
	digest_covered_free(&back);
	assert_int_equal(digest_covered_parse("00000000000000ff x", &back), 0);  /* no final \n */
	assert_int_equal(back.n, 1);
	assert_true(back.marks[0].fingerprint == 0xff);
	digest_covered_free(&back);
	static const char *const bad[] = {
		"xyz\n", "0123456789abcdef\n", "0123456789abcdef \n", "0123456789abcdeg id\n",
		"0123456789abcdef id\r\n", "0123456789abcdef a\n\n", "0123456789abcde id\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (digest_covered_parse(bad[i], &back) != BB_EPARSE)
			fail_msg("parsed \"%s\"", bad[i]);
		assert_int_equal(back.n, 0);
		assert_null(back.marks);
	}
	struct digest_mark m = { .id = (char *)"two\nlines", .fingerprint = 1 };
	struct digest_covered odd = { &m, 1 };
	assert_int_equal(digest_covered_format(&odd, &sb), BB_EINVAL);
	strbuf_free(&sb);
	digest_covered_free(&cov);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_first_digest_is_the_full_briefing),
		T(test_relative_dates_against_the_article_date),
		T(test_nothing_changed_note_or_skip),
		T(test_new_article_only),
		T(test_changed_article_counts_as_new),
		T(test_many_long_articles_fit_one_discord_message),
		T(test_matrix_html_escaped),
		T(test_missed_slots),
		T(test_covered_as_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
