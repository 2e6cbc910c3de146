#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "knowledge/reldate.h"

/* The seed article's date: Tuesday 28 September 2021. */
#define SEED "2021-09-28"

/* "phrase => resolved" for every relative date in text, joined by "; ". */
static void resolve(const char *text, const char *date, char *buf, size_t size)
{
	struct reldate_date a;
	assert_int_equal(reldate_parse_iso(date, &a), 0);
	struct reldate_match m[8];
	size_t n = reldate_scan(text, strlen(text), &a, m, 8);
	assert_true(n <= 8);
	size_t at = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && at < size; i++) {
		char d[64];
		reldate_format(&m[i], d, sizeof d);
		int w = snprintf(buf + at, size - at, "%s%.*s => %s", i ? "; " : "",
				 (int)m[i].len, text + m[i].start, d);
		assert_true(w > 0);
		at += (size_t)w;
	}
}

struct example {
	const char *date;
	const char *text;
	const char *want;
};

static void check_examples(const struct example *ex, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char got[512];
		resolve(ex[i].text, ex[i].date, got, sizeof got);
		if (strcmp(got, ex[i].want) != 0)
			fail_msg("\"%s\" (%s):\n  got  \"%s\"\n  want \"%s\"", ex[i].text,
				 ex[i].date, got, ex[i].want);
	}
}

#define CHECK(ex) check_examples((ex), sizeof (ex) / sizeof *(ex))

static void test_parse_iso(void **state)
{
	struct reldate_date d;
	assert_int_equal(reldate_parse_iso("2021-09-28", &d), 0);
	assert_int_equal(d.year, 2021);
	assert_int_equal(d.month, 9);
	assert_int_equal(d.day, 28);
	assert_int_equal(reldate_parse_iso("2024-02-29", &d), 0);  /* leap day */
	assert_int_equal(reldate_parse_iso("2021-02-29", &d), BB_EINVAL);
	assert_int_equal(reldate_parse_iso("2100-02-29", &d), BB_EINVAL);
	assert_int_equal(reldate_parse_iso("2021-13-01", &d), BB_EINVAL);
	assert_int_equal(reldate_parse_iso("2021-9-28", &d), BB_EINVAL);
	assert_int_equal(reldate_parse_iso("2021-09-28x", &d), BB_EINVAL);
	assert_int_equal(reldate_parse_iso("0000-01-01", &d), BB_EINVAL);
	assert_int_equal(reldate_parse_iso("", &d), BB_EINVAL);
	assert_int_equal(reldate_parse_iso(NULL, &d), BB_EINVAL);
}

/* The issue's own examples, on the seed article's date. */
static void test_weekdays_past_and_future(void **state)
{
	static const struct example ex[] = {
		{ SEED, "The two leaders will have a one-on-one meeting on Wednesday in Sochi.",
		  "Wednesday => Wednesday 29 September 2021" },
		{ SEED, "The two leaders met on Wednesday in Sochi.",
		  "Wednesday => Wednesday 22 September 2021" },
		/* on or before: the article's own weekday is that day */
		{ SEED, "Talks began on Tuesday.", "Tuesday => Tuesday 28 September 2021" },
		{ SEED, "Talks will begin on Tuesday.", "Tuesday => Tuesday 28 September 2021" },
		{ SEED, "Erdogan said on Monday that the leaders will meet on Friday.",
		  "Monday => Monday 27 September 2021; Friday => Friday 1 October 2021" },
		{ SEED, "On Friday, the leaders are expected to sign a deal.",
		  "Friday => Friday 1 October 2021" },
		{ SEED, "Turkey, which will host the talks on Sunday, said little.",
		  "Sunday => Sunday 3 October 2021" },
		{ SEED, "They’ll meet on Thursday.", "Thursday => Thursday 30 September 2021" },
		{ SEED, "Officials won’t travel on Saturday.",
		  "Saturday => Saturday 2 October 2021" },
		/* no tense word at all: news is past */
		{ SEED, "Clashes on Sunday in Idlib.", "Sunday => Sunday 26 September 2021" },
		{ SEED, "The ceasefire has held since Friday, but talks will follow.",
		  "Friday => Friday 24 September 2021" },
		{ SEED, "last Tuesday's vote", "last Tuesday => Tuesday 21 September 2021" },
		{ SEED, "They meet next Tuesday.", "next Tuesday => Tuesday 5 October 2021" },
		{ SEED, "They met this Monday.", "this Monday => Monday 27 September 2021" },
		{ SEED, "Wednesday's meeting will be tense.",
		  "Wednesday => Wednesday 29 September 2021" },
		{ SEED, "The vote is on Sunday.", "Sunday => Sunday 3 October 2021" },
		{ SEED, "Elections are set for Sunday.", "Sunday => Sunday 3 October 2021" },
		{ SEED, "Russia, which is Assad's ally, bombed Idlib on Sunday.",
		  "Sunday => Sunday 26 September 2021" },
		{ SEED, "He will say on Friday what he did on Monday.",
		  "Friday => Friday 1 October 2021; Monday => Monday 27 September 2021" },
		{ SEED, "The meeting, which took place on Monday, was calm.",
		  "Monday => Monday 27 September 2021" },
		/* a name ending in -ed is no past tense; news with no tense is past */
		{ SEED, "Ahmed Khan on Thursday in Geneva; Ahmed will go too.",
		  "Thursday => Thursday 30 September 2021" },
		{ SEED, "Ahmed Khan on Thursday in Geneva.", "Thursday => Thursday 23 September 2021" },
	};
	CHECK(ex);
}

