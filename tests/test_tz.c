#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "bot/digest/tz.h"
#include "common/error.h"

/* UTC instant of a calendar time, from glibc (no TZ involved). */
static int64_t utc(int y, int mon, int d, int h, int mi, int s)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mon - 1, .tm_mday = d,
		.tm_hour = h, .tm_min = mi, .tm_sec = s };
	return (int64_t)timegm(&tm);
}

static struct tz *load(const char *name)
{
	struct strbuf err = { 0 };
	struct tz *z = tz_load(name, NULL, &err);
	if (!z)
		fail_msg("%s: %s", name, strbuf_str(&err));
	strbuf_free(&err);
	return z;
}

/* What zdump -v -c 2026,2027 America/New_York prints. */
static void test_new_york_2026(void **state)
{
	struct tz *z = load("America/New_York");
	assert_string_equal(tz_name(z), "America/New_York");
	int64_t spring = utc(2026, 3, 8, 7, 0, 0), fall = utc(2026, 11, 1, 6, 0, 0);
	assert_int_equal(tz_offset_at(z, spring - 1), -18000);
	assert_string_equal(tz_abbrev_at(z, spring - 1), "EST");
	assert_int_equal(tz_offset_at(z, spring), -14400);
	assert_string_equal(tz_abbrev_at(z, spring), "EDT");
	assert_int_equal(tz_offset_at(z, fall - 1), -14400);
	assert_int_equal(tz_offset_at(z, fall), -18000);
	assert_int_equal(tz_next_change(z, utc(2026, 1, 1, 0, 0, 0)), spring);
	assert_int_equal(tz_next_change(z, spring - 1), spring);
	assert_int_equal(tz_next_change(z, spring), fall);
	/* far past the table: the footer's rule (2100-03-14, second Sunday) */
	assert_int_equal(tz_next_change(z, utc(2100, 1, 1, 0, 0, 0)), utc(2100, 3, 14, 7, 0, 0));
	tz_free(z);
}

static void test_london_2026(void **state)
{
	struct tz *z = load("Europe/London");
	int64_t spring = utc(2026, 3, 29, 1, 0, 0), fall = utc(2026, 10, 25, 1, 0, 0);
	assert_int_equal(tz_offset_at(z, spring - 1), 0);
	assert_string_equal(tz_abbrev_at(z, spring - 1), "GMT");
	assert_int_equal(tz_offset_at(z, spring), 3600);
	assert_string_equal(tz_abbrev_at(z, spring), "BST");
	assert_int_equal(tz_offset_at(z, fall - 1), 3600);
	assert_int_equal(tz_offset_at(z, fall), 0);
	assert_int_equal(tz_next_change(z, spring), fall);
	tz_free(z);
}

/* Istanbul keeps +03 all year since 2016: no change ahead. */
static void test_istanbul_no_dst(void **state)
{
	struct tz *z = load("Europe/Istanbul");
	for (int m = 1; m <= 12; m++)
		assert_int_equal(tz_offset_at(z, utc(2026, m, 15, 12, 0, 0)), 3 * 3600);
	assert_string_equal(tz_abbrev_at(z, utc(2026, 7, 1, 0, 0, 0)), "+03");
	assert_int_equal(tz_next_change(z, utc(2026, 1, 1, 0, 0, 0)), INT64_MAX);
	assert_int_equal(tz_local_to_utc(z, 2026, 6, 1, 8, 0, TZ_FOLD_EARLIER), utc(2026, 6, 1, 5, 0, 0));
	tz_free(z);
}

