/* Parses any text as a digest schedule (zones from the system tzdata).
 * When it parses: the canonical text parses back to itself, the next slots
 * strictly increase, and each is its own latest slot. A refusal always
 * says why in one line, in valid UTF-8 when the text was. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bot/digest/schedule.h"
#include "common/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[SCHEDULE_TEXT_MAX + 64];
	if (size >= sizeof text)
		size = sizeof text - 1;
	memcpy(text, data, size);
	text[size] = '\0';
	/* One cache for the whole run, as the bot keeps one: zones and the
	 * names for suggestions are read once. */
	static struct tz_cache *zones;
	if (!zones)
		zones = tz_cache_new(NULL);
	if (!zones)
		return 0;
	struct schedule *s = NULL, *again = NULL;
	struct strbuf err = { 0 };
	const struct schedule_defaults d = { "weekdays", "07:30", "Europe/London" };
	if (schedule_parse_cached(text, &d, zones, &s, &err) != 0) {
		if (err.len == 0 || strchr(strbuf_str(&err), '\n') || s)
			abort();
		/* valid UTF-8 in, valid UTF-8 out (the message quotes the input) */
		if (utf8_valid(text, strlen(text)) && !utf8_valid(err.buf, err.len))
			abort();
		goto out;
	}
	if (schedule_parse_cached(schedule_text(s), NULL, zones, &again, &err) != 0 ||
		strcmp(schedule_text(s), schedule_text(again)) != 0)
		abort();
	/* from 2026-03-07 (a weekend with a DST change in the US the day after) */
	int64_t t = INT64_C(1772841600);
	for (int i = 0; i < 6; i++) {
		int64_t n = schedule_next(s, t);
		if (n == SCHEDULE_NONE)
			break;
		if (n <= t || schedule_prev(s, n) != n || schedule_prev(s, n - 1) >= n ||
			schedule_next(again, t) != n)
			abort();
		t = n;
	}
	struct strbuf desc = { 0 };
	schedule_describe(s, &desc);
	strbuf_free(&desc);
out:
	schedule_free(s);
	schedule_free(again);
	strbuf_free(&err);
	return 0;
}