static void test_days_weeks_months_years(void **state)
{
	static const struct example ex[] = {
		{ SEED, "Yesterday, today and tomorrow.",
		  "Yesterday => Monday 27 September 2021; today => Tuesday 28 September 2021; "
		  "tomorrow => Wednesday 29 September 2021" },
		{ SEED, "Strikes hit Idlib last night.", "last night => Monday 27 September 2021" },
		{ SEED, "the ceasefire deal brokered by Putin and Erdogan last year",
		  "last year => 2020" },
		{ SEED, "Elections are due next month.", "next month => October 2021" },
		{ SEED, "Prices rose last month.", "last month => August 2021" },
		{ SEED, "Talks resumed earlier this year.", "earlier this year => 2021" },
		{ SEED, "More talks later this month and next year.",
		  "later this month => September 2021; next year => 2022" },
		{ SEED, "Fighting flared this week.", "this week => week of 27 September 2021" },
		{ SEED, "They spoke last week.", "last week => week of 20 September 2021" },
		{ SEED, "A deal was signed three days ago.",
		  "three days ago => Saturday 25 September 2021" },
		{ SEED, "It began 2 years ago.", "2 years ago => 2019" },
		{ SEED, "It began a month ago.", "a month ago => August 2021" },
		/* year and month boundaries */
		{ "2021-01-01", "They met yesterday, last month and last week.",
		  "yesterday => Thursday 31 December 2020; last month => December 2020; "
		  "last week => week of 21 December 2020" },
		{ "2020-03-01", "It happened yesterday.", "yesterday => Saturday 29 February 2020" },
		{ "2021-12-31", "It opens next month.", "next month => January 2022" },
	};
	CHECK(ex);
}

static void test_month_names(void **state)
{
	static const struct example ex[] = {
		{ SEED, "elections scheduled for December will take place or not",
		  "December => December 2021" },
		{ SEED, "The offensive began in March.", "March => March 2021" },
		{ SEED, "The offensive began in November.", "November => November 2020" },
		{ SEED, "They met last September and will meet next September.",
		  "last September => September 2020; next September => September 2022" },
		{ SEED, "Turkey will hold talks in September.", "September => September 2021" },
	};
	CHECK(ex);
}

/* What is not a relative date stays alone. */
static void test_left_alone(void **state)
{
	static const struct example ex[] = {
		{ SEED, "in late 2019, in December 2019, on 12 December, on Wednesday, 29 September",
		  "" },
		{ SEED, "Wednesday 29 September, Wednesday September 29", "" },
		{ SEED, "In the last year prices rose; over the next month too.", "" },
		{ SEED, "It may rain; a march in Ankara; Wednesdays are quiet.", "" },
		{ SEED, "In the last two decades, the relations were strained.", "" },
		{ SEED, "The yesterdays of the ago era.", "" },
		{ SEED, "the 1st days ago", "" },
	};
	CHECK(ex);
}