static void test_local_to_utc_gap_and_fold(void **state)
{
	struct tz *z = load("America/New_York");
	/* 02:30 does not exist on 2026-03-08: the clocks read 03:00 EDT */
	int64_t spring = utc(2026, 3, 8, 7, 0, 0);
	assert_int_equal(tz_local_to_utc(z, 2026, 3, 8, 2, 30, TZ_FOLD_EARLIER), spring);
	assert_int_equal(tz_local_to_utc(z, 2026, 3, 8, 2, 0, TZ_FOLD_LATER), spring);
	assert_int_equal(tz_local_to_utc(z, 2026, 3, 8, 1, 59, TZ_FOLD_EARLIER), spring - 60);
	assert_int_equal(tz_local_to_utc(z, 2026, 3, 8, 3, 0, TZ_FOLD_EARLIER), spring);
	/* 01:30 happens twice on 2026-11-01: 05:30 UTC (EDT), 06:30 UTC (EST) */
	assert_int_equal(tz_local_to_utc(z, 2026, 11, 1, 1, 30, TZ_FOLD_EARLIER), utc(2026, 11, 1, 5, 30, 0));
	assert_int_equal(tz_local_to_utc(z, 2026, 11, 1, 1, 30, TZ_FOLD_LATER), utc(2026, 11, 1, 6, 30, 0));
	assert_int_equal(tz_local_to_utc(z, 2026, 11, 1, 2, 0, TZ_FOLD_EARLIER), utc(2026, 11, 1, 7, 0, 0));
	/* days past the month's end roll over; years outside 1..9999 fail */
	assert_int_equal(tz_local_to_utc(z, 2026, 4, 31, 12, 0, TZ_FOLD_EARLIER), utc(2026, 5, 1, 16, 0, 0));
	assert_int_equal(tz_local_to_utc(z, 2026, 13, 1, 12, 0, TZ_FOLD_EARLIER), utc(2027, 1, 1, 17, 0, 0));
	assert_true(tz_local_to_utc(z, 10000, 1, 1, 0, 0, TZ_FOLD_EARLIER) == INT64_MIN);
	assert_true(tz_local_to_utc(z, 0, 12, 31, 0, 0, TZ_FOLD_EARLIER) == INT64_MIN);
	tz_free(z);
}

/* Lord Howe moves its clocks by 30 minutes; Sydney's DST spans New Year. */
static void test_southern_and_half_hour(void **state)
{
	struct tz *lh = load("Australia/Lord_Howe");
	assert_int_equal(tz_local_to_utc(lh, 2026, 10, 4, 2, 15, TZ_FOLD_EARLIER), utc(2026, 10, 3, 15, 30, 0));
	assert_int_equal(tz_offset_at(lh, utc(2026, 10, 3, 15, 30, 0)), 39600);
	assert_int_equal(tz_offset_at(lh, utc(2026, 10, 3, 15, 29, 59)), 37800);
	tz_free(lh);
	struct tz *syd = load("Australia/Sydney");
	assert_int_equal(tz_offset_at(syd, utc(2027, 1, 1, 0, 0, 0)), 39600);
	assert_int_equal(tz_offset_at(syd, utc(2026, 7, 1, 0, 0, 0)), 36000);
	assert_int_equal(tz_local_to_utc(syd, 2026, 4, 5, 2, 30, TZ_FOLD_EARLIER), utc(2026, 4, 4, 15, 30, 0));
	assert_int_equal(tz_local_to_utc(syd, 2026, 4, 5, 2, 30, TZ_FOLD_LATER), utc(2026, 4, 4, 16, 30, 0));
	tz_free(syd);
	struct tz *ktm = load("Asia/Kathmandu");
	assert_int_equal(tz_offset_at(ktm, utc(2026, 1, 1, 0, 0, 0)), 5 * 3600 + 45 * 60);
	tz_free(ktm);
}

static void test_utc_to_local(void **state)
{
	struct tz *z = load("Europe/London");
	int y, m, d, h, mi, s, wd;
	tz_utc_to_local(z, utc(2026, 7, 4, 23, 30, 15), &y, &m, &d, &h, &mi, &s, &wd);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 7);
	assert_int_equal(d, 5);
	assert_int_equal(h, 0);
	assert_int_equal(mi, 30);
	assert_int_equal(s, 15);
	assert_int_equal(wd, 0); /* Sunday */
	tz_utc_to_local(z, utc(1969, 12, 31, 23, 59, 59), &y, &m, &d, &h, &mi, &s, &wd);
	assert_int_equal(y, 1970); /* London kept +01 all year in 1968-1971 */
	assert_int_equal(h, 0);
	tz_utc_to_local(z, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	tz_free(z);
}

