/* libFuzzer target: reldate_scan, reldate_format and reldate_annotate on
 * arbitrary bytes. An input that starts "YYYY-MM-DD\n" is resolved against
 * that date, any other against 2021-09-28. Checks the promises: matches lie
 * inside the text, in order, without overlap, each a real calendar date in
 * years 1..9999 that formats to a short string; annotating only inserts
 * (the text is a subsequence of the result) at most one note per match. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "knowledge/reldate.h"

#define MAX_MATCHES 256

static bool real_day(const struct reldate_date *d)
{
	char iso[16];
	if (d->year < 1 || d->year > 9999 || d->month < 1 || d->month > 12 || d->day < 1 ||
	    d->day > 31)
		return false;
	iso[0] = (char)('0' + d->year / 1000);
	iso[1] = (char)('0' + d->year / 100 % 10);
	iso[2] = (char)('0' + d->year / 10 % 10);
	iso[3] = (char)('0' + d->year % 10);
	iso[4] = '-';
	iso[5] = (char)('0' + d->month / 10);
	iso[6] = (char)('0' + d->month % 10);
	iso[7] = '-';
	iso[8] = (char)('0' + d->day / 10);
	iso[9] = (char)('0' + d->day % 10);
	iso[10] = '\0';
	struct reldate_date back;
	return reldate_parse_iso(iso, &back) == 0;
}

static bool subsequence(const char *small, size_t n, const char *big, size_t m)
{
	size_t j = 0;
	for (size_t i = 0; i < m && j < n; i++)
		if (big[i] == small[j])
			j++;
	return j == n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char date[11] = "2021-09-28";
	const char *text = (const char *)data;
	if (size >= 11 && data[10] == '\n') {
		memcpy(date, data, 10);
		struct reldate_date probe;
		if (reldate_parse_iso(date, &probe) == 0) {
			text += 11;
			size -= 11;
		} else {
			memcpy(date, "2021-09-28", 10);
		}
	}
	struct reldate_date a;
	if (reldate_parse_iso(date, &a) != 0)
		abort();

	struct reldate_match m[MAX_MATCHES];
	size_t n = reldate_scan(text, size, &a, m, MAX_MATCHES);
	size_t stored = n < MAX_MATCHES ? n : MAX_MATCHES;
	size_t end = 0;
	for (size_t i = 0; i < stored; i++) {
		if (m[i].len == 0 || m[i].start < end || m[i].start + m[i].len > size)
			abort();
		end = m[i].start + m[i].len;
		if (!real_day(&m[i].date))
			abort();
		char buf[64];
		size_t len = reldate_format(&m[i], buf, sizeof buf);
		if (len < 1 || len >= sizeof buf || strlen(buf) != len)
			abort();
	}

	/* annotate wants a C string: the text up to its first NUL */
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, text, size);
	s[size] = '\0';
	size_t slen = strlen(s);
	struct strbuf out = {0};
	int notes = reldate_annotate(s, date, &out);
	if (notes >= 0) {
		size_t found = reldate_scan(s, slen, &a, NULL, 0);
		if ((size_t)notes > found || out.len < slen || out.len > slen + (size_t)notes * 68 ||
		    !subsequence(s, slen, strbuf_str(&out), out.len))
			abort();
	}
	strbuf_free(&out);
	free(s);
	return 0;
}
