/* An independent exam of the question-answering engine: loads a knowledge
 * directory, asks every question of a JSON evaluation set and scores the
 * answers. Uses only the public API of knowledge/kb.h and knowledge/answer.h,
 * and asks each question the way the bot does: through commands/clean.h
 * first, which takes chat markup (mentions, @everyone, URLs) out.
 *
 * usage: test_qa_eval KNOWLEDGE_DIR QUESTIONS.json MIN_PERCENT [--report-only]
 *
 * QUESTIONS.json is an array of
 *   {"q": "...", "answerable": true, "expect": ["alt", ...],
 *    "cite": ["sentence substring", ...], "kind": "backs"}
 * or {"q": "...", "answerable": false}.
 *
 * An answerable question is correct when the status is ANSWER_FOUND, the
 * short answer contains one of `expect` and one of the cited sentences
 * contains one of `cite`. An unanswerable one is correct when the status is
 * anything but ANSWER_FOUND. Matching ignores ASCII case, treats curly and
 * straight quotes as equal, and sees the haystack with one space added at
 * each end, so an expectation such as " no," also matches an answer that
 * starts with "No,".
 *
 * A short answer longer than SHORT_ANSWER_MAX bytes is reported as a note
 * (single facts should be short) but does not fail the question.
 *
 * An answerable question that gets an answer which misses (wrong text or
 * wrong citation) is counted as *misled*: a confident wrong answer, worse
 * than a refusal.
 *
 * Exit status: 0 when the answerable score reaches MIN_PERCENT, every
 * unanswerable question was refused and none was misled, 1 otherwise, 2 on bad usage or a
 * knowledge directory / question file that does not load. With
 * --report-only (for held-out sets whose score the lead reads rather than
 * gates on) everything is printed the same way but a score below the bar or
 * an answered unanswerable question still exits 0 (a misled answer does
 * not); bad usage and load
 * failures still exit 2. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "commands/clean.h"
#include "common/strbuf.h"
#include "knowledge/answer.h"
#include "knowledge/kb.h"

#define SHORT_ANSWER_MAX 160

struct score {
	int long_answers;
	int answerable;
	int answerable_ok;
	int misled;       /* answerable, answered, and the answer misses */
	int unanswerable;
	int unanswerable_ok;
};

/* Appends `s` to `out` lower-cased (ASCII), with ‘ ’ turned into ' and “ ”
 * into ", optionally with a space on each side. */
static void normalise(struct strbuf *out, const char *s, bool pad)
{
	strbuf_truncate(out, 0);
	if (pad)
		strbuf_putc(out, ' ');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (p[0] == 0xE2 && p[1] == 0x80 &&
		    (p[2] == 0x98 || p[2] == 0x99)) {
			strbuf_putc(out, '\'');
			p += 2;
		} else if (p[0] == 0xE2 && p[1] == 0x80 &&
			   (p[2] == 0x9C || p[2] == 0x9D)) {
			strbuf_putc(out, '"');
			p += 2;
		} else {
			strbuf_putc(out, (char)tolower(*p));
		}
	}
	if (pad)
		strbuf_putc(out, ' ');
}

/* True if `text` contains one of the strings of the JSON array `needles`. */
static bool contains_any(const char *text, const cJSON *needles)
{
	struct strbuf hay = {0}, needle = {0};
	const cJSON *n;
	bool found = false;

	if (!text)
		return false;
	normalise(&hay, text, true);
	cJSON_ArrayForEach(n, needles) {
		if (!cJSON_IsString(n))
			continue;
		normalise(&needle, n->valuestring, false);
		if (strstr(strbuf_str(&hay), strbuf_str(&needle))) {
			found = true;
			break;
		}
	}
	strbuf_free(&hay);
	strbuf_free(&needle);
	return found;
}

static size_t cite_count(const struct answer *ans)
{
	return ans->n_cites < ANSWER_MAX_CITES ? ans->n_cites : ANSWER_MAX_CITES;
}

static const char *sentence_text(const struct kb_cite *c)
{
	return c->sentence && c->sentence->text ? c->sentence->text : "(none)";
}

static bool cites_any(const struct answer *ans, const cJSON *cite)
{
	for (size_t i = 0; i < cite_count(ans); i++)
		if (ans->cites[i].sentence &&
		    contains_any(ans->cites[i].sentence->text, cite))
			return true;
	return false;
}

static const char *status_name(enum answer_status s)
{
	switch (s) {
	case ANSWER_FOUND: return "FOUND";
	case ANSWER_UNKNOWN: return "UNKNOWN";
	case ANSWER_BAD_INPUT: return "BAD_INPUT";
	}
	return "?";
}

static void print_list(const char *label, const cJSON *list)
{
	const cJSON *n;
	bool first = true;

	printf("    %s:", label);
	cJSON_ArrayForEach(n, list) {
		if (cJSON_IsString(n)) {
			printf("%s \"%s\"", first ? "" : ",", n->valuestring);
			first = false;
		}
	}
	printf("\n");
}

static void print_failure(int number, const cJSON *item, const char *q,
			  const char *why, const struct answer *ans)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(item, "kind");

	printf("FAIL #%d [%s] %s\n", number,
	       cJSON_IsString(kind) ? kind->valuestring : "unanswerable", q);
	printf("    why: %s\n", why);
	printf("    status: %s\n", status_name(ans->status));
	printf("    answer: %s\n", ans->text ? ans->text : "(null)");
	for (size_t i = 0; i < cite_count(ans); i++)
		printf("    cited: %s\n", sentence_text(&ans->cites[i]));
	if (cite_count(ans) == 0)
		printf("    cited: (nothing)\n");
	if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(item, "expect"))) {
		print_list("expect one of",
			   cJSON_GetObjectItemCaseSensitive(item, "expect"));
		print_list("cite one of",
			   cJSON_GetObjectItemCaseSensitive(item, "cite"));
	}
}