static void test_calendar(void **state)
{
	assert_int_equal(tz_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(tz_days_from_civil(2028, 2, 29) * 86400, utc(2028, 2, 29, 0, 0, 0));
	assert_int_equal(tz_days_from_civil(1900, 3, 1) * 86400, utc(1900, 3, 1, 0, 0, 0));
	int64_t y;
	int m, d;
	tz_civil_from_days(tz_days_from_civil(2000, 2, 29), &y, &m, &d);
	assert_true(y == 2000 && m == 2 && d == 29);
	assert_int_equal(tz_days_in_month(2028, 2), 29);
	assert_int_equal(tz_days_in_month(2100, 2), 28);
	assert_int_equal(tz_days_in_month(2000, 2), 29);
	assert_int_equal(tz_days_in_month(2026, 4), 30);
	assert_int_equal(tz_weekday(0), 4);                               /* Thursday */
	assert_int_equal(tz_weekday(tz_days_from_civil(2028, 2, 29)), 2); /* Tuesday */
	assert_int_equal(tz_weekday(-1), 3);
}

static void test_name_validation(void **state)
{
	const char *good[] = { "Europe/London", "EST5EDT", "Etc/GMT+3", "Etc/GMT-14", "UTC",
		"America/Argentina/Buenos_Aires", "America/Port-au-Prince" };
	const char *bad[] = { "", "../etc/passwd", "/etc/passwd", "Europe/../../etc/passwd", "Europe//London",
		"Europe/London/", "Europe/London ", "Europe/./London", "..", ".", "a;b", "Europe\\London",
		"localtime", "Europe/Lon%don",
		"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(tz_name_valid(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct strbuf err = { 0 };
		assert_false(tz_name_valid(bad[i]));
		assert_null(tz_load(bad[i], NULL, &err));
		assert_non_null(strstr(strbuf_str(&err), "is not a time zone name"));
		strbuf_free(&err);
	}
}

static void test_load_errors(void **state)
{
	struct strbuf err = { 0 };
	assert_null(tz_load("Mars/Olympus_Mons", NULL, &err));
	assert_string_equal(strbuf_str(&err), "unknown time zone \"Mars/Olympus_Mons\"");
	strbuf_free(&err);
	/* a directory is not a zone */
	assert_null(tz_load("Europe", NULL, &err));
	assert_string_equal(strbuf_str(&err), "unknown time zone \"Europe\"");
	strbuf_free(&err);
	/* a text file in the zoneinfo tree is not either */
	assert_null(tz_load("leapseconds", NULL, &err));
	assert_string_equal(strbuf_str(&err), "time zone \"leapseconds\": not a TZif file");
	strbuf_free(&err);
	assert_false(tz_exists("Mars/Olympus_Mons", NULL));
	assert_false(tz_exists("Europe", NULL));
	assert_true(tz_exists("Europe/London", NULL));
	tz_free(NULL);
}

/* ---- synthetic TZif files */

struct ttype {
	int32_t off;
	uint8_t isdst, abbr;
};

static size_t put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return 4;
}

static size_t head(uint8_t *p, char version, uint32_t timecnt, uint32_t typecnt, uint32_t charcnt, uint32_t leapcnt)
{
	memset(p, 0, 44);
	memcpy(p, "TZif", 4);
	p[4] = (uint8_t)version;
	put32(p + 28, leapcnt);
	put32(p + 32, timecnt);
	put32(p + 36, typecnt);
	put32(p + 40, charcnt);
	return 44;
}

/* A v2 file (minimal v1 block) with the given v2 data and footer (NULL:
 * v1 only, the data then in the v1 block). */
static size_t build(uint8_t *out, const int64_t *trans, const uint8_t *idx, size_t nt,
	const struct ttype *types, size_t ntypes, const char *abbrs, size_t charcnt, const char *footer)
{
	uint8_t *p = out;
	if (footer) {
		p += head(p, '2', 0, 1, 1, 0);
		p += put32(p, 0);
		*p++ = 0;
		*p++ = 0;
		*p++ = 0; /* the v1 block: one type, one abbreviation byte */
	}
	p += head(p, footer ? '2' : '\0', (uint32_t)nt, (uint32_t)ntypes, (uint32_t)charcnt, 0);
	for (size_t i = 0; i < nt; i++) {
		if (footer) {
			p += put32(p, (uint32_t)((uint64_t)trans[i] >> 32));
			p += put32(p, (uint32_t)trans[i]);
		} else {
			p += put32(p, (uint32_t)trans[i]);
		}
	}
	if (nt > 0) /* idx may be NULL when there are no transitions */
		memcpy(p, idx, nt);
	p += nt;
	for (size_t i = 0; i < ntypes; i++) {
		p += put32(p, (uint32_t)types[i].off);
		*p++ = types[i].isdst;
		*p++ = types[i].abbr;
	}
	if (charcnt > 0)
		memcpy(p, abbrs, charcnt);
	p += charcnt;
	if (footer) {
		*p++ = '\n';
		memcpy(p, footer, strlen(footer));
		p += strlen(footer);
		*p++ = '\n';
	}
	return (size_t)(p - out);
}