static void test_annotate(void **state)
{
	struct strbuf sb = {0};
	const char *s = "The two leaders will have a one-on-one meeting on Wednesday in Sochi; "
			"a deal brokered last year.";
	assert_int_equal(reldate_annotate(s, SEED, &sb), 2);
	assert_string_equal(strbuf_str(&sb),
			    "The two leaders will have a one-on-one meeting on Wednesday "
			    "[Wednesday 29 September 2021] in Sochi; a deal brokered last year "
			    "[2020].");
	/* Annotating again adds nothing. */
	struct strbuf again = {0};
	assert_int_equal(reldate_annotate(strbuf_str(&sb), SEED, &again), 0);
	assert_string_equal(strbuf_str(&again), strbuf_str(&sb));
	strbuf_free(&again);

	/* A possessive keeps its word whole. */
	strbuf_truncate(&sb, 0);
	assert_int_equal(reldate_annotate("Wednesday’s meeting will be tense.", SEED, &sb), 1);
	assert_string_equal(strbuf_str(&sb), "Wednesday’s [Wednesday 29 September 2021] meeting "
					     "will be tense.");

	/* No usable article date: the text as it is. */
	strbuf_truncate(&sb, 0);
	assert_int_equal(reldate_annotate("They met on Wednesday.", "", &sb), 0);
	assert_string_equal(strbuf_str(&sb), "They met on Wednesday.");
	strbuf_truncate(&sb, 0);
	assert_int_equal(reldate_annotate("They met on Wednesday.", NULL, &sb), 0);
	assert_int_equal(reldate_annotate("They met on Wednesday.", "2021-02-30", &sb), 0);
	assert_int_equal(reldate_annotate(NULL, SEED, &sb), 0);
	strbuf_free(&sb);
}

static void test_format_iso(void **state)
{
	char buf[64];
	assert_int_equal(reldate_format_iso("2021-09-29", buf, sizeof buf), 27);
	assert_string_equal(buf, "Wednesday 29 September 2021");
	reldate_format_iso("2021-12", buf, sizeof buf);
	assert_string_equal(buf, "December 2021");
	reldate_format_iso("2020", buf, sizeof buf);
	assert_string_equal(buf, "2020");
	static const char *const bad[] = { "", "2021-13", "2021-02-30", "20", "late 2019", "0000" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(reldate_format_iso(bad[i], buf, sizeof buf), 0);
		assert_string_equal(buf, "");
	}
	assert_int_equal(reldate_format_iso(NULL, buf, sizeof buf), 0);
}

static void test_scan_counts_past_max(void **state)
{
	struct reldate_date a = { 2021, 9, 28 };
	const char *s = "today, yesterday, tomorrow, last year";
	struct reldate_match m[2];
	assert_int_equal(reldate_scan(s, strlen(s), &a, m, 2), 4);
	assert_int_equal(reldate_scan(s, strlen(s), &a, NULL, 0), 4);
	assert_int_equal(m[1].start, 7);
	assert_int_equal(m[1].len, 9);
	/* an invalid article date finds nothing */
	struct reldate_date bad = { 2021, 2, 30 };
	assert_int_equal(reldate_scan(s, strlen(s), &bad, m, 2), 0);
	/* dates that would leave years 1..9999 are dropped */
	struct reldate_date early = { 1, 1, 1 };
	assert_int_equal(reldate_scan("yesterday", 9, &early, m, 2), 0);
	assert_int_equal(reldate_scan("tomorrow", 8, &early, m, 2), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_iso),
		cmocka_unit_test(test_weekdays_past_and_future),
		cmocka_unit_test(test_days_weeks_months_years),
		cmocka_unit_test(test_month_names),
		cmocka_unit_test(test_left_alone),
		cmocka_unit_test(test_annotate),
		cmocka_unit_test(test_format_iso),
		cmocka_unit_test(test_scan_counts_past_max),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