/* Asks one question and scores it. Returns 0, or -1 if the engine failed
 * (out of memory) or the item is malformed. */
static int run_one(const struct kb *kb, const cJSON *item, int number,
		   struct score *sc)
{
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(item, "q");
	const cJSON *answerable =
		cJSON_GetObjectItemCaseSensitive(item, "answerable");
	const cJSON *expect = cJSON_GetObjectItemCaseSensitive(item, "expect");
	const cJSON *cite = cJSON_GetObjectItemCaseSensitive(item, "cite");
	struct answer ans;
	const char *why = NULL;

	if (!cJSON_IsString(q) || !cJSON_IsBool(answerable) ||
	    (cJSON_IsTrue(answerable) &&
	     (!cJSON_IsArray(expect) || !cJSON_IsArray(cite)))) {
		fprintf(stderr, "question %d: malformed entry\n", number);
		return -1;
	}
	memset(&ans, 0, sizeof(ans));
	struct strbuf asked = {0};
	clean_question(q->valuestring, &asked);
	int rc = answer_question(kb, strbuf_str(&asked), &ans);
	strbuf_free(&asked);
	if (rc != 0) {
		fprintf(stderr, "question %d: answer_question failed\n", number);
		answer_free(&ans);
		return -1;
	}
	if (cJSON_IsTrue(answerable)) {
		sc->answerable++;
		if (ans.status != ANSWER_FOUND)
			why = "not answered";
		else if (!contains_any(ans.text, expect))
			why = "misled: answer lacks every expected string";
		else if (!cites_any(&ans, cite))
			why = "misled: no cited sentence contains an expected quote";
		else
			sc->answerable_ok++;
		if (ans.status == ANSWER_FOUND && why)
			sc->misled++;
	} else {
		sc->unanswerable++;
		if (ans.status == ANSWER_FOUND)
			why = "answered, but the article does not cover it";
		else
			sc->unanswerable_ok++;
	}
	if (why)
		print_failure(number, item, q->valuestring, why, &ans);
	if (ans.status == ANSWER_FOUND && ans.text &&
	    strlen(ans.text) > SHORT_ANSWER_MAX) {
		sc->long_answers++;
		printf("note #%d: answer is %zu bytes (> %d): %s\n", number,
		       strlen(ans.text), SHORT_ANSWER_MAX, q->valuestring);
	}
	answer_free(&ans);
	return 0;
}

static cJSON *load_questions(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = {0};
	char chunk[4096];
	size_t n;
	cJSON *json = NULL;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_append(&sb, chunk, n);
	if (ferror(f) || strbuf_failed(&sb)) {
		fprintf(stderr, "%s: read failed\n", path);
		goto out;
	}
	json = cJSON_Parse(strbuf_str(&sb));
	if (!cJSON_IsArray(json)) {
		fprintf(stderr, "%s: not a JSON array\n", path);
		cJSON_Delete(json);
		json = NULL;
	}
out:
	fclose(f);
	strbuf_free(&sb);
	return json;
}

static int parse_percent(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(*out) || *out < 0 ||
	    *out > 100)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct strbuf errors = {0};
	struct kb *kb = NULL;
	cJSON *questions = NULL;
	const cJSON *item;
	struct score sc = {0};
	double min_percent, percent;
	int number = 0, rc = 2;
	bool report_only = argc == 5 && strcmp(argv[4], "--report-only") == 0;

	if ((argc != 4 && !report_only) ||
	    parse_percent(argv[3], &min_percent) != 0) {
		fprintf(stderr, "usage: %s KNOWLEDGE_DIR QUESTIONS.json "
			"MIN_PERCENT [--report-only]\n",
			argc > 0 ? argv[0] : "test_qa_eval");
		return 2;
	}
	kb = kb_load(argv[1], &errors);
	if (!kb) {
		fprintf(stderr, "%s: knowledge did not load:\n%s", argv[1],
			strbuf_str(&errors));
		goto out;
	}
	questions = load_questions(argv[2]);
	if (!questions)
		goto out;
	cJSON_ArrayForEach(item, questions) {
		if (run_one(kb, item, ++number, &sc) != 0)
			goto out;
	}
	percent = sc.answerable ? 100.0 * sc.answerable_ok / sc.answerable
				: 100.0;
	printf("long answers (> %d bytes): %d\n", SHORT_ANSWER_MAX,
	       sc.long_answers);
	printf("answerable: %d/%d (%.1f%%), unanswerable refused: %d/%d, "
	       "misled: %d\n", sc.answerable_ok, sc.answerable, percent,
	       sc.unanswerable_ok, sc.unanswerable, sc.misled);
	rc = percent + 1e-9 >= min_percent &&
	     sc.unanswerable_ok == sc.unanswerable ? 0 : 1;
	if (rc != 0)
		printf("below the bar: need %.1f%% answerable and every "
		       "unanswerable question refused\n", min_percent);
	printf("%d passed, %d failed\n", sc.answerable_ok + sc.unanswerable_ok,
	       sc.answerable + sc.unanswerable - sc.answerable_ok -
	       sc.unanswerable_ok);
	if (report_only && rc != 0) {
		printf("report only: exiting 0 anyway\n");
		rc = 0;
	}
	if (sc.misled > 0) {
		printf("misled: %d answerable question(s) got an answer that "
		       "misses; a refusal is better (gated on every set)\n",
		       sc.misled);
		rc = 1;
	}
out:
	cJSON_Delete(questions);
	kb_free(kb);
	strbuf_free(&errors);
	return rc;
}