static struct tz *footer_zone(const char *footer)
{
	uint8_t buf[512];
	struct ttype t = { 0, 0, 0 };
	size_t n = build(buf, NULL, NULL, 0, &t, 1, "UTC", 4, footer);
	struct strbuf err = { 0 };
	struct tz *z = tz_parse("Test/Zone", buf, n, &err);
	if (!z)
		fail_msg("%s: %s", footer, strbuf_str(&err));
	strbuf_free(&err);
	return z;
}

static void test_footer_rules(void **state)
{
	/* No transitions at all: everything from the footer. */
	struct tz *z = footer_zone("EST5EDT,M3.2.0,M11.1.0");
	assert_int_equal(tz_offset_at(z, utc(2026, 3, 8, 6, 59, 59)), -18000);
	assert_int_equal(tz_offset_at(z, utc(2026, 3, 8, 7, 0, 0)), -14400);
	assert_string_equal(tz_abbrev_at(z, utc(2026, 7, 1, 0, 0, 0)), "EDT");
	tz_free(z);
	/* DST with no rules: the US rules, as glibc and tzcode */
	z = footer_zone("EST5EDT");
	assert_int_equal(tz_offset_at(z, utc(2026, 3, 8, 7, 0, 0)), -14400);
	tz_free(z);
	/* Southern hemisphere, DST across New Year, a "/3" change time */
	z = footer_zone("AEST-10AEDT,M10.1.0,M4.1.0/3");
	assert_int_equal(tz_offset_at(z, utc(2027, 1, 1, 0, 0, 0)), 39600);
	assert_int_equal(tz_offset_at(z, utc(2026, 4, 4, 15, 59, 59)), 39600);
	assert_int_equal(tz_offset_at(z, utc(2026, 4, 4, 16, 0, 0)), 36000);
	tz_free(z);
	/* Julian days (J60 is 1 March even in leap years), zero-based days,
	 * negative and > 24 h change times (RFC 8536 extension) */
	z = footer_zone("<+03>-3<+04>,J60/0,300/-1");
	assert_int_equal(tz_offset_at(z, utc(2028, 2, 29, 20, 59, 59)), 3 * 3600);
	assert_int_equal(tz_offset_at(z, utc(2028, 2, 29, 21, 0, 0)), 4 * 3600);
	assert_string_equal(tz_abbrev_at(z, utc(2028, 6, 1, 0, 0, 0)), "+04");
	/* day 300 of 2028 (0-based) is 27 October; -1:00 local DST = 26 Oct 19:00 UTC */
	assert_int_equal(tz_offset_at(z, utc(2028, 10, 26, 18, 59, 59)), 4 * 3600);
	assert_int_equal(tz_offset_at(z, utc(2028, 10, 26, 19, 0, 0)), 3 * 3600);
	tz_free(z);
	/* DST all year (the RFC's example): never changes */
	z = footer_zone("EST5EDT,0/0,J365/25");
	for (int y = 2025; y <= 2030; y++) {
		assert_int_equal(tz_offset_at(z, utc(y, 1, 1, 5, 0, 0)), -14400);
		assert_int_equal(tz_offset_at(z, utc(y, 12, 31, 23, 0, 0)), -14400);
	}
	assert_int_equal(tz_next_change(z, utc(2026, 1, 1, 0, 0, 0)), INT64_MAX);
	tz_free(z);
	/* Fixed offsets with minutes and seconds; empty footer = last type */
	z = footer_zone("<+0545>-5:45");
	assert_int_equal(tz_offset_at(z, 0), 5 * 3600 + 45 * 60);
	tz_free(z);
	z = footer_zone("");
	assert_int_equal(tz_offset_at(z, 0), 0);
	assert_string_equal(tz_abbrev_at(z, 0), "UTC");
	tz_free(z);
}

