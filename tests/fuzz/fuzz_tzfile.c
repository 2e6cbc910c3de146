/* Feeds arbitrary bytes to the TZif parser; whatever it accepts is then
 * asked for offsets, abbreviations, changes and local times, checking that
 * the answers hang together. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bot/digest/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = { 0 };
	struct tz *z = tz_parse("Fuzz/Zone", data, size, &err);
	if (!z) {
		if (err.len == 0)
			abort(); /* a refusal always says why */
		strbuf_free(&err);
		return 0;
	}
	/* instants: fixed ones, and ones taken from the input's tail */
	int64_t at[12] = { 0, -1, INT64_MIN, INT64_MAX, INT64_C(1772953200), INT64_C(-2208988800),
		INT64_C(4102444800), INT64_C(253402300799) };
	for (int i = 8; i < 12; i++) {
		uint64_t v = 0;
		for (int k = 0; k < 8; k++) {
			size_t ix = size - 1 - (size_t)((i - 8) * 8 + k) % size;
			v = v << 8 | data[ix];
		}
		at[i] = (int64_t)(v % UINT64_C(600000000000)) - INT64_C(300000000000);
	}
	for (int i = 0; i < 12; i++) {
		int32_t off = tz_offset_at(z, at[i]);
		if (off < -26 * 3600 || off > 26 * 3600)
			abort();
		if (!tz_abbrev_at(z, at[i]))
			abort();
		int64_t t = at[i];
		for (int k = 0; k < 4 && t != INT64_MAX; k++) {
			int64_t c = tz_next_change(z, t);
			if (c <= t)
				abort();
			if (c != INT64_MAX && tz_offset_at(z, c) == tz_offset_at(z, c - 1))
				abort();
			t = c;
		}
		int y, m, d, h, mi, s, wd;
		tz_utc_to_local(z, at[i], &y, &m, &d, &h, &mi, &s, &wd);
		int64_t e = tz_local_to_utc(z, y, m, d, h, mi, TZ_FOLD_EARLIER);
		int64_t l = tz_local_to_utc(z, y, m, d, h, mi, TZ_FOLD_LATER);
		if (y >= 1 && y <= 9999 && (e == INT64_MIN || e > l))
			abort();
	}
	tz_free(z);
	strbuf_free(&err);
	return 0;
}
