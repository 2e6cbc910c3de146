#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "bot/digest/schedule.h"
#include "common/error.h"

/* UTC instant of a calendar time, from glibc (no TZ involved). */
static int64_t utc(int y, int mon, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mon - 1, .tm_mday = d,
		.tm_hour = h, .tm_min = mi };
	return (int64_t)timegm(&tm);
}

static struct schedule *parse_d(const char *text, const struct schedule_defaults *d)
{
	struct schedule *s = NULL;
	struct strbuf err = { 0 };
	int rc = schedule_parse(text, d, NULL, &s, &err);
	if (rc)
		fail_msg("\"%s\": %d %s", text, rc, strbuf_str(&err));
	assert_string_equal(strbuf_str(&err), "");
	strbuf_free(&err);
	return s;
}

static struct schedule *parse(const char *text)
{
	return parse_d(text, NULL);
}

/* Parses `text` and checks that it fails with exactly `want`. */
static void expect_error(const char *text, const char *want)
{
	struct schedule *s = (struct schedule *)&s;
	struct strbuf err = { 0 };
	int rc = schedule_parse(text, NULL, NULL, &s, &err);
	if (rc != BB_EINVAL || strcmp(strbuf_str(&err), want) != 0)
		fail_msg("\"%s\": rc %d, message \"%s\", want \"%s\"", text, rc, strbuf_str(&err), want);
	assert_null(s);
	assert_null(strchr(strbuf_str(&err), '\n'));
	strbuf_free(&err);
}

/* The slots after `from`, one by one, are `want[0..n)`. */
static void expect_slots(const struct schedule *s, int64_t from, const int64_t *want, size_t n)
{
	int64_t t = from;
	for (size_t i = 0; i < n; i++) {
		t = schedule_next(s, t);
		if (t != want[i])
			fail_msg("%s: slot %zu is %lld, want %lld", schedule_text(s), i, (long long)t, (long long)want[i]);
		/* a slot is its own latest slot; the one before it is the previous */
		assert_int_equal(schedule_prev(s, t), t);
		if (i)
			assert_int_equal(schedule_prev(s, t - 1), want[i - 1]);
	}
}

#define SLOTS(s, from, ...) do { \
	const int64_t want_[] = { __VA_ARGS__ }; \
	expect_slots((s), (from), want_, sizeof want_ / sizeof want_[0]); \
} while (0)

/* ---- parsing and canonical text */

static void test_all_defaults(void **state)
{
	struct schedule *s = parse("");
	assert_string_equal(schedule_text(s), "daily 08:00 UTC");
	schedule_free(s);
	s = parse(NULL);
	assert_string_equal(schedule_text(s), "daily 08:00 UTC");
	schedule_free(s);
	s = parse("   ");
	assert_string_equal(schedule_text(s), "daily 08:00 UTC");
	schedule_free(s);
	schedule_free(NULL);
}

static void test_defaults_from_config(void **state)
{
	const struct schedule_defaults d = { "weekdays", "07:30", "Europe/Berlin" };
	struct schedule *s = parse_d("", &d);
	assert_string_equal(schedule_text(s), "weekdays 07:30 Europe/Berlin");
	schedule_free(s);
	s = parse_d("18:00", &d);
	assert_string_equal(schedule_text(s), "weekdays 18:00 Europe/Berlin");
	schedule_free(s);
	s = parse_d("Asia/Tokyo", &d);
	assert_string_equal(schedule_text(s), "weekdays 07:30 Asia/Tokyo");
	schedule_free(s);
	s = parse_d("weekly sun", &d);
	assert_string_equal(schedule_text(s), "weekly sunday 07:30 Europe/Berlin");
	schedule_free(s);
	/* only some defaults given: the rest are built in */
	const struct schedule_defaults half = { NULL, "06:15", NULL };
	s = parse_d("", &half);
	assert_string_equal(schedule_text(s), "daily 06:15 UTC");
	schedule_free(s);
}

static void test_cron_default(void **state)
{
	const struct schedule_defaults d = { "0 9 * * 1-5", "07:30", "Europe/Paris" };
	struct schedule *s = parse_d("", &d);
	assert_string_equal(schedule_text(s), "\"0 9 * * 1-5\" Europe/Paris");
	schedule_free(s);
	/* a time alone with a cron default: daily at that time */
	s = parse_d("18:00", &d);
	assert_string_equal(schedule_text(s), "daily 18:00 Europe/Paris");
	schedule_free(s);
}

static void test_bad_defaults_name_the_config(void **state)
{
	const struct schedule_defaults d = { "daily", "25:00", "UTC" };
	struct schedule *s;
	struct strbuf err = { 0 };
	assert_int_equal(schedule_parse("", &d, NULL, &s, &err), BB_EINVAL);
	assert_string_equal(strbuf_str(&err),
		"the config's [digest] time \"25:00\" is wrong: 25:00 is not a time of day: use HH:MM from 00:00 to 23:59");
	strbuf_free(&err);
	/* the user's own time makes the bad default irrelevant */
	assert_int_equal(schedule_parse("09:00", &d, NULL, &s, &err), 0);
	schedule_free(s);
	strbuf_free(&err);
	const struct schedule_defaults z = { "daily", "08:00", "Europe/Londn" };
	assert_int_equal(schedule_parse("", &z, NULL, &s, &err), BB_EINVAL);
	assert_string_equal(strbuf_str(&err), "the config's [digest] tz \"Europe/Londn\" is wrong: "
		"unknown time zone \"Europe/Londn\" — did you mean Europe/London?");
	strbuf_free(&err);
	assert_int_equal(schedule_parse("Asia/Tokyo", &z, NULL, &s, &err), 0);
	schedule_free(s);
	const struct schedule_defaults c = { "0 8 * * 9", "08:00", "UTC" };
	assert_int_equal(schedule_parse("", &c, NULL, &s, &err), BB_EINVAL);
	assert_string_equal(strbuf_str(&err), "the config's [digest] when \"0 8 * * 9\" is wrong: "
		"cron day-of-week field \"9\": use 0-7 or sun-sat (0 and 7 are Sunday), with lists (1,15), ranges (1-5) and steps (*/15)");
	strbuf_free(&err);
	const struct schedule_defaults w = { "weekly", "08:00", "UTC" };
	assert_int_equal(schedule_parse("", &w, NULL, &s, &err), BB_EINVAL);
	assert_string_equal(strbuf_str(&err), "the config's [digest] when \"weekly\" is wrong: "
		"weekly needs a day: weekly monday (monday..sunday or mon..sun)");
	strbuf_free(&err);
}