/* A v1 file: the table alone; the last type holds for ever. */
static void test_v1_file(void **state)
{
	uint8_t buf[512];
	const int64_t trans[] = { 1000, 2000, 3000 };
	const uint8_t idx[] = { 1, 0, 1 };
	const struct ttype types[] = { { 3600, 0, 0 }, { 7200, 1, 4 } };
	size_t n = build(buf, trans, idx, 3, types, 2, "AAA\0BBB", 8, NULL);
	struct tz *z = tz_parse("Test/V1", buf, n, NULL);
	assert_non_null(z);
	assert_int_equal(tz_offset_at(z, 0), 3600); /* before the first: type 0 */
	assert_int_equal(tz_offset_at(z, 1000), 7200);
	assert_string_equal(tz_abbrev_at(z, 1500), "BBB");
	assert_int_equal(tz_offset_at(z, 2500), 3600);
	assert_string_equal(tz_abbrev_at(z, 2500), "AAA");
	assert_int_equal(tz_offset_at(z, INT64_C(5000000000)), 7200);
	assert_int_equal(tz_next_change(z, 0), 1000);
	assert_int_equal(tz_next_change(z, 2000), 3000);
	assert_int_equal(tz_next_change(z, 3000), INT64_MAX);
	tz_free(z);
}

static void expect_parse_error(const uint8_t *buf, size_t n, const char *why)
{
	struct strbuf err = { 0 };
	assert_null(tz_parse("Bad/Zone", buf, n, &err));
	if (!strstr(strbuf_str(&err), why))
		fail_msg("want \"%s\" in \"%s\"", why, strbuf_str(&err));
	strbuf_free(&err);
}

static void test_malformed_files(void **state)
{
	uint8_t buf[512];
	const int64_t trans[] = { 1000, 2000 };
	const uint8_t idx[] = { 1, 0 };
	const struct ttype types[] = { { 3600, 0, 0 }, { 7200, 1, 4 } };
	size_t n = build(buf, trans, idx, 2, types, 2, "AAA\0BBB", 8, "AAA-1");
	struct tz *z = tz_parse("Good/Zone", buf, n, NULL);
	assert_non_null(z);
	tz_free(z);
	/* every truncation fails cleanly */
	for (size_t k = 0; k < n - 1; k++) {
		struct strbuf err = { 0 };
		assert_null(tz_parse("Bad/Zone", buf, k, &err));
		assert_true(err.len > 0);
		strbuf_free(&err);
	}
	expect_parse_error((const uint8_t *)"hello", 5, "not a TZif file");
	uint8_t bad[512];
	memcpy(bad, buf, n);
	bad[4] = '9' - 10; /* '/': an unknown version */
	expect_parse_error(bad, n, "unknown TZif version");
	const uint8_t wrong_idx[] = { 1, 2 };
	size_t m = build(bad, trans, wrong_idx, 2, types, 2, "AAA\0BBB", 8, "AAA-1");
	expect_parse_error(bad, m, "undefined local time type");
	const int64_t backwards[] = { 2000, 1000 };
	m = build(bad, backwards, idx, 2, types, 2, "AAA\0BBB", 8, "AAA-1");
	expect_parse_error(bad, m, "out of order");
	const struct ttype far[] = { { 3600, 0, 0 }, { 27 * 3600, 1, 4 } };
	m = build(bad, trans, idx, 2, far, 2, "AAA\0BBB", 8, "AAA-1");
	expect_parse_error(bad, m, "bad local time type");
	const struct ttype abbr_out[] = { { 3600, 0, 0 }, { 7200, 1, 9 } };
	m = build(bad, trans, idx, 2, abbr_out, 2, "AAA\0BBB", 8, "AAA-1");
	expect_parse_error(bad, m, "bad local time type");
	const char *footers[] = { "AA-1", "AAA", "AAA-1BBB,M13.1.0,M1.1.0", "AAA-1BBB,M3.6.0,M10.1.0",
		"AAA-1BBB,J0,J365", "AAA-1BBB,M3.1.0/168,M10.1.0", "AAA-25", "<AAA-1", "AAA-1BBB,M3.1.0",
		"AAA-1 ", "AAA-1BBB-25:30,M3.1.0,M10.1.0" };
	for (size_t i = 0; i < sizeof footers / sizeof footers[0]; i++) {
		m = build(bad, trans, idx, 2, types, 2, "AAA\0BBB", 8, footers[i]);
		expect_parse_error(bad, m, "malformed TZ string footer");
	}
	/* no newline after the footer */
	m = build(bad, trans, idx, 2, types, 2, "AAA\0BBB", 8, "AAA-1");
	expect_parse_error(bad, m - 1, "missing TZ string footer");
	/* leap seconds (right/...) */
	m = head(bad, '\0', 0, 1, 4, 1);
	memset(bad + m, 0, 6 + 4 + 8);
	expect_parse_error(bad, m + 18, "leap seconds");
	/* no types */
	m = head(bad, '\0', 0, 0, 4, 0);
	expect_parse_error(bad, m + 4, "inconsistent TZif header");
}

