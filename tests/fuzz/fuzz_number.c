/* libFuzzer target: the number-phrase parser, the clock-time and age
 * readers and the date check at every token of arbitrary text. Checks: a
 * phrase lies inside the token list, starts where asked, is not empty,
 * its unit is the token after it, and its value is a number (never
 * NaN); a clock time ends after its first token starts and inside the
 * text; an age's name comes before it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/number.h"
#include "knowledge/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* text_clock_at reads the sentence as a C string, as the engines
	 * hand it one */
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct tokens t = {0};
	if (text_tokenize(s, size, &t) == 0) {
		for (size_t i = 0; i < t.n; i++) {
			size_t end;
			if (text_clock_at(s, &t, i, &end) && (end <= t.v[i].start || end > size))
				abort();
			size_t name;
			if (number_age_at(s, &t, i, &name) && name >= i)
				abort();
			struct number_phrase np;
			if (!number_parse(&t, i, &np))
				continue;
			if (np.first != i || np.count == 0 || np.first + np.count > t.n ||
			    np.unit != np.first + np.count || np.value != np.value)
				abort();
			(void)number_in_date(&t, np.first, np.first + np.count);
		}
		(void)number_exact_asked(&t);
	}
	tokens_free(&t);
	free(s);
	return 0;
}