static void test_canonical_forms(void **state)
{
	static const char *const cases[][2] = {
		{ "daily 8:05 utc", "daily 08:05 UTC" },
		{ "Daily 23:59 Europe/London", "daily 23:59 Europe/London" },
		{ "WEEKLY Mon 8am europe/london", "weekly monday 08:00 Europe/London" },
		{ "weekly TUESDAY 00:00", "weekly tuesday 00:00 UTC" },
		{ "weekly thurs 6:45pm Asia/Tokyo", "weekly thursday 18:45 Asia/Tokyo" },
		{ "friday 5:30pm America/New_York", "weekly friday 17:30 America/New_York" },
		{ "weekdays 12am", "weekdays 00:00 UTC" },
		{ "weekday 12pm", "weekdays 12:00 UTC" },
		{ "8 am", "daily 08:00 UTC" },
		{ "8 PM Europe/Istanbul", "daily 20:00 Europe/Istanbul" },
		{ "08:00 daily", "daily 08:00 UTC" },
		{ "Asia/Kolkata 9:30 weekdays", "weekdays 09:30 Asia/Kolkata" },
		{ "\"0 8 * * 1-5\" Europe/London", "\"0 8 * * 1-5\" Europe/London" },
		{ "0 8 * * MON-FRI Asia/Istanbul", "\"0 8 * * mon-fri\" Asia/Istanbul" },
		{ "cron */15 9-17 * * 1-5", "\"*/15 9-17 * * 1-5\" UTC" },
		{ "'30  6  1,15 *  *'", "\"30 6 1,15 * *\" UTC" },
		{ "\xe2\x80\x9c" "0 8 * * *" "\xe2\x80\x9d" " Europe/Paris", "\"0 8 * * *\" Europe/Paris" },
		{ "us/eastern", "daily 08:00 US/Eastern" },
		{ "EST5EDT weekly sat 07:00", "weekly saturday 07:00 EST5EDT" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct schedule *s = parse(cases[i][0]);
		assert_string_equal(schedule_text(s), cases[i][1]);
		/* the canonical text parses back to itself, whatever the defaults */
		const struct schedule_defaults other = { "weekly friday", "13:13", "Asia/Tokyo" };
		struct schedule *again = parse_d(schedule_text(s), &other);
		assert_string_equal(schedule_text(again), cases[i][1]);
		for (int64_t t = utc(2026, 1, 1, 0, 0), k = 0; k < 20; k++) {
			assert_int_equal(schedule_next(s, t), schedule_next(again, t));
			t = schedule_next(s, t);
		}
		schedule_free(again);
		schedule_free(s);
	}
}

static void test_describe(void **state)
{
	static const char *const cases[][2] = {
		{ "daily 08:00 Europe/London", "every day at 08:00 (Europe/London)" },
		{ "weekdays 07:30", "weekdays (Monday to Friday) at 07:30 (UTC)" },
		{ "weekly monday 18:05 Asia/Tokyo", "every Monday at 18:05 (Asia/Tokyo)" },
		{ "weekly sun 23:59", "every Sunday at 23:59 (UTC)" },
		{ "\"0 8 * * 1-5\" America/New_York", "at 08:00, Monday to Friday (cron \"0 8 * * 1-5\", America/New_York)" },
		{ "\"0 7,19 * * *\"", "at 07:00 and 19:00 (cron \"0 7,19 * * *\", UTC)" },
		{ "\"0 7,12,19 * * sat,sun\"", "at 07:00, 12:00 and 19:00, Sunday, Saturday (cron \"0 7,12,19 * * sat,sun\", UTC)" },
		{ "\"*/15 * * * *\"", "96 times a day (cron \"*/15 * * * *\", UTC)" },
		{ "\"30 6 1,15 * *\"", "at 06:30, on day 1, 15 of the month (cron \"30 6 1,15 * *\", UTC)" },
		{ "\"0 8 1-7 * mon\"", "at 08:00, on day 1 to 7 of the month and on Monday (cron \"0 8 1-7 * mon\", UTC)" },
		{ "\"0 8 29 2 *\"", "at 08:00, on day 29 of the month, in February (cron \"0 8 29 2 *\", UTC)" },
		{ "\"0 9 * jan-mar,jul 1,2,3,5\"", "at 09:00, Monday to Wednesday, Friday, in January to March, July (cron \"0 9 * jan-mar,jul 1,2,3,5\", UTC)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct schedule *s = parse(cases[i][0]);
		struct strbuf out = { 0 };
		schedule_describe(s, &out);
		assert_string_equal(strbuf_str(&out), cases[i][1]);
		strbuf_free(&out);
		schedule_free(s);
	}
}

/* ---- every error message */

static void test_error_unknown_zone_suggests(void **state)
{
	expect_error("daily 08:00 Europe/Londn", "unknown time zone \"Europe/Londn\" — did you mean Europe/London?");
	expect_error("America/New_Yrok", "unknown time zone \"America/New_Yrok\" — did you mean America/New_York?");
	expect_error("weekly monday londn", "unknown time zone \"londn\" — did you mean Europe/London?");
}

static void test_error_unknown_zone_without_suggestion(void **state)
{
	expect_error("daily 08:00 Qwxzv/Plugh",
		"unknown time zone \"Qwxzv/Plugh\": use an IANA name such as Europe/London or America/New_York");
	expect_error("daily ../../etc/passwd",
		"unknown time zone \"../../etc/passwd\": use an IANA name such as Europe/London or America/New_York");
	/* a long word is cut, on a character boundary */
	expect_error("daily Ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé",
		"unknown time zone \"Éééééééééé…\": use an IANA name such as Europe/London");
	expect_error("daily /etc/localtime",
		"unknown time zone \"/etc/localtime\": use an IANA name such as Europe/London or America/New_York");
}

static void test_error_time_of_day(void **state)
{
	expect_error("25:00", "25:00 is not a time of day: use HH:MM from 00:00 to 23:59");
	expect_error("daily 24:00 UTC", "24:00 is not a time of day: use HH:MM from 00:00 to 23:59");
	expect_error("8:60", "8:60 is not a time of day: use HH:MM from 00:00 to 23:59");
	expect_error("8:5", "8:5 is not a time of day: use HH:MM from 00:00 to 23:59");
	expect_error("13pm", "13pm is not a time of day: use HH:MM from 00:00 to 23:59");
	expect_error("0am", "0am is not a time of day: use HH:MM from 00:00 to 23:59");
	expect_error("13 pm", "13 pm is not a time of day: use HH:MM from 00:00 to 23:59");
	expect_error("123:00", "123:00 is not a time of day: use HH:MM from 00:00 to 23:59");
	expect_error("8:00xm", "8:00xm is not a time of day: use HH:MM from 00:00 to 23:59");
	expect_error("daily 8", "8 is not a time of day: use HH:MM from 00:00 to 23:59");
}

static void test_error_cron_fields(void **state)
{
	const char *tail = ", with lists (1,15), ranges (1-5) and steps (*/15)";
	static const char *const cases[][3] = {
		{ "\"61 8 * * *\"", "minute", "\"61\": use 0-59" },
		{ "\"0 24 * * *\"", "hour", "\"24\": use 0-23" },
		{ "\"0 8 0 * *\"", "day-of-month", "\"0\": use 1-31" },
		{ "\"0 8 32 * *\"", "day-of-month", "\"32\": use 1-31" },
		{ "\"0 8 * 13 *\"", "month", "\"13\": use 1-12 or jan-dec" },
		{ "\"0 8 * foo *\"", "month", "\"foo\": use 1-12 or jan-dec" },
		{ "\"0 8 * * 8\"", "day-of-week", "\"8\": use 0-7 or sun-sat (0 and 7 are Sunday)" },
		{ "0 8 * * mon-fry", "day-of-week", "\"mon-fry\": use 0-7 or sun-sat (0 and 7 are Sunday)" },
		{ "\"*/0 8 * * *\"", "minute", "\"*/0\": use 0-59" },
		{ "\"0 5-1 * * *\"", "hour", "\"5-1\": use 0-23" },
		{ "\"0 8,,9 * * *\"", "hour", "\"8,,9\": use 0-23" },
		{ "\"0 8 * * fri-mon\"", "day-of-week", "\"fri-mon\": use 0-7 or sun-sat (0 and 7 are Sunday)" },
		{ "\"0 100 * * *\"", "hour", "\"100\": use 0-23" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char want[256];
		snprintf(want, sizeof want, "cron %s field %s%s", cases[i][1], cases[i][2], tail);
		expect_error(cases[i][0], want);
	}
}

static void test_error_cron_shape(void **state)
{
	expect_error("\"0 8 * *\"",
		"a cron expression has 5 fields (minute hour day-of-month month day-of-week), e.g. \"0 8 * * 1-5\"; got 4");
	expect_error("cron 0 8 * * * *",
		"a cron expression has 5 fields (minute hour day-of-month month day-of-week), e.g. \"0 8 * * 1-5\"; got 6");
	expect_error("0 8 *",
		"a cron expression has 5 fields (minute hour day-of-month month day-of-week), e.g. \"0 8 * * 1-5\"; got 3");
	expect_error("\"0 8 30 2 *\"", "cron \"0 8 30 2 *\" never fires: none of its months has those days");
	expect_error("\"0 8 31 4,6,9,11 *\"", "cron \"0 8 31 4,6,9,11 *\" never fires: none of its months has those days");
	expect_error("\"0 8 * * 1-5\" 09:00", "a cron expression carries its own time: drop 09:00, or use daily 09:00");
	expect_error("\"0 8 * * 1-5", "a quote is not closed: put the cron expression in quotes, e.g. \"0 8 * * 1-5\"");
}

static void test_error_structure(void **state)
{
	expect_error("weekly", "weekly needs a day: weekly monday (monday..sunday or mon..sun)");
	expect_error("weekly funday 08:00", "weekly needs a day: weekly monday (monday..sunday or mon..sun)");
	expect_error("daily weekdays",
		"\"weekdays\": the schedule already says when; give one of daily, weekdays, weekly DAY or a cron expression");
	expect_error("daily \"0 8 * * *\"",
		"\"0 8 * * *\": the schedule already says when; give one of daily, weekdays, weekly DAY or a cron expression");
	expect_error("08:00 9:00", "two times given: keep one of 08:00 and 9:00");
	expect_error("daily 08:00 UTC Europe/London",
		"unexpected \"Europe/London\": type [daily|weekdays|weekly DAY|\"CRON\"] [HH:MM] [TIMEZONE]");
	char big[SCHEDULE_TEXT_MAX + 10];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	expect_error(big, "the schedule is too long (over 256 characters): type [daily|weekdays|weekly DAY|\"CRON\"] [HH:MM] [TIMEZONE]");
	expect_error("a b c d e f g h i j k l m n o p q r s t u v w x y z",
		"too many words: type [daily|weekdays|weekly DAY|\"CRON\"] [HH:MM] [TIMEZONE]");
	/* found by fuzz_schedule: a quote spanning lines put a line break into
	 * the one-line message that quotes the word */
	expect_error("\"0 8 * * 1-5\" \xe2\x80\x9dx\n\ny\xe2\x80\x9c",
		"a quoted cron expression must be on one line");
	expect_error("daily 08:00 Europe/\x01London",
		"the schedule holds a control character: type it on one line");
}

static void test_error_bad_zoneinfo_dir(void **state)
{
	struct schedule *s;
	struct strbuf err = { 0 };
	assert_int_equal(schedule_parse("daily 08:00 Europe/London", NULL, "/nonexistent", &s, &err), BB_EINVAL);
	assert_string_equal(strbuf_str(&err),
		"unknown time zone \"Europe/London\": use an IANA name such as Europe/London or America/New_York");
	strbuf_free(&err);
	/* a NULL err is allowed */
	assert_int_equal(schedule_parse("25:00", NULL, NULL, &s, NULL), BB_EINVAL);
}

/* ---- slots: daylight saving */

/* America/New_York, 2026-03-08: 02:00 EST -> 03:00 EDT. The 02:30 slot does
 * not exist that day: it posts once, at 03:00 EDT (07:00 UTC). */
static void test_new_york_spring_forward(void **state)
{
	struct schedule *s = parse("daily 02:30 America/New_York");
	SLOTS(s, utc(2026, 3, 7, 0, 0),
		utc(2026, 3, 7, 7, 30),  /* 02:30 EST */
		utc(2026, 3, 8, 7, 0),   /* 03:00 EDT, the first valid minute */
		utc(2026, 3, 9, 6, 30)); /* 02:30 EDT */
	/* asking from inside the gap's hour gives the same slot */
	assert_int_equal(schedule_next(s, utc(2026, 3, 8, 6, 59)), utc(2026, 3, 8, 7, 0));
	assert_int_equal(schedule_next(s, utc(2026, 3, 8, 7, 0)), utc(2026, 3, 9, 6, 30));
	schedule_free(s);
}

/* 2026-11-01: 02:00 EDT -> 01:00 EST; 01:30 happens twice and posts once,
 * at the first (EDT, 05:30 UTC). */
static void test_new_york_fall_back(void **state)
{
	struct schedule *s = parse("daily 01:30 America/New_York");
	SLOTS(s, utc(2026, 10, 31, 0, 0),
		utc(2026, 10, 31, 5, 30),
		utc(2026, 11, 1, 5, 30),
		utc(2026, 11, 2, 6, 30));
	/* from inside the repeated hour (01:20 EST, after the post) */
	assert_int_equal(schedule_next(s, utc(2026, 11, 1, 6, 20)), utc(2026, 11, 2, 6, 30));
	assert_int_equal(schedule_next(s, utc(2026, 11, 1, 6, 30)), utc(2026, 11, 2, 6, 30));
	/* catch-up from there finds the post of 05:30 UTC, not a second one */
	assert_int_equal(schedule_prev(s, utc(2026, 11, 1, 6, 45)), utc(2026, 11, 1, 5, 30));
	schedule_free(s);
}

/* A cron every 30 minutes in the repeated hour: 01:00 and 01:30 once each. */
static void test_new_york_fall_back_cron(void **state)
{
	struct schedule *s = parse("\"*/30 1,2 * * *\" America/New_York");
	SLOTS(s, utc(2026, 11, 1, 4, 0),
		utc(2026, 11, 1, 5, 0),   /* 01:00 EDT */
		utc(2026, 11, 1, 5, 30),  /* 01:30 EDT */
		utc(2026, 11, 1, 7, 0),   /* 02:00 EST: the EST 01:xx do not repeat */
		utc(2026, 11, 1, 7, 30),
		utc(2026, 11, 2, 6, 0));
	schedule_free(s);
}

/* Slots inside the skipped hour collapse into one at 03:00. */
static void test_new_york_spring_forward_cron(void **state)
{
	struct schedule *s = parse("\"0,30 2,3 * * *\" America/New_York");
	SLOTS(s, utc(2026, 3, 8, 0, 0),
		utc(2026, 3, 8, 7, 0),    /* 02:00, 02:30 and 03:00 EDT: one slot */
		utc(2026, 3, 8, 7, 30),   /* 03:30 EDT */
		utc(2026, 3, 9, 6, 0));   /* 02:00 EDT next day */
	schedule_free(s);
}

/* Europe/London, 2026-03-29: 01:00 GMT -> 02:00 BST at 01:00 UTC. */
static void test_london_spring_forward(void **state)
{
	struct schedule *s = parse("daily 01:30 Europe/London");
	SLOTS(s, utc(2026, 3, 28, 0, 0),
		utc(2026, 3, 28, 1, 30),
		utc(2026, 3, 29, 1, 0),   /* 02:00 BST */
		utc(2026, 3, 30, 0, 30)); /* 01:30 BST */
	schedule_free(s);
	s = parse("daily 08:00 Europe/London");
	SLOTS(s, utc(2026, 3, 28, 0, 0), utc(2026, 3, 28, 8, 0), utc(2026, 3, 29, 7, 0), utc(2026, 3, 30, 7, 0));
	schedule_free(s);
}

/* Europe/London, 2026-10-25: 02:00 BST -> 01:00 GMT at 01:00 UTC. */
static void test_london_fall_back(void **state)
{
	struct schedule *s = parse("daily 01:30 Europe/London");
	SLOTS(s, utc(2026, 10, 24, 0, 0),
		utc(2026, 10, 24, 0, 30),
		utc(2026, 10, 25, 0, 30), /* the first 01:30 (BST) */
		utc(2026, 10, 26, 1, 30)); /* GMT */
	schedule_free(s);
	s = parse("daily 08:00 Europe/London");
	SLOTS(s, utc(2026, 10, 24, 9, 0), utc(2026, 10, 25, 8, 0), utc(2026, 10, 26, 8, 0));
	schedule_free(s);
}

/* Weekly across a change: a week of 7 days less (or more) an hour. */
static void test_weekly_across_dst(void **state)
{
	struct schedule *s = parse("weekly sunday 09:00 Europe/London");
	SLOTS(s, utc(2026, 3, 16, 0, 0),
		utc(2026, 3, 22, 9, 0),
		utc(2026, 3, 29, 8, 0),
		utc(2026, 4, 5, 8, 0));
	SLOTS(s, utc(2026, 10, 19, 0, 0), utc(2026, 10, 25, 9, 0), utc(2026, 11, 1, 9, 0));
	schedule_free(s);
	s = parse("weekly mon 08:00 America/New_York");
	SLOTS(s, utc(2026, 3, 1, 0, 0), utc(2026, 3, 2, 13, 0), utc(2026, 3, 9, 12, 0));
	schedule_free(s);
}

/* Istanbul has no DST: +03 all year. */
static void test_istanbul(void **state)
{
	struct schedule *s = parse("daily 08:00 Europe/Istanbul");
	SLOTS(s, utc(2026, 3, 28, 12, 0), utc(2026, 3, 29, 5, 0), utc(2026, 3, 30, 5, 0));
	SLOTS(s, utc(2026, 10, 24, 12, 0), utc(2026, 10, 25, 5, 0), utc(2026, 10, 26, 5, 0));
	schedule_free(s);
}

/* Southern hemisphere and half-hour zones. */
static void test_sydney_and_lord_howe(void **state)
{
	struct schedule *s = parse("daily 02:30 Australia/Sydney");
	/* 2026-04-05 03:00 AEDT -> 02:00 AEST: 02:30 twice, posted once */
	SLOTS(s, utc(2026, 4, 3, 12, 0), utc(2026, 4, 3, 15, 30), utc(2026, 4, 4, 15, 30), utc(2026, 4, 5, 16, 30));
	/* 2026-10-04 02:00 AEST -> 03:00 AEDT: 02:30 missing, posted at 03:00 */
	SLOTS(s, utc(2026, 10, 2, 12, 0), utc(2026, 10, 2, 16, 30), utc(2026, 10, 3, 16, 0), utc(2026, 10, 4, 15, 30));
	schedule_free(s);
	/* Lord Howe springs forward 30 minutes: 02:00 -> 02:30 */
	s = parse("daily 02:15 Australia/Lord_Howe");
	SLOTS(s, utc(2026, 10, 3, 12, 0), utc(2026, 10, 3, 15, 30), utc(2026, 10, 4, 15, 15));
	schedule_free(s);
	s = parse("daily 08:00 Asia/Kathmandu");
	SLOTS(s, utc(2026, 1, 1, 0, 0), utc(2026, 1, 1, 2, 15), utc(2026, 1, 2, 2, 15));
	schedule_free(s);
}

/* ---- slots: the calendar */

static void test_leap_day_weekly(void **state)
{
	/* 2028-02-29 is a Tuesday */
	struct schedule *s = parse("weekly tuesday 08:00 UTC");
	SLOTS(s, utc(2028, 2, 23, 0, 0), utc(2028, 2, 29, 8, 0), utc(2028, 3, 7, 8, 0));
	schedule_free(s);
}

static void test_leap_day_cron(void **state)
{
	struct schedule *s = parse("\"0 8 29 2 *\" UTC");
	SLOTS(s, utc(2026, 1, 1, 0, 0), utc(2028, 2, 29, 8, 0), utc(2032, 2, 29, 8, 0), utc(2036, 2, 29, 8, 0));
	/* 2100 is not a leap year */
	SLOTS(s, utc(2097, 1, 1, 0, 0), utc(2104, 2, 29, 8, 0));
	schedule_free(s);
}

static void test_day_31_skips_short_months(void **state)
{
	struct schedule *s = parse("\"0 9 31 * *\" Europe/London");
	SLOTS(s, utc(2026, 1, 1, 0, 0),
		utc(2026, 1, 31, 9, 0), utc(2026, 3, 31, 8, 0), utc(2026, 5, 31, 8, 0),
		utc(2026, 7, 31, 8, 0), utc(2026, 8, 31, 8, 0), utc(2026, 10, 31, 9, 0),
		utc(2026, 12, 31, 9, 0), utc(2027, 1, 31, 9, 0));
	schedule_free(s);
}

static void test_month_end_rollover(void **state)
{
	struct schedule *s = parse("daily 08:00 UTC");
	SLOTS(s, utc(2026, 4, 30, 9, 0), utc(2026, 5, 1, 8, 0));
	SLOTS(s, utc(2026, 12, 31, 8, 0), utc(2027, 1, 1, 8, 0));
	SLOTS(s, utc(2027, 2, 28, 8, 30), utc(2027, 3, 1, 8, 0));
	schedule_free(s);
	s = parse("\"0 8 30 4 *\" UTC");
	SLOTS(s, utc(2026, 1, 1, 0, 0), utc(2026, 4, 30, 8, 0), utc(2027, 4, 30, 8, 0));
	schedule_free(s);
	s = parse("\"0 8 1 5 *\" UTC");
	SLOTS(s, utc(2026, 4, 30, 8, 0), utc(2026, 5, 1, 8, 0), utc(2027, 5, 1, 8, 0));
	schedule_free(s);
}

static void test_weekdays_skip_weekend(void **state)
{
	struct schedule *s = parse("weekdays 09:00 Europe/Berlin");
	/* 2026-03-06 is a Friday */
	SLOTS(s, utc(2026, 3, 6, 7, 0),
		utc(2026, 3, 6, 8, 0),   /* Fri */
		utc(2026, 3, 9, 8, 0),   /* Mon */
		utc(2026, 3, 10, 8, 0), utc(2026, 3, 11, 8, 0), utc(2026, 3, 12, 8, 0), utc(2026, 3, 13, 8, 0),
		utc(2026, 3, 16, 8, 0));
	schedule_free(s);
	s = parse("0 8 * * mon-fri UTC");
	SLOTS(s, utc(2026, 3, 6, 9, 0), utc(2026, 3, 9, 8, 0));
	schedule_free(s);
}

static void test_weekly_every_day_name(void **state)
{
	/* 2026-03-01 is a Sunday */
	static const char *const days[] = { "sun", "Monday", "TUE", "wednesday", "thu", "Fri", "saturday" };
	for (int d = 0; d < 7; d++) {
		char text[64];
		snprintf(text, sizeof text, "weekly %s 10:00", days[d]);
		struct schedule *s = parse(text);
		SLOTS(s, utc(2026, 2, 28, 23, 0), utc(2026, 3, 1 + d, 10, 0), utc(2026, 3, 8 + d, 10, 0));
		schedule_free(s);
	}
}

static void test_cron_sunday_is_0_and_7(void **state)
{
	struct schedule *a = parse("\"0 8 * * 0\" UTC"), *b = parse("\"0 8 * * 7\" UTC"), *c = parse("\"0 8 * * SUN\" UTC");
	for (int64_t t = utc(2026, 1, 1, 0, 0), k = 0; k < 10; k++) {
		int64_t n = schedule_next(a, t);
		assert_int_equal(n, schedule_next(b, t));
		assert_int_equal(n, schedule_next(c, t));
		assert_int_equal((n / 86400 + 4) % 7, 0);
		t = n;
	}
	schedule_free(a);
	schedule_free(b);
	schedule_free(c);
}

/* Vixie cron: both day fields restricted -> either matches. */
static void test_cron_day_fields_or(void **state)
{
	struct schedule *s = parse("\"0 8 1 * mon\" UTC");
	/* 2026-06: Mon 1st, Mon 8th, ...; 2026-07-01 is a Wednesday */
	SLOTS(s, utc(2026, 6, 20, 0, 0), utc(2026, 6, 22, 8, 0), utc(2026, 6, 29, 8, 0), utc(2026, 7, 1, 8, 0),
		utc(2026, 7, 6, 8, 0));
	schedule_free(s);
	/* a star (even "*" with a step) in one day field -> both must match */
	s = parse("\"0 8 1 * *\" UTC");
	SLOTS(s, utc(2026, 6, 20, 0, 0), utc(2026, 7, 1, 8, 0), utc(2026, 8, 1, 8, 0));
	schedule_free(s);
	s = parse("\"0 8 */10 * mon\" UTC");
	/* days 1, 11, 21, 31 that are Mondays: 2026-08-31, 2026-09-21 */
	SLOTS(s, utc(2026, 8, 1, 0, 0), utc(2026, 8, 31, 8, 0), utc(2026, 9, 21, 8, 0));
	schedule_free(s);
}

static void test_cron_steps_lists_names(void **state)
{
	struct schedule *s = parse("\"*/15 * * * *\" UTC");
	int64_t t = utc(2026, 1, 1, 0, 7);
	for (int i = 0; i < 200; i++) {
		int64_t n = schedule_next(s, t);
		assert_int_equal(n % 900, 0);
		assert_true(n > t && n - t <= 900);
		t = n;
	}
	schedule_free(s);
	s = parse("\"5/20 9-17/4 * jan,jul *\" UTC");
	SLOTS(s, utc(2026, 1, 31, 17, 50), utc(2026, 7, 1, 9, 5), utc(2026, 7, 1, 9, 25), utc(2026, 7, 1, 9, 45),
		utc(2026, 7, 1, 13, 5));
	schedule_free(s);
	s = parse("0 12 1-7 * Sat Europe/London");
	/* first Saturday... or any of days 1-7 (OR rule): every day 1-7 and every Saturday */
	SLOTS(s, utc(2026, 8, 7, 12, 0), utc(2026, 8, 8, 11, 0), utc(2026, 8, 15, 11, 0));
	schedule_free(s);
}

static void test_cron_every_minute(void **state)
{
	struct schedule *s = parse("\"* * * * *\" America/New_York");
	/* across the spring-forward gap: 01:59 EST then 03:00 EDT */
	SLOTS(s, utc(2026, 3, 8, 6, 58), utc(2026, 3, 8, 6, 59), utc(2026, 3, 8, 7, 0), utc(2026, 3, 8, 7, 1));
	/* across the fall-back: 01:59 EDT, then 02:00 EST an hour later */
	SLOTS(s, utc(2026, 11, 1, 5, 58), utc(2026, 11, 1, 5, 59), utc(2026, 11, 1, 7, 0));
	schedule_free(s);
}

/* ---- slots: catch-up and bounds */

static void test_prev_for_catch_up(void **state)
{
	struct schedule *s = parse("daily 08:00 Europe/London");
	/* down since Monday night, back up Thursday 10:00 BST: the slot to
	 * catch up is Thursday's 08:00 */
	assert_int_equal(schedule_prev(s, utc(2026, 6, 4, 9, 0)), utc(2026, 6, 4, 7, 0));
	assert_int_equal(schedule_prev(s, utc(2026, 6, 4, 6, 59)), utc(2026, 6, 3, 7, 0));
	assert_int_equal(schedule_prev(s, utc(2026, 6, 4, 7, 0)), utc(2026, 6, 4, 7, 0));
	schedule_free(s);
	s = parse("weekly friday 17:00 America/New_York");
	assert_int_equal(schedule_prev(s, utc(2026, 3, 10, 0, 0)), utc(2026, 3, 6, 22, 0));
	schedule_free(s);
	s = parse("\"0 8 29 2 *\" UTC");
	assert_int_equal(schedule_prev(s, utc(2031, 1, 1, 0, 0)), utc(2028, 2, 29, 8, 0));
	schedule_free(s);
}

/* For many instants t over two years: prev(t) <= t < next(t), nothing in
 * between, and next(prev(t)) == next(t) (no slot skipped or doubled). */
static void test_prev_next_agree(void **state)
{
	static const char *const texts[] = {
		"daily 02:30 America/New_York", "daily 01:30 America/New_York", "weekdays 01:15 Europe/London",
		"weekly sunday 02:00 Australia/Sydney", "\"*/20 0-3 * * *\" Europe/London",
		"\"0 8 31 * *\" Asia/Tokyo", "daily 00:00 America/Santiago", "\"0 1,13 * * *\" Australia/Lord_Howe",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct schedule *s = parse(texts[i]);
		for (int64_t t = utc(2026, 1, 1, 0, 0); t < utc(2028, 1, 1, 0, 0); t += 3 * 3600 + 17 * 60 + 11) {
			int64_t p = schedule_prev(s, t), n = schedule_next(s, t);
			if (!(p <= t && t < n && schedule_next(s, p) == n))
				fail_msg("%s at %lld: prev %lld next %lld next(prev) %lld", texts[i], (long long)t,
					(long long)p, (long long)n, (long long)schedule_next(s, p));
		}
		schedule_free(s);
	}
}

/* A daily slot fires exactly once on every local date, whatever the zone
 * does: walk 2026 in 30 zones. */
static void test_daily_once_per_local_day(void **state)
{
	static const char *const zones[] = {
		"America/New_York", "Europe/London", "Europe/Istanbul", "Australia/Sydney", "Australia/Lord_Howe",
		"America/Santiago", "Pacific/Chatham", "Asia/Kathmandu", "America/Havana", "Africa/Cairo",
		"America/Asuncion", "Pacific/Apia", "Asia/Tehran", "Europe/Dublin", "America/Godthab",
		"America/Scoresbysund", "Antarctica/Troll", "Asia/Gaza", "Africa/Casablanca", "Pacific/Norfolk",
		"America/Sao_Paulo", "Europe/Moscow", "Asia/Jerusalem", "America/St_Johns", "Australia/Adelaide",
		"Pacific/Auckland", "America/Los_Angeles", "Europe/Chisinau", "America/Mexico_City", "UTC",
	};
	static const char *const times[] = { "00:00", "00:30", "01:00", "01:30", "02:00", "02:30", "03:00", "23:30" };
	for (size_t zi = 0; zi < sizeof zones / sizeof zones[0]; zi++) {
		for (size_t ti = 0; ti < sizeof times / sizeof times[0]; ti++) {
			char text[96];
			snprintf(text, sizeof text, "daily %s %s", times[ti], zones[zi]);
			struct schedule *s = parse(text);
			const struct tz *z = schedule_tz(s);
			int64_t t = tz_local_to_utc(z, 2026, 1, 1, 23, 59, TZ_FOLD_EARLIER);
			int64_t day = tz_days_from_civil(2026, 1, 2);
			for (int k = 0; k < 365; k++, day++) {
				t = schedule_next(s, t);
				int y, m, d, h, mi;
				tz_utc_to_local(z, t, &y, &m, &d, &h, &mi, NULL, NULL);
				int64_t ly;
				int lm, ld;
				tz_civil_from_days(day, &ly, &lm, &ld);
				/* the slot's local date is the next date and its time the
				 * slot's or later, when the clocks skipped it; a skip to
				 * midnight (Nuuk: 23:00 -> 00:00) moves it to the next date,
				 * the clocks having read that date just before */
				bool skipped = tz_next_change(z, t - 1) == t;
				if (skipped && (y != ly || m != lm || d != ld))
					tz_utc_to_local(z, t - 1, &y, &m, &d, &h, &mi, NULL, NULL);
				if (y != ly || m != lm || d != ld ||
					(!skipped && h * 60 + mi != atoi(times[ti]) * 60 + atoi(times[ti] + 3)))
					fail_msg("%s: slot %d at %04d-%02d-%02d %02d:%02d, want date %04lld-%02d-%02d",
						text, k, y, m, d, h, mi, (long long)ly, lm, ld);
			}
			schedule_free(s);
		}
	}
}

static void test_bounds(void **state)
{
	struct schedule *s = parse("daily 08:00 UTC");
	assert_true(schedule_next(s, utc(9999, 12, 31, 9, 0)) == SCHEDULE_NONE);
	assert_int_equal(schedule_next(s, utc(9999, 12, 30, 9, 0)), utc(9999, 12, 31, 8, 0));
	assert_true(schedule_prev(s, utc(1, 1, 1, 7, 0)) == SCHEDULE_NONE);
	assert_true(schedule_next(s, INT64_MAX) == SCHEDULE_NONE);
	assert_true(schedule_prev(s, INT64_MIN) == SCHEDULE_NONE);
	schedule_free(s);
}

static void test_shared_zones(void **state)
{
	struct tz_cache *zones = tz_cache_new(NULL);
	struct schedule *a, *b, *c;
	struct strbuf err = { 0 };
	assert_int_equal(schedule_parse_cached("daily 08:00 Europe/London", NULL, zones, &a, &err), 0);
	assert_int_equal(schedule_parse_cached("weekly mon europe/london", NULL, zones, &b, &err), 0);
	assert_int_equal(schedule_parse_cached("\"0 8 * * *\" Asia/Tokyo", NULL, zones, &c, &err), 0);
	assert_ptr_equal(schedule_tz(a), schedule_tz(b));
	assert_int_equal(tz_cache_count(zones), 2);
	struct schedule *bad = c;
	assert_int_equal(schedule_parse_cached("Europe/Londn", NULL, zones, &bad, &err), BB_EINVAL);
	assert_null(bad);
	schedule_free(c);
	tz_cache_free(zones);
	/* the schedules keep their zones */
	assert_int_equal(schedule_next(a, utc(2026, 7, 1, 0, 0)), utc(2026, 7, 1, 7, 0));
	schedule_free(a);
	schedule_free(b);
	strbuf_free(&err);
}

static void test_time_formats(void **state)
{
	static const char *const cases[][2] = {
		{ "12:30am", "daily 00:30 UTC" }, { "12:30pm", "daily 12:30 UTC" }, { "1:05AM", "daily 01:05 UTC" },
		{ "11pm", "daily 23:00 UTC" }, { "8 pm", "daily 20:00 UTC" }, { "0:00", "daily 00:00 UTC" },
		{ "7:09", "daily 07:09 UTC" }, { "23:59", "daily 23:59 UTC" }, { "00:00", "daily 00:00 UTC" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct schedule *s = parse(cases[i][0]);
		assert_string_equal(schedule_text(s), cases[i][1]);
		schedule_free(s);
	}
}

/* Every kind x many times x zones: text() parses back to itself and the
 * same slots. */
static void test_text_round_trip_many(void **state)
{
	static const char *const whens[] = { "daily", "weekdays", "weekly wed", "sunday" };
	static const char *const zones[] = { "UTC", "Europe/London", "America/New_York", "Asia/Kathmandu", "Pacific/Chatham" };
	int n = 0;
	for (size_t w = 0; w < 4; w++)
		for (int h = 0; h < 24; h += 5)
			for (size_t z = 0; z < 5; z++) {
				char text[96];
				snprintf(text, sizeof text, "%s %d:%02d %s", whens[w], h, (h * 7) % 60, zones[z]);
				struct schedule *s = parse(text), *again = parse(schedule_text(s));
				assert_string_equal(schedule_text(again), schedule_text(s));
				int64_t t = utc(2026, 3, 1, 0, 0);
				for (int k = 0; k < 10; k++) {
					int64_t a = schedule_next(s, t);
					assert_int_equal(a, schedule_next(again, t));
					assert_true(a > t);
					t = a;
				}
				schedule_free(again);
				schedule_free(s);
				n++;
			}
	assert_int_equal(n, 100);
}

/* Weekly on the US fall-back Sunday at 01:30: once, the first 01:30. */
static void test_weekly_on_fall_back_day(void **state)
{
	struct schedule *s = parse("weekly sunday 01:30 America/New_York");
	SLOTS(s, utc(2026, 10, 26, 0, 0), utc(2026, 11, 1, 5, 30), utc(2026, 11, 8, 6, 30));
	schedule_free(s);
	/* and on spring-forward Sunday at 02:00: at 03:00 EDT */
	s = parse("weekly sunday 02:00 America/New_York");
	SLOTS(s, utc(2026, 3, 2, 0, 0), utc(2026, 3, 8, 7, 0), utc(2026, 3, 15, 6, 0));
	schedule_free(s);
}

static void test_cron_weekend_and_month_names(void **state)
{
	struct schedule *s = parse("\"0 10 * * sat,sun\" Europe/Istanbul");
	/* 2026-03-07 is a Saturday */
	SLOTS(s, utc(2026, 3, 6, 0, 0), utc(2026, 3, 7, 7, 0), utc(2026, 3, 8, 7, 0), utc(2026, 3, 14, 7, 0));
	schedule_free(s);
	s = parse("\"0 0 1 jan-mar/2,DEC *\" UTC");
	SLOTS(s, utc(2026, 1, 1, 0, 0), utc(2026, 3, 1, 0, 0), utc(2026, 12, 1, 0, 0), utc(2027, 1, 1, 0, 0));
	schedule_free(s);
}

/* Slots stay in order and strictly increasing for a spread of crons over
 * every zone change of 2026 in New York and Sydney. */
static void test_cron_strictly_increasing(void **state)
{
	static const char *const texts[] = {
		"\"*/7 * * * *\" America/New_York", "\"59 1,2,3 * * *\" America/New_York",
		"\"0-5 2 * * 0\" America/New_York", "\"*/13 1-3 * * *\" Australia/Sydney",
		"\"30 2 1-10 * *\" Australia/Lord_Howe",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct schedule *s = parse(texts[i]);
		int64_t t = utc(2026, 1, 1, 0, 0), end = utc(2027, 1, 1, 0, 0);
		int steps = 0;
		while (t < end && steps < 200000) {
			int64_t n = schedule_next(s, t);
			assert_true(n > t);
			assert_int_equal(schedule_prev(s, n - 1) < n, 1);
			t = n;
			steps++;
		}
		assert_true(t >= end);
		schedule_free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_defaults),
		cmocka_unit_test(test_defaults_from_config),
		cmocka_unit_test(test_cron_default),
		cmocka_unit_test(test_bad_defaults_name_the_config),
		cmocka_unit_test(test_canonical_forms),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_error_unknown_zone_suggests),
		cmocka_unit_test(test_error_unknown_zone_without_suggestion),
		cmocka_unit_test(test_error_time_of_day),
		cmocka_unit_test(test_error_cron_fields),
		cmocka_unit_test(test_error_cron_shape),
		cmocka_unit_test(test_error_structure),
		cmocka_unit_test(test_error_bad_zoneinfo_dir),
		cmocka_unit_test(test_new_york_spring_forward),
		cmocka_unit_test(test_new_york_fall_back),
		cmocka_unit_test(test_new_york_fall_back_cron),
		cmocka_unit_test(test_new_york_spring_forward_cron),
		cmocka_unit_test(test_london_spring_forward),
		cmocka_unit_test(test_london_fall_back),
		cmocka_unit_test(test_weekly_across_dst),
		cmocka_unit_test(test_istanbul),
		cmocka_unit_test(test_sydney_and_lord_howe),
		cmocka_unit_test(test_leap_day_weekly),
		cmocka_unit_test(test_leap_day_cron),
		cmocka_unit_test(test_day_31_skips_short_months),
		cmocka_unit_test(test_month_end_rollover),
		cmocka_unit_test(test_weekdays_skip_weekend),
		cmocka_unit_test(test_weekly_every_day_name),
		cmocka_unit_test(test_cron_sunday_is_0_and_7),
		cmocka_unit_test(test_cron_day_fields_or),
		cmocka_unit_test(test_cron_steps_lists_names),
		cmocka_unit_test(test_cron_every_minute),
		cmocka_unit_test(test_prev_for_catch_up),
		cmocka_unit_test(test_prev_next_agree),
		cmocka_unit_test(test_daily_once_per_local_day),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_shared_zones),
		cmocka_unit_test(test_time_formats),
		cmocka_unit_test(test_text_round_trip_many),
		cmocka_unit_test(test_weekly_on_fall_back_day),
		cmocka_unit_test(test_cron_weekend_and_month_names),
		cmocka_unit_test(test_cron_strictly_increasing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