/* The system's zoneinfo loads and parses in full (every zone tzdata.zi
 * names), and glibc's localtime_r, run in a child with TZ set (the child
 * keeps the TZ switching out of this process), agrees with tz_offset_at()
 * and tz_abbrev_at() on every zone every 19 days or so from 1900 to 2100,
 * and each wall-clock minute read back through tz_local_to_utc(). */
static void test_agrees_with_glibc(void **state)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *f = fopen(TZ_DEFAULT_DIR "/tzdata.zi", "r");
		if (!f)
			_exit(2);
		char line[512], name[128];
		int zones = 0, bad = 0;
		while (fgets(line, sizeof line, f) && bad < 10) {
			if (!((line[0] == 'Z' && sscanf(line + 2, "%127s", name) == 1) ||
				(line[0] == 'L' && sscanf(line + 2, "%*s %127s", name) == 1)))
				continue;
			struct tz *z = tz_load(name, NULL, NULL);
			if (!z) {
				fprintf(stderr, "cannot load %s\n", name);
				bad++;
				continue;
			}
			zones++;
			setenv("TZ", name, 1);
			tzset();
			for (int64_t t = utc(1900, 1, 1, 0, 0, 0); t < utc(2100, 1, 1, 0, 0, 0); t += 19 * 86400 + 3607) {
				time_t tt = (time_t)t;
				struct tm tm;
				localtime_r(&tt, &tm);
				int64_t back = tz_local_to_utc(z, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
					tm.tm_hour, tm.tm_min, TZ_FOLD_EARLIER);
				int64_t minute = t - tm.tm_sec;
				bool fold_ok = back == minute || (tz_local_to_utc(z, tm.tm_year + 1900, tm.tm_mon + 1,
					tm.tm_mday, tm.tm_hour, tm.tm_min, TZ_FOLD_LATER) == minute && back < minute);
				if (tm.tm_gmtoff != tz_offset_at(z, t) || strcmp(tm.tm_zone, tz_abbrev_at(z, t)) || !fold_ok) {
					fprintf(stderr, "%s at %lld: glibc %ld %s, tz %d %s\n", name, (long long)t,
						tm.tm_gmtoff, tm.tm_zone, tz_offset_at(z, t), tz_abbrev_at(z, t));
					bad++;
					break;
				}
			}
			tz_free(z);
		}
		fclose(f);
		_exit(bad == 0 && zones > 400 ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("the child %s %d", WIFEXITED(status) ? "exited with" : "died of signal",
			WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

static void test_suggest(void **state)
{
	static const char *const cases[][2] = {
		{ "europe/london", "Europe/London" },
		{ "Europe/Londn", "Europe/London" },
		{ "EUROPE/LONDON", "Europe/London" },
		{ "london", "Europe/London" },
		{ "new york", "America/New_York" },
		{ "America/New_Yrok", "America/New_York" },
		{ "utc", "UTC" },
		{ "est5edt", "EST5EDT" },
		{ "Europe/Istambul", "Europe/Istanbul" },
		{ "asia/kolkata", "Asia/Kolkata" },
	};
	char out[TZ_NAME_MAX + 1];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(tz_suggest(cases[i][0], NULL, out, sizeof out), 0);
		assert_string_equal(out, cases[i][1]);
	}
	assert_int_equal(tz_suggest("Qwxzv/Plugh", NULL, out, sizeof out), BB_ENOTFOUND);
	assert_string_equal(out, "");
	assert_int_equal(tz_suggest("", NULL, out, sizeof out), BB_ENOTFOUND);
	/* too small a buffer finds nothing rather than half a name */
	assert_int_equal(tz_suggest("Europe/Londn", NULL, out, 5), BB_ENOTFOUND);
}

/* A zoneinfo tree without tzdata.zi: names come from walking it. */
static void test_custom_dir(void **state)
{
	char dir[] = "/tmp/test_tz_XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof path, "%s/Europe", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/Europe/Paris", dir);
	uint8_t buf[512];
	struct ttype t = { 3600, 0, 0 };
	size_t n = build(buf, NULL, NULL, 0, &t, 1, "CET", 4, "CET-1CEST,M3.5.0,M10.5.0/3");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, n, f), n);
	fclose(f);
	struct strbuf err = { 0 };
	struct tz *z = tz_load("Europe/Paris", dir, &err);
	assert_non_null(z);
	assert_int_equal(tz_offset_at(z, utc(2026, 7, 1, 0, 0, 0)), 7200);
	tz_free(z);
	assert_null(tz_load("Europe/London", dir, &err));
	strbuf_free(&err);
	char out[TZ_NAME_MAX + 1];
	assert_int_equal(tz_suggest("europe/pariss", dir, out, sizeof out), 0);
	assert_string_equal(out, "Europe/Paris");
	assert_int_equal(tz_suggest("Europe/London", dir, out, sizeof out), BB_ENOTFOUND);
	unlink(path);
	snprintf(path, sizeof path, "%s/Europe", dir);
	rmdir(path);
	rmdir(dir);
}

static void test_cache_shares_zones(void **state)
{
	struct tz_cache *c = tz_cache_new(NULL);
	assert_non_null(c);
	assert_string_equal(tz_cache_dir(c), TZ_DEFAULT_DIR);
	struct strbuf err = { 0 };
	struct tz *a = tz_cache_get(c, "Europe/London", &err);
	struct tz *b = tz_cache_get(c, "Europe/London", &err);
	struct tz *ny = tz_cache_get(c, "America/New_York", &err);
	assert_non_null(a);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, ny);
	assert_int_equal(tz_cache_count(c), 2);
	assert_null(tz_cache_get(c, "Europe/Londn", &err));
	assert_string_equal(strbuf_str(&err), "unknown time zone \"Europe/Londn\"");
	assert_int_equal(tz_cache_count(c), 2);
	char out[TZ_NAME_MAX + 1];
	for (int i = 0; i < 2; i++) { /* the second from the names kept */
		assert_int_equal(tz_cache_suggest(c, "Europe/Londn", out, sizeof out), 0);
		assert_string_equal(out, "Europe/London");
	}
	assert_int_equal(tz_cache_suggest(c, "Qwxzv/Plugh", out, sizeof out), BB_ENOTFOUND);
	tz_cache_free(c);
	/* the zones outlive the cache while held */
	assert_int_equal(tz_offset_at(a, utc(2026, 7, 1, 0, 0, 0)), 3600);
	tz_free(a);
	tz_free(b);
	tz_free(ny);
	tz_cache_free(NULL);
	strbuf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_york_2026),
		cmocka_unit_test(test_london_2026),
		cmocka_unit_test(test_istanbul_no_dst),
		cmocka_unit_test(test_local_to_utc_gap_and_fold),
		cmocka_unit_test(test_southern_and_half_hour),
		cmocka_unit_test(test_utc_to_local),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_name_validation),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_footer_rules),
		cmocka_unit_test(test_v1_file),
		cmocka_unit_test(test_malformed_files),
		cmocka_unit_test(test_agrees_with_glibc),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_custom_dir),
		cmocka_unit_test(test_cache_shares_zones),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
